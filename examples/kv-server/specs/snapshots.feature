@serial
Feature: Snapshots
  On SAVE the server writes its keys to a snapshot file, and loads them when
  it starts. Every scenario here uses the same file (a fixed path under the
  target dir), so the feature is tagged @serial: run at once, one scenario
  would remove or overwrite the snapshot another has just saved.

  Scenario: A saved key survives a restart
    Given the server persists to the shared snapshot file
    When alice sets "colour" to "blue"
    And alice saves
    And the server restarts
    Then bob gets "colour" as "blue"

  Scenario: A key that was not saved is lost on restart
    Given the shared snapshot file is removed
    And the server persists to the shared snapshot file
    When alice sets "colour" to "red"
    And the server restarts
    Then bob finds no "colour"

  Scenario: A later save replaces the snapshot
    Given the server persists to the shared snapshot file
    When alice sets "colour" to "green"
    And alice saves
    And alice deletes "colour"
    And alice saves
    And the server restarts
    Then bob finds no "colour"
