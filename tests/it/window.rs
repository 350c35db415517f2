//! The real window driven through its accessibility tree (no GPU, no display): a
//! volunteer's night at the keyboard.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use tallyroom::app::TallyApp;
use tallyroom::app::settings::Settings;
use tallyroom::tally::outcome::Status;
use tallyroom::window_state::dashboard::{Board, BoardPanel, Panels, ROTATE_EVERY};

use crate::support::commands::tempdir;

pub struct Window {
    pub harness: Harness<'static, TallyApp>,
    _dir: tempfile::TempDir,
}

impl Window {
    /// The app on its start screen, with the Lancashire rehearsal opened from it and
    /// the volunteer's name given.
    /// A few more steps to settle than a window without a baseline: the projection's
    /// own thread asks for a frame when it is done, which may land during a run (the
    /// dashboard's test failed so once, on a busy machine).
    pub fn rehearsal(volunteer: &str) -> Window {
        let mut window = Window::start_with_steps(8);
        window.click("Rehearse the Lancashire 2025 count");
        window.give_name(volunteer);
        window
    }

    /// The app on its start screen, with no file open.
    pub fn start() -> Window {
        Window::start_with_steps(4)
    }

    /// The same, letting a frame settle over more steps: for a window whose sync
    /// worker asks for frames from its own thread whenever events arrive.
    pub fn start_with_steps(max_steps: u64) -> Window {
        Window::start_sized([1400.0, 1000.0], 1.0, max_steps)
    }

    /// The app on its start screen in a window of `pixels`, with text at `zoom` (the
    /// window's default is 1.25).
    pub fn start_sized(pixels: [f32; 2], zoom: f32, max_steps: u64) -> Window {
        let dir = tempdir();
        let app = TallyApp::new(Settings::default(), dir.path().to_path_buf(), true);
        let mut harness = Harness::builder()
            .with_size([pixels[0] / zoom, pixels[1] / zoom])
            .with_pixels_per_point(zoom)
            .with_max_steps(max_steps)
            .build_ui_state(|ui, app: &mut TallyApp| app.show(ui), app);
        harness.run();
        Window { harness, _dir: dir }
    }

    pub fn give_name(&mut self, name: &str) {
        self.harness.get_by_label("Your name").focus();
        self.harness.run();
        self.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        self.harness.run();
        self.harness.get_by_label("Your name").type_text(name);
        self.harness.run();
        self.harness.get_by_label("Start").click();
        self.harness.run();
    }

    pub fn app(&self) -> &TallyApp {
        self.harness.state()
    }

    /// Types text into whatever has focus.
    pub fn type_text(&mut self, text: &str) {
        self.harness.event(egui::Event::Text(text.to_string()));
        self.harness.run();
    }

    pub fn key(&mut self, key: Key) {
        self.harness.key_press(key);
        self.harness.run();
    }

    pub fn ctrl_enter(&mut self) {
        self.harness
            .key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        self.harness.run();
    }

    /// Finds a division by typing its name in the search box and pressing Enter.
    pub fn find(&mut self, name: &str) {
        assert!(
            self.harness.get_by_label("Find division").is_focused(),
            "focus should be on the division search"
        );
        self.type_text(name);
        self.key(Key::Enter);
    }

    /// Types each count with Tab between fields, starting in the first field.
    pub fn type_counts(&mut self, counts: &[&str]) {
        for (i, c) in counts.iter().enumerate() {
            if i > 0 {
                self.key(Key::Tab);
            }
            self.type_text(c);
        }
    }

    pub fn seats(&self, party: &str) -> u64 {
        let store = &self.app().session.as_ref().unwrap().store;
        let p = store.election().parties.find(party).unwrap();
        store.tally().party(p).seats
    }

    pub fn status(&self, division: &str) -> Status {
        let store = &self.app().session.as_ref().unwrap().store;
        store
            .tally()
            .outcome(store.election().find_division(division).unwrap())
            .status
    }

    pub fn has_text(&self, text: &str) -> bool {
        self.harness
            .query_all_by_label_contains(text)
            .next()
            .is_some()
    }

    pub fn is_enabled(&self, label: &str) -> bool {
        !self
            .harness
            .get_by_label(label)
            .accesskit_node()
            .is_disabled()
    }
}

#[test]
fn a_declaration_typed_at_the_keyboard_updates_the_tally() {
    let mut w = Window::rehearsal("Ann");
    assert!(w.has_text("0 of 82 declared, 0 of 84 seats"));
    w.find("Oswaldtwistle");
    assert!(
        w.harness
            .get_by_label("Gaynor Louise Hargreaves")
            .is_focused()
    );
    w.type_counts(&["1475", "1467", "406", "157"]);
    assert!(w.has_text("Majority: 8"), "live preview before declaring");
    w.ctrl_enter();
    assert!(w.has_text("1 of 82 declared, 1 of 84 seats"));
    assert_eq!(w.status("Oswaldtwistle"), Status::Declared);
    assert_eq!(w.seats("Reform UK"), 1);
    assert!(w.has_text("Oswaldtwistle declared: Reform UK gain from Conservative"));
    // Focus is back on the search, ready for the next declaration.
    assert!(w.harness.get_by_label("Find division").is_focused());
    assert_eq!(w.night_events()[0].who, "Ann");
}

impl Window {
    /// Replaces the text of a field.
    pub fn retype(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).focus();
        self.harness.run();
        self.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        self.harness.run();
        self.type_text(text);
    }

    pub fn click(&mut self, label: &str) {
        self.harness.get_by_label(label).click();
        self.harness.run();
    }

    /// Opens a menu and clicks an item (whose label may end with its shortcut).
    pub fn menu(&mut self, menu: &str, item: &str) {
        self.click(menu);
        self.harness.get_by_label_contains(item).click();
        self.harness.run();
    }

    /// Opens an election file by typing its path in the Open dialog, as `volunteer`.
    pub fn open_typed(&mut self, file: &std::path::Path, volunteer: &str) {
        self.click("Open an election file…");
        self.retype("Election file", file.to_str().unwrap());
        self.click("Open");
        self.give_name(volunteer);
    }

    pub fn store(&self) -> &tallyroom::store::Store {
        &self.app().session.as_ref().unwrap().store
    }

    /// The open election's dashboard state, to set what a test does not click.
    pub fn dashboard(&mut self) -> &mut tallyroom::window_state::dashboard::Dashboard {
        &mut self.harness.state_mut().session.as_mut().unwrap().dashboard
    }

    /// Shows one council alone on the dashboard (what its Show: chooses).
    pub fn show_council(&mut self, council: tallyroom::model::CouncilIx) {
        self.dashboard().council = Some(council);
        self.harness.run();
    }

    /// The night's events after the rehearsal's own first one, which gives it its map.
    pub fn night_events(&self) -> Vec<&tallyroom::store::events::Event> {
        let events = self.store().events();
        let from = usize::from(events.first().map(|e| e.change.kind()) == Some("boundaries_set"));
        events[from..].iter().collect()
    }

    pub fn votes(&self, division: &str) -> Option<Vec<u64>> {
        let store = self.store();
        let ix = store.election().find_division(division).unwrap();
        store.tally().declaration(ix).map(|d| d.votes.clone())
    }
}

#[test]
fn a_count_that_is_not_a_whole_number_is_marked_and_blocks_declaring() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["12a", "1467", "406", "157"]);
    // The row shows the code; the sentence is in the checks below the form.
    assert!(w.harness.query_by_label("E01").is_some());
    assert!(
        w.has_text("Error E01: Votes for Gaynor Louise Hargreaves: \"12a\" is not a whole number")
    );
    assert!(w.has_text("Not yet: 1 error to put right"));
    assert!(!w.is_enabled("Declare (Ctrl+Enter)"));
    w.ctrl_enter();
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
    assert!(w.has_text("not saved"));
    w.retype("Gaynor Louise Hargreaves", "1475");
    assert!(w.is_enabled("Declare (Ctrl+Enter)"));
    w.ctrl_enter();
    assert_eq!(w.status("Oswaldtwistle"), Status::Declared);
}

#[test]
fn a_warning_must_be_ticked_before_declaring() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "0"]);
    assert!(w.has_text("Not yet: 1 warning to tick as checked"));
    w.ctrl_enter();
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
    w.harness
        .get_by_label_contains("Votes for Nancy Mills: exactly zero (W05)")
        .click();
    w.harness.run();
    assert!(w.is_enabled("Declare (Ctrl+Enter)"));
    w.click("Declare (Ctrl+Enter)");
    assert_eq!(w.status("Oswaldtwistle"), Status::Declared);
    assert_eq!(w.votes("Oswaldtwistle"), Some(vec![1475, 1467, 406, 0]));
}

#[test]
fn a_tie_waits_for_the_drawing_of_lots() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1475", "406", "157"]);
    assert!(
        w.has_text("Tie for the last seat between Gaynor Louise Hargreaves and Peter Britcliffe")
    );
    w.ctrl_enter();
    assert_eq!(w.status("Oswaldtwistle"), Status::Tied);
    assert!(w.has_text("1 tied: lots to be drawn"));
    assert_eq!(w.seats("Conservative") + w.seats("Reform UK"), 0);
    assert!(!w.is_enabled("Record lots drawn"));
    w.click("Won the draw: Peter Britcliffe");
    w.click("Record lots drawn");
    assert_eq!(w.status("Oswaldtwistle"), Status::Declared);
    assert_eq!(w.seats("Conservative"), 1);
    assert!(w.has_text("Peter Britcliffe (Conservative, by lot)"));
}

#[test]
fn a_correction_keeps_the_old_figures_and_its_reason() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "157"]);
    w.ctrl_enter();
    w.find("Oswaldtwistle");
    w.click("Correct these figures…");
    w.retype("Peter Britcliffe", "1476");
    assert!(w.has_text("Not yet: give the reason for the correction"));
    w.retype("Reason for the correction", "recount");
    w.ctrl_enter();
    assert_eq!(w.votes("Oswaldtwistle"), Some(vec![1475, 1476, 406, 157]));
    assert_eq!(w.seats("Conservative"), 1);
    assert_eq!(w.seats("Reform UK"), 0);
    let store = w.store();
    let trail = tallyroom::store::audit::trail(store.election(), store.events());
    let trail: Vec<_> = trail
        .iter()
        .filter(|l| l.kind != "boundaries_set")
        .collect();
    assert_eq!(trail[1].kind, "corrected");
    assert_eq!(trail[1].what, "Peter Britcliffe 1467 -> 1476");
    assert_eq!(trail[1].reason.as_deref(), Some("recount"));
    // The audit view lists it.
    w.menu("Night", "Audit log");
    assert!(w.has_text("corrected: Peter Britcliffe 1467 -> 1476 (reason: recount)"));
}

#[test]
fn undo_withdraws_the_last_declaration_after_confirming() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "157"]);
    w.ctrl_enter();
    assert!(w.has_text("1 of 82 declared"));
    w.menu("Night", "Undo last declaration…");
    assert!(w.has_text("Oswaldtwistle will be awaiting again"));
    w.click("Undo it");
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
    assert!(w.has_text("0 of 82 declared"));
    let kinds: Vec<&str> = w.night_events().iter().map(|e| e.change.kind()).collect();
    assert_eq!(kinds, ["declared", "withdrawn"]);
}

#[test]
fn double_entry_declares_only_matching_figures() {
    let mut w = Window::rehearsal("Ann");
    w.menu("Night", "Double entry (two volunteers type each result)");
    w.harness.key_press(Key::Escape);
    w.harness.run();
    assert!(w.store().night().double_entry);
    w.harness.get_by_label("Find division").focus();
    w.harness.run();
    w.find("Oswaldtwistle");
    assert!(w.has_text("Double entry: first entry"));
    w.type_counts(&["1475", "1467", "406", "157"]);
    w.ctrl_enter();
    assert_eq!(
        w.status("Oswaldtwistle"),
        Status::Awaiting,
        "a first entry does not count"
    );

    // The same volunteer cannot make the second entry.
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "157"]);
    w.ctrl_enter();
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
    assert!(w.has_text("must be typed by another volunteer"));

    w.menu("Night", "Change volunteer…");
    w.give_name("Bob");
    w.find("Oswaldtwistle");
    assert!(w.has_text("typed by Ann"));
    w.type_counts(&["1475", "1476", "406", "157"]);
    w.ctrl_enter();
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
    assert!(w.has_text("differs from the first in 1 field"));
    assert!(w.has_text("Peter Britcliffe: first 1467, second 1476"));
    w.click("Use the first entry's figures");
    w.ctrl_enter();
    assert_eq!(w.status("Oswaldtwistle"), Status::Declared);
    assert_eq!(w.votes("Oswaldtwistle"), Some(vec![1475, 1467, 406, 157]));
    let who: Vec<(&str, &str)> = w
        .night_events()
        .iter()
        .map(|e| (e.change.kind(), e.who.as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("double_entry", "Ann"),
            ("first_entry", "Ann"),
            ("declared", "Bob")
        ]
    );
}

#[test]
fn the_whole_lancashire_night_typed_through_the_form_gives_the_results_file_summary() {
    use tallyroom::report::{SummaryOptions, summarise};
    let mut w = Window::rehearsal("Ann");
    let mut reader =
        csv::Reader::from_path(crate::support::elections::sample("lancashire-2025.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (d, v) = (col("division"), col("votes"));
    let mut night: Vec<(String, Vec<String>)> = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        match night.last_mut() {
            Some((name, votes)) if name == &row[d] => votes.push(row[v].to_string()),
            _ => night.push((row[d].to_string(), vec![row[v].to_string()])),
        }
    }
    assert_eq!(night.len(), 82);
    for (division, votes) in &night {
        w.find(division);
        let counts: Vec<&str> = votes.iter().map(String::as_str).collect();
        w.type_counts(&counts);
        w.ctrl_enter();
        assert_eq!(
            w.status(division),
            Status::Declared,
            "{division}: {:?}",
            w.app().messages.items
        );
    }
    assert!(w.has_text("82 of 82 declared, 84 of 84 seats"));
    // The council's result against 2021, as the status bar and the live panel say it.
    assert!(w.has_text("Reform UK gain from Conservative"));

    let typed =
        serde_json::to_value(summarise(w.store().tally(), &SummaryOptions::default())).unwrap();
    let file =
        crate::support::commands::load(&crate::support::elections::sample("lancashire-2025.csv"));
    let from_file = serde_json::to_value(summarise(&file, &SummaryOptions::default())).unwrap();
    let strip = |mut v: serde_json::Value| {
        v["election"] = serde_json::Value::Null;
        v["baseline"] = serde_json::Value::Null;
        // The rehearsal has a baseline, so its change of control is known.
        v["control"]["change"] = serde_json::Value::Null;
        for d in v["divisions"].as_array_mut().unwrap() {
            d["declared_at"] = serde_json::Value::Null;
            d["result"] = serde_json::Value::Null;
            d["has_baseline"] = serde_json::Value::Null;
        }
        for p in v["parties"].as_array_mut().unwrap() {
            for k in ["seats_change", "share_change", "gains", "losses"] {
                p[k] = serde_json::Value::Null;
            }
        }
        // Parties only in the baseline appear in the rehearsal's table with no votes.
        v["parties"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["candidates"].as_u64() != Some(0));
        v
    };
    assert_eq!(strip(typed), strip(from_file));
}

#[test]
fn files_open_and_export_by_typed_path_when_there_is_no_file_dialog() {
    let mut w = Window::start();
    let file = w._dir.path().join("night.tally");
    let sample = crate::support::elections::sample("lancashire-2025.csv");
    let out = crate::support::commands::run(&[
        "new",
        "--from",
        sample.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    w.open_typed(&file, "Ann");
    assert!(w.has_text("82 of 82 declared, 84 of 84 seats"));
    assert_eq!(w.app().settings.last_file.as_deref(), Some(file.as_path()));

    let export = w._dir.path().join("divisions.csv");
    w.menu("File", "Export divisions CSV…");
    w.retype("Save as", export.to_str().unwrap());
    w.click("Export");
    let text = std::fs::read_to_string(&export).unwrap();
    assert_eq!(text.lines().count(), 83);
    assert!(w.has_text(&format!("Exported {}", export.display())));
}

#[test]
fn a_declaration_changes_the_seat_bars_and_the_feed_in_the_same_frame() {
    let mut w = Window::rehearsal("Ann");
    assert!(w.has_text("No declarations yet"));
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "157"]);
    assert!(!w.has_text("Reform UK: 1"));
    w.harness
        .key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    // One frame: the keyboard's declaration is in every panel of it.
    w.harness.step();
    assert!(w.has_text("Reform UK: 1 (+1)"));
    assert!(w.has_text("Oswaldtwistle: Reform UK gain from Conservative, majority 8"));
    assert!(w.has_text("1 of 82 declared, 1 of 84 seats"));
}

#[test]
fn the_dashboard_tab_and_the_board_open() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "157"]);
    w.ctrl_enter();
    w.click("Dashboard");
    assert!(w.has_text("Path to control"));
    assert!(w.has_text("won 1, needs 42 more, can reach 84"));
    assert!(w.has_text("Vote share"));
    assert!(w.has_text("share of all votes"));
    w.harness
        .get_by_label("top candidate per party and division")
        .click();
    w.harness.run();
    assert!(w.has_text("share counting each party's top candidate per division"));
    w.click("Board for the projector");
    assert!(w.app().session.as_ref().unwrap().dashboard.board_open);
    assert!(w.has_text("Full screen (F11, Esc to leave)"));
    assert!(w.has_text("Lancashire County Council 2025 (rehearsal)"));
    // The latest declaration as a card: where, what happened, who, by how much.
    assert!(w.has_text("Latest: Oswaldtwistle"));
    assert!(w.has_text("Gaynor Louise Hargreaves (Reform UK)"));
    // 8 of the 3,505 votes cast.
    assert!(w.has_text("Majority 8 (0.2%)"));
    // Panels by hand, and in turn when rotating.
    w.click("Chamber");
    let board = |w: &Window| w.app().session.as_ref().unwrap().dashboard.board.panel;
    assert_eq!(board(&w), BoardPanel::Chamber);
    w.click("Latest results");
    assert_eq!(board(&w), BoardPanel::Latest);
    w.click("Seats");
    let mut rotating = Board::default();
    rotating.rotate = true;
    let start = std::time::Instant::now();
    assert_eq!(
        rotating.turn_at(start, Panels::default()),
        Some(ROTATE_EVERY)
    );
    assert_eq!(rotating.panel, BoardPanel::Seats);
    rotating.turn_at(start + ROTATE_EVERY, Panels::default());
    assert_eq!(rotating.panel, BoardPanel::Chamber);
    rotating.turn_at(start + ROTATE_EVERY * 2, Panels::default());
    assert_eq!(rotating.panel, BoardPanel::Latest);
    rotating.turn_at(start + ROTATE_EVERY * 3, Panels::default());
    assert_eq!(rotating.panel, BoardPanel::Seats, "and round again");
}

#[test]
fn the_volunteer_prompt_takes_the_keyboard_and_enter_confirms() {
    let mut w = Window::start();
    w.click("Rehearse the Lancashire 2025 count");
    let harness = &mut w.harness;
    assert!(harness.get_by_label("Your name").is_focused());
    harness.event(egui::Event::Text("Cat".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let session = harness.state().session.as_ref().unwrap();
    assert!(session.volunteer_confirmed);
    assert_eq!(session.store.identity().who, "Cat");
}

#[test]
fn each_chart_offers_a_picture_of_itself() {
    let mut w = Window::rehearsal("Ann");
    w.click("Dashboard");
    w.click("Save Seats by party as PNG");
    assert!(w.has_text("Save Seats by party as a picture"));
    let path = w
        .harness
        .get_by_label("Save as")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert!(path.ends_with("-seats-by-party.png"), "{path}");
    assert!(
        w.app()
            .session
            .as_ref()
            .unwrap()
            .dashboard
            .rect("Seats by party")
            .is_some()
    );
}

#[test]
fn a_democracy_club_export_is_loaded_by_ticking_its_elections() {
    let mut w = Window::start();
    let dc = w._dir.path().join("candidates.csv");
    std::fs::write(&dc, crate::formats::DC_SAMPLE).unwrap();
    let out = w._dir.path().join("leeds.tally");
    w.click("New from a CSV…");
    w.retype("Set-up CSV", dc.to_str().unwrap());
    assert!(w.has_text("holds several elections"));
    w.click("local.leeds.2026-05-07 (1 ballots, 2 candidates)");
    w.retype("New election file", out.to_str().unwrap());
    w.click("Create");
    w.give_name("Ann");
    assert!(w.has_text("0 of 1 declared, 0 of 1 seats"));
    assert_eq!(w.store().election().divisions[0].name, "Headingley");
}

#[test]
fn a_corrected_release_read_in_the_window_lists_its_corrections() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "157"]);
    w.ctrl_enter();
    let release = w._dir.path().join("release.csv");
    let text = std::fs::read_to_string(crate::support::elections::sample("lancashire-2025.csv"))
        .unwrap()
        .replace(
            "Peter Britcliffe,Conservative,1467",
            "Peter Britcliffe,Conservative,1470",
        );
    std::fs::write(&release, text).unwrap();
    w.menu("File", "Update from a newer release…");
    w.retype("Results file", release.to_str().unwrap());
    w.click("Update");
    assert!(w.has_text("corrected Oswaldtwistle: Peter Britcliffe 1467 -> 1470"));
    assert!(w.has_text("saved: 81 declared, 1 corrected, 0 unchanged"));
    assert!(w.has_text("82 of 82 declared"));
}

#[test]
fn two_candidates_of_one_name_are_told_apart_in_the_entry_form_and_the_log() {
    let mut w = Window::start();
    let dir = w._dir.path().to_path_buf();
    let sheet = dir.join("mid-bucks.csv");
    std::fs::write(
        &sheet,
        "division,seats,candidate,party,votes\n\
         Mid Buckinghamshire,1,Carissma Griffiths,Labour,\n\
         Mid Buckinghamshire,1,Greg Smith,Green Party,\n\
         Mid Buckinghamshire,1,Greg Smith,Conservative,\n",
    )
    .unwrap();
    let file = dir.join("mid-bucks.tally");
    let out = crate::support::commands::run(&[
        "new",
        "--from",
        sheet.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    w.open_typed(&file, "Ann");
    w.find("Mid Buckinghamshire");
    // Each vote field is named for its own Greg Smith.
    assert!(w.has_text("Greg Smith (Green Party)"));
    assert!(w.has_text("Greg Smith (Conservative)"));
    w.type_counts(&["9171", "2942", "20150"]);
    w.ctrl_enter();
    assert_eq!(
        w.votes("Mid Buckinghamshire"),
        Some(vec![9171, 2942, 20150])
    );
    assert_eq!(w.seats("Conservative"), 1);
    let log = crate::support::commands::run(&["log", file.to_str().unwrap()]);
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.contains("Greg Smith (Green Party) 2942"), "{log}");
}

#[test]
fn a_declaration_written_by_another_process_appears_without_any_input() {
    let mut w = Window::start();
    let file = w._dir.path().join("night.tally");
    let sheet = crate::support::elections::sample("lancashire-2025-rehearsal.csv");
    crate::support::commands::run_ok(&[
        "new",
        "--from",
        sheet.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    w.open_typed(&file, "Ann");
    assert!(w.has_text("0 of 82 declared"));
    // Another copy of the app (a second store on the same file) declares a division.
    let mut other = tallyroom::store::Store::open(
        &file,
        tallyroom::store::events::Identity {
            who: "Bob".into(),
            machine: "other".into(),
        },
    )
    .unwrap();
    let d = other.election().find_division("Oswaldtwistle").unwrap();
    let declaration = tallyroom::model::Declaration {
        votes: vec![1475, 1467, 406, 157],
        ..Default::default()
    };
    other.declare(d, &declaration).unwrap();
    // No key, no click: only frames, as a window idle on a laptop has.
    std::thread::sleep(std::time::Duration::from_millis(600));
    w.harness.step();
    assert_eq!(w.votes("Oswaldtwistle"), Some(vec![1475, 1467, 406, 157]));
    w.harness.step();
    assert!(w.has_text("1 of 82 declared, 1 of 84 seats"));
    assert!(w.has_text("1 change from elsewhere at"));
}

#[test]
fn a_remembered_volunteer_name_is_replaced_by_what_is_typed() {
    let dir = tempdir();
    let settings = Settings {
        volunteer: "Ada".into(),
        ..Settings::default()
    };
    let app = TallyApp::new(settings, dir.path().to_path_buf(), true);
    let mut harness = Harness::builder()
        .with_size([1400.0, 1000.0])
        .with_max_steps(4)
        .build_ui_state(|ui, app: &mut TallyApp| app.show(ui), app);
    harness.run();
    harness
        .get_by_label("Rehearse the Lancashire 2025 count")
        .click();
    harness.run();
    assert!(harness.get_by_label("Your name").is_focused());
    harness.event(egui::Event::Text("Bea".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let session = harness.state().session.as_ref().unwrap();
    assert_eq!(session.store.identity().who, "Bea", "not \"AdaBea\"");
}

#[test]
fn the_board_at_1080p_shows_each_party_s_seats_in_numbers_48_pixels_tall() {
    let dir = tempdir();
    let file = dir.path().join("lancs.tally");
    let source = crate::support::elections::sample("lancashire-2025.csv");
    crate::support::commands::run_ok(&[
        "new",
        "--from",
        source.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    let app = TallyApp::new(Settings::default(), dir.path().to_path_buf(), true);
    let harness = Harness::builder()
        .with_size([1920.0, 1080.0])
        .with_max_steps(4)
        .build_ui_state(|ui, app: &mut TallyApp| app.show(ui), app);
    let mut w = Window { harness, _dir: dir };
    w.harness.run();
    w.open_typed(&file, "Ann");
    w.click("Dashboard");
    w.click("Board for the projector");
    // Reform UK 53, Conservative 8, Independent 7, Labour 5, Liberal Democrats 5,
    // Green Party 4, Our West Lancashire 2.
    for seats in ["53", "8", "7", "5", "4", "2"] {
        let tallest = w
            .harness
            .query_all_by_label(seats)
            .map(|n| n.rect().height())
            .fold(0.0_f32, f32::max);
        assert!(tallest >= 48.0, "{seats}: {tallest} px");
    }
}

/// One frame that receives `events` at once, as when keys come faster than frames;
/// `paced`: through the window's input hook, as the real window does.
fn fast_frame(w: &mut Window, events: Vec<egui::Event>, paced: bool) {
    w.harness.input_mut().events.extend(events);
    loop {
        let mut keystrokes = std::mem::take(&mut w.harness.state_mut().keystrokes);
        let waiting = paced && keystrokes.pace(&mut w.harness.input_mut().events);
        w.harness.state_mut().keystrokes = keystrokes;
        w.harness.step();
        if !waiting {
            break;
        }
    }
    w.harness.run();
}

#[test]
fn digits_typed_in_the_same_frame_as_tab_go_to_the_next_field() {
    let tab = egui::Event::Key {
        key: Key::Tab,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    let text = |t: &str| egui::Event::Text(t.into());
    let typed = |paced: bool| {
        let mut w = Window::rehearsal("Ann");
        w.find("Oswaldtwistle");
        fast_frame(
            &mut w,
            vec![
                text("1475"),
                tab.clone(),
                text("1467"),
                tab.clone(),
                text("406"),
            ],
            paced,
        );
        let form = &w.app().session.as_ref().unwrap().form;
        form.votes[..3].to_vec()
    };
    // Without pacing, egui gives the digits after Tab to the field being left.
    assert_ne!(typed(false), vec!["1475", "1467", "406"]);
    // The window paces its input: each count lands in its own field.
    assert_eq!(typed(true), vec!["1475", "1467", "406"]);
}

#[test]
fn a_declared_division_is_on_the_map_with_its_winner_and_a_click_opens_it() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "157"]);
    w.ctrl_enter();
    w.click("Dashboard");
    assert!(w.has_text("Results map"));
    // Each shape tells a screen reader its division, where it stands and who won.
    assert!(
        w.has_text(
            "Map: Oswaldtwistle: declared, Reform UK gain from Conservative; elected Gaynor Louise Hargreaves (Reform UK); majority 8"
        ),
        "the declared division on the map with its winner"
    );
    assert!(w.has_text("Map: Accrington North: awaiting"));
    // The rehearsal came with its map: the log's first event.
    assert_eq!(w.store().events()[0].change.kind(), "boundaries_set");
    assert_eq!(w.harness.query_all_by_label_contains("Map: ").count(), 82);
    // The credit for the boundaries is in the map's corner; the legend names the party.
    let session = w.app().session.as_ref().unwrap();
    let map = session.store.night().map.as_ref().unwrap();
    assert!(
        map.boundaries
            .attribution
            .contains("Office for National Statistics")
    );
    assert!(w.has_text("Reform UK"));
    // A click on the shape opens the division in the entry form.
    w.harness
        .get_by_label_contains("Map: Accrington North")
        .click();
    w.harness.run();
    let session = w.app().session.as_ref().unwrap();
    assert_eq!(session.tab, tallyroom::window_state::session::Tab::Entry);
    let accrington = session
        .store
        .election()
        .find_division("Accrington North")
        .unwrap();
    assert_eq!(session.form.division, Some(accrington));
    // Night → Map boundaries…: shapes of another night are refused, and the map kept.
    w.menu("Night", "Map boundaries…");
    let hexes = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/maps/westminster-2024.hexjson");
    w.retype("Boundary file", hexes.to_str().unwrap());
    w.click("Read boundaries");
    assert!(w.has_text("none of the 650 shapes in westminster-2024.hexjson"));
    assert!(!w.store().night().map.as_ref().unwrap().boundaries.is_hex());
    w.menu("Night", "Map boundaries…");
    let divisions = crate::support::elections::sample("lancashire-2025-divisions.geojson");
    w.retype("Boundary file", divisions.to_str().unwrap());
    w.click("Read boundaries");
    assert!(w.has_text(
        "Map boundaries from lancashire-2025-divisions.geojson: 82 of 82 divisions have a shape (82 by code, 0 by name)"
    ));
}

#[test]
fn results_by_constituency_become_the_baseline_from_the_window() {
    // Notional results on new boundaries come as party totals by constituency: the
    // Baseline dialog reads them as it reads any results file.
    let mut w = Window::start();
    let file = w._dir.path().join("ge2019.tally");
    let data =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/general-elections");
    let out = crate::support::commands::run(&[
        "new",
        "--from",
        data.join("ge2019-results-by-candidate.csv")
            .to_str()
            .unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    w.open_typed(&file, "Ann");
    w.menu("Night", "Baseline (previous election)…");
    let totals = data.join("ge2017-results-by-constituency.csv");
    w.retype("Baseline results", totals.to_str().unwrap());
    w.click("Use as baseline");
    let baseline = w.store().election().baseline.clone().expect("a baseline");
    assert_eq!(baseline.divisions.iter().flatten().count(), 650);
    assert!(
        w.app()
            .messages
            .items
            .iter()
            .any(|m| m.text.contains("read as results by constituency")),
        "{:?}",
        w.app().messages.items
    );
    let conservative = w.store().election().parties.find("Conservative").unwrap();
    assert_eq!(w.store().tally().seats_change(conservative), Some(48));
}
