//! One constituency's figures settled into candidates: the winner the file names
//! (from its own column, or from among the other candidates), the other candidates
//! as "Others", and every figure as whole votes, checked against the valid votes and
//! the electorate.

use crate::formats::FileError;
use crate::model::OTHERS;

use super::columns::{PartyColumn, counted_among_others, known_party, party_of};
use super::figures::{Figures, whole_votes};

/// Where the columns a row is settled from are.
pub struct Columns {
    pub parties: Vec<PartyColumn>,
    pub first: Option<usize>,
    pub all_other: Option<usize>,
    pub other_winner: Option<usize>,
    pub valid: Option<usize>,
    pub electorate: Option<usize>,
    /// The header as the file writes it, for messages.
    pub headers: Vec<String>,
}

/// One row's figures as read, before it is known whether they are votes or shares.
pub struct RowRead {
    pub line: u64,
    /// The First party's abbreviation, where given.
    pub first: Option<String>,
    /// Per party column, in the order of [`Columns::parties`]; blank is 0.
    pub parties: Vec<f64>,
    /// "All other candidates", where the file has the column.
    pub others: Option<f64>,
    pub other_winner: Option<f64>,
    pub valid: Option<f64>,
    pub electorate: Option<u64>,
}

impl RowRead {
    /// Every figure of the row that is a party's or the other candidates'.
    pub fn sum(&self) -> f64 {
        self.parties.iter().sum::<f64>() + self.others.unwrap_or(0.0)
    }
}

/// A row settled: (party, whole votes) per candidate, in the order the file gives
/// its parties, the other candidates last.
pub struct Settled {
    pub votes: Vec<(String, u64)>,
    /// The winner's place in `votes`.
    pub winner: usize,
    /// The winner ties with another at the top: the file's First party decides.
    pub tied: bool,
    /// The valid votes held more than the parties' figures: the rest is "Others".
    pub filled: bool,
    /// Figures with decimals rounded.
    pub rounded: usize,
}

/// Settles one row. Long: the winner's figure is found (in its column or among the
/// other candidates), checked against every other, and the other candidates split
/// so that none of their parts outvotes it, in that order, each step on what the one
/// before found.
pub fn settle(
    file: &str,
    read: &RowRead,
    cols: &Columns,
    kind: Figures,
) -> Result<Settled, FileError> {
    let at = |c: usize, problem: String, hint: &str| {
        FileError::in_cell(file, read.line, c, &cols.headers, problem).hint(hint)
    };
    // Each party once (two columns of one party, RUK and Reform, are added).
    let mut votes: Vec<(String, f64, usize)> = Vec::new();
    for (pc, &v) in cols.parties.iter().zip(&read.parties) {
        match votes.iter_mut().find(|(p, _, _)| *p == pc.party) {
            Some(entry) => entry.1 += v,
            None => votes.push((pc.party.clone(), v, pc.index)),
        }
    }
    let mut others = read.others.unwrap_or(0.0);
    let mut filled = false;
    if let (Figures::Votes, Some(valid), Some(c_valid)) = (kind, read.valid, cols.valid) {
        let sum = read.sum();
        let slack = 0.005 * valid + 1.0;
        if sum > valid + slack {
            return Err(at(
                c_valid,
                format!("the parties' votes add up to {sum}, more than the {valid} valid votes"),
                "Correct the votes or the valid votes",
            ));
        }
        if valid - sum > slack {
            others += valid - sum;
            filled = true;
        }
    }
    let winner = winner(read, cols, &mut votes, &mut others, &at)?;
    let winner_figure = votes[winner].1;
    if let Some((party, v, c)) = votes
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != winner)
        .map(|(_, e)| e)
        .find(|(_, v, _)| *v > winner_figure)
    {
        return Err(at(
            cols.first.unwrap_or(*c),
            format!(
                "the first party is \"{}\" with {winner_figure} votes, but {party} has {v}",
                read.first.as_deref().unwrap_or_default()
            ),
            "Correct the first party or the votes",
        ));
    }
    // The other candidates are several people: as one candidate they could outvote
    // the winner the file names (Fermanagh and South Tyrone, 2010: Sinn Féin 21,304,
    // two others 21,488), so they are split into parts that each have fewer.
    // A party with no votes did not stand there: it is no candidate.
    let winner_party = votes[winner].0.clone();
    let mut all: Vec<(String, f64)> = votes
        .into_iter()
        .filter(|(_, v, _)| *v > 0.0)
        .map(|(p, v, _)| (p, v))
        .collect();
    let winner = all
        .iter()
        .position(|(p, _)| *p == winner_party)
        .unwrap_or_default();
    if others > 0.0 {
        // At least 1 and at most others / winner + 1: finite and small.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let parts = (others / winner_figure).floor() as usize + 1;
        #[allow(clippy::cast_precision_loss)]
        let part = others / parts as f64;
        all.extend(std::iter::repeat_n((OTHERS.to_string(), part), parts));
    }
    let rounded = if kind == Figures::Votes {
        all.iter().filter(|(_, v)| v.fract() != 0.0).count()
    } else {
        0
    };
    let whole: Vec<(String, u64)> = all
        .into_iter()
        .map(|(p, v)| (p, whole_votes(v, kind, read.valid)))
        .collect();
    let top = whole[winner].1;
    let tied = whole
        .iter()
        .enumerate()
        .any(|(i, (_, v))| i != winner && *v >= top);
    if kind == Figures::Votes
        && let Some(e) = read.electorate
    {
        let total: u64 = whole.iter().map(|(_, v)| v).sum();
        if total > e {
            return Err(at(
                cols.electorate.unwrap_or_default(),
                format!("the votes add up to {total}, more than the electorate of {e}"),
                "Correct the votes or the electorate",
            ));
        }
    }
    Ok(Settled {
        votes: whole,
        winner,
        tied,
        filled,
        rounded,
    })
}

/// The winner's place among `votes`: the First party's column, or, for a winner
/// the Library counts among the other candidates (the Speaker, an independent), a
/// new entry taken out of `others`; without a First party, the largest party, where
/// the other candidates cannot have outvoted it.
fn winner(
    read: &RowRead,
    cols: &Columns,
    votes: &mut Vec<(String, f64, usize)>,
    others: &mut f64,
    at: &impl Fn(usize, String, &str) -> FileError,
) -> Result<usize, FileError> {
    let Some(first) = &read.first else {
        let (place, top) = votes
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.1.total_cmp(&b.1.1))
            .map(|(i, e)| (i, e.1))
            .unwrap_or((0, 0.0));
        if top <= 0.0 || *others >= top {
            let c = cols.all_other.unwrap_or(cols.parties[0].index);
            return Err(at(
                c,
                format!(
                    "the file does not say who won (no First party) and no party has more votes than the other candidates together ({others} against {top})"
                ),
                "Give the First party, as the Library does",
            ));
        }
        return Ok(place);
    };
    let c_first = cols.first.unwrap_or_default();
    let party = party_of(first);
    if let Some(place) = votes.iter().position(|(p, _, _)| *p == party) {
        if votes[place].1 <= 0.0 {
            return Err(at(
                c_first,
                format!("the first party is \"{first}\", but it has no votes here"),
                "Correct the first party or give its votes",
            ));
        }
        return Ok(place);
    }
    if !counted_among_others(first) {
        return Err(at(
            c_first,
            format!(
                "the first party is \"{first}\" ({}), but the file has no column of its votes",
                known_party(first).unwrap_or_default()
            ),
            &format!("Give its votes in a column headed {first}, as the Library does"),
        ));
    }
    let Some(c_others) = cols.all_other else {
        return Err(at(
            c_first,
            format!(
                "the first party is \"{first}\", which has no column of its own, and the file has no \"All other candidates\" column to hold its votes"
            ),
            "Give the other candidates' votes in a column headed All other candidates",
        ));
    };
    let given = read.other_winner.filter(|&w| w > 0.0);
    let won = given.unwrap_or(*others);
    if won <= 0.0 || won > *others {
        let problem = match given {
            Some(w) => format!(
                "the winner \"{first}\" has {w} votes among the other candidates, who have {others} in all"
            ),
            None => format!(
                "the first party is \"{first}\", which has no column of its own, but the other candidates, among whom its votes are counted, have none"
            ),
        };
        return Err(at(
            cols.other_winner
                .filter(|_| given.is_some())
                .unwrap_or(c_others),
            problem,
            "Correct the votes or the first party",
        ));
    }
    *others -= won;
    votes.push((party, won, c_others));
    Ok(votes.len() - 1)
}
