//! tallyroom: an election-night tally for first-past-the-post elections.
//!
//! The engine ([`model`] and [`tally`], the crate `tallyroom-engine`) is the centre and
//! knows nothing of windows or files; the file formats ([`formats`]), the election
//! file ([`store`]), the report ([`report`]), the command line ([`cli`]) and the window
//! ([`app`], [`ui`]) all speak to it.

pub mod app;
pub mod charts;
pub mod cli;
pub mod colours;
pub mod formats;
pub mod generate;
pub mod map;
pub mod numbers;
pub mod paper;
pub mod places;
pub mod report;
pub mod share;
pub mod store;
pub mod ui;
pub mod version;
pub mod web;
pub mod window_state;

// The engine, a crate of its own, under the names the rest of the app has always
// used for it.
pub use tallyroom_engine::{model, random, tally, whole};
