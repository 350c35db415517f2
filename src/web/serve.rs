//! `tallyroom serve`: the results site on the local network, for the hall (the press
//! bench, candidates' agents on their phones). Read-only by construction: the pages are
//! held in memory, built from the night, and a request can only ever name one of them;
//! nothing a request says can change the night, and no file on disk is read for it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::SiteFile;

/// The most a request's line and headers may take: a browser's are a few hundred bytes.
pub const MOST_HEADER_BYTES: usize = 16 * 1024;
/// Connections answered at once; more are told to try again (503). A hall's phones
/// ask for a page every ten seconds and each answer takes milliseconds.
pub const MOST_CONNECTIONS: usize = 64;
/// How long a connection may take to send its whole request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an answer may wait on a reader that has stopped reading (a phone gone
/// to sleep).
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// The script served pages load to follow the night without a full reload: it asks for
/// the page again now and then and, where it changed, puts its new content in place
/// and says so. The pages read the same without it.
pub const LIVE_SCRIPT: &str = include_str!("live.js");

/// The site as served: its files by path, replaced whole when the night changes.
#[derive(Default)]
pub struct Served {
    files: RwLock<Arc<HashMap<String, Vec<u8>>>>,
}

impl Served {
    /// Puts `files` in place of the pages served so far; pages served live load the
    /// script that keeps them up to date.
    pub fn replace(&self, files: Vec<SiteFile>) {
        let mut map: HashMap<String, Vec<u8>> = files
            .into_iter()
            .map(|f| {
                let bytes = if f.path.ends_with(".html") {
                    with_live_script(&f.path, f.bytes)
                } else {
                    f.bytes
                };
                (f.path, bytes)
            })
            .collect();
        map.insert("live.js".to_string(), LIVE_SCRIPT.as_bytes().to_vec());
        // A poisoned lock only means another thread panicked mid-swap of an Arc: the
        // value inside is whole either way.
        let mut files_now = self.files.write().unwrap_or_else(|e| e.into_inner());
        *files_now = Arc::new(map);
    }

    fn get(&self, path: &str) -> Option<Vec<u8>> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner()).clone();
        files.get(path).cloned()
    }
}

/// The page's script tag, just before `</body>`, with the way back to the site's top.
fn with_live_script(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    let root = "../".repeat(path.matches('/').count());
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        return bytes;
    };
    match text.rfind("</body>") {
        Some(at) => {
            let mut out = String::with_capacity(text.len() + 64);
            out.push_str(&text[..at]);
            out.push_str(&format!("<script src=\"{root}live.js\" defer></script>\n"));
            out.push_str(&text[at..]);
            out.into_bytes()
        }
        None => text.into_bytes(),
    }
}

/// Answers requests on `listener` for ever, each connection on its own thread.
pub fn serve(listener: TcpListener, served: Arc<Served>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        // Past the limit, a connection is told to come back rather than given a
        // thread: a flood of connections cannot take the laptop's memory.
        let slot = Slot::take(&open);
        if open.load(Ordering::SeqCst) > MOST_CONNECTIONS {
            drop(slot);
            busy(stream);
            continue;
        }
        let served = served.clone();
        std::thread::spawn(move || {
            // Given back however the answer ends.
            let _slot = slot;
            // A connection that fails (closed, timed out) ends; the server goes on.
            let _ = answer(stream, &served);
        });
    }
}

/// One connection being answered, counted while it lasts.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Slot {
        open.fetch_add(1, Ordering::SeqCst);
        Slot(open.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// "Try again in a moment", on the accepting thread without waiting: what has
/// arrived of the request is read first, so that closing does not reset the
/// connection before the answer is read.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let _ = stream.read(&mut [0u8; 4096]);
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = respond(
        stream,
        Response::text("503 Service Unavailable", "Busy: try again in a moment.\n"),
        false,
    );
}

/// The request's reads, all within one time from the connection's start: a client
/// sending a byte now and then cannot hold a connection for longer.
struct Deadline {
    stream: TcpStream,
    until: Instant,
}

impl Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// One response: status line, headers, body (none for HEAD).
struct Response {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    allow: bool,
}

impl Response {
    fn text(status: &'static str, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            allow: false,
        }
    }
}

fn answer(stream: TcpStream, served: &Served) -> std::io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let deadline = Deadline {
        stream: stream.try_clone()?,
        until: Instant::now() + READ_TIMEOUT,
    };
    let mut reader = BufReader::new(deadline).take(MOST_HEADER_BYTES as u64 + 1);
    let mut head = Vec::new();
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader.read_until(b'\n', &mut line)?;
        head.extend_from_slice(&line);
        if head.len() > MOST_HEADER_BYTES {
            return respond(
                stream,
                Response::text(
                    "431 Request Header Fields Too Large",
                    "request headers too large\n",
                ),
                false,
            );
        }
        if n == 0 || line == b"\r\n" || line == b"\n" {
            break;
        }
        lines.push(String::from_utf8_lossy(&line).trim_end().to_string());
    }
    let Some(request_line) = lines.first() else {
        return Ok(());
    };
    let mut parts = request_line.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head_only = method == "HEAD";
    let response = if method != "GET" && !head_only {
        Response {
            allow: true,
            ..Response::text(
                "405 Method Not Allowed",
                "only GET and HEAD: this site is read-only\n",
            )
        }
    } else {
        match site_path(target) {
            Some(path) => match served.get(&path) {
                Some(body) => Response {
                    status: "200 OK",
                    content_type: content_type(&path),
                    body,
                    allow: false,
                },
                None => Response::text("404 Not Found", "no such page\n"),
            },
            None => Response::text("400 Bad Request", "not a page of this site\n"),
        }
    };
    respond(stream, response, head_only)
}

fn respond(mut stream: TcpStream, response: Response, head_only: bool) -> std::io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'self'; \
         style-src 'self' 'unsafe-inline'\r\n\
         Connection: close\r\n",
        response.status,
        response.content_type,
        response.body.len()
    );
    if response.allow {
        out.push_str("Allow: GET, HEAD\r\n");
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// The site's path a request names: `/` is the night's page; a query is ignored. None
/// for anything that is not plainly a path inside the site: `..`, an encoded slash or
/// backslash, a control character, an absolute URL.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next()?;
    let path = path.strip_prefix('/')?;
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains('\\')
        || decoded.chars().any(char::is_control)
        || decoded.split('/').any(|part| part == ".." || part == ".")
    {
        return None;
    }
    Some(if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded
    })
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("atom") => "application/atom+xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_inside_the_site_are_named() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/division/a-b.html?x=1").as_deref(),
            Some("division/a-b.html")
        );
        assert_eq!(
            site_path("/council/").as_deref(),
            Some("council/index.html")
        );
        for bad in [
            "/../Cargo.toml",
            "/division/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/division%2Fa.html",
            "/division%5ca.html",
            "/a%00.html",
            "/%zz",
            "http://example.com/",
            "",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_served_page_loads_the_live_script_from_the_site_s_top() {
        let page = with_live_script("division/a.html", b"<body>x</body>".to_vec());
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<body>x<script src=\"../live.js\" defer></script>\n</body>"
        );
    }
}
