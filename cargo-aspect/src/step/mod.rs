//! Steps: the registry the step macros fill, the matcher that finds a step's
//! definition, and the snippets offered for undefined steps.
//!
//! Nothing here knows about libtest; the harness asks the [`Matcher`] and calls
//! the matched [`StepDef`].

mod matcher;
mod parameter;
mod registry;
mod snippet;
mod view;

pub use matcher::{Match, Matcher};
pub use parameter::{str_eq, CustomParam, Parameter};
pub(crate) use registry::RETURNED_AN_ERROR;
pub use registry::{
    type_id_of, IntoStepResult, ParamKind, StepBody, StepContext, StepDef, StepFailure, StepFuture,
    StepKeyword,
};
pub use snippet::snippet;
pub use view::{IsStep, Step};
