//! What `#[given]`, `#[when]` and `#[then]` register.
//!
//! Each annotated function becomes one [`StepDef`] submitted to `inventory`. The
//! definition is type-erased: the World is passed as `&mut dyn Any` and checked
//! against [`StepDef::world`], so one registry serves every World type in a binary.
//! The expression was already compiled to a regex by the macro at build time, so a
//! bad expression is a compile error and nothing is parsed again at run time.

use std::any::{Any, TypeId};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;

use crate::spec::{DataTable, DocString, PickleStep, StepArgument};

/// The keyword a step definition was registered under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepKeyword {
    /// `#[given]`
    Given,
    /// `#[when]`
    When,
    /// `#[then]`
    Then,
    /// `#[step]`: any keyword.
    Step,
}

impl StepKeyword {
    /// The attribute name: `given`, `when`, `then` or `step`.
    pub fn attribute(self) -> &'static str {
        match self {
            StepKeyword::Given => "given",
            StepKeyword::When => "when",
            StepKeyword::Then => "then",
            StepKeyword::Step => "step",
        }
    }
}

/// How a capture is turned into a parameter before `FromStr` sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// `{int}`
    Int,
    /// `{float}`
    Float,
    /// `{word}`
    Word,
    /// `{string}`: the capture includes its quotes; they are stripped and `\"` / `\'` unescaped.
    String,
    /// `{}`
    Anonymous,
    /// A capture group of a `regex = "..."` step: passed as captured.
    Regex,
    /// `{name}` of a [`super::Parameter`] type: passed as its regex matched it.
    Custom,
}

/// The type-erased step function a macro generates around the user's function.
pub type StepFn = fn(&mut dyn Any, &StepContext<'_>) -> Result<(), StepFailure>;

/// What an async step's wrapper returns: the user's future, borrowing the World
/// and the step for as long as it runs. It need not be `Send`: a runtime drives
/// it on the scenario's own thread.
pub type StepFuture<'a> = Pin<Box<dyn Future<Output = Result<(), StepFailure>> + 'a>>;

/// The type-erased wrapper of an `async fn` step.
pub type AsyncStepFn = for<'a> fn(&'a mut dyn Any, &'a StepContext<'a>) -> StepFuture<'a>;

/// How a step definition runs: called, or awaited on the harness's runtime.
#[derive(Clone, Copy, Debug)]
pub enum StepBody {
    /// A plain `fn` step.
    Sync(StepFn),
    /// An `async fn` step.
    Async(AsyncStepFn),
}

/// One registered step definition. Built by the step macros; not meant to be written by hand.
#[derive(Debug)]
pub struct StepDef {
    /// Which keyword it answers to.
    pub keyword: StepKeyword,
    /// The expression as the user wrote it (a cucumber expression or a regex).
    pub expression: &'static str,
    /// Whether [`Self::expression`] is a regex (`regex = "..."`).
    pub is_regex: bool,
    /// The regex the step text must match (anchored `^...$` for cucumber expressions).
    pub pattern: &'static str,
    /// Literal text every matching step text starts with (empty when the
    /// pattern is not anchored at the start): the matcher skips a definition
    /// whose prefix the text lacks, without running its regex.
    pub prefix: &'static str,
    /// [`Self::pattern`] with the prefix cut off (`^(-?[0-9]+) gold$`): when
    /// present, the matcher matches it against the text after the prefix
    /// (`^$` means the prefix is the whole pattern).
    pub tail: Option<&'static str>,
    /// One entry per parameter capture group, in order.
    pub params: &'static [ParamKind],
    /// The regex of each [`ParamKind::Custom`] parameter, in order; the
    /// pattern and tail hold [`super::STAND_IN`] where it goes.
    pub custom: &'static [super::CustomParam],
    /// The `TypeId` of the World the function takes.
    pub world: fn() -> TypeId,
    /// The World's type as written, for messages.
    pub world_name: &'static str,
    /// The generated wrapper that parses parameters and calls the user's function.
    pub func: StepBody,
    /// The user's function name.
    pub fn_name: &'static str,
    /// Source file of the definition (as `file!()` gives it).
    pub file: &'static str,
    /// Line of the definition.
    pub line: u32,
    /// Column of the definition.
    pub column: u32,
}

inventory::collect!(StepDef);

impl StepDef {
    /// Every step definition linked into this binary, for every World.
    pub fn all() -> impl Iterator<Item = &'static StepDef> {
        inventory::iter::<StepDef>.into_iter()
    }

    /// `file:line` of the definition.
    pub fn source_location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

impl fmt::Display for StepDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (open, close) = if self.is_regex {
            ("regex = \"", "\"")
        } else {
            ("\"", "\"")
        };
        write!(
            f,
            "#[{}({open}{}{close})] fn {} at {}:{}",
            self.keyword.attribute(),
            self.expression,
            self.fn_name,
            self.file,
            self.line
        )
    }
}

/// Why a step failed, as a message for the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepFailure(pub String);

impl fmt::Display for StepFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a matched step hands to its generated wrapper: the captures and the step itself.
#[derive(Debug)]
pub struct StepContext<'a> {
    /// The step being run.
    pub step: &'a PickleStep,
    /// The text of each parameter capture (quotes of `{string}` already stripped).
    pub captures: Vec<Option<String>>,
}

impl StepContext<'_> {
    /// Parse parameter `index` with `FromStr`.
    ///
    /// # Errors
    /// A [`StepFailure`] naming the parameter, its text and the type when it does not parse.
    pub fn param<T>(&self, index: usize, name: &str) -> Result<T, StepFailure>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        let Some(Some(text)) = self.captures.get(index) else {
            return Err(StepFailure(format!(
                "parameter `{name}` (#{}) has no capture in step `{}`",
                index + 1,
                self.step.text
            )));
        };
        text.parse::<T>().map_err(|e| {
            StepFailure(format!(
                "cannot parse parameter `{name}` from {text:?} as {}: {e}",
                std::any::type_name::<T>()
            ))
        })
    }

    /// Parse parameter `index` with `FromStr`, or `None` when its capture group
    /// did not take part in the match (an optional group, as `( and (\d+) more)?`).
    ///
    /// # Errors
    /// A [`StepFailure`] naming the parameter, its text and the type when it does not parse.
    pub fn optional_param<T>(&self, index: usize, name: &str) -> Result<Option<T>, StepFailure>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        match self.captures.get(index) {
            Some(Some(_)) => self.param(index, name).map(Some),
            _ => Ok(None),
        }
    }

    /// Every capture, in order, for a `&[String]` parameter; a group that did
    /// not take part is empty.
    pub fn all_captures(&self) -> Vec<String> {
        self.captures
            .iter()
            .map(|c| c.clone().unwrap_or_default())
            .collect()
    }

    /// The step's data table, if it has one.
    pub fn optional_data_table(&self) -> Option<&DataTable> {
        match &self.step.argument {
            Some(StepArgument::DataTable(table)) => Some(table),
            _ => None,
        }
    }

    /// The step's doc string, if it has one.
    pub fn optional_doc_string(&self) -> Option<&DocString> {
        match &self.step.argument {
            Some(StepArgument::DocString(doc)) => Some(doc),
            _ => None,
        }
    }

    /// The step's data table.
    ///
    /// # Errors
    /// A [`StepFailure`] when the step has none.
    pub fn data_table(&self) -> Result<&DataTable, StepFailure> {
        match &self.step.argument {
            Some(StepArgument::DataTable(table)) => Ok(table),
            _ => Err(StepFailure(format!(
                "step `{}` takes a data table but the feature gives it none",
                self.step.text
            ))),
        }
    }

    /// The step's doc string.
    ///
    /// # Errors
    /// A [`StepFailure`] when the step has none.
    pub fn doc_string(&self) -> Result<&DocString, StepFailure> {
        match &self.step.argument {
            Some(StepArgument::DocString(doc)) => Ok(doc),
            _ => Err(StepFailure(format!(
                "step `{}` takes a doc string but the feature gives it none",
                self.step.text
            ))),
        }
    }

    /// Downcast the erased World; the registry only pairs a definition with its own World.
    pub fn world<'w, W: 'static>(&self, world: &'w mut dyn Any) -> &'w mut W {
        world
            .downcast_mut::<W>()
            .expect("step registry paired a step with another World type")
    }
}

/// What a step function may return: `()` or `Result<(), E>` with `E: Display`.
///
/// The trait is internal (`__private`), so the error for another return type
/// says what to return rather than naming it.
#[diagnostic::on_unimplemented(
    message = "a step function cannot return `{Self}`",
    label = "return `()`, or `Result<(), E>` where `E: Display`"
)]
pub trait IntoStepResult {
    /// Turn the return value into the step's verdict.
    fn into_step_result(self) -> Result<(), StepFailure>;
}

impl IntoStepResult for () {
    fn into_step_result(self) -> Result<(), StepFailure> {
        Ok(())
    }
}

/// How a returned `Err` is introduced in a step's failure; a hook's failure,
/// converted the same way, swaps it for the hook's name.
pub(crate) const RETURNED_AN_ERROR: &str = "step returned an error: ";

impl<E: fmt::Display> IntoStepResult for Result<(), E> {
    fn into_step_result(self) -> Result<(), StepFailure> {
        self.map_err(|e| StepFailure(format!("{RETURNED_AN_ERROR}{e:#}")))
    }
}

/// `TypeId::of::<W>` as a function pointer, so a `StepDef` can be a `static`.
pub fn type_id_of<W: 'static>() -> TypeId {
    TypeId::of::<W>()
}
