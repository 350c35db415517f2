//! Integration tests: one binary, so the crate is linked once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod board;
mod charts;
mod checkpoint;
mod checks;
mod cli;
mod common;
mod councils;
mod engine;
mod evidence;
mod flawed;
mod formats;
mod identity;
mod incremental;
mod lancashire;
mod layout;
mod map;
mod night;
mod pg;
mod projection;
mod published;
mod reader;
mod share;
mod store;
mod typing;
mod window;
