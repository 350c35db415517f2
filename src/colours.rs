//! Party colours (`docs/guide.md`, "The dashboard and the board"): shipped defaults
//! for UK parties, a user's file over them (read by `formats::colours_file`), and
//! distinct, stable colours for every other party.

use std::collections::HashMap;

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

/// An sRGB channel as linear light, from 0 to 1.
fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

impl Rgb {
    /// WCAG relative luminance, from linearised sRGB.
    pub fn luminance(self) -> f64 {
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
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

/// One party's colour, as a colours file gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColourRow {
    pub party: String,
    /// Blank: the party's own name.
    pub short_name: String,
    pub colour: Rgb,
}

#[derive(Debug, Clone)]
pub struct PartyColours {
    by_party: HashMap<String, (String, Rgb)>,
    /// Colours moved for one night so that no two of its parties look alike
    /// ([`PartyColours::separate`]); a shipped or loaded colour is never among them.
    separated: HashMap<String, Rgb>,
    /// Counts the files loaded, so that pictures know when to redraw.
    generation: usize,
}

impl Default for PartyColours {
    fn default() -> Self {
        let mut colours = PartyColours {
            by_party: HashMap::new(),
            separated: HashMap::new(),
            generation: 0,
        };
        // The shipped file is plain `party,short_name,colour` lines (no quotes; a test
        // reads every one); a user's file goes through `formats::colours_file`, which
        // reads any CSV and says what is wrong where.
        let shipped = DEFAULTS.lines().skip(1).filter_map(|line| {
            let mut fields = line.split(',');
            let party = fields.next()?.trim();
            let short = fields.next()?.trim();
            let colour = Rgb::parse(fields.next()?)?;
            Some(ColourRow {
                party: party.to_string(),
                short_name: short.to_string(),
                colour,
            })
        });
        colours.add(shipped.collect());
        colours
    }
}

impl PartyColours {
    /// Adds or overrides colours: returns how many.
    pub fn add(&mut self, rows: Vec<ColourRow>) -> usize {
        let count = rows.len();
        self.by_party.extend(rows.into_iter().map(|row| {
            let short = if row.short_name.is_empty() {
                row.party.clone()
            } else {
                row.short_name
            };
            (key(&row.party), (short, row.colour))
        }));
        self.generation += 1;
        count
    }

    pub fn generation(&self) -> usize {
        self.generation
    }

    pub fn colour(&self, party: &str) -> Rgb {
        let key = key(party);
        match self.by_party.get(&key) {
            Some((_, c)) => *c,
            None => self
                .separated
                .get(&key)
                .copied()
                .unwrap_or_else(|| generated(party)),
        }
    }

    /// Makes the colours of one night's parties distinguishable: a party without a
    /// shipped or loaded colour whose own colour is within [`MIN_DIFFERENCE`] of one
    /// already in use (Conservative blue, and a local party's generated blue) moves
    /// round the colour wheel until it is clear of every colour before it. Shipped and
    /// loaded colours always win; the parties are taken in the order given (the
    /// night's largest first keep their colours).
    pub fn separate<'a>(&mut self, parties: impl IntoIterator<Item = &'a str>) {
        let parties: Vec<&str> = parties.into_iter().collect();
        let mut used: Vec<Lab> = parties
            .iter()
            .filter(|p| self.is_known(p))
            .map(|p| Lab::of(self.colour(p)))
            .collect();
        used.push(Lab::of(UNDECLARED));
        let mut moved = HashMap::new();
        for party in parties.iter().filter(|p| !self.is_known(p)) {
            let nearest = |c: Rgb| {
                let lab = Lab::of(c);
                used.iter()
                    .map(|u| u.difference(&lab))
                    .fold(f64::MAX, f64::min)
            };
            // The first variant clear of every colour before it, or else the one
            // farthest from them.
            let mut best = (generated(party), nearest(generated(party)));
            for step in 1..=VARIANTS {
                if best.1 >= MIN_DIFFERENCE {
                    break;
                }
                let candidate = generated_variant(party, step);
                let distance = nearest(candidate);
                if distance > best.1 {
                    best = (candidate, distance);
                }
            }
            used.push(Lab::of(best.0));
            if best.0 != generated(party) {
                moved.insert(key(party), best.0);
            }
        }
        if moved != self.separated {
            self.separated = moved;
            self.generation += 1;
        }
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

/// The least colour difference (CIE76 ΔE, in Lab) between two parties of one night:
/// about where two colours side by side stop being mistaken for each other on a
/// projector.
pub const MIN_DIFFERENCE: f64 = 20.0;

/// How many other colours a party's colour may try before the farthest is taken.
const VARIANTS: u32 = 48;

/// A colour in CIE Lab (D65), where distance follows what the eye sees.
#[derive(Debug, Clone, Copy)]
pub struct Lab(f64, f64, f64);

impl Lab {
    pub fn of(c: Rgb) -> Lab {
        let (r, g, b) = (linear(c.0), linear(c.1), linear(c.2));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f64| {
            if t > 0.008_856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        Lab(116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz))
    }

    /// CIE76 ΔE.
    pub fn difference(&self, other: &Lab) -> f64 {
        ((self.0 - other.0).powi(2) + (self.1 - other.1).powi(2) + (self.2 - other.2).powi(2))
            .sqrt()
    }
}

/// The `step`th other colour for a party: round the wheel by a turn that visits far
/// hues first, lighter and darker in turn.
fn generated_variant(party: &str, step: u32) -> Rgb {
    let hash = name_hash(party);
    let hue = ((hash % 360) + step * 137) % 360;
    let lightness = 0.36 + ((hash >> 9).wrapping_add(step) % 4) as f32 * 0.08;
    hsl(hue as f32, 0.65, lightness)
}

fn name_hash(party: &str) -> u32 {
    // FNV-1a: a stable hash (std's is randomly seeded).
    let mut hash: u32 = 0x811C_9DC5;
    for b in key(party).bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// A colour of its own for a party with none: the hue comes from the name, so it is
/// the same on every machine and every night.
pub fn generated(party: &str) -> Rgb {
    let hash = name_hash(party);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_of_one_night_get_colours_that_can_be_told_apart() {
        let mut colours = PartyColours::default();
        let blue = Lab::of(colours.colour("Conservative"));
        // A local party whose own colour is a blue like the Conservatives'.
        let near = (0..5000)
            .map(|i| format!("Local Independents {i}"))
            .find(|p| Lab::of(generated(p)).difference(&blue) < MIN_DIFFERENCE / 2.0)
            .expect("some name comes out blue");
        colours.separate(["Conservative", "Labour", near.as_str()]);
        let moved = Lab::of(colours.colour(&near));
        assert!(moved.difference(&blue) >= MIN_DIFFERENCE);
        // The shipped colour wins: the Conservatives keep theirs.
        assert_eq!(
            colours.colour("Conservative"),
            Rgb::parse("#0087DC").unwrap()
        );
        // On a night without the Conservatives it keeps its own colour.
        colours.separate(["Labour", near.as_str()]);
        assert_eq!(colours.colour(&near), generated(&near));
    }
}
