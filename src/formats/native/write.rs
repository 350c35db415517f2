//! Writing a night back out in the app's own results CSV.

use super::*;

/// What to write besides the set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Votes, ballot papers, winners: the results.
    Results,
    /// The set-up only, every vote blank: a sheet for a rehearsal or for the night.
    Blank,
}

/// Writes the tally's election in the app's own format, in ballot order, with
/// `elected` filled from the engine.
///
/// Long: One row per candidate, its columns in the file's order; split, each piece would
/// take the whole row's context.
pub fn write<W: Write>(out: W, tally: &Tally, content: Content) -> Result<(), csv::Error> {
    let election = tally.election();
    let results = content == Content::Results;
    let any = |f: &dyn Fn(DivisionIx) -> bool| election.division_ixs().any(f);
    let has_id = any(&|ix| election.division(ix).code.is_some());
    let has_area = any(&|ix| election.division(ix).area.is_some());
    // A night of one named council keeps its name: a baseline kept this way still
    // matches its wards within that council only.
    let has_council = election.has_councils() || election.councils.iter().any(|c| c.name.is_some());
    let has_electorate = any(&|ix| election.division(ix).electorate.is_some());
    let declared = |ix| if results { tally.declaration(ix) } else { None };
    let has_ballots = any(&|ix| declared(ix).is_some_and(|d| d.ballots_issued.is_some()));
    let has_rejected = any(&|ix| declared(ix).is_some_and(|d| d.rejected.is_some()));
    let account = super::account::AccountOut::of(election, &declared);
    let has_lots = results && any(&|ix| !tally.outcome(ix).by_lot.is_empty());
    let has_time = any(&|ix| declared(ix).is_some_and(|d| d.declared_at.is_some()));
    let any_candidate =
        |f: &dyn Fn(&crate::model::Candidate) -> bool| election.candidates.iter().any(f);
    let has_group = any_candidate(&|c| c.description.is_some());
    let has_candidate_id = |f: fn(&CandidateIds) -> &Option<String>| {
        any_candidate(&|c| c.ids.as_deref().is_some_and(|ids| f(ids).is_some()))
    };
    let has_person = has_candidate_id(|ids| &ids.person_id);
    let has_member = has_candidate_id(|ids| &ids.member_id);
    let has_party_id = has_candidate_id(|ids| &ids.party_id);
    let has_incumbent = any_candidate(&|c| c.incumbent);
    let has_elected_as = has_candidate_id(|ids| &ids.elected_as);

    let mut writer = crate::formats::csv_out::Writer::from_writer(out);
    let mut header = vec![];
    header.extend(has_council.then_some("council"));
    header.push("division");
    header.extend(has_id.then_some("division_id"));
    header.extend(has_area.then_some("area"));
    header.push("seats");
    header.extend(has_electorate.then_some("electorate"));
    header.extend(["candidate", "party"]);
    header.extend(has_group.then_some("party_group"));
    header.extend(has_person.then_some("person_id"));
    header.extend(has_member.then_some("member_id"));
    header.extend(has_party_id.then_some("party_id"));
    header.extend(has_incumbent.then_some("incumbent"));
    header.extend(has_elected_as.then_some("party_elected_as"));
    header.push("votes");
    header.extend(has_ballots.then_some("ballots_issued"));
    header.extend(has_rejected.then_some("rejected"));
    account.header(&mut header);
    header.extend(results.then_some("elected"));
    header.extend(has_lots.then_some("won_by_lot"));
    header.extend(has_time.then_some("declared_at"));
    writer.write_record(&header)?;

    let opt = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    for ix in election.division_ixs() {
        let division = election.division(ix);
        let declaration = declared(ix);
        let outcome = tally.outcome(ix);
        for (pos, c) in division.candidate_ixs().enumerate() {
            let candidate = election.candidate(c);
            let mut record: Vec<String> = Vec::new();
            if has_council {
                record.push(election.council_name(division.council).to_string());
            }
            record.push(division.name.clone());
            if has_id {
                record.push(division.code.clone().unwrap_or_default());
            }
            if has_area {
                record.push(division.area.clone().unwrap_or_default());
            }
            record.push(division.seats.to_string());
            if has_electorate {
                record.push(opt(division.electorate));
            }
            record.push(candidate.name.clone());
            record.push(election.description(c).to_string());
            if has_group {
                // Only where the description is not the party's own name.
                record.push(
                    candidate
                        .description
                        .as_ref()
                        .map(|_| election.party_name(candidate.party).to_string())
                        .unwrap_or_default(),
                );
            }
            let ids = candidate.ids();
            for (has, id) in [
                (has_person, ids.person_id),
                (has_member, ids.member_id),
                (has_party_id, ids.party_id),
            ] {
                if has {
                    record.push(id.unwrap_or_default());
                }
            }
            if has_incumbent {
                record.push(if candidate.incumbent { "Y" } else { "N" }.to_string());
            }
            if has_elected_as {
                record.push(candidate.ids().elected_as.unwrap_or_default());
            }
            record.push(opt(declaration.and_then(|d| d.votes.get(pos).copied())));
            if has_ballots {
                record.push(opt(declaration.and_then(|d| d.ballots_issued)));
            }
            if has_rejected {
                record.push(opt(declaration.and_then(|d| d.rejected)));
            }
            account.record(declaration, &mut record);
            if results {
                let decided = outcome.status == Status::Declared
                    || (outcome.status == Status::Tied && !outcome.tied.contains(&c));
                let flag = if outcome.elected.contains(&c) {
                    "Y"
                } else if decided {
                    "N"
                } else {
                    ""
                };
                record.push(flag.to_string());
            }
            if has_lots {
                record.push(if outcome.by_lot.contains(&c) { "Y" } else { "" }.to_string());
            }
            if has_time {
                record.push(
                    declaration
                        .and_then(|d| d.declared_at)
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                );
            }
            writer.write_record(&record)?;
        }
    }
    writer.flush()?;
    Ok(())
}
