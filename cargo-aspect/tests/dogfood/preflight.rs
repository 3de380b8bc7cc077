//! Given steps for what `cargo aspect fix` checks before it calls an agent:
//! a PATH without Claude Code, a workspace outside any git repository.

use std::path::PathBuf;

use aspect::given;

use super::Dogfood;

/// The first `program` on the PATH this test runs with.
fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// A PATH of one directory holding git, cargo and rustc only: neither the
/// scripted agent nor a real `claude` of the machine is on it.
#[given("Claude Code is not on PATH")]
fn no_claude(world: &mut Dogfood) -> Result<(), String> {
    let root = world.fixture()?.root.clone();
    let bin = root.with_file_name(format!(
        "{}-no-claude",
        root.file_name().unwrap_or_default().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&bin);
    std::fs::create_dir_all(&bin).map_err(|e| format!("{}: {e}", bin.display()))?;
    for tool in ["git", "cargo", "rustc"] {
        let found = find_on_path(tool).ok_or_else(|| format!("no {tool} on PATH"))?;
        std::os::unix::fs::symlink(&found, bin.join(tool))
            .map_err(|e| format!("{}: {e}", found.display()))?;
    }
    world.on_path.clear();
    world.env.retain(|(k, _)| k != "PATH");
    world
        .env
        .push(("PATH".to_owned(), bin.display().to_string()));
    Ok(())
}

/// The fixture lives inside this repository's checkout: a git ceiling at its
/// parent keeps git from finding that repository around it.
#[given("the copy is in no git repository")]
fn no_git(world: &mut Dogfood) -> Result<(), String> {
    let root = world.fixture()?.root.clone();
    if root.join(".git").exists() {
        return Err(format!("{} is a git repository", root.display()));
    }
    let parent = root.parent().ok_or("the fixture has no parent")?;
    world.env.retain(|(k, _)| k != "GIT_CEILING_DIRECTORIES");
    world.env.push((
        "GIT_CEILING_DIRECTORIES".to_owned(),
        parent.display().to_string(),
    ));
    Ok(())
}
