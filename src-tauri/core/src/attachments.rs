//! 附件: photos, letters and scans kept with a case. They live in the
//! database, not in a folder, so a department sharing one database sees the
//! same evidence at every desk.

use base64::Engine;

use crate::codes::CaseStatus;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::{Attachment, AttachmentContent, NewAttachment, User};
use crate::store::AttachmentInsert;
use crate::{validate, Desk};

/// Large enough for a phone photo or a scanned letter of several pages.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// The media type from the file name, so the viewer knows what it shows.
pub fn media_type(file_name: &str) -> &'static str {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

impl Desk {
    /// Keeps a file with a case; recorded in the case's timeline.
    pub fn add_attachment(&self, actor: &User, input: NewAttachment) -> Result<Attachment> {
        let case = self.case(input.case_id)?;
        if case.status == CaseStatus::Voided {
            return Err(AppError::new(ErrorCode::Voided, format!("案件 {} 已作废，不能再添加附件。", case.case_no)));
        }
        // A file name is never printed: any script may stay in it.
        let file_name = validate::unprinted("fileName", "文件名", &input.file_name, validate::limits::ADDRESS)?;
        if file_name.is_empty() {
            return Err(AppError::invalid("fileName", "请填写文件名"));
        }
        let note = validate::optional("note", "附件说明", &input.note, validate::limits::ADDRESS)?;
        let content = base64::engine::general_purpose::STANDARD
            .decode(input.content_base64.trim())
            .map_err(|_| AppError::invalid("content", "附件内容无法读取，请重新选择文件"))?;
        if content.is_empty() {
            return Err(AppError::invalid("content", "附件是空文件"));
        }
        if content.len() > MAX_BYTES {
            return Err(AppError::invalid("content", "附件不能超过 20 MB"));
        }
        let id = self.store().insert_attachment(&AttachmentInsert {
            case_id: case.id,
            media_type: media_type(&file_name).to_string(),
            file_name,
            content,
            note,
            actor_id: actor.id,
            at: self.now(),
        })?;
        self.store().attachments(case.id)?.into_iter().find(|a| a.id == id).ok_or_else(|| AppError::not_found("附件"))
    }

    pub fn attachments(&self, case_id: i64) -> Result<Vec<Attachment>> {
        self.case(case_id)?;
        self.store().attachments(case_id)
    }

    /// Writes an attachment to a file the user chose (保存附件).
    pub fn export_attachment(&self, id: i64, path: &std::path::Path) -> Result<()> {
        let (_, _, bytes) = self.store().attachment_content(id)?.ok_or_else(|| AppError::not_found("附件"))?;
        std::fs::write(path, bytes)?;
        Ok(())
    }

    pub fn attachment_content(&self, id: i64) -> Result<AttachmentContent> {
        let (file_name, media_type, bytes) = self.store().attachment_content(id)?.ok_or_else(|| AppError::not_found("附件"))?;
        Ok(AttachmentContent { file_name, media_type, content_base64: base64::engine::general_purpose::STANDARD.encode(bytes) })
    }
}
