//! What can go wrong when sharing a night, in words a volunteer can act on.

use crate::store::{Advice, Plain, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The address cannot be read.
    Address {
        detail: String,
    },
    Tls(String),
    /// The server cannot be reached (down, wrong host or port, no network).
    Unreachable {
        server: String,
        detail: String,
    },
    /// The server refused the user name or password.
    Password {
        server: String,
        detail: String,
    },
    /// The account may look but not enter results.
    ViewOnly {
        server: String,
        user: String,
    },
    /// The account may not use the shared nights at all.
    NoAccess {
        server: String,
        detail: String,
    },
    /// No election of that name is shared on the server.
    NotShared {
        election: String,
        server: String,
        shared: Vec<String>,
    },
    AlreadyShared {
        election: String,
        server: String,
    },
    /// The election file already follows a shared election.
    FileShared {
        file: String,
        election: String,
        server: String,
    },
    /// The server's tables were made by a newer tallyroom.
    NewerServer {
        server: String,
        version: i32,
    },
    /// The election file is not shared through any server.
    FileNotShared {
        file: String,
    },
    Server {
        server: String,
        detail: String,
    },
    File(StoreError),
}

impl From<StoreError> for ShareError {
    fn from(e: StoreError) -> Self {
        ShareError::File(e)
    }
}

impl ShareError {
    /// Whether trying again later may work (the laptop keeps its events and retries).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ShareError::Unreachable { .. }
                | ShareError::Server { .. }
                // The window was writing to the file at that moment.
                | ShareError::File(StoreError::Busy { .. })
        )
    }

    /// The error from the client library, sorted by what the user can do about it.
    pub fn from_postgres(server: &str, e: &tokio_postgres::Error) -> ShareError {
        use tokio_postgres::error::SqlState;
        let server = server.to_string();
        let detail = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => {
                let mut text = e.to_string();
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    text = format!("{text}: {s}");
                    source = s.source();
                }
                text
            }
        };
        match e.code() {
            Some(c)
                if *c == SqlState::INVALID_PASSWORD
                    || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
            {
                ShareError::Password { server, detail }
            }
            Some(c)
                if *c == SqlState::INSUFFICIENT_PRIVILEGE
                    || *c == SqlState::INVALID_CATALOG_NAME =>
            {
                ShareError::NoAccess { server, detail }
            }
            Some(_) => ShareError::Server { server, detail },
            None if detail.contains("password") => ShareError::Password { server, detail },
            None if detail.contains("certificate")
                || detail.contains("TLS")
                || detail.contains("tls") =>
            {
                ShareError::Tls(format!("{server}: {detail}"))
            }
            None => ShareError::Unreachable { server, detail },
        }
    }
}

impl ShareError {
    /// The error in words, with the advice of the interface in front of the reader.
    pub fn in_words(&self, advice: &dyn Advice) -> String {
        let mut text = String::new();
        let f = &mut text;
        // Writing to a String cannot fail.
        let _ = self.write_words(f, advice);
        text
    }

    fn write_words(&self, f: &mut String, advice: &dyn Advice) -> std::fmt::Result {
        use std::fmt::Write;
        match self {
            ShareError::Address { detail } => {
                write!(f, "The server address cannot be used: {detail}.")
            }
            ShareError::Tls(detail) => write!(
                f,
                "The secure connection could not be set up: {detail}. Check sslmode and sslrootcert in the address."
            ),
            ShareError::Unreachable { server, detail } => write!(
                f,
                "The server {server} cannot be reached ({detail}). Results entered here are kept and sent when it can be reached again."
            ),
            ShareError::Password { server, detail } => write!(
                f,
                "The server {server} refused the login ({detail}). Give the password in the address, at the prompt, or in the PostgreSQL password file (~/.pgpass)."
            ),
            ShareError::ViewOnly { server, user } => write!(
                f,
                "The account {user} on {server} may watch the night but not enter results: the server refused to store them. Ask for an entry account to enter results."
            ),
            ShareError::NoAccess { server, detail } => write!(
                f,
                "The server {server} refused this account ({detail}). Ask whoever runs the server to grant it the tallyroom_entry or tallyroom_view role."
            ),
            ShareError::NotShared {
                election,
                server,
                shared,
            } => {
                if shared.is_empty() {
                    write!(
                        f,
                        "No election is shared on {server} yet; share one first{}.",
                        advice.share_night()
                    )
                } else {
                    write!(
                        f,
                        "No election named \"{election}\" is shared on {server}. Shared there: {}.",
                        shared.join(", ")
                    )
                }
            }
            ShareError::AlreadyShared { election, server } => write!(
                f,
                "An election named \"{election}\" is already shared on {server}. Join it{}, or share this one under another name{}.",
                advice.join_night(),
                advice.another_name()
            ),
            ShareError::FileShared {
                file,
                election,
                server,
            } => write!(
                f,
                "{file} is already shared as \"{election}\" on {server}; it sends and receives whenever it is open or synced{}.",
                advice.sync_file()
            ),
            ShareError::NewerServer { server, version } => write!(
                f,
                "The shared nights on {server} were set up by a newer tallyroom (version {version}); update tallyroom on this laptop."
            ),
            ShareError::FileNotShared { file } => write!(
                f,
                "{file} is not shared through a server. Share it{}, or join a shared night{}.",
                advice.share_file(file),
                advice.join_night()
            ),
            ShareError::Server { server, detail } => {
                write!(f, "The server {server} reported: {detail}.")
            }
            ShareError::File(e) => f.write_str(&e.in_words(advice)),
        }
    }
}

/// In no interface's words (logs, tests); each interface words its own advice with
/// [`ShareError::in_words`].
impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_words(&Plain))
    }
}

impl std::error::Error for ShareError {}
