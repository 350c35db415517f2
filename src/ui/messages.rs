//! The message line: the newest error or notice on one line at the foot of the
//! window, how many older ones there are, and buttons to see them all or dismiss them.
//! The line is always there, one line tall, so that nothing moves under the pointer
//! when a message comes or goes.

use eframe::egui::{self, RichText};

use crate::window_state::messages::{Message, Messages};

/// The line itself, in the panel given.
pub fn line(ui: &mut egui::Ui, messages: &mut Messages) {
    ui.horizontal(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        let older = messages.items.len().saturating_sub(1);
        // The buttons first, from the right, so that a long message is cut short
        // rather than pushing them off the window.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let enabled = !messages.items.is_empty();
            if ui
                .add_enabled(enabled, egui::Button::new("Dismiss all").small())
                .clicked()
            {
                messages.dismiss_all();
            }
            if ui
                .add_enabled(older > 0, egui::Button::new("Show all").small())
                .clicked()
            {
                messages.show_all = !messages.show_all;
            }
            if older > 0 {
                ui.label(RichText::new(format!("+{older} older")).weak());
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                match messages.newest() {
                    Some(m) => {
                        // Its first line, cut to the width; the whole of it on hover
                        // and for screen readers.
                        let first = m.text.lines().next().unwrap_or_default();
                        let shown = egui::RichText::new(first);
                        let shown = if m.error {
                            shown.color(ui.visuals().error_fg_color).strong()
                        } else {
                            shown
                        };
                        let response = ui.label(shown).on_hover_text(&m.text);
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Label, true, &m.text)
                        });
                    }
                    None => {
                        ui.label(RichText::new("No messages").weak());
                    }
                }
            });
        });
    });
}

/// Every message, newest first, in a window of its own (Esc closes it).
pub fn all(ctx: &egui::Context, messages: &mut Messages) {
    if !messages.show_all {
        return;
    }
    let mut open = true;
    egui::Window::new("Messages")
        .pivot(crate::ui::centred(ctx).1)
        .default_pos(crate::ui::centred(ctx).0)
        .open(&mut open)
        .default_size([700.0, 300.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for m in &messages.items {
                    ui.add(egui::Label::new(text(ui, m)).wrap());
                }
            });
        });
    messages.show_all = open && !messages.items.is_empty();
}

fn text(ui: &egui::Ui, m: &Message) -> RichText {
    let text = RichText::new(&m.text);
    if m.error {
        text.color(ui.visuals().error_fg_color).strong()
    } else {
        text
    }
}
