//! Given steps: the fixture workspaces (a copy of the idle game, a crate from
//! `cargo new`) and the changes a scenario makes to them before it runs a
//! command.

use aspect::{given, DocString};

use super::{read, write, Dogfood};
use crate::idle::{self, idle_game, GAME};
use crate::support::{runtime_dir, Fixture};

/// A bug seeded into one of the idle game's step definitions.
struct Bug {
    /// The step's expression, as the spec names it.
    step: &'static str,
    /// What the bug does, as the spec says it.
    does: &'static str,
    /// The file, relative to the fixture root.
    file: &'static str,
    /// The right code, and the code that replaces it.
    right: &'static str,
    wrong: &'static str,
}

/// The bugs a spec can ask for.
const BUGS: &[Bug] = &[
    Bug {
        step: "I have {int} gold",
        does: "asserts the wrong amount",
        file: "examples/idle-game/tests/steps/mod.rs",
        right: "assert_eq!(world.game.gold(), gold, \"gold in hand\");",
        wrong: "assert_eq!(world.game.gold(), gold + 1, \"gold in hand\");",
    },
    Bug {
        step: "the next {} costs {int} gold",
        does: "adds 1 to every price",
        file: "examples/idle-game/tests/steps/buying.rs",
        right: "world.game.cost(generator),",
        wrong: "world.game.cost(generator) + 1,",
    },
];

/// Replace the first `from` in the fixture file `relative` by `to`.
fn replace(world: &Dogfood, relative: &str, from: &str, to: &str) -> Result<(), String> {
    let path = world.fixture()?.root.join(relative);
    let text = read(&path)?;
    if !text.contains(from) {
        return Err(format!("{relative} no longer contains {from:?}"));
    }
    write(&path, &text.replacen(from, to, 1))
}

#[given("a copy of the idle game")]
fn idle_game_copy(world: &mut Dogfood) -> Result<(), String> {
    let name = world.fixture_name()?;
    world.fixture = Some(idle_game(&name));
    Ok(())
}

#[given("a new library crate made by `cargo new`")]
fn new_crate(world: &mut Dogfood) -> Result<(), String> {
    let name = world.fixture_name()?;
    // A workspace of its own, so `cargo new` does not join this repository's.
    let fixture = Fixture::new(&name);
    let package = fixture.package("fresh");
    fixture.file(
        "Cargo.toml",
        "[workspace]\nresolver = \"2\"\nmembers = []\n",
    );
    let made = fixture.run_cargo(&["new", "--lib", "--vcs", "none", "--quiet", &package]);
    if made.code != 0 {
        return Err(format!("cargo new failed:\n{}", made.all()));
    }
    fixture.file(
        "Cargo.toml",
        &format!("[workspace]\nresolver = \"2\"\nmembers = [\"{package}\"]\n"),
    );
    world.workdir = package.into();
    world.fixture = Some(fixture);
    Ok(())
}

#[given(regex = r#"^the step "(.+)" (asserts the wrong amount|adds 1 to every price)$"#)]
fn seeded_bug(world: &mut Dogfood, step: String, does: String) -> Result<(), String> {
    let bug = BUGS
        .iter()
        .find(|b| b.step == step && b.does == does)
        .ok_or_else(|| format!("no bug is known for the step {step:?} that {does}"))?;
    replace(world, bug.file, bug.right, bug.wrong)
}

#[given("nothing is changed")]
fn nothing_changed(_world: &mut Dogfood) {}

#[given("line {int} of {string} becomes {string}")]
fn line_becomes(
    world: &mut Dogfood,
    line: usize,
    file: String,
    text: String,
) -> Result<(), String> {
    let path = world.path(&file)?;
    let source = read(&path)?;
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    let old = line
        .checked_sub(1)
        .and_then(|i| lines.get_mut(i))
        .ok_or_else(|| format!("{file} has {} lines, not {line}", source.lines().count()))?;
    let indent = old.len() - old.trim_start().len();
    *old = format!("{}{text}", &old[..indent]);
    write(&path, &(lines.join("\n") + "\n"))
}

#[given("the step definitions do not compile")]
fn steps_do_not_compile(world: &mut Dogfood) -> Result<(), String> {
    let path = world.fixture()?.root.join(GAME).join("tests/steps/mod.rs");
    let source = read(&path)?;
    write(
        &path,
        &format!("{source}\nfn broken() -> u32 {{ \"not a number\" }}\n"),
    )
}

/// `$RUNTIME` in a doc string stands for this checkout's runtime crate, as in
/// a command.
fn with_runtime(text: &DocString) -> String {
    text.content
        .replace("$RUNTIME", &runtime_dir().display().to_string())
}

#[given("the file {string} contains:")]
fn file_contains(world: &mut Dogfood, file: String, text: &DocString) -> Result<(), String> {
    write(&world.path(&file)?, &format!("{}\n", with_runtime(text)))
}

#[given("the file {string} ends with:")]
fn file_ends_with(world: &mut Dogfood, file: String, text: &DocString) -> Result<(), String> {
    let path = world.path(&file)?;
    let source = read(&path)?;
    write(&path, &format!("{source}\n{}\n", with_runtime(text)))
}

/// More lines for a table of a TOML file, right under its header (which must
/// be there): appending a second `[table]` would not be TOML.
#[given("the table {word} of {string} also has:")]
fn table_also_has(
    world: &mut Dogfood,
    header: String,
    file: String,
    lines: &DocString,
) -> Result<(), String> {
    let path = world.path(&file)?;
    let source = read(&path)?;
    let at = source
        .lines()
        .position(|l| l.trim() == header)
        .ok_or_else(|| format!("{file} has no line {header}:\n{source}"))?;
    let mut out: Vec<&str> = source.lines().collect();
    out.splice(at + 1..at + 1, lines.content.lines());
    write(&path, &(out.join("\n") + "\n"))
}

#[given("the copy is committed to git")]
fn committed(world: &mut Dogfood) -> Result<(), String> {
    idle::commit(world.fixture()?);
    Ok(())
}
