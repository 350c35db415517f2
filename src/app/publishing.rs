//! The results site from the window (Night → Publish results to a folder…): the same
//! site as `tallyroom publish`, written from the open night, and kept up to date while
//! the file is open: written again whenever the night's log grows, whether the
//! declaration was made here or came from elsewhere. Each write runs off the UI
//! thread (a general election's 1,300 pages take a moment), one at a time.

use std::path::PathBuf;

use eframe::egui;

use super::TallyApp;
use crate::formats::display_name;
use crate::window_state::jobs::Done;
use crate::window_state::session::Publishing;

impl TallyApp {
    /// Writes the site into `folder`; where `live`, keeps it up to date from now on.
    pub(super) fn publish(
        &mut self,
        ctx: &egui::Context,
        folder: PathBuf,
        welsh: bool,
        live: bool,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        session.publishing = Some(Publishing {
            folder,
            welsh,
            live,
            events: 0,
            writing: false,
            written_once: false,
        });
        self.write_site(ctx);
    }

    /// Writes the site again if the night has changed since it was last written and
    /// no write is under way (one that is picks the change up next).
    pub(super) fn keep_published(&mut self, ctx: &egui::Context) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let Some(publishing) = session.publishing.as_ref() else {
            return;
        };
        if publishing.writing || session.store.events().len() == publishing.events {
            return;
        }
        self.write_site(ctx);
    }

    /// Starts a write of the night as it stands, in the background.
    fn write_site(&mut self, ctx: &egui::Context) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let store = &session.store;
        let Some(publishing) = session.publishing.as_mut() else {
            return;
        };
        let mut options = crate::web::SiteOptions::new(&display_name(store.path()));
        options.welsh = publishing.welsh;
        options.fingerprint = store.fingerprint();
        // The time of the night's last event: the same night makes the same pages.
        if let Some(last) = store.events().iter().map(|e| e.at).max() {
            options.made_at = last;
        }
        // The night as it stands now, taken for the write: the window goes on.
        let tally = store.tally().clone();
        let events = store.events().to_vec();
        let map = store.night().map.clone();
        let folder = publishing.folder.clone();
        publishing.events = events.len();
        publishing.writing = true;
        self.jobs.spawn(ctx, "Publishing the results…", move || {
            let files = crate::web::build(&tally, Some(&events), map.as_deref(), &options);
            let result = crate::web::write_site(&folder, &files).map_err(|e| {
                format!(
                    "The results could not be published to {}: {e}",
                    folder.display()
                )
            });
            Done::Published { folder, result }
        });
    }

    /// A write finished: the first says where the site went; an error is said, and
    /// the next change tries again.
    pub(super) fn published(
        &mut self,
        folder: PathBuf,
        result: Result<crate::web::Written, String>,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        // Publishing stopped, or moved to another folder, meanwhile: nothing to say.
        let Some(publishing) = session.publishing.as_mut().filter(|p| p.folder == folder) else {
            return;
        };
        publishing.writing = false;
        let first = !publishing.written_once;
        match result {
            Ok(written) => {
                publishing.written_once = true;
                if first {
                    self.messages.info(format!(
                        "Results published to {}: {} files written, {} unchanged{}",
                        folder.display(),
                        written.changed.len(),
                        written.unchanged,
                        if publishing.live {
                            "; kept up to date while this file is open"
                        } else {
                            ""
                        }
                    ));
                }
                if !publishing.live {
                    session.publishing = None;
                }
            }
            Err(e) => {
                if first {
                    session.publishing = None;
                }
                self.messages.error(e);
            }
        }
    }
}
