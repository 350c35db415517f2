//! The window's panels, one file each. Each draws from the app's state and pushes
//! [`crate::app::command::Command`]s; none changes the night itself.

pub mod audit;
pub mod board;
pub mod charts;
pub mod colour;
pub mod dashboard;
pub mod dialogs;
pub mod divisions;
pub mod entry;
pub mod ids;
pub mod map;
pub mod menu;
pub mod messages;
pub mod picture;
pub mod share_dialog;
pub mod start;
pub mod status_bar;

/// Where a window of the app opens: in the middle of the main window, clear of the
/// division search at the top left, which keeps the keyboard while it is open.
pub fn centred(ctx: &eframe::egui::Context) -> (eframe::egui::Pos2, eframe::egui::Align2) {
    (
        ctx.content_rect().center(),
        eframe::egui::Align2::CENTER_CENTER,
    )
}
