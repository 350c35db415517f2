//! Declaring what the entry form holds, and saying what was saved: the figures read
//! back from the file and compared with what was typed, then a backup when one is due.

use super::*;

impl TallyApp {
    /// Submits the entry form in its mode.
    pub(super) fn submit(&mut self) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let Some(ix) = session.form.division else {
            return;
        };
        let election = session.store.election().clone();
        let Some(checked) = session.form.check(&election) else {
            return;
        };
        if let Some(why) = session.form.blocker(&checked) {
            // Every field without a count is marked now, and the keyboard goes to the
            // first field to put right.
            session.form.tried = true;
            let why = session.form.blocker(&checked).unwrap_or(why);
            let first_wrong = checked
                .findings
                .iter()
                .filter(|f| f.is_error())
                .find_map(|f| session.form.index_of(f.field).map(|_| f.field));
            if let Some(field) = first_wrong {
                self.focus = Some(ui::ids::of(ix, field));
            }
            self.messages.error_about(
                ix,
                format!("{}: not saved: {why}", election.division(ix).name),
            );
            return;
        }
        let Some(declaration) = checked.declaration else {
            return;
        };
        let store = &mut session.store;
        let id = |e: &crate::store::events::Event| e.id.clone();
        let result = match session.form.mode {
            FormMode::Declare => store.declare(ix, &declaration).map(|e| ("declared", id(e))),
            FormMode::FirstEntry => store
                .first_entry(ix, &declaration)
                .map(|e| ("first entry saved", id(e))),
            FormMode::SecondEntry if session.form.mismatch.is_some() => {
                store.declare(ix, &declaration).map(|e| ("declared", id(e)))
            }
            FormMode::SecondEntry => match store.second_entry(ix, &declaration) {
                Ok(SecondEntry::Declared(e)) => Ok(("declared: both entries match", e)),
                Ok(SecondEntry::Differs { first, differences }) => {
                    let n = differences.len();
                    session.form.mismatch = Some((*first, differences));
                    self.messages.error(format!(
                        "{}: the second entry differs from the first in {n} field{}; nothing was saved",
                        election.division(ix).name,
                        if n == 1 { "" } else { "s" }
                    ));
                    return;
                }
                Err(e) => Err(e),
            },
            FormMode::Correct => {
                let reason = session.form.reason.trim().to_string();
                // Made while the conflict is on screen: it settles the conflict.
                if store.night().rivals[ix.index()].is_empty() {
                    store
                        .correct(ix, &declaration, &reason)
                        .map(|e| ("corrected", id(e)))
                } else {
                    store
                        .resolve(ix, &declaration, &reason)
                        .map(|e| ("corrected; conflict resolved", id(e)))
                }
            }
            FormMode::View => return,
        };
        match result {
            Ok((what, id)) => {
                // What the file holds, read back from disk, against what is on screen.
                let on_disk = session.store.change_on_disk(&id);
                match saved_as_typed(&declaration, on_disk) {
                    Ok(()) => self.saved(ix, what, Some(&declaration)),
                    Err(why) => self.messages.error(format!(
                        "{}: {why}. Check the division's figures against the count sheet and correct them.",
                        election.division(ix).name
                    )),
                }
            }
            Err(e) => self
                .messages
                .error(crate::window_state::advice::in_window(&e)),
        }
    }

    /// After an event is on disk: say so, show the division, get ready for the next.
    /// `figures`: the counts saved, as read back from the file, said with the result
    /// so that the room can check them against the sheet.
    pub(super) fn saved(
        &mut self,
        ix: crate::model::DivisionIx,
        what: &str,
        figures: Option<&crate::model::Declaration>,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let night = session.store.night();
        let name = night.election().division(ix).name.clone();
        // The time and its zone ("01:42:07 BST"): election nights span a change of
        // clocks in some years, and a room may mix laptops set to UTC.
        let at = local_time(jiff::Timestamp::now());
        session.last_saved = Some(at.split(' ').skip(1).collect::<Vec<_>>().join(" "));
        let result = night
            .tally
            .result_text(ix)
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        // The division's "not saved" messages are out of date once it is saved.
        self.messages.forget(ix);
        let figures = figures.map(saved_figures).unwrap_or_default();
        self.messages
            .info(format!("{name} {what}{result}{figures}"));
        session.drafts.remove(&ix);
        session.form = EntryForm::open(night, ix);
        session.list.query.clear();
        self.focus = Some(ui::ids::search());
        self.backup_in_background();
    }

    /// A backup copy when one is due, made off the UI thread from its own connection;
    /// first, on a night small enough to write it within a frame, the checkpoint, so that
    /// a window that is killed opens again without applying the whole night.
    pub(super) fn backup_in_background(&mut self) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let path = session.store.path().to_path_buf();
        if self.jobs.is_inline() || !backup::due(&path) {
            return;
        }
        if session.store.events().len() <= 20_000 {
            session.store.save_checkpoint_now();
        }
        let sender = self.jobs.sender();
        std::thread::spawn(move || {
            let result = backup::make_from_path(&path);
            // Said at the window's next frame; were it closed meanwhile, there is no one
            // to tell.
            let _ = sender.send(Done::BackedUp { result });
        });
    }
}

/// The figures saved, as the message line says them: the counts in ballot order
/// apart by " · " (the thousands have commas), then ballot papers and rejected
/// ballots where given.
pub(super) fn saved_figures(d: &crate::model::Declaration) -> String {
    use crate::numbers::count;
    let counts: Vec<String> = d.votes.iter().map(|&v| count(v)).collect();
    let mut text = format!(" (saved: {}", counts.join(" · "));
    if let Some(b) = d.ballots_issued {
        text.push_str(&format!("; ballot papers {}", count(b)));
    }
    if let Some(r) = d.rejected {
        text.push_str(&format!("; rejected {}", count(r)));
    }
    text.push(')');
    text
}

/// What is said when a division's figures are kept as a draft.
pub(super) fn draft_kept(session: &Session, ix: crate::model::DivisionIx) -> String {
    format!(
        "{}: the figures typed are kept as a draft, not saved; open the division again to finish or discard them",
        session.store.election().division(ix).name
    )
}

/// Whether the figures read back from the file are those the form held when it was
/// submitted; otherwise what differs, in words.
pub(super) fn saved_as_typed(
    typed: &crate::model::Declaration,
    on_disk: Result<Option<crate::store::events::Change>, crate::store::StoreError>,
) -> Result<(), String> {
    use crate::store::events::Change;
    let figures = match on_disk {
        Ok(Some(Change::Declared(f) | Change::Corrected(f) | Change::FirstEntry(f))) => f,
        Ok(_) => return Err("the saved figures could not be found in the file".into()),
        Err(e) => {
            return Err(format!(
                "the saved figures could not be read back ({})",
                crate::window_state::advice::in_window(&e)
            ));
        }
    };
    let show = |v: Option<u64>| v.map_or_else(|| "blank".to_string(), |v| v.to_string());
    let mut differ = Vec::new();
    if figures.votes.len() != typed.votes.len() {
        differ.push(format!(
            "{} counts saved for {} typed",
            figures.votes.len(),
            typed.votes.len()
        ));
    }
    for d in crate::store::figure_differences(&figures, typed) {
        let field = match d.field {
            crate::tally::checks::Field::Candidate(p) => format!("count {}", p + 1),
            crate::tally::checks::Field::BallotsIssued => "ballot papers".into(),
            crate::tally::checks::Field::Rejected => "rejected ballots".into(),
            crate::tally::checks::Field::Division => "the division".into(),
            crate::tally::checks::Field::Verified => "ballot papers verified".into(),
            crate::tally::checks::Field::Counted => "ballot papers counted".into(),
            crate::tally::checks::Field::Heading(h) => format!("rejected under heading {}", h + 1),
            crate::tally::checks::Field::RejectedInPart => "rejected in part".into(),
        };
        differ.push(format!(
            "{field} saved as {}, typed {}",
            show(d.first),
            show(d.second)
        ));
    }
    if differ.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the file does not hold what was typed ({})",
            differ.join("; ")
        ))
    }
}
