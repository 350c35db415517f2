//! Party colours (`formats.md` section 4): shipped defaults for UK parties, a user
//! file that overrides them, and distinct, stable colours for every other party.

use std::collections::HashMap;

use crate::formats::FileError;
use crate::formats::csv_table::{ColumnSpec, CsvTable};

/// The colours shipped with the app.
const DEFAULTS: &str = include_str!("../assets/party-colours.csv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Reads `#RRGGBB`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

impl Rgb {
    /// WCAG relative luminance, from linearised sRGB.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Black or white text on this colour, whichever contrasts more (on every colour
    /// one of them reaches at least 4.58:1, above WCAG AA's 4.5:1).
    pub fn text_colour(self) -> Rgb {
        let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
        if self.contrast(black) >= self.contrast(white) {
            black
        } else {
            white
        }
    }
}

/// Grey for what has no party yet (undeclared seats).
pub const UNDECLARED: Rgb = Rgb(200, 200, 200);

#[derive(Debug, Clone)]
pub struct PartyColours {
    by_party: HashMap<String, (String, Rgb)>,
    /// Counts the files loaded, so that pictures know when to redraw.
    generation: usize,
}

const PARTY: ColumnSpec = ColumnSpec {
    name: "party",
    aliases: &["party_name"],
};
const SHORT: ColumnSpec = ColumnSpec {
    name: "short_name",
    aliases: &["abbreviation"],
};
const COLOUR: ColumnSpec = ColumnSpec {
    name: "colour",
    aliases: &["color"],
};

impl Default for PartyColours {
    fn default() -> Self {
        let mut colours = PartyColours {
            by_party: HashMap::new(),
            generation: 0,
        };
        // The shipped file is checked by a test; should it ever be unreadable the app
        // still runs, with generated colours.
        let _ = colours.load("party-colours.csv", DEFAULTS.as_bytes());
        colours
    }
}

impl PartyColours {
    /// Adds or overrides colours from a `party, short_name, colour` CSV.
    pub fn load(&mut self, file: &str, bytes: &[u8]) -> Result<usize, FileError> {
        let mut table = CsvTable::new(file, bytes)?;
        let c_party = table.require(&PARTY)?;
        let c_colour = table.require(&COLOUR)?;
        let c_short = table.column(&SHORT);
        let mut read = Vec::new();
        while let Some(row) = table.next_row() {
            let row = row?;
            let party = row.get(Some(c_party));
            let colour_text = row.get(Some(c_colour));
            let Some(colour) = Rgb::parse(colour_text) else {
                return Err(
                    FileError::new(file, format!("\"{colour_text}\" is not a colour"))
                        .at_line(row.line)
                        .at_column(c_colour + 1, "colour")
                        .hint("Write colours as #RRGGBB, e.g. #E4003B"),
                );
            };
            let short = match row.get(c_short) {
                "" => party.to_string(),
                s => s.to_string(),
            };
            read.push((key(party), (short, colour)));
        }
        let count = read.len();
        self.by_party.extend(read);
        self.generation += 1;
        Ok(count)
    }

    pub fn generation(&self) -> usize {
        self.generation
    }

    pub fn colour(&self, party: &str) -> Rgb {
        self.by_party
            .get(&key(party))
            .map_or_else(|| generated(party), |(_, c)| *c)
    }

    pub fn short_name(&self, party: &str) -> String {
        self.by_party
            .get(&key(party))
            .map_or_else(|| party.to_string(), |(s, _)| s.clone())
    }

    pub fn is_known(&self, party: &str) -> bool {
        self.by_party.contains_key(&key(party))
    }
}

fn key(party: &str) -> String {
    party.trim().to_lowercase()
}

/// A colour of its own for a party with none: the hue comes from the name, so it is
/// the same on every machine and every night.
pub fn generated(party: &str) -> Rgb {
    // FNV-1a: a stable hash (std's is randomly seeded).
    let mut hash: u32 = 0x811C_9DC5;
    for b in key(party).bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let hue = (hash % 360) as f32;
    let lightness = 0.42 + ((hash >> 9) % 3) as f32 * 0.08;
    hsl(hue, 0.6, lightness)
}

fn hsl(hue: f32, saturation: f32, lightness: f32) -> Rgb {
    let c = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = hue / 60.0;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = lightness - c / 2.0;
    let to = |v: f32| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Rgb(to(r), to(g), to(b))
}
