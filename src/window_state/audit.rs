//! The audit view's state: the trail of the night as last worked out, drawn by
//! [`crate::ui::audit`].

use crate::store::Store;
use crate::store::audit::{AuditLine, trail};

/// The trail as last worked out, and the log's generation it was worked out for:
/// the trail is rebuilt when the log grows, not every frame.
#[derive(Default)]
pub struct AuditCache {
    generation: Option<i64>,
    lines: Vec<AuditLine>,
}

impl AuditCache {
    /// The trail of `store`'s log, oldest first, worked out again only if it grew.
    pub fn lines(&mut self, store: &Store) -> &[AuditLine] {
        if self.generation != Some(store.generation()) {
            self.lines = trail(store.election(), store.events());
            self.generation = Some(store.generation());
        }
        &self.lines
    }
}
