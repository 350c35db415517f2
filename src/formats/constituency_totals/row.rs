//! One constituency's figures settled into candidates: the winner the file names
//! (from its own column, or from among the other candidates), the other candidates
//! as "Others", and every figure as whole votes, checked against the valid votes and
//! the electorate.

use crate::formats::FileError;
use crate::model::OTHERS;

use super::columns::{PartyColumn, counted_among_others, known_party, party_of};
use super::figures::{Scale, shown, whole_votes};

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

    /// How many of the file's own figures in the row have decimals.
    pub fn with_decimals(&self) -> usize {
        self.parties
            .iter()
            .chain(&self.others)
            .chain(&self.other_winner)
            .filter(|v| v.fract() != 0.0)
            .count()
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
    /// The parties' figures fell short of the whole (the valid votes, or 100 %): the
    /// rest is "Others".
    pub filled: bool,
    /// The winner is counted among the other candidates and the file does not say
    /// how many of their votes are its: the seat is kept with no votes (`votes` has
    /// the winner alone), so no share is made up.
    pub votes_unknown: bool,
}

/// The other candidates are never split into more parts than this: a file where
/// they have ten times the winner's votes is wrong, not a constituency.
const MOST_PARTS: u64 = 10;

/// Settles one row. Long: the whole is checked (valid votes), the winner found (in
/// its column or among the other candidates) and checked against every other, and
/// the other candidates split so that none of their parts outvotes it, in that
/// order, each step on what the one before found.
pub fn settle(
    file: &str,
    read: &RowRead,
    cols: &Columns,
    scale: Scale,
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
    let sum = read.sum();
    let mut filled = false;
    match (scale, read.valid, cols.valid) {
        (Scale::Votes, Some(valid), Some(c_valid)) => {
            if sum - valid >= 1.0 {
                return Err(at(
                    c_valid,
                    format!(
                        "the parties' votes add up to {}, more than the {} valid votes",
                        shown(sum),
                        shown(valid)
                    ),
                    "Correct the votes or the valid votes",
                ));
            }
            if sum < valid / 2.0 {
                return Err(at(
                    c_valid,
                    format!(
                        "the parties' votes add up to {}, under half the {} valid votes",
                        shown(sum),
                        shown(valid)
                    ),
                    "Give every party's votes, or the other candidates' in a column headed All other candidates",
                ));
            }
            if valid - sum >= 1.0 {
                others += valid - sum;
                filled = true;
            }
        }
        // Shares rounded to whole numbers may add up to 98 or 102: a shortfall of
        // more is candidates left out.
        (Scale::SharesOfValid | Scale::SharesOf10000, _, _) if 100.0 - sum > 2.0 => {
            others += 100.0 - sum;
            filled = true;
        }
        _ => {}
    }
    let winner = match winner(read, cols, &mut votes, &mut others, &at)? {
        Some(w) => w,
        None => {
            return Ok(Settled {
                votes: vec![(party_of(read.first.as_deref().unwrap_or_default()), 0)],
                winner: 0,
                tied: false,
                filled,
                votes_unknown: true,
            });
        }
    };
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
                "the first party is \"{}\" with {} votes, but {party} has {}",
                read.first.as_deref().unwrap_or_default(),
                shown(winner_figure),
                shown(*v)
            ),
            "Correct the first party or the votes",
        ));
    }
    // A party with no votes did not stand there: it is no candidate.
    let winner_party = votes[winner].0.clone();
    let mut whole: Vec<(String, u64)> = votes
        .into_iter()
        .filter(|(_, v, _)| *v > 0.0)
        .map(|(p, v, _)| (p, whole_votes(v, scale, read.valid)))
        .collect();
    let winner = whole
        .iter()
        .position(|(p, _)| *p == winner_party)
        .unwrap_or_default();
    let top = whole[winner].1.max(1);
    let tied = whole
        .iter()
        .enumerate()
        .any(|(i, (_, v))| i != winner && *v >= top);
    // The other candidates are several people: as one candidate they could outvote
    // the winner the file names (Fermanagh and South Tyrone, 2010: Sinn Féin 21,304,
    // two others 21,488), so they are split into whole parts that each have fewer.
    let others = whole_votes(others, scale, read.valid);
    if others > 0 {
        let parts = if others < top || top < 2 {
            1
        } else {
            others.div_ceil(top - 1)
        };
        if parts > MOST_PARTS {
            let c = cols.all_other.or(cols.valid).unwrap_or_default();
            return Err(at(
                c,
                format!(
                    "the other candidates together have {others} votes, more than {MOST_PARTS} times the winner's {top}"
                ),
                "Correct the votes or the first party",
            ));
        }
        let (each, rest) = (others / parts, others % parts);
        whole.extend((0..parts).map(|i| (OTHERS.to_string(), each + u64::from(i < rest))));
    }
    if scale == Scale::Votes
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
        votes_unknown: false,
    })
}

/// The winner's place among `votes`: the First party's column, or, for a winner
/// the Library counts among the other candidates (the Speaker, an independent), a
/// new entry taken out of `others` as "Of which other winner" gives it (none where
/// the file does not say: its votes cannot be told apart); without a First party,
/// the largest party, where it alone is largest and the other candidates together
/// cannot have outvoted it.
fn winner(
    read: &RowRead,
    cols: &Columns,
    votes: &mut Vec<(String, f64, usize)>,
    others: &mut f64,
    at: &impl Fn(usize, String, &str) -> FileError,
) -> Result<Option<usize>, FileError> {
    let Some(first) = &read.first else {
        return largest(votes, *others, cols, at).map(Some);
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
        return Ok(Some(place));
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
    if *others <= 0.0 {
        return Err(at(
            c_others,
            format!(
                "the first party is \"{first}\", which has no column of its own, but the other candidates, among whom its votes are counted, have none"
            ),
            "Correct the votes or the first party",
        ));
    }
    let Some(won) = read.other_winner.filter(|&w| w > 0.0) else {
        return Ok(None);
    };
    if won > *others {
        return Err(at(
            cols.other_winner.unwrap_or(c_others),
            format!(
                "the winner \"{first}\" has {} votes among the other candidates, who have {} in all",
                shown(won),
                shown(*others)
            ),
            "Correct the votes or the first party",
        ));
    }
    *others -= won;
    votes.push((party, won, c_others));
    Ok(Some(votes.len() - 1))
}

/// Without a First party: the largest party, where no other party ties with it and
/// the other candidates together have fewer votes (else who won cannot be told).
fn largest(
    votes: &[(String, f64, usize)],
    others: f64,
    cols: &Columns,
    at: &impl Fn(usize, String, &str) -> FileError,
) -> Result<usize, FileError> {
    let (place, top) = votes
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.1.total_cmp(&b.1.1))
        .map_or((0, 0.0), |(i, e)| (i, e.1));
    let c = cols.all_other.unwrap_or(cols.parties[0].index);
    let hint = "Give the First party, as the Library does";
    if top <= 0.0 || others >= top {
        return Err(at(
            c,
            format!(
                "the file does not say who won (no First party) and no party has more votes than the other candidates together ({} against {})",
                shown(others),
                shown(top)
            ),
            hint,
        ));
    }
    if let Some((i, (party, _, _))) = votes
        .iter()
        .enumerate()
        .find(|&(i, e)| i != place && e.1 == top)
    {
        return Err(at(
            votes[i.min(place)].2,
            format!(
                "the file does not say who won (no First party) and {party} ties with {} on {}",
                votes[place].0,
                shown(top)
            ),
            hint,
        ));
    }
    Ok(place)
}
