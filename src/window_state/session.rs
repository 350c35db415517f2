//! An open election file with the state of its window: the divisions list and the
//! entry form. The form keeps the raw text typed, apart from the values read from it.

use crate::model::search::name_matches;
use crate::model::{DivisionIx, Election, division_key};
use crate::store::night::{FirstEntry, Night};
use crate::store::{Difference, Store};
use crate::tally::checks::{
    CheckCode, Checked, Field, Finding, RawAccountText, RawEntry, check_entry,
};
use crate::tally::outcome::Status;

pub struct Session {
    pub store: Store,
    pub list: DivisionList,
    pub form: EntryForm,
    /// The volunteer has confirmed their name for this session.
    pub volunteer_confirmed: bool,
    pub audit_open: bool,
    pub audit: crate::window_state::audit::AuditCache,
    pub confirm_undo: bool,
    /// When the last event was saved, for the title and status bar.
    pub last_saved: Option<String>,
    pub dashboard: crate::window_state::dashboard::Dashboard,
    pub tab: Tab,
    /// The sync with the server, when the file is shared.
    pub sync: Option<crate::window_state::sync::Sync>,
    /// When the file was last looked at for what other processes wrote to it.
    pub watched_at: Option<std::time::Instant>,
    /// Events another process wrote that this window took in: (how many, when).
    pub from_elsewhere: Option<(usize, String)>,
    /// Figures typed for a division and left unsaved (Esc, or another division
    /// opened): kept until the division is saved or the draft discarded.
    pub drafts: std::collections::HashMap<DivisionIx, EntryForm>,
    /// The results site kept up to date in a folder while the file is open
    /// (Night → Publish results to a folder…).
    pub publishing: Option<Publishing>,
    /// A write of the results site is under way in the background (for this
    /// publishing or an earlier one): one at a time into a folder.
    pub publish_writing: bool,
    /// The generation the next publishing takes.
    pub publish_generations: u64,
}

/// A results site the window keeps up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publishing {
    pub folder: std::path::PathBuf,
    pub welsh: bool,
    /// Kept up to date while the file is open; else written once.
    pub live: bool,
    /// Which asking to publish this is: a write started for an earlier one (since
    /// stopped, or asked again) is not this one's.
    pub generation: u64,
    /// The log's length when the site was last written (none: to write): it is
    /// written again when the log grows (a declaration here or from elsewhere).
    pub events: Option<usize>,
    /// The site has been written once: later writes are not announced.
    pub written_once: bool,
    /// After a failed write, when to try again.
    pub retry_at: Option<std::time::Instant>,
}

/// What the main area of the window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The entry form, with the live picture beside it.
    #[default]
    Entry,
    /// Every chart.
    Dashboard,
}

impl Session {
    pub fn new(store: Store) -> Self {
        Session {
            store,
            list: DivisionList::default(),
            form: EntryForm::default(),
            volunteer_confirmed: false,
            audit_open: false,
            audit: crate::window_state::audit::AuditCache::default(),
            confirm_undo: false,
            last_saved: None,
            dashboard: crate::window_state::dashboard::Dashboard::default(),
            tab: Tab::Entry,
            sync: None,
            watched_at: None,
            from_elsewhere: None,
            drafts: std::collections::HashMap::new(),
            publishing: None,
            publish_writing: false,
            publish_generations: 0,
        }
    }

    /// Leaves the form: figures typed and not saved are kept as the division's draft.
    /// Returns the division whose draft was kept.
    pub fn park_form(&mut self) -> Option<DivisionIx> {
        let form = std::mem::take(&mut self.form);
        let ix = form.division?;
        if form.mode != FormMode::View && !form.is_blank() {
            self.drafts.insert(ix, form);
            return Some(ix);
        }
        None
    }

    /// Opens a division's form: its draft when there is one for the state it is in.
    pub fn open_form(&mut self, ix: DivisionIx) {
        let fresh = EntryForm::open(self.store.night(), ix);
        let draft = self.drafts.remove(&ix).filter(|d| {
            d.mode == fresh.mode || (d.mode == FormMode::Correct && fresh.mode == FormMode::View)
        });
        self.form = match draft {
            Some(mut d) => {
                d.draft = true;
                d
            }
            None => fresh,
        };
    }
}

/// Which divisions the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Awaiting,
    Declared,
    Tied,
    Corrected,
    /// A first entry waits for its second (double entry).
    FirstEntered,
    /// Declared twice, at laptops that had not seen each other's figures.
    Conflicting,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 7] = [
        StatusFilter::All,
        StatusFilter::Awaiting,
        StatusFilter::Declared,
        StatusFilter::Tied,
        StatusFilter::Corrected,
        StatusFilter::FirstEntered,
        StatusFilter::Conflicting,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "All",
            StatusFilter::Awaiting => "Awaiting",
            StatusFilter::Declared => "Declared",
            StatusFilter::Tied => "Tied",
            StatusFilter::Corrected => "Corrected",
            StatusFilter::FirstEntered => "First entry done",
            StatusFilter::Conflicting => "Conflicting",
        }
    }

    fn keeps(self, night: &Night, ix: DivisionIx) -> bool {
        let status = night.tally.outcome(ix).status;
        match self {
            StatusFilter::All => true,
            StatusFilter::Awaiting => status == Status::Awaiting,
            StatusFilter::Declared => status == Status::Declared,
            StatusFilter::Tied => status == Status::Tied,
            StatusFilter::Corrected => night.corrected[ix.index()],
            StatusFilter::FirstEntered => night.first_entries[ix.index()].is_some(),
            StatusFilter::Conflicting => !night.rivals[ix.index()].is_empty(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Name,
    /// Most recently declared first; awaiting divisions last.
    Latest,
}

/// The divisions list: search, filters and sort, with the rows cached until any of
/// them or the night changes, so that thousands of divisions cost nothing per frame.
#[derive(Debug, Default)]
pub struct DivisionList {
    pub query: String,
    /// Enter found nothing: what was typed, and the nearest name if one is near.
    pub no_match: Option<(String, Option<DivisionIx>)>,
    pub status: StatusFilter,
    pub area: Option<String>,
    pub sort: SortBy,
    /// What the rows were worked out for: they are worked out again when it changes.
    cache_key: Option<ListKey>,
    rows: Vec<DivisionIx>,
    by_name: Vec<DivisionIx>,
    areas: Vec<String>,
    /// The number of divisions the areas were worked out for.
    areas_of: Option<usize>,
}

/// The search, filters and sort of the division list, and the night's state.
#[derive(Debug, Clone, PartialEq)]
struct ListKey {
    query: String,
    status: StatusFilter,
    area: Option<String>,
    sort: SortBy,
    night: i64,
}

impl DivisionList {
    pub fn rows(&mut self, store: &Store) -> &[DivisionIx] {
        let key = ListKey {
            query: self.query.clone(),
            status: self.status,
            area: self.area.clone(),
            sort: self.sort,
            night: store.generation(),
        };
        if self.cache_key.as_ref() != Some(&key) {
            let night = store.night();
            let election = night.election();
            if self.by_name.len() != election.divisions.len() {
                self.by_name = election.division_ixs().collect();
                self.by_name
                    .sort_by_cached_key(|&ix| election.division(ix).name.to_lowercase());
            }
            let wanted = division_key(&self.query);
            let mut rows: Vec<DivisionIx> = self
                .by_name
                .iter()
                .copied()
                .filter(|&ix| {
                    let d = election.division(ix);
                    (wanted.is_empty() || name_matches(&division_key(&d.name), &wanted))
                        && self.area.as_ref().is_none_or(|a| {
                            d.area.as_ref() == Some(a)
                                || (election.has_councils()
                                    && election.council_name(d.council) == a)
                        })
                        && self.status.keeps(night, ix)
                })
                .collect();
            if self.sort == SortBy::Latest {
                rows.sort_by_key(|&ix| std::cmp::Reverse(night.last_event[ix.index()]));
            }
            // An exact name first, then names that start with what was typed, so that
            // Enter picks the division the volunteer meant.
            if !wanted.is_empty() {
                rows.sort_by_key(|&ix| {
                    let key = division_key(&election.division(ix).name);
                    if key == wanted {
                        0
                    } else if key.starts_with(&wanted) {
                        1
                    } else {
                        2
                    }
                });
            }
            self.rows = rows;
            self.cache_key = Some(key);
        }
        &self.rows
    }

    /// The areas of the election, and its councils on a night of several, for the
    /// filter; worked out once per election.
    pub fn areas(&mut self, election: &Election) -> &[String] {
        if self.areas_of != Some(election.divisions.len()) {
            let mut areas: Vec<String> = election
                .divisions
                .iter()
                .filter_map(|d| d.area.clone())
                .collect();
            if election.has_councils() {
                areas.extend(
                    election
                        .council_ixs()
                        .map(|c| election.council_name(c).to_string()),
                );
            }
            areas.sort();
            areas.dedup();
            self.areas = areas;
            self.areas_of = Some(election.divisions.len());
        }
        &self.areas
    }
}

/// What the form does when submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormMode {
    #[default]
    Declare,
    /// Double entry: the first of two blind entries.
    FirstEntry,
    /// Double entry: the second, blind entry, compared with the first.
    SecondEntry,
    /// New figures for a declared division, with a reason.
    Correct,
    /// A declared division, shown; figures can be corrected from here.
    View,
}

#[derive(Debug, Clone, Default)]
pub struct EntryForm {
    pub division: Option<DivisionIx>,
    pub mode: FormMode,
    pub votes: Vec<String>,
    pub ballots: String,
    pub rejected: String,
    /// The paper account as typed: papers verified and counted, rejected by heading.
    pub account: RawAccountText,
    /// Warnings the volunteer has ticked as checked.
    pub acknowledged: Vec<(CheckCode, Field)>,
    pub reason: String,
    /// Per candidate (ballot position): chosen as a winner of the drawing of lots.
    pub lots: Vec<bool>,
    /// After a second entry that differs from the first: the first, and where.
    pub mismatch: Option<(FirstEntry, Vec<Difference>)>,
    /// The count fields in the order the keyboard walks them: the candidates in ballot
    /// order, ballot papers issued, rejected ballots, then the rejected headings of the
    /// poll in the order the declaration reads them, rejected in part (a multi-member
    /// local division), papers counted and papers verified.
    pub fields: Vec<Field>,
    /// Per field (in the order of `fields`): the volunteer has been in it and left. A
    /// field is marked for having no count only once left empty, or once declaring
    /// was tried.
    pub left: Vec<bool>,
    /// Declaring was tried: every field without a count is marked.
    pub tried: bool,
    /// Restored from a draft typed earlier and not saved.
    pub draft: bool,
}

fn text(v: Option<u64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

impl EntryForm {
    /// The form for a division, in the mode its state calls for.
    pub fn open(night: &Night, ix: DivisionIx) -> Self {
        let election = night.election();
        let d = election.division(ix);
        let n = d.candidate_count();
        let poll = election.poll_of(ix);
        let headings = poll.headings().len();
        let mut fields: Vec<Field> = (0..n).map(Field::Candidate).collect();
        fields.extend([Field::BallotsIssued, Field::Rejected]);
        fields.extend((0..headings).map(Field::Heading));
        if poll.rejects_in_part() && d.seats > 1 {
            fields.push(Field::RejectedInPart);
        }
        fields.extend([Field::Counted, Field::Verified]);
        let mut form = EntryForm {
            division: Some(ix),
            votes: vec![String::new(); n],
            lots: vec![false; n],
            left: vec![false; fields.len()],
            fields,
            account: RawAccountText {
                headings: vec![String::new(); headings],
                ..RawAccountText::default()
            },
            ..EntryForm::default()
        };
        form.mode = if night.tally.declaration(ix).is_some() {
            FormMode::View
        } else if night.double_entry {
            if night.first_entries[ix.index()].is_some() {
                FormMode::SecondEntry
            } else {
                FormMode::FirstEntry
            }
        } else {
            FormMode::Declare
        };
        if form.mode == FormMode::View {
            form.fill(night, ix);
        }
        form
    }

    /// Starts a correction, from the figures declared.
    pub fn start_correction(&mut self, night: &Night) {
        if let Some(ix) = self.division {
            self.fill(night, ix);
            self.mode = FormMode::Correct;
            self.reason.clear();
            self.acknowledged.clear();
        }
    }

    fn fill(&mut self, night: &Night, ix: DivisionIx) {
        if let Some(d) = night.tally.declaration(ix) {
            self.votes = d.votes.iter().map(|v| v.to_string()).collect();
            self.ballots = text(d.ballots_issued);
            self.rejected = text(d.rejected);
            let a = &d.account;
            self.account.verified = text(a.verified);
            self.account.counted = text(a.counted);
            self.account.in_part = text(a.rejected_in_part);
            self.account.discrepancy = a.discrepancy.clone().unwrap_or_default();
            if let Some(by) = &a.rejected_by_heading {
                for (typed, n) in self.account.headings.iter_mut().zip(by) {
                    *typed = n.to_string();
                }
            }
        }
    }

    /// A count field's text.
    pub fn text(&self, field: Field) -> Option<&String> {
        match field {
            Field::Candidate(p) => self.votes.get(p),
            Field::BallotsIssued => Some(&self.ballots),
            Field::Rejected => Some(&self.rejected),
            Field::Verified => Some(&self.account.verified),
            Field::Counted => Some(&self.account.counted),
            Field::Heading(i) => self.account.headings.get(i),
            Field::RejectedInPart => Some(&self.account.in_part),
            Field::Division => None,
        }
    }

    pub fn text_mut(&mut self, field: Field) -> Option<&mut String> {
        match field {
            Field::Candidate(p) => self.votes.get_mut(p),
            Field::BallotsIssued => Some(&mut self.ballots),
            Field::Rejected => Some(&mut self.rejected),
            Field::Verified => Some(&mut self.account.verified),
            Field::Counted => Some(&mut self.account.counted),
            Field::Heading(i) => self.account.headings.get_mut(i),
            Field::RejectedInPart => Some(&mut self.account.in_part),
            Field::Division => None,
        }
    }

    /// Where a field is in the keyboard's order.
    pub fn index_of(&self, field: Field) -> Option<usize> {
        self.fields.iter().position(|&f| f == field)
    }

    /// Takes one side of each difference after a mismatched second entry.
    pub fn take_first_entry_values(&mut self) {
        if let Some((first, differences)) = self.mismatch.clone() {
            // The first entry as a declaration (its time plays no part here).
            let f = first.figures.declaration(jiff::Timestamp::UNIX_EPOCH);
            for d in &differences {
                let value = crate::tally::checks::figure(&f, d.field);
                if let Some(typed) = self.text_mut(d.field) {
                    *typed = text(value);
                }
            }
        }
    }

    pub fn entry(&self) -> RawEntry {
        RawEntry {
            votes: self.votes.clone(),
            ballots_issued: self.ballots.clone(),
            rejected: self.rejected.clone(),
            account: self.account.clone(),
        }
    }

    pub fn check(&self, election: &Election) -> Option<Checked> {
        self.division
            .map(|ix| check_entry(election, ix, &self.entry()))
    }

    /// Warnings not yet ticked.
    pub fn unacknowledged(&self, checked: &Checked) -> usize {
        checked
            .warnings()
            .filter(|w| !self.acknowledged.contains(&(w.code, w.field)))
            .count()
    }

    /// The field to type in next: the first count still empty (a draft opened again
    /// goes on where it was left, never over a count already typed), else ballot
    /// papers or rejected ballots if empty, else the first count.
    pub fn next_field(&self) -> usize {
        let n = self.votes.len();
        self.votes
            .iter()
            .position(|v| v.trim().is_empty())
            .or_else(|| self.ballots.trim().is_empty().then_some(n))
            .or_else(|| self.rejected.trim().is_empty().then_some(n + 1))
            .unwrap_or(0)
    }

    /// Nothing typed yet.
    pub fn is_blank(&self) -> bool {
        self.fields
            .iter()
            .all(|&f| self.text(f).is_none_or(|t| t.trim().is_empty()))
            && self.votes.iter().all(|v| v.trim().is_empty())
    }

    /// Whether a finding is shown now: a count not typed yet is not an error until
    /// the volunteer has left its field empty or tried to declare.
    pub fn shows(&self, finding: &Finding) -> bool {
        if finding.code != CheckCode::Missing || self.tried {
            return true;
        }
        match finding.field {
            Field::Candidate(_) | Field::Heading(_) => self
                .index_of(finding.field)
                .and_then(|i| self.left.get(i).copied())
                .unwrap_or(false),
            _ => true,
        }
    }

    /// Whether the form can be submitted now, and if not, why.
    pub fn blocker(&self, checked: &Checked) -> Option<String> {
        if self.mode == FormMode::View {
            return Some("already declared".into());
        }
        if checked.has_errors() {
            let errors = checked.findings.iter().filter(|f| f.is_error());
            let shown = errors.clone().filter(|f| self.shows(f)).count();
            if shown == 0 {
                let n = errors.count();
                return Some(format!(
                    "{n} count{} still to type",
                    if n == 1 { "" } else { "s" }
                ));
            }
            return Some(format!(
                "{shown} error{} to put right",
                if shown == 1 { "" } else { "s" }
            ));
        }
        let open = self.unacknowledged(checked);
        if open > 0 {
            return Some(format!(
                "{open} warning{} to tick as checked",
                if open == 1 { "" } else { "s" }
            ));
        }
        if self.mode == FormMode::Correct && self.reason.trim().is_empty() {
            return Some("give the reason for the correction".into());
        }
        if self.needs_explanation(checked) {
            return Some("give the returning officer's explanation of the papers counted".into());
        }
        None
    }

    /// Papers counted differ from those verified, and nothing says why yet.
    pub fn needs_explanation(&self, checked: &Checked) -> bool {
        checked
            .findings
            .iter()
            .any(|f| f.code == CheckCode::CountedNotVerified)
            && self.account.discrepancy.trim().is_empty()
    }
}
