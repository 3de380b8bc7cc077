//! The counting allocator and peak measurement behind `memory` evidence of
//! functions (and `Bencher`'s memory mode): [`CountingAllocator`] counts, per
//! thread, the bytes live and their peak; [`measure_peak`] reads them around a
//! routine. It judges nothing.
//!
//! Counting is per thread, so trials running in parallel do not see each
//! other's allocations, and allocations made by threads the routine spawns are
//! not counted. With `memory` and `process`, the only module with `unsafe`:
//! a global allocator is an `unsafe impl`.

#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt;
use std::hint::black_box;

thread_local! {
    // Bytes allocated minus bytes freed by this thread (negative when it frees
    // memory another thread allocated), and the highest that has been since the
    // innermost `measure_peak` began. Const-initialized with no destructor, so
    // access never allocates and never fails during thread teardown.
    static LIVE: Cell<i64> = const { Cell::new(0) };
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

fn read(key: &'static std::thread::LocalKey<Cell<i64>>) -> i64 {
    key.try_with(Cell::get).unwrap_or(0)
}

/// Record `delta` bytes allocated (or freed, when negative) by this thread.
fn record(delta: i64) {
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add(delta);
        live.set(now);
        if delta > 0 {
            let _ = PEAK.try_with(|peak| {
                if now > peak.get() {
                    peak.set(now);
                }
            });
        }
    });
}

fn bytes(size: usize) -> i64 {
    i64::try_from(size).unwrap_or(i64::MAX)
}

/// A global allocator that counts, per thread, the bytes live and their peak, so
/// `memory` evidence can tell how much a routine allocates.
///
/// It forwards every call to [`System`] and adds two thread-local counter updates.
/// `aspect::main!` installs it; a harness that calls [`Harness`](crate::Harness)
/// from its own `main` installs it like this (and one that needs another global
/// allocator cannot have memory evidence of functions judged: it fails, saying so):
///
/// ```no_run
/// # #[derive(Default)] struct MyWorld;
/// #[global_allocator]
/// static ALLOCATOR: aspect::CountingAllocator = aspect::CountingAllocator::new();
///
/// fn main() -> std::process::ExitCode {
///     aspect::Harness::new(aspect::package_root!()).run::<MyWorld>()
/// }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct CountingAllocator {
    _private: (),
}

impl CountingAllocator {
    /// The allocator, for a `#[global_allocator]` static.
    pub const fn new() -> CountingAllocator {
        CountingAllocator { _private: () }
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged,
// so `System`'s guarantees are ours; the bookkeeping only touches const-initialized
// thread-local `Cell`s, which neither allocate nor unwind.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract for `layout`.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(bytes(layout.size()));
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(bytes(layout.size()));
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator, i.e. by `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        record(-bytes(layout.size()));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by `System` with `layout`; the caller upholds
        // `realloc`'s contract for `new_size`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            record(bytes(new_size) - bytes(layout.size()));
        }
        new
    }
}

/// Why a figure of allocated bytes cannot be had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotInstalled;

impl fmt::Display for NotInstalled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "allocations cannot be counted: aspect::CountingAllocator is not this binary's \
             global allocator. `aspect::main!` installs it; a harness with its own `main` adds \
             `#[global_allocator] static ALLOCATOR: aspect::CountingAllocator = \
             aspect::CountingAllocator::new();` (a binary with another global allocator cannot \
             have memory evidence of functions judged)",
        )
    }
}

impl std::error::Error for NotInstalled {}

/// Whether [`CountingAllocator`] is this binary's global allocator: a probe
/// allocation must show up in this thread's count.
///
/// ```
/// // Doc tests do not install it.
/// assert!(!aspect::__private::evidence::alloc::is_installed());
/// ```
pub fn is_installed() -> bool {
    let before = read(&LIVE);
    let probe = black_box(Box::new(black_box(0u64)));
    let during = read(&LIVE);
    drop(probe);
    during - before >= bytes(std::mem::size_of::<u64>())
}

/// Run `f` and return its result with the peak number of bytes this thread had
/// allocated while it ran, above those live when it started. Nests.
///
/// ```
/// # #[global_allocator]
/// # static ALLOCATOR: aspect::CountingAllocator = aspect::CountingAllocator::new();
/// # fn main() {
/// use aspect::__private::evidence::alloc::measure_peak;
///
/// let (len, peak) = measure_peak(|| vec![0u8; 10 << 20].len()).unwrap();
/// assert_eq!(len, 10 << 20);
/// assert!(peak >= 10 << 20);
/// # }
/// ```
///
/// # Errors
/// `NotInstalled`, without running `f`, when [`CountingAllocator`] is not the
/// global allocator.
pub fn measure_peak<R>(f: impl FnOnce() -> R) -> Result<(R, u64), NotInstalled> {
    if !is_installed() {
        return Err(NotInstalled);
    }
    /// Gives the enclosing measurement its peak back, even when `f` panics.
    struct Restore(i64);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0;
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(outer)));
        }
    }
    let start = read(&LIVE);
    let outer = PEAK.try_with(|peak| peak.replace(start)).unwrap_or(start);
    let restore = Restore(outer);
    let result = f();
    let peak = read(&PEAK);
    drop(restore);
    Ok((result, u64::try_from(peak - start).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allocator_counts_what_it_hands_out() {
        // Unit tests do not install it as the global allocator: use it directly.
        let allocator = CountingAllocator::new();
        let layout = Layout::from_size_align(4096, 8).unwrap();
        let before = read(&LIVE);
        // SAFETY: a non-zero-sized layout; the pointer is freed with the same layout
        // by the same allocator, after a realloc that it returned.
        unsafe {
            let p = allocator.alloc(layout);
            assert!(!p.is_null());
            assert_eq!(read(&LIVE) - before, 4096);
            let p = allocator.realloc(p, layout, 10_000);
            assert!(!p.is_null());
            assert_eq!(read(&LIVE) - before, 10_000);
            assert!(read(&PEAK) - before >= 10_000);
            allocator.dealloc(p, Layout::from_size_align(10_000, 8).unwrap());
        }
        assert_eq!(read(&LIVE), before);
    }

    #[test]
    fn without_the_allocator_nothing_is_measured() {
        assert!(!is_installed());
        let ran = std::cell::Cell::new(false);
        assert_eq!(measure_peak(|| ran.set(true)), Err(NotInstalled));
        assert!(!ran.get(), "f must not run when nothing can be measured");
        assert!(NotInstalled.to_string().contains("#[global_allocator]"));
    }
}
