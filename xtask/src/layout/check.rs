//! Runs every layout rule over the workspace and turns the problems into an exit code.
//!
//! It must not fix anything: it prints where each rule is broken.

use std::path::Path;
use std::process::ExitCode;

use super::{cycles, files, sizes};

/// Check the workspace at `root`: exit 0 when every rule holds, 1 when one is
/// broken (each problem on stderr as `file:line: message`), 2 when a file
/// cannot be read or parsed.
pub fn run(root: &Path) -> ExitCode {
    let sources = match files::read_sources(root) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("error: layout: {message}");
            return ExitCode::from(2);
        }
    };
    let mut problems = sizes::oversized(&sources, sizes::EXEMPT);
    match cycles::mutual_imports(&sources) {
        Ok(found) => problems.extend(found),
        Err(message) => {
            eprintln!("error: layout: {message}");
            return ExitCode::from(2);
        }
    }
    problems.extend(files::mixed_conventions(&sources));
    for problem in &problems {
        eprintln!("{problem}");
    }
    if problems.is_empty() {
        println!(
            "layout: {} files in {}: none over {} lines, no modules importing each other",
            sources.len(),
            files::CRATE_SOURCES.join(", "),
            sizes::MAX_LINES
        );
        ExitCode::SUCCESS
    } else {
        eprintln!("layout: {} problem(s)", problems.len());
        ExitCode::FAILURE
    }
}
