//! `bench` evidence: a function registered with `#[aspect::bench]` is fast enough.
//!
//! An aspect such as `evidence: {bench: buy_generator, max: 5us}` promises that one
//! iteration of the routine `buy_generator` hands to [`Bencher::iter`](super::bencher::Bencher::iter) takes at most
//! 5 µs. The promise is about the shipped program, so it is judged only in an
//! optimized build (`cargo test --release`) or when libtest's `--bench` is given.
//! In a debug build its trial is listed as ignored (see [`Evidence::not_judged`]),
//! never a pass on a meaningless figure; run anyway (`--include-ignored`), the
//! function runs once as a smoke test (a panic still fails) and the verdict is
//! [`Verdict::NotJudged`].
//!
//!
//! How the routine is timed (warm-up, samples, median) is `sampling`'s.

use std::time::Duration;

use super::bencher::{find_bench, run_bench, Mode, Outcome};
use super::sampling::Config;
use super::units::format_duration;
use super::{Context, Evidence, Measurement, Unit, Verdict};

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
