//! What a person at the command line can do about a refusal: the commands to type.

use crate::store::{Advice, StoreError};

/// The command line's words for [`Advice`].
pub struct CommandLine;

impl Advice for CommandLine {
    fn create_file(&self) -> &str {
        "`tallyroom new`"
    }
    fn restore_backup(&self) -> &str {
        " with `tallyroom restore`"
    }
    fn save_copy(&self) -> &str {
        " (`tallyroom backup FILE --to PATH`)"
    }
    fn settle_conflict(&self) -> &str {
        "with `tallyroom correct --resolve`, which names them all"
    }
    fn name_shape_properties(&self) -> &str {
        "name the properties that hold them with --code-property and --name-property"
    }
    fn give_break_reason(&self) -> &str {
        " (--acknowledge \"REASON\")"
    }
    fn verify_file(&self) -> &str {
        "`tallyroom verify` checks the file"
    }
    fn share_night(&self) -> &str {
        " with `tallyroom share`"
    }
    fn share_file(&self, file: &str) -> String {
        format!(" with `tallyroom share {file} --db postgres://...`")
    }
    fn join_night(&self) -> &str {
        " with `tallyroom join`"
    }
    fn another_name(&self) -> &str {
        " with --name"
    }
    fn sync_file(&self) -> &str {
        " (`tallyroom sync`)"
    }
}

/// A store error as the command line says it (exit status 1).
impl From<StoreError> for super::CliError {
    fn from(e: StoreError) -> Self {
        super::CliError::data(e.in_words(&CommandLine))
    }
}
