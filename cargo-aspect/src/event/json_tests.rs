//! The hand-written lines against serde_json's for the derived `Serialize`,
//! byte for byte: every event type, every optional field set and unset, the
//! strings and floats that serde_json writes in its own way.

use super::super::{
    AspectEvent, Event, FailedStep, FilteredOutEvent, FormatEvent, MeasurementEvent,
    ParseErrorEvent, ScenarioEvent, Status, StepDefinitionEvent, Summary, UndefinedStep,
    WarningEvent,
};
use super::{push_f64, push_str};

/// Strings serde_json escapes (or leaves alone) in its own way.
const STRINGS: &[&str] = &[
    "",
    "plain",
    "say \"hi\"",
    r"C:\path\to\file",
    "\\\"",
    "line\nbreak\r\n\ttab",
    "\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{e}\u{1b}\u{1f}",
    "\u{7f} del",
    "/ solidus",
    "café, naïve, 日本語, emoji 🦀, \u{2028}\u{2029}, \u{fffd}",
    "ends with a quote\"",
    "\"",
];

/// Floats at the edges of serde_json's layout (plain from 1e-5 to below
/// 1e16, else with an exponent), its `null`s, and durations as measured.
const FLOATS: &[f64] = &[
    0.0,
    -0.0,
    0.1,
    1.0,
    -1.0,
    1e-7,
    1e21,
    123_456.789,
    0.3,
    2.5,
    100.0,
    1e15,
    9_999_999_999_999_998.0,
    1e16,
    1.5e16,
    1e-5,
    1.234e-5,
    9.999e-6,
    1e-6,
    0.000_123,
    12.345_678_901_234_567,
    1e100,
    1.7976931348623157e308,
    f64::MIN_POSITIVE,
    5e-324,
    -2.2250738585072014e-308,
    f64::EPSILON,
    1e23,
    9_223_372_036_854_775_808.0,
    // 1658206780088562.25: .2 and .3 read back, equally near; serde_json writes .2.
    f64::from_bits(0x4317_9085_685d_83c9),
    // A power of two whose nearest 16 digits do not read back.
    f64::from_bits(0x0060_0000_0000_0000),
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

fn assert_same(event: &Event) {
    let serde = serde_json::to_string(event).expect("an event serializes");
    assert_eq!(
        event.to_line(),
        serde,
        "written by hand, then by serde_json"
    );
}

fn hand_f64(value: f64) -> String {
    let mut out = String::new();
    push_f64(&mut out, value);
    out
}

fn scenario(text: &str, float: f64) -> ScenarioEvent {
    ScenarioEvent {
        name: format!("spec::{text}"),
        package: text.into(),
        file: format!("specs/{text}.feature"),
        line: u32::MAX,
        feature: text.into(),
        tags: vec![format!("@{text}"), "@b".into()],
        status: Some(Status::NotJudged),
        duration_ms: Some(float),
        failed_step: Some(FailedStep {
            keyword: "Then".into(),
            text: text.into(),
            line: 7,
            column: 5,
            reason: "failed".into(),
        }),
        undefined_steps: vec![
            UndefinedStep {
                keyword: "And".into(),
                text: text.into(),
                line: 8,
                column: 5,
                snippet: format!("#[then(\"{text}\")]\nfn x() {{}}"),
            },
            UndefinedStep {
                keyword: text.into(),
                text: "two".into(),
                line: 9,
                column: 0,
                snippet: String::new(),
            },
        ],
        message: Some(text.into()),
        parse_error: Some(ParseErrorEvent {
            line: 0,
            column: 1,
            message: text.into(),
        }),
    }
}

fn aspect(text: &str, float: f64) -> AspectEvent {
    AspectEvent {
        name: format!("aspect::{text}"),
        package: text.into(),
        file: text.into(),
        line: 3,
        column: Some(10),
        evidence: text.into(),
        description: text.into(),
        summary: text.into(),
        tags: vec![text.into()],
        status: Some(Status::Failed),
        duration_ms: Some(float),
        measurement: Some(MeasurementEvent {
            unit: text.into(),
            value: float,
            budget: -float,
            spread: float / 3.0,
            samples: u64::MAX,
        }),
        message: Some(text.into()),
    }
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let every_ascii: String = (0..=0x7f_u8).map(char::from).collect();
    for text in STRINGS.iter().copied().chain([every_ascii.as_str()]) {
        let mut hand = String::new();
        push_str(&mut hand, text);
        assert_eq!(hand, serde_json::to_string(text).unwrap(), "{text:?}");
    }
}

#[test]
fn floats_are_written_as_serde_json_writes_them() {
    for &value in FLOATS {
        let serde = serde_json::to_string(&value).unwrap();
        assert_eq!(hand_f64(value), serde, "{value:e}");
    }
    // Random bit patterns (every exponent, subnormals, NaNs) and random
    // durations with a few decimals, from a fixed xorshift seed.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let bits = f64::from_bits(next());
        let scale = 10_f64.powi(i32::try_from(next() % 8).unwrap());
        #[allow(clippy::cast_precision_loss)] // any float will do
        let duration = (next() % 100_000_000) as f64 / scale;
        for value in [bits, duration] {
            assert_eq!(
                hand_f64(value),
                serde_json::to_string(&value).unwrap(),
                "{value:e} ({:#x})",
                value.to_bits()
            );
        }
    }
}

#[test]
fn every_event_with_every_optional_field_set_and_unset_is_serde_jsons_line() {
    let mut events = vec![
        Event::format(),
        Event::Format(FormatEvent { version: 0 }),
        Event::Summary(Summary::default()),
        Event::Summary(Summary {
            passed: 1,
            failed: 2,
            ignored: 3,
            not_judged: 4,
            filtered_out: 5,
        }),
        Event::FilteredOut(FilteredOutEvent {
            package: String::new(),
            scenarios: 0,
            aspects: 0,
        }),
        Event::FilteredOut(FilteredOutEvent {
            package: "p".into(),
            scenarios: 2,
            aspects: 1,
        }),
    ];
    for status in [
        Status::Passed,
        Status::Failed,
        Status::Ignored,
        Status::NotJudged,
    ] {
        let mut listing = scenario("s", 1.0);
        listing.status = Some(status);
        events.push(Event::Scenario(listing));
    }
    for (i, &text) in STRINGS.iter().enumerate() {
        let float = FLOATS[i % FLOATS.len()];
        let full = scenario(text, float);
        // Unset one optional field at a time, then all of them.
        let mut variants = vec![full.clone()];
        for unset in 0..8 {
            let mut one = full.clone();
            match unset {
                0 => one.package.clear(),
                1 => one.feature.clear(),
                2 => one.status = None,
                3 => one.duration_ms = None,
                4 => one.failed_step = None,
                5 => one.undefined_steps.truncate(1),
                6 => one.message = None,
                _ => one.parse_error = None,
            }
            variants.push(one);
        }
        variants.push(ScenarioEvent {
            package: String::new(),
            feature: String::new(),
            tags: Vec::new(),
            status: None,
            duration_ms: None,
            failed_step: None,
            undefined_steps: Vec::new(),
            message: None,
            parse_error: None,
            ..full
        });
        events.extend(variants.into_iter().map(Event::Scenario));

        let full = aspect(text, float);
        let mut variants = vec![full.clone()];
        for unset in 0..8 {
            let mut one = full.clone();
            match unset {
                0 => one.package.clear(),
                1 => one.column = None,
                2 => one.description.clear(),
                3 => one.summary.clear(),
                4 => one.status = None,
                5 => one.duration_ms = None,
                6 => one.measurement = None,
                _ => one.message = None,
            }
            variants.push(one);
        }
        variants.push(AspectEvent {
            package: String::new(),
            column: None,
            description: String::new(),
            summary: String::new(),
            tags: Vec::new(),
            status: None,
            duration_ms: None,
            measurement: None,
            message: None,
            ..full
        });
        events.extend(variants.into_iter().map(Event::Aspect));

        events.push(Event::StepDefinition(StepDefinitionEvent {
            keyword: "step".into(),
            expression: text.into(),
            function: text.into(),
            file: text.into(),
            line: 1,
            uses: u64::MAX,
        }));
        for package in [String::new(), text.to_owned()] {
            events.push(Event::Warning(WarningEvent {
                package: package.clone(),
                file: text.into(),
                line: 2,
                column: 3,
                message: text.into(),
            }));
            events.push(Event::FilteredOut(FilteredOutEvent {
                package,
                scenarios: 1,
                aspects: 0,
            }));
        }
    }
    for event in &events {
        assert_same(event);
    }
}
