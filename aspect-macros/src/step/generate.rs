//! The code a valid step expands to: the anonymous `const` with the
//! type-erased wrapper and the `StepDef` submitted to `inventory`, spanned
//! with the user's tokens so type errors land on them.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{ItemFn, ReturnType, Type};

use super::keyword::Keyword;
use super::signature::{type_name, Arg, StepSignature};
use crate::args::{is_unit, strip, Form, StepArgs};
use crate::expression::{Compiled, ParamKind};

/// The anonymous `const` with the wrapper and the registration.
pub(super) fn generate(
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
    // Each `{name}` that is not built in, with the type of the parameter
    // that takes it: its regex comes from that type.
    let customs: Vec<TokenStream> = signature
        .args
        .iter()
        .filter_map(|arg| match arg {
            Arg::Capture { ty, name, .. } => Some((*ty, name.as_str())),
            _ => None,
        })
        .zip(&compiled.params)
        .filter(|(_, kind)| **kind == ParamKind::Custom)
        .zip(&compiled.custom)
        .map(|((capture, _), wanted)| custom_param(capture.0, capture.1, wanted))
        .collect();
    for (position, arg) in signature.args.iter().enumerate() {
        let (ty, value) = match arg {
            Arg::Capture {
                ty,
                optional: false,
                name,
                ..
            } => {
                let i = Literal::usize_unsuffixed(index);
                index += 1;
                let value = quote_spanned! {ty.span()=>
                    __aspect_ctx.param::<#ty>(#i, #name)?
                };
                (*ty, quote! { : #ty = #value })
            }
            Arg::Capture {
                ty,
                optional: true,
                name,
                ..
            } => {
                let i = Literal::usize_unsuffixed(index);
                index += 1;
                let value = quote_spanned! {ty.span()=>
                    __aspect_ctx.optional_param::<#ty>(#i, #name)?
                };
                (*ty, quote! { : ::core::option::Option<#ty> = #value })
            }
            Arg::Table { ty, optional } => (
                *ty,
                if *optional {
                    quote_spanned! {ty.span()=> = __aspect_ctx.optional_data_table() }
                } else {
                    quote_spanned! {ty.span()=> = __aspect_ctx.data_table()? }
                },
            ),
            Arg::AllCaptures(ty) => (
                *ty,
                quote_spanned! {ty.span()=> = &__aspect_ctx.all_captures() },
            ),
            Arg::Step(ty) => {
                // Built once, before the parameters that borrow it; the
                // `IsStep` bound says so when a bare `Step` is another type.
                lets.push(quote! { let __aspect_view = __aspect_ctx.step_view(); });
                let view = match strip(ty) {
                    Type::Reference(r) => &*r.elem,
                    other => other,
                };
                (
                    *ty,
                    quote_spanned! {view.span()=>
                        = <#view as #private::IsStep>::from_view(&__aspect_view)
                    },
                )
            }
            Arg::Doc { ty, optional } => (
                *ty,
                if *optional {
                    quote_spanned! {ty.span()=> = __aspect_ctx.optional_doc_string() }
                } else {
                    quote_spanned! {ty.span()=> = __aspect_ctx.doc_string()? }
                },
            ),
        };
        let var = format_ident!("__aspect_arg{}", position, span = ty.span());
        lets.push(quote! { let #var #value; });
        call_args.push(var);
    }
    let world_var = quote_spanned! {world.span()=> __aspect_ctx.world::<#world>(__aspect_world) };
    let is_async = func.sig.asyncness.is_some();
    let call = if is_async {
        quote! { #ident(__aspect_w, #(#call_args),*).await }
    } else {
        quote! { #ident(__aspect_w, #(#call_args),*) }
    };
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
        _ => quote! { #call; ::core::result::Result::Ok::<(), #private::StepFailure>(()) },
    };
    // An async step's wrapper parses its parameters inside the future, which
    // borrows the World and the step for as long as the runtime polls it.
    let (wrapper, body_kind) = if is_async {
        (
            quote! {
                fn __aspect_step<'__aspect>(
                    __aspect_world: &'__aspect mut dyn ::core::any::Any,
                    __aspect_ctx: &'__aspect #private::StepContext<'__aspect>,
                ) -> #private::StepFuture<'__aspect> {
                    ::std::boxed::Box::pin(async move {
                        let __aspect_w = #world_var;
                        #(#lets)*
                        #body
                    })
                }
            },
            quote!(Async),
        )
    } else {
        (
            quote! {
                fn __aspect_step(
                    __aspect_world: &mut dyn ::core::any::Any,
                    __aspect_ctx: &#private::StepContext<'_>,
                ) -> ::core::result::Result<(), #private::StepFailure> {
                    let __aspect_w = #world_var;
                    #(#lets)*
                    #body
                }
            },
            quote!(Sync),
        )
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
            #wrapper
            #private::inventory::submit! {
                #private::StepDef {
                    keyword: #private::StepKeyword::#keyword,
                    expression: #expression,
                    is_regex: #is_regex,
                    pattern: #pattern,
                    prefix: #prefix,
                    tail: #tail,
                    params: &[#(#private::ParamKind::#params),*],
                    custom: &[#(#customs),*],
                    world: #private::type_id_of::<#world>,
                    world_name: #world_name,
                    func: #private::StepBody::#body_kind(__aspect_step),
                    fn_name: #fn_name,
                    file: #file,
                    line: #line,
                    column: #column,
                }
            }
        };
    }
}

/// The `CustomParam` of a parameter of type `ty` that takes `{wanted}`: the
/// type must be a `Parameter` (else the error is on `ty`) named `wanted` (else
/// a compile-time panic, spanned on `ty`, says what the type is named instead).
fn custom_param(ty: &Type, param: &str, wanted: &str) -> TokenStream {
    let private = quote!(::aspect::__private);
    let message = format!(
        "parameter `{param}` takes `{{{wanted}}}`, but its type's `Parameter::NAME` is another \
         name: give the expression the type's name, or the parameter a type named `{wanted}`"
    )
    // A format string: its braces are literal.
    .replace('{', "{{")
    .replace('}', "}}");
    quote_spanned! {ty.span()=>
        {
            const _: () = ::core::assert!(
                #private::str_eq(<#ty as ::aspect::Parameter>::NAME, #wanted),
                #message
            );
            #private::CustomParam {
                name: <#ty as ::aspect::Parameter>::NAME,
                regex: <#ty as ::aspect::Parameter>::REGEX,
            }
        }
    }
}
