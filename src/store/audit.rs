//! The audit trail: every event of the night in words, with old and new figures.

use serde::Serialize;

use crate::model::{Declaration, Division, DivisionIx, Election, PaperAccount};
use crate::store::events::{Change, Event, Figures, SetupChange};
use crate::store::night::Night;

#[derive(Debug, Clone, Serialize)]
pub struct AuditLine {
    pub seq: i64,
    pub at: String,
    pub who: String,
    pub machine: String,
    pub division: String,
    pub kind: &'static str,
    /// What changed: the figures, or old and new figures for a correction.
    pub what: String,
    pub reason: Option<String>,
}

/// The audit trail of a log, against the election's set-up. `events` are in the
/// night's order (the order the store replays them in, the server's on a shared
/// night), so that a correction's old figures are those counted just before it, on
/// every replica. Figures kept beside the counted ones (a declaration made without
/// seeing the one that counts) are said to be so, and do not change what counts.
///
/// Long: One pass over the log, each event compared with the state the events before it
/// left; split, the pieces would hand that state back and forth.
pub fn trail(election: &Election, events: &[Event]) -> Vec<AuditLine> {
    let n = election.divisions.len();
    // Per division: the figures counted, and the last event that counted.
    let mut current: Vec<Option<Declaration>> = vec![None; n];
    let mut last_id: Vec<Option<&str>> = vec![None; n];
    let by_id: std::collections::HashMap<&str, &Event> =
        events.iter().map(|e| (e.id.as_str(), e)).collect();
    let names = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| {
                by_id
                    .get(id.as_str())
                    .map_or_else(|| id.clone(), |e| format!("{} on {}", e.who, e.machine))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    events
        .iter()
        .map(|event| {
            let division = event
                .division
                .and_then(|d| election.divisions.get(d.index()));
            let slot = event
                .division
                .map(DivisionIx::index)
                .filter(|&i| i < current.len());
            let before = slot.and_then(|i| current[i].clone());
            // The rule the night applies (`Night::kept_as_rival`): figures written
            // without seeing the division's last counted event do not count while
            // other figures stand.
            let stale = slot.is_some_and(|i| {
                Night::is_stale(event.base.as_deref(), last_id[i])
                    && before.is_some()
                    && matches!(event.change, Change::Declared(_) | Change::Corrected(_))
            });
            let what = match (&event.change, division) {
                (Change::Declared(f) | Change::Corrected(f), Some(d)) if stale => {
                    let same = before.as_ref().is_some_and(|b| f.same_count(b));
                    if same {
                        format!(
                            "the same figures entered again, without seeing the declaration before: {}",
                            figures_text(election, d, f)
                        )
                    } else {
                        format!(
                            "conflicting declaration, kept but not counted (entered without seeing the figures that count): {}",
                            figures_text(election, d, f)
                        )
                    }
                }
                (Change::BaselineSet { name, .. }, _) => format!("baseline set: {name}"),
                (Change::CompositionSet { composition: c }, _) => format!(
                    "{} set for {} councils from {}",
                    c.kind.label(),
                    c.councils.len(),
                    c.source
                ),
                (Change::BreakAcknowledged { seq, .. }, _) => format!(
                    "a break in the night's record at event {seq} acknowledged"
                ),
                (Change::BoundariesSet { boundaries: b }, _) => format!(
                    "map boundaries set: {} shapes from {}",
                    b.shapes.len(),
                    b.source
                ),
                (Change::DoubleEntry { on }, _) => {
                    format!("double entry switched {}", if *on { "on" } else { "off" })
                }
                (_, None) => "(unknown division)".to_string(),
                (Change::FirstEntry(f), Some(d)) => {
                    format!("first entry: {}", figures_text(election, d, f))
                }
                (Change::FirstEntryDiscarded, Some(_)) => "first entry discarded".to_string(),
                // A second declaration of a declared division came from a laptop that
                // had not seen the first (a shared night).
                (Change::Declared(f), Some(d)) if before.is_some() => format!(
                    "declared again, without seeing the declaration before: {}",
                    figures_text(election, d, f)
                ),
                (Change::Declared(f), Some(d)) => figures_text(election, d, f),
                (Change::Corrected(f), Some(d)) => {
                    let text = match &before {
                        Some(old) => correction_text(election, d, old, f),
                        None => figures_text(election, d, f),
                    };
                    if f.resolves.is_empty() {
                        text
                    } else {
                        format!(
                            "{text}; resolves the conflicting declarations of {}",
                            names(&f.resolves)
                        )
                    }
                }
                (Change::LotsDrawn { winners }, Some(d)) => {
                    let names: Vec<String> = winners
                        .iter()
                        .map(|&p| candidate_name(election, d, p as usize))
                        .collect();
                    format!("won by lot: {}", names.join(", "))
                }
                (Change::Withdrawn, Some(d)) => match &before {
                    Some(old) => format!(
                        "withdrawn; was {}",
                        figures_text(election, d, &Figures::from_declaration(old))
                    ),
                    None => "withdrawn".to_string(),
                },
                (Change::SetupChanged(change), Some(d)) => setup_text(election, d, change),
            };
            if let Some(i) = slot.filter(|_| !stale) {
                last_id[i] = Some(event.id.as_str());
                match &event.change {
                    Change::Declared(f) | Change::Corrected(f) => {
                        current[i] = Some(f.declaration(event.at))
                    }
                    Change::LotsDrawn { winners } => {
                        if let Some(d) = current[i].as_mut() {
                            d.won_by_lot = winners.clone();
                        }
                    }
                    Change::Withdrawn => current[i] = None,
                    Change::SetupChanged(_)
                    | Change::FirstEntry(_)
                    | Change::FirstEntryDiscarded
                    | Change::DoubleEntry { .. }
                    | Change::BaselineSet { .. }
                    | Change::CompositionSet { .. }
                    | Change::BoundariesSet { .. }
                    | Change::BreakAcknowledged { .. } => {}
                }
            }
            AuditLine {
                seq: event.seq,
                at: local_time(event.at),
                who: event.who.clone(),
                machine: event.machine.clone(),
                division: division.map_or_else(String::new, |d| d.name.clone()),
                kind: event.change.kind(),
                what,
                reason: event.reason.clone(),
            }
        })
        .collect()
}

/// A time as volunteers read it: local, to the second.
pub fn local_time(at: jiff::Timestamp) -> String {
    at.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

fn candidate_name(election: &Election, d: &Division, position: usize) -> String {
    d.candidate_ixs().nth(position).map_or_else(
        || format!("candidate {}", position + 1),
        |c| election.candidate_label(c),
    )
}

fn extras(ballots: Option<u64>, rejected: Option<u64>) -> String {
    let mut out = String::new();
    if let Some(b) = ballots {
        out.push_str(&format!("; ballot papers {b}"));
    }
    if let Some(r) = rejected {
        out.push_str(&format!("; rejected {r}"));
    }
    out
}

fn figures_text(election: &Election, d: &Division, f: &Figures) -> String {
    let votes: Vec<String> = f
        .votes
        .iter()
        .enumerate()
        .map(|(p, v)| format!("{} {v}", candidate_name(election, d, p)))
        .collect();
    format!(
        "{}{}{}",
        votes.join(", "),
        extras(f.ballots_issued, f.rejected),
        account_text(&f.account())
    )
}

/// The paper account in words, each figure where given ("; verified 3000; counted
/// 2999; rejected by heading 1, 0, 2, 1").
fn account_text(a: &PaperAccount) -> String {
    let mut out = String::new();
    for (label, v) in [
        ("verified", a.verified),
        ("counted", a.counted),
        ("rejected in part", a.rejected_in_part),
    ] {
        if let Some(v) = v {
            out.push_str(&format!("; {label} {v}"));
        }
    }
    if let Some(h) = &a.rejected_by_heading {
        let h: Vec<String> = h.iter().map(u64::to_string).collect();
        out.push_str(&format!("; rejected by heading {}", h.join(", ")));
    }
    if let Some(why) = &a.discrepancy {
        out.push_str(&format!("; counted differs from verified: {why}"));
    }
    out
}

fn correction_text(election: &Election, d: &Division, old: &Declaration, new: &Figures) -> String {
    let mut changes: Vec<String> = Vec::new();
    for (p, (&was, &now)) in old.votes.iter().zip(&new.votes).enumerate() {
        if was != now {
            changes.push(format!("{} {was} -> {now}", candidate_name(election, d, p)));
        }
    }
    let optional = |v: Option<u64>| v.map_or_else(|| "none".to_string(), |v| v.to_string());
    if old.ballots_issued != new.ballots_issued {
        changes.push(format!(
            "ballot papers {} -> {}",
            optional(old.ballots_issued),
            optional(new.ballots_issued)
        ));
    }
    if old.rejected != new.rejected {
        changes.push(format!(
            "rejected {} -> {}",
            optional(old.rejected),
            optional(new.rejected)
        ));
    }
    let (was, now) = (&old.account, &new.account());
    for (label, a, b) in [
        ("verified", was.verified, now.verified),
        ("counted", was.counted, now.counted),
        (
            "rejected in part",
            was.rejected_in_part,
            now.rejected_in_part,
        ),
    ] {
        if a != b {
            changes.push(format!("{label} {} -> {}", optional(a), optional(b)));
        }
    }
    if was.rejected_by_heading != now.rejected_by_heading {
        let list = |h: &Option<Vec<u64>>| {
            h.as_ref().map_or_else(
                || "none".to_string(),
                |h| h.iter().map(u64::to_string).collect::<Vec<_>>().join(", "),
            )
        };
        changes.push(format!(
            "rejected by heading {} -> {}",
            list(&was.rejected_by_heading),
            list(&now.rejected_by_heading)
        ));
    }
    if was.discrepancy != now.discrepancy {
        changes.push(format!(
            "explanation \"{}\" -> \"{}\"",
            was.discrepancy.as_deref().unwrap_or(""),
            now.discrepancy.as_deref().unwrap_or("")
        ));
    }
    if changes.is_empty() {
        "figures unchanged".to_string()
    } else {
        changes.join(", ")
    }
}

fn setup_text(election: &Election, d: &Division, change: &SetupChange) -> String {
    match change {
        SetupChange::CandidateName { position, name } => format!(
            "candidate {} renamed to {name}",
            candidate_name(election, d, *position as usize)
        ),
        SetupChange::CandidateParty { position, party } => format!(
            "candidate {} now stands for {party}",
            candidate_name(election, d, *position as usize)
        ),
        SetupChange::Electorate { electorate } => format!(
            "electorate set to {}",
            electorate.map_or_else(|| "unknown".to_string(), |e| e.to_string())
        ),
    }
}

/// An event as the file holds it, unread: for the log of a file whose events cannot
/// all be read, so that what it holds can still be seen (and the bad one found).
#[derive(Debug, Clone, Serialize)]
pub struct RawLine {
    pub seq: i64,
    pub at: String,
    pub who: String,
    pub machine: String,
    pub division: Option<i64>,
    pub kind: String,
    /// The event's content exactly as written.
    pub payload: String,
    pub reason: Option<String>,
    /// Why the event cannot be read, where it cannot.
    pub unreadable: Option<String>,
}

/// Every event of a file as written, in the order written, without applying any:
/// read-only, whatever the events say.
pub fn raw(path: &std::path::Path) -> rusqlite::Result<Vec<RawLine>> {
    let conn = crate::store::connect_to_read(path)?;
    let mut statement = conn.prepare(
        "SELECT seq, CAST(at AS TEXT), CAST(who AS TEXT), CAST(machine AS TEXT), division,
                CAST(kind AS TEXT), CAST(payload AS TEXT), CAST(reason AS TEXT)
         FROM events ORDER BY seq",
    )?;
    let rows = statement.query_map([], |r| {
        let text = |i: usize| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        let at = text(1)?;
        let payload = text(6)?;
        let unreadable = match (at.parse::<jiff::Timestamp>(), Change::from_json(&payload)) {
            (Err(e), _) => Some(format!("its time is not what tallyroom writes ({e})")),
            (_, Err(e)) => Some(format!("its content is not what tallyroom writes ({e})")),
            _ => None,
        };
        Ok(RawLine {
            seq: r.get(0)?,
            at,
            who: text(2)?,
            machine: text(3)?,
            division: r.get::<_, Option<i64>>(4).ok().flatten(),
            kind: text(5)?,
            payload,
            reason: r.get(7)?,
            unreadable,
        })
    })?;
    rows.collect()
}
