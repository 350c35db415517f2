//! The results site from the window (Night → Publish results to a folder…): the same
//! site as `tallyroom publish`, written from the open night, and kept up to date while
//! the file is open: written again whenever the night's log grows, whether the
//! declaration was made here or came from elsewhere.

use std::path::PathBuf;

use super::TallyApp;
use crate::formats::display_name;
use crate::window_state::session::Publishing;

impl TallyApp {
    /// Writes the site into `folder`; where `live`, keeps it up to date from now on.
    pub(super) fn publish(&mut self, folder: PathBuf, welsh: bool, live: bool) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let mut publishing = Publishing {
            folder,
            welsh,
            events: 0,
        };
        match write(&session.store, &mut publishing) {
            Ok(written) => {
                self.messages.info(format!(
                    "Results published to {}: {} files written, {} unchanged{}",
                    publishing.folder.display(),
                    written.changed.len(),
                    written.unchanged,
                    if live {
                        "; kept up to date while this file is open"
                    } else {
                        ""
                    }
                ));
                session.publishing = live.then_some(publishing);
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// Writes the site again if the night has changed since it was last written.
    pub(super) fn keep_published(&mut self) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let Some(publishing) = session.publishing.as_mut() else {
            return;
        };
        if session.store.events().len() == publishing.events {
            return;
        }
        if let Err(e) = write(&session.store, publishing) {
            // Said once; tried again at the next change.
            self.messages.error(e);
        }
    }
}

/// The site of the night as it stands, into the folder: what changed is rewritten.
fn write(
    store: &crate::store::Store,
    publishing: &mut Publishing,
) -> Result<crate::web::Written, String> {
    let mut options = crate::web::SiteOptions::new(&display_name(store.path()));
    options.welsh = publishing.welsh;
    options.fingerprint = store.fingerprint();
    // The time of the night's last event: the same night makes the same pages.
    if let Some(last) = store.events().iter().map(|e| e.at).max() {
        options.made_at = last;
    }
    let files = crate::web::build(
        store.tally(),
        Some(store.events()),
        store.night().map.as_deref(),
        &options,
    );
    publishing.events = store.events().len();
    crate::web::write_site(&publishing.folder, &files).map_err(|e| {
        format!(
            "The results could not be published to {}: {e}",
            publishing.folder.display()
        )
    })
}
