//! The file jobs, each off the UI thread: opening, creating from a results file,
//! sharing or joining, setting the baseline, composition and boundaries, rehearsal,
//! exports, pictures and file dialogs; and what the window does when each is done.

use super::*;

impl TallyApp {
    pub(super) fn open_file(&mut self, ctx: &egui::Context, path: PathBuf) {
        let who = self.settings.volunteer.clone();
        self.jobs.spawn(
            ctx,
            &format!("Opening {}…", display_name(&path)),
            move || {
                let result = Store::open(
                    &path,
                    Identity::new(Some(&who).filter(|w| !w.is_empty()).map(String::as_str)),
                )
                .map(Box::new)
                .map_err(|e| crate::window_state::advice::in_window(&e));
                Done::Opened {
                    path,
                    result,
                    notes: Vec::new(),
                }
            },
        );
    }

    /// Shares the open election or joins one, off the UI thread (the network may be
    /// slow); the file is then opened with its sync running.
    pub(super) fn share_or_join(&mut self, ctx: &egui::Context, dialog: ShareDialog) {
        let address = match crate::share::Address::parse(&dialog.address) {
            Ok(a) if dialog.password.is_empty() => a,
            Ok(a) => a.with_password(&dialog.password),
            Err(e) => {
                self.messages
                    .error(crate::window_state::advice::share_in_window(&e));
                return;
            }
        };
        let election = dialog.election.trim().to_string();
        if dialog.join {
            let path = PathBuf::from(dialog.out.trim());
            self.jobs.spawn(ctx, "Joining the shared night…", move || {
                let result = crate::share::join(&address, &election, &path)
                    .map(|j| {
                        format!(
                            "Joined \"{election}\" on {}: {} events read{}",
                            address.shown,
                            j.received,
                            if j.can_enter {
                                ""
                            } else {
                                "; this account may only watch"
                            }
                        )
                    })
                    .map_err(|e| crate::window_state::advice::share_in_window(&e));
                Done::Shared { path, result }
            });
        } else {
            let Some(session) = &self.session else {
                return;
            };
            let path = session.store.path().to_path_buf();
            let who = session.store.identity().who.clone();
            self.jobs.spawn(ctx, "Sharing the night…", move || {
                let name = (!election.is_empty()).then_some(election.as_str());
                let result = crate::share::share(&path, &address, name, &who)
                    .map(|s| {
                        format!(
                            "Shared as \"{}\" on {}; other laptops join it with File, Join a shared night",
                            s.election, s.server
                        )
                    })
                    .map_err(|e| crate::window_state::advice::share_in_window(&e));
                Done::Shared { path, result }
            });
        }
        self.share_dialog = None;
    }

    pub(super) fn new_from_csv(
        &mut self,
        ctx: &egui::Context,
        csv: PathBuf,
        election_ids: Vec<String>,
        baseline: Option<PathBuf>,
        out: PathBuf,
    ) {
        let who = self.settings.volunteer.clone();
        self.jobs.spawn(
            ctx,
            &format!("Creating {}…", display_name(&out)),
            move || {
                let mut notes = Vec::new();
                let result = (|| {
                    let (results, said) = read_results(&csv, &election_ids)?;
                    notes.extend(said);
                    let base = match &baseline {
                        Some(b) => {
                            let (base, said) = read_baseline(b, &[])?;
                            notes.extend(said);
                            Some((stem(b), base))
                        }
                        None => None,
                    };
                    let identity =
                        Identity::new(Some(&who).filter(|w| !w.is_empty()).map(String::as_str));
                    let (base_name, base) = base.unzip();
                    create_from_results(
                        &out,
                        &stem(&out),
                        results,
                        base_name.as_deref().zip(base),
                        identity,
                    )
                    .map(|(store, _)| Box::new(store))
                    .map_err(|e| crate::window_state::advice::in_window(&e))
                })();
                Done::Opened {
                    path: out,
                    result,
                    notes,
                }
            },
        );
    }

    /// Reads a newer release of results into the open election, and lists what changed.
    pub(super) fn update_from(&mut self, path: PathBuf, election_ids: &[String]) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let report = read_results(&path, election_ids).and_then(|(loaded, notes)| {
            crate::store::import::update_from(&mut session.store, &loaded, &display_name(&path))
                .map(|report| (report, notes))
                .map_err(|e| crate::window_state::advice::in_window(&e))
        });
        match report {
            // One message, so that every correction stays listed together; what the
            // reading said before it.
            Ok((report, notes)) => {
                for note in notes {
                    self.messages.info(note);
                }
                self.messages.info(report.text().trim_end().to_string());
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// Sets councils' seats from a composition file, and says what matched.
    pub(super) fn set_composition(
        &mut self,
        path: Option<&Path>,
        typed: &str,
        before: bool,
        year: Option<&str>,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let kind = if before {
            crate::model::CompositionKind::Before
        } else {
            crate::model::CompositionKind::Continuing
        };
        // Rows typed in the window read as the app's own long form.
        let (name, bytes) = match path {
            Some(path) => (
                display_name(path),
                crate::formats::read_file(path).map_err(|e| e.to_string()),
            ),
            None => (
                "seats typed in the window".to_string(),
                Ok(format!("council,party,seats\n{typed}").into_bytes()),
            ),
        };
        let set = bytes
            .and_then(|bytes| {
                crate::formats::composition::read(&name, &bytes, kind, year)
                    .map_err(|e| e.to_string())
            })
            .and_then(|c| {
                session
                    .store
                    .set_composition(&c)
                    .map_err(|e| crate::window_state::advice::in_window(&e))
                    .map(|found| (c, found))
            });
        match set {
            Ok((c, found)) => {
                let mut text = format!(
                    "{} set for {} councils from {}",
                    c.kind.label(),
                    found.matched.len(),
                    c.source
                );
                if !found.not_tonight.is_empty() {
                    text.push_str(&format!(
                        "; {} of its councils are not on tonight's night",
                        found.not_tonight.len()
                    ));
                }
                self.messages.info(text);
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// Sets the results map's shapes, and says which divisions matched.
    pub(super) fn set_boundaries(
        &mut self,
        path: &Path,
        code_property: Option<String>,
        name_property: Option<String>,
    ) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let options = crate::formats::boundaries::BoundaryOptions {
            code_property,
            name_property,
            attribution: None,
        };
        let set = read_file(path)
            .and_then(|bytes| {
                crate::formats::boundaries::read(&display_name(path), &bytes, &options)
            })
            .map_err(|e| e.to_string())
            .and_then(|b| {
                session
                    .store
                    .set_boundaries(&b)
                    .map(|found| found.text(session.store.election(), &b))
                    .map_err(|e| crate::window_state::advice::in_window(&e))
            });
        match set {
            Ok(text) => self.messages.info(format!(
                "Map boundaries from {}: {text}",
                display_name(path)
            )),
            Err(e) => self.messages.error(e),
        }
    }

    /// Sets the open election's baseline, and says which divisions matched.
    pub(super) fn set_baseline(&mut self, path: PathBuf, election_ids: &[String]) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let mut notes = Vec::new();
        let kept = read_baseline(&path, election_ids)
            .and_then(|(r, said)| {
                notes = said;
                crate::store::import::baseline_source(&stem(&path), r)
                    .map_err(|e| crate::window_state::advice::in_window(&e))
            })
            .and_then(|b| {
                session
                    .store
                    .set_baseline(&b)
                    .map(|_| ())
                    .map_err(|e| crate::window_state::advice::in_window(&e))
            });
        match kept {
            Ok(()) => {
                let election = session.store.election();
                let text = election
                    .baseline
                    .as_ref()
                    .map(|b| b.matching_text(election))
                    .unwrap_or_default();
                for note in notes {
                    self.messages.info(note);
                }
                self.messages
                    .info(format!("Baseline {}: {text}", stem(&path)));
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// A new election file from the built-in Lancashire 2025 rehearsal sheet.
    pub(super) fn rehearse(&mut self, ctx: &egui::Context) {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let out = self
            .data_dir
            .join("rehearsals")
            .join(format!("lancashire-2025-rehearsal-{stamp}.tally"));
        let who = self.settings.volunteer.clone();
        self.jobs.spawn(
            ctx,
            "Creating the Lancashire 2025 rehearsal…",
            move || {
                let result = (|| {
                    std::fs::create_dir_all(out.parent().unwrap_or(Path::new(".")))
                        .map_err(|e| e.to_string())?;
                    let setup = native::read(
                        "lancashire-2025-rehearsal.csv",
                        "Lancashire 2025",
                        samples::LANCASHIRE_REHEARSAL.as_bytes(),
                    )
                    .map_err(|e| e.to_string())?;
                    let base = native::read(
                        "lancashire-2021.csv",
                        "lancashire-2021",
                        samples::LANCASHIRE_BASELINE.as_bytes(),
                    )
                    .map_err(|e| e.to_string())?;
                    let identity =
                        Identity::new(Some(&who).filter(|w| !w.is_empty()).map(String::as_str));
                    let map = crate::formats::boundaries::read(
                        "lancashire-2025-divisions.geojson",
                        samples::LANCASHIRE_BOUNDARIES.as_bytes(),
                        &Default::default(),
                    )
                    .map_err(|e| e.to_string())?;
                    let (mut store, _) = create_from_results(
                        &out,
                        "Lancashire County Council 2025 (rehearsal)",
                        setup,
                        Some(("Lancashire 2021", base)),
                        identity,
                    )
                    .map_err(|e| crate::window_state::advice::in_window(&e))?;
                    store
                        .set_boundaries(&map)
                        .map_err(|e| crate::window_state::advice::in_window(&e))?;
                    store.save_checkpoint_now();
                    Ok(Box::new(store))
                })();
                Done::Opened {
                    path: out,
                    result,
                    notes: Vec::new(),
                }
            },
        );
    }

    pub(super) fn export(
        &mut self,
        ctx: &egui::Context,
        what: crate::formats::export::What,
        path: PathBuf,
    ) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let tally = session.store.tally().clone();
        let fingerprint = session.store.fingerprint();
        let who = session.store.identity().who.clone();
        let election = tally.election();
        let conflicting: Vec<String> = session
            .store
            .conflicts()
            .map(|d| election.division(d).name.clone())
            .collect();
        self.jobs.spawn(
            ctx,
            &format!("Exporting {}…", display_name(&path)),
            move || {
                let unsettled = (!conflicting.is_empty()).then(|| {
                    format!(
                        "conflicting declarations not yet settled in {}: the export has the figures that reached the server first",
                        conflicting.join(", ")
                    )
                });
                let note = match (unfinished_note(&tally), unsettled) {
                    (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                    (a, b) => a.or(b),
                };
                let result = export(&tally, what)
                    .map_err(|e| format!("cannot write the CSV ({e})"))
                    .and_then(|bytes| {
                        write_whole(&path, &bytes)?;
                        // Beside it, the manifest tying it to the night's record.
                        let manifest = crate::formats::manifest::write(
                            &[(&display_name(&path), &bytes)],
                            &tally.election().name,
                            fingerprint.as_deref(),
                            &who,
                        );
                        write_whole(
                            &crate::formats::manifest::path_for(&path),
                            manifest.as_bytes(),
                        )
                    });
                Done::Exported { path, result, note }
            },
        );
    }

    /// Asks the window for its pixels; the PNG is cropped, encoded and written when
    /// they arrive (a frame or two later).
    pub(super) fn save_picture(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        chart: Option<&'static str>,
    ) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let Some(area) = session.dashboard.rect(chart.unwrap_or(dashboard::WHOLE)) else {
            self.messages
                .error("Open the dashboard first: the picture is taken of what the window shows.");
            return;
        };
        let scale = ctx.pixels_per_point();
        let crop = egui::Rect::from_min_max(
            (area.min.to_vec2() * scale).to_pos2(),
            (area.max.to_vec2() * scale).to_pos2(),
        );
        let sender = self.jobs.sender();
        let repaint = ctx.clone();
        ctx.request_screenshot(move |image| {
            let result =
                ui::picture::png(&image, Some(crop)).and_then(|bytes| write_whole(&path, &bytes));
            // The window may have closed meanwhile: then no one waits for the picture.
            let _ = sender.send(Done::Saved { path, result });
            repaint.request_repaint();
        });
    }

    /// A native file dialog, in a thread so the window keeps drawing. Where the
    /// machine has no dialog, the path can still be typed.
    pub(super) fn pick(&mut self, ctx: &egui::Context, pick: Pick) {
        if self.jobs.is_inline() {
            return;
        }
        self.jobs.spawn(ctx, "Choosing a file…", move || {
            let dialog = rfd::FileDialog::new();
            let path = match pick {
                Pick::OpenElection => dialog.add_filter("Election file", &["tally"]).pick_file(),
                // Results as published: a CSV, or the publisher's workbook.
                Pick::NewFromCsv => dialog
                    .add_filter("Results (CSV or workbook)", &["csv", "xlsx", "ods", "xls"])
                    .pick_file(),
                Pick::Colours => dialog.add_filter("CSV", &["csv"]).pick_file(),
                Pick::NewOutput => dialog.add_filter("Election file", &["tally"]).save_file(),
                Pick::ExportTo => dialog.add_filter("CSV", &["csv"]).save_file(),
                Pick::PaperTo => dialog.add_filter("PDF", &["pdf"]).save_file(),
                Pick::PublishTo => dialog.pick_folder(),
                Pick::Boundaries => dialog
                    .add_filter("Boundaries", &["geojson", "json", "hexjson"])
                    .pick_file(),
            };
            Done::Picked { pick, path }
        });
    }

    pub(super) fn finish(&mut self, ctx: &egui::Context, done: Done) {
        match done {
            Done::Opened {
                path,
                result,
                notes,
            } => match result {
                Ok(store) => {
                    self.close_session();
                    self.settings.remember(&path);
                    let mut session = Session::new(*store);
                    // No two of the night's parties in colours hard to tell apart.
                    let election = session.store.election().clone();
                    self.colours
                        .separate(election.parties.iter().map(|(p, _)| election.party_name(p)));
                    // Said after "Opened": the message line shows the newest, and a
                    // record that does not hold must be what the room sees.
                    let problems = session.store.problems(&crate::window_state::advice::Window);
                    match crate::window_state::sync::Sync::start(&path, ctx) {
                        Ok(sync) => session.sync = sync,
                        Err(e) => self.messages.error(format!(
                            "{e} The file works on its own; nothing is sent until the address is mended."
                        )),
                    }
                    // Nobody enters results into a file that cannot be written here.
                    let read_only = session.store.cannot_write_here();
                    session.volunteer_confirmed = read_only;
                    session.dashboard.projection.shown = !self.settings.projection_hidden;
                    self.session = Some(session);
                    self.dialog = None;
                    self.messages.info(format!("Opened {}", path.display()));
                    if read_only {
                        let why = self.session.as_ref().and_then(|s| {
                            s.store
                                .watching()
                                .map(|w| w.in_words(&crate::window_state::advice::Window))
                        });
                        if let Some(why) = why {
                            self.messages.error(why);
                        }
                    }
                    for note in notes {
                        self.messages.info(note);
                    }
                    for problem in problems {
                        self.messages.error(problem);
                    }
                    if let Some(notice) = self.notice_after_open.take() {
                        self.messages.info(notice);
                    }
                    ctx.request_repaint();
                }
                Err(e) => {
                    if self.settings.last_file.as_ref() == Some(&path) {
                        self.settings.last_file = None;
                    }
                    self.messages.error(e);
                }
            },
            Done::Shared { path, result } => match result {
                Ok(said) => {
                    // Said once the file is open, so that it is the newest message.
                    self.notice_after_open = Some(said);
                    self.open_file(ctx, path);
                }
                Err(e) => self.messages.error(e),
            },
            Done::Exported { path, result, note } => match result {
                Ok(()) => {
                    let note = note.map(|n| format!(" (note: {n})")).unwrap_or_default();
                    self.messages
                        .info(format!("Exported {}{note}", path.display()));
                }
                Err(e) => self.messages.error(e),
            },
            Done::Saved { path, result } => match result {
                Ok(()) => self
                    .messages
                    .info(format!("Picture saved as {}", path.display())),
                Err(e) => self
                    .messages
                    .error(format!("The picture was not saved: {e}")),
            },
            Done::BackedUp { result } => {
                if let Err(e) = result {
                    self.messages.error(format!(
                        "The timed backup was not made: {e}. The election file itself is saved; File > Save a copy… makes a copy elsewhere"
                    ));
                }
            }
            Done::Published { generation, result } => self.published(generation, result),
            Done::Picked { pick, path } => {
                if let (Some(dialog), Some(path)) = (self.dialog.as_mut(), path) {
                    dialog.picked(pick, path);
                }
            }
        }
    }
}

/// A results file of any format the app reads, told from its header.
pub(super) fn read_results(
    path: &Path,
    election_ids: &[String],
) -> Result<(native::LoadedResults, Vec<String>), String> {
    read_of_role(path, election_ids, false)
}

/// A baseline: a results file, or the Commons Library's party totals by constituency
/// (notional results on new boundaries).
pub(super) fn read_baseline(
    path: &Path,
    election_ids: &[String],
) -> Result<(native::LoadedResults, Vec<String>), String> {
    read_of_role(path, election_ids, true)
}

fn read_of_role(
    path: &Path,
    election_ids: &[String],
    as_baseline: bool,
) -> Result<(native::LoadedResults, Vec<String>), String> {
    let bytes = crate::formats::read_results_file(path).map_err(|e| e.to_string())?;
    // A Handbook's key to its party abbreviations, where it is saved beside it.
    let party_names = (crate::formats::Format::detect(&bytes)
        == crate::formats::Format::LocalHandbook)
        .then(|| crate::formats::party_names_beside(path))
        .flatten()
        .map(|p| read_file(&p).map(|b| (display_name(&p), b)))
        .transpose()
        .map_err(|e| e.to_string())?;
    let options = crate::formats::ReadOptions {
        election_ids,
        party_names: party_names
            .as_ref()
            .map(|(n, b)| (n.as_str(), b.as_slice())),
        baseline: as_baseline,
        ..Default::default()
    };
    crate::formats::read_any(&display_name(path), &stem(path), &bytes, &options)
        .map_err(|e| e.to_string())
}
