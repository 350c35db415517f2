//! Shapes made ready to draw, once per boundary set: projected to a flat plane,
//! triangulated (a window fills only triangles and convex shapes), with their
//! outlines, bounds and a point inside each for its label. Colouring a shape later
//! only changes its triangles' colour, never the triangles.

use std::ops::Range;

use crate::map::boundaries::{Boundaries, HexLayout, Outline, Polygon};

/// A point on the map's plane: x to the east, y to the south (as on a screen).
pub type Point = [f32; 2];

/// A rectangle on the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: Point,
    pub max: Point,
}

impl Bounds {
    pub const EMPTY: Bounds = Bounds {
        min: [f32::INFINITY, f32::INFINITY],
        max: [f32::NEG_INFINITY, f32::NEG_INFINITY],
    };

    pub fn add(&mut self, p: Point) {
        self.min = [self.min[0].min(p[0]), self.min[1].min(p[1])];
        self.max = [self.max[0].max(p[0]), self.max[1].max(p[1])];
    }

    pub fn union(&mut self, other: &Bounds) {
        if !other.is_empty() {
            self.add(other.min);
            self.add(other.max);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.min[0] > self.max[0] || self.min[1] > self.max[1]
    }

    pub fn contains(&self, p: Point) -> bool {
        p[0] >= self.min[0] && p[0] <= self.max[0] && p[1] >= self.min[1] && p[1] <= self.max[1]
    }

    pub fn width(&self) -> f32 {
        self.max[0] - self.min[0]
    }

    pub fn height(&self) -> f32 {
        self.max[1] - self.min[1]
    }
}

/// One shape ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeGeometry {
    /// All its points in [`Geometry::points`] (rings, then any made cutting bands).
    pub points: Range<u32>,
    /// Its rings (outer and holes of every polygon) as ranges of [`Geometry::points`],
    /// each an unclosed loop.
    pub rings: Vec<Range<u32>>,
    /// Its fill: triangles as ranges of [`Geometry::triangles`], one range per band.
    /// A multi-member division's shape is cut into as many upright bands as it has
    /// seats, so that each winner's colour takes its share; other shapes have one.
    pub bands: Vec<Range<u32>>,
    pub bounds: Bounds,
    /// A point inside the shape (the middle of its largest triangle): where its label
    /// goes, and where a click lands on it.
    pub inside: Point,
    /// Its area on the plane (holes taken out), from the rings.
    pub area: f64,
}

/// Every shape of a boundary set, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    pub points: Vec<Point>,
    /// Three indices into `points` per triangle.
    pub triangles: Vec<u32>,
    pub shapes: Vec<ShapeGeometry>,
    pub bounds: Bounds,
}

/// Why a shape cannot be drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeError {
    pub shape: usize,
    pub message: String,
}

/// How far a shape's triangles may stray from its area before it is taken to be
/// broken. Generalised boundaries as published often have small twists where a
/// simplified edge crosses itself (a twisted lobe counts against the ring's area and
/// for the triangles: 33 of the 650 ultra-generalised constituencies of 2024 have
/// them, the worst 12 % out); a ring crossed badly (a bow tie, whose halves cancel)
/// strays far further.
pub const AREA_TOLERANCE: f64 = 0.25;

impl Geometry {
    /// Projects and triangulates every shape. `bands[s]` is how many bands shape `s`
    /// is cut into (1 for most). A shape whose triangles do not cover its area (a
    /// ring that crosses itself so that what is inside cannot be told) is an error.
    pub fn build(boundaries: &Boundaries, bands: &[u32]) -> Result<Geometry, ShapeError> {
        let project = Projection::for_boundaries(boundaries);
        let mut g = Geometry {
            points: Vec::new(),
            triangles: Vec::new(),
            shapes: Vec::with_capacity(boundaries.shapes.len()),
            bounds: Bounds::EMPTY,
        };
        for (s, shape) in boundaries.shapes.iter().enumerate() {
            let polygons: Vec<Vec<Vec<Point>>> = match &shape.outline {
                Outline::Polygons(polygons) => polygons
                    .iter()
                    .map(|p: &Polygon| {
                        p.iter()
                            .map(|ring| ring.iter().map(|&ll| project.point(ll)).collect())
                            .collect()
                    })
                    .collect(),
                Outline::Hex { q, r } => vec![vec![project.hex(*q, *r)]],
            };
            let geometry = g
                .add_shape(&polygons, bands.get(s).copied().unwrap_or(1))
                .map_err(|message| ShapeError { shape: s, message })?;
            g.bounds.union(&geometry.bounds);
            g.shapes.push(geometry);
        }
        Ok(g)
    }

    fn add_shape(
        &mut self,
        polygons: &[Vec<Vec<Point>>],
        bands: u32,
    ) -> Result<ShapeGeometry, String> {
        let first_point = self.points.len() as u32;
        let mut rings = Vec::new();
        let mut bounds = Bounds::EMPTY;
        let mut area = 0.0;
        let mut local: Vec<u32> = Vec::new();
        for polygon in polygons {
            let base = self.points.len() as u32;
            let mut flat: Vec<f64> = Vec::new();
            let mut holes = Vec::new();
            for (i, ring) in polygon.iter().enumerate() {
                if i > 0 {
                    holes.push(flat.len() / 2);
                }
                let start = self.points.len() as u32;
                for &p in ring {
                    flat.extend([f64::from(p[0]), f64::from(p[1])]);
                    bounds.add(p);
                    self.points.push(p);
                }
                rings.push(start..self.points.len() as u32);
                let a = ring_area(ring).abs();
                area += if i == 0 { a } else { -a };
            }
            let triangles = earcutr::earcut(&flat, &holes, 2)
                .map_err(|_| "its rings could not be cut into triangles".to_string())?;
            local.extend(triangles.into_iter().map(|t| base + t as u32));
        }
        let covered: f64 = local
            .chunks_exact(3)
            .map(|t| triangle_area(self.at(t[0]), self.at(t[1]), self.at(t[2])))
            .sum();
        if area <= 0.0 {
            return Err(
                "a ring crosses itself so that it encloses no area (its parts cancel out)".into(),
            );
        }
        if (covered - area).abs() > AREA_TOLERANCE * area {
            return Err(format!(
                "a ring crosses itself so that what is inside cannot be told (its triangles cover {:.0} % of its area)",
                100.0 * covered / area
            ));
        }
        let inside = local
            .chunks_exact(3)
            .max_by(|a, b| {
                let (ta, tb) = (
                    triangle_area(self.at(a[0]), self.at(a[1]), self.at(a[2])),
                    triangle_area(self.at(b[0]), self.at(b[1]), self.at(b[2])),
                );
                ta.total_cmp(&tb)
            })
            .map_or(bounds.min, |t| {
                let (a, b, c) = (self.at(t[0]), self.at(t[1]), self.at(t[2]));
                [(a[0] + b[0] + c[0]) / 3.0, (a[1] + b[1] + c[1]) / 3.0]
            });
        let band_ranges = if bands <= 1 {
            let start = self.triangles.len() as u32;
            self.triangles.extend(local);
            std::iter::once(start..self.triangles.len() as u32).collect()
        } else {
            self.cut_into_bands(&local, &bounds, bands)
        };
        Ok(ShapeGeometry {
            points: first_point..self.points.len() as u32,
            rings,
            bands: band_ranges,
            bounds,
            inside,
            area,
        })
    }

    fn at(&self, i: u32) -> Point {
        self.points[i as usize]
    }

    /// Cuts triangles into `bands` upright strips of equal width across `bounds`:
    /// each triangle clipped to each strip (a convex piece, fanned into triangles).
    fn cut_into_bands(
        &mut self,
        triangles: &[u32],
        bounds: &Bounds,
        bands: u32,
    ) -> Vec<Range<u32>> {
        let width = bounds.width() / bands as f32;
        let mut ranges = Vec::with_capacity(bands as usize);
        for b in 0..bands {
            let start = self.triangles.len() as u32;
            let (left, right) = (
                bounds.min[0] + width * b as f32,
                if b + 1 == bands {
                    f32::INFINITY
                } else {
                    bounds.min[0] + width * (b + 1) as f32
                },
            );
            let left = if b == 0 { f32::NEG_INFINITY } else { left };
            for t in triangles.chunks_exact(3) {
                let piece =
                    clip_to_strip(&[self.at(t[0]), self.at(t[1]), self.at(t[2])], left, right);
                if piece.len() < 3 {
                    continue;
                }
                let first = self.points.len() as u32;
                self.points.extend_from_slice(&piece);
                for k in 1..piece.len() as u32 - 1 {
                    self.triangles.extend([first, first + k, first + k + 1]);
                }
            }
            ranges.push(start..self.triangles.len() as u32);
        }
        ranges
    }

    /// The shape at `p`, if any: the last one drawn there (by the even-odd rule on
    /// its rings), as a window shows the last on top.
    pub fn shape_at(&self, p: Point, shown: impl Fn(usize) -> bool) -> Option<usize> {
        (0..self.shapes.len()).rev().find(|&s| {
            let shape = &self.shapes[s];
            shown(s)
                && shape.bounds.contains(p)
                && shape
                    .rings
                    .iter()
                    .filter(|ring| {
                        crosses_right(&self.points[ring.start as usize..ring.end as usize], p)
                    })
                    .count()
                    % 2
                    == 1
        })
    }

    /// The triangles' total area of a shape (for checking the triangulation).
    pub fn triangle_area(&self, shape: usize) -> f64 {
        self.shapes[shape]
            .bands
            .iter()
            .flat_map(|band| self.triangles[band.start as usize..band.end as usize].chunks_exact(3))
            .map(|t| triangle_area(self.at(t[0]), self.at(t[1]), self.at(t[2])))
            .sum()
    }
}

/// Whether a ray from `p` to the right crosses the ring an odd number of times.
fn crosses_right(ring: &[Point], p: Point) -> bool {
    let mut inside = false;
    let n = ring.len();
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
            if p[0] < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// The part of a convex polygon between two upright lines (Sutherland–Hodgman).
fn clip_to_strip(polygon: &[Point], left: f32, right: f32) -> Vec<Point> {
    let clip = |points: Vec<Point>, keep: &dyn Fn(Point) -> bool, x: f32| -> Vec<Point> {
        let mut out = Vec::with_capacity(points.len() + 2);
        for i in 0..points.len() {
            let (a, b) = (points[i], points[(i + 1) % points.len()]);
            let (ka, kb) = (keep(a), keep(b));
            if ka {
                out.push(a);
            }
            if ka != kb {
                let t = (x - a[0]) / (b[0] - a[0]);
                out.push([x, a[1] + t * (b[1] - a[1])]);
            }
        }
        out
    };
    let mut points = polygon.to_vec();
    if left.is_finite() {
        points = clip(points, &|p: Point| p[0] >= left, left);
    }
    if right.is_finite() && points.len() >= 3 {
        points = clip(points, &|p: Point| p[0] <= right, right);
    }
    points
}

/// A ring's signed area (shoelace), in f64 for accuracy over many small steps.
pub fn ring_area(ring: &[Point]) -> f64 {
    let n = ring.len();
    let mut twice = 0.0;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        twice += f64::from(a[0]) * f64::from(b[1]) - f64::from(b[0]) * f64::from(a[1]);
    }
    twice / 2.0
}

fn triangle_area(a: Point, b: Point, c: Point) -> f64 {
    let (ax, ay) = (f64::from(a[0]), f64::from(a[1]));
    ((f64::from(b[0]) - ax) * (f64::from(c[1]) - ay)
        - (f64::from(c[0]) - ax) * (f64::from(b[1]) - ay))
        .abs()
        / 2.0
}

/// From longitude and latitude (or hex coordinates) to the plane.
struct Projection {
    /// Longitude is shrunk by the cosine of the middle latitude, so that shapes are
    /// not stretched east–west (a degree of longitude is ~0.6 of a degree of latitude
    /// across Britain).
    x_scale: f32,
    layout: Option<HexLayout>,
}

impl Projection {
    fn for_boundaries(boundaries: &Boundaries) -> Projection {
        let (mut low, mut high) = (f32::INFINITY, f32::NEG_INFINITY);
        for shape in &boundaries.shapes {
            if let Outline::Polygons(polygons) = &shape.outline {
                for ring in polygons.iter().flatten() {
                    for p in ring {
                        low = low.min(p[1]);
                        high = high.max(p[1]);
                    }
                }
            }
        }
        let middle = if low <= high { (low + high) / 2.0 } else { 0.0 };
        Projection {
            x_scale: middle.to_radians().cos(),
            layout: boundaries.hex_layout,
        }
    }

    /// A longitude and latitude on the plane (north up).
    fn point(&self, ll: [f32; 2]) -> Point {
        [ll[0] * self.x_scale, -ll[1]]
    }

    /// The six corners of a hex of radius 1 at column `q`, row `r` (rows count up, as
    /// HexJSON's do).
    fn hex(&self, q: i32, r: i32) -> Vec<Point> {
        let sqrt3 = 3f32.sqrt();
        let odd = |n: i32| n.rem_euclid(2) == 1;
        let (q, r) = (q as f32, r as f32);
        match self.layout.unwrap_or(HexLayout::OddR) {
            layout @ (HexLayout::OddR | HexLayout::EvenR) => {
                // Pointy-topped; the shoved rows move right by half a hex.
                let shoved = odd(r as i32) == (layout == HexLayout::OddR);
                let x = sqrt3 * (q + if shoved { 0.5 } else { 0.0 });
                let y = -1.5 * r;
                (0..6)
                    .map(|k| {
                        let angle = (60.0 * k as f32 - 90.0).to_radians();
                        [x + angle.cos(), y + angle.sin()]
                    })
                    .collect()
            }
            layout @ (HexLayout::OddQ | HexLayout::EvenQ) => {
                // Flat-topped; the shoved columns move down by half a hex.
                let shoved = odd(q as i32) == (layout == HexLayout::OddQ);
                let x = 1.5 * q;
                let y = -sqrt3 * (r - if shoved { 0.5 } else { 0.0 });
                (0..6)
                    .map(|k| {
                        let angle = (60.0 * k as f32).to_radians();
                        [x + angle.cos(), y + angle.sin()]
                    })
                    .collect()
            }
        }
    }
}
