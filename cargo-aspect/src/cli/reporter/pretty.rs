//! The human report of `cargo aspect test`: a verdict per trial, the
//! failures expanded, then the counts.
//!
//! It exists apart from the harness's own libtest output because `cargo
//! aspect test` runs several harnesses (one per package) and reports them as
//! one run, grouped the way people think about them: by package, then by
//! feature file, then the aspects. Colors are plain ANSI escapes, only when
//! asked for, so captured output stays greppable.

use std::io::{self, Write};

use super::group::{aspect_title, group, scenario_title, PackageGroup};
use super::hint::hints;
use super::paint::{pad, Paint};
use super::text::{aspect_failure_text, first_line, scenario_failure_text, status_word};
use super::totals::{format_counts, summarize};
use crate::cli::workspace::Locations;
use crate::event::{AspectEvent, Event, ScenarioEvent, Status, Summary};

/// How [`pretty`] prints.
#[derive(Clone, Debug, Default)]
pub struct PrettyOptions {
    /// Color with ANSI escapes.
    pub color: bool,
    /// Only the failures and the counts.
    pub quiet: bool,
    /// The harnesses were built with `--release`: a benchmark that was not
    /// judged anyway is not told to rerun with `--release`.
    pub release: bool,
    /// Where packages live, to show failure locations relative to the workspace root.
    pub locations: Locations,
}

/// The width of the verdict column: `not judged`.
const VERDICT_WIDTH: usize = 10;

/// Write the human report of a run.
///
/// ```text
/// shop
///   specs/buying.feature (Buying)
///     passed      Buy with gold
///     failed      Buy without gold
///   aspects
///     not judged  buy-is-fast   bench    in a debug build: …
///     failed      core-is-pure  imports
///
/// failures:
///
/// spec::buying::Buy without gold
///   specs/buying.feature:11:5: step failed: Then I have 5 gold
///   …
///
/// specs:   1 passed, 1 failed, 0 ignored
/// aspects: 0 passed, 1 failed, 0 ignored, 1 not judged
/// 1 passed, 2 failed, 0 ignored, 1 not judged
/// 1 benchmark not judged: run with --release
/// hint: run `cargo aspect fix` to hand the failures to Claude Code
/// ```
///
/// The line of total counts is exactly [`format_counts`] of the total, uncolored.
///
/// # Errors
/// When `out` cannot be written.
pub fn pretty(events: &[Event], opts: &PrettyOptions, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint(opts.color);
    let packages = group(events);
    if !opts.quiet {
        for package in &packages {
            write_package(package, paint, out)?;
        }
    }
    let several = packages.len() > 1;
    let mut failures = Vec::new();
    for package in &packages {
        let suffix = if several && !package.name.is_empty() {
            format!(" ({})", package.name)
        } else {
            String::new()
        };
        for s in package.scenarios() {
            if s.status == Some(Status::Failed) {
                let text = scenario_failure_text(s, &opts.locations);
                failures.push((format!("{}{suffix}", s.name), text));
            }
        }
        for a in &package.aspects {
            if a.status == Some(Status::Failed) {
                let text = aspect_failure_text(a, &opts.locations);
                failures.push((format!("{}{suffix}", a.name), text));
            }
        }
    }
    let listed = !opts.quiet && packages.iter().any(has_verdicts);
    if !failures.is_empty() {
        if listed {
            writeln!(out)?;
        }
        writeln!(out, "{}", paint.paint("1;31", "failures:"))?;
        writeln!(out)?;
        for (title, text) in &failures {
            writeln!(out, "{}", paint.paint("1", title))?;
            for line in text.lines() {
                if line.trim().is_empty() {
                    writeln!(out)?;
                } else {
                    writeln!(out, "  {}", line.trim_end())?;
                }
            }
            writeln!(out)?;
        }
    } else if listed {
        writeln!(out)?;
    }
    write_counts(events, opts, paint, out)
}

/// Whether a package has anything judged to show.
fn has_verdicts(package: &PackageGroup<'_>) -> bool {
    package.scenarios().any(|s| s.status.is_some())
        || package.aspects.iter().any(|a| a.status.is_some())
}

/// A package's heading, its feature files with a line per scenario, and its aspects.
fn write_package(package: &PackageGroup<'_>, paint: Paint, out: &mut dyn Write) -> io::Result<()> {
    if !has_verdicts(package) {
        return Ok(());
    }
    let name = if package.name.is_empty() {
        "(package unknown)"
    } else {
        package.name
    };
    writeln!(out, "{}", paint.paint("1", name))?;
    for feature in &package.features {
        let judged: Vec<&ScenarioEvent> = feature
            .scenarios
            .iter()
            .copied()
            .filter(|s| s.status.is_some())
            .collect();
        if judged.is_empty() {
            continue;
        }
        if feature.feature.is_empty() {
            writeln!(out, "  {}", feature.file)?;
        } else {
            writeln!(out, "  {} ({})", feature.file, feature.feature)?;
        }
        for s in judged {
            let Some(status) = s.status else { continue };
            let mut line = format!(
                "    {}  {}",
                verdict(status, paint),
                scenario_title(&s.name)
            );
            if status != Status::Failed {
                if let Some(note) = s
                    .message
                    .as_deref()
                    .map(first_line)
                    .filter(|l| !l.is_empty())
                {
                    line.push_str("  ");
                    line.push_str(note);
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    let judged: Vec<&AspectEvent> = package
        .aspects
        .iter()
        .copied()
        .filter(|a| a.status.is_some())
        .collect();
    if judged.is_empty() {
        return Ok(());
    }
    writeln!(out, "  aspects")?;
    let name_width = judged
        .iter()
        .map(|a| aspect_title(&a.name).chars().count())
        .max()
        .unwrap_or(0);
    let kind_width = judged
        .iter()
        .map(|a| a.evidence.chars().count())
        .max()
        .unwrap_or(0);
    for a in judged {
        let Some(status) = a.status else { continue };
        let detail = match status {
            Status::Failed => "",
            // The verdict already says it: `not judged  … in a debug build: …`.
            Status::NotJudged => a.message.as_deref().map_or("", |m| {
                let line = first_line(m);
                line.strip_prefix("not judged ").unwrap_or(line)
            }),
            Status::Ignored => a.message.as_deref().map_or("", first_line),
            Status::Passed if a.measurement.is_some() => {
                a.message.as_deref().map_or("", first_line)
            }
            Status::Passed => "",
        };
        let line = format!(
            "    {}  {}  {}  {detail}",
            verdict(status, paint),
            pad(aspect_title(&a.name), name_width),
            pad(&a.evidence, kind_width),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The counts of specs, aspects and all, the benchmark note, the hints.
fn write_counts(
    events: &[Event],
    opts: &PrettyOptions,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let totals = summarize(events);
    writeln!(out, "specs:   {}", colored_counts(&totals.specs, paint))?;
    writeln!(out, "aspects: {}", colored_counts(&totals.aspects, paint))?;
    writeln!(out, "{}", format_counts(&totals.total))?;
    let benches = totals.benches_not_judged;
    if benches > 0 {
        let noun = if benches == 1 {
            "benchmark"
        } else {
            "benchmarks"
        };
        let advice = if opts.release {
            " (see the reasons above)"
        } else {
            ": run with --release"
        };
        writeln!(
            out,
            "{}",
            paint.paint("33", &format!("{benches} {noun} not judged{advice}"))
        )?;
    }
    for hint in hints(events, &opts.locations) {
        writeln!(out, "{hint}")?;
    }
    Ok(())
}

/// [`format_counts`], with the non-zero counts colored.
fn colored_counts(summary: &Summary, paint: Paint) -> String {
    let part = |n: u64, word: &str, code: &str| {
        let text = format!("{n} {word}");
        if n > 0 {
            paint.paint(code, &text)
        } else {
            text
        }
    };
    let mut parts = vec![
        part(summary.passed, "passed", "32"),
        part(summary.failed, "failed", "31"),
        part(summary.ignored, "ignored", "33"),
    ];
    if summary.not_judged > 0 {
        parts.push(part(summary.not_judged, "not judged", "33"));
    }
    if summary.filtered_out > 0 {
        parts.push(format!("{} filtered out", summary.filtered_out));
    }
    parts.join(", ")
}

/// The verdict, padded to its column, then colored.
fn verdict(status: Status, paint: Paint) -> String {
    let code = match status {
        Status::Passed => "32",
        Status::Failed => "31",
        Status::Ignored | Status::NotJudged => "33",
    };
    paint.paint(code, &pad(status_word(status), VERDICT_WIDTH))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    fn render(events: &[Event], opts: &PrettyOptions) -> String {
        let mut out = Vec::new();
        pretty(events, opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    const EXPECTED: &str = "\
shop
  specs/buying.feature (Buying)
    passed      Buy with gold
    failed      Buy without gold
  specs/selling.feature
    ignored     Sell
  aspects
    not judged  buy-is-fast   bench    in a debug build: run `cargo test --release`
    failed      core-is-pure  imports
other
  specs/x.feature
    passed      Y
  aspects
    passed      light  memory  peak 112 B allocated; budget 16.0 KiB

failures:

spec::buying::Buy without gold (shop)
  examples/shop/specs/buying.feature:11:5: step failed: Then I have 5 gold
    Feature: Buying
    Scenario: Buy without gold  (examples/shop/specs/buying.feature:8)
      ✔ Given I have 0 gold
      ✘ Then I have 5 gold  (examples/shop/specs/buying.feature:11)
          expected 5, got 0

aspect::core-is-pure (shop)
  examples/shop/aspects/core-is-pure.md:3:3: evidence failed: imports of shop-core (imports)
    The core stays pure.

      shop-core/src/lib.rs:3: imports std::fs
      shop-core/src/lib.rs:9: imports std::net

specs:   2 passed, 1 failed, 1 ignored
aspects: 1 passed, 1 failed, 0 ignored, 1 not judged
3 passed, 2 failed, 1 ignored, 1 not judged
1 benchmark not judged: run with --release
hint: run `cargo aspect fix` to hand the failures to Claude Code
";

    fn locations() -> Locations {
        Locations::new(
            "/ws",
            [
                ("shop".to_owned(), "/ws/examples/shop".into()),
                ("other".to_owned(), "/ws/examples/other".into()),
            ]
            .into(),
        )
    }

    #[test]
    fn a_run_reads_as_expected() {
        let opts = PrettyOptions {
            locations: locations(),
            ..PrettyOptions::default()
        };
        let text = render(&sample(), &opts);
        assert_eq!(text, EXPECTED, "got:\n{text}");
        // Packages come in the order they first appear; within one, arrival order matters not.
        let mut reversed = sample();
        reversed.reverse();
        reversed.sort_by_key(|e| match e {
            Event::Scenario(s) => s.package == "other",
            Event::Aspect(a) => a.package == "other",
            _ => false,
        });
        assert_eq!(render(&reversed, &opts), EXPECTED);
    }

    #[test]
    fn the_total_line_is_greppable_and_the_hint_comes_last() {
        for color in [false, true] {
            let opts = PrettyOptions {
                color,
                ..PrettyOptions::default()
            };
            let text = render(&sample(), &opts);
            let totals: Vec<&str> = text.lines().filter(|l| is_total_line(l)).collect();
            assert_eq!(totals, ["3 passed, 2 failed, 1 ignored, 1 not judged"]);
            assert_eq!(text.lines().last(), Some(super::super::hint::FIX_HINT));
        }
        let text = render(&passing(), &PrettyOptions::default());
        assert!(
            text.ends_with("\n2 passed, 0 failed, 0 ignored\n"),
            "{text}"
        );
        assert!(!text.contains("hint:"));
        assert!(!text.contains("benchmark"));
    }

    /// `^[0-9]+ passed, [0-9]+ failed, [0-9]+ ignored(, [0-9]+ not judged)?$`, by hand.
    fn is_total_line(line: &str) -> bool {
        let words: Vec<&str> = line.split(", ").collect();
        let expected = ["passed", "failed", "ignored", "not judged"];
        (words.len() == 3 || words.len() == 4)
            && words.iter().zip(expected).all(|(part, word)| {
                part.split_once(' ').is_some_and(|(n, w)| {
                    !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && w == word
                })
            })
    }

    #[test]
    fn quiet_shows_only_failures_and_counts() {
        let opts = PrettyOptions {
            quiet: true,
            locations: locations(),
            ..PrettyOptions::default()
        };
        let text = render(&sample(), &opts);
        let failures = EXPECTED.split("failures:\n\n").nth(1).unwrap();
        assert_eq!(text, format!("failures:\n\n{failures}"));
        let text = render(&passing(), &opts);
        assert_eq!(
            text,
            "specs:   1 passed, 0 failed, 0 ignored\naspects: 1 passed, 0 failed, 0 ignored\n2 passed, 0 failed, 0 ignored\n"
        );
    }

    #[test]
    fn colors_only_when_asked() {
        let plain = render(&sample(), &PrettyOptions::default());
        assert!(!plain.contains('\x1b'));
        let colored = render(
            &sample(),
            &PrettyOptions {
                color: true,
                ..PrettyOptions::default()
            },
        );
        assert!(colored.contains("\x1b[32mpassed    \x1b[0m  Buy with gold"));
        assert!(colored.contains("\x1b[31mfailed    \x1b[0m"));
        assert!(colored.contains("\x1b[33mnot judged\x1b[0m"));
        assert!(colored.contains("\x1b[1;31mfailures:\x1b[0m"));
        let stripped = strip_ansi(&colored);
        assert_eq!(stripped, plain, "colors add escapes and nothing else");
    }

    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn a_release_run_is_not_told_to_use_release() {
        let opts = PrettyOptions {
            release: true,
            ..PrettyOptions::default()
        };
        let text = render(&sample(), &opts);
        assert!(text.contains("1 benchmark not judged (see the reasons above)\n"));
    }

    #[test]
    fn listings_and_nothing_at_all_print_only_counts() {
        let expected = "specs:   0 passed, 0 failed, 0 ignored\naspects: 0 passed, 0 failed, 0 ignored\n0 passed, 0 failed, 0 ignored\n";
        assert_eq!(render(&[], &PrettyOptions::default()), expected);
        assert_eq!(render(&listing(), &PrettyOptions::default()), expected);
    }

    #[test]
    fn a_failed_scenario_without_a_report_still_says_where() {
        let mut e = scenario(
            "shop",
            "spec::a::B",
            "specs/a.feature",
            4,
            Some(Status::Failed),
        );
        e.failed_step = Some(crate::event::FailedStep {
            keyword: "Given ".into(),
            text: "nothing".into(),
            line: 5,
            column: 3,
            reason: "undefined".into(),
        });
        let text = render(&[Event::Scenario(e)], &PrettyOptions::default());
        assert!(
            text.contains("\n  specs/a.feature:5:3: step undefined: Given nothing\n"),
            "{text}"
        );
    }
}
