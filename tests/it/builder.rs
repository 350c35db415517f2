//! A whole list of divisions added at once (on two cores) builds the very election,
//! and refuses the list at the very division with the very message, that adding them
//! one after another does: on many generated lists full of names, codes, areas and
//! councils given twice, blank names and divisions without seats.

use std::sync::Arc;

use proptest::prelude::*;
use tallyroom::model::{CandidateSetup, DivisionSetup, ElectionBuilder};

const NAMES: [&str; 7] = [
    "North",
    "north",
    " North ",
    "South",
    "",
    "East & West",
    "East and West",
];
const CODES: [&str; 4] = ["", "A", "B", " A"];
const AREAS: [&str; 4] = ["", "x", "X", "y"];
const COUNCILS: [&str; 4] = ["", "Preston", "preston ", "Burnley"];
const CANDIDATES: [&str; 4] = ["Ann", "Bob", "", " Cy "];
const PARTIES: [&str; 5] = ["Lab", "Con", "Labour", "", "Labour Party"];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(list).prop_map(str::to_string))
}

fn candidate() -> impl Strategy<Value = CandidateSetup> {
    (
        prop::sample::select(&CANDIDATES[..]),
        prop::sample::select(&PARTIES[..]),
        prop::option::of(
            prop::sample::select(&["Labour", " ", "Con"][..]).prop_map(str::to_string),
        ),
        any::<bool>(),
    )
        .prop_map(|(name, party, counts_for, incumbent)| CandidateSetup {
            counts_for,
            incumbent,
            ..CandidateSetup::new(name, party)
        })
}

fn division() -> impl Strategy<Value = DivisionSetup> {
    (
        prop::sample::select(&NAMES[..]),
        (pick(&CODES), pick(&AREAS), pick(&COUNCILS)),
        prop::option::weighted(0.95, 1u32..=3),
        prop::option::of(100u64..5000),
        prop::collection::vec(candidate(), 0..4),
        any::<bool>(),
    )
        .prop_map(
            |(name, (code, area, council), seats, electorate, candidates, cancelled)| {
                DivisionSetup {
                    name: name.to_string(),
                    council,
                    code,
                    area,
                    seats: seats.unwrap_or(0),
                    electorate,
                    candidates,
                    cancelled,
                }
            },
        )
}

/// The election as JSON (its maps in key order), or the division refused and why.
type Built = Result<serde_json::Value, (usize, String)>;

fn one_by_one(setups: &[DivisionSetup]) -> Built {
    let mut builder = ElectionBuilder::new("night");
    for (i, setup) in setups.iter().enumerate() {
        builder
            .add_division(setup.clone())
            .map_err(|e| (i, e.to_string()))?;
    }
    Ok(serde_json::to_value(builder.build()).unwrap())
}

fn at_once(setups: &[DivisionSetup]) -> Built {
    let mut setups = setups.to_vec();
    // One shared text per description, as a reader hands them over (the builder
    // knows a description it has seen by where its text is), where one by one each
    // candidate has its own.
    let mut shared: Vec<Arc<str>> = Vec::new();
    for candidate in setups.iter_mut().flat_map(|s| s.candidates.iter_mut()) {
        match shared.iter().find(|d| d[..] == candidate.party[..]) {
            Some(d) => candidate.party = Arc::clone(d),
            None => shared.push(Arc::clone(&candidate.party)),
        }
    }
    let election = ElectionBuilder::new("night")
        .build_with(&mut setups)
        .map_err(|(i, e)| (i, e.to_string()))?;
    Ok(serde_json::to_value(election).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn at_once_is_one_by_one(setups in prop::collection::vec(division(), 0..12)) {
        prop_assert_eq!(at_once(&setups), one_by_one(&setups));
    }
}

#[test]
fn refusals_are_found_at_once_where_one_by_one_finds_them() {
    let named = |name: &str, code: Option<&str>, seats: u32, candidate: &str| DivisionSetup {
        name: name.to_string(),
        code: code.map(str::to_string),
        seats,
        candidates: vec![CandidateSetup::new(candidate, "Lab")],
        ..DivisionSetup::default()
    };
    // A code given twice at the third division, before its blank candidate.
    let setups = [
        named("North", Some("A"), 1, "Ann"),
        named("South", None, 1, "Bob"),
        named("East", Some("A"), 1, ""),
    ];
    let refused = at_once(&setups).unwrap_err();
    assert_eq!(refused.0, 2);
    assert!(
        refused
            .1
            .contains("\"North\" and \"East\" have the same division_id \"A\""),
        "{}",
        refused.1
    );
    assert_eq!(Err(refused), one_by_one(&setups));
    // No seats at the second division, before the name given twice at the third.
    let setups = [
        named("North", None, 1, "Ann"),
        named("South", None, 0, "Bob"),
        named("north", None, 1, "Cy"),
    ];
    let refused = at_once(&setups).unwrap_err();
    assert_eq!(refused.0, 1);
    assert_eq!(Err(refused), one_by_one(&setups));
}

/// The list builds (no refusal), at once as one by one.
fn assert_builds_alike(setups: &[DivisionSetup]) {
    let built = at_once(setups);
    assert!(built.is_ok(), "{built:?}");
    assert_eq!(built, one_by_one(setups));
}

/// A national night's list (over 20,000 divisions, whose names are moved in on two
/// cores) builds what adding them one by one builds: names, codes and areas trimmed
/// and kept at their own divisions, descriptions shared or not.
#[test]
fn a_national_list_at_once_is_one_by_one() {
    let setups: Vec<DivisionSetup> = (0..20_011)
        .map(|i| DivisionSetup {
            name: format!(" Ward {i} "),
            code: (i % 3 != 0).then(|| format!("E{i:08} ")),
            area: (i % 5 != 0).then(|| format!("  Area {} ", i % 300)),
            council: Some(format!("Council {}", i / 5_000)),
            seats: 1 + (i % 3) as u32,
            candidates: (0..1 + i % 4)
                .map(|k| CandidateSetup::new(format!(" Candidate {k} "), PARTIES[(i + k) % 5]))
                .collect(),
            ..DivisionSetup::default()
        })
        .collect();
    assert_builds_alike(&setups);
}

/// Hundreds of descriptions (a day of local elections' local parties), more than the
/// builder looks through or knows by place, some counted for a party the file names:
/// each candidate counts for the party matching by letters gives.
#[test]
fn hundreds_of_descriptions_shared_or_not_count_alike() {
    let setups: Vec<DivisionSetup> = (0..400)
        .map(|i| DivisionSetup {
            name: format!("Ward {i}"),
            seats: 1,
            candidates: (0..3)
                .map(|k| {
                    let n = i * 3 + k;
                    CandidateSetup {
                        counts_for: (n % 7 == 0).then(|| "Labour".to_string()),
                        ..CandidateSetup::new(
                            format!("Candidate {k}"),
                            format!("Party {}", n % 300),
                        )
                    }
                })
                .collect(),
            ..DivisionSetup::default()
        })
        .collect();
    assert_builds_alike(&setups);
}
