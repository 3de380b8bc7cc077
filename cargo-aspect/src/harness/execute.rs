//! How a scenario runs its pickle: as one future, polled on the thread that
//! judges it (its trial's, or a `schedule` worker's). For a World whose code
//! is all sync, that future is ready at its first poll, so no waker, runtime
//! or timer is involved; for one with async steps, hooks or constructor, it is
//! one `block_on` of the harness's runtime (not one per step), with the step
//! timeout as its only timer. This module must not build trials or know
//! libtest's arguments.

use std::fmt;
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use crate::hook::Hooks;
use crate::runtime::{self, Runtime};
use crate::scenario::{
    catching_panics, run_scenario, CatchPanics, Interrupted, ScenarioOutcome, StepLimits,
};
use crate::spec::Pickle;
use crate::step::Matcher;

/// A future made on, and kept to, the thread that polls it.
type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Makes one scenario's World; `Err` is why it could not (already worded for
/// the report: an error, a panic, a timeout).
pub(super) enum NewWorld<W> {
    /// A plain function, called on the scenario's thread.
    Sync(Arc<dyn Fn() -> Result<W, String> + Send + Sync>),
    /// An async constructor, awaited within the step timeout.
    Async(Arc<dyn Fn(StepLimits) -> LocalFuture<Result<W, String>> + Send + Sync>),
}

impl<W: 'static> NewWorld<W> {
    /// A plain constructor; its panic fails the scenario.
    pub(super) fn plain(new_world: impl Fn() -> W + Send + Sync + 'static) -> Self {
        NewWorld::Sync(Arc::new(move || {
            catching_panics(&new_world).map_err(|panic| format!("the World's constructor {panic}"))
        }))
    }

    /// An async, fallible constructor; its `Err`, panic or timeout fails the scenario.
    pub(super) fn awaited<F, E>(new_world: impl Fn() -> F + Send + Sync + 'static) -> Self
    where
        F: Future<Output = Result<W, E>> + 'static,
        E: fmt::Display + 'static,
    {
        let constructor = "the World's constructor";
        NewWorld::Async(Arc::new(move |limits: StepLimits| {
            let future = catching_panics(&new_world);
            Box::pin(async move {
                let future = future.map_err(|panic| format!("{constructor} {panic}"))?;
                match limits.run(future).await {
                    Ok(Ok(world)) => Ok(world),
                    Ok(Err(error)) => Err(format!("{constructor} returned an error: {error}")),
                    Err(Interrupted::Panicked(panic)) => Err(format!("{constructor} {panic}")),
                    Err(Interrupted::TimedOut) => Err(limits.timed_out(constructor)),
                }
            })
        }))
    }

    /// Whether making the World awaits.
    pub(super) fn is_async(&self) -> bool {
        matches!(self, NewWorld::Async(_))
    }

    async fn make(&self, limits: StepLimits) -> Result<W, String> {
        match self {
            NewWorld::Sync(new_world) => new_world(),
            NewWorld::Async(new_world) => new_world(limits).await,
        }
    }
}

/// What every scenario trial of a run shares to run its pickle.
pub(super) struct Scenarios<W> {
    pub(super) matcher: Matcher,
    hooks: Hooks,
    new_world: NewWorld<W>,
    world_name: &'static str,
    runtime: Arc<dyn Runtime>,
    /// Whether the World's steps, hooks or constructor await.
    has_async: bool,
}

impl<W: 'static> Scenarios<W> {
    pub(super) fn new(
        matcher: Matcher,
        hooks: Hooks,
        new_world: NewWorld<W>,
        world_name: &'static str,
        runtime: Arc<dyn Runtime>,
        has_async: bool,
    ) -> Self {
        Scenarios {
            matcher,
            hooks,
            new_world,
            world_name,
            runtime,
            has_async,
        }
    }

    /// Run `pickle` (its `timeout`, or why its timeout tag is wrong) on this
    /// thread and return its verdict; `wait` is called once if it starts to
    /// wait (its future is pending).
    pub(super) fn run(
        &self,
        pickle: &Pickle,
        timeout: Result<Duration, String>,
        wait: &dyn Fn(),
    ) -> ScenarioOutcome {
        let mut future = pin!(self.scenario(pickle, timeout));
        if self.has_async {
            // Inside the runtime from the first poll: its timers and sockets
            // need its context.
            let future = FirstWait {
                future,
                wait: Some(wait),
            };
            return runtime::run(&*self.runtime, future);
        }
        // Sync code needs no waker: its future is ready at once.
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(outcome) => outcome,
            Poll::Pending => runtime::run(&*self.runtime, future),
        }
    }

    /// Make the World, run the scenario; what either throws past what
    /// `run_scenario` catches fails the scenario, so its event is still written.
    async fn scenario(
        &self,
        pickle: &Pickle,
        timeout: Result<Duration, String>,
    ) -> ScenarioOutcome {
        let judged = async {
            let limits = StepLimits { timeout: timeout? };
            let world = self.new_world.make(limits).await?;
            Ok::<_, String>(
                run_scenario(
                    pickle,
                    &self.matcher,
                    &self.hooks,
                    world,
                    self.world_name,
                    limits,
                )
                .await,
            )
        };
        match CatchPanics(pin!(judged)).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(error)) => ScenarioOutcome::not_started(pickle, error),
            Err(panic) => ScenarioOutcome::not_started(pickle, format!("the harness {panic}")),
        }
    }
}

/// A future that calls `wait` the first time it is pending.
struct FirstWait<'a, F> {
    future: Pin<&'a mut F>,
    wait: Option<&'a dyn Fn()>,
}

impl<F: Future> Future for FirstWait<'_, F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let polled = self.future.as_mut().poll(cx);
        if polled.is_pending() {
            if let Some(wait) = self.wait.take() {
                wait();
            }
        }
        polled
    }
}
