//! The source of a step definition: the function a harness's
//! [`StepDefinitionEvent`](crate::event::StepDefinitionEvent) points at.
//!
//! A harness reports each definition as `file!()` and `line!()` of the
//! function's name, so `file` is what rustc was given: relative to the
//! workspace root for a workspace member (cargo runs rustc there), absolute for
//! a package outside it. This module resolves that path, parses the file with
//! `syn` and returns the function whose name sits on that line: its name, line
//! range, and the tokens of its signature and body (whitespace and comments do
//! not count, so reformatting is not a change).
//!
//! It exists so `check` (steps that cannot fail) and `fix` (protected step
//! bodies) read step code the same way, which is why it sits in `cli/` and
//! not in either command (the heuristic on top of it,
//! `commands/check/hollow_step.rs`, is `check`'s alone). It must not judge
//! anything and must not run a harness: it only reads files.

// A shared reader: each command uses the part it needs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::rc::Rc;

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;

/// Why a step's source could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StepSourceError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The resolved path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not Rust `syn` can parse.
    #[error("{path}:{line}:{column}: cannot parse: {message}")]
    Parse {
        /// The resolved path.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// syn's message.
        message: String,
    },
}

/// One function item of a source file.
#[derive(Clone)]
pub(crate) struct StepFunction {
    /// The function's name (`r#` stripped).
    pub name: String,
    /// The line of its name, as the harness reports it.
    pub line: u32,
    /// The first line of the item (its first attribute or doc comment).
    pub first_line: u32,
    /// The last line of the item (its closing brace).
    pub last_line: u32,
    /// The signature's tokens (`fn name(params) -> Ret`, with `async` and generics).
    pub signature: String,
    /// The body's tokens, braces included.
    pub body: String,
    /// The parsed item, for callers that look inside (attributes included);
    /// shared because syn's types are not `Clone` without a feature the runtime
    /// would pay for.
    pub item: Rc<syn::ItemFn>,
}

impl std::fmt::Debug for StepFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StepFunction")
            .field("name", &self.name)
            .field("line", &self.line)
            .field("first_line", &self.first_line)
            .field("last_line", &self.last_line)
            .field("signature", &self.signature)
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl PartialEq for StepFunction {
    /// Same name, signature and body: the lines and the item's spans may move.
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.signature == other.signature && self.body == other.body
    }
}

/// A parsed source file and every function item in it, nested modules and
/// function bodies included.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// The resolved path.
    pub path: PathBuf,
    /// Every function item, in source order.
    pub functions: Vec<StepFunction>,
}

/// The path a harness reported (`file!()`), resolved against the workspace root.
pub(crate) fn resolve(file: &str, workspace_root: &Path) -> PathBuf {
    let path = Path::new(file);
    if path.is_absolute() {
        path.to_owned()
    } else {
        workspace_root.join(path)
    }
}

impl SourceFile {
    /// Read and parse `path`.
    ///
    /// # Errors
    /// When the file cannot be read or is not Rust syn can parse.
    pub(crate) fn read(path: &Path) -> Result<SourceFile, StepSourceError> {
        let text = std::fs::read_to_string(path).map_err(|source| StepSourceError::Read {
            path: path.to_owned(),
            source,
        })?;
        SourceFile::parse(path, &text)
    }

    /// Parse `text` as the contents of `path`.
    ///
    /// # Errors
    /// When `text` is not Rust syn can parse.
    pub(crate) fn parse(path: &Path, text: &str) -> Result<SourceFile, StepSourceError> {
        let file = syn::parse_file(text).map_err(|e| {
            let start = e.span().start();
            StepSourceError::Parse {
                path: path.to_owned(),
                line: start.line,
                column: start.column + 1,
                message: e.to_string(),
            }
        })?;
        let mut collector = Collector::default();
        collector.visit_file(&file);
        Ok(SourceFile {
            path: path.to_owned(),
            functions: collector.functions,
        })
    }

    /// The function whose name is on `line` (the line a harness reports).
    pub(crate) fn function_at(&self, line: u32) -> Option<&StepFunction> {
        self.functions.iter().find(|f| f.line == line)
    }
}

/// Read `file` (as a harness reports it) and return the function whose name is on `line`.
///
/// # Errors
/// When the file cannot be read or parsed; `Ok(None)` when no function's name is on that line.
pub(crate) fn function_at(
    file: &str,
    line: u32,
    workspace_root: &Path,
) -> Result<Option<StepFunction>, StepSourceError> {
    let source = SourceFile::read(&resolve(file, workspace_root))?;
    Ok(source.function_at(line).cloned())
}

#[derive(Default)]
struct Collector {
    functions: Vec<StepFunction>,
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.functions.push(StepFunction {
            name: item
                .sig
                .ident
                .to_string()
                .trim_start_matches("r#")
                .to_owned(),
            line: to_u32(item.sig.ident.span().start().line),
            first_line: to_u32(item.span().start().line),
            last_line: to_u32(item.span().end().line),
            signature: item.sig.to_token_stream().to_string(),
            body: item.block.to_token_stream().to_string(),
            // syn's types are not `Clone` here; the item's own tokens parse back
            // to it, spans included.
            item: Rc::new(
                syn::parse2(item.to_token_stream()).expect("an item's tokens parse back to it"),
            ),
        });
        // Functions defined inside this one are items too.
        syn::visit::visit_item_fn(self, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: &str = r#"
use aspect::{given, then};

#[given("I have {int} gold")]
fn i_have_gold(world: &mut Game, gold: u64) {
    world.gold = gold;
}

mod nested {
    /// Doc comments count as the item's first line.
    #[then(expr = "I have {int} gold")]
    pub fn r#then_gold(
        world: &mut Game,
        gold: u64,
    ) -> Result<(), String> {
        if world.gold != gold { return Err("no".into()); }
        Ok(())
    }
}
"#;

    fn parse(text: &str) -> SourceFile {
        SourceFile::parse(Path::new("tests/steps.rs"), text).unwrap()
    }

    #[test]
    fn finds_the_function_whose_name_is_on_the_line_nested_modules_included() {
        let file = parse(STEPS);
        let given = file.function_at(5).unwrap();
        assert_eq!(given.name, "i_have_gold");
        assert_eq!((given.first_line, given.last_line), (4, 7));
        assert!(given.body.contains("world . gold = gold"), "{}", given.body);
        let then = file.function_at(12).unwrap();
        assert_eq!(then.name, "then_gold");
        assert_eq!((then.first_line, then.last_line), (10, 18));
        assert!(then.signature.contains("-> Result < () , String >"));
        assert!(
            file.function_at(11).is_none(),
            "an attribute's line is not the name's"
        );
    }

    #[test]
    fn reformatting_and_comments_are_not_a_change_but_a_hollowed_body_is() {
        let before = parse(STEPS);
        let reformatted = STEPS.replace(
            "    world.gold = gold;\n",
            "    // set it\n    world.gold\n        = gold;\n",
        );
        let hollowed = STEPS.replace("world.gold = gold;", "let _ = (world, gold);");
        let after = parse(&reformatted);
        assert_eq!(before.function_at(5), after.function_at(5));
        assert_eq!(before.function_at(5).unwrap().line, 5);
        assert_ne!(before.function_at(5), parse(&hollowed).function_at(5));
    }

    #[test]
    fn a_relative_file_is_under_the_workspace_root_and_an_absolute_one_stays() {
        let root = Path::new("/ws");
        assert_eq!(
            resolve("examples/idle-game/tests/steps.rs", root),
            Path::new("/ws/examples/idle-game/tests/steps.rs")
        );
        assert_eq!(
            resolve("/elsewhere/s.rs", root),
            Path::new("/elsewhere/s.rs")
        );
    }

    #[test]
    fn an_unparsable_file_is_an_error_at_its_line() {
        let error = SourceFile::parse(Path::new("s.rs"), "fn a() {\n  let = ;\n}\n").unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("s.rs:2:"), "{message}");
    }
}
