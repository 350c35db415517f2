//! Boundary files for the results map: GeoJSON (as the ONS Open Geography Portal
//! serves every set of wards, divisions and constituencies) and HexJSON (hex
//! cartograms). Each shape is named by a code and a name taken from its properties:
//! given, or found where they follow the ONS convention (`CED25CD` / `CED25NM`,
//! `PCON24CD`, `WD25CD`) or a common one (`code`, `id`, `name`).

use serde_json::{Map, Value};

use crate::formats::FileError;
use crate::map::boundaries::{Boundaries, HexLayout, Outline, Polygon, Ring, Shape};
use crate::map::geometry::Geometry;

/// The largest boundary file read. Boundaries at full resolution run to hundreds of
/// megabytes and draw no better at the size of a screen: the generalised sets are
/// made for maps.
pub const LARGEST_FILE: usize = 50 * 1024 * 1024;

/// Which properties name a shape, and the credit to show, where the user gives them.
#[derive(Debug, Clone, Default)]
pub struct BoundaryOptions {
    pub code_property: Option<String>,
    pub name_property: Option<String>,
    pub attribution: Option<String>,
}

/// Property names that hold a division's code, lower case, after the ONS ones.
const CODE_NAMES: [&str; 8] = [
    "code",
    "division_id",
    "gss_code",
    "gss",
    "ons_code",
    "id",
    "ward_code",
    "constituency_code",
];
/// Property names that hold a division's name, lower case, after the ONS ones.
const NAME_NAMES: [&str; 7] = [
    "name",
    "division",
    "division_name",
    "ward",
    "ward_name",
    "constituency",
    "n",
];

/// The attribution the ONS asks for with its boundaries.
fn ons_attribution(year: Option<&str>) -> String {
    let year = year.map_or(String::new(), |y| format!(" 20{y}"));
    format!(
        "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right{year}"
    )
}

/// Reads a boundary file: GeoJSON or HexJSON, told apart by what is in it.
pub fn read(file: &str, bytes: &[u8], options: &BoundaryOptions) -> Result<Boundaries, FileError> {
    if bytes.len() > LARGEST_FILE {
        return Err(FileError::new(
            file,
            format!(
                "is {} MB; boundary files of up to {} MB are read",
                bytes.len() / (1024 * 1024),
                LARGEST_FILE / (1024 * 1024)
            ),
        )
        .hint("Use a generalised set (the ONS Open Geography Portal's BGC, BSC or BUC boundaries), or simplify the file (mapshaper, QGIS) and load that"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        let mut error = FileError::new(
            file,
            format!("is not JSON: {}", strip_position(&e.to_string())),
        )
        .hint("The map reads GeoJSON boundaries (.geojson) and HexJSON hex layouts (.hexjson)");
        if e.line() > 0 {
            error = error.at_line(e.line() as u64);
            error.column = Some((e.column(), "character".into()));
        }
        error
    })?;
    let Value::Object(top) = value else {
        return Err(not_a_map(file, "its top level is not a JSON object"));
    };
    let boundaries = if top.contains_key("hexes") {
        read_hexjson(file, &top, options)?
    } else {
        match top.get("type").and_then(Value::as_str) {
            Some("FeatureCollection") | Some("Feature") => read_geojson(file, top, options)?,
            Some(other @ ("Polygon" | "MultiPolygon")) => {
                return Err(not_a_map(
                    file,
                    &format!("is a bare {other} with no properties to name the division by"),
                ));
            }
            Some(other) => {
                return Err(not_a_map(
                    file,
                    &format!("is GeoJSON of type {other}, not a FeatureCollection of areas"),
                ));
            }
            None => {
                return Err(not_a_map(
                    file,
                    "has neither GeoJSON features nor HexJSON hexes",
                ));
            }
        }
    };
    if boundaries.shapes.is_empty() {
        return Err(FileError::new(file, "holds no shapes")
            .hint("Check that it is the boundaries of the divisions, not an empty export"));
    }
    // Every shape must be drawable before any is kept.
    if let Err(e) = Geometry::build(&boundaries, &[]) {
        let shape = &boundaries.shapes[e.shape];
        return Err(FileError::new(
            file,
            format!("feature {} ({}): {}", e.shape + 1, shape.label(), e.message),
        )
        .hint("Repair the geometry (mapshaper -clean, or QGIS Fix geometries) and load it again"));
    }
    Ok(boundaries)
}

fn not_a_map(file: &str, problem: &str) -> FileError {
    FileError::new(file, format!("is not a boundary file: it {problem}")).hint(
        "The map reads GeoJSON (a FeatureCollection of Polygon or MultiPolygon features, longitude and latitude) or HexJSON (\"layout\" and \"hexes\")",
    )
}

/// serde_json's message without its " at line L column C", which the error carries.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

fn read_geojson(
    file: &str,
    mut top: Map<String, Value>,
    options: &BoundaryOptions,
) -> Result<Boundaries, FileError> {
    if let Some(crs) = top.get("crs") {
        let text = crs.to_string();
        if !(text.contains("4326") || text.contains("CRS84")) {
            return Err(projected(file, &format!("its \"crs\" is {text}")));
        }
    }
    let features: Vec<Value> = if top.get("type").and_then(Value::as_str) == Some("Feature") {
        vec![Value::Object(top)]
    } else {
        // Taken, not copied: a big file's features are most of its memory.
        match top.remove("features") {
            Some(Value::Array(features)) => features,
            _ => {
                return Err(not_a_map(
                    file,
                    "is a FeatureCollection without a \"features\" list",
                ));
            }
        }
    };
    let properties: Vec<Map<String, Value>> = features
        .iter()
        .map(|f| {
            let mut props = f
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            // A feature's own id counts as a property named "id" where none is.
            if let Some(id) = f.get("id") {
                props.entry("id").or_insert_with(|| id.clone());
            }
            props
        })
        .collect();
    let (code_key, name_key) = choose_properties(file, &properties, options)?;
    let mut shapes = Vec::with_capacity(features.len());
    for (i, feature) in features.iter().enumerate() {
        let code = code_key
            .as_deref()
            .and_then(|k| text_of(properties[i].get(k)));
        let name = name_key
            .as_deref()
            .and_then(|k| text_of(properties[i].get(k)));
        let at = |what: &str| {
            let label = name.clone().or(code.clone()).unwrap_or_default();
            let label = if label.is_empty() {
                String::new()
            } else {
                format!(" ({label})")
            };
            format!("feature {}{label}: {what}", i + 1)
        };
        let geometry = feature
            .get("geometry")
            .filter(|g| !g.is_null())
            .ok_or_else(|| {
                FileError::new(file, at("has no geometry"))
                    .hint("Every feature must be the area of a division (Polygon or MultiPolygon)")
            })?;
        let polygons = read_geometry(geometry, &|what: String| FileError::new(file, at(&what)))?;
        shapes.push(Shape {
            code,
            name,
            outline: Outline::Polygons(polygons),
        });
    }
    let attribution = options.attribution.clone().unwrap_or_else(|| {
        match code_key.as_deref().and_then(ons_year) {
            Some(year) => ons_attribution(Some(year)),
            None => format!("Boundaries: {file}"),
        }
    });
    Ok(Boundaries {
        source: file.to_string(),
        attribution,
        hex_layout: None,
        shapes,
    })
}

fn projected(file: &str, what: &str) -> FileError {
    FileError::new(
        file,
        format!("its coordinates are not longitude and latitude: {what}"),
    )
    .hint("GeoJSON is longitude and latitude (WGS 84, EPSG:4326): download that version of the boundaries, or reproject the file (ogr2ogr -t_srs EPSG:4326, QGIS Export)")
}

/// Polygons of a Polygon or MultiPolygon geometry, checked.
fn read_geometry(
    geometry: &Value,
    error: &dyn Fn(String) -> FileError,
) -> Result<Vec<Polygon>, FileError> {
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let coordinates = geometry.get("coordinates");
    match (kind, coordinates) {
        ("Polygon", Some(c)) => Ok(vec![read_polygon(c, "coordinates", error)?]),
        ("MultiPolygon", Some(Value::Array(polygons))) => {
            if polygons.is_empty() {
                return Err(error("is a MultiPolygon with no polygons".into()));
            }
            polygons
                .iter()
                .enumerate()
                .map(|(p, c)| read_polygon(c, &format!("coordinates[{p}]"), error))
                .collect()
        }
        ("GeometryCollection", _) => {
            let parts = geometry
                .get("geometries")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut polygons = Vec::new();
            for part in &parts {
                polygons.extend(read_geometry(part, error)?);
            }
            if polygons.is_empty() {
                return Err(error("is an empty GeometryCollection".into()));
            }
            Ok(polygons)
        }
        ("Polygon" | "MultiPolygon", _) => {
            Err(error(format!("its {kind} has no list of coordinates")))
        }
        ("", _) => Err(error("its geometry has no type".into())),
        (other, _) => Err(error(format!(
            "its geometry is a {other}; the map needs areas (Polygon or MultiPolygon)"
        ))),
    }
}

fn read_polygon(
    value: &Value,
    path: &str,
    error: &dyn Fn(String) -> FileError,
) -> Result<Polygon, FileError> {
    let Value::Array(rings) = value else {
        return Err(error(format!("{path} is not a list of rings")));
    };
    if rings.is_empty() {
        return Err(error(format!("{path} has no rings (an empty polygon)")));
    }
    rings
        .iter()
        .enumerate()
        .map(|(r, ring)| read_ring(ring, &format!("{path}[{r}]"), error))
        .collect()
}

fn read_ring(
    value: &Value,
    path: &str,
    error: &dyn Fn(String) -> FileError,
) -> Result<Ring, FileError> {
    let Value::Array(positions) = value else {
        return Err(error(format!("{path} is not a list of positions")));
    };
    let mut ring: Ring = Vec::with_capacity(positions.len());
    for (k, position) in positions.iter().enumerate() {
        let xy = position
            .as_array()
            .filter(|p| p.len() >= 2)
            .and_then(|p| Some([p[0].as_f64()?, p[1].as_f64()?]))
            .ok_or_else(|| {
                error(format!(
                    "{path}[{k}] is {position}, not a position [longitude, latitude]"
                ))
            })?;
        if !(-180.0..=180.0).contains(&xy[0]) || !(-90.0..=90.0).contains(&xy[1]) {
            let grid = (0.0..=700_000.0).contains(&xy[0]) && (0.0..=1_300_000.0).contains(&xy[1]);
            let what = format!(
                "{path}[{k}] is [{}, {}]{}",
                xy[0],
                xy[1],
                if grid {
                    ", which looks like British National Grid metres (EPSG:27700)"
                } else {
                    ", outside longitude −180..180 and latitude −90..90"
                }
            );
            return Err(error(format!(
                "its coordinates are not longitude and latitude: {what}. GeoJSON is longitude and latitude (WGS 84, EPSG:4326): download that version of the boundaries, or reproject the file (ogr2ogr -t_srs EPSG:4326, QGIS Export)"
            )));
        }
        let point = [xy[0] as f32, xy[1] as f32];
        if ring.last() != Some(&point) {
            ring.push(point);
        }
    }
    // GeoJSON closes a ring by repeating its first position; kept once.
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if ring.len() < 3 {
        return Err(error(format!(
            "{path} is an empty ring: {} distinct positions, a ring needs at least three",
            ring.len()
        )));
    }
    // Every point on one line: no area. (A ring whose area cancels out because it
    // crosses itself is told apart when it is cut into triangles.)
    let (a, b) = (ring[0], ring[1]);
    let on_line = ring.iter().all(|p| {
        let cross = (f64::from(b[0]) - f64::from(a[0])) * (f64::from(p[1]) - f64::from(a[1]))
            - (f64::from(b[1]) - f64::from(a[1])) * (f64::from(p[0]) - f64::from(a[0]));
        cross == 0.0
    });
    if on_line {
        return Err(error(format!(
            "{path} encloses no area (its points are on one line)"
        )));
    }
    Ok(ring)
}

/// The code and name properties: as given, else found. Found: an ONS-style pair
/// (`XXYYCD`, `XXYYNM`) whose codes are the most distinct (a ward file also carries
/// its district's code, the same on many wards), else a common name.
fn choose_properties(
    file: &str,
    properties: &[Map<String, Value>],
    options: &BoundaryOptions,
) -> Result<(Option<String>, Option<String>), FileError> {
    let mut keys: Vec<&str> = Vec::new();
    for props in properties {
        for k in props.keys() {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    let given = |wanted: &Option<String>, what: &str| -> Result<Option<String>, FileError> {
        match wanted {
            None => Ok(None),
            Some(w) => keys
                .iter()
                .find(|k| k.eq_ignore_ascii_case(w))
                .map(|k| Some(k.to_string()))
                .ok_or_else(|| {
                    FileError::new(file, format!("no feature has the {what} property {w}"))
                        .hint(format!("Its properties are: {}", keys.join(", ")))
                }),
        }
    };
    let distinct = |key: &str| {
        let mut values: Vec<String> = properties
            .iter()
            .filter_map(|p| text_of(p.get(key)))
            .collect();
        values.sort_unstable();
        values.dedup();
        values.len()
    };
    let best_ons = |suffix: &str| -> Option<String> {
        keys.iter()
            .filter(|k| ons_year_of(k, suffix).is_some())
            .max_by_key(|k| distinct(k))
            .map(|k| k.to_string())
    };
    let common = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|n| {
            keys.iter()
                .find(|k| k.eq_ignore_ascii_case(n))
                .map(|k| k.to_string())
        })
    };
    let code = match given(&options.code_property, "code")? {
        Some(k) => Some(k),
        None => best_ons("CD").or_else(|| common(&CODE_NAMES)),
    };
    let name = match given(&options.name_property, "name")? {
        Some(k) => Some(k),
        None => code
            .as_deref()
            .and_then(|c| {
                let pair = format!("{}NM", &c[..c.len() - 2]);
                (ons_year(c).is_some())
                    .then(|| keys.iter().find(|k| k.eq_ignore_ascii_case(&pair)))
                    .flatten()
                    .map(|k| k.to_string())
            })
            .or_else(|| best_ons("NM"))
            .or_else(|| common(&NAME_NAMES)),
    };
    if code.is_none() && name.is_none() {
        return Err(FileError::new(
            file,
            "no property names the divisions (no ONS-style code such as CED25CD or WD25CD, no code, id or name)",
        )
        .hint(format!(
            "Name the properties with --code-property and --name-property; its properties are: {}",
            if keys.is_empty() { "none".to_string() } else { keys.join(", ") }
        )));
    }
    Ok((code, name))
}

/// The two-digit year of an ONS-style code property (`CED25CD` → "25").
fn ons_year(key: &str) -> Option<&str> {
    ons_year_of(key, "CD")
}

/// `XXYY` + suffix, with two to six letters then two digits: the year.
fn ons_year_of<'a>(key: &'a str, suffix: &str) -> Option<&'a str> {
    let stem = key
        .strip_suffix(suffix)
        .or_else(|| key.strip_suffix(&suffix.to_ascii_lowercase()))?;
    let (letters, year) = stem.split_at(stem.len().checked_sub(2)?);
    (year.bytes().all(|b| b.is_ascii_digit())
        && (2..=6).contains(&letters.len())
        && letters.bytes().all(|b| b.is_ascii_alphabetic()))
    .then_some(year)
}

/// A property's value as text: strings trimmed, numbers as written; none if empty.
fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn read_hexjson(
    file: &str,
    top: &Map<String, Value>,
    options: &BoundaryOptions,
) -> Result<Boundaries, FileError> {
    let layout_text = top.get("layout").and_then(Value::as_str).unwrap_or("");
    let layout = HexLayout::parse(layout_text).ok_or_else(|| {
        FileError::new(
            file,
            if layout_text.is_empty() {
                "is HexJSON without a \"layout\"".to_string()
            } else {
                format!("is HexJSON with layout \"{layout_text}\"")
            },
        )
        .hint("HexJSON's layout is one of odd-r, even-r, odd-q, even-q")
    })?;
    let Some(Value::Object(hexes)) = top.get("hexes") else {
        return Err(not_a_map(
            file,
            "has \"hexes\" that are not an object of hexes by key",
        ));
    };
    let mut shapes = Vec::with_capacity(hexes.len());
    let mut seen = std::collections::HashMap::new();
    for (key, hex) in hexes {
        let at = |what: &str| FileError::new(file, format!("hex {key}: {what}"));
        let Value::Object(hex) = hex else {
            return Err(at("is not an object with q and r"));
        };
        let coordinate = |name: &str| -> Result<i32, FileError> {
            let v = hex.get(name);
            v.and_then(|v| match v {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
            .and_then(|n| i32::try_from(n).ok())
            .ok_or_else(|| {
                at(&format!(
                    "its {name} is {}, not a whole number",
                    v.map_or("missing".to_string(), Value::to_string)
                ))
            })
        };
        let (q, r) = (coordinate("q")?, coordinate("r")?);
        if let Some(other) = seen.insert((q, r), key.clone()) {
            return Err(at(&format!(
                "is in the same place (q {q}, r {r}) as hex {other}"
            )));
        }
        let property = |wanted: &Option<String>, defaults: &[&str]| match wanted {
            Some(w) => text_of(
                hex.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(w))
                    .map(|(_, v)| v),
            ),
            None => defaults.iter().find_map(|d| {
                text_of(
                    hex.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(d))
                        .map(|(_, v)| v),
                )
            }),
        };
        let code = match &options.code_property {
            Some(_) => property(&options.code_property, &[]),
            None => Some(key.trim().to_string()),
        };
        shapes.push(Shape {
            code,
            name: property(&options.name_property, &["n", "name"]),
            outline: Outline::Hex { q, r },
        });
    }
    Ok(Boundaries {
        source: file.to_string(),
        attribution: options
            .attribution
            .clone()
            .unwrap_or_else(|| format!("Hex layout: {file}")),
        hex_layout: Some(layout),
        shapes,
    })
}
