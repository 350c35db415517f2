//! The window's panels, one file each. Each draws from the app's state and pushes
//! [`crate::window_state::command::Command`]s; none changes the night itself.

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

/// On a night of several councils, "Show:" and a list of the councils to choose one
/// to show alone (none: the whole night). The dashboard and the board have one each.
pub fn council_picker(
    ui: &mut eframe::egui::Ui,
    id: &str,
    council: &mut Option<crate::model::CouncilIx>,
    election: &crate::model::Election,
) {
    let label = ui.label("Show:");
    let shown = council
        .filter(|c| c.index() < election.councils.len())
        .map_or("the night".to_string(), |c| {
            election.council_name(c).to_string()
        });
    eframe::egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .height(400.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(council, None, "the night");
            for c in election.council_ixs() {
                ui.selectable_value(council, Some(c), election.council_name(c));
            }
        })
        .response
        .labelled_by(label.id);
}
