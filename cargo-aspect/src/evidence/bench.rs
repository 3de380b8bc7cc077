//! `bench` evidence: a function registered with `#[aspect::bench]` is fast enough.
//!
//! An aspect such as `evidence: {bench: buy_generator, max: 5us}` promises that one
//! iteration of the routine `buy_generator` hands to [`Bencher::iter`] takes at most
//! 5 µs. The promise is about the shipped program, so it is judged only in an
//! optimized build (`cargo test --release`) or when libtest's `--bench` is given.
//! In a debug build its trial is listed as ignored (see [`Evidence::not_judged`]),
//! never a pass on a meaningless figure; run anyway (`--include-ignored`), the
//! function runs once as a smoke test (a panic still fails) and the verdict is
//! [`Verdict::NotJudged`].
//!
//! # Method
//!
//! 1. **Warm-up**: the routine runs in batches of 1, 2, 4, ... iterations for about
//!    100 ms; the last batch estimates the time of one iteration.
//! 2. **Iterations per sample**: enough for a sample to take about 1 ms (rounded up
//!    to a power of two, at most 2²⁴), so timer resolution and overhead do not
//!    matter; fewer when untimed setup is slow, so sampling stays within budget.
//! 3. **Samples**: up to 100, and at least 10, stopping after about 1.5 s.
//! 4. **Figures**: each sample gives a time per iteration; the verdict is judged on
//!    their median, reported with the 10th and 90th percentiles (linear
//!    interpolation between order statistics). The median ignores the occasional
//!    sample slowed by the scheduler, which the mean would not.

use std::hint::black_box;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use super::memory::{self, NotInstalled};
use super::units::format_duration;
use super::{Context, Evidence, Measurement, Unit, Verdict};

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
/// for bench in aspect::__private::evidence::bench::registered_benches() {
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

/// How long each phase of a measurement takes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Config {
    pub(crate) warm_up: Duration,
    pub(crate) sample_target: Duration,
    pub(crate) min_samples: usize,
    pub(crate) max_samples: usize,
    pub(crate) budget: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            warm_up: Duration::from_millis(100),
            sample_target: Duration::from_millis(1),
            min_samples: 10,
            max_samples: 100,
            budget: Duration::from_millis(1500),
        }
    }
}

/// The most iterations one sample (or one warm-up batch) runs.
const MAX_ITERATIONS: u64 = 1 << 24;

/// Inputs of `iter_batched` set up ahead of one timed stretch: enough to make the
/// two clock reads negligible, few enough to keep large inputs affordable.
const BATCH: u64 = 64;

/// The figures of a timed routine, in nanoseconds per iteration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Stats {
    pub(crate) median: f64,
    pub(crate) p10: f64,
    pub(crate) p90: f64,
    pub(crate) samples: u64,
    pub(crate) iterations: u64,
}

impl Stats {
    /// The figures of `per_iteration` (ns per iteration, one per sample); NaN when empty.
    pub(crate) fn from_samples(per_iteration: &mut [f64], iterations: u64) -> Stats {
        per_iteration.sort_by(f64::total_cmp);
        Stats {
            median: percentile(per_iteration, 0.5),
            p10: percentile(per_iteration, 0.1),
            p90: percentile(per_iteration, 0.9),
            samples: per_iteration.len() as u64,
            iterations,
        }
    }

    fn summary(&self, budget: Duration) -> String {
        let plural = if self.iterations == 1 { "" } else { "s" };
        format!(
            "median {} (p10 {}, p90 {}), {} samples × {} iteration{plural}; budget {}",
            nanos(self.median),
            nanos(self.p10),
            nanos(self.p90),
            self.samples,
            self.iterations,
            format_duration(budget)
        )
    }
}

/// The `p` quantile (0..=1) of sorted, non-empty data, interpolating linearly
/// between the two nearest order statistics.
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let rank = p.clamp(0.0, 1.0) * last as f64;
    let below = rank.floor() as usize;
    let above = rank.ceil() as usize;
    sorted[below] + (sorted[above] - sorted[below]) * (rank - below as f64)
}

/// Nanoseconds as people read them; below 1 ns with two decimals rather than `0 ns`.
fn nanos(ns: f64) -> String {
    if ns < 1.0 {
        format!("{ns:.2} ns")
    } else {
        format_duration(Duration::from_nanos(ns.round() as u64))
    }
}

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
                Outcome::Peak(memory::measure_peak(|| black_box(routine())).map(|(_, peak)| peak))
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
                let peak = memory::measure_peak(move || black_box(routine(input)));
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

/// Warm up, choose the iterations per sample, take the samples (module docs).
/// `run(n)` runs `n` iterations and returns the time spent in the routine.
fn sample(config: &Config, run: &mut dyn FnMut(u64) -> Duration) -> Stats {
    let start = Instant::now();
    let mut batch = 1u64;
    let mut total = 0u64;
    let last = loop {
        let timed = run(batch);
        total += batch;
        if start.elapsed() >= config.warm_up {
            break timed;
        }
        batch = (batch * 2).min(MAX_ITERATIONS);
    };
    // The last batch ran warmest: it estimates the time of one iteration.
    let timed_per_iteration = last.as_secs_f64() / batch as f64;
    let wall_per_iteration = start.elapsed().as_secs_f64() / total as f64;
    let iterations = iterations_per_sample(config, timed_per_iteration, wall_per_iteration);

    let mut per_iteration = Vec::with_capacity(config.max_samples);
    let start = Instant::now();
    while per_iteration.len() < config.max_samples
        && (per_iteration.len() < config.min_samples.max(1) || start.elapsed() < config.budget)
    {
        let timed = run(iterations);
        per_iteration.push(timed.as_nanos() as f64 / iterations as f64);
    }
    Stats::from_samples(&mut per_iteration, iterations)
}

/// Enough iterations for a sample to take `sample_target` of routine time, as a
/// power of two, but few enough that `min_samples` samples fit in the budget of
/// wall time (which includes untimed setup).
pub(crate) fn iterations_per_sample(config: &Config, timed: f64, wall: f64) -> u64 {
    let max = MAX_ITERATIONS as f64;
    let wanted = if timed > 0.0 {
        (config.sample_target.as_secs_f64() / timed).ceil()
    } else {
        max
    };
    let wanted = (wanted.clamp(1.0, max) as u64)
        .next_power_of_two()
        .min(MAX_ITERATIONS);
    let per_sample = config.budget.as_secs_f64() / config.min_samples.max(1) as f64;
    let affordable = if wall > 0.0 {
        (per_sample / wall).floor().clamp(1.0, max) as u64
    } else {
        MAX_ITERATIONS
    };
    wanted.min(affordable)
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

/// `bench` evidence: the median time of one iteration of a registered function's
/// routine is at most `max`.
///
/// ```
/// use std::time::Duration;
/// use aspect::__private::evidence::bench::BenchEvidence;
/// use aspect::__private::evidence::Evidence;
///
/// let evidence = BenchEvidence::new("buy_generator".into(), Duration::from_micros(5));
/// assert_eq!(evidence.describe(), "bench buy_generator ≤ 5.00 µs");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenchEvidence {
    function: String,
    max: Duration,
}

impl BenchEvidence {
    /// Evidence that the bench registered as `function` takes at most `max` per iteration.
    pub fn new(function: String, max: Duration) -> BenchEvidence {
        BenchEvidence { function, max }
    }

    /// The registered name of the bench function.
    pub fn function(&self) -> &str {
        &self.function
    }

    /// The budget for the median.
    pub fn max(&self) -> Duration {
        self.max
    }

    /// What judges it, for the reasons a debug build gives.
    fn how_to_judge(&self) -> String {
        format!(
            "run `cargo test --release` (or `-- --bench`) to judge median against {}",
            format_duration(self.max)
        )
    }
}

impl Evidence for BenchEvidence {
    fn kind(&self) -> &'static str {
        "bench"
    }

    fn describe(&self) -> String {
        format!("bench {} ≤ {}", self.function, format_duration(self.max))
    }

    fn validate(&self, _ctx: &Context<'_>) -> Result<(), String> {
        find_bench(&self.function).map(|_| ())
    }

    fn not_judged(&self, ctx: &Context<'_>) -> Option<String> {
        (!ctx.optimized && !ctx.bench_mode)
            .then(|| format!("not judged in a debug build: {}", self.how_to_judge()))
    }

    fn judge(&self, ctx: &Context<'_>) -> Verdict {
        let def = match find_bench(&self.function) {
            Ok(def) => def,
            Err(message) => return Verdict::Fails { message },
        };
        let mode = if ctx.optimized || ctx.bench_mode {
            Mode::Measure
        } else {
            Mode::Smoke
        };
        // Trials run in parallel; two benchmarks measuring at once would each
        // time the other's load. One at a time (smoke runs need no lock).
        static MEASURING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _guard =
            (mode == Mode::Measure).then(|| MEASURING.lock().unwrap_or_else(|e| e.into_inner()));
        match run_bench(def, mode, Config::default()) {
            Err(message) => Verdict::Fails { message },
            Ok(Outcome::Sampled(stats)) => Verdict::Measured {
                measurement: Measurement {
                    unit: Unit::Nanoseconds,
                    value: stats.median,
                    budget: self.max.as_nanos() as f64,
                    spread: stats.p90 - stats.p10,
                    samples: stats.samples,
                },
                summary: stats.summary(self.max),
            },
            Ok(_) => Verdict::NotJudged {
                reason: format!(
                    "not judged in a debug build: ran once as a smoke test; {}",
                    self.how_to_judge()
                ),
            },
        }
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
    fn percentiles_interpolate_between_order_statistics() {
        let mut data: Vec<f64> = (1..=11).rev().map(f64::from).collect();
        let stats = Stats::from_samples(&mut data, 4);
        assert_eq!((stats.median, stats.p10, stats.p90), (6.0, 2.0, 10.0));
        assert_eq!(stats.samples, 11);
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&sorted, 0.5), 2.5);
        assert!((percentile(&sorted, 0.1) - 1.3).abs() < 1e-9);
        assert!((percentile(&sorted, 0.9) - 3.7).abs() < 1e-9);
        assert_eq!(percentile(&[7.0], 0.9), 7.0);
        assert!(Stats::from_samples(&mut [], 1).median.is_nan());
    }

    #[test]
    fn the_summary_names_every_figure() {
        let stats = Stats {
            median: 1234.0,
            p10: 1200.0,
            p90: 1310.0,
            samples: 87,
            iterations: 1024,
        };
        assert_eq!(
            stats.summary(Duration::from_micros(5)),
            "median 1.23 µs (p10 1.20 µs, p90 1.31 µs), 87 samples × 1024 iterations; \
             budget 5.00 µs"
        );
        assert_eq!(nanos(0.25), "0.25 ns");
    }

    #[test]
    fn iterations_fill_a_sample_within_the_budget() {
        let config = Config::default();
        // 10 ns per iteration: 1 ms needs 100,000, rounded up to 2^17.
        assert_eq!(iterations_per_sample(&config, 10e-9, 10e-9), 1 << 17);
        // Slower than a sample: one iteration.
        assert_eq!(iterations_per_sample(&config, 2e-3, 2e-3), 1);
        // Optimized away: capped.
        assert_eq!(iterations_per_sample(&config, 0.0, 0.0), MAX_ITERATIONS);
        // 1 µs routine behind 5 ms of setup: 1.5 s / 10 samples / 5 ms = 30.
        assert_eq!(iterations_per_sample(&config, 1e-6, 5e-3), 30);
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
