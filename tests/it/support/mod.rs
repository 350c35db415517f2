//! What the tests share: small elections built by hand and the sample data
//! ([`elections`]), and the command line run as a user runs it ([`commands`]).
//! A new test file takes its set-up from here rather than writing it again.

pub mod commands;
pub mod elections;
