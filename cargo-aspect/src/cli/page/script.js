// cargo aspect report: the filter box. Plain script, no network, no server.
// Items (.fi) carry data-verdict (space-separated) and data-tags (lowercase,
// space-separated); a feature or the aspects of a package (.group) hide when
// none of their items is shown. Text matches an item or its group's heading.
(function () {
  "use strict";
  var text = document.getElementById("filter-text");
  var tag = document.getElementById("filter-tag");
  var verdict = document.getElementById("filter-verdict");
  var count = document.getElementById("filter-count");
  if (!text || !tag || !verdict) { return; }

  function has(list, word) {
    return (" " + (list || "") + " ").indexOf(" " + word + " ") >= 0;
  }

  function apply() {
    var q = text.value.trim().toLowerCase();
    var t = tag.value;
    var v = verdict.value;
    var shown = 0;
    var total = 0;
    var groups = document.querySelectorAll(".group");
    for (var g = 0; g < groups.length; g++) {
      var group = groups[g];
      var head = group.querySelector(".group-head");
      var headMatch = q !== "" && head !== null && head.textContent.toLowerCase().indexOf(q) >= 0;
      var items = group.querySelectorAll(".fi");
      var visible = 0;
      for (var i = 0; i < items.length; i++) {
        var item = items[i];
        var ok = (v === "" || has(item.getAttribute("data-verdict"), v)) &&
          (t === "" || has(item.getAttribute("data-tags"), t)) &&
          (q === "" || headMatch || item.textContent.toLowerCase().indexOf(q) >= 0);
        item.hidden = !ok;
        if (ok) { visible++; }
        if (item.classList.contains("counted")) {
          total++;
          if (ok) { shown++; }
        }
        var rows = item.querySelectorAll("tr[data-verdict]");
        for (var r = 0; r < rows.length; r++) {
          rows[r].hidden = v !== "" && rows[r].getAttribute("data-verdict") !== v;
        }
      }
      if (group.id !== "matrix") { group.hidden = items.length > 0 && visible === 0; }
    }
    var filtering = q !== "" || t !== "" || v !== "";
    count.textContent = filtering ? shown + " of " + total + " shown" : total + " specs and aspects";
  }

  // The filter can come with the address: report.html?q=gold&tag=@slow&verdict=failed
  var params = new URLSearchParams(window.location.search);
  function preset(control, value) {
    if (value === null) { return; }
    if (control.tagName === "SELECT") {
      for (var o = 0; o < control.options.length; o++) {
        if (control.options[o].value === value.toLowerCase()) { control.value = control.options[o].value; }
      }
    } else {
      control.value = value;
    }
  }
  preset(text, params.get("q"));
  preset(tag, params.get("tag"));
  preset(verdict, params.get("verdict"));

  text.addEventListener("input", apply);
  tag.addEventListener("change", apply);
  verdict.addEventListener("change", apply);
  // Clicking a verdict count in the summary filters by it.
  var counts = document.querySelectorAll(".summary .count");
  for (var c = 0; c < counts.length; c++) {
    counts[c].addEventListener("click", function (e) {
      var status = e.currentTarget.getAttribute("data-status");
      verdict.value = verdict.value === status ? "" : status;
      apply();
    });
  }
  apply();
})();
