//! A small page layout over pdf-writer: A4 pages, the two standard Helvetica faces with WinAnsiEncoding (every
//! Spanish letter, accent and sign is in it, so no font file is embedded), measured text that is cut or wrapped to
//! its box, tables whose header is drawn again on every page they continue on, and "page n of m" footers.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use unicode_normalization::UnicodeNormalization;

use crate::metrics;

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN: f32 = 42.0;
/// Room kept at the bottom of each page for the footer.
const FOOTER: f32 = 28.0;
pub const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }
    fn widths(self) -> &'static [u16; 256] {
        match self {
            Font::Regular => &metrics::REGULAR,
            Font::Bold => &metrics::BOLD,
        }
    }
}

/// The WinAnsiEncoding byte of a character; `?` for one the standard fonts cannot show.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '\t' | '\n' | '\r' => b' ',
        _ => b'?',
    }
}

/// Text as WinAnsi bytes, composed first (a name typed with combining accents prints as one letter).
pub fn encode(s: &str) -> Vec<u8> {
    s.nfc().map(win_ansi).collect()
}

/// The width of `s` in points.
pub fn width(s: &str, font: Font, size: f32) -> f32 {
    let w = font.widths();
    encode(s).iter().map(|&b| f32::from(w[usize::from(b)])).sum::<f32>() * size / 1000.0
}

/// `s` cut to `max` points, with an ellipsis when something was cut.
pub fn fit(s: &str, font: Font, size: f32, max: f32) -> String {
    if width(s, font, size) <= max {
        return s.to_owned();
    }
    let mut out: String = s.nfc().collect();
    while !out.is_empty() && width(&format!("{out}…"), font, size) > max {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// `s` broken into lines of at most `max` points at spaces (a word longer than a line is cut).
pub fn wrap(s: &str, font: Font, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if width(&candidate, font, size) <= max {
                line = candidate;
            } else {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line = fit(word, font, size, max);
            }
        }
        lines.push(line);
    }
    lines
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: its header, its width in points and how its cells align.
pub struct Col {
    pub header: String,
    pub width: f32,
    pub align: Align,
}

impl Col {
    pub fn new(header: String, width: f32) -> Col {
        Col { header, width, align: Align::Left }
    }
    pub fn right(header: String, width: f32) -> Col {
        Col { header, width, align: Align::Right }
    }
}

const CELL_PAD: f32 = 4.0;

/// The document being laid out: finished pages and the one being written, with `y` measured from the top.
pub struct Doc {
    pages: Vec<Content>,
    page: Content,
    pub y: f32,
    /// Drawn at the top of every page after the first (the document's title, so a loose page says what it is).
    running: String,
}

impl Doc {
    pub fn new(running: String) -> Doc {
        Doc { pages: Vec::new(), page: Content::new(), y: MARGIN, running }
    }

    fn bottom() -> f32 {
        PAGE_H - MARGIN - FOOTER
    }

    /// Space left on the page.
    pub fn room(&self) -> f32 {
        Self::bottom() - self.y
    }

    pub fn new_page(&mut self) {
        let done = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(done);
        self.y = MARGIN;
        let running = fit(&self.running, Font::Regular, 9.0, CONTENT_W);
        self.text(MARGIN, MARGIN + 9.0, Font::Regular, 9.0, &running);
        self.line(MARGIN, MARGIN + 14.0, PAGE_W - MARGIN, 0.5);
        self.y = MARGIN + 26.0;
    }

    /// Starts a new page unless `h` points fit on this one.
    pub fn ensure(&mut self, h: f32) {
        if self.room() < h {
            self.new_page();
        }
    }

    /// One line of text with its baseline at `baseline` (from the top).
    pub fn text(&mut self, x: f32, baseline: f32, font: Font, size: f32, s: &str) {
        let bytes = encode(s);
        self.page.begin_text();
        self.page.set_font(font.name(), size);
        self.page.next_line(x, PAGE_H - baseline);
        self.page.show(Str(&bytes));
        self.page.end_text();
    }

    pub fn text_right(&mut self, right: f32, baseline: f32, font: Font, size: f32, s: &str) {
        let w = width(s, font, size);
        self.text(right - w, baseline, font, size, s);
    }

    /// A horizontal rule at `y` from `x1` to `x2`.
    pub fn line(&mut self, x1: f32, y: f32, x2: f32, weight: f32) {
        self.page.set_line_width(weight);
        self.page.move_to(x1, PAGE_H - y);
        self.page.line_to(x2, PAGE_H - y);
        self.page.stroke();
    }

    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, fill_gray: Option<f32>) {
        self.page.set_line_width(0.5);
        self.page.rect(x, PAGE_H - top - h, w, h);
        match fill_gray {
            Some(g) => {
                self.page.set_fill_gray(g);
                self.page.fill_nonzero_and_stroke();
                self.page.set_fill_gray(0.0);
            }
            None => {
                self.page.stroke();
            }
        }
    }

    /// A paragraph wrapped to the content width, continuing on the next page if needed.
    pub fn paragraph(&mut self, font: Font, size: f32, s: &str) {
        let leading = size * 1.3;
        for l in wrap(s, font, size, CONTENT_W) {
            self.ensure(leading);
            self.y += leading;
            self.text(MARGIN, self.y - size * 0.25, font, size, &l);
        }
    }

    /// A section heading, kept with at least `keep` points of what follows.
    pub fn heading(&mut self, s: &str, keep: f32) {
        self.ensure(30.0 + keep);
        self.y += 10.0;
        self.paragraph(Font::Bold, 12.0, s);
        self.y += 4.0;
    }

    /// Label and value pairs in two columns of text, the label in bold.
    pub fn pairs(&mut self, pairs: &[(String, String)], label_w: f32) {
        let size = 10.0;
        let leading = 13.5;
        for (label, value) in pairs {
            let lines = wrap(value, Font::Regular, size, CONTENT_W - label_w);
            self.ensure(leading * lines.len() as f32);
            let top = self.y;
            self.text(MARGIN, top + leading - 3.5, Font::Bold, size, &fit(label, Font::Bold, size, label_w - 6.0));
            for (i, l) in lines.iter().enumerate() {
                self.text(MARGIN + label_w, top + leading * (i as f32 + 1.0) - 3.5, Font::Regular, size, l);
            }
            self.y = top + leading * lines.len() as f32;
        }
    }

    fn table_header(&mut self, cols: &[Col], size: f32) {
        let lines: Vec<Vec<String>> =
            cols.iter().map(|c| wrap(&c.header, Font::Bold, size, c.width - 2.0 * CELL_PAD)).collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1) as f32;
        let h = n * size * 1.2 + 2.0 * CELL_PAD;
        let mut x = MARGIN;
        let top = self.y;
        for (c, ls) in cols.iter().zip(&lines) {
            self.rect(x, top, c.width, h, Some(0.88));
            for (i, l) in ls.iter().enumerate() {
                let base = top + CELL_PAD + size * (1.2 * i as f32 + 0.95);
                match c.align {
                    Align::Left => self.text(x + CELL_PAD, base, Font::Bold, size, l),
                    Align::Right => self.text_right(x + c.width - CELL_PAD, base, Font::Bold, size, l),
                }
            }
            x += c.width;
        }
        self.y = top + h;
    }

    /// A table: the header, then the rows, each at least `min_h` high (room to sign); a row that does not fit
    /// goes to the next page, which starts with the header again. Cells wrap to at most two lines.
    pub fn table(&mut self, cols: &[Col], rows: &[Vec<String>], size: f32, min_h: f32) {
        let leading = size * 1.2;
        self.ensure(min_h * 2.0 + 30.0);
        self.table_header(cols, size);
        for row in rows {
            let cells: Vec<Vec<String>> = cols
                .iter()
                .zip(row)
                .map(|(c, v)| {
                    let mut ls = wrap(v, Font::Regular, size, c.width - 2.0 * CELL_PAD);
                    if ls.len() > 2 {
                        let rest = ls[1..].join(" ");
                        ls.truncate(1);
                        ls.push(fit(&rest, Font::Regular, size, c.width - 2.0 * CELL_PAD));
                    }
                    ls
                })
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
            let h = (n * leading + 2.0 * CELL_PAD).max(min_h);
            if self.room() < h {
                self.new_page();
                self.table_header(cols, size);
            }
            let top = self.y;
            let mut x = MARGIN;
            for (c, ls) in cols.iter().zip(&cells) {
                self.rect(x, top, c.width, h, None);
                // Text sits at the top of a tall cell, like a form.
                for (i, l) in ls.iter().enumerate() {
                    let base = top + CELL_PAD + size * 0.95 + leading * i as f32;
                    match c.align {
                        Align::Left => self.text(x + CELL_PAD, base, Font::Regular, size, l),
                        Align::Right => self.text_right(x + c.width - CELL_PAD, base, Font::Regular, size, l),
                    }
                }
                x += c.width;
            }
            self.y = top + h;
        }
    }

    /// Signature lines side by side: a rule to sign on, the role under it, and "Nombre:" and "Fecha:" lines.
    pub fn signatures(&mut self, roles: &[String], name_label: &str, date_label: &str) {
        let h = 92.0;
        self.ensure(h);
        // At least two columns wide, so a single line to sign is not the whole width of the page.
        let n = roles.len().max(2) as f32;
        let gap = 18.0;
        let w = (CONTENT_W - gap * (n - 1.0)) / n;
        let top = self.y + 40.0;
        for (i, role) in roles.iter().enumerate() {
            let x = MARGIN + i as f32 * (w + gap);
            self.line(x, top, x + w, 0.7);
            self.text(x, top + 12.0, Font::Bold, 9.5, &fit(role, Font::Bold, 9.5, w));
            self.text(x, top + 28.0, Font::Regular, 9.0, name_label);
            self.line(x + width(name_label, Font::Regular, 9.0) + 3.0, top + 29.0, x + w, 0.4);
            self.text(x, top + 44.0, Font::Regular, 9.0, date_label);
            self.line(x + width(date_label, Font::Regular, 9.0) + 3.0, top + 45.0, x + w, 0.4);
        }
        self.y += h;
    }

    /// The PDF: every page with `footer(page, pages)` at its foot, and `title` in the document information.
    pub fn finish(mut self, title: &str, footer: impl Fn(usize, usize) -> String) -> (Vec<u8>, usize) {
        let last = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(last);
        let total = self.pages.len();
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let regular = Ref::new(3);
        let bold = Ref::new(4);
        let info = Ref::new(5);
        let first = 6;
        let page_ids: Vec<Ref> = (0..total).map(|i| Ref::new(first + 2 * i as i32)).collect();
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids(page_ids.iter().copied()).count(total as i32);
        for (r, base) in [(regular, Name(b"Helvetica")), (bold, Name(b"Helvetica-Bold"))] {
            pdf.type1_font(r).base_font(base).encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        pdf.document_info(info).title(TextStr(title)).creator(TextStr("Reintegra"));
        let pages = std::mem::take(&mut self.pages);
        for (i, mut content) in pages.into_iter().enumerate() {
            let foot = footer(i + 1, total);
            let bytes = encode(&foot);
            let w = width(&foot, Font::Regular, 8.5);
            content.begin_text();
            content.set_font(Font::Regular.name(), 8.5);
            content.next_line(PAGE_W - MARGIN - w, MARGIN - 8.0);
            content.show(Str(&bytes));
            content.end_text();
            let page_id = page_ids[i];
            let content_id = Ref::new(page_id.get() + 1);
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).parent(tree).contents(content_id);
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            fonts.pair(Font::Regular.name(), regular);
            fonts.pair(Font::Bold.name(), bold);
            fonts.finish();
            resources.finish();
            page.finish();
            pdf.stream(content_id, &content.finish());
        }
        (pdf.finish(), total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_letters_are_in_win_ansi() {
        let cases = [
            ("accents", "áéíóú ÁÉÍÓÚ", vec![0xE1, 0xE9, 0xED, 0xF3, 0xFA, b' ', 0xC1, 0xC9, 0xCD, 0xD3, 0xDA]),
            ("eñe and diaeresis", "ñÑü", vec![0xF1, 0xD1, 0xFC]),
            ("opening signs", "¿¡", vec![0xBF, 0xA1]),
            ("composed from combining accents", "Jose\u{301}", b"Jos\xE9".to_vec()),
            ("ellipsis and dash", "…–", vec![0x85, 0x96]),
            ("outside the encoding", "→", vec![b'?']),
        ];
        for (name, input, expected) in cases {
            assert_eq!(encode(input), expected, "{name}");
        }
    }

    #[test]
    fn text_is_cut_and_wrapped_to_its_box() {
        let long = "María de los Ángeles Hernández Peña de Núñez";
        let cut = fit(long, Font::Regular, 10.0, 100.0);
        assert!(cut.ends_with('…') && width(&cut, Font::Regular, 10.0) <= 100.0, "{cut}");
        assert_eq!(fit("Ana", Font::Regular, 10.0, 100.0), "Ana");
        let lines = wrap(long, Font::Regular, 10.0, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, Font::Regular, 10.0) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), long);
        // Helvetica: a digit is 556/1000 em wide.
        assert!((width("0", Font::Regular, 10.0) - 5.56).abs() < 1e-4);
    }
}
