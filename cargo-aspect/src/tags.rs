//! Tag expressions: `@fast and not (@slow or @wip)`.
//!
//! The same small language as Cucumber's tag expressions (`and`, `or`, `not`,
//! parentheses; `and` binds tighter than `or`). A tag written without `@` means
//! the same tag with it, so `--tags fast` works. Errors say where the expression
//! went wrong in words, never as a token set.

use std::fmt;

/// A parsed tag expression: `"@fast and not @slow".parse::<TagExpr>()` matches
/// the tags `["@fast"]` and not `["@fast", "@slow"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagExpr {
    /// A single tag, with its `@`.
    Tag(String),
    /// Negation.
    Not(Box<TagExpr>),
    /// Both hold.
    And(Box<TagExpr>, Box<TagExpr>),
    /// Either holds.
    Or(Box<TagExpr>, Box<TagExpr>),
}

/// Why a tag expression did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagExprError {
    expression: String,
    message: String,
}

// By hand, not thiserror: a harness then compiles no derive macro for it.
impl std::fmt::Display for TagExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "tag expression `{}`: {}", self.expression, self.message)
    }
}

impl std::error::Error for TagExprError {}

impl TagExpr {
    /// Whether a scenario with these tags (each with its `@`) is selected.
    pub fn matches(&self, tags: &[String]) -> bool {
        match self {
            TagExpr::Tag(tag) => tags.iter().any(|t| t == tag),
            TagExpr::Not(e) => !e.matches(tags),
            TagExpr::And(a, b) => a.matches(tags) && b.matches(tags),
            TagExpr::Or(a, b) => a.matches(tags) || b.matches(tags),
        }
    }
}

impl std::str::FromStr for TagExpr {
    type Err = TagExprError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let tokens = tokenize(s);
        let mut parser = Parser { tokens, pos: 0 };
        let fail = |message: String| TagExprError {
            expression: s.to_owned(),
            message,
        };
        if parser.tokens.is_empty() {
            return Err(fail("the expression is empty".to_owned()));
        }
        let expr = parser.or().map_err(fail)?;
        match parser.tokens.get(parser.pos) {
            None => Ok(expr),
            Some(token) => Err(fail(format!(
                "unexpected `{token}` after a complete expression"
            ))),
        }
    }
}

impl fmt::Display for TagExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagExpr::Tag(t) => f.write_str(t),
            TagExpr::Not(e) => write!(f, "not {e}"),
            TagExpr::And(a, b) => write!(f, "({a} and {b})"),
            TagExpr::Or(a, b) => write!(f, "({a} or {b})"),
        }
    }
}

fn tokenize(s: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.extend(chars.next()),
            '(' | ')' => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                tokens.push(c.to_string());
            }
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

struct Parser {
    tokens: Vec<String>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }

    fn or(&mut self) -> Result<TagExpr, String> {
        let mut left = self.and()?;
        while self.peek() == Some("or") {
            self.pos += 1;
            let right = self.and().map_err(|m| format!("{m} after `or`"))?;
            left = TagExpr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<TagExpr, String> {
        let mut left = self.not()?;
        while self.peek() == Some("and") {
            self.pos += 1;
            let right = self.not().map_err(|m| format!("{m} after `and`"))?;
            left = TagExpr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<TagExpr, String> {
        if self.peek() == Some("not") {
            self.pos += 1;
            let inner = self.not().map_err(|m| format!("{m} after `not`"))?;
            return Ok(TagExpr::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<TagExpr, String> {
        let Some(token) = self.peek().map(str::to_owned) else {
            return Err("expected a tag or `(`, found the end".to_owned());
        };
        self.pos += 1;
        match token.as_str() {
            "(" => {
                let inner = self.or()?;
                if self.peek() != Some(")") {
                    return Err("`(` is never closed".to_owned());
                }
                self.pos += 1;
                Ok(inner)
            }
            ")" | "and" | "or" => Err(format!("expected a tag or `(`, found `{token}`")),
            tag if tag.starts_with('@') => Ok(TagExpr::Tag(tag.to_owned())),
            tag => Ok(TagExpr::Tag(format!("@{tag}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn precedence_and_binds_tighter_than_or() {
        let e: TagExpr = "@a or @b and @c".parse().unwrap();
        assert_eq!(e.to_string(), "(@a or (@b and @c))");
        assert!(e.matches(&tags(&["@a"])));
        assert!(!e.matches(&tags(&["@b"])));
    }

    #[test]
    fn not_and_parentheses() {
        let e: TagExpr = "not (@slow or @wip) and fast".parse().unwrap();
        assert!(e.matches(&tags(&["@fast"])));
        assert!(!e.matches(&tags(&["@fast", "@wip"])));
        assert!(!e.matches(&tags(&[])));
    }

    #[test]
    fn escaped_parentheses_are_part_of_a_tag() {
        let e: TagExpr = r"@a\(1\)".parse().unwrap();
        assert!(e.matches(&tags(&["@a(1)"])));
    }

    #[test]
    fn errors_read_as_sentences() {
        let err = |s: &str| s.parse::<TagExpr>().unwrap_err().to_string();
        assert_eq!(
            err("@a and"),
            "tag expression `@a and`: expected a tag or `(`, found the end after `and`"
        );
        assert_eq!(err("(@a"), "tag expression `(@a`: `(` is never closed");
        assert_eq!(
            err("@a @b"),
            "tag expression `@a @b`: unexpected `@b` after a complete expression"
        );
        assert_eq!(err("  "), "tag expression `  `: the expression is empty");
    }
}
