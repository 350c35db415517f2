//! The Atom feed of the night (`feed.atom`): an entry for each declaration, and one of
//! its own for each correction, withdrawal and drawing of lots, as results feeds carry
//! retractions, newest first. From an election file the entries are its log's events;
//! from a results file, each declared division once.

use jiff::Timestamp;

use super::html::escape;
use super::pages::Site;
use super::slugs::slug;
use crate::model::DivisionIx;
use crate::store::events::Change;

struct Entry {
    id: String,
    at: Timestamp,
    kind: &'static str,
    title: String,
    division: DivisionIx,
    summary: String,
}

/// The feed, as Atom XML.
///
/// Long: The entries of a results file, then those of a log, then the XML, in the
/// order a reader of the feed meets them; each part a few lines over the same list.
pub fn feed(site: &Site) -> String {
    let election = site.tally.election();
    let mut entries: Vec<Entry> = Vec::new();
    if site.log.is_empty() {
        for ix in election.division_ixs() {
            let Some(declaration) = site.tally.declaration(ix) else {
                continue;
            };
            let name = title_name(site, ix);
            entries.push(Entry {
                id: format!(
                    "urn:tallyroom:{}:declared:{}",
                    slug(&election.name),
                    site.division_pages[ix.index()]
                ),
                at: declaration.declared_at.unwrap_or(site.options.made_at),
                kind: "declared",
                title: site.plain(&format!("Declared: {name}"), &format!("Datganwyd: {name}")),
                division: ix,
                summary: votes_text(site, ix, &declaration.votes),
            });
        }
    }
    for event in site.log {
        let Some(ix) = event
            .division
            .filter(|d| d.index() < election.divisions.len())
        else {
            continue;
        };
        let name = title_name(site, ix);
        let (reason, rheswm) = event
            .reason
            .as_deref()
            .map(|r| {
                (
                    format!(" Reason given: {r}."),
                    format!(" Y rheswm a roddwyd: {r}."),
                )
            })
            .unwrap_or_default();
        let (kind, title, summary) = match &event.change {
            Change::Declared(f) => (
                "declared",
                site.plain(&format!("Declared: {name}"), &format!("Datganwyd: {name}")),
                votes_text(site, ix, &f.votes),
            ),
            Change::Corrected(f) => {
                let votes = votes_text(site, ix, &f.votes);
                (
                    "corrected",
                    site.plain(&format!("Correction: {name}"), &format!("Cywiriad: {name}")),
                    site.plain(
                        &format!("The figures declared were corrected.{reason} Now: {votes}"),
                        &format!("Cywirwyd y ffigurau a ddatganwyd.{rheswm} Yn awr: {votes}"),
                    ),
                )
            }
            Change::Withdrawn => (
                "withdrawn",
                site.plain(
                    &format!("Withdrawn: {name}"),
                    &format!("Tynnwyd yn ôl: {name}"),
                ),
                site.plain(
                    &format!(
                        "The declaration was withdrawn: {name} awaits its declaration.{reason}"
                    ),
                    &format!(
                        "Tynnwyd y datganiad yn ôl: mae {name} yn aros am ei datganiad.{rheswm}"
                    ),
                ),
            ),
            Change::LotsDrawn { winners } => {
                let d = election.division(ix);
                let elected = winners
                    .iter()
                    .filter_map(|&p| d.candidate_ixs().nth(p as usize))
                    .map(|c| election.candidate_label(c))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    "lots_drawn",
                    site.plain(
                        &format!("Lots drawn: {name}"),
                        &format!("Bwriwyd coelbren: {name}"),
                    ),
                    site.plain(
                        &format!(
                            "Lots were drawn between candidates on equal votes; {elected} elected."
                        ),
                        &format!(
                            "Bwriwyd coelbren rhwng ymgeiswyr â phleidleisiau cyfartal; etholwyd {elected}."
                        ),
                    ),
                )
            }
            _ => continue,
        };
        entries.push(Entry {
            id: format!("urn:tallyroom:event:{}", event.id),
            // A declaration is dated when it was declared; a correction, withdrawal or
            // drawing of lots when it was recorded, so that a feed reader sees it as new.
            at: match &event.change {
                Change::Declared(f) => f.declared_at.unwrap_or(event.at),
                _ => event.at,
            },
            kind,
            title,
            division: ix,
            summary,
        });
    }
    entries.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    let updated = entries.first().map_or(site.options.made_at, |e| e.at);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    // Welsh first where the site is bilingual.
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        if site.options.welsh { "cy" } else { "en-GB" }
    ));
    out.push_str(&format!(
        "<title>{}</title>\n<id>urn:tallyroom:night:{}</id>\n<updated>{updated}</updated>\n",
        escape(&site.plain(
            &format!("{}: declarations", election.name),
            &format!("{}: datganiadau", election.name)
        )),
        slug(&election.name)
    ));
    out.push_str(
        "<link rel=\"self\" href=\"feed.atom\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n\
         <author><name>tallyroom</name></author>\n",
    );
    for e in &entries {
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<updated>{}</updated>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"division/{}.html\"/>\n\
             <category term=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            escape(&e.title),
            escape(&e.id),
            e.at,
            site.division_pages[e.division.index()],
            e.kind,
            escape(&e.summary)
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// The division as a feed entry names it: with its council on a night of several.
fn title_name(site: &Site, ix: DivisionIx) -> String {
    let election = site.tally.election();
    let d = election.division(ix);
    if election.has_councils() {
        format!("{} ({})", d.name, election.council_name(d.council))
    } else {
        election.division_label(ix)
    }
}

/// "Jane Smith (Reform UK) 1,234; Sam Jones (Labour) 987": each candidate's votes in
/// these figures, in ballot order.
fn votes_text(site: &Site, ix: DivisionIx, votes: &[u64]) -> String {
    let election = site.tally.election();
    election
        .division(ix)
        .candidate_ixs()
        .zip(votes)
        .map(|(c, v)| {
            format!(
                "{} ({}) {}",
                election.candidate(c).name,
                election.description(c),
                crate::numbers::count(*v)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
