//! An export's manifest: written beside the files of an export, it names each file
//! with its SHA-256, the fingerprint of the night's record the figures came from, when
//! and by whom. `tallyroom verify --export` checks one: a figure on paper, a file on
//! a stick and the election file can be traced to one another.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The first line of every manifest.
const TITLE: &str = "tallyroom export manifest";

/// The manifest's path for an exported file: beside it, `.manifest` added.
pub fn path_for(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".manifest");
    file.with_file_name(name)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes as lower-case hex (digests in manifests and the night's record).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The manifest of files exported together: (name beside it, bytes).
pub fn write(files: &[(&str, &[u8])], night: &str, fingerprint: Option<&str>, who: &str) -> String {
    let mut text = format!(
        "{TITLE}\nnight: {night}\nfingerprint: {}\nmade: {}\nby: {who}\n",
        fingerprint.unwrap_or("none (not from an election file whose record holds)"),
        jiff::Timestamp::now()
    );
    for (name, bytes) in files {
        text.push_str(&format!("sha256 {} {name}\n", sha256_hex(bytes)));
    }
    text
}

/// What checking a manifest found: for each file it names, whether it is as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub fingerprint: String,
    /// (file, None when as it was, else what is wrong).
    pub files: Vec<(String, Option<String>)>,
}

/// Checks a manifest against the files beside it.
pub fn check(manifest: &Path) -> Result<Checked, String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| format!("{} cannot be read ({e})", manifest.display()))?;
    if text.lines().next() != Some(TITLE) {
        return Err(format!(
            "{} is not a tallyroom export manifest",
            manifest.display()
        ));
    }
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let mut checked = Checked {
        fingerprint: String::new(),
        files: Vec::new(),
    };
    for line in text.lines() {
        if let Some(f) = line.strip_prefix("fingerprint: ") {
            checked.fingerprint = f.to_string();
        }
        let Some(rest) = line.strip_prefix("sha256 ") else {
            continue;
        };
        let Some((hash, name)) = rest.split_once(' ') else {
            return Err(format!(
                "{}: a line that does not read: {line}",
                manifest.display()
            ));
        };
        let problem = match std::fs::read(dir.join(name)) {
            Err(e) => Some(format!("cannot be read ({e})")),
            Ok(bytes) if sha256_hex(&bytes) != hash => {
                Some("changed since it was exported (its SHA-256 differs)".to_string())
            }
            Ok(_) => None,
        };
        checked.files.push((name.to_string(), problem));
    }
    Ok(checked)
}
