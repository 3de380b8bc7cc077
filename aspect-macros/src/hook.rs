//! `#[aspect::before]` and `#[aspect::after]`: check the hook function and
//! register it as an `aspect::__private::HookDef`.
//!
//! A before hook is `fn(&mut World, &aspect::Scenario)`, an after hook
//! `fn(&mut World, &aspect::Scenario, &aspect::Outcome)`, either `async`, each
//! returning `()` or `Result<(), E: Display>`. Every other shape is an error on
//! the user's token; the tag expression is parsed when the harness starts (its
//! error names the hook's `file:line`), since its parser lives in the runtime.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{FnArg, GenericParam, ItemFn, LitStr, ReturnType, Type};

use crate::args::{is_unit, strip, Errors};

/// Before or after the scenario.
#[derive(Clone, Copy)]
pub(crate) enum HookKind {
    Before,
    After,
}

impl HookKind {
    fn attribute(self) -> &'static str {
        match self {
            HookKind::Before => "before",
            HookKind::After => "after",
        }
    }

    fn shape(self) -> &'static str {
        match self {
            HookKind::Before => "`fn hook(world: &mut MyWorld, scenario: &aspect::Scenario)`",
            HookKind::After => {
                "`fn hook(world: &mut MyWorld, scenario: &aspect::Scenario, outcome: &aspect::Outcome)`"
            }
        }
    }

    fn arity(self) -> usize {
        match self {
            HookKind::Before => 2,
            HookKind::After => 3,
        }
    }
}

/// `tags = "..."`, or nothing.
struct HookArgs {
    tags: Option<LitStr>,
}

impl Parse for HookArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(HookArgs { tags: None });
        }
        let key: syn::Ident = input.parse()?;
        if key != "tags" {
            return Err(syn::Error::new(
                key.span(),
                format!("unknown hook option `{key}`; the only option is `tags = \"@tag\"`"),
            ));
        }
        input.parse::<syn::Token![=]>()?;
        let tags: LitStr = input.parse()?;
        if tags.value().trim().is_empty() {
            return Err(syn::Error::new(
                tags.span(),
                "the tag expression is empty; write e.g. `tags = \"@db and not @slow\"`",
            ));
        }
        if !input.is_empty() {
            return Err(input.error("a hook takes one option, `tags = \"...\"`"));
        }
        Ok(HookArgs { tags: Some(tags) })
    }
}

/// Expand `#[before(attr)] item` or `#[after(attr)] item`.
pub(crate) fn expand(kind: HookKind, attr: TokenStream, item: TokenStream) -> TokenStream {
    let attribute = kind.attribute();
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            let message = format!(
                "#[{attribute}] must be placed on a function with a body, as {}",
                kind.shape()
            );
            let error = syn::Error::new(Span::call_site(), message).into_compile_error();
            return quote! { #item #error };
        }
    };
    let mut errors = Errors::default();
    let args = syn::parse2::<HookArgs>(attr)
        .map_err(|e| errors.push(e))
        .ok();
    let world = check_signature(kind, &func, &mut errors);
    match (errors.0, args, world) {
        (None, Some(args), Some(world)) => {
            let registration = generate(kind, &func, &args, world);
            quote! { #func #registration }
        }
        (errors, _, _) => {
            let errors = errors.map(|e| e.into_compile_error());
            quote! { #[allow(dead_code)] #func #errors }
        }
    }
}

/// The World type, when the signature can be a hook of `kind`.
fn check_signature<'f>(kind: HookKind, func: &'f ItemFn, errors: &mut Errors) -> Option<&'f Type> {
    let sig = &func.sig;
    let attribute = kind.attribute();
    let before = errors.0.is_some();
    if let syn::Safety::Unsafe(token) = &sig.safety {
        errors.push(syn::Error::new_spanned(
            token,
            format!("a `#[{attribute}]` hook cannot be `unsafe`"),
        ));
    }
    for param in &sig.generics.params {
        if !matches!(param, GenericParam::Lifetime(_)) {
            errors.push(syn::Error::new_spanned(
                param,
                format!(
                    "a `#[{attribute}]` hook cannot be generic: it runs for one concrete World"
                ),
            ));
        }
    }
    let mut world = None;
    for (i, input) in sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(receiver) => errors.push(syn::Error::new_spanned(
                receiver,
                format!("a hook cannot be a method; write {}", kind.shape()),
            )),
            FnArg::Typed(pat_type) => match (i, strip(&pat_type.ty)) {
                (0, Type::Reference(r)) if r.mutability.is_some() => world = Some(&*r.elem),
                (0, _) => errors.push(syn::Error::new_spanned(
                    input,
                    format!(
                        "a hook's first parameter must be the World, as `world: &mut MyWorld`; \
                         write {}",
                        kind.shape()
                    ),
                )),
                (_, Type::Reference(r)) if r.mutability.is_none() => {}
                _ => errors.push(syn::Error::new_spanned(
                    input,
                    format!(
                        "this parameter must be a shared reference; write {}",
                        kind.shape()
                    ),
                )),
            },
        }
    }
    if sig.inputs.len() != kind.arity() {
        let span = if sig.inputs.is_empty() {
            sig.ident.span()
        } else {
            sig.inputs.span()
        };
        errors.push(syn::Error::new(
            span,
            format!(
                "a `#[{attribute}]` hook takes {} parameters, this one {}; write {}",
                kind.arity(),
                sig.inputs.len(),
                kind.shape()
            ),
        ));
    }
    if errors.0.is_some() && !before {
        return None;
    }
    world
}

fn generate(kind: HookKind, func: &ItemFn, args: &HookArgs, world: &Type) -> TokenStream {
    let private = quote!(::aspect::__private);
    let ident = &func.sig.ident;
    let typed: Vec<&Type> = func
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(t) => Some(&*t.ty),
            FnArg::Receiver(_) => None,
        })
        .collect();
    // Each argument carries its parameter's span, so a wrong type (a
    // `&String` where `&aspect::Scenario` goes) is reported on the user's token.
    let scenario = quote_spanned! {typed[1].span()=> __aspect_scenario };
    let call_args = match kind {
        HookKind::Before => quote! { __aspect_w, #scenario },
        HookKind::After => {
            let outcome = quote_spanned! {typed[2].span()=>
                __aspect_outcome.expect("an after hook is given the outcome")
            };
            quote! { __aspect_w, #scenario, #outcome }
        }
    };
    let is_async = func.sig.asyncness.is_some();
    let call = if is_async {
        quote! { #ident(#call_args).await }
    } else {
        quote! { #ident(#call_args) }
    };
    let body = match &func.sig.output {
        ReturnType::Type(_, ty) if !is_unit(ty) => {
            let result = quote_spanned! {ty.span()=>
                #private::IntoHookResult::into_hook_result(__aspect_returned)
            };
            quote! { let __aspect_returned = #call; #result }
        }
        _ => quote! { #call; ::core::result::Result::Ok::<(), #private::StepFailure>(()) },
    };
    let world_var = quote_spanned! {world.span()=>
        __aspect_world
            .downcast_mut::<#world>()
            .expect("the hook registry paired a hook with another World type")
    };
    let (wrapper, body_kind) = if is_async {
        (
            quote! {
                fn __aspect_hook<'__aspect>(
                    __aspect_world: &'__aspect mut dyn ::core::any::Any,
                    __aspect_scenario: &'__aspect #private::HookScenario,
                    __aspect_outcome: ::core::option::Option<&'__aspect #private::HookOutcome>,
                ) -> #private::StepFuture<'__aspect> {
                    ::std::boxed::Box::pin(async move {
                        let __aspect_w = #world_var;
                        #body
                    })
                }
            },
            quote!(Async),
        )
    } else {
        (
            quote! {
                fn __aspect_hook(
                    __aspect_world: &mut dyn ::core::any::Any,
                    __aspect_scenario: &#private::HookScenario,
                    __aspect_outcome: ::core::option::Option<&#private::HookOutcome>,
                ) -> ::core::result::Result<(), #private::StepFailure> {
                    let __aspect_w = #world_var;
                    #body
                }
            },
            quote!(Sync),
        )
    };
    let cfgs = func.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    let kind_variant = match kind {
        HookKind::Before => quote!(Before),
        HookKind::After => quote!(After),
    };
    let tags = match &args.tags {
        Some(tags) => quote!(::core::option::Option::Some(#tags)),
        None => quote!(::core::option::Option::None),
    };
    let fn_name = ident.unraw().to_string();
    let here = ident.span();
    let file = quote_spanned!(here=> ::core::file!());
    let line = quote_spanned!(here=> ::core::line!());
    quote! {
        #(#cfgs)*
        const _: () = {
            #wrapper
            #private::inventory::submit! {
                #private::HookDef {
                    kind: #private::HookKind::#kind_variant,
                    tags: #tags,
                    world: #private::type_id_of::<#world>,
                    func: #private::HookBody::#body_kind(__aspect_hook),
                    fn_name: #fn_name,
                    file: #file,
                    line: #line,
                }
            }
        };
    }
}
