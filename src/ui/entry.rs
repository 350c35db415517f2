//! The entry form: one field per candidate in ballot order, then ballot papers and
//! rejected ballots; every check shown live beside its field; Ctrl+Enter declares.

use eframe::egui::{self, Grid, Id, Key, RichText, TextEdit};

use crate::colours::PartyColours;
use crate::model::{Declaration, DivisionIx, Election};
use crate::store::night::Night;
use crate::tally::checks::{CheckCode, Checked, Field, Finding};
use crate::tally::outcome::{Outcome, Status};
use crate::ui::colour::rgb;
use crate::ui::ids;
use crate::window_state::command::Command;
use crate::window_state::dialogs::{DialogKind, PaperKind};
use crate::window_state::session::{EntryForm, FormMode, Session};

// Long: Immediate-mode layout, read top to bottom as the window shows it: each part is a
// few widgets sharing the same `ui` and state, and a helper apiece would only pass them
// along.
pub fn show(
    ui: &mut egui::Ui,
    session: &mut Session,
    colours: &PartyColours,
    commands: &mut Vec<Command>,
) {
    let Some(ix) = session.form.division else {
        ui.add_space(20.0);
        ui.heading("Choose a division");
        ui.label(
            "Type part of its name in \"Find division\" and press Enter, or click it in the list.",
        );
        return;
    };
    let night = session.store.night();
    let election = night.election().clone();
    let d = election.division(ix);
    let form = &mut session.form;

    // Ctrl+Enter is read with the other shortcuts, before any panel is drawn.
    if ui.input(|i| i.key_pressed(Key::Escape)) {
        commands.push(Command::CancelForm);
    }

    let outcome = night.tally.outcome(ix);
    ui.horizontal_wrapped(|ui| {
        ui.heading(election.division_label(ix));
        let mut about = Vec::new();
        if let Some(area) = &d.area {
            about.push(area.clone());
        }
        about.push(format!(
            "{} seat{}",
            d.seats,
            if d.seats == 1 { "" } else { "s" }
        ));
        if let Some(e) = d.electorate {
            about.push(format!("electorate {}", crate::numbers::count(e)));
        }
        ui.label(RichText::new(about.join(" · ")).weak());
    });
    ui.label(mode_line(form.mode, night, ix, outcome));
    if form.draft {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new("A draft: these figures were typed earlier and are not saved yet.")
                    .color(ui.visuals().warn_fg_color),
            );
            if ui.button("Discard the draft").clicked() {
                commands.push(Command::DiscardDraft);
            }
        });
    }
    ui.add_space(6.0);
    if outcome.uncontested {
        ui.label("Returned unopposed: every candidate is elected and there is nothing to declare.");
        return;
    }
    // A viewer account: known from the server once connected, and from the file
    // before that (it records what the account may do when it joins and syncs).
    let view_only =
        session.sync.as_ref().is_some_and(|s| s.view_only()) || session.store.watching().is_some();
    if !night.rivals[ix.index()].is_empty() {
        conflict(ui, &session.store, ix, view_only, commands);
        ui.add_space(6.0);
    }
    if view_only {
        // A viewer account (the server would refuse anything entered here), or a
        // file that cannot be written here: the file says which.
        let why = match session.store.watching() {
            Some(why) if session.store.cannot_write_here() => {
                format!(
                    "Nothing can be entered here: {}.",
                    why.in_words(&crate::window_state::advice::Window)
                )
            }
            _ => "Watching only: this account may not enter results.".to_string(),
        };
        ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
        if night.tally.declaration(ix).is_some() {
            live_result(ui, &election, night, ix, outcome);
        }
        return;
    }

    let checked = form.check(&election);
    let old = (form.mode == FormMode::Correct)
        .then(|| night.tally.declaration(ix).cloned())
        .flatten();
    let move_focus = figures_grid(
        ui,
        form,
        &election,
        ix,
        checked.as_ref(),
        old.as_ref(),
        colours,
    );
    if let Some(id) = move_focus {
        ui.memory_mut(|m| m.request_focus(id));
    }
    // Checked again with what the fields took this frame: the preview, the checks
    // and whether Declare can be clicked all follow the text on screen, not the
    // text of a frame ago.
    let checked = form.check(&election);
    ui.add_space(8.0);

    if form.mode == FormMode::View {
        live_result(ui, &election, night, ix, outcome);
        if outcome.status == Status::Tied {
            lots(ui, form, &election, ix, outcome, commands);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Correct these figures…").clicked() {
                commands.push(Command::StartCorrection);
            }
            let print = ui.add_enabled(
                outcome.status == Status::Declared,
                egui::Button::new("Print declaration…"),
            );
            if print
                .on_disabled_hover_text("Enter who won the lots first")
                .clicked()
            {
                commands.push(Command::ShowDialog(DialogKind::Paper(
                    PaperKind::Declaration(ix),
                )));
            }
        });
        return;
    }
    let Some(checked) = checked else { return };
    if let Some(declaration) = &checked.declaration {
        if let Ok(preview) = night.tally.try_outcome(ix, Some(declaration)) {
            live_preview(ui, &election, declaration, &preview);
        }
    } else {
        let total: u64 = form
            .votes
            .iter()
            .filter_map(|v| v.trim().replace(',', "").parse::<u64>().ok())
            .sum();
        ui.label(format!("Total so far: {}", crate::numbers::count(total)));
    }
    checks(ui, form, &checked);
    if checked
        .findings
        .iter()
        .any(|f| f.code == CheckCode::CountedNotVerified)
    {
        ui.horizontal(|ui| {
            let label = ui.label("Why the papers counted differ from those verified");
            ui.add(
                TextEdit::singleline(&mut form.account.discrepancy)
                    .id(ids::discrepancy(ix))
                    .hint_text("as the returning officer explained it")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        });
    }
    if form.mode == FormMode::Correct {
        ui.horizontal(|ui| {
            let label = ui.label("Reason for the correction");
            ui.add(
                TextEdit::singleline(&mut form.reason)
                    .id(ids::reason(ix))
                    .hint_text("recount, typing error, …")
                    .desired_width(300.0),
            )
            .labelled_by(label.id);
        });
    }
    if form.mismatch.is_some() {
        mismatch(ui, form, &election, ix, commands);
    }
    ui.add_space(8.0);
    let blocker = form.blocker(&checked);
    ui.horizontal(|ui| {
        let label = match (form.mode, form.mismatch.is_some()) {
            (FormMode::FirstEntry, _) => "Save first entry (Ctrl+Enter)",
            (FormMode::SecondEntry, false) => "Check second entry (Ctrl+Enter)",
            (FormMode::SecondEntry, true) => "Declare these figures (Ctrl+Enter)",
            (FormMode::Correct, _) => "Save correction (Ctrl+Enter)",
            _ => "Declare (Ctrl+Enter)",
        };
        if ui
            .add_enabled(blocker.is_none(), egui::Button::new(label))
            .clicked()
        {
            commands.push(Command::Submit);
        }
        if ui.button("Cancel (Esc)").clicked() {
            commands.push(Command::CancelForm);
        }
        // The sheet shown to candidates and agents before the declaration; never on a
        // second entry, which must not show the first entry's figures.
        if matches!(form.mode, FormMode::Declare | FormMode::FirstEntry)
            && ui
                .add_enabled(
                    checked.declaration.is_some(),
                    egui::Button::new("Print provisional sheet…"),
                )
                .on_disabled_hover_text("Type every candidate's votes first")
                .clicked()
        {
            commands.push(Command::ShowDialog(DialogKind::Paper(
                PaperKind::Provisional(ix),
            )));
        }
        if let Some(why) = blocker.filter(|_| !form.is_blank()) {
            ui.label(RichText::new(format!("Not yet: {why}")).color(ui.visuals().warn_fg_color));
        }
    });
}

/// The fields in ballot order; returns where Enter moves the focus.
fn figures_grid(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    election: &Election,
    ix: DivisionIx,
    checked: Option<&Checked>,
    old: Option<&Declaration>,
    colours: &PartyColours,
) -> Option<Id> {
    let d = election.division(ix);
    let findings: &[Finding] = checked.map_or(&[], |c| c.findings.as_slice());
    let differing: Vec<Field> = form
        .mismatch
        .as_ref()
        .map(|(_, diffs)| diffs.iter().map(|x| x.field).collect())
        .unwrap_or_default();
    let order: Vec<Id> = form.fields.iter().map(|&f| ids::of(ix, f)).collect();
    let shown: Vec<Finding> = findings.iter().filter(|f| form.shows(f)).cloned().collect();
    let mut fields = Fields {
        editable: form.mode != FormMode::View,
        findings: &shown,
        differing: &differing,
        order: &order,
        move_focus: None,
        left: Vec::new(),
    };
    Grid::new(("entry-grid", ix.0))
        .num_columns(5)
        .spacing([12.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Candidate").strong());
            ui.label(RichText::new("Party").strong());
            ui.label(RichText::new("Votes").strong());
            ui.label(RichText::new(if old.is_some() { "Was" } else { "" }).strong());
            ui.label("");
            ui.end_row();
            for (p, c) in d.candidate_ixs().enumerate() {
                let candidate = election.candidate(c);
                let party = election.party_name(candidate.party);
                let name = ui
                    .horizontal(|ui| {
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                        ui.painter()
                            .rect_filled(rect, 2.0, rgb(colours.colour(party)));
                        // Two candidates of one name are told apart by their party.
                        ui.label(election.candidate_label(c))
                    })
                    .inner;
                // The ballot's own description; the colour is the party it counts for.
                ui.label(election.description(c));
                let was = old.map(|o| o.votes[p].to_string());
                fields.row(ui, name.id, &mut form.votes[p], p, Field::Candidate(p), was);
            }
            account_rows(ui, &mut fields, form, election, ix, old);
        });
    for i in fields.left {
        if let Some(left) = form.left.get_mut(i) {
            *left = true;
        }
    }
    // Enter moves on to a field drawn already this frame, which will not see itself
    // gain the keyboard: its count is selected here, as Tab's would be.
    if let Some(next) = fields.move_focus {
        let at = order.iter().position(|&id| id == next);
        let text = at
            .and_then(|i| form.fields.get(i).copied())
            .and_then(|f| form.text(f));
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            select_all(ui.ctx(), next, text);
        }
    }
    fields.move_focus
}

/// The declaration's figures after the votes, each optional, in the order the
/// keyboard walks them: ballot papers, the rejected total, then the rejected headings
/// side by side (with rejected in part), then the papers counted and verified side by
/// side.
fn account_rows(
    ui: &mut egui::Ui,
    fields: &mut Fields,
    form: &mut EntryForm,
    election: &Election,
    ix: DivisionIx,
    old: Option<&Declaration>,
) {
    let headings = election.poll_of(ix).headings();
    let order = form.fields.clone();
    let at = |f: Field| order.iter().position(|&g| g == f);
    let name = ui.label("Ballot papers issued");
    ui.label(RichText::new("optional").weak());
    if let Some(i) = at(Field::BallotsIssued) {
        let was = old.map(|o| old_text(o, Field::BallotsIssued));
        fields.row(ui, name.id, &mut form.ballots, i, Field::BallotsIssued, was);
    }
    let name = ui.label("Rejected ballots");
    ui.label(RichText::new("total, optional").weak());
    if let Some(i) = at(Field::Rejected) {
        let was = old.map(|o| old_text(o, Field::Rejected));
        fields.row(ui, name.id, &mut form.rejected, i, Field::Rejected, was);
    }
    let in_part = at(Field::RejectedInPart);
    let mut cells = Vec::new();
    let index: Vec<Option<usize>> = (0..headings.len()).map(|h| at(Field::Heading(h))).collect();
    // Each heading by its letter in the rules' list, "(a)" to "(e)": the
    // words are on hover, and too long for a field five digits wide.
    const LETTERS: [&str; 5] = ["(a)", "(b)", "(c)", "(d)", "(e)"];
    for (h, (text, i)) in form.account.headings.iter_mut().zip(index).enumerate() {
        let field = Field::Heading(h);
        if let (Some(index), Some(&hint)) = (i, LETTERS.get(h)) {
            cells.push(Cell {
                text,
                index,
                field,
                hint,
                hover: format!("{hint} {}", headings[h].words()),
                was: old.map(|o| old_text(o, field)).unwrap_or_default(),
            });
        }
    }
    if let Some(index) = in_part {
        cells.push(Cell {
            text: &mut form.account.in_part,
            index,
            field: Field::RejectedInPart,
            hint: "in part",
            hover: "Papers rejected in part: their valid votes were counted".into(),
            was: old
                .map(|o| old_text(o, Field::RejectedInPart))
                .unwrap_or_default(),
        });
    }
    let name = ui.label("Rejected by heading");
    ui.label(RichText::new("optional").weak()).on_hover_text(
        headings
            .iter()
            .zip(LETTERS)
            .map(|(h, letter)| format!("{letter} {}", h.words()))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    fields.row_of(ui, name.id, cells);
    let name = ui.label("Papers counted, verified");
    ui.label(RichText::new("optional").weak());
    let mut cells = Vec::new();
    for (text, field, hint, hover) in [
        (
            &mut form.account.counted,
            Field::Counted,
            "counted",
            "Ballot papers counted",
        ),
        (
            &mut form.account.verified,
            Field::Verified,
            "verified",
            "Ballot papers verified (the verification statement's total)",
        ),
    ] {
        if let Some(index) = at(field) {
            cells.push(Cell {
                text,
                index,
                field,
                hint,
                hover: hover.into(),
                was: old.map(|o| old_text(o, field)).unwrap_or_default(),
            });
        }
    }
    fields.row_of(ui, name.id, cells);
}

/// What a declaration being corrected held in a field.
fn old_text(old: &Declaration, field: Field) -> String {
    crate::tally::checks::figure(old, field)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// One field of a row of several.
struct Cell<'t> {
    text: &'t mut String,
    /// Its place in the keyboard's order.
    index: usize,
    field: Field,
    /// Shown inside while empty.
    hint: &'static str,
    hover: String,
    /// What a correction replaces.
    was: String,
}

/// Draws count fields: the raw text, marked at once when something is wrong with it.
struct Fields<'a> {
    editable: bool,
    /// The findings shown now (a count not typed yet is not one until its field is
    /// left empty).
    findings: &'a [Finding],
    differing: &'a [Field],
    /// Field ids in the order Enter walks through them.
    order: &'a [Id],
    move_focus: Option<Id>,
    /// Fields left this frame.
    left: Vec<usize>,
}

impl Fields<'_> {
    /// A row of one count field.
    fn row(
        &mut self,
        ui: &mut egui::Ui,
        label: Id,
        text: &mut String,
        index: usize,
        which: Field,
        was: Option<String>,
    ) {
        let mine = self.edit(ui, label, text, index, which, 110.0, ("", ""));
        self.row_end(ui, was, &mine);
    }

    /// A row of several count fields side by side (the rejected headings; papers
    /// counted and verified), each with its name inside until it holds a count.
    fn row_of(&mut self, ui: &mut egui::Ui, label: Id, cells: Vec<Cell<'_>>) {
        let mut mine = Vec::new();
        let mut was = Vec::new();
        // Narrow fields close together: the row stays within a 1280-pixel window.
        let width = if cells.len() > 2 { 48.0 } else { 64.0 };
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            for cell in cells {
                let Cell {
                    text,
                    index,
                    field,
                    hint,
                    hover,
                    was: before,
                } = cell;
                mine.extend(self.edit(ui, label, text, index, field, width, (hint, &hover)));
                was.push(before);
            }
        });
        let was = was.iter().any(|w| !w.is_empty()).then(|| was.join(" · "));
        self.row_end(ui, was, &mine);
    }

    /// One count field: its text, the keyboard's moves, and a mark when something is
    /// wrong with it. Returns its findings.
    ///
    /// Long: The field's keyboard and marks in the order egui draws them; each step
    /// reads the response of the one before.
    #[allow(clippy::too_many_arguments)]
    fn edit(
        &mut self,
        ui: &mut egui::Ui,
        label: Id,
        text: &mut String,
        index: usize,
        which: Field,
        width: f32,
        (hint, hover): (&str, &str),
    ) -> Vec<Finding> {
        let id = self.order[index];
        let response = ui
            .add_enabled(
                self.editable,
                TextEdit::singleline(text)
                    .id(id)
                    .hint_text(hint)
                    .desired_width(width)
                    .min_size(egui::vec2(width, 0.0)),
            )
            .labelled_by(label);
        let response = if hover.is_empty() {
            response
        } else {
            // One of several fields on a row: the row's label names them all, so a
            // screen reader hears each by its own words ("(a) want of an official mark").
            response.accessible_name(hover).on_hover_text(hover)
        };
        // Coming back to a field with a count in it (Tab, Shift+Tab, a click): the
        // count is selected, so that what is typed replaces it. Keys typed after
        // the move come in a later frame (see `app::keystrokes`), after this.
        if response.gained_focus() && !text.is_empty() {
            select_all(ui.ctx(), id, text);
        }
        if response.lost_focus() {
            self.left.push(index);
        }
        let mine: Vec<Finding> = self
            .findings
            .iter()
            .filter(|f| f.field == which)
            .cloned()
            .collect();
        let mark = if mine.iter().any(|f| f.is_error()) {
            Some(ui.visuals().error_fg_color)
        } else if self.differing.contains(&which) {
            Some(ui.visuals().warn_fg_color)
        } else {
            None
        };
        if let Some(colour) = mark {
            ui.painter().rect_stroke(
                response.rect.expand(2.0),
                3.0,
                (2.0, colour),
                egui::StrokeKind::Outside,
            );
        }
        if response.lost_focus()
            && ui.input(|i| i.key_pressed(Key::Enter) && !i.modifiers.command)
            && let Some(&next) = self.order.get(index + 1)
        {
            self.move_focus = Some(next);
        }
        mine
    }

    /// The row's end: what a correction replaces, and each finding's code.
    fn row_end(&self, ui: &mut egui::Ui, was: Option<String>, mine: &[Finding]) {
        ui.label(RichText::new(was.unwrap_or_default()).weak());
        // The row keeps its height: each finding as its code, the sentence on hover
        // and in the checks below the form (a field not typed yet says nothing here).
        ui.horizontal(|ui| {
            for f in mine.iter().filter(|f| f.code != CheckCode::Missing) {
                let colour = if f.is_error() {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().warn_fg_color
                };
                ui.label(RichText::new(f.code.code()).color(colour).strong())
                    .on_hover_text(&f.message);
            }
        });
        ui.end_row();
    }
}

/// Selects the whole text of a field.
fn select_all(ctx: &egui::Context, id: Id, text: &str) {
    let mut state = TextEdit::load_state(ctx, id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    state.store(ctx, id);
}

/// Every check: errors to put right, warnings to tick as checked.
fn checks(ui: &mut egui::Ui, form: &mut EntryForm, checked: &Checked) {
    if form.is_blank() && !form.tried {
        return;
    }
    for f in checked
        .findings
        .iter()
        .filter(|f| f.is_error() && form.shows(f))
    {
        ui.label(
            RichText::new(format!("Error {}: {}", f.code.code(), f.message))
                .color(ui.visuals().error_fg_color),
        );
    }
    for f in checked.warnings() {
        let key = (f.code, f.field);
        let mut ticked = form.acknowledged.contains(&key);
        let text = format!("Checked: {} ({})", f.message, f.code.code());
        if ui
            .checkbox(
                &mut ticked,
                RichText::new(text).color(ui.visuals().warn_fg_color),
            )
            .changed()
        {
            if ticked {
                form.acknowledged.push(key);
            } else {
                form.acknowledged.retain(|k| *k != key);
            }
        }
    }
}

fn winners_text(election: &Election, outcome: &Outcome) -> String {
    let names: Vec<String> = outcome
        .elected
        .iter()
        .map(|&c| {
            let candidate = election.candidate(c);
            let lot = if outcome.by_lot.contains(&c) {
                ", by lot"
            } else {
                ""
            };
            format!("{} ({}{lot})", candidate.name, election.description(c))
        })
        .collect();
    names.join(", ")
}

fn live_preview(
    ui: &mut egui::Ui,
    election: &Election,
    declaration: &Declaration,
    preview: &Outcome,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(format!(
            "Total votes: {}",
            crate::numbers::count(declaration.total_votes())
        ));
        match preview.status {
            Status::Tied => {
                let tied: Vec<String> = preview
                    .tied
                    .iter()
                    .map(|&c| election.candidate_label(c))
                    .collect();
                ui.label(
                    RichText::new(format!(
                        "Tie for the last seat between {}: lots will be drawn",
                        tied.join(" and ")
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
                if !preview.elected.is_empty() {
                    ui.label(format!(
                        "Elected so far: {}",
                        winners_text(election, preview)
                    ));
                }
            }
            _ => {
                ui.label(format!(
                    "Winner{}: {}",
                    if preview.elected.len() == 1 { "" } else { "s" },
                    winners_text(election, preview)
                ));
            }
        }
        if let Some(m) = preview.majority {
            let pct = preview
                .majority_percent
                .map(|p| format!(" ({})", crate::numbers::percent(p)))
                .unwrap_or_default();
            ui.label(format!("Majority: {}{pct}", crate::numbers::count(m)));
        }
        if let Some(t) = preview.turnout {
            ui.label(format!("Turnout: {:.1}%", t.percent));
        }
    });
}

fn live_result(
    ui: &mut egui::Ui,
    election: &Election,
    night: &Night,
    ix: DivisionIx,
    outcome: &Outcome,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        if !outcome.elected.is_empty() {
            ui.label(
                RichText::new(format!("Elected: {}", winners_text(election, outcome))).strong(),
            );
        }
        if let Some(m) = outcome.majority {
            ui.label(format!("Majority: {}", crate::numbers::count(m)));
        }
        if let Some(t) = outcome.turnout {
            ui.label(format!("Turnout: {:.1}%", t.percent));
        }
        if let Some(result) = night.tally.result_text(ix) {
            ui.label(result);
        }
    });
}

/// The drawing of lots for a tied division.
fn lots(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    election: &Election,
    ix: DivisionIx,
    outcome: &Outcome,
    commands: &mut Vec<Command>,
) {
    let d = election.division(ix);
    ui.add_space(6.0);
    ui.label(
        RichText::new(format!(
            "Lots drawn: choose the winner{} of {} tied seat{}",
            if outcome.tied_seats == 1 { "" } else { "s" },
            outcome.tied_seats,
            if outcome.tied_seats == 1 { "" } else { "s" }
        ))
        .strong(),
    );
    for &c in &outcome.tied {
        let p = (c.0 - d.candidates.start) as usize;
        if let Some(chosen) = form.lots.get_mut(p) {
            ui.checkbox(
                chosen,
                format!("Won the draw: {}", election.candidate_label(c)),
            );
        }
    }
    let chosen = form.lots.iter().filter(|&&x| x).count();
    if ui
        .add_enabled(
            chosen == outcome.tied_seats as usize,
            egui::Button::new("Record lots drawn"),
        )
        .clicked()
    {
        commands.push(Command::RecordLots);
    }
}

/// A second entry that differs from the first: the differences, field by field.
fn mismatch(
    ui: &mut egui::Ui,
    form: &mut EntryForm,
    election: &Election,
    ix: DivisionIx,
    commands: &mut Vec<Command>,
) {
    let Some((first, differences)) = &form.mismatch else {
        return;
    };
    let d = election.division(ix);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(format!(
                "The second entry differs from the first (by {}) in {} field{}:",
                first.who,
                differences.len(),
                if differences.len() == 1 { "" } else { "s" }
            ))
            .color(ui.visuals().warn_fg_color)
            .strong(),
        );
        let show = |v: Option<u64>| v.map_or_else(|| "blank".to_string(), |v| v.to_string());
        for diff in differences {
            let name = match diff.field {
                Field::Candidate(p) => d
                    .candidate_ixs()
                    .nth(p)
                    .map_or_else(String::new, |c| election.candidate_label(c)),
                Field::BallotsIssued => "Ballot papers issued".into(),
                Field::Rejected => "Rejected ballots".into(),
                Field::Division => String::new(),
                Field::Verified => "Ballot papers verified".into(),
                Field::Counted => "Ballot papers counted".into(),
                Field::Heading(h) => election.poll_of(ix).headings().get(h).map_or_else(
                    || format!("Rejected, heading {}", h + 1),
                    |h| format!("Rejected: {}", h.words()),
                ),
                Field::RejectedInPart => "Rejected in part".into(),
            };
            ui.label(format!(
                "{name}: first {}, second {}",
                show(diff.first),
                show(diff.second)
            ));
        }
        ui.label(
            "Check with the returning officer's sheet, correct the fields above, then declare; or:",
        );
        ui.horizontal(|ui| {
            if ui.button("Use the first entry's figures").clicked() {
                commands.push(Command::TakeFirstEntryValues);
            }
            if ui.button("Discard the first entry").clicked() {
                commands.push(Command::DiscardFirstEntry);
            }
        });
    });
}

fn mode_line(mode: FormMode, night: &Night, ix: DivisionIx, outcome: &Outcome) -> String {
    match mode {
        FormMode::Declare => {
            "Type the votes read out, in ballot order. Tab or Enter moves on; Ctrl+Enter declares; Esc leaves.".into()
        }
        FormMode::FirstEntry => "Double entry: first entry. A second volunteer will type the figures again, blind.".into(),
        FormMode::SecondEntry => {
            let who = night.first_entries[ix.index()].as_ref().map_or("", |f| f.who.as_str());
            format!("Double entry: second entry. Type the figures again without looking at the first (typed by {who}).")
        }
        FormMode::Correct => "Correction: change the figures and give the reason. The old figures stay in the log.".into(),
        FormMode::View => match outcome.status {
            Status::Tied => "Tied: nobody has the last seat until lots are drawn.".into(),
            _ => "Declared.".into(),
        },
    }
}

/// Two laptops declared the division without seeing each other: both sets of figures,
/// who entered them, and a choice of which stands.
fn conflict(
    ui: &mut egui::Ui,
    store: &crate::store::Store,
    ix: DivisionIx,
    view_only: bool,
    commands: &mut Vec<Command>,
) {
    let night = store.night();
    let election = night.election();
    let d = election.division(ix);
    let text = |votes: &[u64]| -> String {
        d.candidate_ixs()
            .zip(votes)
            .map(|(c, v)| format!("{} {v}", election.candidate_label(c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new("Conflicting declarations")
                .strong()
                .color(ui.visuals().warn_fg_color),
        );
        ui.label(
            "Two laptops declared this division without seeing each other's figures. Both \
             are kept; the first to reach the server counts until someone chooses.",
        );
        let mut rows: Vec<(String, Declaration)> = Vec::new();
        if let Some(standing) = night.tally.declaration(ix) {
            let by = night.last_id[ix.index()]
                .as_deref()
                .and_then(|id| store.event(id))
                .map_or_else(
                    || "unknown".to_string(),
                    |e| format!("{} on {}", e.who, e.machine),
                );
            rows.push((format!("Counting now, entered by {by}"), standing.clone()));
        }
        for rival in &night.rivals[ix.index()] {
            rows.push((
                format!("Also entered by {} on {}", rival.who, rival.machine),
                rival.figures.declaration(rival.at),
            ));
        }
        for (label, declaration) in rows {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&label).strong());
                ui.label(text(&declaration.votes));
                if let Some(b) = declaration.ballots_issued {
                    ui.label(format!("ballot papers {b}"));
                }
                if let Some(r) = declaration.rejected {
                    ui.label(format!("rejected {r}"));
                }
                if !view_only && ui.button("Keep these figures").clicked() {
                    commands.push(Command::Resolve {
                        division: ix,
                        declaration,
                        kept: label.clone(),
                    });
                }
            });
        }
    });
}
