//! `Desk` is what the app can do, whatever the screen or the store: each
//! method validates, decides, and hands the store one atomic write.
//! The Tauri commands are one-line calls into it.

use chrono::Duration;

use crate::clock::Clock;
use crate::codes::*;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::*;
use crate::store::{CaseInsert, CaseUpdate, CaseVoid, FieldChange, SheetBatch, SheetCursor, Store};
use crate::{audit_values, numbering, phone, validate};

/// A case closed more recently than this still counts as "recent": a new
/// complaint on the same matter is a 二次投诉.
pub const RECENT_DAYS: i64 = 30;

pub struct Desk {
    /// Shared with a desk on another clock (`on_clock`), never with another database.
    store: std::sync::Arc<dyn Store>,
    clock: Box<dyn Clock>,
    /// This computer's name, recorded with every sign-in.
    workstation: String,
}

impl Desk {
    pub fn new(store: Box<dyn Store>, clock: Box<dyn Clock>) -> Desk {
        Desk { store: std::sync::Arc::from(store), clock, workstation: "本机".to_string() }
    }

    /// The same database read and written at the times `clock` gives: 载入演示数据
    /// takes each demo case's steps on the days they would have happened.
    pub(crate) fn on_clock(&self, clock: Box<dyn Clock>) -> Desk {
        Desk { store: self.store.clone(), clock, workstation: self.workstation.clone() }
    }

    /// The desk as this computer (its name goes with each sign-in record).
    pub fn with_workstation(self, name: &str) -> Desk {
        Desk { workstation: name.to_string(), ..self }
    }

    pub fn workstation(&self) -> &str {
        &self.workstation
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    // ---- people -------------------------------------------------------

    pub fn users(&self) -> Result<Vec<User>> {
        self.store.users()
    }

    pub fn user(&self, id: i64) -> Result<User> {
        self.store.user(id)?.ok_or_else(|| AppError::not_found("用户"))
    }

    pub fn create_user(&self, name: &str) -> Result<User> {
        let name = validate::required("name", "姓名", name, validate::limits::NAME)?;
        self.store.ensure_user(&name, self.clock.now())
    }

    pub fn departments(&self) -> Result<Vec<Department>> {
        self.store.departments()
    }

    // ---- cases --------------------------------------------------------

    /// 登记: validates, numbers and stores a new complaint, received by `actor`.
    pub fn register_case(&self, actor: &User, input: NewCase) -> Result<Case> {
        let now = self.clock.now();
        let fields = validate::case_fields(input.fields, now)?;
        self.check_department(fields.department_id)?;
        let repeat_of_id = self.repeat_of(&fields, input.related_case_id)?;
        let id = self.store.insert_case(&CaseInsert {
            period: numbering::period(now),
            status: CaseStatus::Registered,
            receiver_id: actor.id,
            handler_id: actor.id,
            validity: None,
            malicious: false,
            repeat_of_id,
            parent_case_id: None,
            round: 1,
            void_reason: None,
            at: now,
            audit_action: "register",
            fields,
        })?;
        self.case(id)
    }

    /// 修改: applies an edit made on `edit.version`; refused if the case
    /// changed since (someone else saved first) or is voided.
    pub fn update_case(&self, actor: &User, edit: CaseEdit) -> Result<Case> {
        let now = self.clock.now();
        let current = self.case(edit.id)?;
        if current.status == CaseStatus::Voided {
            return Err(AppError::new(ErrorCode::Voided, format!("案件 {} 已作废，不能再修改。", current.case_no)));
        }
        if !current.status.is_open() {
            return Err(AppError::new(ErrorCode::WrongState, format!("案件 {} 已结案，不能再修改。", current.case_no)));
        }
        let account = self.account_of(actor.id)?;
        self.check_may_edit(&current, &account)?;
        let mut edited = edit.fields;
        crate::privacy::keep_masked_fields(&current.fields, &mut edited);
        let fields = validate::case_fields(edited, now)?;
        self.check_assessment_fields(&current, &fields, &account)?;
        self.check_department(fields.department_id)?;
        // Once routed, the department changes only by 改派, which keeps the routing history.
        let routed = !matches!(current.status, CaseStatus::Registered | CaseStatus::Assessed);
        if routed && fields.department_id != current.fields.department_id {
            return Err(AppError::invalid("departmentId", "案件已分派，更换责任部门请用「分派」并填写改派原因"));
        }
        let reason = self.downgrade_reason(&current, &fields, edit.severity_reason.as_deref())?;
        let changes = changes(&current.fields, &fields);
        if changes.is_empty() {
            return Ok(current);
        }
        self.store.update_case(&CaseUpdate {
            id: edit.id,
            expected_version: edit.version,
            fields,
            changes,
            reason: reason.map(|r| ("severity", r)),
            actor_id: actor.id,
            at: now,
        })?;
        self.case(edit.id)
    }

    /// 作废: a wrong registration is voided with a reason, never deleted.
    pub fn void_case(&self, actor: &User, id: i64, version: i64, reason: &str) -> Result<Case> {
        let reason = validate::reason("reason", "作废原因", reason)?;
        // Only a case still being handled can be a wrong registration (see
        // `workflow`); voiding twice is the store's VOIDED refusal.
        let case = self.case(id)?;
        if case.status != CaseStatus::Voided {
            crate::workflow::next_status(case.status, crate::workflow::Step::Void)?;
        }
        self.check_receiver_owns(&case, &self.account_of(actor.id)?, "作废")?;
        let supersedes = crate::documents::superseded(&format!("案件已作废（{reason}）"));
        self.store.void_case(&CaseVoid { id, expected_version: version, reason, actor_id: actor.id, at: self.clock.now(), supersedes })?;
        self.case(id)
    }

    pub fn case(&self, id: i64) -> Result<Case> {
        self.store.case(id)?.ok_or_else(|| AppError::not_found("案件"))
    }

    /// A page of the sheet. Due times are judged by the desk's clock: the
    /// 时效 filter becomes a window of due times, and rows are marked overdue.
    pub fn case_page(&self, query: &CaseQuery) -> Result<CasePage> {
        let query = self.with_due_window(query);
        let mut page = self.store.case_page(&query)?;
        self.mark_due(&mut page.rows);
        page.now = self.now();
        page.search_terms = crate::search::terms(&query.search);
        Ok(page)
    }

    /// The sheet walked by a cursor (the export): the rows after `after` in
    /// the query's order, marked overdue by the desk's clock. A 时效 filter
    /// not yet a window becomes one now; a walk sets it once
    /// (`with_due_window`), so that every step judges it at the same moment.
    pub fn case_rows_after(&self, query: &CaseQuery, after: Option<&SheetCursor>, limit: u32) -> Result<SheetBatch> {
        let mut batch = if query.due.is_some() && query.due_window.is_none() {
            self.store.case_rows_after(&self.with_due_window(query), after, limit)?
        } else {
            self.store.case_rows_after(query, after, limit)?
        };
        self.mark_due(&mut batch.rows);
        Ok(batch)
    }

    /// The query with its 时效 filter as a window of due times from now.
    pub fn with_due_window(&self, query: &CaseQuery) -> CaseQuery {
        CaseQuery { due_window: query.due.map(|f| self.due_window(f)), ..query.clone() }
    }

    /// A page of the sheet as `actor` may see it (`privacy`).
    pub fn sheet(&self, actor: &User, query: &CaseQuery) -> Result<CasePage> {
        let mut page = self.case_page(query)?;
        page.rows = self.rows_shown_to(actor, std::mem::take(&mut page.rows))?;
        Ok(page)
    }

    /// The case's history, oldest first, read from the audit log.
    pub fn case_timeline(&self, id: i64) -> Result<Vec<AuditEntry>> {
        self.case(id)?;
        self.store.audit_of("case", id)
    }

    /// What the registration form shows when a phone number is typed.
    pub fn customer_history(&self, typed_phone: &str) -> Result<CustomerHistory> {
        let empty = CustomerHistory { customer: None, cases: vec![], open_or_recent_ids: vec![] };
        let Ok(phone) = phone::normalize(typed_phone) else { return Ok(empty) };
        let Some(customer) = self.store.customer_by_phone(&phone)? else { return Ok(empty) };
        let mut cases = self.store.customer_cases(customer.id, 50)?;
        self.mark_due(&mut cases);
        let since = self.clock.now() - Duration::days(RECENT_DAYS);
        let open_or_recent_ids = cases
            .iter()
            .filter(|c| c.status != CaseStatus::Voided && (c.status.is_open() || c.received_at >= since))
            .map(|c| c.id)
            .collect();
        Ok(CustomerHistory { customer: Some(customer), cases, open_or_recent_ids })
    }

    /// 客户历史 as the registration form shows it to `actor`: the customer as
    /// on record (the agent has him on the line and typed his full number),
    /// his earlier cases masked unless `actor` may see them.
    pub fn customer_history_for(&self, actor: &User, typed_phone: &str) -> Result<CustomerHistory> {
        let mut history = self.customer_history(typed_phone)?;
        history.cases = self.rows_shown_to(actor, std::mem::take(&mut history.cases))?;
        Ok(history)
    }

    /// The earlier case a new complaint repeats: the one the agent picked,
    /// or else the customer's newest open-or-recent case on the same matter
    /// (same order, item or cause type when both cases name one).
    fn repeat_of(&self, fields: &CaseFields, picked: Option<i64>) -> Result<Option<i64>> {
        let history = self.customer_history(&fields.customer_phone)?;
        if let Some(id) = picked {
            if !history.cases.iter().any(|c| c.id == id) {
                return Err(AppError::invalid("relatedCaseId", "所选的前案不属于该客户"));
            }
            return Ok(Some(id));
        }
        for id in &history.open_or_recent_ids {
            let earlier = self.case(*id)?;
            if same_matter(&earlier.fields, fields) {
                return Ok(Some(earlier.id));
            }
        }
        Ok(None)
    }

    pub(crate) fn check_department(&self, id: Option<i64>) -> Result<()> {
        match id {
            Some(id) if !self.store.departments()?.iter().any(|d| d.id == id) => {
                Err(AppError::invalid("departmentId", "所选责任部门不存在"))
            }
            _ => Ok(()),
        }
    }

}

/// Field-by-field differences, as the audit log keeps them.
fn changes(old: &CaseFields, new: &CaseFields) -> Vec<FieldChange> {
    audit_values::fields(old)
        .into_iter()
        .zip(audit_values::fields(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, old), (_, new))| FieldChange { field, old, new })
        .collect()
}

fn same_matter(earlier: &CaseFields, new: &CaseFields) -> bool {
    fn differs(a: &str, b: &str) -> bool {
        !a.is_empty() && !b.is_empty() && a != b
    }
    if differs(&earlier.order_no, &new.order_no) || differs(&earlier.item_no, &new.item_no) {
        return false;
    }
    !matches!((earlier.cause_type, new.cause_type), (Some(a), Some(b)) if a != b)
}
