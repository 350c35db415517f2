//! Small elections built by hand, and paths to the sample data.

use std::path::PathBuf;
use std::sync::Arc;

use tallyroom::model::{
    CandidateSetup, Declaration, DivisionIx, DivisionSetup, Election, ElectionBuilder,
};
use tallyroom::tally::Tally;

pub fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(name)
}

/// (division, seats, [(candidate, party)]) in ballot order.
pub type Spec<'a> = &'a [(&'a str, u32, &'a [(&'a str, &'a str)])];

pub fn build(spec: Spec) -> Election {
    let mut builder = ElectionBuilder::new("test");
    for &(name, seats, candidates) in spec {
        builder
            .add_division(DivisionSetup {
                name: name.to_string(),
                seats,
                candidates: candidates
                    .iter()
                    .map(|&(c, p)| CandidateSetup::new(c, p))
                    .collect(),
                ..DivisionSetup::default()
            })
            .expect("valid set-up");
    }
    builder.build()
}

/// A division of one seat, one candidate a party, with its council and code where
/// given: for a baseline matched by council or by code.
pub fn single_seat(
    name: &str,
    council: Option<&str>,
    code: Option<&str>,
    parties: [&str; 2],
) -> DivisionSetup {
    DivisionSetup {
        name: name.to_string(),
        council: council.map(str::to_string),
        code: code.map(str::to_string),
        seats: 1,
        candidates: parties
            .iter()
            .map(|&p| CandidateSetup::new(format!("{p} candidate"), p))
            .collect(),
        ..DivisionSetup::default()
    }
}

/// An election of the divisions given.
pub fn build_of(name: &str, divisions: Vec<DivisionSetup>) -> Election {
    let mut builder = ElectionBuilder::new(name);
    for d in divisions {
        builder.add_division(d).expect("valid set-up");
    }
    builder.build()
}

pub fn tally(spec: Spec) -> Tally {
    Tally::new(Arc::new(build(spec)))
}

pub fn votes(v: &[u64]) -> Declaration {
    Declaration {
        votes: v.to_vec(),
        ..Declaration::default()
    }
}

pub fn div(tally: &Tally, name: &str) -> DivisionIx {
    tally
        .election()
        .find_division(name)
        .expect("division exists")
}

pub fn seats_of(tally: &Tally, party: &str) -> u64 {
    let p = tally.election().parties.find(party).expect("party exists");
    tally.party(p).seats
}

/// A CSV with one column (named in its header) taken out, written as the csv crate
/// writes it.
pub fn without_column(text: &str, column: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut drop = None;
    for record in reader.records() {
        let record = record.expect("a CSV");
        let drop = *drop.get_or_insert_with(|| record.iter().position(|h| h == column));
        let kept: Vec<&str> = record
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != drop)
            .map(|(_, f)| f)
            .collect();
        out.write_record(&kept).expect("written");
    }
    String::from_utf8(out.into_inner().expect("flushed")).expect("UTF-8")
}
