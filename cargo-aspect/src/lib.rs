//! Placeholder; written below.
#![allow(missing_docs)]
pub mod spec;
pub mod step;

pub use aspect_macros::{given, then, when};
pub use spec::{DataTable, DocString};

#[doc(hidden)]
pub mod __private {
    pub use crate::step::{
        type_id_of, IntoStepResult, ParamKind, StepContext, StepDef, StepFailure, StepKeyword,
    };
    pub use inventory;
}
