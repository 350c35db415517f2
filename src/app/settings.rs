//! What the app remembers between runs, kept as `settings.json` in the user's
//! settings folder (see [`crate::places`]).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The key under which versions before 0.2 kept settings in eframe's storage: read
/// once when there is no settings file yet.
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
        self.add_recent(file);
    }

    /// Puts `file` first among the recent files (at most 8).
    pub fn add_recent(&mut self, file: &Path) {
        self.recent.retain(|f| f != file);
        self.recent.insert(0, file.to_path_buf());
        self.recent.truncate(8);
    }

    /// The settings in `file`; `None` when there is none yet or it cannot be read (a
    /// damaged settings file costs the recent list, never the start of the app).
    pub fn load(file: &Path) -> Option<Settings> {
        let text = std::fs::read_to_string(file).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes the settings to `file`, whole or not at all (a new file renamed over the
    /// old one), making its folder first.
    pub fn save(&self, file: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
        }
        let temp = file.with_extension("json.partial");
        std::fs::write(&temp, text)
            .and_then(|()| std::fs::rename(&temp, file))
            .map_err(|e| format!("{}: {e}", file.display()))
    }
}

/// Adds a file made on the command line to the recent files in the settings file, so
/// that the window offers it. A failure is logged, never the command's.
pub fn offer_in_window(file: &Path) {
    let settings_file = crate::places::Places::current().settings_file();
    let mut settings = Settings::load(&settings_file).unwrap_or_default();
    let full = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    settings.add_recent(&full);
    if let Err(e) = settings.save(&settings_file) {
        crate::places::log(&format!("the settings could not be saved: {e}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_saved_are_the_settings_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config").join("settings.json");
        assert!(
            Settings::load(&file).is_none(),
            "none before the first save"
        );
        let mut settings = Settings::default();
        settings.remember(Path::new("/counts/lancashire.tally"));
        settings.volunteer = "Ann".into();
        settings.save(&file).unwrap();
        let back = Settings::load(&file).unwrap();
        assert_eq!(back.recent, vec![PathBuf::from("/counts/lancashire.tally")]);
        assert_eq!(back.volunteer, "Ann");
        std::fs::write(&file, "{ not json").unwrap();
        assert!(Settings::load(&file).is_none(), "a damaged file is let go");
    }
}
