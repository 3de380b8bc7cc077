//! The page as a function of events and sources, built in memory: which verdict
//! lands where, what is marked on the steps, what is escaped, what is a gap.

use std::path::Path;

use super::sources::{AspectDoc, AspectSource, PackageSources, RunInfo, SpecSource};
use super::{render, totals, Input};
use crate::cli::workspace::Locations;
use crate::event::{
    AspectEvent, Event, FailedStep, MeasurementEvent, ScenarioEvent, Status, StepDefinitionEvent,
    UndefinedStep,
};

const BUYING: &str = "\
@shop
Feature: Buying
  Gold buys mines.

  Background:
    Given a shop

  Scenario: Buy with gold
    Given I have 50 gold
    When I buy a gold mine
    Then I have 0 gold
    And I own 1 gold mine

  Scenario Outline: Prices
    Then a <thing> costs <price>

    Examples:
      | thing | price |
      | mine  | 50    |
      | mill  | 70    |

  Scenario: Never run
    Given nothing
";

fn scenario(name: &str, line: u32, status: Option<Status>) -> ScenarioEvent {
    ScenarioEvent {
        name: format!("spec::buying::{name}"),
        package: "shop".into(),
        file: "specs/buying.feature".into(),
        line,
        feature: "Buying".into(),
        tags: vec!["@shop".into()],
        status,
        duration_ms: Some(1.0),
        failed_step: None,
        undefined_steps: Vec::new(),
        message: None,
        parse_error: None,
    }
}

fn aspect_event(name: &str, status: Status, message: &str) -> AspectEvent {
    AspectEvent {
        name: format!("aspect::{name}"),
        package: "shop".into(),
        file: format!("aspects/{name}.md"),
        line: 3,
        column: Some(3),
        evidence: "memory".into(),
        description: "memory of bench load ≤ 16.0 KiB".into(),
        summary: "Loading is light.".into(),
        tags: vec!["@performance".into()],
        status: Some(status),
        duration_ms: Some(2.0),
        measurement: None,
        message: Some(message.into()),
    }
}

fn sources(spec: &str, aspect_body: &str) -> Vec<PackageSources> {
    let feature = crate::spec::parse(spec, Path::new("specs/buying.feature"))
        .unwrap()
        .feature;
    vec![PackageSources {
        name: "shop".into(),
        specs: vec![SpecSource {
            file: "specs/buying.feature".into(),
            feature: Ok(feature),
        }],
        aspects: vec![AspectSource {
            file: "aspects/light.md".into(),
            doc: Ok(AspectDoc {
                name: "light".into(),
                kind: "memory".into(),
                description: "memory of bench load ≤ 16.0 KiB".into(),
                frontmatter: "name: light\nevidence: {memory: {bench: load, max: 16KiB}}".into(),
                body: aspect_body.into(),
                tags: vec!["@performance".into()],
            }),
        }],
        error: None,
    }]
}

fn page(events: &[Event], packages: &[PackageSources]) -> String {
    let run = RunInfo {
        title: "shop".into(),
        source: "events from run.jsonl".into(),
        commit: Some("0123456789ab".into()),
        time: Some("2024-02-29 12:34 UTC".into()),
        errors: vec![],
    };
    render(&Input {
        events,
        packages,
        run: &run,
        locations: &Locations::default(),
    })
}

/// The text of the element that starts at the first match of `start`, up to `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in\n{html}"));
    let rest = &html[at..];
    let stop = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |i| start.len() + i + end.len());
    &rest[..stop]
}

fn failing_run() -> Vec<Event> {
    let mut broke = scenario("Buy with gold", 8, Some(Status::Failed));
    broke.failed_step = Some(FailedStep {
        keyword: "Then".into(),
        text: "I have 0 gold".into(),
        line: 11,
        column: 5,
        reason: "failed".into(),
    });
    broke.message = Some(
        "specs/buying.feature:11:5: step failed: Then I have 0 gold\n  Scenario: Buy with gold\n    ✔ Given I have 50 gold\n    ✘ Then I have 0 gold  (specs/buying.feature:11)\n        expected 0, got 50\n    - And I own 1 gold mine  (skipped)\n"
            .into(),
    );
    let mut light = aspect_event(
        "light",
        Status::Failed,
        "peak 20.0 KiB allocated; budget 16.0 KiB",
    );
    light.measurement = Some(MeasurementEvent {
        unit: "bytes".into(),
        value: 20480.0,
        budget: 16384.0,
        spread: 0.0,
        samples: 1,
    });
    vec![
        Event::Scenario(broke),
        Event::Scenario(scenario("Prices #1", 19, Some(Status::Passed))),
        Event::Scenario(scenario("Prices #2", 20, Some(Status::Failed))),
        Event::Aspect(light),
        Event::StepDefinition(StepDefinitionEvent {
            keyword: "given".into(),
            expression: "I sell {int} mines".into(),
            function: "sell".into(),
            file: "tests/steps.rs".into(),
            line: 40,
            uses: 0,
        }),
    ]
}

#[test]
fn a_failing_scenario_marks_its_steps_and_shows_the_error() {
    let html = page(&failing_run(), &sources(BUYING, "Loading is *light*."));
    let buy = between(&html, "id=\"t0-0-8\"", "</article>");
    assert!(buy.contains("data-verdict=\"failed\""), "{buy}");
    let marks: Vec<&str> = buy
        .split("<li class=\"step ")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .collect();
    assert_eq!(
        marks,
        ["s-passed", "s-passed", "s-failed", "s-skipped"],
        "{buy}"
    );
    assert!(
        buy.contains("<pre class=\"error\">expected 0, got 50</pre>"),
        "{buy}"
    );
    assert!(buy.contains("specs/buying.feature:11:5"), "{buy}");
    // The Background is shown once, unmarked.
    let background = between(&html, "<div class=\"background\">", "</ol>");
    assert!(background.contains("a shop") && !background.contains("s-passed"));
    // Outline rows carry their own verdicts; the failing row gets a failure row.
    let outline = between(&html, "id=\"t0-0-14\"", "</article>");
    assert!(
        outline.contains("data-verdict=\"failed passed\""),
        "{outline}"
    );
    assert!(
        outline.contains("id=\"t0-0-19\" data-verdict=\"passed\""),
        "{outline}"
    );
    assert!(
        outline.contains("id=\"t0-0-20\" data-verdict=\"failed\""),
        "{outline}"
    );
    assert!(outline.contains("class=\"row-failure\""), "{outline}");
}

/// The class of each step of the scenario whose article starts at `start`.
fn step_marks<'a>(html: &'a str, start: &str) -> Vec<&'a str> {
    between(html, start, "</article>")
        .split("<li class=\"step ")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .collect()
}

/// Regression: a step no definition matches was marked as skipped when an
/// earlier step had failed, and the gaps said "None" about it.
#[test]
fn undefined_steps_are_marked_with_their_snippet_and_listed_in_the_gaps() {
    let mut broke = scenario("Buy with gold", 8, Some(Status::Failed));
    broke.failed_step = Some(FailedStep {
        keyword: "Then".into(),
        text: "I have 0 gold".into(),
        line: 11,
        column: 5,
        reason: "failed".into(),
    });
    broke.undefined_steps = vec![UndefinedStep {
        keyword: "And ".into(),
        text: "I own 1 gold mine".into(),
        line: 12,
        column: 5,
        snippet: "#[then(\"I own {int} gold mine\")]\nfn i_own_gold_mine(world: &mut World, int1: i64) {\n    todo!()\n}".into(),
    }];
    // Both rows of the outline lack the same step: one gap, one mark.
    let row = |name: &str, line: u32, price: &str| {
        let mut row = scenario(name, line, Some(Status::Failed));
        let step = UndefinedStep {
            keyword: "Then ".into(),
            text: format!("a mine costs {price}"),
            line: 15,
            column: 5,
            snippet: "#[then(\"a mine costs {int}\")]".into(),
        };
        row.failed_step = Some(FailedStep {
            keyword: step.keyword.clone(),
            text: step.text.clone(),
            line: 15,
            column: 5,
            reason: "undefined".into(),
        });
        row.undefined_steps = vec![step];
        Event::Scenario(row)
    };
    let events = [
        Event::Scenario(broke),
        row("Prices #1", 19, "50"),
        row("Prices #2", 20, "70"),
        Event::Scenario(scenario("Never run", 22, Some(Status::Passed))),
    ];
    let html = page(&events, &sources(BUYING, ""));
    assert_eq!(
        step_marks(&html, "id=\"t0-0-8\""),
        ["s-passed", "s-passed", "s-failed", "s-undefined"]
    );
    let buy = between(&html, "id=\"t0-0-8\"", "</article>");
    assert!(
        buy.contains("title=\"undefined\">?</span><span class=\"kw\">And</span><span class=\"text\">I own 1 gold mine</span><div class=\"snippet\">"),
        "{buy}"
    );
    assert!(
        buy.contains("#[then(&quot;I own {int} gold mine&quot;)]"),
        "{buy}"
    );
    let gaps = between(&html, "<section id=\"gaps\">", "</section>");
    assert!(!gaps.contains("None:"), "{gaps}");
    let undefined = between(gaps, "<h3>Undefined steps</h3>", "</ul>");
    assert!(
        undefined.contains("specs/buying.feature:12:5</span> <span class=\"kw\">And</span> <span class=\"text\">I own 1 gold mine</span>"),
        "{undefined}"
    );
    assert!(
        undefined.contains("<pre class=\"snippet\">#[then(&quot;I own {int} gold mine&quot;)]"),
        "{undefined}"
    );
    assert_eq!(step_marks(&html, "id=\"t0-0-14\""), ["s-undefined"]);
    assert_eq!(
        undefined.matches("specs/buying.feature:15:5").count(),
        1,
        "{undefined}"
    );
}

/// Events saved before `undefined_steps` existed still mark the failed step
/// as undefined and list it, without a snippet.
#[test]
fn an_undefined_failed_step_of_an_older_event_is_still_undefined() {
    let mut broke = scenario("Buy with gold", 8, Some(Status::Failed));
    broke.failed_step = Some(FailedStep {
        keyword: "Then".into(),
        text: "I have 0 gold".into(),
        line: 11,
        column: 5,
        reason: "undefined".into(),
    });
    let html = page(&[Event::Scenario(broke)], &sources(BUYING, ""));
    assert_eq!(
        step_marks(&html, "id=\"t0-0-8\""),
        ["s-passed", "s-passed", "s-undefined", "s-skipped"]
    );
    let undefined = between(&html, "<h3>Undefined steps</h3>", "</ul>");
    assert!(
        undefined.contains("specs/buying.feature:11:5"),
        "{undefined}"
    );
    assert!(!undefined.contains("snippet"), "{undefined}");
}

#[test]
fn counts_and_verdicts_come_only_from_events() {
    let events = failing_run();
    let html = page(&events, &sources(BUYING, "Loading is light."));
    let specs = between(&html, "id=\"summary-specs\"", "</div>");
    assert!(
        specs.contains("data-status=\"passed\" data-n=\"1\""),
        "{specs}"
    );
    assert!(
        specs.contains("data-status=\"failed\" data-n=\"2\""),
        "{specs}"
    );
    let aspects = between(&html, "id=\"summary-aspects\"", "</div>");
    assert!(
        aspects.contains("data-status=\"failed\" data-n=\"1\""),
        "{aspects}"
    );
    assert!(html.contains("id=\"banner\">3 failed<"), "banner");
    // A scenario without an event is not run, with no marks on its steps.
    let never = between(&html, "id=\"t0-0-22\"", "</article>");
    assert!(never.contains("data-verdict=\"not-run\""), "{never}");
    assert!(
        never.contains(">not run<") && !never.contains("s-passed"),
        "{never}"
    );
    assert!(html.contains("<h3>Specs not run</h3>"));
    // The measurement bar takes the event's verdict, the figures its numbers.
    let light = between(&html, "id=\"a0-0\"", "</article>");
    assert!(light.contains("class=\"measure v-failed\""), "{light}");
    assert!(
        light.contains("<b>20.0 KiB</b> measured · budget <b>16.0 KiB</b>"),
        "{light}"
    );
    assert!(light.contains("<details class=\"output\" open>"), "{light}");
    assert!(
        light.contains("<em>") || light.contains("Loading is light."),
        "{light}"
    );
    // The unused step definition is a gap.
    assert!(html.contains("<h3>Step definitions no spec uses</h3>"));
    assert!(html.contains("fn sell"));
    assert_eq!(totals(&events).total.failed, 3);
}

#[test]
fn a_trial_reported_twice_is_shown_with_its_last_event() {
    let events = vec![
        Event::Scenario(scenario("Buy with gold", 8, Some(Status::Passed))),
        Event::Scenario(scenario("Buy with gold", 8, Some(Status::Failed))),
    ];
    let html = page(&events, &sources(BUYING, ""));
    assert!(between(&html, "id=\"t0-0-8\"", ">").contains("data-verdict=\"failed\""));
    let t = totals(&events);
    assert_eq!((t.specs.passed, t.specs.failed), (0, 1));
}

#[test]
fn results_without_a_source_are_still_shown() {
    let mut lost = scenario("Gone", 99, Some(Status::Failed));
    lost.file = "specs/gone.feature".into();
    lost.message = Some("it broke".into());
    let mut stale = scenario("Moved", 3, Some(Status::Passed));
    stale.line = 3;
    let stray = aspect_event("elsewhere", Status::Passed, "fine");
    let events = vec![
        Event::Scenario(lost),
        Event::Scenario(stale),
        Event::Aspect(stray),
    ];
    let html = page(&events, &sources(BUYING, ""));
    assert!(
        html.contains("No such file among the specs"),
        "missing-file note"
    );
    assert!(html.contains(">Gone</span>") && html.contains("it broke"));
    assert!(
        html.contains(">Moved</span>"),
        "an event at a line no scenario has"
    );
    assert!(html.contains(">elsewhere</span>"));
    assert!(html.contains("<h3>Results whose source is not among the files</h3>"));
    // Without any sources at all, the events alone make a page.
    let bare = page(&events, &[]);
    assert!(bare.contains(">Gone</span>") && bare.contains(">elsewhere</span>"));
}

#[test]
fn user_text_is_escaped_everywhere() {
    let spec = "\
@a&b @x\"y
Feature: <script>alert('feature')</script> & \"quotes\"
  <img src=x onerror=alert(1)> in a description

  Scenario: <b id=\"injected\">bold</b>
    Given a step with <script>alert(\"step\")</script>
      | <i>cell</i> | a & b |
    Then a doc string:
      \"\"\"
      </pre><script>alert('doc')</script>
      \"\"\"
";
    let mut failed = scenario("x", 5, Some(Status::Failed));
    failed.tags = vec!["@a&b".into(), "@x\"y".into()];
    failed.message = Some("<script>alert('message')</script> & \"quoted\"".into());
    let aspect = aspect_event(
        "light",
        Status::Failed,
        "</pre></details><script>alert('output')</script>",
    );
    let mut aspect = aspect;
    aspect.file = "aspects/light.md".into();
    let events = vec![Event::Scenario(failed), Event::Aspect(aspect)];
    let mut packages = sources(
        spec,
        "<script>alert('body')</script>\n\n[x](javascript:alert(1))",
    );
    if let Ok(doc) = &mut packages[0].aspects[0].doc {
        doc.frontmatter = "name: <script>alert('yaml')</script>".into();
        doc.tags = vec!["@<script>".into()];
    }
    let html = page(&events, &packages);
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(!html.contains("id=\"injected\""));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<i>cell"));
    assert!(!html.to_lowercase().contains("javascript:"));
    for text in [
        "&lt;script&gt;alert(&#39;feature&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;",
        "&lt;b id=&quot;injected&quot;&gt;bold&lt;/b&gt;",
        "&lt;/pre&gt;&lt;script&gt;alert(&#39;doc&#39;)&lt;/script&gt;",
        "&lt;script&gt;alert(&#39;message&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;",
        "&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(&#39;output&#39;)",
        "&lt;script&gt;alert('body')&lt;/script&gt;",
        "name: &lt;script&gt;alert(&#39;yaml&#39;)&lt;/script&gt;",
        "<span class=\"tag\">@a&amp;b</span>",
        "data-tags=\"@a&amp;b @x&quot;y\"",
    ] {
        assert!(html.contains(text), "missing {text:?} in\n{html}");
    }
}

#[test]
fn unreadable_files_and_harness_errors_are_shown() {
    let mut packages = sources(BUYING, "");
    packages[0].specs[0].feature = Err("specs/buying.feature:3:1: expected a step".into());
    packages[0].aspects[0].doc = Err("aspects/light.md:2:1: unknown key `evidense`".into());
    let run = RunInfo {
        errors: vec!["the harness of shop could not judge".into()],
        ..RunInfo::default()
    };
    let html = render(&Input {
        events: &[],
        packages: &packages,
        run: &run,
        locations: &Locations::default(),
    });
    assert!(html.contains("expected a step") && html.contains("unknown key `evidense`"));
    assert!(html.contains("<h3>Files that cannot be read</h3>"));
    assert!(html.contains("could not judge everything"));
    assert!(html.contains("the harness of shop could not judge"));
}
