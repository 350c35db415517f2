//! Small windows: choosing files (a native dialog when the machine has one, and
//! always a path to type), the volunteer's name, and confirming an undo.

use std::path::PathBuf;

use eframe::egui::{self, RichText, TextEdit};

use crate::window_state::command::Command;
use crate::window_state::dialogs::{DialogKind, PaperKind, PathDialog};
use crate::window_state::jobs::Pick;

fn path_field(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    browse: Option<Pick>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(TextEdit::singleline(text).desired_width(420.0))
            .labelled_by(l.id);
        if let Some(pick) = browse
            && ui.button("Browse…").clicked()
        {
            commands.push(Command::Pick(pick));
        }
    });
}

/// Draws the dialog; returns false once it is closed.
///
/// Long: Immediate-mode layout, read top to bottom as the window shows it: each part is a
/// few widgets sharing the same `ui` and state, and a helper apiece would only pass them
/// along.
pub fn show(
    ctx: &egui::Context,
    dialog: &mut PathDialog,
    recent: &[PathBuf],
    commands: &mut Vec<Command>,
) -> bool {
    let mut open = true;
    let title = match dialog.kind {
        DialogKind::Open => "Open an election file".to_string(),
        DialogKind::NewFromCsv => "New election file from a CSV".to_string(),
        DialogKind::Export(what) => format!("Export {} CSV", what.label()),
        DialogKind::Colours => "Party colours from a file".to_string(),
        DialogKind::Picture(chart) => {
            format!("Save {} as a picture", chart.unwrap_or("the dashboard"))
        }
        DialogKind::Baseline => "Baseline: the previous election".to_string(),
        DialogKind::Update => "Update from a newer release".to_string(),
        DialogKind::Composition => "Council compositions".to_string(),
        DialogKind::Boundaries => "Map boundaries".to_string(),
        DialogKind::SaveCopy => "Save a copy of the election file".to_string(),
        DialogKind::Paper(PaperKind::Declaration(_)) => "Print the declaration".to_string(),
        DialogKind::Paper(PaperKind::Provisional(_)) => "Print a provisional sheet".to_string(),
        DialogKind::Paper(PaperKind::Notice(_)) => "Print the notice of result".to_string(),
        DialogKind::Publish => "Publish results to a folder".to_string(),
    };
    let mut done = false;
    egui::Window::new(title)
        .pivot(crate::ui::centred(ctx).1)
        .default_pos(crate::ui::centred(ctx).0)
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .show(ctx, |ui| {
            match dialog.kind {
                DialogKind::Open => {
                    path_field(ui, "Election file", &mut dialog.path, Some(Pick::OpenElection), commands);
                    if !recent.is_empty() {
                        ui.label(RichText::new("Recent").weak());
                        for file in recent {
                            if ui.link(file.display().to_string()).clicked() {
                                commands.push(Command::OpenFile(file.clone()));
                                done = true;
                            }
                        }
                    }
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Open")).clicked() {
                        commands.push(Command::OpenFile(PathBuf::from(dialog.path.trim())));
                        done = true;
                    }
                }
                DialogKind::NewFromCsv => {
                    ui.label("A results file, CSV or its publisher's workbook (one row per candidate; votes blank before the night).");
                    path_field(ui, "Set-up CSV", &mut dialog.path, Some(Pick::NewFromCsv), commands);
                    elections_picker(ui, dialog);
                    path_field(ui, "Baseline CSV (optional)", &mut dialog.baseline, None, commands);
                    path_field(ui, "New election file", &mut dialog.out, Some(Pick::NewOutput), commands);
                    let ready = !dialog.path.trim().is_empty() && !dialog.out.trim().is_empty();
                    if ui.add_enabled(ready, egui::Button::new("Create")).clicked() {
                        let baseline = Some(dialog.baseline.trim()).filter(|b| !b.is_empty()).map(PathBuf::from);
                        commands.push(Command::NewFromCsv {
                            csv: PathBuf::from(dialog.path.trim()),
                            election_ids: dialog.chosen_elections(),
                            baseline,
                            out: PathBuf::from(dialog.out.trim()),
                        });
                        done = true;
                    }
                }
                DialogKind::Export(what) => {
                    if let Some(note) = &dialog.note {
                        ui.label(RichText::new(format!("Note: {note}.")).color(ui.visuals().warn_fg_color));
                    }
                    path_field(ui, "Save as", &mut dialog.path, Some(Pick::ExportTo), commands);
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Export")).clicked() {
                        commands.push(Command::Export {
                            what,
                            path: PathBuf::from(dialog.path.trim()),
                        });
                        done = true;
                    }
                }
                DialogKind::Update => {
                    ui.label("Results in any format the app reads: new results are declared, changed figures become corrections, listed old and new.");
                    path_field(ui, "Results file", &mut dialog.path, Some(Pick::NewFromCsv), commands);
                    elections_picker(ui, dialog);
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Update")).clicked() {
                        commands.push(Command::UpdateFrom {
                            path: PathBuf::from(dialog.path.trim()),
                            election_ids: dialog.chosen_elections(),
                        });
                        done = true;
                    }
                }
                DialogKind::Baseline => {
                    ui.label("The previous election on the same boundaries, in any format the app reads, or notional results on new boundaries as party totals by constituency (the Commons Library's shape). Divisions match by code, then by name.");
                    path_field(ui, "Baseline results", &mut dialog.path, Some(Pick::NewFromCsv), commands);
                    elections_picker(ui, dialog);
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Use as baseline")).clicked() {
                        commands.push(Command::SetBaseline {
                            path: PathBuf::from(dialog.path.trim()),
                            election_ids: dialog.chosen_elections(),
                        });
                        done = true;
                    }
                }
                DialogKind::Composition => {
                    ui.label("Seats of councils beyond tonight's divisions, by party: council, party, seats; or Open Council Data's rows (authority, year, con, lab, …) with the year to read.");
                    ui.radio_value(&mut dialog.before, false, "Councillors not up for election tonight (continuing)");
                    ui.radio_value(&mut dialog.before, true, "The council before the poll (for change of control)");
                    path_field(ui, "Composition file", &mut dialog.path, Some(Pick::NewFromCsv), commands);
                    ui.horizontal(|ui| {
                        let label = ui.label("Year (a file of several years)");
                        ui.add(TextEdit::singleline(&mut dialog.year).desired_width(80.0))
                            .labelled_by(label.id);
                    });
                    let label = ui.label("Or type them, a line each: council, party, seats");
                    ui.add(TextEdit::multiline(&mut dialog.typed).desired_rows(4).desired_width(f32::INFINITY))
                        .labelled_by(label.id);
                    let ready = !dialog.path.trim().is_empty() || !dialog.typed.trim().is_empty();
                    if ui.add_enabled(ready, egui::Button::new("Read compositions")).clicked() {
                        commands.push(Command::SetComposition {
                            path: Some(PathBuf::from(dialog.path.trim())).filter(|p| !p.as_os_str().is_empty()),
                            typed: dialog.typed.clone(),
                            before: dialog.before,
                            year: Some(dialog.year.trim().to_string()).filter(|y| !y.is_empty()),
                        });
                        done = true;
                    }
                }
                DialogKind::Boundaries => {
                    ui.label("The divisions' boundaries as GeoJSON (longitude and latitude, as the ONS Open Geography Portal serves them), or a hex layout as HexJSON. Shapes match divisions by code, then by name; ONS-style properties (CED25CD, WD25CD, PCON24CD) are found by themselves.");
                    path_field(ui, "Boundary file", &mut dialog.path, Some(Pick::Boundaries), commands);
                    ui.horizontal(|ui| {
                        let label = ui.label("Code property (optional)");
                        ui.add(TextEdit::singleline(&mut dialog.code_property).desired_width(120.0))
                            .labelled_by(label.id);
                        let label = ui.label("Name property (optional)");
                        ui.add(TextEdit::singleline(&mut dialog.name_property).desired_width(120.0))
                            .labelled_by(label.id);
                    });
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Read boundaries")).clicked() {
                        let given = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
                        commands.push(Command::SetBoundaries {
                            path: PathBuf::from(dialog.path.trim()),
                            code_property: given(&dialog.code_property),
                            name_property: given(&dialog.name_property),
                        });
                        done = true;
                    }
                }
                DialogKind::SaveCopy => {
                    ui.label("One file holding the whole night as it stands, safe to copy while results are entered: take the night away on a stick this way.");
                    path_field(ui, "Save the copy as", &mut dialog.path, Some(Pick::NewOutput), commands);
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Save copy")).clicked() {
                        commands.push(Command::SaveCopy(PathBuf::from(dialog.path.trim())));
                        done = true;
                    }
                }
                DialogKind::Picture(chart) => {
                    path_field(ui, "Save as", &mut dialog.path, Some(Pick::ExportTo), commands);
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Save picture")).clicked() {
                        commands.push(Command::SavePicture {
                            path: PathBuf::from(dialog.path.trim()),
                            chart,
                        });
                        done = true;
                    }
                }
                DialogKind::Paper(kind) => {
                    ui.label("A PDF (A4) to print, with the night's fingerprint in its footer.");
                    if let Some(note) = &dialog.note {
                        ui.label(RichText::new(note).color(ui.visuals().warn_fg_color));
                    }
                    ui.checkbox(&mut dialog.welsh, "Welsh and English (Cymraeg a Saesneg)");
                    path_field(ui, "Save as", &mut dialog.path, Some(Pick::PaperTo), commands);
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Save PDF")).clicked() {
                        commands.push(Command::SavePaper {
                            kind,
                            path: PathBuf::from(dialog.path.trim()),
                            figures: dialog.figures.clone(),
                            welsh: dialog.welsh,
                        });
                        done = true;
                    }
                }
                DialogKind::Publish => {
                    ui.label("The results as a website: a page for the night, each council and each division, JSON beside each and a feed of declarations. Upload the folder anywhere, or serve it.");
                    path_field(ui, "Folder", &mut dialog.path, Some(Pick::PublishTo), commands);
                    ui.checkbox(&mut dialog.welsh, "Welsh and English (Cymraeg a Saesneg)");
                    ui.checkbox(&mut dialog.live, "Keep it up to date while this file is open");
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Publish")).clicked() {
                        commands.push(Command::Publish {
                            folder: PathBuf::from(dialog.path.trim()),
                            welsh: dialog.welsh,
                            live: dialog.live,
                        });
                        done = true;
                    }
                }
                DialogKind::Colours => {
                    ui.label("A CSV with columns party, short_name, colour (#RRGGBB); it overrides the built-in colours.");
                    path_field(ui, "Colours file", &mut dialog.path, Some(Pick::Colours), commands);
                    if ui.add_enabled(!dialog.path.trim().is_empty(), egui::Button::new("Load")).clicked() {
                        commands.push(Command::LoadColours(PathBuf::from(dialog.path.trim())));
                        done = true;
                    }
                }
            }
        });
    open && !done
}

/// Asks who is entering results; returns the name once confirmed.
pub fn volunteer(ctx: &egui::Context, name: &mut String) -> Option<String> {
    let mut confirmed = None;
    egui::Modal::new(egui::Id::unique("volunteer")).show(ctx, |ui| {
        ui.heading("Who is entering results?");
        ui.label("Your name is recorded with every declaration you enter.");
        let label = ui.label("Your name");
        let id = egui::Id::unique("volunteer-name");
        let field = ui
            .add(TextEdit::singleline(name).id(id))
            .labelled_by(label.id);
        // Read Enter before taking focus back: a field that has focus has not lost it.
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        // The name field takes the keyboard as the prompt opens, with the remembered
        // name selected: Enter keeps it, typing replaces it.
        if !enter && ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
            let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::select_all_str(name)));
            state.store(ui.ctx(), id);
        }
        let ready = !name.trim().is_empty();
        if (ui.add_enabled(ready, egui::Button::new("Start")).clicked() || enter) && ready {
            confirmed = Some(name.trim().to_string());
        }
    });
    confirmed
}

/// Confirms an undo; `Some(true)` to go ahead, `Some(false)` to keep the declaration.
pub fn confirm_undo(ctx: &egui::Context, division: &str) -> Option<bool> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("confirm-undo")).show(ctx, |ui| {
        ui.heading("Undo the last declaration?");
        ui.label(format!(
            "{division} will be awaiting again. The declaration stays in the log as withdrawn."
        ));
        ui.horizontal(|ui| {
            if ui.button("Undo it").clicked() {
                answer = Some(true);
            }
            if ui.button("Keep it").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(false);
            }
        });
    });
    answer
}

/// For a Democracy Club export: the elections it holds, with their counts, to tick.
/// Read again only when the path changes.
fn elections_picker(ui: &mut egui::Ui, dialog: &mut PathDialog) {
    let path = dialog.path.trim().to_string();
    if dialog.elections.as_ref().is_none_or(|(p, _)| *p != path) {
        let list = std::fs::read(&path)
            .ok()
            .filter(|bytes| {
                crate::formats::Format::detect(bytes) == crate::formats::Format::DemocracyClub
            })
            .and_then(|bytes| crate::formats::democracy_club::elections(&path, &bytes).ok())
            .unwrap_or_default();
        let only_one = list.len() == 1;
        dialog.elections = Some((path, list.into_iter().map(|e| (e, only_one)).collect()));
    }
    let Some((_, list)) = dialog.elections.as_mut() else {
        return;
    };
    if list.len() > 1 {
        ui.label("This Democracy Club export holds several elections: tick the ones to load.");
    }
    if list.len() > 1 {
        for (e, on) in list.iter_mut() {
            let cancelled = if e.cancelled_ballots > 0 {
                format!(", {} cancelled", e.cancelled_ballots)
            } else {
                String::new()
            };
            ui.checkbox(
                on,
                format!(
                    "{} ({} ballots, {} candidates{cancelled})",
                    e.election_id, e.ballots, e.candidates
                ),
            );
        }
    }
}
