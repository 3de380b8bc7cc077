//! [`BlockOn`], the default executor: polls one future on the calling thread,
//! parking the thread between wake-ups. It has no timers or I/O of its own, so
//! it runs any future whose wake-ups come from elsewhere (channels, other
//! threads, another runtime's reactor); `tokio::time` and `tokio::net` need the
//! `tokio` feature's [`Tokio`](super::Tokio) runtime instead.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Wake, Waker};
use std::thread::{self, Thread};

use super::Runtime;

/// The default [`Runtime`]: runs each async step on the scenario's own thread,
/// parking it until the step's future is woken. Needs no dependency and no
/// thread of its own.
#[derive(Clone, Copy, Debug, Default)]
pub struct BlockOn;

/// Wakes the thread that is blocked on the future.
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

impl Runtime for BlockOn {
    fn block_on(&self, mut future: Pin<&mut dyn Future<Output = ()>>) {
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut cx = Context::from_waker(&waker);
        // `unpark` before `park` is remembered, so a wake between the poll and
        // the park is not lost; a spurious return from `park` only polls again.
        while future.as_mut().poll(&mut cx).is_pending() {
            thread::park();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::task::Poll;
    use std::time::Duration;

    use super::*;
    use crate::runtime::run;

    #[test]
    fn runs_a_ready_future() {
        assert_eq!(run(&BlockOn, async { 40 + 2 }), 42);
    }

    /// A future woken from another thread: the parked thread must wake up.
    #[test]
    fn a_wake_from_another_thread_resumes_the_future() {
        struct Later {
            rx: mpsc::Receiver<u32>,
            started: bool,
        }
        impl Future for Later {
            type Output = u32;
            fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
                if let Ok(v) = self.rx.try_recv() {
                    return Poll::Ready(v);
                }
                if !self.started {
                    self.started = true;
                    let waker = cx.waker().clone();
                    let (tx, rx) = mpsc::channel();
                    let value = std::mem::replace(&mut self.rx, rx);
                    thread::spawn(move || {
                        thread::sleep(Duration::from_millis(20));
                        let _ = tx.send(value.recv().unwrap_or(7));
                        waker.wake();
                    });
                }
                Poll::Pending
            }
        }
        let (tx, rx) = mpsc::channel();
        tx.send(5).unwrap();
        assert_eq!(run(&BlockOn, Later { rx, started: false }), 5);
    }
}
