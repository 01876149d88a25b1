//! A4 pages of lines, boxes and rules, laid out top to bottom and written as PDF by krilla
//! with the embedded Noto Sans (its subset goes into the file, with a text map, so the text
//! can be selected and searched). Lines are wrapped by a character budget: every glyph the
//! forms use is at most about 0.6 em wide in Noto Sans, so a budget from that never overflows.

use crate::PrintError;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use krilla::Document;

const REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

/// A4 in points, and the margin all round.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 48.0;

enum Item {
    Text {
        at: (f32, f32),
        size: f32,
        bold: bool,
        text: String,
    },
    Rect(f32, f32, f32, f32),
    Rule(f32, f32, f32),
}

/// A document being laid out.
pub(crate) struct Sheet {
    pages: Vec<Vec<Item>>,
    y: f32,
}

/// How many characters of text at `size` fit in `width` points.
fn budget(width: f32, size: f32) -> usize {
    ((width / (size * 0.6)) as usize).max(8)
}

/// `text` in lines of at most `n` characters, broken at spaces where it can be.
fn wrap(text: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > n {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > n {
            let head: String = line.chars().take(n).collect();
            line = line.chars().skip(n).collect();
            out.push(head);
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

impl Sheet {
    pub(crate) fn new() -> Self {
        Sheet {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn page(&mut self) -> &mut Vec<Item> {
        self.pages.last_mut().expect("a sheet has a page")
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > HEIGHT - MARGIN {
            self.new_page();
        }
    }

    /// A new page, its cursor at the top.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Text across the page, wrapped, from `indent` points in.
    pub(crate) fn text_at(&mut self, indent: f32, size: f32, bold: bool, text: &str) {
        for line in wrap(text, budget(WIDTH - 2.0 * MARGIN - indent, size)) {
            self.room(size * 1.4);
            self.y += size * 1.2;
            let at = (MARGIN + indent, self.y);
            self.page().push(Item::Text {
                at,
                size,
                bold,
                text: line,
            });
            self.y += size * 0.25;
        }
    }

    pub(crate) fn text(&mut self, size: f32, bold: bool, text: &str) {
        self.text_at(0.0, size, bold, text);
    }

    pub(crate) fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// A ballot line: the option's text on the left, the box to mark on the right.
    pub(crate) fn mark_line(&mut self, lines: &[&str]) {
        let size = 11.0;
        let height = (lines.len() as f32 * size * 1.45).max(28.0) + 8.0;
        self.room(height);
        let top = self.y;
        let text_width = WIDTH - 2.0 * MARGIN - 60.0;
        let mut y = top + 4.0;
        for (i, l) in lines.iter().enumerate() {
            for part in wrap(l, budget(text_width, size)) {
                y += size * 1.2;
                self.page().push(Item::Text {
                    at: (MARGIN + 6.0, y),
                    size,
                    bold: i == 0,
                    text: part,
                });
                y += size * 0.25;
            }
        }
        let bottom = (y + 6.0).max(top + height);
        let side = 22.0;
        let box_y = top + (bottom - top - side) / 2.0;
        self.page()
            .push(Item::Rect(WIDTH - MARGIN - side - 8.0, box_y, side, side));
        self.page()
            .push(Item::Rect(MARGIN, top, WIDTH - 2.0 * MARGIN, bottom - top));
        self.y = bottom;
    }

    /// An empty frame of `height` points with a caption in it: a space for a stamp.
    pub(crate) fn frame(&mut self, height: f32, caption: &str) {
        self.room(height + 4.0);
        let top = self.y;
        self.page()
            .push(Item::Rect(MARGIN, top, WIDTH - 2.0 * MARGIN, height));
        self.page().push(Item::Text {
            at: (MARGIN + 6.0, top + 12.0),
            size: 8.0,
            bold: false,
            text: caption.to_string(),
        });
        self.y = top + height + 4.0;
    }

    /// A line to sign on, with its caption before it; under it when the caption is long.
    pub(crate) fn signature(&mut self, caption: &str) {
        let size = 10.0;
        let start = MARGIN + 300.0;
        let long = caption.chars().count() > budget(start - MARGIN - 8.0, size);
        self.room(if long { 44.0 } else { 26.0 });
        self.y += 20.0;
        let y = self.y;
        self.page().push(Item::Text {
            at: (MARGIN, y),
            size,
            bold: false,
            text: caption.to_string(),
        });
        if long {
            self.y += 20.0;
        }
        let rule = Item::Rule(
            if long { MARGIN } else { start },
            if long { start } else { WIDTH - MARGIN },
            self.y + 2.0,
        );
        self.page().push(rule);
        self.y += 6.0;
    }

    /// A row of a table: a label and a right-aligned figure (right alignment by the figure's
    /// digits, which are all of one width in Noto Sans).
    pub(crate) fn figure(&mut self, indent: f32, label: &str, figure: &str) {
        let size = 9.5;
        let digits = figure.chars().count() as f32 * size * 0.572;
        let width = WIDTH - 2.0 * MARGIN - indent - 90.0;
        let lines = wrap(label, budget(width, size));
        for (i, l) in lines.iter().enumerate() {
            self.room(size * 1.5);
            self.y += size * 1.25;
            let y = self.y;
            self.page().push(Item::Text {
                at: (MARGIN + indent, y),
                size,
                bold: false,
                text: l.clone(),
            });
            if i + 1 == lines.len() {
                self.page().push(Item::Text {
                    at: (WIDTH - MARGIN - digits, y),
                    size,
                    bold: true,
                    text: figure.to_string(),
                });
            }
            self.y += size * 0.2;
        }
    }

    /// The PDF.
    pub(crate) fn finish(self) -> Result<Vec<u8>, PrintError> {
        let font = |data: &'static [u8]| Font::new(data.to_vec().into(), 0).ok_or(PrintError::Font);
        let (regular, bold) = (font(REGULAR)?, font(BOLD)?);
        let mut doc = Document::new();
        for items in &self.pages {
            let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or(PrintError::Font)?;
            let mut page = doc.start_page_with(settings);
            let mut s = page.surface();
            s.set_stroke(Some(Stroke {
                width: 0.8,
                ..Stroke::default()
            }));
            for item in items {
                match item {
                    Item::Text {
                        at,
                        size,
                        bold: b,
                        text,
                    } => {
                        s.set_stroke(None);
                        s.draw_text(
                            Point::from_xy(at.0, at.1),
                            if *b { bold.clone() } else { regular.clone() },
                            *size,
                            text,
                            false,
                            TextDirection::Auto,
                        );
                        s.set_stroke(Some(Stroke {
                            width: 0.8,
                            ..Stroke::default()
                        }));
                    }
                    Item::Rect(x, y, w, h) => {
                        let mut p = PathBuilder::new();
                        if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                            p.push_rect(r);
                        }
                        if let Some(path) = p.finish() {
                            s.set_fill(None);
                            s.draw_path(&path);
                        }
                    }
                    Item::Rule(x1, x2, y) => {
                        let mut p = PathBuilder::new();
                        p.move_to(*x1, *y);
                        p.line_to(*x2, *y);
                        if let Some(path) = p.finish() {
                            s.set_fill(None);
                            s.draw_path(&path);
                        }
                    }
                }
            }
            s.finish();
            page.finish();
        }
        doc.finish().map_err(|e| PrintError::Pdf(format!("{e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn lines_wrap_at_spaces_and_long_words_are_cut() {
        assert_eq!(wrap("Иә Жоқ", 10), ["Иә Жоқ"]);
        assert_eq!(wrap("aaa bbb ccc", 7), ["aaa bbb", "ccc"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
    }
}
