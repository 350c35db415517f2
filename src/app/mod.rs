//! The window's frame: the per-frame order of panels, and acting on the commands they
//! give. The state it acts on is in [`crate::window_state`]; the panels that draw it in
//! [`crate::ui`].

mod commands;
mod entry;
mod file_jobs;
pub mod keystrokes;
mod papers;
mod publishing;
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
    /// A dialog asked for on the command line, shown once the window has its size.
    dialog_at_start: Option<PathDialog>,
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
            dialog_at_start: None,
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
    ///
    /// Long: The frame in the order it is laid out and acted on (menus, panels, dialogs,
    /// then the commands they gave); each step is a call or a few lines, and the order is
    /// the point.
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
        self.show_dialog_at_start(&ctx);
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
        self.keep_published(&ctx);
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

    /// A dialog asked for at start waits a few frames, for the window's first sizing
    /// to take effect: placed at once, it would stay where the middle of the window was
    /// before (off to one side, or partly off the screen).
    fn show_dialog_at_start(&mut self, ctx: &egui::Context) {
        if self.dialog_at_start.is_none() {
            return;
        }
        if ctx.cumulative_frame_nr() >= 4 {
            self.dialog = self.dialog_at_start.take();
        } else {
            ctx.request_repaint();
        }
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

    /// Closes the open election, with a last backup.
    pub fn close_session(&mut self) {
        if let Some(session) = self.session.take()
            && let Err(e) = session.store.close()
        {
            self.messages
                .error(crate::window_state::advice::in_window(&e));
        }
    }

    /// The election file to open at start: the one last used, if it is still there.
    pub fn open_at_start(&mut self, ctx: &egui::Context, file: Option<PathBuf>) {
        // A results file given (by a file manager's "Open with", say) is the set-up of
        // a new election file, as when one is dropped on the window.
        if let Some(results) = file.as_ref().filter(|f| !crate::store::is_election_file(f)) {
            let mut dialog = PathDialog::new(DialogKind::NewFromCsv);
            dialog.picked(Pick::NewFromCsv, results.clone());
            self.dialog_at_start = Some(dialog);
            return;
        }
        let file = file.or_else(|| self.settings.last_file.clone().filter(|f| f.exists()));
        if let Some(file) = file {
            self.open_file(ctx, file);
        }
    }
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

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        let file = crate::places::Places::current().settings_file();
        if let Err(e) = self.settings.save(&file) {
            crate::places::log(&format!("the settings could not be saved: {e}"));
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.close_session();
    }
}

/// Opens the window; with a file, opens it straight away; with `new_from_results`, at
/// the dialog making a new election file.
pub fn run(file: Option<PathBuf>, new_from_results: bool) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("tallyroom")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true)
            .with_icon(window_icon().unwrap_or_default())
            // The desktop entry's StartupWMClass: the taskbar groups the window with it.
            .with_app_id("tallyroom"),
        // The window's layout beside the app's other data (and under TALLYROOM_HOME
        // when that is set), rather than where the toolkit would choose.
        persistence_path: Some(crate::places::Places::current().data.join("app.ron")),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "tallyroom",
        options,
        Box::new(move |cc| {
            let places = crate::places::Places::current();
            // The settings file; the first time, what an earlier version kept in
            // eframe's storage.
            let settings = Settings::load(&places.settings_file())
                .or_else(|| {
                    cc.storage
                        .and_then(|s| s.get_string(settings::STORAGE_KEY))
                        .and_then(|text| serde_json::from_str(&text).ok())
                })
                .unwrap_or_default();
            let mut app = TallyApp::new(settings, places.data.clone(), false);
            app.open_at_start(&cc.egui_ctx, file);
            if new_from_results {
                app.dialog_at_start = Some(PathDialog::new(DialogKind::NewFromCsv));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("the window could not be opened ({e})"))
}

/// The window's icon (the desktop entry's, 128 pixels), for taskbars that take it from
/// the window rather than the desktop entry. `None` if the built-in picture does not
/// decode as RGBA, which a test rules out.
pub fn window_icon() -> Option<egui::IconData> {
    let png_bytes: &[u8] = include_bytes!("../../assets/icons/tallyroom-128.png");
    let reader = png::Decoder::new(std::io::Cursor::new(png_bytes)).read_info();
    let mut reader = reader.ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut rgba).ok()?;
    let rgba8 = info.color_type == png::ColorType::Rgba && info.bit_depth == png::BitDepth::Eight;
    rgba.truncate(info.buffer_size());
    rgba8.then_some(egui::IconData {
        rgba,
        width: info.width,
        height: info.height,
    })
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
        .map_err(|e| crate::window_state::advice::in_window(&e))?;
    if came > 0 {
        let at = jiff::Zoned::now().strftime("%H:%M:%S %Z").to_string();
        session.from_elsewhere = Some((came, at));
    }
    Ok(())
}
