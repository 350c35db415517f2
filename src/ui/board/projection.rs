//! The projection on the board: a line under the headline, and a panel of its own
//! in the rotation.

use super::*;

/// The projection in one line for the board: the likely control and the largest
/// party's seats (none when there is nothing to project).
pub(super) fn projection_line(p: &Projection) -> Option<String> {
    if let Some((label, n)) = p.councils_by_control.first() {
        return Some(format!("Projection: {label} most councils ({n:.0})"));
    }
    let top = p.parties.first()?;
    let seats = format!(
        "{} {} seats ({}–{})",
        top.party, top.seats_median, top.seats_low, top.seats_high
    );
    if !p.control_told {
        return Some(format!("Projection: {seats}; control cannot be told"));
    }
    Some(if top.p_control >= 0.5 {
        format!(
            "Projection: {seats}, {} chance of control",
            numbers::chance(top.p_control)
        )
    } else {
        format!(
            "Projection: {seats}; no overall control {}",
            numbers::chance(p.p_no_overall_control)
        )
    })
}

/// The board's projection panel: each party's seats won and projected with its
/// range and chance of control, in type to be read across a hall; always labelled.
///
/// Long: Immediate-mode layout, read top to bottom as the window shows it: each part is a
/// few widgets sharing the same `ui` and state, and a helper apiece would only pass them
/// along.
pub(super) fn projection_panel(
    ui: &mut egui::Ui,
    projection: Option<&Result<Projection, TooEarly>>,
    declared: &SeatChart,
    colours: &PartyColours,
    s: f32,
) {
    let size = 30.0 * s;
    let small = SMALLEST * s;
    ui.label(
        RichText::new("Projection, not a result: median and 90% range")
            .size(small)
            .italics(),
    );
    let p = match projection {
        None => {
            ui.label(RichText::new("Working out…").size(size));
            return;
        }
        Some(Err(early)) => {
            ui.label(RichText::new(early.text()).size(size));
            return;
        }
        Some(Ok(p)) => p,
    };
    // Chances of control where one council's control tonight tells; each council's
    // on a night of several; neither for a council electing a third of unknown rest.
    let one_council = p.control_told;
    egui::Grid::new("board-projection")
        .spacing(egui::vec2(40.0 * s, 8.0 * s))
        .show(ui, |ui| {
            let mut heads = vec!["", "Won", "Projected", "Range"];
            if one_council {
                heads.push("Control");
            }
            for h in heads {
                ui.label(RichText::new(h).size(small).weak());
            }
            ui.end_row();
            for party in p.parties.iter().filter(|p| p.seats_high > 0).take(8) {
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    let side = size * 0.7;
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
                    ui.painter()
                        .rect_filled(rect, 3.0, rgb(colours.colour(&party.party)));
                    ui.label(RichText::new(&party.party).size(size));
                });
                let won = declared
                    .bars
                    .iter()
                    .find(|b| b.party == party.party)
                    .map_or(0, |b| b.value as u64);
                ui.label(RichText::new(won.to_string()).size(size));
                ui.label(
                    RichText::new(party.seats_median.to_string())
                        .size(size)
                        .strong(),
                );
                ui.label(
                    RichText::new(format!("{}–{}", party.seats_low, party.seats_high)).size(size),
                );
                if one_council {
                    ui.label(RichText::new(numbers::chance(party.p_control)).size(size));
                }
                ui.end_row();
            }
        });
    ui.add_space(12.0 * s);
    if one_council {
        ui.label(
            RichText::new(format!(
                "No overall control: {}",
                numbers::chance(p.p_no_overall_control)
            ))
            .size(size),
        );
    } else if p.councils_by_control.is_empty() && p.councils_untold == 0 {
        ui.label(RichText::new(crate::tally::projection::CONTROL_NOT_TOLD).size(small));
    } else {
        if p.councils_untold > 0 {
            ui.label(
                RichText::new(crate::tally::projection::councils_untold_text(
                    p.councils_untold,
                ))
                .size(small),
            );
        }
        let councils: Vec<String> = p
            .councils_by_control
            .iter()
            .map(|(label, n)| format!("{label} {n:.0}"))
            .collect();
        ui.label(RichText::new(format!("Councils: {}", councils.join(", "))).size(size));
    }
    if !p.too_close.is_empty() {
        const NAMED: usize = 8;
        let mut names = p
            .too_close
            .iter()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if p.too_close.len() > NAMED {
            names.push_str(&format!(" and {} more", p.too_close.len() - NAMED));
        }
        ui.add(
            egui::Label::new(
                RichText::new(format!(
                    "Too close to call ({}): {names}",
                    p.too_close.len()
                ))
                .size(small),
            )
            .wrap(),
        );
    }
}
