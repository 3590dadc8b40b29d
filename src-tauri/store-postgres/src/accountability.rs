//! 奖罚 in PostgreSQL: the same statements as `core::sqlite::accountability`,
//! function for function. What differs from SQLite, and why:
//! - A change to a notice locks its row first (`SELECT … FOR UPDATE`), so
//!   two desks deciding or voiding one notice run one after the other and
//!   the second finds the first's state; a fine marked paid likewise.
//! - Two proposals of one month at once: the partial unique index
//!   `penalty_notices_one_live` refuses the second, as the check does on SQLite.

use postgres::error::SqlState;
use postgres::Row;

use complaintdesk_core::accountability::rules::StoreFineKind;
use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::store::accountability::*;
use complaintdesk_core::store::{ComposeDocument, DocumentInsert, Stamp};

use crate::rows::{all, audit, get, millis, time, time_opt};
use crate::sql::Sql;
use crate::{Db, PgStore};

const NOTICES: &str = "SELECT n.id, n.month, n.state, n.body, n.total_fen, p.name, n.proposed_at, d.name, n.decided_at, n.decision_note,
        n.document_id, doc.number, n.void_reason, v.name, n.voided_at
    FROM penalty_notices n JOIN users p ON p.id = n.proposed_by LEFT JOIN users d ON d.id = n.decided_by
    LEFT JOIN users v ON v.id = n.voided_by LEFT JOIN documents doc ON doc.id = n.document_id";

fn state(code: &str) -> Result<PenaltyState> {
    PenaltyState::from_code(code).ok_or_else(|| AppError::new(ErrorCode::Storage, format!("数据库中有本程序不认识的代码 {code:?}")))
}

fn notice(r: &Row) -> Result<PenaltyNoticeRecord> {
    let code: String = get(r, 2)?;
    Ok(PenaltyNoticeRecord {
        id: get(r, 0)?,
        month: get(r, 1)?,
        state: state(&code)?,
        body: get(r, 3)?,
        total_fen: get(r, 4)?,
        proposed_by_name: get(r, 5)?,
        proposed_at: time(r, 6)?,
        decided_by_name: get(r, 7)?,
        decided_at: time_opt(r, 8)?,
        decision_note: get(r, 9)?,
        document_id: get(r, 10)?,
        document_no: get(r, 11)?,
        void_reason: get(r, 12)?,
        voided_by_name: get(r, 13)?,
        voided_at: time_opt(r, 14)?,
    })
}

pub fn penalty_notices(c: &mut impl Sql, month: Option<&str>) -> Result<Vec<PenaltyNoticeRecord>> {
    let sql = format!("{NOTICES} WHERE ($1::TEXT IS NULL OR n.month = $1) ORDER BY n.month, n.id");
    all(c.query(&sql, &[&month]).db()?, notice)
}

pub fn penalty_notice(c: &mut impl Sql, id: i64) -> Result<Option<PenaltyNoticeRecord>> {
    let sql = format!("{NOTICES} WHERE n.id = $1");
    c.query_opt(&sql, &[&id]).db()?.map(|r| notice(&r)).transpose()
}

#[allow(clippy::too_many_arguments)]
fn line(c: &mut impl Sql, by: Stamp, id: i64, action: &str, field: &str, old: Option<&str>, new: Option<&str>, reason: Option<&str>) -> Result<()> {
    audit(c, by.at, by.actor_id, "penalty_notice", id, action, Some(field), old, new, reason)
}

pub fn insert_penalty_notice(c: &mut impl Sql, n: &PenaltyNoticeInsert) -> Result<i64> {
    let live = c
        .query_opt("SELECT state FROM penalty_notices WHERE month = $1 AND state IN ('proposed', 'approved', 'issued')", &[&n.month])
        .db()?;
    if let Some(live) = live {
        let code: String = get(&live, 0)?;
        let label = PenaltyState::from_code(&code).map_or("", |s| s.label());
        return Err(AppError::new(ErrorCode::WrongState, format!("{} 的奖罚已经提出（{label}），请先作废或等总经理退回", n.month)));
    }
    let inserted = c.query_one(
        "INSERT INTO penalty_notices (month, state, body, total_fen, proposed_by, proposed_at) VALUES ($1, 'proposed', $2, $3, $4, $5) RETURNING id",
        &[&n.month, &n.body, &n.total_fen, &n.by.actor_id, &millis(n.by.at)],
    );
    // Another desk proposed the same month between the check and the insert.
    let row = match inserted {
        Err(e) if e.as_db_error().is_some_and(|d| d.code() == &SqlState::UNIQUE_VIOLATION && d.constraint() == Some("penalty_notices_one_live")) => {
            return Err(AppError::new(ErrorCode::WrongState, format!("{} 的奖罚刚被他人提出，请刷新后查看", n.month)));
        }
        other => other.db()?,
    };
    let id: i64 = get(&row, 0)?;
    line(c, n.by, id, "propose_penalties", "month", None, Some(&n.month), None)?;
    line(c, n.by, id, "propose_penalties", "totalFen", None, Some(&n.total_fen.to_string()), None)?;
    line(c, n.by, id, "propose_penalties", "penaltyState", None, Some(PenaltyState::Proposed.code()), None)?;
    Ok(id)
}

/// The notice's month, state and document, its row locked until the transaction ends.
fn locked(c: &mut impl Sql, id: i64) -> Result<(String, PenaltyState, Option<i64>)> {
    let row = c
        .query_opt("SELECT month, state, document_id FROM penalty_notices WHERE id = $1 FOR UPDATE", &[&id])
        .db()?
        .ok_or_else(|| AppError::not_found("奖罚通知"))?;
    let code: String = get(&row, 1)?;
    Ok((get(&row, 0)?, state(&code)?, get(&row, 2)?))
}

fn changed(month: &str) -> AppError {
    AppError::new(ErrorCode::StaleEdit, format!("{month} 的奖罚刚被他人处理，本次没有保存：请刷新后再操作。"))
}

pub fn change_penalty_notice(c: &mut impl Sql, ch: &PenaltyNoticeChange) -> Result<()> {
    let (month, now, document_id) = locked(c, ch.notice_id)?;
    if now != ch.from {
        return Err(changed(&month));
    }
    let at = millis(ch.by.at);
    let action = match ch.to {
        PenaltyState::Voided => {
            c.execute(
                "UPDATE penalty_notices SET state = 'voided', void_reason = $1, voided_by = $2, voided_at = $3 WHERE id = $4",
                &[&ch.note, &ch.by.actor_id, &at, &ch.notice_id],
            )
            .db()?;
            if let Some(doc) = document_id {
                crate::documents::void_document(c, doc, &ch.note, ch.by)?;
            }
            "void_penalties"
        }
        to => {
            c.execute(
                "UPDATE penalty_notices SET state = $1, decided_by = $2, decided_at = $3, decision_note = $4 WHERE id = $5",
                &[&to.code(), &ch.by.actor_id, &at, &ch.note, &ch.notice_id],
            )
            .db()?;
            "decide_penalties"
        }
    };
    let reason = (!ch.note.is_empty()).then_some(ch.note.as_str());
    line(c, ch.by, ch.notice_id, action, "penaltyState", Some(ch.from.code()), Some(ch.to.code()), reason)
}

pub fn issue_penalty_notice(c: &mut impl Sql, notice_id: i64, d: &DocumentInsert, compose: &ComposeDocument, fines: &[StoreFineInsert]) -> Result<i64> {
    let (month, now, _) = locked(c, notice_id)?;
    if now != PenaltyState::Approved {
        return Err(changed(&month));
    }
    let document_id = crate::documents::insert_document(c, d, compose)?;
    c.execute("UPDATE penalty_notices SET state = 'issued', document_id = $1 WHERE id = $2", &[&document_id, &notice_id]).db()?;
    for f in fines {
        c.execute(
            "INSERT INTO store_fines (notice_id, department_id, payer, kind, case_no, amount_fen, due_date) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&notice_id, &f.department_id, &f.payer, &f.kind.code(), &f.case_no, &f.amount_fen, &f.due_date.to_string()],
        )
        .db()?;
    }
    let number: String = get(&c.query_one("SELECT number FROM documents WHERE id = $1", &[&document_id]).db()?, 0)?;
    line(c, d.by, notice_id, "issue_penalties", "documentNo", None, Some(&number), None)?;
    line(c, d.by, notice_id, "issue_penalties", "penaltyState", Some(now.code()), Some(PenaltyState::Issued.code()), None)?;
    Ok(document_id)
}

const FINES: &str = "SELECT f.id, f.notice_id, n.month, f.department_id, dep.name, f.payer, f.kind, f.case_no, f.amount_fen, f.due_date,
        u.name, f.paid_at, n.state = 'voided'
    FROM store_fines f JOIN penalty_notices n ON n.id = f.notice_id JOIN departments dep ON dep.id = f.department_id
    LEFT JOIN users u ON u.id = f.paid_by
    WHERE n.month LIKE $1 || '%' ORDER BY f.id";

fn fine(r: &Row) -> Result<StoreFine> {
    let kind: String = get(r, 6)?;
    let due: String = get(r, 9)?;
    Ok(StoreFine {
        id: get(r, 0)?,
        notice_id: get(r, 1)?,
        month: get(r, 2)?,
        department_id: get(r, 3)?,
        department_name: get(r, 4)?,
        payer: get(r, 5)?,
        kind: StoreFineKind::from_code(&kind).ok_or_else(|| AppError::new(ErrorCode::Storage, format!("数据库中有本程序不认识的代码 {kind:?}")))?,
        case_no: get(r, 7)?,
        amount_fen: get(r, 8)?,
        due_date: due.parse().map_err(|e| AppError::new(ErrorCode::Storage, format!("缴款期限无法读取（{due}）：{e}")))?,
        paid_by_name: get(r, 10)?,
        paid_at: time_opt(r, 11)?,
        voided: get(r, 12)?,
        overdue: false,
    })
}

pub fn store_fines(c: &mut impl Sql, prefix: &str) -> Result<Vec<StoreFine>> {
    all(c.query(FINES, &[&prefix]).db()?, fine)
}

pub fn mark_store_fine_paid(c: &mut impl Sql, fine_id: i64, by: Stamp) -> Result<()> {
    let row = c
        .query_opt(
            "SELECT f.notice_id, f.paid_at, n.state, dep.name, f.payer FROM store_fines f JOIN penalty_notices n ON n.id = f.notice_id
             JOIN departments dep ON dep.id = f.department_id WHERE f.id = $1 FOR UPDATE OF f",
            &[&fine_id],
        )
        .db()?
        .ok_or_else(|| AppError::not_found("门店罚款"))?;
    let (notice_id, paid, state, store, payer): (i64, Option<i64>, String, String, String) =
        (get(&row, 0)?, get(&row, 1)?, get(&row, 2)?, get(&row, 3)?, get(&row, 4)?);
    if paid.is_some() {
        return Err(AppError::new(ErrorCode::WrongState, format!("{store}（{payer}）的这笔罚款已登记缴款")));
    }
    if state == PenaltyState::Voided.code() {
        return Err(AppError::new(ErrorCode::Voided, format!("{store} 的这笔罚款所在奖罚已作废，无需缴款")));
    }
    c.execute("UPDATE store_fines SET paid_by = $1, paid_at = $2 WHERE id = $3", &[&by.actor_id, &millis(by.at), &fine_id]).db()?;
    line(c, by, notice_id, "store_fine_paid", "storeFine", None, Some(&format!("{store}（{payer}）#{fine_id}")), None)
}

impl AccountabilityStore for PgStore {
    fn penalty_notices(&self, month: Option<&str>) -> Result<Vec<PenaltyNoticeRecord>> {
        self.read(|c| penalty_notices(c, month))
    }

    fn penalty_notice(&self, id: i64) -> Result<Option<PenaltyNoticeRecord>> {
        self.read(|c| penalty_notice(c, id))
    }

    fn insert_penalty_notice(&self, insert: &PenaltyNoticeInsert) -> Result<i64> {
        self.write(|tx| insert_penalty_notice(tx, insert))
    }

    fn change_penalty_notice(&self, change: &PenaltyNoticeChange) -> Result<()> {
        self.write(|tx| change_penalty_notice(tx, change))
    }

    fn issue_penalty_notice(&self, notice_id: i64, document: &DocumentInsert, compose: &ComposeDocument, fines: &[StoreFineInsert]) -> Result<i64> {
        self.write(|tx| issue_penalty_notice(tx, notice_id, document, compose, fines))
    }

    fn store_fines(&self, month_prefix: &str) -> Result<Vec<StoreFine>> {
        self.read(|c| store_fines(c, month_prefix))
    }

    fn mark_store_fine_paid(&self, fine_id: i64, by: Stamp) -> Result<()> {
        self.write(|tx| mark_store_fine_paid(tx, fine_id, by))
    }
}
