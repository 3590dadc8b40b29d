//! The one error type that crosses every boundary: core → command → IPC → UI.
//! It serialises as `{code, message, field}`; `code` is stable and the UI
//! translates by it, `message` is the zh-CN text for logs and fallbacks.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// A field is missing or malformed; `field` names it.
    Validation,
    NotFound,
    /// Someone else saved the record since it was loaded (optimistic concurrency).
    StaleEdit,
    /// The case is voided and can no longer change.
    Voided,
    /// The database file cannot be opened (not a database, no permission, …).
    DbOpenFailed,
    /// The database file was written by a newer version of the app.
    DbTooNew,
    /// Any other storage failure; the action was rolled back.
    Storage,
    /// The department's server cannot be reached (the connection dropped, or
    /// reconnecting failed). The action did not complete; the desk keeps
    /// trying, and the UI shows 与服务器的连接中断，正在重试… until it is back.
    ServerUnreachable,
    /// Nobody is signed in at this workstation.
    NoCurrentUser,
    /// The session locked itself after the idle time; sign in again.
    SessionLocked,
    /// Signed in with a temporary password (set by the admin): nothing but
    /// 修改密码 until the person chooses his own.
    PasswordChangeRequired,
    /// The user's roles do not allow this action; the message says why.
    Forbidden,
    /// Wrong login or password (one message for both, so a login cannot be probed).
    SignInFailed,
    /// The action does not fit the case's current step.
    WrongState,
    /// The action is allowed but weighty (an approval above the admin's
    /// amount): the person must confirm it and send it again, confirmed.
    ConfirmationNeeded,
    /// The bundled font has no glyph for a character to print; the message names it and its field.
    MissingGlyph,
    /// An optional module (奖罚) is switched off for this organisation.
    ModuleOff,
    /// A file chosen to restore from is damaged, not a 客诉台 database, or
    /// too new for this build; nothing was changed.
    BackupRefused,
    Io,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The form's other fields that are wrong too (an empty form names every
    /// missing field at once); `field` and `message` are the first of them.
    #[ts(as = "Option<Vec<FieldProblem>>", optional)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<FieldProblem>,
}

/// One more field of a refused form, with what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code, message: message.into(), field: None, others: vec![] }
    }

    /// A validation error about one field. `field` is the camelCase IPC name.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError { code: ErrorCode::Validation, message: message.into(), field: Some(field.to_string()), others: vec![] }
    }

    /// Every refusal of one form together: the first as usual, the rest in
    /// `others`. `None` when there is nothing to refuse.
    pub fn all_of(mut problems: Vec<AppError>) -> Option<AppError> {
        if problems.is_empty() {
            return None;
        }
        let mut first = problems.remove(0);
        first.others = problems
            .into_iter()
            .map(|p| FieldProblem { field: p.field.unwrap_or_default(), message: p.message })
            .collect();
        Some(first)
    }

    pub fn not_found(what: &str) -> Self {
        AppError::new(ErrorCode::NotFound, format!("{what}不存在"))
    }

    /// Someone else changed the case since this person loaded it.
    pub fn stale_case(case_no: &str) -> Self {
        AppError::new(ErrorCode::StaleEdit, format!("案件 {case_no} 已被他人修改，请刷新后再编辑。您的修改未保存。"))
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for AppError {}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::new(ErrorCode::Storage, format!("数据库操作失败，已撤销本次操作：{e}"))
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::new(ErrorCode::Io, format!("文件读写失败：{e}"))
    }
}
