//! The site's pages: the night, each council (on a night of several) and each
//! division, as HTML tables first, each with its JSON beside it.

use serde::Serialize;

use super::html::{Page, escape, fill};
use super::map::SiteMap;
use super::slugs::Slugs;
use super::welsh;
use super::{SiteFile, SiteOptions};
use crate::colours::PartyColours;
use crate::map::MapLayer;
use crate::model::{CouncilIx, DivisionIx};
use crate::report::{CouncilReport, DivisionRow, Summary, SummaryOptions, summarise};
use crate::store::events::{Change, Event};
use crate::tally::Tally;
use crate::tally::outcome::Status;

/// Where a division stands, as the site tells it: a result is never shown without
/// saying whether it was corrected, and figures not yet declared are never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteStatus {
    Awaiting,
    /// Figures entered once, waiting for their check: not yet a result.
    Provisional,
    /// Declared, then taken back: awaiting a declaration again.
    Withdrawn,
    Tied,
    Declared,
    Corrected,
    /// No more candidates than seats: declared elected without a poll.
    Unopposed,
    Cancelled,
}

impl SiteStatus {
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            SiteStatus::Awaiting => ("Awaiting declaration", "Yn aros am y datganiad"),
            SiteStatus::Provisional => (
                "Provisional: counted, not yet declared",
                "Dros dro: wedi'i gyfrif, heb ei ddatgan",
            ),
            SiteStatus::Withdrawn => (
                "Declaration withdrawn: awaiting declaration",
                "Tynnwyd y datganiad yn ôl: yn aros am y datganiad",
            ),
            SiteStatus::Tied => (
                "Tied: awaiting the drawing of lots",
                "Cyfartal: yn aros am fwrw coelbren",
            ),
            SiteStatus::Declared => ("Declared", "Datganwyd"),
            SiteStatus::Corrected => ("Declared, corrected since", "Datganwyd, cywirwyd wedyn"),
            SiteStatus::Unopposed => (
                "Elected unopposed: no poll",
                "Etholwyd yn ddiwrthwynebiad: dim pleidlais",
            ),
            SiteStatus::Cancelled => ("Poll countermanded", "Gwrthgyfarwyddwyd y bleidlais"),
        }
    }

    fn class(self) -> &'static str {
        match self {
            SiteStatus::Corrected => "status status-corrected",
            SiteStatus::Withdrawn => "status status-withdrawn",
            _ => "status",
        }
    }
}

/// One candidate on a division's page and in its JSON.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateEntry {
    pub candidate: String,
    /// The description on the ballot paper.
    pub description: String,
    /// The party counted.
    pub party: String,
    pub votes: Option<u64>,
    /// Percent of the votes cast for the division's candidates.
    pub share: Option<f64>,
    pub elected: bool,
    /// Elected after a drawing of lots between candidates on equal votes.
    pub by_lot: bool,
}

/// A division's JSON: the summary's row for it, with its candidates in ballot order
/// and its status on the site.
#[derive(Debug, Clone, Serialize)]
pub struct DivisionJson<'a> {
    #[serde(flatten)]
    pub row: &'a DivisionRow,
    pub site_status: SiteStatus,
    pub candidates: Vec<CandidateEntry>,
}

/// A council's JSON: the summary's report of it, and its divisions' rows.
#[derive(Debug, Clone, Serialize)]
pub struct CouncilJson<'a> {
    #[serde(flatten)]
    pub report: &'a CouncilReport,
    pub divisions: Vec<&'a DivisionRow>,
}

/// What every page is made from.
pub struct Site<'a> {
    pub tally: &'a Tally,
    pub log: &'a [Event],
    pub options: &'a SiteOptions,
    pub summary: Summary,
    pub statuses: Vec<SiteStatus>,
    /// Per division, its page's name (without `.html`).
    pub division_pages: Vec<String>,
    /// Per council, its page's name, on a night of several (else empty).
    pub council_pages: Vec<String>,
    colours: PartyColours,
    /// The night's map where it has boundaries, or why it cannot be drawn.
    map: Option<Result<SiteMap, String>>,
}

impl<'a> Site<'a> {
    pub fn new(
        tally: &'a Tally,
        log: Option<&'a [Event]>,
        map: Option<&MapLayer>,
        options: &'a SiteOptions,
    ) -> Self {
        let election = tally.election();
        let log = log.unwrap_or(&[]);
        let mut summary = summarise(tally, &SummaryOptions::default());
        summary.fingerprint = options.fingerprint.clone();
        let statuses = statuses(tally, log);
        let mut slugs = Slugs::default();
        let division_pages = election
            .division_ixs()
            .map(|ix| {
                let d = election.division(ix);
                let name = if election.has_councils() {
                    format!("{} {}", election.council_name(d.council), d.name)
                } else {
                    d.name.clone()
                };
                slugs.take(&name)
            })
            .collect();
        let mut council_slugs = Slugs::default();
        let council_pages = if election.has_councils() {
            election
                .council_ixs()
                .map(|c| council_slugs.take(election.council_name(c)))
                .collect()
        } else {
            Vec::new()
        };
        let mut colours = PartyColours::default();
        colours.separate(summary.parties.iter().map(|p| p.party.as_str()));
        let map = map.map(|layer| SiteMap::new(layer, tally, &colours));
        Site {
            tally,
            log,
            options,
            summary,
            statuses,
            division_pages,
            council_pages,
            colours,
            map,
        }
    }

    /// The map of the divisions `wanted`, with its key and its credit, where the night
    /// has boundaries and any of them has a shape; `root` leads back to the site's top.
    fn map_section(&self, wanted: impl Fn(DivisionIx) -> bool, root: &str) -> String {
        let heading = format!("<h2 id=\"map\">{}</h2>\n", self.say("Map", "Map"));
        let map = match &self.map {
            None => return String::new(),
            Some(Err(problem)) => {
                return format!(
                    "{heading}<p>{} {}</p>\n",
                    self.say(
                        "The map cannot be drawn: a shape of its boundaries is broken:",
                        "Ni ellir llunio'r map: mae siâp yn ei ffiniau wedi torri:"
                    ),
                    escape(problem)
                );
            }
            Some(Ok(map)) => map,
        };
        let election = self.tally.election();
        let Some(drawn) = map.draw(
            self.tally,
            wanted,
            |d| {
                let en = crate::map::style::describe(self.tally, d);
                if !self.options.welsh {
                    return en;
                }
                let mut cy = format!(
                    "{}: {}",
                    election.division_label(d),
                    self.statuses[d.index()].words().1
                );
                if let Some(result) = welsh::result(self.tally, d) {
                    cy.push_str(&format!("; {result}"));
                }
                format!("{cy} / {en}")
            },
            |d| format!("{root}division/{}.html", self.division_pages[d.index()]),
        ) else {
            return String::new();
        };
        let mut out = format!(
            "{heading}<figure class=\"map\">\n{}\n<figcaption>{} {} {}</figcaption>\n</figure>\n",
            drawn.svg,
            self.say(
                "Each division in the colour of the party that won it; a division of several \
                 seats in a band for each. Every division's result is in words in the table \
                 of divisions.",
                "Pob adran yn lliw'r blaid a'i henillodd; adran o sawl sedd mewn band ar gyfer \
                 pob un. Mae canlyniad pob adran mewn geiriau yn nhabl yr adrannau."
            ),
            self.say("Boundaries:", "Ffiniau:"),
            escape(&drawn.attribution),
        );
        if drawn.without_shape > 0 {
            let n = drawn.without_shape;
            out.push_str(&format!(
                "<p>{}</p>\n",
                self.say(
                    &format!(
                        "{n} {} no shape in these boundaries and {} not on the map.",
                        if n == 1 {
                            "division has"
                        } else {
                            "divisions have"
                        },
                        if n == 1 { "is" } else { "are" }
                    ),
                    &format!("Nid oes siâp yn y ffiniau hyn i {n} adran: nid ydynt ar y map.")
                )
            ));
        }
        out.push_str("<ul class=\"key\">\n");
        for entry in &drawn.key {
            let swatch = if entry.outlined {
                "<span class=\"swatch swatch-outline\" aria-hidden=\"true\"></span>".to_string()
            } else {
                format!(
                    "<span class=\"swatch\" style=\"background:{}\" aria-hidden=\"true\"></span>",
                    entry.colour.hex()
                )
            };
            out.push_str(&format!(
                "<li>{swatch}{}</li>\n",
                self.say(&entry.en, &entry.cy)
            ));
        }
        out.push_str("</ul>\n");
        out
    }

    /// Every page, HTML and JSON.
    pub fn pages(&self) -> Vec<SiteFile> {
        let mut files = Vec::new();
        files.push(SiteFile {
            path: "index.html".into(),
            bytes: self.night_page().into_bytes(),
        });
        files.push(SiteFile {
            path: "index.json".into(),
            bytes: json(&self.summary),
        });
        for (i, report) in self.summary.councils.iter().enumerate() {
            let Some(slug) = self.council_pages.get(i) else {
                continue;
            };
            let c = CouncilIx(i as u32);
            files.push(SiteFile {
                path: format!("council/{slug}.html"),
                bytes: self.council_page(c, report).into_bytes(),
            });
            files.push(SiteFile {
                path: format!("council/{slug}.json"),
                bytes: json(&CouncilJson {
                    report,
                    divisions: self.divisions_of(c).map(|ix| self.row(ix)).collect(),
                }),
            });
        }
        for ix in self.tally.election().division_ixs() {
            let slug = &self.division_pages[ix.index()];
            files.push(SiteFile {
                path: format!("division/{slug}.html"),
                bytes: self.division_page(ix).into_bytes(),
            });
            files.push(SiteFile {
                path: format!("division/{slug}.json"),
                bytes: json(&DivisionJson {
                    row: self.row(ix),
                    site_status: self.statuses[ix.index()],
                    candidates: self.candidates(ix),
                }),
            });
        }
        files
    }

    fn row(&self, ix: DivisionIx) -> &DivisionRow {
        &self.summary.divisions[ix.index()]
    }

    fn divisions_of(&self, c: CouncilIx) -> impl Iterator<Item = DivisionIx> + '_ {
        let election = self.tally.election();
        election
            .division_ixs()
            .filter(move |&ix| election.division(ix).council == c)
    }

    /// Text in the site's languages: English, or Welsh then English.
    pub fn say(&self, en: &str, cy: &str) -> String {
        if self.options.welsh {
            format!(
                "<span lang=\"cy\">{}</span> <span lang=\"en\">{}</span>",
                escape(cy),
                escape(en)
            )
        } else {
            escape(en)
        }
    }

    /// Plain text (a feed's) in the site's languages: English, or "Welsh / English".
    pub fn plain(&self, en: &str, cy: &str) -> String {
        if self.options.welsh {
            format!("{cy} / {en}")
        } else {
            en.to_string()
        }
    }

    /// One of the tally's own sentences (control, gain or hold), with its Welsh made
    /// from the same figures where the site is bilingual.
    fn say_tally(&self, en: &str, cy: impl FnOnce() -> Option<String>) -> String {
        match self.options.welsh.then(cy).flatten() {
            Some(cy) => self.say(en, &cy),
            None => escape(en),
        }
    }

    /// A page in the template. Only the night's page carries the time it was made
    /// and the night's fingerprint, which change with every declaration: on the
    /// others they would rewrite every page for each one.
    fn page(&self, title: String, root: &str, json: &str, main: String) -> String {
        let main = scrollable_tables(&main);
        let head = format!(
            "<link rel=\"alternate\" type=\"application/json\" href=\"{json}\">\n\
             <link rel=\"alternate\" type=\"application/atom+xml\" title=\"Declarations\" \
             href=\"{root}feed.atom\">"
        );
        fill(
            &self.options.template,
            &Page {
                lang: "en-GB",
                title,
                root,
                head,
                main,
                footer: self.footer(root, json),
                site_name: self.say("Election results", "Canlyniadau'r etholiad"),
                skip_link: self.say("Skip to the results", "Neidio i'r canlyniadau"),
            },
        )
    }

    fn footer(&self, root: &str, json: &str) -> String {
        let links = format!(
            "<p><a href=\"{json}\">{}</a> · <a href=\"{root}feed.atom\">{}</a></p>",
            self.say("These figures as JSON", "Y ffigurau hyn fel JSON"),
            self.say("Feed of declarations (Atom)", "Ffrwd y datganiadau (Atom)"),
        );
        if !root.is_empty() {
            return format!(
                "<p>{} {}. <a href=\"{root}index.html\">{}</a></p>\n{links}",
                self.say("Made by tallyroom from", "Wedi'i wneud gan tallyroom o"),
                escape(&self.options.source),
                self.say(
                    "The night's fingerprint is on the results page.",
                    "Mae ôl bys y noson ar dudalen y canlyniadau."
                ),
            );
        }
        let fingerprint = match &self.options.fingerprint {
            Some(f) => format!(
                "{} <code>{}</code>.",
                self.say("The night's fingerprint:", "Ôl bys y noson:"),
                escape(f)
            ),
            None => self.say(
                "Made from a results file: no fingerprint.",
                "Wedi'i wneud o ffeil canlyniadau: dim ôl bys.",
            ),
        };
        format!(
            "<p>{} {}, {} {}.</p>\n<p>{fingerprint}</p>\n{links}",
            self.say("Made by tallyroom from", "Wedi'i wneud gan tallyroom o"),
            escape(&self.options.source),
            self.say("as it stood at", "fel yr oedd am"),
            escape(&crate::paper::local_time(self.options.made_at)),
        )
    }

    fn swatch(&self, party: &str) -> String {
        format!(
            "<span class=\"swatch\" style=\"background:{}\" aria-hidden=\"true\"></span>{}",
            self.colours.colour(party).hex(),
            escape(party)
        )
    }

    fn status_badge(&self, status: SiteStatus) -> String {
        let (en, cy) = status.words();
        format!(
            "<span class=\"{}\">{}</span>",
            status.class(),
            self.say(en, cy)
        )
    }

    /// Long: The night's page is one table after another (parties, councils,
    /// divisions), each a few lines; split, they would pass the same borrowings round.
    fn night_page(&self) -> String {
        let s = &self.summary;
        let election = self.tally.election();
        let mut main = String::new();
        main.push_str(&format!("<h1>{}</h1>\n", escape(&s.election)));
        main.push_str(&format!(
            "<p class=\"lead\">{}</p>\n<p>{}</p>\n",
            self.say_tally(&s.control.text, || Some(if election.has_councils() {
                welsh::councils_headline(self.tally)
            } else {
                welsh::control(self.tally, None)
            })),
            self.progress(
                s.divisions_declared,
                s.divisions_total,
                s.seats_declared,
                s.seats_total
            ),
        ));
        if let Some(change) = &s.control.change {
            main.push_str(&format!(
                "<p>{}</p>\n",
                self.say_tally(&change.text, || {
                    welsh::control_change(self.tally, election.council_ixs().next()?)
                })
            ));
        }
        main.push_str(&self.parties_table(s));
        main.push_str(&self.map_section(|_| true, ""));
        if !s.councils.is_empty() {
            main.push_str(&format!(
                "<h2>{}</h2>\n<div class=\"table-wrap\"><table>\n<caption>{}</caption>\n\
                 <thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th>\
                 <th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
                self.say("Councils", "Cynghorau"),
                self.say(
                    "Each council: divisions declared and control",
                    "Pob cyngor: adrannau a ddatganwyd a rheolaeth"
                ),
                self.say("Council", "Cyngor"),
                self.say("Declared", "Datganwyd"),
                self.say("Control", "Rheolaeth"),
            ));
            for ((report, slug), c) in s
                .councils
                .iter()
                .zip(&self.council_pages)
                .zip(election.council_ixs())
            {
                let control = match &report.control_change {
                    Some(change) => format!("{}: {}", report.control.text, change.text),
                    None => report.control.text.clone(),
                };
                let control = self.say_tally(&control, || {
                    let now = welsh::control(self.tally, Some(c));
                    Some(match welsh::control_change(self.tally, c) {
                        Some(change) => format!("{now}: {change}"),
                        None => now,
                    })
                });
                main.push_str(&format!(
                    "<tr><th scope=\"row\"><a href=\"council/{slug}.html\">{}</a></th>\
                     <td class=\"num\">{} / {}</td><td>{}</td></tr>\n",
                    escape(&report.council),
                    report.divisions_declared,
                    report.divisions_total,
                    control
                ));
            }
            main.push_str("</tbody></table></div>\n");
        }
        let all: Vec<DivisionIx> = self.tally.election().division_ixs().collect();
        main.push_str(&self.divisions_table(&all, ""));
        self.page(s.election.clone(), "", "index.json", main)
    }

    fn progress(&self, declared: u64, total: u64, seats: u64, seats_total: u64) -> String {
        self.say(
            &format!("Declared {declared} of {total} divisions, {seats} of {seats_total} seats."),
            &format!("Datganwyd {declared} o {total} adran, {seats} o {seats_total} sedd."),
        )
    }

    fn parties_table(&self, s: &Summary) -> String {
        let with_change = s.baseline.is_some();
        let mut out = format!(
            "<h2>{}</h2>\n<div class=\"table-wrap\"><table>\n<caption>{}</caption>\n<thead><tr>\
             <th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th>",
            self.say("Seats by party", "Seddi fesul plaid"),
            self.say(
                "Seats won and votes by party, declared divisions",
                "Seddi a enillwyd a phleidleisiau fesul plaid, adrannau a ddatganwyd"
            ),
            self.say("Party", "Plaid"),
            self.say("Seats", "Seddi"),
        );
        if with_change {
            out.push_str(&format!(
                "<th scope=\"col\" class=\"num\">{}</th>",
                self.say("Change", "Newid")
            ));
        }
        out.push_str(&format!(
            "<th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th>",
            self.say("Votes", "Pleidleisiau"),
            self.say("Share", "Cyfran"),
        ));
        if with_change {
            out.push_str(&format!(
                "<th scope=\"col\" class=\"num\">{}</th>",
                self.say("Share change", "Newid yn y gyfran")
            ));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for p in s.parties.iter().filter(|p| p.candidates > 0 || p.seats > 0) {
            out.push_str(&self.party_row_start(
                &p.party,
                p.seats,
                with_change.then_some(p.seats_change),
            ));
            out.push_str(&format!(
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                crate::numbers::count(p.votes),
                percent(p.share)
            ));
            if with_change {
                out.push_str(&format!(
                    "<td class=\"num\">{}</td>",
                    p.share_change
                        .map_or("–".into(), |c| crate::numbers::change_f(c, 1))
                ));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div>\n");
        out
    }

    /// A party's row as far as its seats and, where the table has the column, their
    /// change ("–" where none can be given).
    fn party_row_start(&self, party: &str, seats: u64, change: Option<Option<i64>>) -> String {
        let mut row = format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{seats}</td>",
            self.swatch(party)
        );
        if let Some(change) = change {
            row.push_str(&format!("<td class=\"num\">{}</td>", signed(change)));
        }
        row
    }

    fn divisions_table(&self, divisions: &[DivisionIx], root: &str) -> String {
        let mut out = format!(
            "<h2>{}</h2>\n<div class=\"table-wrap\"><table>\n<caption>{}</caption>\n<thead><tr>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
             </tr></thead>\n<tbody>\n",
            self.say("Divisions", "Adrannau"),
            self.say(
                "Each division: its status and result",
                "Pob adran: ei statws a'i chanlyniad"
            ),
            self.say("Division", "Adran"),
            self.say("Status", "Statws"),
            self.say("Result", "Canlyniad"),
        );
        for &ix in divisions {
            let row = self.row(ix);
            let status = self.statuses[ix.index()];
            let result = if matches!(
                status,
                SiteStatus::Declared | SiteStatus::Corrected | SiteStatus::Unopposed
            ) {
                let winners = row
                    .winners
                    .iter()
                    .map(|w| format!("{} ({})", w.candidate, w.party))
                    .collect::<Vec<_>>()
                    .join(", ");
                match &row.result {
                    Some(result) => format!(
                        "{}: {}",
                        self.say_tally(result, || welsh::result(self.tally, ix)),
                        escape(&winners)
                    ),
                    None => escape(&winners),
                }
            } else {
                String::new()
            };
            let name = match &row.council {
                Some(council) if root.is_empty() => format!("{} ({council})", row.division),
                _ => row.division.clone(),
            };
            out.push_str(&format!(
                "<tr><th scope=\"row\"><a href=\"{root}division/{}.html\">{}</a></th><td>{}</td><td>{}</td></tr>\n",
                self.division_pages[ix.index()],
                escape(&name),
                self.status_badge(status),
                result
            ));
        }
        out.push_str("</tbody></table></div>\n");
        out
    }

    fn council_page(&self, c: CouncilIx, report: &CouncilReport) -> String {
        let mut main = format!(
            "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n<p>{}</p>\n",
            escape(&report.council),
            self.say_tally(&report.control.text, || Some(welsh::control(
                self.tally,
                Some(c)
            ))),
            self.progress(
                report.divisions_declared,
                report.divisions_total,
                report.seats_declared,
                report.seats_total
            ),
        );
        if let Some(change) = &report.control_change {
            main.push_str(&format!(
                "<p>{}</p>\n",
                self.say_tally(&change.text, || welsh::control_change(self.tally, c))
            ));
        }
        let with_change = self.summary.baseline.is_some();
        main.push_str(&format!(
            "<h2>{}</h2>\n<div class=\"table-wrap\"><table>\n<caption>{}</caption>\n<thead><tr>\
             <th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th>",
            self.say("Seats by party", "Seddi fesul plaid"),
            self.say(
                "Seats won tonight, and the council after tonight where known",
                "Seddi a enillwyd heno, a'r cyngor wedi heno lle y gwyddys"
            ),
            self.say("Party", "Plaid"),
            self.say("Seats won", "Seddi a enillwyd"),
        ));
        if with_change {
            main.push_str(&format!(
                "<th scope=\"col\" class=\"num\">{}</th>",
                self.say("Change", "Newid")
            ));
        }
        main.push_str(&format!(
            "<th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th>\
             </tr></thead>\n<tbody>\n",
            self.say("Votes", "Pleidleisiau"),
            self.say("Council after tonight", "Y cyngor wedi heno"),
        ));
        for p in &report.parties {
            main.push_str(&self.party_row_start(
                &p.party,
                p.seats,
                with_change.then_some(p.seats_change),
            ));
            main.push_str(&format!(
                "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                crate::numbers::count(p.votes),
                p.council_after.map_or("–".into(), |n| n.to_string())
            ));
        }
        main.push_str("</tbody></table></div>\n");
        let election = self.tally.election();
        main.push_str(&self.map_section(|d| election.division(d).council == c, "../"));
        let divisions: Vec<DivisionIx> = self.divisions_of(c).collect();
        main.push_str(&self.divisions_table(&divisions, "../"));
        let slug = &self.council_pages[c.index()];
        main.push_str(&format!(
            "<p><a href=\"../index.html\">{}</a></p>\n",
            self.say("All results", "Pob canlyniad")
        ));
        self.page(report.council.clone(), "../", &format!("{slug}.json"), main)
    }

    fn candidates(&self, ix: DivisionIx) -> Vec<CandidateEntry> {
        let election = self.tally.election();
        let d = election.division(ix);
        let status = self.statuses[ix.index()];
        let shown = matches!(
            status,
            SiteStatus::Declared | SiteStatus::Corrected | SiteStatus::Tied | SiteStatus::Unopposed
        );
        let declaration = self.tally.declaration(ix).filter(|_| shown);
        let outcome = self.tally.outcome(ix);
        let total: u64 = declaration.map_or(0, |x| x.votes.iter().sum());
        d.candidate_ixs()
            .enumerate()
            .map(|(i, c)| {
                let votes = declaration.and_then(|x| x.votes.get(i).copied());
                CandidateEntry {
                    candidate: election.candidate(c).name.clone(),
                    description: election.description(c).to_string(),
                    party: election.party_name(election.candidate(c).party).to_string(),
                    votes,
                    share: votes
                        .filter(|_| total > 0)
                        .map(|v| (v as f64 * 1000.0 / total as f64).round() / 10.0),
                    elected: shown
                        && outcome.status == Status::Declared
                        && outcome.elected.contains(&c),
                    by_lot: shown && outcome.by_lot.contains(&c),
                }
            })
            .collect()
    }

    /// Long: A division's page is its candidates' table and then its facts, each a
    /// line or two in the order a declaration reads them.
    fn division_page(&self, ix: DivisionIx) -> String {
        let election = self.tally.election();
        let row = self.row(ix);
        let status = self.statuses[ix.index()];
        let mut main = String::new();
        let title = match &row.council {
            Some(council) => format!("{}, {council}", row.division),
            None => row.division.clone(),
        };
        main.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
        main.push_str(&format!("<p>{}</p>\n", self.status_badge(status)));
        if status == SiteStatus::Tied && !row.tied.is_empty() {
            main.push_str(&format!(
                "<p>{} {}</p>\n",
                self.say(
                    "Equal votes for the last seat:",
                    "Pleidleisiau cyfartal am y sedd olaf:"
                ),
                escape(&row.tied.join(", "))
            ));
        }
        if let Some(result) = row.result.as_ref().filter(|_| {
            matches!(
                status,
                SiteStatus::Declared | SiteStatus::Corrected | SiteStatus::Unopposed
            )
        }) {
            main.push_str(&format!(
                "<p class=\"lead\">{}</p>\n",
                self.say_tally(result, || welsh::result(self.tally, ix))
            ));
        }
        let seats = row.seats;
        main.push_str(&format!(
            "<div class=\"table-wrap\"><table>\n<caption>{}</caption>\n<thead><tr>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th>\
             <th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
            self.say(
                &format!("Candidates in ballot paper order ({seats} to elect)"),
                &format!("Ymgeiswyr yn nhrefn y papur pleidleisio ({seats} i'w hethol)")
            ),
            self.say("Candidate", "Ymgeisydd"),
            self.say("Description", "Disgrifiad"),
            self.say("Votes", "Pleidleisiau"),
            self.say("Share", "Cyfran"),
        ));
        for c in self.candidates(ix) {
            // Elected is said in words beside the name, never by weight alone.
            let elected = if c.by_lot {
                format!(
                    " <span class=\"mark\">{}</span>",
                    self.say("elected by lot", "etholwyd drwy fwrw coelbren")
                )
            } else if c.elected {
                format!(
                    " <span class=\"mark\">{}</span>",
                    self.say("elected", "etholwyd")
                )
            } else {
                String::new()
            };
            main.push_str(&format!(
                "<tr{}><th scope=\"row\">{}{elected}</th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                if c.elected { " class=\"elected\"" } else { "" },
                escape(&c.candidate),
                self.swatch_described(&c.party, &c.description),
                c.votes.map_or("–".into(), crate::numbers::count),
                c.share.map_or("–".into(), crate::numbers::percent),
            ));
        }
        main.push_str("</tbody></table></div>\n");
        if matches!(
            status,
            SiteStatus::Declared | SiteStatus::Corrected | SiteStatus::Tied
        ) {
            main.push_str(&self.facts(ix, row));
        }
        let d = election.division(ix);
        let up = if election.has_councils() {
            let slug = &self.council_pages[d.council.index()];
            format!(
                "<p><a href=\"../council/{slug}.html\">{}</a> · <a href=\"../index.html\">{}</a></p>\n",
                escape(election.council_name(d.council)),
                self.say("All results", "Pob canlyniad")
            )
        } else {
            format!(
                "<p><a href=\"../index.html\">{}</a></p>\n",
                self.say("All results", "Pob canlyniad")
            )
        };
        main.push_str(&up);
        let slug = &self.division_pages[ix.index()];
        self.page(title, "../", &format!("{slug}.json"), main)
    }

    fn swatch_described(&self, party: &str, description: &str) -> String {
        if description == party {
            self.swatch(party)
        } else {
            format!("{} ({})", escape(description), self.swatch(party))
        }
    }

    /// The division's figures after its candidates, as its declaration gives them.
    fn facts(&self, ix: DivisionIx, row: &DivisionRow) -> String {
        let mut facts: Vec<(String, String)> = Vec::new();
        let not_given = || self.say("not given", "heb ei roi");
        let number = |n: Option<u64>| n.map_or_else(not_given, crate::numbers::count);
        facts.push((
            self.say("Majority", "Mwyafrif"),
            match (row.majority, row.majority_percent) {
                (Some(m), Some(p)) => {
                    format!(
                        "{} ({})",
                        crate::numbers::count(m),
                        crate::numbers::percent(p)
                    )
                }
                (Some(m), None) => crate::numbers::count(m),
                _ => not_given(),
            },
        ));
        facts.push((
            self.say("Turnout", "Nifer a bleidleisiodd"),
            row.turnout.map_or_else(not_given, crate::numbers::percent),
        ));
        facts.push((self.say("Electorate", "Etholwyr"), number(row.electorate)));
        facts.push((
            self.say("Ballot papers issued", "Papurau pleidleisio a ddyroddwyd"),
            number(row.ballots_issued),
        ));
        facts.push((
            self.say("Valid votes", "Pleidleisiau dilys"),
            number(row.valid_votes),
        ));
        // The headings as a list inside the total they make up, so that the breakdown
        // is in the page's structure, not only in its indentation.
        let headings: Vec<String> = row
            .paper_account
            .iter()
            .flat_map(|a| a.rejected_by_heading.iter().flatten())
            .map(|h| {
                format!(
                    "<li>{}: {}</li>",
                    escape(h.heading),
                    crate::numbers::count(h.count)
                )
            })
            .collect();
        let rejected = if headings.is_empty() {
            number(row.rejected)
        } else {
            format!("{}<ul>{}</ul>", number(row.rejected), headings.concat())
        };
        facts.push((
            self.say("Rejected ballot papers", "Papurau pleidleisio a wrthodwyd"),
            rejected,
        ));
        facts.push((
            self.say("Declared at", "Amser y datganiad"),
            self.tally
                .declaration(ix)
                .and_then(|d| d.declared_at)
                .map_or_else(not_given, |t| escape(&crate::paper::local_time(t))),
        ));
        let mut out = format!(
            "<h2>{}</h2>\n<dl class=\"facts\">\n",
            self.say("The count", "Y cyfrif")
        );
        for (term, value) in facts {
            out.push_str(&format!("<dt>{term}</dt><dd>{value}</dd>\n"));
        }
        out.push_str("</dl>\n");
        out
    }
}

/// Each division's status on the site, from the tally and the night's log.
fn statuses(tally: &Tally, log: &[Event]) -> Vec<SiteStatus> {
    let election = tally.election();
    let n = election.divisions.len();
    // From the log: the last change that touched each division's counted figures.
    let mut corrected = vec![false; n];
    let mut withdrawn = vec![false; n];
    let mut first_entry = vec![false; n];
    for event in log {
        let Some(i) = event.division.map(DivisionIx::index).filter(|&i| i < n) else {
            continue;
        };
        match &event.change {
            Change::Declared(_) => {
                withdrawn[i] = false;
                first_entry[i] = false;
            }
            Change::Corrected(_) => corrected[i] = true,
            Change::Withdrawn => {
                withdrawn[i] = true;
                corrected[i] = false;
            }
            Change::FirstEntry(_) => first_entry[i] = true,
            Change::FirstEntryDiscarded => first_entry[i] = false,
            _ => {}
        }
    }
    election
        .division_ixs()
        .map(|ix| {
            let i = ix.index();
            if election.division(ix).cancelled {
                return SiteStatus::Cancelled;
            }
            let outcome = tally.outcome(ix);
            match outcome.status {
                Status::Declared if outcome.uncontested => SiteStatus::Unopposed,
                Status::Declared if corrected[i] => SiteStatus::Corrected,
                Status::Declared => SiteStatus::Declared,
                Status::Tied => SiteStatus::Tied,
                Status::Awaiting if first_entry[i] => SiteStatus::Provisional,
                Status::Awaiting if withdrawn[i] => SiteStatus::Withdrawn,
                Status::Awaiting => SiteStatus::Awaiting,
            }
        })
        .collect()
}

/// Each table's box, which scrolls sideways where the table is wider than a phone,
/// made a region that the keyboard can reach and scroll, named by the table's caption.
fn scrollable_tables(main: &str) -> String {
    const BOX: &str = "<div class=\"table-wrap\"><table>\n<caption>";
    let mut out = String::with_capacity(main.len() + 256);
    for (n, part) in main.split(BOX).enumerate() {
        if n > 0 {
            out.push_str(&format!(
                "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" \
                 aria-labelledby=\"caption-{n}\"><table>\n<caption id=\"caption-{n}\">"
            ));
        }
        out.push_str(part);
    }
    out
}

fn signed(n: Option<i64>) -> String {
    n.map_or("–".into(), crate::numbers::change)
}

fn percent(p: Option<f64>) -> String {
    p.map_or("–".into(), crate::numbers::percent)
}

/// The figures of a page as JSON, indented so that a person can read them too.
fn json<T: Serialize>(value: &T) -> Vec<u8> {
    // The figures are plain data (strings, numbers, options): they always serialise.
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}
