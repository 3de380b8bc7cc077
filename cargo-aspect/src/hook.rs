//! Scenario hooks: what `#[aspect::before]` and `#[aspect::after]` register,
//! and the [`Scenario`] and [`Outcome`] they are shown.
//!
//! A hook is type-erased like a step ([`HookDef::world`] pairs it with its
//! World) and limited by an optional tag expression, parsed once when the
//! harness starts: a malformed one stops the harness with an error at the
//! hook's `file:line`, before any scenario runs. This module only registers and
//! selects hooks; `scenario.rs` runs them, and must report a failing one beside
//! the scenario's steps, never instead of them.

use std::any::{Any, TypeId};
use std::fmt;

use crate::step::{StepFailure, StepFuture};
use crate::tags::TagExpr;

/// The scenario a hook runs around: its feature, its name and its tags.
///
/// ```no_run
/// # #[derive(Default)] struct MyWorld { log: Vec<String> }
/// #[aspect::before]
/// fn start(world: &mut MyWorld, scenario: &aspect::Scenario) {
///     world.log.push(format!("{} / {} {:?}", scenario.feature, scenario.name, scenario.tags));
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Scenario {
    /// The name of the feature the scenario is in.
    pub feature: String,
    /// The scenario's name (an outline's rows share it).
    pub name: String,
    /// Its tags, each with its `@`, inherited ones (feature, rule, examples) included.
    pub tags: Vec<String>,
}

/// How a scenario's steps ended, as an after hook sees it.
///
/// A step that is undefined or ambiguous fails its scenario here (there is no
/// "skipped" scenario), so the outcome is one of two.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The World was made, every before hook and every step passed.
    Passed,
    /// Something failed: the message says what (a step's error or panic, a
    /// before hook's, an undefined step).
    Failed(String),
}

impl Outcome {
    /// Whether the scenario passed so far.
    pub fn passed(&self) -> bool {
        matches!(self, Outcome::Passed)
    }
}

/// Before or after the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookKind {
    /// `#[aspect::before]`
    Before,
    /// `#[aspect::after]`
    After,
}

impl HookKind {
    /// The attribute name, for messages.
    pub fn attribute(self) -> &'static str {
        match self {
            HookKind::Before => "before",
            HookKind::After => "after",
        }
    }
}

/// What a hook function may return: `()` or `Result<(), E>` with `E: Display`,
/// as a step; its own trait so that another return type is reported as a hook's.
#[diagnostic::on_unimplemented(
    message = "a hook cannot return `{Self}`",
    label = "return `()`, or `Result<(), E>` where `E: Display`"
)]
pub trait IntoHookResult {
    /// Turn the return value into the hook's verdict.
    fn into_hook_result(self) -> Result<(), StepFailure>;
}

impl IntoHookResult for () {
    fn into_hook_result(self) -> Result<(), StepFailure> {
        Ok(())
    }
}

impl<E: fmt::Display> IntoHookResult for Result<(), E> {
    fn into_hook_result(self) -> Result<(), StepFailure> {
        crate::step::IntoStepResult::into_step_result(self)
    }
}

/// The wrapper of a plain `fn` hook; the outcome is `None` for a before hook.
pub type HookFn = fn(&mut dyn Any, &Scenario, Option<&Outcome>) -> Result<(), StepFailure>;

/// The wrapper of an `async fn` hook.
pub type AsyncHookFn =
    for<'a> fn(&'a mut dyn Any, &'a Scenario, Option<&'a Outcome>) -> StepFuture<'a>;

/// How a hook runs: called, or awaited on the harness's runtime.
#[derive(Clone, Copy, Debug)]
pub enum HookBody {
    /// A plain `fn` hook.
    Sync(HookFn),
    /// An `async fn` hook.
    Async(AsyncHookFn),
}

/// One registered hook. Built by the hook macros; not meant to be written by hand.
#[derive(Debug)]
pub struct HookDef {
    /// Before or after.
    pub kind: HookKind,
    /// The tag expression that limits it, as written (`tags = "@db"`).
    pub tags: Option<&'static str>,
    /// The `TypeId` of the World the function takes.
    pub world: fn() -> TypeId,
    /// The generated wrapper.
    pub func: HookBody,
    /// The user's function name.
    pub fn_name: &'static str,
    /// Source file of the definition (as `file!()` gives it).
    pub file: &'static str,
    /// Line of the definition.
    pub line: u32,
}

inventory::collect!(HookDef);

impl fmt::Display for HookDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} hook `{}` ({}:{})",
            self.kind.attribute(),
            self.fn_name,
            self.file,
            self.line
        )
    }
}

/// Whether any hook for the World `world` is an `async fn` (its scenarios
/// then mostly wait, and run concurrently like those with async steps).
pub(crate) fn any_async(world: TypeId) -> bool {
    inventory::iter::<HookDef>
        .into_iter()
        .any(|def| (def.world)() == world && matches!(def.func, HookBody::Async(_)))
}

/// The hooks of one World, in registration order, with their tag expressions parsed.
#[derive(Default)]
pub(crate) struct Hooks {
    hooks: Vec<(&'static HookDef, Option<TagExpr>)>,
}

impl Hooks {
    /// Every hook linked into this binary for the World `world`, ordered by
    /// file and line (inventory's order is unspecified), so the order is the
    /// order they are written in.
    ///
    /// # Errors
    /// `file:line: …` for the first hook whose tag expression does not parse.
    pub(crate) fn for_world(world: TypeId) -> Result<Hooks, String> {
        let mut defs: Vec<&'static HookDef> = inventory::iter::<HookDef>
            .into_iter()
            .filter(|def| (def.world)() == world)
            .collect();
        defs.sort_by_key(|def| (def.file, def.line));
        let hooks = defs
            .into_iter()
            .map(|def| {
                let tags = def
                    .tags
                    .map(|t| {
                        t.parse::<TagExpr>().map_err(|e| {
                            format!(
                                "{}:{}: #[aspect::{}(tags = …)] on `{}`: {e}",
                                def.file,
                                def.line,
                                def.kind.attribute(),
                                def.fn_name
                            )
                        })
                    })
                    .transpose()?;
                Ok((def, tags))
            })
            .collect::<Result<_, String>>()?;
        Ok(Hooks { hooks })
    }

    /// Whether the World has no hook at all (then a scenario needs no [`Scenario`]).
    pub(crate) fn is_empty(&self) -> bool {
        self.hooks.is_empty()
    }

    /// The hooks of `kind` that apply to a scenario with these tags.
    pub(crate) fn applying<'h>(
        &'h self,
        kind: HookKind,
        tags: &'h [String],
    ) -> impl Iterator<Item = &'static HookDef> + 'h {
        self.hooks
            .iter()
            .filter(move |(def, expr)| {
                def.kind == kind && expr.as_ref().is_none_or(|e| e.matches(tags))
            })
            .map(|(def, _)| *def)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A World only these tests' hooks are registered for.
    struct HookedWorld;

    fn noop(_: &mut dyn Any, _: &Scenario, _: Option<&Outcome>) -> Result<(), StepFailure> {
        Ok(())
    }

    inventory::submit! {
        HookDef { kind: HookKind::After, tags: None, world: crate::step::type_id_of::<HookedWorld>,
            func: HookBody::Sync(noop), fn_name: "close", file: "b.rs", line: 1 }
    }
    inventory::submit! {
        HookDef { kind: HookKind::Before, tags: Some("@db"), world: crate::step::type_id_of::<HookedWorld>,
            func: HookBody::Sync(noop), fn_name: "connect", file: "a.rs", line: 9 }
    }
    inventory::submit! {
        HookDef { kind: HookKind::Before, tags: None, world: crate::step::type_id_of::<HookedWorld>,
            func: HookBody::Sync(noop), fn_name: "open", file: "a.rs", line: 2 }
    }

    fn names(hooks: &Hooks, kind: HookKind, tags: &[&str]) -> Vec<&'static str> {
        let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
        hooks.applying(kind, &tags).map(|d| d.fn_name).collect()
    }

    #[test]
    fn hooks_run_in_source_order_and_only_where_their_tags_match() {
        let hooks = Hooks::for_world(TypeId::of::<HookedWorld>()).unwrap();
        assert_eq!(names(&hooks, HookKind::Before, &[]), ["open"]);
        assert_eq!(
            names(&hooks, HookKind::Before, &["@db"]),
            ["open", "connect"]
        );
        assert_eq!(names(&hooks, HookKind::After, &["@db"]), ["close"]);
        assert!(!any_async(TypeId::of::<HookedWorld>()));
        let other = Hooks::for_world(TypeId::of::<u8>()).unwrap();
        assert!(names(&other, HookKind::Before, &["@db"]).is_empty());
    }
}
