//! The status bar: progress of the night, control, and whether everything is saved.

use eframe::egui::{self, RichText};

use crate::app::session::Session;
use crate::report::{control_text, progress_text};

/// "61 of 82 declared, 64 of 84 seats".
pub fn progress(session: &Session) -> String {
    progress_text(session.store.tally())
}

pub fn show(ui: &mut egui::Ui, session: Option<&Session>, busy: Option<&str>) {
    ui.horizontal(|ui| {
        if let Some(label) = busy {
            ui.spinner();
            ui.label(label);
            ui.separator();
        }
        let Some(session) = session else {
            ui.label("No election open");
            return;
        };
        let tally = session.store.tally();
        ui.label(RichText::new(progress(session)).strong());
        ui.separator();
        ui.label(control_text(tally).2);
        let tied = tally.totals().divisions_tied;
        if tied > 0 {
            ui.separator();
            ui.label(
                RichText::new(format!("{tied} tied: lots to be drawn"))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        ui.separator();
        let who = &session.store.identity().who;
        match &session.last_saved {
            Some(at) => ui.label(format!("saved {at} · entering as {who}")),
            None => ui.label(format!("saved · entering as {who}")),
        };
        let problems = session.store.problems().len();
        if problems > 0 {
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{problems} log entries could not be applied (see the audit log)"
                ))
                .color(ui.visuals().error_fg_color),
            );
        }
    });
}
