//! The counts of a run and the line that says them: what decides the exit
//! code of `test` and the last line CI matches. Pure functions of the events.

use std::fmt::Write as _;

use crate::event::{Event, ScenarioEvent, Status, Summary};

/// The counts of a run: specs and aspects apart, and together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Scenarios (pickles).
    pub specs: Summary,
    /// Aspects.
    pub aspects: Summary,
    /// Both.
    pub total: Summary,
    /// Aspects with `bench` evidence that were not judged (a debug build).
    pub benches_not_judged: u64,
}

impl Totals {
    /// Whether all evidence holds: nothing failed.
    pub fn holds(&self) -> bool {
        self.total.failed == 0
    }

    /// Whether no trial has a verdict (scenarios `--tags` left out are not trials).
    pub fn judged_nothing(&self) -> bool {
        let t = &self.total;
        t.passed + t.failed + t.ignored + t.not_judged == 0
    }
}

/// Count the verdicts of `events` (events without a status are not counted).
pub fn summarize(events: &[Event]) -> Totals {
    let mut totals = Totals::default();
    for event in events {
        match event {
            Event::Scenario(ScenarioEvent {
                status: Some(status),
                ..
            }) => {
                totals.specs.add(*status);
                totals.total.add(*status);
            }
            Event::FilteredOut(e) => {
                totals.specs.filtered_out += e.scenarios;
                totals.aspects.filtered_out += e.aspects;
                totals.total.filtered_out += e.scenarios + e.aspects;
            }
            Event::Aspect(e) => {
                let Some(status) = e.status else { continue };
                totals.aspects.add(status);
                totals.total.add(status);
                if status == Status::NotJudged && e.evidence == "bench" {
                    totals.benches_not_judged += 1;
                }
            }
            _ => {}
        }
    }
    totals
}

/// `N passed, N failed, N ignored`, then `, N not judged` when any were not
/// and `, N filtered out` when `--tags` left scenarios out.
///
/// The last line of the counts in [`pretty`](super::pretty()) is exactly this for the total,
/// so CI can match it with `^[0-9]+ passed, [0-9]+ failed, [0-9]+ ignored`.
pub fn format_counts(summary: &Summary) -> String {
    let mut out = format!(
        "{} passed, {} failed, {} ignored",
        summary.passed, summary.failed, summary.ignored
    );
    if summary.not_judged > 0 {
        let _ = write!(out, ", {} not judged", summary.not_judged);
    }
    if summary.filtered_out > 0 {
        let _ = write!(out, ", {} filtered out", summary.filtered_out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    #[test]
    fn totals_count_specs_and_aspects_apart() {
        let totals = summarize(&sample());
        assert_eq!(
            totals.specs,
            Summary {
                passed: 2,
                failed: 1,
                ignored: 1,
                not_judged: 0,
                filtered_out: 0
            }
        );
        assert_eq!(
            totals.aspects,
            Summary {
                passed: 1,
                failed: 1,
                ignored: 0,
                not_judged: 1,
                filtered_out: 0
            }
        );
        assert_eq!(totals.total.passed, 3);
        assert_eq!(totals.total.failed, 2);
        assert_eq!(totals.benches_not_judged, 1);
        assert!(!totals.holds());
        assert!(summarize(&[]).holds());
        assert!(!totals.judged_nothing());
        let only_filtered = summarize(&[Event::FilteredOut(crate::event::FilteredOutEvent {
            package: "p".into(),
            scenarios: 9,
            aspects: 2,
        })]);
        assert_eq!(only_filtered.total.filtered_out, 11);
        assert_eq!(only_filtered.aspects.filtered_out, 2);
        assert!(
            only_filtered.judged_nothing(),
            "left out by --tags is not judged"
        );
        assert_eq!(summarize(&listing()), Totals::default());
    }

    #[test]
    fn counts_read_the_same_everywhere() {
        let mut s = Summary::default();
        assert_eq!(format_counts(&s), "0 passed, 0 failed, 0 ignored");
        s.passed = 12;
        s.failed = 1;
        s.not_judged = 2;
        assert_eq!(
            format_counts(&s),
            "12 passed, 1 failed, 0 ignored, 2 not judged"
        );
        s.filtered_out = 9;
        assert_eq!(
            format_counts(&s),
            "12 passed, 1 failed, 0 ignored, 2 not judged, 9 filtered out"
        );
    }
}
