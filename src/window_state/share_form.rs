//! What has been typed into the share or join dialog ([`crate::ui::share_dialog`]).

/// The dialog being filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShareDialog {
    /// Join a shared election (else share the open one).
    pub join: bool,
    /// postgres://USER@HOST:5432/DATABASE
    pub address: String,
    /// Share: the name others join it by. Join: the shared election's name.
    pub election: String,
    /// Join: the election file to make.
    pub out: String,
    /// Kept only until the dialog is sent; never written anywhere.
    pub password: String,
}
