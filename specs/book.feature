Feature: cucumber-rs's book, ported
  Chapters of cucumber-rs's book, their features as written and their step
  definitions as its users write them (`cucumber::` becomes `aspect::`,
  `gherkin::Step` becomes `aspect::Step`, `expr =` stays), each in a harness
  of its own beside the idle game's, as cucumber-rs runs each chapter with its
  own World. "Capturing and variation": regexes with `FromStr` arguments,
  cucumber expressions, and a custom parameter whose regex has several groups.
  "Doc strings" and "Data tables": async steps that read the step's doc string
  and table through `step: &Step`. "Background", "Rule" and "Scenario
  outline": async steps that wait on tokio's timers, in a crate made by
  `cargo new` whose harness runs on tokio (`$RUNTIME` stands for this
  checkout's runtime crate). "Asserting": its two harnesses, one whose last
  step panics and one whose last step returns an `Err`, each failing its
  scenario with the book's message. "Languages": a feature in Norwegian.
  "Tags": filtering by `--tags`, and tags inherited by an outline's Examples,
  with the Rule and Scenario outline chapters' steps in two harnesses.

  Scenario: The capturing chapter runs as written
    Given a copy of the idle game
    And the table [package.metadata.aspect] of "examples/idle-game/Cargo.toml" also has:
      """toml
      harnesses.aspect = {}
      harnesses.book = { specs = ["book/*.feature"], aspects = [] }
      """
    And the file "examples/idle-game/Cargo.toml" ends with:
      """toml
      [[test]]
      name = "book"
      harness = false
      """
    And the file "examples/idle-game/tests/book.rs" contains:
      """rust
      //! cucumber-rs's book, "Capturing and variation", with its own World.

      use std::str::FromStr;

      use aspect::{given, then, when, Parameter};

      #[derive(Debug, Default, Eq, Parameter, PartialEq)]
      #[param(regex = "(hungry)|(satiated)|'([^']*)'")]
      // We want to capture without quotes  ^^^^^^^
      enum Hungriness {
          Hungry,
          #[default]
          Satiated,
          Other(String),
      }

      // NOTE: `Parameter` requires `FromStr` being implemented.
      impl FromStr for Hungriness {
          type Err = String;

          fn from_str(s: &str) -> Result<Self, Self::Err> {
              Ok(match s {
                  "hungry" => Self::Hungry,
                  "satiated" => Self::Satiated,
                  other => Self::Other(other.to_owned()),
              })
          }
      }

      #[derive(Debug, Default)]
      struct Cat {
          pub hungry: Hungriness,
      }

      impl Cat {
          fn feed(&mut self) {
              self.hungry = Hungriness::Satiated;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          cat: Cat,
      }

      #[given(expr = "a {hungriness} cat")]
      fn hungry_cat(world: &mut AnimalWorld, hungry: Hungriness) {
          world.cat.hungry = hungry;
      }

      #[when(regex = r"^I feed the cat (\d+) times?$")]
      fn feed_cat(world: &mut AnimalWorld, times: u8) {
          for _ in 0..times {
              world.cat.feed();
          }
      }

      #[then("the cat is not hungry")]
      fn cat_is_fed(world: &mut AnimalWorld) {
          assert_eq!(world.cat.hungry, Hungriness::Satiated);
      }

      #[then(expr = "the cat is {string}")]
      fn cat_is(world: &mut AnimalWorld, other: String) {
          assert_eq!(world.cat.hungry, Hungriness::Other(other));
      }

      aspect::main!(AnimalWorld);
      """
    And the file "examples/idle-game/book/capturing.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario: If we feed a hungry cat it will no longer be hungry
          Given a hungry cat
          When I feed the cat 1 time
          Then the cat is not hungry

        Scenario: If we feed a satiated cat it will not become hungry
          Given a satiated cat
          When I feed the cat 2 times
          Then the cat is not hungry
      """
    And the file "examples/idle-game/book/capturing_multiple_groups.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario: If we feed a hungry cat it will no longer be hungry
          Given a hungry cat
          When I feed the cat 1 time
          Then the cat is not hungry

        Scenario: If we feed a satiated cat it will not become hungry
          Given a 'tiny tiny' cat
          Then the cat is "tiny tiny"
      """
    When I run `cargo test --test book` in "examples/idle-game"
    Then the exit code is 0
    And the output says "4 passed; 0 failed"

  Scenario: The doc strings chapter runs as written, its Simba scenario failing as the book says
    Given a copy of the idle game
    And the table [package.metadata.aspect] of "examples/idle-game/Cargo.toml" also has:
      """toml
      harnesses.aspect = {}
      harnesses.doc_strings = { specs = ["book/doc_strings.feature"], aspects = [] }
      """
    And the file "examples/idle-game/Cargo.toml" ends with:
      """toml
      [[test]]
      name = "doc_strings"
      harness = false
      """
    And the file "examples/idle-game/tests/doc_strings.rs" contains:
      """rust
      //! cucumber-rs's book, "Doc strings".

      use aspect::{given, then, when, Step};

      #[derive(Debug, Default)]
      struct Cat {
          pub hungry: bool,
      }

      impl Cat {
          fn feed(&mut self) {
              self.hungry = false;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          cat: Cat,
      }

      #[given(regex = r"^a (hungry|satiated) cat$")]
      async fn hungry_cat(world: &mut AnimalWorld, step: &Step, state: String) {
          // Feed only Leo and Felix.
          if !step
              .docstring
              .as_ref()
              .map_or(false, |text| text.contains("Felix") || text.contains("Leo"))
          {
              panic!("Only Felix and Leo can be fed");
          }

          match state.as_str() {
              "hungry" => world.cat.hungry = true,
              "satiated" => world.cat.hungry = false,
              _ => unreachable!(),
          }
      }

      #[when("I feed the cat")]
      async fn feed_cat(world: &mut AnimalWorld) {
          world.cat.feed();
      }

      #[then("the cat is not hungry")]
      async fn cat_is_fed(world: &mut AnimalWorld) {
          assert!(!world.cat.hungry);
      }

      aspect::main!(AnimalWorld);
      """
    And the file "examples/idle-game/book/doc_strings.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario: If we feed a hungry Felix it will no longer be hungry
          Given a hungry cat
            \"\"\"
            A hungry cat called Felix is rescued from a Whiskas tin in a calamitous
            mash-up of cat food brands.
            \"\"\"
          When I feed the cat
          Then the cat is not hungry

        Scenario: If we feed a hungry Leo it will no longer be hungry
          Given a hungry cat
            ```
            A hungry cat called Leo is rescued from a Whiskas tin in a calamitous
            mash-up of cat food brands.
            ```
          When I feed the cat
          Then the cat is not hungry

        Scenario: If we feed a hungry Simba it will no longer be hungry
          Given a hungry cat
            \"\"\"markdown
            About Simba
            ===========
            A hungry cat called Simba is rescued from a Whiskas tin in a calamitous
            mash-up of cat food brands.
            \"\"\"
          When I feed the cat
          Then the cat is not hungry
      """
    When I run `cargo test --test doc_strings` in "examples/idle-game"
    Then the exit code is 1
    And the output says "2 passed; 1 failed"
    And the output says "Only Felix and Leo can be fed"

  Scenario: The data tables chapter runs as written
    Given a copy of the idle game
    And the table [package.metadata.aspect] of "examples/idle-game/Cargo.toml" also has:
      """toml
      harnesses.aspect = {}
      harnesses.data_tables = { specs = ["book/data_tables.feature"], aspects = [] }
      """
    And the file "examples/idle-game/Cargo.toml" ends with:
      """toml
      [[test]]
      name = "data_tables"
      harness = false
      """
    And the file "examples/idle-game/tests/data_tables.rs" contains:
      """rust
      //! cucumber-rs's book, "Data tables".

      use std::collections::HashMap;

      use aspect::{given, then, when, Step};

      #[given(regex = r"^a (hungry|satiated) animal$")]
      async fn hungry_animal(world: &mut AnimalWorld, step: &Step, state: String) {
          let state = match state.as_str() {
              "hungry" => true,
              "satiated" => false,
              _ => unreachable!(),
          };

          if let Some(table) = step.table.as_ref() {
              for row in table.rows.iter().skip(1) { // NOTE: skip header
                  let animal = &row[0];

                  world
                      .animals
                      .entry(animal.clone())
                      .or_insert(Animal::default())
                      .hungry = state;
              }
          }
      }

      #[when("I feed the animal multiple times")]
      async fn feed_animal(world: &mut AnimalWorld, step: &Step) {
          if let Some(table) = step.table.as_ref() {
              for row in table.rows.iter().skip(1) { // NOTE: skip header
                  let animal = &row[0];
                  let times = row[1].parse::<usize>().unwrap();

                  for _ in 0..times {
                      world.animals.get_mut(animal).map(Animal::feed);
                  }
              }
          }
      }

      #[then("the animal is not hungry")]
      async fn animal_is_fed(world: &mut AnimalWorld) {
          for animal in world.animals.values() {
              assert!(!animal.hungry);
          }
      }

      #[derive(Debug, Default)]
      struct Animal {
          pub hungry: bool,
      }

      impl Animal {
          fn feed(&mut self) {
              self.hungry = false;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          animals: HashMap<String, Animal>,
      }

      aspect::main!(AnimalWorld);
      """
    And the file "examples/idle-game/book/data_tables.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario: If we feed a hungry animal it will no longer be hungry
          Given a hungry animal
            | animal |
            | cat    |
            | dog    |
            | 🦀     |
          When I feed the animal multiple times
            | animal | times |
            | cat    | 2     |
            | dog    | 3     |
            | 🦀     | 4     |
          Then the animal is not hungry
      """
    When I run `cargo test --test data_tables` in "examples/idle-game"
    Then the exit code is 0
    And the output says "1 passed; 0 failed"

  Scenario: The background and rule chapters, the quickstart's async features and the tags chapter's @serial run as written, on tokio
    Given a new library crate made by `cargo new`
    And the file "Cargo.toml" ends with:
      """toml

      [dev-dependencies]
      aspect = { package = "cargo-aspect", path = "$RUNTIME", default-features = false, features = ["tokio"] }
      tokio = { version = "1", default-features = false, features = ["rt", "time"] }

      [[test]]
      name = "aspect"
      harness = false
      """
    And the file "tests/aspect.rs" contains:
      """rust
      //! cucumber-rs's book, "Background", "Rule", "Quickstart" (async) and
      //! "Tags" (`@serial`): the same steps.

      use std::time::Duration;

      use aspect::{given, then, when};
      use tokio::time::sleep;

      #[derive(Debug, Default)]
      struct Cat {
          pub hungry: bool,
      }

      impl Cat {
          fn feed(&mut self) {
              self.hungry = false;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          cat: Cat,
      }

      #[given(regex = r"^a (hungry|satiated) cat$")]
      async fn hungry_cat(world: &mut AnimalWorld, state: String) {
          sleep(Duration::from_secs(2)).await;

          match state.as_str() {
              "hungry" => world.cat.hungry = true,
              "satiated" => world.cat.hungry = false,
              _ => unreachable!(),
          }
      }

      #[when("I feed the cat")]
      async fn feed_cat(world: &mut AnimalWorld) {
          sleep(Duration::from_secs(2)).await;

          world.cat.feed();
      }

      #[then("the cat is not hungry")]
      async fn cat_is_fed(world: &mut AnimalWorld) {
          sleep(Duration::from_secs(2)).await;

          assert!(!world.cat.hungry);
      }

      aspect::main!(AnimalWorld, runtime = tokio);
      """
    And the file "specs/background.feature" contains:
      """gherkin
      Feature: Animal feature

        Background:
          Given a hungry cat

        Rule: Hungry cat becomes satiated

          Scenario: If we feed a hungry cat it will no longer be hungry
            When I feed the cat
            Then the cat is not hungry

        Rule: Satiated cat remains the same

          Background:
            When I feed the cat

          Scenario: If we feed a satiated cat it will not become hungry
            When I feed the cat
            Then the cat is not hungry
      """
    And the file "specs/rule.feature" contains:
      """gherkin
      Feature: Animal feature

        Rule: Hungry cat becomes satiated

          Scenario: If we feed a hungry cat it will no longer be hungry
            Given a hungry cat
            When I feed the cat
            Then the cat is not hungry

        Rule: Satiated cat remains the same

          Scenario: If we feed a satiated cat it will not become hungry
            Given a satiated cat
            When I feed the cat
            Then the cat is not hungry
      """
    And the file "specs/concurrent.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario: If we feed a hungry cat it will no longer be hungry
          Given a hungry cat
          When I feed the cat
          Then the cat is not hungry

        Scenario: If we feed a satiated cat it will not become hungry
          Given a satiated cat
          When I feed the cat
          Then the cat is not hungry
      """
    And the file "specs/serial.feature" contains:
      """gherkin
      Feature: Animal feature

        @serial
        Scenario: If we feed a hungry cat it will no longer be hungry
          Given a hungry cat
          When I feed the cat
          Then the cat is not hungry

        @serial
        Scenario: If we feed a satiated cat it will not become hungry
          Given a satiated cat
          When I feed the cat
          Then the cat is not hungry
      """
    And the file "specs/tags_serial.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario: If we feed a hungry cat it will no longer be hungry
          Given a hungry cat
          When I feed the cat
          Then the cat is not hungry

        @serial
        Scenario: If we feed a satiated cat it will not become hungry
          Given a satiated cat
          When I feed the cat
          Then the cat is not hungry
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "10 passed; 0 failed"

  Scenario: The scenario outline chapter runs as written, on tokio
    Given a new library crate made by `cargo new`
    And the file "Cargo.toml" ends with:
      """toml

      [dev-dependencies]
      aspect = { package = "cargo-aspect", path = "$RUNTIME", default-features = false, features = ["tokio"] }
      tokio = { version = "1", default-features = false, features = ["rt", "time"] }

      [[test]]
      name = "aspect"
      harness = false
      """
    And the file "tests/aspect.rs" contains:
      """rust
      //! cucumber-rs's book, "Scenario outline".

      use std::{collections::HashMap, time::Duration};

      use aspect::{given, then, when};
      use tokio::time::sleep;

      #[derive(Debug, Default)]
      struct Animal {
          pub hungry: bool,
      }

      impl Animal {
          fn feed(&mut self) {
              self.hungry = false;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          animals: HashMap<String, Animal>,
      }

      #[given(regex = r"^a (hungry|satiated) (\S+)$")]
      async fn hungry_animal(world: &mut AnimalWorld, state: String, which: String) {
          sleep(Duration::from_secs(2)).await;

          world.animals.entry(which).or_insert(Animal::default()).hungry =
              match state.as_str() {
                  "hungry" => true,
                  "satiated" => false,
                  _ => unreachable!(),
              };
      }

      #[when(expr = "I feed the {word} {int} time(s)")]
      async fn feed_animal(world: &mut AnimalWorld, which: String, times: usize) {
          sleep(Duration::from_secs(2)).await;

          for _ in 0..times {
              world.animals.get_mut(&which).map(Animal::feed);
          }
      }

      #[then(expr = "the {word} is not hungry")]
      async fn animal_is_fed(world: &mut AnimalWorld, which: String) {
          sleep(Duration::from_secs(2)).await;

          assert!(!world.animals.get(&which).map_or(true, |a| a.hungry));
      }

      aspect::main!(AnimalWorld, runtime = tokio);
      """
    And the file "specs/scenario_outline.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario Outline: If we feed a hungry animal it will no longer be hungry
          Given a hungry <animal>
          When I feed the <animal> <n> times
          Then the <animal> is not hungry

          Examples:
            | animal | n |
            | cat    | 2 |
            | dog    | 3 |
            | 🦀     | 4 |
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "3 passed; 0 failed"

  Scenario: The asserting chapter fails as the book says, by a panic and by an Err
    Given a new library crate made by `cargo new`
    And the file "Cargo.toml" ends with:
      """toml

      [dev-dependencies]
      aspect = { package = "cargo-aspect", path = "$RUNTIME", default-features = false }

      [[test]]
      name = "asserting_panic"
      harness = false

      [[test]]
      name = "asserting_result"
      harness = false
      """
    And the file "tests/asserting_panic.rs" contains:
      """rust
      //! cucumber-rs's book, "Asserting": a step that panics.

      use aspect::{given, then, when};

      #[derive(Debug, Default)]
      struct Cat {
          pub hungry: bool,
      }

      impl Cat {
          fn feed(&mut self) {
              self.hungry = false;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          cat: Cat,
      }

      #[given(regex = r"^a (hungry|satiated) cat$")]
      fn hungry_cat(world: &mut AnimalWorld, state: String) {
          match state.as_str() {
              "hungry" =>  world.cat.hungry = true,
              "satiated" =>  world.cat.hungry = false,
              _ => unreachable!(),
          }
      }

      #[when("I feed the cat")]
      fn feed_cat(world: &mut AnimalWorld) {
          world.cat.feed();
      }

      #[then("the cat is not hungry")]
      fn cat_is_fed(_: &mut AnimalWorld) {
          panic!("Cats are always hungry!")
      }

      aspect::main!(AnimalWorld);
      """
    And the file "tests/asserting_result.rs" contains:
      """rust
      //! cucumber-rs's book, "Asserting": a step that returns an `Err`.

      use aspect::{given, then, when};

      #[derive(Debug, Default)]
      struct Cat {
          pub hungry: bool,
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          cat: Cat,
      }

      #[given(regex = r"^a (hungry|satiated) cat$")]
      fn hungry_cat(world: &mut AnimalWorld, state: String) {
          match state.as_str() {
              "hungry" =>  world.cat.hungry = true,
              "satiated" =>  world.cat.hungry = false,
              _ => unreachable!(),
          }
      }

      #[when("I feed the cat")]
      fn feed_cat(_: &mut AnimalWorld) {}

      #[then("the cat is not hungry")]
      fn cat_is_fed(world: &mut AnimalWorld) -> Result<(), &'static str> {
          (!world.cat.hungry).then_some(()).ok_or("Cat is still hungry!")
      }

      aspect::main!(AnimalWorld);
      """
    And the file "specs/asserting.feature" contains:
      """gherkin
      Feature: Animal feature

        Scenario: If we feed a hungry cat it will no longer be hungry
          Given a hungry cat
          When I feed the cat
          Then the cat is not hungry
      """
    When I run `cargo test --no-fail-fast --test asserting_panic --test asserting_result` in "."
    Then the exit code is 101
    And the output says "Cats are always hungry!"
    And the output says "step returned an error: Cat is still hungry!"
    And the output says "2 targets failed"

  Scenario: The languages chapter runs as written, in Norwegian
    Given a new library crate made by `cargo new`
    And the file "Cargo.toml" ends with:
      """toml

      [dev-dependencies]
      aspect = { package = "cargo-aspect", path = "$RUNTIME", default-features = false }

      [[test]]
      name = "aspect"
      harness = false
      """
    And the file "tests/aspect.rs" contains:
      """rust
      //! cucumber-rs's book, "Languages".

      use aspect::{given, then, when};

      #[derive(Debug, Default)]
      struct Cat {
          pub hungry: bool,
      }

      impl Cat {
          fn feed(&mut self) {
              self.hungry = false;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          cat: Cat,
      }

      #[given(regex = r"^en (sulten|mett) katt$")]
      async fn hungry_cat(world: &mut AnimalWorld, state: String) {
          match state.as_str() {
              "sulten" => world.cat.hungry = true,
              "mett" => world.cat.hungry = false,
              _ => unreachable!(),
          }
      }

      #[when("jeg mater katten")]
      async fn feed_cat(world: &mut AnimalWorld) {
          world.cat.feed();
      }

      #[then("katten er ikke sulten")]
      async fn cat_is_fed(world: &mut AnimalWorld) {
          assert!(!world.cat.hungry);
      }

      aspect::main!(AnimalWorld);
      """
    And the file "specs/languages.feature" contains:
      """gherkin
      # language: no

      Egenskap: Dyr egenskap

        Scenario: Hvis vi mater en sulten katt, vil den ikke lenger være sulten
          Gitt en sulten katt
          Når jeg mater katten
          Så katten er ikke sulten
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "1 passed; 0 failed"

  Scenario: The tags chapter's filtering and inheritance, as written
    Given a new library crate made by `cargo new`
    And the file "Cargo.toml" ends with:
      """toml

      [dev-dependencies]
      aspect = { package = "cargo-aspect", path = "$RUNTIME", default-features = false, features = ["tokio"] }
      tokio = { version = "1", default-features = false, features = ["rt", "time"] }

      [[test]]
      name = "tags_filtering"
      harness = false

      [[test]]
      name = "tags_inheritance"
      harness = false

      [package.metadata.aspect]
      harnesses.tags_filtering = { specs = ["specs/tags_filtering.feature"] }
      harnesses.tags_inheritance = { specs = ["specs/tags_inheritance.feature"] }
      """
    And the file "tests/tags_filtering.rs" contains:
      """rust
      //! cucumber-rs's book, "Background" and "Rule" (the same steps).

      use std::time::Duration;

      use aspect::{given, then, when};
      use tokio::time::sleep;

      #[derive(Debug, Default)]
      struct Cat {
          pub hungry: bool,
      }

      impl Cat {
          fn feed(&mut self) {
              self.hungry = false;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          cat: Cat,
      }

      #[given(regex = r"^a (hungry|satiated) cat$")]
      async fn hungry_cat(world: &mut AnimalWorld, state: String) {
          sleep(Duration::from_secs(2)).await;

          match state.as_str() {
              "hungry" => world.cat.hungry = true,
              "satiated" => world.cat.hungry = false,
              _ => unreachable!(),
          }
      }

      #[when("I feed the cat")]
      async fn feed_cat(world: &mut AnimalWorld) {
          sleep(Duration::from_secs(2)).await;

          world.cat.feed();
      }

      #[then("the cat is not hungry")]
      async fn cat_is_fed(world: &mut AnimalWorld) {
          sleep(Duration::from_secs(2)).await;

          assert!(!world.cat.hungry);
      }

      aspect::main!(AnimalWorld, runtime = tokio);
      """
    And the file "tests/tags_inheritance.rs" contains:
      """rust
      //! cucumber-rs's book, "Scenario outline".

      use std::{collections::HashMap, time::Duration};

      use aspect::{given, then, when};
      use tokio::time::sleep;

      #[derive(Debug, Default)]
      struct Animal {
          pub hungry: bool,
      }

      impl Animal {
          fn feed(&mut self) {
              self.hungry = false;
          }
      }

      #[derive(Debug, Default)]
      pub struct AnimalWorld {
          animals: HashMap<String, Animal>,
      }

      #[given(regex = r"^a (hungry|satiated) (\S+)$")]
      async fn hungry_animal(world: &mut AnimalWorld, state: String, which: String) {
          sleep(Duration::from_secs(2)).await;

          world.animals.entry(which).or_insert(Animal::default()).hungry =
              match state.as_str() {
                  "hungry" => true,
                  "satiated" => false,
                  _ => unreachable!(),
              };
      }

      #[when(expr = "I feed the {word} {int} time(s)")]
      async fn feed_animal(world: &mut AnimalWorld, which: String, times: usize) {
          sleep(Duration::from_secs(2)).await;

          for _ in 0..times {
              world.animals.get_mut(&which).map(Animal::feed);
          }
      }

      #[then(expr = "the {word} is not hungry")]
      async fn animal_is_fed(world: &mut AnimalWorld, which: String) {
          sleep(Duration::from_secs(2)).await;

          assert!(!world.animals.get(&which).map_or(true, |a| a.hungry));
      }

      aspect::main!(AnimalWorld, runtime = tokio);
      """
    And the file "specs/tags_filtering.feature" contains:
      """gherkin
      Feature: Animal feature

        @hungry
        Scenario: If we feed a hungry cat it will no longer be hungry
          Given a hungry cat
          When I feed the cat
          Then the cat is not hungry

        @satiated @second
        Scenario: If we feed a satiated cat it will not become hungry
          Given a satiated cat
          When I feed the cat
          Then the cat is not hungry
      """
    And the file "specs/tags_inheritance.feature" contains:
      """gherkin
      @feature
      Feature: Animal feature

        @scenario
        Scenario Outline: If we feed a hungry animal it will no longer be hungry
          Given a hungry <animal>
          When I feed the <animal> <n> times
          Then the <animal> is not hungry

        @home
        Examples:
          | animal | n |
          | cat    | 2 |
          | dog    | 3 |

        @dire
        Examples:
          | animal | n |
          | lion   | 1 |
          | wolf   | 1 |
      """
    When I run `cargo test --test tags_filtering -- --tags '@satiated and @second'` in "."
    Then the exit code is 0
    And the output says "If we feed a satiated cat it will not become hungry ... ok"
    And the output says "1 passed; 0 failed"
    When I run `cargo test --test tags_inheritance -- --tags '@feature and @scenario and @dire'` in "."
    Then the exit code is 0
    And the output says "2 passed; 0 failed"
    And the output says "If we feed a hungry animal it will no longer be hungry #3"
