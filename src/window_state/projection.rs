//! The projection in the window: worked out on a thread of its own after each change
//! of the night (2,000 runs take a good part of a second on a big night), the
//! newest result shown and the one before it meanwhile, so no frame waits for it.

use std::sync::mpsc::{Receiver, channel};

use eframe::egui;

use crate::store::Store;
use crate::tally::projection::{Projection, ProjectionOptions, TooEarly, project};

/// The projection's state: shown or hidden, the last result and the one on its way.
pub struct ProjectionState {
    /// Off for a night that must not show one (the toggle on the dashboard).
    pub shown: bool,
    /// The newest result, for the state of the night it was worked out for.
    result: Option<(i64, Result<Projection, TooEarly>)>,
    /// A result being worked out, for that state.
    pending: Option<(i64, Receiver<Result<Projection, TooEarly>>)>,
}

impl Default for ProjectionState {
    fn default() -> Self {
        ProjectionState {
            shown: true,
            result: None,
            pending: None,
        }
    }
}

impl ProjectionState {
    /// Keeps the projection up with the night, called by the frame before anything
    /// is drawn: takes a result that has arrived, and starts working out a newer one
    /// when the night has changed and the projection is `wanted` on screen (the
    /// dashboard or the board is open: no core is spent on one nobody sees).
    pub fn keep_up(&mut self, ctx: &egui::Context, store: &Store, wanted: bool) {
        if let Some((generation, receiver)) = &self.pending
            && let Ok(result) = receiver.try_recv()
        {
            self.result = Some((*generation, result));
            self.pending = None;
        }
        if !wanted || !self.applies(store) {
            return;
        }
        let now = store.generation();
        let fresh = self.result.as_ref().is_some_and(|(g, _)| *g == now);
        // One at a time: a newer night waits for the one being worked out (on a big
        // night a projection takes seconds, and declarations come faster).
        if !fresh && self.pending.is_none() {
            let tally = store.tally().clone();
            let (send, receive) = channel();
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("projection".into())
                .spawn(move || {
                    // The window may have closed meanwhile: then no one waits for it.
                    let _ = send.send(project(&tally, ProjectionOptions::default()));
                    ctx.request_repaint();
                });
            if spawned.is_ok() {
                self.pending = Some((now, receive));
            }
        }
    }

    /// Whether the night has a projection to show: shown, with a baseline, and not
    /// yet complete (then the result is the figure).
    fn applies(&self, store: &Store) -> bool {
        self.shown && store.election().baseline.is_some() && !every_division_declared(store)
    }

    /// The projection to show: none while hidden, without a baseline, once the night
    /// is complete, or before the first is ready; meanwhile the one before.
    pub fn current(&self, store: &Store) -> Option<&Result<Projection, TooEarly>> {
        if !self.applies(store) {
            return None;
        }
        self.result.as_ref().map(|(_, r)| r)
    }

    /// Waits for the projection on its way (tests, pictures): the state shown next
    /// frame is the newest.
    pub fn settle(&mut self) {
        if let Some((generation, receiver)) = self.pending.take()
            && let Ok(result) = receiver.recv()
        {
            self.result = Some((generation, result));
        }
    }
}

/// Once every division has declared there is nothing to project: only the result.
pub fn every_division_declared(store: &Store) -> bool {
    let totals = store.tally().totals();
    totals.divisions_declared as usize >= store.election().divisions.len()
        && totals.divisions_tied == 0
}
