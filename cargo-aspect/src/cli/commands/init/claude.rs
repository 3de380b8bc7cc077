//! `cargo aspect init --claude`: install the plugin's skill, subagent and
//! hooks into the project's `.claude/`, for interactive Claude Code sessions.
//!
//! The skill and the subagent are created only where no file is (an existing
//! one that differs is kept, with a warning). The hooks are merged into
//! `.claude/settings.json`: every key and hook of the user's stays, ours are
//! added only where no hook with the same command is registered for that
//! event, and the file is written only when something was added, so running
//! it twice changes nothing.
//!
//! It must never overwrite or drop user content: a `settings.json` that is
//! not a JSON object stops it with the file's `line:col` (exit 2), untouched.

use std::path::Path;

use serde_json::Value;

use super::changes::Report;
use super::edits::create;
use super::locate::shown;
use crate::cli::claude_plugin::{HOOKS, REVIEWER, REVIEWER_PATH, SKILL, SKILL_PATH};
use crate::cli::CliError;

/// Install into `<root>/.claude/`; paths in the report are shown from `cwd`.
///
/// # Errors
/// A `settings.json` that does not parse or is not an object, or an I/O error.
pub(super) fn install(root: &Path, cwd: &Path, report: &mut Report) -> Result<(), CliError> {
    let dir = root.join(".claude");
    for (relative, text) in [(SKILL_PATH, SKILL), (REVIEWER_PATH, REVIEWER)] {
        let path = dir.join(relative);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == text => {}
            Ok(_) => report.warnings.push(format!(
                "kept {}: it differs from cargo-aspect's; remove it and run `cargo aspect init --claude` again to get the current one",
                shown(&path, cwd)
            )),
            Err(_) => {
                create(&path, text, cwd)?;
                report.done.push(format!("created {}", shown(&path, cwd)));
            }
        }
    }
    let settings = dir.join("settings.json");
    let shown_settings = shown(&settings, cwd);
    let (mut value, existed) = match std::fs::read_to_string(&settings) {
        Ok(text) => (parse_settings(&text, &shown_settings)?, true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            (Value::Object(serde_json::Map::new()), false)
        }
        Err(e) => return Err(CliError::new(format!("cannot read {shown_settings}: {e}"))),
    };
    let added = merge_hooks(&mut value, &shown_settings)?;
    if added.is_empty() {
        return Ok(());
    }
    let mut text = serde_json::to_string_pretty(&value)
        .map_err(|e| CliError::new(format!("cannot encode {shown_settings}: {e}")))?;
    text.push('\n');
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
    std::fs::write(&settings, text)
        .map_err(|e| CliError::new(format!("cannot write {shown_settings}: {e}")))?;
    let verb = if existed { "added" } else { "created with" };
    report.done.push(format!(
        "{shown_settings}: {verb} the cargo-aspect hooks ({})",
        added.join(", ")
    ));
    Ok(())
}

/// The settings as a JSON object, or where it is not one.
fn parse_settings(text: &str, shown: &str) -> Result<Value, CliError> {
    if text.trim().is_empty() {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        CliError::new(format!(
            "{shown}:{}:{}: {e}; fix it or move it away, then run `cargo aspect init --claude` again",
            e.line(),
            e.column()
        ))
    })?;
    if !value.is_object() {
        return Err(CliError::new(format!(
            "{shown}:1:1: the settings are not a JSON object"
        )));
    }
    Ok(value)
}

/// Add each of the plugin's hooks whose command the event does not have yet;
/// the events it added to.
fn merge_hooks(settings: &mut Value, shown: &str) -> Result<Vec<String>, CliError> {
    let ours: Value = serde_json::from_str(HOOKS).unwrap_or(Value::Null);
    let Some(ours) = ours.get("hooks").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let not_an = |what: &str| CliError::new(format!("{shown}: `{what}` is not a JSON object"));
    let object = settings.as_object_mut().ok_or_else(|| not_an("settings"))?;
    let hooks = object
        .entry("hooks")
        .or_insert_with(|| Value::Object(serde_json::Map::new()))
        .as_object_mut()
        .ok_or_else(|| not_an("hooks"))?;
    let mut added = Vec::new();
    for (event, groups) in ours {
        let theirs = hooks
            .entry(event.clone())
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
            .ok_or_else(|| {
                CliError::new(format!("{shown}: `hooks.{event}` is not a JSON array"))
            })?;
        for group in groups.as_array().into_iter().flatten() {
            let commands: Vec<&str> = commands_of(group);
            let present = theirs
                .iter()
                .any(|g| commands_of(g).iter().any(|c| commands.contains(c)));
            if !present {
                theirs.push(group.clone());
                added.push(event.clone());
            }
        }
    }
    Ok(added)
}

/// The `command`s of one matcher group.
fn commands_of(group: &Value) -> Vec<&str> {
    group
        .get("hooks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|h| h.get("command").and_then(Value::as_str))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_keys_and_hooks_stay_and_ours_are_added_once() {
        let mut settings: Value = serde_json::from_str(
            r#"{"permissions":{"allow":["Bash(npm test)"]},"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"./guard.sh"}]}],"Stop":[{"hooks":[{"type":"command","command":"cargo aspect hook Stop"}]}]},"model":"sonnet"}"#,
        )
        .unwrap();
        let added = merge_hooks(&mut settings, "s.json").unwrap();
        assert_eq!(added, ["PreToolUse", "SessionStart"]);
        assert_eq!(settings["model"], "sonnet");
        assert_eq!(settings["permissions"]["allow"][0], "Bash(npm test)");
        let pre = settings["hooks"]["PreToolUse"].as_array().unwrap();
        assert_eq!(pre[0]["hooks"][0]["command"], "./guard.sh");
        assert_eq!(pre[1]["matcher"], "Edit|Write|MultiEdit|NotebookEdit");
        assert_eq!(settings["hooks"]["Stop"].as_array().unwrap().len(), 1);
        let again = settings.clone();
        assert!(merge_hooks(&mut settings, "s.json").unwrap().is_empty());
        assert_eq!(settings, again);
        let mut bad: Value = serde_json::from_str(r#"{"hooks":{"Stop":{}}}"#).unwrap();
        assert_eq!(
            merge_hooks(&mut bad, "s.json").unwrap_err().message,
            "s.json: `hooks.Stop` is not a JSON array"
        );
        assert_eq!(
            parse_settings("{\n  \"a\": 1,\n}\n", "s.json").unwrap_err().message,
            "s.json:3:1: trailing comma at line 3 column 1; fix it or move it away, then run `cargo aspect init --claude` again"
        );
    }
}
