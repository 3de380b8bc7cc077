//! What the imports check reports: one [`Violation`] per denied use, denied
//! dependency or file it could not read, and a crate's [`Scan`].

use std::fmt;
use std::path::PathBuf;

/// What a [`Violation`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViolationKind {
    /// A denied path written in the code (`path` is resolved, `rule` the deny entry).
    Path,
    /// A use of a dependency under `external` (`path` is the path used,
    /// resolved: `clap::Parser`).
    Dependency {
        /// Its key in the manifest: the name the code uses (`clap`, `json`).
        dependency: String,
        /// `package = "..."` when the key renames a package.
        package: Option<String>,
        /// For an optional dependency, the features that bring it in.
        features: Vec<String>,
        /// `dev-dependency` or `build-dependency`; `dependency` otherwise.
        table: &'static str,
    },
    /// A file that could not be checked: unreadable, unparsable, or a `mod x;`
    /// without a file. It makes the verdict fail: unchecked code proves nothing.
    Unreadable {
        /// `cannot parse: expected `;``, `cannot find module `x`: ...`.
        reason: String,
    },
    /// A use a `layers` or `independent` contract forbids (`path` is what is
    /// used: a resolved path, or a dependency's key between crates).
    Contract {
        /// The module (or crate) that uses, as listed in the contract.
        from: String,
        /// The module (or crate) it uses, as listed.
        to: String,
        /// Why that is forbidden (`a layer above it: server > db`).
        why: String,
    },
}

/// One denied use, located at the first segment of the offending path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The file, relative to the workspace root (a manifest for a contract
    /// between crates).
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
    /// The module the use is written in (`a::b`; empty for the crate root and
    /// for what is not a use).
    pub module: String,
    /// What kind of violation.
    pub kind: ViolationKind,
}

impl Violation {
    /// The report line naming the aspect:
    /// `src/lib.rs:3:5: uses std::fs (denied by core-is-pure)`,
    /// `src/main.rs:4:5: uses clap::Parser (dependency clap) (denied by core-is-pure as external)`.
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
            (
                ViolationKind::Dependency {
                    dependency,
                    package,
                    features,
                    table,
                },
                _,
            ) => {
                let mut what = format!("{table} {dependency}");
                if let Some(package) = package {
                    what.push_str(&format!(", package {package}"));
                }
                if !features.is_empty() {
                    let names: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
                    what.push_str(&format!(
                        ", optional: brought in by feature {}",
                        names.join(" or ")
                    ));
                }
                let by = match aspect {
                    Some(aspect) => format!("denied by {aspect} as external"),
                    None => "denied by rule external".to_owned(),
                };
                format!("{at}: uses {} ({what}) ({by})", self.path)
            }
            (ViolationKind::Unreadable { reason }, _) => format!("{at}: {reason}"),
            (ViolationKind::Contract { from, to, why }, aspect) => {
                let by = aspect.map_or_else(String::new, |a| format!("; denied by {a}"));
                format!("{at}: `{from}` uses `{to}` ({}): {why}{by}", self.path)
            }
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
    /// The kinds of target checked (`lib`, `bins`, ...).
    pub targets: Vec<&'static str>,
    /// With `external`: the denied dependencies no checked code uses, by key.
    pub unused: Vec<String>,
}
