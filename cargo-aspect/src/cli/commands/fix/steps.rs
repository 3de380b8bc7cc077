//! Existing step and bench definitions are evidence too: the glue that turns
//! a spec into a check. An agent that hollows a `#[then]` step (its
//! `assert_eq!` made `let _ = (world, gold);`) turns red into green without
//! fixing anything, so every function the harness registers is recorded before
//! each attempt and compared after it.
//!
//! The step functions are the ones the harness itself reports (its
//! `step_definition` events from a dry run: `file!()` and the line of the
//! name); bench functions are not in the events, so they are the functions with
//! a `bench` attribute (`#[aspect::bench]`) in the `.rs` files under each
//! harness package's `tests/`. Each is compared by its tokens (attributes other
//! than doc comments, signature, body), so reformatting is not a change.
//!
//! A changed function has its old text put back in place of the new one, so
//! the agent's other edits in that file stay; a deleted (or renamed) one is put
//! back at the end of its file when it was a top-level item. Only when that is
//! not enough (a function inside an inline module that is gone, a splice that
//! does not parse back to the old function) is the whole file put back as it
//! was before the attempt, and the message says so. A file that no longer
//! parses is left alone: it does not build, so it cannot make evidence pass.
//! New functions are not touched: adding the steps an undefined spec needs is
//! the agent's job. With `--allow-step-edits` nothing is put back and every
//! change is listed for review.
//!
//! It must not run anything, and must not touch a file that holds no guarded
//! function.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::splice::{lines, splice, tokens, top_level};
use crate::cli::files::{self, relative};
use crate::cli::step_source::{self, SourceFile, StepFunction};
use crate::event::StepDefinitionEvent;

/// Where a guard is kept in the run's directory, for `--resume`.
const FILE: &str = "steps.json";

/// One guarded function as it was before the attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Guarded {
    /// Its file, relative to the workspace root when inside it.
    file: String,
    /// The function's name.
    name: String,
    /// The line of its name.
    line: u32,
    /// What it is, for messages: `Then I have {int} gold`, or `bench`.
    what: String,
    /// Whether it is an item at the top of its file (not in an inline module).
    top_level: bool,
    /// Its tokens: attributes (doc comments aside), signature, body.
    tokens: String,
    /// Its lines as they were, attributes and doc comments included.
    text: String,
}

/// The step and bench functions of a workspace before one attempt.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StepGuard {
    root: PathBuf,
    functions: Vec<Guarded>,
    /// The text of every file holding a guarded function, by its `file`.
    files: BTreeMap<String, String>,
}

/// A change to a guarded function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepChange {
    /// `agent changed step definition ...`, with what became of it.
    pub message: String,
}

impl StepGuard {
    /// Record the functions `definitions` point at and the bench functions of
    /// `bench_files`, as they are now under `root`.
    pub fn record(
        root: &Path,
        definitions: &[StepDefinitionEvent],
        bench_files: &[PathBuf],
    ) -> StepGuard {
        let mut guard = StepGuard {
            root: root.to_owned(),
            ..StepGuard::default()
        };
        let mut by_file: BTreeMap<PathBuf, Vec<&StepDefinitionEvent>> = BTreeMap::new();
        for def in definitions {
            by_file
                .entry(step_source::resolve(&def.file, root))
                .or_default()
                .push(def);
        }
        for file in bench_files {
            by_file.entry(file.clone()).or_default();
        }
        for (path, defs) in by_file {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(source) = SourceFile::parse(&path, &text) else {
                continue;
            };
            let top = top_level(&text);
            let shown = relative(root, &path);
            let mut found: Vec<(&StepFunction, String)> = Vec::new();
            for def in &defs {
                if let Some(function) = source.function_at(def.line) {
                    found.push((
                        function,
                        format!("{} {}", title(&def.keyword), def.expression),
                    ));
                }
            }
            for function in &source.functions {
                let is_bench = function
                    .item
                    .attrs
                    .iter()
                    .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "bench"));
                if is_bench && !found.iter().any(|(f, _)| f.line == function.line) {
                    found.push((function, "bench".to_owned()));
                }
            }
            if found.is_empty() {
                continue;
            }
            for (function, what) in found {
                guard.functions.push(Guarded {
                    file: shown.clone(),
                    name: function.name.clone(),
                    line: function.line,
                    what,
                    top_level: top.contains(&(function.name.clone(), function.line)),
                    tokens: tokens(function),
                    text: lines(&text, function.first_line, function.last_line),
                });
            }
            guard.files.insert(shown, text);
        }
        guard
    }

    /// Compare every guarded function with its file now. Unless `allow`,
    /// put each changed or deleted one back; one change per function either way.
    pub fn check(&self, allow: bool) -> Vec<StepChange> {
        let mut changes = Vec::new();
        for (file, before) in &self.files {
            let path = self.path(file);
            let Ok(now) = std::fs::read_to_string(&path) else {
                // The whole file is gone.
                let guarded: Vec<&Guarded> =
                    self.functions.iter().filter(|g| &g.file == file).collect();
                let put_back = !allow && files::put_back(&path, before.as_bytes(), None).is_ok();
                for g in guarded {
                    changes.push(StepChange {
                        message: message(g, "deleted", allow, put_back, false),
                    });
                }
                continue;
            };
            if now == *before {
                continue;
            }
            let Ok(source) = SourceFile::parse(&path, &now) else {
                continue;
            };
            let mut splices: Vec<(u32, u32, &str)> = Vec::new();
            let mut appended: Vec<&str> = Vec::new();
            let mut whole = false;
            let mut touched: Vec<(&Guarded, &str)> = Vec::new();
            for g in self.functions.iter().filter(|g| &g.file == file) {
                let same_name: Vec<&StepFunction> = source
                    .functions
                    .iter()
                    .filter(|f| f.name == g.name)
                    .collect();
                if same_name.iter().any(|f| tokens(f) == g.tokens) {
                    continue;
                }
                match same_name.iter().min_by_key(|f| f.line.abs_diff(g.line)) {
                    Some(f) => {
                        splices.push((f.first_line, f.last_line, &g.text));
                        touched.push((g, "changed"));
                    }
                    None => {
                        if g.top_level {
                            appended.push(&g.text);
                        } else {
                            whole = true;
                        }
                        touched.push((g, "deleted or renamed"));
                    }
                }
            }
            if touched.is_empty() {
                continue;
            }
            let mut put_back = false;
            if !allow {
                let spliced = (!whole).then(|| splice(&now, &mut splices, &appended));
                let holds = spliced
                    .as_ref()
                    .is_some_and(|text| self.guarded_hold(file, text));
                let text = match spliced {
                    Some(text) if holds => text,
                    _ => {
                        whole = true;
                        before.clone()
                    }
                };
                put_back = files::put_back(&path, text.as_bytes(), None).is_ok();
            }
            for (g, what) in touched {
                changes.push(StepChange {
                    message: message(g, what, allow, put_back, whole),
                });
            }
        }
        changes
    }

    /// Whether every guarded function of `file` is in `text` as it was.
    fn guarded_hold(&self, file: &str, text: &str) -> bool {
        let Ok(source) = SourceFile::parse(&self.path(file), text) else {
            return false;
        };
        self.functions.iter().filter(|g| g.file == file).all(|g| {
            source
                .functions
                .iter()
                .any(|f| f.name == g.name && tokens(f) == g.tokens)
        })
    }

    fn path(&self, file: &str) -> PathBuf {
        step_source::resolve(file, &self.root)
    }

    /// Keep the guard in the run's directory, so a resumed run can check the
    /// attempt that was cut short.
    pub fn save(&self, run_dir: &Path) -> Result<(), String> {
        let path = run_dir.join(FILE);
        let json = serde_json::to_vec(self).map_err(|e| e.to_string())?;
        std::fs::write(&path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// The guard a run kept, if any.
    pub fn load(run_dir: &Path) -> Option<StepGuard> {
        let text = std::fs::read(run_dir.join(FILE)).ok()?;
        serde_json::from_slice(&text).ok()
    }
}

/// The `.rs` files under each harness package's `tests/`, where bench functions live.
pub fn bench_files(package_roots: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for root in package_roots {
        walk(&root.join("tests"), &mut out);
    }
    out.sort();
    out
}

fn message(g: &Guarded, what: &str, allow: bool, put_back: bool, whole: bool) -> String {
    let head = if g.what == "bench" {
        format!(
            "agent {what} bench function `{}` at {}:{}",
            g.name, g.file, g.line
        )
    } else {
        format!(
            "agent {what} step definition `{}` ({}) at {}:{}",
            g.name, g.what, g.file, g.line
        )
    };
    message_for(head, allow, put_back, whole)
}

fn message_for(head: String, allow: bool, put_back: bool, whole: bool) -> String {
    match (allow, put_back, whole) {
        (true, _, _) => head,
        (false, true, false) => format!("{head} (put back)"),
        (false, true, true) => format!(
            "{head} (put back with its whole file: the attempt's other changes to it were undone too)"
        ),
        (false, false, _) => format!("{head}; it could not be put back"),
    }
}

/// `given` → `Given`.
fn title(keyword: &str) -> String {
    let mut chars = keyword.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: &str = r#"use aspect::{given, then};

#[given("I have {int} gold")]
fn have_gold(world: &mut World, gold: u64) {
    world.gold = gold;
}

/// The amount in hand.
#[then("I have {int} gold")]
fn gold_is(world: &mut World, gold: u64) {
    assert_eq!(world.gold, gold, "gold in hand");
}

mod inner {
    #[aspect::bench]
    fn buy(b: &mut aspect::Bencher) {
        b.iter(|| 1 + 1);
    }
}
"#;

    fn def(keyword: &str, expression: &str, function: &str, line: u32) -> StepDefinitionEvent {
        StepDefinitionEvent {
            keyword: keyword.into(),
            expression: expression.into(),
            function: function.into(),
            file: "tests/steps.rs".into(),
            line,
            uses: 1,
        }
    }

    /// A workspace with `tests/steps.rs`, and the guard recorded on it.
    fn guarded(name: &str) -> (PathBuf, StepGuard) {
        let root =
            std::env::temp_dir().join(format!("aspect-fix-steps-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("tests")).unwrap();
        std::fs::write(root.join("tests/steps.rs"), STEPS).unwrap();
        let defs = [
            def("given", "I have {int} gold", "have_gold", 4),
            def("then", "I have {int} gold", "gold_is", 10),
        ];
        let benches = bench_files(std::slice::from_ref(&root));
        let guard = StepGuard::record(&root, &defs, &benches);
        (root, guard)
    }

    fn edit(root: &Path, from: &str, to: &str) {
        let path = root.join("tests/steps.rs");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn now(root: &Path) -> String {
        std::fs::read_to_string(root.join("tests/steps.rs")).unwrap()
    }

    fn messages(changes: Vec<StepChange>) -> Vec<String> {
        changes.into_iter().map(|c| c.message).collect()
    }

    #[test]
    fn a_hollowed_step_is_put_back_and_the_other_edits_in_its_file_stay() {
        let (root, guard) = guarded("hollow");
        assert_eq!(guard.functions.len(), 3, "{:#?}", guard.functions);
        // Reformatting and comments are not a change.
        edit(
            &root,
            "    world.gold = gold;\n",
            "    // set\n    world.gold\n        = gold;\n",
        );
        assert!(guard.check(false).is_empty());
        // The hollowing of issue 13, a new step and a new helper above it.
        edit(
            &root,
            "    assert_eq!(world.gold, gold, \"gold in hand\");",
            "    let _ = (world, gold);",
        );
        edit(
            &root,
            "/// The amount in hand.",
            "fn helper() -> u8 {\n    1\n}\n\n#[then(\"I am rich\")]\nfn rich(world: &mut World) {\n    assert!(world.gold > 100);\n}\n\n/// The amount in hand.",
        );
        assert_eq!(
            messages(guard.check(false)),
            ["agent changed step definition `gold_is` (Then I have {int} gold) at tests/steps.rs:10 (put back)"]
        );
        let text = now(&root);
        assert!(
            text.contains("assert_eq!(world.gold, gold, \"gold in hand\");"),
            "{text}"
        );
        assert!(!text.contains("let _ = (world, gold);"), "{text}");
        assert!(
            text.contains("fn rich(") && text.contains("fn helper("),
            "{text}"
        );
        assert!(text.contains("    // set\n"), "{text}");
        assert!(guard.check(false).is_empty());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_changed_signature_attribute_or_bench_and_a_deleted_step_are_put_back() {
        let (root, guard) = guarded("sig");
        edit(
            &root,
            "fn have_gold(world: &mut World, gold: u64)",
            "fn have_gold(world: &mut World, _gold: u64)",
        );
        edit(
            &root,
            "#[then(\"I have {int} gold\")]",
            "#[then(\"I have {int} gold or not\")]",
        );
        edit(&root, "b.iter(|| 1 + 1);", "b.iter(|| ());");
        assert_eq!(
            messages(guard.check(false)),
            [
                "agent changed step definition `have_gold` (Given I have {int} gold) at tests/steps.rs:4 (put back)",
                "agent changed step definition `gold_is` (Then I have {int} gold) at tests/steps.rs:10 (put back)",
                "agent changed bench function `buy` at tests/steps.rs:16 (put back)",
            ]
        );
        assert_eq!(now(&root), STEPS);
        // Deleted (or renamed): a top-level function comes back at the end.
        edit(&root, "#[given(\"I have {int} gold\")]\nfn have_gold(world: &mut World, gold: u64) {\n    world.gold = gold;\n}\n", "");
        assert_eq!(
            messages(guard.check(false)),
            ["agent deleted or renamed step definition `have_gold` (Given I have {int} gold) at tests/steps.rs:4 (put back)"]
        );
        assert!(now(&root).ends_with("}\n\n#[given(\"I have {int} gold\")]\nfn have_gold(world: &mut World, gold: u64) {\n    world.gold = gold;\n}\n"), "{}", now(&root));
        assert!(guard.check(false).is_empty());
        // A nested one that is gone: the whole file comes back, and says so.
        edit(
            &root,
            "b.iter(|| 1 + 1);\n    }\n",
            "b.iter(|| 1 + 1);\n    }\n    fn extra() {}\n",
        );
        edit(&root, "    #[aspect::bench]\n    fn buy(b: &mut aspect::Bencher) {\n        b.iter(|| 1 + 1);\n    }\n", "");
        let changes = messages(guard.check(false));
        assert_eq!(changes.len(), 1);
        assert!(
            changes[0].ends_with(
                "(put back with its whole file: the attempt's other changes to it were undone too)"
            ),
            "{changes:?}"
        );
        assert!(now(&root).contains("fn buy("));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn allowed_step_edits_stay_and_are_listed() {
        let (root, guard) = guarded("allow");
        // What a resumed run reads back from the run's directory.
        guard.save(&root).unwrap();
        let guard = StepGuard::load(&root).unwrap();
        edit(
            &root,
            "    assert_eq!(world.gold, gold, \"gold in hand\");",
            "    assert_eq!(world.gold, gold + 0, \"gold in hand\");",
        );
        assert_eq!(
            messages(guard.check(true)),
            ["agent changed step definition `gold_is` (Then I have {int} gold) at tests/steps.rs:10"]
        );
        assert!(now(&root).contains("gold + 0"));
        let _ = std::fs::remove_dir_all(&root);
    }
}
