//! The plants: small edits to Rust source text that an aspect's evidence must
//! catch. Each returns the new text, or `None` when the place to plant is not
//! there.
//!
//! These are pure functions over text (parsed with syn for the places to edit),
//! so each is tested on a snippet. They must not touch files.

use proc_macro2::LineColumn;
use syn::spanned::Spanned;
use syn::visit::Visit;

/// Where `#[allow(unused_imports)] mod … { use <path>; }` goes: the end of a crate root.
pub(crate) fn denied_use(text: &str, path: &str) -> String {
    let mut out = text.to_owned();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "\n// Planted by `cargo aspect probe`.\n#[allow(unused_imports)]\nmod aspect_probe_plant {{\n    use {path};\n}}\n"
    ));
    out
}

/// A dependency added to a manifest, for `deny: [external]`.
pub(crate) fn external_dependency(manifest: &str, name: &str) -> String {
    let mut out = manifest.to_owned();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "\n# Planted by `cargo aspect probe`.\n[dependencies.{name}]\nversion = \"1\"\n"
    ));
    out
}

/// Every function with a `#[test]` attribute (any path ending in `test`) starts by panicking.
/// `None` when the file has none; the count of functions planted otherwise.
pub(crate) fn panicking_tests(text: &str) -> Option<(String, usize)> {
    let file = syn::parse_file(text).ok()?;
    struct Tests(Vec<LineColumn>);
    impl<'ast> Visit<'ast> for Tests {
        fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
            let is_test = item
                .attrs
                .iter()
                .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"));
            if is_test {
                self.0.push(item.block.brace_token.span.open().end());
            }
            syn::visit::visit_item_fn(self, item);
        }
    }
    let mut tests = Tests(Vec::new());
    tests.visit_file(&file);
    if tests.0.is_empty() {
        return None;
    }
    let count = tests.0.len();
    let mut edits: Vec<(usize, String)> = tests
        .0
        .iter()
        .filter_map(|at| offset(text, *at))
        .map(|at| (at, " panic!(\"planted by cargo aspect probe\");".to_owned()))
        .collect();
    Some((apply(text, &mut edits), count))
}

/// What a bench or memory plant puts inside the measured closure.
pub(crate) enum RoutinePlant {
    /// Spin for this many nanoseconds.
    Slow(u128),
    /// Allocate (and drop) this many bytes.
    Heavy(u64),
}

impl RoutinePlant {
    fn code(&self) -> String {
        match self {
            RoutinePlant::Slow(nanos) => format!(
                "let __aspect_probe_until = ::std::time::Instant::now() + \
                 ::std::time::Duration::from_nanos({nanos}); \
                 while ::std::time::Instant::now() < __aspect_probe_until {{ \
                 ::std::hint::spin_loop(); }}"
            ),
            RoutinePlant::Heavy(bytes) => {
                format!("::std::hint::black_box(::std::vec![1u8; {bytes}]);")
            }
        }
    }

    /// As reported: `4 µs of spinning`, `32768 bytes allocated`.
    pub(crate) fn describe(&self) -> String {
        match self {
            RoutinePlant::Slow(nanos) => format!(
                "{} of spinning",
                crate::evidence::units::format_duration(std::time::Duration::from_nanos(
                    u64::try_from(*nanos).unwrap_or(u64::MAX)
                ))
            ),
            RoutinePlant::Heavy(bytes) => {
                format!("{} allocated", crate::evidence::units::format_size(*bytes))
            }
        }
    }
}

/// Put `plant` inside the closure the bench function `name` measures: the last
/// closure argument of its `.iter(…)` or `.iter_batched(…)` call. `None` when
/// the file has no such function or call.
pub(crate) fn slow_routine(text: &str, name: &str, plant: &RoutinePlant) -> Option<String> {
    let file = syn::parse_file(text).ok()?;
    struct Bench<'n> {
        name: &'n str,
        body: Option<(LineColumn, LineColumn)>,
    }
    impl<'ast> Visit<'ast> for Bench<'_> {
        fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
            let is_bench = item
                .attrs
                .iter()
                .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "bench"));
            if is_bench && item.sig.ident == self.name && self.body.is_none() {
                let mut routine = Routine(None);
                routine.visit_block(&item.block);
                self.body = routine.0;
            }
            syn::visit::visit_item_fn(self, item);
        }
    }
    struct Routine(Option<(LineColumn, LineColumn)>);
    impl<'ast> Visit<'ast> for Routine {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            let measured = call.method == "iter" || call.method == "iter_batched";
            if measured && self.0.is_none() {
                if let Some(syn::Expr::Closure(closure)) = call.args.last() {
                    let span = closure.body.span();
                    self.0 = Some((span.start(), span.end()));
                }
            }
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut bench = Bench { name, body: None };
    bench.visit_file(&file);
    let (start, end) = bench.body?;
    let (start, end) = (offset(text, start)?, offset(text, end)?);
    let mut edits = vec![
        (start, format!("{{ {} ", plant.code())),
        (end, " }".to_owned()),
    ];
    Some(apply(text, &mut edits))
}

/// The byte offset of a proc-macro2 line (1-based) and column (0-based, in chars).
fn offset(text: &str, at: LineColumn) -> Option<usize> {
    let line_start = if at.line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(at.line - 2)?.0 + 1
    };
    let line = &text[line_start..];
    let within = line
        .char_indices()
        .nth(at.column)
        .map_or(line.len(), |(i, _)| i);
    Some(line_start + within)
}

/// Insert each `(offset, text)`, last offset first so earlier offsets stay right.
fn apply(text: &str, edits: &mut [(usize, String)]) -> String {
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut out = text.to_owned();
    for (at, insert) in edits.iter() {
        out.insert_str(*at, insert);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BENCHES: &str = r#"use aspect::Bencher;

#[aspect::bench]
fn buy_generator(b: &mut Bencher) {
    b.iter_batched(
        || Game::with_gold(1_000_000),
        |mut game| game.buy(Generator::GoldMine),
    );
}

#[aspect::bench]
fn load_save(b: &mut Bencher) {
    b.iter(|| Game::from_save("gold = 1"));
}
"#;

    #[test]
    fn a_slow_routine_goes_inside_the_measured_closure_of_the_named_bench() {
        let planted = slow_routine(BENCHES, "buy_generator", &RoutinePlant::Slow(4000)).unwrap();
        assert!(
            planted.contains("|mut game| { let __aspect_probe_until"),
            "{planted}"
        );
        assert!(
            planted.contains("game.buy(Generator::GoldMine) },"),
            "{planted}"
        );
        assert!(syn::parse_file(&planted).is_ok(), "{planted}");
        assert!(
            !planted.contains("|| { let"),
            "the setup closure is not measured"
        );
        let heavy = slow_routine(BENCHES, "load_save", &RoutinePlant::Heavy(32)).unwrap();
        assert!(
            heavy.contains("b.iter(|| { ::std::hint::black_box(::std::vec![1u8; 32]); Game::from_save(\"gold = 1\") });"),
            "{heavy}"
        );
        assert!(slow_routine(BENCHES, "missing", &RoutinePlant::Heavy(1)).is_none());
    }

    #[test]
    fn every_test_function_panics_first() {
        let text = "#[test]\nfn a() { assert!(true); }\n\nmod m {\n    #[tokio::test]\n    async fn b() {}\n}\nfn c() {}\n";
        let (planted, count) = panicking_tests(text).unwrap();
        assert_eq!(count, 2);
        assert!(
            planted
                .contains("fn a() { panic!(\"planted by cargo aspect probe\"); assert!(true); }"),
            "{planted}"
        );
        assert!(planted.contains("async fn b() { panic!"), "{planted}");
        assert!(planted.contains("fn c() {}"), "{planted}");
        assert!(panicking_tests("fn c() {}").is_none());
    }

    #[test]
    fn a_denied_use_and_an_external_dependency_are_appended() {
        let planted = denied_use("pub fn a() {}", "std::fs");
        assert!(planted.contains("mod aspect_probe_plant {\n    use std::fs;\n}"));
        assert!(syn::parse_file(&planted).is_ok());
        let manifest = external_dependency("[package]\nname = \"x\"\n", "aspect-probe-planted");
        let parsed: toml::Table = toml::from_str(&manifest).unwrap();
        assert!(parsed["dependencies"].get("aspect-probe-planted").is_some());
    }
}
