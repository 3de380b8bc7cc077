//! Stub.
use proc_macro::TokenStream;
/// Stub.
#[proc_macro_attribute]
pub fn given(_a: TokenStream, i: TokenStream) -> TokenStream { i }
/// Stub.
#[proc_macro_attribute]
pub fn when(_a: TokenStream, i: TokenStream) -> TokenStream { i }
/// Stub.
#[proc_macro_attribute]
pub fn then(_a: TokenStream, i: TokenStream) -> TokenStream { i }
