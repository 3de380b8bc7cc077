//! The YAML between an aspect's `---` lines, as written, and its mapping onto
//! evidence kinds.
//!
//! `evidence` is either a string (a command, the seed's form) or a map naming
//! one kind. The map is one struct with a field per key so that serde reports an
//! unknown key with its line; which kind it is, and whether its keys fit that
//! kind, is decided afterwards in [`Frontmatter::evidence`]. Adding a kind adds
//! a field here and an arm there.

use std::fmt;
use std::time::Duration;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

use crate::evidence::bench::BenchEvidence;
use crate::evidence::command::CommandEvidence;
#[cfg(feature = "imports")]
use crate::evidence::imports::ImportsEvidence;
use crate::evidence::memory::MemoryEvidence;
use crate::evidence::tests::TestsEvidence;
use crate::evidence::units::{parse_duration, parse_size};
use crate::evidence::Evidence;

/// The frontmatter keys. Unknown keys are an error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Frontmatter {
    pub name: Spanned<String>,
    pub evidence: Spanned<RawEvidence>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub timeout: Option<Spanned<String>>,
    /// A patch `cargo aspect probe` applies to a scratch copy; the evidence
    /// must fail with it. The runtime accepts the key and reads nothing from it.
    #[allow(dead_code)]
    pub probe: Option<Spanned<String>>,
}

/// `evidence:` as written.
#[derive(Debug)]
pub(crate) enum RawEvidence {
    /// `evidence: scripts/check.sh --flag`
    Command(String),
    /// `evidence: {kind: ...}`
    Map(Box<EvidenceMap>),
}

/// Every key an evidence map may have; exactly one names the kind.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EvidenceMap {
    command: Option<CommandLine>,
    timeout: Option<String>,
    imports: Option<ImportsMap>,
    bench: Option<String>,
    max: Option<String>,
    memory: Option<MemoryMap>,
    tests: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(feature = "imports"), allow(dead_code))]
struct ImportsMap {
    #[serde(rename = "crate")]
    krate: String,
    #[serde(default)]
    deny: Vec<String>,
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemoryMap {
    bench: Option<String>,
    command: Option<CommandLine>,
    max: String,
    timeout: Option<String>,
}

/// A command as a string (split on whitespace) or a list of arguments.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum CommandLine {
    Line(String),
    Argv(Vec<String>),
}

impl CommandLine {
    fn argv(&self) -> Vec<String> {
        match self {
            CommandLine::Line(line) => line.split_whitespace().map(str::to_owned).collect(),
            CommandLine::Argv(argv) => argv.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for RawEvidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawVisitor;
        impl<'de> Visitor<'de> for RawVisitor {
            type Value = RawEvidence;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a command (`scripts/check.sh`) or a map naming one evidence kind (command, imports, bench, memory, tests)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawEvidence, E> {
                Ok(RawEvidence::Command(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawEvidence, A::Error> {
                EvidenceMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|m| RawEvidence::Map(Box::new(m)))
            }
        }
        deserializer.deserialize_any(RawVisitor)
    }
}

impl Frontmatter {
    /// The evidence this frontmatter names, or why it cannot be built.
    pub fn evidence(&self, aspect_timeout: Option<Duration>) -> Result<Box<dyn Evidence>, String> {
        let map = match &self.evidence.value {
            RawEvidence::Command(line) => {
                let argv: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
                if argv.is_empty() {
                    return Err(
                        "`evidence` is empty: name a command, or a map such as `{imports: ...}`"
                            .to_owned(),
                    );
                }
                return Ok(Box::new(CommandEvidence::new(argv, None)));
            }
            RawEvidence::Map(map) => map,
        };
        let kinds: Vec<&str> = [
            ("command", map.command.is_some()),
            ("imports", map.imports.is_some()),
            ("bench", map.bench.is_some()),
            ("memory", map.memory.is_some()),
            ("tests", map.tests.is_some()),
        ]
        .into_iter()
        .filter_map(|(k, present)| present.then_some(k))
        .collect();
        let kind =
            match kinds.as_slice() {
                [kind] => *kind,
                [] => return Err(
                    "`evidence` names no kind: use one of command, imports, bench, memory, tests"
                        .to_owned(),
                ),
                many => {
                    return Err(format!(
                        "`evidence` names {} kinds ({}); an aspect has one",
                        many.len(),
                        many.join(", ")
                    ))
                }
            };
        let only = |key: &str, present: bool, with: &str| -> Result<(), String> {
            if present {
                Err(format!("`{key}` goes with `{with}` evidence, not `{kind}`"))
            } else {
                Ok(())
            }
        };
        if kind != "command" {
            only("timeout", map.timeout.is_some(), "command")?;
        }
        if kind != "bench" {
            only("max", map.max.is_some(), "bench")?;
        }
        let timeout = map
            .timeout
            .as_deref()
            .map(parse_duration)
            .transpose()?
            .or(aspect_timeout);
        let evidence: Box<dyn Evidence> =
            match kind {
                "command" => {
                    let argv = map
                        .command
                        .as_ref()
                        .map(CommandLine::argv)
                        .unwrap_or_default();
                    if argv.is_empty() {
                        return Err("`command` is empty".to_owned());
                    }
                    Box::new(CommandEvidence::new(argv, timeout))
                }
                #[cfg(feature = "imports")]
                "imports" => {
                    let imports = map.imports.as_ref().ok_or("imports")?;
                    Box::new(ImportsEvidence::new(
                        imports.krate.clone(),
                        imports.deny.clone(),
                        imports.allow.clone(),
                    ))
                }
                #[cfg(not(feature = "imports"))]
                "imports" => {
                    return Err(format!(
                        "`imports` evidence needs cargo-aspect's `imports` feature: {}",
                        crate::config::FEATURES_HINT
                    ))
                }
                "bench" => {
                    let max = map.max.as_deref().ok_or(
                        "`bench` evidence needs `max`, e.g. `{bench: buy_generator, max: 5us}`",
                    )?;
                    Box::new(BenchEvidence::new(
                        map.bench.clone().unwrap_or_default(),
                        parse_duration(max)?,
                    ))
                }
                "memory" => {
                    let memory = map.memory.as_ref().ok_or("memory")?;
                    let max = parse_size(&memory.max)?;
                    let timeout = memory
                        .timeout
                        .as_deref()
                        .map(parse_duration)
                        .transpose()?
                        .or(aspect_timeout);
                    match (&memory.bench, &memory.command) {
                        (Some(function), None) => {
                            Box::new(MemoryEvidence::function(function.clone(), max))
                        }
                        (None, Some(command)) => {
                            Box::new(MemoryEvidence::command(command.argv(), max, timeout))
                        }
                        _ => return Err(
                            "`memory` needs exactly one of `bench: <function>` or `command: [...]`"
                                .to_owned(),
                        ),
                    }
                }
                _ => Box::new(TestsEvidence::new(
                    map.tests.clone().unwrap_or_default(),
                    timeout,
                )),
            };
        Ok(evidence)
    }
}
