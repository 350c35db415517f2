//! The results map: the shapes of the night's divisions (from a boundary file or a
//! hex layout), made ready to draw, and coloured by the tally. Plain data and pure
//! functions; the window draws it in [`crate::ui::map`].

pub mod boundaries;
pub mod geometry;
pub mod style;

use serde::{Deserialize, Serialize};

use crate::model::Election;
use boundaries::{Boundaries, ShapeMatch, match_shapes};

/// The night's map: its shapes and the division each one is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapLayer {
    pub boundaries: Boundaries,
    pub matching: ShapeMatch,
}

impl MapLayer {
    pub fn new(election: &Election, boundaries: Boundaries) -> MapLayer {
        let matching = match_shapes(election, &boundaries);
        MapLayer {
            boundaries,
            matching,
        }
    }

    /// How many bands each shape is cut into: a multi-member division's seats (each
    /// winner's colour takes its band), else one. Hexes are never cut: a hex stands
    /// for the division, not its ground.
    pub fn bands(&self, election: &Election) -> Vec<u32> {
        self.matching
            .division_of
            .iter()
            .map(|d| match d {
                Some(d) if !self.boundaries.is_hex() => election.division(*d).seats.max(1),
                _ => 1,
            })
            .collect()
    }

    /// The shapes laid out and triangulated, ready to draw.
    pub fn geometry(
        &self,
        election: &Election,
    ) -> Result<geometry::Geometry, geometry::ShapeError> {
        geometry::Geometry::build(&self.boundaries, &self.bands(election))
    }
}
