Feature: Buying a generator
  Scenario: Purchase with sufficient funds
    Given I have 50 gold
    When I buy a gold mine
    Then I have 0 gold
    And my gold-per-second rate increases by 1

  Scenario: Purchase with insufficient funds
    Given I have 30 gold
    When I try to buy a gold mine
    Then the purchase is refused: 20 more gold is needed
    And I have 30 gold
    And my gold-per-second rate is 0

  Scenario Outline: Each generator costs 15% more than the last
    Given I own <owned> <generator>s
    Then the next <generator> costs <price> gold

    Examples: Gold mines
      | generator | owned | price |
      | gold mine | 0     | 50    |
      | gold mine | 1     | 57    |
      | gold mine | 5     | 100   |

    Examples: Smelters
      | generator | owned | price |
      | smelter   | 2     | 661   |
