//! The audit view: the log of the night, newest first.

use eframe::egui::{self, RichText, ScrollArea};

use crate::store::Store;
use crate::window_state::audit::AuditCache;

pub fn show(ctx: &egui::Context, store: &Store, open: &mut bool, cache: &mut AuditCache) {
    let lines = cache.lines(store);
    egui::Window::new("Audit log")
        .pivot(crate::ui::centred(ctx).1)
        .default_pos(crate::ui::centred(ctx).0)
        .open(open)
        .default_size([900.0, 500.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "{} events; nothing in the log is ever changed or deleted.",
                lines.len()
            ));
            for problem in store.problems(&crate::window_state::advice::Window) {
                ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
            }
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
            ScrollArea::both().auto_shrink([false, false]).show_rows(
                ui,
                row_height,
                lines.len(),
                |ui, range| {
                    for line in lines.iter().rev().skip(range.start).take(range.len()) {
                        let reason = line
                            .reason
                            .as_ref()
                            .map(|r| format!(" (reason: {r})"))
                            .unwrap_or_default();
                        ui.label(format!(
                            "{:>5}  {}  {} on {}  {}  {}: {}{reason}",
                            line.seq,
                            line.at,
                            line.who,
                            line.machine,
                            line.division,
                            line.kind,
                            line.what
                        ));
                    }
                },
            );
        });
}
