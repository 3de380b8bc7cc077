//! `cargo aspect test --format json`: the events themselves, one per line.
//!
//! The output is the serialization of [`crate::event`] and nothing else, so a
//! tool that reads a harness's `ASPECT_EVENTS` file reads this too. What this
//! module adds is the order (stable, as in every reporter), one `format` line
//! first (a harness's own are checked when its events are read) and the
//! one `{"type":"summary",...}` line that ends a run of several harnesses.

use std::io::{self, Write};

use super::group::group;
use super::totals::summarize;
use crate::event::Event;

/// One event as one line of JSON, without the newline.
pub fn json_line(event: &Event) -> String {
    event.to_line()
}

/// The `format` line, every judged scenario and aspect as a line of JSON, in
/// report order, then one
/// `{"type":"summary","passed":N,"failed":N,"ignored":N,"not_judged":N}`.
///
/// Events without a status, step definitions and the input's own summaries
/// are left out.
///
/// # Errors
/// When `out` cannot be written.
pub fn json_lines(events: &[Event], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", json_line(&Event::format()))?;
    for package in group(events) {
        for s in package.scenarios().filter(|s| s.status.is_some()) {
            writeln!(out, "{}", json_line(&Event::Scenario(s.clone())))?;
        }
        for a in package.aspects.iter().filter(|a| a.status.is_some()) {
            writeln!(out, "{}", json_line(&Event::Aspect((*a).clone())))?;
        }
    }
    writeln!(
        out,
        "{}",
        json_line(&Event::Summary(summarize(events).total))
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::event::Summary;

    #[test]
    fn lines_parse_back_into_the_same_events() {
        let events = sample();
        let mut out = Vec::new();
        json_lines(&events, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let parsed: Vec<Event> = text.lines().map(|l| Event::from_line(l).unwrap()).collect();
        let (format, parsed) = parsed.split_first().unwrap();
        assert_eq!(format, &Event::format());
        let (summary, trials) = parsed.split_last().unwrap();
        assert_eq!(
            summary,
            &Event::Summary(Summary {
                passed: 3,
                failed: 2,
                ignored: 1,
                not_judged: 1,
                filtered_out: 0
            })
        );
        let judged: Vec<&Event> = events
            .iter()
            .filter(|e| matches!(e, Event::Scenario(_) | Event::Aspect(_)))
            .collect();
        assert_eq!(trials.len(), judged.len());
        for event in judged {
            assert!(trials.contains(event), "{event:?} is missing");
        }
        assert_eq!(
            text.lines().last(),
            Some(r#"{"type":"summary","passed":3,"failed":2,"ignored":1,"not_judged":1}"#)
        );
    }

    #[test]
    fn lines_have_the_documented_shape() {
        let mut out = Vec::new();
        json_lines(&passing(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"type":"format","version":3}"#,
                "\n",
                r#"{"type":"scenario","name":"spec::x::Y","package":"other","file":"specs/x.feature","line":1,"tags":[],"status":"passed","duration_ms":1.5}"#,
                "\n",
                r#"{"type":"aspect","name":"aspect::light","package":"other","file":"aspects/light.md","line":3,"column":3,"evidence":"memory","description":"memory of shop-core","summary":"The core stays pure.","tags":[],"status":"passed","duration_ms":20.0,"measurement":{"unit":"bytes","value":112.0,"budget":16384.0,"spread":0.0,"samples":1},"message":"peak 112 B allocated; budget 16.0 KiB"}"#,
                "\n",
                r#"{"type":"summary","passed":2,"failed":0,"ignored":0,"not_judged":0}"#,
                "\n",
            )
        );
    }

    #[test]
    fn nothing_judged_is_the_format_and_one_summary() {
        let mut out = Vec::new();
        json_lines(&listing(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"type\":\"format\",\"version\":3}\n\
             {\"type\":\"summary\",\"passed\":0,\"failed\":0,\"ignored\":0,\"not_judged\":0}\n"
        );
    }
}
