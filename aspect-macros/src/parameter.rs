//! `#[derive(Parameter)]`: a type names its own `{name}` in cucumber
//! expressions, with the regex its text matches, as cucumber-rs's
//! `#[derive(Parameter)] #[param(name = "...", regex = "...")]` does.
//!
//! The regex is checked here, at the literal, with the engine the runtime
//! matches with; the name must be one an expression can write and not a
//! built-in one. The type's `FromStr` is the step function's business.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{DeriveInput, LitStr};

use crate::args::{string_after, Errors};
use crate::expression::{compile_regex, is_built_in, is_parameter_name};

/// Expand `#[derive(Parameter)]`.
pub(crate) fn derive(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.into_compile_error(),
    };
    let mut errors = Errors::default();
    let (mut name, mut regex): (Option<LitStr>, Option<LitStr>) = (None, None);
    let mut seen = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("param")) {
        seen = true;
        let parsed = attr.parse_args_with(|stream: syn::parse::ParseStream<'_>| {
            while !stream.is_empty() {
                let key: syn::Ident = stream.call(syn::Ident::parse_any)?;
                let value = string_after(stream, &key.to_string())?;
                match key.to_string().as_str() {
                    "name" => name = Some(value),
                    "regex" => regex = Some(value),
                    other => {
                        return Err(syn::Error::new(
                            key.span(),
                            format!("unknown argument `{other}`: `#[param]` takes `name = \"...\"` and `regex = \"...\"`"),
                        ))
                    }
                }
                if stream.peek(syn::Token![,]) {
                    stream.parse::<syn::Token![,]>()?;
                }
            }
            Ok(())
        });
        if let Err(e) = parsed {
            errors.push(e);
        }
    }
    let ident = &input.ident;
    let Some(regex) = regex else {
        if errors.0.is_none() {
            let message = format!(
                "a parameter type needs its regex: `#[param(regex = \"...\")]`{}",
                if seen {
                    ""
                } else {
                    " under `#[derive(Parameter)]`"
                }
            );
            errors.push(syn::Error::new(ident.span(), message));
        }
        return errors.0.map(|e| e.into_compile_error()).unwrap_or_default();
    };
    if let Err(message) = compile_regex(&regex.value()) {
        errors.push(syn::Error::new(regex.span(), message));
    } else if regex.value().starts_with('^') || regex.value().ends_with('$') {
        errors.push(syn::Error::new(
            regex.span(),
            "a parameter's regex is part of a step's pattern: leave out `^` and `$`",
        ));
    }
    let (name_value, name_span) = match &name {
        Some(lit) => (lit.value(), lit.span()),
        None => (ident.unraw().to_string().to_lowercase(), ident.span()),
    };
    if !is_parameter_name(&name_value) {
        errors.push(syn::Error::new(
            name_span,
            format!("`{name_value}` cannot be written as `{{{name_value}}}`: a parameter name has letters, digits, `_` and `-`"),
        ));
    } else if is_built_in(&name_value) {
        errors.push(syn::Error::new(
            name_span,
            format!("`{{{name_value}}}` is a built-in parameter type: give this type another name, as `#[param(name = \"my-{name_value}\")]`"),
        ));
    }
    if let Some(errors) = errors.0 {
        return errors.into_compile_error();
    }
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics ::aspect::Parameter for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name_value;
            const REGEX: &'static str = #regex;
        }
    }
}
