//! [`Step`]: the step being run as a step function sees it, for a definition
//! that wants more than its parameters (cucumber-rs's `step: &Step`). Built
//! only for a function that takes it; it must not reach into the pickle's
//! other steps or the scenario (hooks get [`crate::Scenario`]).

use crate::spec::{DataTable, DocString, Location, StepArgument};

use super::StepContext;

/// The step being run: a step function takes it as `step: &aspect::Step`,
/// anywhere after the World, beside its other parameters.
///
/// ```no_run
/// # #[derive(Default)] struct Shop { log: Vec<String> }
/// #[aspect::step(regex = r"^I (buy|sell) (\d+) (\w+)$")]
/// fn trade(shop: &mut Shop, step: &aspect::Step) {
///     let [verb, count, what] = step.captures.as_slice() else { unreachable!() };
///     shop.log.push(format!("{} {verb} {count} {what}", step.keyword));
/// }
/// # aspect::main!(Shop);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Step {
    /// The keyword as written, trimmed: `Given`, `And`, `*`, or a translated one.
    pub keyword: String,
    /// The step's text after the keyword, an outline's placeholders substituted.
    pub text: String,
    /// Every capture of the definition's expression or regex, in order; a
    /// group that did not take part is empty.
    pub captures: Vec<String>,
    /// The step's doc string, if it has one (named as cucumber-rs's
    /// `Step::docstring`; it reads as its content: `text.contains("Felix")`).
    pub docstring: Option<DocString>,
    /// The step's data table, if it has one.
    pub table: Option<DataTable>,
    /// Where the step is in its feature file.
    pub location: Location,
}

/// What a `&Step` parameter's type must be: `aspect::Step` itself. The macros
/// cannot see a module's imports, so they take a bare `&Step` for the step
/// view and leave it to this bound to say when that `Step` is another type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not `aspect::Step`, but a `&Step` parameter is the step being run",
    label = "this `Step` is another type",
    note = "import `aspect::Step` for the step being run; a capture is taken by value, so \
            your own `Step: FromStr` is written `step: Step`"
)]
pub trait IsStep {
    /// The step view, as the parameter's type.
    fn from_view(step: &Step) -> &Self;
}

impl IsStep for Step {
    fn from_view(step: &Step) -> &Self {
        step
    }
}

impl StepContext<'_> {
    /// The [`Step`] for a `&Step` parameter.
    pub fn step_view(&self) -> Step {
        let (docstring, table) = match &self.step.argument {
            Some(StepArgument::DocString(doc)) => (Some(doc.clone()), None),
            Some(StepArgument::DataTable(table)) => (None, Some(table.clone())),
            None => (None, None),
        };
        Step {
            keyword: self.step.keyword.clone(),
            text: self.step.text.clone(),
            captures: self.all_captures(),
            docstring,
            table,
            location: self.step.location,
        }
    }
}
