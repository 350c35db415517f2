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
    /// Where each chart was drawn last frame, for pictures of it.
    rects: Vec<(&'static str, egui::Rect)>,
}

/// The name under which the whole dashboard's area is kept.
pub const WHOLE: &str = "dashboard";

/// Everything the charts show, for one state of the night.
pub struct Figures {
    key: (i64, ShareMethod, bool, usize),
    pub title: String,
    pub progress: String,
    pub control_text: String,
    pub seats: SeatChart,
    pub shares: Vec<PartyBar>,
    pub paths: Vec<ControlPath>,
    pub majorities: Vec<MajorityBar>,
    pub chamber: Vec<ChamberSeat>,
    pub chamber_groups: Vec<(Option<PartyIx>, String, Rgb)>,
    pub timed: bool,
    pub timeline: Vec<Series>,
    pub feed: Vec<String>,
    pub gains: Vec<(String, u64, u64, i64)>,
    pub turnout: Vec<(crate::model::DivisionIx, f64)>,
    pub independents: Vec<(String, String)>,
    pub total_seats: u64,
    pub seats_per_dot: u64,
}

impl Dashboard {
    /// Where a chart (or the whole dashboard) was drawn last frame.
    pub fn rect(&self, name: &str) -> Option<egui::Rect> {
        self.rects.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
    }

    /// The figures, worked out again only when the night or an option has changed.
    pub fn figures(&mut self, store: &Store, colours: &PartyColours) -> &Figures {
        let key = (
            store.generation(),
            self.share_method,
            self.majority_percent,
            // Colours loaded from a file change the picture too.
            colours.generation(),
        );
        if self.figures.as_ref().is_none_or(|f| f.key != key) {
            self.figures = Some(work_out(
                key,
                store,
                colours,
                self.share_method,
                self.majority_percent,
            ));
        }
        self.figures.as_ref().expect("just worked out")
    }
}

fn work_out(
    key: (i64, ShareMethod, bool, usize),
    store: &Store,
    colours: &PartyColours,
    method: ShareMethod,
    percent: bool,
) -> Figures {
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
    let (timed, timeline) = charts::timeline(tally, colours);
    Figures {
        key,
        title: election.name.clone(),
        progress: crate::report::progress_text(tally),
        control_text,
        seats: charts::seats(tally, colours),
        shares: charts::shares(tally, colours, method),
        paths,
        majorities: charts::majorities(tally, colours, percent),
        chamber,
        chamber_groups,
        timed,
        timeline,
        feed: charts::feed(tally, 12),
        gains: charts::gains_and_losses(tally),
        turnout: charts::turnout(tally),
        independents: charts::independents(tally),
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

fn feed(ui: &mut egui::Ui, f: &Figures, size: f32) {
    // Ragged right: columns justify their contents, which spreads words out.
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        if f.feed.is_empty() {
            ui.label(RichText::new("No declarations yet").weak().size(size));
        }
        for line in &f.feed {
            ui.label(RichText::new(line).size(size));
        }
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
    feed(ui, f, 14.0);
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
    let f = dashboard.figures(store, colours);
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
                    for (name, division) in &f.independents {
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
                feed(ui, f, 14.0);
                ui.add_space(8.0);
                chart(ui, "Seats through the night", &mut rects, commands, |ui| {
                    draw::timeline(ui, "timeline", f.timed, &f.timeline, 220.0);
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
                    draw::majorities(ui, "majorities", &f.majorities, percent, 320.0);
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
                if !f.turnout.is_empty() {
                    ui.add_space(8.0);
                    ui.label(RichText::new("Turnout by division").strong());
                    // Only the rows in view are laid out: there may be thousands.
                    let row_height = ui.text_style_height(&egui::TextStyle::Body);
                    egui::ScrollArea::vertical()
                        .id_salt("turnout")
                        .max_height(200.0)
                        .show_rows(ui, row_height, f.turnout.len(), |ui, range| {
                            let election = store.election();
                            for &(division, pct) in &f.turnout[range] {
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
    });
    ui.columns(2, |cols| {
        let height = (cols[0].available_height() - 20.0).max(200.0);
        draw::seats(&mut cols[0], "board-seats", &f.seats, colours, height);
        feed(&mut cols[1], f, 24.0);
    });
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
