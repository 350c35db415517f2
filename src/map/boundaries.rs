//! The shapes of a night's divisions, as read from a boundary file (GeoJSON) or a hex
//! layout (HexJSON), and which division each shape is.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{DivisionIx, Election};

/// A position as longitude and latitude (degrees, WGS 84).
pub type LonLat = [f32; 2];

/// A ring of positions, not closed (the first position is not repeated at the end).
pub type Ring = Vec<LonLat>;

/// A polygon: its outer ring, then its holes.
pub type Polygon = Vec<Ring>;

/// How a HexJSON file lays its hexes out: pointy-topped rows (`-r`) or flat-topped
/// columns (`-q`), with odd or even rows (columns) shoved over by half a hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HexLayout {
    OddR,
    EvenR,
    OddQ,
    EvenQ,
}

impl HexLayout {
    pub fn parse(text: &str) -> Option<HexLayout> {
        match text.trim().to_ascii_lowercase().as_str() {
            "odd-r" => Some(HexLayout::OddR),
            "even-r" => Some(HexLayout::EvenR),
            "odd-q" => Some(HexLayout::OddQ),
            "even-q" => Some(HexLayout::EvenQ),
            _ => None,
        }
    }
}

/// What a shape is drawn from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outline {
    /// A boundary: one polygon or several (islands), each with its holes.
    Polygons(Vec<Polygon>),
    /// One hex of a hex cartogram, at column `q` and row `r`.
    Hex { q: i32, r: i32 },
}

/// One shape of a boundary file: the division it names, by code and by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shape {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub outline: Outline,
}

impl Shape {
    /// How the shape is named in messages: its name, its code, or both.
    pub fn label(&self) -> String {
        match (&self.name, &self.code) {
            (Some(n), Some(c)) => format!("{n} ({c})"),
            (Some(n), None) => n.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => "a shape with neither code nor name".into(),
        }
    }
}

/// The shapes of a boundary file, as the election file keeps them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boundaries {
    /// The file they were read from, by name.
    pub source: String,
    /// The credit the map shows in its corner (the licence of the boundaries).
    pub attribution: String,
    /// For a hex cartogram, its layout; none for boundaries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hex_layout: Option<HexLayout>,
    pub shapes: Vec<Shape>,
}

// Positions come from JSON, which has no NaN: equality is total, as the log's
// events (which carry boundaries) need.
impl Eq for Boundaries {}

impl Boundaries {
    pub fn is_hex(&self) -> bool {
        self.hex_layout.is_some()
    }
}

/// How the shapes of a boundary file match tonight's divisions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShapeMatch {
    /// Per shape, the division it is (none: no division of tonight's).
    pub division_of: Vec<Option<DivisionIx>>,
    /// Shapes matched by name rather than code.
    pub by_name: usize,
    /// Divisions with no shape, in the election's order.
    pub divisions_without: Vec<DivisionIx>,
    /// Shapes with no division, by index.
    pub shapes_without: Vec<usize>,
}

impl ShapeMatch {
    pub fn matched_divisions(&self, election: &Election) -> usize {
        election.divisions.len() - self.divisions_without.len()
    }

    /// One line for the user: what matched and what did not, naming a few of each.
    pub fn text(&self, election: &Election, boundaries: &Boundaries) -> String {
        let n = election.divisions.len();
        let mut text = format!(
            "{} of {n} divisions have a shape ({} by code, {} by name)",
            self.matched_divisions(election),
            self.division_of.iter().flatten().count() - self.by_name,
            self.by_name
        );
        if election.has_councils() {
            text.push_str(" (several councils tonight: by code only, as a shape names no council)");
        }
        const NAMED: usize = 5;
        let few = |names: Vec<String>| {
            let more = names.len().saturating_sub(NAMED);
            let mut list = names.into_iter().take(NAMED).collect::<Vec<_>>().join(", ");
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
            }
            list
        };
        if !self.divisions_without.is_empty() {
            text.push_str(&format!(
                "; no shape for {}",
                few(self
                    .divisions_without
                    .iter()
                    .map(|&d| election.division(d).name.clone())
                    .collect())
            ));
        }
        if !self.shapes_without.is_empty() {
            text.push_str(&format!(
                "; {} shapes are not tonight's divisions ({})",
                self.shapes_without.len(),
                few(self
                    .shapes_without
                    .iter()
                    .map(|&s| boundaries.shapes[s].label())
                    .collect())
            ));
        }
        text
    }
}

/// Matches shapes to divisions: by code (the division's `division_id`, the GSS code
/// for ONS boundaries), then by name as the baseline matches (a name that is one
/// division's alone). A division may have several shapes (a file that splits one
/// into features); a name shared by several divisions matches none, never a guess.
/// On a night of several councils shapes match by code only: a shape names no
/// council, and its name may be another council's ward (Henley in Oxfordshire is not
/// Henley in Coventry).
pub fn match_shapes(election: &Election, boundaries: &Boundaries) -> ShapeMatch {
    let by_code: HashMap<&str, DivisionIx> = election
        .division_ixs()
        .filter_map(|ix| {
            election
                .division(ix)
                .code
                .as_deref()
                .map(|c| (c.trim(), ix))
        })
        .collect();
    let mut division_of = vec![None; boundaries.shapes.len()];
    let mut has_shape = vec![false; election.divisions.len()];
    for (s, shape) in boundaries.shapes.iter().enumerate() {
        if let Some(&d) = shape.code.as_deref().and_then(|c| by_code.get(c.trim())) {
            division_of[s] = Some(d);
            has_shape[d.index()] = true;
        }
    }
    let mut by_name = 0;
    let by_name_allowed = !election.has_councils();
    for (s, shape) in boundaries.shapes.iter().enumerate() {
        if division_of[s].is_some() || !by_name_allowed {
            continue;
        }
        let Some(name) = shape.name.as_deref() else {
            continue;
        };
        if let [only] = election.divisions_named(name).as_slice() {
            // A division matched by code keeps its own shapes: a name is the weaker key.
            if !has_shape[only.index()] {
                division_of[s] = Some(*only);
                by_name += 1;
            }
        }
    }
    for d in division_of.iter().flatten() {
        has_shape[d.index()] = true;
    }
    ShapeMatch {
        by_name,
        divisions_without: election
            .division_ixs()
            .filter(|d| !has_shape[d.index()])
            .collect(),
        shapes_without: (0..division_of.len())
            .filter(|&s| division_of[s].is_none())
            .collect(),
        division_of,
    }
}
