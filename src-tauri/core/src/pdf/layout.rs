//! Lays a `Paper` out on A4 pages: every page gets the title, the number,
//! the copy (联) and the marks; rows that do not fit go to the next page,
//! a row taller than what is left is split line by line, and a table's
//! header row is repeated. Coordinates are mm from the top left corner.

use super::fonts::text_width_mm;
use super::paper::{Block, Column, Field, Marks, Paper};
use super::wrap::wrap;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const BLACK: Rgb = Rgb(0, 0, 0);
pub const RED: Rgb = Rgb(200, 20, 20);
const LABEL_FILL: Rgb = Rgb(242, 242, 242);

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `y` is the baseline; `angle` turns the text counter-clockwise (degrees).
    Text { x: f32, y: f32, size: f32, bold: bool, color: Rgb, angle: f32, text: String },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb },
    Fill { x: f32, y: f32, w: f32, h: f32, color: Rgb },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

impl Page {
    /// The page's text, one string per text item (tests and searching).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

const MARGIN: f32 = 15.0;
const BODY: f32 = 9.5;
const LINE: f32 = 4.6;
const PAD: f32 = 1.4;
const LABEL_W: f32 = 24.0;
/// The part of the font size above the baseline, as a share of the size.
const ASCENT: f32 = 0.86;

/// One table or field row: cells side by side, each with its wrapped lines.
#[derive(Clone)]
struct Row {
    cells: Vec<Cell>,
}

#[derive(Clone)]
struct Cell {
    x: f32,
    w: f32,
    lines: Vec<String>,
    bold: bool,
    shaded: bool,
}

impl Row {
    fn line_count(&self) -> usize {
        self.cells.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1)
    }

    fn height(&self) -> f32 {
        height_of(self.line_count())
    }

    /// The first `n` lines of every cell, and the rest (labels and bold
    /// header cells are repeated on the continuation).
    fn split(&self, n: usize) -> (Row, Row) {
        let mut head = self.clone();
        let mut tail = self.clone();
        for (h, t) in head.cells.iter_mut().zip(tail.cells.iter_mut()) {
            if t.shaded {
                t.lines = wrap(&format!("{}（续）", h.lines.concat()), t.w - 2.0 * PAD, BODY, t.bold);
                continue;
            }
            let cut = n.min(h.lines.len());
            t.lines = h.lines.split_off(cut);
        }
        (head, tail)
    }
}

fn height_of(lines: usize) -> f32 {
    lines as f32 * LINE + 2.0 * PAD
}

struct Composer<'a> {
    paper: &'a Paper,
    marks: &'a Marks,
    width: f32,
    height: f32,
    pages: Vec<Page>,
    y: f32,
    /// The header row of the table being laid out, repeated on a new page.
    repeat: Option<Row>,
    /// Nothing but the page header on this page yet.
    fresh: bool,
}

impl<'a> Composer<'a> {
    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.height - 14.0
    }

    fn items(&mut self) -> &mut Vec<Item> {
        &mut self.pages.last_mut().expect("a page").items
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        if !text.is_empty() {
            self.items().push(Item::Text { x, y, size, bold, color, angle: 0.0, text: text.to_string() });
        }
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.items().push(Item::Line { x1, y1, x2, y2, width, color: BLACK });
    }

    fn boxed(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, color: Rgb) {
        for (x1, y1, x2, y2) in [(x, y, x + w, y), (x, y + h, x + w, y + h), (x, y, x, y + h), (x + w, y, x + w, y + h)] {
            self.items().push(Item::Line { x1, y1, x2, y2, width, color });
        }
    }

    /// A new page with the document's header; the table header row follows
    /// when a table continues here.
    fn new_page(&mut self) {
        let continued = !self.pages.is_empty();
        self.pages.push(Page { width: self.width, height: self.height, items: Vec::new() });
        let (w, paper, marks) = (self.width, self.paper, self.marks);
        let title = if continued { format!("{}（续）", paper.title) } else { paper.title.clone() };
        let title_w = text_width_mm(&title, 16.0, true);
        self.text((w - title_w) / 2.0, 19.0, 16.0, true, BLACK, &title);
        if let Some(copy) = &marks.copy {
            let cw = text_width_mm(copy, 9.0, true) + 4.0;
            self.boxed(w - MARGIN - cw, 11.0, cw, 6.5, 0.8, BLACK);
            self.text(w - MARGIN - cw + 2.0, 15.6, 9.0, true, BLACK, copy);
        }
        if marks.reprint.is_some() {
            self.stamp(MARGIN, 11.0, "补  打");
        }
        if marks.voided.is_some() {
            self.stamp(MARGIN + if marks.reprint.is_some() { 24.0 } else { 0.0 }, 11.0, "作  废");
            // Across the page, so no part of it can pass for valid.
            // Centred: half the text's length back along the 30° line, and half its height across it.
            let (word, size) = ("作 废", 96.0);
            let (len, half_height) = (text_width_mm(word, size, true), size * super::fonts::MM_PER_PT * 0.35);
            let (sin, cos) = 30f32.to_radians().sin_cos();
            let cx = w / 2.0 - len / 2.0 * cos + half_height * sin;
            let cy = self.height / 2.0 + len / 2.0 * sin + half_height * cos;
            self.items().push(Item::Text { x: cx, y: cy, size, bold: true, color: RED, angle: 30.0, text: word.into() });
        }
        self.text(MARGIN, 26.0, 9.0, false, BLACK, &format!("编号：{}", paper.number));
        let mut meta: Vec<String> = paper.meta.iter().map(|f| format!("{}：{}", f.label, f.value)).collect();
        if let Some(r) = &marks.reprint {
            meta.push(format!("补打：{r}"));
        }
        if let Some(v) = &marks.voided {
            meta.push(format!("作废原因：{v}"));
        }
        let mut y = 26.0;
        for line in join_fitting(&meta, self.content_width() - 40.0, 9.0) {
            y += 4.6;
            self.text(MARGIN, y, 9.0, false, BLACK, &line);
        }
        self.y = y + 3.0;
        if let Some(header) = self.repeat.clone() {
            self.draw_row(&header);
        }
        self.fresh = true;
    }

    fn stamp(&mut self, x: f32, y: f32, word: &str) {
        self.boxed(x, y, 22.0, 9.0, 1.2, RED);
        self.items().push(Item::Text { x: x + 2.6, y: y + 6.8, size: 13.0, bold: true, color: RED, angle: 0.0, text: word.into() });
    }

    fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Places a row, moving to a new page or splitting it as needed.
    fn place(&mut self, mut row: Row) {
        loop {
            if row.height() <= self.room() {
                self.draw_row(&row);
                return;
            }
            let here = ((self.room() - 2.0 * PAD) / LINE).floor().max(0.0) as usize;
            // A short row moves whole to the next page; a long text is split
            // so it does not leave half a page empty.
            let short = row.line_count() <= 6 && row.height() <= self.bottom() - self.fresh_top();
            if !self.fresh && (short || here < 3) {
                self.new_page();
                continue;
            }
            let (head, tail) = row.split(here.max(1));
            self.draw_row(&head);
            self.new_page();
            row = tail;
        }
    }

    /// Where content starts on a new page (an estimate used to decide
    /// whether moving a row to the next page helps).
    fn fresh_top(&self) -> f32 {
        40.0 + self.repeat.as_ref().map_or(0.0, Row::height)
    }

    fn draw_row(&mut self, row: &Row) {
        let h = row.height();
        let y = self.y;
        for cell in &row.cells {
            if cell.shaded {
                self.items().push(Item::Fill { x: cell.x, y, w: cell.w, h, color: LABEL_FILL });
            }
            for (i, line) in cell.lines.iter().enumerate() {
                let baseline = y + PAD + BODY * super::fonts::MM_PER_PT * ASCENT + i as f32 * LINE + 0.3;
                self.text(cell.x + PAD, baseline, BODY, cell.bold, BLACK, line);
            }
            self.boxed(cell.x, y, cell.w, h, 0.4, BLACK);
        }
        self.y += h;
        self.fresh = false;
    }

    fn cell(x: f32, w: f32, text: &str, bold: bool, shaded: bool) -> Cell {
        Cell { x, w, lines: wrap(text, w - 2.0 * PAD, BODY, bold), bold, shaded }
    }

    fn heading(&mut self, text: &str) {
        // Keep a heading with the first lines under it.
        if self.room() < 7.0 + height_of(2) {
            self.new_page();
        }
        self.y += 2.0;
        self.text(MARGIN, self.y + 4.2, 10.5, true, BLACK, text);
        self.y += 6.0;
    }

    fn fields(&mut self, columns: u8, fields: &[Field]) {
        let columns = columns.max(1) as usize;
        let value_w = (self.content_width() - LABEL_W * columns as f32) / columns as f32;
        for chunk in fields.chunks(columns) {
            let mut cells = Vec::new();
            let mut x = MARGIN;
            for (i, f) in chunk.iter().enumerate() {
                // The last field of a short row takes the rest of the line.
                let w = if i == chunk.len() - 1 { MARGIN + self.content_width() - x - LABEL_W } else { value_w };
                cells.push(Self::cell(x, LABEL_W, &f.label, false, true));
                cells.push(Self::cell(x + LABEL_W, w, &f.value, false, false));
                x += LABEL_W + w;
            }
            self.place(Row { cells });
        }
    }

    fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let total: f32 = columns.iter().map(|c| c.width as f32).sum::<f32>().max(1.0);
        let widths: Vec<f32> = columns.iter().map(|c| c.width as f32 / total * self.content_width()).collect();
        let lay = |texts: Vec<&str>, header: bool| {
            let mut x = MARGIN;
            let cells = texts
                .iter()
                .zip(&widths)
                .map(|(t, w)| {
                    let c = Self::cell(x, *w, t, header, header);
                    x += w;
                    c
                })
                .collect();
            Row { cells }
        };
        let header = lay(columns.iter().map(|c| c.title.as_str()).collect(), true);
        if self.room() < header.height() + height_of(2) {
            self.new_page();
        }
        self.draw_row(&header);
        self.repeat = Some(header);
        for row in rows {
            self.place(lay(row.iter().map(String::as_str).collect(), false));
        }
        self.repeat = None;
    }

    fn note(&mut self, text: &str) {
        for line in wrap(text, self.content_width(), 8.5, false) {
            if self.room() < LINE {
                self.new_page();
            }
            self.y += LINE;
            self.text(MARGIN, self.y - 1.0, 8.5, false, BLACK, &line);
        }
        self.y += 1.0;
    }

    fn signatures(&mut self, names: &[String]) {
        if names.is_empty() {
            return;
        }
        let per_row = if self.width > 250.0 { 6 } else { 5 };
        let rows = names.len().div_ceil(per_row);
        if self.room() < rows as f32 * 17.0 + 4.0 {
            self.new_page();
        }
        self.y += 4.0;
        let w = self.content_width() / per_row as f32;
        for chunk in names.chunks(per_row) {
            for (i, name) in chunk.iter().enumerate() {
                let x = MARGIN + i as f32 * w;
                let label = format!("{name}：");
                let lw = text_width_mm(&label, BODY, false);
                self.text(x, self.y + 6.0, BODY, false, BLACK, &label);
                self.line(x + lw, self.y + 6.8, x + w - 4.0, self.y + 6.8, 0.5);
                self.text(x, self.y + 13.0, 8.5, false, BLACK, "日期：");
                let dw = text_width_mm("日期：", 8.5, false);
                self.line(x + dw, self.y + 13.8, x + w - 4.0, self.y + 13.8, 0.5);
            }
            self.y += 17.0;
        }
    }

    /// Page numbers and the verification code, once the page count is known.
    fn footers(&mut self) {
        let total = self.pages.len();
        let code = self.paper.verification_code.clone();
        for (i, page) in self.pages.iter_mut().enumerate() {
            let y = page.height - 8.0;
            let number = format!("第 {} 页 / 共 {} 页", i + 1, total);
            let nw = text_width_mm(&number, 8.5, false);
            page.items.push(Item::Text { x: (page.width - nw) / 2.0, y, size: 8.5, bold: false, color: BLACK, angle: 0.0, text: number });
            if let Some(code) = &code {
                let text = format!("验证码：{code}");
                page.items.push(Item::Text { x: MARGIN, y, size: 8.5, bold: true, color: BLACK, angle: 0.0, text });
            }
            let right = "客诉台 ComplaintDesk";
            let rw = text_width_mm(right, 7.5, false);
            page.items.push(Item::Text {
                x: page.width - MARGIN - rw,
                y,
                size: 7.5,
                bold: false,
                color: Rgb(110, 110, 110),
                angle: 0.0,
                text: right.into(),
            });
        }
    }
}

/// Header fields ("开具人：张敏") side by side, a field never split across
/// lines unless it is wider than a line by itself.
fn join_fitting(fields: &[String], width: f32, size: f32) -> Vec<String> {
    const GAP: &str = "    ";
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for field in fields {
        let joined = if line.is_empty() { field.clone() } else { format!("{line}{GAP}{field}") };
        if text_width_mm(&joined, size, false) <= width {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut parts = wrap(field, width, size, false);
        line = parts.pop().unwrap_or_default();
        lines.extend(parts);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lays out one copy of `paper` with `marks`.
pub fn lay_out(paper: &Paper, marks: &Marks) -> Vec<Page> {
    let (width, height) = if paper.landscape { (297.0, 210.0) } else { (210.0, 297.0) };
    let mut c = Composer { paper, marks, width, height, pages: Vec::new(), y: 0.0, repeat: None, fresh: true };
    c.new_page();
    for block in &paper.blocks {
        match block {
            Block::Heading { text } => c.heading(text),
            Block::Fields { columns, fields } => c.fields(*columns, fields),
            Block::Table { columns, rows } => c.table(columns, rows),
            Block::Note { text } => c.note(text),
        }
    }
    c.signatures(&paper.signatures);
    c.footers();
    c.pages
}
