//! Unit tests of the generator: deterministic, the promised sizes.

use super::feature::{feature, scenario, Rng};
use super::fixture::{EXACT_FEATURE, FEATURES};

#[test]
fn every_file_yields_100_pickles_and_generation_is_deterministic() {
    for index in [0, 1, EXACT_FEATURE, FEATURES - 1] {
        let feature = feature(index);
        assert_eq!(feature.pickles, 100, "{}", feature.id);
        assert_eq!(feature.text, super::feature::feature(index).text);
    }
    assert_ne!(feature(0).text, feature(1).text);
}

#[test]
fn scenarios_have_four_or_five_steps() {
    let mut rng = Rng::new(7);
    for kind in 0..8 {
        let (_, steps) = scenario(kind, &mut rng, "P");
        let steps = steps
            .iter()
            .filter(|s| !s.starts_with('|') && !s.starts_with("  |"))
            .count();
        assert!((4..=5).contains(&steps), "kind {kind}: {steps} steps");
    }
}
