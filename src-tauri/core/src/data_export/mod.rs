//! 导出全部数据: everything a customer-service department recorded, written
//! to a folder of CSV and JSON files plus the stored files themselves
//! (attachments' bytes, each document's PDF), with a README.md of the
//! format, so that nothing is locked in the app (for audits, or for
//! leaving it).
//!
//! Only an active 系统管理员 may run it, and phones and addresses are in
//! full (it is the record, not a screen): checked here, and said in the
//! README. The folder must be new or empty. The export reads the database
//! in pages by id (`DataExportStore`), case by case, so a million cases
//! never sit in memory at once.
//!
//! A cancelled or failed export leaves its folder marked: the file
//! `INCOMPLETE_MARKER` is written first and removed only when everything
//! else, README included, is complete. What was written stays (it is the
//! admin's folder; removing files from it is not ours to do); the marker
//! says to delete the folder and export again. The start and the end
//! (completed, cancelled or failed) are audit lines on `data_export`.

mod case_file;
mod columns;
mod csv_file;
mod readme;
mod tables;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::Role;
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::export::Watch;
use crate::model::User;
use crate::time_zone::OrgZone;

pub use columns::{ColumnDoc, ATTACHMENT_COLUMNS, AUDIT_COLUMNS, CASE_COLUMNS, DEPARTMENT_COLUMNS, DOCUMENT_COLUMNS, LEDGER_MARK_COLUMNS, PEOPLE_COLUMNS};
pub use readme::README;

/// Written first, removed last: its presence says the export is not complete.
pub const INCOMPLETE_MARKER: &str = "导出未完成-INCOMPLETE.txt";

/// Cases, documents and audit lines read from the store at a time.
const PAGE: u32 = 200;
const AUDIT_PAGE: u32 = 2_000;

/// The audit actions of the export's start and end.
const STARTED: &str = "export_all_data";
const ENDED: &str = "export_all_data_end";

/// What 导出全部数据 wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DataExportOutcome {
    /// The folder written; `None` when the admin closed the folder chooser.
    pub folder: Option<String>,
    #[ts(type = "number")]
    pub cases: u64,
    #[ts(type = "number")]
    pub documents: u64,
    #[ts(type = "number")]
    pub attachments: u64,
    #[ts(type = "number")]
    pub audit_lines: u64,
    /// 取消 was pressed: the folder holds what was written so far and the
    /// `INCOMPLETE_MARKER` file.
    pub cancelled: bool,
}

impl DataExportOutcome {
    /// The folder chooser was closed: nothing happened.
    pub fn not_started() -> DataExportOutcome {
        DataExportOutcome { folder: None, cases: 0, documents: 0, attachments: 0, audit_lines: 0, cancelled: false }
    }
}

/// The folder being written and where the export stands.
pub(crate) struct Archive<'a> {
    pub root: PathBuf,
    pub zone: OrgZone,
    pub watch: Watch<'a>,
    pub outcome: DataExportOutcome,
}

impl Archive<'_> {
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn cancelled(&self) -> bool {
        self.watch.cancel.load(Ordering::Relaxed)
    }
}

impl Desk {
    /// 导出全部数据 into `folder` (new, or empty). Returns what was written;
    /// `cancelled` when 取消 stopped it (the folder stays marked incomplete).
    pub fn export_all_data(&self, actor: &User, folder: &Path, watch: Watch) -> Result<DataExportOutcome> {
        self.require_data_exporter(actor)?;
        check_folder(folder)?;
        let shown = folder.display().to_string();
        fs::create_dir_all(folder)?;
        fs::write(folder.join(INCOMPLETE_MARKER), readme::incomplete_note())?;
        self.store().record_data_export(STARTED, &shown, None, self.stamp(actor))?;
        let mut archive = Archive {
            root: folder.to_path_buf(),
            zone: self.time_zone()?,
            watch,
            outcome: DataExportOutcome { folder: Some(shown.clone()), ..DataExportOutcome::not_started() },
        };
        let result = self.write_archive(&mut archive);
        let outcome = archive.outcome;
        let ending = match &result {
            Ok(true) => "完成".to_string(),
            Ok(false) => "已取消（文件夹标记为未完成）".to_string(),
            Err(e) => format!("失败：{}", e.message),
        };
        let note = format!("{ending}；案件 {}，文书 {}，附件 {}，审计记录 {}", outcome.cases, outcome.documents, outcome.attachments, outcome.audit_lines);
        self.store().record_data_export(ENDED, &shown, Some(&note), self.stamp(actor))?;
        let complete = result?;
        if complete {
            fs::remove_file(folder.join(INCOMPLETE_MARKER))?;
        }
        Ok(DataExportOutcome { cancelled: !complete, ..outcome })
    }

    /// Everything in order; `Ok(false)` when cancelled.
    fn write_archive(&self, archive: &mut Archive) -> Result<bool> {
        if !self.write_cases(archive)? {
            return Ok(false);
        }
        if !self.write_documents(archive)? {
            return Ok(false);
        }
        self.write_tables(archive)?;
        // Last of the data: the audit log, so it holds the export's own start line.
        if !self.write_audit_log(archive)? {
            return Ok(false);
        }
        let readme = readme::render(self, &archive.outcome, &archive.zone, self.now())?;
        fs::write(archive.path(README), readme)?;
        Ok(!archive.cancelled())
    }

    /// Only an active 系统管理员: the export holds every customer's data in full.
    fn require_data_exporter(&self, actor: &User) -> Result<()> {
        match self.store().account(actor.id)? {
            Some(a) if a.active && a.roles.contains(&Role::Admin) => Ok(()),
            _ => Err(AppError::new(ErrorCode::Forbidden, "只有系统管理员可以导出全部数据")),
        }
    }
}

/// A new folder, or an existing empty one: never one that holds anything
/// (an export mixed into other files could not be told apart from them).
fn check_folder(folder: &Path) -> Result<()> {
    if folder.as_os_str().is_empty() {
        return Err(AppError::invalid("folder", "请选择导出到的文件夹"));
    }
    match fs::read_dir(folder) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(AppError::invalid("folder", format!("文件夹 {} 不是空的：请选择一个新的空文件夹", folder.display())));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            Err(AppError::invalid("folder", format!("{} 不是文件夹", folder.display())))
        }
        Err(e) => Err(e.into()),
    }
}

/// A name safe in any file system: the characters Windows refuses become _.
pub(crate) fn safe_name(name: &str) -> String {
    let safe: String = name.chars().map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect();
    let trimmed = safe.trim().trim_end_matches('.');
    if trimmed.is_empty() || trimmed == "." || trimmed == ".." { "_".to_string() } else { trimmed.to_string() }
}

/// 是 / 否, as the CSV files write a yes-no.
pub(crate) fn yes_no(flag: bool) -> String {
    if flag { "是" } else { "否" }.to_string()
}

/// Yuan as text with two decimals, exact (no float): 1234.50, -0.05.
pub(crate) fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.unsigned_abs() / 100, fen.unsigned_abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_in_every_file_system() {
        assert_eq!(safe_name("现场照片/1.jpg"), "现场照片_1.jpg");
        assert_eq!(safe_name(".."), "_");
        assert_eq!(safe_name("a:b?.pdf"), "a_b_.pdf");
    }

    #[test]
    fn yuan_is_exact() {
        assert_eq!(yuan(12_000_000), "120000.00");
        assert_eq!(yuan(-5), "-0.05");
    }
}
