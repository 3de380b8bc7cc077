//! The report: one table of harness figures, one of the imports check.

use std::time::Duration;

use super::cases::{Case, Harness, ImportsFigures, Pair};
use super::measure::secs;
use crate::bench::{median, mib, ms};

/// One row of the comparison: metric, cargo-aspect, cucumber-rs, ratio, target, verdict.
type Row = [String; 6];

pub(super) fn harness_rows(
    cases: &[Case],
    pairs: &[Pair],
    aspect: &Harness,
    cucumber: &Harness,
) -> Vec<Row> {
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
    if aspect.builds.is_empty() {
        rows.push(row(
            "clean build (cargo test --release --no-run)".to_owned(),
            "not measured".to_owned(),
            "not measured".to_owned(),
            "n/a".to_owned(),
            "≤ 0.5",
            String::new(),
        ));
    } else {
        let a = median(aspect.builds.iter().copied());
        let c = median(cucumber.builds.iter().copied());
        let r = a.as_secs_f64() / c.as_secs_f64();
        rows.push(row(
            "clean build (cargo test --release --no-run)".to_owned(),
            secs(a),
            secs(c),
            format!("{r:.2}"),
            "≤ 0.5",
            verdict(r <= 0.5),
        ));
    }
    rows
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
