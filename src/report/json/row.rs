//! A division's row as compact JSON, written straight from the tally: the bytes
//! `serde_json::to_writer` gives for [`division_row`]'s row, without first copying
//! every name into a row of its own and without serde escaping each field's name
//! (a big night's rows are 97 MB of JSON; making the rows and having serde write
//! them was a sixth of its summary). The field names and their order are
//! [`DivisionRow`]'s and [`WinnerRow`]'s: the tests in `json.rs` and the command
//! line's hold the two to the same bytes.

use std::io;

use serde::Serialize;

use super::*;

/// Appends `ix`'s row, with `conflict` where its declarations conflict.
pub(super) fn write_row(
    out: &mut Vec<u8>,
    tally: &Tally,
    ix: DivisionIx,
    conflict: Option<&ConflictReport>,
) -> io::Result<()> {
    let election = tally.election();
    let division = election.division(ix);
    let outcome = tally.outcome(ix);
    let declaration = tally.declaration(ix);
    out.extend_from_slice(b"{\"division\":");
    string(out, &division.name)?;
    if election.has_councils() {
        out.extend_from_slice(b",\"council\":");
        string(out, election.council_name(division.council))?;
    }
    out.extend_from_slice(b",\"division_id\":");
    optional_string(out, division.code.as_deref())?;
    out.extend_from_slice(b",\"area\":");
    optional_string(out, division.area.as_deref())?;
    out.extend_from_slice(b",\"status\":");
    string(out, status(tally, ix))?;
    out.extend_from_slice(b",\"uncontested\":");
    value(out, &outcome.uncontested)?;
    out.extend_from_slice(b",\"seats\":");
    value(out, &division.seats)?;
    out.extend_from_slice(b",\"winners\":[");
    for (k, &c) in outcome.elected.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        let candidate = election.candidate(c);
        out.extend_from_slice(b"{\"candidate\":");
        string(out, &election.candidate_label_borrowed(c))?;
        out.extend_from_slice(b",\"party\":");
        string(out, election.party_name(candidate.party))?;
        if let Some(description) = candidate.description.as_deref() {
            out.extend_from_slice(b",\"description\":");
            string(out, description)?;
        }
        out.extend_from_slice(b",\"votes\":");
        value(out, &candidate_votes(tally, c))?;
        out.extend_from_slice(b",\"by_lot\":");
        value(out, &outcome.by_lot.contains(&c))?;
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"tied\":[");
    for (k, &c) in outcome.tied.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        string(out, &election.candidate_label_borrowed(c))?;
    }
    out.extend_from_slice(b"],\"majority\":");
    value(out, &outcome.majority)?;
    out.extend_from_slice(b",\"majority_percent\":");
    value(out, &outcome.majority_percent)?;
    out.extend_from_slice(b",\"turnout\":");
    value(out, &outcome.turnout.map(|t| t.percent))?;
    out.extend_from_slice(b",\"turnout_basis\":");
    value(out, &outcome.turnout.map(|t| t.basis))?;
    out.extend_from_slice(b",\"electorate\":");
    value(out, &division.electorate)?;
    out.extend_from_slice(b",\"ballots_issued\":");
    value(out, &declaration.and_then(|d| d.ballots_issued))?;
    out.extend_from_slice(b",\"rejected\":");
    value(out, &declaration.and_then(|d| d.rejected))?;
    out.extend_from_slice(b",\"valid_votes\":");
    value(out, &declaration.map(|_| outcome.valid_votes))?;
    out.extend_from_slice(b",\"result\":");
    optional_string(out, tally.result_text(ix).as_deref())?;
    out.extend_from_slice(b",\"has_baseline\":");
    value(out, &has_baseline(tally, ix))?;
    out.extend_from_slice(b",\"declared_at\":");
    optional_string(out, declared_at(tally, ix).as_deref())?;
    if let Some(account) = paper_account(tally, ix) {
        out.extend_from_slice(b",\"paper_account\":");
        value(out, &account)?;
    }
    if let Some(conflict) = conflict {
        out.extend_from_slice(b",\"conflict\":");
        value(out, conflict)?;
    }
    out.push(b'}');
    Ok(())
}

/// A string as serde_json writes it: quoted, with `"`, `\` and control characters
/// escaped (by serde_json itself, for the few names that have any).
fn string(out: &mut Vec<u8>, text: &str) -> io::Result<()> {
    let plain = !text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\');
    if plain {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        value(out, text)
    }
}

fn optional_string(out: &mut Vec<u8>, text: Option<&str>) -> io::Result<()> {
    match text {
        Some(text) => string(out, text),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// Numbers, flags and the rest as serde_json writes them.
fn value<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)
}
