//! `cargo aspect fix`, end to end: the real binary on git-committed copies of
//! the idle game with a seeded bug, driven by a scripted fake `claude` first on
//! PATH, and once by the real Claude Code CLI (not logged in) to prove the argv
//! it builds is accepted.
//!
//! The bug (the price step adds 1 to every price) lives in the game package,
//! which each fixture renames: `idle-core` keeps its name, so its artifacts are
//! shared by every fixture in the target dir and a bug there would leak. The
//! bug is in a step definition, which `fix` protects, so the runs whose agent
//! repairs it pass `--allow-step-edits`, as a user who wants glue repaired does.

#[path = "support/idle.rs"]
mod idle;
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use idle::{commit, edit, git, idle_game, reset};
use support::{Fixture, Run};

const STEPS: &str = "examples/idle-game/tests/steps/buying.rs";
const BUYING: &str = "examples/idle-game/specs/buying.feature";
const BUG: &str = "world.game.cost(generator) + 1,";
const RIGHT: &str = "world.game.cost(generator),";

/// The fake agent: saves its argv and stdin, acts by `$FAKE_MODE`, answers
/// with Claude Code's JSON result shape.
const FAKE_CLAUDE: &str = r##"#!/bin/sh
log="$FAKE_AGENT_LOG"
n=$(ls "$log" | grep -c '^prompt-')
n=$((n + 1))
cat > "$log/prompt-$n.txt"
printf '%s\n' "$@" > "$log/argv-$n.txt"
steps=examples/idle-game/tests/steps/buying.rs
fix() { sed -i 's/world.game.cost(generator) + 1,/world.game.cost(generator),/' "$steps"; }
case "$FAKE_MODE" in
  fix) fix ;;
  cheat) sed -i 's/| 50    |/| 51    |/' examples/idle-game/specs/buying.feature ;;
  nothing) ;;
  wrong-then-fix) if [ "$n" = 1 ]; then echo '// attempt one was here' >> "$steps"; else fix; fi ;;
  sleep-twice) if [ "$n" -le 2 ]; then echo $$ > "$log/tmp.pid"; mv "$log/tmp.pid" "$log/agent-$n.pid"; sleep 600; else fix; fi ;;
  hollow) sed -i 's/assert_eq!(world.game.gold(), gold, "gold in hand");/let _ = (world, gold);/' examples/idle-game/tests/steps/mod.rs ;;
  add-step) printf '\n#[aspect::then("I have no gold left")]\nfn no_gold_left(world: &mut IdleWorld) {\n    assert_eq!(world.game.gold(), 0, "gold in hand");\n}\n' >> examples/idle-game/tests/steps/mod.rs ;;
esac
printf '{"type":"result","subtype":"success","is_error":false,"result":"fake attempt %s","total_cost_usd":0.01,"session_id":"fake-%s","num_turns":3}\n' "$n" "$n"
"##;

/// The seeded, committed fixture and the fake agent's directories.
struct Setup {
    fixture: Fixture,
    bin: PathBuf,
    log: PathBuf,
}

fn setup(name: &str) -> Setup {
    setup_with(name, |fixture| edit(fixture, STEPS, RIGHT, BUG))
}

/// The idle game changed by `seed`, committed, and the fake agent.
fn setup_with(name: &str, seed: impl FnOnce(&Fixture)) -> Setup {
    let fixture = idle_game(name);
    seed(&fixture);
    commit(&fixture);
    let side = fixture.root.with_file_name(format!("{name}-agent"));
    let _ = std::fs::remove_dir_all(&side);
    let bin = side.join("bin");
    let log = side.join("log");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&log).unwrap();
    let claude = bin.join("claude");
    std::fs::write(&claude, FAKE_CLAUDE).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&claude, std::fs::Permissions::from_mode(0o755)).unwrap();
    Setup { fixture, bin, log }
}

impl Setup {
    /// `cargo aspect fix <args>` with the fake agent first on PATH.
    fn command(&self, mode: &str, args: &[&str]) -> Command {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![self.bin.clone()];
        dirs.extend(std::env::split_paths(&path));
        let mut cmd = base_command(&self.fixture);
        cmd.arg("fix")
            .args(args)
            .env("PATH", std::env::join_paths(dirs).unwrap())
            .env("FAKE_AGENT_LOG", &self.log)
            .env("FAKE_MODE", mode);
        cmd
    }

    fn fix(&self, mode: &str, args: &[&str]) -> Run {
        run(self.command(mode, args))
    }

    fn prompts(&self) -> Vec<String> {
        let mut n = 1;
        let mut out = Vec::new();
        while let Ok(text) = std::fs::read_to_string(self.log.join(format!("prompt-{n}.txt"))) {
            out.push(text);
            n += 1;
        }
        out
    }

    /// Back to the seeded commit, with an empty agent log.
    fn reset(&self) {
        reset(&self.fixture);
        let _ = std::fs::remove_dir_all(&self.log);
        std::fs::create_dir_all(&self.log).unwrap();
    }

    fn unchanged(&self, relative: &str) -> bool {
        git(&self.fixture, &["diff", "--quiet", "--", relative]).code == 0
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

#[test]
fn a_scripted_agent_is_driven_until_the_evidence_holds() {
    let s = setup("fix-loop");

    // --dry-run: the prompt is printed, nothing is called or changed.
    let dry = s.fix("fix", &["--dry-run"]);
    assert_eq!(dry.code, 1, "{}", dry.all());
    assert!(
        dry.stdout
            .contains(&format!("──── prompt for spec {BUYING} (attempt 1/3)")),
        "{}",
        dry.all()
    );
    assert!(
        dry.stdout.contains(
            "claude -p --output-format json --permission-mode acceptEdits --allowedTools 'Read,Edit,Write,Glob,Grep,Bash(cargo:*)'"
        ),
        "{}",
        dry.all()
    );
    assert!(
        dry.stdout
            .contains(">>  17 |     Then the next <generator> costs <price> gold"),
        "{}",
        dry.all()
    );
    assert!(s.prompts().is_empty(), "the agent was called");
    assert!(s.unchanged(STEPS));

    // The package's own agent table counts when the workspace has none.
    let manifest = s.fixture.root.join("examples/idle-game/Cargo.toml");
    let original = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        format!("{original}\n[package.metadata.aspect.agent]\ncommand = \"my-agent\"\n"),
    )
    .unwrap();
    let dry = s.fix("fix", &["--dry-run"]);
    assert!(
        dry.stdout.contains("my-agent -p --output-format json"),
        "{}",
        dry.all()
    );
    std::fs::write(&manifest, original).unwrap();

    // Red → the agent's edit → green, journaled.
    // The seeded bug is in a step definition (glue), so the agent may repair
    // it only when told to.
    let green = s.fix("fix", &["--allow-step-edits"]);
    assert_eq!(green.code, 0, "{}", green.all());
    assert!(
        green
            .stdout
            .contains("all evidence holds after 1 agent call(s), $0.01 spent"),
        "{}",
        green.all()
    );
    assert!(
        green.stderr.contains(&format!(
            "fix: spec {BUYING} · attempt 1/3 · 4 failing trial(s) left · $0.00 spent so far"
        )),
        "{}",
        green.all()
    );
    let records = journal(&green);
    assert_eq!(
        types(&records),
        [
            "start", "evidence", "baseline", "attempt", "agent", "reviewed", "evidence",
            "evidence", "task-end", "finished"
        ],
        "{records:#?}"
    );
    assert_eq!(records[4]["session_id"], "fake-1");
    let diff = records[5]["diff"].as_str().unwrap();
    assert!(diff.contains(RIGHT) && diff.contains(BUG), "{diff}");
    assert_eq!(records[9]["outcome"], "holds");
    let protected = records[0]["protected"].as_array().unwrap();
    for file in [
        BUYING,
        "examples/idle-game/aspects/every-generator-is-specified.md",
        "examples/idle-game/scripts/every-generator-is-specified.sh",
    ] {
        assert!(protected.iter().any(|p| p == file), "{file}: {protected:?}");
    }
    let argv = std::fs::read_to_string(s.log.join("argv-1.txt")).unwrap();
    assert_eq!(
        argv.lines().collect::<Vec<_>>(),
        [
            "-p",
            "--output-format",
            "json",
            "--permission-mode",
            "acceptEdits",
            "--allowedTools",
            "Read,Edit,Write,Glob,Grep,Bash(cargo:*)"
        ]
    );
    let prompt = &s.prompts()[0];
    assert!(
        prompt.contains(">>  21 |       | gold mine | 0     | 50    |"),
        "{prompt}"
    );
    assert!(prompt.contains("Do not edit protected files"), "{prompt}");
    assert!(
        prompt.contains("examples/idle-game/tests/steps"),
        "{prompt}"
    );

    // An agent that edits the spec: put back, reported, exit 1.
    s.reset();
    let cheat = s.fix("cheat", &["--max-iterations", "2"]);
    assert_eq!(cheat.code, 1, "{}", cheat.all());
    assert!(
        cheat
            .stderr
            .contains(&format!("attempt 1: agent edited protected file {BUYING}")),
        "{}",
        cheat.all()
    );
    assert!(s.unchanged(BUYING), "the spec was not put back");
    assert_eq!(s.prompts().len(), 2);
    assert!(
        s.prompts()[1].contains(&format!("agent edited protected file {BUYING}")),
        "{}",
        s.prompts()[1]
    );

    // An agent that does nothing: stops after --max-iterations.
    s.reset();
    let idle = s.fix("nothing", &["--max-iterations", "2"]);
    assert_eq!(idle.code, 1, "{}", idle.all());
    assert_eq!(s.prompts().len(), 2);
    assert!(
        idle.stdout
            .contains("evidence still fails (2 attempt(s) per task did not make it hold)"),
        "{}",
        idle.all()
    );
    assert!(
        s.prompts()[1].contains("It changed no file."),
        "{}",
        s.prompts()[1]
    );

    // The second attempt's prompt carries the first attempt's diff.
    s.reset();
    let second = s.fix("wrong-then-fix", &["--allow-step-edits"]);
    assert_eq!(second.code, 0, "{}", second.all());
    let prompts = s.prompts();
    assert_eq!(prompts.len(), 2);
    assert!(
        prompts[1].contains("## The previous attempt (1 of 3) was not enough"),
        "{}",
        prompts[1]
    );
    assert!(
        prompts[1].contains("+// attempt one was here"),
        "{}",
        prompts[1]
    );
    assert!(
        prompts[1].contains("The agent said: fake attempt 1"),
        "{}",
        prompts[1]
    );
}

/// Wait until the fake agent of attempt `n` wrote its pid (its process group id).
fn agent_started(s: &Setup, child: &mut std::process::Child, n: u32) -> String {
    let pid_file = s.log.join(format!("agent-{n}.pid"));
    let start = Instant::now();
    loop {
        if let Ok(pid) = std::fs::read_to_string(&pid_file) {
            return pid.trim().to_owned();
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

#[test]
fn an_interrupted_or_killed_run_resumes() {
    use std::os::unix::process::ExitStatusExt;
    let s = setup("fix-resume");
    let quiet = |mut cmd: Command| {
        cmd.stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };

    // Ctrl-C during attempt 1: the agent's group ends with us.
    let mut child = quiet(s.command("sleep-twice", &["--allow-step-edits"]));
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
    let mut child = quiet(s.command("sleep-twice", &["--resume"]));
    let agent = agent_started(&s, &mut child, 2);
    child.kill().unwrap();
    child.wait().unwrap();
    // The agent has its own process group; end it as a crash would leave it.
    let _ = Command::new("kill")
        .args(["-9", "--", &format!("-{agent}")])
        .status();

    let resumed = s.fix("sleep-twice", &["--resume"]);
    assert_eq!(resumed.code, 0, "{}", resumed.all());
    assert!(
        resumed.stderr.contains("fix: resuming the run in"),
        "{}",
        resumed.all()
    );
    let prompts = s.prompts();
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
    let again = s.fix("sleep-twice", &["--resume"]);
    assert_eq!(again.code, 2, "{}", again.all());
    assert!(again.stderr.contains("no unfinished"), "{}", again.all());
}

/// A PATH with git and cargo but no `claude`.
fn path_without_claude(dir: &Path) -> PathBuf {
    let bin = dir.join("bin-without-claude");
    let _ = std::fs::remove_dir_all(&bin);
    std::fs::create_dir_all(&bin).unwrap();
    for tool in ["git", "cargo", "rustc"] {
        if let Some(found) = find_on_path(tool) {
            std::os::unix::fs::symlink(found, bin.join(tool)).unwrap();
        }
    }
    bin
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

#[test]
fn fix_refuses_to_start_without_a_clean_tree_git_or_an_agent() {
    let s = setup("fix-preflight");
    let no_claude = path_without_claude(s.log.parent().unwrap());
    let without_claude = |args: &[&str]| {
        let mut cmd = s.command("fix", args);
        cmd.env("PATH", &no_claude);
        run(cmd)
    };
    const HINT: &str = "npm install -g @anthropic-ai/claude-code";

    let missing = without_claude(&[]);
    assert_eq!(missing.code, 2, "{}", missing.all());
    assert!(
        missing
            .stderr
            .contains("error: Claude Code (`claude`) is not on PATH"),
        "{}",
        missing.all()
    );
    assert!(missing.stderr.contains(HINT), "{}", missing.all());

    s.fixture.file("notes.txt", "scratch\n");
    let dirty = s.fix("fix", &[]);
    assert_eq!(dirty.code, 2, "{}", dirty.all());
    assert!(
        dirty.stderr.contains("uncommitted changes") && dirty.stderr.contains("notes.txt"),
        "{}",
        dirty.all()
    );
    assert!(dirty.stderr.contains("--allow-dirty"), "{}", dirty.all());
    let allowed = without_claude(&["--allow-dirty"]);
    assert_eq!(allowed.code, 2, "{}", allowed.all());
    assert!(
        allowed.stderr.contains(HINT),
        "past the dirty check:\n{}",
        allowed.all()
    );

    std::fs::remove_dir_all(s.fixture.root.join(".git")).unwrap();
    let ceiling = s.fixture.root.parent().unwrap().to_owned();
    let mut cmd = s.command("fix", &[]);
    cmd.env("GIT_CEILING_DIRECTORIES", &ceiling);
    let no_vcs = run(cmd);
    assert_eq!(no_vcs.code, 2, "{}", no_vcs.all());
    assert!(
        no_vcs.stderr.contains("is not in a git repository")
            && no_vcs.stderr.contains("--allow-no-vcs"),
        "{}",
        no_vcs.all()
    );
    let mut cmd = s.command("fix", &["--allow-no-vcs"]);
    cmd.env("GIT_CEILING_DIRECTORIES", &ceiling)
        .env("PATH", &no_claude);
    let allowed = run(cmd);
    assert_eq!(allowed.code, 2, "{}", allowed.all());
    assert!(
        allowed.stderr.contains(HINT),
        "past the git check:\n{}",
        allowed.all()
    );
    assert!(s.prompts().is_empty());
}

/// The real Claude Code CLI, with a fresh HOME and only the build's variables:
/// no credentials can leak in, so it answers "Not logged in".
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

/// The crate of [`fresh_crate`]: `add` has a bug, and the spec pins it.
const FRESH_LIB: &str = "pub fn add(left: u64, right: u64) -> u64 {\n    left + right + 1\n}\n";
const FRESH_SPEC: &str = "Feature: Adding
  Scenario: One plus one is two
    When I add 1 and 1
    Then the sum is 2

  Scenario: Two plus three is five
    When I add 2 and 3
    Then the sum is 5

  Scenario: Zero plus zero is zero
    When I add 0 and 0
    Then the sum is 0
";
/// An aspect whose command reads `src/lib.rs`: the agent must be allowed to change it.
const FRESH_ASPECT: &str = "---
name: there-is-a-calculator
evidence: {command: [grep, -q, Calc, src/lib.rs]}
---
The crate has a `Calc`.
";

/// The agent for [`fresh_crate`]: in mode `fix` it repairs `add` or, asked
/// about the aspect, adds `Calc`; in mode `partial` its first attempt repairs
/// `add` for every sum but 0 + 0, and later ones do nothing.
const FRESH_AGENT: &str = r#"#!/bin/sh
log="$FAKE_AGENT_LOG"
n=$(($(ls "$log" | grep -c '^prompt-') + 1))
cat > "$log/prompt-$n.txt"
if grep -q 'aspect `there-is-a-calculator`' "$log/prompt-$n.txt"; then
  printf '\n/// A calculator.\npub struct Calc;\n' >> src/lib.rs
elif [ "$FAKE_MODE" = fix ]; then
  sed -i 's/left + right + 1/left + right/' src/lib.rs
elif [ "$n" = 1 ]; then
  sed -i 's/left + right + 1/left + right + u64::from(left == 0)/' src/lib.rs
fi
printf '{"type":"result","subtype":"success","is_error":false,"result":"fake attempt %s","total_cost_usd":0.01,"session_id":"fake-%s","num_turns":1}\n' "$n" "$n"
"#;

/// A crate as a new user has it: `cargo new` (git, `.gitignore` `/target`),
/// `cargo aspect init`, a spec, an aspect, committed, and built into its own
/// `target/`.
struct FreshCrate {
    fixture: Fixture,
    dir: PathBuf,
    bin: PathBuf,
    log: PathBuf,
    /// Where the crate's `target/` is kept between test runs: a fresh build of
    /// the runtime per run would cost minutes, and cargo accepts a moved target dir.
    kept_target: PathBuf,
}

impl Drop for FreshCrate {
    fn drop(&mut self) {
        let _ = std::fs::rename(self.dir.join("target"), &self.kept_target);
    }
}

fn fresh_crate(name: &str) -> FreshCrate {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixtures");
    let package = format!("fresh-{name}");
    let kept_target = root.join(format!("{name}.target"));
    // A run that ended without dropping (killed) left it in the crate.
    let _ = std::fs::rename(root.join(name).join(&package).join("target"), &kept_target);
    let fixture = Fixture::new(name);
    // `cargo new` joins the nearest workspace: this one, not the repository's.
    fixture.file("Cargo.toml", "[workspace]\nmembers = []\n");
    let new = fixture.run_cargo(&["new", "--lib", "--vcs", "git", "--quiet", &package]);
    assert_eq!(new.code, 0, "{}", new.all());
    std::fs::remove_file(fixture.root.join("Cargo.toml")).unwrap();
    let dir = fixture.root.join(&package);
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "/target\n"
    );
    // Its own workspace (it lives inside this repository's), with the lock
    // file of this repository so it resolves to versions already downloaded.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).unwrap();
    std::fs::copy(fixture.root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let runtime = support::runtime_dir();
    let init = idle::cargo_aspect(
        &dir,
        &["init", "--path", runtime.to_str().unwrap()],
        &[("CARGO_TARGET_DIR", "target")],
    );
    assert_eq!(init.code, 0, "{}", init.all());
    let lib = package.replace('-', "_");
    std::fs::remove_file(dir.join("specs/example.feature")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), FRESH_LIB).unwrap();
    std::fs::write(dir.join("specs/adding.feature"), FRESH_SPEC).unwrap();
    std::fs::write(dir.join("aspects/calculator.md"), FRESH_ASPECT).unwrap();
    std::fs::write(
        dir.join("tests/aspect.rs"),
        format!(
            "use aspect::{{then, when}};\n\n#[derive(Debug, Default)]\nstruct World {{\n    sum: u64,\n}}\n\n\
             #[when(\"I add {{int}} and {{int}}\")]\nfn add(world: &mut World, left: u64, right: u64) {{\n    world.sum = {lib}::add(left, right);\n}}\n\n\
             #[then(\"the sum is {{int}}\")]\nfn sum_is(world: &mut World, sum: u64) {{\n    assert_eq!(world.sum, sum);\n}}\n\n\
             aspect::main!(World);\n"
        ),
    )
    .unwrap();
    if kept_target.is_dir() {
        std::fs::rename(&kept_target, dir.join("target")).unwrap();
    }
    let crate_ = FreshCrate {
        bin: fixture.root.join("agent-bin"),
        log: fixture.root.join("agent-log"),
        fixture,
        dir,
        kept_target,
    };
    let settled = crate_.cargo_aspect(&["list"]);
    assert_eq!(settled.code, 0, "{}", settled.all());
    for args in [
        &["config", "user.name", "cargo-aspect tests"][..],
        &["config", "user.email", "tests@cargo-aspect.invalid"],
        &["config", "commit.gpgsign", "false"],
        &["add", "-A"],
        &["commit", "-q", "-m", "cargo new, cargo aspect init, a spec"],
    ] {
        let run = crate_.git(args);
        assert_eq!(run.code, 0, "git {args:?}: {}", run.all());
    }
    std::fs::create_dir_all(&crate_.bin).unwrap();
    let agent = crate_.bin.join("claude");
    std::fs::write(&agent, FRESH_AGENT).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&agent, std::fs::Permissions::from_mode(0o755)).unwrap();
    crate_
}

impl FreshCrate {
    fn git(&self, args: &[&str]) -> Run {
        run({
            let mut cmd = Command::new("git");
            cmd.args(args).current_dir(&self.dir);
            cmd
        })
    }

    /// `cargo aspect <args>` in the crate, with its own `target/` (as a user
    /// has it), the fake agent first on PATH in `mode`.
    fn cargo_aspect_in(&self, mode: &str, args: &[&str]) -> Run {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let dirs = std::iter::once(self.bin.clone()).chain(std::env::split_paths(&path));
        let mut cmd = base_command(&self.fixture);
        cmd.current_dir(&self.dir)
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .args(args)
            .env("PATH", std::env::join_paths(dirs).unwrap())
            .env("FAKE_AGENT_LOG", &self.log)
            .env("FAKE_MODE", mode);
        run(cmd)
    }

    fn cargo_aspect(&self, args: &[&str]) -> Run {
        self.cargo_aspect_in("none", args)
    }

    /// Back to the commit, with an empty agent log.
    fn reset(&self) {
        for args in [&["reset", "-q", "--hard"][..], &["clean", "-q", "-fd"]] {
            let run = self.git(args);
            assert_eq!(run.code, 0, "git {args:?}: {}", run.all());
        }
        let _ = std::fs::remove_dir_all(&self.log);
        std::fs::create_dir_all(&self.log).unwrap();
    }

    fn prompts(&self) -> Vec<String> {
        (1..)
            .map_while(|n| std::fs::read_to_string(self.log.join(format!("prompt-{n}.txt"))).ok())
            .collect()
    }
}

#[test]
fn fix_works_on_a_crate_fresh_from_cargo_new() {
    let c = fresh_crate("fix-new");
    c.reset();

    // A dry run on a dirty tree says that the real run would refuse it.
    std::fs::write(c.dir.join("notes.txt"), "scratch\n").unwrap();
    let dry = c.cargo_aspect_in("fix", &["fix", "--dry-run"]);
    assert_eq!(dry.code, 1, "{}", dry.all());
    assert!(
        dry.stderr.contains(
            "warning: without --dry-run, `cargo aspect fix` would refuse to start here: \
             the working tree has uncommitted changes"
        ) && dry.stderr.contains("notes.txt")
            && dry.stderr.contains("--allow-dirty"),
        "{}",
        dry.all()
    );
    assert!(c.prompts().is_empty());
    std::fs::remove_file(c.dir.join("notes.txt")).unwrap();
    let clean = c.cargo_aspect_in("fix", &["fix", "--dry-run"]);
    assert!(!clean.stderr.contains("would refuse"), "{}", clean.all());

    // The aspect's command reads src/lib.rs, which stays the agent's to fix;
    // the diffs of a tree whose .gitignore has `/target` are taken.
    let fixed = c.cargo_aspect_in("fix", &["fix", "--max-iterations", "2"]);
    assert_eq!(fixed.code, 0, "{}", fixed.all());
    assert!(
        !fixed.stderr.contains("protected file") && !fixed.stderr.contains("cannot snapshot"),
        "{}",
        fixed.all()
    );
    let records = journal(&fixed);
    let protected = records[0]["protected"].as_array().unwrap();
    assert!(
        !protected.iter().any(|p| p == "src/lib.rs"),
        "{protected:?}"
    );
    assert!(
        protected.iter().any(|p| p == "aspects/calculator.md"),
        "{protected:?}"
    );
    let diffs: Vec<&str> = records
        .iter()
        .filter(|r| r["type"] == "reviewed")
        .map(|r| r["diff"].as_str().unwrap())
        .collect();
    assert_eq!(diffs.len(), 2, "{records:#?}");
    assert!(diffs[0].contains("+    left + right\n"), "{}", diffs[0]);
    assert!(diffs[1].contains("+pub struct Calc;"), "{}", diffs[1]);
    assert!(c.git(&["diff", "--quiet", "--", "src/lib.rs"]).code == 1);

    // Counts and lists come from the latest judgement: after attempt 1 two of
    // the three scenarios hold, and its diff is in the second prompt.
    c.reset();
    let partial = c.cargo_aspect_in(
        "partial",
        &["fix", "--spec", "adding", "--max-iterations", "2"],
    );
    assert_eq!(partial.code, 1, "{}", partial.all());
    for line in [
        "fix: spec specs/adding.feature · attempt 1/2 · 3 failing trial(s) left",
        "fix: after attempt 1, spec specs/adding.feature still fails (1 trial(s))",
        "fix: spec specs/adding.feature · attempt 2/2 · 1 failing trial(s) left",
    ] {
        assert!(partial.stderr.contains(line), "{line}\n{}", partial.all());
    }
    assert!(
        partial.stdout.contains(
            "evidence still fails (2 attempt(s) per task did not make it hold): \
             spec::adding::Zero plus zero is zero after 2 agent call(s)"
        ),
        "{}",
        partial.all()
    );
    let prompts = c.prompts();
    assert_eq!(prompts.len(), 2);
    assert!(
        prompts[1].contains("+    left + right + u64::from(left == 0)")
            && !prompts[1].contains("It changed no file."),
        "{}",
        prompts[1]
    );
}

const STEPS_MOD: &str = "examples/idle-game/tests/steps/mod.rs";

/// The failing scenario of issue 13, and one whose last step has no definition.
const STEP_SPECS: [(&str, &str); 2] = [
    (
        "examples/idle-game/specs/seven.feature",
        "Feature: Seven\n  Scenario: A mine bought with 50 gold leaves 7\n    Given I have 50 gold\n    When I buy a gold mine\n    Then I have 7 gold\n",
    ),
    (
        "examples/idle-game/specs/undefined.feature",
        "Feature: Undefined\n  Scenario: A mine bought with 50 gold leaves nothing\n    Given I have 50 gold\n    When I buy a gold mine\n    Then I have no gold left\n",
    ),
];

#[test]
fn existing_step_definitions_are_evidence_too() {
    let s = setup_with("fix-steps", |fixture| {
        for (file, text) in STEP_SPECS {
            fixture.file(file, text);
        }
    });
    let step = "step definition `gold_is` (Then I have {int} gold) at examples/idle-game/tests/steps/mod.rs:24";

    // The hollowing agent of issue 13: its change is put back, and the
    // scenario still fails.
    let hollow = s.fix("hollow", &["--spec", "seven", "--max-iterations", "2"]);
    assert_eq!(hollow.code, 1, "{}", hollow.all());
    assert!(
        hollow
            .stderr
            .contains(&format!("fix: attempt 1: agent changed {step} (put back)")),
        "{}",
        hollow.all()
    );
    assert!(s.unchanged(STEPS_MOD), "the step was not put back");
    let prompts = s.prompts();
    assert!(
        prompts[0].contains("Existing step definitions and bench functions are evidence too"),
        "{}",
        prompts[0]
    );
    assert!(
        prompts[1].contains(&format!(
            "agent changed {step} (put back): that change was reverted."
        )),
        "{}",
        prompts[1]
    );
    let records = journal(&hollow);
    let reviewed = records.iter().find(|r| r["type"] == "reviewed").unwrap();
    assert!(
        reviewed["violations"][0]
            .as_str()
            .unwrap()
            .contains("gold_is"),
        "{reviewed:#}"
    );

    // An agent that adds the missing step definition succeeds.
    s.reset();
    let added = s.fix("add-step", &["--spec", "undefined"]);
    assert_eq!(added.code, 0, "{}", added.all());
    assert!(
        !added.all().contains("step definition `"),
        "{}",
        added.all()
    );
    assert!(!s.unchanged(STEPS_MOD));

    // Allowed: the change stays, and the summary and journal list it.
    s.reset();
    let allowed = s.fix("hollow", &["--spec", "seven", "--allow-step-edits"]);
    assert_eq!(allowed.code, 0, "{}", allowed.all());
    assert!(
        allowed.stdout.contains(&format!(
            "fix: the agent changed existing step definitions (--allow-step-edits); review them:\n  * changed {step}\n"
        )),
        "{}",
        allowed.all()
    );
    assert!(!s.unchanged(STEPS_MOD));
    let records = journal(&allowed);
    let reviewed = records.iter().find(|r| r["type"] == "reviewed").unwrap();
    assert_eq!(
        reviewed["step_edits"][0].as_str().unwrap(),
        format!("agent changed {step}"),
        "{reviewed:#}"
    );
    assert_eq!(reviewed["violations"].as_array().unwrap().len(), 0);
}
