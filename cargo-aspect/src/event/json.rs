//! Writes an [`Event`] as one line of JSON by hand, byte for byte what
//! serde_json writes for the types' `Serialize` (derived in tests only, where
//! `json_tests` compares the two): a harness's runtime compiles no serde, whose
//! generic code was a large part of a clean build of a user's tests.
//!
//! What it keeps: fields in declaration order after the `type` tag, snake_case
//! names, a field left out when the types' `skip_serializing_if` says, strings
//! escaped as serde_json escapes them, floats as serde_json prints them (zmij's
//! layout of the shortest digits that read back), NaN and infinities as `null`.
//!
//! This module must not read JSON (the CLI reads events with serde_json), nor
//! grow into a general serializer: one plain function per type.

use std::fmt::Write as _;

use super::{
    AspectEvent, Event, FailedStep, FilteredOutEvent, MeasurementEvent, ParseErrorEvent,
    ScenarioEvent, Status, StepDefinitionEvent, Summary, UndefinedStep, WarningEvent,
};

/// `event` as one line, without the newline.
pub(super) fn line(event: &Event) -> String {
    let mut out = String::with_capacity(256);
    let mut object = Object::open(&mut out);
    match event {
        Event::Format(format) => {
            object.str("type", "format");
            object.uint("version", format.version.into());
        }
        Event::Scenario(scenario) => {
            object.str("type", "scenario");
            scenario_fields(&mut object, scenario);
        }
        Event::Aspect(aspect) => {
            object.str("type", "aspect");
            aspect_fields(&mut object, aspect);
        }
        Event::StepDefinition(definition) => {
            object.str("type", "step_definition");
            step_definition_fields(&mut object, definition);
        }
        Event::Warning(warning) => {
            object.str("type", "warning");
            warning_fields(&mut object, warning);
        }
        Event::FilteredOut(filtered) => {
            object.str("type", "filtered_out");
            filtered_out_fields(&mut object, filtered);
        }
        Event::Summary(summary) => {
            object.str("type", "summary");
            summary_fields(&mut object, summary);
        }
    }
    object.close();
    out
}

fn scenario_fields(object: &mut Object<'_>, scenario: &ScenarioEvent) {
    object.str("name", &scenario.name);
    object.str_unless_empty("package", &scenario.package);
    object.str("file", &scenario.file);
    object.uint("line", scenario.line.into());
    object.str_unless_empty("feature", &scenario.feature);
    object.strings("tags", &scenario.tags);
    if let Some(status) = scenario.status {
        object.str("status", status_name(status));
    }
    if let Some(duration) = scenario.duration_ms {
        object.float("duration_ms", duration);
    }
    if let Some(step) = &scenario.failed_step {
        failed_step(object.key("failed_step"), step);
    }
    if !scenario.undefined_steps.is_empty() {
        let out = object.key("undefined_steps");
        out.push('[');
        for (i, step) in scenario.undefined_steps.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            undefined_step(out, step);
        }
        out.push(']');
    }
    if let Some(message) = &scenario.message {
        object.str("message", message);
    }
    if let Some(error) = &scenario.parse_error {
        parse_error(object.key("parse_error"), error);
    }
}

fn parse_error(out: &mut String, error: &ParseErrorEvent) {
    let mut object = Object::open(out);
    object.uint("line", error.line.into());
    object.uint("column", error.column.into());
    object.str("message", &error.message);
    object.close();
}

fn failed_step(out: &mut String, step: &FailedStep) {
    let mut object = Object::open(out);
    object.str("keyword", &step.keyword);
    object.str("text", &step.text);
    object.uint("line", step.line.into());
    object.uint("column", step.column.into());
    object.str("reason", &step.reason);
    object.close();
}

fn undefined_step(out: &mut String, step: &UndefinedStep) {
    let mut object = Object::open(out);
    object.str("keyword", &step.keyword);
    object.str("text", &step.text);
    object.uint("line", step.line.into());
    object.uint("column", step.column.into());
    object.str("snippet", &step.snippet);
    object.close();
}

fn aspect_fields(object: &mut Object<'_>, aspect: &AspectEvent) {
    object.str("name", &aspect.name);
    object.str_unless_empty("package", &aspect.package);
    object.str("file", &aspect.file);
    object.uint("line", aspect.line.into());
    if let Some(column) = aspect.column {
        object.uint("column", column.into());
    }
    object.str("evidence", &aspect.evidence);
    object.str_unless_empty("description", &aspect.description);
    object.str_unless_empty("summary", &aspect.summary);
    object.strings("tags", &aspect.tags);
    if let Some(status) = aspect.status {
        object.str("status", status_name(status));
    }
    if let Some(duration) = aspect.duration_ms {
        object.float("duration_ms", duration);
    }
    if let Some(measurement) = &aspect.measurement {
        measurement_object(object.key("measurement"), measurement);
    }
    if let Some(message) = &aspect.message {
        object.str("message", message);
    }
}

fn measurement_object(out: &mut String, measurement: &MeasurementEvent) {
    let mut object = Object::open(out);
    object.str("unit", &measurement.unit);
    object.float("value", measurement.value);
    object.float("budget", measurement.budget);
    object.float("spread", measurement.spread);
    object.uint("samples", measurement.samples);
    object.close();
}

fn step_definition_fields(object: &mut Object<'_>, definition: &StepDefinitionEvent) {
    object.str("keyword", &definition.keyword);
    object.str("expression", &definition.expression);
    object.str("function", &definition.function);
    object.str("file", &definition.file);
    object.uint("line", definition.line.into());
    object.uint("uses", definition.uses);
}

fn warning_fields(object: &mut Object<'_>, warning: &WarningEvent) {
    object.str_unless_empty("package", &warning.package);
    object.str("file", &warning.file);
    object.uint("line", warning.line.into());
    object.uint("column", warning.column.into());
    object.str("message", &warning.message);
}

fn filtered_out_fields(object: &mut Object<'_>, filtered: &FilteredOutEvent) {
    object.str_unless_empty("package", &filtered.package);
    object.uint("scenarios", filtered.scenarios);
    if filtered.aspects != 0 {
        object.uint("aspects", filtered.aspects);
    }
}

fn summary_fields(object: &mut Object<'_>, summary: &Summary) {
    object.uint("passed", summary.passed);
    object.uint("failed", summary.failed);
    object.uint("ignored", summary.ignored);
    object.uint("not_judged", summary.not_judged);
    if summary.filtered_out != 0 {
        object.uint("filtered_out", summary.filtered_out);
    }
}

/// A status as its snake_case name.
fn status_name(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::Ignored => "ignored",
        Status::NotJudged => "not_judged",
    }
}

/// One JSON object being written: `{`, then each field with a comma before all
/// but the first, then `}`.
struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Object<'a> {
    fn open(out: &'a mut String) -> Object<'a> {
        out.push('{');
        Object { out, empty: true }
    }

    /// Writes `"name":` and gives the buffer for the value.
    fn key(&mut self, name: &str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        push_str(self.out, name);
        self.out.push(':');
        self.out
    }

    fn str(&mut self, name: &str, value: &str) {
        push_str(self.key(name), value);
    }

    fn str_unless_empty(&mut self, name: &str, value: &str) {
        if !value.is_empty() {
            self.str(name, value);
        }
    }

    fn uint(&mut self, name: &str, value: u64) {
        let out = self.key(name);
        let _ = write!(out, "{value}");
    }

    fn float(&mut self, name: &str, value: f64) {
        push_f64(self.key(name), value);
    }

    fn strings(&mut self, name: &str, values: &[String]) {
        let out = self.key(name);
        out.push('[');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_str(out, value);
        }
        out.push(']');
    }

    fn close(self) {
        self.out.push('}');
    }
}

/// A JSON string as serde_json escapes it: `"` and `\` with a backslash, the
/// control characters with their short escape or as `\u00xx` (lower-case hex),
/// everything else (DEL and non-ASCII included) as it is.
fn push_str(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut run = 0;
    for (i, byte) in value.bytes().enumerate() {
        let short = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'\n' => 'n',
            b'\r' => 'r',
            b'\t' => 't',
            0x08 => 'b',
            0x0c => 'f',
            0x00..=0x1f => 'u',
            _ => continue,
        };
        // Only ASCII bytes are escaped, so `run..i` is on character boundaries.
        out.push_str(&value[run..i]);
        run = i + 1;
        out.push('\\');
        out.push(short);
        if short == 'u' {
            out.push_str("00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    out.push_str(&value[run..]);
    out.push('"');
}

/// A float as serde_json prints it: `null` when not finite; otherwise the
/// shortest digits that read back as `value`, written plainly when the
/// decimal exponent is in -5..=15 (`0.0`, `1.0`, `0.00001`, `123456.789`),
/// else as `1.5e+16`, `1e-7` (zmij's layout).
fn push_f64(out: &mut String, value: f64) {
    if !value.is_finite() {
        out.push_str("null");
        return;
    }
    let scientific = shortest_scientific(value);
    let (mantissa, exponent) = scientific
        .split_once('e')
        .unwrap_or((scientific.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let digits = mantissa.replace('.', "");
    if negative {
        out.push('-');
    }
    if !(-5..=15).contains(&exponent) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let sign = if exponent < 0 { '-' } else { '+' };
        let _ = write!(out, "e{sign}{}", exponent.unsigned_abs());
        return;
    }
    // In range: `exponent` is the power of ten of the first digit.
    if exponent < 0 {
        out.push_str("0.");
        for _ in 1..exponent.unsigned_abs() {
            out.push('0');
        }
        out.push_str(&digits);
        return;
    }
    let whole = usize::try_from(exponent).unwrap_or(0) + 1;
    if digits.len() <= whole {
        out.push_str(&digits);
        for _ in digits.len()..whole {
            out.push('0');
        }
        out.push_str(".0");
    } else {
        out.push_str(&digits[..whole]);
        out.push('.');
        out.push_str(&digits[whole..]);
    }
}

/// `value` as `d.ddde±x` with the fewest digits that read back as it, as
/// zmij picks them: std's `{:e}` finds how many, but of two equally near
/// `value` it can take the odd one where zmij takes the even one, which is
/// `value` rounded to that many digits (std's precision rounds half to even).
/// Near a power of two that rounding can fall outside what reads back; then
/// std's digits are the ones.
fn shortest_scientific(value: f64) -> String {
    let shortest = format!("{value:e}");
    let mantissa = &shortest[..shortest.find('e').unwrap_or(shortest.len())];
    let digits = mantissa.len()
        - usize::from(mantissa.contains('.'))
        - usize::from(mantissa.starts_with('-'));
    let rounded = format!("{value:.precision$e}", precision = digits.saturating_sub(1));
    if rounded.parse::<f64>() == Ok(value) {
        rounded
    } else {
        shortest
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
