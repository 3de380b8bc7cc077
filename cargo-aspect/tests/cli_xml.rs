//! A small XML well-formedness check for the JUnit reports of `cargo aspect
//! test` (no XML crate is a dependency). Included by `cli_test.rs`; built on
//! its own, it tests itself.

/// Tags nest and close, attributes are quoted, entities are known: enough to
/// tell a JUnit reader will accept the file.
pub fn well_formed(xml: &str) -> Result<(), String> {
    let mut rest = xml.trim_start();
    if let Some(decl) = rest.strip_prefix("<?xml") {
        rest = &decl[decl.find("?>").ok_or("unclosed declaration")? + 2..];
    }
    let mut open: Vec<String> = Vec::new();
    let mut roots = 0;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt])?;
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = &comment[comment.find("-->").ok_or("unclosed comment")? + 3..];
            continue;
        }
        if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            rest = &cdata[cdata.find("]]>").ok_or("unclosed CDATA")? + 3..];
            continue;
        }
        let gt = tag_end(rest).ok_or_else(|| format!("unclosed tag: {:.40}", rest))?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(o) if o == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || "-_:.".contains(c))
        {
            return Err(format!("bad tag name in <{tag}>"));
        }
        check_attributes(&body[name.len()..])?;
        if open.is_empty() {
            roots += 1;
        }
        if !self_closing {
            open.push(name);
        }
    }
    check_text(rest)?;
    match (open.is_empty(), roots) {
        (true, 1) => Ok(()),
        (false, _) => Err(format!("unclosed elements: {open:?}")),
        (true, n) => Err(format!("{n} root elements")),
    }
}

/// The `>` that ends the tag at the start of `s`, skipping quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

fn check_attributes(mut s: &str) -> Result<(), String> {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(());
        }
        let eq = s
            .find('=')
            .ok_or_else(|| format!("attribute without value: {s}"))?;
        let value = s[eq + 1..].trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'');
        let quote = quote.ok_or_else(|| format!("unquoted attribute: {s}"))?;
        let end = value[1..].find(quote).ok_or("unclosed attribute")? + 1;
        let inner = &value[1..end];
        if inner.contains('<') {
            return Err(format!("`<` in attribute: {inner}"));
        }
        check_text(inner)?;
        s = &value[end + 1..];
    }
}

fn check_text(s: &str) -> Result<(), String> {
    if let Some(c) = s
        .chars()
        .find(|c| (*c as u32) < 0x20 && !"\t\n\r".contains(*c))
    {
        return Err(format!("control character {:?} in {s:?}", c));
    }
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        let semi = rest[amp..]
            .find(';')
            .ok_or_else(|| format!("bare & in {s:?}"))?
            + amp;
        let entity = &rest[amp + 1..semi];
        let known = ["lt", "gt", "amp", "quot", "apos"].contains(&entity)
            || entity
                .strip_prefix("#x")
                .is_some_and(|h| u32::from_str_radix(h, 16).is_ok())
            || entity
                .strip_prefix('#')
                .is_some_and(|d| d.parse::<u32>().is_ok());
        if !known {
            return Err(format!("unknown entity &{entity};"));
        }
        rest = &rest[semi + 1..];
    }
    Ok(())
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
