//! The core's repository interface, split by area. The domain (`desk` and
//! the use-case modules) talks only to these traits; each backend (SQLite
//! in `sqlite/`, PostgreSQL in the `complaintdesk-postgres` crate) is a set
//! of small files, one per area, implementing them. Every method that
//! writes is one transaction: it happens whole, audit lines included, or
//! not at all. The record types a store takes and returns live here too,
//! under their area, so no domain module feeds types back into storage.

pub mod accountability;
pub mod backup;
pub mod cases;
pub mod data_export;
pub mod deadlines;
pub mod documents;
pub mod ledger;
pub mod people;
pub mod settings;
pub mod stats;
pub mod statements;
pub mod systemic;
pub mod workflow;

use chrono::{DateTime, Utc};

pub use accountability::AccountabilityStore;
pub use backup::{BackupStore, ServerBackup};
pub use cases::*;
pub use data_export::DataExportStore;
pub use deadlines::{DeadlineStore, ReminderInsert, StoredDeadline};
pub use documents::{case_changed, ComposeDocument, DocumentInsert, DocumentNumber, DocumentStore, Superseded};
pub use ledger::{LedgerFilter, LedgerMarkInsert, LedgerMarkVoid, LedgerStore};
pub use people::*;
pub use settings::*;
pub use stats::{CaseFact, FactPeriod, FactShare, FactStage, FlowCount, StatsBasis, StatsStore};
pub use statements::StatementStore;
pub use systemic::{SystemicFilter, SystemicStep, SystemicStore};
pub use workflow::{CaseStep, StepEffect, WorkflowStore};

/// Who makes a change and when, for the audit lines of a people or
/// settings change.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    pub actor_id: i64,
    pub at: DateTime<Utc>,
}

/// Everything a desk needs from its database.
pub trait Store:
    CaseStore + PeopleStore + SettingsStore + WorkflowStore + DeadlineStore + DocumentStore + LedgerStore + StatsStore + StatementStore + AccountabilityStore + SystemicStore
    + DataExportStore + BackupStore
{
}

impl<T> Store for T where
    T: CaseStore + PeopleStore + SettingsStore + WorkflowStore + DeadlineStore + DocumentStore + LedgerStore + StatsStore + StatementStore + AccountabilityStore + SystemicStore
    + DataExportStore + BackupStore
{
}
