//! What the app remembers between runs.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The key under which settings are kept in eframe's storage.
pub const STORAGE_KEY: &str = "tallyroom-settings";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The election file open when the app was last closed; opened again at start.
    pub last_file: Option<PathBuf>,
    /// Files opened recently, newest first.
    pub recent: Vec<PathBuf>,
    /// The last volunteer name typed, offered again (but asked each session).
    pub volunteer: String,
    pub dark: bool,
    /// Text size; large by default, to read at arm's length.
    pub zoom: f32,
    /// The projection hidden (a night that must not show one): kept, so that a
    /// restart does not put it back on the screen.
    pub projection_hidden: bool,
    /// The window has been sized to the screen once (about 90% of it); after that
    /// the size the user leaves it at is kept.
    pub sized_to_screen: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            last_file: None,
            recent: Vec::new(),
            volunteer: String::new(),
            dark: false,
            zoom: 1.25,
            projection_hidden: false,
            sized_to_screen: false,
        }
    }
}

impl Settings {
    pub fn remember(&mut self, file: &std::path::Path) {
        self.last_file = Some(file.to_path_buf());
        self.recent.retain(|f| f != file);
        self.recent.insert(0, file.to_path_buf());
        self.recent.truncate(8);
    }
}
