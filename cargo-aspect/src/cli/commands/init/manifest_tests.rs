use super::*;

const FRESH: &str = r#"[package]
name = "fresh"
version = "0.1.0"
edition = "2024"

[dependencies]
"#;

/// Apply every edit init makes, as init makes them.
fn init(text: &str) -> String {
    let mut doc = parse(Path::new("Cargo.toml"), text).unwrap();
    add_metadata_table(&mut doc).unwrap();
    let dep = dependency_value("cargo-aspect", Some("0.1.0"), None, &["aspects", "imports"]);
    add_dev_dependency(&mut doc, "aspect", dep).unwrap();
    add_test_target(&mut doc, "aspect").unwrap();
    render(&doc, text)
}

/// `original`'s lines appear in `edited` in order, and the other lines of
/// `edited` are exactly `added`.
fn assert_only_added(original: &str, edited: &str, added: &[&str]) {
    let mut want = original.lines().peekable();
    let mut extra = Vec::new();
    for line in edited.lines() {
        if want.peek() == Some(&line) {
            want.next();
        } else {
            extra.push(line);
        }
    }
    assert_eq!(
        want.next(),
        None,
        "a line of the original is gone:\n{edited}"
    );
    let extra: Vec<&str> = extra.into_iter().filter(|l| !l.is_empty()).collect();
    assert_eq!(extra, added, "\n{edited}");
}

#[test]
fn a_fresh_manifest_gets_the_table_the_target_and_the_dependency() {
    let edited = init(FRESH);
    assert_eq!(
        edited,
        r#"[package]
name = "fresh"
version = "0.1.0"
edition = "2024"

[package.metadata.aspect]
specs = ["specs/**/*.feature"]
aspects = ["aspects/*.md"]

[dependencies]

[dev-dependencies]
aspect = { package = "cargo-aspect", version = "0.1.0", default-features = false, features = ["aspects", "imports"] }

[[test]]
name = "aspect"
harness = false
"#
    );
    assert_eq!(init(&edited), edited, "a second run changes nothing");
}

#[test]
fn comments_and_odd_formatting_are_kept_byte_for_byte() {
    let original = "# my crate\n[ package ]   # the package\nname='odd'   \nversion = \"0.1.0\"\n\n\n# deps below\n[dependencies]\nserde = {version=\"1\",features=[\"derive\"]}   # inline\n\n[dev-dependencies]\nproptest =   \"1\"\n# trailing comment in dev-deps\n\n[[test]]\nname = \"other\"  # a libtest test\n\n[package.metadata.docs.rs]\nall-features = true\n# the end\n";
    let edited = init(original);
    assert_only_added(
        original,
        &edited,
        &[
            "aspect = { package = \"cargo-aspect\", version = \"0.1.0\", default-features = false, features = [\"aspects\", \"imports\"] }",
            "[[test]]",
            "name = \"aspect\"",
            "harness = false",
            "[package.metadata.aspect]",
            "specs = [\"specs/**/*.feature\"]",
            "aspects = [\"aspects/*.md\"]",
        ],
    );
    assert!(
        edited.contains("proptest =   \"1\"\naspect = { package"),
        "{edited}"
    );
    assert!(
        edited.contains(
            "[[test]]\nname = \"other\"  # a libtest test\n\n[[test]]\nname = \"aspect\""
        ),
        "{edited}"
    );
    assert!(
        edited.contains("all-features = true\n\n[package.metadata.aspect]"),
        "{edited}"
    );
    assert_eq!(init(&edited), edited);
}

#[test]
fn what_is_already_there_is_not_touched() {
    let original = "[package]\nname = \"x\"\n\n[package.metadata.aspect]\nspecs = [\"features/*.feature\"]\n\n[dev-dependencies]\naspect = { path = \"../aspect\" }\n\n[[test]]\nname = \"aspect\"\npath = \"tests/specs.rs\"\n";
    assert_eq!(init(original), original);
    let doc = parse(Path::new("Cargo.toml"), original).unwrap();
    assert_eq!(
        test_target(&doc, "aspect"),
        Some(TestTarget {
            path: Some("tests/specs.rs".into()),
            harness: None
        })
    );
    assert_eq!(package_harness_name(&doc), None);
}

#[test]
fn dependencies_written_as_tables_get_a_table() {
    let original = "[package]\nname = \"x\"\n\n[dev-dependencies.proptest]\nversion = \"1\"\n";
    let mut doc = parse(Path::new("Cargo.toml"), original).unwrap();
    let dep = dependency_value(
        "cargo-aspect",
        None,
        Some("../cargo-aspect"),
        &["aspects", "imports"],
    );
    assert!(add_dev_dependency(&mut doc, "aspect", dep).unwrap());
    assert_eq!(
        render(&doc, original),
        "[package]\nname = \"x\"\n\n[dev-dependencies.proptest]\nversion = \"1\"\n\n[dev-dependencies.aspect]\npackage = \"cargo-aspect\"\npath = \"../cargo-aspect\"\ndefault-features = false\nfeatures = [\"aspects\", \"imports\"]\n"
    );
}

#[test]
fn dotted_and_inline_forms_are_extended_in_their_form() {
    let original = "[package]\nname = \"x\"\nmetadata.docs = { all = true }\n\n[workspace]\n";
    let mut doc = parse(Path::new("Cargo.toml"), original).unwrap();
    assert!(add_metadata_table(&mut doc).unwrap());
    let edited = render(&doc, original);
    assert!(
        edited.contains("metadata.docs = { all = true }\nmetadata.aspect.specs = [\"specs/**/*.feature\"]\nmetadata.aspect.aspects = [\"aspects/*.md\"]\n\n[workspace]"),
        "{edited}"
    );
    let reparsed = parse(Path::new("Cargo.toml"), &edited).unwrap();
    assert!(has_package_aspect_table(&reparsed));

    let original = "test = [{ name = \"aspect\" }]\n[package]\nname = \"x\"\n";
    let mut doc = parse(Path::new("Cargo.toml"), original).unwrap();
    assert!(!add_test_target(&mut doc, "aspect").unwrap());
    assert!(set_harness_false(&mut doc, "aspect"));
    assert!(!set_harness_false(&mut doc, "aspect"), "only once");
    assert_eq!(
        test_target(&doc, "aspect").unwrap().harness,
        Some(false),
        "{doc}"
    );
}

#[test]
fn a_missing_harness_key_is_added_to_a_target_table() {
    let original = "[package]\nname = \"x\"\n\n[[test]]\nname = \"aspect\" # mine\n";
    let mut doc = parse(Path::new("Cargo.toml"), original).unwrap();
    assert!(set_harness_false(&mut doc, "aspect"));
    assert_eq!(
        render(&doc, original),
        "[package]\nname = \"x\"\n\n[[test]]\nname = \"aspect\" # mine\nharness = false\n"
    );
}

#[test]
fn crlf_manifests_stay_crlf_and_a_missing_final_newline_is_fine() {
    let original = FRESH.replace('\n', "\r\n");
    let edited = init(&original);
    assert!(!edited.replace("\r\n", "").contains('\n'), "{edited:?}");
    assert_eq!(edited.replace("\r\n", "\n"), init(FRESH));

    let original = "[package]\nname = \"x\"";
    let edited = init(original);
    assert!(edited.starts_with("[package]\nname = \"x\"\n"), "{edited}");
    assert_eq!(init(&edited), edited);
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let err = parse(
        Path::new("dir/Cargo.toml"),
        "[package]\nname = \"x\"\nversion = = 1\n",
    )
    .unwrap_err();
    assert!(err.starts_with("dir/Cargo.toml:3:11: "), "{err}");
    assert!(
        err.contains("\n    3 | version = = 1\n      |           ^"),
        "{err}"
    );
    let err = parse(Path::new("Cargo.toml"), "[package\n").unwrap_err();
    assert!(err.starts_with("Cargo.toml:1:"), "{err}");
}

#[test]
fn line_and_column_count_characters() {
    assert_eq!(line_col("ab\ncdé f", 8), (2, 5));
    assert_eq!(line_col("x", 100), (1, 2));
    assert_eq!(line_col("é", 1), (1, 1));
}

#[test]
fn a_package_table_that_is_not_a_table_is_an_error_not_a_panic() {
    let mut doc = parse(Path::new("Cargo.toml"), "package = 3\ntest = 1\n").unwrap();
    assert!(!has_package(&doc));
    assert!(add_metadata_table(&mut doc).is_err());
    assert!(add_test_target(&mut doc, "aspect").is_err());
    let mut doc = parse(Path::new("Cargo.toml"), "dev-dependencies = 1\n").unwrap();
    let dep = dependency_value("cargo-aspect", Some("0.1.0"), None, &["aspects", "imports"]);
    assert!(add_dev_dependency(&mut doc, "aspect", dep).is_err());
}

#[test]
fn comments_that_end_the_file_stay_with_the_table_before_them() {
    let original = "[package]\nname = \"x\"\n\n[package.metadata.docs.rs]\nall = true\n\n[workspace]\n# its own root\n";
    let edited = init(original);
    assert!(
        edited.ends_with("[workspace]\n# its own root\n\n[dev-dependencies]\naspect = { package = \"cargo-aspect\", version = \"0.1.0\", default-features = false, features = [\"aspects\", \"imports\"] }\n\n[[test]]\nname = \"aspect\"\nharness = false\n"),
        "{edited}"
    );
    assert!(
        edited.contains("all = true\n\n[package.metadata.aspect]\n"),
        "{edited}"
    );
    assert_eq!(init(&edited), edited);
}

#[test]
fn the_dependency_names_the_features_it_is_given_even_none() {
    let dep = dependency_value("cargo-aspect", Some("0.1.0"), None, &[]);
    assert_eq!(
        dep.to_string(),
        "{ package = \"cargo-aspect\", version = \"0.1.0\", default-features = false, features = [] }"
    );
    let dep = dependency_value("cargo-aspect", Some("0.1.0"), None, &["aspects"]);
    assert!(
        dep.to_string().ends_with("features = [\"aspects\"] }"),
        "{dep}"
    );
}

/// The runtime's profile override, added to `text`: the result and whether it was added.
fn with_profile(text: &str) -> (String, bool) {
    let mut doc = parse(Path::new("Cargo.toml"), text).unwrap();
    let added = add_runtime_profile(&mut doc, "cargo-aspect").unwrap();
    (render(&doc, text), added)
}

#[test]
fn the_runtime_profile_is_added_last_with_its_reason_and_only_once() {
    let original = format!("{FRESH}\n[profile.dev]\nopt-level = 1\n# the end\n");
    let (edited, added) = with_profile(&original);
    assert!(added);
    assert!(
        edited.ends_with(
            "opt-level = 1\n# the end\n\n\
             # cargo-aspect (added by `cargo aspect init`): no incremental state and line\n\
             # tables only, for a faster clean build of the harness.\n\
             [profile.dev.package.cargo-aspect]\n\
             debug = \"line-tables-only\"\n\
             incremental = false\n"
        ),
        "{edited}"
    );
    let (again, added) = with_profile(&edited);
    assert!(!added);
    assert_eq!(again, edited);
}

#[test]
fn an_override_of_the_runtime_in_any_form_is_left_alone() {
    for text in [
        "[profile.dev.package.cargo-aspect]\nopt-level = 1\n",
        "[profile.dev]\npackage.cargo-aspect.opt-level = 1\n",
        "[profile]\ndev = { package = { cargo-aspect = {} } }\n",
    ] {
        let original = format!("{FRESH}{text}# kept\n");
        assert_eq!(with_profile(&original), (original.clone(), false), "{text}");
    }
    for text in [
        "profile.dev.package.cargo-aspect = { debug = 2 }\n",
        "profile = { dev = { package = { cargo-aspect = {} } } }\n",
    ] {
        let original = format!("{text}{FRESH}# kept\n");
        assert_eq!(with_profile(&original), (original.clone(), false), "{text}");
    }
}

#[test]
fn the_runtime_profile_goes_into_the_form_the_profile_table_has() {
    for (text, form) in [
        (
            format!("{FRESH}[profile]\ndev = {{ opt-level = 1 }}\n"),
            "package = { cargo-aspect = { debug = \"line-tables-only\"",
        ),
        (
            format!("profile = {{ dev = {{ opt-level = 1 }} }}\n{FRESH}"),
            "package = { cargo-aspect = { debug = \"line-tables-only\"",
        ),
        (
            format!("profile.dev.opt-level = 1\n{FRESH}"),
            "profile.dev.package.cargo-aspect.debug = \"line-tables-only\"",
        ),
        (
            format!("{FRESH}[profile.dev.package.\"*\"]\nopt-level = 1\n"),
            "[profile.dev.package.cargo-aspect]\ndebug = \"line-tables-only\"",
        ),
    ] {
        let (edited, added) = with_profile(&text);
        assert!(added, "{text}");
        assert!(edited.contains(form), "{edited}");
        let reparsed: DocumentMut = edited.parse().unwrap();
        let dev = &reparsed["profile"]["dev"];
        let opt_level = dev
            .get("opt-level")
            .or_else(|| dev["package"].get("*").map(|p| &p["opt-level"]));
        assert_eq!(opt_level.and_then(Item::as_integer), Some(1), "{edited}");
        let runtime = &dev["package"]["cargo-aspect"];
        assert_eq!(
            runtime["debug"].as_str(),
            Some("line-tables-only"),
            "{edited}"
        );
        assert_eq!(runtime["incremental"].as_bool(), Some(false), "{edited}");
        assert_eq!(with_profile(&edited), (edited.clone(), false), "{edited}");
    }
}

#[test]
fn a_profile_key_that_is_not_a_table_is_an_error_and_nothing_changes() {
    for (text, key) in [
        ("profile = 1\n", "profile"),
        ("profile = { dev = \"fast\" }\n", "profile.dev"),
        ("profile.dev.package = []\n", "profile.dev.package"),
    ] {
        let original = format!("{text}{FRESH}# the end\n");
        let mut doc = parse(Path::new("Cargo.toml"), &original).unwrap();
        let error = add_runtime_profile(&mut doc, "cargo-aspect").unwrap_err();
        assert_eq!(error, format!("`{key}` in the manifest is not a table"));
        assert_eq!(render(&doc, &original), original, "{text}");
    }
}
