//! tallyroom: an election-night tally for first-past-the-post elections.
//!
//! The engine ([`tally`]) is the centre and knows nothing of windows or files; the
//! file formats ([`formats`]), the report ([`report`]) and the command line ([`cli`])
//! all speak to it.

pub mod app;
pub mod charts;
pub mod cli;
pub mod colours;
pub mod formats;
pub mod generate;
pub mod map;
pub mod model;
pub mod numbers;
mod random;
pub mod report;
pub mod share;
pub mod store;
pub mod tally;
pub mod ui;
