//! Reading TOML by hand: toml's parser gives located values
//! (`toml::de::DeTable`, each key and value with its byte range), and the readers
//! in `config` and `evidence::imports` pick their keys out of them in a loop.
//!
//! It exists so a harness compiles no serde: serde, its derive and toml's serde
//! layer were a fifth of a harness's clean build. The readers once were derived
//! `Deserialize` impls, and users saw serde's wording through toml's rendering;
//! this module keeps both: the messages ("unknown field `x`, expected one of …",
//! "invalid type: integer `5`, expected a sequence"), rendered at the same place
//! as toml renders its own errors. It must not grow into a deserializer (no
//! traits, no visitors): a reader is a `match` on a table's keys.

use std::ops::Range;

use toml::de::{DeInteger, DeTable, DeValue};
use toml::Spanned;

/// A value as the parser gives it: what and where.
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// The one key a datetime has when serde read it as a struct or a map (toml
/// hands a datetime to serde as a table of this key).
const DATETIME_KEY: &str = "$__toml_private_datetime";

/// Why a document's content is not what its reader expects, and where.
#[derive(Debug)]
pub(crate) struct Error {
    /// The byte range of the key or value at fault.
    pub span: Range<usize>,
    /// serde's wording.
    pub message: String,
}

impl Error {
    /// The error as toml renders its own (`TOML parse error at line 5, column 1`,
    /// the line, carets under the span, the message), without the final newline.
    pub(crate) fn render(&self, text: &str) -> String {
        render(text, self.span.clone(), &self.message)
    }
}

/// Parse a document; a syntax error as toml renders it, without the final newline.
pub(crate) fn parse(text: &str) -> Result<DeTable<'_>, String> {
    DeTable::parse(text)
        .map(Spanned::into_inner)
        .map_err(|e| e.to_string().trim_end().to_owned())
}

/// A string value (serde's `String`).
pub(crate) fn string<'a>(value: &'a Value<'_>) -> Result<&'a str, Error> {
    match value.get_ref() {
        DeValue::String(s) => Ok(s.as_ref()),
        _ => Err(invalid_type(value, "a string")),
    }
}

/// A boolean value (serde's `bool`).
#[cfg(any(feature = "imports", test))]
pub(crate) fn boolean(value: &Value<'_>) -> Result<bool, Error> {
    match value.get_ref() {
        DeValue::Boolean(b) => Ok(*b),
        _ => Err(invalid_type(value, "a boolean")),
    }
}

/// An array value (serde's `Vec`).
pub(crate) fn array<'a, 'i>(value: &'a Value<'i>) -> Result<&'a [Value<'i>], Error> {
    match value.get_ref() {
        DeValue::Array(items) => Ok(items),
        _ => Err(invalid_type(value, "a sequence")),
    }
}

/// An array of strings (serde's `Vec<String>`).
pub(crate) fn strings(value: &Value<'_>) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for item in array(value)? {
        out.push(string(item)?.to_owned());
    }
    Ok(out)
}

/// A map value (serde's `BTreeMap`); `None` for a datetime, which serde read
/// as a map of one entry: see [`datetime_as_map`].
pub(crate) fn map<'a, 'i>(value: &'a Value<'i>) -> Result<Option<&'a DeTable<'i>>, Error> {
    match value.get_ref() {
        DeValue::Table(table) => Ok(Some(table)),
        DeValue::Datetime(_) => Ok(None),
        _ => Err(invalid_type(value, "a map")),
    }
}

/// serde's error for a datetime where a map of `entry` (`struct HarnessTable`,
/// `a sequence`) was expected: its one entry is the datetime as a string.
pub(crate) fn datetime_as_map(value: &Value<'_>, entry: &str) -> Error {
    let text = match value.get_ref() {
        DeValue::Datetime(datetime) => datetime.to_string(),
        _ => String::new(),
    };
    Error {
        span: value.span(),
        message: format!("invalid type: string {text:?}, expected {entry}"),
    }
}

/// One entry of a value read as a struct.
pub(crate) struct Entry<'a, 'i> {
    /// The key, or the field an array item stands for.
    pub key: &'a str,
    /// Where an unknown key is reported: the key, or the whole value.
    key_span: Range<usize>,
    /// The value.
    pub value: &'a Value<'i>,
}

/// A value read as a struct, the way serde's derived readers took one: a
/// table's entries; a datetime's one entry (toml hands a datetime to serde as
/// a table of the key `$__toml_private_datetime`); or an array's items, each
/// standing for the field at its position. A reader matches each entry's key
/// in order, then calls [`Fields::finish`].
pub(crate) struct Fields<'a, 'i> {
    /// In the table's order.
    pub entries: Vec<Entry<'a, 'i>>,
    /// The struct's fields in declaration order (serde's "expected one of").
    keys: &'static [&'static str],
    /// An array with fewer items than fields: reported after the items' errors.
    short: Option<Error>,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// `value` as the struct `name` (`struct AspectTable`) of fields `keys`.
    pub(crate) fn read(
        value: &'a Value<'i>,
        name: &str,
        keys: &'static [&'static str],
    ) -> Result<Self, Error> {
        let mut fields = Fields {
            entries: Vec::new(),
            keys,
            short: None,
        };
        match value.get_ref() {
            DeValue::Table(table) => {
                for (key, value) in table {
                    fields.entries.push(Entry {
                        key: key.get_ref(),
                        key_span: key.span(),
                        value,
                    });
                }
            }
            DeValue::Datetime(_) => fields.entries.push(Entry {
                key: DATETIME_KEY,
                key_span: value.span(),
                value,
            }),
            DeValue::Array(items) => {
                for (key, item) in keys.iter().zip(items.iter()) {
                    fields.entries.push(Entry {
                        key,
                        key_span: item.span(),
                        value: item,
                    });
                }
                if items.len() < keys.len() {
                    let plural = if keys.len() == 1 { "" } else { "s" };
                    fields.short = Some(Error {
                        span: value.span(),
                        message: format!(
                            "invalid length {}, expected {name} with {} element{plural}",
                            items.len(),
                            keys.len()
                        ),
                    });
                }
            }
            _ => return Err(invalid_type(value, name)),
        }
        Ok(fields)
    }

    /// serde's error for `entry`, a key the struct does not have (for a
    /// struct with `deny_unknown_fields`).
    pub(crate) fn unknown(&self, entry: &Entry<'_, '_>) -> Error {
        unknown_field(entry.key, entry.key_span.clone(), self.keys)
    }

    /// After the entries: the error of an array too short for the struct.
    pub(crate) fn finish(self) -> Result<(), Error> {
        self.short.map_or(Ok(()), Err)
    }
}

/// serde's error for a key a struct with `deny_unknown_fields` does not have;
/// `fields` are its keys in declaration order.
fn unknown_field(name: &str, span: Range<usize>, fields: &[&str]) -> Error {
    let expected = match fields {
        [] => "there are no fields".to_owned(),
        [one] => format!("expected `{one}`"),
        [one, two] => format!("expected `{one}` or `{two}`"),
        _ => format!("expected one of `{}`", fields.join("`, `")),
    };
    Error {
        span,
        message: format!("unknown field `{name}`, {expected}"),
    }
}

/// serde's error for a value of the wrong type (`invalid type: integer `5`,
/// expected a string`), at the value; toml's own for a number too large for
/// any Rust integer or float.
pub(crate) fn invalid_type(value: &Value<'_>, expected: &str) -> Error {
    let found = match value.get_ref() {
        DeValue::String(s) => Ok(format!("string {:?}", s.as_ref())),
        DeValue::Integer(i) => integer(i),
        DeValue::Float(f) => float(f.as_str()),
        DeValue::Boolean(b) => Ok(format!("boolean `{b}`")),
        DeValue::Array(_) => Ok("sequence".to_owned()),
        // toml hands serde a datetime as a map.
        DeValue::Table(_) | DeValue::Datetime(_) => Ok("map".to_owned()),
    };
    let message = match found {
        Ok(found) => format!("invalid type: {found}, expected {expected}"),
        Err(overflowed) => overflowed.to_owned(),
    };
    Error {
        span: value.span(),
        message,
    }
}

/// An integer as serde names it: the first Rust integer type it fits, as toml
/// tried them (`i64`, `u64`, `i128`, `u128`); toml's error when none does.
fn integer(i: &DeInteger<'_>) -> Result<String, &'static str> {
    let (digits, radix) = (i.as_str(), i.radix());
    if let Ok(n) = i64::from_str_radix(digits, radix) {
        Ok(format!("integer `{n}`"))
    } else if let Ok(n) = u64::from_str_radix(digits, radix) {
        Ok(format!("integer `{n}`"))
    } else if let Ok(n) = i128::from_str_radix(digits, radix) {
        Ok(format!("integer `{n}` as i128"))
    } else if let Ok(n) = u128::from_str_radix(digits, radix) {
        Ok(format!("integer `{n}` as u128"))
    } else {
        Err("integer number overflowed")
    }
}

/// A float as serde names it (always with a decimal point when finite);
/// toml's error when it overflows, as toml decides.
fn float(text: &str) -> Result<String, &'static str> {
    const OVERFLOWED: &str = "floating-point number overflowed";
    let f: f64 = text.parse().map_err(|_| OVERFLOWED)?;
    if f.is_infinite() && !text.contains("inf") {
        return Err(OVERFLOWED);
    }
    let mut shown = f.to_string();
    if f.is_finite() && !shown.contains('.') {
        shown.push_str(".0");
    }
    Ok(format!("floating point `{shown}`"))
}

/// toml's rendering of an error at `span` of `text` (its `Display` for
/// `toml::de::Error`, which has no public constructor), trimmed.
fn render(text: &str, span: Range<usize>, message: &str) -> String {
    let (line, column) = position(text.as_bytes(), span.start);
    let line_num = line + 1;
    let gutter = " ".repeat(line_num.to_string().len() + 1);
    let content = text.split('\n').nth(line).unwrap_or_default();
    let highlight = (span.end - span.start)
        .min(content.len().saturating_sub(column))
        .max(1);
    format!(
        "TOML parse error at line {line_num}, column {}\n{gutter}|\n{line_num} | {content}\n{gutter}|{}{}\n{message}",
        column + 1,
        " ".repeat(column + 1),
        "^".repeat(highlight),
    )
    .trim_end()
    .to_owned()
}

/// 0-based line and 0-based column in characters of byte `index`, as toml
/// counts them (an index past the end counts on past the last byte).
fn position(input: &[u8], index: usize) -> (usize, usize) {
    if input.is_empty() {
        return (0, index);
    }
    let safe_index = index.min(input.len() - 1);
    let past_end = index - safe_index;
    let line_start = input[..safe_index]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |nl| nl + 1);
    let line = input[..line_start].iter().filter(|b| **b == b'\n').count();
    let column = std::str::from_utf8(&input[line_start..=safe_index])
        .map(|s| s.chars().count() - 1)
        .unwrap_or(safe_index - line_start);
    (line, column + past_end)
}

#[cfg(test)]
#[path = "toml_read_tests.rs"]
mod tests;
