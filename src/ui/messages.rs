//! Errors and notices in a panel of the window, never only in a terminal.

use eframe::egui::{self, RichText};

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

    pub fn show(&mut self, ui: &mut egui::Ui) {
        let mut dismiss = None;
        for (i, m) in self.items.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui.small_button("Dismiss").clicked() {
                    dismiss = Some(i);
                }
                let text = RichText::new(&m.text);
                ui.label(if m.error {
                    text.color(ui.visuals().error_fg_color).strong()
                } else {
                    text
                });
            });
        }
        if let Some(i) = dismiss {
            self.items.remove(i);
        }
    }
}
