//! The version and the commit this binary was built from (recorded by `build.rs`).

/// The package version, as "0.2.0".
pub const NUMBER: &str = env!("CARGO_PKG_VERSION");

/// The commit, 12 hex digits, or "unknown" for a build outside a git checkout.
pub const COMMIT: &str = env!("TALLYROOM_COMMIT");

/// "0.2.0 (commit 1a2b3c4d5e6f)": what `--version` prints after the name.
pub const LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("TALLYROOM_COMMIT"),
    ")"
);
