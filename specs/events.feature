Feature: The events format is versioned
  `cargo aspect test --format json` and a harness's `ASPECT_EVENTS` file write
  one JSON object per line, in the format `cargo-aspect/EVENTS.md` describes.
  Every writer starts with `{"type":"format","version":3}`, so a reader knows
  what follows: `cargo aspect` refuses a format it does not read rather than
  misread it, and still reads files saved before the format line existed.

  Scenario: Saved events of a later format cannot be judged
    Given a copy of the idle game
    And the file "later.jsonl" contains:
      """
      {"type":"format","version":4}
      {"type":"scenario","name":"spec::buying::Purchase with sufficient funds","file":"specs/buying.feature","line":2,"tags":[],"status":"passed"}
      """
    When I run `cargo aspect report --from later.jsonl -o report.html`
    Then the exit code is 2
    And the output says "error: later.jsonl:1: events in format version 4, but cargo-aspect"
    And the output says "the `cargo aspect` binary and the package's `cargo-aspect` dev-dependency differ"

  Scenario: Events saved by version 2 are read as version 3, which only added a value
    Given a copy of the idle game
    And the file "saved.jsonl" contains:
      """
      {"type":"format","version":2}
      {"type":"scenario","name":"spec::buying::Purchase with sufficient funds","package":"idle-game","file":"specs/buying.feature","line":2,"tags":[],"status":"passed"}
      {"type":"summary","passed":1,"failed":0,"ignored":0,"not_judged":0}
      """
    When I run `cargo aspect report --from saved.jsonl -o report.html`
    Then the exit code is 0
    And the summary of the page "report.html" reads:
      | Specs   | 1 passed | 0 failed | 0 ignored | 0 not judged |
      | Aspects | 0 passed | 0 failed | 0 ignored | 0 not judged |
      | Total   | 1 passed | 0 failed | 0 ignored | 0 not judged |

  Scenario: Events saved by version 1, before the format line, are still read
    Given a copy of the idle game
    And the file "saved.jsonl" contains:
      """
      {"type":"scenario","name":"spec::buying::Purchase with sufficient funds","file":"specs/buying.feature","line":2,"tags":[],"status":"passed"}
      {"type":"aspect","name":"aspect::buy-is-fast","file":"aspects/buy-is-fast.md","line":4,"evidence":"bench","tags":["@performance"],"status":"not-judged"}
      {"type":"summary","passed":1,"failed":0,"ignored":0,"not-judged":1}
      """
    When I run `cargo aspect report --from saved.jsonl -o report.html`
    Then the exit code is 0
    And the summary of the page "report.html" reads:
      | Specs   | 1 passed | 0 failed | 0 ignored | 0 not judged |
      | Aspects | 0 passed | 0 failed | 0 ignored | 1 not judged |
      | Total   | 1 passed | 0 failed | 0 ignored | 1 not judged |

  Scenario: A harness built with another version of cargo-aspect cannot be judged
    Given a copy of the idle game
    And the file "examples/idle-game/tests/aspect.rs" contains:
      """
      //! A harness whose runtime writes a later format.
      fn main() {
          let events = std::env::var("ASPECT_EVENTS").expect("cargo aspect names the events file");
          std::fs::write(events, "{\"type\":\"format\",\"version\":4}\n").expect("the events file is writable");
      }
      """
    When I run `cargo aspect test`
    Then the exit code is 2
    And the output says "wrote events in format version 4, but cargo-aspect"
