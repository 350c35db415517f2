//! Running totals, kept as plain sums so that a division's contribution can be added
//! and taken away again exactly.

/// Implements `add` and `subtract` field by field for a struct of `u64` sums.
macro_rules! sums {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl $name {
            pub(crate) fn add(&mut self, other: &Self) {
                $(self.$field += other.$field;)*
            }

            pub(crate) fn subtract(&mut self, other: &Self) {
                $(self.$field -= other.$field;)*
            }
        }
    };
}

/// One party's figures over the declared divisions.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PartyTotals {
    pub seats: u64,
    pub votes: u64,
    /// Votes counting only the party's top candidate in each division.
    pub top_votes: u64,
    /// Seats won plus seats it could still win (undeclared seats where it stands).
    pub possible: u64,
    /// Seats now in the declared divisions that have a baseline, and its seats there then.
    pub compared_seats: u64,
    pub baseline_seats: u64,
    /// Votes now and at the baseline, over declared divisions contested both times.
    pub compared_votes: u64,
    pub baseline_votes: u64,
    pub compared_top_votes: u64,
    pub baseline_top_votes: u64,
    /// Seats gained from and lost to other parties, seat by seat.
    pub gains: u64,
    pub losses: u64,
}

sums!(PartyTotals {
    seats,
    votes,
    top_votes,
    possible,
    compared_seats,
    baseline_seats,
    compared_votes,
    baseline_votes,
    compared_top_votes,
    baseline_top_votes,
    gains,
    losses,
});

/// Figures over the whole election.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Totals {
    pub divisions_declared: u64,
    pub divisions_tied: u64,
    pub seats_filled: u64,
    pub votes: u64,
    pub top_votes: u64,
    /// Declared divisions compared with the baseline for seats, and for votes.
    pub divisions_compared_seats: u64,
    pub divisions_compared_votes: u64,
    pub compared_votes: u64,
    pub baseline_votes: u64,
    pub compared_top_votes: u64,
    pub baseline_top_votes: u64,
}

sums!(Totals {
    divisions_declared,
    divisions_tied,
    seats_filled,
    votes,
    top_votes,
    divisions_compared_seats,
    divisions_compared_votes,
    compared_votes,
    baseline_votes,
    compared_top_votes,
    baseline_top_votes,
});
