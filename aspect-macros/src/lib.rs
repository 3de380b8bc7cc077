//! The attribute macros of cargo-aspect: the steps `#[given]`, `#[when]` and
//! `#[then]`, the hooks `#[before]` and `#[after]`, and `#[aspect::bench]` for
//! `bench` and `memory` evidence.
//!
//! A proc-macro crate must stand alone, so the macros live here; users reach them
//! through the `aspect` crate (`use aspect::{given, when, then};`), and the
//! generated code refers only to `::aspect::__private`, so a crate that depends on
//! `aspect` needs nothing else (not even `inventory`).
//!
//! Each macro keeps the function exactly as written and registers it as an
//! `aspect::__private::StepDef`. The expression is compiled to a regex while the crate
//! builds: a malformed expression, a missing World parameter or a parameter count
//! that does not match the expression is a compile error on the offending token.

mod args;
mod bench;
mod expression;
mod hook;
mod parameter;
mod step;

use proc_macro::TokenStream;

use step::{expand, Keyword};

/// Register a function as a `Given` step definition.
///
/// # Forms
///
/// ```ignore
/// use aspect::{given, DataTable, DocString};
///
/// // A cucumber expression (`expr = "..."` is an explicit synonym).
/// #[given("I have {int} gold")]
/// fn have_gold(world: &mut IdleWorld, amount: u64) {
///     world.gold = amount;
/// }
///
/// // A regex: one function parameter per capture group, kept unanchored as written.
/// #[given(regex = r"^I own (\d+) gold mines?$")]
/// fn own_mines(world: &mut IdleWorld, mines: u32) -> Result<(), String> {
///     world.mines = mines;
///     Ok(())
/// }
///
/// // The step's data table or doc string, by shared reference, anywhere after the World.
/// #[given("the shop sells:")]
/// fn shop(world: &mut IdleWorld, table: &DataTable) { /* table.rows */ }
///
/// #[given("a save file:")]
/// fn save(world: &mut IdleWorld, doc: &DocString) { /* doc.content */ }
/// ```
///
/// # The function
///
/// * The first parameter is the World, `&mut W` with `W: 'static`; steps are
///   matched only against scenarios run with that World.
/// * Then one parameter per expression parameter (or regex capture group), in order,
///   each parsed from the captured text with [`FromStr`](std::str::FromStr)
///   (`{string}` arrives without its quotes).
/// * Optionally one `&DataTable` and one `&DocString` (recognised by the last path
///   segment of the type; `Option<&…>` when the step may have none); they do not
///   count as expression parameters.
/// * Optionally one `&Step` (`aspect::Step`: keyword, text, captures, doc string,
///   table), cucumber-rs's `step: &Step`; alone, it takes every capture, as
///   `&[String]` does. The macro cannot see imports, so it goes by what is
///   written: `&aspect::Step`, or a bare `&Step` (with `use aspect::Step`; when
///   that `Step` is another type, the error says so). A capture is taken by
///   value, so a type of your own named `Step` is captured as `step: Step` (or
///   `Option<Step>`, `model::Step`).
/// * It returns `()` or any `IntoStepResult`, such as `Result<(), E>` with
///   `E: Display`; an `Err` fails the step with its message.
/// * It may be `async fn`, with the same parameters: the harness's runtime
///   awaits it (see `aspect::Runtime`), and sync and async steps mix in one
///   scenario. Its future may borrow the World and need not be `Send`.
/// * It may be private and live in any module of any crate; it must not be
///   `unsafe`, generic over types, or a method.
///
/// # Cucumber expressions
///
/// | Write | Matches |
/// |---|---|
/// | `{int}` | `-?[0-9]+` (ASCII digits, as in Cucumber) |
/// | `{float}` | `1`, `1.5`, `-.5`, `1e3` |
/// | `{word}` | a run of non-whitespace |
/// | `{string}` | `"double"` or `'single'` quoted text (passed without the quotes) |
/// | `{}` | anything |
/// | `{u64}`, `{i32}`, `{f64}`, … | Rust's number types (as `{int}` / `{float}`; the parameter's type parses) |
/// | `{name}` | what the regex of the parameter's type says: a type that derives [`macro@Parameter`] with that name |
/// | `cucumber(s)` | optional text |
/// | `mine/farm` | alternatives, bounded by whitespace |
/// | `\(` `\{` `\/` `\\` | the literal character |
///
/// The expression is anchored (`^...$`). A `{name}` taken by a type that is not a
/// `Parameter` of that name, an unclosed `{` or
/// `(`, an empty `()` or alternative, or an optional parameter is a compile error.
///
/// # Regexes
///
/// Steps are matched with [regex-lite](https://docs.rs/regex-lite): the `regex`
/// crate's syntax without Unicode classes (`\p{L}` is a compile error here), and
/// with ASCII-only `\d`, `\w`, `\s` and `\b`. Literal text in any script matches.
#[proc_macro_attribute]
pub fn given(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(Keyword::Given, attr.into(), item.into()).into()
}

/// Register a function as a `When` step definition.
///
/// Takes the same forms as [`macro@given`]:
///
/// ```ignore
/// #[when("I buy {int} gold mine(s)")]
/// fn buy(world: &mut IdleWorld, count: u32) -> Result<(), String> {
///     world.buy_mines(count).map_err(|e| e.to_string())
/// }
/// ```
#[proc_macro_attribute]
pub fn when(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(Keyword::When, attr.into(), item.into()).into()
}

/// Register a function as a `Then` step definition.
///
/// Takes the same forms as [`macro@given`]:
///
/// ```ignore
/// #[then(regex = r"^I have (\d+) gold$")]
/// fn gold_is(world: &mut IdleWorld, expected: u64) -> Result<(), String> {
///     if world.gold == expected { Ok(()) } else { Err(format!("gold is {}", world.gold)) }
/// }
/// ```
#[proc_macro_attribute]
pub fn then(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(Keyword::Then, attr.into(), item.into()).into()
}

/// Register a function as a step definition for any keyword: `Given`, `When`
/// and `Then` steps (and `*`) all match it, as cucumber-rs's `#[step]` does.
///
/// Takes the same forms as [`macro@given`]:
///
/// ```ignore
/// #[aspect::step("I wait {int} second(s)")]
/// fn wait(world: &mut MyWorld, seconds: u64) { world.clock += seconds; }
/// ```
///
/// A `given`, `when` or `then` definition that also matches a step's text makes
/// that step ambiguous: a step matches exactly one definition.
#[proc_macro_attribute]
pub fn step(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(Keyword::Step, attr.into(), item.into()).into()
}

/// Register a function to run before each scenario of its World.
///
/// ```ignore
/// use aspect::{before, Scenario};
///
/// #[before]
/// fn open(world: &mut Shop, scenario: &Scenario) {
///     world.log(format!("start {}", scenario.name));
/// }
///
/// // Only for scenarios whose tags match the expression (the `--tags` language).
/// #[before(tags = "@db and not @offline")]
/// async fn connect(world: &mut Shop, _scenario: &Scenario) -> Result<(), String> {
///     world.db = Some(Db::connect().await?);
///     Ok(())
/// }
/// ```
///
/// # The function
///
/// * It takes the World (`&mut W`) and the `aspect::Scenario`
///   (its feature, name and tags), and returns `()` or `Result<(), E>` with
///   `E: Display`. It may be `async fn`; it must not be `unsafe`, generic or a method.
/// * Before hooks run in the order they are written (by file, then line),
///   after the World is made and before the first step. One that fails
///   (`Err` or a panic) fails the scenario: its steps are skipped, its after
///   hooks still run.
/// * `tags = "..."` limits it to scenarios whose tags match; a malformed
///   expression stops the harness at start, with the hook's `file:line`.
#[proc_macro_attribute]
pub fn before(attr: TokenStream, item: TokenStream) -> TokenStream {
    hook::expand(hook::HookKind::Before, attr.into(), item.into()).into()
}

/// Register a function to run after each scenario of its World, whatever
/// happened to it.
///
/// ```ignore
/// use aspect::{after, Outcome, Scenario};
///
/// #[after]
/// fn close(world: &mut Shop, scenario: &Scenario, outcome: &Outcome) {
///     if let Outcome::Failed(message) = outcome {
///         eprintln!("{} failed: {message}", scenario.name);
///     }
/// }
/// ```
///
/// Takes the same forms as [`macro@before`], with a third parameter: the
/// `aspect::Outcome` of the steps and before hooks. It
/// runs even when a step failed or panicked, or a before hook failed. An after
/// hook that fails is reported after the scenario's steps and fails the
/// scenario; the other after hooks still run.
#[proc_macro_attribute]
pub fn after(attr: TokenStream, item: TokenStream) -> TokenStream {
    hook::expand(hook::HookKind::After, attr.into(), item.into()).into()
}

/// Register a function as a benchmark, for `bench` and `memory` evidence.
///
/// ```ignore
/// use aspect::Bencher;
///
/// // Registered as `buy_generator`: `evidence: {bench: buy_generator, max: 5us}`.
/// #[aspect::bench]
/// fn buy_generator(b: &mut Bencher) {
///     let mut world = IdleWorld::with_gold(1_000_000);
///     b.iter(|| world.buy_generator());
/// }
///
/// // Registered under another name: `evidence: {memory: {bench: load_world, max: 64MiB}}`.
/// #[aspect::bench(name = "load_world")]
/// fn load(b: &mut Bencher) {
///     b.iter_batched(|| SAVE.to_owned(), |text| IdleWorld::load(&text));
/// }
/// ```
///
/// # The function
///
/// * It takes exactly one parameter, `&mut aspect::Bencher`, returns nothing, and
///   calls `b.iter(...)` or `b.iter_batched(...)` exactly once; what it does before
///   (building a world) is neither timed nor counted.
/// * It may be private and live in any module of any crate linked into the harness;
///   it must not be `async`, `unsafe`, generic over types, or a method.
/// * `name = "..."` registers it under another name (non-empty, no whitespace);
///   two functions registered under the same name make evidence naming it invalid.
///
/// In a debug build `bench` evidence is not judged: its trial is listed as
/// ignored (with `--include-ignored` the function runs once as a smoke test);
/// `memory` evidence is judged in every build.
#[proc_macro_attribute]
pub fn bench(attr: TokenStream, item: TokenStream) -> TokenStream {
    bench::expand(attr.into(), item.into()).into()
}

/// Make a type a `{name}` parameter of cucumber expressions, with the regex
/// its text matches; the step function's parameter of that type is parsed
/// from the match with `FromStr`.
///
/// ```ignore
/// #[derive(aspect::Parameter)]
/// #[param(name = "generator", regex = "mine|farm")]
/// enum Generator { Mine, Farm }
/// ```
///
/// `name` defaults to the type's name in lowercase. The whole match is one
/// value, whatever groups the regex has. A regex the step matcher cannot run,
/// a name an expression cannot write, or a built-in name is a compile error.
#[proc_macro_derive(Parameter, attributes(param))]
pub fn derive_parameter(item: TokenStream) -> TokenStream {
    parameter::derive(item.into()).into()
}
