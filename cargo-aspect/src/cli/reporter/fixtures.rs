//! Events the reporters' tests share: a small run over two packages with
//! every status, and the listing of the same trials.

use crate::event::{
    AspectEvent, Event, FailedStep, MeasurementEvent, ScenarioEvent, Status, StepDefinitionEvent,
    Summary,
};

/// A scenario event.
pub(crate) fn scenario(
    package: &str,
    name: &str,
    file: &str,
    line: u32,
    status: Option<Status>,
) -> ScenarioEvent {
    ScenarioEvent {
        name: name.to_owned(),
        package: package.to_owned(),
        file: file.to_owned(),
        line,
        feature: String::new(),
        tags: vec![],
        status,
        duration_ms: status.map(|_| 1.5),
        failed_step: None,
        undefined_steps: Vec::new(),
        message: None,
        parse_error: None,
    }
}

/// An aspect event.
pub(crate) fn aspect(
    package: &str,
    name: &str,
    evidence: &str,
    status: Option<Status>,
    message: Option<&str>,
) -> AspectEvent {
    AspectEvent {
        name: name.to_owned(),
        package: package.to_owned(),
        file: format!("aspects/{}.md", name.trim_start_matches("aspect::")),
        line: 3,
        column: Some(3),
        evidence: evidence.to_owned(),
        description: format!("{evidence} of shop-core"),
        summary: "The core stays pure.".to_owned(),
        tags: vec![],
        status,
        duration_ms: status.map(|_| 20.0),
        measurement: None,
        message: message.map(str::to_owned),
    }
}

pub(crate) const FAILED_REPORT: &str = "\
examples/shop/specs/buying.feature:11:5: step failed: Then I have 5 gold
  Feature: Buying
  Scenario: Buy without gold  (examples/shop/specs/buying.feature:8)
    ✔ Given I have 0 gold
    ✘ Then I have 5 gold  (examples/shop/specs/buying.feature:11)
        expected 5, got 0
";

/// Two packages, every status, in an arrival order a harness could write.
pub(crate) fn sample() -> Vec<Event> {
    let mut buy = scenario(
        "shop",
        "spec::buying::Buy with gold",
        "specs/buying.feature",
        2,
        Some(Status::Passed),
    );
    buy.feature = "Buying".into();
    let mut broke = scenario(
        "shop",
        "spec::buying::Buy without gold",
        "specs/buying.feature",
        8,
        Some(Status::Failed),
    );
    broke.feature = "Buying".into();
    broke.failed_step = Some(FailedStep {
        keyword: "Then ".into(),
        text: "I have 5 gold".into(),
        line: 11,
        column: 5,
        reason: "failed".into(),
    });
    broke.message = Some(FAILED_REPORT.into());
    let mut sell = scenario(
        "shop",
        "spec::selling::Sell",
        "specs/selling.feature",
        3,
        Some(Status::Ignored),
    );
    sell.tags = vec!["@ignore".into()];
    let mut fast = aspect(
        "shop",
        "aspect::buy-is-fast",
        "bench",
        Some(Status::NotJudged),
        Some("not judged in a debug build: run `cargo test --release`"),
    );
    fast.measurement = None;
    let impure = aspect(
        "shop",
        "aspect::core-is-pure",
        "imports",
        Some(Status::Failed),
        Some("shop-core/src/lib.rs:3: imports std::fs\nshop-core/src/lib.rs:9: imports std::net"),
    );
    let other = scenario(
        "other",
        "spec::x::Y",
        "specs/x.feature",
        1,
        Some(Status::Passed),
    );
    let mut light = aspect(
        "other",
        "aspect::light",
        "memory",
        Some(Status::Passed),
        Some("peak 112 B allocated; budget 16.0 KiB"),
    );
    light.measurement = Some(MeasurementEvent {
        unit: "bytes".into(),
        value: 112.0,
        budget: 16384.0,
        spread: 0.0,
        samples: 1,
    });
    vec![
        Event::Aspect(fast),
        Event::Scenario(sell),
        Event::Scenario(broke),
        Event::StepDefinition(StepDefinitionEvent {
            keyword: "given".into(),
            expression: "I have {int} gold".into(),
            function: "have".into(),
            file: "tests/aspect.rs".into(),
            line: 4,
            uses: 2,
        }),
        Event::Scenario(buy),
        Event::Aspect(impure),
        Event::Scenario(other),
        Event::Aspect(light),
        Event::Summary(Summary::default()),
    ]
}

/// The same trials as a listing: no statuses, durations or messages.
pub(crate) fn listing() -> Vec<Event> {
    sample()
        .into_iter()
        .filter_map(|event| match event {
            Event::Scenario(mut e) => {
                e.status = None;
                e.duration_ms = None;
                e.failed_step = None;
                e.message = None;
                Some(Event::Scenario(e))
            }
            Event::Aspect(mut e) => {
                e.status = None;
                e.duration_ms = None;
                e.measurement = None;
                e.message = None;
                Some(Event::Aspect(e))
            }
            _ => None,
        })
        .collect()
}

/// Only the events of the successful package.
pub(crate) fn passing() -> Vec<Event> {
    sample()
        .into_iter()
        .filter(|e| {
            matches!(e, Event::Scenario(s) if s.package == "other")
                || matches!(e, Event::Aspect(a) if a.package == "other")
        })
        .collect()
}
