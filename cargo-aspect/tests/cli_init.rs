//! `cargo aspect init`, run as the real binary on crates made by the real
//! `cargo new`: the crate it sets up passes `cargo test --test aspect`, a second
//! run changes no byte, user work is kept, and errors exit 2 with a clear message.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::{runtime_dir, Fixture, Run};

/// Run `cargo-aspect aspect <args>` in `dir`.
fn cargo_aspect(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-aspect"))
        .arg("aspect")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `cargo aspect init --path <runtime>` in `dir`, plus `args`.
fn init(dir: &Path, args: &[&str]) -> Run {
    let runtime = runtime_dir();
    let mut all = vec!["init", "--path", runtime.to_str().unwrap()];
    all.extend_from_slice(args);
    cargo_aspect(dir, &all)
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(dir).unwrap().to_owned(), bytes);
            }
        }
    }
    files
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// A standalone package (its own workspace root) with a library.
fn package(name: &str, manifest: &str) -> Fixture {
    let fixture = Fixture::new(name);
    fixture
        .file("Cargo.toml", manifest)
        .file("src/lib.rs", "pub fn answer() -> u32 {\n    42\n}\n");
    fixture
}

#[test]
fn a_fresh_crate_is_set_up_passes_and_a_second_init_changes_no_byte() {
    // The fixture dir is inside this repository's workspace: a workspace of its
    // own keeps `cargo new` from adding the crate to ours.
    let fixture = Fixture::new("init-fresh");
    fixture.file(
        "Cargo.toml",
        "[workspace]\nresolver = \"2\"\nmembers = []\n",
    );
    let new = fixture.run_cargo(&["new", "--lib", "--vcs", "none", "--quiet", "fresh"]);
    assert_eq!(new.code, 0, "{}", new.all());
    fixture.file(
        "Cargo.toml",
        "[workspace]\nresolver = \"2\"\nmembers = [\"fresh\"]\n",
    );
    let crate_dir = fixture.root.join("fresh");

    let first = init(&crate_dir, &[]);
    assert_eq!(first.code, 0, "{}", first.all());
    for line in [
        "added [package.metadata.aspect] to Cargo.toml",
        "added dev-dependency aspect = { package = \"cargo-aspect\", path = \"",
        "added [[test]] name = \"aspect\", harness = false to Cargo.toml",
        "created tests/aspect.rs",
        "created specs/example.feature",
        "created aspects/example.md",
        "next: cargo aspect test   (or: cargo test --test aspect)",
    ] {
        assert!(
            first.stdout.contains(line),
            "{line:?} missing:\n{}",
            first.all()
        );
    }
    assert_eq!(first.stderr, "", "{}", first.all());

    // The dependency path leads to the runtime: relative to the package when the
    // two share a directory below the root (a fixture under this checkout's
    // target/), absolute when they do not (CARGO_TARGET_DIR=/tmp/...), since a
    // `../../../..` climbing to `/` breaks as soon as either moves.
    let manifest: toml::Value = toml::from_str(&read(crate_dir.join("Cargo.toml"))).unwrap();
    let dep = &manifest["dev-dependencies"]["aspect"];
    assert_eq!(dep["package"].as_str(), Some("cargo-aspect"));
    assert_eq!(dep["default-features"].as_bool(), Some(false));
    let features: Vec<&str> = dep["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(toml::Value::as_str)
        .collect();
    assert_eq!(
        features,
        ["aspects", "imports"],
        "the sample aspect needs both"
    );
    let path = dep["path"].as_str().unwrap();
    let runtime = runtime_dir().canonicalize().unwrap();
    let top = |p: &Path| p.components().nth(1).map(|c| c.as_os_str().to_owned());
    if top(&crate_dir.canonicalize().unwrap()) == top(&runtime) {
        assert!(path.starts_with("../"), "{path}");
    } else {
        assert_eq!(Path::new(path), runtime, "{path}");
    }
    assert!(
        first.stdout.contains(&format!("path = \"{path}\"")),
        "{}",
        first.all()
    );
    assert_eq!(crate_dir.join(path).canonicalize().unwrap(), runtime);
    assert_eq!(manifest["test"][0]["harness"].as_bool(), Some(false));
    let aspect = read(crate_dir.join("aspects/example.md"));
    assert!(aspect.contains("crate: \"fresh\""), "{aspect}");

    let test = fixture
        .cargo()
        .current_dir(&crate_dir)
        .args(["test", "--test", "aspect"])
        .output()
        .unwrap();
    let test = Run {
        code: test.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&test.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&test.stderr).into_owned(),
    };
    assert_eq!(test.code, 0, "{}", test.all());
    assert_eq!(
        test.verdict("spec::example::Adding to a counter"),
        Some("ok"),
        "{}",
        test.all()
    );
    assert_eq!(
        test.verdict("aspect::no-std-net-or-process-imports"),
        Some("ok"),
        "{}",
        test.all()
    );
    assert!(test.stdout.contains("2 passed; 0 failed"), "{}", test.all());

    // The CLI judges the freshly set-up crate too.
    let judged = Command::new(env!("CARGO_BIN_EXE_cargo-aspect"))
        .args(["aspect", "test", "--color", "never"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", Fixture::target_dir())
        .output()
        .unwrap();
    let judged = Run {
        code: judged.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&judged.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&judged.stderr).into_owned(),
    };
    assert_eq!(
        judged.code,
        0,
        "cargo aspect test after init\n{}",
        judged.all()
    );
    assert!(
        judged.stdout.contains("2 passed, 0 failed, 0 ignored"),
        "{}",
        judged.all()
    );

    // Nothing changes the second time, from the crate or from the workspace root.
    let before = snapshot(&fixture.root);
    let second = init(&crate_dir, &[]);
    assert_eq!(second.code, 0, "{}", second.all());
    assert!(
        second
            .stdout
            .contains("`fresh` is already set up for cargo aspect; nothing changed"),
        "{}",
        second.all()
    );
    let from_root = init(&fixture.root, &["-p", "fresh"]);
    assert_eq!(from_root.code, 0, "{}", from_root.all());
    assert!(
        from_root
            .stdout
            .contains("next: cargo aspect test -p fresh   (or: cargo test -p fresh --test aspect)"),
        "{}",
        from_root.all()
    );
    assert!(
        before == snapshot(&fixture.root),
        "a second init changed a file"
    );
}

#[test]
fn without_path_init_depends_on_the_checkout_it_was_built_from() {
    // Not published yet: a version requirement would not resolve, the checkout does.
    let fixture = package(
        "init-default-path",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    );
    let run = cargo_aspect(&fixture.root, &["init"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let manifest: toml::Value = toml::from_str(&read(fixture.root.join("Cargo.toml"))).unwrap();
    let dep = &manifest["dev-dependencies"]["aspect"];
    assert!(dep.get("version").is_none(), "{dep}");
    let path = dep["path"].as_str().unwrap();
    assert_eq!(
        fixture.root.join(path).canonicalize().unwrap(),
        runtime_dir().canonicalize().unwrap()
    );
}

#[test]
fn comments_and_odd_formatting_in_the_manifest_are_kept() {
    let original = "# A crate with opinions about formatting.\n\
        [package]\n\
        name    =   \"odd\"   # aligned\n\
        version = '0.1.0'\n\
        edition = \"2021\"\n\
        \n\
        \n\
        # Dependencies: none yet.\n\
        [dependencies]\n\
        \n\
        [dev-dependencies]   # for tests\n\
        \n\
        [workspace]\n\
        # its own root\n";
    let fixture = package("init-odd", original);
    let run = init(&fixture.root, &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    let edited = read(fixture.root.join("Cargo.toml"));
    let mut lines = edited.lines();
    for line in original.lines() {
        assert!(
            lines.any(|l| l == line),
            "{line:?} is gone or moved:\n{edited}"
        );
    }
    assert!(
        edited.contains(
            "[dev-dependencies]   # for tests\naspect = { package = \"cargo-aspect\", path = \""
        ),
        "{edited}"
    );
    assert!(edited.contains("\n[package.metadata.aspect]\nspecs = [\"specs/**/*.feature\"]\naspects = [\"aspects/*.md\"]\n"), "{edited}");
    assert!(
        edited.contains("\n[[test]]\nname = \"aspect\"\nharness = false\n"),
        "{edited}"
    );

    let before = snapshot(&fixture.root);
    let again = init(&fixture.root, &[]);
    assert_eq!(again.code, 0, "{}", again.all());
    assert!(again.stdout.contains("already set up"), "{}", again.all());
    assert!(before == snapshot(&fixture.root));
}

#[test]
fn a_test_file_of_the_users_is_never_overwritten() {
    let manifest =
        "[package]\nname = \"kept\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n";
    // A plain libtest test that happens to be called `aspect`.
    let fixture = package("init-kept-test", manifest);
    let mine = "#[test]\nfn mine() {}\n";
    fixture.file("tests/aspect.rs", mine);
    let run = init(&fixture.root, &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(read(fixture.root.join("tests/aspect.rs")), mine);
    assert!(
        run.stderr
            .contains("warning: tests/aspect.rs exists and is not an aspect harness"),
        "{}",
        run.all()
    );
    let edited = read(fixture.root.join("Cargo.toml"));
    assert!(
        !edited.contains("[[test]]"),
        "its test must stay a libtest test:\n{edited}"
    );
    assert!(!fixture.root.join("specs/example.feature").exists());
    assert!(fixture.root.join("aspects/example.md").exists());
    let before = snapshot(&fixture.root);
    let again = init(&fixture.root, &[]);
    assert_eq!(again.code, 0, "{}", again.all());
    assert!(again.stdout.contains("nothing changed"), "{}", again.all());
    assert!(before == snapshot(&fixture.root));

    // The user's own harness: kept, given its target, and no sample spec whose
    // steps it does not have.
    let fixture = package("init-kept-harness", manifest);
    let harness = "#[derive(Default)]\nstruct Mine;\naspect::main!(Mine);\n";
    fixture.file("tests/aspect.rs", harness);
    let run = init(&fixture.root, &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(read(fixture.root.join("tests/aspect.rs")), harness);
    assert!(
        run.stdout.contains("added [[test]] name = \"aspect\""),
        "{}",
        run.all()
    );
    assert!(run.stdout.contains("note: no sample spec"), "{}", run.all());
    assert!(!fixture.root.join("specs/example.feature").exists());
}

#[test]
fn a_virtual_workspace_needs_a_package() {
    let fixture = Fixture::new("init-virtual");
    fixture
        .file(
            "Cargo.toml",
            "[workspace]\nresolver = \"2\"\nmembers = [\"a\", \"b\"]\n",
        )
        .file(
            "a/Cargo.toml",
            "[package]\nname = \"a\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        )
        .file("a/src/lib.rs", "")
        .file(
            "b/Cargo.toml",
            "[package]\nname = \"b\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        )
        .file("b/src/lib.rs", "");
    let before = snapshot(&fixture.root);
    let run = init(&fixture.root, &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains(
            "error: Cargo.toml is a virtual workspace manifest (no [package]): pass `-p NAME` \
             to choose the package to set up; its members: a, b"
        ),
        "{}",
        run.all()
    );
    let run = init(&fixture.root, &["-p", "c"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("no package `c`"), "{}", run.all());
    assert!(
        before == snapshot(&fixture.root),
        "a failed init changed a file"
    );

    let run = init(&fixture.root, &["-p", "b"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout.contains("created b/tests/aspect.rs"),
        "{}",
        run.all()
    );
    assert!(fixture.root.join("b/specs/example.feature").is_file());
    assert!(!fixture.root.join("a/tests").exists());
}

#[test]
fn an_unparsable_manifest_is_an_error_at_its_line_and_column() {
    let fixture = package(
        "init-unparsable",
        "[package]\nname = \"x\"\nversion = = \"0.1.0\"\n",
    );
    let run = init(&fixture.root, &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.starts_with("error: Cargo.toml:3:11: "),
        "{}",
        run.all()
    );
    assert!(
        run.stderr.contains("    3 | version = = \"0.1.0\""),
        "{}",
        run.all()
    );

    let nowhere = Fixture::new("init-no-manifest");
    std::fs::remove_file(nowhere.root.join("Cargo.lock")).ok();
    let run = cargo_aspect(
        &nowhere.root,
        &["init", "--manifest-path", "missing/Cargo.toml"],
    );
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("no such file"), "{}", run.all());
}

#[test]
fn a_dependency_on_the_runtime_is_recognized_in_any_form() {
    // Inherited from the workspace, under the key the macros need: nothing to add.
    let fixture = Fixture::new("init-inherited");
    let runtime = runtime_dir();
    fixture
        .file(
            "Cargo.toml",
            &format!(
                "[workspace]\nresolver = \"2\"\nmembers = [\"member\"]\n\n\
                 [workspace.dependencies]\naspect = {{ package = \"cargo-aspect\", path = {:?}, default-features = false }}\n",
                runtime.to_str().unwrap()
            ),
        )
        .file(
            "member/Cargo.toml",
            "[package]\nname = \"member\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dev-dependencies]\naspect.workspace = true\n",
        )
        .file("member/src/lib.rs", "");
    let run = init(&fixture.root, &["-p", "member"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(!run.stdout.contains("dev-dependency"), "{}", run.all());
    let manifest = read(fixture.root.join("member/Cargo.toml"));
    assert!(
        manifest.contains("[dev-dependencies]\naspect.workspace = true\n"),
        "{manifest}"
    );
    assert!(!manifest.contains("cargo-aspect"), "{manifest}");

    // The key `aspect` taken by another package: left alone, with a warning.
    let fixture = package(
        "init-other-aspect",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dev-dependencies]\naspect = \"1\"\n\n[workspace]\n",
    );
    let run = init(&fixture.root, &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stderr
            .contains("warning: `aspect` in Cargo.toml is package `aspect`"),
        "{}",
        run.all()
    );
    let manifest = read(fixture.root.join("Cargo.toml"));
    assert!(
        manifest.contains("[dev-dependencies]\naspect = \"1\"\n\n[workspace]"),
        "{manifest}"
    );
}
