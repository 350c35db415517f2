//! Batches of text made on two cores and written in their order: whichever core is
//! free makes the next batch, a few ahead of the writer at most. The writer makes one
//! itself rather than wait, so neither core idles while batches are left; a helper
//! started before the writer is ready (while the rest of a summary is worked out)
//! has the first batches made by then.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Batches made but not yet written, at most: each is about two megabytes, and enough
/// are made ahead to keep the helper busy while the rest of a summary is worked out
/// (with 3, it waited through most of that).
const AHEAD: usize = 12;

/// The batches, as the two cores share them.
pub(super) struct InOrder {
    count: usize,
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    /// The first batch no core has taken to make.
    next: usize,
    /// Batches written.
    written: usize,
    /// Batches made and not yet written, by number.
    made: BTreeMap<usize, io::Result<Vec<u8>>>,
    /// Buffers of batches written, to be filled again.
    spare: Vec<Vec<u8>>,
    /// Writing has stopped (finished, or failed): make no more.
    stopped: bool,
    /// The helper has returned: a batch it took and did not give will never come.
    helper_gone: bool,
}

/// Makes batch `k` into the buffer given (empty, or one written before).
pub(super) type Make<'m> = &'m (dyn Fn(usize, Vec<u8>) -> io::Result<Vec<u8>> + Sync);

impl InOrder {
    pub(super) fn new(count: usize) -> Self {
        InOrder {
            count,
            state: Mutex::new(State {
                next: 0,
                written: 0,
                made: BTreeMap::new(),
                spare: Vec::new(),
                stopped: false,
                helper_gone: false,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A core that failed mid-batch left the state whole: its batch is simply absent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'g>(&self, state: MutexGuard<'g, State>) -> MutexGuard<'g, State> {
        self.changed
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The next batch to make and a buffer for it, where one is left within reach
    /// of the writer.
    fn claim(&self, state: &mut State) -> Option<(usize, Vec<u8>)> {
        let within = state.next < self.count && state.next < state.written + AHEAD;
        (within && !state.stopped).then(|| {
            state.next += 1;
            (state.next - 1, state.spare.pop().unwrap_or_default())
        })
    }

    /// The helper's part: makes batches until none are left or writing stops.
    pub(super) fn help(&self, make: Make) {
        /// Said however the helper leaves, a failed batch's panic too, so that the
        /// writer never waits for a batch that will not come.
        struct Leaving<'a>(&'a InOrder);
        impl Drop for Leaving<'_> {
            fn drop(&mut self) {
                self.0.lock().helper_gone = true;
                self.0.changed.notify_all();
            }
        }
        let _leaving = Leaving(self);
        let mut state = self.lock();
        loop {
            if state.stopped || state.next >= self.count {
                return;
            }
            match self.claim(&mut state) {
                Some((k, buffer)) => {
                    drop(state);
                    let made = make(k, buffer);
                    state = self.lock();
                    state.made.insert(k, made);
                    self.changed.notify_all();
                }
                None => state = self.wait(state),
            }
        }
    }

    /// Batch `k`, the next to write: made already, or made here (this core makes the
    /// next one free while `k` is being made elsewhere).
    pub(super) fn take(&self, k: usize, make: Make) -> io::Result<Vec<u8>> {
        let mut state = self.lock();
        loop {
            if let Some(made) = state.made.remove(&k) {
                return made;
            }
            match self.claim(&mut state) {
                Some((j, buffer)) => {
                    drop(state);
                    let made = make(j, buffer);
                    if j == k {
                        return made;
                    }
                    state = self.lock();
                    state.made.insert(j, made);
                    self.changed.notify_all();
                }
                None if state.stopped || state.helper_gone => {
                    return Err(io::Error::other("a batch of division rows was not made"));
                }
                None => state = self.wait(state),
            }
        }
    }

    /// A batch written: its buffer is filled again, and one more may be made ahead.
    pub(super) fn written(&self, buffer: Vec<u8>) {
        let mut state = self.lock();
        state.written += 1;
        state.spare.push(buffer);
        self.changed.notify_all();
    }

    /// Writing is over, done or failed: the helper stops at its next look.
    pub(super) fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }

    /// Stops the helper when dropped, however the writer leaves (a panic too), so
    /// that a scope waiting for the helper never waits for ever.
    pub(super) fn stop_when_dropped(&self) -> StopWhenDropped<'_> {
        StopWhenDropped(self)
    }
}

pub(super) struct StopWhenDropped<'a>(&'a InOrder);

impl Drop for StopWhenDropped<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every batch is written once, in its order, whichever core made it, with the
    /// helper slow, quick or never started; a failed batch stops the writing.
    #[test]
    fn batches_are_written_in_their_order_once_each() {
        for (count, helper_delay) in [(1, None), (50, None), (50, Some(0)), (50, Some(2))] {
            let batches = InOrder::new(count);
            let make = |k: usize, mut text: Vec<u8>| {
                text.clear();
                text.extend_from_slice(format!("{k};").as_bytes());
                Ok(text)
            };
            let slow = |k: usize, text: Vec<u8>| {
                std::thread::sleep(std::time::Duration::from_millis(helper_delay.unwrap_or(0)));
                make(k, text)
            };
            let mut out = Vec::new();
            std::thread::scope(|scope| {
                if helper_delay.is_some() {
                    scope.spawn(|| batches.help(&slow));
                }
                for k in 0..count {
                    let text = batches.take(k, &make).expect("made");
                    out.extend_from_slice(&text);
                    batches.written(text);
                }
                batches.stop();
            });
            let expected: String = (0..count).map(|k| format!("{k};")).collect();
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
        let batches = InOrder::new(10);
        let failing = |k: usize, text: Vec<u8>| {
            if k == 3 {
                Err(io::Error::other("batch 3 failed"))
            } else {
                Ok(text)
            }
        };
        let taken: Vec<bool> = std::thread::scope(|scope| {
            scope.spawn(|| batches.help(&failing));
            let taken = (0..4)
                .map(|k| {
                    batches
                        .take(k, &failing)
                        .map(|text| batches.written(text))
                        .is_ok()
                })
                .collect();
            batches.stop();
            taken
        });
        assert_eq!(taken, [true, true, true, false]);
    }

    /// A helper that fails mid-batch leaves the writer an error for that batch, never
    /// a wait for ever.
    #[test]
    fn a_helper_that_fails_mid_batch_leaves_no_wait() {
        let batches = InOrder::new(10);
        let started = std::sync::Barrier::new(2);
        let helper_make = |k: usize, _: Vec<u8>| -> io::Result<Vec<u8>> {
            started.wait();
            panic!("batch {k} could not be made");
        };
        let own_make = |_: usize, text: Vec<u8>| Ok(text);
        let first = std::thread::scope(|scope| {
            let helper = scope.spawn(|| batches.help(&helper_make));
            // The helper has taken batch 0 before the writer asks for it.
            started.wait();
            let first = batches.take(0, &own_make).map(|_| ());
            assert!(helper.join().is_err());
            first
        });
        assert!(first.is_err());
    }

    /// A writer that panics mid-way stops the helper, which would otherwise wait for
    /// ever for room to make more: the panic is passed on, not a hang.
    #[test]
    fn a_writer_that_panics_stops_the_helper() {
        let (done, finished) = std::sync::mpsc::channel();
        // On a thread of its own, so that a helper left waiting fails the test rather
        // than hanging it.
        std::thread::spawn(move || {
            let batches = InOrder::new(20);
            let make = |_: usize, text: Vec<u8>| Ok(text);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                std::thread::scope(|scope| {
                    scope.spawn(|| batches.help(&make));
                    let _stopping = batches.stop_when_dropped();
                    let first = batches.take(0, &make).expect("made");
                    batches.written(first);
                    panic!("the writer failed");
                })
            }));
            let _ = done.send(outcome.is_err());
        });
        assert_eq!(
            finished.recv_timeout(std::time::Duration::from_secs(30)),
            Ok(true),
            "the writer's panic left the helper waiting"
        );
    }
}
