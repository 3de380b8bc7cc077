//! What the page is a pure function of: the events of a run and the sources
//! they point at. It must not read anything itself.

use super::sources::{PackageSources, RunInfo};
use crate::cli::workspace::Locations;
use crate::event::Event;

/// Everything one page shows.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The events of the run, in any order; a trial that appears more than
    /// once is shown with its last event.
    pub events: &'a [Event],
    /// The spec and aspect files of each package, as read from disk.
    pub packages: &'a [PackageSources],
    /// Where and when the run happened.
    pub run: &'a RunInfo,
    /// Package roots, to show paths relative to the workspace root.
    pub locations: &'a Locations,
}
