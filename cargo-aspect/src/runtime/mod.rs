//! What drives async steps and async World constructors: the [`Runtime`] trait,
//! the default executor ([`block_on`]), and the deadline that fails a step that
//! never completes ([`deadline`]).
//!
//! A scenario with async code is one future, one `block_on` of the runtime on
//! its trial's thread, so it need not be `Send`, and a panic in a step unwinds
//! through the same `catch_unwind` as a sync step's. This module must not know
//! about libtest or steps: it runs futures, nothing else.

mod block_on;
pub(crate) mod deadline;
#[cfg(feature = "tokio")]
mod tokio;

use std::future::Future;
use std::pin::Pin;

#[cfg(feature = "tokio")]
pub use self::tokio::Tokio;
pub use block_on::BlockOn;

/// An executor that runs async steps: plug another runtime into a [`Harness`](crate::Harness)
/// with [`Harness::runtime`](crate::Harness::runtime).
///
/// `block_on` must run `future` to completion on the calling thread and return
/// once it is ready, polling it again each time it is woken. The harness calls
/// it from several threads at once, once per scenario on the scenario's
/// thread, with a future that catches its own panics and bounds each step with
/// its own timer, so an implementation needs no timeout of its own.
///
/// ```no_run
/// use std::future::Future;
/// use std::pin::Pin;
///
/// use aspect::Runtime;
///
/// /// Runs steps on the default executor, counting them.
/// struct Counting(std::sync::atomic::AtomicUsize);
///
/// impl Runtime for Counting {
///     fn block_on(&self, future: Pin<&mut dyn Future<Output = ()>>) {
///         self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
///         aspect::BlockOn.block_on(future);
///     }
/// }
///
/// # fn main() -> std::process::ExitCode {
/// let counting = Counting(std::sync::atomic::AtomicUsize::new(0));
/// aspect::Harness::new(aspect::package_root!())
///     .runtime(counting)
///     .run::<()>()
/// # }
/// ```
pub trait Runtime: Send + Sync + 'static {
    /// Poll `future` on this thread until it is ready.
    fn block_on(&self, future: Pin<&mut dyn Future<Output = ()>>);
}

/// Run `future` to completion on `runtime` and return its output.
pub(crate) fn run<T>(runtime: &dyn Runtime, future: impl Future<Output = T>) -> T {
    let mut output = None;
    {
        let mut task = std::pin::pin!(async {
            output = Some(future.await);
        });
        runtime.block_on(task.as_mut());
    }
    output.expect("a Runtime's block_on returned before the future was ready")
}
