//! The results site (`tallyroom publish`): plain HTML pages of the night, of each
//! council on a night of several and of each division, each with its figures as JSON
//! beside it, and an Atom feed of declarations, corrections and withdrawals. Built
//! from the tally (every figure is the summary's, docs/figures.md) and, for an
//! election file, its log (which declarations were corrected or withdrawn, and when).
//! Nothing here needs JavaScript to be read; links are relative, so the folder can be
//! uploaded anywhere.

mod feed;
pub mod html;
mod map;
mod pages;
pub mod serve;
pub mod slugs;
mod welsh;
mod write;

pub use write::{Written, write_site};

use jiff::Timestamp;

use crate::map::MapLayer;
use crate::store::events::Event;
use crate::tally::Tally;

/// How the site is made.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Welsh and English on every page, Welsh first.
    pub welsh: bool,
    /// The page template (`html::DEFAULT_TEMPLATE` unless the council gives its own).
    pub template: String,
    pub stylesheet: String,
    /// The night's fingerprint (an election file's), shown in every footer.
    pub fingerprint: Option<String>,
    /// The file the site was made from, as the footer names it.
    pub source: String,
    /// When the site was made: the feed's time when nothing has declared.
    pub made_at: Timestamp,
}

impl SiteOptions {
    pub fn new(source: &str) -> SiteOptions {
        SiteOptions {
            welsh: false,
            template: html::DEFAULT_TEMPLATE.to_string(),
            stylesheet: html::DEFAULT_STYLESHEET.to_string(),
            fingerprint: None,
            source: source.to_string(),
            made_at: Timestamp::now(),
        }
    }
}

/// One file of the site: its path inside the site's folder (with `/`), and what it
/// holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every file of the site, from the tally and, where there are, the night's log and
/// map (a map that cannot be drawn says why on the pages it would be on).
pub fn build(
    tally: &Tally,
    log: Option<&[Event]>,
    map: Option<&MapLayer>,
    options: &SiteOptions,
) -> Vec<SiteFile> {
    let site = pages::Site::new(tally, log, map, options);
    let mut files = site.pages();
    files.push(SiteFile {
        path: "feed.atom".to_string(),
        bytes: feed::feed(&site).into_bytes(),
    });
    files.push(SiteFile {
        path: "style.css".to_string(),
        bytes: options.stylesheet.clone().into_bytes(),
    });
    files
}
