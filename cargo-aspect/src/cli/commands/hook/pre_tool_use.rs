//! `PreToolUse`: refuse an edit of a protected file before it happens.
//!
//! The tools that write a named file (`Edit`, `Write`, `MultiEdit`,
//! `NotebookEdit`) are checked against the protection rules of
//! [`crate::cli::protected_paths`]; a protected file gets
//! `permissionDecision: "deny"` with the rule in the reason, which Claude
//! reads. Any other tool, and an unprotected file, gets no answer, so Claude
//! Code's own permissions decide.
//!
//! It must not parse shell commands (`Bash` can still write a spec: `fix`
//! puts such a file back after the call), and must not spawn anything.

use std::path::Path;

use serde_json::json;

use super::input::HookInput;
use super::project::Project;
use crate::cli::files::relative;

/// The tools whose target file is checked.
pub(super) const EDIT_TOOLS: &[&str] = &["Edit", "Write", "MultiEdit", "NotebookEdit"];

/// The answer to one `PreToolUse` input: `None` lets the tool run.
///
/// # Errors
/// An edit tool without a `file_path` (or `notebook_path`), or a workspace
/// whose configuration cannot be read.
pub(super) fn answer(input: &HookInput, cwd: &Path) -> Result<Option<serde_json::Value>, String> {
    let tool = input.tool_name.as_deref().unwrap_or_default();
    if !EDIT_TOOLS.contains(&tool) {
        return Ok(None);
    }
    let tool_input = input.tool_input.as_ref();
    let Some(file) = ["file_path", "notebook_path"]
        .iter()
        .find_map(|key| tool_input.and_then(|t| t.get(key)).and_then(|v| v.as_str()))
    else {
        return Err(format!(
            "the {tool} input has no `file_path` or `notebook_path`: {}",
            tool_input.map_or("none".to_owned(), ToString::to_string)
        ));
    };
    let Some(project) = Project::find(cwd)? else {
        return Ok(None);
    };
    let rules = project.rules()?;
    let path = cwd.join(file);
    let Some(rule) = rules.rule_for(&path) else {
        return Ok(None);
    };
    let shown = relative(
        &crate::cli::protected_paths::normalize(&project.root),
        &crate::cli::protected_paths::normalize(&path),
    );
    let reason = format!(
        "cargo-aspect: {shown} is protected ({}). Specs, aspects and the scripts their evidence runs are the truth the code is reconciled to: change the code, never the evidence. If the spec or aspect itself looks wrong, stop and say so to the human.",
        shown_rule(rule, &project.root)
    );
    Ok(Some(json!({
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": "deny",
            "permissionDecisionReason": reason,
        }
    })))
}

/// The rule with workspace-relative paths.
fn shown_rule(rule: &crate::cli::protected_paths::Rule, root: &Path) -> String {
    let mut rule = rule.clone();
    let root_text = format!("{}/", root.display());
    rule.pattern = rule
        .pattern
        .strip_prefix(&root_text)
        .unwrap_or(&rule.pattern)
        .to_owned();
    rule.source = Path::new(&relative(root, &rule.source)).to_owned();
    rule.to_string()
}
