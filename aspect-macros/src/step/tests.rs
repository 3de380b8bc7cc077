//! Unit tests of the step expansion, on token streams.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Type;

use super::expand::expand;
use super::keyword::Keyword;
use super::signature::type_name;

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
        quote!("I have {a b} gold"),
        quote!(
            unsafe fn f(&self) {}
        ),
    );
    assert!(out.contains("is not a parameter type name"), "{out}");
    assert!(out.contains("cannot be `unsafe`"), "{out}");
    assert!(out.contains("a step cannot be a method"), "{out}");
}

#[test]
fn an_async_step_registers_a_future_returning_wrapper() {
    let out = expand_str(
        quote!("I have {int} gold"),
        quote!(
            async fn have_gold(world: &mut crate::IdleWorld, amount: u64) {}
        ),
    );
    assert!(out.starts_with("async fn have_gold"), "{out}");
    assert!(out.contains("StepBody :: Async (__aspect_step)"), "{out}");
    assert!(
        out.contains("(__aspect_w , __aspect_arg0) . await"),
        "{out}"
    );
    assert!(!out.contains("compile_error"), "{out}");
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

/// A user's own `Step` type is a capture when taken by value (bare or by
/// another path, or in an `Option`); `&Step` and any `aspect::Step` path behind
/// a reference are the step view (issue 16: a type named `Step` could not be
/// captured, since any `Step` was taken for `aspect::Step`).
#[test]
fn only_aspect_step_behind_a_reference_is_the_step_view() {
    let captured = |param: TokenStream| {
        let out = expand_str(
            quote!("the step is {word}"),
            quote!(fn f(world: &mut W, #param) {}),
        );
        assert!(!out.contains("compile_error"), "{param}: {out}");
        out
    };
    for param in [
        quote!(step: Step),
        quote!(step: model::Step),
        quote!(step: Option<Step>),
    ] {
        let out = captured(param.clone());
        assert!(out.contains("param :: <"), "{param}: {out}");
        assert!(!out.contains("IsStep"), "{param}: {out}");
    }
    for param in [
        quote!(step: &Step),
        quote!(step: &aspect::Step),
        quote!(step: &::aspect::Step),
    ] {
        let out = expand_str(
            quote!("the step is {word}"),
            quote!(fn f(world: &mut W, #param) {}),
        );
        assert!(!out.contains("compile_error"), "{param}: {out}");
        assert!(out.contains("IsStep > :: from_view"), "{param}: {out}");
        assert!(!out.contains("param :: <"), "{param}: {out}");
    }
    // `aspect::Step` by value is the step view taken the wrong way.
    let out = expand_str(
        quote!("the step is {word}"),
        quote!(
            fn f(world: &mut W, step: aspect::Step) {}
        ),
    );
    assert!(out.contains("take the step by shared reference"), "{out}");
}
