//! The site's map: the night's boundaries (or hex layout) as SVG, each division in the
//! colour of its winners' party, with a legend in words and every division's result in
//! the table beside it. The picture adds nothing the text does not say: it is hidden
//! from screen readers, and its links (to each division's page, for a pointer or a
//! finger) are left out of the keyboard's path, which the table's links already take.

use crate::colours::{PartyColours, Rgb, UNDECLARED};
use crate::map::MapLayer;
use crate::map::geometry::{Bounds, Geometry, Point};
use crate::map::style::{CANCELLED, MapStyle, State, TIED, style};
use crate::model::DivisionIx;
use crate::tally::Tally;

use super::html::escape;

/// The map's width in its own units; its height follows the shapes.
const WIDTH: f32 = 1000.0;
/// Points closer than this (in the map's units) to the last one kept are dropped: at
/// any size a page shows, the outline is the same, and the page is several times
/// smaller for boundaries published at full resolution.
const FINEST: f32 = 0.6;

/// The night's shapes, laid out once, and how each division looks now.
pub struct SiteMap {
    geometry: Geometry,
    division_of: Vec<Option<DivisionIx>>,
    divisions_without: Vec<DivisionIx>,
    style: MapStyle,
    colours: PartyColours,
    attribution: String,
}

/// One entry of the map's key: a colour and what it means, in both languages.
pub struct KeyEntry {
    pub colour: Rgb,
    pub en: String,
    pub cy: String,
    /// Drawn with a dark outline rather than a fill of its own.
    pub outlined: bool,
}

/// One map, for a page: the SVG and its key.
pub struct DrawnMap {
    pub svg: String,
    pub key: Vec<KeyEntry>,
    pub attribution: String,
    /// Divisions wanted that have no shape in the boundaries: not on the map.
    pub without_shape: usize,
}

impl SiteMap {
    /// The map of the night, or why it cannot be drawn (a shape whose outline crosses
    /// itself).
    pub fn new(layer: &MapLayer, tally: &Tally, colours: &PartyColours) -> Result<SiteMap, String> {
        let election = tally.election();
        let geometry = layer.geometry(election).map_err(|e| {
            let name = layer
                .boundaries
                .shapes
                .get(e.shape)
                .map_or_else(|| format!("shape {}", e.shape + 1), |s| s.label());
            format!("{name}: {}", e.message)
        })?;
        Ok(SiteMap {
            geometry,
            division_of: layer.matching.division_of.clone(),
            divisions_without: layer.matching.divisions_without.clone(),
            style: style(tally, colours),
            colours: colours.clone(),
            attribution: layer.boundaries.attribution.clone(),
        })
    }

    /// The map of some divisions (a council's, or all): none when none of them has a
    /// shape. `describe` is what hovering over a division says, `href` where a click
    /// on it goes.
    pub fn draw(
        &self,
        tally: &Tally,
        wanted: impl Fn(DivisionIx) -> bool,
        describe: impl Fn(DivisionIx) -> String,
        href: impl Fn(DivisionIx) -> String,
    ) -> Option<DrawnMap> {
        let shapes: Vec<(usize, DivisionIx)> = self
            .division_of
            .iter()
            .enumerate()
            .filter_map(|(s, d)| d.filter(|&d| wanted(d)).map(|d| (s, d)))
            .collect();
        let mut bounds = Bounds::EMPTY;
        for &(s, _) in &shapes {
            bounds.union(&self.geometry.shapes[s].bounds);
        }
        if shapes.is_empty() || bounds.is_empty() {
            return None;
        }
        let scale = WIDTH / bounds.width().max(bounds.height() * 1e-3).max(f32::EPSILON);
        let height = (bounds.height() * scale).max(1.0);
        let place = |p: Point| -> [i32; 2] {
            // Tenths of a unit, so that each number is written with one decimal.
            [
                ((p[0] - bounds.min[0]) * scale * 10.0).round() as i32,
                ((p[1] - bounds.min[1]) * scale * 10.0).round() as i32,
            ]
        };
        let mut defs = String::new();
        let mut body = String::new();
        // Divisions that changed hands last, so that their dark edge is drawn over
        // their neighbours' white ones.
        let mut gains = String::new();
        // Each division's shapes together, in the election's order.
        let mut by_division = shapes.clone();
        by_division.sort_by_key(|&(s, d)| (d, s));
        let mut i = 0;
        while i < by_division.len() {
            let d = by_division[i].1;
            let look = &self.style.divisions[d.index()];
            let fill = fill(&look.fills, d, &mut defs);
            let class = match (look.state, look.gain) {
                (State::Tied, _) => " class=\"tied\"",
                (_, true) => " class=\"gain\"",
                _ => "",
            };
            let body = if look.gain { &mut gains } else { &mut body };
            body.push_str(&format!(
                "<a href=\"{}\" tabindex=\"-1\"><title>{}</title>",
                escape(&href(d)),
                escape(&describe(d))
            ));
            while i < by_division.len() && by_division[i].1 == d {
                let shape = &self.geometry.shapes[by_division[i].0];
                let mut path = String::new();
                for ring in &shape.rings {
                    ring_path(
                        &mut path,
                        &self.geometry.points[ring.start as usize..ring.end as usize],
                        &place,
                    );
                }
                if !path.is_empty() {
                    body.push_str(&format!("<path d=\"{path}\" fill=\"{fill}\"{class}/>"));
                }
                i += 1;
            }
            body.push_str("</a>\n");
        }
        let defs = if defs.is_empty() {
            String::new()
        } else {
            format!("<defs>{defs}</defs>\n")
        };
        let without_shape = self
            .divisions_without
            .iter()
            .filter(|&&d| wanted(d))
            .count();
        let svg = format!(
            "<svg class=\"map\" viewBox=\"-4 -4 {} {}\" fill-rule=\"evenodd\" aria-hidden=\"true\" focusable=\"false\" \
             xmlns=\"http://www.w3.org/2000/svg\">\n{defs}{body}{gains}</svg>",
            WIDTH + 8.0,
            (height + 8.0).round()
        );
        Some(DrawnMap {
            svg,
            key: self.key(tally, shapes.iter().map(|&(_, d)| d), without_shape > 0),
            attribution: self.attribution.clone(),
            without_shape,
        })
    }

    /// What the map's colours mean, for the divisions drawn: each party with seats on
    /// it (most first, with how many), then awaiting, tied and countermanded where
    /// shown, then the outline of a seat changing hands. With `partial` (some
    /// divisions have no shape) the seats are said to be those on the map, which are
    /// then fewer than the party's.
    fn key(
        &self,
        tally: &Tally,
        divisions: impl Iterator<Item = DivisionIx>,
        partial: bool,
    ) -> Vec<KeyEntry> {
        let election = tally.election();
        let mut divisions: Vec<DivisionIx> = divisions.collect();
        divisions.sort();
        divisions.dedup();
        let mut seats: Vec<(String, Rgb, u32)> = Vec::new();
        let mut shown = [false; 4];
        let mut gain = false;
        for &d in &divisions {
            let look = &self.style.divisions[d.index()];
            shown[look.state as usize] = true;
            gain |= look.gain;
            if look.state != State::Declared {
                continue;
            }
            for &c in &tally.outcome(d).elected {
                let name = election.party_name(election.candidate(c).party);
                match seats.iter_mut().find(|(n, _, _)| n == name) {
                    Some((_, _, n)) => *n += 1,
                    None => seats.push((name.to_string(), self.colours.colour(name), 1)),
                }
            }
        }
        seats.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        let mut key: Vec<KeyEntry> = seats
            .into_iter()
            .map(|(party, colour, n)| KeyEntry {
                colour,
                en: format!(
                    "{party}: {n} {}{}",
                    if n == 1 { "seat" } else { "seats" },
                    if partial { " on this map" } else { "" }
                ),
                cy: format!(
                    "{party}: {n} sedd{}",
                    if partial { " ar y map hwn" } else { "" }
                ),
                outlined: false,
            })
            .collect();
        for (state, colour, en, cy) in [
            (
                State::Awaiting,
                UNDECLARED,
                "Awaiting declaration",
                "Yn aros am y datganiad",
            ),
            (
                State::Tied,
                TIED,
                "Tied: lots to be drawn",
                "Cyfartal: coelbren i'w bwrw",
            ),
            (
                State::Cancelled,
                CANCELLED,
                "Poll countermanded",
                "Gwrthgyfarwyddwyd y bleidlais",
            ),
        ] {
            if shown[state as usize] {
                key.push(KeyEntry {
                    colour,
                    en: en.into(),
                    cy: cy.into(),
                    outlined: false,
                });
            }
        }
        if gain {
            key.push(KeyEntry {
                colour: Rgb(11, 12, 12),
                en: "Dark outline: a seat changed hands".into(),
                cy: "Amlinell dywyll: sedd wedi newid dwylo".into(),
                outlined: true,
            });
        }
        key
    }
}

/// A division's fill: its winners' colour, or for several seats a gradient of hard
/// bands (a band per seat, as the window cuts a multi-member division), added to
/// `defs`.
fn fill(fills: &[Rgb], d: DivisionIx, defs: &mut String) -> String {
    if let [one] = fills {
        return one.hex();
    }
    let id = format!("seats-{}", d.index());
    defs.push_str(&format!("<linearGradient id=\"{id}\">"));
    let n = fills.len() as f32;
    for (k, colour) in fills.iter().enumerate() {
        let (from, to) = (k as f32 / n, (k + 1) as f32 / n);
        defs.push_str(&format!(
            "<stop offset=\"{from:.4}\" stop-color=\"{0}\"/><stop offset=\"{to:.4}\" stop-color=\"{0}\"/>",
            colour.hex()
        ));
    }
    defs.push_str("</linearGradient>");
    format!("url(#{id})")
}

/// A ring as path data ("M x y L x y … Z"), its points in tenths of the map's units;
/// points too close to the last one kept are dropped.
fn ring_path(out: &mut String, ring: &[Point], place: &impl Fn(Point) -> [i32; 2]) {
    let finest = (FINEST * 10.0) as i32;
    let mut kept: Vec<[i32; 2]> = Vec::with_capacity(ring.len());
    for &p in ring {
        let q = place(p);
        match kept.last() {
            Some(last) if (q[0] - last[0]).abs() < finest && (q[1] - last[1]).abs() < finest => {}
            _ => kept.push(q),
        }
    }
    if kept.len() < 3 {
        return;
    }
    for (k, q) in kept.iter().enumerate() {
        out.push(if k == 0 { 'M' } else { 'L' });
        out.push_str(&tenths(q[0]));
        out.push(' ');
        out.push_str(&tenths(q[1]));
    }
    out.push('Z');
}

/// A number of tenths written as a decimal: 1234 → "123.4", 120 → "12".
fn tenths(n: i32) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let n = n.unsigned_abs();
    if n.is_multiple_of(10) {
        format!("{sign}{}", n / 10)
    } else {
        format!("{sign}{}.{}", n / 10, n % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_written_with_at_most_one_decimal() {
        assert_eq!(tenths(1234), "123.4");
        assert_eq!(tenths(120), "12");
        assert_eq!(tenths(-5), "-0.5");
        assert_eq!(tenths(0), "0");
    }

    #[test]
    fn points_closer_than_the_finest_step_are_dropped_and_tiny_rings_left_out() {
        let place = |p: Point| [(p[0] * 10.0) as i32, (p[1] * 10.0) as i32];
        let mut out = String::new();
        ring_path(
            &mut out,
            &[[0.0, 0.0], [0.1, 0.1], [10.0, 0.0], [10.0, 10.0]],
            &place,
        );
        assert_eq!(out, "M0 0L10 0L10 10Z");
        let mut out = String::new();
        ring_path(&mut out, &[[0.0, 0.0], [0.1, 0.0], [0.2, 0.1]], &place);
        assert_eq!(out, "", "a ring smaller than a step draws nothing");
    }
}
