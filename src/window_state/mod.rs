//! The window's state, apart from what draws it: the open night's session (entry form,
//! tabs, filters), the dashboard's and map's settings, dialogs half filled in, the
//! message line, background jobs, sharing, and the [`command::Command`]s the panels
//! give. The frame ([`crate::app`]) owns it and acts on commands; the panels
//! ([`crate::ui`]) read it and give commands, and never reach back into the frame.

pub mod advice;
pub mod audit;
pub mod command;
pub mod dashboard;
pub mod dialogs;
pub mod jobs;
pub mod map;
pub mod messages;
pub mod projection;
pub mod session;
pub mod share_form;
pub mod sync;
