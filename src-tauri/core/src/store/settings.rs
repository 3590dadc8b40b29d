//! Settings shared by every desk on the database (JSON values), and the
//! schema version.

use crate::error::Result;

use super::Stamp;

/// Shared settings.
pub trait SettingsStore: Send + Sync {
    fn schema_version(&self) -> Result<i64>;
    fn setting(&self, key: &str) -> Result<Option<String>>;
    /// Audited on entity "settings", id 0, with the key as field.
    fn put_setting(&self, key: &str, value: &str, by: Stamp) -> Result<()>;
}
