//! The window's side of a shared night: starts the sync worker for a shared file,
//! takes in what it brings, wakes it after each save, and keeps the figures the
//! status bar shows.

use std::path::Path;

use eframe::egui;

use crate::share::worker::{SyncStatus, Worker};
use crate::share::{self, Address};
use crate::store::Store;
use crate::store::events::Change;

pub struct Sync {
    worker: Worker,
    /// The worker's count of arrivals when the file was last read.
    seen: u64,
    /// The night's generation after our last look.
    generation: i64,
    /// (generation, events waiting, of which declarations), worked out once per change.
    waiting: std::cell::Cell<(i64, usize, usize)>,
    /// The password prompt's text, kept only until it is given to the worker.
    pub password: String,
}

impl Sync {
    /// The sync for a file, if it is shared.
    pub fn start(path: &Path, ctx: &egui::Context) -> Result<Option<Sync>, String> {
        let Ok(sharing) = share::sharing_of(path) else {
            return Ok(None);
        };
        let address = Address::parse(&sharing.server)
            .map_err(|e| crate::window_state::advice::share_in_window(&e))?;
        let ctx = ctx.clone();
        let worker = Worker::start(path.to_path_buf(), address, sharing.election, move || {
            ctx.request_repaint();
        });
        Ok(Some(Sync {
            worker,
            seen: 0,
            generation: -1,
            waiting: std::cell::Cell::new((-1, 0, 0)),
            password: String::new(),
        }))
    }

    /// Once a frame: reads what the worker wrote into the file, and sends what was
    /// saved here since the last frame.
    pub fn tick(&mut self, store: &mut Store, ctx: &egui::Context) -> Result<(), String> {
        let arrivals = self.worker.arrivals();
        if arrivals != self.seen {
            self.seen = arrivals;
            store
                .refresh()
                .map_err(|e| crate::window_state::advice::in_window(&e))?;
        }
        // Unsent events come last in the night's order: the last event says whether
        // anything saved here waits to go (a change that only brought others' events
        // needs no exchange).
        if store.generation() != self.generation {
            self.generation = store.generation();
            if store
                .events()
                .last()
                .is_some_and(|e| e.server_seq.is_none())
            {
                self.worker.wake();
            }
        }
        // The link can change without any event: look again now and then.
        ctx.request_repaint_after(std::time::Duration::from_secs(1));
        Ok(())
    }

    pub fn status(&self) -> SyncStatus {
        self.worker.status()
    }

    /// Events saved here the server does not have yet, and how many are declarations.
    pub fn waiting(&self, store: &Store) -> (usize, usize) {
        let (generation, events, declarations) = self.waiting.get();
        if generation == store.generation() {
            return (events, declarations);
        }
        let (mut events, mut declarations) = (0, 0);
        for e in store.unsent() {
            events += 1;
            if matches!(e.change, Change::Declared(_) | Change::Corrected(_)) {
                declarations += 1;
            }
        }
        self.waiting.set((store.generation(), events, declarations));
        (events, declarations)
    }

    pub fn give_password(&mut self) {
        self.worker.give_password(&self.password);
        self.password.clear();
    }

    /// Whether this account may only watch (known once connected).
    pub fn view_only(&self) -> bool {
        self.status().can_enter == Some(false)
    }
}
