//! Custom parameter types: a type that names its own `{name}` in cucumber
//! expressions, with the regex its text matches ([`Parameter`], usually derived
//! with `#[derive(aspect::Parameter)]`).
//!
//! A step macro cannot see a type's regex (it is known only where the type is),
//! so an expression with `{name}` is compiled with a stand-in group, and the
//! matcher puts the regex of the parameter's type in its place when it builds
//! ([`resolve`]). The macro checks at compile time that the type at that
//! position is a `Parameter` named `name`. This module must not know about
//! libtest or the harness.

use std::borrow::Cow;

use super::StepDef;

/// A type that can be a `{name}` parameter of a cucumber expression: its text
/// matches [`Parameter::REGEX`] and is turned into the type by `FromStr`.
///
/// Derive it, giving the regex and (by default the type's name in lowercase)
/// the name:
///
/// ```
/// #[derive(Debug, aspect::Parameter)]
/// #[param(name = "generator", regex = "mine|farm")]
/// enum Generator { Mine, Farm }
///
/// impl std::str::FromStr for Generator {
///     type Err = String;
///     fn from_str(s: &str) -> Result<Self, String> {
///         match s {
///             "mine" => Ok(Generator::Mine),
///             "farm" => Ok(Generator::Farm),
///             other => Err(format!("no generator {other:?}")),
///         }
///     }
/// }
///
/// #[aspect::given("I buy a {generator}")]
/// fn buy(world: &mut Vec<Generator>, generator: Generator) { world.push(generator); }
/// ```
///
/// It gives one value, whatever groups or alternatives the regex has: as in
/// cucumber-rs, the first of its groups that matched something, or the whole
/// match when none did (`(hungry)|(satiated)|'([^']*)'` gives `tiny` for
/// `'tiny'`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a parameter type",
    label = "a `{{name}}` parameter of the expression is taken here",
    note = "derive it: `#[derive(aspect::Parameter)] #[param(name = \"...\", regex = \"...\")]`, and implement `FromStr`"
)]
pub trait Parameter {
    /// The name written in expressions, without braces: `generator` for `{generator}`.
    const NAME: &'static str;
    /// The regex (regex-lite syntax) the parameter's text matches.
    const REGEX: &'static str;
}

/// A custom parameter of a step definition, in expression order. Built by the
/// step macros; not meant to be written by hand.
#[derive(Clone, Copy, Debug)]
pub struct CustomParam {
    /// [`Parameter::NAME`] of its type.
    pub name: &'static str,
    /// [`Parameter::REGEX`] of its type.
    pub regex: &'static str,
}

/// What the step macros compile a `{name}` to until [`resolve`] replaces it.
/// Text of an expression is escaped, so only a custom parameter writes this.
pub const STAND_IN: &str = "(.+)";

/// `a == b`, in a `const` (the macros check a type's name at compile time).
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `pattern` (a definition's pattern or tail) with each stand-in replaced by
/// its parameter's regex, wrapped in one group.
pub(crate) fn resolve<'p>(def: &StepDef, pattern: &'p str) -> Cow<'p, str> {
    if def.custom.is_empty() {
        return Cow::Borrowed(pattern);
    }
    let mut out = String::with_capacity(pattern.len());
    let mut custom = def.custom.iter();
    let mut rest = pattern;
    while let Some(at) = rest.find(STAND_IN) {
        out.push_str(&rest[..at]);
        match custom.next() {
            Some(param) => {
                out.push_str("((?:");
                out.push_str(param.regex);
                out.push_str("))");
            }
            None => out.push_str(STAND_IN),
        }
        rest = &rest[at + STAND_IN.len()..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The capture group of each parameter of `def` (1-based, as regex groups
/// count) and how many groups of its own its regex has, which follow it.
/// `inner` is how many groups each custom regex has.
pub(crate) fn parameter_groups(def: &StepDef, inner: &[usize]) -> Vec<(usize, usize)> {
    let mut groups = Vec::with_capacity(def.params.len());
    let mut next = 1;
    let mut custom = inner.iter();
    for kind in def.params {
        let own = match kind {
            super::ParamKind::Custom => custom.next().copied().unwrap_or(0),
            _ => 0,
        };
        groups.push((next, own));
        next += 1 + own;
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_in_const_context() {
        const { assert!(str_eq("generator", "generator")) };
        assert!(!str_eq("generator", "generators"));
        assert!(!str_eq("mine", "farm"));
    }
}
