//! What the trial builders (`specs`, `aspects`) share: the run's settings
//! ([`Run`]), what `--exact` points at ([`Exact`]), and a trial with its
//! listing event ([`Listed`]). It must not build or run a trial itself.

use std::sync::Arc;

use libtest_mimic::{Arguments, Trial};

use crate::config::Config;
use crate::event::{Event, EventSink, Status};
use crate::tags::TagExpr;

/// A trial, its listing event (when events are wanted), and, when it is listed
/// as ignored because it cannot be judged in this run, why.
pub(crate) struct Listed {
    pub trial: Trial,
    pub listing: Option<Event>,
    pub not_judged: Option<String>,
}

/// What every trial builder needs to know about this run.
pub(crate) struct Run<'a> {
    pub exact: Exact,
    pub list_only: bool,
    #[cfg_attr(not(feature = "aspects"), allow(dead_code))]
    pub bench_mode: bool,
    /// Match steps and validate aspects, run nothing.
    pub dry_run: bool,
    pub config: &'a Config,
    pub tags: Option<&'a TagExpr>,
    pub sink: Option<Arc<EventSink>>,
}

/// A listing event with its verdict filled in.
pub(crate) fn with_status(
    mut event: Event,
    status: Status,
    duration_ms: Option<f64>,
    message: Option<String>,
) -> Event {
    match &mut event {
        Event::Scenario(e) => {
            e.status = Some(status);
            e.duration_ms = duration_ms;
            e.message = message;
        }
        Event::Aspect(e) => {
            e.status = Some(status);
            e.duration_ms = duration_ms;
            e.message = message;
        }
        Event::Format(_)
        | Event::StepDefinition(_)
        | Event::Warning(_)
        | Event::FilteredOut(_)
        | Event::Summary(_) => {}
    }
    event
}

/// What an `--exact` name points at: only that is worth loading.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Exact {
    /// Not an exact run (or a name that is neither a spec nor an aspect): load everything.
    Everything,
    /// `spec::<feature id>::…`: that feature file, no aspects.
    Feature(String),
    /// `aspect::<name>`: that aspect, no features.
    Aspect(String),
}

pub(crate) fn exact_target(args: &Arguments) -> Exact {
    let Some(filter) = args.filter.as_deref().filter(|_| args.exact) else {
        return Exact::Everything;
    };
    if let Some((id, _)) = filter
        .strip_prefix("spec::")
        .and_then(|r| r.split_once("::"))
    {
        return Exact::Feature(id.to_owned());
    }
    match filter.strip_prefix("aspect::") {
        Some(name) => Exact::Aspect(name.to_owned()),
        None => Exact::Everything,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_point_at_one_feature_or_aspect() {
        let exact = |args: &[&str]| exact_target(&Arguments::from_iter(args));
        assert_eq!(
            exact(&["x", "spec::buying::Purchase with funds", "--exact"]),
            Exact::Feature("buying".to_owned())
        );
        assert_eq!(
            exact(&["x", "aspect::core-pure", "--exact"]),
            Exact::Aspect("core-pure".to_owned())
        );
        assert_eq!(exact(&["x", "spec::buying::Purchase"]), Exact::Everything);
        assert_eq!(exact(&["x", "buying", "--exact"]), Exact::Everything);
    }
}
