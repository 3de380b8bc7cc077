//! The one stable order every reporter prints events in, whatever order the
//! harnesses wrote them: packages in order of first appearance, features by
//! file, scenarios by line, aspects by name; and the short names shown for
//! trials. It must not format anything: each reporter lays the groups out.

use std::path::Path;

use crate::event::{AspectEvent, Event, ScenarioEvent};

/// The events of one package, in report order.
pub(super) struct PackageGroup<'a> {
    pub(super) name: &'a str,
    pub(super) features: Vec<FeatureGroup<'a>>,
    pub(super) aspects: Vec<&'a AspectEvent>,
}

/// The scenarios of one feature file, by line.
pub(super) struct FeatureGroup<'a> {
    pub(super) file: &'a str,
    pub(super) feature: &'a str,
    pub(super) scenarios: Vec<&'a ScenarioEvent>,
}

impl PackageGroup<'_> {
    pub(super) fn scenarios(&self) -> impl Iterator<Item = &ScenarioEvent> {
        self.features
            .iter()
            .flat_map(|f| f.scenarios.iter().copied())
    }
}

/// Packages in order of first appearance; features by file, scenarios by
/// line; aspects by name.
pub(super) fn group(events: &[Event]) -> Vec<PackageGroup<'_>> {
    let mut packages: Vec<PackageGroup<'_>> = Vec::new();
    for event in events {
        let package = match event {
            Event::Scenario(e) => e.package.as_str(),
            Event::Aspect(e) => e.package.as_str(),
            _ => continue,
        };
        let at = packages
            .iter()
            .position(|p| p.name == package)
            .unwrap_or(packages.len());
        if at == packages.len() {
            packages.push(PackageGroup {
                name: package,
                features: Vec::new(),
                aspects: Vec::new(),
            });
        }
        let group = &mut packages[at];
        match event {
            Event::Scenario(e) => match group.features.iter_mut().find(|f| f.file == e.file) {
                Some(feature) => feature.scenarios.push(e),
                None => group.features.push(FeatureGroup {
                    file: &e.file,
                    feature: &e.feature,
                    scenarios: vec![e],
                }),
            },
            Event::Aspect(e) => group.aspects.push(e),
            _ => {}
        }
    }
    for package in &mut packages {
        package.features.sort_by(|a, b| a.file.cmp(b.file));
        for feature in &mut package.features {
            feature
                .scenarios
                .sort_by(|a, b| (a.line, &a.name).cmp(&(b.line, &b.name)));
        }
        package
            .aspects
            .sort_by(|a, b| (&a.name, &a.file, a.line).cmp(&(&b.name, &b.file, b.line)));
    }
    packages
}

/// `spec::<feature>::<scenario>` → `<scenario>`.
pub(super) fn scenario_title(name: &str) -> &str {
    name.strip_prefix("spec::")
        .and_then(|rest| rest.split_once("::"))
        .map_or(name, |(_, title)| title)
}

/// `spec::<feature>::<scenario>` → `<feature>`, else the file's stem.
pub(super) fn feature_id(e: &ScenarioEvent) -> &str {
    e.name
        .strip_prefix("spec::")
        .and_then(|rest| rest.split_once("::"))
        .map(|(id, _)| id)
        .or_else(|| Path::new(&e.file).file_stem().and_then(|s| s.to_str()))
        .unwrap_or("specs")
}

/// `aspect::<name>` → `<name>`.
pub(super) fn aspect_title(name: &str) -> &str {
    name.strip_prefix("aspect::").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    #[test]
    fn grouping_is_stable_whatever_the_arrival_order() {
        let mut events = sample();
        let forward: Vec<String> = group(&events)
            .iter()
            .flat_map(|p| {
                p.scenarios()
                    .map(|s| s.name.clone())
                    .chain(p.aspects.iter().map(|a| a.name.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        events.reverse();
        let packages = group(&events);
        let backward: Vec<String> = packages
            .iter()
            .flat_map(|p| {
                p.scenarios()
                    .map(|s| s.name.clone())
                    .chain(p.aspects.iter().map(|a| a.name.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut a = forward.clone();
        let mut b = backward.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        // Within a package the order does not depend on arrival.
        assert_eq!(
            packages.iter().map(|p| p.name).collect::<Vec<_>>(),
            ["other", "shop"]
        );
        assert_eq!(
            packages[1].scenarios().map(|s| s.line).collect::<Vec<_>>(),
            [2, 8, 3]
        );
    }

    #[test]
    fn names_lose_their_prefixes() {
        assert_eq!(scenario_title("spec::buying::A::B"), "A::B");
        assert_eq!(scenario_title("odd"), "odd");
        assert_eq!(aspect_title("aspect::fast"), "fast");
    }
}
