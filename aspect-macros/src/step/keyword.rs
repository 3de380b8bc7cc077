//! Which step attribute is being expanded: `given`, `when`, `then`, or `step`
//! (any keyword).

use proc_macro2::Span;

/// The attribute being expanded.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Keyword {
    Given,
    When,
    Then,
    Step,
}

impl Keyword {
    pub(super) fn attribute(self) -> &'static str {
        match self {
            Keyword::Given => "given",
            Keyword::When => "when",
            Keyword::Then => "then",
            Keyword::Step => "step",
        }
    }

    pub(super) fn variant(self) -> proc_macro2::Ident {
        let name = match self {
            Keyword::Given => "Given",
            Keyword::When => "When",
            Keyword::Then => "Then",
            Keyword::Step => "Step",
        };
        proc_macro2::Ident::new(name, Span::call_site())
    }
}
