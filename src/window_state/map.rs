//! The results map's state: its shapes laid out and triangulated once per boundary
//! set, its colours once per change of the night, and per place it is shown (the
//! dashboard's card, the board) the view (zoom, pan) and the meshes drawn last, so
//! that a frame in which nothing changed draws the same meshes again without work.

use std::sync::Arc;

use eframe::egui;

use crate::colours::PartyColours;
use crate::map::MapLayer;
use crate::map::geometry::{Geometry, Point};
use crate::map::style::{MapStyle, style};
use crate::model::CouncilIx;
use crate::store::Store;

/// A boundary set laid out and triangulated, or why it could not be.
type Built = Result<Arc<Geometry>, String>;

/// The map's state for the dashboard and the board.
#[derive(Default)]
pub struct MapState {
    /// Holds faded, so that the night's changes of hands stand out.
    pub gains_only: bool,
    /// The layer the geometry was built for, and the geometry (or why it could not be).
    geometry: Option<(Arc<MapLayer>, Built)>,
    /// The colours, for the state of the night and colours they were worked out for.
    style: Option<((i64, usize), Arc<MapStyle>)>,
    /// One view per place the map is shown.
    views: Vec<(&'static str, MapView)>,
}

/// Where one map is looking, and what it drew last.
#[derive(Default)]
pub struct MapView {
    /// 1 shows the whole night (or council); more zooms in.
    pub zoom: f32,
    /// The point of the plane at the middle of the map; none: the middle of the shapes.
    pub centre: Option<Point>,
    pub(crate) drawn: Option<Drawn>,
}

/// The meshes drawn last, and what they were drawn for.
pub(crate) struct Drawn {
    pub look: LookKey,
    pub place: PlaceKey,
    /// Every shape's triangles in its colours: coloured again when the look changes,
    /// its points only moved when the view does.
    pub fill: Arc<egui::Mesh>,
    pub lines: Arc<egui::Mesh>,
}

/// What the colours depend on.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct LookKey {
    pub style: (i64, usize),
    pub gains_only: bool,
    pub council: Option<CouncilIx>,
    pub dark: bool,
}

/// Where the shapes fall on the screen.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) struct PlaceKey {
    pub rect: egui::Rect,
    pub zoom: f32,
    pub centre: Option<Point>,
    pub pixels_per_point: f32,
}

/// What a map needs to be drawn this frame.
pub struct MapFrame<'a> {
    pub layer: &'a MapLayer,
    pub geometry: Arc<Geometry>,
    pub style: Arc<MapStyle>,
    pub style_key: (i64, usize),
    pub view: &'a mut MapView,
    pub gains_only: &'a mut bool,
}

impl MapState {
    /// The map as it stands for `place`, building what is out of date; an error
    /// (shapes that cannot be drawn) as text; none without boundaries.
    pub fn frame<'a>(
        &'a mut self,
        place: &'static str,
        store: &'a Store,
        colours: &PartyColours,
    ) -> Option<Result<MapFrame<'a>, String>> {
        let layer = store.night().map.as_ref()?;
        if !self
            .geometry
            .as_ref()
            .is_some_and(|(built, _)| Arc::ptr_eq(built, layer))
        {
            let geometry = layer.geometry(store.election()).map(Arc::new).map_err(|e| {
                format!(
                    "the map's shape {} cannot be drawn: {}",
                    layer.boundaries.shapes[e.shape].label(),
                    e.message
                )
            });
            self.geometry = Some((layer.clone(), geometry));
            for (_, view) in &mut self.views {
                *view = MapView::default();
            }
        }
        let geometry = match &self.geometry {
            Some((_, Ok(g))) => g.clone(),
            Some((_, Err(e))) => return Some(Err(e.clone())),
            None => return None,
        };
        let key = (store.generation(), colours.generation());
        if self.style.as_ref().is_none_or(|(k, _)| *k != key) {
            self.style = Some((key, Arc::new(style(store.tally(), colours))));
        }
        let style = self.style.as_ref().map(|(_, s)| s.clone())?;
        let at = match self.views.iter().position(|(p, _)| *p == place) {
            Some(at) => at,
            None => {
                self.views.push((
                    place,
                    MapView {
                        zoom: 1.0,
                        ..MapView::default()
                    },
                ));
                self.views.len() - 1
            }
        };
        let view = &mut self.views[at].1;
        if view.zoom <= 0.0 {
            view.zoom = 1.0;
        }
        Some(Ok(MapFrame {
            layer,
            geometry,
            style,
            style_key: key,
            view,
            gains_only: &mut self.gains_only,
        }))
    }
}
