//! Column widths that fit Chinese text. Excel's width unit is about one
//! Latin digit; a CJK character takes two (rust_xlsxwriter's autofit counts
//! it as one, which cuts Chinese headers in half), so widths are counted
//! here, kept per column as rows stream past (only the widest is kept).

use super::{Cell, Column, ColumnKind};

/// Columns never grow past this (投诉内容 can be a page long): the rest shows in the cell.
pub const MAX_WIDTH: f64 = 60.0;
const MIN_WIDTH: f64 = 6.0;
/// Room for the autofilter's drop-down arrow beside the header.
const PADDING: f64 = 3.0;

/// How many Latin-character widths `text` takes: two for a CJK or
/// full-width character, one for anything else.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F          // Hangul Jamo
        | 0x2E80..=0x303E        // CJK radicals, punctuation (、。「」)
        | 0x3041..=0x33FF        // kana, CJK compatibility
        | 0x3400..=0x4DBF        // CJK Extension A
        | 0x4E00..=0x9FFF        // CJK Unified Ideographs
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3        // Hangul syllables
        | 0xF900..=0xFAFF        // CJK compatibility ideographs
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60        // full-width forms (，：（）)
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)     // Extension B and beyond (rare names)
}

/// The width a cell's shown text takes.
fn cell_width(cell: &Cell) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(s) => s.lines().map(display_width).max().unwrap_or(0),
        Cell::Integer(n) => n.to_string().len(),
        // As Excel shows it: ¥1,234.50.
        Cell::MoneyFen(fen) => crate::money::format_fen(*fen).chars().count(),
        Cell::Date(_) => 10,
        Cell::DateTime(_) => 16,
    }
}

/// The widest cell of each column so far.
pub(super) struct Fit {
    widths: Vec<usize>,
}

impl Fit {
    pub fn new(columns: &[Column]) -> Fit {
        let widths = columns
            .iter()
            .map(|c| {
                let least = match c.kind {
                    ColumnKind::Date => 10,
                    ColumnKind::DateTime => 16,
                    _ => 0,
                };
                display_width(&c.header).max(least)
            })
            .collect();
        Fit { widths }
    }

    pub fn see(&mut self, row: &[Cell]) {
        for (w, cell) in self.widths.iter_mut().zip(row) {
            *w = (*w).max(cell_width(cell));
        }
    }

    /// Each column's width: the column's own, or fitted.
    pub fn widths(&self, columns: &[Column]) -> Vec<f64> {
        columns
            .iter()
            .zip(&self.widths)
            .map(|(c, w)| c.width.unwrap_or_else(|| (*w as f64 + PADDING).clamp(MIN_WIDTH, MAX_WIDTH)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_character_is_two_wide() {
        assert_eq!(display_width("案件编号"), 8);
        assert_eq!(display_width("2611-0001"), 9);
        assert_eq!(display_width("王秀英（VIP）"), 6 + 4 + 3);
        assert_eq!(display_width("𠮷"), 2);
    }

    #[test]
    fn columns_fit_their_widest_cell_within_limits() {
        let columns = vec![Column::text("客户"), Column::text("投诉内容概要"), Column::new("金额", ColumnKind::MoneyFen), Column::text("编号").with_width(12.0)];
        let mut fit = Fit::new(&columns);
        fit.see(&[Cell::Text("欧阳淼淼".into()), Cell::Text("漏".repeat(200)), Cell::MoneyFen(123_456_789), Cell::Empty]);
        let widths = fit.widths(&columns);
        assert_eq!(widths[0], 8.0 + 3.0, "four CJK characters and the filter arrow");
        assert_eq!(widths[1], MAX_WIDTH);
        // ¥1,234,567.89: 13 characters.
        assert_eq!(widths[2], 13.0 + 3.0);
        assert_eq!(widths[3], 12.0);
    }
}
