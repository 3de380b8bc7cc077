@production
Feature: Producing gold over time
  Generators produce gold every second; the game adds it up when time passes.

  Background:
    Given I have 0 gold

  Scenario: A mine produces one gold per second
    Given I own 1 gold mine
    When 10 seconds pass
    Then I have 10 gold

  Scenario: Rates add up across generators
    Given I own:
      | generator | count |
      | gold mine | 3     |
      | smelter   | 2     |
    Then my gold-per-second rate is 23
    When 2 seconds pass
    Then I have 46 gold

  Scenario: A saved game goes on where it left off
    Given a save file:
      """text
      gold = 120
      gold mine = 4
      """
    When 5 seconds pass
    Then I have 140 gold
