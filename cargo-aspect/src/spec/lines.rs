//! Gherkin's line level: splitting a source into lines and reading one line.
//!
//! Gherkin is a line grammar: what a line is (a comment, a tag line, a table row,
//! a keyword line, …) is decided by its first characters once its indentation is
//! removed. This module answers those questions for one line, with the official
//! token matcher's rules (which whitespace is trimmed, how table cells are
//! unescaped, how tags are split, what a `# language:` header looks like); the
//! parser decides which of them a line may be at each point.

use super::ast::{KeywordType, TableCell, TableRow, Tag};
use super::languages::Dialect;
use super::Location;

/// One source line, its indentation measured.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub number: u32,
    /// The line as written, without its `\n` / `\r\n`.
    pub text: &'a str,
    /// The line without its leading whitespace.
    pub trimmed: &'a str,
    /// How many characters of leading whitespace it has.
    pub indent: u32,
}

/// Whitespace as the official parser (JavaScript's `\s`) trims it.
pub(crate) fn is_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// The characters a table cell is trimmed of (not `\n`, which `\n` escapes make).
fn is_cell_ws(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{0B}' | '\u{0C}' | '\r' | '\u{85}' | '\u{A0}'
    )
}

/// Split a source into lines as the official scanner does: on `\n` or `\r\n`, a
/// last line holding only whitespace dropped.
pub(crate) fn split(source: &str) -> Vec<Line<'_>> {
    let mut lines: Vec<Line<'_>> = Vec::with_capacity(source.len() / 24 + 1);
    for (i, raw) in source.split('\n').enumerate() {
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = text.trim_start_matches(is_ws);
        let ws = &text[..text.len() - trimmed.len()];
        // ASCII indentation (the usual case) is one byte per character.
        let indent = if ws.is_ascii() {
            ws.len()
        } else {
            ws.chars().count()
        };
        lines.push(Line {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            text,
            trimmed,
            indent: u32::try_from(indent).unwrap_or(u32::MAX),
        });
    }
    if lines.last().is_some_and(|l| l.trimmed.is_empty()) {
        lines.pop();
    }
    lines
}

impl<'a> Line<'a> {
    /// Where the line's first non-blank character is.
    pub(crate) fn location(&self) -> Location {
        Location {
            line: self.number,
            column: self.indent + 1,
        }
    }

    /// Blank, or whitespace only.
    pub(crate) fn is_empty(&self) -> bool {
        self.trimmed.is_empty()
    }

    /// A `#` comment (a `# language:` header is one too, where it is not a header).
    pub(crate) fn is_comment(&self) -> bool {
        self.trimmed.starts_with('#')
    }

    /// A line of `@tags`.
    pub(crate) fn is_tag_line(&self) -> bool {
        self.trimmed.starts_with('@')
    }

    /// A `| table | row |`.
    pub(crate) fn is_table_row(&self) -> bool {
        self.trimmed.starts_with('|')
    }

    /// The doc string delimiter this line opens a doc string with, if it does.
    pub(crate) fn doc_string_open(&self) -> Option<&'static str> {
        if self.trimmed.starts_with("\"\"\"") {
            Some("\"\"\"")
        } else if self.trimmed.starts_with("```") {
            Some("```")
        } else {
            None
        }
    }

    /// The language code of a `# language: xx` header line.
    pub(crate) fn language(&self) -> Option<&'a str> {
        let rest = self.trimmed.strip_prefix('#')?.trim_start_matches(is_ws);
        let rest = rest.strip_prefix("language")?.trim_start_matches(is_ws);
        let code = rest.strip_prefix(':')?.trim_matches(is_ws);
        let valid = !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_');
        valid.then_some(code)
    }

    /// `Keyword: name` for one of `keywords` (tried in order, longest first):
    /// the keyword as written and the name, trimmed.
    pub(crate) fn title<'k>(&self, keywords: &'k [String]) -> Option<(&'k str, &'a str)> {
        keywords.iter().find_map(|keyword| {
            let rest = self.trimmed.strip_prefix(keyword.as_str())?;
            let name = rest.strip_prefix(':')?;
            Some((keyword.as_str(), name.trim_matches(is_ws)))
        })
    }

    /// A step: its keyword as written (trailing space included), the keyword's type
    /// and the step text, trimmed.
    pub(crate) fn step<'d>(&self, dialect: &'d Dialect) -> Option<(&'d str, KeywordType, &'a str)> {
        dialect.steps.iter().find_map(|(keyword, ty)| {
            let rest = self.trimmed.strip_prefix(keyword.as_str())?;
            Some((keyword.as_str(), *ty, rest.trim_matches(is_ws)))
        })
    }

    /// The text after the doc string delimiter: its media type, if any.
    pub(crate) fn media_type(&self, delimiter: &str) -> Option<String> {
        let rest = self.trimmed.get(delimiter.len()..)?.trim_matches(is_ws);
        (!rest.is_empty()).then(|| rest.to_owned())
    }

    /// The line as doc string content: the delimiter's indentation removed (all of
    /// the line's own when it has less), escaped delimiters resolved.
    pub(crate) fn doc_string_text(
        &self,
        indent: u32,
        delimiter: &str,
    ) -> std::borrow::Cow<'a, str> {
        let text = if indent > self.indent {
            self.trimmed
        } else {
            let cut = self
                .text
                .char_indices()
                .nth(indent as usize)
                .map_or(self.text.len(), |(i, _)| i);
            &self.text[cut..]
        };
        let escaped = if delimiter == "```" {
            "\\`\\`\\`"
        } else {
            "\\\"\\\"\\\""
        };
        if text.contains(escaped) {
            std::borrow::Cow::Owned(text.replace(escaped, delimiter))
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }

    /// The tags of a tag line, with their columns; text after ` #` is a comment.
    ///
    /// # Errors
    /// The column and text of a tag holding whitespace (`@a tag`).
    pub(crate) fn tags(&self, out: &mut Vec<Tag>) -> Result<(), (u32, String)> {
        let text = self.trimmed;
        // Cut at the first whitespace followed by `#`.
        let mut end = text.len();
        let mut prev_ws = false;
        for (i, c) in text.char_indices() {
            if c == '#' && prev_ws {
                end = i;
                break;
            }
            prev_ws = is_ws(c);
        }
        // As the official matcher: the column moves on only past a tag.
        let mut column = self.indent + 1;
        for item in text[..end].split('@') {
            let tag = item.trim_end_matches(is_ws);
            if tag.is_empty() {
                continue;
            }
            if tag.contains(is_ws) {
                return Err((column, format!("@{tag}")));
            }
            out.push(Tag {
                location: Location {
                    line: self.number,
                    column,
                },
                name: format!("@{tag}"),
            });
            column += u32::try_from(item.chars().count()).unwrap_or(0) + 1;
        }
        Ok(())
    }

    /// The cells of a table row: the text between pipes, trimmed, with `\|`, `\\`
    /// and `\n` resolved (any other backslash is kept); text after the last pipe is
    /// not a cell.
    pub(crate) fn table_row(&self) -> TableRow {
        let text = self.trimmed;
        let mut cells = Vec::new();
        let mut first = true;
        // Byte offset and 1-based character column (in `trimmed`) where the current
        // cell starts, and whether it holds a backslash. `|` and `\` are ASCII, so
        // scanning bytes is safe.
        let mut start = 0;
        let mut start_col = 1u32;
        let mut escaped = false;
        let mut col = 0u32;
        let mut skip = false;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if b & 0xC0 == 0x80 {
                continue; // inside a multi-byte character
            }
            col += 1;
            if skip {
                skip = false;
                continue;
            }
            match b {
                b'\\' => {
                    escaped = true;
                    skip = true;
                }
                b'|' => {
                    if first {
                        first = false;
                    } else {
                        cells.push(cell(&text[start..i], escaped, self, start_col));
                    }
                    start = i + 1;
                    start_col = col + 1;
                    escaped = false;
                }
                _ => {}
            }
        }
        TableRow {
            location: self.location(),
            cells,
        }
    }
}

/// One table cell from the text between two pipes, which starts at character
/// column `start_col` of the line's trimmed text.
fn cell(raw: &str, escaped: bool, line: &Line<'_>, start_col: u32) -> TableCell {
    let unescaped;
    let text = if escaped {
        unescaped = unescape_cell(raw);
        unescaped.as_str()
    } else {
        raw
    };
    let left = text.trim_start_matches(is_cell_ws);
    let lead = text[..text.len() - left.len()].chars().count();
    TableCell {
        location: Location {
            line: line.number,
            column: line.indent + start_col + u32::try_from(lead).unwrap_or(0),
        },
        value: left.trim_end_matches(is_cell_ws).to_owned(),
    }
}

/// Resolve `\|`, `\\` and `\n` in a cell; any other backslash is kept.
fn unescape_cell(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(c @ ('|' | '\\')) => out.push(c),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line<'_> {
        split(text)[0]
    }

    #[test]
    fn splitting_follows_the_official_scanner() {
        let lines = split("a\r\n  b\n\t c \n   ");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].text, "a");
        assert_eq!((lines[1].indent, lines[1].trimmed), (2, "b"));
        assert_eq!((lines[2].indent, lines[2].trimmed), (2, "c "));
        assert!(split("").is_empty());
        assert_eq!(split("a\n\n").len(), 2);
    }

    #[test]
    fn table_cells_unescape_and_trim() {
        let row = line(r"  | \|a\\ | b\nc |  x\y | tail").table_row();
        let values: Vec<&str> = row.cells.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(values, ["|a\\", "b\nc", "x\\y"]);
        let cells = line("    | a |  bb |").table_row().cells;
        assert_eq!(cells[0].location.column, 7);
        assert_eq!(cells[1].location.column, 12);
        // Non-breaking space and tab are trimmed; an escaped newline is not.
        let cells = line("| \u{a0}\tred\u{a0} | \\n |").table_row().cells;
        assert_eq!(cells[0].value, "red");
        assert_eq!(cells[1].value, "\n");
        // A backslash ending the line leaves the last cell unterminated.
        assert_eq!(line(r"| foo | bar \").table_row().cells.len(), 1);
    }

    #[test]
    fn tags_split_on_at_and_drop_comments() {
        let mut tags = Vec::new();
        line("  @a  @b@c #comment @d")
            .tags(&mut tags)
            .expect("valid");
        let got: Vec<(&str, u32)> = tags
            .iter()
            .map(|t| (t.name.as_str(), t.location.column))
            .collect();
        assert_eq!(got, [("@a", 3), ("@b", 7), ("@c", 9)]);
        tags.clear();
        line("@comment_tag#2 #x").tags(&mut tags).expect("valid");
        assert_eq!(tags[0].name, "@comment_tag#2");
        let err = line("@ok  @a tag").tags(&mut tags).expect_err("whitespace");
        assert_eq!(err, (6, "@a tag".to_owned()));
    }

    #[test]
    fn language_headers() {
        assert_eq!(line("#language:fr").language(), Some("fr"));
        assert_eq!(
            line("  #  language  :   en-lol  ").language(),
            Some("en-lol")
        );
        assert_eq!(line("# language: two words").language(), None);
        assert_eq!(line("# just a comment").language(), None);
    }

    #[test]
    fn doc_string_lines_lose_the_delimiter_indent() {
        assert_eq!(line("      text").doc_string_text(4, "\"\"\""), "  text");
        assert_eq!(line("  text").doc_string_text(4, "\"\"\""), "text");
        assert_eq!(line(r#"    \"\"\""#).doc_string_text(4, "\"\"\""), "\"\"\"");
        assert_eq!(line(r#"    \"\"\""#).doc_string_text(4, "```"), r#"\"\"\""#);
        assert_eq!(line(r"\`\`\`").doc_string_text(0, "```"), "```");
    }
}
