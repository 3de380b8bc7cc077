//! How fast `.feature` files parse and compile, and that the time is linear.
//!
//! Generates one feature of 1,000 and one of 10,000 scenarios (a Background, plain
//! scenarios, outlines with Examples, data tables, doc strings, tags, comments) and
//! parses + compiles each several times, printing the median times and pickles per
//! second. The 10,000-scenario file should take about ten times the 1,000 one (a
//! little more in release, where memory dominates) and, in release, under 50 ms.
//! Run with
//! `cargo bench -p cargo-aspect --bench gherkin_parse`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// A feature with `scenarios` scenarios: one in five an outline with three rows.
fn feature(scenarios: usize) -> String {
    let mut s = String::with_capacity(scenarios * 300);
    s.push_str("@bench\nFeature: Generated shop\n  A generated feature to time the parser.\n\n");
    s.push_str("  Background:\n    Given a shop\n    And a customer with 100 gold\n\n");
    for i in 0..scenarios {
        let _ = match i % 5 {
            0 => write!(
                s,
                "  @outline @n{i}\n  Scenario Outline: buying <count> items, number {i}\n    Given the price is <price>\n    When I buy <count> items\n    Then I have <left> gold\n\n  Examples:\n    | count | price | left |\n    | 1     | 10    | 90   |\n    | 2     | 10    | 80   |\n    | 3     | 10    | 70   |\n\n"
            ),
            1 => write!(
                s,
                "  Scenario: a table, number {i}\n    Given these items:\n      | name  | price |\n      | sword | 10    |\n      | bow   | 20    |\n    When I buy the sword\n    Then I have 90 gold\n\n"
            ),
            2 => write!(
                s,
                "  # a comment\n  Scenario: a doc string, number {i}\n    Given the receipt template\n      \"\"\"text\n      Bought: {{item}}\n        Price: {{price}}\n      \"\"\"\n    When I buy the bow\n    Then the receipt reads \"bow\"\n\n"
            ),
            _ => write!(
                s,
                "  @plain\n  Scenario: plain, number {i}\n    Given a sword costs 10 gold\n    When I buy a sword\n    Then I have 90 gold\n    But I have no bow\n\n"
            ),
        };
    }
    s
}

/// Median times of one run.
struct Timing {
    parse: Duration,
    compile: Duration,
    total: Duration,
    pickles: usize,
}

/// Parse and compile `source` `runs` times (dropping the results, as a real run
/// does): the median parse, compile and total times, and the pickle count.
fn time(source: &str, runs: usize) -> Timing {
    let path = Path::new("bench.feature");
    let (mut parse, mut compile, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let mut pickles = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let file = match aspect::__private::spec::parse(black_box(source), path) {
            Ok(file) => file,
            Err(e) => panic!("the generated feature does not parse:\n{e}"),
        };
        let parsed = start.elapsed();
        pickles = black_box(aspect::__private::spec::compile(&file)).len();
        let compiled = start.elapsed();
        drop(black_box(file));
        parse.push(parsed);
        compile.push(compiled - parsed);
        total.push(start.elapsed());
    }
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    Timing {
        parse: median(parse),
        compile: median(compile),
        total: median(total),
        pickles,
    }
}

fn main() {
    // `cargo test --benches` runs this without `--bench`: once, quickly, then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let runs = if quick { 1 } else { 21 };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut totals = Vec::new();
    for scenarios in [1_000, 10_000] {
        let source = feature(scenarios);
        let t = time(&source, runs);
        let per_second = t.pickles as f64 / t.total.as_secs_f64().max(1e-9);
        println!(
            "gherkin_parse: {scenarios:>6} scenarios ({:>4} KiB, {:>6} pickles): median {:>6.2} ms \
             (parse {:.2} ms, compile {:.2} ms), {per_second:>8.0} pickles/s",
            source.len() / 1024,
            t.pickles,
            ms(t.total),
            ms(t.parse),
            ms(t.compile),
        );
        totals.push(ms(t.total));
    }
    if let [small, large] = totals[..] {
        println!(
            "gherkin_parse: 10x the scenarios took {:.1}x the time (10x is linear; the excess \
             in release is memory: the larger tree outgrows the CPU caches and the allocator \
             takes fresh pages, while the work per line is constant)",
            large / small.max(1e-9)
        );
    }
}
