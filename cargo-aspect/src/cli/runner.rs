//! Build the harnesses with cargo and run them as processes, reading their events.
//!
//! This module exists so `list`, `check` and `test` reach harnesses the way
//! nextest does: through cargo's JSON messages (which locate the test
//! executable) and the harness's process interface (libtest arguments in, the
//! JSON-lines events of [`crate::event`] out). A harness run here behaves
//! exactly as under `cargo test`: same profile, same working directory.
//!
//! It must not judge or print results (the commands and `reporter/` do), and it
//! must not link the harness or load specs itself.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cargo_metadata::Message;

use super::workspace::{HarnessPackage, Workspace};
use super::{CliError, Color, GlobalOpts};
use crate::event::{Event, EVENTS_ENV};
use crate::exit_code::{EXIT_CANNOT_JUDGE, EXIT_FAILS, EXIT_HOLDS};

/// A harness that cargo built.
#[derive(Debug, Clone)]
pub struct Built {
    /// Its package.
    pub package: HarnessPackage,
    /// The test executable cargo reported.
    pub executable: PathBuf,
}

/// What one harness run produced.
#[derive(Debug, Clone)]
pub struct HarnessRun {
    /// The package whose harness ran.
    pub package: String,
    /// The harness's exit code: [`EXIT_HOLDS`], [`EXIT_FAILS`], or
    /// [`EXIT_CANNOT_JUDGE`] when a feature file does not parse (see [`HarnessRun::judged`]).
    pub code: u8,
    /// Every event the harness wrote, in order.
    pub events: Vec<Event>,
}

impl HarnessRun {
    /// The run, or the error of a run that cannot be judged (a feature file
    /// does not parse), for commands that have no use for the other trials.
    ///
    /// # Errors
    /// Each file that does not parse, located, one per line.
    pub fn judged(self) -> Result<HarnessRun, CliError> {
        match unparsed(&self.events).as_slice() {
            [] => Ok(self),
            errors => Err(CliError::new(errors.join("\n"))),
        }
    }
}

/// The report of each feature file that does not parse, as its trial failed
/// (`path:line:col: why` and the line).
pub fn unparsed(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Scenario(s) if s.parse_error.is_some() && s.status.is_some() => {
                s.message.clone()
            }
            _ => None,
        })
        .collect()
}

/// How to build.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    /// `--release`.
    pub release: bool,
}

/// Build every harness of `ws` with cargo, one `cargo build` per harness target name.
///
/// cargo's own progress goes to stderr as usual (it is inherited, so nothing can
/// fill a pipe and deadlock); compiler messages arrive as JSON and are printed
/// rendered, as cargo prints them.
///
/// # Errors
/// When cargo cannot be started, the build fails, or cargo reports no executable.
pub fn build_all(
    ws: &Workspace,
    global: &GlobalOpts,
    options: BuildOptions,
) -> Result<Vec<Built>, CliError> {
    let mut names: Vec<&str> = ws.harnesses.iter().map(|h| h.target.as_str()).collect();
    names.dedup();
    names.sort_unstable();
    names.dedup();
    let mut built = Vec::new();
    for name in names {
        let packages: Vec<&HarnessPackage> =
            ws.harnesses.iter().filter(|h| h.target == name).collect();
        built.extend(build_target(ws, global, options, name, &packages)?);
    }
    // Keep the workspace's package order.
    built.sort_by_key(|b| ws.harnesses.iter().position(|h| h.id == b.package.id));
    Ok(built)
}

fn build_target(
    ws: &Workspace,
    global: &GlobalOpts,
    options: BuildOptions,
    target: &str,
    packages: &[&HarnessPackage],
) -> Result<Vec<Built>, CliError> {
    let mut build = escargot::CargoBuild::new()
        .manifest_path(&ws.manifest_path)
        .test(target);
    for package in packages {
        build = build.package(&package.name);
    }
    if options.release {
        build = build.release();
    }
    let rendered_ansi = stderr_color(global.color);
    if rendered_ansi {
        build = build.arg("--message-format=json-diagnostic-rendered-ansi");
    }
    build = build.arg("--color").arg(color_word(global.color));
    if global.quiet {
        build = build.arg("--quiet");
    }
    let mut command = build.into_command();
    command.stdout(Stdio::piped()).stderr(Stdio::inherit());
    let mut child = command
        .spawn()
        .map_err(|e| CliError::new(format!("cannot run cargo: {e}")))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| CliError::new("cannot read cargo's output"))?;

    let mut executables: Vec<(String, PathBuf)> = Vec::new();
    let stderr = std::io::stderr();
    for message in Message::parse_stream(BufReader::new(stdout)) {
        let Ok(message) = message else { continue };
        match message {
            Message::CompilerArtifact(artifact) if artifact.target.name == target => {
                if let Some(exe) = artifact.executable {
                    executables.push((artifact.package_id.repr, exe.into_std_path_buf()));
                }
            }
            Message::CompilerMessage(message) => {
                let is_error = matches!(
                    message.message.level,
                    cargo_metadata::diagnostic::DiagnosticLevel::Error
                        | cargo_metadata::diagnostic::DiagnosticLevel::Ice
                );
                if let Some(rendered) = &message.message.rendered {
                    if is_error || !global.quiet {
                        let mut err = stderr.lock();
                        let _ = err.write_all(rendered.as_bytes());
                        let _ = err.flush();
                    }
                }
            }
            // A build script printed to stdout; cargo would show it with -vv.
            Message::TextLine(line) if global.verbose && !line.trim().is_empty() => {
                eprintln!("{line}");
            }
            _ => {}
        }
    }
    let status = child
        .wait()
        .map_err(|e| CliError::new(format!("cannot wait for cargo: {e}")))?;
    let names: Vec<&str> = packages.iter().map(|p| p.name.as_str()).collect();
    if !status.success() {
        return Err(CliError::new(format!(
            "could not build the `{target}` test target of {}; cannot judge",
            names.join(", ")
        )));
    }
    packages
        .iter()
        .map(|package| {
            let executable = executables
                .iter()
                .find(|(id, _)| *id == package.id)
                .map(|(_, exe)| exe.clone())
                .ok_or_else(|| {
                    CliError::new(format!(
                        "cargo built {} but reported no `{target}` test executable",
                        package.name
                    ))
                })?;
            Ok(Built {
                package: (*package).clone(),
                executable,
            })
        })
        .collect()
}

/// `--color`'s value as cargo spells it.
fn color_word(color: Color) -> &'static str {
    match color {
        Color::Auto => "auto",
        Color::Always => "always",
        Color::Never => "never",
    }
}

/// Whether messages we print to stderr get color.
pub fn stderr_color(color: Color) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// Run one harness with libtest `args` and extra `env`, collecting its events.
///
/// The events file lives under `<target>/aspect/`; it is removed after reading.
/// With `verbose` the harness's own output is echoed to stderr.
///
/// # Errors
/// When the harness cannot start, exits 2 without a trial saying why (its
/// `error: …` message, located in the user's file, becomes the error), dies without an exit code, or writes events
/// in another format version than this binary reads.
pub fn run(
    ws: &Workspace,
    built: &Built,
    args: &[OsString],
    env: &[(&str, &str)],
    verbose: bool,
) -> Result<HarnessRun, CliError> {
    let dir = ws.target_dir.join("aspect");
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
    let events_path = dir.join(format!(
        "{}-{}.events.jsonl",
        built.package.name,
        std::process::id()
    ));
    let _ = std::fs::remove_file(&events_path);

    let mut command = Command::new(&built.executable);
    command
        .args(args)
        .current_dir(&built.package.root)
        .env(EVENTS_ENV, &events_path)
        .env("CARGO_MANIFEST_DIR", &built.package.root)
        .env("CARGO_PKG_NAME", &built.package.name)
        // This is not nextest, even when nextest runs `cargo aspect` (a harness
        // run by nextest fails a trial it cannot judge; see harness/aspects.rs).
        .env_remove("NEXTEST")
        .stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    // `output` drains stdout and stderr together, so a chatty harness cannot block.
    let output = command.output().map_err(|e| {
        CliError::new(format!(
            "cannot run the harness of {} ({}): {e}",
            built.package.name,
            built.executable.display()
        ))
    })?;
    let events = read_events(&events_path);
    let _ = std::fs::remove_file(&events_path);
    check_format(&events, &built.package.name)?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if verbose {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "── harness of {} ──", built.package.name);
        let _ = err.write_all(stdout.as_bytes());
        let _ = err.write_all(stderr.as_bytes());
    }
    match output
        .status
        .code()
        .and_then(|code| u8::try_from(code).ok())
    {
        Some(code @ (EXIT_HOLDS | EXIT_FAILS)) => Ok(HarnessRun {
            package: built.package.name.clone(),
            code,
            events,
        }),
        // Files that do not parse are trials of their own; the rest ran.
        Some(code @ EXIT_CANNOT_JUDGE) if !unparsed(&events).is_empty() => Ok(HarnessRun {
            package: built.package.name.clone(),
            code,
            events,
        }),
        Some(EXIT_CANNOT_JUDGE) => Err(CliError::new(harness_error(&stderr, &built.package.name))),
        _ => Err(CliError::new(format!(
            "the harness of {} ({}) stopped without a verdict ({}){}",
            built.package.name,
            built.executable.display(),
            output.status,
            tail(&stderr)
        ))),
    }
}

/// Every `format` line of a harness's events names the version this binary
/// reads; one that does not is a runtime of another version, whose events
/// would be misread.
fn check_format(events: &[Event], package: &str) -> Result<(), CliError> {
    for event in events {
        if let Event::Format(format) = event {
            format
                .check()
                .map_err(|e| CliError::new(format!("the harness of {package} wrote {e}")))?;
        }
    }
    Ok(())
}

/// The harness's own `error: …` lines, without the prefix `main` adds again.
fn harness_error(stderr: &str, package: &str) -> String {
    let text = stderr.trim();
    if text.is_empty() {
        return format!("the harness of {package} could not judge (exit 2) and said nothing");
    }
    text.strip_prefix("error: ").unwrap_or(text).to_owned()
}

/// The last lines of a crashed harness's stderr, indented under the error.
fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.trim_end().lines().collect();
    let start = lines.len().saturating_sub(20);
    lines[start..].iter().map(|l| format!("\n  {l}")).collect()
}

/// Every event in `path`; a line that does not parse (a harness killed
/// mid-write leaves a truncated last line) is skipped.
pub fn read_events(path: &Path) -> Vec<Event> {
    let Ok(file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    BufReader::new(file)
        .split(b'\n')
        .map_while(Result::ok)
        .filter_map(|line| Event::from_line(String::from_utf8_lossy(&line).trim()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_last_line_is_skipped() {
        let dir = std::env::temp_dir().join(format!("aspect-cli-events-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("events.jsonl");
        std::fs::write(
            &path,
            "{\"type\":\"summary\",\"passed\":1,\"failed\":0,\"ignored\":0}\n\
             {\"type\":\"scenario\",\"name\":\"spec::a::b\",\"file\":\"specs/a.feat",
        )
        .unwrap();
        let events = read_events(&path);
        assert_eq!(events.len(), 1);
        assert!(matches!(events[0], Event::Summary(_)));
        assert!(read_events(&dir.join("missing")).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn events_of_another_format_version_are_refused() {
        let dir = std::env::temp_dir().join(format!("aspect-cli-format-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("events.jsonl");
        let summary =
            "{\"type\":\"summary\",\"passed\":1,\"failed\":0,\"ignored\":0,\"not_judged\":0}";
        std::fs::write(
            &path,
            format!("{{\"type\":\"format\",\"version\":2}}\n{summary}\n"),
        )
        .unwrap();
        assert!(check_format(&read_events(&path), "shop").is_ok());
        // Under nextest every process writes its own format line.
        std::fs::write(
            &path,
            format!("{{\"type\":\"format\",\"version\":3}}\n{summary}\n{{\"type\":\"format\",\"version\":4}}\n{summary}\n"),
        )
        .unwrap();
        let refused = check_format(&read_events(&path), "shop").unwrap_err();
        assert!(
            refused.message.starts_with(
                "the harness of shop wrote events in format version 4, but cargo-aspect"
            ),
            "{}",
            refused.message
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn harness_errors_lose_their_prefix_and_crashes_keep_the_tail() {
        assert_eq!(
            harness_error("error: specs/a.feature:3:5: expected a step\n", "x"),
            "specs/a.feature:3:5: expected a step"
        );
        assert!(harness_error("", "x").contains("said nothing"));
        assert_eq!(tail("a\nb\n"), "\n  a\n  b");
    }
}
