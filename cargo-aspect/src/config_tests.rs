//! Unit tests of `config.rs`, apart so the module reads in one sitting: the
//! globs, and the table read by hand with the wording serde's derived reader had.

use super::*;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aspect-config-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn package_paths_walk_up_for_workspace_level_files() {
    let p = |path: &str, base: &str| relative_to(Path::new(path), Path::new(base));
    assert_eq!(
        p("/w/pkg/specs/a.feature", "/w/pkg"),
        Path::new("specs/a.feature")
    );
    assert_eq!(
        p("/w/specs/a.feature", "/w/pkg"),
        Path::new("../specs/a.feature")
    );
    assert_eq!(
        p("/w/specs/a.feature", "/w/crates/pkg"),
        Path::new("../../specs/a.feature")
    );
}

#[test]
fn a_harness_target_reads_its_own_entry_of_harnesses() {
    let dir = temp_dir("harnesses");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"x\"\n[package.metadata.aspect]\nspecs = [\"a/*.feature\"]\n\
         harnesses.till-specs = { specs = [\"t/*.feature\"], aspects = [] }\n",
    )
    .unwrap();
    let till = Config::load_for(&dir, Some("till_specs")).unwrap();
    assert_eq!(till.specs, [dir.join("t/*.feature").to_string_lossy()]);
    assert!(till.aspects.is_empty());
    let other = Config::load_for(&dir, Some("aspect")).unwrap();
    assert_eq!(other.specs, [dir.join("a/*.feature").to_string_lossy()]);
    assert_eq!(other.aspects, [dir.join(DEFAULT_ASPECTS).to_string_lossy()]);
}

#[test]
fn defaults_are_relative_to_the_package() {
    let dir = temp_dir("defaults");
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    let config = Config::load(&dir).unwrap();
    assert_eq!(config.specs, [dir.join(DEFAULT_SPECS).to_string_lossy()]);
    assert_eq!(config.workspace_root, dir);
}

#[test]
fn package_overrides_workspace_and_workspace_globs_are_rooted_there() {
    let root = temp_dir("ws");
    let member = root.join("member");
    std::fs::create_dir_all(&member).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"member\"]\n[workspace.metadata.aspect]\nspecs = [\"features/*.feature\"]\naspects = [\"docs/aspects/*.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        member.join("Cargo.toml"),
        "[package]\nname = \"m\"\n[package.metadata.aspect]\naspects = [\"a/*.md\"]\n",
    )
    .unwrap();
    let config = Config::load(&member).unwrap();
    assert_eq!(config.workspace_root, root);
    assert_eq!(
        config.specs,
        [root.join("features/*.feature").to_string_lossy()]
    );
    assert_eq!(config.aspects, [member.join("a/*.md").to_string_lossy()]);
}

#[test]
fn an_unknown_key_names_the_manifest_line_and_key() {
    let dir = temp_dir("typo");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"x\"\n\n[package.metadata.aspect]\nspecz = [\"a\"]\n",
    )
    .unwrap();
    let err = Config::load(&dir).unwrap_err().to_string();
    assert!(err.contains("Cargo.toml"), "{err}");
    assert!(err.contains("line 5"), "{err}");
    assert!(err.contains("unknown field `specz`"), "{err}");
}

/// Mistakes in the table, each with the whole message a harness prints (the
/// wording and locations serde's derived reader gave, through toml).
#[test]
fn mistakes_in_the_table_read_word_for_word_as_before() {
    let cases = [
        (
            "[package]\nname = \"x\"\n\n[package.metadata.aspect]\nspecz = [\"a\"]\n",
            "TOML parse error at line 5, column 1\n  |\n5 | specz = [\"a\"]\n  | ^^^^^\n\
             unknown field `specz`, expected one of `specs`, `aspects`, `harnesses`, `harness`, `protect`, `agent`",
        ),
        (
            "[package]\nname = \"x\"\n[package.metadata.aspect]\nspecs = \"a/*.feature\"\n",
            "TOML parse error at line 4, column 9\n  |\n4 | specs = \"a/*.feature\"\n  |         ^^^^^^^^^^^^^\n\
             invalid type: string \"a/*.feature\", expected a sequence",
        ),
        (
            "[package]\nname = \"x\"\n[package.metadata.aspect]\naspects = [\"a\", 7]\n",
            "TOML parse error at line 4, column 17\n  |\n4 | aspects = [\"a\", 7]\n  |                 ^\n\
             invalid type: integer `7`, expected a string",
        ),
        (
            "[package]\nname = \"x\"\n[package.metadata.aspect.harnesses.till]\nspec = []\n",
            "TOML parse error at line 4, column 1\n  |\n4 | spec = []\n  | ^^^^\n\
             unknown field `spec`, expected `specs` or `aspects`",
        ),
        (
            "[package]\nname = \"x\"\n[package.metadata.aspect]\nharnesses = [\"till\"]\n",
            "TOML parse error at line 4, column 13\n  |\n4 | harnesses = [\"till\"]\n  |             ^^^^^^^^\n\
             invalid type: sequence, expected a map",
        ),
        (
            "[package]\nname = \"µ\"\n[package.metadata]\naspect = true\n",
            "TOML parse error at line 4, column 10\n  |\n4 | aspect = true\n  |          ^^^^\n\
             invalid type: boolean `true`, expected struct AspectTable",
        ),
        (
            "[package]\nname = 1.0\n",
            "TOML parse error at line 2, column 8\n  |\n2 | name = 1.0\n  |        ^^^\n\
             invalid type: floating point `1.0`, expected a string",
        ),
        (
            "[package]\nname = \"x\"\n[package.metadata.aspect]\nspecs = [\"a\"\n",
            "TOML parse error at line 4, column 13\n  |\n4 | specs = [\"a\"\n  |             ^\n\
             unclosed array, expected `]`",
        ),
    ];
    for (manifest, expected) in cases {
        let dir = temp_dir("mistakes");
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        let err = Config::load(&dir).unwrap_err().to_string();
        let path = dir.join("Cargo.toml");
        assert_eq!(
            err,
            format!("{}: {expected}", path.display()),
            "{manifest:?}"
        );
    }
}

/// The derived reader the hand-written one replaced, verbatim (commit
/// d11bad2): the oracle the comparison below reads every manifest with.
#[cfg(feature = "cli")]
mod serde_oracle {
    use serde::de::IgnoredAny;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    pub(super) struct AspectTable {
        pub specs: Option<Vec<String>>,
        pub aspects: Option<Vec<String>>,
        pub harnesses: Option<std::collections::BTreeMap<String, HarnessTable>>,
        #[serde(rename = "harness")]
        _harness: Option<IgnoredAny>,
        #[serde(rename = "protect")]
        _protect: Option<IgnoredAny>,
        #[serde(rename = "agent")]
        _agent: Option<IgnoredAny>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct HarnessTable {
        pub specs: Option<Vec<String>>,
        pub aspects: Option<Vec<String>>,
    }

    #[derive(Deserialize)]
    pub(super) struct Manifest {
        pub package: Option<WithMetadata>,
        pub workspace: Option<WithMetadata>,
    }

    #[derive(Deserialize)]
    pub(super) struct WithMetadata {
        pub name: Option<String>,
        pub metadata: Option<Metadata>,
    }

    #[derive(Deserialize)]
    pub(super) struct Metadata {
        pub aspect: Option<AspectTable>,
    }
}

/// `text` read by the oracle, as a [`Parsed`].
#[cfg(feature = "cli")]
fn parse_by_serde(text: &str) -> Result<Parsed, String> {
    let manifest: serde_oracle::Manifest =
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?;
    let table = |m: Option<serde_oracle::WithMetadata>| {
        let aspect = m.and_then(|m| m.metadata).and_then(|m| m.aspect)?;
        Some(AspectTable {
            specs: aspect.specs,
            aspects: aspect.aspects,
            harnesses: aspect.harnesses.map(|all| {
                all.into_iter()
                    .map(|(name, h)| {
                        let (specs, aspects) = (h.specs, h.aspects);
                        (name, HarnessTable { specs, aspects })
                    })
                    .collect()
            }),
        })
    };
    Ok(Parsed {
        is_workspace: manifest.workspace.is_some(),
        package_name: manifest.package.as_ref().and_then(|p| p.name.clone()),
        package: table(manifest.package),
        workspace: table(manifest.workspace),
    })
}

/// Manifests right and wrong in every way the table can be, and the real ones
/// of this repository, read by hand and by the oracle: the same tables, or the
/// same message at the same place.
/// One difference is left out: a number no Rust type holds (`1e400`) in a
/// value the harness does not read was an error, and is not now; cargo refuses
/// such a manifest first ("floating-point number overflowed").
#[cfg(feature = "cli")]
#[test]
fn every_manifest_reads_as_the_derived_reader_read_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut manifests: Vec<String> = [
        "Cargo.toml",
        "../Cargo.toml",
        "../examples/idle-game/Cargo.toml",
    ]
    .iter()
    .map(|path| std::fs::read_to_string(root.join(path)).unwrap())
    .collect();
    let aspect = "[package]\nname = \"x\"\n[package.metadata.aspect]\n";
    let harness = "[package]\nname = \"x\"\n[package.metadata.aspect.harnesses]\n";
    for body in [
        "specs = [\"s/*.feature\"]\naspects = []\nharness = 5\nprotect = {}\nagent = { model = 1 }\n",
        "specs = \"x\"\n",
        "specs = [\"a\", 1]\n",
        "specs = 1\nzzz = 1\n",
        "zzz = 1\nspecs = 1\n",
        "aaa = 1\nspecs = 1\n",
        "specz = [\"a\"]\n",
        "\"spécs\" = 1\n",
        "specs = [\"a\"]\nspecs = [\"b\"]\n",
        "harnesses = 5\n",
        "harnesses = []\n",
        "harnesses = 1979-05-27\n",
        "harnesses = { t = { specs = [\"t\"] } }\n",
        "harnesses.t-u = { specs = [\"t\"], aspects = [] }\n",
        "[package.metadata.aspect.harnesses.t]\nspecs = [\"a\"]\nprotect = []\n",
        "[package.metadata.aspect.harnesses.t]\nspecs = [\"a\"]\n\
         [package.metadata.aspect.harnesses.u]\naspects = [1]\n",
    ] {
        manifests.push(format!("{aspect}{body}"));
    }
    for body in [
        "t = 5\n",
        "t = 1979-05-27\n",
        "t = []\n",
        "t = [[\"a\"]]\n",
        "t = [[\"a\"], [\"b\"], 3]\n",
        "t = [[\"a\"], 3]\n",
    ] {
        manifests.push(format!("{harness}{body}"));
    }
    manifests.extend(
        [
            "[package]\nname = \"x\"\n",
            "[package]\nname = 5\n",
            "[workspace]\nname = 5\n",
            "[workspace]\nmembers = []\n[workspace.metadata.aspect]\naspects = [\"x\"]\n",
            "[workspace.metadata.aspect]\nspecs = 5\n[package]\nname = 7\n",
            "package = 5\n",
            "package = 1979-05-27\nworkspace = 07:32:00\n",
            "package = [\"n\"]\n",
            "package = [\"n\", {}]\n",
            "package = [\"n\", [[[\"s/*.feature\"], [\"a/*.md\"], {}, 1, 2, 3]]]\n",
            "package = [\"n\", [[[\"s\"], [\"a\"]]]]\n",
            "[package]\nmetadata = 5\n",
            "[package]\nmetadata = 1979-05-27\n",
            "[package]\nmetadata = []\n",
            "[package.metadata]\naspect = 5\n",
            "[package.metadata]\naspect = 1979-05-27\n",
            "[package.metadata]\naspect = []\n",
            "[package.metadata]\nother = 5\n",
            "[package]\r\nname = \"x\"\r\n[package.metadata.aspect]\r\nspecs = 5\r\n",
            "[package]\nname = \"é\" # µ\n[package.metadata.aspect]\n\"spécs\" = 1\n",
            "[package\n",
            "",
            "[dependencies]\nserde = { version = \"1\", features = [1] }\n[lib]\nname = 5\n",
        ]
        .map(str::to_owned),
    );
    for text in &manifests {
        assert_eq!(parse_manifest(text), parse_by_serde(text), "{text:?}");
    }
}
