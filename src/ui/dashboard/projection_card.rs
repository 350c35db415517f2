//! The dashboard's projection card: seats won and projected with their ranges,
//! chances of control, and the divisions too close to call; labelled, always, as
//! not a result.

use super::*;

/// The most parties the card lists, most expected seats first: a night of many
/// councils has dozens of local parties, which would run the card off its column.
const CARD_PARTIES: usize = 12;

/// The projection: each party's projected seats (median and 90 % range) and chance
/// of control, no overall control, and the divisions too close to call; always
/// labelled as a projection.
pub(super) fn projection_card(
    ui: &mut egui::Ui,
    projection: Option<&Result<Projection, TooEarly>>,
    declared: &SeatChart,
    colours: &PartyColours,
) {
    ui.label(RichText::new("Projection").strong());
    ui.label(
        RichText::new("Not a result: the final seats projected from the divisions declared and the baseline; median (90% range)")
            .weak(),
    );
    let p = match projection {
        None => {
            ui.label(RichText::new("Working out…").weak());
            return;
        }
        Some(Err(early)) => {
            ui.label(early.text());
            return;
        }
        Some(Ok(p)) => p,
    };
    // On a night of several councils control is per council: councils by control;
    // of one council electing part of its seats, with the rest unknown, none.
    let one_council = p.control_told;
    egui::Grid::new("projection").striped(true).show(ui, |ui| {
        // Four columns at most, the range beside the median: the card may be narrow.
        let heads: &[&str] = if one_council {
            &["Party", "Won", "Projected", "Control"]
        } else {
            &["Party", "Won", "Projected"]
        };
        for h in heads {
            ui.label(RichText::new(*h).strong());
        }
        ui.end_row();
        for party in p
            .parties
            .iter()
            .filter(|p| p.seats_high > 0)
            .take(CARD_PARTIES)
        {
            draw::swatch(ui, colours.colour(&party.party), &party.party);
            let won = declared
                .bars
                .iter()
                .find(|b| b.party == party.party)
                .map_or(0, |b| b.value as u64);
            ui.label(won.to_string());
            ui.label(format!(
                "{} ({}–{})",
                party.seats_median, party.seats_low, party.seats_high
            ));
            if one_council {
                ui.label(crate::numbers::chance(party.p_control));
            }
            ui.end_row();
        }
    });
    let more = p
        .parties
        .iter()
        .filter(|p| p.seats_high > 0)
        .count()
        .saturating_sub(CARD_PARTIES);
    if more > 0 {
        ui.label(RichText::new(format!("and {more} more parties")).weak());
    }
    if one_council {
        ui.label(format!(
            "No overall control: {}",
            crate::numbers::chance(p.p_no_overall_control)
        ));
    } else if p.councils_by_control.is_empty() && p.councils_untold == 0 {
        ui.label(crate::tally::projection::CONTROL_NOT_TOLD);
    } else {
        ui.label(RichText::new("Councils by control (mean over the runs)").strong());
        if p.councils_untold > 0 {
            ui.label(crate::tally::projection::councils_untold_text(
                p.councils_untold,
            ));
        }
        for (label, n) in &p.councils_by_control {
            ui.label(format!("{label}: {n:.1}"));
        }
    }
    if !p.too_close.is_empty() {
        ui.label(
            RichText::new(format!(
                "Too close to call ({}): no party wins in 80% of runs",
                p.too_close.len()
            ))
            .strong(),
        );
        let row_height = ui.text_style_height(&egui::TextStyle::Body);
        egui::ScrollArea::vertical()
            .id_salt("too-close")
            .max_height(140.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, p.too_close.len(), |ui, range| {
                for name in &p.too_close[range] {
                    ui.label(name);
                }
            });
    }
}
