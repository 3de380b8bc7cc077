//! Unit tests of the comparison's pure parts: options, crate folders, escaping.

use std::path::{Path, PathBuf};

use super::measure::{crate_name, version_key};
use super::options::{Options, BUILD_RUNS, RUNS};
use super::run::regex_escape;

#[test]
fn options_parse_and_default() {
    let o = Options::parse(&[]).unwrap();
    assert_eq!((o.runs, o.build_runs), (RUNS, BUILD_RUNS));
    let o = Options::parse(&["--runs", "3", "--build-runs", "0", "--crate", "/x"]).unwrap();
    assert_eq!((o.runs, o.build_runs), (3, 0));
    assert_eq!(o.crates, [PathBuf::from("/x")]);
    assert!(Options::parse(&["--runs"]).is_err());
    assert!(Options::parse(&["--bogus"]).is_err());
}

#[test]
fn crate_folders_name_crates_and_versions() {
    assert_eq!(
        crate_name(Path::new("/r/regex-syntax-0.8.12")),
        "regex-syntax"
    );
    assert_eq!(crate_name(Path::new("/r/mycrate")), "mycrate");
    assert!(version_key(Path::new("syn-2.0.119")) > version_key(Path::new("syn-2.0.99")));
}

#[test]
fn scenario_names_are_escaped_for_cucumber() {
    assert_eq!(
        regex_escape("Buying a forge, case 0"),
        "Buying a forge, case 0"
    );
    assert_eq!(regex_escape("a (b) 1.5"), "a \\(b\\) 1\\.5");
}
