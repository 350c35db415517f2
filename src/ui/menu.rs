//! The menu bar and the keyboard shortcuts that go with it.

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use crate::formats::export::What;
use crate::model::CouncilIx;
use crate::window_state::command::Command;
use crate::window_state::dialogs::{DialogKind, PaperKind};
use crate::window_state::session::{Session, Tab};

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const AUDIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const DECLARE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
const BOARD: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::B);
const ENTRY_TAB: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1);
const DASHBOARD_TAB: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2);

/// The shortcuts, read before any panel is drawn, so that what they change (a
/// declaration with Ctrl+Enter) shows in every panel of the same frame. Ctrl+Z undoes a declaration only
/// when no text field has focus (in a field it undoes typing).
pub fn shortcuts(ctx: &egui::Context, session: Option<&Session>, commands: &mut Vec<Command>) {
    let typing = session.is_some_and(|s| editing_text(ctx, s));
    ctx.input_mut(|i| {
        if i.consume_shortcut(&OPEN) {
            commands.push(Command::ShowDialog(DialogKind::Open));
        }
        if i.consume_shortcut(&NEW) {
            commands.push(Command::ShowDialog(DialogKind::NewFromCsv));
        }
        if session.is_some() {
            if !typing && i.consume_shortcut(&UNDO) {
                commands.push(Command::AskUndo);
            }
            if i.consume_shortcut(&AUDIT) {
                commands.push(Command::ToggleAudit);
            }
            if i.consume_shortcut(&FIND) {
                commands.push(Command::CancelForm);
            }
            if session.is_some_and(|s| s.form.division.is_some()) && i.consume_shortcut(&DECLARE) {
                commands.push(Command::Submit);
            }
            if i.consume_shortcut(&BOARD) {
                commands.push(Command::ToggleBoard);
            }
            if i.consume_shortcut(&ENTRY_TAB) {
                commands.push(Command::ShowTab(Tab::Entry));
            }
            if i.consume_shortcut(&DASHBOARD_TAB) {
                commands.push(Command::ShowTab(Tab::Dashboard));
            }
        }
    });
}

/// Whether Ctrl+Z belongs to a text being edited (it undoes typing there) rather than
/// to the night: a field of the form once anything is typed in it, the search once it
/// holds text, or any other text field (a dialog's).
fn editing_text(ctx: &egui::Context, session: &Session) -> bool {
    let Some(focused) = ctx.memory(|m| m.focused()) else {
        return false;
    };
    if focused == crate::ui::ids::search() {
        return !session.list.query.is_empty();
    }
    if let Some(ix) = session.form.division {
        let form = &session.form;
        for &field in &form.fields {
            if crate::ui::ids::of(ix, field) == focused {
                let typed = form.text(field).is_some_and(|t| !t.is_empty());
                return !form.is_blank() || typed;
            }
        }
    }
    true
}

// Long: Immediate-mode layout, read top to bottom as the window shows it: each part is a
// few widgets sharing the same `ui` and state, and a helper apiece would only pass them
// along.
pub fn show(ui: &mut egui::Ui, session: Option<&Session>, dark: bool, commands: &mut Vec<Command>) {
    let shortcut = |ui: &egui::Ui, s: &KeyboardShortcut| ui.ctx().format_shortcut(s);
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui
                .add(egui::Button::new("Open…").shortcut_text(shortcut(ui, &OPEN)))
                .clicked()
            {
                commands.push(Command::ShowDialog(DialogKind::Open));
            }
            if ui
                .add(egui::Button::new("New from CSV…").shortcut_text(shortcut(ui, &NEW)))
                .clicked()
            {
                commands.push(Command::ShowDialog(DialogKind::NewFromCsv));
            }
            if ui.button("Rehearse Lancashire 2025").clicked() {
                commands.push(Command::Rehearse);
            }
            if ui.button("Join a shared night…").clicked() {
                commands.push(Command::ShowShare(true));
            }
            ui.separator();
            ui.add_enabled_ui(session.is_some(), |ui| {
                for what in [
                    What::Candidates,
                    What::Divisions,
                    What::Parties,
                    What::DemocracyClub,
                ] {
                    if ui.button(format!("Export {} CSV…", what.label())).clicked() {
                        commands.push(Command::ShowDialog(DialogKind::Export(what)));
                    }
                }
                if ui.button("Update from a newer release…").clicked() {
                    commands.push(Command::ShowDialog(DialogKind::Update));
                }
                if ui.button("Save a copy…").clicked() {
                    commands.push(Command::ShowDialog(DialogKind::SaveCopy));
                }
                // The notice of the open division's council, or of the night's one council.
                let council = session.and_then(|s| {
                    let election = s.store.election();
                    s.form
                        .division
                        .map(|d| election.division(d).council)
                        .or_else(|| (election.councils.len() == 1).then_some(CouncilIx(0)))
                });
                let print = ui.add_enabled(
                    council.is_some(),
                    egui::Button::new("Print notice of result…"),
                );
                let print = print.on_disabled_hover_text("Open a division of the council first");
                if let (true, Some(c)) = (print.clicked(), council) {
                    commands.push(Command::ShowDialog(DialogKind::Paper(PaperKind::Notice(c))));
                }
                ui.separator();
                if ui.button("Close election").clicked() {
                    commands.push(Command::CloseFile);
                }
            });
        });
        ui.add_enabled_ui(session.is_some(), |ui| {
            ui.menu_button("Night", |ui| {
                if ui
                    .add(
                        egui::Button::new("Undo last declaration…")
                            .shortcut_text(shortcut(ui, &UNDO)),
                    )
                    .clicked()
                {
                    commands.push(Command::AskUndo);
                }
                if ui
                    .add(egui::Button::new("Audit log").shortcut_text(shortcut(ui, &AUDIT)))
                    .clicked()
                {
                    commands.push(Command::ToggleAudit);
                }
                let mut double = session.is_some_and(|s| s.store.night().double_entry);
                if ui
                    .checkbox(
                        &mut double,
                        "Double entry (two volunteers type each result)",
                    )
                    .changed()
                {
                    commands.push(Command::SetDoubleEntry(double));
                }
                let shared = session.is_some_and(|s| s.sync.is_some());
                if ui
                    .add_enabled(!shared, egui::Button::new("Share this night…"))
                    .clicked()
                {
                    commands.push(Command::ShowShare(false));
                }
                if ui.button("Baseline (previous election)…").clicked() {
                    commands.push(Command::ShowDialog(DialogKind::Baseline));
                }
                if ui.button("Council compositions…").clicked() {
                    commands.push(Command::ShowDialog(DialogKind::Composition));
                }
                if ui.button("Map boundaries…").clicked() {
                    commands.push(Command::ShowDialog(DialogKind::Boundaries));
                }
                let publishing = session.and_then(|s| s.publishing.as_ref());
                match publishing {
                    Some(p) => {
                        let stop = ui
                            .button("Stop publishing results")
                            .on_hover_text(format!("Kept up to date in {}", p.folder.display()));
                        if stop.clicked() {
                            commands.push(Command::StopPublishing);
                        }
                    }
                    None => {
                        if ui.button("Publish results to a folder…").clicked() {
                            commands.push(Command::ShowDialog(DialogKind::Publish));
                        }
                    }
                }
                if ui.button("Change volunteer…").clicked() {
                    commands.push(Command::ChangeVolunteer);
                }
            });
        });
        ui.menu_button("View", |ui| {
            let mut dark_mode = dark;
            if ui.checkbox(&mut dark_mode, "Dark mode").changed() {
                commands.push(Command::SetDark(dark_mode));
            }
            let zoom = ui.ctx().zoom_factor();
            if ui.button("Larger text (Ctrl +)").clicked() {
                commands.push(Command::Zoom(zoom * 1.1));
            }
            if ui.button("Smaller text (Ctrl -)").clicked() {
                commands.push(Command::Zoom(zoom / 1.1));
            }
            ui.add_enabled_ui(session.is_some(), |ui| {
                if ui
                    .add(egui::Button::new("Results entry").shortcut_text(shortcut(ui, &ENTRY_TAB)))
                    .clicked()
                {
                    commands.push(Command::ShowTab(Tab::Entry));
                }
                if ui
                    .add(egui::Button::new("Dashboard").shortcut_text(shortcut(ui, &DASHBOARD_TAB)))
                    .clicked()
                {
                    commands.push(Command::ShowTab(Tab::Dashboard));
                }
                if ui
                    .add(
                        egui::Button::new("Board for the projector")
                            .shortcut_text(shortcut(ui, &BOARD)),
                    )
                    .clicked()
                {
                    commands.push(Command::ToggleBoard);
                }
            });
            if ui.button("Party colours from a file…").clicked() {
                commands.push(Command::ShowDialog(DialogKind::Colours));
            }
        });
    });
}
