//! The manual pages and shell completions say what `--help` says: they are made from
//! the same definition, so every command has its page and its completion.

use clap::CommandFactory;
use tallyroom::cli::Cli;

use crate::support::commands::run;

/// A page's text as man shows it: roff's apostrophe and hyphen escapes read as the
/// characters they stand for.
fn as_shown(roff: &str) -> String {
    roff.replace("\\*(Aq", "'")
        .replace("\\(aq", "'")
        .replace("\\-", "-")
}

#[test]
fn every_command_of_help_has_a_manual_page_and_completions() {
    let out = tempfile::tempdir().unwrap();
    let made = run(&["manual", "--out", out.path().to_str().unwrap()]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let pages = out.path().join("man/man1");
    let main_page = as_shown(&std::fs::read_to_string(pages.join("tallyroom.1")).unwrap());
    let bash = std::fs::read_to_string(out.path().join("completions/tallyroom.bash")).unwrap();
    let zsh = std::fs::read_to_string(out.path().join("completions/_tallyroom")).unwrap();
    let fish = std::fs::read_to_string(out.path().join("completions/tallyroom.fish")).unwrap();
    let help = String::from_utf8(run(&["--help"]).stdout).unwrap();

    // The commands as the definition has them, hidden ones aside: a new command is
    // checked here without the test changing.
    let definition = Cli::command();
    let commands: Vec<&clap::Command> = definition
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .collect();
    assert!(commands.len() >= 20, "{} commands", commands.len());
    for command in commands {
        let name = command.get_name();
        assert!(help.contains(&format!("  {name} ")), "--help lists {name}");
        let page = pages.join(format!("tallyroom-{name}.1"));
        let roff = std::fs::read_to_string(&page)
            .unwrap_or_else(|e| panic!("no page {}: {e}", page.display()));
        let text = as_shown(&roff);
        let about = command.get_about().unwrap().to_string();
        // The page's description is --help's (its first words, as roff may break lines).
        let first_words: String = about
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains(&first_words),
            "the page of {name} says \"{first_words}\""
        );
        assert!(main_page.contains(name), "man tallyroom names {name}");
        for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(long) = arg.get_long() {
                assert!(
                    text.contains(&format!("--{long}")),
                    "the page of {name} explains --{long}"
                );
            }
        }
        assert!(bash.contains(name), "bash completes {name}");
        assert!(zsh.contains(&format!("'{name}:")), "zsh completes {name}");
        assert!(
            fish.contains(&format!("-a \"{name}\"")),
            "fish completes {name}"
        );
    }
    // Hidden commands stay out of what users read.
    assert!(!pages.join("tallyroom-manual.1").exists());
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let out = run(&["--version"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("tallyroom {} (commit ", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    let commit = text
        .trim()
        .trim_end_matches(')')
        .rsplit(' ')
        .next()
        .unwrap();
    // In a git checkout, the commit checked out; "unknown" only outside one.
    let head = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string());
    match head {
        Some(head) => assert!(
            commit.len() == 12 && head.starts_with(commit),
            "{text} (HEAD is {head})"
        ),
        None => assert_eq!(commit, "unknown", "{text}"),
    }
}

#[test]
fn the_window_has_the_desktop_entrys_icon() {
    let icon = tallyroom::app::window_icon().expect("the built-in icon decodes");
    assert_eq!((icon.width, icon.height), (128, 128));
    assert_eq!(icon.rgba.len(), 128 * 128 * 4);
    // Not blank: the picture's corners are clear, its middle is not.
    let alpha = |x: usize, y: usize| icon.rgba[(y * 128 + x) * 4 + 3];
    assert_eq!(alpha(0, 0), 0);
    assert_eq!(alpha(64, 64), 255);
}
