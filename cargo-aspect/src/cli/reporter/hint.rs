//! The hint that ends a failing report: what to do next. `cargo aspect fix`
//! hands failures to an agent, but the agent may not edit specs, so a feature
//! file that does not parse gets a hint to fix it at its `file:line:col`
//! instead; the fix hint is shown only for failures fix can work on.
//!
//! Pure function of the events, like every reporter; it must not judge (the
//! exit code comes from [`super::summarize`]).

use crate::cli::workspace::Locations;
use crate::event::{Event, Status};

/// The last line when something failed that `cargo aspect fix` can work on.
pub const FIX_HINT: &str = "hint: run `cargo aspect fix` to hand the failures to Claude Code";

/// The hints for a run, in order: one per feature file that does not parse,
/// then [`FIX_HINT`] when any other scenario or aspect failed. Empty when
/// nothing failed.
pub fn hints(events: &[Event], locations: &Locations) -> Vec<String> {
    let mut hints = Vec::new();
    let mut fixable = false;
    for event in events {
        match event {
            Event::Scenario(s) if s.status == Some(Status::Failed) => match &s.parse_error {
                Some(p) => hints.push(format!(
                    "hint: fix {}:{}:{}, where the feature file does not parse (`cargo aspect \
                     fix` does not edit specs)",
                    locations.path(&s.package, &s.file),
                    p.line,
                    p.column
                )),
                None => fixable = true,
            },
            Event::Aspect(a) if a.status == Some(Status::Failed) => fixable = true,
            _ => {}
        }
    }
    if fixable {
        hints.push(FIX_HINT.to_owned());
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::event::ParseErrorEvent;

    fn unparsed() -> Event {
        let mut s = scenario(
            "shop",
            "spec::selling::does not parse",
            "specs/selling.feature",
            4,
            Some(Status::Failed),
        );
        s.parse_error = Some(ParseErrorEvent {
            line: 4,
            column: 5,
            message: "expected a step".into(),
        });
        Event::Scenario(s)
    }

    fn buying(status: Status) -> crate::event::ScenarioEvent {
        scenario(
            "shop",
            "spec::buying::Buy",
            "specs/buying.feature",
            2,
            Some(status),
        )
    }

    /// Regression (issue 16): a feature file that does not parse, alone, got
    /// the hint to run `cargo aspect fix`, which may not edit specs.
    #[test]
    fn a_file_that_does_not_parse_is_to_fix_by_hand() {
        let events = [unparsed(), Event::Scenario(buying(Status::Passed))];
        assert_eq!(
            hints(&events, &Locations::default()),
            [
                "hint: fix specs/selling.feature:4:5, where the feature file does not parse \
              (`cargo aspect fix` does not edit specs)"
            ]
        );
    }

    #[test]
    fn other_failures_still_get_the_fix_hint() {
        let events = [Event::Scenario(buying(Status::Failed)), unparsed()];
        let hints = hints(&events, &Locations::default());
        assert_eq!(hints.len(), 2, "{hints:?}");
        assert!(hints[0].starts_with("hint: fix specs/selling.feature:4:5"));
        assert_eq!(hints[1], FIX_HINT);
        let passed = [Event::Scenario(buying(Status::Passed))];
        assert!(super::hints(&passed, &Locations::default()).is_empty());
    }
}
