//! Unit tests of the comparison's pure parts: options, crate folders, escaping,
//! the async steps written from the sync ones, the table's rows.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::async_templates::{
    asyncify, ASPECT_ASYNC_HARNESS_RS, CUCUMBER_ASYNC_HARNESS_RS, PAUSE_RS, SLEEP_ENV,
};
use super::build::{BuildTime, Timed};
use super::cases::{Case, Expect, Pair, Steps};
use super::measure::{crate_name, version_key};
use super::options::{Options, BUILD_RUNS, RUNS};
use super::run::regex_escape;
use super::table::{build_rows, harness_rows};
use super::templates::{CUCUMBER_STEPS_RS, SUITE_ENV};
use crate::bench::{Measured, Sample};
use crate::gen::STEPS_RS;

#[test]
fn options_parse_and_default() {
    let o = Options::parse(&[]).unwrap();
    assert_eq!((o.runs, o.build_runs), (RUNS, BUILD_RUNS));
    let o = Options::parse(&["--runs", "3", "--build-runs", "0", "--crate", "/x"]).unwrap();
    assert_eq!((o.runs, o.build_runs), (3, 0));
    assert_eq!(o.crates, [PathBuf::from("/x")]);
    assert!(Options::parse(&["--runs"]).is_err());
    assert!(Options::parse(&["--bogus"]).is_err());
}

#[test]
fn crate_folders_name_crates_and_versions() {
    assert_eq!(
        crate_name(Path::new("/r/regex-syntax-0.8.12")),
        "regex-syntax"
    );
    assert_eq!(crate_name(Path::new("/r/mycrate")), "mycrate");
    assert!(version_key(Path::new("syn-2.0.119")) > version_key(Path::new("syn-2.0.99")));
}

#[test]
fn scenario_names_are_escaped_for_cucumber() {
    assert_eq!(
        regex_escape("Buying a forge, case 0"),
        "Buying a forge, case 0"
    );
    assert_eq!(regex_escape("a (b) 1.5"), "a \\(b\\) 1\\.5");
}

#[test]
fn asyncify_makes_every_step_async_and_pauses_first() {
    let sync = "#[given(\"a\")]\nfn a(w: &mut W) {\n    w.0 = 1;\n}\n\n\
                #[given(\"b\")]\nfn b(\n    w: &mut W,\n) -> Result<(), String> {\n    Ok(())\n}\n\nfn helper() {}\n";
    let (text, functions) = asyncify(sync);
    assert_eq!(functions, 2);
    assert_eq!(
        text,
        "#[given(\"a\")]\nasync fn a(w: &mut W) {\n    crate::pause::pause().await;\n    w.0 = 1;\n}\n\n\
         #[given(\"b\")]\nasync fn b(\n    w: &mut W,\n) -> Result<(), String> {\n    crate::pause::pause().await;\n    Ok(())\n}\n\nfn helper() {}\n"
    );
}

#[test]
fn both_fixtures_become_31_async_steps() {
    for steps in [STEPS_RS, CUCUMBER_STEPS_RS] {
        let (text, functions) = asyncify(steps);
        assert_eq!(functions, 31);
        assert_eq!(text.matches("\nasync fn ").count(), 31);
        assert_eq!(text.matches("crate::pause::pause().await;").count(), 31);
        // The one helper, `must_buy`, stays sync for its callers.
        assert_eq!(text.matches("\nfn ").count(), 1);
        assert!(text.contains("\nfn must_buy("));
    }
}

#[test]
fn async_harnesses_read_the_suite_and_sleep_variables() {
    assert!(PAUSE_RS.contains(&format!("\"{SLEEP_ENV}\"")));
    assert!(PAUSE_RS.contains("tokio::time::sleep"));
    for harness in [ASPECT_ASYNC_HARNESS_RS, CUCUMBER_ASYNC_HARNESS_RS] {
        assert!(harness.contains(&format!("\"{SUITE_ENV}\"")));
        assert!(harness.contains("mod pause;"));
    }
    assert!(ASPECT_ASYNC_HARNESS_RS.contains(".runtime(aspect::Tokio::new())"));
    assert!(CUCUMBER_ASYNC_HARNESS_RS.contains("#[tokio::main]"));
}

fn measured(wall_ms: u64, rss_kib: u64) -> Measured {
    Measured {
        samples: vec![Sample {
            wall: Duration::from_millis(wall_ms),
            rss_kib,
        }],
    }
}

fn case(label: &str, steps: Steps, speedup: f64) -> Case {
    Case {
        label: label.to_owned(),
        suite: PathBuf::new(),
        scenarios: 1000,
        aspect: (Vec::new(), Expect::AspectPassed(1000)),
        cucumber: Some((Vec::new(), Expect::CucumberPassed(1000))),
        steps,
        speedup,
        stretch: None,
    }
}

#[test]
fn each_row_is_judged_against_its_own_speedup() {
    let cases = [
        case("async", Steps::Async { sleep_ms: 0 }, 3.0),
        case("io", Steps::Async { sleep_ms: 1 }, 1.0),
    ];
    // Both twice as fast as cucumber-rs, with less memory.
    let pairs = [
        Pair {
            aspect: measured(100, 1000),
            cucumber: Some(measured(200, 2000)),
        },
        Pair {
            aspect: measured(100, 1000),
            cucumber: Some(measured(200, 2000)),
        },
    ];
    let rows = harness_rows(&cases, &pairs);
    let row = |metric: &str| {
        rows.iter()
            .find(|r| r[0] == metric)
            .unwrap_or_else(|| panic!("no row {metric:?} in {rows:?}"))
    };
    let async_throughput = row("async: throughput");
    assert_eq!(async_throughput[3], "2.00");
    assert_eq!(
        (async_throughput[4].as_str(), async_throughput[5].as_str()),
        ("≥ 3", "MISSED")
    );
    let io_throughput = row("io: throughput");
    assert_eq!(
        (io_throughput[4].as_str(), io_throughput[5].as_str()),
        ("≥ 1", "met")
    );
    assert_eq!(row("io: peak RSS")[5], "met");
}

#[test]
fn startup_is_judged_by_wall_and_a_stretch_is_reported_beside_the_target() {
    let mut startup = case("startup", Steps::Sync, 1.0 / 0.8);
    startup.scenarios = 1;
    let mut many = case("many", Steps::Sync, 3.0);
    many.stretch = Some(5.0);
    // Startup at 0.75× cucumber-rs's wall; throughput 4×.
    let pairs = [
        Pair {
            aspect: measured(75, 1000),
            cucumber: Some(measured(100, 2000)),
        },
        Pair {
            aspect: measured(50, 1000),
            cucumber: Some(measured(200, 2000)),
        },
    ];
    let rows = harness_rows(&[startup, many], &pairs);
    let row = |metric: &str| rows.iter().find(|r| r[0] == metric).unwrap().clone();
    assert_eq!(row("startup: wall")[4..], ["≤ 0.80", "met"]);
    assert!(rows.iter().all(|r| r[0] != "startup: throughput"));
    assert_eq!(
        row("many: throughput")[4..],
        ["≥ 3 (stretch 5)", "met, stretch missed"]
    );
}

fn timed(label: &str, walls: &[u64]) -> Timed {
    Timed {
        label: label.to_owned(),
        package: PathBuf::new(),
        test: "aspect",
        builds: walls
            .iter()
            .map(|&s| BuildTime {
                wall: Duration::from_secs(s),
                cpu: Duration::from_secs(2 * s),
            })
            .collect(),
    }
}

#[test]
fn the_build_target_is_on_the_init_row_against_cucumber() {
    let rows = build_rows(&[
        timed("init", &[30, 10, 12]),
        timed("specs", &[8, 9, 7]),
        timed("cucumber", &[20, 40, 30]),
    ]);
    assert_eq!(rows.len(), 2, "{rows:?}");
    let init = &rows[0];
    assert!(init[0].ends_with(": init"), "{init:?}");
    // Medians: 12 s against 30 s.
    assert_eq!(init[1], "12.0 s (cpu 24.0 s)");
    assert_eq!(init[2], "30.0 s (cpu 60.0 s)");
    assert_eq!(init[3], "0.40 (cpu 0.40)");
    assert_eq!((init[4].as_str(), init[5].as_str()), ("≤ 0.5", "met"));
    let specs = &rows[1];
    assert_eq!(
        (specs[3].as_str(), specs[4].as_str()),
        ("0.27 (cpu 0.27)", "")
    );
    let missed = build_rows(&[timed("init", &[16]), timed("cucumber", &[30])]);
    assert_eq!(missed[0][5], "MISSED");
    let unmeasured = build_rows(&[timed("init", &[]), timed("cucumber", &[])]);
    assert_eq!(unmeasured[0][1], "not measured");
}
