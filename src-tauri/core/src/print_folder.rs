//! The folder the PDFs for the system viewer are written to: inside the
//! OS user's own cache folder (the shell passes it in), readable by him
//! alone, and emptied at the next start, so a customer's phone and address
//! never lie about where every account of the machine can read them.

use std::path::{Path, PathBuf};

use crate::error::Result;

const PRINT: &str = "print";

/// `cache/print`, made if needed and closed to other users (0700 on Unix;
/// on Windows and macOS a user's cache folder is already his alone).
pub fn private_print_dir(cache: &Path) -> Result<PathBuf> {
    let dir = cache.join(PRINT);
    std::fs::create_dir_all(&dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(dir)
}

/// At start: what was printed last time is removed (the viewer has long
/// finished with it). Nothing there is not an error.
pub fn clear_print_dir(cache: &Path) {
    let _ = std::fs::remove_dir_all(cache.join(PRINT));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_print_folder_is_private_and_emptied_at_the_next_start() {
        let cache = std::env::temp_dir().join(format!("complaintdesk-print-test-{}", std::process::id()));
        let dir = private_print_dir(&cache).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        }
        std::fs::write(dir.join("CL-2611-0001.pdf"), b"%PDF").unwrap();

        clear_print_dir(&cache);
        assert!(!dir.exists(), "last start's PDFs are gone");
        clear_print_dir(&cache); // and nothing there is fine
        let again = private_print_dir(&cache).unwrap();
        assert_eq!(std::fs::read_dir(&again).unwrap().count(), 0);
        std::fs::remove_dir_all(&cache).unwrap();
    }
}
