//! What is saved is what was typed: keys that come faster than frames, the marks a
//! field gets, the message line, leaving a form, finding a division and undoing, as a
//! volunteer at the keyboard meets them.

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use tallyroom::store::events::Change;
use tallyroom::tally::outcome::Status;

use crate::window::Window;

fn key(key: Key, modifiers: Modifiers) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

fn ctrl_enter() -> egui::Event {
    key(Key::Enter, Modifiers::COMMAND)
}

fn text(t: &str) -> egui::Event {
    egui::Event::Text(t.into())
}

/// One burst of events arriving in a single frame, through the window's own input
/// hook (as eframe calls it), then as many frames as the events held back need.
pub fn burst(w: &mut Window, events: Vec<egui::Event>) {
    w.harness.input_mut().events.extend(events);
    for _ in 0..20 {
        let ctx = w.harness.ctx.clone();
        let mut input = std::mem::take(w.harness.input_mut());
        eframe::App::raw_input_hook(w.harness.state_mut(), &ctx, &mut input);
        *w.harness.input_mut() = input;
        w.harness.step();
        if !w.app().keystrokes.waiting() {
            break;
        }
    }
    w.harness.run();
}

/// The figures of the newest event of the file, read from disk by a second store.
fn newest_on_disk(w: &Window) -> (String, Vec<u64>) {
    let store = tallyroom::store::Store::open(
        w.store().path(),
        tallyroom::store::events::Identity::new(Some("reader")),
    )
    .unwrap();
    let event = store.events().last().unwrap();
    let figures = match &event.change {
        Change::Declared(f) | Change::Corrected(f) | Change::FirstEntry(f) => f.votes.clone(),
        other => panic!("the newest event is {}, not figures", other.kind()),
    };
    (event.change.kind().to_string(), figures)
}

/// Types the first counts of Oswaldtwistle with Tab after each, ready for the last.
fn all_but_the_last(w: &mut Window) {
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406"]);
    w.key(Key::Tab);
}

#[test]
fn the_last_count_and_ctrl_enter_in_one_frame_are_saved_as_typed() {
    let mut w = Window::rehearsal("Ann");
    all_but_the_last(&mut w);
    // "157" as three keys, and Ctrl+Enter, all in one frame: a fast typist, or a
    // slow frame on a laptop without a graphics card.
    burst(&mut w, vec![text("1"), text("5"), text("7"), ctrl_enter()]);
    assert_eq!(w.status("Oswaldtwistle"), Status::Declared);
    assert_eq!(
        newest_on_disk(&w),
        ("declared".into(), vec![1475, 1467, 406, 157])
    );
    // The message says what the file holds.
    assert!(w.has_text("(saved: 1,475 · 1,467 · 406 · 157)"));
}

#[test]
fn the_last_count_and_a_click_on_declare_in_one_frame_are_saved_as_typed() {
    let mut w = Window::rehearsal("Ann");
    all_but_the_last(&mut w);
    // "15" of "157" typed: the form is whole and Declare is where it will be.
    w.type_text("15");
    let at = w
        .harness
        .get_by_label("Declare (Ctrl+Enter)")
        .rect()
        .center();
    let press = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    burst(
        &mut w,
        vec![
            text("7"),
            egui::Event::PointerMoved(at),
            press(true),
            press(false),
        ],
    );
    assert_eq!(w.status("Oswaldtwistle"), Status::Declared);
    assert_eq!(
        newest_on_disk(&w),
        ("declared".into(), vec![1475, 1467, 406, 157])
    );
}

#[test]
fn first_and_second_entries_and_corrections_are_saved_as_typed() {
    let mut w = Window::rehearsal("Ann");
    w.menu("Night", "Double entry (two volunteers type each result)");
    w.harness.key_press(Key::Escape);
    w.harness.run();
    w.harness.get_by_label("Find division").focus();
    w.harness.run();
    all_but_the_last(&mut w);
    burst(&mut w, vec![text("15"), text("7"), ctrl_enter()]);
    assert_eq!(
        newest_on_disk(&w),
        ("first_entry".into(), vec![1475, 1467, 406, 157])
    );

    w.menu("Night", "Change volunteer…");
    w.give_name("Bob");
    all_but_the_last(&mut w);
    burst(&mut w, vec![text("1"), text("57"), ctrl_enter()]);
    assert_eq!(w.status("Oswaldtwistle"), Status::Declared);
    assert_eq!(
        newest_on_disk(&w),
        ("declared".into(), vec![1475, 1467, 406, 157])
    );

    // A correction: the reason first, then the changed count and Ctrl+Enter at once.
    w.find("Oswaldtwistle");
    w.click("Correct these figures…");
    w.retype("Reason for the correction", "recount");
    w.harness.get_by_label("Nancy Mills").focus();
    w.harness.run();
    w.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    w.harness.run();
    burst(&mut w, vec![text("16"), text("0"), ctrl_enter()]);
    assert_eq!(
        newest_on_disk(&w),
        ("corrected".into(), vec![1475, 1467, 406, 160])
    );
}

/// The last digit and a click on `button` in one frame, the other digits typed
/// already (so that the button stands where it will be clicked).
fn last_digit_and_click(w: &mut Window, button: &str, digit: &str) {
    let at = w.harness.get_by_label(button).rect().center();
    let press = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    burst(
        w,
        vec![
            text(digit),
            egui::Event::PointerMoved(at),
            press(true),
            press(false),
        ],
    );
}

#[test]
fn first_and_second_entries_and_corrections_saved_with_a_click_are_saved_as_typed() {
    let mut w = Window::rehearsal("Ann");
    w.menu("Night", "Double entry (two volunteers type each result)");
    w.harness.key_press(Key::Escape);
    w.harness.run();
    w.harness.get_by_label("Find division").focus();
    w.harness.run();
    all_but_the_last(&mut w);
    w.type_text("15");
    last_digit_and_click(&mut w, "Save first entry (Ctrl+Enter)", "7");
    assert_eq!(
        newest_on_disk(&w),
        ("first_entry".into(), vec![1475, 1467, 406, 157])
    );
    w.menu("Night", "Change volunteer…");
    w.give_name("Bob");
    all_but_the_last(&mut w);
    w.type_text("15");
    last_digit_and_click(&mut w, "Check second entry (Ctrl+Enter)", "7");
    assert_eq!(
        newest_on_disk(&w),
        ("declared".into(), vec![1475, 1467, 406, 157])
    );
    w.find("Oswaldtwistle");
    w.click("Correct these figures…");
    w.retype("Reason for the correction", "recount");
    w.retype("Nancy Mills", "16");
    last_digit_and_click(&mut w, "Save correction (Ctrl+Enter)", "0");
    assert_eq!(
        newest_on_disk(&w),
        ("corrected".into(), vec![1475, 1467, 406, 160])
    );
}

#[test]
fn a_field_not_reached_is_not_marked_until_it_is_left_empty_or_declaring_is_tried() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475"]);
    w.key(Key::Tab);
    // Three fields not reached yet: nothing red, only what is still to do.
    assert!(!w.has_text("no count entered"));
    assert!(w.has_text("Not yet: 3 counts still to type"));
    // Left empty: now it is marked.
    w.key(Key::Tab);
    assert!(w.has_text("Error E03: Votes for Peter Britcliffe: no count entered"));
    assert!(!w.has_text("Votes for Nancy Mills: no count entered"));
    // Declaring marks every field without a count, and saves nothing.
    w.ctrl_enter();
    assert!(w.has_text("Votes for Nancy Mills: no count entered"));
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
}

#[test]
fn messages_take_one_line_and_go_when_dismissed_or_saved() {
    let mut w = Window::rehearsal("Ann");
    // The rehearsal's "Opened …" notice is the first message.
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "12a"]);
    w.ctrl_enter();
    w.retype("Peter Britcliffe", "1467");
    w.retype("Caitlin Pritchard", "x");
    w.ctrl_enter();
    // The newest message alone, with a count of the older ones ("Opened …" and the
    // first "not saved").
    assert!(w.has_text("+2 older"));
    assert_eq!(
        w.harness
            .query_all_by_label_contains("Oswaldtwistle: not saved")
            .count(),
        1
    );
    // Once the division saves, its "not saved" messages go.
    w.retype("Caitlin Pritchard", "406");
    w.retype("Nancy Mills", "157");
    w.ctrl_enter();
    assert_eq!(w.status("Oswaldtwistle"), Status::Declared);
    assert!(
        !w.app()
            .messages
            .items
            .iter()
            .any(|m| m.text.contains("not saved"))
    );
    w.click("Dismiss all");
    assert!(w.has_text("No messages"));
}

#[test]
fn esc_with_figures_typed_keeps_them_as_a_draft_until_declared_or_discarded() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467"]);
    w.key(Key::Escape);
    assert!(w.harness.get_by_label("Find division").is_focused());
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
    assert!(w.has_text("Oswaldtwistle: the figures typed are kept as a draft, not saved"));
    // Back to it: the figures are there, said to be a draft.
    w.find("Oswaldtwistle");
    let form = &w.app().session.as_ref().unwrap().form;
    assert_eq!(form.votes[..2], ["1475", "1467"]);
    assert!(w.has_text("A draft: these figures were typed earlier and are not saved yet."));
    // It goes on where it was left: the next count, not over the first.
    assert!(w.harness.get_by_label("Caitlin Pritchard").is_focused());
    assert!(w.has_text("draft, not saved"), "the list says so too");
    w.click("Discard the draft");
    let form = &w.app().session.as_ref().unwrap().form;
    assert!(form.is_blank());
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
}

#[test]
fn enter_with_no_match_keeps_the_search_and_suggests_the_nearest_name() {
    let mut w = Window::rehearsal("Ann");
    w.find("oswaldtwistel");
    assert!(w.harness.get_by_label("Find division").is_focused());
    assert!(w.has_text(
        "No division matches \"oswaldtwistel\" — did you mean Oswaldtwistle? (Enter again opens it)"
    ));
    let form = &w.app().session.as_ref().unwrap().form;
    assert_eq!(form.division, None, "nothing opened without asking");
    // Enter again on the same words opens the suggestion; so does its button.
    w.key(Key::Enter);
    let session = w.app().session.as_ref().unwrap();
    let ix = session.store.election().find_division("Oswaldtwistle");
    assert_eq!(session.form.division, ix);
    w.key(Key::Escape);
    w.find("oswaldtwistel");
    w.click("Open Oswaldtwistle");
    let session = w.app().session.as_ref().unwrap();
    let ix = session.store.election().find_division("Oswaldtwistle");
    assert_eq!(session.form.division, ix);
    // Words in another order, and no "&", still find a division.
    w.key(Key::Escape);
    w.find("bridge lostock bamber hall");
    let session = w.app().session.as_ref().unwrap();
    let name = &session
        .store
        .election()
        .division(session.form.division.unwrap())
        .name;
    assert_eq!(name, "Lostock Hall & Bamber Bridge");
}

#[test]
fn coming_back_to_a_field_selects_its_count_so_typing_replaces_it() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467"]);
    // Shift+Tab back to the first field, and type over it.
    w.harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    w.harness.run();
    w.type_text("1476");
    let form = &w.app().session.as_ref().unwrap().form;
    assert_eq!(form.votes[..2], ["1476", "1467"]);
}

#[test]
fn ctrl_z_after_a_declaration_undoes_it_after_asking_and_opens_its_form() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467", "406", "157"]);
    w.ctrl_enter();
    // Focus is in the empty search: Ctrl+Z is the night's, not the text's.
    assert!(w.harness.get_by_label("Find division").is_focused());
    w.harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    w.harness.run();
    assert!(w.has_text("Undo the last declaration?"));
    assert_eq!(
        w.status("Oswaldtwistle"),
        Status::Declared,
        "not before asking"
    );
    w.click("Undo it");
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
    assert!(
        w.harness
            .get_by_label("Gaynor Louise Hargreaves")
            .is_focused()
    );
    // With a count being typed, Ctrl+Z is the field's.
    w.type_text("12");
    w.harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    w.harness.run();
    assert!(!w.has_text("Undo the last declaration?"));
}

#[test]
fn esc_closes_the_audit_log_and_dialogs() {
    let mut w = Window::rehearsal("Ann");
    w.menu("Night", "Audit log");
    assert!(w.app().session.as_ref().unwrap().audit_open);
    w.key(Key::Escape);
    assert!(!w.app().session.as_ref().unwrap().audit_open);
    w.menu("File", "Open…");
    assert!(w.has_text("Open an election file"));
    w.key(Key::Escape);
    assert!(!w.has_text("Open an election file"));
}

#[test]
fn a_whole_declaration_in_one_burst_from_the_search_lands_field_by_field() {
    let mut w = Window::rehearsal("Ann");
    w.type_text("Accrington South");
    let tab = || key(Key::Tab, Modifiers::NONE);
    // Enter opens the division; its first field has the keyboard only a frame
    // later, and the counts typed straight after Enter wait for it.
    burst(
        &mut w,
        vec![
            key(Key::Enter, Modifiers::NONE),
            text("1297"),
            tab(),
            text("1000"),
            tab(),
            text("967"),
            tab(),
            text("292"),
            ctrl_enter(),
        ],
    );
    assert_eq!(
        newest_on_disk(&w),
        ("declared".into(), vec![1297, 1000, 967, 292])
    );
}

#[test]
fn enter_into_a_field_with_a_count_selects_it_so_typing_replaces_it() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "1467"]);
    // Back to the first count, and on with Enter: the second count is selected.
    w.harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    w.harness.run();
    w.key(Key::Enter);
    w.type_text("1468");
    let form = &w.app().session.as_ref().unwrap().form;
    assert_eq!(form.votes[..2], ["1475", "1468"]);
}

#[test]
fn declaring_with_a_count_to_put_right_takes_the_keyboard_to_it() {
    let mut w = Window::rehearsal("Ann");
    w.find("Oswaldtwistle");
    w.type_counts(&["1475", "14x7", "406", "157"]);
    w.ctrl_enter();
    assert_eq!(w.status("Oswaldtwistle"), Status::Awaiting);
    assert!(w.harness.get_by_label("Peter Britcliffe").is_focused());
    // Its text is selected: the right count replaces it.
    w.type_text("1467");
    w.ctrl_enter();
    assert_eq!(w.votes("Oswaldtwistle"), Some(vec![1475, 1467, 406, 157]));
}

/// The declaration of Accrington South as the returning officer reads it: the votes,
/// the rejected papers under each heading, the papers counted and verified.
fn type_a_declaration_with_headings(w: &mut Window, verified: &str) {
    w.find("Accrington South");
    // Votes; Tab past ballot papers issued and the rejected total (the headings give
    // it); one Tab after each heading, then counted and verified.
    w.type_counts(&[
        "1297", "1000", "967", "292", "", "", "3", "1", "2", "6", "3568", verified,
    ]);
}

/// Accrington South's declaration as the file holds it, read by a second store.
fn accrington_south_on_disk(w: &Window) -> tallyroom::model::Declaration {
    let store = tallyroom::store::Store::open(
        w.store().path(),
        tallyroom::store::events::Identity::new(Some("reader")),
    )
    .unwrap();
    let ix = store.election().find_division("Accrington South").unwrap();
    store.tally().declaration(ix).unwrap().clone()
}

#[test]
fn a_declaration_with_rejected_headings_is_typed_one_key_per_heading() {
    let mut w = Window::rehearsal("Ann");
    type_a_declaration_with_headings(&mut w, "3568");
    // Each heading's field is named by its own words, not only by the row's label.
    for (name, typed) in [
        ("(a) want of an official mark", "3"),
        ("(d) being unmarked or wholly void for uncertainty", "6"),
        (
            "Ballot papers verified (the verification statement's total)",
            "3568",
        ),
    ] {
        assert_eq!(w.harness.get_by_label(name).value().as_deref(), Some(typed));
    }
    w.ctrl_enter();
    assert_eq!(w.status("Accrington South"), Status::Declared);
    let d = accrington_south_on_disk(&w);
    assert_eq!(d.votes, [1297, 1000, 967, 292]);
    assert_eq!(d.rejected, Some(12), "the total is the headings' sum");
    assert_eq!(d.account.rejected_by_heading, Some(vec![3, 1, 2, 6]));
    assert_eq!(
        (d.account.counted, d.account.verified),
        (Some(3568), Some(3568))
    );
}

#[test]
fn papers_counted_that_differ_from_those_verified_need_a_tick_and_the_reason() {
    let mut w = Window::rehearsal("Ann");
    type_a_declaration_with_headings(&mut w, "3570");
    w.ctrl_enter();
    assert_eq!(w.status("Accrington South"), Status::Awaiting);
    w.harness
        .get_by_label_contains("2 fewer than the 3570 verified")
        .click();
    w.harness.run();
    assert!(w.has_text("Not yet: give the returning officer's explanation of the papers counted"));
    w.harness
        .get_by_label("Why the papers counted differ from those verified")
        .click();
    w.harness.run();
    w.type_text("Two papers found in the Accrington North box");
    w.ctrl_enter();
    assert_eq!(w.status("Accrington South"), Status::Declared);
    let d = accrington_south_on_disk(&w);
    assert_eq!(
        d.account.discrepancy.as_deref(),
        Some("Two papers found in the Accrington North box")
    );
}
