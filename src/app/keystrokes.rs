//! Keys typed faster than frames are drawn. Within one frame egui hands every event to
//! the widgets in the order they are drawn, and moves the keyboard focus only at the
//! end of the frame, so events that depend on each other must not share a frame:
//!
//! - a digit typed in the same frame as the Tab (or Enter) before it would still go to
//!   the field being left: "9171", Tab, "14278" typed quickly became 91711 and 4278;
//! - a declaration (Ctrl+Enter, read before any field is drawn so that it shows in
//!   every panel of its frame; or a click on Declare) in the same frame as the last
//!   digits typed before it would be taken before those digits reach their field:
//!   "29" saved for the 292 on screen.
//!
//! - a division opened with Enter gives its first field the keyboard only in the
//!   frame after: the digits typed straight after Enter were lost ("1297" of
//!   Accrington South, and every later count one field early).
//!
//! So a frame's events are cut into frames of their own: after the first key that moves
//! the focus, and before the first declaration or click that follows anything typed;
//! and while the window has asked for a field to take the keyboard, every key waits.

use eframe::egui::{self, Event, Key};

/// Events held back for the next frame.
#[derive(Debug, Default)]
pub struct Keystrokes {
    held: Vec<Event>,
}

impl Keystrokes {
    /// Before a frame: puts the events held from the last frame first, then keeps this
    /// frame's events only up to the first cut. Returns whether any wait, so that
    /// another frame is asked for.
    pub fn pace(&mut self, events: &mut Vec<Event>) -> bool {
        self.pace_while(events, false)
    }

    /// The same; with `focus_pending` (the app has asked for a field to take the
    /// keyboard and it has not yet), every event waits: the field takes the keyboard
    /// in this frame, and what was typed goes to it in the next.
    pub fn pace_while(&mut self, events: &mut Vec<Event>, focus_pending: bool) -> bool {
        if !self.held.is_empty() {
            let held = std::mem::take(&mut self.held);
            events.splice(0..0, held);
        }
        if focus_pending {
            self.held = std::mem::take(events);
            return !self.held.is_empty();
        }
        if let Some(cut) = first_cut(events)
            && cut < events.len()
        {
            self.held = events.split_off(cut);
        }
        !self.held.is_empty()
    }

    /// Whether events wait for the next frame.
    pub fn waiting(&self) -> bool {
        !self.held.is_empty()
    }
}

/// Where this frame's events end: before a declaration or a click that comes after
/// typing (the typing must land first), or just after a key that moves the focus or
/// declares (what follows belongs to the next field, or the next division).
fn first_cut(events: &[Event]) -> Option<usize> {
    let mut typed = false;
    for (i, event) in events.iter().enumerate() {
        if (declares(event) || presses_pointer(event)) && typed {
            return Some(i);
        }
        if moves_focus(event) || declares(event) {
            return Some(i + 1);
        }
        typed |= is_typing(event);
    }
    None
}

/// A key press that moves the focus to another field (Tab, Shift+Tab, Enter, Esc).
fn moves_focus(event: &Event) -> bool {
    matches!(
        event,
        Event::Key {
            key: Key::Tab | Key::Enter | Key::Escape,
            pressed: true,
            modifiers,
            ..
        } if !modifiers.command
    )
}

/// Ctrl+Enter (Cmd+Enter on a Mac): declare, or save the entry.
fn declares(event: &Event) -> bool {
    matches!(
        event,
        Event::Key {
            key: Key::Enter,
            pressed: true,
            modifiers,
            ..
        } if modifiers.command
    )
}

/// A mouse button going down: a click on Declare, or on another field.
fn presses_pointer(event: &Event) -> bool {
    matches!(event, Event::PointerButton { pressed: true, .. })
}

/// Anything that changes what a field holds.
fn is_typing(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_) | Event::Paste(_) | Event::Key { pressed: true, .. }
    )
}

/// The same for a whole frame's raw input, as eframe hands it over.
pub fn pace_input(
    keystrokes: &mut Keystrokes,
    ctx: &egui::Context,
    input: &mut egui::RawInput,
    focus_pending: bool,
) {
    if keystrokes.pace_while(&mut input.events, focus_pending) {
        ctx.request_repaint();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::{Modifiers, PointerButton, pos2};

    fn key(key: Key, modifiers: Modifiers) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    fn text(t: &str) -> Event {
        Event::Text(t.into())
    }

    /// The frames a burst of events is cut into.
    fn frames(burst: Vec<Event>) -> Vec<Vec<Event>> {
        let mut k = Keystrokes::default();
        let mut out = Vec::new();
        let mut events = burst;
        loop {
            let waiting = k.pace(&mut events);
            out.push(std::mem::take(&mut events));
            if !waiting {
                return out;
            }
        }
    }

    #[test]
    fn a_declaration_waits_for_the_digits_typed_before_it() {
        let ctrl_enter = key(Key::Enter, Modifiers::COMMAND);
        let got = frames(vec![text("29"), text("2"), ctrl_enter.clone(), text("Pr")]);
        assert_eq!(
            got,
            vec![
                vec![text("29"), text("2")],
                vec![ctrl_enter],
                vec![text("Pr")]
            ]
        );
    }

    #[test]
    fn a_click_waits_for_the_digits_typed_before_it() {
        let press = Event::PointerButton {
            pos: pos2(10.0, 10.0),
            button: PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        };
        let got = frames(vec![text("355"), press.clone()]);
        assert_eq!(got, vec![vec![text("355")], vec![press]]);
    }

    #[test]
    fn tab_ends_the_frame_and_a_lone_declaration_is_not_held() {
        let tab = key(Key::Tab, Modifiers::NONE);
        let got = frames(vec![text("1"), tab.clone(), text("2")]);
        assert_eq!(got, vec![vec![text("1"), tab], vec![text("2")]]);
        let ctrl_enter = key(Key::Enter, Modifiers::COMMAND);
        assert_eq!(frames(vec![ctrl_enter.clone()]), vec![vec![ctrl_enter]]);
    }
}
