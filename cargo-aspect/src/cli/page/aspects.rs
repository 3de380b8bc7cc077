//! An aspect on the page: its prose rendered from markdown, its evidence kind
//! and parameters, its verdict, the evidence's output, and for bench and
//! memory evidence the measured figure against the budget as a small bar.
//!
//! This module exists to keep markdown safe: pulldown-cmark passes raw HTML
//! through and renders images (which a browser would fetch), so raw HTML
//! becomes text, images become their alt text, and links keep only the
//! `http`, `https`, `mailto` and relative targets. It must not colour anything
//! by its own reading of a figure: the bar takes the event's verdict.

use std::fmt::Write as _;

use pulldown_cmark::{html, CowStr, Event as Md, Options, Parser, Tag, TagEnd};

use super::markup::{self, esc, tag_chips, tag_data, Shown};
use super::model::{aspect_anchor, AspectModel};
use crate::cli::workspace::Locations;
use crate::event::{AspectEvent, MeasurementEvent, Status};
use crate::evidence::units::{format_duration, format_size};

/// One aspect as an `<article>`.
pub(crate) fn aspect(a: &AspectModel<'_>, package: &str, locations: &Locations) -> String {
    let shown = a.shown();
    let tags = a.tags();
    let event = a.event;
    let doc = a.source.map(|s| &s.doc);
    let line = event.map_or(String::new(), |e| format!(":{}", e.line));
    let mut out = String::new();
    let _ = write!(
        out,
        "<article class=\"aspect fi counted v-{cls}\" id=\"{id}\" data-verdict=\"{cls}\" data-tags=\"{tags}\">",
        cls = shown.class(),
        id = aspect_anchor(a.package_index, a.index),
        tags = tag_data(tags.iter().map(String::as_str)),
    );
    let chips = tag_chips(tags.iter().map(String::as_str));
    if !chips.is_empty() {
        let _ = write!(out, "<div class=\"tags\">{chips}</div>");
    }
    let _ = write!(
        out,
        "<div class=\"head\"><span class=\"kw\">Aspect:</span> <span class=\"name\">{}</span> {} {}<span class=\"loc\">{}{line}</span></div>",
        esc(&a.name()),
        shown.chip(),
        duration(event),
        esc(&locations.path(package, a.file)),
    );
    match doc {
        Some(Ok(doc)) => {
            let _ = write!(out, "<div class=\"prose\">{}</div>", markdown(&doc.body));
        }
        Some(Err(e)) => {
            let _ = write!(out, "<pre class=\"error\">{}</pre>", esc(e));
        }
        None => {
            if let Some(summary) = event.map(|e| e.summary.as_str()).filter(|s| !s.is_empty()) {
                let _ = write!(out, "<div class=\"prose\"><p>{}</p></div>", esc(summary));
            }
        }
    }
    evidence(&mut out, a, event);
    if let Some(m) = event.and_then(|e| e.measurement.as_ref()) {
        measurement(&mut out, m, shown);
    }
    if let Some(message) = event
        .and_then(|e| e.message.as_deref())
        .filter(|m| !m.trim().is_empty())
    {
        let status = event.and_then(|e| e.status);
        let open = if matches!(status, Some(Status::Failed | Status::NotJudged)) {
            " open"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<details class=\"output\"{open}><summary>evidence output</summary><pre class=\"output\">{}</pre></details>",
            esc(message.trim_end())
        );
    }
    out.push_str("</article>");
    out
}

fn duration(event: Option<&AspectEvent>) -> String {
    markup::duration(event.and_then(|e| e.duration_ms))
}

/// The evidence kind, its one-line description, and its parameters as written.
fn evidence(out: &mut String, a: &AspectModel<'_>, event: Option<&AspectEvent>) {
    let doc = a.source.and_then(|s| s.doc.as_ref().ok());
    let kind = event
        .map(|e| e.evidence.as_str())
        .or(doc.map(|d| d.kind.as_str()))
        .unwrap_or("");
    let description = event
        .map(|e| e.description.as_str())
        .filter(|d| !d.is_empty())
        .or(doc.map(|d| d.description.as_str()))
        .unwrap_or("");
    let _ = write!(
        out,
        "<div class=\"evidence\"><span class=\"ev-label\">evidence</span> <span class=\"ev-kind\">{}</span> <span class=\"ev-desc\">{}</span>",
        esc(kind),
        esc(description)
    );
    if let Some(front) = doc
        .map(|d| d.frontmatter.as_str())
        .filter(|f| !f.is_empty())
    {
        let _ = write!(
            out,
            "<details class=\"params\"><summary>parameters</summary><pre class=\"yaml\">{}</pre></details>",
            esc(front)
        );
    }
    out.push_str("</div>");
}

/// The figure against its budget: a bar filled to the figure, a line at the budget.
fn measurement(out: &mut String, m: &MeasurementEvent, shown: Shown) {
    let show = |v: f64| -> String {
        let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
        match m.unit.as_str() {
            "ns" => format_duration(std::time::Duration::from_nanos(v as u64)),
            "bytes" => format_size(v as u64),
            unit => format!("{v} {unit}"),
        }
    };
    let finite = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
    let (value, budget) = (finite(m.value), finite(m.budget));
    let scale = value.max(budget) * 1.1;
    let pct = |v: f64| if scale > 0.0 { v / scale * 100.0 } else { 0.0 };
    let of_budget = if budget > 0.0 {
        format!(" ({:.1}% of the budget)", value / budget * 100.0)
    } else {
        String::new()
    };
    let samples = if m.samples > 1 {
        format!(", {} samples", m.samples)
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<div class=\"measure v-{cls}\"><div class=\"bar\" role=\"img\" aria-label=\"{label}\"><div class=\"fill\" style=\"width:{fill:.2}%\"></div><div class=\"budget\" style=\"left:{line:.2}%\"></div></div><div class=\"figures\"><b>{value}</b> measured · budget <b>{budget}</b>{of_budget}{samples}</div></div>",
        cls = shown.class(),
        label = esc(&format!("{} of {}", show(value), show(budget))),
        fill = pct(value),
        line = pct(budget),
        value = esc(&show(value)),
        budget = esc(&show(budget)),
    );
}

/// Markdown as HTML, with raw HTML shown as text, images as their alt text,
/// and links to other schemes than http(s), mailto and relative as plain text.
pub(crate) fn markdown(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut skipped_links = 0usize;
    let events = Parser::new_ext(text, options).filter_map(|event| match event {
        Md::Html(raw) | Md::InlineHtml(raw) => Some(Md::Text(raw)),
        Md::Start(Tag::Image { .. }) | Md::End(TagEnd::Image) => None,
        Md::Start(Tag::Link { ref dest_url, .. }) if !safe_url(dest_url) => {
            skipped_links += 1;
            None
        }
        Md::End(TagEnd::Link) if skipped_links > 0 => {
            skipped_links -= 1;
            None
        }
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Whether a link target is http(s), mailto, or relative (no scheme).
fn safe_url(url: &CowStr<'_>) -> bool {
    let url = url.trim();
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => !url.chars().any(char::is_control),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_and_raw_html_is_text() {
        let html = markdown("The `core/` *must* not.\n\n<script>alert(1)</script>\n\nA <b>bold</b> & \"quoted\" claim.");
        assert!(html.contains("<code>core/</code>"), "{html}");
        assert!(html.contains("<em>must</em>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp;"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn images_and_script_links_do_not_survive() {
        let html = markdown("![a cat](https://example.com/cat.png) [x](javascript:alert(1)) [y](JavaScript:void) [ok](https://example.com) [rel](docs/a.md)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a cat"), "{html}");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.com\">ok</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"docs/a.md\">rel</a>"), "{html}");
    }
}
