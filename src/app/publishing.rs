//! The results site from the window (Night → Publish results to a folder…): the same
//! site as `tallyroom publish`, written from the open night, and kept up to date while
//! the file is open: written again whenever the night's log grows, whether the
//! declaration was made here or came from elsewhere. Each write runs off the UI
//! thread (a general election's 1,300 pages take a moment), one at a time: a change
//! during a write is written when it ends.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use eframe::egui;

use super::TallyApp;
use crate::formats::display_name;
use crate::window_state::jobs::Done;
use crate::window_state::session::Publishing;

/// How long after a failed write the next is tried, if nothing changes first.
const RETRY_AFTER: Duration = Duration::from_secs(10);

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
        session.publish_generations += 1;
        session.publishing = Some(Publishing {
            folder,
            welsh,
            live,
            generation: session.publish_generations,
            events: None,
            written_once: false,
            retry_at: None,
        });
        // Written now, or when the write under way ends.
        self.keep_published(ctx);
    }

    /// Writes the site if the night has changed since it was last written, no write
    /// is under way and no retry is waiting.
    pub(super) fn keep_published(&mut self, ctx: &egui::Context) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        if session.publish_writing {
            return;
        }
        let store = &session.store;
        let Some(publishing) = session.publishing.as_mut() else {
            return;
        };
        let now = store.events().len();
        if publishing.events == Some(now) {
            return;
        }
        if let Some(at) = publishing.retry_at {
            if Instant::now() < at {
                ctx.request_repaint_after(at - Instant::now());
                return;
            }
            publishing.retry_at = None;
        }
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
        let generation = publishing.generation;
        publishing.events = Some(now);
        session.publish_writing = true;
        self.jobs.spawn(ctx, "Publishing the results…", move || {
            let files = crate::web::build(&tally, Some(&events), map.as_deref(), &options);
            let result = crate::web::write_site(&folder, &files).map_err(|e| {
                format!(
                    "The results could not be published to {}: {e}",
                    folder.display()
                )
            });
            Done::Published { generation, result }
        });
    }

    /// A write finished: the first says where the site went, a failure is said and
    /// tried again, and a write for an earlier publishing is only let go.
    pub(super) fn published(
        &mut self,
        generation: u64,
        result: Result<crate::web::Written, String>,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        session.publish_writing = false;
        let Some(publishing) = session
            .publishing
            .as_mut()
            .filter(|p| p.generation == generation)
        else {
            return;
        };
        let first = !publishing.written_once;
        match result {
            Ok(written) => {
                publishing.written_once = true;
                if first {
                    self.messages.info(format!(
                        "Results published to {}: {} files written, {} unchanged{}",
                        publishing.folder.display(),
                        written.changed.len(),
                        written.unchanged,
                        if publishing.live {
                            "; kept up to date while this file is open"
                        } else {
                            ""
                        }
                    ));
                }
                for (path, why) in &written.not_removed {
                    self.messages.error(format!(
                        "{} is no longer in the results but could not be taken away ({why}): delete it by hand",
                        publishing.folder.join(path).display()
                    ));
                }
                if !publishing.live {
                    session.publishing = None;
                }
            }
            Err(e) if first => {
                // Nothing was published: said, and not kept up.
                session.publishing = None;
                self.messages.error(e);
            }
            Err(e) => {
                // Said, and tried again shortly (or at the next change).
                publishing.events = None;
                publishing.retry_at = Some(Instant::now() + RETRY_AFTER);
                self.messages
                    .error(format!("{e}; trying again in {} s", RETRY_AFTER.as_secs()));
            }
        }
    }
}
