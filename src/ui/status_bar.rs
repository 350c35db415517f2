//! The status bar: progress of the night, control, and whether everything is saved.

use eframe::egui::{self, RichText};

use crate::report::{headline, progress_text};
use crate::window_state::session::Session;

/// "61 of 82 declared, 64 of 84 seats".
pub fn progress(session: &Session) -> String {
    progress_text(session.store.tally())
}

pub fn show(ui: &mut egui::Ui, session: Option<&Session>, busy: Option<&str>) {
    ui.horizontal(|ui| {
        if let Some(label) = busy {
            ui.spinner();
            ui.label(label);
            ui.separator();
        }
        let Some(session) = session else {
            ui.label("No election open");
            return;
        };
        let tally = session.store.tally();
        ui.label(RichText::new(progress(session)).strong());
        ui.separator();
        // The headline of a night of many councils is long: cut short with "…" (the
        // whole of it on hover), leaving room for who is entering and the sharing.
        let text = headline(tally);
        let room = (ui.available_width() - 460.0).max(160.0);
        ui.scope(|ui| {
            ui.set_max_width(room);
            ui.add(egui::Label::new(&text).truncate())
                .on_hover_text(&text);
        });
        let tied = tally.totals().divisions_tied;
        if tied > 0 {
            ui.separator();
            ui.label(
                RichText::new(format!("{tied} tied: lots to be drawn"))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        if let Some((count, at)) = &session.from_elsewhere {
            ui.separator();
            let events = if *count == 1 { "change" } else { "changes" };
            ui.label(format!("{count} {events} from elsewhere at {at}"))
                .on_hover_text("Written to this election file by another copy of the app, the command line or the sync with the server");
        }
        ui.separator();
        let who = &session.store.identity().who;
        if session.store.cannot_write_here() {
            ui.label(RichText::new("read only: this file cannot be written here").color(ui.visuals().warn_fg_color));
        } else {
            match &session.last_saved {
                Some(at) => ui.label(format!("saved {at} · entering as {who}")),
                None => ui.label(format!("saved · entering as {who}")),
            };
        }
        if let Some(sync) = &session.sync {
            ui.separator();
            sharing(ui, sync, &session.store);
        }
        let problems = session.store.problem_count();
        if problems > 0 {
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{problems} log entries could not be applied (see the audit log)"
                ))
                .color(ui.visuals().error_fg_color),
            );
        }
    });
}

/// "online", or "offline: 3 declarations waiting to send", and what the server said.
fn sharing(ui: &mut egui::Ui, sync: &crate::window_state::sync::Sync, store: &crate::store::Store) {
    use crate::share::worker::Link;
    let status = sync.status();
    let (events, declarations) = sync.waiting(store);
    let waiting = if events == 0 {
        String::new()
    } else if declarations == events {
        format!(
            ": {events} declaration{} waiting to send",
            if events == 1 { "" } else { "s" }
        )
    } else {
        format!(
            ": {events} change{} waiting to send",
            if events == 1 { "" } else { "s" }
        )
    };
    let (text, colour) = match &status.link {
        Link::Online if status.refused.is_none() => {
            (format!("online{waiting}"), ui.visuals().text_color())
        }
        Link::Online => ("online".to_string(), ui.visuals().error_fg_color),
        Link::Connecting => (format!("connecting{waiting}"), ui.visuals().warn_fg_color),
        Link::Offline(_) => (format!("offline{waiting}"), ui.visuals().warn_fg_color),
    };
    let label = ui.label(RichText::new(text).color(colour).strong());
    let mut detail = format!("Shared as \"{}\" on {}", status.election, status.server);
    if let Link::Offline(why) = &status.link {
        detail = format!("{detail}\n{why}");
    }
    if let Some(refused) = &status.refused {
        detail = format!("{detail}\n{refused}");
    }
    label.on_hover_text(detail);
    if status.can_enter == Some(false) {
        ui.label("watching only");
    }
}
