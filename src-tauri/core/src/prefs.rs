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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_widths_are_kept_and_an_older_file_reads_without_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("preferences.json");
        std::fs::write(&path, r#"{"locale":"en","sheetColumns":["caseNo","status"],"lastLogin":"li","lockAfterMinutes":5}"#).unwrap();
        let old = load(&path);
        assert_eq!((old.locale.as_str(), old.sheet_columns.len()), ("en", 2));
        assert!(old.sheet_column_widths.is_empty());

        let mut prefs = old;
        prefs.sheet_column_widths.insert("customerName".into(), 132);
        save(&path, &prefs).unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().contains("\"sheetColumnWidths\""));
        assert_eq!(load(&path), prefs);
    }
}
