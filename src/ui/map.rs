//! Drawing the results map: the shapes' triangles as one mesh in their divisions'
//! colours, the outlines as another, both kept from frame to frame until the view,
//! the size, the night or the colours change; the latest declaration and the shape
//! under the pointer outlined on top. Wheel to zoom, drag to pan, click to open the
//! division in the entry form.

use std::sync::Arc;

use eframe::egui::{self, Color32, Pos2, RichText, Stroke, epaint};

use crate::colours::{PartyColours, UNDECLARED};
use crate::map::geometry::{Bounds, Point};
use crate::map::style::{State, describe};
use crate::model::CouncilIx;
use crate::store::Store;
use crate::ui::colour::rgb;
use crate::window_state::command::Command;
use crate::window_state::map::{Drawn, LookKey, MapFrame, MapState, PlaceKey};

/// Outlines are drawn only round shapes at least this many points across: below it
/// an outline would cover the shape's colour (a national ward map seen whole), and
/// would cost more to draw than the shapes themselves.
const OUTLINED_FROM: f32 = 10.0;
/// An outline's points closer than this to the last one kept are left out: at a size
/// where a ring's points crowd into one pixel, they draw the same line for less.
const OUTLINE_STEP: f32 = 1.0;
/// The most outline points drawn: the largest shapes' outlines up to it.
const OUTLINE_BUDGET: usize = 15_000;
/// How far the wheel zooms.
const ZOOM_STEP: f32 = 1.0 / 400.0;
const MAX_ZOOM: f32 = 64.0;

/// Options of one map on screen.
pub struct MapOptions {
    pub place: &'static str,
    pub height: f32,
    pub council: Option<CouncilIx>,
    /// Text size of the legend (the board's is larger).
    pub text: f32,
    /// Whether "Gains only" and "Reset view" show (on the board, only while the
    /// pointer moves; their place is kept).
    pub controls: bool,
    /// The wheel alone zooms (the board); otherwise Ctrl+wheel does, and the wheel
    /// scrolls the page the map is on.
    pub wheel_zooms: bool,
}

/// The map with its controls and legend.
///
/// Long: Immediate-mode layout, read top to bottom as the window shows it: each part is a
/// few widgets sharing the same `ui` and state, and a helper apiece would only pass them
/// along.
pub fn map(
    ui: &mut egui::Ui,
    state: &mut MapState,
    store: &Store,
    colours: &PartyColours,
    options: &MapOptions,
    commands: &mut Vec<Command>,
) {
    let frame = match state.frame(options.place, store, colours) {
        None => {
            ui.label(
                RichText::new(
                    "No map yet: Night > Map boundaries… reads the divisions' boundaries (GeoJSON, as the ONS Open Geography Portal serves them) or a hex layout (HexJSON).",
                )
                .weak()
                .size(options.text),
            );
            return;
        }
        Some(Err(e)) => {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            return;
        }
        Some(Ok(frame)) => frame,
    };
    let MapFrame {
        layer,
        geometry,
        style,
        style_key,
        view,
        gains_only,
    } = frame;
    let frame_shown = |s: usize| match options.council {
        None => true,
        Some(c) => {
            layer.matching.division_of[s].is_some_and(|d| store.election().division(d).council == c)
        }
    };
    ui.horizontal_wrapped(|ui| {
        ui.set_opacity(if options.controls { 1.0 } else { 0.0 });
        ui.checkbox(gains_only, RichText::new("Gains only").size(options.text));
        if ui
            .button(RichText::new("Reset view").size(options.text))
            .clicked()
        {
            view.zoom = 1.0;
            view.centre = None;
        }
    });
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, options.height),
        egui::Sense::click_and_drag(),
    );
    let mut bounds = Bounds::EMPTY;
    for (s, shape) in geometry.shapes.iter().enumerate() {
        if frame_shown(s) {
            bounds.union(&shape.bounds);
        }
    }
    if bounds.is_empty() {
        bounds = geometry.bounds;
    }
    let fit = (rect.width() / bounds.width().max(f32::EPSILON))
        .min(rect.height() / bounds.height().max(f32::EPSILON))
        * 0.96;
    let middle = [
        (bounds.min[0] + bounds.max[0]) / 2.0,
        (bounds.min[1] + bounds.max[1]) / 2.0,
    ];
    // Over the map, Ctrl+wheel (or a pinch) zooms it about the pointer; on the board,
    // which does not scroll, the wheel alone does. On the dashboard the wheel alone
    // scrolls the page, as everywhere else on it.
    if let (true, Some(pointer)) = (response.hovered(), response.hover_pos()) {
        let (wheel, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = if pinch != 1.0 {
            pinch
        } else if options.wheel_zooms && wheel != 0.0 {
            ui.input_mut(|i| i.smooth_scroll_delta = egui::Vec2::ZERO);
            1.0 + wheel * ZOOM_STEP
        } else {
            1.0
        };
        if factor != 1.0 {
            let before = Transform::new(rect, fit * view.zoom, view.centre.unwrap_or(middle));
            let under = before.to_plane(pointer);
            view.zoom = (view.zoom * factor.clamp(0.5, 2.0)).clamp(1.0, MAX_ZOOM);
            let scale = fit * view.zoom;
            view.centre = Some([
                under[0] - (pointer.x - rect.center().x) / scale,
                under[1] - (pointer.y - rect.center().y) / scale,
            ]);
        }
    }
    if response.dragged() {
        let delta = response.drag_delta();
        let scale = fit * view.zoom;
        let centre = view.centre.unwrap_or(middle);
        view.centre = Some([centre[0] - delta.x / scale, centre[1] - delta.y / scale]);
    }
    let transform = Transform::new(rect, fit * view.zoom, view.centre.unwrap_or(middle));
    let dark = ui.visuals().dark_mode;
    let background = ui.visuals().extreme_bg_color;
    let look = LookKey {
        style: style_key,
        gains_only: *gains_only,
        council: options.council,
        dark,
    };
    let place = PlaceKey {
        rect,
        zoom: view.zoom,
        centre: view.centre,
        pixels_per_point: ui.ctx().pixels_per_point(),
    };
    let line = Stroke::new(0.7, Color32::from_gray(if dark { 95 } else { 150 }));
    match &mut view.drawn {
        Some(drawn) if drawn.look == look && drawn.place == place => {}
        // The view moved: the same triangles and colours, placed again.
        Some(drawn) if drawn.look == look => {
            place_points(Arc::make_mut(&mut drawn.fill), &geometry, &transform);
            drawn.lines = Arc::new(outlines(&drawn.fill, &geometry, &place, line, &frame_shown));
            drawn.place = place;
        }
        _ => {
            let mut fill = colour_fill(&geometry, layer, &style, &look, background, &frame_shown);
            place_points(&mut fill, &geometry, &transform);
            let lines = outlines(&fill, &geometry, &place, line, &frame_shown);
            view.drawn = Some(Drawn {
                look,
                place,
                fill: Arc::new(fill),
                lines: Arc::new(lines),
            });
        }
    }
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, background);
    if let Some(drawn) = &view.drawn {
        painter.add(egui::Shape::Mesh(drawn.fill.clone()));
        painter.add(egui::Shape::Mesh(drawn.lines.clone()));
    }
    let outline = |s: usize, stroke: Stroke| {
        for ring in &geometry.shapes[s].rings {
            let points: Vec<Pos2> = geometry.points[ring.start as usize..ring.end as usize]
                .iter()
                .map(|&p| transform.to_screen(p))
                .collect();
            // Round joins, each edge on its own: a mitred join on a hairpin turn of a
            // coast shoots a spike across the neighbours.
            for (i, &a) in points.iter().enumerate() {
                let b = points[(i + 1) % points.len()];
                painter.line_segment([a, b], stroke);
                painter.circle_filled(a, stroke.width / 2.0, stroke.color);
            }
        }
    };
    // The latest declaration, outlined in the text colour.
    let strong = ui.visuals().strong_text_color();
    if let Some(latest) = style.latest {
        for (s, d) in layer.matching.division_of.iter().enumerate() {
            if *d == Some(latest) && frame_shown(s) {
                outline(s, Stroke::new(2.5, strong));
            }
        }
    }
    // Tied and cancelled divisions outlined in the text colour (a tied one is white,
    // which a light map's background is too) and marked, where the mark fits.
    for (s, d) in layer.matching.division_of.iter().enumerate() {
        let Some(state) = d.map(|d| style.divisions[d.index()].state) else {
            continue;
        };
        let Some(mark) = state.mark().filter(|_| frame_shown(s)) else {
            continue;
        };
        outline(s, Stroke::new(1.0, strong));
        let shape = &geometry.shapes[s];
        let size = shape.bounds.width().min(shape.bounds.height()) * transform.scale;
        if size >= 5.0 {
            let colour = if state == State::Tied {
                Color32::BLACK
            } else {
                Color32::WHITE
            };
            painter.text(
                transform.to_screen(shape.inside),
                egui::Align2::CENTER_CENTER,
                mark,
                egui::FontId::proportional((size * 0.9).clamp(6.0, 18.0)),
                colour,
            );
        }
    }
    // The shape under the pointer: outlined, and told about.
    let hovered = response
        .hover_pos()
        .and_then(|p| geometry.shape_at(transform.to_plane(p), frame_shown));
    if let Some(s) = hovered {
        outline(s, Stroke::new(2.0, ui.visuals().selection.stroke.color));
        let text = match layer.matching.division_of[s] {
            Some(d) => describe(store.tally(), d),
            None => format!(
                "{}: not one of tonight's divisions",
                layer.boundaries.shapes[s].label()
            ),
        };
        response.clone().on_hover_text_at_pointer(text);
    } else if response.hovered() && !response.dragged() {
        // Over the sea or between shapes: how the map is worked.
        response
            .clone()
            .on_hover_text_at_pointer(if options.wheel_zooms {
                "Wheel: zoom · drag: move · click a division: open it"
            } else {
                "Ctrl+wheel: zoom · drag: move · click a division: open it"
            });
    }
    if response.clicked()
        && let Some(d) = hovered.and_then(|s| layer.matching.division_of[s])
    {
        open(commands, d);
    }
    // Each shape as a widget of its own for screen readers (and tests): its name and
    // where it stands, at a point inside it. Only while a screen reader listens: at
    // thousands of shapes it would cost every frame.
    let listening = ui
        .ctx()
        .accesskit_node_builder(response.id, |_| ())
        .is_some();
    if listening {
        for (s, shape) in geometry.shapes.iter().enumerate() {
            let Some(d) = layer.matching.division_of[s].filter(|_| frame_shown(s)) else {
                continue;
            };
            let at = transform.to_screen(shape.inside);
            if !rect.contains(at) {
                continue;
            }
            let spot = egui::Rect::from_center_size(at, egui::vec2(4.0, 4.0));
            let r = ui.interact(spot, response.id.with(s), egui::Sense::click());
            let label = format!("Map: {}", describe(store.tally(), d));
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            if r.clicked() {
                open(commands, d);
            }
        }
    }
    legend(ui, &style.legend, *gains_only, options.text);
    // The credit for the boundaries under the map, never over a division.
    ui.add(
        egui::Label::new(
            RichText::new(&layer.boundaries.attribution)
                .size((options.text * 0.6).max(10.0))
                .weak(),
        )
        .wrap(),
    );
}

/// Opens a division in the entry form.
fn open(commands: &mut Vec<Command>, d: crate::model::DivisionIx) {
    commands.push(Command::ShowTab(crate::window_state::session::Tab::Entry));
    commands.push(Command::Select(d));
}

fn legend(
    ui: &mut egui::Ui,
    legend: &[(String, crate::colours::Rgb)],
    gains_only: bool,
    text: f32,
) {
    ui.horizontal_wrapped(|ui| {
        for (label, colour) in legend {
            // The square and its name as one piece, so that a line never breaks
            // between them.
            let galley = ui.painter().layout_no_wrap(
                label.clone(),
                egui::FontId::proportional(text),
                ui.visuals().text_color(),
            );
            let side = text * 0.8;
            let size = egui::vec2(side + 4.0 + galley.size().x, galley.size().y.max(side));
            let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label));
            let square = egui::Rect::from_center_size(
                egui::pos2(rect.left() + side / 2.0, rect.center().y),
                egui::vec2(side, side),
            );
            if *colour == crate::colours::UNDECLARED {
                // Awaiting is drawn hollow, as on the map.
                ui.painter().rect_stroke(
                    square,
                    2.0,
                    (1.5, ui.visuals().text_color()),
                    egui::StrokeKind::Inside,
                );
            } else {
                ui.painter().rect_filled(square, 2.0, rgb(*colour));
            }
            ui.painter().galley(
                egui::pos2(
                    square.right() + 4.0,
                    rect.center().y - galley.size().y / 2.0,
                ),
                galley,
                Color32::PLACEHOLDER,
            );
        }
        if gains_only {
            ui.label(RichText::new("(holds faded)").weak().size(text));
        }
    });
}

/// From the plane to the screen and back.
struct Transform {
    rect: egui::Rect,
    scale: f32,
    centre: Point,
}

impl Transform {
    fn new(rect: egui::Rect, scale: f32, centre: Point) -> Transform {
        Transform {
            rect,
            scale,
            centre,
        }
    }

    fn to_screen(&self, p: Point) -> Pos2 {
        let c = self.rect.center();
        egui::pos2(
            c.x + (p[0] - self.centre[0]) * self.scale,
            c.y + (p[1] - self.centre[1]) * self.scale,
        )
    }

    fn to_plane(&self, s: Pos2) -> Point {
        let c = self.rect.center();
        [
            self.centre[0] + (s.x - c.x) / self.scale,
            self.centre[1] + (s.y - c.y) / self.scale,
        ]
    }
}

/// Every shown shape's triangles in its colours (points not yet placed): each band
/// in its winner's colour, holds faded under "gains only", shapes of no division
/// faint.
fn colour_fill(
    geometry: &crate::map::geometry::Geometry,
    layer: &crate::map::MapLayer,
    style: &crate::map::style::MapStyle,
    look: &LookKey,
    background: Color32,
    shown: &dyn Fn(usize) -> bool,
) -> egui::Mesh {
    let mut fill = egui::Mesh {
        vertices: vec![
            epaint::Vertex {
                pos: Pos2::ZERO,
                uv: epaint::WHITE_UV,
                color: Color32::TRANSPARENT,
            };
            geometry.points.len()
        ],
        indices: Vec::with_capacity(geometry.triangles.len()),
        ..egui::Mesh::default()
    };
    let fade = |c: Color32| c.lerp_to_gamma(background, 0.78);
    // Awaiting: the background with a faint tint inside its outline, so that it can
    // never be read as a party's grey (Independent's is one).
    let awaiting = background.lerp_to_gamma(Color32::GRAY, 0.12);
    for (s, shape) in geometry.shapes.iter().enumerate() {
        if !shown(s) {
            continue;
        }
        let looks = layer.matching.division_of[s].map(|d| &style.divisions[d.index()]);
        let colour = |b: usize| match looks {
            None => fade(rgb(UNDECLARED)),
            Some(l) if l.state == State::Awaiting => awaiting,
            Some(l) => {
                let c = rgb(l.fills[b.min(l.fills.len() - 1)]);
                if look.gains_only && l.state == State::Declared && !l.gain {
                    fade(c)
                } else {
                    c
                }
            }
        };
        if let [band] = shape.bands.as_slice() {
            // One colour for the whole shape: its points in one run.
            let c = colour(0);
            for v in &mut fill.vertices[shape.points.start as usize..shape.points.end as usize] {
                v.color = c;
            }
            fill.indices
                .extend_from_slice(&geometry.triangles[band.start as usize..band.end as usize]);
        } else {
            for (b, band) in shape.bands.iter().enumerate() {
                let c = colour(b);
                for &i in &geometry.triangles[band.start as usize..band.end as usize] {
                    fill.vertices[i as usize].color = c;
                    fill.indices.push(i);
                }
            }
        }
    }
    fill
}

/// Every point of the fill placed on the screen.
fn place_points(
    fill: &mut egui::Mesh,
    geometry: &crate::map::geometry::Geometry,
    transform: &Transform,
) {
    for (v, &p) in fill.vertices.iter_mut().zip(&geometry.points) {
        v.pos = transform.to_screen(p);
    }
}

/// The outlines of the shapes on the map big enough to show one, largest first, up
/// to a budget of points: each frame copies them to the screen, and past a few tens
/// of thousands of points (a national ward map) they would cost more than
/// everything else on it.
fn outlines(
    fill: &egui::Mesh,
    geometry: &crate::map::geometry::Geometry,
    place: &PlaceKey,
    line: Stroke,
    shown: &dyn Fn(usize) -> bool,
) -> egui::Mesh {
    let mut outlined: Vec<(usize, f32)> = Vec::new();
    for (s, shape) in geometry.shapes.iter().enumerate() {
        let Some(first) = fill.vertices.get(shape.points.start as usize) else {
            continue;
        };
        let mut on_screen = egui::Rect::from_min_max(first.pos, first.pos);
        for ring in &shape.rings {
            for v in &fill.vertices[ring.start as usize..ring.end as usize] {
                on_screen.extend_with(v.pos);
            }
        }
        let size = on_screen.width().max(on_screen.height());
        if size >= OUTLINED_FROM && on_screen.intersects(place.rect) && shown(s) {
            outlined.push((s, size));
        }
    }
    outlined.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut tessellator = epaint::Tessellator::new(
        place.pixels_per_point,
        epaint::TessellationOptions::default(),
        [1, 1],
        Vec::new(),
    );
    let mut lines = egui::Mesh::default();
    let mut budget = OUTLINE_BUDGET;
    for (s, _) in outlined {
        for ring in &geometry.shapes[s].rings {
            let mut points: Vec<Pos2> = Vec::with_capacity(ring.len());
            for v in &fill.vertices[ring.start as usize..ring.end as usize] {
                if points
                    .last()
                    .is_none_or(|last| last.distance_sq(v.pos) >= OUTLINE_STEP * OUTLINE_STEP)
                {
                    points.push(v.pos);
                }
            }
            if points.len() < 3 || points.len() > budget {
                continue;
            }
            budget -= points.len();
            // Each edge on its own, without joins: a joined line mitres a coast's
            // hairpin turns (an estuary, a thin channel) into long spikes, drawn as
            // fans of hairlines over the sea.
            for (i, &a) in points.iter().enumerate() {
                let b = points[(i + 1) % points.len()];
                tessellator.tessellate_line_segment([a, b], line, &mut lines);
            }
        }
    }
    lines
}
