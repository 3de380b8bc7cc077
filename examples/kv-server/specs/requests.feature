@timeout(10s)
Feature: Requests
  Each scenario has a server of its own on a free loopback port, so these run
  at once. Clients speak one line per request: GET, SET, DEL.

  Scenario: A key that was set can be read back
    When alice sets "colour" to "blue"
    Then alice gets "colour" as "blue"

  Scenario: A value keeps its spaces
    When alice sets "greeting" to "hello there"
    Then alice gets "greeting" as "hello there"

  Scenario: Another client sees the write
    Given alice has set "colour" to "blue"
    Then bob gets "colour" as "blue"

  Scenario: A deleted key is gone
    Given alice has set "colour" to "blue"
    When bob deletes "colour"
    Then alice finds no "colour"

  Scenario: A key nobody set is not found
    Then alice finds no "colour"

  Scenario Outline: A malformed request is answered with an error, and the connection stays open
    When alice sends "<request>"
    Then the reply is "<reply>"
    And alice finds no "colour"

    Examples:
      | request      | reply                       |
      | FLY away     | ERR unknown command `FLY`   |
      | GET a b      | ERR GET takes one key       |
      | SET colour   | ERR SET takes a key and a value |
      | SAVE         | ERR cannot save: this server has no snapshot file |
