//! Acting on the commands the panels give: the frame's own (files, views, dialogs),
//! then those about the open night (entry, corrections, double entry, undo).

use super::entry::draft_kept;
use super::*;

impl TallyApp {
    // Long: One arm per case, and the match exhaustive, so that a new one cannot compile
    // unhandled; each arm is short.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenFile(path) => self.open_file(ctx, path),
            Command::NewFromCsv {
                csv,
                election_ids,
                baseline,
                out,
            } => self.new_from_csv(ctx, csv, election_ids, baseline, out),
            Command::SetBaseline { path, election_ids } => self.set_baseline(path, &election_ids),
            Command::SetComposition {
                path,
                typed,
                before,
                year,
            } => {
                self.set_composition(path.as_deref(), &typed, before, year.as_deref());
            }
            Command::UpdateFrom { path, election_ids } => self.update_from(path, &election_ids),
            Command::SetBoundaries {
                path,
                code_property,
                name_property,
            } => self.set_boundaries(&path, code_property, name_property),
            Command::Rehearse => self.rehearse(ctx),
            Command::SaveCopy(path) => {
                if let Some(session) = &self.session {
                    match session.store.save_copy(&path) {
                        Ok(()) => self.messages.info(format!(
                            "Saved a copy of the night as {}: one file, everything saved so far",
                            path.display()
                        )),
                        Err(e) => self
                            .messages
                            .error(crate::window_state::advice::in_window(&e)),
                    }
                }
            }
            Command::ShowDialog(kind) => {
                let mut dialog = PathDialog::new(kind);
                if let (DialogKind::Picture(chart), Some(s)) = (kind, &self.session) {
                    let file = s.store.path().with_extension("");
                    let what = chart
                        .unwrap_or("dashboard")
                        .to_lowercase()
                        .replace(' ', "-");
                    dialog.path = format!("{}-{what}.png", file.display());
                }
                if let DialogKind::Paper(paper) = kind {
                    self.prepare_paper(&mut dialog, paper);
                }
                if let (DialogKind::Publish, Some(s)) = (kind, &self.session) {
                    let file = s.store.path().with_extension("");
                    dialog.path = format!("{}-site", file.display());
                }
                if let (DialogKind::Export(what), Some(s)) = (kind, &self.session) {
                    dialog.note = unfinished_note(s.store.tally());
                    let file = s.store.path().with_extension("");
                    dialog.path = format!("{}-{}.csv", file.display(), what.label());
                }
                self.dialog = Some(dialog);
            }
            Command::Pick(pick) => self.pick(ctx, pick),
            Command::Publish {
                folder,
                welsh,
                live,
            } => self.publish(ctx, folder, welsh, live),
            Command::StopPublishing => {
                if let Some(p) = self.session.as_mut().and_then(|s| s.publishing.take()) {
                    self.messages.info(format!(
                        "The results in {} are no longer kept up to date",
                        p.folder.display()
                    ));
                }
            }
            Command::Export { what, path } => self.export(ctx, what, path),
            Command::LoadColours(path) => match read_file(&path)
                .and_then(|bytes| crate::formats::colours_file::read(&display_name(&path), &bytes))
                .map(|rows| self.colours.add(rows))
            {
                Ok(n) => self
                    .messages
                    .info(format!("{n} party colours loaded from {}", path.display())),
                Err(e) => self.messages.error(e.to_string()),
            },
            Command::SetDark(dark) => {
                self.settings.dark = dark;
                ctx.set_theme(if dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Command::Zoom(zoom) => {
                let zoom = zoom.clamp(0.5, 4.0);
                self.settings.zoom = zoom;
                ctx.set_zoom_factor(zoom);
            }
            Command::CloseFile => self.close_session(),
            Command::ShowShare(join) => {
                let mut dialog = ShareDialog {
                    join,
                    ..Default::default()
                };
                if let (false, Some(s)) = (join, &self.session) {
                    dialog.election = s.store.election().name.clone();
                }
                self.share_dialog = Some(dialog);
            }
            Command::ShareOrJoin(dialog) => self.share_or_join(ctx, dialog),
            Command::SavePicture { path, chart } => self.save_picture(ctx, path, chart),
            Command::SavePaper {
                kind,
                path,
                figures,
                welsh,
            } => self.save_paper(kind, path, figures, welsh),
            // Every command is named here or above, so that a new one does not compile
            // until it is given somewhere to go.
            other @ (Command::AskUndo
            | Command::CancelForm
            | Command::ChangeVolunteer
            | Command::ConfirmVolunteer { .. }
            | Command::DiscardDraft
            | Command::DiscardFirstEntry
            | Command::GivePassword
            | Command::OpenFromSearch { .. }
            | Command::RecordLots
            | Command::Resolve { .. }
            | Command::Select { .. }
            | Command::SetDoubleEntry { .. }
            | Command::ShowTab { .. }
            | Command::StartCorrection
            | Command::Submit
            | Command::TakeFirstEntryValues
            | Command::ToggleAudit
            | Command::ToggleBoard
            | Command::UndoLast) => self.apply_to_session(ctx, other),
        }
    }

    /// Commands about the open election.
    ///
    /// Long: One arm per case, and the match exhaustive, so that a new one cannot compile
    /// unhandled; each arm is short.
    pub(super) fn apply_to_session(&mut self, _ctx: &egui::Context, command: Command) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        match command {
            Command::OpenFromSearch(ix) => {
                session.list.query.clear();
                self.apply_to_session(_ctx, Command::Select(ix));
            }
            Command::Select(ix) => {
                if session.form.division != Some(ix) {
                    if let Some(kept) = session.park_form() {
                        self.messages.info(draft_kept(session, kept));
                    }
                    session.open_form(ix);
                }
                // A draft goes on where it was left; otherwise the first count.
                let form = &session.form;
                let at = if form.draft { form.next_field() } else { 0 };
                self.focus = Some(if form.mode == FormMode::View {
                    ui::ids::search()
                } else {
                    ui::ids::of(
                        ix,
                        form.fields
                            .get(at)
                            .copied()
                            .unwrap_or(crate::tally::checks::Field::Candidate(0)),
                    )
                });
            }
            Command::CancelForm => {
                if let Some(kept) = session.park_form() {
                    self.messages.info(draft_kept(session, kept));
                }
                session.list.query.clear();
                self.focus = Some(ui::ids::search());
            }
            Command::DiscardDraft => {
                if let Some(ix) = session.form.division {
                    session.drafts.remove(&ix);
                    session.form = EntryForm::open(session.store.night(), ix);
                    self.focus = Some(ui::ids::votes(ix, 0));
                }
            }
            Command::StartCorrection => {
                session.form.start_correction(session.store.night());
                if let Some(ix) = session.form.division {
                    self.focus = Some(ui::ids::votes(ix, 0));
                }
            }
            Command::Submit => self.submit(),
            Command::RecordLots => {
                let Some(ix) = session.form.division else {
                    return;
                };
                let winners: Vec<u32> = (0..session.form.lots.len() as u32)
                    .filter(|&p| session.form.lots[p as usize])
                    .collect();
                match session.store.draw_lots(ix, winners) {
                    Ok(_) => self.saved(ix, "lots drawn recorded", None),
                    Err(e) => self
                        .messages
                        .error(crate::window_state::advice::in_window(&e)),
                }
            }
            Command::AskUndo => {
                if session.store.last_undoable().is_some() {
                    session.confirm_undo = true;
                } else {
                    self.messages.info("There is no declaration to undo.");
                }
            }
            Command::UndoLast => {
                session.confirm_undo = false;
                match session.store.undo_last_declaration() {
                    Ok(event) => {
                        if let Some(ix) = event.division {
                            self.saved(ix, "declaration withdrawn (undo)", None);
                            // The division is awaiting again: its form is ready for
                            // the right figures.
                            if let Some(session) = self.session.as_mut() {
                                session.open_form(ix);
                                self.focus = Some(ui::ids::votes(ix, 0));
                            }
                        }
                    }
                    Err(e) => self
                        .messages
                        .error(crate::window_state::advice::in_window(&e)),
                }
            }
            Command::TakeFirstEntryValues => session.form.take_first_entry_values(),
            Command::Resolve {
                division,
                declaration,
                kept,
            } => {
                let reason = format!(
                    "conflicting declarations settled: kept the figures {}",
                    kept.to_lowercase()
                );
                match session.store.resolve(division, &declaration, &reason) {
                    Ok(_) => self.saved(division, "conflict resolved", None),
                    Err(e) => self
                        .messages
                        .error(crate::window_state::advice::in_window(&e)),
                }
            }
            Command::GivePassword => {
                if let Some(sync) = session.sync.as_mut() {
                    sync.give_password();
                }
            }
            Command::DiscardFirstEntry => {
                let Some(ix) = session.form.division else {
                    return;
                };
                match session
                    .store
                    .discard_first_entry(ix, "differed from the second entry")
                {
                    Ok(_) => self.saved(ix, "first entry discarded", None),
                    Err(e) => self
                        .messages
                        .error(crate::window_state::advice::in_window(&e)),
                }
            }
            Command::SetDoubleEntry(on) => match session.store.set_double_entry(on) {
                Ok(_) => {
                    let state = if on {
                        "on: each result is typed twice, blind"
                    } else {
                        "off"
                    };
                    self.messages.info(format!("Double entry is {state}."));
                    session.form = EntryForm::default();
                }
                Err(e) => self
                    .messages
                    .error(crate::window_state::advice::in_window(&e)),
            },
            Command::ConfirmVolunteer(name) => {
                self.settings.volunteer = name.clone();
                session.store.set_identity(Identity::new(Some(&name)));
                session.volunteer_confirmed = true;
                self.focus = Some(ui::ids::search());
            }
            Command::ChangeVolunteer => session.volunteer_confirmed = false,
            Command::ToggleAudit => session.audit_open = !session.audit_open,
            Command::ToggleBoard => session.dashboard.board_open = !session.dashboard.board_open,
            Command::ShowTab(tab) => session.tab = tab,
            // The frame's own commands, acted on in `apply` before they could come here.
            Command::CloseFile
            | Command::Export { .. }
            | Command::LoadColours { .. }
            | Command::NewFromCsv { .. }
            | Command::OpenFile { .. }
            | Command::Pick { .. }
            | Command::Publish { .. }
            | Command::Rehearse
            | Command::SaveCopy { .. }
            | Command::SavePaper { .. }
            | Command::SavePicture { .. }
            | Command::SetBaseline { .. }
            | Command::SetBoundaries { .. }
            | Command::SetComposition { .. }
            | Command::SetDark { .. }
            | Command::ShareOrJoin { .. }
            | Command::ShowDialog { .. }
            | Command::ShowShare { .. }
            | Command::StopPublishing
            | Command::UpdateFrom { .. }
            | Command::Zoom { .. } => {}
        }
    }
}
