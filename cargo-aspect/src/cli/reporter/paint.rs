//! Terminal text for the `test` and `list` reporters: ANSI colors only when
//! asked for (so captured output stays greppable), and columns padded by
//! characters, not bytes.

/// `text` followed by spaces up to `width` characters.
pub(super) fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(text.chars().count()),
    ));
    out
}

/// ANSI coloring, or none.
#[derive(Clone, Copy, Debug)]
pub(super) struct Paint(pub(super) bool);

impl Paint {
    /// `text` in the SGR `code` (`31` red, `1` bold, `1;31` both), when coloring.
    pub(super) fn paint(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}
