//! `imports` evidence: a crate uses nothing it must not — no denied paths
//! (`std::fs`, `std::net`, ...) anywhere in its code, and, with `external`, no
//! dependency in its manifest.
//!
//! It exists so that an architectural rule ("the core does no I/O and depends on
//! nothing") is checked on every run instead of trusted. The check is static and
//! must stay so: it reads manifests and sources and never runs cargo, a build, or
//! anything from the crate; it never panics on what it reads (a file that does not
//! parse is reported, not skipped); it looks only at production code — the lib and
//! bin targets' module trees, not `tests/`, `benches/`, `examples/` or `build.rs`.
//!
//! What counts as a use: every path written in the module tree, `#[cfg(test)]`
//! modules included — `use` trees (groups, globs, renames), expression, type,
//! pattern and trait-bound paths, attribute and macro paths, and `a::b` / `::a`
//! sequences inside macro and attribute token streams (never inside literals or
//! comments). Paths are resolved through the `use` aliases and `extern crate`
//! renames in scope (see `resolve`), so `use std::fs;` is reported and so is each
//! `fs::read(..)` written after it, as `std::fs::read` at the `fs`.

mod manifest;
mod resolve;
mod scope;
#[cfg(test)]
mod tests;
mod tree;
mod workspace;

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Context, Evidence, Verdict};
use resolve::{Rule, Rules};

/// `imports` evidence as configured in an aspect's frontmatter.
#[derive(Clone, Debug)]
pub struct ImportsEvidence {
    crate_name: String,
    deny: Vec<String>,
    allow: Vec<String>,
}

impl ImportsEvidence {
    /// Evidence that package `crate_name` of the workspace uses nothing in `deny`
    /// (`external`, or paths like `std::fs`) unless it is in `allow` (dependency
    /// names or paths).
    pub fn new(crate_name: String, deny: Vec<String>, allow: Vec<String>) -> Self {
        ImportsEvidence {
            crate_name,
            deny,
            allow,
        }
    }
}

impl Evidence for ImportsEvidence {
    fn kind(&self) -> &'static str {
        "imports"
    }

    fn describe(&self) -> String {
        let mut text = format!(
            "imports of {} (deny {}",
            self.crate_name,
            self.deny.join(", ")
        );
        if !self.allow.is_empty() {
            text.push_str("; allow ");
            text.push_str(&self.allow.join(", "));
        }
        text.push(')');
        text
    }

    fn validate(&self, ctx: &Context<'_>) -> Result<(), String> {
        CheckRules::parse(&self.deny, &self.allow)?;
        workspace::find(ctx.workspace_root, &self.crate_name).map(drop)
    }

    fn judge(&self, ctx: &Context<'_>) -> Verdict {
        let deny = self.deny.join(", ");
        let scan = match scan_crate(
            ctx.workspace_root,
            &self.crate_name,
            &self.deny,
            &self.allow,
        ) {
            Ok(scan) => scan,
            Err(message) => return Verdict::Fails { message },
        };
        if scan.violations.is_empty() {
            return Verdict::Holds {
                summary: format!(
                    "{}: {} {}, {} {}, no denied imports (deny: {deny})",
                    self.crate_name,
                    scan.files,
                    plural(scan.files, "file", "files"),
                    scan.lines,
                    plural(scan.lines, "line", "lines"),
                ),
            };
        }
        let mut message = String::new();
        for violation in &scan.violations {
            message.push_str(&violation.message(ctx.aspect));
            message.push('\n');
        }
        let unchecked = scan
            .violations
            .iter()
            .filter(|v| matches!(v.kind, ViolationKind::Unreadable { .. }))
            .count();
        let denied = scan.violations.len() - unchecked;
        message.push_str(&format!(
            "{denied} denied {} in {} (deny: {deny})",
            plural(denied, "import", "imports"),
            self.crate_name
        ));
        if unchecked > 0 {
            message.push_str(&format!(
                "; {unchecked} {} not checked",
                plural(unchecked, "place", "places")
            ));
        }
        Verdict::Fails { message }
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// What a [`Violation`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViolationKind {
    /// A denied path written in the code (`path` is resolved, `rule` the deny entry).
    Path,
    /// A dependency in the manifest under `external` (`path` is its key).
    Dependency {
        /// `package = "..."` when the key renames a package.
        package: Option<String>,
    },
    /// A file that could not be checked: unreadable, unparsable, or a `mod x;`
    /// without a file. It makes the verdict fail: unchecked code proves nothing.
    Unreadable {
        /// `cannot parse: expected `;``, `cannot find module `x`: ...`.
        reason: String,
    },
}

/// One denied use, located at the first segment of the offending path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The file, relative to the workspace root (`Cargo.toml` for dependencies).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The resolved path (`std::fs::read_to_string`) or dependency name; empty
    /// for [`ViolationKind::Unreadable`].
    pub path: String,
    /// The deny entry it falls under (`std::fs`, `external`); empty for
    /// [`ViolationKind::Unreadable`].
    pub rule: String,
    /// What kind of violation.
    pub kind: ViolationKind,
}

impl Violation {
    /// The report line naming the aspect:
    /// `src/lib.rs:3:5: uses std::fs (denied by core-is-pure)`,
    /// `Cargo.toml:8:1: depends on rand (denied by core-is-pure as external)`.
    pub fn message(&self, aspect: &str) -> String {
        self.render(Some(aspect))
    }

    /// The line with the aspect's name, or the rule when there is none.
    fn render(&self, aspect: Option<&str>) -> String {
        let at = format!("{}:{}:{}", self.file.display(), self.line, self.column);
        match (&self.kind, aspect) {
            (ViolationKind::Path, Some(aspect)) => {
                format!("{at}: uses {} (denied by {aspect})", self.path)
            }
            (ViolationKind::Path, None) => {
                format!("{at}: uses {} (denied by rule {})", self.path, self.rule)
            }
            (ViolationKind::Dependency { package }, _) => {
                let renamed = package
                    .as_ref()
                    .map(|p| format!(" (package {p})"))
                    .unwrap_or_default();
                let by = match aspect {
                    Some(aspect) => format!("denied by {aspect} as external"),
                    None => "denied by rule external".to_owned(),
                };
                format!("{at}: depends on {}{renamed} ({by})", self.path)
            }
            (ViolationKind::Unreadable { reason }, _) => format!("{at}: {reason}"),
        }
    }
}

impl fmt::Display for Violation {
    /// Like [`Violation::message`] with the rule instead of an aspect name:
    /// `src/lib.rs:3:5: uses std::fs::read (denied by rule std::fs)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(None))
    }
}

/// The result of checking a crate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Every violation, sorted by file, line and column.
    pub violations: Vec<Violation>,
    /// Source files parsed.
    pub files: usize,
    /// Their lines.
    pub lines: usize,
}

/// Check package `crate_name` of the workspace at `workspace_root`: the function
/// behind [`ImportsEvidence::judge`], for benchmarks and tools.
///
/// # Errors
/// A message when a rule is malformed, the crate is not a workspace member, or it
/// has no lib or bin target. Unparsable files are violations, not errors.
pub fn check_crate(
    workspace_root: &Path,
    crate_name: &str,
    deny: &[String],
    allow: &[String],
) -> Result<Vec<Violation>, String> {
    scan_crate(workspace_root, crate_name, deny, allow).map(|scan| scan.violations)
}

/// [`check_crate`] with the number of files and lines read.
///
/// # Errors
/// As [`check_crate`].
pub fn scan_crate(
    workspace_root: &Path,
    crate_name: &str,
    deny: &[String],
    allow: &[String],
) -> Result<Scan, String> {
    let rules = CheckRules::parse(deny, allow)?;
    // `a/b/..` would not prefix the members' normalized paths in messages.
    let workspace_root = &workspace::normalize(workspace_root);
    let member = workspace::find(workspace_root, crate_name)?;
    let mut roots: Vec<PathBuf> = member.manifest.lib.iter().cloned().collect();
    roots.extend(member.manifest.bins.iter().cloned());
    if roots.is_empty() {
        return Err(format!(
            "crate `{crate_name}` has no lib or bin target in {} (no src/lib.rs, src/main.rs, [lib] or [[bin]] path)",
            member.dir.display()
        ));
    }
    let walked = tree::walk(workspace_root, &roots, &rules.paths)?;
    let mut violations = walked.violations;
    if rules.external {
        let manifest = member.dir.join("Cargo.toml");
        let file = manifest
            .strip_prefix(workspace_root)
            .unwrap_or(&manifest)
            .to_owned();
        for dep in &member.manifest.dependencies {
            let names = [Some(&dep.name), dep.package.as_ref()];
            if names.iter().flatten().any(|n| rules.allows_crate(n)) {
                continue;
            }
            violations.push(Violation {
                file: file.clone(),
                line: dep.line,
                column: dep.column,
                path: dep.name.clone(),
                rule: "external".to_owned(),
                kind: ViolationKind::Dependency {
                    package: dep.package.clone(),
                },
            });
        }
    }
    violations.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.path).cmp(&(&b.file, b.line, b.column, &b.path))
    });
    violations.dedup();
    Ok(Scan {
        violations,
        files: walked.files,
        lines: walked.lines,
    })
}

/// Check one `deny` entry as written, so a loader can point at the entry at fault.
///
/// # Errors
/// When the entry is neither `external` nor a path.
pub(crate) fn check_deny_entry(entry: &str) -> Result<(), String> {
    CheckRules::parse(&[entry.to_owned()], &[]).map(drop)
}

/// Check one `allow` entry as written, so a loader can point at the entry at fault.
///
/// # Errors
/// When the entry is neither a crate name nor a path.
pub(crate) fn check_allow_entry(entry: &str) -> Result<(), String> {
    CheckRules::parse(&["external".to_owned()], &[entry.to_owned()]).map(drop)
}

/// The deny and allow lists, parsed.
struct CheckRules {
    external: bool,
    paths: Rules,
    allow_crates: Vec<String>,
}

impl CheckRules {
    fn parse(deny: &[String], allow: &[String]) -> Result<CheckRules, String> {
        let mut rules = CheckRules {
            external: false,
            paths: Rules::default(),
            allow_crates: Vec::new(),
        };
        if deny.is_empty() {
            return Err(
                "imports evidence denies nothing: give `deny: [external, \"std::fs\", ...]`"
                    .to_owned(),
            );
        }
        for entry in deny {
            let entry = entry.trim();
            if entry == "external" {
                rules.external = true;
                continue;
            }
            let segments = path_segments(entry).ok_or_else(|| {
                format!("deny entry `{entry}` is neither `external` nor a path like `std::fs`")
            })?;
            rules.paths.deny.push(Rule {
                text: segments.join("::"),
                segments,
            });
        }
        for entry in allow {
            let entry = entry.trim();
            let as_path = entry.replace('-', "_");
            let segments = path_segments(&as_path).ok_or_else(|| {
                format!(
                    "allow entry `{entry}` is neither a crate name nor a path like `std::fs::File`"
                )
            })?;
            if segments.len() == 1 {
                rules.allow_crates.push(as_path.clone());
            }
            rules.paths.allow.push(segments);
        }
        Ok(rules)
    }

    fn allows_crate(&self, name: &str) -> bool {
        let name = name.replace('-', "_");
        self.allow_crates.contains(&name)
    }
}

/// `std::fs` or `::std::fs` → `["std", "fs"]`; `None` unless every segment is an
/// identifier (and not `crate`, `self`, `super`).
fn path_segments(text: &str) -> Option<Vec<String>> {
    let text = text.strip_prefix("::").unwrap_or(text);
    let segments: Vec<String> = text.split("::").map(str::to_owned).collect();
    let ident = |s: &String| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
            && s != "_"
            && !matches!(s.as_str(), "crate" | "self" | "super" | "Self")
    };
    segments.iter().all(ident).then_some(segments)
}
