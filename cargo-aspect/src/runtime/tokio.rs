//! [`Tokio`]: async steps on a multi-threaded tokio runtime with time and I/O
//! enabled (feature `tokio`), so steps can use `tokio::time`, `tokio::net` and
//! `tokio::spawn`.

use std::future::Future;
use std::pin::Pin;

use super::Runtime;

/// Runs async steps on one tokio runtime shared by every scenario of the
/// harness: each scenario's thread blocks on its scenario inside the runtime's
/// context, while the runtime's worker threads drive timers, I/O and spawned
/// tasks.
#[derive(Debug)]
pub struct Tokio(tokio::runtime::Runtime);

impl Tokio {
    /// A multi-threaded runtime with time and I/O enabled.
    ///
    /// # Panics
    /// When the operating system refuses the runtime's threads or I/O driver.
    pub fn new() -> Self {
        Tokio(
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .thread_name("aspect-tokio")
                .build()
                .expect("cannot start the tokio runtime"),
        )
    }

    /// Use a runtime built elsewhere (for other worker counts or settings).
    pub fn from_runtime(runtime: tokio::runtime::Runtime) -> Self {
        Tokio(runtime)
    }
}

impl Default for Tokio {
    fn default() -> Self {
        Tokio::new()
    }
}

impl Runtime for Tokio {
    fn block_on(&self, future: Pin<&mut dyn Future<Output = ()>>) {
        self.0.block_on(future);
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::runtime::run;

    #[test]
    fn tokio_timers_and_sockets_work_in_a_step() {
        let runtime = Tokio::new();
        let start = Instant::now();
        let echoed = run(&runtime, async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let client =
                tokio::spawn(async move { tokio::net::TcpStream::connect(address).await.unwrap() });
            let (_server_side, _) = listener.accept().await.unwrap();
            client.await.unwrap().peer_addr().unwrap()
        });
        assert_eq!(echoed.ip().to_string(), "127.0.0.1");
        assert!(start.elapsed() >= Duration::from_millis(20));
    }
}
