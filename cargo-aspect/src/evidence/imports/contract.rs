//! Contracts between modules, as import-linter and ArchUnit state them:
//! `layers` (a module may use only the modules listed below it) and
//! `independent` (none of the modules uses another), over the modules of one
//! crate or, without `crate:`, over the workspace's member crates.
//!
//! Between modules, one scan of the crate finds every path into a listed
//! module (resolved as for `deny: ["crate::db"]`, so aliases and re-exports
//! cannot hide one) and keeps those the contract forbids. Between crates, a
//! crate uses another only through a dependency in its manifest, so the
//! manifests are read and nothing else. Must not: know about aspect files.

use crate::evidence::{Context, Evidence, Verdict};

use super::baseline;
use super::rules::CheckRules;
use super::scan::{find_module, module_path, scan_with};
use super::violation::{Violation, ViolationKind};
use super::workspace;

/// Which contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Listed top first: each may use only those after it.
    Layers,
    /// None may use another.
    Independent,
}

/// A `layers` or `independent` contract, as configured in an aspect.
#[derive(Clone, Debug)]
pub struct ContractEvidence {
    shape: Shape,
    /// The crate whose modules are listed; `None`: the entries are member crates.
    crate_name: Option<String>,
    entries: Vec<Entry>,
    /// Known violations (`<file>: <path>`), let through; see `baseline`.
    baseline: Vec<String>,
}

/// A module or crate as listed: its text, where it is written (line, column)
/// and its layer.
pub type ListedEntry = (String, Option<(u32, u32)>, usize);

/// One module or crate of a contract.
#[derive(Clone, Debug)]
struct Entry {
    /// As written.
    text: String,
    /// Its module path (empty between crates).
    path: Vec<String>,
    /// Where it is written in the aspect file (line, column).
    at: Option<(u32, u32)>,
    /// Its layer, top first (modules of one layer may use each other).
    layer: usize,
}

impl ContractEvidence {
    /// A contract over `entries` (modules of `crate_name`, or member crates
    /// when it is `None`), each with where it is written in the aspect file
    /// and its layer (top first; for `independent`, its own).
    ///
    /// # Errors
    /// When fewer than two entries are given or a module entry is not a path:
    /// the message and the entry at fault, if any.
    pub fn new(
        shape: Shape,
        crate_name: Option<String>,
        entries: Vec<ListedEntry>,
    ) -> Result<Self, (String, Option<usize>)> {
        if entries.len() < 2 {
            return Err((
                format!(
                    "`{}` needs at least two {}",
                    shape.key(),
                    if crate_name.is_some() {
                        "modules"
                    } else {
                        "crates"
                    }
                ),
                None,
            ));
        }
        let mut parsed = Vec::new();
        for (i, (text, at, layer)) in entries.into_iter().enumerate() {
            let path = if crate_name.is_some() {
                let path = module_path(&text).map_err(|m| (m, Some(i)))?;
                if path.is_empty() {
                    return Err((
                        format!("`{text}` is the whole crate, not one of its modules"),
                        Some(i),
                    ));
                }
                path
            } else {
                Vec::new()
            };
            if parsed.iter().any(|e: &Entry| e.text == text) {
                return Err((format!("`{text}` is listed twice"), Some(i)));
            }
            parsed.push(Entry {
                text,
                path,
                at,
                layer,
            });
        }
        Ok(ContractEvidence {
            shape,
            crate_name,
            entries: parsed,
            baseline: Vec::new(),
        })
    }

    /// The same contract with known violations let through (`<file>: <path>`).
    pub fn with_baseline(mut self, baseline: Vec<String>) -> Self {
        self.baseline = baseline;
        self
    }

    fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.text.as_str()).collect()
    }

    /// The layers top first, a layer of several as `[cmd, db]`.
    fn layer_names(&self) -> Vec<String> {
        let mut layers: Vec<Vec<&str>> = Vec::new();
        for e in &self.entries {
            match layers.get_mut(e.layer) {
                Some(layer) => layer.push(&e.text),
                None => layers.push(vec![&e.text]),
            }
        }
        layers
            .into_iter()
            .map(|l| match l.as_slice() {
                [one] => (*one).to_owned(),
                several => format!("[{}]", several.join(", ")),
            })
            .collect()
    }

    /// Whether entry `from` may not use entry `to`.
    fn forbids(&self, from: usize, to: usize) -> bool {
        match self.shape {
            Shape::Layers => self.entries[to].layer < self.entries[from].layer,
            Shape::Independent => to != from,
        }
    }

    /// Why `from` may not use `to`, for messages.
    fn why(&self, from: usize, to: usize) -> String {
        let names = self.names();
        match self.shape {
            Shape::Layers => format!("a layer above it: {}", self.layer_names().join(" > ")),
            Shape::Independent => {
                format!("`{}` and `{}` are independent", names[from], names[to])
            }
        }
    }

    /// The listed module a module path is in (the longest match).
    fn entry_of(&self, module: &[String]) -> Option<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| module.starts_with(&e.path))
            .max_by_key(|(_, e)| e.path.len())
            .map(|(i, _)| i)
    }

    fn judge_modules(&self, ctx: &Context<'_>, crate_name: &str) -> Result<Vec<Violation>, String> {
        let deny: Vec<String> = self
            .entries
            .iter()
            .map(|e| format!("crate::{}", e.path.join("::")))
            .collect();
        let mut rules = CheckRules::parse(&deny, &[])?;
        // The longest first, so a path falls under the most specific module.
        rules
            .paths
            .deny
            .sort_by_key(|r| std::cmp::Reverse(r.segments.len()));
        let scan = scan_with(ctx.workspace_root, crate_name, &[], rules)?;
        let mut found = Vec::new();
        for mut v in scan.violations {
            if !matches!(v.kind, ViolationKind::Path) {
                found.push(v);
                continue;
            }
            let from: Vec<String> = split(&v.module);
            let to: Vec<String> = split(&v.path).into_iter().skip(1).collect();
            let (Some(from), Some(to)) = (self.entry_of(&from), self.entry_of(&to)) else {
                continue;
            };
            if self.forbids(from, to) {
                v.kind = ViolationKind::Contract {
                    from: self.entries[from].text.clone(),
                    to: self.entries[to].text.clone(),
                    why: self.why(from, to),
                };
                found.push(v);
            }
        }
        Ok(found)
    }

    fn judge_crates(&self, ctx: &Context<'_>) -> Result<Vec<Violation>, String> {
        let root = workspace::normalize(ctx.workspace_root);
        let mut found = Vec::new();
        let index = |name: &str| {
            let name = name.replace('-', "_");
            self.entries
                .iter()
                .position(|e| e.text.replace('-', "_") == name)
        };
        for (from, entry) in self.entries.iter().enumerate() {
            let name = &entry.text;
            let member = workspace::find(&root, name)?;
            let manifest = member.dir.join("Cargo.toml");
            let file = manifest.strip_prefix(&root).unwrap_or(&manifest).to_owned();
            for dep in &member.manifest.dependencies {
                let Some(to) = index(dep.package.as_deref().unwrap_or(&dep.name)) else {
                    continue;
                };
                if to != from && self.forbids(from, to) {
                    found.push(Violation {
                        file: file.clone(),
                        line: dep.line,
                        column: dep.column,
                        path: dep.name.clone(),
                        rule: String::new(),
                        module: String::new(),
                        kind: ViolationKind::Contract {
                            from: name.clone(),
                            to: self.entries[to].text.clone(),
                            why: self.why(from, to),
                        },
                    });
                }
            }
        }
        Ok(found)
    }
}

fn split(path: &str) -> Vec<String> {
    if path.is_empty() {
        return Vec::new();
    }
    path.split("::").map(str::to_owned).collect()
}

impl Shape {
    /// The frontmatter key.
    pub fn key(self) -> &'static str {
        match self {
            Shape::Layers => "layers",
            Shape::Independent => "independent",
        }
    }
}

impl Evidence for ContractEvidence {
    fn kind(&self) -> &'static str {
        "imports"
    }

    fn describe(&self) -> String {
        let of = match &self.crate_name {
            Some(name) => format!("modules of {name}"),
            None => "workspace crates".to_owned(),
        };
        match self.shape {
            Shape::Layers => format!("layers of {of}: {}", self.layer_names().join(" > ")),
            Shape::Independent => format!("independent {of}: {}", self.names().join(", ")),
        }
    }

    fn validate(&self, ctx: &Context<'_>) -> Result<(), String> {
        self.validate_at(ctx).map_err(|(message, _)| message)
    }

    fn validate_at(&self, ctx: &Context<'_>) -> Result<(), (String, Option<(u32, u32)>)> {
        match &self.crate_name {
            Some(name) => {
                workspace::find(ctx.workspace_root, name).map_err(|m| (m, None))?;
                for entry in &self.entries {
                    find_module(ctx.workspace_root, name, &entry.path)
                        .map_err(|m| (m, entry.at))?;
                }
            }
            None => {
                for entry in &self.entries {
                    workspace::find(ctx.workspace_root, &entry.text).map_err(|m| (m, entry.at))?;
                }
            }
        }
        Ok(())
    }

    fn judge(&self, ctx: &Context<'_>) -> Verdict {
        let found = match &self.crate_name {
            Some(name) => self.judge_modules(ctx, name),
            None => self.judge_crates(ctx),
        };
        let found = match found {
            Ok(found) => found,
            Err(message) => return Verdict::Fails { message },
        };
        let (found, known, gone) = baseline::apply(found, &self.baseline);
        let note = baseline::note(known, &gone);
        if found.is_empty() {
            return Verdict::Holds {
                summary: format!("{}: no use across the contract{note}", self.describe()),
            };
        }
        let mut message = String::new();
        for violation in &found {
            message.push_str(&violation.message(ctx.aspect));
            message.push('\n');
        }
        let n = found.len();
        message.push_str(&format!(
            "{n} {} the contract ({})",
            if n == 1 { "use breaks" } else { "uses break" },
            self.describe()
        ));
        message.push_str(&note);
        Verdict::Fails { message }
    }
}
