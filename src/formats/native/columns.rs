//! The columns of the app's own results CSV, by name and the other names they go
//! by, and the division-level fields every row of a division must agree on.

use super::*;

pub(super) const DIVISION: ColumnSpec = ColumnSpec {
    name: "division",
    aliases: &["ward", "constituency", "division_name"],
};

pub(super) const SEATS: ColumnSpec = ColumnSpec {
    name: "seats",
    aliases: &["seats_contested"],
};

pub(super) const CANDIDATE: ColumnSpec = ColumnSpec {
    name: "candidate",
    aliases: &["candidate_name", "name"],
};

pub(super) const PARTY: ColumnSpec = ColumnSpec {
    name: "party",
    aliases: &["party_name"],
};

pub(super) const VOTES: ColumnSpec = ColumnSpec {
    name: "votes",
    aliases: &["votes_cast"],
};

pub(super) const DIVISION_ID: ColumnSpec = ColumnSpec {
    name: "division_id",
    aliases: &["gss_code", "gss", "ons_id"],
};

pub(super) const COUNCIL: ColumnSpec = ColumnSpec {
    name: "council",
    aliases: &["local_authority", "authority", "organisation"],
};

pub(super) const ELECTED_AS: ColumnSpec = ColumnSpec {
    name: "party_elected_as",
    aliases: &["elected_as"],
};

pub(super) const INCUMBENT: ColumnSpec = ColumnSpec {
    name: "incumbent",
    aliases: &["sitting", "sitting_councillor", "sitting_mp"],
};

pub(super) const AREA: ColumnSpec = ColumnSpec {
    name: "area",
    aliases: &["district", "count_centre", "region"],
};

pub(super) const ELECTORATE: ColumnSpec = ColumnSpec {
    name: "electorate",
    aliases: &[],
};

pub(super) const BALLOTS: ColumnSpec = ColumnSpec {
    name: "ballots_issued",
    aliases: &["ballot_papers", "turnout_reported"],
};

pub(super) const REJECTED: ColumnSpec = ColumnSpec {
    name: "rejected",
    aliases: &["rejected_ballots", "spoilt_ballots"],
};

pub(super) const ELECTED: ColumnSpec = ColumnSpec {
    name: "elected",
    aliases: &[],
};

pub(super) const WON_BY_LOT: ColumnSpec = ColumnSpec {
    name: "won_by_lot",
    aliases: &[],
};

pub(super) const DECLARED_AT: ColumnSpec = ColumnSpec {
    name: "declared_at",
    aliases: &[],
};

pub(super) const PERSON_ID: ColumnSpec = ColumnSpec {
    name: "person_id",
    aliases: &["dc_person_id"],
};

pub(super) const PARTY_ID: ColumnSpec = ColumnSpec {
    name: "party_id",
    aliases: &[],
};

pub(super) const MEMBER_ID: ColumnSpec = ColumnSpec {
    name: "member_id",
    aliases: &["member_mnis_id"],
};

pub(super) const WITHDRAWN: ColumnSpec = ColumnSpec {
    name: "withdrawn",
    aliases: &[],
};

pub(super) const PARTY_GROUP: ColumnSpec = ColumnSpec {
    name: "party_group",
    aliases: &["counts_for"],
};

// The division-level fields, as indices into a division's first lines.
pub(super) const SEATS_FIELD: usize = 0;

pub(super) const CODE_FIELD: usize = 1;

pub(super) const AREA_FIELD: usize = 2;

pub(super) const ELECTORATE_FIELD: usize = 3;

pub(super) const BALLOTS_FIELD: usize = 4;

pub(super) const REJECTED_FIELD: usize = 5;

pub(super) const DECLARED_FIELD: usize = 6;

pub(super) const FIELDS: usize = 7;
