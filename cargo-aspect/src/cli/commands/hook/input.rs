//! The JSON object Claude Code writes on a hook's stdin, as far as the hooks
//! read it: the common fields (`hook_event_name`, `session_id`, `cwd`) and each
//! event's own (`tool_name`/`tool_input`, `stop_hook_active`).
//! Unknown fields are ignored (Claude Code adds some in new versions); a
//! missing required one is an error naming it. It must not act on anything.

use std::path::PathBuf;

use serde::Deserialize;

/// The fields every event carries that the hooks use.
#[derive(Debug, Deserialize)]
pub(super) struct HookInput {
    /// `PreToolUse`, `Stop`, `SessionStart`, ….
    pub hook_event_name: String,
    /// The session, to count consecutive Stop blocks per session.
    #[serde(default)]
    pub session_id: String,
    /// The directory Claude Code runs in; the project is found from it.
    pub cwd: Option<PathBuf>,
    /// `PreToolUse`: the tool about to run.
    pub tool_name: Option<String>,
    /// `PreToolUse`: its arguments (`file_path`, `notebook_path`, …).
    pub tool_input: Option<serde_json::Value>,
    /// `Stop`: true when Claude is already continuing because a Stop hook blocked.
    #[serde(default)]
    pub stop_hook_active: bool,
}

/// Parse stdin; `event` is the event the command line names.
///
/// # Errors
/// Not JSON, not an object, a missing `hook_event_name`, or one that differs
/// from `event` (the hook is registered under the wrong event).
pub(super) fn parse(stdin: &str, event: &str) -> Result<HookInput, String> {
    if stdin.trim().is_empty() {
        return Err(format!(
            "no input on stdin: `cargo aspect hook {event}` is run by Claude Code, which writes the hook's JSON on stdin"
        ));
    }
    let input: HookInput = serde_json::from_str(stdin).map_err(|e| {
        format!("the hook input on stdin is not the JSON object Claude Code sends: {e}")
    })?;
    if input.hook_event_name != event {
        return Err(format!(
            "the input is for the event `{}`, but this hook was registered as `{event}`",
            input.hook_event_name
        ));
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_parse_and_mistakes_are_named() {
        let input = parse(
            r#"{"session_id":"s","transcript_path":"/t","cwd":"/w","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Edit","tool_input":{"file_path":"/w/a"},"tool_use_id":"t1","new_field":1}"#,
            "PreToolUse",
        )
        .unwrap();
        assert_eq!(input.tool_name.as_deref(), Some("Edit"));
        assert_eq!(input.cwd, Some(PathBuf::from("/w")));
        let err = |text: &str| parse(text, "Stop").unwrap_err();
        assert!(err("").starts_with("no input on stdin"));
        assert!(err("{").contains("not the JSON object"), "{}", err("{"));
        assert!(err("[]").contains("not the JSON object"));
        assert!(err(r#"{"cwd":"/w"}"#).contains("missing field `hook_event_name`"));
        assert_eq!(
            err(r#"{"hook_event_name":"SessionStart"}"#),
            "the input is for the event `SessionStart`, but this hook was registered as `Stop`"
        );
    }
}
