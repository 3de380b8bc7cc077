//! Unit tests of `manifest.rs`, apart so the module reads in one sitting.

use super::*;

#[test]
fn dependencies_are_found_with_their_key_position_whatever_the_syntax() {
    let text = "\
[package]
name = \"p\" # serde = \"1\" in a comment is no dependency
description = \"\"\"
regex = \"1\"
\"\"\"

[dependencies]
  serde = { version = \"1\", features = [\"derive\"] }
json = { package = \"serde_json\", version = \"1\" }

[dev-dependencies]
trybuild = \"1\"

[dependencies.toml]
version = \"0.8\"

[target.'cfg(unix)'.dependencies]
libc = \"0.2\"

[build-dependencies]
cc = \"1\"
";
    let m = Manifest::parse(text, Path::new("/nonexistent")).unwrap();
    let found: Vec<_> = m
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), d.line, d.column, d.package.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("serde", 8, 3, None),
            ("json", 9, 1, Some("serde_json")),
            ("toml", 14, 15, None),
            ("libc", 18, 1, None),
            ("cc", 21, 1, None),
        ]
    );
    assert_eq!(m.name.as_deref(), Some("p"));
}

#[test]
fn every_kind_of_target_is_found_as_cargo_finds_it() {
    let dir = std::env::temp_dir().join(format!("aspect-manifest-targets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for file in [
        "src/lib.rs",
        "src/main.rs",
        "src/bin/tool/main.rs",
        "tests/a.rs",
        "tests/b/main.rs",
        "tests/b/helper.rs",
        "it/x.rs",
        "benches/speed.rs",
        "examples/demo.rs",
        "gen.rs",
        "build.rs",
    ] {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "").unwrap();
    }
    let text = "[package]\nname = \"p\"\nbuild = \"gen.rs\"\nautobenches = false\n\n\
                    [[test]]\nname = \"x\"\npath = \"it/x.rs\"\n\n\
                    [dev-dependencies]\nproptest = \"1\"\n\n\
                    [target.'cfg(unix)'.dev-dependencies]\nnix = { workspace = true }\n";
    let m = Manifest::parse(text, &dir).unwrap();
    let names = |files: &[PathBuf]| -> Vec<String> {
        files
            .iter()
            .map(|f| f.strip_prefix(&dir).unwrap().display().to_string())
            .collect()
    };
    assert_eq!(names(&m.bins), ["src/bin/tool/main.rs", "src/main.rs"]);
    assert_eq!(
        names(&m.tests),
        ["it/x.rs", "tests/a.rs", "tests/b/main.rs"]
    );
    assert!(m.benches.is_empty(), "autobenches = false");
    assert_eq!(names(&m.examples), ["examples/demo.rs"]);
    assert_eq!(m.build, Some(dir.join("gen.rs")));
    let dev: Vec<_> = m
        .dev_dependencies
        .iter()
        .map(|d| (d.name.as_str(), d.kind, d.inherited))
        .collect();
    assert_eq!(
        dev,
        [
            ("proptest", DepKind::Dev, false),
            ("nix", DepKind::Dev, true)
        ]
    );
    assert!(m.dependencies.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_invalid_manifest_is_an_error_not_a_panic() {
    assert!(Manifest::parse("[package\nname=", Path::new(".")).is_err());
    assert!(Manifest::parse("dependencies = 3", Path::new(".")).is_err());
}

#[test]
fn line_column_counts_characters() {
    assert_eq!(line_column("ab\nµx", 5), (2, 2));
    assert_eq!(line_column("", 0), (1, 1));
}

/// The derived reader the hand-written one replaced, verbatim (commit
/// d11bad2) but for the conversion of its targets: the oracle the comparison
/// below reads every manifest with.
#[cfg(feature = "cli")]
mod serde_oracle {
    use std::collections::BTreeMap;
    use std::path::Path;

    use serde::Deserialize;
    use toml::Spanned;

    use super::super::{features_bringing, line_column, targets, DepKind, Dependency, Manifest};

    type DepTable = BTreeMap<Spanned<String>, toml::Value>;

    #[derive(Deserialize, Default)]
    struct Raw {
        package: Option<RawPackage>,
        lib: Option<RawTarget>,
        #[serde(default)]
        bin: Vec<RawTarget>,
        #[serde(default)]
        test: Vec<RawTarget>,
        #[serde(default)]
        bench: Vec<RawTarget>,
        #[serde(default)]
        example: Vec<RawTarget>,
        dependencies: Option<DepTable>,
        #[serde(rename = "dev-dependencies")]
        dev_dependencies: Option<DepTable>,
        #[serde(rename = "dev_dependencies")]
        dev_dependencies_legacy: Option<DepTable>,
        #[serde(rename = "build-dependencies")]
        build_dependencies: Option<DepTable>,
        #[serde(rename = "build_dependencies")]
        build_dependencies_legacy: Option<DepTable>,
        target: Option<BTreeMap<String, RawPlatform>>,
        #[serde(default)]
        features: BTreeMap<String, Vec<String>>,
    }

    #[derive(Deserialize)]
    struct RawPackage {
        name: Option<String>,
        autobins: Option<bool>,
        autolib: Option<bool>,
        autotests: Option<bool>,
        autobenches: Option<bool>,
        autoexamples: Option<bool>,
        build: Option<toml::Value>,
    }

    #[derive(Deserialize)]
    struct RawTarget {
        name: Option<String>,
        path: Option<String>,
    }

    #[derive(Deserialize)]
    struct RawPlatform {
        dependencies: Option<DepTable>,
        #[serde(rename = "dev-dependencies")]
        dev_dependencies: Option<DepTable>,
        #[serde(rename = "dev_dependencies")]
        dev_dependencies_legacy: Option<DepTable>,
        #[serde(rename = "build-dependencies")]
        build_dependencies: Option<DepTable>,
        #[serde(rename = "build_dependencies")]
        build_dependencies_legacy: Option<DepTable>,
    }

    /// The module's `RawTarget`s, which `targets` takes.
    fn real(listed: &[RawTarget]) -> Vec<super::super::RawTarget> {
        listed
            .iter()
            .map(|t| super::super::RawTarget {
                name: t.name.clone(),
                path: t.path.clone(),
            })
            .collect()
    }

    pub(super) fn parse(text: &str, dir: &Path) -> Result<Manifest, String> {
        let mut raw: Raw = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?;
        let raw_features = std::mem::take(&mut raw.features);
        let mut dependencies = Vec::new();
        let mut add = |table: Option<DepTable>, kind: DepKind| {
            for (key, spec) in table.into_iter().flatten() {
                let (line, column) = line_column(text, key.span().start);
                let package = spec
                    .get("package")
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned);
                let optional = spec.get("optional").and_then(toml::Value::as_bool) == Some(true);
                let inherited = spec.get("workspace").and_then(toml::Value::as_bool) == Some(true);
                let name = key.into_inner();
                let features = if optional {
                    features_bringing(&raw_features, &name)
                } else {
                    Vec::new()
                };
                dependencies.push(Dependency {
                    name,
                    package,
                    kind,
                    inherited,
                    line,
                    column,
                    features,
                });
            }
        };
        add(raw.dependencies, DepKind::Normal);
        add(raw.build_dependencies, DepKind::Build);
        add(raw.build_dependencies_legacy, DepKind::Build);
        add(raw.dev_dependencies, DepKind::Dev);
        add(raw.dev_dependencies_legacy, DepKind::Dev);
        for platform in raw.target.into_iter().flat_map(BTreeMap::into_values) {
            add(platform.dependencies, DepKind::Normal);
            add(platform.build_dependencies, DepKind::Build);
            add(platform.build_dependencies_legacy, DepKind::Build);
            add(platform.dev_dependencies, DepKind::Dev);
            add(platform.dev_dependencies_legacy, DepKind::Dev);
        }
        dependencies.sort_by_key(|d| (d.line, d.column));
        let (dev_dependencies, dependencies): (Vec<_>, Vec<_>) = dependencies
            .into_iter()
            .partition(|d| d.kind == DepKind::Dev);

        let package = raw.package;
        let name = package.as_ref().and_then(|p| p.name.clone());
        let existing = |relative: &str| Some(dir.join(relative)).filter(|p| p.is_file());
        let autolib = package.as_ref().and_then(|p| p.autolib) != Some(false);
        let lib = match raw.lib.as_ref().and_then(|l| l.path.as_deref()) {
            Some(path) => Some(dir.join(path)),
            None if autolib || raw.lib.is_some() => existing("src/lib.rs"),
            None => None,
        };
        let auto =
            |flag: fn(&RawPackage) -> Option<bool>| package.as_ref().and_then(flag) != Some(false);
        let bin = real(&raw.bin);
        let mut bins = targets(dir, &bin, "src/bin", auto(|p| p.autobins));
        let named_main = bin.iter().any(|b| {
            b.path.is_none()
                && b.name.is_some()
                && b.name == name
                && targets(dir, std::slice::from_ref(b), "src/bin", false).is_empty()
        });
        if auto(|p| p.autobins) || named_main {
            bins.extend(existing("src/main.rs"));
        }
        bins.sort();
        bins.dedup();
        let tests = targets(dir, &real(&raw.test), "tests", auto(|p| p.autotests));
        let benches = targets(dir, &real(&raw.bench), "benches", auto(|p| p.autobenches));
        let examples = targets(
            dir,
            &real(&raw.example),
            "examples",
            auto(|p| p.autoexamples),
        );
        let build = match package.as_ref().and_then(|p| p.build.as_ref()) {
            Some(toml::Value::String(path)) => Some(dir.join(path)),
            Some(toml::Value::Boolean(false)) => None,
            _ => existing("build.rs"),
        };
        Ok(Manifest {
            name,
            dependencies,
            dev_dependencies,
            lib,
            bins,
            tests,
            benches,
            examples,
            build,
        })
    }
}

/// Manifests of every shape the check reads, right and wrong, and the real
/// ones of this repository, read by hand and by the oracle: the same manifest
/// (targets found on disk included), or the same message at the same place.
/// One difference is left out: a number no Rust type holds (`1e400`) in a
/// value the check does not read was an error, and is not now; cargo refuses
/// such a manifest first ("floating-point number overflowed").
#[cfg(feature = "cli")]
#[test]
fn every_manifest_reads_as_the_derived_reader_read_it() {
    let dir = std::env::temp_dir().join(format!("aspect-manifest-oracle-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for file in [
        "src/lib.rs",
        "src/main.rs",
        "src/bin/b.rs",
        "tests/t.rs",
        "build.rs",
        "gen.rs",
    ] {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "").unwrap();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut manifests: Vec<String> = [
        "Cargo.toml",
        "../Cargo.toml",
        "../aspect-macros/Cargo.toml",
        "../examples/idle-game/Cargo.toml",
        "../xtask/Cargo.toml",
    ]
    .iter()
    .map(|path| std::fs::read_to_string(root.join(path)).unwrap())
    .collect();
    let package = "[package]\nname = \"p\"\n";
    for body in [
        "autobins = false\nautolib = false\nautotests = false\nbuild = \"gen.rs\"\n",
        "autobins = \"no\"\n",
        "autotests = 0\n",
        "build = false\n",
        "build = true\n",
        "build = 5\n",
        "build = 1979-05-27\n",
        "[lib]\npath = \"x/lib.rs\"\nname = \"l\"\ncrate-type = [\"rlib\"]\n",
        "[lib]\npath = 5\n",
        "lib = 1979-05-27\n",
        "lib = [\"l\"]\n",
        "lib = [\"l\", \"src/lib.rs\"]\n",
        "[[bin]]\nname = \"b\"\n[[bin]]\nname = \"p\"\n[[bin]]\npath = \"x.rs\"\n",
        "[[bin]]\nname = 5\n",
        "bin = 5\n",
        "bin = {}\n",
        "bin = [5]\n",
        "test = [{ name = \"t\" }, { path = [] }]\n",
        "bench = [[\"b\", \"benches/b.rs\"]]\n",
        "example = [[\"e\"]]\n",
        "[dependencies]\na = \"1\"\nb = { package = \"bee\", optional = true }\nc = { workspace = true }\n\
         [features]\nx = [\"dep:b\"]\n",
        "[dependencies]\nb = { version = \"1\", optional = true }\n[features]\nb = [\"b/std\"]\ny = [\"b?/z\"]\n",
        "dependencies = 3\n",
        "dependencies = []\n",
        "dependencies = 1979-05-27\n",
        "dev_dependencies = { a = 1, b = [] }\ndev-dependencies = { c = true }\n",
        "build_dependencies = { cc = \"1\" }\nbuild-dependencies = 5\n",
        "[target.'cfg(unix)'.dependencies]\nlibc = \"0.2\"\n[target.x.build-dependencies]\ncc = \"1\"\n",
        "target = 5\n",
        "target = 1979-05-27\n",
        "target = { x = 5 }\n",
        "target = { x = 1979-05-27 }\n",
        "target = { x = [{ a = \"1\" }] }\n",
        "target = { x = [{ a = \"1\" }, {}, {}, {}, {}] }\n",
        "target = { x = { dependencies = 5 } }\n",
        "features = 5\n",
        "features = 1979-05-27\n",
        "features = { a = 5 }\n",
        "features = { a = [5] }\n",
        "zzz = [1, { a = 2 }]\n[dependencies]\na = { version = 1.5, x = 1979-05-27 }\n",
    ] {
        manifests.push(format!("{package}{body}"));
    }
    manifests.extend(
        [
            "",
            "[package\nname=",
            "package = 5\n",
            "package = 1979-05-27\n",
            "package = []\n",
            "package = [\"p\", true, false, true, false, true, \"gen.rs\"]\n",
            "[package]\nname = 5\n",
            "[workspace]\nmembers = [\"a\"]\n",
        ]
        .map(str::to_owned),
    );
    for text in &manifests {
        let by_hand = format!("{:?}", Manifest::parse(text, &dir));
        let by_serde = format!("{:?}", serde_oracle::parse(text, &dir));
        assert_eq!(by_hand, by_serde, "{text:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
