//! `cargo aspect fix` where Gherkin cannot say it; the rest of its behaviour
//! is `specs/fix.feature`. The real binary runs on git-committed copies of the
//! idle game with a seeded bug, driven by the scripted agent of
//! `support/agent.rs` first on PATH, and once by the real Claude Code CLI (not
//! logged in) to prove the argv it builds is accepted.
//!
//! The bug (the price step adds 1 to every price) lives in the game package,
//! which each fixture renames: `idle-core` keeps its name, so its artifacts are
//! shared by every fixture in the target dir and a bug there would leak. The
//! bug is in a step definition, which `fix` protects, so the run whose agent
//! repairs it passes `--allow-step-edits`, as a user who wants glue repaired does.

#[path = "support/agent.rs"]
mod agent;
#[path = "support/idle.rs"]
mod idle;
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use agent::ScriptedAgent;
use idle::{commit, edit, idle_game};
use support::{Fixture, Run};

const STEPS: &str = "examples/idle-game/tests/steps/buying.rs";
const BUG: &str = "world.game.cost(generator) + 1,";
const RIGHT: &str = "world.game.cost(generator),";

/// The seeded, committed fixture and the scripted agent.
struct Setup {
    fixture: Fixture,
    agent: ScriptedAgent,
}

/// The idle game with the price bug, committed, and an agent `claude` that
/// runs `commands`.
fn setup(name: &str, commands: &str) -> Setup {
    let fixture = idle_game(name);
    edit(&fixture, STEPS, RIGHT, BUG);
    commit(&fixture);
    let side = fixture.root.with_file_name(format!("{name}-agent"));
    let agent = ScriptedAgent::install(&side, "claude", commands).unwrap();
    Setup { fixture, agent }
}

impl Setup {
    /// `cargo aspect fix <args>` with the agent first on PATH.
    fn command(&self, args: &[&str]) -> Command {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![self.agent.bin.clone()];
        dirs.extend(std::env::split_paths(&path));
        let mut cmd = base_command(&self.fixture);
        cmd.arg("fix")
            .args(args)
            .env("PATH", std::env::join_paths(dirs).unwrap());
        cmd
    }

    fn fix(&self, args: &[&str]) -> Run {
        run(self.command(args))
    }
}

/// The binary in the fixture root, with the shared target dir and no
/// inherited aspect variables.
fn base_command(fixture: &Fixture) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-aspect"));
    cmd.arg("aspect")
        .current_dir(&fixture.root)
        .env("CARGO_TARGET_DIR", Fixture::target_dir())
        .stdin(Stdio::null());
    for var in [
        "ASPECT_TAGS",
        "ASPECT_EVENTS",
        "ASPECT_DRY_RUN",
        "GITHUB_ACTIONS",
        "RUSTFLAGS",
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "CLAUDE_CODE_OAUTH_TOKEN",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn run(mut cmd: Command) -> Run {
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The journal records of the run whose directory the last line names.
fn journal(run: &Run) -> Vec<serde_json::Value> {
    let dir = run
        .stdout
        .rsplit("journal: ")
        .next()
        .filter(|_| run.stdout.contains("journal: "))
        .unwrap_or_else(|| panic!("no journal named:\n{}", run.all()))
        .trim();
    let text = std::fs::read_to_string(Path::new(dir).join("journal.jsonl")).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn types(records: &[serde_json::Value]) -> Vec<&str> {
    records
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect()
}

/// Wait until the agent of attempt `n` wrote its pid (its process group id).
fn agent_started(s: &Setup, child: &mut std::process::Child, n: usize) -> String {
    let start = Instant::now();
    loop {
        if let Some(pid) = s.agent.pid(n) {
            return pid;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("fix ended before agent {n} started: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(900),
            "agent {n} never started"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether process `pid` is gone (or a zombie waiting to be reaped).
fn ended(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

/// The runs are interrupted while the agent works, at a moment only a process
/// that watches the agent can pick: a spec's steps cannot send Ctrl-C or
/// `kill -9` to a command that is still running.
#[test]
fn an_interrupted_or_killed_run_resumes() {
    use std::os::unix::process::ExitStatusExt;
    // The first two calls work until they are stopped; the third fixes the bug.
    let s = setup(
        "fix-resume",
        &format!("if [ \"$n\" -le 2 ]; then sleep 600; else sed -i 's/{BUG}/{RIGHT}/' {STEPS}; fi"),
    );
    let quiet = |mut cmd: Command| {
        cmd.stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };

    // Ctrl-C during attempt 1: the agent's group ends with us.
    let mut child = quiet(s.command(&["--allow-step-edits"]));
    let agent = agent_started(&s, &mut child, 1);
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(2), "{status}");
    let start = Instant::now();
    while !ended(&agent) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "Ctrl-C left the agent {agent} running"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // kill -9 during attempt 2 (resumed): nothing runs our clean-up.
    let mut child = quiet(s.command(&["--resume"]));
    let agent = agent_started(&s, &mut child, 2);
    child.kill().unwrap();
    child.wait().unwrap();
    // The agent has its own process group; end it as a crash would leave it.
    let _ = Command::new("kill")
        .args(["-9", "--", &format!("-{agent}")])
        .status();

    let resumed = s.fix(&["--resume"]);
    assert_eq!(resumed.code, 0, "{}", resumed.all());
    assert!(
        resumed.stderr.contains("fix: resuming the run in"),
        "{}",
        resumed.all()
    );
    let prompts = s.agent.prompts();
    assert_eq!(prompts.len(), 3, "{}", resumed.all());
    for prompt in &prompts[1..] {
        assert!(prompt.contains("cut short"), "{prompt}");
    }
    assert!(
        prompts[2].contains("This is attempt 3 of 3."),
        "{}",
        prompts[2]
    );
    let records = journal(&resumed);
    let kinds = types(&records);
    assert_eq!(
        kinds.iter().filter(|k| **k == "resumed").count(),
        2,
        "{kinds:?}"
    );
    assert_eq!(kinds.last(), Some(&"finished"), "{kinds:?}");
    assert_eq!(records.last().unwrap()["outcome"], "holds");
    // Nothing left to resume.
    let again = s.fix(&["--resume"]);
    assert_eq!(again.code, 2, "{}", again.all());
    assert!(again.stderr.contains("no unfinished"), "{}", again.all());
}

/// The first `program` on PATH.
fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// The real Claude Code CLI, with a fresh HOME and only the build's variables:
/// no credentials can leak in, so it answers "Not logged in". In Rust: it
/// clears the whole environment, and skips (outside CI) where `claude` is not
/// installed, which a spec's steps cannot.
#[test]
fn the_real_claude_code_cli_accepts_the_argv_and_not_logged_in_is_exit_2() {
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
    eprintln!("using {}", claude.display());
    let fixture = idle_game("fix-claude");
    edit(&fixture, STEPS, RIGHT, BUG);
    commit(&fixture);
    let home = fixture.root.with_file_name("fix-claude-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let real_home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());

    let real = |args: &[&str]| {
        let mut cmd = base_command(&fixture);
        cmd.env_clear();
        for (key, value) in std::env::vars_os() {
            let key_text = key.to_string_lossy();
            let build = ["CARGO", "RUSTUP", "RUSTC"]
                .iter()
                .any(|p| key_text.starts_with(p));
            if build || key_text == "PATH" || key_text == "TMPDIR" {
                cmd.env(&key, value);
            }
        }
        if std::env::var_os("CARGO_HOME").is_none() {
            cmd.env("CARGO_HOME", real_home.join(".cargo"));
        }
        if std::env::var_os("RUSTUP_HOME").is_none() {
            cmd.env("RUSTUP_HOME", real_home.join(".rustup"));
        }
        cmd.env("HOME", &home)
            .env("CARGO_TARGET_DIR", Fixture::target_dir())
            .arg("fix")
            .args(args);
        run(cmd)
    };

    for args in [
        &[][..],
        &[
            "--allow-dirty",
            "--model",
            "sonnet",
            "--max-budget-usd",
            "0.5",
        ],
        &["--allow-dirty", "--session"],
    ] {
        let run = real(args);
        assert_eq!(run.code, 2, "{args:?}\n{}", run.all());
        assert!(
            !run.all().contains("unknown option"),
            "{args:?}\n{}",
            run.all()
        );
        assert!(
            run.stderr
                .contains("error: Claude Code failed: Not logged in"),
            "{args:?}\n{}",
            run.all()
        );
    }
}
