//! `PgStore`: one connection per desk, the core's store traits wired to the
//! SQL of each area. A write is one transaction; a dropped connection is
//! opened again at the next call. A connection found dead at the start of a
//! call (cut while the desk was idle: a server restart, a firewall, IT
//! ending sessions) is replaced and the call made on the new one: a read
//! changes nothing, and a write whose BEGIN failed sent nothing else. A
//! write is never retried once it has begun: its fate went with the dead
//! connection.

use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use postgres::{Client, Transaction};

use crate::sql::{Cached, Connection, Sql};

use complaintdesk_core::error::{AppError, ErrorCode, Result};

use complaintdesk_core::authority::ApproverLevel;
use complaintdesk_core::codes::*;
use complaintdesk_core::deadlines::{DeadlinePolicy, DepartmentCount, Reminder};
use complaintdesk_core::documents::StoredDocument;
use complaintdesk_core::model::*;
use complaintdesk_core::routing::RoutingRule;
use complaintdesk_core::store::*;

use crate::config::PgConfig;
use crate::{attachments, cases, connect, deadlines, documents, migrations, people, rows, systemic, workflow, Db};

pub struct PgStore {
    config: PgConfig,
    connection: Mutex<Option<Connection>>,
}

impl PgStore {
    /// Connects, refuses a database that is not ours or is newer than this
    /// build, and brings the schema up to date.
    pub fn connect(config: &PgConfig) -> Result<PgStore> {
        let mut client = connect::open(config)?;
        migrations::run(&mut client, &config.dbname)?;
        Ok(PgStore { config: config.clone(), connection: Mutex::new(Some(Connection::new(client))) })
    }

    pub fn config(&self) -> &PgConfig {
        &self.config
    }

    /// The live connection, opened again if the last one was lost.
    fn connection(&self) -> Result<MutexGuard<'_, Option<Connection>>> {
        let mut guard = self.lock();
        if guard.as_ref().is_none_or(Connection::is_closed) {
            *guard = None;
            // Opening failed: the server is gone for now (the first connect,
            // in `connect`, says exactly why instead).
            let mut client = connect::open(&self.config).map_err(|e| {
                AppError::new(ErrorCode::ServerUnreachable, format!("与服务器的连接中断，本次操作没有完成。{}", e.message))
            })?;
            // A server restored or migrated meanwhile is checked again.
            migrations::check_ours(&mut client, &self.config.dbname)?;
            *guard = Some(Connection::new(client));
        }
        Ok(guard)
    }

    fn lock(&self) -> MutexGuard<'_, Option<Connection>> {
        self.connection.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut Cached<'_, Transaction<'_>>) -> Result<T>) -> Result<T> {
        let mut f = Some(f);
        let mut first_try = true;
        loop {
            let mut guard = self.connection()?;
            let attempt = match guard.as_mut().expect("connected").transaction() {
                Ok(mut tx) => Ok((f.take().expect("run once"))(&mut tx).and_then(|value| {
                    tx.commit().db()?;
                    Ok(value)
                })),
                Err(e) => Err(e),
            };
            let begin_failed = match attempt {
                Ok(result) => {
                    if result.as_ref().is_err_and(is_connection_lost) {
                        *guard = None;
                    }
                    return result;
                }
                Err(e) => e,
            };
            let ended = crate::session_ended(&begin_failed);
            if ended {
                *guard = None;
            }
            // Dead since the last call: only BEGIN was sent, so begin again
            // on a new connection (`connection()` opens it).
            if first_try && ended {
                first_try = false;
                continue;
            }
            return Err(crate::db_error(begin_failed));
        }
    }

    pub(crate) fn read<T>(&self, f: impl Fn(&mut Cached<'_, &mut Client>) -> Result<T>) -> Result<T> {
        let result = {
            let mut guard = self.connection()?;
            let result = f(&mut guard.as_mut().expect("connected").reads());
            if result.as_ref().is_err_and(is_connection_lost) {
                *guard = None;
            }
            result
        };
        match result {
            // The connection was lost (while idle, or during this read): a
            // read changes nothing, so it is made once more on a new one.
            Err(e) if is_connection_lost(&e) => f(&mut self.connection()?.as_mut().expect("connected").reads()),
            result => result,
        }
    }

    /// Direct access for benchmarks that compare with raw SQL.
    pub fn with_client<T>(&self, f: impl FnOnce(&mut Client) -> T) -> Result<T> {
        let mut guard = self.connection()?;
        Ok(f(&mut guard.as_mut().expect("connected").client))
    }
}

impl SettingsStore for PgStore {
    fn schema_version(&self) -> Result<i64> {
        self.with_client(|c| crate::migrations::check_ours(c, &self.config().dbname))?
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read(|c| people::setting(c, key))
    }

    fn put_setting(&self, key: &str, value: &str, by: Stamp) -> Result<()> {
        self.write(|tx| people::put_setting(tx, key, value, by))
    }
}

impl PeopleStore for PgStore {
    fn users(&self) -> Result<Vec<User>> {
        self.read(|c| people::users(c))
    }

    fn user(&self, id: i64) -> Result<Option<User>> {
        self.read(|c| people::user(c, id))
    }

    fn ensure_user(&self, name: &str, at: DateTime<Utc>) -> Result<User> {
        self.write(|tx| people::ensure_user(tx, name, at))
    }

    fn departments(&self) -> Result<Vec<Department>> {
        self.read(|c| people::departments(c))
    }

    fn insert_account(&self, account: &AccountInsert) -> Result<User> {
        self.write(|tx| people::insert_account(tx, account))
    }

    fn credentials_by_login(&self, login: &str) -> Result<Option<Credentials>> {
        self.read(|c| people::credentials_by_login(c, login))
    }

    fn credentials(&self, user_id: i64) -> Result<Option<Credentials>> {
        self.read(|c| people::credentials(c, user_id))
    }

    fn accounts(&self) -> Result<Vec<Account>> {
        self.read(|c| people::accounts(c))
    }

    fn account(&self, user_id: i64) -> Result<Option<Account>> {
        self.read(|c| people::account(c, user_id))
    }

    fn roles_of(&self, user_id: i64) -> Result<Vec<Role>> {
        self.read(|c| people::roles_of(c, user_id))
    }

    fn set_roles(&self, user_id: i64, roles: &[Role], by: Stamp) -> Result<()> {
        self.write(|tx| people::set_roles(tx, user_id, roles, by))
    }

    fn set_active(&self, user_id: i64, active: bool, handover: &[CaseStep], by: Stamp) -> Result<()> {
        self.write(|tx| {
            for step in handover {
                workflow::apply_step(tx, step)?;
            }
            people::set_active(tx, user_id, active, by)
        })
    }

    fn record_sign_in(&self, user_id: i64, actions: &[&str], workstation: &str, by: Stamp) -> Result<()> {
        self.write(|tx| people::record_sign_in(tx, user_id, actions, workstation, by))
    }

    fn record_unknown_sign_in(&self, attempt: &UnknownSignIn) -> Result<()> {
        self.write(|tx| people::record_unknown_sign_in(tx, attempt))
    }

    fn unknown_sign_ins(&self, limit: u32) -> Result<Vec<UnknownSignIn>> {
        self.read(|c| people::unknown_sign_ins(c, limit))
    }

    fn set_department(&self, user_id: i64, department_id: Option<i64>, by: Stamp) -> Result<()> {
        self.write(|tx| people::set_department(tx, user_id, department_id, by))
    }

    fn set_password_hash(&self, user_id: i64, hash: &str, action: &str, by: Stamp) -> Result<()> {
        self.write(|tx| people::set_password_hash(tx, user_id, hash, action, by))
    }

    fn insert_department(&self, name: &str, by: Stamp) -> Result<Department> {
        self.write(|tx| people::insert_department(tx, name, by))
    }

    fn set_department_head(&self, department_id: i64, user_id: Option<i64>, by: Stamp) -> Result<()> {
        self.write(|tx| people::set_department_head(tx, department_id, user_id, by))
    }

    fn department_head(&self, department_id: i64) -> Result<Option<i64>> {
        self.read(|c| people::department_head(c, department_id))
    }
}

impl CaseStore for PgStore {
    fn insert_case(&self, case: &CaseInsert) -> Result<i64> {
        self.write(|tx| {
            let id = cases::insert(tx, case)?;
            systemic::check_case(tx, id, Stamp { actor_id: case.receiver_id, at: case.at })?;
            Ok(id)
        })
    }

    fn insert_cases(&self, batch: &[CaseInsert]) -> Result<usize> {
        self.write(|tx| {
            for case in batch {
                cases::insert(tx, case)?;
            }
            Ok(batch.len())
        })
    }

    fn update_case(&self, update: &CaseUpdate) -> Result<()> {
        self.write(|tx| {
            cases::update(tx, update)?;
            systemic::check_case(tx, update.id, Stamp { actor_id: update.actor_id, at: update.at })
        })
    }

    fn void_case(&self, void: &CaseVoid) -> Result<()> {
        self.write(|tx| {
            cases::void(tx, void)?;
            documents::void_superseded(tx, void.id, &void.supersedes, Stamp { actor_id: void.actor_id, at: void.at })
        })
    }

    fn case(&self, id: i64) -> Result<Option<Case>> {
        self.read(|c| cases::get(c, id))
    }

    fn case_page(&self, query: &CaseQuery) -> Result<CasePage> {
        self.read(|c| cases::page(c, query))
    }

    fn case_rows_after(&self, query: &CaseQuery, after: Option<&SheetCursor>, limit: u32) -> Result<SheetBatch> {
        self.read(|c| cases::rows_after(c, query, after, limit))
    }

    fn case_count(&self) -> Result<u64> {
        self.read(|c| Ok(rows::get::<i64>(&c.query_one("SELECT count(*) FROM cases", &[]).db()?, 0)? as u64))
    }

    fn has_cases(&self) -> Result<bool> {
        self.read(|c| rows::get::<bool>(&c.query_one("SELECT EXISTS (SELECT 1 FROM cases)", &[]).db()?, 0))
    }

    fn audit_of(&self, entity: &str, id: i64) -> Result<Vec<AuditEntry>> {
        self.read(|c| rows::audit_of(c, entity, id))
    }

    fn insert_attachment(&self, attachment: &AttachmentInsert) -> Result<i64> {
        self.write(|tx| attachments::insert(tx, attachment))
    }

    fn attachments(&self, case_id: i64) -> Result<Vec<Attachment>> {
        self.read(|c| attachments::of_case(c, case_id))
    }

    fn attachment_content(&self, id: i64) -> Result<Option<(String, String, Vec<u8>)>> {
        self.read(|c| attachments::content(c, id))
    }

    fn customer_by_phone(&self, phone: &str) -> Result<Option<Customer>> {
        self.read(|c| rows::customer_by_phone(c, phone))
    }

    fn customer_cases(&self, customer_id: i64, limit: u32) -> Result<Vec<CaseRow>> {
        self.read(|c| cases::of_customer(c, customer_id, limit))
    }

    fn crisis_alerts(&self, user_id: i64) -> Result<Vec<CaseRow>> {
        self.read(|c| cases::unacknowledged_crises(c, user_id))
    }

    fn downgrade_notices(&self, user_id: i64) -> Result<Vec<DowngradeNotice>> {
        self.read(|c| cases::downgrade_notices(c, user_id))
    }

    fn acknowledge_downgrade(&self, case_id: i64, by: Stamp) -> Result<()> {
        self.write(|tx| cases::acknowledge_downgrade(tx, case_id, by))
    }

    fn acknowledge_crisis(&self, case_id: i64, by: Stamp) -> Result<()> {
        self.write(|tx| cases::acknowledge_crisis(tx, case_id, by))
    }

    fn record_reveal(&self, case_id: i64, by: Stamp) -> Result<()> {
        self.write(|tx| cases::record_reveal(tx, case_id, by))
    }

    fn open_cases_received_by(&self, user_id: i64) -> Result<Vec<i64>> {
        self.read(|c| cases::open_cases_received_by(c, user_id))
    }
}

impl WorkflowStore for PgStore {
    fn follow_ups(&self, case_id: i64) -> Result<Vec<FollowUpRecord>> {
        self.read(|c| workflow::follow_ups(c, case_id))
    }

    fn next_round(&self, case_id: i64) -> Result<Option<i64>> {
        self.read(|c| workflow::next_round(c, case_id))
    }

    fn apply_step(&self, step: &CaseStep) -> Result<()> {
        self.write(|tx| {
            workflow::apply_step(tx, step)?;
            systemic::check_case(tx, step.case_id, Stamp { actor_id: step.actor_id, at: step.at })?;
            match &step.supersedes {
                Some(s) => documents::void_superseded(tx, step.case_id, s, Stamp { actor_id: step.actor_id, at: step.at }),
                None => Ok(()),
            }
        })
    }

    fn routing_rules(&self) -> Result<Vec<RoutingRule>> {
        self.read(|c| workflow::routing_rules(c))
    }

    fn insert_routing_rule(&self, rule: &RoutingRule, by: Stamp) -> Result<i64> {
        self.write(|tx| workflow::insert_routing_rule(tx, rule, by))
    }

    fn update_routing_rule(&self, rule: &RoutingRule, by: Stamp) -> Result<()> {
        self.write(|tx| workflow::update_routing_rule(tx, rule, by))
    }

    fn case_routes(&self, case_id: i64) -> Result<Vec<CaseRoute>> {
        self.read(|c| workflow::case_routes(c, case_id))
    }

    fn investigation(&self, case_id: i64) -> Result<Option<Investigation>> {
        self.read(|c| workflow::investigation(c, case_id))
    }

    fn resolution(&self, case_id: i64) -> Result<Option<Resolution>> {
        self.read(|c| workflow::resolution(c, case_id))
    }

    fn approvals(&self, case_id: i64) -> Result<Vec<Approval>> {
        self.read(|c| workflow::approvals(c, case_id))
    }

    fn approval_queue(&self, levels: &[ApproverLevel], not_proposed_by: i64) -> Result<Vec<ApprovalItem>> {
        self.read(|c| workflow::approval_queue(c, levels, not_proposed_by))
    }
}

impl DeadlineStore for PgStore {
    fn calendar_years(&self) -> Result<Vec<String>> {
        self.read(|c| deadlines::calendar_years(c))
    }

    fn put_calendar_year(&self, year: i32, json: &str, by: Stamp) -> Result<()> {
        self.write(|tx| deadlines::put_calendar_year(tx, year, json, by))
    }

    fn deadline_policies(&self) -> Result<Vec<DeadlinePolicy>> {
        self.read(|c| deadlines::deadline_policies(c))
    }

    fn update_deadline_policy(&self, policy: &DeadlinePolicy, by: Stamp) -> Result<()> {
        self.write(|tx| deadlines::update_deadline_policy(tx, policy, by))
    }

    fn case_deadlines(&self, case_id: i64) -> Result<Vec<StoredDeadline>> {
        self.read(|c| deadlines::case_deadlines(c, case_id))
    }

    fn explain_late(&self, case_id: i64, deadline_id: i64, reason: &str, by: Stamp) -> Result<()> {
        self.write(|tx| deadlines::explain_late(tx, case_id, deadline_id, reason, by))
    }

    fn insert_reminder(&self, reminder: &ReminderInsert) -> Result<i64> {
        self.write(|tx| deadlines::insert_reminder(tx, reminder))
    }

    fn reminders(&self, case_id: i64) -> Result<Vec<Reminder>> {
        self.read(|c| deadlines::reminders(c, case_id))
    }

    fn overdue_by_department(&self, now: DateTime<Utc>) -> Result<Vec<DepartmentCount>> {
        self.read(|c| deadlines::overdue_by_department(c, now))
    }

    fn escalated_cases(&self, department_ids: &[i64], now: DateTime<Utc>, limit: u32) -> Result<Vec<CaseRow>> {
        self.read(|c| deadlines::escalated_cases(c, department_ids, now, limit))
    }

    fn mark_notified(&self, user_id: i64, deadline_id: i64, kind: &str, at: DateTime<Utc>) -> Result<bool> {
        self.write(|tx| deadlines::mark_notified(tx, user_id, deadline_id, kind, at))
    }
}

impl DocumentStore for PgStore {
    fn insert_document(&self, insert: &DocumentInsert, compose: &ComposeDocument) -> Result<i64> {
        self.write(|tx| documents::insert_document(tx, insert, compose))
    }

    fn document_by_id(&self, id: i64) -> Result<Option<StoredDocument>> {
        self.read(|c| documents::document_by_id(c, id))
    }

    fn document(&self, number: &str) -> Result<Option<StoredDocument>> {
        self.read(|c| documents::document(c, number))
    }

    fn document_by_code(&self, code: &str) -> Result<Option<StoredDocument>> {
        self.read(|c| documents::document_by_code(c, code))
    }

    fn case_documents(&self, case_id: i64) -> Result<Vec<StoredDocument>> {
        self.read(|c| documents::case_documents(c, case_id))
    }

    fn record_outputs(&self, document_id: i64, copies: &[u8], target: OutputTarget, by: Stamp) -> Result<Vec<bool>> {
        self.write(|tx| documents::record_outputs(tx, document_id, copies, target, by))
    }

    fn void_document(&self, document_id: i64, reason: &str, by: Stamp) -> Result<()> {
        self.write(|tx| documents::void_document(tx, document_id, reason, by))
    }
}

/// A statement failed because the session is gone (`db_error` says so with
/// this code); the connection is dropped so the next call opens a new one.
fn is_connection_lost(e: &AppError) -> bool {
    e.code == ErrorCode::ServerUnreachable
}

impl DataExportStore for PgStore {
    fn case_ids_after(&self, after: i64, limit: u32) -> Result<Vec<i64>> {
        self.read(|c| crate::data_export::case_ids_after(c, after, limit))
    }

    fn audit_lines_after(&self, after: i64, limit: u32) -> Result<Vec<AuditEntry>> {
        self.read(|c| crate::data_export::audit_lines_after(c, after, limit))
    }

    fn documents_after(&self, after: i64, limit: u32) -> Result<Vec<StoredDocument>> {
        self.read(|c| crate::data_export::documents_after(c, after, limit))
    }

    fn record_data_export(&self, action: &str, folder: &str, reason: Option<&str>, by: Stamp) -> Result<()> {
        self.write(|tx| crate::data_export::record_data_export(tx, action, folder, reason, by))
    }
}
