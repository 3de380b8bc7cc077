//! A feature file rendered as Gherkin: keywords highlighted, tags, descriptions,
//! Background, rules, data tables, doc strings and outline rows, each scenario
//! and row with the verdict of its event.
//!
//! This module exists so a spec reads on the page as it reads in the editor,
//! with what happened laid over it. A failing scenario's steps are marked from
//! its event's `failed_step`: the steps before it passed, it failed (its
//! message beside it), the ones after it were skipped; a step the event lists
//! as undefined is marked undefined wherever it is, with the step definition
//! to add under it. It must not guess: a scenario without an event has no marks.

use std::fmt::Write as _;

use super::markup::{self, ast_tags, dedent, esc, tag_chips, tag_data, Shown};
use super::model::{feature_anchor, trial_anchor, FeatureModel, Trial};
use super::steps::{failure, mark, snippet, steps, undefined, Mark};
use crate::cli::workspace::Locations;
use crate::event::{ScenarioEvent, Status};
use crate::spec::ast;

/// One feature file as a `<section>`.
pub(crate) fn feature(f: &FeatureModel<'_>, package: &str, locations: &Locations) -> String {
    let path = locations.path(package, f.file);
    let mut out = String::new();
    let _ = write!(
        out,
        "<section class=\"feature group\" id=\"{}\">",
        feature_anchor(f.package_index, f.index)
    );
    let parsed = f.source.map(|s| &s.feature);
    match parsed {
        Some(Ok(Some(feature))) => {
            out.push_str("<div class=\"group-head\">");
            tags_line(&mut out, ast_tags(&feature.tags));
            let _ = write!(
                out,
                "<h3><span class=\"kw\">{}:</span> {} {}</h3><div class=\"path\">{}</div>",
                esc(&feature.keyword),
                esc(&feature.name),
                counts(&f.trials),
                esc(&path)
            );
            description(&mut out, &feature.description);
            out.push_str("</div>");
            let cx = Cx { f, path: &path };
            for child in &feature.children {
                match child {
                    ast::FeatureChild::Background(b) => background(&mut out, b),
                    ast::FeatureChild::Scenario(s) => scenario(&mut out, &cx, s),
                    ast::FeatureChild::Rule(r) => rule(&mut out, &cx, r),
                }
            }
        }
        other => {
            let note = match other {
                Some(Err(e)) => format!("<pre class=\"error\">{}</pre>", esc(e)),
                Some(Ok(None)) => {
                    "<p class=\"note\">This file has no <code>Feature:</code>.</p>".to_owned()
                }
                _ => "<p class=\"note\">No such file among the specs: these results name it.</p>"
                    .to_owned(),
            };
            let title = f
                .trials
                .iter()
                .find_map(|t| t.event.map(|e| e.feature.as_str()))
                .filter(|t| !t.is_empty())
                .unwrap_or(f.file);
            let _ = write!(
                out,
                "<div class=\"group-head\"><h3><span class=\"kw\">Feature:</span> {} {}</h3><div class=\"path\">{}</div>{note}</div>",
                esc(title),
                counts(&f.trials),
                esc(&path)
            );
        }
    }
    let orphans: Vec<&Trial<'_>> = f.trials.iter().filter(|t| !t.in_source).collect();
    for trial in orphans {
        orphan(&mut out, f, trial, &path);
    }
    out.push_str("</section>");
    out
}

/// What every scenario of one feature needs.
struct Cx<'a, 'b> {
    f: &'a FeatureModel<'b>,
    path: &'a str,
}

impl Cx<'_, '_> {
    fn trial(&self, line: u32) -> Option<&Trial<'_>> {
        self.f.trials.iter().find(|t| t.in_source && t.line == line)
    }

    fn anchor(&self, line: u32) -> String {
        trial_anchor(self.f.package_index, self.f.index, line)
    }
}

/// `3 passed · 1 failed` for a feature's trials.
fn counts(trials: &[Trial<'_>]) -> String {
    let mut by: Vec<(Shown, usize)> = Vec::new();
    for trial in trials {
        let shown = trial.shown();
        match by.iter_mut().find(|(s, _)| *s == shown) {
            Some((_, n)) => *n += 1,
            None => by.push((shown, 1)),
        }
    }
    by.sort_by_key(|(s, _)| s.class());
    let parts: Vec<String> = by
        .iter()
        .map(|(s, n)| format!("<span class=\"c-{}\">{n} {}</span>", s.class(), s.word()))
        .collect();
    format!("<span class=\"counts\">{}</span>", parts.join(" · "))
}

fn tags_line<'t>(out: &mut String, tags: impl IntoIterator<Item = &'t str>) {
    let chips = tag_chips(tags);
    if !chips.is_empty() {
        let _ = write!(out, "<div class=\"tags\">{chips}</div>");
    }
}

fn description(out: &mut String, text: &str) {
    if !text.trim().is_empty() {
        let _ = write!(
            out,
            "<div class=\"description\">{}</div>",
            esc(dedent(text).trim_end())
        );
    }
}

fn background(out: &mut String, b: &ast::Background) {
    let _ = write!(
        out,
        "<div class=\"background\"><div class=\"head\"><span class=\"kw\">{}:</span> {}</div>",
        esc(&b.keyword),
        esc(&b.name)
    );
    description(out, &b.description);
    steps(out, &b.steps, |_| None, |_| None);
    out.push_str("</div>");
}

fn rule(out: &mut String, cx: &Cx<'_, '_>, r: &ast::Rule) {
    out.push_str("<div class=\"rule\">");
    tags_line(out, ast_tags(&r.tags));
    let _ = write!(
        out,
        "<h4><span class=\"kw\">{}:</span> {}</h4>",
        esc(&r.keyword),
        esc(&r.name)
    );
    description(out, &r.description);
    for child in &r.children {
        match child {
            ast::RuleChild::Background(b) => background(out, b),
            ast::RuleChild::Scenario(s) => scenario(out, cx, s),
        }
    }
    out.push_str("</div>");
}

fn duration(event: Option<&ScenarioEvent>) -> String {
    markup::duration(event.and_then(|e| e.duration_ms))
}

fn scenario(out: &mut String, cx: &Cx<'_, '_>, s: &ast::Scenario) {
    let line = s.location.line;
    if !s.examples.is_empty() {
        return outline(out, cx, s);
    }
    let trial = cx.trial(line);
    let event = trial.and_then(|t| t.event);
    let shown = trial.map_or(Shown::NotRun, Trial::shown);
    let tags = trial.map(|t| t.tags.clone()).unwrap_or_default();
    let _ = write!(
        out,
        "<article class=\"scenario fi counted v-{cls}\" id=\"{id}\" data-verdict=\"{cls}\" data-tags=\"{tags}\">",
        cls = shown.class(),
        id = cx.anchor(line),
        tags = tag_data(tags.iter().map(String::as_str)),
    );
    tags_line(out, ast_tags(&s.tags));
    let _ = write!(
        out,
        "<div class=\"head\"><span class=\"kw\">{}:</span> <span class=\"name\">{}</span> {} {}<span class=\"loc\">{}:{line}</span></div>",
        esc(&s.keyword),
        esc(&s.name),
        shown.chip(),
        duration(event),
        esc(cx.path)
    );
    description(out, &s.description);
    steps(out, &s.steps, |l| mark(event, l), |l| snippet(event, l));
    if let Some(event) = event.filter(|e| e.status == Some(Status::Failed)) {
        let own = s.steps.iter().any(|st| {
            event
                .failed_step
                .as_ref()
                .is_some_and(|f| f.line == st.location.line)
        });
        failure(out, event, cx.path, !own);
    }
    out.push_str("</article>");
}

fn outline(out: &mut String, cx: &Cx<'_, '_>, s: &ast::Scenario) {
    let rows: Vec<(&ast::Examples, &ast::TableRow)> = s
        .examples
        .iter()
        .flat_map(|e| e.table_body.iter().map(move |r| (e, r)))
        .collect();
    let trials: Vec<Option<&Trial<'_>>> = rows
        .iter()
        .map(|(_, r)| cx.trial(r.location.line))
        .collect();
    let mut verdicts: Vec<&str> = trials
        .iter()
        .map(|t| t.map_or(Shown::NotRun, Trial::shown).class())
        .collect();
    verdicts.sort_unstable();
    verdicts.dedup();
    let mut tags: Vec<String> = Vec::new();
    for t in trials.iter().flatten() {
        for tag in &t.tags {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
    }
    let worst = if verdicts.contains(&"failed") {
        "failed"
    } else {
        verdicts.first().copied().unwrap_or("not-run")
    };
    let _ = write!(
        out,
        "<article class=\"scenario outline fi counted v-{worst}\" id=\"{}\" data-verdict=\"{}\" data-tags=\"{}\">",
        cx.anchor(s.location.line),
        verdicts.join(" "),
        tag_data(tags.iter().map(String::as_str))
    );
    tags_line(out, ast_tags(&s.tags));
    let _ = write!(
        out,
        "<div class=\"head\"><span class=\"kw\">{}:</span> <span class=\"name\">{}</span> <span class=\"loc\">{}:{}</span></div>",
        esc(&s.keyword),
        esc(&s.name),
        esc(cx.path),
        s.location.line
    );
    description(out, &s.description);
    // The rows share the outline's steps: a step is marked if any row's event
    // says it failed, and undefined if any says it is undefined.
    let failed: Vec<&ScenarioEvent> = trials
        .iter()
        .flatten()
        .filter_map(|t| t.event)
        .filter(|e| e.status == Some(Status::Failed))
        .collect();
    let step_mark = |line: u32| {
        if failed.iter().any(|e| undefined(e, line)) {
            Some(Mark::Undefined)
        } else {
            failed
                .iter()
                .any(|e| e.failed_step.as_ref().is_some_and(|f| f.line == line))
                .then_some(Mark::Failed)
        }
    };
    let step_snippet = |line: u32| failed.iter().find_map(|e| snippet(Some(e), line));
    steps(out, &s.steps, step_mark, step_snippet);
    let mut k = 0;
    for examples in &s.examples {
        out.push_str("<div class=\"examples\">");
        tags_line(out, ast_tags(&examples.tags));
        let _ = write!(
            out,
            "<div class=\"head\"><span class=\"kw\">{}:</span> {}</div>",
            esc(&examples.keyword),
            esc(&examples.name)
        );
        description(out, &examples.description);
        out.push_str("<table class=\"examples-table\">");
        let width = examples.table_header.as_ref().map_or(0, |h| h.cells.len());
        if let Some(header) = &examples.table_header {
            out.push_str("<thead><tr><th></th>");
            for cell in &header.cells {
                let _ = write!(out, "<th>{}</th>", esc(&cell.value));
            }
            out.push_str("</tr></thead>");
        }
        out.push_str("<tbody>");
        for row in &examples.table_body {
            let trial = trials.get(k).copied().flatten();
            k += 1;
            let shown = trial.map_or(Shown::NotRun, Trial::shown);
            let event = trial.and_then(|t| t.event);
            let _ = write!(
                out,
                "<tr class=\"row v-{cls}\" id=\"{id}\" data-verdict=\"{cls}\"><td>{chip} {dur}</td>",
                cls = shown.class(),
                id = cx.anchor(row.location.line),
                chip = shown.chip(),
                dur = duration(event)
            );
            for cell in &row.cells {
                let _ = write!(out, "<td>{}</td>", esc(&cell.value));
            }
            out.push_str("</tr>");
            if let Some(event) = event.filter(|e| e.status == Some(Status::Failed)) {
                let _ = write!(
                    out,
                    "<tr class=\"row-failure\" data-verdict=\"failed\"><td colspan=\"{}\">",
                    width + 1
                );
                failure(out, event, cx.path, true);
                out.push_str("</td></tr>");
            }
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</article>");
}

/// A result whose scenario the source does not have (or no source at all).
fn orphan(out: &mut String, f: &FeatureModel<'_>, trial: &Trial<'_>, path: &str) {
    let shown = trial.shown();
    let _ = write!(
        out,
        "<article class=\"scenario fi counted v-{cls}\" id=\"{id}\" data-verdict=\"{cls}\" data-tags=\"{tags}\">",
        cls = shown.class(),
        id = trial_anchor(f.package_index, f.index, trial.line),
        tags = tag_data(trial.tags.iter().map(String::as_str)),
    );
    tags_line(out, trial.tags.iter().map(String::as_str));
    let _ = write!(
        out,
        "<div class=\"head\"><span class=\"kw\">Scenario:</span> <span class=\"name\">{}</span> {} {}<span class=\"loc\">{}:{}</span></div>",
        esc(&trial.title),
        shown.chip(),
        duration(trial.event),
        esc(path),
        trial.line
    );
    if let Some(event) = trial.event.filter(|e| e.status == Some(Status::Failed)) {
        failure(out, event, path, true);
    }
    out.push_str("</article>");
}
