//! Printing the count's papers from the window: the file name offered, and the PDF
//! written from the night as it stands (the same papers as `tallyroom declaration` and
//! `tallyroom notice`).

use std::path::PathBuf;

use super::TallyApp;
use crate::formats::{display_name, write_whole};
use crate::model::Declaration;
use crate::paper::{self, Imprint, Stage};
use crate::web::slugs::slug;
use crate::window_state::dialogs::{PaperKind, PathDialog};

impl TallyApp {
    /// Fills in the paper dialog: a file beside the election file, and for a provisional
    /// sheet the figures typed in the form now.
    pub(super) fn prepare_paper(&self, dialog: &mut PathDialog, kind: PaperKind) {
        let Some(session) = &self.session else { return };
        let election = session.store.election();
        let stem = session.store.path().with_extension("");
        let (what, name) = match kind {
            PaperKind::Declaration(d) => ("declaration", election.division(d).name.clone()),
            PaperKind::Provisional(d) => ("provisional", election.division(d).name.clone()),
            PaperKind::Notice(c) => ("notice-of-result", election.council_name(c).to_string()),
        };
        dialog.path = format!("{}-{}-{what}.pdf", stem.display(), slug(&name));
        if let PaperKind::Provisional(_) = kind {
            dialog.figures = session
                .form
                .check(election)
                .and_then(|checked| checked.declaration);
        }
        if let PaperKind::Notice(c) = kind {
            let sheet = paper::notice_sheet(session.store.tally(), c, Some(session.store.night()));
            if !sheet.complete() {
                dialog.note = Some(format!(
                    "{} of {} divisions declared: the notice will say INCOMPLETE on every page.",
                    sheet.declared(),
                    sheet.divisions.len()
                ));
            }
        }
    }

    /// Writes the paper; what happened goes to the messages.
    pub(super) fn save_paper(
        &mut self,
        kind: PaperKind,
        path: PathBuf,
        typed: Option<Declaration>,
        welsh: bool,
    ) {
        let Some(session) = &self.session else { return };
        let night = session.store.night();
        let tally = &night.tally;
        let imprint = Imprint {
            source: display_name(session.store.path()),
            fingerprint: session.store.fingerprint(),
            printed_at: jiff::Timestamp::now(),
            returning_officer: None,
            languages: paper::wording::Languages { welsh },
        };
        let made = match kind {
            PaperKind::Notice(c) => {
                paper::notice_paper(&paper::notice_sheet(tally, c, Some(night)), &imprint)
            }
            PaperKind::Declaration(d) => {
                paper::sheet::figures_on_night(night, d, Stage::Declaration)
                    .and_then(|f| paper::division_sheet(tally, d, &f, Stage::Declaration))
                    .map_err(|e| e.to_string())
                    .and_then(|sheet| paper::division_paper(&sheet, &imprint))
            }
            PaperKind::Provisional(d) => typed
                .ok_or_else(|| {
                    "The figures typed do not make a declaration yet: fill in every candidate's \
                     votes first."
                        .to_string()
                })
                .and_then(|f| {
                    paper::division_sheet(tally, d, &f, Stage::Provisional)
                        .map_err(|e| e.to_string())
                })
                .and_then(|sheet| paper::division_paper(&sheet, &imprint)),
        };
        match made.and_then(|p| write_whole(&path, &p.pdf).map(|()| p)) {
            Ok(p) => {
                let pages = p.pages.len();
                self.messages.info(format!(
                    "Saved {} ({pages} page{}): open it to print.",
                    path.display(),
                    if pages == 1 { "" } else { "s" }
                ));
                if !p.unprintable.is_empty() {
                    let chars: String = p.unprintable.iter().collect();
                    self.messages.error(format!(
                        "The paper's font has no letter for {chars:?}: those characters print as boxes. Check the names on {} before it is read out.",
                        display_name(&path)
                    ));
                }
            }
            Err(e) => self.messages.error(format!("Nothing printed: {e}")),
        }
    }
}
