//! [`Schedule`]: runs the scenarios of a World with async code ahead of their
//! trials, so that up to `concurrency` of them wait at once without as many
//! libtest threads, and a CPU-bound suite runs on one thread per core.
//!
//! Before libtest starts, the harness hands the schedule the jobs of the
//! trials that will run, in libtest's order. Worker threads take them in that
//! order: one per core at first, and one more each time a scenario starts to
//! wait (its future is pending), up to the concurrency. Each trial then only
//! waits for its own job's verdict, so libtest prints them in order.
//!
//! `@serial`: a job tagged so starts once no other is running, and none starts
//! beside it; the job itself still takes the run's [`SerialLock`](super::serial)
//! (the file lock under nextest). A worker never waits for a trial, so every
//! wait of a trial ends when its job does. This module must not know about
//! pickles or libtest: it runs closures.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use super::serial::Access;

/// What a job reports back to its trial: its verdict, or why it did not run.
pub(super) type Verdict<T> = Result<T, String>;

/// A job: told how to ask for another worker when it starts to wait.
type Job<T> = Box<dyn FnOnce(&dyn Fn()) -> Verdict<T> + Send>;

/// Jobs run ahead of their trials by worker threads (see the module docs).
pub(super) struct Schedule<T> {
    concurrency: usize,
    state: Mutex<State<T>>,
    changed: Condvar,
}

struct State<T> {
    /// Each job's id by its trial's name.
    ids: HashMap<String, usize>,
    /// By job id: the job until a worker (or its trial) takes it.
    jobs: Vec<Option<(Access, Job<T>)>>,
    /// By job id: the verdict until its trial takes it.
    verdicts: Vec<Option<Verdict<T>>>,
    /// The ids to run, in order, and how many have started.
    order: Vec<usize>,
    started: usize,
    running: usize,
    /// A serial job is running.
    alone: bool,
    workers: usize,
}

impl<T: Send + 'static> Schedule<T> {
    /// A schedule that runs up to `concurrency` jobs at once.
    pub(super) fn new(concurrency: usize) -> Arc<Self> {
        Arc::new(Schedule {
            concurrency: concurrency.max(1),
            state: Mutex::new(State {
                ids: HashMap::new(),
                jobs: Vec::new(),
                verdicts: Vec::new(),
                order: Vec::new(),
                started: 0,
                running: 0,
                alone: false,
                workers: 0,
            }),
            changed: Condvar::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // Jobs run outside the lock, so a poisoned one still has whole lists.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Add the job of the trial named `trial`, in the trials' order; the id is
    /// for [`Schedule::verdict`].
    pub(super) fn add(
        &self,
        trial: &str,
        access: Access,
        job: impl FnOnce(&dyn Fn()) -> Verdict<T> + Send + 'static,
    ) -> usize {
        let mut state = self.lock();
        let id = state.jobs.len();
        state.ids.insert(trial.to_owned(), id);
        state.jobs.push(Some((access, Box::new(job))));
        state.verdicts.push(None);
        id
    }

    /// Run the jobs of the trials named `running` (those libtest will run),
    /// in the order they were added, on `workers` threads to begin with.
    /// Called once, before any trial waits.
    pub(super) fn start<'n>(
        self: &Arc<Self>,
        running: impl IntoIterator<Item = &'n str>,
        workers: usize,
    ) {
        let count = {
            let mut state = self.lock();
            let mut order: Vec<usize> = running
                .into_iter()
                .filter_map(|name| state.ids.get(name).copied())
                .collect();
            // Ascending, as `verdict` searches it.
            order.sort_unstable();
            state.order = order;
            state.order.len()
        };
        for _ in 0..workers.clamp(1, self.concurrency).min(count) {
            self.spawn_worker();
        }
    }

    /// One more worker, unless there are `concurrency` already: checked and
    /// counted under the lock, as a waiting job may ask while `start` spawns.
    fn spawn_worker(self: &Arc<Self>) {
        {
            let mut state = self.lock();
            if state.workers >= self.concurrency {
                return;
            }
            state.workers += 1;
        }
        let schedule = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("aspect-scenario".into())
            .spawn(move || schedule.work());
        if spawned.is_err() {
            // The jobs left run on the other workers, or on their trials' threads.
            self.lock().workers -= 1;
        }
    }

    /// Another worker, if a job could use it: called when a job starts to wait.
    fn more_workers(self: &Arc<Self>) {
        let wanted = {
            let state = self.lock();
            state.started < state.order.len()
        };
        if wanted {
            self.spawn_worker();
        }
    }

    fn work(self: &Arc<Self>) {
        let more = || self.more_workers();
        while let Some((id, access, job)) = self.next() {
            let verdict = catch_unwind(AssertUnwindSafe(|| job(&more))).unwrap_or_else(|_| {
                Err("the harness panicked while running the scenario (see its output)".to_owned())
            });
            let mut state = self.lock();
            state.verdicts[id] = Some(verdict);
            state.running -= 1;
            if access == Access::Exclusive {
                state.alone = false;
            }
            drop(state);
            self.changed.notify_all();
        }
        self.lock().workers -= 1;
    }

    /// The next job in order, once it may start; `None` when none is left.
    fn next(&self) -> Option<(usize, Access, Job<T>)> {
        let mut state = self.lock();
        loop {
            let &id = state.order.get(state.started)?;
            let Some((access, _)) = &state.jobs[id] else {
                // Its trial ran it already.
                state.started += 1;
                continue;
            };
            let may_start = match access {
                Access::Shared => !state.alone,
                Access::Exclusive => state.running == 0,
            };
            if may_start {
                let (access, job) = state.jobs[id].take()?;
                state.started += 1;
                state.running += 1;
                state.alone = access == Access::Exclusive;
                return Some((id, access, job));
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Job `id`'s verdict: waits for a worker to finish it, or runs it here if
    /// no worker will (it was not in the order, or no worker could start).
    pub(super) fn verdict(&self, id: usize) -> Verdict<T> {
        let mut state = self.lock();
        loop {
            if let Some(verdict) = state.verdicts[id].take() {
                return verdict;
            }
            let queued = state.order[state.started..].binary_search(&id).is_ok();
            if state.workers == 0 || !queued && state.jobs[id].is_some() {
                if let Some((_, job)) = state.jobs[id].take() {
                    drop(state);
                    return job(&|| {});
                }
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    /// A job whose trial is named after its id.
    fn add<T: Send + 'static>(
        schedule: &Schedule<T>,
        access: Access,
        job: impl FnOnce(&dyn Fn()) -> Verdict<T> + Send + 'static,
    ) -> usize {
        let id = schedule.lock().jobs.len();
        schedule.add(&id.to_string(), access, job)
    }

    fn start<T: Send + 'static>(schedule: &Arc<Schedule<T>>, ids: &[usize], workers: usize) {
        let names: Vec<String> = ids.iter().map(usize::to_string).collect();
        schedule.start(names.iter().map(String::as_str), workers);
    }

    #[test]
    fn jobs_run_ahead_and_each_trial_gets_its_own_verdict() {
        let schedule = Schedule::new(4);
        let ids: Vec<_> = (0..20usize)
            .map(|i| add(&schedule, Access::Shared, move |_| Ok(i * 2)))
            .collect();
        start(&schedule, &ids, 2);
        for (i, id) in ids.into_iter().enumerate() {
            assert_eq!(schedule.verdict(id), Ok(i * 2));
        }
    }

    /// A job that waits asks for another worker: eight waiting jobs all run at
    /// once on a schedule that started with one worker.
    #[test]
    fn waiting_jobs_get_more_workers_up_to_the_concurrency() {
        let schedule = Schedule::new(8);
        let in_flight = Arc::new(AtomicUsize::new(0));
        let ids: Vec<_> = (0..8)
            .map(|_| {
                let in_flight = Arc::clone(&in_flight);
                add(&schedule, Access::Shared, move |more| {
                    in_flight.fetch_add(1, Ordering::SeqCst);
                    more();
                    let start = std::time::Instant::now();
                    while in_flight.load(Ordering::SeqCst) < 8 {
                        if start.elapsed() > Duration::from_secs(5) {
                            return Err("not all in flight".to_owned());
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    Ok(())
                })
            })
            .collect();
        start(&schedule, &ids, 1);
        for id in ids {
            assert_eq!(schedule.verdict(id), Ok(()));
        }
    }

    /// Jobs that all wait and ask for workers at once, while `start` is still
    /// spawning its own: never more than the concurrency run at once.
    #[test]
    fn the_concurrency_bounds_the_workers() {
        for _ in 0..20 {
            let schedule = Schedule::new(2);
            let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
            let ids: Vec<_> = (0..6)
                .map(|_| {
                    let (running, most) = (Arc::clone(&running), Arc::clone(&most));
                    add(&schedule, Access::Shared, move |more| {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        more();
                        std::thread::sleep(Duration::from_millis(2));
                        running.fetch_sub(1, Ordering::SeqCst);
                        Ok(())
                    })
                })
                .collect();
            start(&schedule, &ids, 2);
            for id in ids {
                assert_eq!(schedule.verdict(id), Ok(()));
            }
            assert!(most.load(Ordering::SeqCst) <= 2);
        }
    }

    #[test]
    fn a_serial_job_runs_alone() {
        let schedule = Schedule::new(8);
        let running = Arc::new(AtomicUsize::new(0));
        let ids: Vec<_> = (0..12)
            .map(|i| {
                let running = Arc::clone(&running);
                let access = if i % 4 == 1 {
                    Access::Exclusive
                } else {
                    Access::Shared
                };
                add(&schedule, access, move |more| {
                    let others = running.fetch_add(1, Ordering::SeqCst);
                    more();
                    std::thread::sleep(Duration::from_millis(5));
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok((access, others))
                })
            })
            .collect();
        start(&schedule, &ids, 4);
        for id in ids {
            let (access, others) = schedule.verdict(id).unwrap();
            if access == Access::Exclusive {
                assert_eq!(others, 0, "job {id} ran beside {others} others");
            }
        }
    }

    #[test]
    fn a_job_outside_the_order_runs_on_its_trial_and_a_panic_is_a_verdict() {
        let schedule = Schedule::new(2);
        let outside = add(&schedule, Access::Shared, |_| Ok(1));
        let panics = add(&schedule, Access::Shared, |_| -> Verdict<i32> {
            panic!("boom")
        });
        start(&schedule, &[panics], 1);
        assert_eq!(schedule.verdict(outside), Ok(1));
        assert!(schedule.verdict(panics).unwrap_err().contains("panicked"));
    }
}
