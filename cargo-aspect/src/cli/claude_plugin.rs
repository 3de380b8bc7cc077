//! The Claude Code plugin of cargo-aspect: its files, from the templates in
//! `cargo-aspect/claude-plugin/` (compiled in), and writing them to a
//! directory. Shared by `claude` (writes the plugin), `fix` (passes it with
//! `--plugin-dir`) and `init --claude` (installs its parts into `.claude/`).
//!
//! It must not decide where the plugin goes, nor touch anything outside the
//! directory it is given.

use std::path::Path;

use crate::cli::CliError;

/// The skill: the method in depth.
pub(crate) const SKILL: &str = include_str!("../../claude-plugin/SKILL.md");
/// The read-only reviewer subagent.
pub(crate) const REVIEWER: &str = include_str!("../../claude-plugin/evidence-reviewer.md");
/// The hooks, each a call of `cargo aspect hook <event>`.
pub(crate) const HOOKS: &str = include_str!("../../claude-plugin/hooks.json");
const MANIFEST: &str = include_str!("../../claude-plugin/plugin.json");
const README: &str = include_str!("../../claude-plugin/README.md");
const LICENSE: &str = include_str!("../../claude-plugin/LICENSE");
/// A 512 px PNG, so the plugin directory's checks find an icon.
const ICON: &[u8] = include_bytes!("../../claude-plugin/icon.png");

/// Where the skill goes, in a plugin and under `.claude/`.
pub(crate) const SKILL_PATH: &str = "skills/spec-aspect/SKILL.md";
/// Where the subagent goes, in a plugin and under `.claude/`.
pub(crate) const REVIEWER_PATH: &str = "agents/evidence-reviewer.md";

/// Where the plugin goes unless told otherwise: `<target>/aspect/claude-plugin`
/// (`cargo aspect claude`'s default, and what `fix` passes with `--plugin-dir`).
pub(crate) fn default_dir(target_dir: &Path) -> std::path::PathBuf {
    target_dir.join("aspect").join("claude-plugin")
}

/// Every file of the plugin: its path in the plugin directory and its bytes.
pub(crate) fn files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            ".claude-plugin/plugin.json",
            MANIFEST
                .replace("{version}", env!("CARGO_PKG_VERSION"))
                .into_bytes(),
        ),
        (".claude-plugin/icon.png", ICON.to_vec()),
        (SKILL_PATH, SKILL.into()),
        (REVIEWER_PATH, REVIEWER.into()),
        ("hooks/hooks.json", HOOKS.into()),
        ("README.md", README.into()),
        ("LICENSE", LICENSE.into()),
    ]
}

/// Write the plugin into `dir` (made if missing); a file already there with
/// the same text is left alone, another text is replaced: the directory is
/// generated output.
///
/// # Errors
/// When a directory or file cannot be written.
pub(crate) fn write(dir: &Path) -> Result<(), CliError> {
    for (path, bytes) in files() {
        let target = dir.join(path);
        if std::fs::read(&target).is_ok_and(|old| old == bytes) {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| CliError::new(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| CliError::new(format!("cannot write {}: {e}", target.display())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_carries_this_version_and_every_template_is_valid() {
        let files = files();
        let manifest: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
        assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(manifest["name"], "cargo-aspect");
        let hooks: serde_json::Value = serde_json::from_str(HOOKS).unwrap();
        let mut events: Vec<&String> = hooks["hooks"].as_object().unwrap().keys().collect();
        events.sort();
        assert_eq!(events, ["PreToolUse", "SessionStart", "Stop"]);
        for (event, entries) in hooks["hooks"].as_object().unwrap() {
            let command = entries[0]["hooks"][0]["command"].as_str().unwrap();
            assert!(
                command.starts_with(&format!("cargo aspect hook {event}")),
                "{command}"
            );
            assert!(entries[0]["hooks"][0]["timeout"].as_u64().unwrap() > 0);
        }
        for text in [SKILL, REVIEWER] {
            assert!(text.starts_with("---\nname: "), "{text}");
        }
    }
}
