//! `SessionStart`: tell Claude, before the first prompt, that this project's
//! specs and aspects are the truth, which ones there are, and the last
//! verdicts the `Stop` hook recorded.
//!
//! It reads files only (spec titles, aspect names and first paragraphs,
//! `last-verdicts.jsonl`), so a session starts fast; it must not build or
//! judge anything.

use std::path::Path;

use serde_json::json;

use super::project::Project;
use crate::config::Config;
use crate::event::{Event, Status};

/// How many specs and aspects are listed before `and N more`.
const LISTED: usize = 40;

/// The `additionalContext` answer, or `None` outside a project with a harness.
///
/// # Errors
/// A workspace whose configuration cannot be read.
pub(super) fn answer(cwd: &Path) -> Result<Option<serde_json::Value>, String> {
    let Some(project) = Project::find(cwd)? else {
        return Ok(None);
    };
    if project.harnesses.is_empty() {
        return Ok(None);
    }
    let mut specs = Vec::new();
    let mut aspects = Vec::new();
    for package in &project.harnesses {
        let config = Config::load(&package.root).map_err(|e| e.to_string())?;
        for file in config.spec_files() {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let title = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("Feature:"))
                .map(str::trim)
                .unwrap_or("");
            specs.push(format!("- {}: {title}", shown(&project, &file)));
        }
        for file in config.aspect_files() {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let (name, property) = aspect_outline(&text);
            aspects.push(format!("- {} `{name}`: {property}", shown(&project, &file)));
        }
    }
    let mut text = String::from(
        "This project uses cargo-aspect. Its specs (Gherkin .feature files) and aspects (markdown files: a property plus the evidence that it holds) are the truth: reconcile the code with them, never the other way round. Editing a spec, an aspect or a script their evidence runs is refused. Judge with `cargo aspect test` (`--spec NAME`, `--aspect NAME`, `--format json`); find undefined steps with `cargo aspect check`. The spec-aspect skill has the method.\n",
    );
    section(&mut text, "Specs", specs);
    section(&mut text, "Aspects", aspects);
    text.push_str(&last_verdicts(&project));
    Ok(Some(json!({
        "hookSpecificOutput": {
            "hookEventName": "SessionStart",
            "additionalContext": text,
        }
    })))
}

fn shown(project: &Project, file: &Path) -> String {
    crate::cli::files::relative(&project.root, file)
}

fn section(text: &mut String, title: &str, mut lines: Vec<String>) {
    let total = lines.len();
    text.push_str(&format!("\n{title} ({total}):\n"));
    if total > LISTED {
        lines.truncate(LISTED);
        lines.push(format!("- and {} more", total - LISTED));
    }
    if lines.is_empty() {
        lines.push("- none".to_owned());
    }
    text.push_str(&lines.join("\n"));
    text.push('\n');
}

/// An aspect's `name:` and its first paragraph line (the property).
fn aspect_outline(text: &str) -> (String, String) {
    let mut name = String::new();
    let body = match text.strip_prefix("---\n") {
        Some(rest) => {
            let (front, body) = rest.split_once("\n---").unwrap_or((rest, ""));
            for line in front.lines() {
                if let Some(value) = line.strip_prefix("name:") {
                    name = value.trim().trim_matches(['"', '\'']).to_owned();
                }
            }
            body.split_once('\n').map_or("", |(_, b)| b)
        }
        None => text,
    };
    // The first paragraph that is not a heading, on one line.
    let property: Vec<&str> = body
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty() || l.starts_with('#'))
        .take_while(|l| !l.is_empty())
        .collect();
    (name, property.join(" "))
}

/// The verdicts of the last `Stop` judgement, if one was recorded.
fn last_verdicts(project: &Project) -> String {
    let path = project.state_dir().join("last-verdicts.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return "\nLast verdicts: none recorded yet; run `cargo aspect test`.\n".to_owned();
    };
    let events: Vec<Event> = text
        .lines()
        .filter_map(|l| Event::from_line(l).ok())
        .collect();
    let Some(Event::Summary(totals)) = events.last() else {
        return "\nLast verdicts: the last judgement did not finish; run `cargo aspect test`.\n"
            .to_owned();
    };
    let failed = events.iter().any(|e| match e {
        Event::Scenario(s) => s.status == Some(Status::Failed),
        Event::Aspect(a) => a.status == Some(Status::Failed),
        _ => false,
    });
    let mut out = format!(
        "\nLast verdicts (when Claude last stopped): {} hold, {} fail, {} ignored, {} not judged.\n",
        totals.passed, totals.failed, totals.ignored, totals.not_judged
    );
    if failed {
        out.push_str(&super::stop::summary(&events, project));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aspect_outline_is_its_name_and_first_paragraph() {
        let (name, property) =
            aspect_outline("---\nname: 'fast-buy'\nevidence: {bench: b, max: 2us}\n---\n# Title\n\nBuying takes at most 2 µs.\nMore.\n\nWhy.\n");
        assert_eq!(
            (name.as_str(), property.as_str()),
            ("fast-buy", "Buying takes at most 2 µs. More.")
        );
        assert_eq!(
            aspect_outline("no front matter\n"),
            (String::new(), "no front matter".to_owned())
        );
    }
}
