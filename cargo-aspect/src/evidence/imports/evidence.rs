//! The `imports` kind as an [`Evidence`]: frontmatter settings in, a verdict
//! out. The checking itself is [`super::scan`]'s.

use crate::evidence::{Context, Evidence, Verdict};

use super::baseline;
use super::rules::CheckRules;
use super::targets::{find_module_in, scan_targets, Targets};
use super::violation::ViolationKind;
use super::workspace;

/// `imports` evidence as configured in an aspect's frontmatter.
#[derive(Clone, Debug)]
pub struct ImportsEvidence {
    crate_name: String,
    /// The module checked (`[]`: the whole crate), with submodules.
    module: Vec<String>,
    /// Where `module:`'s value is in the aspect file (line, column), for errors.
    module_at: Option<(u32, u32)>,
    deny: Vec<String>,
    allow: Vec<String>,
    /// Known violations (`<file>: <path>`), let through; see `baseline`.
    baseline: Vec<String>,
    /// The targets checked (`targets:`; default: the lib, or the bins).
    targets: Targets,
    /// Where `targets:`'s list is written, for errors.
    targets_at: Option<(u32, u32)>,
}

impl ImportsEvidence {
    /// Evidence that package `crate_name` of the workspace uses nothing in `deny`
    /// (`external`, or paths like `std::fs`) unless it is in `allow` (dependency
    /// names or paths).
    pub fn new(crate_name: String, deny: Vec<String>, allow: Vec<String>) -> Self {
        ImportsEvidence {
            crate_name,
            module: Vec::new(),
            module_at: None,
            deny,
            allow,
            baseline: Vec::new(),
            targets: Targets::default(),
            targets_at: None,
        }
    }

    /// The same evidence checking the targets `targets` names (`lib`, `bins`,
    /// `tests`, `benches`, `examples`, `build`) instead of the default;
    /// `at` is where the list is written, for errors.
    ///
    /// # Errors
    /// When an entry names no kind of target, or there is none.
    pub fn for_targets(
        mut self,
        targets: &[String],
        at: Option<(u32, u32)>,
    ) -> Result<Self, String> {
        self.targets = Targets::parse(targets)?;
        self.targets_at = at;
        Ok(self)
    }

    /// The same evidence with known violations let through (`<file>: <path>`).
    pub fn with_baseline(mut self, baseline: Vec<String>) -> Self {
        self.baseline = baseline;
        self
    }

    /// The same evidence for module `module` (`frame`, `net::frame`, `crate::a`)
    /// and its submodules only; `at` is where the value is written, for errors.
    ///
    /// # Errors
    /// When `module` is not a module path.
    pub fn within(mut self, module: &str, at: Option<(u32, u32)>) -> Result<Self, String> {
        self.module = super::scan::module_path(module)?;
        self.module_at = at;
        Ok(self)
    }

    fn subject(&self) -> String {
        if self.module.is_empty() {
            self.crate_name.clone()
        } else {
            format!("{}::{}", self.crate_name, self.module.join("::"))
        }
    }
}

impl Evidence for ImportsEvidence {
    fn kind(&self) -> &'static str {
        "imports"
    }

    fn describe(&self) -> String {
        let mut text = format!("imports of {} (", self.subject());
        if !self.targets.is_default() {
            text.push_str(&format!("targets {}; ", self.targets.names().join(", ")));
        }
        text.push_str(&format!("deny {}", self.deny.join(", ")));
        if !self.allow.is_empty() {
            text.push_str("; allow ");
            text.push_str(&self.allow.join(", "));
        }
        text.push(')');
        text
    }

    fn validate(&self, ctx: &Context<'_>) -> Result<(), String> {
        self.validate_at(ctx).map_err(|(message, _)| message)
    }

    fn validate_at(&self, ctx: &Context<'_>) -> Result<(), (String, Option<(u32, u32)>)> {
        CheckRules::parse(&self.deny, &self.allow).map_err(|m| (m, None))?;
        workspace::find(ctx.workspace_root, &self.crate_name).map_err(|m| {
            let m = match self.crate_name.split_once("::") {
                Some((krate, module)) => format!(
                    "{m}\nhelp: to check one module of a crate, write `crate: {krate}, module: {module}`"
                ),
                None => m,
            };
            (m, None)
        })?;
        find_module_in(ctx.workspace_root, &self.crate_name, &[], &self.targets)
            .map_err(|m| (m, self.targets_at))?;
        if self.module.is_empty() {
            return Ok(());
        }
        find_module_in(
            ctx.workspace_root,
            &self.crate_name,
            &self.module,
            &self.targets,
        )
        .map_err(|m| (m, self.module_at))
    }

    fn judge(&self, ctx: &Context<'_>) -> Verdict {
        let scan = match CheckRules::parse(&self.deny, &self.allow).and_then(|rules| {
            scan_targets(
                ctx.workspace_root,
                &self.crate_name,
                &self.module,
                rules,
                &self.targets,
            )
        }) {
            Ok(scan) => scan,
            Err(message) => return Verdict::Fails { message },
        };
        let deny = format!(
            "targets: {}; deny: {}",
            scan.targets.join(", "),
            self.deny.join(", ")
        );
        let (violations, known, gone) = baseline::apply(scan.violations, &self.baseline);
        let note = baseline::note(known, &gone);
        if violations.is_empty() {
            // A dependency the code names otherwise (by its `[lib] name`, or
            // only in code a macro generates) is not seen: say which ones.
            let unused = if scan.unused.is_empty() {
                String::new()
            } else {
                format!(
                    "; declared but not used by these targets: {}",
                    scan.unused.join(", ")
                )
            };
            return Verdict::Holds {
                summary: format!(
                    "{}: {} {}, {} {}, no denied imports ({deny}){unused}{note}",
                    self.subject(),
                    scan.files,
                    plural(scan.files, "file", "files"),
                    scan.lines,
                    plural(scan.lines, "line", "lines"),
                ),
            };
        }
        let mut message = String::new();
        // Every use of a denied path is listed; a dependency's uses only up to
        // `SHOWN_USES` (a crate built on one names it on every other line),
        // then how many more there are.
        let mut shown: Vec<(&str, usize)> = Vec::new();
        for violation in &violations {
            if let ViolationKind::Dependency { dependency, .. } = &violation.kind {
                match shown.iter_mut().find(|(d, _)| d == dependency) {
                    Some((_, n)) => {
                        *n += 1;
                        if *n > SHOWN_USES {
                            continue;
                        }
                    }
                    None => shown.push((dependency, 1)),
                }
            }
            message.push_str(&violation.message(ctx.aspect));
            message.push('\n');
        }
        for (dependency, uses) in &shown {
            if *uses > SHOWN_USES {
                message.push_str(&format!(
                    "... and {} more uses of dependency {dependency}\n",
                    uses - SHOWN_USES
                ));
            }
        }
        let unchecked = violations
            .iter()
            .filter(|v| matches!(v.kind, ViolationKind::Unreadable { .. }))
            .count();
        let denied = violations.len() - unchecked;
        message.push_str(&format!(
            "{denied} denied {} in {} ({deny})",
            plural(denied, "import", "imports"),
            self.subject()
        ));
        let mut dependencies: Vec<&str> = violations
            .iter()
            .filter_map(|v| match &v.kind {
                ViolationKind::Dependency { dependency, .. } => Some(dependency.as_str()),
                _ => None,
            })
            .collect();
        dependencies.sort_unstable();
        dependencies.dedup();
        if !dependencies.is_empty() {
            message.push_str(&format!(
                "; {} used: {}",
                plural(dependencies.len(), "dependency", "dependencies"),
                dependencies.join(", ")
            ));
        }
        if unchecked > 0 {
            message.push_str(&format!(
                "; {unchecked} {} not checked",
                plural(unchecked, "place", "places")
            ));
        }
        message.push_str(&note);
        Verdict::Fails { message }
    }
}

/// How many uses of one dependency a failing verdict lists.
const SHOWN_USES: usize = 5;

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
