//! The page around the specs and aspects: the summary bar with the run's
//! commit and time, the filter box, the contents, the traceability matrix and
//! the gaps (`gaps.rs`), with the stylesheet and script inlined.
//!
//! This module exists so the page is one file that opens anywhere, from disk,
//! with no server and no network: `style.css` and `script.js` are compiled in
//! with `include_str!` and written inline. It must not count anything the
//! events do not say: the counts are [`crate::cli::reporter::summarize`]'s.

use std::fmt::Write as _;

use super::aspects::aspect;
use super::gaps::gaps;
use super::gherkin::feature;
use super::input::Input;
use super::markup::{esc, tag_data, Shown};
use super::model::{aspect_anchor, trial_anchor, Model, Trial};
use crate::event::{Status, Summary};

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// The whole document.
pub(crate) fn page(model: &Model<'_>, input: &Input<'_>, probe: &str) -> String {
    let nonce = nonce();
    let mut out = String::with_capacity(64 * 1024);
    let title = if input.run.title.is_empty() {
        "specs and aspects"
    } else {
        input.run.title.as_str()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'\">\
         <title>{} · cargo aspect report</title><style>{STYLE}</style></head><body>",
        esc(title)
    );
    header(&mut out, model, input, title);
    out.push_str("<div class=\"layout\">");
    contents(&mut out, model);
    out.push_str("<main>");
    for error in &input.run.errors {
        let _ = write!(
            out,
            "<div class=\"could-not-judge\"><b>could not judge</b><pre>{}</pre></div>",
            esc(error)
        );
    }
    for package in &model.packages {
        let _ = write!(
            out,
            "<section class=\"package\"><h2 class=\"package-name\">{}</h2>",
            esc(package.name)
        );
        if let Some(error) = package.error {
            let _ = write!(out, "<pre class=\"error\">{}</pre>", esc(error));
        }
        if !package.features.is_empty() {
            out.push_str("<h2 class=\"part\">Specs</h2>");
            for f in &package.features {
                out.push_str(&feature(f, package.name, input.locations));
            }
        }
        if !package.aspects.is_empty() {
            out.push_str("<h2 class=\"part\">Aspects</h2><section class=\"group aspects\"><div class=\"group-head\"></div>");
            for a in &package.aspects {
                out.push_str(&aspect(a, package.name, input.locations));
            }
            out.push_str("</section>");
        }
        out.push_str("</section>");
    }
    matrix(&mut out, model, input);
    gaps(&mut out, model, input);
    out.push_str(probe);
    out.push_str(
        "<footer>Written by <code>cargo aspect report</code>. Every verdict on this page comes from \
         the run's events; a spec or aspect without one is shown as <i>not run</i>.</footer>",
    );
    out.push_str("</main></div>");
    let _ = writeln!(
        out,
        "<script nonce=\"{nonce}\">{SCRIPT}</script></body></html>"
    );
    out
}

/// A fresh value for the Content-Security-Policy: only the page's own script
/// carries it, so no other script could run even if some text were not escaped.
fn nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}

fn header(out: &mut String, model: &Model<'_>, input: &Input<'_>, title: &str) {
    let run = input.run;
    let mut facts = Vec::new();
    if let Some(commit) = &run.commit {
        facts.push(format!("commit <code>{}</code>", esc(commit)));
    }
    if let Some(time) = &run.time {
        facts.push(format!("run <time>{}</time>", esc(time)));
    }
    if !run.source.is_empty() {
        facts.push(esc(&run.source));
    }
    let totals = &model.totals;
    let (banner_class, banner) = if !run.errors.is_empty() {
        ("failed", "could not judge everything".to_owned())
    } else if totals.total.failed > 0 {
        ("failed", format!("{} failed", totals.total.failed))
    } else if totals.judged_nothing() {
        ("not-run", "nothing was judged".to_owned())
    } else {
        ("passed", "all evidence holds".to_owned())
    };
    let _ = write!(
        out,
        "<header class=\"top\"><div class=\"titles\"><div class=\"brand\">cargo aspect report</div><h1>{}</h1><div class=\"run\">{}</div></div>\
         <div class=\"banner v-{banner_class}\" id=\"banner\">{banner}</div><div class=\"summary\">",
        esc(title),
        facts.join(" · ")
    );
    summary(out, "summary-specs", "Specs", &totals.specs);
    summary(out, "summary-aspects", "Aspects", &totals.aspects);
    summary(out, "summary-total", "Total", &totals.total);
    out.push_str("</div><div class=\"filter\" role=\"search\">\
        <input id=\"filter-text\" type=\"search\" placeholder=\"Filter by text…\" aria-label=\"filter by text\" autocomplete=\"off\">\
        <select id=\"filter-tag\" aria-label=\"filter by tag\"><option value=\"\">any tag</option>");
    for tag in &model.tags {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            esc(&tag.to_lowercase()),
            esc(tag)
        );
    }
    out.push_str("</select><select id=\"filter-verdict\" aria-label=\"filter by verdict\"><option value=\"\">any verdict</option>");
    for shown in [
        Shown::Status(Status::Failed),
        Shown::Status(Status::Passed),
        Shown::Status(Status::Ignored),
        Shown::Status(Status::NotJudged),
        Shown::NotRun,
    ] {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            shown.class(),
            shown.word()
        );
    }
    out.push_str("</select><span id=\"filter-count\" aria-live=\"polite\"></span></div></header>");
}

fn summary(out: &mut String, id: &str, label: &str, s: &Summary) {
    let _ = write!(
        out,
        "<div class=\"sum\" id=\"{id}\"><span class=\"sum-label\">{label}</span>"
    );
    for (status, n) in [
        (Status::Passed, s.passed),
        (Status::Failed, s.failed),
        (Status::Ignored, s.ignored),
        (Status::NotJudged, s.not_judged),
    ] {
        let shown = Shown::Status(status);
        let zero = if n == 0 { " zero" } else { "" };
        let _ = write!(
            out,
            "<span class=\"count c-{cls}{zero}\" data-status=\"{cls}\" data-n=\"{n}\"><b>{n}</b> {word}</span>",
            cls = shown.class(),
            word = shown.word()
        );
    }
    out.push_str("</div>");
}

fn contents(out: &mut String, model: &Model<'_>) {
    out.push_str("<nav class=\"toc\" aria-label=\"contents\">");
    for package in &model.packages {
        let _ = write!(
            out,
            "<div class=\"toc-package\">{}</div><ul>",
            esc(package.name)
        );
        for f in &package.features {
            let name = f
                .source
                .and_then(|s| s.feature.as_ref().ok())
                .and_then(Option::as_ref)
                .map_or(f.file, |feature| feature.name.as_str());
            let worst = worst(f.trials.iter().map(Trial::shown));
            let _ = write!(
                out,
                "<li><a href=\"#{}\"><span class=\"dot v-{}\"></span>{}</a></li>",
                super::model::feature_anchor(f.package_index, f.index),
                worst.class(),
                esc(name)
            );
        }
        for a in &package.aspects {
            let _ = write!(
                out,
                "<li><a href=\"#{}\"><span class=\"dot v-{}\"></span><span class=\"toc-aspect\">aspect</span> {}</a></li>",
                aspect_anchor(a.package_index, a.index),
                a.shown().class(),
                esc(&a.name())
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("<div class=\"toc-package\">Report</div><ul><li><a href=\"#matrix\">Traceability</a></li><li><a href=\"#gaps\">Gaps</a></li></ul></nav>");
}

/// Failed first, then not run, not judged, ignored, passed.
fn worst(shown: impl Iterator<Item = Shown>) -> Shown {
    let rank = |s: &Shown| match s {
        Shown::Status(Status::Failed) => 0,
        Shown::NotRun => 1,
        Shown::Status(Status::NotJudged) => 2,
        Shown::Status(Status::Ignored) => 3,
        Shown::Status(Status::Passed) => 4,
    };
    shown.min_by_key(rank).unwrap_or(Shown::NotRun)
}

fn matrix(out: &mut String, model: &Model<'_>, input: &Input<'_>) {
    out.push_str(
        "<section id=\"matrix\" class=\"group\"><h2 class=\"part group-head\">Traceability</h2>\
         <p class=\"note\">Every spec and aspect, the evidence that judges it, and the verdict of this run.</p>\
         <table class=\"matrix\"><thead><tr><th>kind</th><th>spec or aspect</th><th>source</th><th>evidence</th><th>verdict</th></tr></thead><tbody>",
    );
    for package in &model.packages {
        for f in &package.features {
            let path = input.locations.path(package.name, f.file);
            for t in &f.trials {
                let evidence = if t.steps > 0 {
                    format!("{} steps", t.steps)
                } else {
                    "steps".to_owned()
                };
                row(
                    out,
                    &Row {
                        kind: "spec",
                        anchor: trial_anchor(f.package_index, f.index, t.line),
                        name: &t.title,
                        source: format!("{path}:{}", t.line),
                        evidence,
                        shown: t.shown(),
                        tags: &t.tags,
                    },
                );
            }
        }
        for a in &package.aspects {
            let doc = a.source.and_then(|s| s.doc.as_ref().ok());
            let evidence = match (a.event, doc) {
                (Some(e), _) => kind_and(&e.evidence, &e.description),
                (None, Some(d)) => kind_and(&d.kind, &d.description),
                (None, None) => String::new(),
            };
            let line = a.event.map_or(String::new(), |e| format!(":{}", e.line));
            row(
                out,
                &Row {
                    kind: "aspect",
                    anchor: aspect_anchor(a.package_index, a.index),
                    name: &a.name(),
                    source: format!("{}{line}", input.locations.path(package.name, a.file)),
                    evidence,
                    shown: a.shown(),
                    tags: &a.tags(),
                },
            );
        }
    }
    out.push_str("</tbody></table></section>");
}

/// One line of the traceability matrix.
struct Row<'r> {
    kind: &'r str,
    anchor: String,
    name: &'r str,
    source: String,
    evidence: String,
    shown: Shown,
    tags: &'r [String],
}

fn row(out: &mut String, r: &Row<'_>) {
    let _ = write!(
        out,
        "<tr class=\"fi\" data-verdict=\"{cls}\" data-tags=\"{tags}\"><td class=\"kind\">{kind}</td><td><a href=\"#{anchor}\">{}</a></td><td class=\"loc\">{}</td><td>{}</td><td>{}</td></tr>",
        esc(r.name),
        esc(&r.source),
        esc(&r.evidence),
        r.shown.chip(),
        kind = r.kind,
        anchor = r.anchor,
        cls = r.shown.class(),
        tags = tag_data(r.tags.iter().map(String::as_str)),
    );
}

/// `kind: description`, unless the description says the kind already
/// (`bench buy_generator ≤ 2 µs`, `imports of idle-core`).
fn kind_and(kind: &str, description: &str) -> String {
    if description.is_empty() {
        kind.to_owned()
    } else if description.starts_with(kind) {
        description.to_owned()
    } else {
        format!("{kind}: {description}")
    }
}
