//! What the report reads besides the events: the spec and aspect files of each
//! package (the same globs the harness uses), the git commit and the time.
//!
//! This module exists so the renderer stays a pure function of its input: all
//! file and process I/O of the page happens here. A file that cannot be read
//! or parsed is kept as its error, shown on the page; it never stops the
//! report. It must not run evidence or steps, or decide any verdict.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::Config;
use crate::spec::ast;

/// The spec and aspect files of one package.
#[derive(Clone, Debug, Default)]
pub struct PackageSources {
    /// The package's name, as events carry it.
    pub name: String,
    /// Its feature files, sorted by path.
    pub specs: Vec<SpecSource>,
    /// Its aspect files, sorted by path.
    pub aspects: Vec<AspectSource>,
    /// Why its configuration could not be read, if it could not.
    pub error: Option<String>,
}

/// One feature file.
#[derive(Clone, Debug)]
pub struct SpecSource {
    /// Relative to the package root, as events name it.
    pub file: String,
    /// The document (`None` for a file without `Feature:`), or why it cannot be read.
    pub feature: Result<Option<ast::Feature>, String>,
}

/// One aspect file.
#[derive(Clone, Debug)]
pub struct AspectSource {
    /// Relative to the package root, as events name it.
    pub file: String,
    /// The aspect as written, or why it cannot be read.
    pub doc: Result<AspectDoc, String>,
}

/// An aspect as written: what the page shows besides its verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AspectDoc {
    /// Its name.
    pub name: String,
    /// The evidence kind (`imports`, `bench`, …).
    pub kind: String,
    /// One line describing the evidence.
    pub description: String,
    /// The YAML between the `---` lines, as written: the evidence's parameters.
    pub frontmatter: String,
    /// The markdown after the frontmatter.
    pub body: String,
    /// Tags, each with its `@`.
    pub tags: Vec<String>,
}

/// Where and when the run happened, and what could not be judged.
#[derive(Clone, Debug, Default)]
pub struct RunInfo {
    /// The page's title (the workspace directory's name).
    pub title: String,
    /// Where the events came from: `cargo aspect test`, or `events from FILE`.
    pub source: String,
    /// The commit checked out, `+ changes` when the tree is dirty.
    pub commit: Option<String>,
    /// When the run happened (UTC).
    pub time: Option<String>,
    /// Harnesses that could not judge, one message each.
    pub errors: Vec<String>,
}

/// Read the spec and aspect files `Cargo.toml` of the package in `root` selects.
pub fn load_package(name: &str, root: &Path) -> PackageSources {
    let config = match Config::load(root) {
        Ok(config) => config,
        Err(e) => {
            return PackageSources {
                name: name.to_owned(),
                error: Some(e.to_string()),
                ..PackageSources::default()
            }
        }
    };
    let specs = config
        .spec_files()
        .iter()
        .map(|path| SpecSource {
            file: config.package_path(path),
            feature: read_spec(path),
        })
        .collect();
    let aspects = config
        .aspect_files()
        .iter()
        .map(|path| AspectSource {
            file: config.package_path(path),
            doc: read_aspect(path),
        })
        .collect();
    PackageSources {
        name: name.to_owned(),
        specs,
        aspects,
        error: None,
    }
}

fn read_spec(path: &Path) -> Result<Option<ast::Feature>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    crate::spec::parse(&text, path)
        .map(|file| file.feature)
        .map_err(|e| e.to_string())
}

fn read_aspect(path: &Path) -> Result<AspectDoc, String> {
    let aspect = crate::aspect::load(path).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(path).unwrap_or_default();
    Ok(AspectDoc {
        name: aspect.name.clone(),
        kind: aspect.evidence.kind().to_owned(),
        description: aspect.evidence.describe(),
        frontmatter: frontmatter(&text),
        body: aspect.body.clone(),
        tags: aspect.tags.clone(),
    })
}

/// The lines between the opening and the closing `---`.
pub(crate) fn frontmatter(text: &str) -> String {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").trim_start_matches('\u{feff}');
    if first.trim_end() != "---" {
        return String::new();
    }
    lines
        .take_while(|l| l.trim_end() != "---")
        .collect::<Vec<_>>()
        .join("\n")
}

/// The commit checked out in `dir` (`git rev-parse --short=12 HEAD`), with
/// ` + changes` when tracked files differ from it; `None` outside git.
pub fn git_commit(dir: &Path) -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let output = Command::new("git")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).filter(|c| !c.is_empty())?;
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    Some(if dirty {
        format!("{commit} + changes")
    } else {
        commit
    })
}

/// `YYYY-MM-DD HH:MM UTC`.
pub fn utc(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let (hour, minute) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(utc(UNIX_EPOCH), "1970-01-01 00:00 UTC");
        let t = UNIX_EPOCH + Duration::from_secs(1_709_210_096); // 2024-02-29 12:34:56
        assert_eq!(utc(t), "2024-02-29 12:34 UTC");
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(utc(t), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn the_frontmatter_is_kept_as_written() {
        assert_eq!(
            frontmatter("---\nname: x\nevidence: {bench: b, max: 2us}\n---\nBody"),
            "name: x\nevidence: {bench: b, max: 2us}"
        );
        assert_eq!(frontmatter("no frontmatter"), "");
    }
}
