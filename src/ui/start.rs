//! The start screen, when no election is open: the Lancashire rehearsal in one click,
//! the files used lately, open and new.

use std::path::PathBuf;

use eframe::egui::{self, RichText};

use crate::window_state::command::Command;
use crate::window_state::dialogs::DialogKind;

pub fn show(ui: &mut egui::Ui, recent: &[PathBuf], commands: &mut Vec<Command>) {
    ui.vertical_centered(|ui| {
        ui.add_space(30.0);
        ui.heading(RichText::new("tallyroom").size(32.0));
        ui.label("Election-night tally: enter each declaration, watch seats, shares and control.");
        ui.add_space(20.0);
        if ui
            .button(RichText::new("Rehearse the Lancashire 2025 count").size(20.0))
            .on_hover_text("A new election file with the 82 divisions and 437 candidates of 1 May 2025, every vote blank, and 2021 as the baseline")
            .clicked()
        {
            commands.push(Command::Rehearse);
        }
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            ui.add_space((ui.available_width() - 360.0).max(0.0) / 2.0);
            if ui.button("Open an election file…").clicked() {
                commands.push(Command::ShowDialog(DialogKind::Open));
            }
            if ui.button("New from a CSV…").clicked() {
                commands.push(Command::ShowDialog(DialogKind::NewFromCsv));
            }
        });
        if !recent.is_empty() {
            ui.add_space(20.0);
            ui.label(RichText::new("Recent files").strong());
            for file in recent {
                if ui.link(file.display().to_string()).clicked() {
                    commands.push(Command::OpenFile(file.clone()));
                }
            }
        }
        ui.add_space(20.0);
        ui.label(RichText::new("You can also drop a results CSV onto this window.").weak());
    });
}
