//! The `#[aspect::bench]` machinery that `bench` and `memory` evidence share:
//! the registry of bench functions ([`BenchDef`]), the [`Bencher`] they are
//! handed, and running one in a `Mode`. It judges nothing: verdicts are the
//! evidence modules'.
//!
//! How a routine is timed (warm-up, samples, median) is `sampling`'s.

use std::hint::black_box;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use super::alloc::{self, NotInstalled};
use super::sampling::{sample, Config, Stats};

/// One function registered with `#[aspect::bench]`. Built by the macro; not meant
/// to be written by hand.
#[derive(Debug)]
pub struct BenchDef {
    /// The name aspects refer to it by: the function's name, or `name = "..."`.
    pub name: &'static str,
    /// The function.
    pub func: fn(&mut Bencher),
    /// Source file of the definition (as `file!()` gives it).
    pub file: &'static str,
    /// Line of the definition.
    pub line: u32,
    /// Column of the definition.
    pub column: u32,
}

inventory::collect!(BenchDef);

impl BenchDef {
    /// `file:line` of the definition.
    pub fn source_location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// Every `#[aspect::bench]` function linked into this binary.
///
/// ```
/// for bench in aspect::__private::evidence::bencher::registered_benches() {
///     println!("{} at {}", bench.name, bench.source_location());
/// }
/// ```
pub fn registered_benches() -> impl Iterator<Item = &'static BenchDef> {
    inventory::iter::<BenchDef>.into_iter()
}

/// The one bench registered as `name`, or a message saying what is registered instead.
pub(crate) fn find_bench(name: &str) -> Result<&'static BenchDef, String> {
    let found: Vec<&'static BenchDef> = registered_benches().filter(|b| b.name == name).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let mut names: Vec<&str> = registered_benches().map(|b| b.name).collect();
            names.sort_unstable();
            names.dedup();
            let registered = if names.is_empty() {
                "none (one defined in another crate is linked only if the harness uses that \
                 crate: `use my_benches as _;` is enough)"
                    .to_owned()
            } else {
                names.join(", ")
            };
            Err(format!(
                "no #[aspect::bench] function named `{name}` is registered in this harness; \
                 registered: {registered}"
            ))
        }
        many => {
            let places: Vec<String> = many.iter().map(|b| b.source_location()).collect();
            Err(format!(
                "{} #[aspect::bench] functions are registered as `{name}` ({}); give all but one \
                 another name with #[aspect::bench(name = \"...\")]",
                many.len(),
                places.join(", ")
            ))
        }
    }
}

/// What a [`Bencher`] does with the routine it is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Run it once (a debug build).
    Smoke,
    /// Time it (see the module docs).
    Measure,
    /// Run it once, measuring the peak bytes it allocates on this thread.
    Memory,
}

/// Inputs of `iter_batched` set up ahead of one timed stretch: enough to make the
/// two clock reads negligible, few enough to keep large inputs affordable.
const BATCH: u64 = 64;

/// What a bench function's single `iter` call produced.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Ran once (smoke mode).
    Ran,
    /// Timed.
    Sampled(Stats),
    /// The peak bytes allocated by one run of the routine.
    Peak(Result<u64, NotInstalled>),
}

/// Runs and measures the routine of an `#[aspect::bench]` function.
///
/// The function receives `&mut Bencher` and calls exactly one of [`Bencher::iter`]
/// or [`Bencher::iter_batched`], once; whatever it does before that (building a
/// world, loading a file) is neither timed nor counted.
///
/// ```
/// use aspect::Bencher;
///
/// fn price(level: u64) -> u64 {
///     (0..level).fold(10, |p, _| p * 115 / 100)
/// }
///
/// #[aspect::bench]
/// fn buy_generator(b: &mut Bencher) {
///     let level = std::hint::black_box(40);
///     b.iter(|| price(level));
/// }
///
/// #[aspect::bench(name = "sort_scores")]
/// fn sorting(b: &mut Bencher) {
///     // The vector is built outside the timed routine, afresh for each iteration.
///     b.iter_batched(|| (0..1_000u32).rev().collect::<Vec<_>>(), |mut v| {
///         v.sort();
///         v
///     });
/// }
/// # fn main() {}
/// ```
///
/// An aspect then refers to it by name: `evidence: {bench: buy_generator, max: 5us}`.
#[derive(Debug)]
pub struct Bencher {
    mode: Mode,
    config: Config,
    calls: u32,
    outcome: Option<Outcome>,
}

impl Bencher {
    pub(crate) fn new(mode: Mode, config: Config) -> Bencher {
        Bencher {
            mode,
            config,
            calls: 0,
            outcome: None,
        }
    }

    /// Measure `routine`: the time of one call (judged builds), or the bytes it
    /// allocates (memory evidence). Its result goes through
    /// [`black_box`](std::hint::black_box), so the compiler cannot skip the work.
    pub fn iter<O, R>(&mut self, mut routine: R)
    where
        R: FnMut() -> O,
    {
        if !self.first_call() {
            return;
        }
        let outcome = match self.mode {
            Mode::Smoke => {
                black_box(routine());
                Outcome::Ran
            }
            Mode::Memory => {
                Outcome::Peak(alloc::measure_peak(|| black_box(routine())).map(|(_, peak)| peak))
            }
            Mode::Measure => {
                let stats = sample(&self.config, &mut |n| {
                    let start = Instant::now();
                    for _ in 0..n {
                        black_box(routine());
                    }
                    start.elapsed()
                });
                Outcome::Sampled(stats)
            }
        };
        self.outcome = Some(outcome);
    }

    /// Measure `routine` on inputs made by `setup`, one fresh input per call; the
    /// setup is neither timed nor counted as allocated, and neither is dropping
    /// what the routine returns.
    pub fn iter_batched<I, O, S, R>(&mut self, mut setup: S, mut routine: R)
    where
        S: FnMut() -> I,
        R: FnMut(I) -> O,
    {
        if !self.first_call() {
            return;
        }
        let outcome = match self.mode {
            Mode::Smoke => {
                black_box(routine(black_box(setup())));
                Outcome::Ran
            }
            Mode::Memory => {
                let input = black_box(setup());
                let peak = alloc::measure_peak(move || black_box(routine(input)));
                Outcome::Peak(peak.map(|(_, peak)| peak))
            }
            Mode::Measure => {
                let stats = sample(&self.config, &mut |n| {
                    let mut timed = Duration::ZERO;
                    let mut left = n;
                    while left > 0 {
                        let batch = left.min(BATCH);
                        let inputs: Vec<I> = (0..batch).map(|_| black_box(setup())).collect();
                        let mut outputs = Vec::with_capacity(inputs.len());
                        let start = Instant::now();
                        for input in inputs {
                            outputs.push(black_box(routine(input)));
                        }
                        timed += start.elapsed();
                        drop(outputs);
                        left -= batch;
                    }
                    timed
                });
                Outcome::Sampled(stats)
            }
        };
        self.outcome = Some(outcome);
    }

    /// Count a call; only the first one measures anything.
    fn first_call(&mut self) -> bool {
        self.calls = self.calls.saturating_add(1);
        self.calls == 1
    }
}

/// Run a registered bench function in `mode`; a panic, or not calling `iter`
/// exactly once, is a message.
pub(crate) fn run_bench(def: &BenchDef, mode: Mode, config: Config) -> Result<Outcome, String> {
    let mut bencher = Bencher::new(mode, config);
    let result = panic::catch_unwind(AssertUnwindSafe(|| (def.func)(&mut bencher)));
    if let Err(payload) = result {
        return Err(format!(
            "bench `{}` ({}) panicked: {}",
            def.name,
            def.source_location(),
            panic_message(payload.as_ref())
        ));
    }
    match (bencher.calls, bencher.outcome) {
        (1, Some(outcome)) => Ok(outcome),
        (0, _) | (_, None) => Err(format!(
            "bench `{}` ({}) never called `b.iter(...)` or `b.iter_batched(...)`: there is \
             nothing to measure",
            def.name,
            def.source_location()
        )),
        (calls, _) => Err(format!(
            "bench `{}` ({}) called `b.iter`/`b.iter_batched` {calls} times; a bench function \
             measures exactly one routine: register one function per routine",
            def.name,
            def.source_location()
        )),
    }
}

/// The message of a panic payload (`panic!("...")` gives a `&str` or a `String`).
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "(a panic payload that is not a string)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn quick() -> Config {
        Config {
            warm_up: Duration::from_millis(20),
            sample_target: Duration::from_millis(1),
            min_samples: 5,
            max_samples: 20,
            budget: Duration::from_millis(200),
        }
    }

    #[test]
    fn smoke_mode_runs_the_routine_once() {
        let runs = Cell::new(0);
        let mut b = Bencher::new(Mode::Smoke, quick());
        b.iter(|| runs.set(runs.get() + 1));
        assert_eq!(runs.get(), 1);
        assert!(matches!(b.outcome, Some(Outcome::Ran)));
        let (setups, runs) = (Cell::new(0), Cell::new(0));
        let mut b = Bencher::new(Mode::Smoke, quick());
        b.iter_batched(
            || setups.set(setups.get() + 1),
            |()| runs.set(runs.get() + 1),
        );
        assert_eq!((setups.get(), runs.get()), (1, 1));
    }

    fn sampled(b: Bencher) -> Stats {
        match b.outcome {
            Some(Outcome::Sampled(stats)) => stats,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn measuring_times_the_routine_but_not_the_setup() {
        let mut b = Bencher::new(Mode::Measure, quick());
        b.iter(|| std::thread::sleep(Duration::from_millis(2)));
        let stats = sampled(b);
        assert_eq!(stats.iterations, 1);
        assert!(stats.samples >= 5, "{stats:?}");
        assert!(stats.median >= 2e6 && stats.median < 50e6, "{stats:?}");
        assert!(stats.p10 <= stats.median && stats.median <= stats.p90);

        let start = Instant::now();
        let mut b = Bencher::new(Mode::Measure, quick());
        let setup = || std::thread::sleep(Duration::from_millis(5));
        b.iter_batched(setup, |()| black_box((0..100u64).sum::<u64>()));
        let stats = sampled(b);
        // The routine takes well under a microsecond; the 5 ms setup must not show,
        // and sampling stays near its budget despite it.
        assert!(stats.median < 1e6 && stats.samples >= 5, "{stats:?}");
        assert!(start.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn a_bench_must_call_iter_once_and_not_panic() {
        let run = |func: fn(&mut Bencher)| {
            let def = BenchDef {
                name: "b",
                func,
                file: "src/benches.rs",
                line: 3,
                column: 1,
            };
            run_bench(&def, Mode::Smoke, quick()).unwrap_err()
        };
        let twice = run(|b| {
            b.iter(|| 1);
            b.iter(|| 2);
        });
        assert!(
            twice.contains("called `b.iter`/`b.iter_batched` 2 times"),
            "{twice}"
        );
        assert!(run(|_| {}).contains("never called `b.iter(...)`"));
        let panics = run(|b| b.iter(|| panic!("out of gold")));
        assert_eq!(panics, "bench `b` (src/benches.rs:3) panicked: out of gold");
    }
}
