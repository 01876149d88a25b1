//! Pictures of results, as inline SVG: bars with the threshold or majority line, the
//! chamber's hemicycle, the turnout through the day, and a cartogram of the regions.
//!
//! Every picture repeats what a table next to it says in words and figures, so it is hidden
//! from screen readers, and it never decides anything: its geometry is computed from figures
//! the law engine has already decided, and floats here only place shapes.

use maud::{html, Markup};

/// A share as hundredths of a percent ("53.90" is 5390), from the exact decimal text.
pub fn hundredths(decimal: &str) -> u64 {
    let (whole, frac) = decimal.split_once('.').unwrap_or((decimal, ""));
    let frac: String = frac.chars().chain("00".chars()).take(2).collect();
    whole.parse::<u64>().unwrap_or(0) * 100 + frac.parse::<u64>().unwrap_or(0)
}

/// The colours of parties and candidates, chosen to stay apart for the common kinds of
/// colour blindness, each dark enough for white text. A party keeps its colour on every
/// chart: it is picked by registration order.
const PALETTE: [&str; 10] = [
    "#0b5cad", "#b35900", "#1b7a3e", "#8e2c8e", "#a3262b", "#0d7a82", "#6b5b00", "#4d4dbd",
    "#8a4b2a", "#3b6e1f",
];

/// "Against all", independents and the rest.
pub const NEUTRAL: &str = "#5f6368";

/// The colour of position `order` from 0 (a party's registration order); repeats after ten.
pub fn colour(order: usize) -> &'static str {
    PALETTE[order % PALETTE.len()]
}

/// A small square of a party's colour, beside its name.
pub fn swatch(colour: &str) -> Markup {
    html! {
        svg.swatch viewBox="0 0 10 10" aria-hidden="true" focusable="false" {
            rect width="10" height="10" fill=(colour) {}
        }
    }
}

/// One bar: a share in hundredths of a percent, and its colour.
pub fn bar(share: u64, colour: &str, line: Option<u64>) -> Markup {
    // 0..10000 hundredths over 0..1000 units of width.
    let w = share.min(10_000) / 10;
    html! {
        svg.bar viewBox="0 0 1000 20" preserveAspectRatio="none" aria-hidden="true" focusable="false" {
            rect.track x="0" y="0" width="1000" height="20" {}
            rect x="0" y="0" width=(w) height="20" fill=(colour) {}
            @if let Some(l) = line {
                line.threshold x1=(l / 10) x2=(l / 10) y1="0" y2="20" {}
            }
        }
    }
}

/// One group of seats in the hemicycle.
pub struct Seats<'a> {
    /// The fill of its seats: its party's colour, or [`NEUTRAL`].
    pub colour: &'a str,
    /// How many seats it holds.
    pub count: u32,
}

/// The chamber as a half circle of seats, filled left to right in the order of `groups`.
pub fn hemicycle(groups: &[Seats]) -> Markup {
    let total: u32 = groups.iter().map(|g| g.count).sum();
    if total == 0 {
        return html! {};
    }
    let rows = ((f64::from(total).sqrt() / 2.2).ceil() as u32).max(2);
    let inner = 0.4;
    let radii: Vec<f64> = (0..rows)
        .map(|i| inner + (1.0 - inner) * f64::from(i) / f64::from(rows - 1))
        .collect();
    let sum: f64 = radii.iter().sum();
    let mut per_row: Vec<u32> = radii
        .iter()
        .map(|r| (f64::from(total) * r / sum).round() as u32)
        .collect();
    let placed: u32 = per_row.iter().sum();
    let last = per_row.len() - 1;
    per_row[last] = (per_row[last] + total).saturating_sub(placed);
    let mut points: Vec<(f64, f64, f64)> = Vec::new(); // angle, x, y
    for (r, &n) in radii.iter().zip(&per_row) {
        for k in 0..n {
            let a = if n == 1 {
                std::f64::consts::FRAC_PI_2
            } else {
                std::f64::consts::PI * (1.0 - f64::from(k) / f64::from(n - 1))
            };
            points.push((a, 500.0 + 460.0 * r * a.cos(), 480.0 - 460.0 * r * a.sin()));
        }
    }
    points.sort_by(|x, y| y.0.total_cmp(&x.0));
    let dot = (460.0 * (1.0 - inner) / f64::from(rows) * 0.38).min(22.0);
    let mut colours = groups
        .iter()
        .flat_map(|g| std::iter::repeat_n(g.colour, g.count as usize));
    html! {
        svg.hemicycle viewBox="0 0 1000 500" aria-hidden="true" focusable="false" {
            @for (_, x, y) in &points {
                circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r=(format!("{dot:.1}"))
                    fill=(colours.next().unwrap_or(NEUTRAL)) {}
            }
        }
    }
}

/// Turnout through the day: one column per published hour, as a share of the list, with
/// its figure above it.
pub fn turnout_by_hour(points: &[(u8, Option<(u64, String)>)]) -> Markup {
    let n = points.len().max(1) as u64;
    let step = 420 / n;
    html! {
        svg.hours viewBox="0 0 420 240" aria-hidden="true" focusable="false" {
            line.axis x1="0" x2="420" y1="200" y2="200" {}
            @for (i, (hour, share)) in points.iter().enumerate() {
                @let x = i as u64 * step + step / 5;
                @if let Some((s, label)) = share {
                    @let h = (*s).min(10_000) * 160 / 10_000;
                    rect x=(x) y=(200 - h) width=(step * 3 / 5) height=(h) fill=(PALETTE[0]) {}
                    text.value x=(x + step * 3 / 10) y=(194 - h) text-anchor="middle" { (label) }
                }
                text x=(x + step * 3 / 10) y="224" text-anchor="middle" { (format!("{hour:02}:00")) }
            }
        }
    }
}

/// Where each region's tile sits on the cartogram: column, row (west to east, north to
/// south), for the regions and cities of 2023. Other units go on a last row.
const TILES: [(&str, u8, u8); 20] = [
    ("west-kazakhstan", 0, 1),
    ("kostanay", 2, 0),
    ("north-kazakhstan", 3, 0),
    ("pavlodar", 5, 0),
    ("aktobe", 1, 1),
    ("akmola", 3, 1),
    ("astana", 4, 1),
    ("abai", 6, 1),
    ("east-kazakhstan", 7, 1),
    ("atyrau", 0, 2),
    ("ulytau", 2, 2),
    ("karaganda", 4, 2),
    ("zhetisu", 6, 2),
    ("mangystau", 0, 3),
    ("kyzylorda", 2, 3),
    ("turkistan", 3, 3),
    ("zhambyl", 4, 3),
    ("almaty-region", 5, 3),
    ("shymkent", 3, 4),
    ("almaty-city", 5, 4),
];

/// One tile: the unit, a short label, its value in hundredths of a percent (none while it
/// has not reported), the text to show, and the page it links to.
pub struct Tile {
    /// The unit's id, which places the tile on the map; unknown units go on a last row.
    pub unit: String,
    /// The unit's name in the reader's language, cut to fit on the tile.
    pub label: String,
    /// What shades the tile, in hundredths of a percent; `None` while it has not reported.
    pub value: Option<u64>,
    /// The figure shown on the tile, as the reader's language writes it.
    pub text: String,
    /// The page the tile links to.
    pub href: String,
}

/// The regions as tiles roughly where they lie, shaded by `value` from `low` to `high`.
pub fn cartogram(tiles: &[Tile], low: u64, high: u64) -> Markup {
    let mut extra = 0u8;
    let placed: Vec<(&Tile, u8, u8)> = tiles
        .iter()
        .map(|t| match TILES.iter().find(|(id, ..)| *id == t.unit) {
            Some(&(_, c, r)) => (t, c, r),
            None => {
                extra += 1;
                (t, extra - 1, 5)
            }
        })
        .collect();
    let rows = if extra > 0 { 6 } else { 5 };
    let shade = |v: Option<u64>| -> &'static str {
        const SHADES: [&str; 5] = ["#dbe9f6", "#a9cce8", "#6baed6", "#2f7fc0", "#08519c"];
        match v {
            None => "#eeeeee",
            Some(v) => {
                let span = high.saturating_sub(low).max(1);
                let k = (v.saturating_sub(low) * 5 / span).min(4);
                SHADES[k as usize]
            }
        }
    };
    html! {
        // Hidden from screen readers and out of the tab order: the table beside it holds the
        // same figures and the same links.
        svg.cartogram viewBox={ "0 0 800 " (rows * 100) } aria-hidden="true" focusable="false" {
            @for (t, c, r) in &placed {
                @let (x, y) = (u32::from(*c) * 100, u32::from(*r) * 100);
                @let fill = shade(t.value);
                @let dark = t.value.is_some_and(|v| (v.saturating_sub(low) * 5 / high.saturating_sub(low).max(1)) >= 3);
                a href=(t.href) tabindex="-1" {
                    title { (t.label) ": " (t.text) }
                    rect.tile x=(x + 2) y=(y + 2) width="96" height="96" rx="6" fill=(fill) {}
                    text x=(x + 50) y=(y + 40) text-anchor="middle" class=(if dark { "on-dark" } else { "" }) { (short(&t.label)) }
                    text x=(x + 50) y=(y + 72) text-anchor="middle" class=(if dark { "value on-dark" } else { "value" }) { (t.text) }
                }
            }
        }
    }
}

/// A region's name cut to fit a tile: its first word, at most eight letters.
fn short(label: &str) -> String {
    let first = label.split([' ', '-']).next().unwrap_or(label);
    if first.chars().count() <= 8 {
        first.to_string()
    } else {
        first.chars().take(7).collect::<String>() + "."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_shares_as_hundredths() {
        assert_eq!(hundredths("53.90"), 5390);
        assert_eq!(hundredths("5"), 500);
        assert_eq!(hundredths("0.07"), 7);
        assert_eq!(hundredths("100.00"), 10_000);
    }

    #[test]
    fn the_hemicycle_has_a_seat_for_every_member() {
        for total in [1u32, 2, 16, 29, 69, 98, 145, 300] {
            let groups = [
                Seats {
                    colour: "#000",
                    count: total / 3,
                },
                Seats {
                    colour: "#111",
                    count: total - total / 3,
                },
            ];
            let svg = hemicycle(&groups).into_string();
            assert_eq!(
                svg.matches("<circle").count(),
                total as usize,
                "{total} seats"
            );
        }
    }

    #[test]
    fn every_region_of_2023_has_its_own_tile() {
        let mut cells: Vec<(u8, u8)> = TILES.iter().map(|&(_, c, r)| (c, r)).collect();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), TILES.len());
    }
}
