//! A strict little XML reader for the JUnit tests: no XML crate is in the
//! dependency tree, and the reports only need elements, attributes, text and
//! the predefined and numeric entities. Anything else (comments, CDATA,
//! DOCTYPE, a raw `<` or `&`, a character XML 1.0 forbids, a mismatched end
//! tag) is an error, so a report this accepts is well-formed XML.
//!
//! The one XML checker of the crate: the JUnit unit tests read reports with
//! [`parse`], and the integration tests (`tests/cli_test.rs`, the dogfood
//! steps) include this file with `#[path]` for [`well_formed`].

/// An element: its name, attributes in order, child elements, and its text
/// (the concatenated, unescaped character data directly inside it).
#[derive(Debug, Default)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parse a document: an optional `<?xml …?>` declaration and one root element.
pub(crate) fn parse(xml: &str) -> Result<Element, String> {
    if let Some(bad) = xml.chars().find(|&c| !allowed(c)) {
        return Err(format!(
            "character U+{:04X} is not allowed in XML",
            bad as u32
        ));
    }
    let mut p = Parser { s: xml, at: 0 };
    if p.rest().starts_with("<?xml") {
        let end = p.rest().find("?>").ok_or("unterminated declaration")?;
        p.at += end + 2;
    }
    p.skip_space();
    let root = p.element()?;
    p.skip_space();
    if p.at != xml.len() {
        return Err(format!("content after the root element at byte {}", p.at));
    }
    Ok(root)
}

/// Whether `xml` is one well-formed document, as a JUnit reader needs.
pub(crate) fn well_formed(xml: &str) -> Result<(), String> {
    parse(xml).map(|_| ())
}

fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

struct Parser<'a> {
    s: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.at..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn expect(&mut self, what: &str) -> Result<(), String> {
        if self.rest().starts_with(what) {
            self.at += what.len();
            Ok(())
        } else {
            Err(format!("expected `{what}` at byte {}", self.at))
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(i, c)| {
                let ok = c.is_alphabetic()
                    || c == '_'
                    || c == ':'
                    || (i > 0 && (c.is_alphanumeric() || c == '-' || c == '.'));
                !ok
            })
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 {
            return Err(format!("expected a name at byte {}", self.at));
        }
        let name = rest[..len].to_owned();
        self.at += len;
        Ok(name)
    }

    fn element(&mut self) -> Result<Element, String> {
        self.expect("<")?;
        let mut element = Element {
            name: self.name()?,
            ..Element::default()
        };
        loop {
            let before = self.at;
            self.skip_space();
            if self.rest().starts_with("/>") {
                self.at += 2;
                return Ok(element);
            }
            if self.rest().starts_with('>') {
                self.at += 1;
                break;
            }
            if self.at == before {
                return Err(format!(
                    "expected space before an attribute at byte {}",
                    self.at
                ));
            }
            let name = self.name()?;
            self.skip_space();
            self.expect("=")?;
            self.skip_space();
            let quote = self.rest().chars().next().ok_or("unterminated tag")?;
            if quote != '"' && quote != '\'' {
                return Err(format!("unquoted value of `{name}` at byte {}", self.at));
            }
            self.at += 1;
            let end = self.rest().find(quote).ok_or("unterminated attribute")?;
            let raw = &self.rest()[..end];
            if raw.contains('<') {
                return Err(format!("`<` in the value of `{name}`"));
            }
            let value = unescape(raw)?;
            self.at += end + 1;
            if element.attr(&name).is_some() {
                return Err(format!("`{name}` given twice"));
            }
            element.attrs.push((name, value));
        }
        loop {
            let end = self.rest().find('<').ok_or("unterminated element")?;
            let raw = &self.rest()[..end];
            if raw.contains("]]>") {
                return Err("`]]>` in character data".to_owned());
            }
            element.text.push_str(&unescape(raw)?);
            self.at += end;
            if self.rest().starts_with("</") {
                self.at += 2;
                let name = self.name()?;
                if name != element.name {
                    return Err(format!("`</{name}>` closes `<{}>`", element.name));
                }
                self.skip_space();
                self.expect(">")?;
                return Ok(element);
            }
            if self.rest().starts_with("<!") || self.rest().starts_with("<?") {
                return Err(format!("unsupported markup at byte {}", self.at));
            }
            element.children.push(self.element()?);
        }
    }
}

/// Character data with its references replaced; a bare `&` is an error.
fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').ok_or("`&` without `;`")?;
        let entity = &rest[i + 1..i + end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .filter(|&c| allowed(c))
                    .ok_or_else(|| format!("bad reference `&{entity};`"))?
            }
        };
        out.push(c);
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_accepts_what_is_well_formed_and_nothing_else() {
        let root =
            parse("<?xml version=\"1.0\"?>\n<a x=\"1 &amp; &#60;\" y='2'>t&lt;<b/>u<c></c ></a>\n")
                .unwrap();
        assert_eq!(root.attr("x"), Some("1 & <"));
        assert_eq!(root.attr("y"), Some("2"));
        assert_eq!(root.text, "t<u");
        assert_eq!(root.children.len(), 2);
        for bad in [
            "<a>",
            "<a></b>",
            "<a x=1/>",
            "<a x=\"<\"/>",
            "<a>&</a>",
            "<a>&bogus;</a>",
            "<a>&#0;</a>",
            "<a>\u{1}</a>",
            "<a>]]></a>",
            "<a/><b/>",
            "<a x=\"1\" x=\"2\"/>",
            "<a x=\"1\"y=\"2\"/>",
            "<a><!-- c --></a>",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_xml_check_rejects_what_readers_reject() {
        assert!(well_formed("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>t &amp; u</a>").is_ok());
        assert!(well_formed("<a><b></a>").is_err());
        assert!(well_formed("<a x=1/>").is_err());
        assert!(well_formed("<a>&nope;</a>").is_err());
        assert!(well_formed("<a/><b/>").is_err());
        assert!(well_formed("<a>\u{1b}[31m</a>").is_err());
    }
}
