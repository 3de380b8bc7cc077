//! `command` evidence: a program that exits 0 when the property holds.
//!
//! The seed's form (`evidence: scripts/check.sh`) and the explicit one
//! (`evidence: {command: [prog, args...], timeout: 30s}`). It runs from the
//! workspace root as an argv — no shell unless the user writes `sh -c` — in its
//! own process group, so a timeout kills everything it started.
//!
//! A command written as one string is split on whitespace, nothing more
//! (`split_command_line`). A string with shell syntax in it is refused rather
//! than split: `grep -q x Cargo.toml | false` would run grep with `|` and `false`
//! as arguments and pass.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::process;
use super::units::format_duration;
use super::{Context, Evidence, Verdict};

/// Used when neither the evidence nor the aspect sets a timeout: long enough for
/// any reasonable check, short enough that a hung script cannot hang CI forever.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// Lines of output shown when a command fails.
pub const TAIL_LINES: usize = 40;

/// Run a program; exit status 0 holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandEvidence {
    argv: Vec<String>,
    timeout: Option<Duration>,
}

impl CommandEvidence {
    /// A command and its own timeout (the aspect's, then [`DEFAULT_TIMEOUT`], apply otherwise).
    pub fn new(argv: Vec<String>, timeout: Option<Duration>) -> Self {
        CommandEvidence { argv, timeout }
    }

    /// The program as it will be run: a path (it has a `/`) made absolute under
    /// the workspace root, or a bare name left for `PATH`.
    fn program(&self, workspace_root: &Path) -> Result<PathBuf, String> {
        resolve_program(self.argv.first().map_or("", String::as_str), workspace_root)
    }
}

/// Characters that mean something to a shell and nothing to a whitespace split.
const SHELL_SYNTAX: &[char] = &[
    '|', '&', ';', '<', '>', '$', '`', '(', ')', '*', '?', '\'', '"', '\\',
];

/// A command written as one string, as the argv it runs: the words between
/// whitespace, with no quoting, escaping, globbing, variables, pipes or redirections.
///
/// # Errors
/// When the string has shell syntax, which a split would pass to the program as
/// literal arguments: the message names the character and says to use the list
/// form or a script.
pub(crate) fn split_command_line(line: &str) -> Result<Vec<String>, String> {
    if let Some(found) = line.chars().find(|c| SHELL_SYNTAX.contains(c)) {
        let shown = if found == '`' {
            "`` ` ``".to_owned()
        } else {
            format!("`{found}`")
        };
        return Err(format!(
            "`{line}` has shell syntax ({shown}), but a command string is only split on whitespace \
             and runs without a shell, so {shown} would reach the program as an argument: \
             write the arguments as a list (`command: [prog, arg, ...]`) or put the shell code \
             in a script (`evidence: scripts/check.sh`)"
        ));
    }
    Ok(line.split_whitespace().map(str::to_owned).collect())
}

/// Resolve `program` as [`CommandEvidence`] runs it, checking it exists and stays
/// inside the workspace when it is a path.
///
/// # Errors
/// A message when the program is empty, missing, outside the workspace, or not executable.
pub fn resolve_program(program: &str, workspace_root: &Path) -> Result<PathBuf, String> {
    if program.is_empty() {
        return Err("the command is empty".to_owned());
    }
    if !program.contains('/') {
        return find_on_path(program).ok_or_else(|| {
            format!("`{program}` is not a file in the workspace and not found on PATH")
        });
    }
    let root = workspace_root.canonicalize().map_err(|e| {
        format!(
            "cannot resolve the workspace root {}: {e}",
            workspace_root.display()
        )
    })?;
    let path = root.join(program);
    let Ok(real) = path.canonicalize() else {
        return Err(format!(
            "`{program}` does not exist (paths are relative to the workspace root {})",
            root.display()
        ));
    };
    if !real.starts_with(&root) {
        return Err(format!(
            "`{program}` resolves to {}, outside the workspace {}; evidence must live in the workspace",
            real.display(),
            root.display()
        ));
    }
    if !is_executable(&real) {
        return Err(format!(
            "`{program}` is not executable (try `chmod +x {program}`)"
        ));
    }
    Ok(real)
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

impl Evidence for CommandEvidence {
    fn kind(&self) -> &'static str {
        "command"
    }

    fn describe(&self) -> String {
        self.argv.join(" ")
    }

    fn validate(&self, ctx: &Context<'_>) -> Result<(), String> {
        self.program(ctx.workspace_root).map(drop)
    }

    fn judge(&self, ctx: &Context<'_>) -> Verdict {
        let program = match self.program(ctx.workspace_root) {
            Ok(p) => p,
            Err(message) => return Verdict::Fails { message },
        };
        let mut argv = self.argv.clone();
        argv[0] = program.to_string_lossy().into_owned();
        let timeout = self.timeout.or(ctx.timeout).unwrap_or(DEFAULT_TIMEOUT);
        let done = match process::run(&argv, ctx.workspace_root, Some(timeout)) {
            Ok(done) => done,
            Err(e) => {
                return Verdict::Fails {
                    message: e.to_string(),
                }
            }
        };
        let command = self.argv.join(" ");
        if done.timed_out {
            return Verdict::Fails {
                message: format!(
                    "`{command}` timed out after {}; its process group was killed\n{}",
                    format_duration(timeout),
                    done.tail(TAIL_LINES)
                ),
            };
        }
        if done.status.success() {
            Verdict::Holds {
                summary: format!("`{command}` exited 0 in {}", format_duration(done.elapsed)),
            }
        } else {
            Verdict::Fails {
                message: format!(
                    "`{command}` failed with {}\n{}",
                    done.describe_status(),
                    done.tail(TAIL_LINES)
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn workspace(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("aspect-command-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("scripts")).unwrap();
        dir
    }

    fn script(root: &Path, name: &str, body: &str) {
        let path = root.join("scripts").join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    fn ctx(root: &Path) -> Context<'_> {
        Context {
            workspace_root: root,
            package_root: root,
            aspect: "t",
            optimized: false,
            bench_mode: false,
            timeout: None,
        }
    }

    #[test]
    fn exit_zero_holds_and_nonzero_fails_with_its_output() {
        let root = workspace("verdicts");
        script(&root, "ok.sh", "echo fine");
        script(&root, "bad.sh", "echo 'core imports std::fs' >&2; exit 4");
        let ok = CommandEvidence::new(vec!["scripts/ok.sh".into()], None);
        assert!(ok.judge(&ctx(&root)).holds());
        let bad = CommandEvidence::new(vec!["scripts/bad.sh".into()], None);
        match bad.judge(&ctx(&root)) {
            Verdict::Fails { message } => {
                assert!(message.contains("exit status 4"), "{message}");
                assert!(message.contains("core imports std::fs"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_command_runs_from_the_workspace_root_without_a_shell() {
        let root = workspace("argv");
        std::fs::write(root.join("marker"), "").unwrap();
        let test = CommandEvidence::new(vec!["test".into(), "-f".into(), "marker".into()], None);
        assert!(test.judge(&ctx(&root)).holds());
        // `$HOME` stays literal without a shell: `test` sees a file named `$HOME`.
        let literal = CommandEvidence::new(vec!["test".into(), "-f".into(), "$HOME".into()], None);
        assert!(!literal.judge(&ctx(&root)).holds());
    }

    #[test]
    fn missing_outside_and_unexecutable_paths_are_errors_not_verdicts() {
        let root = workspace("paths");
        std::fs::write(root.join("scripts/plain.sh"), "exit 0").unwrap();
        let check = |p: &str| CommandEvidence::new(vec![p.into()], None).validate(&ctx(&root));
        assert!(check("scripts/missing.sh")
            .unwrap_err()
            .contains("does not exist"));
        assert!(check("../../../bin/sh")
            .unwrap_err()
            .contains("outside the workspace"));
        assert!(check("scripts/plain.sh")
            .unwrap_err()
            .contains("not executable"));
        assert!(check("no-such-tool-xyz")
            .unwrap_err()
            .contains("not found on PATH"));
        assert!(check("sh").is_ok());
    }

    #[test]
    fn a_command_string_is_split_on_whitespace_only() {
        assert_eq!(
            split_command_line("  grep -q\ttokio  Cargo.toml ").unwrap(),
            ["grep", "-q", "tokio", "Cargo.toml"]
        );
        assert_eq!(
            split_command_line("scripts/check-imports.sh --crate=idle-core").unwrap(),
            ["scripts/check-imports.sh", "--crate=idle-core"]
        );
    }

    #[test]
    fn a_command_string_with_shell_syntax_is_refused() {
        // r12: `grep -q tokio Cargo.toml | false` passed: `|` and `false` were grep arguments.
        for (line, found) in [
            ("grep -q tokio Cargo.toml | false", "`|`"),
            ("make && ./check", "`&`"),
            ("true; false", "`;`"),
            ("sort < in", "`<`"),
            ("echo > out", "`>`"),
            ("test -n $HOME", "`$`"),
            ("echo `id`", "`` ` ``"),
            ("sh -c (exit)", "`(`"),
            ("ls )", "`)`"),
            ("ls src/*.rs", "`*`"),
            ("ls src/?.rs", "`?`"),
            ("grep -q 'a b' x", "`'`"),
            ("grep -q \"a b\" x", "`\"`"),
            ("grep -q a\\.b x", "`\\`"),
        ] {
            let message = split_command_line(line).unwrap_err();
            assert!(message.contains(&format!("({found})")), "{line}: {message}");
            assert!(message.contains("list"), "{message}");
            assert!(message.contains("script"), "{message}");
        }
    }

    #[test]
    fn a_timeout_fails_saying_so() {
        let root = workspace("timeout");
        let slow = CommandEvidence::new(
            vec!["sh".into(), "-c".into(), "sleep 20".into()],
            Some(Duration::from_millis(200)),
        );
        let start = std::time::Instant::now();
        match slow.judge(&ctx(&root)) {
            Verdict::Fails { message } => {
                assert!(message.contains("timed out after 200"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}
