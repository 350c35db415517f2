//! A file's figures: votes, or shares in per cent, and how each becomes whole votes.

use crate::tally::checks::{CountProblem, parse_count};

/// A figure as the file writes it: blank is none (the party did not stand); decimals
/// are kept (notional estimates may have them; shares in per cent do), to be made
/// whole votes once the file is read ([`whole_votes`]).
pub fn figure_of(text: &str) -> Result<f64, String> {
    match parse_count(text) {
        // Counts are at most a billion: exact as f64.
        #[allow(clippy::cast_precision_loss)]
        Ok(v) => Ok(v.unwrap_or(0) as f64),
        Err(CountProblem::NotWholeNumber) => match text.trim().parse::<f64>() {
            Ok(v) if (0.0..1e9).contains(&v) => Ok(v),
            _ => Err(format!("\"{text}\" is not a number of votes")),
        },
        Err(CountProblem::Negative) => Err(format!("the votes \"{text}\" are negative")),
        Err(CountProblem::TooLarge) => Err(format!(
            "the votes \"{text}\" are too many to be a real count"
        )),
    }
}

/// A figure as a message shows it: whole as a whole number, else to two decimals.
pub fn shown(figure: f64) -> String {
    if figure.fract() == 0.0 {
        format!("{figure:.0}")
    } else {
        let text = format!("{figure:.2}");
        text.trim_end_matches('0').to_string()
    }
}

/// What a file's figures are, and so how each becomes whole votes: votes, or shares
/// in per cent (a baseline needs only each party's share and the winner), made votes
/// of the constituency's valid votes where every row gives them, else of 10,000.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scale {
    Votes,
    SharesOfValid,
    SharesOf10000,
}

/// A row's figures are shares in per cent where they add up to no more than 110
/// (shares rounded to whole numbers may reach 102; no constituency has 110 votes).
pub fn looks_like_shares(sum: f64) -> bool {
    sum <= 110.0
}

/// A figure as whole votes: a count rounded to the nearest vote; a share in per cent
/// of the valid votes, or of 10,000 (so that a share keeps two decimals).
pub fn whole_votes(figure: f64, scale: Scale, valid: Option<f64>) -> u64 {
    let votes = match scale {
        Scale::Votes => figure,
        Scale::SharesOfValid => figure * valid.unwrap_or(10_000.0) / 100.0,
        Scale::SharesOf10000 => figure * 100.0,
    };
    // Figures are checked finite, not negative and below 1e9 as they are read.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = votes.round() as u64;
    whole
}
