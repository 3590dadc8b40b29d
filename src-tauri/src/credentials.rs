//! The server database's password, kept out of `database.json`: in the OS
//! credential store (Windows Credential Manager, macOS Keychain, the Secret
//! Service on Linux) through the `keyring` crate, or — when that store is
//! unavailable (no Secret Service on the D-Bus, a bare X server) — in the
//! file `database-password` in the data directory, readable only by the
//! user; the desk then shows a warning (see `core::database::PASSWORD_IN_FILE`).

use std::path::{Path, PathBuf};

use complaintdesk_core::{AppError, ErrorCode, Result};
use serde::{Deserialize, Serialize};

const SERVICE: &str = "cn.complaintdesk.desk";
pub const PASSWORD_FILE: &str = "database-password";

/// Where a password is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// The OS credential store.
    Os,
    /// The user-only file in the data directory.
    File,
}

/// The fallback file: the account it belongs to, so a password saved for
/// one server is never sent to another.
#[derive(Serialize, Deserialize)]
struct FileEntry {
    account: String,
    password: String,
}

fn file(data_dir: &Path) -> PathBuf {
    data_dir.join(PASSWORD_FILE)
}

/// Saves `password` for `account` (say `user@host:port/db`): in the OS store
/// if it works, otherwise in the file.
pub fn save(data_dir: &Path, account: &str, password: &str) -> Result<Kept> {
    match os_entry(account).and_then(|e| e.set_password(password).map_err(|_| ())) {
        Ok(()) => {
            // An older fallback copy must not outlive the move to the OS store.
            let _ = std::fs::remove_file(file(data_dir));
            Ok(Kept::Os)
        }
        Err(()) => {
            save_file(data_dir, account, password)?;
            Ok(Kept::File)
        }
    }
}

/// The password saved for `account`, and where it was found (`None` when
/// there is none anywhere).
pub fn load(data_dir: &Path, account: &str) -> Option<(String, Kept)> {
    if let Ok(entry) = os_entry(account) {
        if let Ok(password) = entry.get_password() {
            return Some((password, Kept::Os));
        }
    }
    let text = std::fs::read_to_string(file(data_dir)).ok()?;
    let entry: FileEntry = serde_json::from_str(&text).ok()?;
    (entry.account == account).then_some((entry.password, Kept::File))
}

fn os_entry(account: &str) -> std::result::Result<keyring::Entry, ()> {
    if std::env::var_os(NO_OS_STORE_ENV).is_some() {
        return Err(());
    }
    keyring::Entry::new(SERVICE, account).map_err(|_| ())
}

/// Tests (and desks where the OS store misbehaves) keep the password in the file only.
const NO_OS_STORE_ENV: &str = "COMPLAINTDESK_NO_KEYRING";

fn save_file(data_dir: &Path, account: &str, password: &str) -> Result<()> {
    let path = file(data_dir);
    let text = serde_json::to_string(&FileEntry { account: account.into(), password: password.into() })
        .expect("plain strings serialise");
    let failed = |e: std::io::Error| AppError::new(ErrorCode::Io, format!("无法保存数据库密码到 {}：{e}", path.display()));
    // Written beside, then renamed over: a crash never leaves half a file.
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    {
        use std::io::Write;
        let mut f = options.open(&tmp).map_err(failed)?;
        #[cfg(unix)]
        {
            // An older file created with wider permissions is narrowed too.
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(failed)?;
        }
        f.write_all(text.as_bytes()).and_then(|()| f.sync_all()).map_err(failed)?;
    }
    std::fs::rename(&tmp, &path).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_fallback_is_private_and_per_account() {
        let dir = std::env::temp_dir().join(format!("cd-cred-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        save_file(&dir, "desk@db1:5432/kesu", "s3cret").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(PASSWORD_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::env::set_var(NO_OS_STORE_ENV, "1");
        assert_eq!(load(&dir, "desk@db1:5432/kesu"), Some(("s3cret".into(), Kept::File)));
        assert_eq!(load(&dir, "desk@db2:5432/kesu"), None);
        assert_eq!(save(&dir, "desk@db2:5432/kesu", "other").unwrap(), Kept::File);
        assert_eq!(load(&dir, "desk@db2:5432/kesu"), Some(("other".into(), Kept::File)));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
