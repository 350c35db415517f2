//! The dashboard: the live picture of the council beside the entry form, every chart
//! on its own tab, and the board for a projector. Chart data is worked out once per
//! change of the night, not once per frame.

use eframe::egui::{self, RichText};

use crate::charts::{self, ChamberSeat, ControlPath, MajorityBar, PartyBar, SeatChart, Series};
use crate::colours::{PartyColours, Rgb, UNDECLARED};
use crate::model::PartyIx;
use crate::store::Store;
use crate::tally::ShareMethod;
use crate::ui::charts as draw;
use crate::ui::colour::rgb;

/// The dashboard's options and its figures for the night as it stands.
#[derive(Default)]
pub struct Dashboard {
    pub share_method: ShareMethod,
    pub majority_percent: bool,
    pub independents_one_by_one: bool,
    pub board_open: bool,
    figures: Option<Figures>,
    details: Details,
    /// Where each chart was drawn last frame, for pictures of it.
    rects: Vec<(&'static str, egui::Rect)>,
}

/// The name under which the whole dashboard's area is kept.
pub const WHOLE: &str = "dashboard";

/// What marks one state of the night and of the options: figures are worked out
/// again only when it changes.
type Key = (i64, ShareMethod, bool, usize, bool);

/// The figures every screen shows (entry screen, dashboard, board): each comes from
/// the running totals, so working them out costs the same at any size of election.
pub struct Figures {
    key: Key,
    pub title: String,
    pub progress: String,
    pub control_text: String,
    pub seats: SeatChart,
    pub shares: Vec<PartyBar>,
    pub paths: Vec<ControlPath>,
    pub chamber: Vec<ChamberSeat>,
    pub chamber_groups: Vec<(Option<PartyIx>, String, Rgb)>,
    pub feed: Vec<String>,
    pub gains: Vec<(String, u64, u64, i64)>,
    pub total_seats: u64,
    pub seats_per_dot: u64,
}

/// The figures only the full dashboard shows, each a walk over every division or the
/// whole night: worked out only while that tab is open, so that entering results on
/// the entry screen never waits for them. Each part keeps the state it was worked out
/// for; after a change, one part is brought up to date per frame, so that no frame
/// carries all of them at a national scale (the others show the state of a frame ago).
#[derive(Default)]
pub struct Details {
    majorities: Part<Vec<MajorityBar>>,
    timeline: Part<(bool, Vec<Series>)>,
    turnout: Part<Vec<(crate::model::DivisionIx, f64)>>,
    /// Only while "Independents one by one" is ticked.
    independents: Part<Vec<(String, String)>>,
}

/// One part of the details, with the state of the night and options it shows
/// (none before it is first worked out).
#[derive(Default)]
struct Part<T> {
    key: Option<Key>,
    value: T,
}

impl<T> Part<T> {
    fn is_stale(&self, key: &Key) -> bool {
        self.key.is_some_and(|k| k != *key)
    }

    /// Works the part out if it has never been, or if `allowed` and it is stale.
    /// Returns whether it used the frame's allowance.
    fn update(&mut self, key: Key, allowed: bool, work: impl FnOnce() -> T) -> bool {
        let due = match self.key {
            None => true,
            Some(k) => k != key && allowed,
        };
        if due {
            self.value = work();
            self.key = Some(key);
        }
        due && allowed
    }
}

impl Details {
    pub fn majorities(&self) -> &[MajorityBar] {
        &self.majorities.value
    }
    pub fn timeline(&self) -> (bool, &[Series]) {
        let (timed, series) = &self.timeline.value;
        (*timed, series)
    }
    pub fn turnout(&self) -> &[(crate::model::DivisionIx, f64)] {
        &self.turnout.value
    }
    pub fn independents(&self) -> &[(String, String)] {
        &self.independents.value
    }

    /// Brings the parts up to date: any never worked out at once, then at most one
    /// stale part. Returns whether any part is still stale (ask for another frame).
    fn update(
        &mut self,
        key: Key,
        store: &Store,
        colours: &PartyColours,
        options: &Dashboard,
    ) -> bool {
        let tally = store.tally();
        let mut allowed = true;
        allowed &= !self.majorities.update(key, allowed, || {
            charts::majorities(tally, colours, options.majority_percent)
        });
        allowed &= !self
            .timeline
            .update(key, allowed, || charts::timeline(tally, colours));
        allowed &= !self.turnout.update(key, allowed, || charts::turnout(tally));
        self.independents.update(key, allowed, || {
            if options.independents_one_by_one {
                charts::independents(tally)
            } else {
                Vec::new()
            }
        });
        self.majorities.is_stale(&key)
            || self.timeline.is_stale(&key)
            || self.turnout.is_stale(&key)
            || self.independents.is_stale(&key)
    }
}

impl Dashboard {
    /// Where a chart (or the whole dashboard) was drawn last frame.
    pub fn rect(&self, name: &str) -> Option<egui::Rect> {
        self.rects.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
    }

    fn key(&self, store: &Store, colours: &PartyColours) -> Key {
        (
            store.generation(),
            self.share_method,
            self.majority_percent,
            // Colours loaded from a file change the picture too.
            colours.generation(),
            self.independents_one_by_one,
        )
    }

    /// The figures, worked out again only when the night or an option has changed.
    pub fn figures(&mut self, store: &Store, colours: &PartyColours) -> &Figures {
        let key = self.key(store, colours);
        if self.figures.as_ref().is_none_or(|f| f.key != key) {
            self.figures = Some(work_out(key, store, colours, self.share_method));
        }
        self.figures.as_ref().expect("just worked out")
    }

    /// Both sets of figures, for the full dashboard; asks for another frame while
    /// some details are still a state behind.
    pub fn all_figures(
        &mut self,
        ctx: &egui::Context,
        store: &Store,
        colours: &PartyColours,
    ) -> (&Figures, &Details) {
        let key = self.key(store, colours);
        let mut details = std::mem::take(&mut self.details);
        if details.update(key, store, colours, self) {
            ctx.request_repaint();
        }
        self.details = details;
        self.figures(store, colours);
        (
            self.figures.as_ref().expect("just worked out"),
            &self.details,
        )
    }
}

fn work_out(key: Key, store: &Store, colours: &PartyColours, method: ShareMethod) -> Figures {
    let tally = store.tally();
    let election = tally.election();
    let (control_text, paths) = charts::control(tally, colours);
    let chamber = charts::chamber(tally, colours);
    let mut chamber_groups: Vec<(Option<PartyIx>, String, Rgb)> = Vec::new();
    for seat in &chamber {
        if !chamber_groups.iter().any(|g| g.0 == seat.party) {
            let name = seat.party.map_or_else(
                || "Undeclared".to_string(),
                |p| election.party_name(p).to_string(),
            );
            chamber_groups.push((seat.party, name, seat.colour));
        }
    }
    Figures {
        key,
        title: election.name.clone(),
        progress: crate::report::progress_text(tally),
        control_text,
        seats: charts::seats(tally, colours),
        shares: charts::shares(tally, colours, method),
        paths,
        chamber,
        chamber_groups,
        feed: charts::feed(tally, 12),
        gains: charts::gains_and_losses(tally),
        total_seats: election.total_seats(),
        seats_per_dot: charts::seats_per_dot(election.total_seats()),
    }
}

/// Seats by party as text beside the chart: readable by everyone, screen readers too.
fn seat_list(ui: &mut egui::Ui, f: &Figures) {
    ui.horizontal_wrapped(|ui| {
        for b in &f.seats.bars {
            let change = b
                .change_label(0)
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, rgb(b.colour));
            ui.label(format!("{}: {}{change}", b.party, b.value));
        }
        if f.seats.undeclared > 0 {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, rgb(UNDECLARED));
            ui.label(format!("To declare: {}", f.seats.undeclared));
        }
    });
}

/// The latest declarations, newest first, in at most `height` points: what does not
/// fit scrolls, so the feed never pushes what is below it off the screen.
fn feed(ui: &mut egui::Ui, id: &str, f: &Figures, size: f32, height: f32) {
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(height.max(size * 2.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            // Ragged right: columns justify their contents, which spreads words out.
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                if f.feed.is_empty() {
                    ui.label(RichText::new("No declarations yet").weak().size(size));
                }
                for line in &f.feed {
                    ui.label(RichText::new(line).size(size));
                }
            });
        });
}

/// The live picture beside the entry form: control, seats, the latest declarations.
pub fn side(ui: &mut egui::Ui, dashboard: &mut Dashboard, store: &Store, colours: &PartyColours) {
    let f = dashboard.figures(store, colours);
    ui.heading(&f.control_text);
    ui.label(&f.progress);
    draw::seats(ui, "side-seats", &f.seats, colours, 220.0);
    seat_list(ui, f);
    ui.separator();
    ui.label(RichText::new("Latest declarations").strong());
    let height = ui.available_height();
    feed(ui, "side-feed", f, 14.0, height);
}

/// Every chart, for the dashboard tab.
pub fn full(
    ui: &mut egui::Ui,
    dashboard: &mut Dashboard,
    store: &Store,
    colours: &PartyColours,
    commands: &mut Vec<crate::app::command::Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Vote share:");
        ui.selectable_value(
            &mut dashboard.share_method,
            ShareMethod::AllVotes,
            "all votes",
        );
        ui.selectable_value(
            &mut dashboard.share_method,
            ShareMethod::TopCandidate,
            "top candidate per party and division",
        );
        ui.separator();
        ui.label("Majorities:");
        ui.selectable_value(&mut dashboard.majority_percent, false, "votes");
        ui.selectable_value(&mut dashboard.majority_percent, true, "percent");
        ui.separator();
        ui.checkbox(
            &mut dashboard.independents_one_by_one,
            "Independents one by one",
        );
        ui.separator();
        if ui.button("Board for the projector").clicked() {
            commands.push(crate::app::command::Command::ToggleBoard);
        }
    });
    dashboard.rects.clear();
    dashboard.rects.push((WHOLE, ui.max_rect()));
    let one_by_one = dashboard.independents_one_by_one;
    let method = dashboard.share_method;
    let percent = dashboard.majority_percent;
    let mut rects: Vec<(&'static str, egui::Rect)> = Vec::new();
    let (f, details) = dashboard.all_figures(ui.ctx(), store, colours);
    ui.heading(format!("{}: {}", f.title, f.control_text));
    ui.label(&f.progress);
    egui::ScrollArea::vertical()
        .id_salt("dashboard")
        .show(ui, |ui| {
            ui.columns(2, |cols| {
                let ui = &mut cols[0];
                chart(ui, "Seats by party", &mut rects, commands, |ui| {
                    draw::seats(ui, "seats", &f.seats, colours, 260.0);
                    seat_list(ui, f);
                });
                if one_by_one {
                    for (name, division) in details.independents() {
                        ui.label(format!("Independent: {name} ({division})"));
                    }
                }
                ui.add_space(8.0);
                chart(ui, "Path to control", &mut rects, commands, |ui| {
                    draw::control(ui, &f.paths, f.seats.threshold, f.total_seats);
                });
                ui.add_space(8.0);
                chart(ui, "Vote share", &mut rects, commands, |ui| {
                    ui.label(RichText::new(method.label()).weak());
                    draw::shares(ui, "shares", &f.shares, colours, 240.0);
                });
                ui.add_space(8.0);
                chart(ui, "Council chamber", &mut rects, commands, |ui| {
                    if f.seats_per_dot > 1 {
                        ui.label(
                            RichText::new(format!("Each dot is {} seats", f.seats_per_dot)).weak(),
                        );
                    }
                    draw::chamber(ui, "chamber", &f.chamber, &f.chamber_groups, 240.0);
                });

                let ui = &mut cols[1];
                ui.label(RichText::new("Latest declarations").strong());
                // About eight lines; the rest scrolls, and the charts stay in place.
                feed(ui, "dashboard-feed", f, 14.0, 8.0 * 14.0 * 1.5);
                ui.add_space(8.0);
                chart(ui, "Seats through the night", &mut rects, commands, |ui| {
                    let (timed, series) = details.timeline();
                    draw::timeline(ui, "timeline", timed, series, 220.0);
                });
                ui.add_space(8.0);
                chart(ui, "Closest results", &mut rects, commands, |ui| {
                    let unit = if percent {
                        "majority %"
                    } else {
                        "majority in votes"
                    };
                    ui.label(
                        RichText::new(format!("{unit}; hover for winner and runner-up")).weak(),
                    );
                    draw::majorities(ui, "majorities", details.majorities(), percent, 320.0);
                });
                if !f.gains.is_empty() {
                    ui.add_space(8.0);
                    ui.label(RichText::new("Gains and losses").strong());
                    egui::Grid::new("gains").striped(true).show(ui, |ui| {
                        for h in ["Party", "Gains", "Losses", "Net"] {
                            ui.label(RichText::new(h).strong());
                        }
                        ui.end_row();
                        for (party, gains, losses, net) in &f.gains {
                            ui.label(party);
                            ui.label(gains.to_string());
                            ui.label(losses.to_string());
                            ui.label(format!("{net:+}"));
                            ui.end_row();
                        }
                    });
                }
                if !details.turnout().is_empty() {
                    ui.add_space(8.0);
                    ui.label(RichText::new("Turnout by division").strong());
                    // Only the rows in view are laid out: there may be thousands.
                    let row_height = ui.text_style_height(&egui::TextStyle::Body);
                    egui::ScrollArea::vertical()
                        .id_salt("turnout")
                        .max_height(200.0)
                        .show_rows(ui, row_height, details.turnout().len(), |ui, range| {
                            let election = store.election();
                            for &(division, pct) in &details.turnout()[range] {
                                ui.label(format!(
                                    "{pct:.1}%  {}",
                                    election.division(division).name
                                ));
                            }
                        });
                }
            });
        });
    dashboard.rects.extend(rects);
}

/// The board for a projector or TV: large type, the seat bars, control, progress and
/// the latest declarations, readable across a room.
pub fn board(ui: &mut egui::Ui, dashboard: &mut Dashboard, store: &Store, colours: &PartyColours) {
    let f = dashboard.figures(store, colours);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(&f.title).size(34.0).strong());
        ui.label(RichText::new(&f.control_text).size(48.0).strong());
        ui.label(RichText::new(&f.progress).size(28.0));
        // A shared night's division declared twice with different figures: the room
        // must not take its figures as settled.
        let election = store.election();
        let conflicting: Vec<&str> = store
            .conflicts()
            .map(|d| election.division(d).name.as_str())
            .collect();
        if !conflicting.is_empty() {
            ui.label(
                RichText::new(format!(
                    "Being checked (declared twice with different figures): {}",
                    conflicting.join(", ")
                ))
                .size(28.0)
                .color(ui.visuals().warn_fg_color),
            );
        }
    });
    ui.columns(2, |cols| {
        seat_cards(&mut cols[0], &f.seats);
        // The bars too, where there is room left for them to be read.
        let height = cols[0].available_height() - 20.0;
        if height >= 150.0 {
            draw::seats(&mut cols[0], "board-seats", &f.seats, colours, height);
        }
        let height = cols[1].available_height();
        feed(&mut cols[1], "board-feed", f, 24.0, height);
    });
}

/// Each party's seats as a number to read from the back of a hall: on the party's
/// colour, in black or white by contrast, with its change against the baseline. The
/// cards fill rows of equal width; a long name is cut short, never wrapped.
fn seat_cards(ui: &mut egui::Ui, seats: &SeatChart) {
    // Points: at the board's zoom of 1 a 56-point number is 56 pixels tall.
    const NUMBER: f32 = 56.0;
    const CHANGE: f32 = 30.0;
    const NAME: f32 = 24.0;
    const NARROWEST: f32 = 220.0;
    const GAP: f32 = 8.0;
    const MARGIN: i8 = 12;
    let shown: Vec<&PartyBar> = seats
        .bars
        .iter()
        .filter(|b| b.value > 0.0)
        .take(8)
        .collect();
    // About how tall a card stands: a line of each size and the margins.
    const CARD: f32 = (NUMBER + NAME) * 1.3 + 8.0;
    let width = ui.available_width();
    let mut per_row = (((width + GAP) / (NARROWEST + GAP)).floor() as usize).max(1);
    // On a short screen, more cards to a row rather than rows below the edge.
    let rows_fit = (((ui.available_height() + GAP) / (CARD + GAP)).floor() as usize).max(1);
    if shown.len().div_ceil(per_row) > rows_fit {
        per_row = shown.len().div_ceil(rows_fit);
    }
    let card = (width - GAP * (per_row as f32 - 1.0)) / per_row as f32;
    for row in shown.chunks(per_row) {
        // Cards of a row top-aligned, side by side.
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
            ui.spacing_mut().item_spacing.x = GAP;
            for bar in row {
                let text = crate::ui::colour::text_on(bar.colour);
                ui.allocate_ui_with_layout(
                    egui::vec2(card, 0.0),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        egui::Frame::new()
                            .fill(rgb(bar.colour))
                            .corner_radius(8.0)
                            .inner_margin(egui::Margin::symmetric(MARGIN, 4))
                            .show(ui, |ui| {
                                ui.set_width(card - 2.0 * f32::from(MARGIN));
                                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                                ui.horizontal(|ui| {
                                    ui.label(
                                        RichText::new(format!("{}", bar.value as u64))
                                            .size(NUMBER)
                                            .strong()
                                            .color(text),
                                    );
                                    if let Some(change) = bar.change_label(0) {
                                        ui.label(RichText::new(change).size(CHANGE).color(text));
                                    }
                                });
                                ui.label(RichText::new(&bar.party).size(NAME).color(text));
                            });
                    },
                );
            }
        });
        ui.add_space(GAP);
    }
}

/// A chart with its title and a button to save it as a picture; where it was drawn
/// is kept for that picture.
fn chart(
    ui: &mut egui::Ui,
    title: &'static str,
    rects: &mut Vec<(&'static str, egui::Rect)>,
    commands: &mut Vec<crate::app::command::Command>,
    add: impl FnOnce(&mut egui::Ui),
) {
    let response = ui.scope(|ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(title).strong());
            if ui.small_button(format!("Save {title} as PNG")).clicked() {
                commands.push(crate::app::command::Command::ShowDialog(
                    crate::ui::dialogs::DialogKind::Picture(Some(title)),
                ));
            }
        });
        add(ui);
    });
    rects.push((title, response.response.rect));
    ui.add_space(8.0);
}
