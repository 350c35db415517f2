//! File work that can take long (opening a big election file, importing a CSV,
//! exporting, a native file dialog) runs off the UI thread, so no frame waits for it.
//! Tests run jobs inline, so that they are deterministic.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use eframe::egui;

use crate::store::Store;

/// What a native file dialog was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    OpenElection,
    NewFromCsv,
    NewOutput,
    ExportTo,
    /// Where to save one of the count's papers (PDF).
    PaperTo,
    /// The folder to write the results site into.
    PublishTo,
    Colours,
    Boundaries,
}

pub enum Done {
    /// An election file opened (or created) and ready.
    Opened {
        path: PathBuf,
        result: Result<Box<Store>, String>,
        /// What reading a results file said on the way (title rows taken, winners
        /// marked that the votes do not elect), to show once it is open.
        notes: Vec<String>,
    },
    Exported {
        path: PathBuf,
        result: Result<(), String>,
        note: Option<String>,
    },
    /// A picture saved (or not).
    Saved {
        path: PathBuf,
        result: Result<(), String>,
    },
    /// An election shared, or joined: the file to open, and what to say.
    Shared {
        path: PathBuf,
        result: Result<String, String>,
    },
    /// A timed backup made in the background: its error is said, its success is not
    /// (it happens every few minutes, and the status bar says when the last was).
    BackedUp { result: Result<PathBuf, String> },
    /// The results site written (or not), for the publishing of this generation.
    Published {
        generation: u64,
        result: Result<crate::web::Written, String>,
    },
    /// A file dialog closed; `None` when cancelled or when no dialog could be shown.
    Picked { pick: Pick, path: Option<PathBuf> },
}

pub struct Jobs {
    inline: bool,
    sender: Sender<Done>,
    receiver: Receiver<Done>,
    running: Vec<String>,
    /// Results of inline jobs, handed out at the next poll.
    finished: Vec<Done>,
}

impl Jobs {
    pub fn new(inline: bool) -> Self {
        let (sender, receiver) = channel();
        Jobs {
            inline,
            sender,
            receiver,
            running: Vec::new(),
            finished: Vec::new(),
        }
    }

    /// Runs `work` in the background (or at once, inline), with a label for the spinner.
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        label: &str,
        work: impl FnOnce() -> Done + Send + 'static,
    ) {
        if self.inline {
            self.finished.push(work());
            return;
        }
        self.running.push(label.to_string());
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            // The window may have closed meanwhile: then no one waits for the result.
            let _ = sender.send(work());
            ctx.request_repaint();
        });
    }

    /// A way for work started elsewhere (a screenshot's callback) to report back.
    pub fn sender(&self) -> Sender<Done> {
        self.sender.clone()
    }

    /// Jobs that have finished since the last poll.
    pub fn poll(&mut self) -> Vec<Done> {
        let mut done: Vec<Done> = std::mem::take(&mut self.finished);
        while let Ok(d) = self.receiver.try_recv() {
            self.running.pop();
            done.push(d);
        }
        done
    }

    /// What is running, for the spinner; none when idle.
    pub fn busy(&self) -> Option<&str> {
        self.running.first().map(String::as_str)
    }

    pub fn is_inline(&self) -> bool {
        self.inline
    }
}
