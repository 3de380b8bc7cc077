//! Steps for `cargo aspect init`: working from the root of the fixture's
//! workspace instead of its package, and where the dev-dependency it added
//! leads.

use std::path::{Path, PathBuf};

use aspect::{given, then};

use super::{read, Dogfood};
use crate::support::runtime_dir;

/// Commands run, and paths are read, from the fixture's root from now on.
#[given("I work in the root of the workspace")]
fn in_root(world: &mut Dogfood) -> Result<(), String> {
    world.fixture()?;
    world.workdir = PathBuf::new();
    Ok(())
}

/// The top directory of an absolute path (`/work` of `/work/a/b`).
fn top(path: &Path) -> Option<&std::ffi::OsStr> {
    path.components().nth(1).map(|c| c.as_os_str())
}

/// By path, without a version (the runtime is not published, so a version
/// would not resolve), as `cargo-aspect` under the key `aspect`. The path is
/// relative when the crate and the runtime share their top directory, and
/// absolute when they do not (`CARGO_TARGET_DIR=/tmp/...`): a `../../..`
/// climbing to `/` breaks as soon as either moves.
#[then("the dev-dependency `aspect` in {string} is this checkout's runtime, by path")]
fn runtime_by_path(world: &mut Dogfood, manifest: String) -> Result<(), String> {
    world.last()?;
    let path = world.path(&manifest)?;
    let text = read(&path)?;
    let parsed: toml::Value = toml::from_str(&text).map_err(|e| format!("{manifest}: {e}"))?;
    let dep = parsed
        .get("dev-dependencies")
        .and_then(|d| d.get("aspect"))
        .ok_or_else(|| format!("{manifest} has no dev-dependency `aspect`:\n{text}"))?;
    if dep.get("package").and_then(toml::Value::as_str) != Some("cargo-aspect") {
        return Err(format!("`aspect` is not package cargo-aspect: {dep}"));
    }
    if dep.get("version").is_some() {
        return Err(format!("`aspect` has a version: {dep}"));
    }
    let shown = dep
        .get("path")
        .and_then(toml::Value::as_str)
        .ok_or_else(|| format!("`aspect` has no path: {dep}"))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let canonical = |p: &Path| {
        p.canonicalize()
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let runtime = canonical(&runtime_dir())?;
    if canonical(&dir.join(shown))? != runtime {
        return Err(format!("{shown} does not lead to {}", runtime.display()));
    }
    let relative = top(&canonical(dir)?) == top(&runtime);
    match (relative, shown.starts_with("../")) {
        (true, false) => Err(format!("{shown} is not relative to {manifest}")),
        (false, _) if Path::new(shown) != runtime => Err(format!("{shown} is not absolute")),
        _ => Ok(()),
    }
}
