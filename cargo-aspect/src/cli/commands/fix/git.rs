//! git, as `cargo aspect fix` needs it: is the workspace in a repository, are
//! there uncommitted changes, and what exactly did one agent attempt change.
//!
//! An attempt's diff is taken between two snapshots of the working tree (tree
//! objects written through a scratch index (`GIT_INDEX_FILE`), untracked files
//! included, ignored files and the target directory left out, whatever the
//! `.gitignore` says about it), so it is exact even with
//! `--allow-dirty` and survives a crash: the tree id before an attempt is in
//! the journal, and `--resume` diffs against it.
//!
//! It must not change the user's index, HEAD, branches or stash, and must not
//! commit: the scratch index lives in the run's journal directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A git repository containing the workspace.
#[derive(Debug, Clone)]
pub struct Git {
    /// The repository's top-level directory.
    pub top: PathBuf,
    /// The target directory relative to `top`, when it is inside it (left out of snapshots).
    exclude: Option<String>,
}

impl Git {
    /// The repository containing `dir`, or `None` when there is none (or no git).
    pub fn discover(dir: &Path, target_dir: &Path) -> Option<Git> {
        let out = Command::new("git")
            .args(["rev-parse", "--show-toplevel"])
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let top = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        let top = top.canonicalize().unwrap_or(top);
        let target = target_dir
            .canonicalize()
            .unwrap_or_else(|_| target_dir.to_owned());
        let inside = target
            .strip_prefix(&top)
            .ok()
            .filter(|rel| !rel.as_os_str().is_empty())
            .map(|rel| rel.to_string_lossy().into_owned());
        let mut git = Git { top, exclude: None };
        // An ignored target directory (cargo new's `.gitignore` has `/target`)
        // is left out by `git add -A` already; naming it in an exclude pathspec
        // too makes git refuse the whole add ("paths are ignored").
        // The trailing `/` asks about a directory, which it is even before
        // cargo first creates it (`/target/` patterns match directories only).
        git.exclude = inside.filter(|rel| !git.ignores(&format!("{rel}/")));
        Some(git)
    }

    /// Whether git ignores `relative` (a path under the top level).
    fn ignores(&self, relative: &str) -> bool {
        Command::new("git")
            .args(["check-ignore", "-q", "--", relative])
            .current_dir(&self.top)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// `git <args>` at the top level; stdout on success, git's message otherwise.
    fn git(&self, args: &[&str], index: Option<&Path>) -> Result<String, String> {
        let mut command = Command::new("git");
        command
            .args(["-c", "core.quotepath=off"])
            .args(args)
            .current_dir(&self.top)
            .stdin(Stdio::null());
        if let Some(index) = index {
            command.env("GIT_INDEX_FILE", index);
        }
        let out = command
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// Files with uncommitted changes, untracked ones included (`git status --porcelain`).
    ///
    /// # Errors
    /// git's message when it cannot tell.
    pub fn uncommitted(&self) -> Result<Vec<String>, String> {
        let out = self.git(&["status", "--porcelain", "--untracked-files=normal"], None)?;
        Ok(out
            .lines()
            .filter(|l| l.len() > 3)
            .map(|l| l[3..].to_owned())
            .collect())
    }

    /// The current commit, if there is one.
    pub fn head(&self) -> Option<String> {
        self.git(&["rev-parse", "--verify", "-q", "HEAD"], None)
            .ok()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    }

    /// Write the working tree as a tree object and return its id, using a
    /// scratch index in `scratch_dir` (the user's index is only read).
    ///
    /// # Errors
    /// git's message.
    pub fn snapshot(&self, scratch_dir: &Path) -> Result<String, String> {
        let index = scratch_dir.join("snapshot.index");
        // Start from the real index so unchanged files are not hashed again.
        let real = self.git(&["rev-parse", "--git-path", "index"], None)?;
        let real = self.top.join(real.trim());
        let _ = std::fs::remove_file(&index);
        if real.is_file() {
            std::fs::copy(&real, &index)
                .map_err(|e| format!("cannot copy the git index to {}: {e}", index.display()))?;
        }
        let exclude = self.exclude.as_ref().map(|rel| format!(":(exclude){rel}"));
        let mut add = vec!["add", "-A", "--", "."];
        if let Some(exclude) = &exclude {
            add.push(exclude);
        }
        self.git(&add, Some(&index))?;
        let tree = self.git(&["write-tree"], Some(&index))?;
        let _ = std::fs::remove_file(&index);
        Ok(tree.trim().to_owned())
    }

    /// The patch from tree `from` to tree `to`.
    ///
    /// # Errors
    /// git's message.
    pub fn diff(&self, from: &str, to: &str) -> Result<String, String> {
        self.git(
            &[
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                from,
                to,
            ],
            None,
        )
    }

    /// `git diff --stat` from tree `from` to tree `to`.
    ///
    /// # Errors
    /// git's message.
    pub fn diff_stat(&self, from: &str, to: &str) -> Result<String, String> {
        self.git(&["diff", "--no-color", "--stat", from, to], None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git_in(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    /// A committed repository with `.gitignore` `ignore`, a target directory
    /// with a build output, and `src/lib.rs`.
    fn repo(name: &str, ignore: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("aspect-fix-git-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join(".gitignore"), ignore).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "pub fn f() {}\n").unwrap();
        for args in [
            &["init", "-q"][..],
            &["config", "user.name", "t"],
            &["config", "user.email", "t@t.invalid"],
            &["config", "commit.gpgsign", "false"],
            &["add", "-A"],
            &["commit", "-q", "-m", "c"],
        ] {
            git_in(&dir, args);
        }
        // Created after the commit, as cargo does on the first build.
        std::fs::create_dir_all(dir.join("target/debug")).unwrap();
        std::fs::write(dir.join("target/debug/out"), "built").unwrap();
        dir
    }

    #[test]
    fn snapshots_work_whatever_the_gitignore_says_about_the_target_dir() {
        // cargo new's `/target`, a directory-only pattern, none at all.
        for (n, ignore) in ["/target\n", "target/\n", ""].into_iter().enumerate() {
            let dir = repo(&n.to_string(), ignore);
            let git = Git::discover(&dir, &dir.join("target")).unwrap();
            let scratch = dir.join("target/scratch");
            std::fs::create_dir_all(&scratch).unwrap();
            let index = dir.join(".git/index");
            let index_before = std::fs::read(&index).unwrap();
            let before = git
                .snapshot(&scratch)
                .unwrap_or_else(|e| panic!("{ignore:?}: {e}"));
            std::fs::write(dir.join("src/lib.rs"), "pub fn f() -> u8 { 1 }\n").unwrap();
            std::fs::write(dir.join("src/new.rs"), "// new\n").unwrap();
            std::fs::write(dir.join("target/debug/out"), "built again").unwrap();
            let after = git.snapshot(&scratch).unwrap();
            let stat = git.diff_stat(&before, &after).unwrap();
            assert!(
                stat.contains("src/lib.rs") && stat.contains("src/new.rs"),
                "{ignore:?}: {stat}"
            );
            assert!(!stat.contains("target"), "{ignore:?}: {stat}");
            assert_eq!(
                std::fs::read(&index).unwrap(),
                index_before,
                "{ignore:?}: the user's index changed"
            );
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}
