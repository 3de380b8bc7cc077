//! The report: one table of harness figures, one of the imports check.

use std::time::Duration;

use super::build::{BuildTime, Timed};
use super::cases::{Case, ImportsFigures, Pair};
use super::measure::secs;
use crate::bench::{median, mib, ms};

/// One row of the comparison: metric, cargo-aspect, cucumber-rs, ratio, target, verdict.
type Row = [String; 6];

pub(super) fn harness_rows(cases: &[Case], pairs: &[Pair]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let row = |metric: String, a: String, c: String, ratio: String, target: &str, met: String| {
        [metric, a, c, ratio, target.to_owned(), met]
    };
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" }.to_owned();
    for (case, pair) in cases.iter().zip(pairs) {
        let a = &pair.aspect;
        let Some(c) = &pair.cucumber else {
            // --list: cucumber-rs has none.
            let wall = a.wall();
            rows.push(row(
                format!("{}: wall", case.label),
                ms(wall),
                "n/a (no --list)".to_owned(),
                "n/a".to_owned(),
                "≤ 100 ms",
                verdict(wall <= Duration::from_millis(100)),
            ));
            rows.push(row(
                format!("{}: peak RSS", case.label),
                mib(a.rss_kib()),
                "n/a".to_owned(),
                "n/a".to_owned(),
                "",
                String::new(),
            ));
            continue;
        };
        let ratio = |x: f64, y: f64| format!("{:.2}", x / y);
        let (aw, cw) = (a.wall().as_secs_f64(), c.wall().as_secs_f64());
        // One scenario is startup: judged by its wall time, the others by throughput.
        let (wall_target, wall_met) = if case.scenarios == 1 {
            let most = 1.0 / case.speedup;
            (format!("≤ {most:.2}"), verdict(aw / cw <= most))
        } else {
            (String::new(), String::new())
        };
        rows.push(row(
            format!("{}: wall", case.label),
            ms(a.wall()),
            ms(c.wall()),
            ratio(aw, cw),
            &wall_target,
            wall_met,
        ));
        if case.scenarios > 1 {
            let per_s = |wall: f64| format!("{:.0}/s", case.scenarios as f64 / wall);
            let (mut target, mut met) = (
                format!("≥ {}", case.speedup),
                verdict(cw / aw >= case.speedup),
            );
            if let Some(stretch) = case.stretch {
                target.push_str(&format!(" (stretch {stretch})"));
                met.push_str(if cw / aw >= stretch {
                    ", stretch met"
                } else {
                    ", stretch missed"
                });
            }
            rows.push(row(
                format!("{}: throughput", case.label),
                per_s(aw),
                per_s(cw),
                ratio(cw, aw),
                &target,
                met,
            ));
        }
        let (ar, cr) = (a.rss_kib(), c.rss_kib());
        rows.push(row(
            format!("{}: peak RSS", case.label),
            mib(ar),
            mib(cr),
            ratio(ar as f64, cr as f64),
            "≤ 1",
            verdict(ar <= cr),
        ));
    }
    rows
}

/// The build rows: each cargo-aspect package's clean debug build against
/// cucumber-rs's (the last of `timed`), medians of wall and CPU time; the target
/// (≤ 0.5) is on the first, the package as `cargo aspect init` sets it up.
pub(super) fn build_rows(timed: &[Timed]) -> Vec<Row> {
    let Some((cucumber, aspects)) = timed.split_last() else {
        return Vec::new();
    };
    let median_of = |builds: &[BuildTime]| {
        (!builds.is_empty()).then(|| {
            (
                median(builds.iter().map(|b| b.wall)),
                median(builds.iter().map(|b| b.cpu)),
            )
        })
    };
    let shown = |m: Option<(Duration, Duration)>| match m {
        Some((wall, cpu)) => format!("{} (cpu {})", secs(wall), secs(cpu)),
        None => "not measured".to_owned(),
    };
    let c = median_of(&cucumber.builds);
    aspects
        .iter()
        .enumerate()
        .map(|(i, aspect)| {
            let a = median_of(&aspect.builds);
            let target = if i == 0 { "≤ 0.5" } else { "" };
            let (ratio, verdict) = match (a, c) {
                (Some((aw, acpu)), Some((cw, ccpu))) => {
                    let r = aw.as_secs_f64() / cw.as_secs_f64();
                    let verdict = match (i, r <= 0.5) {
                        (0, true) => "met",
                        (0, false) => "MISSED",
                        _ => "",
                    };
                    (
                        format!(
                            "{r:.2} (cpu {:.2})",
                            acpu.as_secs_f64() / ccpu.as_secs_f64()
                        ),
                        verdict.to_owned(),
                    )
                }
                _ => ("n/a".to_owned(), String::new()),
            };
            [
                format!("clean debug build (cargo test --no-run): {}", aspect.label),
                shown(a),
                shown(c),
                ratio,
                target.to_owned(),
                verdict,
            ]
        })
        .collect()
}

pub(super) fn print_table(rows: &[Row]) {
    let header: Row = [
        "metric".into(),
        "cargo-aspect".into(),
        "cucumber-rs".into(),
        "ratio a/c".into(),
        "target".into(),
        "".into(),
    ];
    let mut widths = [0; 6];
    for row in std::iter::once(&header).chain(rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let print = |row: &Row| {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (cell, width))| {
                let pad = width - cell.chars().count();
                if i == 0 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        println!("| {} |", cells.join(" | "));
    };
    print(&header);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    println!("|-{}-|", rule.join("-|-"));
    for row in rows {
        print(row);
    }
}

pub(super) fn print_imports(figures: &[ImportsFigures]) {
    let rows: Vec<Row> = figures
        .iter()
        .map(|f| {
            let per_100k = f.scan.as_secs_f64() * 100_000.0 / f.lines.max(1) as f64;
            let (check, ratio) = match f.check {
                Some(check) => (
                    secs(check),
                    format!("{:.3}", f.scan.as_secs_f64() / check.as_secs_f64()),
                ),
                None => ("not measured".to_owned(), "n/a".to_owned()),
            };
            [
                format!(
                    "imports check of {} ({} files, {} lines, {} denied)",
                    f.label, f.files, f.lines, f.violations
                ),
                format!("{} ({:.0} ms/100k lines)", ms(f.scan), per_100k * 1000.0),
                check,
                ratio,
                "≤ 300 ms/100k lines".to_owned(),
                if per_100k <= 0.3 { "met" } else { "MISSED" }.to_owned(),
            ]
        })
        .collect();
    let header: Row = [
        "metric".into(),
        "cargo-aspect".into(),
        "cargo check (clean)".into(),
        "ratio".into(),
        "target".into(),
        "".into(),
    ];
    let mut widths = [0; 6];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for (i, row) in std::iter::once(&header).chain(&rows).enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
            .collect();
        println!("| {} |", cells.join(" | "));
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            println!("|-{}-|", rule.join("-|-"));
        }
    }
}
