//! `cargo aspect check`'s arguments and flow: a dry run of every harness, its
//! events turned into errors and warnings.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;

use super::hollow_step::{why_hollow, Hollow};
use crate::cli::reporter::warning_lines;
use crate::cli::runner::{self, stderr_color, BuildOptions};
use crate::cli::step_source::{resolve, SourceFile};
use crate::cli::workspace::Workspace;
use crate::cli::{CliError, Format, GlobalOpts, Outcome};
use crate::event::{Event, ScenarioEvent, Status, StepDefinitionEvent, DRY_RUN_ENV};

/// Arguments of `cargo aspect check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Exit codes: 0 everything checks (warnings allowed), 2 an error was found.")]
pub struct CheckArgs {
    /// Output format: `json` prints the dry run's events, one per line.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,
}

/// What the dry runs found.
#[derive(Debug, Default)]
struct Findings {
    scenarios: usize,
    aspects: usize,
    /// One failed scenario per undefined or ambiguous step (file, line, column, text).
    errors: BTreeMap<(String, String, u32, u32, String), ScenarioEvent>,
    /// Step definitions by (file, line, keyword, expression), uses summed over harnesses.
    definitions: BTreeMap<(String, u32, String, String), StepDefinitionEvent>,
    /// The harnesses' `warning` events, in order.
    warnings: Vec<Event>,
}

impl Findings {
    fn add(&mut self, events: Vec<Event>) {
        for event in events {
            match event {
                Event::Scenario(e) => {
                    self.scenarios += 1;
                    if e.status == Some(Status::Failed) {
                        let (line, column, text) = e
                            .failed_step
                            .as_ref()
                            .map_or((e.line, 0, String::new()), |s| {
                                (s.line, s.column, s.text.clone())
                            });
                        let key = (e.package.clone(), e.file.clone(), line, column, text);
                        self.errors.entry(key).or_insert(e);
                    }
                }
                Event::Aspect(_) => self.aspects += 1,
                Event::StepDefinition(d) => {
                    let key = (
                        d.file.clone(),
                        d.line,
                        d.keyword.clone(),
                        d.expression.clone(),
                    );
                    self.definitions
                        .entry(key)
                        .and_modify(|seen| seen.uses += d.uses)
                        .or_insert(d);
                }
                Event::Warning(_) => self.warnings.push(event),
                Event::Format(_) | Event::FilteredOut(_) | Event::Summary(_) => {}
            }
        }
    }

    fn unused(&self) -> impl Iterator<Item = &StepDefinitionEvent> {
        self.definitions.values().filter(|d| d.uses == 0)
    }

    /// The step definitions that can never fail, read from their source files.
    /// A file that cannot be read or parsed, or a definition whose function is
    /// not on the reported line (a macro wrote it), is skipped: this is a
    /// heuristic, and the build already proved the code compiles.
    fn hollow(&self, workspace_root: &std::path::Path) -> Vec<(&StepDefinitionEvent, Hollow)> {
        let mut files: BTreeMap<&str, Option<SourceFile>> = BTreeMap::new();
        let mut found = Vec::new();
        for d in self.definitions.values() {
            let source = files
                .entry(d.file.as_str())
                .or_insert_with(|| SourceFile::read(&resolve(&d.file, workspace_root)).ok());
            let Some(function) = source.as_ref().and_then(|s| s.function_at(d.line)) else {
                continue;
            };
            if let Some(why) = why_hollow(&d.keyword, &function.item) {
                found.push((d, why));
            }
        }
        found
    }
}

/// Run `cargo aspect check`.
///
/// # Errors
/// When a harness cannot be built or cannot load its specs and aspects, or
/// when a step is undefined or ambiguous.
pub fn run(global: &GlobalOpts, args: &CheckArgs) -> Result<Outcome, CliError> {
    let ws = Workspace::load(global)?;
    if ws.harnesses.is_empty() {
        return Err(ws.no_harness());
    }
    let built = runner::build_all(&ws, global, BuildOptions { release: false })?;
    let mut findings = Findings::default();
    let mut all_events = Vec::new();
    // Ignored scenarios are checked too: their steps must still match.
    let libtest_args = [OsString::from("--include-ignored")];
    for harness in &built {
        let run = runner::run(
            &ws,
            harness,
            &libtest_args,
            &[(DRY_RUN_ENV, "1")],
            global.verbose,
        )
        .and_then(runner::HarnessRun::judged)?;
        if args.format == Format::Json {
            all_events.extend(run.events.iter().cloned());
        }
        findings.add(run.events);
    }

    let warnings = warning_lines(&findings.warnings, &ws.locations());
    match args.format {
        Format::Json => {
            print_json(&all_events, &findings)?;
            // Not derivable from the events: said on stderr, stdout stays JSON lines.
            if !global.quiet {
                for (d, why) in findings.hollow(&ws.root) {
                    eprintln!("warning: {}", never_fails(d, &why));
                }
            }
        }
        Format::Pretty => {
            let hollow = findings.hollow(&ws.root);
            print_pretty(&findings, &warnings, &hollow, built.len(), global)?;
        }
    }
    let errors = findings.errors.len();
    if errors > 0 {
        return Err(CliError::new(format!(
            "{errors} undefined or ambiguous step{}: no scenario that uses {} can be judged",
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" }
        )));
    }
    Ok(Outcome::Holds)
}

/// The warning for a step that can never fail, after `warning: `.
fn never_fails(d: &StepDefinitionEvent, why: &Hollow) -> String {
    format!(
        "{}:{}: this step can never fail: it proves nothing (fn {}: {why})",
        d.file, d.line, d.function
    )
}

fn write_error(e: std::io::Error) -> CliError {
    CliError::new(format!("cannot write the report: {e}"))
}

/// The format line, scenario and aspect events as the harness wrote them, then
/// the step definitions with their uses summed over every harness.
fn print_json(events: &[Event], findings: &Findings) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", Event::format().to_line()).map_err(write_error)?;
    for event in events {
        if matches!(
            event,
            Event::Warning(_) | Event::Scenario(_) | Event::Aspect(_)
        ) {
            writeln!(out, "{}", event.to_line()).map_err(write_error)?;
        }
    }
    for definition in findings.definitions.values() {
        let line = Event::StepDefinition(definition.clone()).to_line();
        writeln!(out, "{line}").map_err(write_error)?;
    }
    out.flush().map_err(write_error)
}

/// `error: …` per undefined or ambiguous step, `warning: …` per unused
/// definition and per step that can never fail (to stderr, as cargo prints diagnostics), then one summary line.
fn print_pretty(
    findings: &Findings,
    spec_warnings: &[String],
    hollow: &[(&StepDefinitionEvent, Hollow)],
    packages: usize,
    global: &GlobalOpts,
) -> Result<(), CliError> {
    let color = stderr_color(global.color);
    let label = |code: &str, word: &str| {
        if color {
            format!("\x1b[{code}m{word}\x1b[0m")
        } else {
            word.to_owned()
        }
    };
    let mut err = std::io::stderr().lock();
    for event in findings.errors.values() {
        let message = event.message.as_deref().unwrap_or("").trim_end();
        let message = if message.is_empty() {
            format!(
                "{}:{}: {}: step does not match",
                event.file, event.line, event.name
            )
        } else {
            message.to_owned()
        };
        writeln!(err, "{}: {message}\n", label("1;31", "error")).map_err(write_error)?;
    }
    let mut warnings = 0;
    for line in spec_warnings {
        warnings += 1;
        writeln!(err, "{}: {line}", label("1;33", "warning")).map_err(write_error)?;
    }
    if !global.quiet {
        for d in findings.unused() {
            warnings += 1;
            writeln!(
                err,
                "{}: {}:{}: step definition `#[{}({:?})]` (fn {}) is not used by any spec",
                label("1;33", "warning"),
                d.file,
                d.line,
                d.keyword,
                d.expression,
                d.function
            )
            .map_err(write_error)?;
        }
        for (d, why) in hollow {
            warnings += 1;
            writeln!(err, "{}: {}", label("1;33", "warning"), never_fails(d, why))
                .map_err(write_error)?;
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(
        err,
        "checked {}, {} and {} in {}: {}, {}",
        plural(findings.scenarios, "scenario"),
        plural(findings.aspects, "aspect"),
        plural(findings.definitions.len(), "step definition"),
        plural(packages, "package"),
        plural(findings.errors.len(), "error"),
        plural(warnings, "warning"),
    )
    .map_err(write_error)?;
    err.flush().map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::FailedStep;

    fn scenario(name: &str, line: u32, failed: Option<(u32, &str)>) -> Event {
        Event::Scenario(ScenarioEvent {
            name: name.to_owned(),
            package: "p".to_owned(),
            file: "specs/a.feature".to_owned(),
            line,
            feature: String::new(),
            tags: vec![],
            status: Some(if failed.is_some() {
                Status::Failed
            } else {
                Status::Passed
            }),
            duration_ms: None,
            failed_step: failed.map(|(line, text)| FailedStep {
                keyword: "Given ".to_owned(),
                text: text.to_owned(),
                line,
                column: 5,
                reason: "undefined".to_owned(),
            }),
            undefined_steps: Vec::new(),
            message: Some(format!("specs/a.feature:{line}:5: undefined step")),
            parse_error: None,
        })
    }

    fn definition(expression: &str, uses: u64) -> Event {
        Event::StepDefinition(StepDefinitionEvent {
            keyword: "given".to_owned(),
            expression: expression.to_owned(),
            function: "f".to_owned(),
            file: "tests/steps.rs".to_owned(),
            line: 3,
            uses,
        })
    }

    #[test]
    fn one_error_per_step_and_uses_add_up_across_harnesses() {
        let mut findings = Findings::default();
        findings.add(vec![
            scenario("spec::a::one", 2, Some((4, "a unicorn"))),
            // A Background step shared by two scenarios is one error.
            scenario("spec::a::two", 8, Some((4, "a unicorn"))),
            scenario("spec::a::three", 12, None),
            definition("x", 0),
            definition("y", 0),
        ]);
        findings.add(vec![definition("x", 2)]);
        assert_eq!(findings.scenarios, 3);
        assert_eq!(findings.errors.len(), 1);
        let unused: Vec<&str> = findings.unused().map(|d| d.expression.as_str()).collect();
        assert_eq!(unused, ["y"]);
    }
}
