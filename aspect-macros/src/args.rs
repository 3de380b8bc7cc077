//! The arguments of `#[given(...)]`, `#[when(...)]` and `#[then(...)]`, the
//! `key = "..."` form `#[aspect::bench(...)]` shares with them, and the few
//! helpers both expansions use (error accumulation, looking through types).
//!
//! Kept apart from the function analysis so every way of misspelling the attribute
//! gets its own clear compile error, pointed at the offending token.

use proc_macro2::{Delimiter, Group, Span, TokenStream};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Signature, Token, Type};

use crate::expression::{compile_expression, compile_regex, Compiled};

/// Which form the expression was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// `"..."`: a cucumber expression.
    Plain,
    /// `expr = "..."`: a cucumber expression, explicitly.
    Expr,
    /// `regex = "..."`.
    Regex,
}

/// The parsed attribute arguments.
pub(crate) struct StepArgs {
    pub(crate) form: Form,
    pub(crate) literal: LitStr,
}

impl Parse for StepArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let (form, literal) = if input.peek(LitStr) {
            (Form::Plain, input.parse()?)
        } else if input.peek(Ident) {
            let key: Ident = input.parse()?;
            let form = match key.to_string().as_str() {
                "expr" => Form::Expr,
                "regex" => Form::Regex,
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown argument `{other}`: write a cucumber expression \
                             `\"I have {{int}} gold\"`, `expr = \"...\"` or `regex = \"^...$\"`"
                        ),
                    ))
                }
            };
            (form, string_after(input, &key.to_string())?)
        } else {
            return Err(input.error(
                "expected the step expression as a string literal, as in `\"I have {int} gold\"`, \
                 `expr = \"...\"` or `regex = \"^...$\"`",
            ));
        };
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
        if !input.is_empty() {
            return Err(input.error(
                "unexpected tokens after the step expression: a step takes exactly one expression",
            ));
        }
        Ok(StepArgs { form, literal })
    }
}

impl StepArgs {
    /// Parse the attribute's tokens; `attribute` names it in messages (`given`).
    pub(crate) fn from_tokens(tokens: TokenStream, attribute: &str) -> syn::Result<Self> {
        if tokens.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                format!(
                    "missing step expression: write `#[{attribute}(\"I have {{int}} gold\")]` or \
                     `#[{attribute}(regex = r\"^I have (\\d+) gold$\")]`"
                ),
            ));
        }
        syn::parse2(tokens)
    }

    /// Compile the expression; errors point at the literal.
    pub(crate) fn compile(&self) -> syn::Result<Compiled> {
        let source = self.literal.value();
        let compiled = match self.form {
            Form::Plain if source.starts_with('^') => Err(format!(
                "`{source}` looks like a regex (it starts with `^`): write `regex = r\"{source}\"` \
                 for a regex, or `expr = \"...\"` for a cucumber expression that starts with `^`"
            )),
            Form::Plain | Form::Expr => compile_expression(&source),
            Form::Regex => compile_regex(&source),
        };
        compiled.map_err(|message| syn::Error::new(self.literal.span(), message))
    }
}

/// The `= "..."` after an argument's `key`: its string literal, or an error that
/// says what was expected there.
pub(crate) fn string_after(input: ParseStream<'_>, key: &str) -> syn::Result<LitStr> {
    input.parse::<Token![=]>().map_err(|e| {
        syn::Error::new(
            e.span(),
            format!("expected `=` after `{key}`, as in `{key} = \"...\"`"),
        )
    })?;
    if !input.peek(LitStr) {
        return Err(input.error(format!("expected a string literal after `{key} =`")));
    }
    input.parse()
}

/// Accumulates errors so one expansion reports every problem it finds.
#[derive(Default)]
pub(crate) struct Errors(pub(crate) Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }
}

/// The parentheses of `sig`, spanned as written: with the name, where an error
/// about a function without parameters points.
pub(crate) fn parens(sig: &Signature) -> Group {
    let mut parens = Group::new(Delimiter::Parenthesis, TokenStream::new());
    parens.set_span(sig.paren_token.span.join());
    parens
}

/// Look through parentheses and invisible groups (types passed through `macro_rules!`).
pub(crate) fn strip(ty: &Type) -> &Type {
    match ty {
        Type::Paren(inner) => strip(&inner.elem),
        Type::Group(inner) => strip(&inner.elem),
        other => other,
    }
}

/// Whether `ty` is `()`.
pub(crate) fn is_unit(ty: &Type) -> bool {
    matches!(strip(ty), Type::Tuple(tuple) if tuple.elems.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse(tokens: TokenStream) -> syn::Result<StepArgs> {
        StepArgs::from_tokens(tokens, "given")
    }

    #[test]
    fn accepts_the_three_forms() {
        let args = parse(quote!("I have {int} gold")).unwrap();
        assert_eq!(
            (args.form, args.literal.value()),
            (Form::Plain, "I have {int} gold".into())
        );
        let args = parse(quote!(expr = "a b",)).unwrap();
        assert_eq!(
            (args.form, args.literal.value()),
            (Form::Expr, "a b".into())
        );
        let args = parse(quote!(regex = r"^a (\d+)$")).unwrap();
        assert_eq!(
            (args.form, args.literal.value()),
            (Form::Regex, r"^a (\d+)$".into())
        );
        assert_eq!(args.compile().unwrap().params.len(), 1);
    }

    #[test]
    fn rejects_everything_else() {
        let message = |tokens| parse(tokens).err().unwrap().to_string();
        assert!(message(quote!()).starts_with("missing step expression"));
        assert!(message(quote!(pattern = "x")).starts_with("unknown argument `pattern`"));
        assert!(message(quote!(regex "x")).starts_with("expected `=` after `regex`"));
        assert!(message(quote!(regex = 5)).starts_with("expected a string literal"));
        assert!(message(quote!(42)).starts_with("expected the step expression"));
        assert!(message(quote!("a", "b")).starts_with("unexpected tokens"));
    }

    #[test]
    fn a_leading_caret_suggests_regex() {
        let args = parse(quote!("^I have (\\d+)$")).unwrap();
        assert!(args
            .compile()
            .err()
            .unwrap()
            .to_string()
            .contains("looks like a regex"));
        let args = parse(quote!(expr = "^a")).unwrap();
        assert_eq!(args.compile().unwrap().pattern, r"^\^a$");
    }
}
