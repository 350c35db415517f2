//! What the UI asks for. Panels push commands while drawing; the app carries them
//! out once at the end of the frame, so no panel changes the night behind another.

use std::path::PathBuf;

use crate::formats::export::What;
use crate::model::DivisionIx;
use crate::window_state::jobs::Pick;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open a division in the entry form.
    Select(DivisionIx),
    /// Open the division found by typing in the search; the search is cleared for the next.
    OpenFromSearch(DivisionIx),
    /// Declare, save a first entry, check a second entry or save a correction.
    Submit,
    StartCorrection,
    /// Leave the form (figures typed are kept as a draft); focus goes back to the
    /// division search.
    CancelForm,
    /// Throw away the draft of the open division.
    DiscardDraft,
    RecordLots,
    /// Ask to undo the last declaration (a confirmation follows).
    AskUndo,
    UndoLast,
    TakeFirstEntryValues,
    /// Settle a division's conflicting declarations with these figures.
    Resolve {
        division: DivisionIx,
        declaration: crate::model::Declaration,
        /// Which of the entries was kept, for the reason in the log.
        kept: String,
    },
    /// Give the password typed at the prompt to the sync worker.
    GivePassword,
    /// Open the share dialog (to join a shared night if true).
    ShowShare(bool),
    /// Share the open election, or join one, as the dialog says.
    ShareOrJoin(crate::window_state::share_form::ShareDialog),
    DiscardFirstEntry,
    SetDoubleEntry(bool),
    OpenFile(PathBuf),
    NewFromCsv {
        csv: PathBuf,
        /// Democracy Club: the elections chosen from the export.
        election_ids: Vec<String>,
        baseline: Option<PathBuf>,
        out: PathBuf,
    },
    /// A new election file from the built-in Lancashire 2025 rehearsal sheet.
    Rehearse,
    Export {
        what: What,
        path: PathBuf,
    },
    /// Show a native file dialog.
    Pick(Pick),
    ShowDialog(crate::window_state::dialogs::DialogKind),
    ConfirmVolunteer(String),
    ChangeVolunteer,
    ToggleAudit,
    /// Open or close the board for a projector.
    ToggleBoard,
    ShowTab(crate::window_state::session::Tab),
    CloseFile,
    SetDark(bool),
    Zoom(f32),
    LoadColours(PathBuf),
    /// Read a newer or corrected release of results into the open election.
    UpdateFrom {
        path: PathBuf,
        election_ids: Vec<String>,
    },
    /// Set the baseline from a results file of any format.
    SetBaseline {
        path: PathBuf,
        election_ids: Vec<String>,
    },
    /// Set councils' continuing seats, or the council before the poll, from a
    /// composition file (the year's rows of a file of several).
    SetComposition {
        /// A file, or none for rows typed in the window.
        path: Option<PathBuf>,
        typed: String,
        before: bool,
        year: Option<String>,
    },
    /// Set the results map's shapes from a boundary file or hex layout.
    SetBoundaries {
        path: PathBuf,
        code_property: Option<String>,
        name_property: Option<String>,
    },
    /// Save a consistent single-file copy of the election file (to carry away).
    SaveCopy(PathBuf),
    /// Print one of the count's papers to a PDF file; a provisional sheet is of the
    /// figures typed when it was asked for.
    SavePaper {
        kind: crate::window_state::dialogs::PaperKind,
        path: PathBuf,
        figures: Option<crate::model::Declaration>,
        /// Welsh and English, Welsh first.
        welsh: bool,
    },
    /// Write the results site into a folder, and keep it up to date while the file
    /// is open where `live`.
    Publish {
        folder: PathBuf,
        welsh: bool,
        live: bool,
    },
    /// Stop keeping the results site up to date.
    StopPublishing,
    /// Save the dashboard (or one chart of it) as a PNG file.
    SavePicture {
        path: PathBuf,
        chart: Option<&'static str>,
    },
}
