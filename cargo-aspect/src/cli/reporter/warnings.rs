//! Warnings the harnesses found in the user's files (`warning` events), as
//! `check` and `test` print them on stderr: `path:line:col: message`.
//!
//! They are not verdicts: they change no count and no exit code of `test`;
//! `check` counts them as warnings.

use std::collections::BTreeSet;

use crate::cli::workspace::Locations;
use crate::event::Event;

/// One line per distinct warning (harnesses of two packages may load the same
/// spec), without the `warning: ` label, in file and line order.
pub fn warning_lines(events: &[Event], locations: &Locations) -> Vec<String> {
    let unique: BTreeSet<(String, u32, u32, &str)> = events
        .iter()
        .filter_map(|event| match event {
            Event::Warning(w) => Some((
                locations.path(&w.package, &w.file),
                w.line,
                w.column,
                w.message.as_str(),
            )),
            _ => None,
        })
        .collect();
    unique
        .into_iter()
        .map(|(path, line, column, message)| format!("{path}:{line}:{column}: {message}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::WarningEvent;
    use std::collections::HashMap;
    use std::path::PathBuf;

    #[test]
    fn warnings_are_located_from_the_workspace_root_once_each() {
        let warning = |package: &str, file: &str| {
            Event::Warning(WarningEvent {
                package: package.to_owned(),
                file: file.to_owned(),
                line: 4,
                column: 3,
                message: "`Scenaro:` is not a keyword".to_owned(),
            })
        };
        let locations = Locations::new(
            "/ws",
            HashMap::from([
                ("a".to_owned(), PathBuf::from("/ws/a")),
                ("b".to_owned(), PathBuf::from("/ws/b")),
            ]),
        );
        let lines = warning_lines(
            &[
                warning("a", "../specs/x.feature"),
                warning("b", "../specs/x.feature"),
                warning("a", "specs/y.feature"),
            ],
            &locations,
        );
        assert_eq!(
            lines,
            [
                "a/specs/y.feature:4:3: `Scenaro:` is not a keyword",
                "specs/x.feature:4:3: `Scenaro:` is not a keyword",
            ]
        );
    }
}
