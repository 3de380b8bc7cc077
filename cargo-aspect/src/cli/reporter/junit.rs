//! `cargo aspect test --junit PATH`: JUnit XML, the one test report format
//! Jenkins, GitLab and GitHub test reporters all read.
//!
//! The XML is written by hand (the format is small and no XML crate is in
//! the dependency tree); everything from the events goes through
//! `escape_attr` or `escape_text`, which also drop what XML 1.0 cannot
//! carry at all (most control characters, ANSI color sequences).
//!
//! Layout: one `<testsuite>` per package and kind, `<package>::specs` and
//! `<package>::aspects`; one `<testcase>` per trial, named as the trial (so
//! the names agree with `cargo test` and nextest), with
//! `classname="<package>.<feature>"` or `"<package>.aspects"`, and `file` and
//! `line` relative to the workspace root. Failures carry the full report,
//! ignored and not-judged trials are `<skipped>`.

use std::fmt::Write as _;

use super::group::{feature_id, group};
use super::text::{aspect_failure_text, first_line, scenario_failure_text, status_word};
use crate::cli::workspace::Locations;
use crate::event::{Event, Status};

/// The JUnit XML report of a run (trials without a status are left out).
pub fn junit(events: &[Event], locations: &Locations) -> String {
    let mut suites = Vec::new();
    for package in group(events) {
        let mut specs = Suite::new(format!("{}::specs", package.name));
        for s in package.scenarios() {
            let Some(status) = s.status else { continue };
            let outcome = match status {
                Status::Failed => {
                    let text = scenario_failure_text(s, locations);
                    CaseOutcome::Failed {
                        message: first_line(&text).to_owned(),
                        kind: s
                            .failed_step
                            .as_ref()
                            .map_or_else(|| "failed".to_owned(), |f| format!("step {}", f.reason)),
                        text,
                    }
                }
                Status::Passed => CaseOutcome::Passed { output: None },
                Status::Ignored | Status::NotJudged => CaseOutcome::Skipped {
                    message: skip_message(status, s.message.as_deref()),
                },
            };
            specs.cases.push(Case {
                name: s.name.clone(),
                classname: format!("{}.{}", package.name, feature_id(s)),
                file: locations.path(&s.package, &s.file),
                line: s.line,
                seconds: s.duration_ms.unwrap_or(0.0) / 1e3,
                outcome,
            });
        }
        let mut aspects = Suite::new(format!("{}::aspects", package.name));
        for a in &package.aspects {
            let Some(status) = a.status else { continue };
            let outcome = match status {
                Status::Failed => {
                    let text = aspect_failure_text(a, locations);
                    CaseOutcome::Failed {
                        message: first_line(&text).to_owned(),
                        kind: a.evidence.clone(),
                        text,
                    }
                }
                Status::Passed => CaseOutcome::Passed {
                    output: a.message.clone(),
                },
                Status::Ignored | Status::NotJudged => CaseOutcome::Skipped {
                    message: skip_message(status, a.message.as_deref()),
                },
            };
            aspects.cases.push(Case {
                name: a.name.clone(),
                classname: format!("{}.aspects", package.name),
                file: locations.path(&a.package, &a.file),
                line: a.line,
                seconds: a.duration_ms.unwrap_or(0.0) / 1e3,
                outcome,
            });
        }
        suites.extend([specs, aspects].into_iter().filter(|s| !s.cases.is_empty()));
    }
    render(&suites)
}

/// Why a trial was skipped: its own reason, or its status.
fn skip_message(status: Status, message: Option<&str>) -> String {
    match message.map(first_line).filter(|m| !m.is_empty()) {
        Some(reason) => reason.to_owned(),
        None => status_word(status).to_owned(),
    }
}

struct Suite {
    name: String,
    cases: Vec<Case>,
}

impl Suite {
    fn new(name: String) -> Self {
        Suite {
            name,
            cases: Vec::new(),
        }
    }

    /// Tests, failures, skipped, seconds.
    fn counts(&self) -> (usize, usize, usize, f64) {
        let failures = self
            .cases
            .iter()
            .filter(|c| matches!(c.outcome, CaseOutcome::Failed { .. }))
            .count();
        let skipped = self
            .cases
            .iter()
            .filter(|c| matches!(c.outcome, CaseOutcome::Skipped { .. }))
            .count();
        let seconds = self.cases.iter().map(|c| c.seconds).sum();
        (self.cases.len(), failures, skipped, seconds)
    }
}

struct Case {
    name: String,
    classname: String,
    file: String,
    line: u32,
    seconds: f64,
    outcome: CaseOutcome,
}

enum CaseOutcome {
    Passed {
        output: Option<String>,
    },
    Failed {
        message: String,
        kind: String,
        text: String,
    },
    Skipped {
        message: String,
    },
}

fn render(suites: &[Suite]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let (mut tests, mut failures, mut skipped, mut seconds) = (0, 0, 0, 0.0);
    for suite in suites {
        let (t, f, s, secs) = suite.counts();
        tests += t;
        failures += f;
        skipped += s;
        seconds += secs;
    }
    let _ = writeln!(
        xml,
        "<testsuites name=\"cargo aspect\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{}\">",
        time(seconds)
    );
    for suite in suites {
        let (t, f, s, secs) = suite.counts();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{t}\" failures=\"{f}\" errors=\"0\" skipped=\"{s}\" time=\"{}\">",
            escape_attr(&suite.name),
            time(secs)
        );
        for case in &suite.cases {
            let _ = write!(
                xml,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"{}\"",
                escape_attr(&case.name),
                escape_attr(&case.classname),
                escape_attr(&case.file),
                case.line,
                time(case.seconds)
            );
            match &case.outcome {
                CaseOutcome::Passed { output: None } => xml.push_str("/>\n"),
                CaseOutcome::Passed {
                    output: Some(output),
                } => {
                    let _ = write!(
                        xml,
                        ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                        escape_text(output)
                    );
                }
                CaseOutcome::Failed {
                    message,
                    kind,
                    text,
                } => {
                    let _ = write!(
                        xml,
                        ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                        escape_attr(message),
                        escape_attr(kind),
                        escape_text(text)
                    );
                }
                CaseOutcome::Skipped { message } => {
                    let _ = write!(
                        xml,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                        escape_attr(message)
                    );
                }
            }
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// Seconds with millisecond precision; never negative or NaN.
fn time(seconds: f64) -> String {
    let seconds = if seconds.is_finite() && seconds > 0.0 {
        seconds
    } else {
        0.0
    };
    format!("{seconds:.3}")
}

/// The characters XML 1.0 can carry: ANSI escape sequences are dropped, any
/// other character XML forbids becomes U+FFFD.
fn xml_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || loop {
        let c = chars.next()?;
        if c == '\x1b' {
            // CSI: ESC [ parameters… final byte in @..~; anything else: drop the ESC.
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        let allowed = matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}';
        return Some(if allowed { c } else { '\u{FFFD}' });
    })
}

/// `text` as an attribute value between double quotes.
pub(super) fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in xml_chars(text) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as element content.
pub(super) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in xml_chars(text) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::xml_check::{parse, Element};
    use super::*;

    fn attr<'a>(e: &'a Element, name: &str) -> &'a str {
        e.attr(name)
            .unwrap_or_else(|| panic!("<{}> has no {name}", e.name))
    }

    #[test]
    fn the_report_parses_with_the_right_counts() {
        let locations = Locations::new(
            "/ws",
            [("shop".to_owned(), "/ws/examples/shop".into())].into(),
        );
        let xml = junit(&sample(), &locations);
        let root = parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        assert_eq!(root.name, "testsuites");
        assert_eq!(
            [
                attr(&root, "tests"),
                attr(&root, "failures"),
                attr(&root, "skipped")
            ],
            ["7", "2", "2"]
        );
        let suites: Vec<[&str; 4]> = root
            .children
            .iter()
            .map(|s| {
                [
                    attr(s, "name"),
                    attr(s, "tests"),
                    attr(s, "failures"),
                    attr(s, "skipped"),
                ]
            })
            .collect();
        assert_eq!(
            suites,
            [
                ["shop::specs", "3", "1", "1"],
                ["shop::aspects", "2", "1", "1"],
                ["other::specs", "1", "0", "0"],
                ["other::aspects", "1", "0", "0"],
            ]
        );
        for suite in &root.children {
            assert_eq!(
                attr(suite, "tests"),
                suite.children.len().to_string(),
                "tests= counts the testcases"
            );
        }
        let broke = &root.children[0].children[1];
        assert_eq!(attr(broke, "name"), "spec::buying::Buy without gold");
        assert_eq!(attr(broke, "classname"), "shop.buying");
        assert_eq!(attr(broke, "file"), "examples/shop/specs/buying.feature");
        assert_eq!(attr(broke, "line"), "8");
        assert_eq!(attr(broke, "time"), "0.002");
        let failure = &broke.children[0];
        assert_eq!(failure.name, "failure");
        assert_eq!(
            attr(failure, "message"),
            "examples/shop/specs/buying.feature:11:5: step failed: Then I have 5 gold"
        );
        assert_eq!(failure.text, FAILED_REPORT.trim_end());
        let fast = &root.children[1].children[0];
        assert_eq!(attr(fast, "classname"), "shop.aspects");
        assert_eq!(fast.children[0].name, "skipped");
        assert_eq!(
            attr(&fast.children[0], "message"),
            "not judged in a debug build: run `cargo test --release`"
        );
        let ignored = &root.children[0].children[2];
        assert_eq!(attr(&ignored.children[0], "message"), "ignored");
        let light = &root.children[3].children[0];
        assert_eq!(light.children[0].name, "system-out");
        assert_eq!(
            light.children[0].text,
            "peak 112 B allocated; budget 16.0 KiB"
        );
    }

    #[test]
    fn hostile_names_and_messages_stay_well_formed() {
        let name = "spec::x::<script>alert(\"&'\")</script> ]]> \u{7}bell";
        let mut e = scenario(
            "p<&>\"'",
            name,
            "specs/x&y.feature",
            1,
            Some(Status::Failed),
        );
        e.message = Some(
            "boom <b>&amp;</b> \"q\" 'a'\u{0}\u{1b}[31mred\u{1b}[0m\r\n]]>\u{FFFE} tab\tend".into(),
        );
        let mut a = aspect("p", "aspect::<x>", "command", Some(Status::NotJudged), None);
        a.message = Some("why: \u{8}\"<\"".into());
        let xml = junit(
            &[Event::Scenario(e), Event::Aspect(a)],
            &Locations::default(),
        );
        assert!(!xml.contains("<script>"));
        assert!(!xml.contains('\u{0}') && !xml.contains('\u{7}') && !xml.contains('\u{1b}'));
        let root = parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        let case = &root.children[0].children[0];
        assert_eq!(
            attr(case, "name"),
            "spec::x::<script>alert(\"&'\")</script> ]]> \u{FFFD}bell"
        );
        assert_eq!(attr(case, "classname"), "p<&>\"'.x");
        assert_eq!(attr(case, "file"), "specs/x&y.feature");
        assert_eq!(
            case.children[0].text,
            "boom <b>&amp;</b> \"q\" 'a'\u{FFFD}red\r\n]]>\u{FFFD} tab\tend"
        );
        let skipped = &root.children[1].children[0].children[0];
        assert_eq!(attr(skipped, "message"), "why: \u{FFFD}\"<\"");
    }

    #[test]
    fn escaping_covers_every_special_character() {
        assert_eq!(
            escape_attr("a&b<c>d\"e'f\ng\th\ri"),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f&#10;g&#9;h&#13;i"
        );
        assert_eq!(escape_text("a&b<c>d\"e'f\ng"), "a&amp;b&lt;c&gt;d\"e'f\ng");
        assert_eq!(escape_text("\u{1b}[1;31mX\u{1b}[0m\u{1b}Y"), "XY");
        assert_eq!(
            escape_text("\u{1}\u{1f}\u{FFFF}😀"),
            "\u{FFFD}\u{FFFD}\u{FFFD}😀"
        );
        assert_eq!(time(f64::NAN), "0.000");
        assert_eq!(time(-1.0), "0.000");
        assert_eq!(time(1.2346), "1.235");
    }

    #[test]
    fn nothing_judged_is_an_empty_but_valid_report() {
        let xml = junit(&listing(), &Locations::default());
        let root = parse(&xml).unwrap();
        assert_eq!(attr(&root, "tests"), "0");
        assert!(root.children.is_empty());
    }
}
