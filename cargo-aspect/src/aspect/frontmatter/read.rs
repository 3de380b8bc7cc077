//! Reading a frontmatter's YAML tree into the structs of [`super`]: the keys each
//! map may have, and the type of each value, every one kept with its location.
//!
//! Apart from `frontmatter/mod.rs` so that what is written (here) and what it means
//! (the mapping onto evidence kinds, there) each read in one sitting.

use super::{
    CommandLine, ContractMap, EvidenceMap, Frontmatter, ImportsMap, MemoryMap, OrderItem,
    RawEvidence, KINDS,
};
use crate::aspect::yaml::{Location, Node, Spanned, YamlError};

/// `spanned`'s value as `read` makes it, at the same place.
fn read<T>(
    spanned: &Spanned<Node>,
    read: impl FnOnce(&Spanned<Node>) -> Result<T, YamlError>,
) -> Result<Spanned<T>, YamlError> {
    Ok(Spanned {
        value: read(spanned)?,
        location: spanned.location,
    })
}

impl Frontmatter {
    /// Read the frontmatter from its YAML: the keys, and the type of each value.
    ///
    /// # Errors
    /// An unknown, repeated or missing key, or a value of the wrong type, at its position.
    pub fn from_yaml(yaml: &Spanned<Node>) -> Result<Frontmatter, YamlError> {
        let fields = yaml.fields(
            "the frontmatter",
            &["name", "evidence", "tags", "timeout", "probe"],
        )?;
        // `probe`: a patch `cargo aspect probe` applies to a scratch copy (the
        // evidence must fail with it); the runtime only checks it is a string.
        fields.string("probe")?;
        Ok(Frontmatter {
            name: fields.required("name")?.string("`name`")?,
            evidence: read(fields.required("evidence")?, RawEvidence::from_yaml)?,
            tags: fields
                .strings("tags")?
                .into_iter()
                .map(|t| t.value)
                .collect(),
            timeout: fields.string("timeout")?,
        })
    }
}

impl RawEvidence {
    fn from_yaml(yaml: &Spanned<Node>) -> Result<RawEvidence, YamlError> {
        if let Node::Scalar(line) = &yaml.value {
            return Ok(RawEvidence::Command(line.clone()));
        }
        let fields = yaml.fields(
            "`evidence`",
            &[
                "command",
                "timeout",
                "imports",
                "layers",
                "independent",
                "bench",
                "max",
                "memory",
                "tests",
            ],
        )
        .map_err(|e| YamlError {
            message: format!(
                "{}; `evidence` is a command (`scripts/check.sh`) or a map naming one kind ({KINDS})",
                e.message
            ),
            ..e
        })?;
        let contract = |key: &str| {
            fields
                .get(key)
                .map(|v| read(v, ContractMap::from_yaml))
                .transpose()
        };
        Ok(RawEvidence::Map(Box::new(EvidenceMap {
            command: fields
                .get("command")
                .map(|v| read(v, |v| CommandLine::from_yaml(v, "`command`")))
                .transpose()?,
            timeout: fields.string("timeout")?,
            imports: fields
                .get("imports")
                .map(|v| read(v, ImportsMap::from_yaml))
                .transpose()?,
            layers: contract("layers")?,
            independent: contract("independent")?,
            bench: fields.string("bench")?,
            max: fields.string("max")?,
            memory: fields
                .get("memory")
                .map(|v| read(v, MemoryMap::from_yaml))
                .transpose()?,
            tests: fields
                .get("tests")
                .map(|v| {
                    read(v, |v| {
                        let tests = v.strings("`tests`")?;
                        Ok(tests.into_iter().map(|t| t.value).collect())
                    })
                })
                .transpose()?,
        })))
    }
}

impl ImportsMap {
    fn from_yaml(yaml: &Spanned<Node>) -> Result<ImportsMap, YamlError> {
        let fields = yaml.fields(
            "`imports`",
            &["crate", "module", "deny", "allow", "baseline", "targets"],
        )?;
        Ok(ImportsMap {
            krate: fields.required("crate")?.string("`crate`")?,
            module: fields.string("module")?,
            deny: fields.strings("deny")?,
            allow: fields.strings("allow")?,
            baseline: fields.strings("baseline")?,
            targets: fields
                .get("targets")
                .map(|list| {
                    Ok::<_, YamlError>(Spanned {
                        value: list.strings("`targets`")?,
                        location: list.location,
                    })
                })
                .transpose()?,
        })
    }
}

impl ContractMap {
    fn from_yaml(yaml: &Spanned<Node>) -> Result<ContractMap, YamlError> {
        let fields = yaml.fields("a contract", &["crate", "order", "modules", "baseline"])?;
        let order = match (fields.get("order"), fields.get("modules")) {
            (Some(order), Some(modules)) => {
                let second = [order.location, modules.location]
                    .into_iter()
                    .max_by_key(|at| (at.line(), at.column()))
                    .unwrap_or(Location::UNKNOWN);
                return Err(YamlError {
                    location: second,
                    message: "`order` and `modules` are the same list: give one".to_owned(),
                });
            }
            (Some(list), None) | (None, Some(list)) => Some(list),
            (None, None) => None,
        };
        let order = match order {
            None => None,
            Some(list) => {
                let Node::List(items) = &list.value else {
                    return Err(YamlError {
                        location: list.location,
                        message: "the modules must be a list (`[cmd, db]`)".to_owned(),
                    });
                };
                let item = |item: &Spanned<Node>| {
                    read(item, |item| match &item.value {
                        Node::List(_) => {
                            let names = item.strings("a layer")?;
                            Ok(OrderItem::Several(
                                names.into_iter().map(|n| n.value).collect(),
                            ))
                        }
                        _ => Ok(OrderItem::One(item.string("a module")?.value)),
                    })
                };
                Some(items.iter().map(item).collect::<Result<Vec<_>, _>>()?)
            }
        };
        Ok(ContractMap {
            krate: fields.string("crate")?,
            order,
            baseline: fields.strings("baseline")?,
        })
    }
}

impl MemoryMap {
    fn from_yaml(yaml: &Spanned<Node>) -> Result<MemoryMap, YamlError> {
        let fields = yaml.fields("`memory`", &["bench", "command", "max", "timeout"])?;
        Ok(MemoryMap {
            bench: fields.string("bench")?,
            command: fields
                .get("command")
                .map(|v| read(v, |v| CommandLine::from_yaml(v, "`command`")))
                .transpose()?,
            max: fields.required("max")?.string("`max`")?,
            timeout: fields.string("timeout")?,
        })
    }
}

impl CommandLine {
    fn from_yaml(yaml: &Spanned<Node>, what: &str) -> Result<CommandLine, YamlError> {
        match &yaml.value {
            Node::Scalar(line) => Ok(CommandLine::Line(line.clone())),
            Node::List(_) => {
                let argv = yaml.strings(what)?;
                Ok(CommandLine::Argv(
                    argv.into_iter().map(|a| a.value).collect(),
                ))
            }
            other => Err(YamlError {
                location: yaml.location,
                message: format!(
                    "{what} must be a command line or a list of arguments, not {}",
                    match other {
                        Node::Map(_) => "a map",
                        _ => "nothing",
                    }
                ),
            }),
        }
    }
}
