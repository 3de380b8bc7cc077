//! Unit tests of `toml_read.rs`: its rendering against toml's own, and (with
//! the `cli` feature, which gives toml its serde layer) its wording against
//! serde's derived readers, byte for byte.

use super::*;

/// Documents toml refuses, with the error somewhere a rendering can get
/// wrong: past multi-byte characters, on a CRLF line, at the end of input, on
/// a line numbered with two digits, over a span longer than one character.
const BROKEN: &[&str] = &[
    "[package\nname = 1",
    "a = \"µµµ\" b = 1\n",
    "a = 1\r\nb = = 2\r\n",
    "a = [1, 2",
    "a = ",
    "\n\n\n\n\n\n\n\n\n\n\nkey = 'unterminated\n",
    "a = 1\na = 2\n",
    "[t]\nx = 1\n[t]\ny = 2\n",
    "x = 1979-13-45\n",
    "é = 1",
];

#[test]
fn errors_render_as_toml_renders_its_own() {
    for text in BROKEN {
        let error = DeTable::parse(text).unwrap_err();
        let span = error.span().expect("toml locates its syntax errors");
        assert_eq!(
            render(text, span, error.message()),
            error.to_string().trim_end(),
            "{text:?}"
        );
        assert_eq!(parse(text).unwrap_err(), error.to_string().trim_end());
    }
}

#[test]
fn positions_count_characters_and_go_past_the_end() {
    assert_eq!(position(b"", 3), (0, 3));
    assert_eq!(position("ab\nµx".as_bytes(), 5), (1, 1));
    assert_eq!(position(b"ab\n", 3), (0, 3));
    assert_eq!(position(b"ab\ncd", 7), (1, 4));
}

#[test]
fn unknown_fields_list_the_keys_as_serde_does() {
    let message = |fields: &[&str]| unknown_field("zzz", 4..7, fields).message;
    assert_eq!(message(&[]), "unknown field `zzz`, there are no fields");
    assert_eq!(message(&["a"]), "unknown field `zzz`, expected `a`");
    assert_eq!(
        message(&["a", "b"]),
        "unknown field `zzz`, expected `a` or `b`"
    );
    assert_eq!(
        message(&["a", "b", "c"]),
        "unknown field `zzz`, expected one of `a`, `b`, `c`"
    );
    assert_eq!(unknown_field("zzz", 4..7, &[]).span, 4..7);
}

/// serde's derived readers, the oracle: each key a shape a reader in this
/// crate reads.
#[cfg(feature = "cli")]
mod serde_oracle {
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    pub(super) struct Shapes {
        s: Option<String>,
        b: Option<bool>,
        v: Option<Vec<String>>,
        m: Option<BTreeMap<String, Vec<String>>>,
        t: Option<Inner>,
        o: Option<Open>,
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    pub(super) struct Inner {
        s: Option<String>,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    pub(super) struct Open {
        s: Option<String>,
        n: Option<bool>,
    }
}

/// `Shapes` read with this module, as the crate's readers are written.
#[cfg(feature = "cli")]
fn read_shapes(text: &str) -> Result<(), String> {
    let root = parse(text)?;
    let read = || -> Result<(), Error> {
        for (key, value) in &root {
            match key.get_ref().as_ref() {
                "s" => {
                    string(value)?;
                }
                "b" => {
                    boolean(value)?;
                }
                "v" => {
                    strings(value)?;
                }
                "m" => {
                    let Some(map) = map(value)? else {
                        return Err(datetime_as_map(value, "a sequence"));
                    };
                    for (_, entry) in map {
                        strings(entry)?;
                    }
                }
                "t" => {
                    let inner = Fields::read(value, "struct Inner", &["s"])?;
                    for entry in &inner.entries {
                        match entry.key {
                            "s" => {
                                string(entry.value)?;
                            }
                            _ => return Err(inner.unknown(entry)),
                        }
                    }
                    inner.finish()?;
                }
                "o" => {
                    let open = Fields::read(value, "struct Open", &["s", "n"])?;
                    for entry in &open.entries {
                        match entry.key {
                            "s" => {
                                string(entry.value)?;
                            }
                            "n" => {
                                boolean(entry.value)?;
                            }
                            _ => {}
                        }
                    }
                    open.finish()?;
                }
                _ => {
                    let keys = ["s", "b", "v", "m", "t", "o"];
                    return Err(unknown_field(key.get_ref(), key.span(), &keys));
                }
            }
        }
        Ok(())
    };
    read().map_err(|e| e.render(text))
}

/// Every kind of TOML value in every shape, and keys the shapes do not have,
/// read both ways: the same verdict, the same message at the same place.
#[cfg(feature = "cli")]
#[test]
fn every_value_in_every_shape_reads_as_serde_read_it() {
    let values = [
        "\"text\"",
        "'a\"b\\\\c'",
        "\"tab\\tnew\\nline é\"",
        "\"\"",
        "5",
        "-5",
        "+7",
        "0xff",
        "0o17",
        "0b101",
        "1_000",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "18446744073709551616",
        "-9223372036854775809",
        "340282366920938463463374607431768211456",
        "0xffffffffffffffffffff",
        "1.5",
        "-0.0",
        "1e300",
        "1e-7",
        "1e400",
        "-1e400",
        "3e2",
        "1_0.2_5",
        "inf",
        "-inf",
        "nan",
        "true",
        "false",
        "[]",
        "[\"a\", \"b\"]",
        "[\"a\", 1]",
        "[[\"a\"]]",
        "[{ s = \"x\" }]",
        "[\"x\", true]",
        "[\"x\", true, 3]",
        "[\"x\", 3]",
        "[1]",
        "[[], []]",
        "{}",
        "{ s = \"x\" }",
        "{ s = 1 }",
        "{ z = 1 }",
        "{ a = [\"x\"] }",
        "{ a = \"x\" }",
        "{ a = [1] }",
        "1979-05-27",
        "1979-05-27T07:32:00Z",
        "07:32:00",
        "1979-05-27T00:32:00.999999-07:00",
    ];
    let mut documents = Vec::new();
    for key in ["s", "b", "v", "m", "t", "o"] {
        for value in values {
            documents.push(format!("{key} = {value}\n"));
            documents.push(format!("# µ\r\n\r\n{key} = {value} # after\r\n"));
        }
        documents.push(format!("[{key}]\ns = \"x\"\nextra = 1\n"));
    }
    documents.extend(
        [
            "zz = 1\n",
            "\"quoted key\" = 1\n",
            "s = 'x'\nunknown.dotted = 1\n",
            "[t.deep]\nx = 1\n",
            "v = [\"ok\", 2]\ns = 3\n",
            "b = \"x\"\nz = 1\n",
            "[m]\na = [\"x\"]\nb = [true]\n",
        ]
        .map(str::to_owned),
    );
    for text in &documents {
        let by_serde = toml::from_str::<serde_oracle::Shapes>(text)
            .map(drop)
            .map_err(|e| e.to_string().trim_end().to_owned());
        assert_eq!(read_shapes(text), by_serde, "{text:?}");
    }
}
