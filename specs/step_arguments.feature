Feature: Step arguments as cucumber-rs users write them
  A step used both with and without a doc string or a table is written once,
  with `Option<&DocString>` and `Option<&DataTable>`; a regex group that may
  not take part is an `Option<T>`, `None` when it did not. `#[step("…")]`
  answers a step of any keyword. A type that derives `aspect::Parameter` is a
  `{name}` of its own, with its regex; Rust's number types (`{u64}`) are built
  in.

  Background:
    Given a copy of the idle game
    And the file "examples/idle-game/tests/steps/mod.rs" ends with:
      """rust
      /// Found gold: 1 by default, `worth N`, plus a note's amount and a table's cells.
      #[aspect::given(regex = r"^I find gold(?: worth (\d+))?$")]
      fn find_gold(
          world: &mut IdleWorld,
          worth: Option<u64>,
          note: Option<&aspect::DocString>,
          table: Option<&aspect::DataTable>,
      ) -> Result<(), std::num::ParseIntError> {
          let mut found = worth.unwrap_or(1);
          if let Some(note) = note {
              found += note.content.trim().parse::<u64>()?;
          }
          for cell in table.iter().flat_map(|t| t.rows.iter().flatten()) {
              found += cell.parse::<u64>()?;
          }
          world.game.set_gold(world.game.gold() + found);
          Ok(())
      }

      /// A custom parameter type: `{generator}` is a generator's name.
      #[derive(aspect::Parameter)]
      #[param(name = "generator", regex = "(gold mine|smelter)s?")]
      struct Bought(idle_core::Generator);

      impl std::str::FromStr for Bought {
          type Err = idle_core::UnknownGenerator;
          fn from_str(s: &str) -> Result<Self, Self::Err> {
              s.parse().map(Bought)
          }
      }

      #[aspect::given("I inherit {u64} {generator}")]
      fn inherit(world: &mut IdleWorld, count: u64, generator: Bought) {
          world.game.grant(generator.0, count);
      }

      /// Any keyword.
      #[aspect::step("I spend {int} gold")]
      fn spend(world: &mut IdleWorld, gold: u64) -> Result<(), String> {
          let left = world.game.gold().checked_sub(gold).ok_or("not enough gold")?;
          world.game.set_gold(left);
          Ok(())
      }
      """

  Scenario: One definition serves a step with and without its optional arguments
    Given the file "examples/idle-game/specs/found.feature" contains:
      """gherkin
      Feature: Found gold
        Scenario: Bare
          Given I have 0 gold
          And I find gold
          Then I have 1 gold

        Scenario: With the optional group
          Given I have 0 gold
          And I find gold worth 5
          Then I have 5 gold

        Scenario: With a doc string
          Given I have 0 gold
          And I find gold
            ```
            10
            ```
          Then I have 11 gold

        Scenario: With a table and the group
          Given I have 0 gold
          And I find gold worth 2
            | 3 | 4 |
          Then I have 9 gold
      """
    When I run `cargo aspect test --spec found`
    Then the exit code is 0
    And the output says "4 passed, 0 failed, 0 ignored"

  Scenario: A #[step] definition answers Given, When and Then steps
    Given the file "examples/idle-game/specs/spending.feature" contains:
      """gherkin
      Feature: Spending
        Scenario: Spend with every keyword
          Given I have 10 gold
          And I spend 1 gold
          When I spend 2 gold
          Then I have 7 gold
          And I spend 3 gold
          * I spend 4 gold
          Then I have 0 gold
      """
    When I run `cargo aspect test --spec spending`
    Then the exit code is 0
    And the output says "1 passed, 0 failed, 0 ignored"

  Scenario: A custom parameter type and a Rust number type
    Given the file "examples/idle-game/specs/owning.feature" contains:
      """gherkin
      Feature: Owning
        Scenario: Generators add up
          Given I inherit 2 gold mines
          And I inherit 1 smelter
          Then my gold-per-second rate is 12

        Scenario: A name no generator has does not match
          Given I inherit 2 castles
      """
    When I run `cargo aspect test --spec owning`
    Then the exit code is 1
    And the output says "1 passed, 1 failed, 0 ignored"
    And the output says "examples/idle-game/specs/owning.feature:8:5: undefined step: Given I inherit 2 castles"

  Scenario: A step function that takes &Step sees its keyword, text, captures and table
    Given the file "examples/idle-game/tests/steps/mod.rs" ends with:
      """rust
      /// The step itself, as cucumber-rs's `step: &Step`: its captures, its table, its keyword.
      #[aspect::step(regex = r"^I (earn|lose) (\d+) gold$")]
      fn earn_or_lose(world: &mut IdleWorld, step: &aspect::Step) -> Result<(), String> {
          if step.keyword == "Then" {
              return Err(format!("`{} {}` is not a check", step.keyword, step.text));
          }
          let [verb, amount] = step.captures.as_slice() else {
              return Err(format!("captures {:?}", step.captures));
          };
          let mut amount: u64 = amount.parse().map_err(|e| format!("{e}"))?;
          for cell in step.table.iter().flat_map(|t| t.rows.iter().flatten()) {
              amount += cell.parse::<u64>().map_err(|e| format!("{e}"))?;
          }
          let gold = world.game.gold();
          world.game.set_gold(if verb == "earn" { gold + amount } else { gold - amount });
          Ok(())
      }
      """
    And the file "examples/idle-game/specs/ledger.feature" contains:
      """gherkin
      Feature: Ledger
        Scenario: Earn and lose, one with a table
          Given I have 0 gold
          And I earn 5 gold
          When I lose 2 gold
            | 1 |
          Then I have 2 gold

        Scenario: Earning is not a check
          Given I have 0 gold
          Then I earn 1 gold
      """
    When I run `cargo aspect test --spec ledger`
    Then the exit code is 1
    And the output says "1 passed, 1 failed, 0 ignored"
    And the output says "`Then I earn 1 gold` is not a check"
