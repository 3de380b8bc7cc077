//! The expansion of `#[aspect::bench]`: argument parsing, signature checks and the
//! registration of an `aspect::__private::BenchDef`.
//!
//! A bench function is referred to by name from an aspect's frontmatter
//! (`evidence: {bench: buy_generator, max: 5us}`), so the macro only has to make
//! it findable at run time: the function is emitted unchanged and a `BenchDef`
//! pointing at it is submitted to `inventory`. Every way the function can be
//! unusable (async, a method, generic, the wrong parameters or return type, an
//! unknown attribute argument) is a compile error on the user's own token; a
//! parameter of the wrong type is reported by the type checker, on that type,
//! because the generated call is spanned with it.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{FnArg, GenericParam, Ident, ItemFn, LitStr, ReturnType, Signature, Token, Type};

use crate::args::{is_unit, parens, string_after, strip, Errors};

const SHAPE: &str = "a bench function takes one parameter, `b: &mut aspect::Bencher`, and \
                     returns nothing";

/// The arguments of `#[aspect::bench(...)]`: nothing, or `name = "..."`.
struct BenchArgs {
    name: Option<LitStr>,
}

impl Parse for BenchArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut name = None;
        while !input.is_empty() {
            if input.peek(LitStr) {
                let literal: LitStr = input.parse()?;
                return Err(syn::Error::new(
                    literal.span(),
                    format!("write the name as `name = {}`", literal.to_token_stream()),
                ));
            }
            let key = input.call(Ident::parse_any).map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected `name = \"...\"`, the only argument of #[aspect::bench]",
                )
            })?;
            if key != "name" {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown argument `{}`: #[aspect::bench] takes only `name = \"...\"` \
                         (the name aspects refer to it by; the function's name by default)",
                        key.unraw()
                    ),
                ));
            }
            if name.is_some() {
                return Err(syn::Error::new(key.span(), "`name` is given twice"));
            }
            let literal = string_after(input, "name")?;
            let value = literal.value();
            if value.is_empty() || value.contains(char::is_whitespace) {
                return Err(syn::Error::new(
                    literal.span(),
                    "a bench name must be non-empty and contain no whitespace: aspects write it \
                     as `bench: <name>`",
                ));
            }
            name = Some(literal);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(BenchArgs { name })
    }
}

/// Expand `#[aspect::bench(attr)] item`.
pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            let error = syn::Error::new(
                Span::call_site(),
                "#[aspect::bench] must be placed on a function with a body, as in \
                 `#[aspect::bench] fn name(b: &mut aspect::Bencher) { b.iter(|| ...) }`",
            )
            .into_compile_error();
            return quote! { #item #error };
        }
    };
    let mut errors = Errors::default();
    let args = match syn::parse2::<BenchArgs>(attr) {
        Ok(args) => Some(args),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let bencher = analyze(&func.sig, &mut errors);
    match (errors.0, args, bencher) {
        (None, Some(args), Some(bencher)) => {
            let registration = generate(&func, &args, bencher);
            quote! { #func #registration }
        }
        (errors, _, _) => {
            // Keep the function, without a dead-code warning on top of the real error.
            let errors = errors.map(|e| e.into_compile_error());
            quote! { #[allow(dead_code)] #func #errors }
        }
    }
}

/// Check the signature; the type the parameter refers to (`Bencher` of
/// `&mut Bencher`) when it can be a bench.
fn analyze<'a>(sig: &'a Signature, errors: &mut Errors) -> Option<&'a Type> {
    let before = errors.0.is_some();
    if let Some(token) = &sig.asyncness {
        errors.push(syn::Error::new_spanned(
            token,
            "a bench function cannot be `async`: it is called, and its routine timed, \
             synchronously",
        ));
    }
    if let syn::Safety::Unsafe(token) = &sig.safety {
        errors.push(syn::Error::new_spanned(
            token,
            "a bench function cannot be `unsafe`",
        ));
    }
    for param in &sig.generics.params {
        if !matches!(param, GenericParam::Lifetime(_)) {
            errors.push(syn::Error::new_spanned(
                param,
                "a bench function cannot be generic: write one function per type measured",
            ));
        }
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(syn::Error::new_spanned(
            variadic,
            "a bench function cannot be variadic",
        ));
    }
    let mut typed = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => errors.push(syn::Error::new_spanned(
                receiver,
                format!("a bench function cannot be a method: `self` is not allowed; {SHAPE}"),
            )),
            FnArg::Typed(pat_type) => typed.push(pat_type),
        }
    }
    let mut bencher = None;
    match typed.as_slice() {
        [] if sig.receiver().is_none() => {
            // Point at `name()`: the ident and the empty parentheses.
            let name = &sig.ident;
            let parens = parens(sig);
            errors.push(syn::Error::new_spanned(
                quote! { #name #parens },
                format!("`{}` has no parameters; {SHAPE}", sig.ident.unraw()),
            ));
        }
        [] => {}
        [first, extra @ ..] => {
            match strip(&first.ty) {
                Type::Reference(r) if r.mutability.is_some() => bencher = Some(&*r.elem),
                _ => errors.push(syn::Error::new_spanned(
                    &first.ty,
                    format!(
                        "{SHAPE}, but this parameter's type is `{}`",
                        tidy(&first.ty)
                    ),
                )),
            }
            if let (Some(second), Some(last)) = (extra.first(), extra.last()) {
                errors.push(syn::Error::new_spanned(
                    quote! { #second #last },
                    format!(
                        "`{}` takes {} parameters; {SHAPE}: remove the others",
                        sig.ident.unraw(),
                        typed.len()
                    ),
                ));
            }
        }
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        if !is_unit(ty) {
            errors.push(syn::Error::new_spanned(
                ty,
                format!(
                    "{SHAPE}: return what the routine computes from the closure given to \
                     `b.iter(|| ...)` instead, which keeps the compiler from skipping the work"
                ),
            ));
        }
    }
    match bencher {
        Some(ty) if errors.0.is_some() == before => Some(ty),
        _ => None,
    }
}

/// A type as the user would write it (`&mut u32`, not `& mut u32`).
fn tidy(ty: &Type) -> String {
    let mut text = ty.to_token_stream().to_string();
    for (from, to) in [(" :: ", "::"), (":: ", "::"), ("& ", "&"), (" <", "<")] {
        text = text.replace(from, to);
    }
    text.replace("< ", "<").replace(" >", ">")
}

/// The wrapper with the `Bencher` type fixed, and its registration.
fn generate(func: &ItemFn, args: &BenchArgs, bencher: &Type) -> TokenStream {
    let private = quote!(::aspect::__private);
    let ident = &func.sig.ident;
    let name = match &args.name {
        Some(literal) => literal.value(),
        None => ident.unraw().to_string(),
    };
    // A parameter that is not `&mut aspect::Bencher` fails to type-check here, and
    // the error lands on the type the user's `&mut` refers to.
    let argument = quote_spanned! {bencher.span()=> __aspect_bencher };
    let cfgs = func.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    let here = ident.span();
    let file = quote_spanned!(here=> ::core::file!());
    let line = quote_spanned!(here=> ::core::line!());
    let column = quote_spanned!(here=> ::core::column!());
    quote! {
        #(#cfgs)*
        const _: () = {
            fn __aspect_bench(__aspect_bencher: &mut ::aspect::Bencher) {
                #ident(#argument)
            }
            #private::inventory::submit! {
                #private::BenchDef {
                    name: #name,
                    func: __aspect_bench,
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
        expand(attr, item).to_string()
    }

    #[test]
    fn registers_under_the_function_name_or_the_name_given() {
        let out = expand_str(
            quote!(),
            quote!(
                fn buy_generator(b: &mut aspect::Bencher) {}
            ),
        );
        assert!(out.starts_with("fn buy_generator"), "{out}");
        assert!(out.contains("name : \"buy_generator\""), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
        let out = expand_str(
            quote!(name = "buy-one",),
            quote!(
                fn r#buy<'a>(b: &'a mut Bencher) -> () {}
            ),
        );
        assert!(out.contains("name : \"buy-one\""), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn rejects_bad_arguments() {
        let message = |attr| {
            expand_str(
                attr,
                quote!(
                    fn f(b: &mut Bencher) {}
                ),
            )
        };
        assert!(message(quote!(iterations = 10)).contains("unknown argument `iterations`"));
        assert!(message(quote!("x")).contains("write the name as `name = \\\"x\\\"`"));
        assert!(message(quote!(name = "a", name = "b")).contains("`name` is given twice"));
        assert!(message(quote!(name = "a b")).contains("contain no whitespace"));
        assert!(message(quote!(name)).contains("expected `=` after `name`"));
        assert!(message(quote!(name = 3)).contains("expected a string literal"));
    }

    #[test]
    fn reports_every_problem_at_once() {
        let out = expand_str(
            quote!(),
            quote!(
                async unsafe fn f<T>(&self, n: u32, m: u32) -> u64 {}
            ),
        );
        for expected in [
            "cannot be `async`",
            "cannot be `unsafe`",
            "cannot be generic",
            "cannot be a method",
            "takes 2 parameters",
            "this parameter's type is `u32`",
            "return what the routine computes",
        ] {
            assert!(out.contains(expected), "{expected}: {out}");
        }
        assert!(out.contains("# [allow (dead_code)]"), "{out}");
        // A method is one error, not also a parameter count.
        let out = expand_str(
            quote!(),
            quote!(
                fn f(&mut self, b: &mut Bencher) {}
            ),
        );
        assert!(out.contains("cannot be a method"), "{out}");
        assert!(!out.contains("parameters"), "{out}");
    }

    #[test]
    fn checks_the_parameter() {
        let out = expand_str(
            quote!(),
            quote!(
                fn f() {}
            ),
        );
        assert!(out.contains("`f` has no parameters"), "{out}");
        let out = expand_str(
            quote!(),
            quote!(
                fn f(b: Bencher) {}
            ),
        );
        assert!(out.contains("this parameter's type is `Bencher`"), "{out}");
        let out = expand_str(
            quote!(),
            quote!(
                fn f(b: &aspect::Bencher) {}
            ),
        );
        assert!(
            out.contains("this parameter's type is `&aspect::Bencher`"),
            "{out}"
        );
    }

    #[test]
    fn rejects_non_functions() {
        let out = expand_str(
            quote!(),
            quote!(
                struct S;
            ),
        );
        assert!(out.contains("must be placed on a function"), "{out}");
    }
}
