//! tallyroom's engine: an election and its declarations in ([`model`]), and what they
//! add up to out ([`tally`]): seats, votes, checks, control, change against a baseline
//! and the projection. It knows nothing of windows, files, databases or the network,
//! so that every figure it gives depends only on what it is given.

pub mod model;
pub mod random;
pub mod tally;
pub mod whole;
