//! The plugin `cargo aspect claude` writes, validated by the real Claude Code
//! CLI (`claude plugin validate`, pinned in `.ci/run`). In Rust, not a spec:
//! it skips (outside CI) where `claude` is not installed, which a spec's steps
//! cannot.

use std::path::PathBuf;
use std::process::Command;

/// The first `program` on PATH.
fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

#[test]
fn the_real_claude_code_cli_validates_the_plugin_with_no_warning() {
    let Some(claude) = find_on_path("claude") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have the Claude Code CLI on PATH (.ci/run installs it)"
        );
        eprintln!(
            "SKIPPED: `claude` is not on PATH; install @anthropic-ai/claude-code to run this test"
        );
        return;
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("claude-plugin");
    let _ = std::fs::remove_dir_all(&dir);
    let wrote = Command::new(env!("CARGO_BIN_EXE_cargo-aspect"))
        .args(["aspect", "claude", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(wrote.status.success(), "{wrote:?}");
    for args in [&["--strict"][..], &["--strict", "--profile", "directory"]] {
        let home = dir.with_file_name("claude-plugin-home");
        std::fs::create_dir_all(&home).unwrap();
        let out = Command::new(&claude)
            .args(["plugin", "validate"])
            .args(args)
            .arg(&dir)
            .env("HOME", &home)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(0), "{args:?}\n{text}");
        for provided in [
            "hooks: PreToolUse Edit|Write|MultiEdit|NotebookEdit command \"cargo aspect hook PreToolUse\"",
            "hooks: Stop command \"cargo aspect hook Stop\"",
            "hooks: SessionStart startup|resume|clear|compact command \"cargo aspect hook SessionStart\"",
            "skills: cargo-aspect:spec-aspect",
            "agents: cargo-aspect:evidence-reviewer",
            "Validation passed",
        ] {
            assert!(text.contains(provided), "{args:?}: no {provided:?} in\n{text}");
        }
        for warned in ["⚠", "warning", "Warning", "✘"] {
            assert!(!text.contains(warned), "{args:?}: {warned:?} in\n{text}");
        }
    }
}
