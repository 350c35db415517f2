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

/// What the figures of a file are: votes, or shares in per cent (every
/// constituency's add up to 100), which a baseline can use as well, since it needs
/// only each party's share and the winner.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Figures {
    Votes,
    Shares,
}

/// Tells votes from shares: shares where every constituency's figures add up to
/// 100 (within rounding to one decimal), which no constituency's votes do.
pub fn figures_are(sums: &[f64]) -> Figures {
    let shares = !sums.is_empty() && sums.iter().all(|s| (s - 100.0).abs() <= 0.6);
    if shares {
        Figures::Shares
    } else {
        Figures::Votes
    }
}

/// A figure as whole votes: a count rounded to the nearest vote; a share in per cent
/// as a share of the valid votes where the file gives them, else of 10,000 (so that
/// a share keeps two decimals).
pub fn whole_votes(figure: f64, figures: Figures, valid: Option<f64>) -> u64 {
    let votes = match figures {
        Figures::Votes => figure,
        Figures::Shares => figure * valid.filter(|&v| v > 0.0).unwrap_or(10_000.0) / 100.0,
    };
    // Figures are checked finite, not negative and below 1e9 as they are read.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = votes.round() as u64;
    whole
}
