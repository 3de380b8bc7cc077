//! Then steps about the page `cargo aspect report` writes: read as a reader
//! sees it (its text, tags left out), part by part: the banner and summary,
//! a scenario with its marked steps and failure, the traceability table, the
//! gaps. No browser: the page is plain HTML, and these parts need no script.

use aspect::{then, DataTable, DocString};

use super::{read, Dogfood};

/// What a self-contained page must not have: each loads something from elsewhere.
const EXTERNAL: &[&str] = &[
    "<link",
    "@import",
    "url(",
    "src=\"http",
    "src=\"//",
    "<iframe",
];

/// The page `page` (relative to the working directory).
fn load(world: &Dogfood, page: &str) -> Result<String, String> {
    read(&world.path(page)?)
}

/// Text as the page escapes it.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// What a reader sees of `html`: tags become spaces, entities their
/// characters, every run of whitespace one space.
fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every part of `html` from an `open` to the next `close` (both included).
fn parts<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let from = &rest[start..];
        let end = from.find(close).map_or(from.len(), |e| e + close.len());
        found.push(&from[..end]);
        rest = &from[end..];
    }
    found
}

/// The first part of `html` from `open` to the next `close`, or an error naming `what`.
fn part<'a>(html: &'a str, open: &str, close: &str, what: &str) -> Result<&'a str, String> {
    parts(html, open, close)
        .into_iter()
        .next()
        .ok_or_else(|| format!("the page has no {what}"))
}

#[then("the page {string} loads nothing from elsewhere")]
fn self_contained(world: &mut Dogfood, page: String) -> Result<(), String> {
    let html = load(world, &page)?;
    match EXTERNAL.iter().find(|e| html.contains(*e)) {
        Some(external) => Err(format!("{page} has {external}")),
        None => Ok(()),
    }
}

#[then("the page {string} shows {string}")]
fn page_shows(world: &mut Dogfood, page: String, shown: String) -> Result<(), String> {
    if text(&load(world, &page)?).contains(&shown) {
        Ok(())
    } else {
        Err(format!("{page} does not show {shown:?}"))
    }
}

#[then("the banner of the page {string} says {string}")]
fn banner(world: &mut Dogfood, page: String, says: String) -> Result<(), String> {
    let html = load(world, &page)?;
    let banner = text(part(&html, "<div class=\"banner", "</div>", "banner")?);
    if banner == says {
        Ok(())
    } else {
        Err(format!("the banner says {banner:?}"))
    }
}

/// One row per count line of the summary, its cells read left to right.
#[then("the summary of the page {string} reads:")]
fn summary(world: &mut Dogfood, page: String, table: &DataTable) -> Result<(), String> {
    let html = load(world, &page)?;
    let lines: Vec<String> = parts(&html, "<div class=\"sum\"", "</div>")
        .into_iter()
        .map(text)
        .collect();
    let wanted: Vec<String> = table.rows.iter().map(|row| row.join(" ")).collect();
    if lines == wanted {
        Ok(())
    } else {
        Err(format!("the summary reads:\n{}", lines.join("\n")))
    }
}

/// The `<article>` of the scenario named `name`.
fn scenario<'a>(html: &'a str, name: &str) -> Result<&'a str, String> {
    let at = html
        .find(&format!("<span class=\"name\">{}</span>", esc(name)))
        .ok_or_else(|| format!("the page has no scenario {name:?}"))?;
    let start = html[..at]
        .rfind("<article")
        .ok_or("a scenario outside an <article>")?;
    let end = html[at..]
        .find("</article>")
        .map_or(html.len(), |e| at + e + "</article>".len());
    Ok(&html[start..end])
}

/// The verdict is the scenario's; each row is a step's mark and its text.
#[then("the page {string} shows the scenario {string} as {word}, its steps marked:")]
fn scenario_steps(
    world: &mut Dogfood,
    page: String,
    name: String,
    verdict: String,
    table: &DataTable,
) -> Result<(), String> {
    let html = load(world, &page)?;
    let article = scenario(&html, &name)?;
    let shown = format!("data-verdict=\"{verdict}\"");
    if !article[..article.find('>').unwrap_or(0)].contains(&shown) {
        return Err(format!(
            "{name:?} is not shown as {verdict}:\n{}",
            text(article)
        ));
    }
    // `<li class="step s-passed"><span class="mark" title="passed">✔</span>...`
    let steps: Vec<Vec<String>> = parts(article, "<li class=\"step", "</li>")
        .into_iter()
        .map(|li| {
            let mark = li
                .split_once("title=\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map_or("", |(title, _)| title);
            let after_mark = li.split_once("</span>").map_or(li, |(_, rest)| rest);
            // An undefined step's snippet is shown under it, not part of its text.
            let step = after_mark
                .split_once("<div class=\"snippet\">")
                .map_or(after_mark, |(step, _)| step);
            vec![mark.to_owned(), text(step)]
        })
        .collect();
    if steps == table.rows {
        Ok(())
    } else {
        let shown: Vec<String> = steps.iter().map(|s| s.join(" | ")).collect();
        Err(format!(
            "the steps of {name:?} are marked:\n{}",
            shown.join("\n")
        ))
    }
}

/// The step definition shown under an undefined step of a scenario, as the
/// doc string has it (whitespace runs read as one space).
#[then("the page {string} shows under the step {string} of the scenario {string} the step definition to add:")]
fn snippet_under_step(
    world: &mut Dogfood,
    page: String,
    step: String,
    name: String,
    snippet: &DocString,
) -> Result<(), String> {
    let html = load(world, &page)?;
    let article = scenario(&html, &name)?;
    let li = parts(article, "<li class=\"step", "</li>")
        .into_iter()
        .find(|li| {
            let words = li.split("<div class=\"snippet\">").next().unwrap_or(li);
            text(words).ends_with(&step)
        })
        .ok_or_else(|| format!("{name:?} has no step {step:?}"))?;
    let shown = part(
        li,
        "<pre>",
        "</pre>",
        &format!("step definition under {step:?}"),
    )?;
    if text(shown) == text(&esc(&snippet.content)) {
        Ok(())
    } else {
        Err(format!("under {step:?} the page shows:\n{}", text(shown)))
    }
}

/// Each line of the doc string, in order, in what the page shows under the
/// scenario's steps (the failed step's place and its error).
#[then("the page {string} says under the scenario {string}:")]
fn says_under(
    world: &mut Dogfood,
    page: String,
    name: String,
    lines: &DocString,
) -> Result<(), String> {
    let html = load(world, &page)?;
    let article = scenario(&html, &name)?;
    let failure = part(article, "<div class=\"failure\">", "<details>", "failure")
        .map_err(|e| format!("{e} under {name:?}"))?;
    let shown = text(failure);
    let mut rest = shown.as_str();
    for line in lines.content.lines().map(text) {
        match rest.find(&line) {
            Some(at) => rest = &rest[at + line.len()..],
            None => return Err(format!("{line:?} is not (in order) in:\n{shown}")),
        }
    }
    Ok(())
}

/// The header row names the columns; each further row is one of the table's.
#[then("the traceability table of the page {string} has {int} rows, among them:")]
fn traceability(
    world: &mut Dogfood,
    page: String,
    count: usize,
    table: &DataTable,
) -> Result<(), String> {
    let html = load(world, &page)?;
    let matrix = part(
        &html,
        "<section id=\"matrix\"",
        "</section>",
        "traceability table",
    )?;
    let header: Vec<String> = parts(matrix, "<th>", "</th>")
        .into_iter()
        .map(text)
        .collect();
    let rows: Vec<Vec<String>> = parts(matrix, "<tr class=\"fi\"", "</tr>")
        .into_iter()
        .map(|tr| parts(tr, "<td", "</td>").into_iter().map(text).collect())
        .collect();
    let (wanted_header, wanted) = table
        .rows
        .split_first()
        .ok_or("the table needs a header row")?;
    if &header != wanted_header {
        return Err(format!("the table's columns are {header:?}"));
    }
    let shown = || {
        let lines: Vec<String> = rows.iter().map(|r| r.join(" | ")).collect();
        lines.join("\n")
    };
    if rows.len() != count {
        return Err(format!("the table has {} rows:\n{}", rows.len(), shown()));
    }
    match wanted.iter().find(|row| !rows.contains(row)) {
        Some(row) => Err(format!("no row is {row:?}:\n{}", shown())),
        None => Ok(()),
    }
}

/// One row per item listed under the heading, in order: each cell is text
/// the item shows.
#[then("the gaps of the page {string} under {string} are:")]
fn gaps(
    world: &mut Dogfood,
    page: String,
    heading: String,
    table: &DataTable,
) -> Result<(), String> {
    let html = load(world, &page)?;
    let section = part(&html, "<section id=\"gaps\"", "</section>", "gaps section")?;
    let list = part(
        section,
        &format!("<h3>{}</h3>", esc(&heading)),
        "</div>",
        &format!("gap {heading:?}: {}", text(section)),
    )?;
    let items: Vec<String> = parts(list, "<li>", "</li>").into_iter().map(text).collect();
    let matches = items.len() == table.rows.len()
        && items
            .iter()
            .zip(&table.rows)
            .all(|(item, cells)| cells.iter().all(|cell| item.contains(cell.as_str())));
    if matches {
        Ok(())
    } else {
        Err(format!("listed under {heading:?}:\n{}", items.join("\n")))
    }
}
