//! Keys typed faster than frames are drawn. egui moves the keyboard focus at the end of
//! a frame, so a digit typed in the same frame as the Tab (or Enter) before it would
//! still go to the field being left: "9171", Tab, "14278" typed quickly became 91711
//! and 4278. The events after the first Tab or Enter of a frame wait for the next one.

use eframe::egui::{self, Event, Key};

/// Events held back for the next frame.
#[derive(Debug, Default)]
pub struct Keystrokes {
    held: Vec<Event>,
}

impl Keystrokes {
    /// Before a frame: puts the events held from the last frame first, then keeps
    /// this frame's events only up to its first focus move. Returns whether any wait,
    /// so that another frame is asked for.
    pub fn pace(&mut self, events: &mut Vec<Event>) -> bool {
        if !self.held.is_empty() {
            let held = std::mem::take(&mut self.held);
            events.splice(0..0, held);
        }
        if let Some(cut) = events.iter().position(moves_focus)
            && cut + 1 < events.len()
        {
            self.held = events.split_off(cut + 1);
        }
        !self.held.is_empty()
    }
}

/// A key press that moves the focus to another field (Tab, Shift+Tab, Enter).
fn moves_focus(event: &Event) -> bool {
    matches!(
        event,
        Event::Key {
            key: Key::Tab | Key::Enter,
            pressed: true,
            ..
        }
    )
}

/// The same for a whole frame's raw input, as eframe hands it over.
pub fn pace_input(keystrokes: &mut Keystrokes, ctx: &egui::Context, input: &mut egui::RawInput) {
    if keystrokes.pace(&mut input.events) {
        ctx.request_repaint();
    }
}
