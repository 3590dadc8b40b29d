//! Per-workstation preferences (who sits here, language, sheet columns),
//! kept in `preferences.json` beside the database. They are not in the
//! database because the database will be shared by the whole department.

use std::path::Path;

use crate::error::Result;
use crate::model::Preferences;

pub fn load(path: &Path) -> Preferences {
    // A missing or unreadable file means first start, not an error.
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Writes to a temporary file first so a crash never leaves half a file.
pub fn save(path: &Path, prefs: &Preferences) -> Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(prefs).expect("preferences serialise"))?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}
