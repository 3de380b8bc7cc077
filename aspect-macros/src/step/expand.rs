//! One step attribute expanded: parse the arguments and the function, check
//! them, generate the registration; on errors keep the function and report
//! all of them at once.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::ItemFn;

use super::generate::generate;
use super::keyword::Keyword;
use super::signature::{analyze, check_count};
use crate::args::{Errors, Form, StepArgs};

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
            let note = literal_note(&args, &func);
            quote! { #func #registration #note }
        }
        (errors, _, _) => {
            // Keep the function (so its callers still resolve) without piling a
            // dead-code warning on top of the real error.
            let errors = errors.map(|e| e.into_compile_error());
            quote! { #[allow(dead_code)] #func #errors }
        }
    }
}

/// A warning at the literal when a bare string reads as text but is an
/// expression: with `(`, `)` or `/` and no `{…}`, cucumber-rs users mean the
/// literal text, which the expression never matches. Stable Rust lets a proc
/// macro warn only through a lint, so this uses a deprecated item at the
/// literal (as the `proc-macro-warning` crate does); `expr = "…"` says the
/// expression is meant, and `#[allow(deprecated)]` on the function silences it too.
fn literal_note(args: &StepArgs, func: &ItemFn) -> TokenStream {
    // The note sits beside the function, so the function's own
    // `#[allow(deprecated)]` would not reach it: honour it here.
    let allowed = func.attrs.iter().any(|a| {
        a.path().is_ident("allow") && a.meta.to_token_stream().to_string().contains("deprecated")
    });
    let text = args.literal.value();
    let looks_literal = !allowed
        && args.form == Form::Plain
        && text.contains(['(', ')', '/'])
        && !text.contains('{')
        && !text.contains('\\');
    if !looks_literal {
        return TokenStream::new();
    }
    let note = format!(
        "`{text}` is a cucumber expression: `(…)` is optional text and `/` separates \
         alternatives, so it does not match this text as written. For the literal text write \
         `regex = r\"^{}$\"`; to keep the expression, write `expr = \"{text}\"`",
        regex_syntax::escape(&text)
    );
    let span = args.literal.span();
    let name = quote::format_ident!("__aspect_step_expression_or_literal", span = span);
    quote::quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #note)]
            #[allow(non_upper_case_globals)]
            const #name: () = ();
            #name
        };
    }
}
