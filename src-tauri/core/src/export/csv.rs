//! The CSV writer: UTF-8 with a byte-order mark (without it Excel reads
//! Chinese as GBK and shows mojibake), comma-separated, CRLF line ends,
//! fields quoted when they hold a comma, a quote or a line break (RFC 4180).
//! Money is written as yuan with two decimals and no ¥, so that Excel
//! reads a number; dates as 2026-03-04 and times as 2026-03-04 15:28.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::{Cell, TableHead, TableWriter};
use crate::error::Result;

pub const BOM: &str = "\u{feff}";

pub(super) struct CsvTable {
    out: BufWriter<File>,
}

impl CsvTable {
    pub fn create(path: &Path, head: &TableHead) -> Result<CsvTable> {
        let mut out = BufWriter::new(File::create(path)?);
        out.write_all(BOM.as_bytes())?;
        let headers: Vec<String> = head.columns.iter().map(|c| field(&c.header)).collect();
        write!(out, "{}\r\n", headers.join(","))?;
        Ok(CsvTable { out })
    }
}

impl TableWriter for CsvTable {
    fn write_rows(&mut self, rows: &[Vec<Cell>]) -> Result<()> {
        for cells in rows {
            let fields: Vec<String> = cells.iter().map(cell_text).collect();
            write!(self.out, "{}\r\n", fields.join(","))?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(())
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => field(s),
        Cell::Integer(n) => n.to_string(),
        Cell::MoneyFen(fen) => {
            let sign = if *fen < 0 { "-" } else { "" };
            format!("{sign}{}.{:02}", fen.unsigned_abs() / 100, fen.unsigned_abs() % 100)
        }
        Cell::Date(day) => day.format("%Y-%m-%d").to_string(),
        Cell::DateTime(at) => at.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A text field, quoted when it must be. A text that Excel would take for
/// a formula (=, +, -, @ first) gets a leading apostrophe: a complaint's
/// text is typed by customers' words, and must never run as a formula.
fn field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("王秀英"), "王秀英");
        assert_eq!(field("漏水,发霉"), "\"漏水,发霉\"");
        assert_eq!(field("他说\"再不修就投诉\""), "\"他说\"\"再不修就投诉\"\"\"");
        assert_eq!(field("第一行\n第二行"), "\"第一行\n第二行\"");
        assert_eq!(field("=1+2"), "'=1+2");
    }

    #[test]
    fn money_is_a_plain_number_of_yuan() {
        assert_eq!(cell_text(&Cell::MoneyFen(123_450)), "1234.50");
        assert_eq!(cell_text(&Cell::MoneyFen(-5)), "-0.05");
    }
}
