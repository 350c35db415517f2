//! What a results file says against itself, found as it is read: councils that
//! elect only part of their seats tonight, seats beyond the candidates, stray rows,
//! winners the votes do not elect, and rows given twice.

use super::*;

/// Councils of a night of several that elect fewer seats tonight than they have (by
/// the shipped table of councils, for the year the file's name gives, else the
/// latest), or that the table says elect by thirds or halves that year: marked as
/// electing part of the council, so that control is not called on tonight's seats
/// alone. Said, naming them.
pub(super) fn councils_elected_in_part(
    file: &str,
    raw: &mut native::RawResults,
    archive: bool,
) -> Vec<String> {
    let year = councils_table::year_in_name(file);
    let mut up: Vec<(String, u64)> = Vec::new();
    for d in &raw.divisions {
        let Some(council) = &d.setup.council else {
            continue;
        };
        match up.iter_mut().find(|(c, _)| c == council) {
            Some((_, n)) => *n += u64::from(d.setup.seats),
            None => up.push((council.clone(), u64::from(d.setup.seats))),
        }
    }
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for (council, seats) in up {
        if raw.partial_councils.contains(&council) {
            continue;
        }
        // By the source's code first: a council the source names otherwise is still
        // itself.
        let row = raw
            .council_codes
            .iter()
            .find(|(c, _)| *c == council)
            .and_then(|(_, code)| councils_table::find_code(code, year))
            .or_else(|| councils_table::find(&council, year));
        let Some(row) = row else {
            // An archive of many councils that does not say this one elected every
            // seat, of a council the table does not know: its size is unknown, so
            // tonight's seats cannot be taken for the whole council.
            if archive && !raw.whole_councils.contains(&council) {
                unknown.push(format!("{council} ({seats})"));
                raw.partial_councils.push(council);
            }
            continue;
        };
        let part = matches!(row.elects.as_str(), "thirds" | "halves");
        if row.seats > seats || part {
            found.push(format!(
                "{council} ({seats} of {}{})",
                row.seats,
                if part {
                    format!(", by {}", row.elects)
                } else {
                    String::new()
                }
            ));
            raw.partial_councils.push(council);
        }
    }
    const NAMED: usize = 12;
    let list = |mut names: Vec<String>| {
        let more = names.len().saturating_sub(NAMED);
        names.truncate(NAMED);
        format!(
            "{}{}",
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )
    };
    let mut said = Vec::new();
    if !found.is_empty() {
        let n = found.len();
        said.push(format!(
            "{file}: {n} council{} elect{} fewer seats tonight than {} (table of councils, {}): {}; control there needs the councillors not up for election or the council before the poll",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" },
            if n == 1 { "it has" } else { "they have" },
            year.map_or_else(|| "latest year".to_string(), |y| y.to_string()),
            list(found)
        ));
    }
    if !unknown.is_empty() {
        said.push(format!(
            "{file}: {} not in the table of councils and the file does not say {} every seat, so {} control is not called on tonight's seats: {}",
            if unknown.len() == 1 { "1 council is".to_string() } else { format!("{} councils are", unknown.len()) },
            if unknown.len() == 1 { "it elects" } else { "they elect" },
            if unknown.len() == 1 { "its" } else { "their" },
            list(unknown)
        ));
    }
    said
}

/// Divisions with more seats than candidates and more than three seats: every
/// candidate is elected and seats are left empty, which a real contest never is (a
/// "1000" typed for a 1). Said.
pub(super) fn seats_beyond_candidates(file: &str, raw: &native::RawResults) -> Option<String> {
    let odd: Vec<String> = raw
        .divisions
        .iter()
        .filter(|d| d.setup.seats as usize > d.candidates.len().max(1) && d.setup.seats > 3)
        .map(|d| {
            format!(
                "{} (line {}: {} seats, {} candidates)",
                d.setup.name,
                d.line,
                d.setup.seats,
                d.candidates.len()
            )
        })
        .collect();
    (!odd.is_empty()).then(|| {
        format!(
            "{file}: {} divisions have more seats than candidates, so every candidate is elected and seats are left empty: {}; check the seats",
            odd.len(),
            odd.iter().take(10).cloned().collect::<Vec<_>>().join(", ")
        )
    })
}

/// A row whose division code is mistyped makes a division of its own: one candidate,
/// "returned unopposed", a seat too many. Such a lone row, sitting among the rows of a
/// division of the same name (and council), is refused at its line.
///
/// Only the divisions whose rows span a lone row's line are compared with it, by
/// their first line in order: the names' keys of a big file's 200,000 divisions,
/// worked out for every one to find the few lone rows' neighbours, were a twentieth
/// of the time of its summary.
pub(super) fn refuse_stray_rows(file: &str, raw: &native::RawResults) -> Result<(), FileError> {
    let lone: Vec<(usize, u64)> = raw
        .divisions
        .iter()
        .enumerate()
        .filter_map(|(i, d)| match d.candidates.as_slice() {
            [row] => Some((i, row.line)),
            _ => None,
        })
        .collect();
    if lone.is_empty() {
        return Ok(());
    }
    // Divisions of two rows or more (only those can surround a row), by the line of
    // their first row: (first line, last line, division).
    let mut spans: Vec<(u64, u64, usize)> = raw
        .divisions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.candidates.len() > 1)
        .filter_map(|(i, d)| {
            let lines = d.candidates.iter().map(|c| c.line);
            Some((lines.clone().min()?, lines.max()?, i))
        })
        .collect();
    spans.sort_unstable();
    // The furthest last line of the spans up to each: a search back from a line stops
    // where nothing before reaches past it.
    let reach: Vec<u64> = spans
        .iter()
        .scan(0u64, |far, span| {
            *far = (*far).max(span.1);
            Some(*far)
        })
        .collect();
    let key = |i: usize| {
        let d = &raw.divisions[i].setup;
        (
            d.council.as_deref().unwrap_or("").to_lowercase(),
            crate::model::division_key(&d.name),
        )
    };
    for (lone, line) in lone {
        let before = spans.partition_point(|span| span.0 < line);
        let lone_key = key(lone);
        // The division, of those around the row with its name, that comes first in
        // the file's order of divisions.
        let among = (0..before)
            .rev()
            .take_while(|&j| reach[j] > line)
            .filter(|&j| spans[j].1 > line)
            .map(|j| spans[j].2)
            .filter(|&other| key(other) == lone_key)
            .min();
        if let Some(other) = among {
            let o = &raw.divisions[other];
            let code = |d: &native::RawDivision| {
                d.setup
                    .code
                    .clone()
                    .unwrap_or_else(|| "no code".to_string())
            };
            return Err(FileError::new(
                file,
                format!(
                    "this row of \"{}\" has division_id {}, but the rows around it (from line {}) have {}: it would make a division of one candidate, a seat too many",
                    o.setup.name,
                    code(&raw.divisions[lone]),
                    o.line,
                    code(o)
                ),
            )
            .at_line(line)
            .hint("Correct the division_id on this row"));
        }
    }
    Ok(())
}

/// The checks that need only each division's own rows: a row given twice (refused)
/// and winners the votes do not elect (said). A big file's two halves are checked at
/// once, on two cores, to the same result as one pass: the first half's row given
/// twice is the one refused, and its disagreements are named first.
pub(super) fn by_division(
    file: &str,
    divisions: &[native::RawDivision],
) -> (Result<(), FileError>, Vec<String>) {
    let each = |part: &[native::RawDivision]| {
        (
            refuse_repeated_rows(file, part),
            winners_disagreeing(file, part),
        )
    };
    if divisions.len() < native::IN_HALVES_FROM_DIVISIONS {
        let (repeated, disagreeing) = each(divisions);
        return (repeated, disagreeing.notes(file));
    }
    let (first, second) = divisions.split_at(divisions.len() / 2);
    let (first, second) = std::thread::scope(|scope| {
        let later = scope.spawn(|| each(second));
        (each(first), later.join())
    });
    let second = second.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    (first.0.and(second.0), first.1.then(second.1).notes(file))
}

/// Divisions with marked winners that differ from their votes named one by one; the
/// rest are counted.
const NAMED_DISAGREEING: usize = 10;

/// Divisions whose source marks winners the votes do not elect: more or fewer than
/// its seats, or one marked elected with fewer votes than one not marked. The tally
/// goes by the votes; each is said, so that the source can be checked.
fn winners_disagreeing(file: &str, divisions: &[native::RawDivision]) -> Disagreeing {
    let mut said = Vec::new();
    let mut more = 0;
    // The votes and the marked of each division, in lists made once: a big night's
    // 200,000 divisions each made two of their own.
    let (mut votes, mut marked): (Vec<u64>, Vec<usize>) = (Vec::new(), Vec::new());
    for d in divisions {
        if d.candidates.iter().all(|c| c.elected.is_none()) {
            continue;
        }
        votes.clear();
        let all_counted = d.candidates.iter().all(|c| match c.votes.parse() {
            Ok(Some(v)) => {
                votes.push(v);
                true
            }
            _ => false,
        });
        if !all_counted {
            continue;
        }
        marked.clear();
        marked.extend((0..votes.len()).filter(|&p| d.candidates[p].elected == Some(true)));
        let seats = d.setup.seats as usize;
        let beaten = marked
            .iter()
            .any(|&m| (0..votes.len()).any(|u| !marked.contains(&u) && votes[u] > votes[m]));
        if marked.len() == seats.min(votes.len()) && !beaten {
            continue;
        }
        // A tie for the last seat: the votes elect those above it and no one of the
        // tied. Marked as the votes have it (none of the tied, lots not yet drawn) or
        // as lots decided (as many of the tied as seats are left) is no disagreement.
        let tie = tie_for_last_seat(&votes, seats);
        if let Some((above, tied)) = &tie {
            let marked_tied = marked.iter().filter(|m| tied.contains(m)).count();
            if above.iter().all(|a| marked.contains(a))
                && marked.iter().all(|m| above.contains(m) || tied.contains(m))
                && (marked_tied == 0 || marked_tied == seats - above.len())
            {
                continue;
            }
        }
        if said.len() == NAMED_DISAGREEING {
            more += 1;
            continue;
        }
        let names = |ps: &[usize]| -> String {
            ps.iter()
                .map(|&p| format!("{} ({})", d.setup.candidates[p].name, votes[p]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let elect = match &tie {
            Some((above, tied)) if above.is_empty() => {
                format!("the votes tie {} for the seat", names(tied))
            }
            Some((above, tied)) => format!(
                "the votes elect {} and tie {} for the last seat",
                names(above),
                names(tied)
            ),
            None => {
                let mut by_votes: Vec<usize> = (0..votes.len()).collect();
                by_votes.sort_by_key(|&p| std::cmp::Reverse(votes[p]));
                by_votes.truncate(seats);
                format!("the votes elect {}", names(&by_votes))
            }
        };
        said.push(format!(
            "{file}: line {}: {} marks {} elected of {seats} seat{}: {}; {elect}; the tally goes by the votes",
            d.line,
            d.setup.name,
            marked.len(),
            if seats == 1 { "" } else { "s" },
            if marked.is_empty() { "none".to_string() } else { names(&marked) }
        ));
    }
    Disagreeing { said, more }
}

/// Divisions whose marked winners the votes do not elect: the first few said, the
/// rest counted.
struct Disagreeing {
    said: Vec<String>,
    more: usize,
}

impl Disagreeing {
    /// These, then those of the divisions after them.
    fn then(mut self, later: Disagreeing) -> Disagreeing {
        for said in later.said {
            if self.said.len() < NAMED_DISAGREEING {
                self.said.push(said);
            } else {
                self.more += 1;
            }
        }
        self.more += later.more;
        self
    }

    fn notes(mut self, file: &str) -> Vec<String> {
        if self.more > 0 {
            self.said.push(format!(
                "{file}: and {} more divisions whose marked winners differ from their votes",
                self.more
            ));
        }
        self.said
    }
}

/// Where the votes tie across the last of `seats` seats: the candidates above the
/// tie (elected by the votes) and those tied; none where the votes decide every seat.
fn tie_for_last_seat(votes: &[u64], seats: usize) -> Option<(Vec<usize>, Vec<usize>)> {
    let mut sorted = votes.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let cut = *sorted.get(seats.checked_sub(1)?)?;
    let above: Vec<usize> = (0..votes.len()).filter(|&p| votes[p] > cut).collect();
    let tied: Vec<usize> = (0..votes.len()).filter(|&p| votes[p] == cut).collect();
    (above.len() + tied.len() > seats).then_some((above, tied))
}

/// A candidate's row given twice to the letter within one division (the same name,
/// description, ids and votes: a paste repeated, two exports merged) would count its
/// votes twice, and can make a false tie. Refused, naming both lines; two real
/// candidates of one name and description differ in their votes or their ids. Rows
/// without votes yet (a set-up sheet) may be such twins, told apart by their place on
/// the ballot, and stand.
fn refuse_repeated_rows(file: &str, divisions: &[native::RawDivision]) -> Result<(), FileError> {
    for d in divisions {
        let (setups, rows) = (&d.setup.candidates, &d.candidates);
        for (i, (setup, row)) in setups.iter().zip(rows).enumerate() {
            if row.votes.is_blank() {
                continue;
            }
            // The votes first: two rows alike in them are few, and a name is text.
            let first = setups.iter().zip(rows).take(i).find(|(s, r)| {
                r.votes == row.votes
                    && s.name == setup.name
                    && s.party == setup.party
                    && s.ids == setup.ids
            });
            if let Some((_, first)) = first {
                let votes = row.votes.text();
                return Err(FileError::new(
                    file,
                    format!(
                        "{} ({}, {votes} votes) in \"{}\" is given twice: on line {} and here; its votes would count twice",
                        setup.name, setup.party, d.setup.name, first.line
                    ),
                )
                .at_line(row.line)
                .hint("Delete the repeated row. Two candidates who truly share a name and description need their own ids (person_id) or are told apart by their votes"));
            }
        }
    }
    Ok(())
}
