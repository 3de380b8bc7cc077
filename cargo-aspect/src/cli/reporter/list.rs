//! `cargo aspect list`: every scenario and aspect, where it is written, and
//! what kind of evidence backs it, without judging anything.
//!
//! The listing comes from the harnesses' `--list` events (or any run's
//! events, whose verdicts are then dropped), so it names exactly the trials
//! `cargo aspect test` and `cargo test` would run, under the same names.

use std::io::{self, Write};

use super::group::{group, PackageGroup};
use super::paint::{pad, Paint};
use super::PrettyOptions;
use crate::event::{AspectEvent, Event, ScenarioEvent};

/// Every scenario and aspect, grouped by package, one line each: the trial
/// name, `file:line` (relative to the package), the kind (`scenario` or the
/// evidence kind) and the tags; then the totals.
///
/// ```text
/// shop (2 scenarios, 1 aspect)
///   spec::buying::Buy with gold   specs/buying.feature:2    scenario
///   spec::selling::Sell           specs/selling.feature:3   scenario  @ignore
///   aspect::buy-is-fast           aspects/buy-is-fast.md:3  bench     @performance
///
/// 2 scenarios, 1 aspect
/// ```
///
/// With `opts.quiet`, only the trial names, one per line. `opts.color` makes
/// the package headings bold; the other options are not used.
///
/// # Errors
/// When `out` cannot be written.
pub fn list_pretty(events: &[Event], opts: &PrettyOptions, out: &mut dyn Write) -> io::Result<()> {
    let packages = group(events);
    if opts.quiet {
        for package in &packages {
            for (name, ..) in rows(package) {
                writeln!(out, "{name}")?;
            }
        }
        return Ok(());
    }
    let (mut scenarios, mut aspects) = (0, 0);
    for package in &packages {
        let rows = rows(package);
        let (s, a) = (package.scenarios().count(), package.aspects.len());
        scenarios += s;
        aspects += a;
        let name = if package.name.is_empty() {
            "(package unknown)"
        } else {
            package.name
        };
        let heading = format!("{name} ({})", counted(s, a));
        writeln!(out, "{}", Paint(opts.color).paint("1", &heading))?;
        let width = |column: fn(&Row) -> &str| {
            rows.iter()
                .map(|r| column(r).chars().count())
                .max()
                .unwrap_or(0)
        };
        let widths = [width(|r| &r.0), width(|r| &r.1), width(|r| &r.2)];
        for row in &rows {
            let line = format!(
                "  {}  {}  {}  {}",
                pad(&row.0, widths[0]),
                pad(&row.1, widths[1]),
                pad(&row.2, widths[2]),
                row.3
            );
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    if !packages.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", counted(scenarios, aspects))
}

/// The `format` line, then every scenario and aspect as a line of JSON, in
/// report order: the events of [`crate::event`] without `status` or anything a run adds (duration,
/// failed step, measurement, message).
///
/// # Errors
/// When `out` cannot be written.
pub fn list_json(events: &[Event], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", Event::format().to_line())?;
    for package in group(events) {
        for s in package.scenarios() {
            let listing = ScenarioEvent {
                status: None,
                duration_ms: None,
                failed_step: None,
                undefined_steps: Vec::new(),
                message: None,
                ..s.clone()
            };
            writeln!(out, "{}", Event::Scenario(listing).to_line())?;
        }
        for a in &package.aspects {
            let listing = AspectEvent {
                status: None,
                duration_ms: None,
                measurement: None,
                message: None,
                ..(*a).clone()
            };
            writeln!(out, "{}", Event::Aspect(listing).to_line())?;
        }
    }
    Ok(())
}

/// Name, `file:line`, kind, tags.
type Row = (String, String, String, String);

fn rows(package: &PackageGroup<'_>) -> Vec<Row> {
    let scenarios = package.scenarios().map(|s| {
        (
            s.name.clone(),
            format!("{}:{}", s.file, s.line),
            "scenario".to_owned(),
            s.tags.join(" "),
        )
    });
    let aspects = package.aspects.iter().map(|a| {
        (
            a.name.clone(),
            format!("{}:{}", a.file, a.line),
            a.evidence.clone(),
            a.tags.join(" "),
        )
    });
    scenarios.chain(aspects).collect()
}

/// `2 scenarios, 1 aspect`.
fn counted(scenarios: usize, aspects: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}",
        plural(scenarios, "scenario"),
        plural(aspects, "aspect")
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    fn render(events: &[Event], opts: &PrettyOptions) -> String {
        let mut out = Vec::new();
        list_pretty(events, opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_listing_reads_as_expected() {
        let expected = "\
shop (3 scenarios, 2 aspects)
  spec::buying::Buy with gold     specs/buying.feature:2     scenario
  spec::buying::Buy without gold  specs/buying.feature:8     scenario
  spec::selling::Sell             specs/selling.feature:3    scenario  @ignore
  aspect::buy-is-fast             aspects/buy-is-fast.md:3   bench
  aspect::core-is-pure            aspects/core-is-pure.md:3  imports
other (1 scenario, 1 aspect)
  spec::x::Y     specs/x.feature:1   scenario
  aspect::light  aspects/light.md:3  memory

4 scenarios, 3 aspects
";
        assert_eq!(render(&listing(), &PrettyOptions::default()), expected);
        assert_eq!(
            render(&sample(), &PrettyOptions::default()),
            expected,
            "verdicts are not listed"
        );
        assert_eq!(
            render(&[], &PrettyOptions::default()),
            "0 scenarios, 0 aspects\n"
        );
    }

    #[test]
    fn quiet_lists_names_only() {
        let opts = PrettyOptions {
            quiet: true,
            ..PrettyOptions::default()
        };
        assert_eq!(
            render(&sample(), &opts),
            "spec::buying::Buy with gold\nspec::buying::Buy without gold\nspec::selling::Sell\naspect::buy-is-fast\naspect::core-is-pure\nspec::x::Y\naspect::light\n"
        );
    }

    #[test]
    fn json_listings_carry_no_verdicts() {
        let mut from_run = Vec::new();
        list_json(&sample(), &mut from_run).unwrap();
        let mut from_listing = Vec::new();
        list_json(&listing(), &mut from_listing).unwrap();
        assert_eq!(from_run, from_listing);
        let text = String::from_utf8(from_run).unwrap();
        assert_eq!(text.lines().count(), 8);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(r#"{"type":"format","version":3}"#));
        for line in lines {
            let event = Event::from_line(line).unwrap();
            assert!(matches!(event, Event::Scenario(_) | Event::Aspect(_)));
            for absent in [
                "status",
                "duration_ms",
                "message",
                "measurement",
                "failed_step",
            ] {
                assert!(!line.contains(&format!("\"{absent}\"")), "{line}");
            }
        }
        assert_eq!(
            text.lines().nth(1),
            Some(
                r#"{"type":"scenario","name":"spec::buying::Buy with gold","package":"shop","file":"specs/buying.feature","line":2,"feature":"Buying","tags":[]}"#
            )
        );
    }
}
