//! Errors and notices for the window's message line ([`crate::ui::messages`]),
//! never only in a terminal.

use crate::model::DivisionIx;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub error: bool,
    pub text: String,
    /// The division a message is about, so that it goes once the division is saved.
    pub division: Option<DivisionIx>,
}

/// The messages of the session, the newest first; the window shows the newest on one
/// line, with a count of the older ones.
#[derive(Debug, Default)]
pub struct Messages {
    pub items: Vec<Message>,
    /// Every message is listed, not only the newest.
    pub show_all: bool,
}

/// How many messages are kept.
const KEPT: usize = 50;

impl Messages {
    pub fn error(&mut self, text: impl Into<String>) {
        self.push(true, text.into(), None);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.push(false, text.into(), None);
    }

    /// An error about one division (a declaration not saved).
    pub fn error_about(&mut self, division: DivisionIx, text: impl Into<String>) {
        self.push(true, text.into(), Some(division));
    }

    /// Drops the messages about a division (once it is saved).
    pub fn forget(&mut self, division: DivisionIx) {
        self.items.retain(|m| m.division != Some(division));
    }

    pub fn dismiss_all(&mut self) {
        self.items.clear();
        self.show_all = false;
    }

    pub fn newest(&self) -> Option<&Message> {
        self.items.first()
    }

    fn push(&mut self, error: bool, text: String, division: Option<DivisionIx>) {
        self.items.retain(|m| m.text != text);
        self.items.insert(
            0,
            Message {
                error,
                text,
                division,
            },
        );
        self.items.truncate(KEPT);
    }
}
