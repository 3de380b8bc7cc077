//! The size rule: split a file before it passes 500 lines.
//!
//! A long file mixes stages that a reader has to tell apart; nextest's
//! 3,300-line `errors.rs` is the warning (`STYLE.md`). It must not judge
//! anything but line counts.

use super::files::SourceFile;

/// The most lines a file may have.
pub const MAX_LINES: usize = 500;

/// Files allowed over [`MAX_LINES`], each with why splitting it would not help.
pub const EXEMPT: &[(&str, &str)] = &[
    (
        "cargo-aspect/src/spec/parser/mod.rs",
        "the Gherkin parser: one state machine over the official grammar's line kinds; its \
         errors and tree building are already child modules (`errors`, `tree`), and splitting \
         the states apart would hide which line kind each state accepts",
    ),
    (
        "aspect-macros/src/expression.rs",
        "the Cucumber-expression compiler: one recursive-descent parser from expression to \
         regex, every function a rule of the one grammar",
    ),
];

/// One message per file over the limit (at its first line over it), and one
/// per exemption that names no file, so the list cannot go stale.
pub fn oversized(files: &[SourceFile], exempt: &[(&str, &str)]) -> Vec<String> {
    let mut problems = Vec::new();
    for file in files {
        let lines = file.text.lines().count();
        if lines > MAX_LINES && !exempt.iter().any(|(path, _)| *path == file.path) {
            problems.push(format!(
                "{}:{}: {lines} lines, over the {MAX_LINES}-line limit: split it into named \
                 files by stage",
                file.path,
                MAX_LINES + 1
            ));
        }
    }
    for (path, _) in exempt {
        if !files.iter().any(|file| file.path == *path) {
            problems.push(format!(
                "xtask/src/layout/sizes.rs:1: `{path}` is exempt from the size limit but does \
                 not exist: update EXEMPT"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, lines: usize) -> SourceFile {
        SourceFile {
            path: path.to_owned(),
            krate: "c/src".to_owned(),
            module: Vec::new(),
            text: "// line\n".repeat(lines),
        }
    }

    #[test]
    fn a_file_over_the_limit_is_flagged_at_its_first_line_over() {
        let files = [file("c/src/big.rs", 501), file("c/src/fits.rs", 500)];
        assert_eq!(
            oversized(&files, &[]),
            [
                "c/src/big.rs:501: 501 lines, over the 500-line limit: split it into named files \
              by stage"
            ]
        );
    }

    #[test]
    fn exempt_files_may_be_long_but_must_exist() {
        let files = [file("c/src/parser.rs", 900)];
        assert!(oversized(&files, &[("c/src/parser.rs", "a parser")]).is_empty());
        let stale = oversized(&files[..0], &[("c/src/parser.rs", "a parser")]);
        assert_eq!(stale.len(), 1);
        assert!(
            stale[0].contains("`c/src/parser.rs` is exempt"),
            "{stale:?}"
        );
    }
}
