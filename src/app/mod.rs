//! The window's frame: the per-frame order of panels, and acting on the commands they
//! give. The state it acts on is in [`crate::window_state`]; the panels that draw it in
//! [`crate::ui`].

pub mod keystrokes;
pub mod samples;
pub mod settings;

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::colours::PartyColours;
use crate::formats::export::{export, unfinished_note};
use crate::formats::{display_name, native, read_file, stem, write_whole};
use crate::store::audit::local_time;
use crate::store::events::Identity;
use crate::store::import::create_from_results;
use crate::store::{SecondEntry, Store, backup};
use crate::ui;
use crate::window_state::command::Command;
use crate::window_state::dashboard;
use crate::window_state::dialogs::{DialogKind, PathDialog};
use crate::window_state::jobs::{Done, Jobs, Pick};
use crate::window_state::messages::Messages;
use crate::window_state::session::{EntryForm, FormMode, Session, Tab};
use crate::window_state::share_form::ShareDialog;
use settings::Settings;

pub struct TallyApp {
    pub settings: Settings,
    /// Where rehearsal files are made.
    data_dir: PathBuf,
    pub session: Option<Session>,
    pub messages: Messages,
    pub colours: PartyColours,
    jobs: Jobs,
    dialog: Option<PathDialog>,
    share_dialog: Option<ShareDialog>,
    /// The name being typed in the volunteer prompt.
    volunteer_name: String,
    /// Focus to give at the start of the next frames, until the widget has it (a
    /// modal that just closed still holds focus for a frame).
    focus: Option<egui::Id>,
    focus_tries: u8,
    title: String,
    /// Whether the theme and zoom from the settings have been applied.
    styled: bool,
    /// Frames drawn so far.
    frames: u64,
    /// Keys typed after a Tab or Enter in one frame, waiting for the next.
    pub keystrokes: keystrokes::Keystrokes,
    /// What to say once the file being opened is open (sharing or joining a night).
    notice_after_open: Option<String>,
}

impl TallyApp {
    /// The app with these settings. `inline_jobs` runs file work on the calling thread
    /// (for tests); the window runs it in the background.
    pub fn new(settings: Settings, data_dir: PathBuf, inline_jobs: bool) -> Self {
        TallyApp {
            volunteer_name: settings.volunteer.clone(),
            settings,
            data_dir,
            session: None,
            messages: Messages::default(),
            colours: PartyColours::default(),
            jobs: Jobs::new(inline_jobs),
            dialog: None,
            share_dialog: None,
            focus: None,
            focus_tries: 0,
            title: String::new(),
            styled: false,
            frames: 0,
            keystrokes: keystrokes::Keystrokes::default(),
            notice_after_open: None,
        }
    }

    /// Draws the whole window for one frame and carries out what was asked.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.styled {
            ctx.set_theme(if self.settings.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            if !self.jobs.is_inline() {
                ctx.set_zoom_factor(self.settings.zoom);
            }
            self.styled = true;
        }
        if !self.jobs.is_inline() && !self.settings.sized_to_screen {
            self.size_to_screen(&ctx);
        }
        for done in self.jobs.poll() {
            self.finish(&ctx, done);
        }
        if let Some(id) = self.focus {
            ctx.memory_mut(|m| m.request_focus(id));
        }
        self.take_dropped_files(&ctx);
        if let Some(session) = self.session.as_mut()
            && let Some(sync) = session.sync.as_mut()
            && let Err(e) = sync.tick(&mut session.store, &ctx)
        {
            self.messages.error(e);
        }
        if let Some(session) = self.session.as_mut()
            && let Err(e) = watch_file(session, &ctx)
        {
            self.messages.error(e);
        }
        if let Some(session) = self.session.as_mut() {
            let wanted = session.tab == Tab::Dashboard || session.dashboard.board_open;
            session
                .dashboard
                .projection
                .keep_up(&ctx, &session.store, wanted);
        }

        // Esc closes the window on top (a dialog, the audit log, the messages) before
        // it reaches the entry form.
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) && self.close_top_window() {
            ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
            // The keyboard back where typing goes: the search, unless a form is open.
            if self
                .session
                .as_ref()
                .is_some_and(|s| s.form.division.is_none())
            {
                self.focus = Some(ui::ids::search());
            }
        }

        // Shortcuts first, and carried out at once: a declaration made with Ctrl+Enter
        // shows in every panel of this same frame.
        let mut early: Vec<Command> = Vec::new();
        ui::menu::shortcuts(&ctx, self.session.as_ref(), &mut early);
        for command in early {
            self.apply(&ctx, command);
        }
        let mut commands: Vec<Command> = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            ui::menu::show(ui, self.session.as_ref(), self.settings.dark, &mut commands);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui::status_bar::show(ui, self.session.as_ref(), self.jobs.busy());
        });
        egui::Panel::bottom("messages")
            .resizable(false)
            .show(ui, |ui| ui::messages::line(ui, &mut self.messages));
        ui::messages::all(&ctx, &mut self.messages);
        match self.session.as_mut() {
            None => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui::start::show(ui, &self.settings.recent, &mut commands);
                });
            }
            Some(session) => {
                // The entry form needs about this much width; the side panels give way
                // to it, and the live panel is left out when it would not fit beside.
                const FORM: f32 = 620.0;
                const LIVE_NARROWEST: f32 = 260.0;
                let total = ui.available_width();
                let left = egui::Panel::left("divisions")
                    .resizable(true)
                    .default_size(340.0_f32.min((total - FORM).max(200.0)))
                    .size_range(200.0..=(total - FORM).max(200.0))
                    .show(ui, |ui| {
                        ui::divisions::show(ui, session, &self.colours, &mut commands)
                    });
                let room = total - left.response.rect.width() - FORM;
                let live_beside = room >= LIVE_NARROWEST;
                if session.tab == Tab::Entry && live_beside {
                    egui::Panel::right("live")
                        .resizable(true)
                        // On a wide screen the live picture takes more of the room left.
                        .default_size((room * 0.6).clamp(420.0, 900.0).min(room))
                        .size_range(LIVE_NARROWEST..=room)
                        .show(ui, |ui| {
                            egui::ScrollArea::vertical().id_salt("live").show(ui, |ui| {
                                ui::dashboard::side(
                                    ui,
                                    &mut session.dashboard,
                                    &session.store,
                                    &self.colours,
                                );
                            });
                        });
                }
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui
                            .selectable_label(session.tab == Tab::Entry, "Results entry")
                            .clicked()
                        {
                            commands.push(Command::ShowTab(Tab::Entry));
                        }
                        if ui
                            .selectable_label(session.tab == Tab::Dashboard, "Dashboard")
                            .clicked()
                        {
                            commands.push(Command::ShowTab(Tab::Dashboard));
                        }
                    });
                    ui.separator();
                    match session.tab {
                        Tab::Entry => {
                            egui::ScrollArea::vertical()
                                .id_salt("entry")
                                .show(ui, |ui| {
                                    ui::entry::show(ui, session, &self.colours, &mut commands);
                                    // No room beside the form: the live picture below it.
                                    if !live_beside {
                                        ui.add_space(12.0);
                                        ui.separator();
                                        ui::dashboard::side(
                                            ui,
                                            &mut session.dashboard,
                                            &session.store,
                                            &self.colours,
                                        );
                                    }
                                });
                        }
                        Tab::Dashboard => {
                            ui::dashboard::full(
                                ui,
                                &mut session.dashboard,
                                &session.store,
                                &self.colours,
                                &mut commands,
                            );
                        }
                    }
                });
                if session.dashboard.board_open
                    && board(&ctx, session, &self.colours, &mut commands)
                {
                    session.dashboard.board_open = false;
                }
                if session.audit_open {
                    ui::audit::show(
                        &ctx,
                        &session.store,
                        &mut session.audit_open,
                        &mut session.audit,
                    );
                }
                if session.confirm_undo {
                    let name = session
                        .store
                        .last_undoable()
                        .map(|d| session.store.election().division(d).name.clone())
                        .unwrap_or_default();
                    match ui::dialogs::confirm_undo(&ctx, &name) {
                        Some(true) => commands.push(Command::UndoLast),
                        Some(false) => session.confirm_undo = false,
                        None => {}
                    }
                }
                if !session.volunteer_confirmed
                    && let Some(name) = ui::dialogs::volunteer(&ctx, &mut self.volunteer_name)
                {
                    commands.push(Command::ConfirmVolunteer(name));
                }
            }
        }
        if let Some(dialog) = self.dialog.as_mut()
            && !ui::dialogs::show(&ctx, dialog, &self.settings.recent, &mut commands)
        {
            self.dialog = None;
        }
        if let Some(dialog) = self.share_dialog.as_mut()
            && !ui::share_dialog::show(&ctx, dialog, &mut commands)
        {
            self.share_dialog = None;
        }
        if let Some(sync) = self.session.as_mut().and_then(|s| s.sync.as_mut()) {
            ui::share_dialog::password_prompt(&ctx, sync, &mut commands);
        }
        let asked_focus = self.focus;
        for command in commands {
            self.apply(&ctx, command);
        }
        if let Some(id) = self.focus {
            let taken = ctx.memory(|m| m.has_focus(id));
            if taken || self.focus_tries >= 3 {
                self.focus = None;
                self.focus_tries = 0;
            } else if asked_focus == Some(id) {
                self.focus_tries += 1;
                ctx.request_repaint();
            } else {
                self.focus_tries = 0;
                ctx.request_repaint();
            }
        }
        if let Some(session) = &self.session {
            self.settings.projection_hidden = !session.dashboard.projection.shown;
        }
        self.update_title(&ctx);
        // Ctrl + / Ctrl - change the zoom outside our commands; remember it too, once
        // the zoom set at start (which takes effect a frame later) is in force.
        self.frames = self.frames.saturating_add(1);
        if !self.jobs.is_inline() && self.frames > 3 {
            self.settings.zoom = ctx.zoom_factor();
        }
    }

    /// On the first run, the window takes about 90% of the screen it opened on, in
    /// its middle (the screen's size is known only once the window is up).
    fn size_to_screen(&mut self, ctx: &egui::Context) {
        let Some(screen) = ctx
            .input(|i| i.viewport().monitor_size)
            .filter(|s| s.x > 400.0 && s.y > 300.0)
        else {
            return;
        };
        let size = screen * 0.9;
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(
            ((screen - size) / 2.0).to_pos2(),
        ));
        self.settings.sized_to_screen = true;
    }

    /// Closes a dialog, the audit log or the list of messages, if one is open;
    /// returns whether one was.
    fn close_top_window(&mut self) -> bool {
        let mut closed = self.dialog.take().is_some() | self.share_dialog.take().is_some();
        if self.messages.show_all {
            self.messages.show_all = false;
            closed = true;
        }
        if let Some(session) = self.session.as_mut() {
            closed |= std::mem::take(&mut session.confirm_undo);
            closed |= std::mem::take(&mut session.audit_open);
        }
        closed
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.session {
            None => "tallyroom".to_string(),
            Some(s) => format!(
                "tallyroom — {} — {} — saved",
                display_name(s.store.path()),
                ui::status_bar::progress(s)
            ),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Results CSVs dropped on the window start a new election; election files open.
    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            if crate::store::is_election_file(&path) {
                self.open_file(ctx, path);
            } else {
                let mut dialog = PathDialog::new(DialogKind::NewFromCsv);
                dialog.picked(Pick::NewFromCsv, path);
                self.dialog = Some(dialog);
            }
        }
    }

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
                        Err(e) => self.messages.error(e.to_string()),
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
                if let (DialogKind::Export(what), Some(s)) = (kind, &self.session) {
                    dialog.note = unfinished_note(s.store.tally());
                    let file = s.store.path().with_extension("");
                    dialog.path = format!("{}-{}.csv", file.display(), what.label());
                }
                self.dialog = Some(dialog);
            }
            Command::Pick(pick) => self.pick(ctx, pick),
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
            // Every command is named here or above, so that a new one does not compile
            // until it is given somewhere to go.
            other @ (Command::AskUndo { .. }
            | Command::CancelForm { .. }
            | Command::ChangeVolunteer { .. }
            | Command::ConfirmVolunteer { .. }
            | Command::DiscardDraft { .. }
            | Command::DiscardFirstEntry { .. }
            | Command::GivePassword { .. }
            | Command::OpenFromSearch { .. }
            | Command::RecordLots { .. }
            | Command::Resolve { .. }
            | Command::Select { .. }
            | Command::SetDoubleEntry { .. }
            | Command::ShowTab { .. }
            | Command::StartCorrection { .. }
            | Command::Submit { .. }
            | Command::TakeFirstEntryValues { .. }
            | Command::ToggleAudit { .. }
            | Command::ToggleBoard { .. }
            | Command::UndoLast { .. }) => self.apply_to_session(ctx, other),
        }
    }

    /// Commands about the open election.
    fn apply_to_session(&mut self, _ctx: &egui::Context, command: Command) {
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
                    ui::ids::field(ix, form.votes.len(), at)
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
                    Err(e) => self.messages.error(e.to_string()),
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
                    Err(e) => self.messages.error(e.to_string()),
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
                    Err(e) => self.messages.error(e.to_string()),
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
                    Err(e) => self.messages.error(e.to_string()),
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
                Err(e) => self.messages.error(e.to_string()),
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
            Command::CloseFile { .. }
            | Command::Export { .. }
            | Command::LoadColours { .. }
            | Command::NewFromCsv { .. }
            | Command::OpenFile { .. }
            | Command::Pick { .. }
            | Command::Rehearse { .. }
            | Command::SaveCopy { .. }
            | Command::SavePicture { .. }
            | Command::SetBaseline { .. }
            | Command::SetBoundaries { .. }
            | Command::SetComposition { .. }
            | Command::SetDark { .. }
            | Command::ShareOrJoin { .. }
            | Command::ShowDialog { .. }
            | Command::ShowShare { .. }
            | Command::UpdateFrom { .. }
            | Command::Zoom { .. } => {}
        }
    }

    /// Submits the entry form in its mode.
    fn submit(&mut self) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let Some(ix) = session.form.division else {
            return;
        };
        let election = session.store.election().clone();
        let Some(checked) = session.form.check(&election) else {
            return;
        };
        if let Some(why) = session.form.blocker(&checked) {
            // Every field without a count is marked now, and the keyboard goes to the
            // first field to put right.
            session.form.tried = true;
            let why = session.form.blocker(&checked).unwrap_or(why);
            let n = session.form.votes.len();
            let first_wrong =
                checked
                    .findings
                    .iter()
                    .filter(|f| f.is_error())
                    .find_map(|f| match f.field {
                        crate::tally::checks::Field::Candidate(p) => Some(p),
                        crate::tally::checks::Field::BallotsIssued => Some(n),
                        crate::tally::checks::Field::Rejected => Some(n + 1),
                        crate::tally::checks::Field::Division => None,
                    });
            if let Some(at) = first_wrong {
                self.focus = Some(ui::ids::field(ix, n, at));
            }
            self.messages.error_about(
                ix,
                format!("{}: not saved: {why}", election.division(ix).name),
            );
            return;
        }
        let Some(declaration) = checked.declaration else {
            return;
        };
        let store = &mut session.store;
        let id = |e: &crate::store::events::Event| e.id.clone();
        let result = match session.form.mode {
            FormMode::Declare => store.declare(ix, &declaration).map(|e| ("declared", id(e))),
            FormMode::FirstEntry => store
                .first_entry(ix, &declaration)
                .map(|e| ("first entry saved", id(e))),
            FormMode::SecondEntry if session.form.mismatch.is_some() => {
                store.declare(ix, &declaration).map(|e| ("declared", id(e)))
            }
            FormMode::SecondEntry => match store.second_entry(ix, &declaration) {
                Ok(SecondEntry::Declared(e)) => Ok(("declared: both entries match", e)),
                Ok(SecondEntry::Differs { first, differences }) => {
                    let n = differences.len();
                    session.form.mismatch = Some((first, differences));
                    self.messages.error(format!(
                        "{}: the second entry differs from the first in {n} field{}; nothing was saved",
                        election.division(ix).name,
                        if n == 1 { "" } else { "s" }
                    ));
                    return;
                }
                Err(e) => Err(e),
            },
            FormMode::Correct => {
                let reason = session.form.reason.trim().to_string();
                // Made while the conflict is on screen: it settles the conflict.
                if store.night().rivals[ix.index()].is_empty() {
                    store
                        .correct(ix, &declaration, &reason)
                        .map(|e| ("corrected", id(e)))
                } else {
                    store
                        .resolve(ix, &declaration, &reason)
                        .map(|e| ("corrected; conflict resolved", id(e)))
                }
            }
            FormMode::View => return,
        };
        match result {
            Ok((what, id)) => {
                // What the file holds, read back from disk, against what is on screen.
                let on_disk = session.store.change_on_disk(&id);
                match saved_as_typed(&declaration, on_disk) {
                    Ok(()) => self.saved(ix, what, Some(&declaration)),
                    Err(why) => self.messages.error(format!(
                        "{}: {why}. Check the division's figures against the count sheet and correct them.",
                        election.division(ix).name
                    )),
                }
            }
            Err(e) => self.messages.error(e.to_string()),
        }
    }

    /// After an event is on disk: say so, show the division, get ready for the next.
    /// `figures`: the counts saved, as read back from the file, said with the result
    /// so that the room can check them against the sheet.
    fn saved(
        &mut self,
        ix: crate::model::DivisionIx,
        what: &str,
        figures: Option<&crate::model::Declaration>,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let night = session.store.night();
        let name = night.election().division(ix).name.clone();
        // The time and its zone ("01:42:07 BST"): election nights span a change of
        // clocks in some years, and a room may mix laptops set to UTC.
        let at = local_time(jiff::Timestamp::now());
        session.last_saved = Some(at.split(' ').skip(1).collect::<Vec<_>>().join(" "));
        let result = night
            .tally
            .result_text(ix)
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        // The division's "not saved" messages are out of date once it is saved.
        self.messages.forget(ix);
        let figures = figures.map(saved_figures).unwrap_or_default();
        self.messages
            .info(format!("{name} {what}{result}{figures}"));
        session.drafts.remove(&ix);
        session.form = EntryForm::open(night, ix);
        session.list.query.clear();
        self.focus = Some(ui::ids::search());
        self.backup_in_background();
    }

    /// A backup copy when one is due, made off the UI thread from its own connection;
    /// first, on a night small enough to write it within a frame, the checkpoint, so that
    /// a window that is killed opens again without applying the whole night.
    fn backup_in_background(&mut self) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let path = session.store.path().to_path_buf();
        if self.jobs.is_inline() || !backup::due(&path) {
            return;
        }
        if session.store.events().len() <= 20_000 {
            session.store.save_checkpoint_now();
        }
        let sender = self.jobs.sender();
        std::thread::spawn(move || {
            let result = backup::make_from_path(&path);
            // Said at the window's next frame; were it closed meanwhile, there is no one
            // to tell.
            let _ = sender.send(Done::BackedUp { result });
        });
    }

    fn open_file(&mut self, ctx: &egui::Context, path: PathBuf) {
        let who = self.settings.volunteer.clone();
        self.jobs.spawn(
            ctx,
            &format!("Opening {}…", display_name(&path)),
            move || {
                let result = Store::open(
                    &path,
                    Identity::new(Some(&who).filter(|w| !w.is_empty()).map(String::as_str)),
                )
                .map(Box::new)
                .map_err(|e| e.to_string());
                Done::Opened {
                    path,
                    result,
                    notes: Vec::new(),
                }
            },
        );
    }

    /// Shares the open election or joins one, off the UI thread (the network may be
    /// slow); the file is then opened with its sync running.
    fn share_or_join(&mut self, ctx: &egui::Context, dialog: ShareDialog) {
        let address = match crate::share::Address::parse(&dialog.address) {
            Ok(a) if dialog.password.is_empty() => a,
            Ok(a) => a.with_password(&dialog.password),
            Err(e) => {
                self.messages.error(e.to_string());
                return;
            }
        };
        let election = dialog.election.trim().to_string();
        if dialog.join {
            let path = PathBuf::from(dialog.out.trim());
            self.jobs.spawn(ctx, "Joining the shared night…", move || {
                let result = crate::share::join(&address, &election, &path)
                    .map(|j| {
                        format!(
                            "Joined \"{election}\" on {}: {} events read{}",
                            address.shown,
                            j.received,
                            if j.can_enter {
                                ""
                            } else {
                                "; this account may only watch"
                            }
                        )
                    })
                    .map_err(|e| e.to_string());
                Done::Shared { path, result }
            });
        } else {
            let Some(session) = &self.session else {
                return;
            };
            let path = session.store.path().to_path_buf();
            let who = session.store.identity().who.clone();
            self.jobs.spawn(ctx, "Sharing the night…", move || {
                let name = (!election.is_empty()).then_some(election.as_str());
                let result = crate::share::share(&path, &address, name, &who)
                    .map(|s| {
                        format!(
                            "Shared as \"{}\" on {}; other laptops join it with File, Join a shared night",
                            s.election, s.server
                        )
                    })
                    .map_err(|e| e.to_string());
                Done::Shared { path, result }
            });
        }
        self.share_dialog = None;
    }

    fn new_from_csv(
        &mut self,
        ctx: &egui::Context,
        csv: PathBuf,
        election_ids: Vec<String>,
        baseline: Option<PathBuf>,
        out: PathBuf,
    ) {
        let who = self.settings.volunteer.clone();
        self.jobs.spawn(
            ctx,
            &format!("Creating {}…", display_name(&out)),
            move || {
                let mut notes = Vec::new();
                let result = (|| {
                    let (results, said) = read_results(&csv, &election_ids)?;
                    notes.extend(said);
                    let base = match &baseline {
                        Some(b) => {
                            let (base, said) = read_results(b, &[])?;
                            notes.extend(said);
                            Some((stem(b), base))
                        }
                        None => None,
                    };
                    let identity =
                        Identity::new(Some(&who).filter(|w| !w.is_empty()).map(String::as_str));
                    create_from_results(
                        &out,
                        &stem(&out),
                        &results,
                        base.as_ref().map(|(n, r)| (n.as_str(), r.clone())),
                        identity,
                    )
                    .map(|(store, _)| Box::new(store))
                    .map_err(|e| e.to_string())
                })();
                Done::Opened {
                    path: out,
                    result,
                    notes,
                }
            },
        );
    }

    /// Reads a newer release of results into the open election, and lists what changed.
    fn update_from(&mut self, path: PathBuf, election_ids: &[String]) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let report = read_results(&path, election_ids).and_then(|(loaded, notes)| {
            crate::store::import::update_from(&mut session.store, &loaded, &display_name(&path))
                .map(|report| (report, notes))
                .map_err(|e| e.to_string())
        });
        match report {
            // One message, so that every correction stays listed together; what the
            // reading said before it.
            Ok((report, notes)) => {
                for note in notes {
                    self.messages.info(note);
                }
                self.messages.info(report.text().trim_end().to_string());
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// Sets councils' seats from a composition file, and says what matched.
    fn set_composition(
        &mut self,
        path: Option<&Path>,
        typed: &str,
        before: bool,
        year: Option<&str>,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let kind = if before {
            crate::model::CompositionKind::Before
        } else {
            crate::model::CompositionKind::Continuing
        };
        // Rows typed in the window read as the app's own long form.
        let (name, bytes) = match path {
            Some(path) => (
                display_name(path),
                crate::formats::read_file(path).map_err(|e| e.to_string()),
            ),
            None => (
                "seats typed in the window".to_string(),
                Ok(format!("council,party,seats\n{typed}").into_bytes()),
            ),
        };
        let set = bytes
            .and_then(|bytes| {
                crate::formats::composition::read(&name, &bytes, kind, year)
                    .map_err(|e| e.to_string())
            })
            .and_then(|c| {
                session
                    .store
                    .set_composition(&c)
                    .map_err(|e| e.to_string())
                    .map(|found| (c, found))
            });
        match set {
            Ok((c, found)) => {
                let mut text = format!(
                    "{} set for {} councils from {}",
                    c.kind.label(),
                    found.matched.len(),
                    c.source
                );
                if !found.not_tonight.is_empty() {
                    text.push_str(&format!(
                        "; {} of its councils are not on tonight's night",
                        found.not_tonight.len()
                    ));
                }
                self.messages.info(text);
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// Sets the results map's shapes, and says which divisions matched.
    fn set_boundaries(
        &mut self,
        path: &Path,
        code_property: Option<String>,
        name_property: Option<String>,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let options = crate::formats::boundaries::BoundaryOptions {
            code_property,
            name_property,
            attribution: None,
        };
        let set = read_file(path)
            .and_then(|bytes| {
                crate::formats::boundaries::read(&display_name(path), &bytes, &options)
            })
            .map_err(|e| e.to_string())
            .and_then(|b| {
                session
                    .store
                    .set_boundaries(&b)
                    .map(|found| found.text(session.store.election(), &b))
                    .map_err(|e| e.to_string())
            });
        match set {
            Ok(text) => self.messages.info(format!(
                "Map boundaries from {}: {text}",
                display_name(path)
            )),
            Err(e) => self.messages.error(e),
        }
    }

    /// Sets the open election's baseline, and says which divisions matched.
    fn set_baseline(&mut self, path: PathBuf, election_ids: &[String]) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let mut notes = Vec::new();
        let kept = read_results(&path, election_ids)
            .and_then(|(r, said)| {
                notes = said;
                crate::store::import::baseline_source(&stem(&path), r).map_err(|e| e.to_string())
            })
            .and_then(|b| {
                session
                    .store
                    .set_baseline(&b)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            });
        match kept {
            Ok(()) => {
                let election = session.store.election();
                let text = election
                    .baseline
                    .as_ref()
                    .map(|b| b.matching_text(election))
                    .unwrap_or_default();
                for note in notes {
                    self.messages.info(note);
                }
                self.messages
                    .info(format!("Baseline {}: {text}", stem(&path)));
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// A new election file from the built-in Lancashire 2025 rehearsal sheet.
    fn rehearse(&mut self, ctx: &egui::Context) {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let out = self
            .data_dir
            .join("rehearsals")
            .join(format!("lancashire-2025-rehearsal-{stamp}.tally"));
        let who = self.settings.volunteer.clone();
        self.jobs.spawn(
            ctx,
            "Creating the Lancashire 2025 rehearsal…",
            move || {
                let result = (|| {
                    std::fs::create_dir_all(out.parent().unwrap_or(Path::new(".")))
                        .map_err(|e| e.to_string())?;
                    let setup = native::read(
                        "lancashire-2025-rehearsal.csv",
                        "Lancashire 2025",
                        samples::LANCASHIRE_REHEARSAL.as_bytes(),
                    )
                    .map_err(|e| e.to_string())?;
                    let base = native::read(
                        "lancashire-2021.csv",
                        "lancashire-2021",
                        samples::LANCASHIRE_BASELINE.as_bytes(),
                    )
                    .map_err(|e| e.to_string())?;
                    let identity =
                        Identity::new(Some(&who).filter(|w| !w.is_empty()).map(String::as_str));
                    let map = crate::formats::boundaries::read(
                        "lancashire-2025-divisions.geojson",
                        samples::LANCASHIRE_BOUNDARIES.as_bytes(),
                        &Default::default(),
                    )
                    .map_err(|e| e.to_string())?;
                    let (mut store, _) = create_from_results(
                        &out,
                        "Lancashire County Council 2025 (rehearsal)",
                        &setup,
                        Some(("Lancashire 2021", base)),
                        identity,
                    )
                    .map_err(|e| e.to_string())?;
                    store.set_boundaries(&map).map_err(|e| e.to_string())?;
                    store.save_checkpoint_now();
                    Ok(Box::new(store))
                })();
                Done::Opened {
                    path: out,
                    result,
                    notes: Vec::new(),
                }
            },
        );
    }

    fn export(&mut self, ctx: &egui::Context, what: crate::formats::export::What, path: PathBuf) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let tally = session.store.tally().clone();
        let fingerprint = session.store.fingerprint();
        let who = session.store.identity().who.clone();
        let election = tally.election();
        let conflicting: Vec<String> = session
            .store
            .conflicts()
            .map(|d| election.division(d).name.clone())
            .collect();
        self.jobs.spawn(
            ctx,
            &format!("Exporting {}…", display_name(&path)),
            move || {
                let unsettled = (!conflicting.is_empty()).then(|| {
                    format!(
                        "conflicting declarations not yet settled in {}: the export has the figures that reached the server first",
                        conflicting.join(", ")
                    )
                });
                let note = match (unfinished_note(&tally), unsettled) {
                    (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                    (a, b) => a.or(b),
                };
                let result = export(&tally, what)
                    .map_err(|e| format!("cannot write the CSV ({e})"))
                    .and_then(|bytes| {
                        write_whole(&path, &bytes)?;
                        // Beside it, the manifest tying it to the night's record.
                        let manifest = crate::formats::manifest::write(
                            &[(&display_name(&path), &bytes)],
                            &tally.election().name,
                            fingerprint.as_deref(),
                            &who,
                        );
                        write_whole(
                            &crate::formats::manifest::path_for(&path),
                            manifest.as_bytes(),
                        )
                    });
                Done::Exported { path, result, note }
            },
        );
    }

    /// Asks the window for its pixels; the PNG is cropped, encoded and written when
    /// they arrive (a frame or two later).
    fn save_picture(&mut self, ctx: &egui::Context, path: PathBuf, chart: Option<&'static str>) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let Some(area) = session.dashboard.rect(chart.unwrap_or(dashboard::WHOLE)) else {
            self.messages
                .error("Open the dashboard first: the picture is taken of what the window shows.");
            return;
        };
        let scale = ctx.pixels_per_point();
        let crop = egui::Rect::from_min_max(
            (area.min.to_vec2() * scale).to_pos2(),
            (area.max.to_vec2() * scale).to_pos2(),
        );
        let sender = self.jobs.sender();
        let repaint = ctx.clone();
        ctx.request_screenshot(move |image| {
            let result =
                ui::picture::png(&image, Some(crop)).and_then(|bytes| write_whole(&path, &bytes));
            let _ = sender.send(Done::Saved { path, result });
            repaint.request_repaint();
        });
    }

    /// A native file dialog, in a thread so the window keeps drawing. Where the
    /// machine has no dialog, the path can still be typed.
    fn pick(&mut self, ctx: &egui::Context, pick: Pick) {
        if self.jobs.is_inline() {
            return;
        }
        self.jobs.spawn(ctx, "Choosing a file…", move || {
            let dialog = rfd::FileDialog::new();
            let path = match pick {
                Pick::OpenElection => dialog.add_filter("Election file", &["tally"]).pick_file(),
                // Results as published: a CSV, or the publisher's workbook.
                Pick::NewFromCsv => dialog
                    .add_filter("Results (CSV or workbook)", &["csv", "xlsx", "ods", "xls"])
                    .pick_file(),
                Pick::Colours => dialog.add_filter("CSV", &["csv"]).pick_file(),
                Pick::NewOutput => dialog.add_filter("Election file", &["tally"]).save_file(),
                Pick::ExportTo => dialog.add_filter("CSV", &["csv"]).save_file(),
                Pick::Boundaries => dialog
                    .add_filter("Boundaries", &["geojson", "json", "hexjson"])
                    .pick_file(),
            };
            Done::Picked { pick, path }
        });
    }

    fn finish(&mut self, ctx: &egui::Context, done: Done) {
        match done {
            Done::Opened {
                path,
                result,
                notes,
            } => match result {
                Ok(store) => {
                    self.close_session();
                    self.settings.remember(&path);
                    let mut session = Session::new(*store);
                    // No two of the night's parties in colours hard to tell apart.
                    let election = session.store.election().clone();
                    self.colours
                        .separate(election.parties.iter().map(|(p, _)| election.party_name(p)));
                    // Said after "Opened": the message line shows the newest, and a
                    // record that does not hold must be what the room sees.
                    let problems = session.store.problems().to_vec();
                    match crate::window_state::sync::Sync::start(&path, ctx) {
                        Ok(sync) => session.sync = sync,
                        Err(e) => self.messages.error(format!(
                            "{e} The file works on its own; nothing is sent until the address is mended."
                        )),
                    }
                    // Nobody enters results into a file that cannot be written here.
                    let read_only = session.store.cannot_write_here();
                    session.volunteer_confirmed = read_only;
                    session.dashboard.projection.shown = !self.settings.projection_hidden;
                    self.session = Some(session);
                    self.dialog = None;
                    self.messages.info(format!("Opened {}", path.display()));
                    if read_only {
                        let why = self
                            .session
                            .as_ref()
                            .and_then(|s| s.store.watching().map(str::to_string));
                        if let Some(why) = why {
                            self.messages.error(why);
                        }
                    }
                    for note in notes {
                        self.messages.info(note);
                    }
                    for problem in problems {
                        self.messages.error(problem);
                    }
                    if let Some(notice) = self.notice_after_open.take() {
                        self.messages.info(notice);
                    }
                    ctx.request_repaint();
                }
                Err(e) => {
                    if self.settings.last_file.as_ref() == Some(&path) {
                        self.settings.last_file = None;
                    }
                    self.messages.error(e);
                }
            },
            Done::Shared { path, result } => match result {
                Ok(said) => {
                    // Said once the file is open, so that it is the newest message.
                    self.notice_after_open = Some(said);
                    self.open_file(ctx, path);
                }
                Err(e) => self.messages.error(e),
            },
            Done::Exported { path, result, note } => match result {
                Ok(()) => {
                    let note = note.map(|n| format!(" (note: {n})")).unwrap_or_default();
                    self.messages
                        .info(format!("Exported {}{note}", path.display()));
                }
                Err(e) => self.messages.error(e),
            },
            Done::Saved { path, result } => match result {
                Ok(()) => self
                    .messages
                    .info(format!("Picture saved as {}", path.display())),
                Err(e) => self
                    .messages
                    .error(format!("The picture was not saved: {e}")),
            },
            Done::BackedUp { result } => {
                if let Err(e) = result {
                    self.messages.error(format!(
                        "The timed backup was not made: {e}. The election file itself is saved; File → Save a copy… makes a copy elsewhere"
                    ));
                }
            }
            Done::Picked { pick, path } => {
                if let (Some(dialog), Some(path)) = (self.dialog.as_mut(), path) {
                    dialog.picked(pick, path);
                }
            }
        }
    }

    /// Closes the open election, with a last backup.
    pub fn close_session(&mut self) {
        if let Some(session) = self.session.take()
            && let Err(e) = session.store.close()
        {
            self.messages.error(e.to_string());
        }
    }

    /// The election file to open at start: the one last used, if it is still there.
    pub fn open_at_start(&mut self, ctx: &egui::Context, file: Option<PathBuf>) {
        let file = file.or_else(|| self.settings.last_file.clone().filter(|f| f.exists()));
        if let Some(file) = file {
            self.open_file(ctx, file);
        }
    }
}

/// The figures saved, as the message line says them: the counts in ballot order
/// apart by " · " (the thousands have commas), then ballot papers and rejected
/// ballots where given.
fn saved_figures(d: &crate::model::Declaration) -> String {
    use crate::numbers::count;
    let counts: Vec<String> = d.votes.iter().map(|&v| count(v)).collect();
    let mut text = format!(" (saved: {}", counts.join(" · "));
    if let Some(b) = d.ballots_issued {
        text.push_str(&format!("; ballot papers {}", count(b)));
    }
    if let Some(r) = d.rejected {
        text.push_str(&format!("; rejected {}", count(r)));
    }
    text.push(')');
    text
}

/// What is said when a division's figures are kept as a draft.
fn draft_kept(session: &Session, ix: crate::model::DivisionIx) -> String {
    format!(
        "{}: the figures typed are kept as a draft, not saved; open the division again to finish or discard them",
        session.store.election().division(ix).name
    )
}

/// Whether the figures read back from the file are those the form held when it was
/// submitted; otherwise what differs, in words.
fn saved_as_typed(
    typed: &crate::model::Declaration,
    on_disk: Result<Option<crate::store::events::Change>, crate::store::StoreError>,
) -> Result<(), String> {
    use crate::store::events::Change;
    let figures = match on_disk {
        Ok(Some(Change::Declared(f) | Change::Corrected(f) | Change::FirstEntry(f))) => f,
        Ok(_) => return Err("the saved figures could not be found in the file".into()),
        Err(e) => return Err(format!("the saved figures could not be read back ({e})")),
    };
    let show = |v: Option<u64>| v.map_or_else(|| "blank".to_string(), |v| v.to_string());
    let mut differ = Vec::new();
    if figures.votes.len() != typed.votes.len() {
        differ.push(format!(
            "{} counts saved for {} typed",
            figures.votes.len(),
            typed.votes.len()
        ));
    }
    for d in crate::store::figure_differences(&figures, typed) {
        let field = match d.field {
            crate::tally::checks::Field::Candidate(p) => format!("count {}", p + 1),
            crate::tally::checks::Field::BallotsIssued => "ballot papers".into(),
            crate::tally::checks::Field::Rejected => "rejected ballots".into(),
            crate::tally::checks::Field::Division => "the division".into(),
        };
        differ.push(format!(
            "{field} saved as {}, typed {}",
            show(d.first),
            show(d.second)
        ));
    }
    if differ.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the file does not hold what was typed ({})",
            differ.join("; ")
        ))
    }
}

/// A results file of any format the app reads, told from its header.
fn read_results(
    path: &Path,
    election_ids: &[String],
) -> Result<(native::LoadedResults, Vec<String>), String> {
    let bytes = read_file(path).map_err(|e| e.to_string())?;
    // A Handbook's key to its party abbreviations, where it is saved beside it.
    let party_names = (crate::formats::Format::detect(&bytes)
        == crate::formats::Format::LocalHandbook)
        .then(|| crate::formats::party_names_beside(path))
        .flatten()
        .map(|p| read_file(&p).map(|b| (display_name(&p), b)))
        .transpose()
        .map_err(|e| e.to_string())?;
    let options = crate::formats::ReadOptions {
        election_ids,
        party_names: party_names
            .as_ref()
            .map(|(n, b)| (n.as_str(), b.as_slice())),
        ..Default::default()
    };
    crate::formats::read_any(&display_name(path), &stem(path), &bytes, &options)
        .map_err(|e| e.to_string())
}

/// The board in a window of its own (for a projector); returns true once it is closed.
fn board(
    ctx: &egui::Context,
    session: &mut Session,
    colours: &crate::colours::PartyColours,
    commands: &mut Vec<Command>,
) -> bool {
    let id = egui::ViewportId::from_hash_of("board");
    // The board opens to fill the screen it is on (less a margin for the system's
    // bars), not a fixed size: a projector's screen is rarely the laptop's.
    let screen = ctx
        .input(|i| i.viewport().monitor_size)
        .filter(|s| s.x > 200.0 && s.y > 200.0)
        .unwrap_or(egui::vec2(1280.0, 720.0));
    let builder = egui::ViewportBuilder::default()
        .with_title("tallyroom board")
        .with_inner_size(screen * 0.95)
        .with_maximized(true);
    ctx.show_viewport_immediate(id, builder, |ui, _class| {
        ui::board::window(ui, session, colours, commands);
        ui.input(|i| i.viewport().close_requested())
    })
}

impl eframe::App for TallyApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        keystrokes::pace_input(&mut self.keystrokes, ctx, raw_input, self.focus.is_some());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Ok(text) = serde_json::to_string(&self.settings) {
            storage.set_string(settings::STORAGE_KEY, text);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.close_session();
    }
}

/// Opens the window; with a file, opens it straight away.
pub fn run(file: Option<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("tallyroom")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "tallyroom",
        options,
        Box::new(move |cc| {
            let settings = cc
                .storage
                .and_then(|s| s.get_string(settings::STORAGE_KEY))
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
            let data_dir = eframe::storage_dir("tallyroom").unwrap_or_else(|| PathBuf::from("."));
            let mut app = TallyApp::new(settings, data_dir, false);
            app.open_at_start(&cc.egui_ctx, file);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("the window could not be opened ({e})"))
}

/// How often the window looks at its file for what other processes wrote.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Takes in what another copy of the app, the command line or the sync worker wrote
/// to the file, within a second and with no input to the window: a cheap look at the
/// file's change counter twice a second, a read only when it moved.
fn watch_file(session: &mut Session, ctx: &egui::Context) -> Result<(), String> {
    ctx.request_repaint_after(WATCH_EVERY);
    if session
        .watched_at
        .is_some_and(|at| at.elapsed() < WATCH_EVERY)
    {
        return Ok(());
    }
    session.watched_at = Some(std::time::Instant::now());
    let came = session
        .store
        .refresh_if_changed()
        .map_err(|e| e.to_string())?;
    if came > 0 {
        let at = jiff::Zoned::now().strftime("%H:%M:%S %Z").to_string();
        session.from_elsewhere = Some((came, at));
    }
    Ok(())
}
