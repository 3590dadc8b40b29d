//! 导出: any list or table the desk shows, written to a file the user keeps
//! (.xlsx for Excel, or CSV with a UTF-8 BOM).
//!
//! A table is described once (`TableHead`: a title and typed columns) and
//! its rows are handed over in batches (`Cell`s), so a caller that pages
//! through a million cases never holds more than one batch: the .xlsx
//! writer streams its sheet to a temporary file (rust_xlsxwriter's
//! constant-memory mode) and the CSV writer to the file itself. Any other
//! table (statistics, the monthly table) is exported by building a
//! `TableHead` and its rows and calling `write_table`.
//!
//! What the person may see is decided before a row reaches this module:
//! the desk masks rows as it masks them on screen (`privacy::rows_shown_to`),
//! see `tables.rs`.
//!
//! A file appears only when complete: rows go to `<name>.part` beside the
//! target, renamed at the end; a cancelled or failed export removes it.

mod csv;
mod reports;
mod tables;
mod width;
mod xlsx;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, ErrorCode, Result};

pub use reports::{STATEMENT_TITLE, STATS_TITLE};
pub use tables::{APPROVAL_QUEUE_TITLE, EXPORT_BATCH_ROWS, LEDGER_TITLE, MY_WORK_TITLE, SHEET_EXPORT_LIMIT, SHEET_TITLE};
pub use width::display_width;

/// Excel's last row is 1,048,576: one header row leaves this many for data.
pub const XLSX_MAX_ROWS: u64 = 1_048_575;

/// What a column holds, which decides how its cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Integer,
    /// Integer fen, written as yuan (a number) formatted ¥#,##0.00.
    MoneyFen,
    /// A day, a real Excel date (yyyy-mm-dd).
    Date,
    /// A time in the organisation's zone, a real Excel date-time (yyyy-mm-dd hh:mm).
    DateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header as the user reads it (Chinese).
    pub header: String,
    pub kind: ColumnKind,
    /// Width in Excel character units; `None`: fitted to the header and the
    /// cells written (a CJK character counts as two).
    pub width: Option<f64>,
}

impl Column {
    pub fn new(header: &str, kind: ColumnKind) -> Column {
        Column { header: header.to_string(), kind, width: None }
    }

    pub fn text(header: &str) -> Column {
        Column::new(header, ColumnKind::Text)
    }

    pub fn with_width(mut self, width: f64) -> Column {
        self.width = Some(width);
        self
    }
}

/// A table's title (the worksheet's name and the file's) and its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct TableHead {
    pub title: String,
    pub columns: Vec<Column>,
}

/// One cell. Dates and times are already in the organisation's zone
/// (`OrgZone::local`); money stays integer fen until the cell is written.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    MoneyFen(i64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Empty, Into::into)
    }
}

/// Which file: .xlsx or CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }
}

/// How far an export is: sent to the window as it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    /// The screen's own id for this export (to match progress and 取消).
    pub export_id: String,
    #[ts(type = "number")]
    pub written: u64,
    /// Rows the export will hold (as counted when it started), if known.
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportOutcome {
    /// The file written; `None` when the user closed the save dialog or pressed 取消.
    pub path: Option<String>,
    #[ts(type = "number")]
    pub rows: u64,
    /// 取消 was pressed: no file was left behind.
    pub cancelled: bool,
}

/// Rows handed over batch by batch; `None` when there are no more.
pub trait RowSource {
    /// How many rows there will be, if known before they are read.
    fn total(&self) -> Option<u64>;
    fn next_batch(&mut self) -> Result<Option<Vec<Vec<Cell>>>>;
}

/// A whole table in memory: how a statistics table or the monthly table is
/// exported (build it, then `write`).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub head: TableHead,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Writes the table to `path`; `Ok(None)` when cancelled (no file left).
    pub fn write(self, path: &Path, format: ExportFormat, watch: Watch) -> Result<Option<u64>> {
        write_table(path, format, &self.head, &mut InMemory::new(self.rows), watch)
    }
}

/// Rows already in memory (a statistics table, the monthly table).
pub struct InMemory {
    rows: std::vec::IntoIter<Vec<Cell>>,
    total: u64,
    batch: usize,
}

impl InMemory {
    pub fn new(rows: Vec<Vec<Cell>>) -> InMemory {
        InMemory { total: rows.len() as u64, rows: rows.into_iter(), batch: EXPORT_BATCH_ROWS as usize }
    }
}

impl RowSource for InMemory {
    fn total(&self) -> Option<u64> {
        Some(self.total)
    }

    fn next_batch(&mut self) -> Result<Option<Vec<Vec<Cell>>>> {
        let batch: Vec<Vec<Cell>> = self.rows.by_ref().take(self.batch).collect();
        Ok((!batch.is_empty()).then_some(batch))
    }
}

/// A writer of one table: rows in order, then `finish`.
pub(crate) trait TableWriter {
    fn write_rows(&mut self, rows: &[Vec<Cell>]) -> Result<()>;
    /// Completes the file at the writer's path.
    fn finish(self: Box<Self>) -> Result<()>;
}

/// Watches an export: told each batch's progress, asked whether to go on.
pub struct Watch<'a> {
    pub cancel: &'a AtomicBool,
    pub progress: &'a mut dyn FnMut(u64, Option<u64>),
}

/// Writes `head` and every row of `source` to `path`. `Ok(None)` when the
/// watch's cancel flag was raised (nothing is left at `path`), else the
/// number of rows written.
pub fn write_table(path: &Path, format: ExportFormat, head: &TableHead, source: &mut dyn RowSource, watch: Watch) -> Result<Option<u64>> {
    check_head(head)?;
    let part = part_path(path);
    let outcome = write_part(&part, format, head, source, watch);
    match outcome {
        Ok(Some(rows)) => {
            std::fs::rename(&part, path).inspect_err(|_| {
                let _ = std::fs::remove_file(&part);
            })?;
            Ok(Some(rows))
        }
        other => {
            let _ = std::fs::remove_file(&part);
            other
        }
    }
}

fn write_part(part: &Path, format: ExportFormat, head: &TableHead, source: &mut dyn RowSource, watch: Watch) -> Result<Option<u64>> {
    let total = source.total();
    if format == ExportFormat::Xlsx && total.is_some_and(|t| t > XLSX_MAX_ROWS) {
        return Err(too_many_rows());
    }
    let mut writer: Box<dyn TableWriter> = match format {
        ExportFormat::Xlsx => Box::new(xlsx::XlsxTable::create(part, head)?),
        ExportFormat::Csv => Box::new(csv::CsvTable::create(part, head)?),
    };
    let mut written = 0u64;
    (watch.progress)(0, total);
    loop {
        if watch.cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let Some(batch) = source.next_batch()? else { break };
        written += batch.len() as u64;
        if format == ExportFormat::Xlsx && written > XLSX_MAX_ROWS {
            return Err(too_many_rows());
        }
        writer.write_rows(&batch)?;
        (watch.progress)(written, total);
    }
    if watch.cancel.load(Ordering::Relaxed) {
        return Ok(None);
    }
    writer.finish()?;
    Ok(Some(written))
}

fn too_many_rows() -> AppError {
    AppError::new(ErrorCode::Validation, "Excel 一张工作表最多 1,048,575 行：请缩小筛选范围，或导出为 CSV")
}

fn check_head(head: &TableHead) -> Result<()> {
    if head.columns.is_empty() {
        return Err(AppError::new(ErrorCode::Validation, "导出的表格没有列"));
    }
    Ok(())
}

/// `跟进表.xlsx` → `跟进表.xlsx.part`, in the same folder (so the rename is atomic).
fn part_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part");
    path.with_file_name(name)
}

/// A file name of the title and the day: `跟进表-20261207.xlsx`, without
/// characters a file system refuses.
pub fn file_name(title: &str, day: NaiveDate, format: ExportFormat) -> String {
    let safe: String = title.chars().map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect();
    format!("{}-{}.{}", safe, day.format("%Y%m%d"), format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_dated() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(file_name("跟进表", day, ExportFormat::Xlsx), "跟进表-20261207.xlsx");
        assert_eq!(file_name("待办/审批", day, ExportFormat::Csv), "待办_审批-20261207.csv");
    }

    #[test]
    fn the_part_file_sits_beside_the_target() {
        assert_eq!(part_path(Path::new("/tmp/x/跟进表.xlsx")), PathBuf::from("/tmp/x/跟进表.xlsx.part"));
    }
}
