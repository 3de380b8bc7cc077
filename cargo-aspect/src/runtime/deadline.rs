//! A deadline for a future, runtime-agnostic: one timer thread (started by the
//! first async step) wakes each pending future when its deadline passes, so
//! any [`Runtime`](super::Runtime) can give up on a step that never completes.
//! It must not be used for sync steps: a blocking call cannot be interrupted.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// The deadline passed before the future completed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TimedOut;

/// A pending deadline: when, and a number that keeps equal instants apart.
type Key = (Instant, u64);

/// The wakers of the pending deadlines, earliest first.
#[derive(Default)]
struct Pending {
    /// The last number given out.
    last: u64,
    wakers: BTreeMap<Key, Waker>,
    /// When the timer thread wakes next on its own (`None`: only when told).
    /// A deadline at or after it needs no notification: at 64 scenarios in
    /// flight nearly every new deadline is later than one already pending, and
    /// waking the thread for each would cost a thread switch per step.
    wakes_at: Option<Instant>,
}

#[derive(Default)]
struct Timers {
    pending: Mutex<Pending>,
    changed: Condvar,
}

fn timers() -> &'static Arc<Timers> {
    static TIMERS: OnceLock<Arc<Timers>> = OnceLock::new();
    TIMERS.get_or_init(|| {
        let timers = Arc::new(Timers::default());
        let shared = Arc::clone(&timers);
        std::thread::Builder::new()
            .name("aspect-timer".into())
            .spawn(move || shared.wake_when_due())
            .expect("cannot start the step timer thread");
        timers
    })
}

impl Timers {
    fn wake_when_due(&self) {
        let mut guard = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let now = Instant::now();
            let next = guard.wakers.first_key_value().map(|(key, _)| *key);
            guard.wakes_at = next.map(|(at, _)| at);
            guard = match next {
                Some(key) if key.0 <= now => {
                    if let Some(waker) = guard.wakers.remove(&key) {
                        waker.wake();
                    }
                    guard
                }
                Some((at, _)) => {
                    self.changed
                        .wait_timeout(guard, at - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
                None => self.changed.wait(guard).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }

    /// Wake `waker` at `at`, replacing the waker of `key` if it has one.
    fn set(&self, key: Option<Key>, at: Instant, waker: &Waker) -> Key {
        let mut guard = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let key = key.unwrap_or_else(|| {
            guard.last += 1;
            (at, guard.last)
        });
        let sooner = guard.wakes_at.is_none_or(|wakes_at| at < wakes_at);
        if sooner {
            // Told once: until it runs, it counts as waking at `at`.
            guard.wakes_at = Some(at);
        }
        guard.wakers.insert(key, waker.clone());
        drop(guard);
        if sooner {
            self.changed.notify_one();
        }
        key
    }

    fn cancel(&self, key: Key) {
        let mut guard = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        guard.wakers.remove(&key);
    }
}

/// A limit past any test run (`Duration::MAX` would overflow an `Instant`).
const FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// `future`, or [`TimedOut`] once `limit` has passed since the first poll.
pub(crate) fn within<F: Future>(limit: Duration, future: F) -> Deadline<F> {
    Deadline {
        future: Box::pin(future),
        limit,
        at: None,
        key: None,
        registered: None,
    }
}

/// The future [`within`] returns.
pub(crate) struct Deadline<F> {
    future: Pin<Box<F>>,
    limit: Duration,
    at: Option<Instant>,
    key: Option<Key>,
    /// The waker the timer thread holds, so an unchanged one is not sent again.
    registered: Option<Waker>,
}

impl<F: Future> Future for Deadline<F> {
    type Output = Result<F::Output, TimedOut>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let limit = self.limit;
        let at = *self
            .at
            .get_or_insert_with(|| Instant::now() + limit.min(FOREVER));
        if let Poll::Ready(output) = self.future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        if Instant::now() >= at {
            return Poll::Ready(Err(TimedOut));
        }
        if !self
            .registered
            .as_ref()
            .is_some_and(|w| w.will_wake(cx.waker()))
        {
            let key = timers().set(self.key, at, cx.waker());
            self.key = Some(key);
            self.registered = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl<F> Drop for Deadline<F> {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            timers().cancel(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{run, BlockOn};

    #[test]
    fn a_future_that_never_completes_times_out() {
        let start = Instant::now();
        let result = run(
            &BlockOn,
            within(Duration::from_millis(50), std::future::pending::<()>()),
        );
        assert_eq!(result, Err(TimedOut));
        assert!(start.elapsed() >= Duration::from_millis(50));
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    /// The timer thread is told only of a deadline sooner than the one it
    /// sleeps until: a later one must still fire, and a sooner one on time.
    #[test]
    fn deadlines_fire_in_any_order_of_registration() {
        let start = Instant::now();
        let pending = || std::future::pending::<()>();
        std::thread::scope(|s| {
            let late = s.spawn(|| run(&BlockOn, within(Duration::from_millis(2000), pending())));
            let early = s.spawn(|| run(&BlockOn, within(Duration::from_millis(100), pending())));
            std::thread::sleep(Duration::from_millis(20));
            let later = run(&BlockOn, within(Duration::from_millis(150), pending()));
            assert_eq!(later, Err(TimedOut));
            assert_eq!(early.join().unwrap(), Err(TimedOut));
            assert!(start.elapsed() < Duration::from_millis(1500));
            assert_eq!(late.join().unwrap(), Err(TimedOut));
        });
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn an_unbounded_limit_does_not_overflow() {
        let result = run(&BlockOn, within(Duration::MAX, async { 4 }));
        assert_eq!(result, Ok(4));
    }

    #[test]
    fn a_ready_future_is_not_timed_out() {
        let result = run(&BlockOn, within(Duration::from_millis(1), async { 3 }));
        assert_eq!(result, Ok(3));
    }

    #[test]
    fn a_finished_future_leaves_no_timer_behind() {
        let mut polled = false;
        let once_pending = std::future::poll_fn(|cx| {
            if polled {
                Poll::Ready(())
            } else {
                polled = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        });
        run(&BlockOn, within(Duration::from_secs(3600), once_pending)).unwrap();
        let pending = timers().pending.lock().unwrap();
        let far = Instant::now() + Duration::from_secs(1800);
        assert!(pending.wakers.keys().all(|(at, _)| *at < far));
    }
}
