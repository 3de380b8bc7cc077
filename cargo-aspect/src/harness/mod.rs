//! Pickles and aspects → libtest-mimic trials: the only module that knows libtest.
//!
//! Every pickle becomes one `Trial` named `spec::<feature>::<scenario>` (outline
//! rows add ` #<row>`), so libtest's CLI works as users expect: name filters,
//! `--exact`, `--skip`, `--list --format terse`, `--ignored`, `--test-threads`.
//! nextest runs each trial in its own process as `<name> --exact`; with `--exact`
//! only the feature file the name points at is parsed, so a big suite stays O(N).
//!
//! `--tags EXPR` (or `ASPECT_TAGS`) is taken out of the arguments before libtest
//! sees them; it keeps only the scenarios whose tags match.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};

mod aspects;

use aspects::{aspect_trials, AspectRun};

use crate::config::Config;
use crate::scenario::run_pickle;
use crate::spec::{self, Pickle};
use crate::step::Matcher;
use crate::TagExpr;

/// Environment variable read for a tag expression when `--tags` is not given.
pub const TAGS_ENV: &str = "ASPECT_TAGS";

/// Exit code when every trial passed.
pub const EXIT_OK: u8 = 0;
/// Exit code when some trial failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit code when the harness could not judge (bad config, a spec that does not parse).
pub const EXIT_CANNOT_JUDGE: u8 = 2;

/// The test harness of one package: finds its specs and runs them as trials.
///
/// Usually built by [`crate::main!`]; use it directly to construct the World
/// with a function or to pass arguments in a test.
///
/// ```no_run
/// #[derive(Default)]
/// struct World { gold: u64 }
///
/// fn main() -> std::process::ExitCode {
///     aspect::Harness::new(env!("CARGO_MANIFEST_DIR")).run_with(|| World { gold: 10 })
/// }
/// ```
#[derive(Debug)]
pub struct Harness {
    package_root: PathBuf,
    args: Option<Vec<OsString>>,
}

impl Harness {
    /// A harness for the package whose manifest is in `package_root`.
    pub fn new(package_root: impl Into<PathBuf>) -> Self {
        Harness {
            package_root: package_root.into(),
            args: None,
        }
    }

    /// Use these arguments (without the program name) instead of the process's.
    #[must_use]
    pub fn with_args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args = Some(args.into_iter().map(Into::into).collect());
        self
    }

    /// Run with a `Default` World.
    #[must_use = "return the exit code from main so failures fail the test run"]
    pub fn run<W: Default + 'static>(self) -> ExitCode {
        self.run_with(W::default)
    }

    /// Run, making each scenario's World with `new_world`.
    #[must_use = "return the exit code from main so failures fail the test run"]
    pub fn run_with<W: 'static>(
        self,
        new_world: impl Fn() -> W + Send + Sync + 'static,
    ) -> ExitCode {
        match self.trials(new_world) {
            Ok((args, trials)) => {
                let conclusion = libtest_mimic::run(&args, trials);
                ExitCode::from(if conclusion.has_failed() {
                    EXIT_FAILED
                } else {
                    EXIT_OK
                })
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(EXIT_CANNOT_JUDGE)
            }
        }
    }

    fn trials<W: 'static>(
        self,
        new_world: impl Fn() -> W + Send + Sync + 'static,
    ) -> Result<(Arguments, Vec<Trial>), String> {
        let raw = self
            .args
            .unwrap_or_else(|| std::env::args_os().skip(1).collect());
        let (tags, rest) = take_tags(raw)?;
        let args = Arguments::from_iter(std::iter::once(OsString::from("aspect")).chain(rest));
        let config = Config::load(&self.package_root).map_err(|e| e.to_string())?;

        let exact = exact_target(&args);
        let files = match &exact {
            Exact::Aspect(_) => Vec::new(),
            _ => feature_ids(&config, &config.spec_files()),
        };
        let world_name = short_type_name::<W>();
        let new_world = Arc::new(new_world);
        let matcher = if args.list {
            None
        } else {
            let m = Matcher::for_world(std::any::TypeId::of::<W>()).map_err(|e| e.to_string())?;
            Some(Arc::new(m))
        };

        let mut trials = Vec::new();
        let mut names = HashSet::new();
        for (path, id) in files {
            if matches!(&exact, Exact::Feature(wanted) if *wanted != id) {
                continue;
            }
            let (_, pickles) = spec::load(&path).map_err(|e| {
                let mut e = e;
                e.path = config.display_path(&e.path).to_owned();
                e.to_string()
            })?;
            let shown = Arc::new(config.display_path(&path).to_owned());
            for pickle in pickles {
                if tags.as_ref().is_some_and(|t| !t.matches(&pickle.tags)) {
                    continue;
                }
                let name = unique_name(&mut names, &id, &pickle);
                let ignored = pickle.tags.iter().any(|t| t == "@ignore");
                let pickle = Arc::new(pickle);
                let trial = match &matcher {
                    None => Trial::test(name, || Ok(())),
                    Some(matcher) => {
                        let (matcher, new_world, shown) = (
                            Arc::clone(matcher),
                            Arc::clone(&new_world),
                            Arc::clone(&shown),
                        );
                        Trial::test(name, move || {
                            let mut world = new_world();
                            let outcome = run_pickle(&pickle, &matcher, &mut world, world_name);
                            if outcome.passed() {
                                Ok(())
                            } else {
                                Err(Failed::from(outcome.render(&pickle, &shown)))
                            }
                        })
                    }
                };
                trials.push(trial.with_ignored_flag(ignored));
            }
        }
        if !matches!(exact, Exact::Feature(_)) {
            let run = AspectRun {
                config: &config,
                tags: tags.as_ref(),
                exact: match &exact {
                    Exact::Aspect(name) => Some(name),
                    _ => None,
                },
                bench_mode: args.bench,
                list_only: args.list,
            };
            trials.extend(aspect_trials(&run)?);
        }
        Ok((args, trials))
    }
}

/// Split `--tags EXPR` / `--tags=EXPR` out of the arguments; fall back to [`TAGS_ENV`].
fn take_tags(raw: Vec<OsString>) -> Result<(Option<TagExpr>, Vec<OsString>), String> {
    let mut expr = None;
    let mut rest = Vec::with_capacity(raw.len());
    let mut iter = raw.into_iter();
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy();
        if text == "--tags" {
            let value = iter
                .next()
                .ok_or("`--tags` needs an expression, e.g. `--tags '@fast and not @slow'`")?;
            expr = Some(value.to_string_lossy().into_owned());
        } else if let Some(value) = text.strip_prefix("--tags=") {
            expr = Some(value.to_owned());
        } else {
            rest.push(arg);
        }
    }
    let expr = expr.or_else(|| {
        std::env::var(TAGS_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty())
    });
    let parsed = expr
        .map(|e| e.parse::<TagExpr>().map_err(|e| e.to_string()))
        .transpose()?;
    Ok((parsed, rest))
}

/// What an `--exact` name points at: only that is worth loading.
#[derive(Debug, PartialEq, Eq)]
enum Exact {
    /// Not an exact run (or a name that is neither a spec nor an aspect): load everything.
    Everything,
    /// `spec::<feature id>::…`: that feature file, no aspects.
    Feature(String),
    /// `aspect::<name>`: that aspect, no features.
    Aspect(String),
}

fn exact_target(args: &Arguments) -> Exact {
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

/// Each feature file with the id its trial names use: the file stem, or the path
/// relative to the package (without `.feature`) when two files share a stem.
fn feature_ids(config: &Config, files: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for file in files {
        *counts.entry(stem(file)).or_default() += 1;
    }
    files
        .iter()
        .map(|file| {
            let s = stem(file);
            let id = if counts[&s] > 1 {
                let relative = file.strip_prefix(&config.package_root).unwrap_or(file);
                relative
                    .with_extension("")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            } else {
                s
            };
            (file.clone(), id)
        })
        .collect()
}

/// `spec::<id>::<name>`, ` #<row>` for outline rows, ` (line N)` when a name repeats.
fn unique_name(seen: &mut HashSet<String>, id: &str, pickle: &Pickle) -> String {
    let mut name = format!("spec::{id}::{}", pickle.name.trim());
    if let Some(row) = &pickle.example {
        name.push_str(&format!(" #{}", row.index));
    }
    if !seen.insert(name.clone()) {
        let line = pickle
            .example
            .as_ref()
            .map_or(pickle.scenario_location.line, |e| e.location.line);
        name.push_str(&format!(" (line {line})"));
        seen.insert(name.clone());
    }
    name
}

fn short_type_name<W>() -> &'static str {
    let full = std::any::type_name::<W>();
    let base = full.split('<').next().unwrap_or(full);
    let start = base.rfind("::").map_or(0, |i| i + 2);
    &full[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_come_out_of_the_arguments() {
        let (tags, rest) =
            take_tags(vec!["--tags".into(), "@a and @b".into(), "--exact".into()]).unwrap();
        assert_eq!(tags.unwrap().to_string(), "(@a and @b)");
        assert_eq!(rest, vec![OsString::from("--exact")]);
        let (tags, rest) = take_tags(vec!["--tags=not @a".into()]).unwrap();
        assert_eq!(tags.unwrap().to_string(), "not @a");
        assert!(rest.is_empty());
        assert!(take_tags(vec!["--tags".into()]).is_err());
    }

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

    #[test]
    fn short_names_drop_the_module_path() {
        struct Local;
        assert_eq!(short_type_name::<Local>(), "Local");
        assert_eq!(short_type_name::<Vec<u8>>(), "Vec<u8>");
    }
}
