//! The frontmatter's YAML forms (flow and block, quoted, block scalars,
//! comments, anchors), read through `aspect::parse`, and where each kind of
//! YAML mistake is reported.

use std::path::Path;

use super::yaml::{self, Node};
use super::{parse, Aspect};

fn ok(text: &str) -> Aspect {
    parse(text, Path::new("aspects/x.md")).unwrap_or_else(|e| panic!("{e}"))
}

/// `(line, column, message)` of the error `text` gives, in the file.
fn err_at(text: &str) -> (u32, u32, String) {
    let e = parse(text, Path::new("aspects/x.md")).expect_err("should not load");
    (e.line, e.column, e.message)
}

#[test]
fn block_and_flow_forms_read_the_same() {
    let flow = ok("---\nname: a\nevidence: {command: [sh, -c, 'exit 0'], timeout: 30s}\ntags: [fast, '@core']\n---\n");
    let block = ok("---\nname: a\nevidence:\n  command:\n    - sh\n    - -c\n    - 'exit 0'\n  timeout: 30s\ntags:\n  - fast\n  - '@core'\n---\n");
    for aspect in [&flow, &block] {
        assert_eq!(aspect.evidence.kind(), "command");
        assert_eq!(aspect.evidence.describe(), flow.evidence.describe());
        assert_eq!(aspect.tags, ["@fast", "@core"]);
    }
}

#[test]
fn quoted_strings_comments_and_block_scalars() {
    let aspect = ok(concat!(
        "---\n",
        "# what the aspect is\n",
        "name: \"quoted-name\" # a trailing comment\n",
        "evidence:\n",
        "  command: >-\n",
        "    scripts/check.sh\n",
        "    --crate idle-core\n",
        "probe: |\n",
        "  a patch\n",
        "  of two lines\n",
        "timeout: ~\n",
        "---\n",
        "body\n",
    ));
    assert_eq!(aspect.name, "quoted-name");
    // A folded scalar joins its lines with spaces: one command line.
    assert_eq!(
        aspect.evidence.describe(),
        "scripts/check.sh --crate idle-core"
    );
    assert_eq!(aspect.timeout, None, "`~` is no timeout");
    // The map under `evidence:` is at its first key; a block scalar at its first line.
    assert_eq!(
        (aspect.evidence_location.line, aspect.subject_location.line),
        (5, 6)
    );
}

#[test]
fn double_quoted_escapes_and_plain_numbers_are_text() {
    let aspect = ok("---\nname: a\nevidence: {command: [\"printf\", \"a\\tb\", 5]}\n---\n");
    assert_eq!(aspect.evidence.describe(), "printf a\tb 5");
}

#[test]
fn an_alias_repeats_its_anchor() {
    let aspect = ok("---\nname: a\ntags: &both [fast, core]\nevidence:\n  tests: *both\n---\n");
    assert_eq!(aspect.tags, ["@fast", "@core"]);
    assert_eq!(aspect.evidence.kind(), "tests");
    // The alias is located where it is used.
    assert_eq!(
        (aspect.subject_location.line, aspect.subject_location.column),
        (5, 10)
    );
}

#[cfg(feature = "imports")]
#[test]
fn layers_read_block_lists_of_lists() {
    let aspect = ok(concat!(
        "---\n",
        "name: a\n",
        "evidence:\n",
        "  layers:\n",
        "    crate: idle-core\n",
        "    order:\n",
        "      - ui\n",
        "      - - shop\n",
        "        - save\n",
        "      - [model]\n",
        "---\n",
    ));
    assert_eq!(
        aspect.evidence.describe(),
        "layers of modules of idle-core: ui > [shop, save] > model"
    );
    let (line, column, message) = err_at(concat!(
        "---\n",
        "name: a\n",
        "evidence:\n",
        "  independent:\n",
        "    modules: [a, b]\n",
        "    order: [c]\n",
        "---\n",
    ));
    assert_eq!((line, column), (6, 12), "{message}");
    assert!(message.contains("same list"), "{message}");
}

#[test]
fn a_syntax_error_is_at_the_parser_s_position() {
    let (line, column, message) = err_at("---\nname: a\nevidence: {bench: f, max: [1s}\n---\n");
    assert_eq!(line, 3, "{message}");
    assert!(column > 1, "{column}: {message}");
    assert!(message.starts_with("in the frontmatter: "), "{message}");
    let (line, _, message) = err_at("---\nname: a\nevidence:\n\tcommand: [sh]\n---\n");
    assert_eq!(line, 4, "a tab in the indentation: {message}");
}

#[test]
fn an_unknown_key_in_a_nested_flow_map_is_at_the_key() {
    let (line, column, message) =
        err_at("---\nname: a\nevidence: {memory: {bench: f, max: 1MiB, colour: red}}\n---\n");
    assert_eq!((line, column), (3, 42), "{message}");
    assert!(
        message.contains("unknown field `colour`, expected one of `bench`, `command`"),
        "{message}"
    );
}

#[test]
fn a_repeated_key_is_an_error_at_the_second() {
    let (line, column, message) = err_at("---\nname: a\nevidence: x\nname: b\n---\n");
    assert_eq!((line, column), (4, 1), "{message}");
    assert!(message.contains("duplicate field `name`"), "{message}");
}

#[test]
fn a_value_of_the_wrong_type_is_at_the_value() {
    let (line, column, message) = err_at("---\nname: [a]\nevidence: x\n---\n");
    assert_eq!((line, column), (2, 7), "{message}");
    assert!(
        message.contains("`name` must be a string, not a list"),
        "{message}"
    );
    let (line, column, message) = err_at("---\nname: a\nevidence: {command: {program: sh}}\n---\n");
    assert_eq!((line, column), (3, 21), "{message}");
    assert!(
        message.contains("`command` must be a command line"),
        "{message}"
    );
    let (line, column, message) = err_at("---\nname: a\nevidence: {tests: [x, [y]]}\n---\n");
    assert_eq!((line, column), (3, 23), "{message}");
}

#[test]
fn a_key_without_a_value_is_an_error_at_the_key_s_value() {
    let (line, column, message) = err_at("---\nname: a\nevidence:\n---\n");
    // Right after `evidence:`, where the value would be.
    assert_eq!((line, column), (3, 9), "{message}");
    assert!(message.contains("`evidence` has no value"), "{message}");
    let (line, column, message) = err_at("---\nname: a\nevidence: {memory: {bench: f}}\n---\n");
    assert_eq!((line, column), (3, 20), "at the map without it: {message}");
    assert!(message.contains("missing field `max`"), "{message}");
}

#[test]
fn the_frontmatter_is_one_map() {
    let (line, _, message) = err_at("---\n- name\n- evidence\n---\n");
    assert_eq!(line, 2, "{message}");
    assert!(message.contains("must be a map"), "{message}");
    let (line, _, message) = err_at("---\nname: a\nevidence: x\n...\nname: b\n---\n");
    assert_eq!(line, 5, "{message}");
    assert!(message.contains("second YAML document"), "{message}");
    let (line, column, message) = err_at("---\n---\n");
    assert_eq!((line, column), (2, 1), "{message}");
    assert!(message.contains("missing field `name`"), "{message}");
}

#[test]
fn aliases_cannot_expand_without_bound() {
    let mut yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_owned();
    for level in 1..8 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 10].join(", ");
        yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    let error = yaml::parse(&yaml).expect_err("10^8 values");
    assert!(error.message.contains("more than"), "{error}");
}

#[test]
fn scalars_stay_text_and_null_is_nothing() {
    let yaml = yaml::parse("a: 5\nb: true\nc: ~\nd:\ne: ''\n").unwrap();
    let Node::Map(entries) = yaml.value else {
        panic!("{yaml:?}")
    };
    let values: Vec<String> = entries
        .iter()
        .map(|(k, v)| match &v.value {
            Node::Scalar(text) => format!("{}={text}", k.value),
            Node::Null => format!("{}=null", k.value),
            other => format!("{}={other:?}", k.value),
        })
        .collect();
    assert_eq!(values, ["a=5", "b=true", "c=null", "d=null", "e="]);
}

#[test]
fn every_cut_of_a_frontmatter_is_an_aspect_or_a_located_error() {
    // The fuzz target's property, on the forms above: no panic, and an error
    // is inside the text it was given.
    let texts = [
        "---\nname: a\nevidence: {memory: {command: [sh, -c, 'true'], max: 1MiB}}\ntags: [x]\n---\n",
        "---\nname: a\nevidence:\n  layers:\n    order:\n      - a\n      - - b\n        - c\n---\n",
        "---\nname: \"a\"\nprobe: |\n  x\nevidence: &e [sh]\ntimeout: *e\n---\n",
    ];
    for text in texts {
        for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let cut_text = format!("{}\n---\n", &text[..cut]);
            if let Err(e) = parse(&cut_text, Path::new("aspects/x.md")) {
                let lines = cut_text.lines().count() as u32;
                assert!((1..=lines).contains(&e.line), "{cut}: {e}");
                assert!(e.column >= 1, "{cut}: {e}");
            }
        }
    }
}
