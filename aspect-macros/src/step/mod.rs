//! The expansion of a step attribute: signature analysis and code generation.
//!
//! The user's function is emitted unchanged, so it stays callable as written; next
//! to it goes an anonymous `const` holding a type-erased wrapper (`&mut dyn Any`
//! World, parameters parsed from the step's captures) and the `StepDef` submitted
//! to `inventory`. Everything that can be checked while expanding is checked here
//! and reported on the user's own tokens; what only the type checker knows (a type
//! that is not `FromStr`, a return type that is not `IntoStepResult`) is made to
//! fail on the user's tokens too, by spanning the generated calls with them.

//!
//! By stage: `keyword` (which attribute) → `signature` (what the function's
//! parameters are, checked against the expression) → `generate` (the wrapper
//! and the registration); `expand` runs them in order.

mod expand;
mod generate;
mod keyword;
mod signature;
#[cfg(test)]
mod tests;

pub(crate) use expand::expand;
pub(crate) use keyword::Keyword;
