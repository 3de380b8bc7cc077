Feature: Async steps
  A step may be an `async fn`, with the same parameters as a sync step, and
  sync and async steps mix in one scenario. The harness runs async steps on a
  runtime: by default a small executor of its own, with the `tokio` feature
  and `aspect::main!(World, runtime = tokio)` on tokio, with its timers and
  sockets. A panic in an async step is reported like a sync one, a step that
  never completes fails its scenario at its timeout, and a World constructor
  that returns an error fails each scenario, not the run.

  Each scenario starts from a crate made by `cargo new` whose harness
  `tests/aspect.rs` has async steps on the default executor; their futures
  are woken from another thread, as a real I/O wait would be. `$RUNTIME`
  stands for this checkout's runtime crate.

  Background:
    Given a new library crate made by `cargo new`
    And the file "Cargo.toml" ends with:
      """

      [dev-dependencies]
      aspect = { package = "cargo-aspect", path = "$RUNTIME", default-features = false, features = ["tokio"] }
      tokio = { version = "1", default-features = false, features = ["io-util", "net", "rt", "time"] }

      [[test]]
      name = "aspect"
      harness = false
      """
    And the file "tests/aspect.rs" contains:
      """
      use std::future::Future;
      use std::pin::Pin;
      use std::task::{Context, Poll};

      use aspect::{given, then, when};

      #[derive(Default)]
      struct World {
          counter: i64,
      }

      /// Pending once, then woken from another thread.
      struct WokenElsewhere(bool);

      impl Future for WokenElsewhere {
          type Output = ();
          fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
              if self.0 {
                  return Poll::Ready(());
              }
              self.0 = true;
              let waker = cx.waker().clone();
              std::thread::spawn(move || waker.wake());
              Poll::Pending
          }
      }

      #[given("a counter at {int}")]
      async fn a_counter_at(world: &mut World, value: i64) {
          WokenElsewhere(false).await;
          world.counter = value;
      }

      #[when("I add {int}")]
      fn i_add(world: &mut World, amount: i64) {
          world.counter += amount;
      }

      #[then("the counter is {int}")]
      async fn the_counter_is(world: &mut World, expected: i64) {
          WokenElsewhere(false).await;
          assert_eq!(world.counter, expected);
      }

      #[when("I wait for what never comes")]
      async fn wait_forever(_world: &mut World) {
          std::future::pending::<()>().await;
      }

      static IN_FLIGHT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

      #[when("{int} scenarios are in flight at once")]
      async fn in_flight(_world: &mut World, count: usize) {
          use std::sync::atomic::Ordering::SeqCst;
          IN_FLIGHT.fetch_add(1, SeqCst);
          while IN_FLIGHT.load(SeqCst) < count {
              std::thread::sleep(std::time::Duration::from_millis(10));
              WokenElsewhere(false).await;
          }
      }

      aspect::main!(World);
      """

  Scenario: Async and sync steps run in one scenario on the default executor
    Given the file "specs/counter.feature" contains:
      """
      Feature: Counter
        Scenario: Adding
          Given a counter at 2
          When I add 3
          Then the counter is 5
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "1 passed; 0 failed"

  Scenario: A panic in an async step is reported at its line, like a sync one
    Given the file "specs/counter.feature" contains:
      """
      Feature: Counter
        Scenario: Adding wrongly
          Given a counter at 2
          When I add 3
          Then the counter is 6
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 1
    And the output says "specs/counter.feature:5:5: step failed: Then the counter is 6"
    And the output says "step panicked at "
    And the output says "tests/aspect.rs:42:5:"
    And the output says "0 passed; 1 failed"

  Scenario: An async step that never completes fails at its timeout, and the run goes on
    Given the file "specs/counter.feature" contains:
      """
      Feature: Counter
        @timeout(300ms)
        Scenario: Waiting forever
          Given a counter at 2
          When I wait for what never comes
          Then the counter is 2

        Scenario: Adding
          Given a counter at 2
          When I add 3
          Then the counter is 5
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 1
    And the output says "specs/counter.feature:5:5: step failed: When I wait for what never comes"
    And the output says "the step did not complete within 300ms"
    And the output says "1 passed; 1 failed"

  Scenario: Under nextest, each async scenario is judged in its own process, timeouts included
    Given the file "specs/counter.feature" contains:
      """
      Feature: Counter
        @timeout(300ms)
        Scenario: Waiting forever
          Given a counter at 2
          When I wait for what never comes

        Scenario: Adding
          Given a counter at 2
          When I add 3
          Then the counter is 5
      """
    When I run `cargo nextest run --test aspect --no-fail-fast --color never` in "."
    Then the exit code is 100
    And the output says "the step did not complete within 300ms"
    And the output says "2 tests run: 1 passed, 1 failed"

  Scenario: Scenarios with async steps run concurrently, many more than the cores
    Given the file "specs/flight.feature" contains:
      """
      Feature: In flight
        @timeout(2s)
        Scenario Outline: One of eight
          When 8 scenarios are in flight at once

          Examples:
            | n |
            | 1 |
            | 2 |
            | 3 |
            | 4 |
            | 5 |
            | 6 |
            | 7 |
            | 8 |
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "8 passed; 0 failed"

  Scenario: A thread count the user sets bounds async scenarios
    Given the file "specs/flight.feature" contains:
      """
      Feature: In flight
        @timeout(500ms)
        Scenario Outline: One of three
          When 3 scenarios are in flight at once

          Examples:
            | n |
            | 1 |
            | 2 |
            | 3 |
      """
    When I run `cargo test --test aspect -- --test-threads 2` in "."
    Then the exit code is 1
    And the output says "the step did not complete within 500ms"

  Scenario: A World constructor that returns an error fails each scenario, not the run
    Given the file "tests/aspect.rs" contains:
      """
      use aspect::given;

      struct World;

      impl World {
          async fn connect() -> Result<World, String> {
              Err("no database listens on 127.0.0.1:1".to_owned())
          }
      }

      #[given("a connection")]
      async fn a_connection(_world: &mut World) {}

      aspect::main!(World, new = World::connect);
      """
    And the file "specs/connect.feature" contains:
      """
      Feature: Connect
        Scenario: First
          Given a connection

        Scenario: Second
          Given a connection
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 1
    And the output says "specs/connect.feature:2:3: the World's constructor returned an error: no database listens on 127.0.0.1:1"
    And the output says "specs/connect.feature:5:3: the World's constructor returned an error: no database listens on 127.0.0.1:1"
    And the output says "0 passed; 2 failed"

  Scenario: A plain World constructor that panics fails each scenario with where it panicked
    Given the file "tests/aspect.rs" contains:
      """
      use aspect::given;

      struct World;

      impl World {
          fn new() -> World {
              panic!("the fixture file is missing");
          }
      }

      #[given("a world")]
      fn a_world(_world: &mut World) {}

      aspect::main!(World, World::new);
      """
    And the file "specs/world.feature" contains:
      """
      Feature: World
        Scenario: First
          Given a world

        Scenario: Second
          Given a world
      """
    When I run `cargo aspect test`
    Then the exit code is 1
    And the output says "specs/world.feature:2:3: the World's constructor panicked at "
    And the output says "tests/aspect.rs:7:9:"
    And the output says "the fixture file is missing"
    And the output says "0 passed, 2 failed"

  Scenario: On tokio, async steps use its timers and sockets
    Given the file "tests/aspect.rs" contains:
      """
      use aspect::{given, then, when};
      use tokio::io::{AsyncReadExt, AsyncWriteExt};
      use tokio::net::{TcpListener, TcpStream};

      #[derive(Default)]
      struct World {
          address: Option<std::net::SocketAddr>,
          reply: String,
      }

      #[given("an echo server on a loopback port")]
      async fn echo_server(world: &mut World) {
          let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
          world.address = Some(listener.local_addr().unwrap());
          tokio::spawn(async move {
              let (mut socket, _) = listener.accept().await.unwrap();
              let mut buffer = [0; 64];
              let n = socket.read(&mut buffer).await.unwrap();
              socket.write_all(&buffer[..n]).await.unwrap();
          });
      }

      #[when("I send {string} after {int} ms")]
      async fn send(world: &mut World, text: String, ms: u64) {
          tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
          let mut stream = TcpStream::connect(world.address.unwrap()).await.unwrap();
          stream.write_all(text.as_bytes()).await.unwrap();
          let mut reply = String::new();
          stream.read_to_string(&mut reply).await.unwrap();
          world.reply = reply;
      }

      #[then("the server answers {string}")]
      fn answers(world: &mut World, text: String) {
          assert_eq!(world.reply, text);
      }

      aspect::main!(World, runtime = tokio);
      """
    And the file "specs/echo.feature" contains:
      """
      Feature: Echo
        Scenario: An echo over loopback
          Given an echo server on a loopback port
          When I send "ping" after 20 ms
          Then the server answers "ping"
      """
    When I run `cargo test --test aspect` in "."
    Then the exit code is 0
    And the output says "1 passed; 0 failed"
