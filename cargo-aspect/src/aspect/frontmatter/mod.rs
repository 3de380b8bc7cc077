//! An aspect's frontmatter, as written, and its mapping onto evidence kinds.
//!
//! `evidence` is either a string (a command, the seed's form) or a map naming
//! one kind. The map is read into one struct with a field per key, so that an
//! unknown key is an error at its line; which kind it is, and whether its keys
//! fit that kind, is decided afterwards in [`Frontmatter::evidence`]. Adding a
//! kind adds a field here and an arm there.
//!
//! Every value is a [`Spanned`] (from `yaml`), so an error found afterwards (a
//! bad unit, a key that does not fit the kind, shell syntax in a command
//! string) points at the value at fault, not at the start of the map it is in.

use std::time::Duration;

use super::yaml::{Location, Spanned};
use crate::evidence::bench::BenchEvidence;
use crate::evidence::cargo_tests::TestsEvidence;
use crate::evidence::command::{split_command_line, CommandEvidence};
#[cfg(feature = "imports")]
use crate::evidence::imports::ImportsEvidence;
use crate::evidence::memory::MemoryEvidence;
use crate::evidence::units::{parse_duration, parse_size};
use crate::evidence::Evidence;

/// The frontmatter keys. Unknown keys are an error.
#[derive(Debug)]
pub(crate) struct Frontmatter {
    pub name: Spanned<String>,
    pub evidence: Spanned<RawEvidence>,
    pub tags: Vec<String>,
    pub timeout: Option<Spanned<String>>,
}

/// `evidence:` as written.
#[derive(Debug)]
pub(crate) enum RawEvidence {
    /// `evidence: scripts/check.sh --flag`
    Command(String),
    /// `evidence: {kind: ...}`
    Map(Box<EvidenceMap>),
}

/// Every key an evidence map may have; exactly one names the kind. Each is
/// [`Spanned`] so that an error points at the value at fault.
#[derive(Debug, Default)]
pub(crate) struct EvidenceMap {
    command: Option<Spanned<CommandLine>>,
    timeout: Option<Spanned<String>>,
    imports: Option<Spanned<ImportsMap>>,
    layers: Option<Spanned<ContractMap>>,
    independent: Option<Spanned<ContractMap>>,
    bench: Option<Spanned<String>>,
    max: Option<Spanned<String>>,
    memory: Option<Spanned<MemoryMap>>,
    tests: Option<Spanned<Vec<String>>>,
}

#[derive(Debug)]
#[cfg_attr(not(feature = "imports"), allow(dead_code))]
struct ImportsMap {
    krate: Spanned<String>,
    module: Option<Spanned<String>>,
    deny: Vec<Spanned<String>>,
    allow: Vec<Spanned<String>>,
    baseline: Vec<Spanned<String>>,
    targets: Option<Spanned<Vec<Spanned<String>>>>,
}

/// `layers: {crate: x, order: [...]}` or `independent: {crate: x, modules: [...]}`;
/// without `crate`, the entries are the workspace's member crates.
#[derive(Debug)]
#[cfg_attr(not(feature = "imports"), allow(dead_code))]
struct ContractMap {
    krate: Option<Spanned<String>>,
    /// `order` or `modules` (either key, whatever the contract).
    order: Option<Vec<Spanned<OrderItem>>>,
    baseline: Vec<Spanned<String>>,
}

/// One entry of `order`: a module (or member crate), or a layer of several
/// (`[cmd, db]`), which may use each other.
#[derive(Debug)]
#[cfg_attr(not(feature = "imports"), allow(dead_code))]
enum OrderItem {
    One(String),
    Several(Vec<String>),
}

#[derive(Debug)]
struct MemoryMap {
    bench: Option<Spanned<String>>,
    command: Option<Spanned<CommandLine>>,
    max: Spanned<String>,
    timeout: Option<Spanned<String>>,
}

/// A command as a string (split on whitespace, see
/// [`split_command_line`]) or a list of arguments.
#[derive(Debug)]
enum CommandLine {
    Line(String),
    Argv(Vec<String>),
}

impl CommandLine {
    fn argv(&self) -> Result<Vec<String>, String> {
        match self {
            CommandLine::Line(line) => split_command_line(line),
            CommandLine::Argv(argv) => Ok(argv.clone()),
        }
    }
}

/// Why the evidence cannot be built, and where the value at fault is
/// ([`Location::UNKNOWN`] when no position is known: the caller falls back to `evidence:`).
#[derive(Debug)]
pub(crate) struct FieldError {
    pub at: Location,
    pub message: String,
}

/// `Err` at `spanned`'s value.
fn at<T, V>(spanned: &Spanned<V>, message: impl Into<String>) -> Result<T, FieldError> {
    Err(FieldError {
        at: spanned.location,
        message: message.into(),
    })
}

/// Attach `spanned`'s location to an error message.
fn locate<V>(spanned: &Spanned<V>) -> impl Fn(String) -> FieldError + '_ {
    move |message| FieldError {
        at: spanned.location,
        message,
    }
}

/// The kinds an evidence map may name, for messages.
const KINDS: &str = "command, imports, layers, independent, bench, memory, tests";

mod read;

impl Frontmatter {
    /// Where the thing the evidence names is written (the program, crate,
    /// function or test filters): a problem [`Evidence::validate`] finds is there.
    pub fn subject(&self) -> Location {
        let RawEvidence::Map(map) = &self.evidence.value else {
            return self.evidence.location;
        };
        let memory = map.memory.as_ref().and_then(|m| {
            let m = &m.value;
            m.bench
                .as_ref()
                .map(|b| b.location)
                .or(m.command.as_ref().map(|c| c.location))
        });
        map.command
            .as_ref()
            .map(|c| c.location)
            .or(map.imports.as_ref().map(|i| i.value.krate.location))
            .or(map
                .layers
                .as_ref()
                .or(map.independent.as_ref())
                .map(|c| c.value.krate.as_ref().map_or(c.location, |k| k.location)))
            .or(map.bench.as_ref().map(|b| b.location))
            .or(memory)
            .or(map.tests.as_ref().map(|t| t.location))
            .unwrap_or(self.evidence.location)
    }

    /// The evidence this frontmatter names, or why it cannot be built and where.
    pub fn evidence(
        &self,
        aspect_timeout: Option<Duration>,
    ) -> Result<Box<dyn Evidence>, FieldError> {
        let map = match &self.evidence.value {
            RawEvidence::Command(line) => {
                let argv = split_command_line(line).map_err(locate(&self.evidence))?;
                if argv.is_empty() {
                    return at(
                        &self.evidence,
                        "`evidence` is empty: name a command, or a map such as `{imports: ...}`",
                    );
                }
                return Ok(Box::new(CommandEvidence::new(argv, None)));
            }
            RawEvidence::Map(map) => map,
        };
        let kinds: Vec<(&str, Location)> = [
            ("command", map.command.as_ref().map(|v| v.location)),
            ("imports", map.imports.as_ref().map(|v| v.location)),
            ("layers", map.layers.as_ref().map(|v| v.location)),
            ("independent", map.independent.as_ref().map(|v| v.location)),
            ("bench", map.bench.as_ref().map(|v| v.location)),
            ("memory", map.memory.as_ref().map(|v| v.location)),
            ("tests", map.tests.as_ref().map(|v| v.location)),
        ]
        .into_iter()
        .filter_map(|(k, at)| at.map(|at| (k, at)))
        .collect();
        let kind =
            match kinds.as_slice() {
                [(kind, _)] => *kind,
                [] => return at(
                    &self.evidence,
                    "`evidence` names no kind: use one of command, imports, layers, independent, bench, memory, tests",
                ),
                [..] => {
                    let names: Vec<&str> = kinds.iter().map(|(k, _)| *k).collect();
                    // Point at the last one written: the first is the kind the user meant.
                    let last = kinds
                        .iter()
                        .map(|(_, at)| *at)
                        .max_by_key(|at| (at.line(), at.column()))
                        .unwrap_or(Location::UNKNOWN);
                    return Err(FieldError {
                        at: last,
                        message: format!(
                            "`evidence` names {} kinds ({}); an aspect has one",
                            kinds.len(),
                            names.join(", ")
                        ),
                    });
                }
            };
        let only = |key: &str, value: Option<&Spanned<String>>, with: &str| match value {
            Some(value) => at(
                value,
                format!("`{key}` goes with `{with}` evidence, not `{kind}`"),
            ),
            None => Ok(()),
        };
        if kind != "command" {
            only("timeout", map.timeout.as_ref(), "command")?;
        }
        if kind != "bench" {
            only("max", map.max.as_ref(), "bench")?;
        }
        let duration = |key: &str, value: &Spanned<String>| {
            parse_duration(&value.value).map_err(|message| FieldError {
                at: value.location,
                message: format!("{key} {message}"),
            })
        };
        let timeout = map
            .timeout
            .as_ref()
            .map(|t| duration("timeout", t))
            .transpose()?
            .or(aspect_timeout);
        let evidence: Box<dyn Evidence> = match kind {
            "command" => {
                let command = map.command.as_ref().ok_or_else(|| unreachable_kind(kind))?;
                let argv = command.value.argv().map_err(locate(command))?;
                if argv.is_empty() {
                    return at(command, "`command` is empty");
                }
                Box::new(CommandEvidence::new(argv, timeout))
            }
            #[cfg(feature = "imports")]
            "imports" => {
                let imports = map.imports.as_ref().ok_or_else(|| unreachable_kind(kind))?;
                let list = &imports.value;
                if list.deny.is_empty() {
                    return at(
                        imports,
                        "imports evidence denies nothing: give `deny: [external, \"std::fs\", ...]`",
                    );
                }
                for entry in &list.deny {
                    crate::evidence::imports::check_deny_entry(&entry.value)
                        .map_err(locate(entry))?;
                }
                for entry in &list.allow {
                    crate::evidence::imports::check_allow_entry(&entry.value)
                        .map_err(locate(entry))?;
                }
                let baseline = checked_baseline(&list.baseline)?;
                let values = |entries: &[Spanned<String>]| -> Vec<String> {
                    entries.iter().map(|e| e.value.clone()).collect()
                };
                let evidence = ImportsEvidence::new(
                    list.krate.value.clone(),
                    values(&list.deny),
                    values(&list.allow),
                )
                .with_baseline(baseline);
                let evidence = match &list.targets {
                    Some(targets) => {
                        for entry in &targets.value {
                            crate::evidence::imports::check_targets_entry(&entry.value)
                                .map_err(locate(entry))?;
                        }
                        let at = file_position(targets.location);
                        evidence
                            .for_targets(&values(&targets.value), at)
                            .map_err(locate(targets))?
                    }
                    None => evidence,
                };
                match &list.module {
                    Some(module) => Box::new(
                        evidence
                            .within(&module.value, file_position(module.location))
                            .map_err(locate(module))?,
                    ),
                    None => Box::new(evidence),
                }
            }
            #[cfg(feature = "imports")]
            "layers" | "independent" => {
                use crate::evidence::imports::{ContractEvidence, Shape};
                let (shape, spanned, list_key) = if kind == "layers" {
                    (Shape::Layers, map.layers.as_ref(), "order")
                } else {
                    (Shape::Independent, map.independent.as_ref(), "modules")
                };
                let spanned = spanned.ok_or_else(|| unreachable_kind(kind))?;
                let contract = &spanned.value;
                let Some(list) = &contract.order else {
                    return at(
                        spanned,
                        format!("`{kind}` needs `{list_key}: [...]`, the modules (or, without `crate`, the member crates)"),
                    );
                };
                // Each module with its layer, and the item of `order` it is in.
                let mut entries = Vec::new();
                let mut items = Vec::new();
                for (layer, item) in list.iter().enumerate() {
                    let names = match &item.value {
                        OrderItem::One(name) => std::slice::from_ref(name),
                        OrderItem::Several(_) if shape == Shape::Independent => {
                            return at(
                                item,
                                format!(
                                    "`{kind}` lists modules, not layers: write each on its own"
                                ),
                            );
                        }
                        OrderItem::Several(names) if names.is_empty() => {
                            return at(
                                item,
                                "an empty layer: list its modules, `[cmd, db]`".to_owned(),
                            );
                        }
                        OrderItem::Several(names) => names.as_slice(),
                    };
                    for name in names {
                        entries.push((name.clone(), file_position(item.location), layer));
                        items.push(item);
                    }
                }
                let krate = contract.krate.as_ref().map(|k| k.value.clone());
                let baseline = checked_baseline(&contract.baseline)?;
                match ContractEvidence::new(shape, krate, entries) {
                    Ok(evidence) => Box::new(evidence.with_baseline(baseline)),
                    Err((message, Some(i))) => return at(items[i], message),
                    Err((message, None)) => return at(spanned, message),
                }
            }
            #[cfg(not(feature = "imports"))]
            "imports" | "layers" | "independent" => {
                return Err(FieldError {
                    at: kinds[0].1,
                    message: format!(
                        "`{kind}` evidence needs cargo-aspect's `imports` feature: {}",
                        crate::config::FEATURES_HINT
                    ),
                });
            }
            "bench" => {
                let bench = map.bench.as_ref().ok_or_else(|| unreachable_kind(kind))?;
                let Some(max) = &map.max else {
                    return at(
                        bench,
                        "`bench` evidence needs `max`, e.g. `{bench: buy_generator, max: 5us}`",
                    );
                };
                Box::new(BenchEvidence::new(
                    bench.value.clone(),
                    duration("max", max)?,
                ))
            }
            "memory" => {
                let spanned = map.memory.as_ref().ok_or_else(|| unreachable_kind(kind))?;
                let memory = &spanned.value;
                let max = parse_size(&memory.max.value).map_err(|message| FieldError {
                    at: memory.max.location,
                    message: format!("max {message}"),
                })?;
                let timeout = memory
                    .timeout
                    .as_ref()
                    .map(|t| duration("timeout", t))
                    .transpose()?
                    .or(aspect_timeout);
                match (&memory.bench, &memory.command) {
                    (Some(function), None) => {
                        Box::new(MemoryEvidence::function(function.value.clone(), max))
                    }
                    (None, Some(command)) => {
                        let argv = command.value.argv().map_err(locate(command))?;
                        Box::new(MemoryEvidence::command(argv, max, timeout))
                    }
                    (Some(_), Some(second)) => {
                        return at(
                            second,
                            "`memory` needs exactly one of `bench: <function>` or `command: [...]`, not both",
                        )
                    }
                    (None, None) => {
                        return at(
                            spanned,
                            "`memory` needs exactly one of `bench: <function>` or `command: [...]`",
                        )
                    }
                }
            }
            _ => {
                let tests = map.tests.as_ref().ok_or_else(|| unreachable_kind(kind))?;
                Box::new(TestsEvidence::new(tests.value.clone(), timeout))
            }
        };
        Ok(evidence)
    }
}

/// `at` as a (line, column) of the aspect file, if known: the YAML's first
/// line is the file's second.
#[cfg(feature = "imports")]
fn file_position(at: Location) -> Option<(u32, u32)> {
    (at.line() > 0).then(|| (at.line() + 1, at.column().max(1)))
}

/// `baseline:` entries, each checked where it is written.
#[cfg(feature = "imports")]
fn checked_baseline(entries: &[Spanned<String>]) -> Result<Vec<String>, FieldError> {
    entries
        .iter()
        .map(|e| {
            crate::evidence::imports::check_baseline_entry(&e.value)
                .map(|()| e.value.clone())
                .map_err(locate(e))
        })
        .collect()
}

/// The kind was chosen because its key is present; kept an error, never a panic.
fn unreachable_kind(kind: &str) -> FieldError {
    FieldError {
        at: Location::UNKNOWN,
        message: format!("`{kind}` evidence has no `{kind}` key"),
    }
}
