//! What a step function's signature says: the World, then parameters parsed
//! from captures, a data table or a doc string. Every shape that cannot be a
//! step is an error on the user's token.

use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::{FnArg, GenericParam, Pat, Signature, Type};

use crate::args::{parens, strip, Errors, Form, StepArgs};
use crate::expression::Compiled;

/// A parameter after the World.
pub(super) enum Arg<'a> {
    /// Parsed from the next capture group; `optional` for `Option<T>` (then
    /// `ty` is `T`), which is `None` when the group did not take part.
    Capture {
        ty: &'a Type,
        optional: bool,
        name: String,
        arg: &'a FnArg,
    },
    /// `&DataTable`, or `Option<&DataTable>` when `optional`.
    Table { ty: &'a Type, optional: bool },
    /// `&DocString`, or `Option<&DocString>` when `optional`.
    Doc { ty: &'a Type, optional: bool },
    /// `&[String]`: every capture, in order (an unmatched group is empty).
    AllCaptures(&'a Type),
    /// `&Step`: the step being run, as `aspect::Step`.
    Step(&'a Type),
}

/// What the step function's signature says.
pub(super) struct StepSignature<'a> {
    pub(super) world: &'a Type,
    pub(super) args: Vec<Arg<'a>>,
}

impl StepSignature<'_> {
    fn captures(&self) -> impl Iterator<Item = &FnArg> {
        self.args.iter().filter_map(|arg| match arg {
            Arg::Capture { arg, .. } => Some(*arg),
            _ => None,
        })
    }
}

const WORLD_FIRST: &str =
    "a step function's first parameter must be the World, as `world: &mut MyWorld`";

/// Check the signature's shape; `None` when it cannot be a step.
pub(super) fn analyze<'a>(sig: &'a Signature, errors: &mut Errors) -> Option<StepSignature<'a>> {
    let before = errors.0.is_some();
    if let syn::Safety::Unsafe(token) = &sig.safety {
        errors.push(syn::Error::new_spanned(
            token,
            "a step function cannot be `unsafe`",
        ));
    }
    for param in &sig.generics.params {
        if !matches!(param, GenericParam::Lifetime(_)) {
            errors.push(syn::Error::new_spanned(
                param,
                "a step function cannot be generic: the registry needs one concrete World and \
                 concrete parameter types",
            ));
        }
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(syn::Error::new_spanned(
            variadic,
            "a step function cannot be variadic",
        ));
    }
    let mut typed = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => errors.push(syn::Error::new_spanned(
                receiver,
                "a step cannot be a method: `self` is not allowed; write a free function that \
                 takes the World as its first parameter, as `world: &mut MyWorld`",
            )),
            FnArg::Typed(pat_type) => typed.push((input, pat_type)),
        }
    }
    let world = match (sig.inputs.first(), typed.first()) {
        (None, _) => {
            // Point at `name()`: the ident and the empty parentheses.
            let name = &sig.ident;
            let parens = parens(sig);
            let tokens = quote! { #name #parens };
            errors.push(syn::Error::new_spanned(
                tokens,
                format!("`{}` has no parameters; {WORLD_FIRST}", sig.ident.unraw()),
            ));
            None
        }
        (Some(FnArg::Typed(_)), Some((arg, pat_type))) => match strip(&pat_type.ty) {
            Type::Reference(r) if r.mutability.is_some() => Some(&*r.elem),
            _ => {
                errors.push(syn::Error::new_spanned(
                    arg,
                    format!(
                        "{WORLD_FIRST}, but this parameter's type is `{}`",
                        type_name(&pat_type.ty)
                    ),
                ));
                None
            }
        },
        // A receiver first: already reported.
        _ => None,
    };
    let mut args = Vec::new();
    let (mut table, mut doc, mut step) = (false, false, false);
    for (arg, pat_type) in typed.iter().skip(usize::from(world.is_some())) {
        if is_string_slice(&pat_type.ty) {
            if args.iter().any(|a| matches!(a, Arg::AllCaptures(_))) {
                errors.push(syn::Error::new_spanned(
                    arg,
                    "a step function takes at most one `&[String]` parameter",
                ));
            } else {
                args.push(Arg::AllCaptures(&pat_type.ty));
            }
            continue;
        }
        let (ty, optional) = match option_of(&pat_type.ty) {
            Some(inner) => (inner, true),
            None => (&*pat_type.ty, false),
        };
        match classify(ty, &pat_type.pat, optional) {
            Ok(Some(Special::Table)) if table => errors.push(syn::Error::new_spanned(
                arg,
                "a step function takes at most one `&DataTable` parameter",
            )),
            Ok(Some(Special::Doc)) if doc => errors.push(syn::Error::new_spanned(
                arg,
                "a step function takes at most one `&DocString` parameter",
            )),
            Ok(Some(Special::Step)) if step => errors.push(syn::Error::new_spanned(
                arg,
                "a step function takes at most one `&Step` parameter",
            )),
            Ok(Some(Special::Step)) => {
                step = true;
                args.push(Arg::Step(&pat_type.ty));
            }
            Ok(Some(Special::Table)) => {
                table = true;
                args.push(Arg::Table {
                    ty: &pat_type.ty,
                    optional,
                });
            }
            Ok(Some(Special::Doc)) => {
                doc = true;
                args.push(Arg::Doc {
                    ty: &pat_type.ty,
                    optional,
                });
            }
            Ok(None) => args.push(Arg::Capture {
                ty,
                optional,
                name: param_name(&pat_type.pat),
                arg,
            }),
            Err(e) => errors.push(e),
        }
    }
    match world {
        Some(world) if errors.0.is_some() == before => Some(StepSignature { world, args }),
        _ => None,
    }
}

enum Special {
    Table,
    Doc,
    Step,
}

/// Whether `ty` is `&[String]`, the parameter that takes every capture.
fn is_string_slice(ty: &Type) -> bool {
    let Type::Reference(r) = strip(ty) else {
        return false;
    };
    let Type::Slice(slice) = strip(&r.elem) else {
        return false;
    };
    r.mutability.is_none()
        && matches!(strip(&slice.elem), Type::Path(p)
            if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "String"))
}

/// `T` when `ty` is `Option<T>` (by its last path segment, as `std::option::Option<T>` too).
fn option_of(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = strip(ty) else {
        return None;
    };
    let last = path.path.segments.last()?;
    if path.qself.is_some() || last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    match generics.args.iter().collect::<Vec<_>>().as_slice() {
        [syn::GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// Whether `path`, a type whose last segment is `Step`, names `aspect::Step`,
/// the step being run. A macro cannot see the module's imports, so it goes by
/// what is written: a path through `aspect` always is; a bare `Step` is when
/// taken by reference (`step: &Step`, with `use aspect::Step`), the way the
/// step view is taken, and the generated code's `IsStep` bound says so when it
/// is another type; a bare `Step` by value is a capture (the user's own
/// `Step: FromStr`), and so is any other path (`model::Step`).
fn names_aspect_step(path: &syn::TypePath, by_reference: bool) -> bool {
    if path.qself.is_some() {
        return false;
    }
    let segments = &path.path.segments;
    match segments.first() {
        Some(first) if segments.len() > 1 => first.ident == "aspect",
        Some(_) => by_reference && path.path.leading_colon.is_none(),
        None => false,
    }
}

/// Whether a parameter (`ty`, inside its `Option` when `optional`) is the data
/// table, the doc string or the step, by its type's last path segment; taking
/// one other than by shared reference (or the step, always there, as an
/// `Option`) is an error.
fn classify(ty: &Type, pat: &Pat, optional: bool) -> syn::Result<Option<Special>> {
    let (reference, inner) = match strip(ty) {
        Type::Reference(r) => (Some(r), strip(&r.elem)),
        other => (None, other),
    };
    let Type::Path(path) = inner else {
        return Ok(None);
    };
    let Some(last) = path.path.segments.last() else {
        return Ok(None);
    };
    let (special, what) = if last.ident == "DataTable" {
        (Special::Table, "data table")
    } else if last.ident == "DocString" {
        (Special::Doc, "doc string")
    } else if last.ident == "Step" && names_aspect_step(path, reference.is_some()) {
        (Special::Step, "step")
    } else {
        return Ok(None);
    };
    if optional && matches!(special, Special::Step) {
        return Err(syn::Error::new_spanned(
            ty,
            format!(
                "every step has its `Step`: take it as `{}: &Step`, not in an `Option`",
                param_name(pat)
            ),
        ));
    }
    let (open, close) = if optional { ("Option<", ">") } else { ("", "") };
    match reference {
        Some(r) if r.mutability.is_none() => Ok(Some(special)),
        _ => Err(syn::Error::new_spanned(
            ty,
            format!(
                "take the {what} by shared reference, as `{}: {open}&{}{close}`",
                param_name(pat),
                last.ident
            ),
        )),
    }
}

fn param_name(pat: &Pat) -> String {
    match pat {
        Pat::Ident(ident) => ident.ident.unraw().to_string(),
        other => tidy(other.to_token_stream().to_string()),
    }
}

/// A type as the user would write it (`crate::World`, not `crate :: World`).
pub(super) fn type_name(ty: &Type) -> String {
    tidy(ty.to_token_stream().to_string())
}

fn tidy(mut text: String) -> String {
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
    ] {
        text = text.replace(from, to);
    }
    for (from, to) in [
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        ("( ", "("),
        (" )", ")"),
    ] {
        text = text.replace(from, to);
    }
    text
}

/// The expression's parameter count must equal the function's capture parameters.
pub(super) fn check_count(
    args: &StepArgs,
    compiled: &Compiled,
    sig: &Signature,
    signature: &StepSignature<'_>,
    errors: &mut Errors,
) {
    let captures: Vec<&FnArg> = signature.captures().collect();
    let expected = compiled.params.len();
    if captures.len() == expected {
        return;
    }
    // `&[String]` or `&Step` takes them all, unless another parameter takes one too.
    if captures.is_empty()
        && signature
            .args
            .iter()
            .any(|a| matches!(a, Arg::AllCaptures(_) | Arg::Step(_)))
    {
        return;
    }
    let (what, unit) = match args.form {
        Form::Plain | Form::Expr => ("expression", "parameter"),
        Form::Regex => ("regex", "capture group"),
    };
    let plural = if expected == 1 { "" } else { "s" };
    let message = format!(
        "{what} `{}` has {expected} {unit}{plural} but `{}` takes {} (after the World)",
        args.literal.value(),
        sig.ident.unraw(),
        captures.len()
    );
    let tokens = match (captures.first(), captures.last()) {
        (Some(first), Some(last)) => quote! { #first #last },
        _ => parens(sig).into_token_stream(),
    };
    errors.push(syn::Error::new_spanned(tokens, message));
}
