//! The scoreboard of a night of many councils: councils by control with gains and
//! losses, councillors by party, and each council's result as it completes.

use super::*;

/// The night's scoreboard on a night of several councils, as results services show
/// it: councils by who controls them (with gains and losses of control), councillors
/// by party (with change), and each council's result as it completes.
#[derive(Debug, Clone, PartialEq)]
pub struct Scoreboard {
    pub councils_total: u64,
    pub councils_complete: u64,
    /// "Labour", "No overall control", "Still open", "Cannot tell", most first.
    pub by_control: Vec<ControlTally>,
    /// Councillors elected tonight by party, most first, with change where known.
    pub councillors: Vec<PartyBar>,
    /// Councils whose every division has declared, the latest to complete first.
    pub results: Vec<CouncilLine>,
}

/// How many councils one party (or state) holds, and its gains and losses of control
/// where those can be told.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlTally {
    pub label: String,
    pub councils: u64,
    pub gains: u64,
    pub losses: u64,
    pub colour: Rgb,
}

/// One council's result: "Preston: Labour has control", with its change.
#[derive(Debug, Clone, PartialEq)]
pub struct CouncilLine {
    pub council: String,
    pub control: String,
    /// "Labour hold", "Reform UK gain from Conservative".
    pub change: Option<String>,
    pub colour: Rgb,
}

/// The scoreboard; none for a night of one council.
///
/// Long: Its steps, in the order they must happen, each a few lines that use what the one
/// before made.
pub fn scoreboard(tally: &Tally, colours: &PartyColours) -> Option<Scoreboard> {
    use crate::tally::ControlState;
    let election = tally.election();
    if !election.has_councils() {
        return None;
    }
    let mut by_control: Vec<ControlTally> = Vec::new();
    fn entry(by_control: &mut Vec<ControlTally>, label: String, colour: Rgb) -> &mut ControlTally {
        let i = match by_control.iter().position(|c| c.label == label) {
            Some(i) => i,
            None => {
                by_control.push(ControlTally {
                    label,
                    councils: 0,
                    gains: 0,
                    losses: 0,
                    colour,
                });
                by_control.len() - 1
            }
        };
        &mut by_control[i]
    }
    // The newest entry of the night for each council: the order results completed.
    let mut last_entry = vec![0usize; election.councils.len()];
    for (i, e) in tally.timeline().iter().enumerate() {
        last_entry[election.division(e.division).council.index()] = i + 1;
    }
    let mut results: Vec<(usize, CouncilLine)> = Vec::new();
    let mut complete = 0;
    for c in election.council_ixs() {
        let control = tally.council_control(c);
        let (label, colour) = match control.state {
            Some(ControlState::Control(p)) => {
                let name = election.party_name(p);
                (name.to_string(), colours.colour(name))
            }
            Some(ControlState::NoOverallControl) => ("No overall control".to_string(), UNDECLARED),
            Some(ControlState::Open) => ("Still open".to_string(), UNDECLARED),
            None | Some(ControlState::CannotTell) => ("Cannot tell".to_string(), UNDECLARED),
        };
        entry(&mut by_control, label.clone(), colour).councils += 1;
        let change = tally.control_change(c);
        if let (Some(ControlState::Control(p)), Some((before, _))) =
            (control.state, tally.control_before(c))
            && before != Some(p)
        {
            entry(&mut by_control, label.clone(), colour).gains += 1;
            if let Some(q) = before {
                let name = election.party_name(q);
                entry(&mut by_control, name.to_string(), colours.colour(name)).losses += 1;
            }
        } else if let (Some(ControlState::NoOverallControl), Some((Some(q), _))) =
            (control.state, tally.control_before(c))
        {
            let name = election.party_name(q);
            entry(&mut by_control, name.to_string(), colours.colour(name)).losses += 1;
        }
        let done = election.council_complete(c, tally.council(c).divisions_declared);
        if done {
            complete += 1;
            results.push((
                last_entry[c.index()],
                CouncilLine {
                    council: election.council_name(c).to_string(),
                    control: crate::report::council_control_text(tally, c).text,
                    change: change.map(|c| c.text),
                    colour,
                },
            ));
        }
    }
    // A party that only lost control holds no council now: keep it, at 0.
    by_control.sort_by(|a, b| {
        b.councils
            .cmp(&a.councils)
            .then(b.losses.cmp(&a.losses))
            .then_with(|| a.label.cmp(&b.label))
    });
    results.sort_by_key(|r| std::cmp::Reverse(r.0));
    let councillors = parties_in_order(tally)
        .into_iter()
        .filter(|&p| tally.party(p).seats > 0)
        .map(|p| {
            let name = election.party_name(p);
            PartyBar {
                party: name.to_string(),
                value: tally.party(p).seats as f64,
                colour: colours.colour(name),
                change: tally.seats_change(p).map(|c| c as f64),
            }
        })
        .collect();
    Some(Scoreboard {
        councils_total: election.councils.len() as u64,
        councils_complete: complete,
        by_control,
        councillors,
        results: results.into_iter().map(|(_, line)| line).collect(),
    })
}
