//! The dashboard's state: its options, the board's, and its figures for the night
//! as it stands, worked out once per change of the night, not once per frame. The
//! window draws them in [`crate::ui::dashboard`].

use eframe::egui;

use crate::charts::{self, ChamberSeat, ControlPath, MajorityBar, PartyBar, SeatChart, Series};
use crate::colours::{PartyColours, Rgb};
use crate::model::{CouncilIx, PartyIx};
use crate::store::Store;
use crate::tally::ShareMethod;
use crate::tally::Tally;

/// The dashboard's options and its figures for the night as it stands.
#[derive(Default)]
pub struct Dashboard {
    pub share_method: ShareMethod,
    pub majority_percent: bool,
    pub independents_one_by_one: bool,
    pub board_open: bool,
    pub board: Board,
    /// The results map: its shapes, colours and views.
    pub map: crate::window_state::map::MapState,
    /// The projection of the final seats, worked out off the UI thread.
    pub projection: crate::window_state::projection::ProjectionState,
    /// On a night of several councils, the council the charts show (none: the night).
    pub council: Option<CouncilIx>,
    /// That council alone as a tally, for the state of the night it was made for.
    view: CouncilView,
    figures: Option<DashboardFigures>,
    details: Details,
    /// Where each chart was drawn last frame, for pictures of it.
    pub(crate) rects: Vec<(&'static str, egui::Rect)>,
}

/// The name under which the whole dashboard's area is kept.
pub const WHOLE: &str = "dashboard";

/// What marks one state of the night and of the options: figures are worked out
/// again only when it changes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key {
    /// The night's state (`Store::generation`).
    night: i64,
    share_method: ShareMethod,
    majority_percent: bool,
    /// Colours loaded from a file change the picture too.
    colours: usize,
    independents_one_by_one: bool,
    council: Option<CouncilIx>,
}

/// The figures every screen shows (entry screen, dashboard, board): each comes from
/// the running totals, so working them out costs the same at any size of election.
pub struct DashboardFigures {
    key: Key,
    pub title: String,
    pub progress: String,
    pub control_text: String,
    pub seats: SeatChart,
    pub shares: Vec<PartyBar>,
    pub paths: Vec<ControlPath>,
    pub chamber: Vec<ChamberSeat>,
    pub chamber_groups: Vec<(Option<PartyIx>, String, Rgb)>,
    pub feed: Vec<String>,
    pub latest: Option<crate::charts::LatestResult>,
    /// On a night of several councils, the night's scoreboard.
    pub scoreboard: Option<crate::charts::Scoreboard>,
    pub gains: Vec<charts::GainsAndLosses>,
    pub total_seats: u64,
    pub seats_per_dot: u64,
}

/// The figures only the full dashboard shows, each a walk over every division or the
/// whole night: worked out only while that tab is open, so that entering results on
/// the entry screen never waits for them. Each part keeps the state it was worked out
/// for; after a change, one part is brought up to date per frame, so that no frame
/// carries all of them at a national scale (the others show the state of a frame ago).
#[derive(Default)]
pub struct Details {
    majorities: Part<Vec<MajorityBar>>,
    timeline: Part<(bool, Vec<Series>)>,
    turnout: Part<Vec<(crate::model::DivisionIx, f64)>>,
    /// Only while "Independents one by one" is ticked.
    independents: Part<Vec<(String, String)>>,
    /// Sitting members re-elected and defeated, where the source marks them.
    incumbents: Part<Option<crate::report::IncumbentsReport>>,
}

/// One part of the details, with the state of the night and options it shows
/// (none before it is first worked out).
#[derive(Default)]
struct Part<T> {
    key: Option<Key>,
    value: T,
}

impl<T> Part<T> {
    fn is_stale(&self, key: &Key) -> bool {
        self.key.is_some_and(|k| k != *key)
    }

    /// Works the part out if it has never been, or if `allowed` and it is stale.
    /// Returns whether it used the frame's allowance.
    fn update(&mut self, key: Key, allowed: bool, work: impl FnOnce() -> T) -> bool {
        let due = match self.key {
            None => true,
            Some(k) => k != key && allowed,
        };
        if due {
            self.value = work();
            self.key = Some(key);
        }
        due && allowed
    }
}

impl Details {
    pub fn majorities(&self) -> &[MajorityBar] {
        &self.majorities.value
    }
    pub fn timeline(&self) -> (bool, &[Series]) {
        let (timed, series) = &self.timeline.value;
        (*timed, series)
    }
    pub fn turnout(&self) -> &[(crate::model::DivisionIx, f64)] {
        &self.turnout.value
    }
    pub fn independents(&self) -> &[(String, String)] {
        &self.independents.value
    }
    pub fn incumbents(&self) -> Option<&crate::report::IncumbentsReport> {
        self.incumbents.value.as_ref()
    }

    /// Brings the parts up to date: any never worked out at once, then at most one
    /// stale part. Returns whether any part is still stale (ask for another frame).
    fn update(
        &mut self,
        key: Key,
        tally: &Tally,
        colours: &PartyColours,
        options: &Dashboard,
    ) -> bool {
        let mut allowed = true;
        allowed &= !self.majorities.update(key, allowed, || {
            charts::majorities(tally, colours, options.majority_percent)
        });
        allowed &= !self
            .timeline
            .update(key, allowed, || charts::timeline(tally, colours));
        allowed &= !self.turnout.update(key, allowed, || charts::turnout(tally));
        allowed &= !self.independents.update(key, allowed, || {
            if options.independents_one_by_one {
                charts::independents(tally)
            } else {
                Vec::new()
            }
        });
        // Without sitting members marked there is nothing to work out: no frame's
        // allowance is spent on it.
        if tally.election().has_incumbents() {
            self.incumbents
                .update(key, allowed, || crate::report::incumbents(tally));
        } else {
            self.incumbents.update(key, true, || None);
        }
        self.majorities.is_stale(&key)
            || self.timeline.is_stale(&key)
            || self.turnout.is_stale(&key)
            || self.independents.is_stale(&key)
            || self.incumbents.is_stale(&key)
    }
}

impl Dashboard {
    /// Where a chart (or the whole dashboard) was drawn last frame.
    pub fn rect(&self, name: &str) -> Option<egui::Rect> {
        self.rects.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
    }

    fn key(&self, store: &Store, colours: &PartyColours) -> Key {
        Key {
            night: store.generation(),
            share_method: self.share_method,
            majority_percent: self.majority_percent,
            colours: colours.generation(),
            independents_one_by_one: self.independents_one_by_one,
            council: self.council,
        }
    }

    /// The tally the charts show: the night, or the council chosen alone.
    fn tally(&mut self, store: &Store) -> Option<std::sync::Arc<Tally>> {
        self.view.tally(store, self.council)
    }

    /// The figures, worked out again only when the night or an option has changed.
    pub fn figures(&mut self, store: &Store, colours: &PartyColours) -> &DashboardFigures {
        let key = self.key(store, colours);
        if self.figures.as_ref().is_none_or(|f| f.key != key) {
            let view = self.tally(store);
            let tally = view.as_deref().unwrap_or(store.tally());
            self.figures = Some(work_out(key, tally, colours, self.share_method));
        }
        self.figures.as_ref().expect("just worked out")
    }

    /// The board's figures: for the council the board shows, whatever the dashboard
    /// shows; the night's scoreboard always for the whole night.
    pub fn board_figures(&mut self, store: &Store, colours: &PartyColours) -> &DashboardFigures {
        let mut key = self.key(store, colours);
        key.council = self.board.council;
        let board = &mut self.board;
        if board.figures.as_ref().is_none_or(|f| f.key != key) {
            let view = board.view.tally(store, board.council);
            let tally = view.as_deref().unwrap_or(store.tally());
            let mut figures = work_out(key, tally, colours, self.share_method);
            if board.council.is_some() {
                figures.scoreboard = charts::scoreboard(store.tally(), colours);
            }
            board.figures = Some(figures);
        }
        board.figures.as_ref().expect("just worked out")
    }

    /// Both sets of figures, for the full dashboard; asks for another frame while
    /// some details are still a state behind.
    pub fn all_figures(
        &mut self,
        ctx: &egui::Context,
        store: &Store,
        colours: &PartyColours,
    ) -> (&DashboardFigures, &Details) {
        let key = self.key(store, colours);
        let view = self.tally(store);
        let tally = view.as_deref().unwrap_or(store.tally());
        let mut details = std::mem::take(&mut self.details);
        if details.update(key, tally, colours, self) {
            ctx.request_repaint();
        }
        self.details = details;
        self.figures(store, colours);
        (
            self.figures.as_ref().expect("just worked out"),
            &self.details,
        )
    }
}

fn work_out(
    key: Key,
    tally: &Tally,
    colours: &PartyColours,
    method: ShareMethod,
) -> DashboardFigures {
    let election = tally.election();
    let (control_text, paths) = charts::control(tally, colours);
    let chamber = charts::chamber(tally, colours);
    let mut chamber_groups: Vec<(Option<PartyIx>, String, Rgb)> = Vec::new();
    for seat in &chamber {
        if !chamber_groups.iter().any(|g| g.0 == seat.party) {
            let name = seat.party.map_or_else(
                || "Undeclared".to_string(),
                |p| election.party_name(p).to_string(),
            );
            chamber_groups.push((seat.party, name, seat.colour));
        }
    }
    DashboardFigures {
        key,
        title: election.name.clone(),
        progress: crate::report::progress_text(tally),
        control_text,
        seats: charts::seats(tally, colours),
        shares: charts::shares(tally, colours, method),
        paths,
        chamber,
        chamber_groups,
        feed: charts::feed(tally, 12),
        latest: charts::latest(tally, colours),
        scoreboard: charts::scoreboard(tally, colours),
        gains: charts::gains_and_losses(tally),
        // The whole council: its seats not up tonight too, where known (given, or
        // worked out exactly), as the paths to control count them.
        total_seats: election.total_seats()
            + tally
                .sole_not_up()
                .map_or(0, |not_up| not_up.iter().map(|(_, n)| n).sum()),
        seats_per_dot: charts::seats_per_dot(election.total_seats()),
    }
}

/// What the board shows under its headline: the seats, the chamber, or the latest
/// results; with rotation on, each in turn.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum BoardPanel {
    #[default]
    Seats,
    Chamber,
    Latest,
    /// The night's scoreboard, on a night of several councils.
    Councils,
    /// The results map, once the night has boundaries.
    Map,
    /// The projection of the final seats, where there is a baseline and it is shown.
    Projection,
}

impl BoardPanel {
    pub const ALL: [BoardPanel; 6] = [
        BoardPanel::Seats,
        BoardPanel::Projection,
        BoardPanel::Map,
        BoardPanel::Chamber,
        BoardPanel::Latest,
        BoardPanel::Councils,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BoardPanel::Seats => "Seats",
            BoardPanel::Chamber => "Chamber",
            BoardPanel::Latest => "Latest results",
            BoardPanel::Councils => "Councils",
            BoardPanel::Map => "Map",
            BoardPanel::Projection => "Projection",
        }
    }

    /// The panels a night has: the councils' scoreboard only on a night of several,
    /// the map only once the night has boundaries.
    pub fn shown(has: Panels) -> impl Iterator<Item = BoardPanel> {
        BoardPanel::ALL.into_iter().filter(move |&p| match p {
            BoardPanel::Councils => has.councils,
            BoardPanel::Map => has.map,
            BoardPanel::Projection => has.projection,
            _ => true,
        })
    }

    fn next(self, has: Panels) -> BoardPanel {
        let shown: Vec<BoardPanel> = BoardPanel::shown(has).collect();
        let at = shown.iter().position(|&p| p == self).unwrap_or(0);
        shown[(at + 1) % shown.len()]
    }
}

/// Which of the panels that not every night has, this night has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Panels {
    /// Several councils: the night's scoreboard.
    pub councils: bool,
    /// Boundaries: the map.
    pub map: bool,
    /// A baseline, and the projection shown: the projection.
    pub projection: bool,
}

impl Panels {
    pub fn of(store: &Store, dashboard: &Dashboard) -> Panels {
        Panels {
            councils: store.election().has_councils(),
            map: store.night().map.is_some(),
            projection: store.election().baseline.is_some()
                && dashboard.projection.shown
                && !crate::window_state::projection::every_division_declared(store),
        }
    }
}

/// One council of a night of several alone as a tally, for the state of the night it
/// was made for: made again once per change of the night, not per frame.
#[derive(Default)]
struct CouncilView(Option<(i64, CouncilIx, std::sync::Arc<Tally>)>);

impl CouncilView {
    /// The council's tally; none for the whole night (or a council not on it).
    fn tally(
        &mut self,
        store: &Store,
        council: Option<CouncilIx>,
    ) -> Option<std::sync::Arc<Tally>> {
        let council = council.filter(|c| c.index() < store.election().councils.len())?;
        let generation = store.generation();
        if !self
            .0
            .as_ref()
            .is_some_and(|(g, c, _)| *g == generation && *c == council)
        {
            let (alone, kept) = store.election().council_only(council);
            let declared = kept
                .iter()
                .enumerate()
                .filter_map(|(i, &ix)| {
                    store
                        .tally()
                        .declaration(ix)
                        .cloned()
                        .map(|d| (crate::model::DivisionIx(i as u32), d))
                })
                .collect::<Vec<_>>();
            let tally = Tally::with_declarations(std::sync::Arc::new(alone), declared).ok()?;
            self.0 = Some((generation, council, std::sync::Arc::new(tally)));
        }
        self.0.as_ref().map(|(_, _, t)| t.clone())
    }
}

/// How long the board shows each panel while rotating.
pub const ROTATE_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// The board's options: which panel, whether panels rotate, and its theme (dark by
/// default: a dark board is easier on a room and shows party colours better on a
/// projector).
#[derive(Default)]
pub struct Board {
    pub panel: BoardPanel,
    pub rotate: bool,
    pub light: bool,
    /// When the panel shown was put up, while rotating.
    shown_since: Option<std::time::Instant>,
    /// When the pointer last moved over the board: its controls show for a few
    /// seconds after.
    pub pointer_at: Option<std::time::Instant>,
    /// Where the board was last drawn (its window's inside), for pictures and tests.
    pub area: Option<egui::Rect>,
    /// On a night of several councils, the council the board shows (none: the
    /// night), chosen on the board itself.
    pub council: Option<CouncilIx>,
    view: CouncilView,
    figures: Option<DashboardFigures>,
}

impl Board {
    /// Shows `panel` now (the rotation goes on from it).
    pub fn show(&mut self, panel: BoardPanel) {
        self.panel = panel;
        self.shown_since = None;
    }

    /// Moves to the next panel once the current one has had its time, and asks for
    /// a frame when the next turn is due.
    pub fn turn(&mut self, ctx: &egui::Context, has: Panels) {
        if let Some(left) = self.turn_at(std::time::Instant::now(), has) {
            ctx.request_repaint_after(left);
        }
    }

    /// The rotation at `now`: the panel moves on once it has been shown for
    /// [`ROTATE_EVERY`]. Returns how long until the next turn (none when not rotating).
    pub fn turn_at(&mut self, now: std::time::Instant, has: Panels) -> Option<std::time::Duration> {
        if !self.rotate {
            self.shown_since = None;
            return None;
        }
        let since = *self.shown_since.get_or_insert(now);
        if now.saturating_duration_since(since) >= ROTATE_EVERY {
            self.panel = self.panel.next(has);
            self.shown_since = Some(now);
        }
        let shown = now.saturating_duration_since(self.shown_since.unwrap_or(now));
        Some(ROTATE_EVERY.saturating_sub(shown))
    }
}
