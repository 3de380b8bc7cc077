//! The `imports` kind as an [`Evidence`]: frontmatter settings in, a verdict
//! out. The checking itself is [`super::scan`]'s.

use crate::evidence::{Context, Evidence, Verdict};

use super::rules::CheckRules;
use super::scan::scan_crate;
use super::violation::ViolationKind;
use super::workspace;

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
