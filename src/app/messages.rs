//! Errors and notices for the window's message panel ([`crate::ui::messages`]),
//! never only in a terminal.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub error: bool,
    pub text: String,
}

/// The last few messages; the newest first.
#[derive(Debug, Default)]
pub struct Messages {
    pub items: Vec<Message>,
}

impl Messages {
    pub fn error(&mut self, text: impl Into<String>) {
        self.push(true, text.into());
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.push(false, text.into());
    }

    fn push(&mut self, error: bool, text: String) {
        self.items.retain(|m| m.text != text);
        self.items.insert(0, Message { error, text });
        self.items.truncate(6);
    }
}
