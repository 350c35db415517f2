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
    // A source archive without git history: said, rather than left blank. A commit
    // given by the packager is taken only as a plain name (it is printed, and names the
    // build that wrote a file's copies).
    let plain = |text: &String| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    };
    let commit = std::env::var("TALLYROOM_COMMIT")
        .ok()
        .filter(plain)
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .filter(plain)
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=TALLYROOM_COMMIT={commit}");
    println!("cargo:rerun-if-env-changed=TALLYROOM_COMMIT");
    // Built again when the checkout moves to another commit: HEAD, the branch it
    // names, the packed refs, the folder of branches (a branch packed away by git's
    // clean-up comes back there as a new file at the next commit), HEAD's log (written
    // at every commit, checkout and reset) and the newer ref store, each where git
    // keeps it (a worktree's branches are in the shared folder). Only what exists is
    // named: cargo takes a missing path as changed, and would build the crate again
    // every time.
    let mut watched = ["HEAD", "packed-refs", "refs/heads", "logs/HEAD", "reftable"]
        .map(String::from)
        .to_vec();
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
