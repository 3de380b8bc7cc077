//! Editing a Rust file function by function, as the step guard does: a
//! function's tokens (to tell a change from a move), the functions at the top
//! of a file, a line range, and putting old functions back over new ones. Pure
//! text and syntax: it must not read or write files.

use quote::ToTokens;

use crate::cli::step_source::StepFunction;

/// A function's tokens: its attributes other than doc comments, signature and body.
pub(super) fn tokens(function: &StepFunction) -> String {
    let attrs: Vec<String> = function
        .item
        .attrs
        .iter()
        .filter(|a| !a.path().is_ident("doc"))
        .map(|a| a.to_token_stream().to_string())
        .collect();
    format!(
        "{} {} {}",
        attrs.join(" "),
        function.signature,
        function.body
    )
}

/// The (name, line) of every function at the top of a file.
pub(super) fn top_level(text: &str) -> Vec<(String, u32)> {
    let Ok(file) = syn::parse_file(text) else {
        return Vec::new();
    };
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(f) => {
                let line = u32::try_from(f.sig.ident.span().start().line).unwrap_or(u32::MAX);
                Some((
                    f.sig.ident.to_string().trim_start_matches("r#").to_owned(),
                    line,
                ))
            }
            _ => None,
        })
        .collect()
}

/// Lines `first..=last` (1-based) of `text`, with their line endings.
pub(super) fn lines(text: &str, first: u32, last: u32) -> String {
    text.split_inclusive('\n')
        .skip(first.saturating_sub(1) as usize)
        .take((last + 1).saturating_sub(first) as usize)
        .collect()
}

/// `text` with each `(first, last, old)` line range replaced by `old` and
/// `appended` added at the end.
pub(super) fn splice(text: &str, splices: &mut [(u32, u32, &str)], appended: &[&str]) -> String {
    let mut out: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    // From the bottom up, so earlier line numbers stay right.
    splices.sort_by_key(|(first, _, _)| std::cmp::Reverse(*first));
    for (first, last, old) in splices.iter() {
        let start = (*first as usize).saturating_sub(1).min(out.len());
        let end = (*last as usize).min(out.len()).max(start);
        out.splice(start..end, std::iter::once((*old).to_owned()));
    }
    let mut text: String = out.concat();
    for old in appended {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
        text.push_str(old);
    }
    text
}
