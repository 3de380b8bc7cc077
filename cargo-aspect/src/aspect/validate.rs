//! Loaded aspects checked together, before anything runs: names unique, and
//! each evidence referring to something real (a program, a crate, a bench).

use super::load::{located, Aspect};
use crate::evidence::Context;
use crate::spec::{Location, ParseError};

/// Check names are unique across `aspects` and each evidence refers to something real.
///
/// # Errors
/// The first problem, located at the aspect's name or at what its evidence names.
pub fn validate<'a>(
    aspects: &'a [Aspect],
    ctx_for: impl Fn(&'a Aspect) -> Context<'a>,
) -> Result<(), ParseError> {
    let mut seen: std::collections::HashMap<&str, &Aspect> = std::collections::HashMap::new();
    for aspect in aspects {
        if let Some(first) = seen.insert(&aspect.name, aspect) {
            let message = format!(
                "duplicate aspect name `{}`: {}:{} has it too",
                aspect.name,
                first.path.display(),
                first.name_location.line
            );
            return Err(located_in(aspect, aspect.name_location, message));
        }
        if let Err((message, at)) = aspect.evidence.validate_at(&ctx_for(aspect)) {
            let at = at.map_or(aspect.subject_location, |(line, column)| Location {
                line,
                column,
            });
            return Err(located_in(aspect, at, message));
        }
    }
    Ok(())
}

/// An error at `at` in a loaded aspect's file, its line quoted.
fn located_in(aspect: &Aspect, at: Location, message: String) -> ParseError {
    let text = std::fs::read_to_string(&aspect.path).unwrap_or_default();
    located(
        &aspect.path,
        &text,
        at.line as usize,
        at.column as usize,
        message,
    )
}
