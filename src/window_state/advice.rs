//! What a person at the window can do about a refusal: the menus and buttons to use,
//! and the command line only for what the window does not do.

use crate::store::{Advice, StoreError};

/// The window's words for [`Advice`].
pub struct Window;

impl Advice for Window {
    fn create_file(&self) -> &str {
        "File > New from CSV…"
    }
    fn restore_backup(&self) -> &str {
        " (at a command prompt: `tallyroom restore FILE`)"
    }
    fn save_copy(&self) -> &str {
        " (File > Save a copy…)"
    }
    fn settle_conflict(&self) -> &str {
        "with Keep these figures on the division's page"
    }
    fn name_shape_properties(&self) -> &str {
        "give the properties that hold them as Code property and Name property"
    }
    fn give_break_reason(&self) -> &str {
        ""
    }
    fn verify_file(&self) -> &str {
        "at a command prompt, `tallyroom verify FILE` checks the file"
    }
    fn share_night(&self) -> &str {
        " (Night > Share this night…)"
    }
    fn share_file(&self, _file: &str) -> String {
        " with Night > Share this night…".to_string()
    }
    fn join_night(&self) -> &str {
        " with File > Join a shared night…"
    }
    fn another_name(&self) -> &str {
        ""
    }
    fn sync_file(&self) -> &str {
        ""
    }
}

/// A sharing error as the window says it.
pub fn share_in_window(e: &crate::share::ShareError) -> String {
    e.in_words(&Window)
}

/// A store error as the window says it.
pub fn in_window(e: &StoreError) -> String {
    e.in_words(&Window)
}
