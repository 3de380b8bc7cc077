//! The arguments of `#[given(...)]`, `#[when(...)]` and `#[then(...)]`.
//!
//! Kept apart from the function analysis so every way of misspelling the attribute
//! gets its own clear compile error, pointed at the offending token.

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

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
        let form = if input.peek(LitStr) {
            Form::Plain
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
            input.parse::<Token![=]>().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    format!("expected `=` after `{key}`, as in `{key} = \"...\"`"),
                )
            })?;
            if !input.peek(LitStr) {
                return Err(input.error(format!("expected a string literal after `{key} =`")));
            }
            form
        } else {
            return Err(input.error(
                "expected the step expression as a string literal, as in `\"I have {int} gold\"`, \
                 `expr = \"...\"` or `regex = \"^...$\"`",
            ));
        };
        let literal: LitStr = input.parse()?;
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
