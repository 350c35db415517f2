//! The tally's own sentences in Welsh, for bilingual sites: who controls a council,
//! how it changed hands, and each division's gain or hold. Made from the same
//! figures as the English (never translated from it), so the two always agree.
//! Party names stay as the file gives them.

use crate::model::{CouncilIx, DivisionIx, PartyIx};
use crate::tally::baseline::SeatChange;
use crate::tally::{ControlState, Tally};

/// "Mae gan Reform UK reolaeth": a council's control (`None`: the night's, on a
/// night of one council).
pub fn control(tally: &Tally, council: Option<CouncilIx>) -> String {
    let name = |p: PartyIx| tally.election().party_name(p).to_string();
    let (state, undeclared, derived) = match council {
        Some(c) => {
            let control = tally.council_control(c);
            (control.state, control.seats_undeclared, control.derived)
        }
        None => {
            let control = tally.control();
            (Some(control.state), control.seats_undeclared, None)
        }
    };
    let derived = match derived {
        Some(true) => {
            " (seddi nad oeddent i fyny wedi'u cyfrifo: y cyngor cyn y bleidlais llai'r \
             seddi a amddiffynnwyd)"
        }
        Some(false) => " (pa seddi bynnag a amddiffynnwyd heno)",
        None => "",
    };
    match state {
        None => "Methu dweud: dim ond rhan o'r cyngor oedd i fyny".into(),
        Some(ControlState::CannotTell) if derived.is_empty() => {
            "Methu dweud: dim ond rhan o'r cyngor oedd i fyny".into()
        }
        Some(ControlState::CannotTell) => {
            "Methu dweud: mae'n dibynnu ar ba seddi a amddiffynnwyd".into()
        }
        Some(ControlState::Control(p)) => format!("Mae gan {} reolaeth{derived}", name(p)),
        Some(ControlState::NoOverallControl) => {
            format!("Dim rheolaeth gyffredinol{derived}")
        }
        Some(ControlState::Open) => {
            format!("Yn dal yn agored: {undeclared} sedd i'w datgan")
        }
    }
}

/// "Reform UK yn ennill rheolaeth oddi wrth Conservative": how a settled council
/// changed hands, as [`Tally::control_change`] says it in English.
pub fn control_change(tally: &Tally, council: CouncilIx) -> Option<String> {
    let name = |p: PartyIx| tally.election().party_name(p).to_string();
    let now = tally.council_control(council).state?;
    let (before, _) = tally.control_before(council)?;
    Some(match (now, before) {
        (ControlState::Open | ControlState::CannotTell, _) => return None,
        (ControlState::Control(p), Some(q)) if p == q => {
            format!("{} yn cadw rheolaeth", name(p))
        }
        (ControlState::Control(p), Some(q)) => {
            format!("{} yn ennill rheolaeth oddi wrth {}", name(p), name(q))
        }
        (ControlState::Control(p), None) => format!(
            "{} yn ennill rheolaeth lle nad oedd rheolaeth gyffredinol",
            name(p)
        ),
        (ControlState::NoOverallControl, Some(q)) => {
            format!("Dim rheolaeth gyffredinol, {} yn colli rheolaeth", name(q))
        }
        (ControlState::NoOverallControl, None) => "Dim rheolaeth gyffredinol, dim newid".into(),
    })
}

/// "Reform UK yn ennill oddi wrth Labour", "Labour yn cadw": a declared division
/// against the baseline, seat by seat.
pub fn result(tally: &Tally, division: DivisionIx) -> Option<String> {
    let name = |p: PartyIx| tally.election().party_name(p).to_string();
    let seats = |n: u32| {
        if n > 1 {
            format!(" ({n} sedd)")
        } else {
            String::new()
        }
    };
    let phrases: Vec<String> = tally
        .seat_changes(division)?
        .phrases()
        .into_iter()
        .map(|phrase| match phrase {
            SeatChange::GainFrom { by, from, seats: n } => {
                format!(
                    "{} yn ennill oddi wrth {}{}",
                    name(by),
                    name(from),
                    seats(n)
                )
            }
            SeatChange::Gain { by, seats: n } => format!("{} yn ennill{}", name(by), seats(n)),
            SeatChange::Loss { of, seats: n } => format!("{} yn colli{}", name(of), seats(n)),
            SeatChange::Hold { party, seats: n } => format!("{} yn cadw{}", name(party), seats(n)),
        })
        .collect();
    Some(phrases.join("; "))
}

/// "3 o 107 cyngor yn gyflawn: Labour 2, Dim rheolaeth gyffredinol 1, …": the
/// headline of a night of several councils, the English one's counts in its order.
pub fn councils_headline(tally: &Tally) -> String {
    let (complete, by_control) = crate::report::councils_by_control(tally);
    format!(
        "{complete} o {} cyngor yn gyflawn: {}",
        tally.election().councils.len(),
        by_control
            .iter()
            .map(|c| {
                let words = match c.control.as_str() {
                    "No overall control" => "Dim rheolaeth gyffredinol",
                    "Still open" => "Yn dal yn agored",
                    "Cannot tell" => "Methu dweud",
                    party => party,
                };
                format!("{words} {}", c.councils)
            })
            .collect::<Vec<_>>()
            .join(", ")
    )
}
