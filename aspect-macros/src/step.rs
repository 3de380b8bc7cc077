//! The expansion of a step attribute: signature analysis and code generation.
//!
//! The user's function is emitted unchanged, so it stays callable as written; next
//! to it goes an anonymous `const` holding a type-erased wrapper (`&mut dyn Any`
//! World, parameters parsed from the step's captures) and the `StepDef` submitted
//! to `inventory`. Everything that can be checked while expanding is checked here
//! and reported on the user's own tokens; what only the type checker knows (a type
//! that is not `FromStr`, a return type that is not `IntoStepResult`) is made to
//! fail on the user's tokens too, by spanning the generated calls with them.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, GenericParam, ItemFn, Pat, PatType, ReturnType, Signature, Type};

use crate::args::{is_unit, parens, strip, Errors, Form, StepArgs};
use crate::expression::Compiled;

/// The attribute being expanded.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Keyword {
    Given,
    When,
    Then,
}

impl Keyword {
    fn attribute(self) -> &'static str {
        match self {
            Keyword::Given => "given",
            Keyword::When => "when",
            Keyword::Then => "then",
        }
    }

    fn variant(self) -> proc_macro2::Ident {
        let name = match self {
            Keyword::Given => "Given",
            Keyword::When => "When",
            Keyword::Then => "Then",
        };
        proc_macro2::Ident::new(name, Span::call_site())
    }
}

/// A parameter after the World.
enum Arg<'a> {
    /// Parsed from capture group number `index`.
    Capture {
        ty: &'a Type,
        name: String,
        arg: &'a FnArg,
    },
    /// `&DataTable`.
    Table(&'a Type),
    /// `&DocString`.
    Doc(&'a Type),
}

/// What the step function's signature says.
struct StepSignature<'a> {
    world: &'a Type,
    args: Vec<Arg<'a>>,
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

/// Expand `#[given(attr)] item` (or `when` / `then`).
pub(crate) fn expand(keyword: Keyword, attr: TokenStream, item: TokenStream) -> TokenStream {
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            let message = format!(
                "#[{}] must be placed on a function with a body, as in \
                 `#[{0}(\"...\")] fn step(world: &mut MyWorld) {{ ... }}`",
                keyword.attribute()
            );
            let error = syn::Error::new(Span::call_site(), message).into_compile_error();
            return quote! { #item #error };
        }
    };
    let mut errors = Errors::default();
    let compiled = match StepArgs::from_tokens(attr, keyword.attribute()) {
        Ok(args) => match args.compile() {
            Ok(compiled) => Some((args, compiled)),
            Err(e) => {
                errors.push(e);
                None
            }
        },
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let signature = analyze(&func.sig, &mut errors);
    if let (Some((args, compiled)), Some(signature)) = (&compiled, &signature) {
        check_count(args, compiled, &func.sig, signature, &mut errors);
    }
    match (errors.0, compiled, signature) {
        (None, Some((args, compiled)), Some(signature)) => {
            let registration = generate(keyword, &func, &args, &compiled, &signature);
            quote! { #func #registration }
        }
        (errors, _, _) => {
            // Keep the function (so its callers still resolve) without piling a
            // dead-code warning on top of the real error.
            let errors = errors.map(|e| e.into_compile_error());
            quote! { #[allow(dead_code)] #func #errors }
        }
    }
}

/// Check the signature's shape; `None` when it cannot be a step.
fn analyze<'a>(sig: &'a Signature, errors: &mut Errors) -> Option<StepSignature<'a>> {
    let before = errors.0.is_some();
    if let Some(token) = &sig.asyncness {
        errors.push(syn::Error::new_spanned(
            token,
            "async steps are not supported yet",
        ));
    }
    if let Some(token) = &sig.unsafety {
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
    let (mut table, mut doc) = (false, false);
    for (arg, pat_type) in typed.iter().skip(usize::from(world.is_some())) {
        match classify(pat_type) {
            Ok(Some(Special::Table)) if table => errors.push(syn::Error::new_spanned(
                arg,
                "a step function takes at most one `&DataTable` parameter",
            )),
            Ok(Some(Special::Doc)) if doc => errors.push(syn::Error::new_spanned(
                arg,
                "a step function takes at most one `&DocString` parameter",
            )),
            Ok(Some(Special::Table)) => {
                table = true;
                args.push(Arg::Table(&pat_type.ty));
            }
            Ok(Some(Special::Doc)) => {
                doc = true;
                args.push(Arg::Doc(&pat_type.ty));
            }
            Ok(None) => args.push(Arg::Capture {
                ty: &pat_type.ty,
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
}

/// Whether a parameter is the data table or the doc string, by its type's last path
/// segment; taking either other than by shared reference is an error.
fn classify(pat_type: &PatType) -> syn::Result<Option<Special>> {
    let (reference, inner) = match strip(&pat_type.ty) {
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
    } else {
        return Ok(None);
    };
    match reference {
        Some(r) if r.mutability.is_none() => Ok(Some(special)),
        _ => Err(syn::Error::new_spanned(
            &pat_type.ty,
            format!(
                "take the {what} by shared reference, as `{}: &{}`",
                param_name(&pat_type.pat),
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
fn type_name(ty: &Type) -> String {
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
fn check_count(
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

/// The anonymous `const` with the wrapper and the registration.
fn generate(
    keyword: Keyword,
    func: &ItemFn,
    args: &StepArgs,
    compiled: &Compiled,
    signature: &StepSignature<'_>,
) -> TokenStream {
    let private = quote!(::aspect::__private);
    let ident = &func.sig.ident;
    let world = signature.world;
    let mut lets = Vec::new();
    let mut call_args = Vec::new();
    let mut index = 0usize;
    for (position, arg) in signature.args.iter().enumerate() {
        let (ty, value) = match arg {
            Arg::Capture { ty, name, .. } => {
                let i = Literal::usize_unsuffixed(index);
                index += 1;
                let value = quote_spanned! {ty.span()=>
                    __aspect_ctx.param::<#ty>(#i, #name)?
                };
                (*ty, quote! { : #ty = #value })
            }
            Arg::Table(ty) => (
                *ty,
                quote_spanned! {ty.span()=> = __aspect_ctx.data_table()? },
            ),
            Arg::Doc(ty) => (
                *ty,
                quote_spanned! {ty.span()=> = __aspect_ctx.doc_string()? },
            ),
        };
        let var = format_ident!("__aspect_arg{}", position, span = ty.span());
        lets.push(quote! { let #var #value; });
        call_args.push(var);
    }
    let world_var = quote_spanned! {world.span()=> __aspect_ctx.world::<#world>(__aspect_world) };
    let call = quote! { #ident(__aspect_w, #(#call_args),*) };
    let body = match &func.sig.output {
        // Every token of the conversion carries the return type's span, so a type
        // that is not `IntoStepResult` is reported on the user's `-> Type`.
        ReturnType::Type(_, ty) if !is_unit(ty) => {
            let result = quote_spanned! {ty.span()=>
                ::aspect::__private::IntoStepResult::into_step_result(__aspect_returned)
            };
            quote! {
                let __aspect_returned = #call;
                #result
            }
        }
        _ => quote! { #call; ::core::result::Result::Ok(()) },
    };
    let cfgs = func.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    let keyword = keyword.variant();
    let expression = args.literal.value();
    let is_regex = args.form == Form::Regex;
    let pattern = &compiled.pattern;
    let prefix = &compiled.prefix;
    let tail = match &compiled.tail {
        Some(tail) => quote!(::core::option::Option::Some(#tail)),
        None => quote!(::core::option::Option::None),
    };
    let params = compiled
        .params
        .iter()
        .map(|p| format_ident!("{}", p.variant()));
    let world_name = type_name(world);
    let fn_name = ident.unraw().to_string();
    let here = ident.span();
    let file = quote_spanned!(here=> ::core::file!());
    let line = quote_spanned!(here=> ::core::line!());
    let column = quote_spanned!(here=> ::core::column!());
    quote! {
        #(#cfgs)*
        const _: () = {
            fn __aspect_step(
                __aspect_world: &mut dyn ::core::any::Any,
                __aspect_ctx: &#private::StepContext<'_>,
            ) -> ::core::result::Result<(), #private::StepFailure> {
                let __aspect_w = #world_var;
                #(#lets)*
                #body
            }
            #private::inventory::submit! {
                #private::StepDef {
                    keyword: #private::StepKeyword::#keyword,
                    expression: #expression,
                    is_regex: #is_regex,
                    pattern: #pattern,
                    prefix: #prefix,
                    tail: #tail,
                    params: &[#(#private::ParamKind::#params),*],
                    world: #private::type_id_of::<#world>,
                    world_name: #world_name,
                    func: __aspect_step,
                    fn_name: #fn_name,
                    file: #file,
                    line: #line,
                    column: #column,
                }
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(attr: TokenStream, item: TokenStream) -> String {
        expand(Keyword::Given, attr, item).to_string()
    }

    #[test]
    fn registers_a_valid_step() {
        let out = expand_str(
            quote!("I have {int} gold"),
            quote!(
                fn have_gold(world: &mut crate::IdleWorld, amount: u64) {}
            ),
        );
        assert!(out.starts_with("fn have_gold"), "{out}");
        assert!(out.contains("param :: < u64 > (0 , \"amount\")"), "{out}");
        assert!(out.contains("world_name : \"crate::IdleWorld\""), "{out}");
        assert!(out.contains("ParamKind :: Int"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn reports_every_problem_at_once() {
        let out = expand_str(
            quote!("I have {colour} gold"),
            quote!(
                async fn f(&self) {}
            ),
        );
        assert!(out.contains("unknown parameter type"), "{out}");
        assert!(out.contains("async steps are not supported yet"), "{out}");
        assert!(out.contains("a step cannot be a method"), "{out}");
    }

    #[test]
    fn rejects_non_functions() {
        let out = expand_str(
            quote!("x"),
            quote!(
                struct S;
            ),
        );
        assert!(out.contains("must be placed on a function"), "{out}");
    }

    #[test]
    fn classifies_tables_and_doc_strings() {
        let out = expand_str(
            quote!("a {word}:"),
            quote!(
                fn f(w: &mut W, t: &aspect::DataTable, x: String, d: &DocString) {}
            ),
        );
        assert!(out.contains("data_table ()"), "{out}");
        assert!(out.contains("doc_string ()"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
        let out = expand_str(
            quote!("a"),
            quote!(
                fn f(w: &mut W, t: DataTable) {}
            ),
        );
        assert!(
            out.contains("take the data table by shared reference"),
            "{out}"
        );
        let out = expand_str(
            quote!("a"),
            quote!(
                fn f(w: &mut W, t: &DataTable, u: &DataTable) {}
            ),
        );
        assert!(out.contains("at most one `&DataTable`"), "{out}");
    }

    #[test]
    fn counts_parameters() {
        let out = expand_str(
            quote!("I have {int} gold"),
            quote!(
                fn have_gold(w: &mut W, a: u64, b: u64) {}
            ),
        );
        assert!(
            out.contains("expression `I have {int} gold` has 1 parameter but `have_gold` takes 2 (after the World)"),
            "{out}"
        );
        let out = expand_str(
            quote!(regex = "^(a)(b)$"),
            quote!(
                fn f(w: &mut W) {}
            ),
        );
        assert!(
            out.contains("regex `^(a)(b)$` has 2 capture groups but `f` takes 0"),
            "{out}"
        );
    }

    #[test]
    fn names_types_as_written() {
        let ty: Type = syn::parse_quote!(::std::collections::HashMap<String, Vec<u8>>);
        assert_eq!(
            type_name(&ty),
            "::std::collections::HashMap<String, Vec<u8>>"
        );
    }
}
