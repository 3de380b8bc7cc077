//! One step attribute expanded: parse the arguments and the function, check
//! them, generate the registration; on errors keep the function and report
//! all of them at once.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::ItemFn;

use super::generate::generate;
use super::keyword::Keyword;
use super::signature::{analyze, check_count};
use crate::args::{Errors, StepArgs};

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
