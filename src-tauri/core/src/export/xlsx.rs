//! The .xlsx writer: one worksheet in constant-memory mode (each row goes
//! to a temporary file as it is written, so a million rows take no more
//! memory than ten), the header row frozen and filtered, money as numbers
//! formatted ¥#,##0.00, dates and times as real Excel dates.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::width::Fit;
use super::{Cell, Column, TableHead, TableWriter};
use crate::error::{AppError, ErrorCode, Result};

/// The number formats, as Excel stores them.
pub const MONEY_FORMAT: &str = "¥#,##0.00";
pub const DATE_FORMAT: &str = "yyyy-mm-dd";
pub const DATE_TIME_FORMAT: &str = "yyyy-mm-dd hh:mm";

pub(super) struct XlsxTable {
    path: PathBuf,
    workbook: Workbook,
    columns: Vec<Column>,
    fit: Fit,
    /// The next row to write (0 is the header).
    next_row: u32,
    formats: Formats,
}

struct Formats {
    header: Format,
    money: Format,
    date: Format,
    date_time: Format,
    text: Format,
}

impl XlsxTable {
    pub fn create(path: &Path, head: &TableHead) -> Result<XlsxTable> {
        let formats = Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Center).set_background_color("#F2F2F2"),
            money: Format::new().set_num_format(MONEY_FORMAT),
            date: Format::new().set_num_format(DATE_FORMAT),
            date_time: Format::new().set_num_format(DATE_TIME_FORMAT),
            // Long texts stay on one line: a wrapped row would be as tall as the content.
            text: Format::new(),
        };
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
        sheet.set_name(sheet_name(&head.title)).map_err(xlsx_error)?;
        for (col, column) in head.columns.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, &column.header, &formats.header).map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        Ok(XlsxTable { path: path.to_path_buf(), workbook, columns: head.columns.clone(), fit: Fit::new(&head.columns), next_row: 1, formats })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet> {
        self.workbook.worksheet_from_index(0).map_err(xlsx_error)
    }
}

impl TableWriter for XlsxTable {
    fn write_rows(&mut self, rows: &[Vec<Cell>]) -> Result<()> {
        let mut row = self.next_row;
        for cells in rows {
            self.fit.see(cells);
        }
        let Self { workbook, formats, .. } = self;
        let sheet = workbook.worksheet_from_index(0).map_err(xlsx_error)?;
        for cells in rows {
            for (col, cell) in cells.iter().enumerate() {
                write_cell(sheet, formats, row, col as u16, cell).map_err(xlsx_error)?;
            }
            row += 1;
        }
        self.next_row = row;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let widths = self.fit.widths(&self.columns);
        let last_row = self.next_row - 1;
        let last_col = (self.columns.len() - 1) as u16;
        let sheet = self.sheet()?;
        for (col, width) in widths.into_iter().enumerate() {
            sheet.set_column_width(col as u16, width).map_err(xlsx_error)?;
        }
        sheet.autofilter(0, 0, last_row, last_col).map_err(xlsx_error)?;
        let path = self.path.clone();
        self.workbook.save(&path).map_err(xlsx_error)
    }
}

fn write_cell(sheet: &mut Worksheet, f: &Formats, row: u32, col: u16, cell: &Cell) -> std::result::Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) if s.is_empty() => {}
        Cell::Text(s) => {
            sheet.write_string_with_format(row, col, s, &f.text)?;
        }
        Cell::Integer(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        // Yuan as a float only here, in the cell: fen stay integers everywhere else.
        Cell::MoneyFen(fen) => {
            sheet.write_number_with_format(row, col, *fen as f64 / 100.0, &f.money)?;
        }
        Cell::Date(day) => {
            sheet.write_datetime_with_format(row, col, day, &f.date)?;
        }
        Cell::DateTime(at) => {
            sheet.write_datetime_with_format(row, col, at, &f.date_time)?;
        }
    }
    Ok(())
}

/// A worksheet's name: at most 31 characters, none of []:*?/\.
fn sheet_name(title: &str) -> String {
    let name: String = title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    let name = name.trim_matches('\'').to_string();
    if name.is_empty() { "Sheet1".to_string() } else { name }
}

fn xlsx_error(e: XlsxError) -> AppError {
    match e {
        XlsxError::IoError(io) => AppError::from(io),
        other => AppError::new(ErrorCode::Io, format!("无法写出 Excel 文件：{other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(sheet_name("跟进表"), "跟进表");
        assert_eq!(sheet_name("2026/11 统计[部门]"), "202611 统计部门");
        assert_eq!(sheet_name(&"表".repeat(40)).chars().count(), 31);
        assert_eq!(sheet_name("///"), "Sheet1");
    }
}
