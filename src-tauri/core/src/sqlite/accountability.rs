//! 奖罚 in SQLite: penalty notices and store fines, each write one
//! IMMEDIATE transaction with its audit lines on the notice.

use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::rows::{audit, time};
use super::{from_millis, millis, SqliteStore};
use crate::accountability::rules::StoreFineKind;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::accountability::*;
use crate::store::{ComposeDocument, DocumentInsert, Stamp};

const NOTICES: &str = "SELECT n.id, n.month, n.state, n.body, n.total_fen, p.name, n.proposed_at, d.name, n.decided_at, n.decision_note,
        n.document_id, doc.number, n.void_reason, v.name, n.voided_at
    FROM penalty_notices n JOIN users p ON p.id = n.proposed_by LEFT JOIN users d ON d.id = n.decided_by
    LEFT JOIN users v ON v.id = n.voided_by LEFT JOIN documents doc ON doc.id = n.document_id";

fn state(r: &Row, idx: usize) -> rusqlite::Result<PenaltyState> {
    let code: String = r.get(idx)?;
    PenaltyState::from_code(&code).ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, format!("unknown state {code:?}").into()))
}

fn notice(r: &Row) -> rusqlite::Result<PenaltyNoticeRecord> {
    Ok(PenaltyNoticeRecord {
        id: r.get(0)?,
        month: r.get(1)?,
        state: state(r, 2)?,
        body: r.get(3)?,
        total_fen: r.get(4)?,
        proposed_by_name: r.get(5)?,
        proposed_at: time(r, 6)?,
        decided_by_name: r.get(7)?,
        decided_at: r.get::<_, Option<i64>>(8)?.map(from_millis),
        decision_note: r.get(9)?,
        document_id: r.get(10)?,
        document_no: r.get(11)?,
        void_reason: r.get(12)?,
        voided_by_name: r.get(13)?,
        voided_at: r.get::<_, Option<i64>>(14)?.map(from_millis),
    })
}

pub fn penalty_notices(conn: &Connection, month: Option<&str>) -> Result<Vec<PenaltyNoticeRecord>> {
    let sql = format!("{NOTICES} WHERE (?1 IS NULL OR n.month = ?1) ORDER BY n.month, n.id");
    Ok(conn.prepare_cached(&sql)?.query_map([month], notice)?.collect::<rusqlite::Result<_>>()?)
}

pub fn penalty_notice(conn: &Connection, id: i64) -> Result<Option<PenaltyNoticeRecord>> {
    let sql = format!("{NOTICES} WHERE n.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], notice).optional()?)
}

fn line(tx: &Transaction, by: Stamp, id: i64, action: &str, field: &str, old: Option<&str>, new: Option<&str>, reason: Option<&str>) -> Result<()> {
    audit(tx, by.at, by.actor_id, "penalty_notice", id, action, Some(field), old, new, reason)
}

pub fn insert_penalty_notice(tx: &Transaction, n: &PenaltyNoticeInsert) -> Result<i64> {
    let live: Option<String> = tx
        .query_row("SELECT state FROM penalty_notices WHERE month = ?1 AND state IN ('proposed', 'approved', 'issued')", [&n.month], |r| r.get(0))
        .optional()?;
    if let Some(live) = live {
        let label = PenaltyState::from_code(&live).map_or("", |s| s.label());
        return Err(AppError::new(ErrorCode::WrongState, format!("{} 的奖罚已经提出（{label}），请先作废或等总经理退回", n.month)));
    }
    tx.execute(
        "INSERT INTO penalty_notices (month, state, body, total_fen, proposed_by, proposed_at) VALUES (?1, 'proposed', ?2, ?3, ?4, ?5)",
        params![n.month, n.body, n.total_fen, n.by.actor_id, millis(n.by.at)],
    )?;
    let id = tx.last_insert_rowid();
    line(tx, n.by, id, "propose_penalties", "month", None, Some(&n.month), None)?;
    line(tx, n.by, id, "propose_penalties", "totalFen", None, Some(&n.total_fen.to_string()), None)?;
    line(tx, n.by, id, "propose_penalties", "penaltyState", None, Some(PenaltyState::Proposed.code()), None)?;
    Ok(id)
}

fn current(tx: &Transaction, id: i64) -> Result<(String, PenaltyState, Option<i64>)> {
    let found: Option<(String, String, Option<i64>)> = tx
        .query_row("SELECT month, state, document_id FROM penalty_notices WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (month, code, doc) = found.ok_or_else(|| AppError::not_found("奖罚通知"))?;
    let state = PenaltyState::from_code(&code).ok_or_else(|| AppError::new(ErrorCode::Storage, format!("unknown state {code}")))?;
    Ok((month, state, doc))
}

fn changed(month: &str) -> AppError {
    AppError::new(ErrorCode::StaleEdit, format!("{month} 的奖罚刚被他人处理，本次没有保存：请刷新后再操作。"))
}

pub fn change_penalty_notice(tx: &Transaction, c: &PenaltyNoticeChange) -> Result<()> {
    let (month, now, document_id) = current(tx, c.notice_id)?;
    if now != c.from {
        return Err(changed(&month));
    }
    let at = millis(c.by.at);
    let action = match c.to {
        PenaltyState::Voided => {
            tx.execute(
                "UPDATE penalty_notices SET state = 'voided', void_reason = ?1, voided_by = ?2, voided_at = ?3 WHERE id = ?4",
                params![c.note, c.by.actor_id, at, c.notice_id],
            )?;
            if let Some(doc) = document_id {
                super::documents::void_document(tx, doc, &c.note, c.by)?;
            }
            "void_penalties"
        }
        to => {
            tx.execute(
                "UPDATE penalty_notices SET state = ?1, decided_by = ?2, decided_at = ?3, decision_note = ?4 WHERE id = ?5",
                params![to.code(), c.by.actor_id, at, c.note, c.notice_id],
            )?;
            "decide_penalties"
        }
    };
    let reason = (!c.note.is_empty()).then_some(c.note.as_str());
    line(tx, c.by, c.notice_id, action, "penaltyState", Some(c.from.code()), Some(c.to.code()), reason)
}

pub fn issue_penalty_notice(tx: &Transaction, notice_id: i64, d: &DocumentInsert, compose: &ComposeDocument, fines: &[StoreFineInsert]) -> Result<i64> {
    let (month, now, _) = current(tx, notice_id)?;
    if now != PenaltyState::Approved {
        return Err(changed(&month));
    }
    let document_id = super::documents::insert_document(tx, d, compose)?;
    tx.execute("UPDATE penalty_notices SET state = 'issued', document_id = ?1 WHERE id = ?2", params![document_id, notice_id])?;
    for f in fines {
        tx.execute(
            "INSERT INTO store_fines (notice_id, department_id, payer, kind, case_no, amount_fen, due_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![notice_id, f.department_id, f.payer, f.kind.code(), f.case_no, f.amount_fen, f.due_date.to_string()],
        )?;
    }
    let number: String = tx.query_row("SELECT number FROM documents WHERE id = ?1", [document_id], |r| r.get(0))?;
    line(tx, d.by, notice_id, "issue_penalties", "documentNo", None, Some(&number), None)?;
    line(tx, d.by, notice_id, "issue_penalties", "penaltyState", Some(now.code()), Some(PenaltyState::Issued.code()), None)?;
    Ok(document_id)
}

const FINES: &str = "SELECT f.id, f.notice_id, n.month, f.department_id, dep.name, f.payer, f.kind, f.case_no, f.amount_fen, f.due_date,
        u.name, f.paid_at, n.state = 'voided'
    FROM store_fines f JOIN penalty_notices n ON n.id = f.notice_id JOIN departments dep ON dep.id = f.department_id
    LEFT JOIN users u ON u.id = f.paid_by
    WHERE n.month LIKE ?1 || '%' ORDER BY f.id";

fn fine(r: &Row) -> rusqlite::Result<StoreFine> {
    let kind: String = r.get(6)?;
    let due: String = r.get(9)?;
    Ok(StoreFine {
        id: r.get(0)?,
        notice_id: r.get(1)?,
        month: r.get(2)?,
        department_id: r.get(3)?,
        department_name: r.get(4)?,
        payer: r.get(5)?,
        kind: StoreFineKind::from_code(&kind)
            .ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(6, Type::Text, format!("unknown kind {kind:?}").into()))?,
        case_no: r.get(7)?,
        amount_fen: r.get(8)?,
        due_date: due.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(9, Type::Text, Box::new(e)))?,
        paid_by_name: r.get(10)?,
        paid_at: r.get::<_, Option<i64>>(11)?.map(from_millis),
        voided: r.get(12)?,
        overdue: false,
    })
}

pub fn store_fines(conn: &Connection, prefix: &str) -> Result<Vec<StoreFine>> {
    Ok(conn.prepare_cached(FINES)?.query_map([prefix], fine)?.collect::<rusqlite::Result<_>>()?)
}

pub fn mark_store_fine_paid(tx: &Transaction, fine_id: i64, by: Stamp) -> Result<()> {
    let found: Option<(i64, Option<i64>, String, String, String)> = tx
        .query_row(
            "SELECT f.notice_id, f.paid_at, n.state, dep.name, f.payer FROM store_fines f JOIN penalty_notices n ON n.id = f.notice_id
             JOIN departments dep ON dep.id = f.department_id WHERE f.id = ?1",
            [fine_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let (notice_id, paid, state, store, payer) = found.ok_or_else(|| AppError::not_found("门店罚款"))?;
    if paid.is_some() {
        return Err(AppError::new(ErrorCode::WrongState, format!("{store}（{payer}）的这笔罚款已登记缴款")));
    }
    if state == PenaltyState::Voided.code() {
        return Err(AppError::new(ErrorCode::Voided, format!("{store} 的这笔罚款所在奖罚已作废，无需缴款")));
    }
    tx.execute("UPDATE store_fines SET paid_by = ?1, paid_at = ?2 WHERE id = ?3", params![by.actor_id, millis(by.at), fine_id])?;
    line(tx, by, notice_id, "store_fine_paid", "storeFine", None, Some(&format!("{store}（{payer}）#{fine_id}")), None)
}

impl AccountabilityStore for SqliteStore {
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
