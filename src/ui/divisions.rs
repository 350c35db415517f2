//! The divisions list: find a division by typing part of its name, filter by status
//! and area, sort by name or by declaration. Only the visible rows are drawn.

use eframe::egui::{self, Color32, ComboBox, RichText, ScrollArea, TextEdit};

use crate::colours::PartyColours;
use crate::tally::outcome::Status;
use crate::ui::colour::rgb;
use crate::ui::ids;
use crate::window_state::command::Command;
use crate::window_state::session::{Session, SortBy, StatusFilter};

// Long: Immediate-mode layout, read top to bottom as the window shows it: each part is a
// few widgets sharing the same `ui` and state, and a helper apiece would only pass them
// along.
pub fn show(
    ui: &mut egui::Ui,
    session: &mut Session,
    colours: &PartyColours,
    commands: &mut Vec<Command>,
) {
    let Session {
        store,
        list,
        form,
        drafts,
        ..
    } = session;
    let election = store.election().clone();
    // Long names are cut short with "…" rather than widening the panel past the
    // width it was given (or dragged to): the entry form needs the room.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);

    let label = ui.label("Find division");
    let search = ui
        .add(
            TextEdit::singleline(&mut list.query)
                .id(ids::search())
                .hint_text("type part of a name, Enter to open")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if search.changed() {
        list.no_match = None;
    }
    if search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        match list.rows(store).first().copied() {
            Some(first) => commands.push(Command::OpenFromSearch(first)),
            // Enter again on the same words, with the suggestion on screen: the
            // volunteer has read it and means it.
            None if list
                .no_match
                .as_ref()
                .is_some_and(|(typed, near)| *typed == list.query && near.is_some()) =>
            {
                if let Some((_, Some(ix))) = list.no_match.take() {
                    commands.push(Command::OpenFromSearch(ix));
                }
            }
            None if !list.query.trim().is_empty() => {
                // Nothing opened: the search keeps the keyboard, with a suggestion.
                let names = election
                    .division_ixs()
                    .map(|ix| election.division(ix).name.as_str());
                let near = crate::model::search::nearest(&list.query, names)
                    .map(|i| crate::model::DivisionIx(i as u32));
                list.no_match = Some((list.query.clone(), near));
                search.request_focus();
            }
            None => {}
        }
    }
    if let Some((typed, near)) = list.no_match.clone() {
        let text = match near {
            Some(ix) => format!(
                "No division matches \"{typed}\" — did you mean {}? (Enter again opens it)",
                election.division_label(ix)
            ),
            None => format!("No division matches \"{typed}\""),
        };
        ui.add(egui::Label::new(RichText::new(text).color(ui.visuals().warn_fg_color)).wrap());
        if let Some(ix) = near
            && ui
                .button(format!("Open {}", election.division_label(ix)))
                .clicked()
        {
            list.no_match = None;
            commands.push(Command::OpenFromSearch(ix));
        }
    }
    // One filter to a row, each label beside its own list: a wrapping row had put
    // "Area" or "Sort" at the end of one line and its list at the start of the next,
    // and a row of two is cut off in a sidebar dragged narrow.
    let areas = list.areas(&election).to_vec();
    egui::Grid::new("division-filters")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label("Status");
            ComboBox::from_id_salt("status-filter")
                .selected_text(list.status.label())
                .show_ui(ui, |ui| {
                    for filter in StatusFilter::ALL {
                        ui.selectable_value(&mut list.status, filter, filter.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            if !areas.is_empty() {
                let label = ui.label(if election.has_councils() {
                    "Council or area"
                } else {
                    "Area"
                });
                ComboBox::from_id_salt("area-filter")
                    .selected_text(list.area.clone().unwrap_or_else(|| "All".into()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut list.area, None, "All");
                        for area in areas {
                            ui.selectable_value(&mut list.area, Some(area.clone()), area);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
            }
            let label = ui.label("Sort");
            ComboBox::from_id_salt("sort")
                .selected_text(match list.sort {
                    SortBy::Name => "Name",
                    SortBy::Latest => "Latest declared",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut list.sort, SortBy::Name, "Name");
                    ui.selectable_value(&mut list.sort, SortBy::Latest, "Latest declared");
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        });
    ui.separator();

    let rows = list.rows(store);
    let night = store.night();
    ui.label(
        RichText::new(format!(
            "{} of {} divisions",
            rows.len(),
            election.divisions.len()
        ))
        .weak(),
    );
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    ScrollArea::vertical()
        .id_salt("divisions")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for &ix in &rows[range] {
                let d = election.division(ix);
                let outcome = night.tally.outcome(ix);
                ui.horizontal(|ui| {
                    ui.set_height(row_height);
                    // The winner's colour (the first winner of a multi-member division).
                    let colour = outcome.elected.first().map(|&c| {
                        rgb(colours.colour(election.party_name(election.candidate(c).party)))
                    });
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(10.0, row_height - 6.0),
                        egui::Sense::hover(),
                    );
                    let fill = match outcome.status {
                        Status::Awaiting => Color32::TRANSPARENT,
                        _ => colour.unwrap_or(Color32::GRAY),
                    };
                    ui.painter().rect_filled(rect, 2.0, fill);
                    ui.painter().rect_stroke(
                        rect,
                        2.0,
                        (1.0, Color32::GRAY),
                        egui::StrokeKind::Inside,
                    );
                    let conflicting = !night.rivals[ix.index()].is_empty();
                    let status = if conflicting {
                        "conflicting declarations".to_string()
                    } else if night.corrected[ix.index()] {
                        "corrected".to_string()
                    } else if night.first_entries[ix.index()].is_some() {
                        "1st entry".to_string()
                    } else if drafts.contains_key(&ix) && outcome.status == Status::Awaiting {
                        // Figures typed and left unsaved: not yet declared.
                        "draft, not saved".to_string()
                    } else if outcome.uncontested {
                        "unopposed".to_string()
                    } else {
                        outcome.status.label().to_string()
                    };
                    let mut details = status;
                    if d.seats > 1 {
                        details.push_str(&format!(" · {} seats", d.seats));
                    }
                    if let Some(m) = outcome.majority {
                        details.push_str(&format!(" · maj {}", crate::numbers::count(m)));
                    }
                    // The name takes what the status leaves, but at least half the row:
                    // both are cut short with an ellipsis, never clipped mid-letter.
                    let status_width = egui::WidgetText::from(RichText::new(&details).small())
                        .into_galley(
                            ui,
                            Some(egui::TextWrapMode::Extend),
                            f32::INFINITY,
                            egui::TextStyle::Small,
                        )
                        .size()
                        .x;
                    let room = ui.available_width();
                    let spacing = ui.spacing().item_spacing.x;
                    let name_width = (room - status_width - spacing).max(room * 0.55);
                    let selected = form.division == Some(ix);
                    // Divisions of one name are shown with what tells them apart.
                    let label = election.division_label(ix);
                    let name = ui.allocate_ui_with_layout(
                        egui::vec2(name_width, row_height),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| {
                            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                            ui.add(egui::Button::selectable(selected, label))
                        },
                    );
                    if name.inner.clicked() {
                        commands.push(Command::Select(ix));
                    }
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    let text = RichText::new(details).small();
                    let text = match outcome.status {
                        _ if conflicting => text.color(ui.visuals().warn_fg_color),
                        Status::Awaiting if drafts.contains_key(&ix) => {
                            text.color(ui.visuals().warn_fg_color)
                        }
                        Status::Tied => text.color(ui.visuals().warn_fg_color),
                        Status::Awaiting => text.weak(),
                        Status::Declared => text,
                    };
                    ui.label(text);
                });
            }
        });
}
