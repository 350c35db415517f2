//! Keeping up with the file: events other writers (another window, a sync worker)
//! added, merged into the log in the order the file holds them, and the tally
//! replayed where that order changed under events already applied.

use super::*;

impl Store {
    /// Reads the events other copies of the app (or the sync worker) have added since
    /// we last looked, and the server's order of events. Returns how many events came.
    /// Reads what other processes wrote to the file since it was last read, if
    /// anything: a cheap look (`PRAGMA data_version`) when nothing was. Returns how
    /// many events came in.
    pub fn refresh_if_changed(&mut self) -> Result<usize, StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| StoreError::database(&self.path, &e))?;
        if version == self.data_version {
            return Ok(0);
        }
        self.data_version = version;
        self.refresh()
    }

    /// Why nothing may be entered in this file, as of the last read of it (see
    /// [`watch_only`](Self::watch_only)); for the window, which asks every frame.
    pub fn watching(&self) -> Option<&WatchOnly> {
        self.watching.as_ref()
    }

    pub fn refresh(&mut self) -> Result<usize, StoreError> {
        self.watching = self.watch_only()?;
        let (new, sums) = read_events(&self.conn, self.last_seq)
            .map_err(|e| StoreError::database(&self.path, &e))?;
        self.sums.extend(sums);
        if !new.is_empty() {
            let digests = chain::digests_after(&self.conn, self.last_seq)
                .map_err(|e| StoreError::database(&self.path, &e))?;
            self.digests.extend(digests);
        }
        let positions = read_positions(&self.conn, self.last_position)
            .map_err(|e| StoreError::database(&self.path, &e))?;
        Ok(self.merge(new, positions))
    }

    /// Takes new events and server positions into the night: applied one by one
    /// where they come after everything applied; where the night's order changes
    /// under events already applied (a shared night's arrival that goes before them),
    /// those are taken back, newest first, and applied again in the new order. Only
    /// a change deeper than the events that can be taken back replays the night.
    pub(super) fn merge(&mut self, new: Vec<Event>, positions: Vec<(i64, String, i64)>) -> usize {
        let applied = self.events.len();
        // The first event applied whose place in the night's order may have changed.
        let mut first_moved = applied;
        for (row, id, server_seq) in positions {
            self.last_position = self.last_position.max(row);
            if let Some(&k) = self.by_id.get(&id) {
                if self.events[k].server_seq != Some(server_seq) {
                    first_moved = first_moved.min(k);
                }
                self.events[k].server_seq = Some(server_seq);
            }
        }
        let count = new.len();
        let first_new = new.iter().map(Event::order).min();
        for event in new {
            self.last_seq = self.last_seq.max(event.seq);
            self.events.push(event);
        }
        if first_moved < applied || count > 0 {
            self.generation += 1;
        }
        // Everything before `from` keeps its place: it was in order, has not moved, and
        // comes before every new event. Only what follows is sorted and looked at, so a
        // change costs what it moves, not the night.
        let unmoved = &self.events[..first_moved];
        let from = first_new.map_or(first_moved, |key| {
            unmoved.partition_point(|e| e.order() < key)
        });
        let before: Vec<i64> = self.events[from..applied].iter().map(|e| e.seq).collect();
        self.events[from..].sort_by_key(Event::order);
        for k in from..self.events.len() {
            self.by_id.insert(self.events[k].id.clone(), k);
        }
        let changed = before
            .iter()
            .zip(&self.events[from..])
            .position(|(&seq, e)| seq != e.seq)
            .map_or(applied, |i| from + i);
        let undoable = applied - changed <= self.undo.len()
            && self
                .undo
                .iter()
                .rev()
                .take(applied - changed)
                .all(Option::is_some);
        if !undoable {
            self.replay();
            return count;
        }
        for _ in changed..applied {
            if let Some(Some((undo, problems))) = self.undo.pop_back() {
                self.problems.truncate(problems);
                if self.night.undo(undo).is_err() {
                    // Cannot happen (the state restored was one the engine held); if it
                    // did, the log still makes the night.
                    self.replay();
                    return count;
                }
            }
        }
        for k in changed..self.events.len() {
            self.apply_at(k);
        }
        count
    }

    /// Applies the `k`th event of the night's order, keeping how to take it back.
    pub(super) fn apply_at(&mut self, k: usize) {
        let problems = self.problems.len();
        let (applied, undo) = self.night.apply_undoable(&self.events[k]);
        if let Err(problem) = applied {
            let event = &self.events[k];
            self.problems.push(format!(
                "event {} ({}): {problem}",
                event.seq,
                event.change.kind()
            ));
        }
        if self.undo.len() == UNDO_DEPTH {
            self.undo.pop_front();
        }
        self.undo.push_back(undo.map(|u| (u, problems)));
    }

    /// The night again from the set-up, every event in the night's order.
    pub(super) fn replay(&mut self) {
        self.events.sort_by_key(Event::order);
        self.by_id = self
            .events
            .iter()
            .enumerate()
            .map(|(k, e)| (e.id.clone(), k))
            .collect();
        self.night = Night::new(self.setup.clone());
        self.problems.clear();
        self.undo.clear();
        for k in 0..self.events.len() {
            self.apply_at(k);
        }
    }
}

/// How many of the last events applied can be taken back when a shared night's order
/// changes under them; a change reaching deeper replays the night.
pub(super) const UNDO_DEPTH: usize = 10_000;
