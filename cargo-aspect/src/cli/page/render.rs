//! Events and sources in, the page out: deduplicate the events, build the
//! model, lay out the page. It must not judge: counts are the reporters'.

use super::input::Input;
use super::{layout, model, probe};
use crate::cli::probe_outcome::ProbeResult;
use crate::cli::reporter::{summarize, Totals};
use crate::event::Event;

/// The whole page, `<!DOCTYPE html>` to `</html>`.
pub fn render(input: &Input<'_>) -> String {
    render_with_probe(input, None)
}

/// The page, with a "Probe" section when a probe result is given.
pub(crate) fn render_with_probe(input: &Input<'_>, probe: Option<&ProbeResult>) -> String {
    let events = model::dedup(input.events);
    let model = model::Model::build(&events, input);
    layout::page(
        &model,
        input,
        &probe.map(probe::section).unwrap_or_default(),
    )
}

/// The counts of `events` as the page shows them: a trial that appears more
/// than once counted at its last event.
pub fn totals(events: &[Event]) -> Totals {
    summarize(&model::dedup(events))
}
