//! The state of the small windows that ask for a file: what is asked and what has
//! been typed or picked so far. Drawn by [`crate::ui::dialogs`].

use std::path::PathBuf;

use crate::formats::export::What;
use crate::window_state::jobs::Pick;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogKind {
    Open,
    NewFromCsv,
    Export(What),
    Colours,
    /// A PNG of the dashboard, or of one chart (by its title).
    Picture(Option<&'static str>),
    /// The previous election's results, any format.
    Baseline,
    /// A newer or corrected release of results for the open election.
    Update,
    /// Councils' seats beyond tonight's divisions, from a composition file.
    Composition,
    /// The results map's boundaries (GeoJSON) or hex layout (HexJSON).
    Boundaries,
    /// A consistent single-file copy of the election file, to carry away.
    SaveCopy,
    /// One of the count's papers, as PDF.
    Paper(PaperKind),
    /// The results site, into a folder.
    Publish,
}

/// The count's papers the window prints (`crate::paper`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperKind {
    /// A declared division's declaration of result.
    Declaration(crate::model::DivisionIx),
    /// The provisional sheet of the figures typed in the form, before declaring.
    Provisional(crate::model::DivisionIx),
    /// A council's notice of result.
    Notice(crate::model::CouncilIx),
}

/// A file dialog being filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct PathDialog {
    pub kind: DialogKind,
    pub path: String,
    /// New from CSV: the election file to create.
    pub out: String,
    /// New from CSV: the baseline CSV, optional.
    pub baseline: String,
    /// Export: a line saying the night is not over, shown before saving.
    pub note: Option<String>,
    /// A provisional sheet: the figures typed in the form when it was asked for.
    pub figures: Option<crate::model::Declaration>,
    /// A paper or the results site: in Welsh and English.
    pub welsh: bool,
    /// The results site: kept up to date while the file is open.
    pub live: bool,
    /// Composition: the council before the poll (else the continuing seats), and
    /// the year's rows to read from a file of several years.
    pub before: bool,
    pub year: String,
    /// Composition: rows typed in the window ("council, party, seats" a line).
    pub typed: String,
    /// Boundaries: the properties naming the shapes, where not found by themselves.
    pub code_property: String,
    pub name_property: String,
    /// A Democracy Club export: its elections, each with whether it is chosen, for
    /// the path they were read from.
    pub elections: Option<(
        String,
        Vec<(crate::formats::democracy_club::DcElection, bool)>,
    )>,
}

impl PathDialog {
    pub fn new(kind: DialogKind) -> Self {
        PathDialog {
            kind,
            path: String::new(),
            out: String::new(),
            baseline: String::new(),
            note: None,
            figures: None,
            welsh: false,
            live: true,
            before: false,
            year: String::new(),
            typed: String::new(),
            code_property: String::new(),
            name_property: String::new(),
            elections: None,
        }
    }

    /// The Democracy Club elections ticked.
    pub fn chosen_elections(&self) -> Vec<String> {
        self.elections
            .as_ref()
            .map(|(_, list)| {
                list.iter()
                    .filter(|(_, on)| *on)
                    .map(|(e, _)| e.election_id.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Takes a path chosen in a native dialog.
    pub fn picked(&mut self, pick: Pick, path: PathBuf) {
        let text = path.display().to_string();
        match pick {
            Pick::NewOutput => self.out = text,
            _ => self.path = text,
        }
        if self.kind == DialogKind::NewFromCsv && self.out.is_empty() && !self.path.is_empty() {
            self.out = PathBuf::from(&self.path)
                .with_extension("tally")
                .display()
                .to_string();
        }
    }
}
