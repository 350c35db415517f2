//! Text bound for a terminal: every character that cannot be seen (a control, a
//! right-to-left mark) shown as a visible escape, `\u001b`, the form JSON uses too, so
//! that JSON output stays JSON and reads back the same.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether a character must not reach a terminal as it is (a line's end may).
fn hidden(c: char) -> bool {
    c != '\n' && crate::formats::invisible(c)
}

/// Whether every byte is printable ASCII or a line's end. Checked 64 bytes at a time
/// without stopping early inside them, which the compiler turns into wide
/// instructions: a byte at a time, this check of a big night's summary (100 MB of
/// JSON) was 3 % of opening its file.
fn plain(bytes: &[u8]) -> bool {
    let other = |b: &u8| (*b < b' ' && *b != b'\n') | (*b >= 0x7f);
    let mut chunks = bytes.chunks_exact(64);
    chunks.all(|chunk| !chunk.iter().fold(false, |any, b| any | other(b)))
        && !chunks.remainder().iter().any(other)
}

/// `text` with every hidden character as a visible escape.
pub fn visible(text: &str) -> Cow<'_, str> {
    // Printable ASCII and line ends first: nearly every text is only these, and the
    // check over bytes is many times quicker than over characters.
    if plain(text.as_bytes()) || !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text as [`visible`] shows it, its bytes taken and given back (the same buffer where
/// nothing was hidden); bytes that are not UTF-8 as U+FFFD.
pub fn visible_bytes(bytes: Vec<u8>) -> Vec<u8> {
    // Printable ASCII is UTF-8 with nothing hidden: passed on as it is, unread again.
    if plain(&bytes) {
        return bytes;
    }
    match String::from_utf8(bytes) {
        Ok(text) => match visible(&text) {
            Cow::Borrowed(_) => text.into_bytes(),
            Cow::Owned(shown) => shown.into_bytes(),
        },
        Err(e) => visible(&String::from_utf8_lossy(e.as_bytes()))
            .into_owned()
            .into_bytes(),
    }
}

/// Passes text on as [`visible`] shows it, as it is written: a big night's summary
/// (a hundred megabytes of JSON) goes out without being held whole first. A
/// character cut in two between writes waits for its other part; bytes that are not
/// UTF-8 are passed on as U+FFFD.
pub struct VisibleWriter<W: Write> {
    inner: W,
    /// The start of a character whose other bytes have not been written yet.
    pending: Vec<u8>,
}

impl<W: Write> VisibleWriter<W> {
    pub fn new(inner: W) -> Self {
        VisibleWriter {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for VisibleWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let joined;
        let bytes = if self.pending.is_empty() {
            buf
        } else {
            joined = [std::mem::take(&mut self.pending).as_slice(), buf].concat();
            &joined
        };
        let mut rest = bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.inner.write_all(visible(text).as_bytes())?;
                    break;
                }
                Err(e) => {
                    let (text, after) = rest.split_at(e.valid_up_to());
                    let text = std::str::from_utf8(text).unwrap_or_default();
                    self.inner.write_all(visible(text).as_bytes())?;
                    match e.error_len() {
                        // The last character is not complete yet: kept for the next
                        // write.
                        None => {
                            self.pending = after.to_vec();
                            break;
                        }
                        Some(len) => {
                            self.inner.write_all("\u{fffd}".as_bytes())?;
                            rest = &after[len..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.inner
                .write_all(String::from_utf8_lossy(&rest).as_bytes())?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_escaped_even_when_cut_between_writes() {
        let text = "Ali\u{202e}ce\u{1b}[31m, Zoë\n";
        let mut whole = VisibleWriter::new(Vec::new());
        whole.write_all(text.as_bytes()).unwrap();
        whole.flush().unwrap();
        assert_eq!(
            String::from_utf8(whole.inner).unwrap(),
            "Ali\\u202ece\\u001b[31m, Zoë\n"
        );
        // A byte at a time: every character split, the same text comes out.
        let mut split = VisibleWriter::new(Vec::new());
        for b in text.as_bytes() {
            split.write_all(std::slice::from_ref(b)).unwrap();
        }
        split.flush().unwrap();
        assert_eq!(
            String::from_utf8(split.inner).unwrap(),
            "Ali\\u202ece\\u001b[31m, Zoë\n"
        );
        assert_eq!(visible("plain\n"), Cow::Borrowed("plain\n"));
        // Long texts are checked in blocks of 64 bytes: a hidden character in a
        // block, in the part after the last block, or none.
        let long = "x".repeat(100);
        assert_eq!(
            visible(&format!("{long}\u{1b}{long}")),
            format!("{long}\\u001b{long}")
        );
        assert_eq!(
            visible(&format!("{long}{long}\u{7}")),
            format!("{long}{long}\\u0007")
        );
        assert_eq!(
            visible(&format!("{long}\n{long}")),
            Cow::Borrowed(&*format!("{long}\n{long}"))
        );
        // A byte that is not UTF-8 is U+FFFD; a character cut after it still waits.
        let mut broken = VisibleWriter::new(Vec::new());
        broken.write_all(b"a\xffb\xc3").unwrap();
        broken.write_all(b"\xab\n").unwrap();
        broken.flush().unwrap();
        assert_eq!(
            String::from_utf8(broken.inner).unwrap(),
            "a\u{fffd}b\u{eb}\n"
        );
    }
}
