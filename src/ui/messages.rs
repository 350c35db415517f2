//! The message panel: errors and notices in the window, each with a button to
//! dismiss it.

use eframe::egui::{self, RichText};

use crate::app::messages::Messages;

/// The messages, newest first.
pub fn show(ui: &mut egui::Ui, messages: &mut Messages) {
    let mut dismiss = None;
    for (i, m) in messages.items.iter().enumerate() {
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
        messages.items.remove(i);
    }
}
