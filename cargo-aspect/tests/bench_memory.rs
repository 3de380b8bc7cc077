//! `bench` and `memory` evidence judged in a real binary: `#[aspect::bench]`
//! functions registered through `inventory`, and the counting allocator installed
//! as the global allocator, as `aspect::main!` does in a harness.
//!
//! Benches are judged with `optimized: true` by hand, so the timing path runs in
//! this debug test build too; the budgets are far from the figures so a loaded
//! machine does not make the tests flaky.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aspect::__private::evidence::alloc::{is_installed, measure_peak};
use aspect::__private::evidence::bench::BenchEvidence;
use aspect::__private::evidence::bencher::registered_benches;
use aspect::__private::evidence::memory::MemoryEvidence;
use aspect::__private::evidence::{Context, Evidence, Unit, Verdict};
use aspect::Bencher;

#[global_allocator]
static ALLOCATOR: aspect::CountingAllocator = aspect::CountingAllocator::new();

const MIB: u64 = 1 << 20;

#[aspect::bench]
fn fast(b: &mut Bencher) {
    let data: Vec<u64> = (0..64).collect();
    b.iter(|| data.iter().sum::<u64>());
}

#[aspect::bench]
fn slow(b: &mut Bencher) {
    b.iter(|| std::thread::sleep(Duration::from_millis(2)));
}

static COUNTED_RUNS: AtomicUsize = AtomicUsize::new(0);

#[aspect::bench(name = "counted")]
fn counted_runs(b: &mut Bencher) {
    b.iter(|| COUNTED_RUNS.fetch_add(1, Ordering::SeqCst));
}

#[aspect::bench]
fn hog(b: &mut Bencher) {
    b.iter(|| vec![1u8; 32 << 20]);
}

#[aspect::bench]
fn light(b: &mut Bencher) {
    b.iter(|| vec![1u8; 1024]);
}

/// 16 MiB made by the setup, which is not counted; the routine only reads it.
#[aspect::bench]
fn big_input(b: &mut Bencher) {
    b.iter_batched(|| vec![1u8; 16 << 20], |v| v.len());
}

#[aspect::bench]
fn panics(b: &mut Bencher) {
    b.iter(|| -> u32 { panic!("the generator exploded") });
}

fn ctx(optimized: bool) -> Context<'static> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Context {
        workspace_root: root,
        package_root: root,
        aspect: "performance",
        optimized,
        bench_mode: false,
        timeout: Some(Duration::from_secs(60)),
    }
}

fn measured(verdict: &Verdict) -> (f64, f64, &str) {
    match verdict {
        Verdict::Measured {
            measurement,
            summary,
        } => (measurement.value, measurement.budget, summary.as_str()),
        other => panic!("expected a measurement, got {other:?}"),
    }
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

#[test]
fn the_macro_registers_every_bench() {
    let mut names: Vec<&str> = registered_benches().map(|b| b.name).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "big_input",
            "counted",
            "fast",
            "hog",
            "light",
            "panics",
            "slow"
        ]
    );
    let hog = registered_benches().find(|b| b.name == "hog").unwrap();
    assert_eq!(hog.file, "cargo-aspect/tests/bench_memory.rs");
    assert!(hog.line > 0);
}

#[test]
fn unknown_benches_are_invalid_and_the_message_lists_what_exists() {
    let evidence = BenchEvidence::new("buy_generator".into(), Duration::from_micros(5));
    let err = evidence.validate(&ctx(true)).unwrap_err();
    assert!(
        err.starts_with("no #[aspect::bench] function named `buy_generator` is registered"),
        "{err}"
    );
    assert!(
        err.ends_with("registered: big_input, counted, fast, hog, light, panics, slow"),
        "{err}"
    );
    assert!(matches!(
        evidence.judge(&ctx(true)),
        Verdict::Fails { message } if message == err
    ));
    let memory = MemoryEvidence::function("load_world".into(), MIB);
    assert!(memory.validate(&ctx(true)).is_err());
    assert_eq!(
        BenchEvidence::new("fast".into(), Duration::from_micros(5)).validate(&ctx(true)),
        Ok(())
    );
}

#[test]
fn a_slow_bench_is_over_its_budget_with_its_median_reported() {
    let evidence = BenchEvidence::new("slow".into(), Duration::from_micros(100));
    let verdict = evidence.judge(&ctx(true));
    let (median, budget, summary) = measured(&verdict);
    eprintln!("slow: {summary}");
    assert!(!verdict.holds());
    assert_eq!(budget, 100_000.0);
    assert!(median >= 2e6, "{summary}");
    assert!(summary.starts_with("median "), "{summary}");
    assert!(summary.contains(" ms (p10 "), "{summary}");
    assert!(
        summary.contains("× 1 iteration; budget 100.00 µs"),
        "{summary}"
    );
}

#[test]
fn a_fast_bench_holds_a_generous_budget() {
    let evidence = BenchEvidence::new("fast".into(), Duration::from_millis(1));
    let verdict = evidence.judge(&ctx(true));
    let (median, _, summary) = measured(&verdict);
    eprintln!("fast: {summary}");
    assert!(verdict.holds(), "{summary}");
    assert!(median < 1e6, "{summary}");
    if let Verdict::Measured { measurement, .. } = &verdict {
        assert_eq!(measurement.unit, Unit::Nanoseconds);
        assert!(measurement.samples >= 10, "{summary}");
        assert!(measurement.spread >= 0.0);
    }
}

#[test]
fn in_a_debug_build_a_bench_runs_once_and_is_not_judged() {
    let evidence = BenchEvidence::new("counted".into(), Duration::from_micros(5));
    let verdict = evidence.judge(&ctx(false));
    assert_eq!(COUNTED_RUNS.load(Ordering::SeqCst), 1);
    match verdict {
        Verdict::NotJudged { reason } => assert_eq!(
            reason,
            "not judged in a debug build: ran once as a smoke test; run `cargo test --release` \
             (or `-- --bench`) to judge median against 5.00 µs"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_panicking_bench_fails_in_every_build() {
    for optimized in [false, true] {
        let evidence = BenchEvidence::new("panics".into(), Duration::from_secs(1));
        match evidence.judge(&ctx(optimized)) {
            Verdict::Fails { message } => {
                assert!(message.starts_with("bench `panics` (cargo-aspect/tests/bench_memory.rs:"));
                assert!(
                    message.ends_with("panicked: the generator exploded"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
    let memory = MemoryEvidence::function("panics".into(), MIB);
    assert!(matches!(memory.judge(&ctx(false)), Verdict::Fails { .. }));
}

#[test]
fn measure_peak_sees_what_is_allocated_and_nests() {
    assert!(is_installed());
    let ((inner, kept), outer) = measure_peak(|| {
        let kept = vec![0u8; 10 << 20];
        let ((), inner) = measure_peak(|| drop(vec![0u8; 1 << 20])).unwrap();
        (inner, kept.len())
    })
    .unwrap();
    assert_eq!(kept, 10 << 20);
    assert!((MIB..2 * MIB).contains(&inner), "{inner}");
    // The inner measurement did not hide the outer peak.
    assert!((10 * MIB..12 * MIB).contains(&outer), "{outer}");
}

#[test]
fn a_memory_hog_is_over_its_budget_with_its_peak_reported() {
    let evidence = MemoryEvidence::function("hog".into(), 8 * MIB);
    assert_eq!(evidence.validate(&ctx(false)), Ok(()));
    let verdict = evidence.judge(&ctx(false));
    let (peak, budget, summary) = measured(&verdict);
    eprintln!("hog: {summary}");
    assert!(!verdict.holds());
    assert!(peak >= (32 * MIB) as f64, "{summary}");
    assert_eq!(budget, (8 * MIB) as f64);
    assert_eq!(summary, "peak 32.0 MiB allocated; budget 8.0 MiB");
}

#[test]
fn a_light_function_holds_and_batched_setup_is_not_counted() {
    let light = MemoryEvidence::function("light".into(), MIB);
    let verdict = light.judge(&ctx(false));
    let (peak, _, summary) = measured(&verdict);
    eprintln!("light: {summary}");
    assert!(verdict.holds(), "{summary}");
    assert!(peak >= 1024.0, "{summary}");
    let big_input = MemoryEvidence::function("big_input".into(), MIB);
    let verdict = big_input.judge(&ctx(true));
    let (_, _, summary) = measured(&verdict);
    eprintln!("big_input: {summary}");
    assert!(verdict.holds(), "{summary}");
}

#[test]
fn a_command_over_its_budget_reports_its_peak_rss() {
    // 200 MiB: well above what this test binary itself uses, so the figure is the
    // command's own (see `memory` module docs).
    let script = "x = b'a' * (200 * 1024 * 1024); print(len(x))";
    let evidence = MemoryEvidence::command(strings(&["python3", "-c", script]), 20 * MIB, None);
    assert_eq!(evidence.validate(&ctx(false)), Ok(()));
    let verdict = evidence.judge(&ctx(false));
    let (peak, _, summary) = measured(&verdict);
    eprintln!("python3: {summary}");
    assert!(!verdict.holds());
    assert!(peak >= (200 * MIB) as f64, "{summary}");
    assert!(summary.starts_with("peak RSS 2"), "{summary}");
    assert!(summary.ends_with("MiB; budget 20.0 MiB"), "{summary}");
}

#[test]
fn a_small_command_holds_and_a_failing_one_fails_with_its_output() {
    // A child's peak RSS counts this binary's memory too, so the budget is above it.
    let small = MemoryEvidence::command(strings(&["sh", "-c", "echo hi"]), 512 * MIB, None);
    let verdict = small.judge(&ctx(false));
    let (_, _, summary) = measured(&verdict);
    eprintln!("sh: {summary}");
    assert!(verdict.holds(), "{summary}");
    let failing = MemoryEvidence::command(
        strings(&["sh", "-c", "echo out of memory; exit 3"]),
        512 * MIB,
        None,
    );
    match failing.judge(&ctx(false)) {
        Verdict::Fails { message } => assert_eq!(
            message,
            "`sh -c 'echo out of memory; exit 3'` failed: exit status 3\nout of memory"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_figure_that_may_be_the_harness_own_is_not_blamed_on_the_command() {
    // Raise this process's peak RSS well above the budget, then run a tiny command:
    // Linux reports (at least) this process's memory as the child's peak.
    drop(std::hint::black_box(vec![1u8; 64 << 20]));
    let tiny = MemoryEvidence::command(strings(&["sh", "-c", "true"]), MIB, None);
    match tiny.judge(&ctx(false)) {
        Verdict::Fails { message } => {
            eprintln!("tiny: {message}");
            assert!(
                message.starts_with("`sh -c true` reported a peak RSS of "),
                "{message}"
            );
            assert!(
                message.contains("own peak cannot be told apart"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}
