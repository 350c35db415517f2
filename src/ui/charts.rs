//! Drawing the charts of [`crate::charts`] with egui_plot: the figures are worked out
//! there; here they only become bars, points and lines.

use eframe::egui::{self, Align2, Color32, RichText};
use egui_plot::{
    AxisHints, Bar, BarChart, GridMark, HLine, Line, Plot, PlotPoint, PlotPoints, Points, Text,
};

use crate::charts::{ChamberSeat, ControlPath, MajorityBar, PartyBar, SeatChart, Series};
use crate::colours::{PartyColours, Rgb};
use crate::model::PartyIx;
use crate::ui::colour::rgb;

/// A plot that does not move under the mouse: these are pictures of the night. It
/// takes the whole width it is given (a plot left to find its own width can take a
/// narrower one from the line before it).
fn still(ui: &egui::Ui, id: &str, height: f32) -> Plot<'static> {
    Plot::new(id.to_string())
        .width(ui.available_width())
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        // No crosshair or coordinates under the pointer: the bars carry their labels.
        .show_crosshair(false)
        .show_x(false)
        .show_y(false)
        .show_grid([false, true])
        // Marks far enough apart are labelled at full strength. egui_plot fades labels
        // in as their marks spread from 60 to 80 points (x) and 20 to 30 (y): on a
        // card a third of a window wide that left the timeline's declarations axis
        // with only "0", and the closest results' division names, a row of 22 points
        // each, all but every tenth too faint to read on a projector. It checks a
        // label only against its own mark's spacing, not its neighbours', so the
        // x gap is as wide as the widest label there ("1000", "10%") with room
        // either side.
        .custom_x_axes(vec![
            AxisHints::new_x().label_spacing(X_LABEL_GAP..=X_LABEL_GAP),
        ])
        .custom_y_axes(vec![
            AxisHints::new_y().label_spacing(Y_LABEL_GAP..=Y_LABEL_GAP),
        ])
}

/// The least spacing of marks along an x axis for their labels to be drawn, in points.
const X_LABEL_GAP: f32 = 32.0;
/// The same up a y axis: a line of text, so that one name to a row is read.
const Y_LABEL_GAP: f32 = 12.0;

/// A mark's label on an axis of things counted whole (seats, declarations, votes):
/// whole numbers from 0 up; nothing between them ("0.5 seats" on a night's first
/// declaration) or below 0 (the margin a plot leaves under its data).
fn whole(mark: GridMark) -> String {
    if mark.value < 0.0 || mark.value.fract() != 0.0 {
        String::new()
    } else {
        // + 0.0: a mark at -0.0 is "0".
        format!("{}", mark.value + 0.0)
    }
}

/// A mark's label on an axis of amounts (hours, per cents), with `unit` after it:
/// as many decimals as its step has (0.3 not 0.30000000000000004, which is too wide
/// to be drawn), nothing below 0.
fn amount(mark: GridMark, unit: &str) -> String {
    if mark.value < 0.0 {
        return String::new();
    }
    let decimals = (-mark.step_size.log10()).ceil().max(0.0) as usize;
    format!("{:.decimals$}{unit}", mark.value + 0.0)
}

/// Vertical party bars with their names under them and the change over them. A
/// label wider than its bar's share of the plot is cut short (the name) or loses its
/// change (the value), so that labels never run into each other; the list beside
/// each chart has them whole.
fn party_bars(
    plot: Plot<'static>,
    ui: &mut egui::Ui,
    bars: &[PartyBar],
    colours: &PartyColours,
    decimals: usize,
    extra: impl FnOnce(&mut egui_plot::PlotUi<'_>),
) {
    let top = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    // Each bar's slot, less a little space between labels; the plot's y axis takes
    // some of the width.
    let slot = (ui.available_width() - 40.0) / bars.len().max(1) as f32 - 6.0;
    // Both labels are drawn in the plot's text size, the small one: measured at the
    // body size, a value that fitted lost its change.
    let small = egui::TextStyle::Small.resolve(ui.style());
    let width_of = |text: &str, font: &egui::FontId| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(text.to_string(), font.clone(), Color32::WHITE)
                .size()
                .x
        })
    };
    let labels: Vec<(String, String)> = bars
        .iter()
        .map(|b| {
            let value = format!("{:.decimals$}", b.value);
            let value = match b.change_label(decimals) {
                Some(change) => {
                    let both = format!("{value} ({change})");
                    if width_of(&both, &small) <= slot {
                        both
                    } else {
                        value
                    }
                }
                None => value,
            };
            let name = fit(&colours.short_name(&b.party), slot, |t| width_of(t, &small));
            (value, name)
        })
        .collect();
    // Party names are written under the bars: axis labels vanish when bars are narrow.
    plot.show_axes([false, true])
        // The space under zero is for the party names: no negative marks on the axis.
        .y_axis_formatter(move |mark, _| {
            if decimals > 0 {
                amount(mark, "%")
            } else {
                whole(mark)
            }
        })
        .include_y(-top * 0.1 - 0.5)
        .include_y(top * 1.15 + 1.0)
        .show(ui, |plot| {
            let chart: Vec<Bar> = bars
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    Bar::new(i as f64, b.value)
                        .name(&b.party)
                        .fill(rgb(b.colour))
                        .width(0.7)
                })
                .collect();
            plot.bar_chart(BarChart::new("bars", chart));
            for (i, (b, (value, name))) in bars.iter().zip(labels).enumerate() {
                plot.text(
                    Text::new("value", PlotPoint::new(i as f64, b.value), value)
                        .anchor(Align2::CENTER_BOTTOM),
                );
                plot.text(
                    Text::new(
                        "party",
                        PlotPoint::new(i as f64, 0.0),
                        RichText::new(name).small(),
                    )
                    .anchor(Align2::CENTER_TOP),
                );
            }
            extra(plot);
        });
}

/// `text`, or as much of it as fits in `width` with an ellipsis.
pub fn fit(text: &str, width: f32, width_of: impl Fn(&str) -> f32) -> String {
    if width_of(text) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for keep in (1..chars.len()).rev() {
        let cut: String = chars[..keep].iter().collect::<String>() + "…";
        if width_of(&cut) <= width {
            return cut;
        }
    }
    String::new()
}

pub fn seats(ui: &mut egui::Ui, id: &str, chart: &SeatChart, colours: &PartyColours, height: f32) {
    let threshold = chart.threshold as f64;
    let plot = still(ui, id, height).include_y(threshold * 1.1);
    // The line's label goes over the last (smallest) bar, clear of the tall ones.
    let end = chart.bars.len().max(1) as f64 - 0.55;
    party_bars(plot, ui, &chart.bars, colours, 0, |plot| {
        if chart.threshold == 0 {
            return;
        }
        plot.hline(
            HLine::new("control", threshold)
                .color(Color32::DARK_GRAY)
                .width(1.5),
        );
        plot.text(
            Text::new(
                "control",
                PlotPoint::new(end, threshold),
                format!("{} for control", chart.threshold),
            )
            .anchor(Align2::RIGHT_BOTTOM),
        );
    });
}

pub fn shares(ui: &mut egui::Ui, id: &str, bars: &[PartyBar], colours: &PartyColours, height: f32) {
    let plot = still(ui, id, height);
    party_bars(plot, ui, bars, colours, 1, |_| {});
}

/// Each party's seats won and still possible, against the line for control: the
/// party and what it needs on one line, its bar the whole width under it, so that
/// neither runs into the other at any width.
pub fn control(ui: &mut egui::Ui, paths: &[ControlPath], needed: u64, total: u64) {
    for p in paths {
        let needs = if p.needed == 0 {
            "has control".to_string()
        } else if p.possible < needed {
            format!("won {}, can reach {} at most", p.won, p.possible)
        } else {
            format!(
                "won {}, needs {} more, can reach {}",
                p.won, p.needed, p.possible
            )
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&p.party).strong());
            ui.label(RichText::new(needs).small());
        });
        let (rect, _) =
            ui.allocate_exact_size(egui::vec2(ui.available_width(), 12.0), egui::Sense::hover());
        let painter = ui.painter();
        let x = |seats: u64| rect.left() + rect.width() * seats as f32 / total.max(1) as f32;
        painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
        let possible = egui::Rect::from_min_max(rect.min, egui::pos2(x(p.possible), rect.max.y));
        painter.rect_filled(possible, 2.0, rgb(p.colour).gamma_multiply(0.35));
        let won = egui::Rect::from_min_max(rect.min, egui::pos2(x(p.won), rect.max.y));
        painter.rect_filled(won, 2.0, rgb(p.colour));
        let line = x(needed);
        painter.line_segment(
            [
                egui::pos2(line, rect.top() - 2.0),
                egui::pos2(line, rect.bottom() + 2.0),
            ],
            (2.0, ui.visuals().text_color()),
        );
        ui.add_space(4.0);
    }
}

/// How many of the closest results the chart shows.
pub const CLOSEST_SHOWN: usize = 20;

/// The closest declared divisions' majorities as horizontal bars, closest at the top.
/// At most `height` points tall: with few results the chart is shorter and each bar
/// keeps a bar's thickness, never one block filling the plot.
pub fn majorities(ui: &mut egui::Ui, id: &str, bars: &[MajorityBar], percent: bool, height: f32) {
    // The closest results are what people look for: at most the closest
    // [`CLOSEST_SHOWN`], each on a row tall enough for its name to be read.
    let shown = &bars[..bars.len().min(CLOSEST_SHOWN)];
    // Room for at least eight rows, so one result is one bar among empty rows.
    const FEWEST_ROWS: usize = 8;
    let height = (shown.len().max(FEWEST_ROWS) as f32 * 22.0 + 40.0).min(height);
    let widest = shown.iter().map(|b| b.value).fold(0.0, f64::max);
    let names: Vec<String> = shown.iter().map(|b| b.name.clone()).collect();
    let info: Vec<String> = shown
        .iter()
        .map(|b| {
            let over = b
                .runner_up
                .as_ref()
                .map(|r| format!(" over {r}"))
                .unwrap_or_default();
            format!("{}: {}{over}", b.name, b.winner)
        })
        .collect();
    still(ui, id, height)
        // Hover names the winner and the runner-up.
        .show_x(true)
        .show_y(true)
        .show_grid([true, false])
        .invert_y(true)
        .include_y(-0.6)
        .include_y(shown.len().max(FEWEST_ROWS) as f64 - 0.4)
        .include_x(0.0)
        .include_x(widest * 1.05)
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_axis_formatter(move |mark, _| {
            if percent {
                amount(mark, "%")
            } else {
                whole(mark)
            }
        })
        .label_formatter(move |hover| {
            let position = match hover {
                egui_plot::HoverPosition::NearDataPoint { position, .. }
                | egui_plot::HoverPosition::Elsewhere { position } => position,
            };
            let i = position.y.round();
            (i >= 0.0).then(|| info.get(i as usize).cloned()).flatten()
        })
        .show(ui, |plot| {
            let chart: Vec<Bar> = shown
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    Bar::new(i as f64, b.value)
                        .fill(rgb(b.colour))
                        .name(&b.name)
                        .width(0.8)
                })
                .collect();
            plot.bar_chart(BarChart::new("majorities", chart).horizontal());
        });
}

/// The council chamber: one dot per seat, undeclared seats grey.
/// `groups`: each party in the chamber (none for undeclared seats), its name and colour.
pub fn chamber(
    ui: &mut egui::Ui,
    id: &str,
    seats: &[ChamberSeat],
    groups: &[(Option<PartyIx>, String, Rgb)],
    height: f32,
) {
    let radius = (height / (seats.len() as f32).sqrt().max(1.0) * 0.45).clamp(1.5, 9.0);
    let ui_text = ui.visuals().weak_text_color();
    still(ui, id, height)
        .data_aspect(1.0)
        .show_axes([false, false])
        .show_grid([false, false])
        .include_y(0.0)
        .include_y(1.05)
        .include_x(-1.05)
        .include_x(1.05)
        .show(ui, |plot| {
            for (party, name, colour) in groups {
                let points: Vec<[f64; 2]> = seats
                    .iter()
                    .filter(|s| s.party == *party)
                    .map(|s| [s.x, s.y])
                    .collect();
                if !points.is_empty() {
                    // Seats still to declare as rings, never a grey like a party's.
                    plot.points(
                        Points::new(name.clone(), PlotPoints::from(points))
                            .radius(radius)
                            .filled(party.is_some())
                            .color(if party.is_some() {
                                rgb(*colour)
                            } else {
                                ui_text
                            }),
                    );
                }
            }
        });
    legend(
        ui,
        groups
            .iter()
            .filter(|(party, _, _)| seats.iter().any(|s| s.party == *party))
            .map(|(_, name, colour)| (name.as_str(), *colour)),
    );
}

/// A legend under a chart rather than over it: swatches and names that wrap to the
/// width and never cover a line or a dot.
fn legend<'a>(ui: &mut egui::Ui, items: impl Iterator<Item = (&'a str, Rgb)>) {
    ui.horizontal_wrapped(|ui| {
        for (name, colour) in items {
            swatch(ui, colour, name);
        }
    });
}

/// A colour swatch and its text as one piece, so that a wrapped legend breaks between
/// entries, never between a swatch and its name; screen readers get the text.
pub fn swatch(ui: &mut egui::Ui, colour: Rgb, text: &str) {
    const SIDE: f32 = 10.0;
    const GAP: f32 = 4.0;
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    let size = egui::vec2(SIDE + GAP + galley.size().x, galley.size().y.max(SIDE));
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, ui.is_enabled(), text));
    let square = egui::Rect::from_center_size(
        egui::pos2(rect.left() + SIDE / 2.0, rect.center().y),
        egui::vec2(SIDE, SIDE),
    );
    ui.painter().rect_filled(square, 2.0, rgb(colour));
    let at = egui::pos2(
        rect.left() + SIDE + GAP,
        rect.center().y - galley.size().y / 2.0,
    );
    ui.painter().galley(at, galley, ui.visuals().text_color());
}

pub fn timeline(ui: &mut egui::Ui, id: &str, timed: bool, series: &[Series], height: f32) {
    still(ui, id, height)
        .x_axis_label(if timed {
            "hours since the first declaration"
        } else {
            "declarations"
        })
        .y_axis_label("seats")
        .y_axis_formatter(|mark, _| whole(mark))
        .x_axis_formatter(
            move |mark, _| {
                if timed { amount(mark, "") } else { whole(mark) }
            },
        )
        .show(ui, |plot| {
            for s in series {
                plot.line(
                    Line::new(s.party.clone(), PlotPoints::from(s.points.clone()))
                        .color(rgb(s.colour))
                        .width(2.0),
                );
            }
        });
    legend(ui, series.iter().map(|s| (s.party.as_str(), s.colour)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(value: f64, step_size: f64) -> GridMark {
        GridMark { value, step_size }
    }

    #[test]
    fn an_axis_of_whole_things_marks_whole_numbers_from_0_up() {
        assert_eq!(whole(mark(40.0, 10.0)), "40");
        assert_eq!(whole(mark(-0.0, 1.0)), "0");
        assert_eq!(whole(mark(0.5, 0.1)), "");
        assert_eq!(whole(mark(-1.0, 1.0)), "", "the margin under the data");
    }

    #[test]
    fn an_axis_of_amounts_marks_as_many_decimals_as_its_step() {
        assert_eq!(amount(mark(0.1 * 3.0, 0.1), ""), "0.3");
        assert_eq!(amount(mark(10.0, 10.0), "%"), "10%");
        assert_eq!(amount(mark(2.5, 0.5), "%"), "2.5%");
        assert_eq!(amount(mark(0.05, 0.01), ""), "0.05");
        assert_eq!(amount(mark(-0.1, 0.1), ""), "");
    }
}
