//! The YAML between an aspect's `---` lines as a tree of located values, read
//! with granit-parser's events.
//!
//! Frontmatter is a handful of keys, mapped onto evidence by hand in
//! `frontmatter`; a serde layer over the parser (serde-saphyr, with its
//! encoding and snippet-rendering crates) cost a sixth of a harness's clean
//! build. Every value keeps where it is written, so an error points at it.
//!
//! It must not drop a location, read more than one document, or let aliases
//! expand without bound.

use std::fmt;

use granit_parser::{Event, Marker, Parser, ScalarStyle, Span};

/// A position in the YAML text: line and column from 1; line 0 is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Location {
    line: u32,
    column: u32,
}

impl Location {
    /// No position (the caller falls back to a position it knows).
    pub(crate) const UNKNOWN: Location = Location { line: 0, column: 0 };

    pub(crate) fn new(line: u32, column: u32) -> Location {
        Location { line, column }
    }

    pub(crate) fn line(self) -> u32 {
        self.line
    }

    pub(crate) fn column(self) -> u32 {
        self.column
    }

    fn of(marker: &Marker) -> Location {
        let number = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Location::new(
            number(marker.line()),
            number(marker.col()).saturating_add(1),
        )
    }
}

/// A value and where it is written.
#[derive(Clone, Debug)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub location: Location,
}

/// One YAML value. Scalars stay text (`5` is `"5"`): the frontmatter reads
/// durations, sizes and names, never YAML numbers or booleans.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    /// `~`, `null`, or nothing after a key.
    Null,
    Scalar(String),
    List(Vec<Spanned<Node>>),
    /// Entries in the order written; keys are scalars.
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

/// A YAML mistake and where it is.
#[derive(Debug)]
pub(crate) struct YamlError {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {} column {}: {}",
            self.location.line, self.location.column, self.message
        )
    }
}

/// Nodes a document may hold, aliases expanded: far above any frontmatter,
/// far below what exhausts memory (`&a [*b, *b, ...]` doubling at each level).
const MAX_NODES: usize = 10_000;

/// Parse one YAML document; an empty text is [`Node::Null`] at line 1.
///
/// # Errors
/// The parser's message at its position, a second document, a map key that is
/// not a scalar, or aliases that expand past [`MAX_NODES`].
pub(crate) fn parse(text: &str) -> Result<Spanned<Node>, YamlError> {
    let options = granit_parser::options! {
        flow_nesting_limit: 64,
        block_nesting_limit: 64,
    };
    let mut builder = Builder::default();
    for event in Parser::new_from_str_with_options(text, options) {
        let (event, span) = event.map_err(|e| YamlError {
            location: Location::of(e.marker()),
            message: e.info(),
        })?;
        builder.event(event, span)?;
    }
    Ok(builder.root.unwrap_or(Spanned {
        value: Node::Null,
        location: Location::new(1, 1),
    }))
}

/// A list or map being read, with its anchor (0 for none).
enum Open {
    List(Spanned<Vec<Spanned<Node>>>, usize),
    Map(Spanned<MapEntries>, usize),
}

/// A map's entries so far, and the key read whose value is next.
#[derive(Default)]
struct MapEntries {
    entries: Vec<(Spanned<String>, Spanned<Node>)>,
    key: Option<Spanned<String>>,
}

#[derive(Default)]
struct Builder {
    open: Vec<Open>,
    root: Option<Spanned<Node>>,
    documents: usize,
    anchors: Vec<(usize, Spanned<Node>)>,
    nodes: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        let location = Location::of(&span.start);
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(YamlError {
                        location,
                        message: "a second YAML document: the frontmatter is one".to_owned(),
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain && tag.is_none();
                let value = if plain && matches!(&*text, "~" | "null" | "Null" | "NULL" | "") {
                    Node::Null
                } else {
                    Node::Scalar(text.into_owned())
                };
                self.count(1, location)?;
                self.close(Spanned { value, location }, anchor)?;
            }
            Event::SequenceStart(_, anchor, _) => {
                self.count(1, location)?;
                let list = Spanned {
                    value: Vec::new(),
                    location,
                };
                self.open.push(Open::List(list, anchor));
            }
            Event::MappingStart(_, anchor, _) => {
                self.count(1, location)?;
                let map = Spanned {
                    value: MapEntries::default(),
                    location,
                };
                self.open.push(Open::Map(map, anchor));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.open.pop() {
                    Some(Open::List(list, anchor)) => (list.map(Node::List), anchor),
                    Some(Open::Map(map, anchor)) => (map.map(|m| Node::Map(m.entries)), anchor),
                    None => return Ok(()),
                };
                self.close(node, anchor)?;
            }
            Event::Alias(id) => {
                let Some((_, target)) = self.anchors.iter().rev().find(|(a, _)| *a == id) else {
                    return Err(YamlError {
                        location,
                        message: "an alias to no anchor".to_owned(),
                    });
                };
                let value = target.value.clone();
                self.count(value.size(), location)?;
                self.close(Spanned { value, location }, 0)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Count `n` more nodes; fail past [`MAX_NODES`].
    fn count(&mut self, n: usize, location: Location) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(YamlError {
                location,
                message: format!("more than {MAX_NODES} values (aliases expanded)"),
            });
        }
        Ok(())
    }

    /// A finished node (already counted): into the list or map it is in, or the root.
    fn close(&mut self, node: Spanned<Node>, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.push((anchor, node.clone()));
        }
        match self.open.last_mut() {
            None => self.root = Some(node),
            Some(Open::List(list, _)) => list.value.push(node),
            Some(Open::Map(map, _)) => match map.value.key.take() {
                Some(key) => map.value.entries.push((key, node)),
                None => {
                    let key = match node.value {
                        Node::Scalar(text) => text,
                        Node::Null => String::new(),
                        Node::List(_) | Node::Map(_) => {
                            return Err(YamlError {
                                location: node.location,
                                message: "a map key must be a string, not a list or a map"
                                    .to_owned(),
                            })
                        }
                    };
                    map.value.key = Some(Spanned {
                        value: key,
                        location: node.location,
                    });
                }
            },
        }
        Ok(())
    }
}

impl<T> Spanned<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            value: f(self.value),
            location: self.location,
        }
    }
}

impl Node {
    /// How many values this is, itself included.
    fn size(&self) -> usize {
        match self {
            Node::Null | Node::Scalar(_) => 1,
            Node::List(items) => 1 + items.iter().map(|i| i.value.size()).sum::<usize>(),
            Node::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|(_, v)| 1 + v.value.size())
                    .sum::<usize>()
            }
        }
    }

    /// What a message calls this kind of value.
    fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Scalar(_) => "a string",
            Node::List(_) => "a list",
            Node::Map(_) => "a map",
        }
    }

    /// The value as JSON, scalars as strings (what the CLI's readers of
    /// frontmatter take).
    #[cfg(feature = "cli")]
    pub(crate) fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Node::Null => Value::Null,
            Node::Scalar(text) => Value::String(text.clone()),
            Node::List(items) => Value::Array(items.iter().map(|i| i.value.to_json()).collect()),
            Node::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.value.to_json()))
                    .collect(),
            ),
        }
    }
}

impl Spanned<Node> {
    /// This value as a string, `what` naming it in the error.
    pub(crate) fn string(&self, what: &str) -> Result<Spanned<String>, YamlError> {
        match &self.value {
            Node::Scalar(text) => Ok(Spanned {
                value: text.clone(),
                location: self.location,
            }),
            other => Err(self.error(format!("{what} must be a string, not {}", other.kind()))),
        }
    }

    /// This value as a list of strings, each located.
    pub(crate) fn strings(&self, what: &str) -> Result<Vec<Spanned<String>>, YamlError> {
        match &self.value {
            Node::List(items) => items.iter().map(|item| item.string(what)).collect(),
            other => Err(self.error(format!(
                "{what} must be a list of strings (`[a, b]`), not {}",
                other.kind()
            ))),
        }
    }

    /// This value's keys, checked against `known`: an unknown or repeated key
    /// is an error at that key.
    pub(crate) fn fields<'a>(
        &'a self,
        what: &str,
        known: &[&str],
    ) -> Result<Fields<'a>, YamlError> {
        let entries: &[_] = match &self.value {
            Node::Map(entries) => entries,
            // An empty document: its keys are missing.
            Node::Null => &[],
            other => {
                return Err(self.error(format!(
                    "{what} must be a map (`key: value` lines or `{{key: value}}`), not {}",
                    other.kind()
                )))
            }
        };
        for (index, (key, _)) in entries.iter().enumerate() {
            if !known.contains(&key.value.as_str()) {
                let expected: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                return Err(YamlError {
                    location: key.location,
                    message: format!(
                        "unknown field `{}`, expected one of {}",
                        key.value,
                        expected.join(", ")
                    ),
                });
            }
            if entries[..index].iter().any(|(k, _)| k.value == key.value) {
                return Err(YamlError {
                    location: key.location,
                    message: format!("duplicate field `{}`", key.value),
                });
            }
        }
        Ok(Fields {
            location: self.location,
            entries,
        })
    }

    fn error(&self, message: String) -> YamlError {
        YamlError {
            location: self.location,
            message,
        }
    }
}

/// A map's entries, its keys checked (see [`Spanned::fields`]).
pub(crate) struct Fields<'a> {
    location: Location,
    entries: &'a [(Spanned<String>, Spanned<Node>)],
}

impl<'a> Fields<'a> {
    /// The value of `key`, unless it is absent or null.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Spanned<Node>> {
        self.entries
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v.value, Node::Null))
    }

    /// The value of `key`; absent is an error at the map, null at the value.
    pub(crate) fn required(&self, key: &str) -> Result<&'a Spanned<Node>, YamlError> {
        match self.entries.iter().find(|(k, _)| k.value == key) {
            None => Err(YamlError {
                location: self.location,
                message: format!("missing field `{key}`"),
            }),
            Some((_, value)) if matches!(value.value, Node::Null) => Err(YamlError {
                location: value.location,
                message: format!("`{key}` has no value"),
            }),
            Some((_, value)) => Ok(value),
        }
    }

    /// `key`'s value as a string, if present.
    pub(crate) fn string(&self, key: &str) -> Result<Option<Spanned<String>>, YamlError> {
        self.get(key)
            .map(|v| v.string(&format!("`{key}`")))
            .transpose()
    }

    /// `key`'s value as a list of strings; absent is empty.
    pub(crate) fn strings(&self, key: &str) -> Result<Vec<Spanned<String>>, YamlError> {
        self.get(key)
            .map_or(Ok(Vec::new()), |v| v.strings(&format!("`{key}`")))
    }
}
