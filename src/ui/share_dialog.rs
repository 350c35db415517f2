//! Sharing a night from the window: publish the open election on a server, or join
//! one shared there as a new election file on this laptop.

use eframe::egui::{self, RichText, TextEdit};

use crate::window_state::command::Command;
use crate::window_state::share_form::ShareDialog;

const FIELD_WIDTH: f32 = 380.0;

/// One labelled row of the dialog (the label names the field for screen readers).
fn field(ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str) {
    let label = ui.label(label);
    ui.add(
        TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(FIELD_WIDTH),
    )
    .labelled_by(label.id);
    ui.end_row();
}

/// Draws the dialog; false once it is closed.
pub fn show(ctx: &egui::Context, dialog: &mut ShareDialog, commands: &mut Vec<Command>) -> bool {
    let mut open = true;
    let title = if dialog.join {
        "Join a shared night"
    } else {
        "Share this night"
    };
    egui::Window::new(title)
        .pivot(crate::ui::centred(ctx).1)
        .default_pos(crate::ui::centred(ctx).0)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(if dialog.join {
                "Make a copy of an election shared on a PostgreSQL server. It works offline \
                 and sends and receives declarations whenever the server can be reached."
            } else {
                "Publish this election on a PostgreSQL server so that other count centres \
                 can join it. This file stays the one this laptop works from."
            });
            egui::Grid::new("share-fields")
                .num_columns(2)
                .show(ui, |ui| {
                    field(
                        ui,
                        "Server",
                        &mut dialog.address,
                        "postgres://user@host:5432/tallyroom?sslmode=require",
                    );
                    let label = ui.label("Password");
                    ui.add(
                        TextEdit::singleline(&mut dialog.password)
                            .password(true)
                            .hint_text("if the server asks for one")
                            .desired_width(FIELD_WIDTH),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    if dialog.join {
                        field(
                            ui,
                            "Election",
                            &mut dialog.election,
                            "its name on the server",
                        );
                        field(ui, "Save as", &mut dialog.out, "/home/me/county-2025.tally");
                    } else {
                        field(ui, "Shared as", &mut dialog.election, "the election's name");
                    }
                });
            ui.label(
                RichText::new("The password is used for this connection only and never saved.")
                    .weak(),
            );
            let ready = !dialog.address.trim().is_empty()
                && (!dialog.join
                    || (!dialog.election.trim().is_empty() && !dialog.out.trim().is_empty()));
            let button = if dialog.join { "Join" } else { "Share" };
            if ui.add_enabled(ready, egui::Button::new(button)).clicked() {
                commands.push(Command::ShareOrJoin(dialog.clone()));
                dialog.password.clear();
            }
        });
    open
}

/// When the server refused the login of a shared file: asks for the password, which
/// goes to the sync worker and nowhere else.
pub fn password_prompt(
    ctx: &egui::Context,
    sync: &mut crate::window_state::sync::Sync,
    commands: &mut Vec<Command>,
) {
    let status = sync.status();
    if !status.needs_password {
        return;
    }
    egui::Window::new("Server password")
        .pivot(crate::ui::centred(ctx).1)
        .default_pos(crate::ui::centred(ctx).0)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} refused the login. Type the password to connect; it is kept only while \
                 this file is open.",
                status.server
            ));
            let field = ui.add(
                TextEdit::singleline(&mut sync.password)
                    .password(true)
                    .desired_width(260.0),
            );
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Connect").clicked() || entered {
                commands.push(Command::GivePassword);
            }
        });
}
