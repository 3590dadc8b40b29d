//! ComplaintDesk domain core. Knows nothing of Tauri or any webview: the
//! desktop shell (`src-tauri`) is a thin layer of commands over `Desk`.
//!
//! Data flows one way: command → `Desk` (validate, decide) → `Store`
//! (one transaction) → SQLite.

pub mod attachments;
pub mod audit_values;
pub mod backup;
pub mod authority;
pub mod calendar;
pub mod calendar_notice;
pub mod case_flow;
pub mod clock;
pub mod codes;
pub mod data_dir;
pub mod data_export;
pub mod database;
pub mod deadlines;
pub mod demo;
pub mod demo_import;
pub mod demo_story;
pub mod desk;
pub mod diagnostics;
pub mod documents;
pub mod error;
pub mod accountability;
pub mod export;
pub mod ledger;
pub mod loss;
pub mod model;
pub mod money;
pub mod numbering;
pub mod organisation;
pub mod pdf;
pub mod people;
pub mod phone;
pub mod prefs;
pub mod print_folder;
pub mod privacy;
pub mod responsibility;
pub mod routing;
pub mod search;
pub mod session;
pub mod sign_in_guard;
pub mod systemic;
pub mod sqlite;
pub mod stats;
pub mod statement;
pub mod store;
pub mod time_zone;
pub mod ts_export;
pub mod validate;
pub mod work;
pub mod window_place;
pub mod workflow;

pub use desk::Desk;
pub use error::{AppError, ErrorCode, Result};
