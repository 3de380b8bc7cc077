//! How a timed routine is sampled, and the statistics of its samples. It knows
//! nothing of bench functions or verdicts: [`super::bencher`] hands it a routine
//! to run `n` times.
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

use std::time::{Duration, Instant};

use super::units::format_duration;

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
pub(crate) const MAX_ITERATIONS: u64 = 1 << 24;

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

    pub(crate) fn summary(&self, budget: Duration) -> String {
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
pub(crate) fn nanos(ns: f64) -> String {
    if ns < 1.0 {
        format!("{ns:.2} ns")
    } else {
        format_duration(Duration::from_nanos(ns.round() as u64))
    }
}

/// Warm up, choose the iterations per sample, take the samples (module docs).
/// `run(n)` runs `n` iterations and returns the time spent in the routine.
pub(crate) fn sample(config: &Config, run: &mut dyn FnMut(u64) -> Duration) -> Stats {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
