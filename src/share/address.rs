//! A server address as users write it (`postgres://user:password@host:5432/db?sslmode=require`):
//! what to connect with, how to secure it, and the form that may be shown or kept
//! (never a password).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio_postgres::config::{Host, SslMode};

use crate::share::ShareError;

/// How much of the server's identity to check, as libpq's `sslmode` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `disable`: no TLS.
    Plain,
    /// `prefer` (the default) or `require`: encrypted when (or because) the server
    /// offers it, its certificate not checked, as libpq does.
    Encrypted,
    /// `verify-ca` or `verify-full`: the certificate must chain to a trusted root
    /// (the usual public ones, or `sslrootcert`) and name the host.
    Verified,
}

/// A parsed server address.
#[derive(Clone)]
pub struct Address {
    pub config: tokio_postgres::Config,
    pub security: Security,
    root_cert: Option<PathBuf>,
    /// The address without its password: safe to show, log and keep in a file.
    pub shown: String,
}

impl std::fmt::Debug for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl Address {
    /// Reads an address; a password missing from it is looked up in the standard
    /// PostgreSQL password file (`PGPASSFILE`, or `~/.pgpass`), then `PGPASSWORD`.
    pub fn parse(url: &str) -> Result<Address, ShareError> {
        let bad = |detail: String| ShareError::Address {
            detail: format!("{detail}; write it as postgres://USER@HOST:5432/DATABASE"),
        };
        let url = url.trim();
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(bad(format!(
                "\"{}\" is not a postgres:// address",
                hide_password(url)
            )));
        }
        // `sslrootcert` and the verify modes are libpq's; the client library knows
        // neither, so they are taken out here and applied to TLS directly.
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut kept: Vec<String> = Vec::new();
        let mut security = Security::Encrypted;
        let mut root_cert = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => {
                    let (chosen, mode) = match value {
                        "disable" => (Security::Plain, "disable"),
                        "allow" | "prefer" => (Security::Encrypted, "prefer"),
                        "require" => (Security::Encrypted, "require"),
                        "verify-ca" | "verify-full" => (Security::Verified, "require"),
                        other => {
                            return Err(bad(format!(
                                "sslmode \"{other}\" is not one PostgreSQL knows (disable, prefer, require, verify-ca, verify-full)"
                            )));
                        }
                    };
                    security = chosen;
                    kept.push(format!("sslmode={mode}"));
                }
                "sslrootcert" => root_cert = Some(PathBuf::from(percent_decode(value))),
                _ => kept.push(pair.to_string()),
            }
        }
        let cleaned = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        let mut config: tokio_postgres::Config = cleaned
            .parse()
            .map_err(|e: tokio_postgres::Error| bad(format!("{}: {e}", hide_password(url))))?;
        if config.get_user().is_none() {
            let user = std::env::var("PGUSER")
                .or_else(|_| std::env::var("USER"))
                .unwrap_or_else(|_| "postgres".into());
            config.user(user);
        }
        if config.get_hosts().is_empty() {
            config.host("localhost");
        }
        if config.get_password().is_none() {
            if let Some(password) = password_file_entry(&config) {
                config.password(password);
            } else if let Ok(password) = std::env::var("PGPASSWORD") {
                config.password(password);
            }
        }
        config.application_name("tallyroom");
        config.connect_timeout(std::time::Duration::from_secs(5));
        config.keepalives_idle(std::time::Duration::from_secs(10));
        Ok(Address {
            config,
            security,
            root_cert,
            shown: hide_password(url),
        })
    }

    /// The same address with a password typed at a prompt.
    pub fn with_password(mut self, password: &str) -> Address {
        self.config.password(password);
        self
    }

    pub fn has_password(&self) -> bool {
        self.config.get_password().is_some()
    }

    /// The TLS set-up for this address's security.
    pub fn tls(&self) -> Result<tokio_postgres_rustls::MakeRustlsConnect, ShareError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| ShareError::Tls(e.to_string()))?;
        let config = match self.security {
            Security::Verified | Security::Plain => {
                let mut roots = rustls::RootCertStore::empty();
                roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                if let Some(path) = &self.root_cert {
                    for cert in read_certificates(path)? {
                        roots
                            .add(cert)
                            .map_err(|e| ShareError::Tls(format!("{}: {e}", path.display())))?;
                    }
                }
                builder.with_root_certificates(roots).with_no_client_auth()
            }
            Security::Encrypted => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(EncryptOnly(
                    provider.signature_verification_algorithms,
                )))
                .with_no_client_auth(),
        };
        Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
    }

    /// The host, for messages.
    pub fn host(&self) -> String {
        match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            // A socket path exists only where tokio-postgres has Unix sockets.
            #[cfg(unix)]
            Some(Host::Unix(p)) => p.display().to_string(),
            None => "localhost".into(),
        }
    }

    pub fn requires_tls(&self) -> bool {
        self.config.get_ssl_mode() == SslMode::Require
    }
}

fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, ShareError> {
    let certs: Result<Vec<_>, _> = CertificateDer::pem_file_iter(path)
        .map_err(|e| ShareError::Tls(format!("sslrootcert {}: {e}", path.display())))?
        .collect();
    certs.map_err(|e| ShareError::Tls(format!("sslrootcert {}: {e}", path.display())))
}

/// The address with any password taken out: safe to show, log and keep.
pub fn hide_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let authority = match authority.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{user}@{host}")
        }
        None => authority.to_string(),
    };
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    let query: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("password="))
        .collect();
    if query.is_empty() {
        format!("{scheme}://{authority}{path}")
    } else {
        format!("{scheme}://{authority}{path}?{}", query.join("&"))
    }
}

fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The password for this connection in the PostgreSQL password file: lines of
/// `host:port:database:user:password`, `*` matching anything, `\` escaping `:`.
fn password_file_entry(config: &tokio_postgres::Config) -> Option<String> {
    // Where PostgreSQL's own client looks: PGPASSFILE, else ~/.pgpass, or on Windows
    // %APPDATA%\postgresql\pgpass.conf.
    let default = if cfg!(windows) {
        std::env::var_os("APPDATA").map(|a| Path::new(&a).join("postgresql").join("pgpass.conf"))
    } else {
        std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass"))
    };
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or(default)?;
    let text = std::fs::read_to_string(path).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        _ => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let database = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or_default()
        .to_string();
    let user = config.get_user().unwrap_or_default().to_string();
    password_file_lookup(&text, [&host, &port, &database, &user])
}

/// The first matching line's password.
pub fn password_file_lookup(text: &str, wanted: [&str; 4]) -> Option<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .find_map(|line| {
            let fields = split_escaped(line);
            if fields.len() != 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, want)| field == "*" || field == want);
            matches.then(|| fields[4].clone())
        })
}

fn split_escaped(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// `sslmode=require`: the connection is encrypted, the certificate not checked (as
/// libpq does); the handshake's signatures are still verified.
#[derive(Debug)]
struct EncryptOnly(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}
