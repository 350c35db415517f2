//! Records the commit the binary is built from, for `tallyroom --version`: the
//! version alone does not say which build a laptop has on the night.

use std::process::Command;

fn main() {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .map(|text| text.trim().to_string())
    };
    // A source archive without git history: said, rather than left blank.
    let commit = std::env::var("TALLYROOM_COMMIT")
        .ok()
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=TALLYROOM_COMMIT={commit}");
    println!("cargo:rerun-if-env-changed=TALLYROOM_COMMIT");
    // Built again when the checkout moves to another commit: HEAD, the branch it
    // names, and the packed refs, each where git keeps it (a worktree's branches are in
    // the shared folder). Only files that exist are named: cargo takes a missing one
    // as changed, and would build the crate again every time.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name])
            && std::path::Path::new(&path).exists()
        {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
