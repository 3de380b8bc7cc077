//! The page's "Gaps" section: what a reader should look at before trusting
//! the run: aspects and specs that did not hold or did not run, undefined
//! steps with the snippet to add, files that could not be read, and verdicts
//! with no source on disk. It lists what the model holds; it judges nothing.

use std::fmt::Write as _;

use super::input::Input;
use super::markup::esc;
use super::model::{aspect_anchor, trial_anchor, Model};
use crate::event::{ScenarioEvent, Status};

pub(super) fn gaps(out: &mut String, model: &Model<'_>, input: &Input<'_>) {
    let mut aspects = String::new();
    let mut specs = String::new();
    let mut undefined = String::new();
    let mut undefined_seen = std::collections::BTreeSet::new();
    let mut unreadable = String::new();
    let mut sourceless = String::new();
    for package in &model.packages {
        if let Some(e) = package.error {
            let _ = write!(unreadable, "<li><pre class=\"error\">{}</pre></li>", esc(e));
        }
        for f in &package.features {
            let path = input.locations.path(package.name, f.file);
            if let Some(Err(e)) = f.source.map(|s| &s.feature) {
                let _ = write!(unreadable, "<li><pre class=\"error\">{}</pre></li>", esc(e));
            }
            for t in &f.trials {
                let link = format!(
                    "<a href=\"#{}\">{}</a> <span class=\"loc\">{}:{}</span>",
                    trial_anchor(f.package_index, f.index, t.line),
                    esc(&t.title),
                    esc(&path),
                    t.line
                );
                if t.event.is_none() {
                    let _ = write!(specs, "<li>{link}</li>");
                }
                for step in t.event.map(undefined_steps).unwrap_or_default() {
                    // An outline's rows share their steps' lines: one item per step.
                    if !undefined_seen.insert((path.clone(), step.line, step.column)) {
                        continue;
                    }
                    let _ = write!(
                        undefined,
                        "<li><span class=\"loc\">{}:{}:{}</span> <span class=\"kw\">{}</span> <span class=\"text\">{}</span> in <a href=\"#{}\">{}</a>{}</li>",
                        esc(&path),
                        step.line,
                        step.column,
                        esc(step.keyword.trim_end()),
                        esc(step.text),
                        trial_anchor(f.package_index, f.index, t.line),
                        esc(&t.title),
                        step.snippet.map_or(String::new(), |s| format!(
                            "<pre class=\"snippet\">{}</pre>",
                            esc(s)
                        ))
                    );
                }
                if !t.in_source {
                    let _ = write!(sourceless, "<li>{link}</li>");
                }
            }
        }
        for a in &package.aspects {
            let link = format!(
                "<a href=\"#{}\">{}</a>",
                aspect_anchor(a.package_index, a.index),
                esc(&a.name())
            );
            if let Some(Err(e)) = a.source.map(|s| &s.doc) {
                let _ = write!(unreadable, "<li><pre class=\"error\">{}</pre></li>", esc(e));
            }
            if a.source.is_none() {
                let _ = write!(sourceless, "<li>{link}</li>");
            }
            let why = match a.event {
                None => Some("no event: it did not run".to_owned()),
                Some(e) => match e.status {
                    Some(Status::NotJudged) | Some(Status::Ignored) | None => Some(
                        e.message
                            .as_deref()
                            .map(|m| m.lines().next().unwrap_or("").to_owned())
                            .unwrap_or_else(|| a.shown().word().to_owned()),
                    ),
                    _ => None,
                },
            };
            if let Some(why) = why {
                // The chip says the status already: "not judged in a debug
                // build" is shown as "in a debug build".
                let word = a.shown().word();
                let why = why
                    .strip_prefix(word)
                    .map(|rest| rest.trim_start_matches([':', ' ']))
                    .filter(|rest| !rest.is_empty())
                    .map_or_else(|| why.clone(), str::to_owned);
                let _ = write!(
                    aspects,
                    "<li>{link} {} <span class=\"why\">{}</span></li>",
                    a.shown().chip(),
                    esc(&why)
                );
            }
        }
    }
    let mut steps = String::new();
    if model.step_definitions.is_empty() {
        steps.push_str("<p class=\"note\">No step-definition events in this run (they come from a dry run: <code>cargo aspect check --format json</code>).</p>");
    } else {
        let unused: Vec<String> = model
            .step_definitions
            .iter()
            .filter(|d| d.uses == 0)
            .map(|d| {
                format!(
                    "<li><code>#[{}({})]</code> <span class=\"fn\">fn {}</span> <span class=\"loc\">{}:{}</span></li>",
                    esc(&d.keyword),
                    esc(&format!("{:?}", d.expression)),
                    esc(&d.function),
                    esc(&d.file),
                    d.line
                )
            })
            .collect();
        if !unused.is_empty() {
            let _ = write!(steps, "<ul>{}</ul>", unused.concat());
        }
    }
    out.push_str("<section id=\"gaps\"><h2 class=\"part\">Gaps</h2>");
    let mut any = false;
    for (title, items) in [
        ("Aspects with no runnable evidence in this run", aspects),
        ("Specs not run", specs),
        ("Undefined steps", undefined),
        ("Step definitions no spec uses", steps),
        ("Files that cannot be read", unreadable),
        ("Results whose source is not among the files", sourceless),
    ] {
        if items.is_empty() {
            continue;
        }
        any = true;
        let list = if items.starts_with("<li>") {
            format!("<ul>{items}</ul>")
        } else {
            items
        };
        let _ = write!(out, "<div class=\"gap\"><h3>{title}</h3>{list}</div>");
    }
    if !any {
        out.push_str("<p class=\"note\">None: every spec and aspect was judged, every step is defined, and every step definition is used.</p>");
    }
    out.push_str("</section>");
}

/// An undefined step as the gaps list it.
struct Undefined<'e> {
    keyword: &'e str,
    text: &'e str,
    line: u32,
    column: u32,
    /// The step definition to add; events written before snippets were sent have none.
    snippet: Option<&'e str>,
}

/// The undefined steps of a failed scenario: those its event lists, or (an
/// event written before that list existed) its failed step when undefined.
fn undefined_steps(event: &ScenarioEvent) -> Vec<Undefined<'_>> {
    if event.status != Some(Status::Failed) {
        return Vec::new();
    }
    if !event.undefined_steps.is_empty() {
        return event
            .undefined_steps
            .iter()
            .map(|u| Undefined {
                keyword: &u.keyword,
                text: &u.text,
                line: u.line,
                column: u.column,
                snippet: Some(&u.snippet),
            })
            .collect();
    }
    event
        .failed_step
        .iter()
        .filter(|f| f.reason == "undefined")
        .map(|f| Undefined {
            keyword: &f.keyword,
            text: &f.text,
            line: f.line,
            column: f.column,
            snippet: None,
        })
        .collect()
}
