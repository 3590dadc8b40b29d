//! A log file that never grows without bound: `name.log` takes lines until
//! the next one would pass `max_bytes`, then it becomes `name.log.1` (the
//! older ones move up to `.2`, `.3` …) and a new `name.log` starts. At most
//! `keep` older files stay; the oldest is removed. A desk's log therefore
//! never takes more than `max_bytes × (keep + 1)` of its disk.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub struct RotatingFile {
    path: PathBuf,
    max_bytes: u64,
    keep: usize,
    file: File,
    written: u64,
}

impl RotatingFile {
    /// Opens (or creates) `path` for appending; its folder is made if needed.
    pub fn open(path: &Path, max_bytes: u64, keep: usize) -> io::Result<RotatingFile> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = append_to(path)?;
        let written = file.metadata()?.len();
        Ok(RotatingFile { path: path.to_path_buf(), max_bytes, keep, file, written })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one line (a newline is added), rotating first if it would not
    /// fit. A line longer than `max_bytes` still goes into a file of its own.
    pub fn write_line(&mut self, line: &str) -> io::Result<()> {
        let len = line.len() as u64 + 1;
        if self.written > 0 && self.written + len > self.max_bytes {
            self.rotate()?;
        }
        self.file.write_all(format!("{line}\n").as_bytes())?;
        self.file.flush()?;
        self.written += len;
        Ok(())
    }

    /// `name.log.N` for an older file (1 = the newest of them).
    pub fn older(&self, n: usize) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }

    fn rotate(&mut self) -> io::Result<()> {
        if self.keep == 0 {
            self.file = OpenOptions::new().write(true).truncate(true).open(&self.path)?;
            self.written = 0;
            return Ok(());
        }
        let _ = std::fs::remove_file(self.older(self.keep));
        for n in (1..self.keep).rev() {
            let from = self.older(n);
            if from.exists() {
                std::fs::rename(&from, self.older(n + 1))?;
            }
        }
        std::fs::rename(&self.path, self.older(1))?;
        self.file = append_to(&self.path)?;
        self.written = 0;
        Ok(())
    }
}

fn append_to(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_default()
    }

    #[test]
    fn full_files_move_up_and_the_oldest_goes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join("desk.log");
        // 10 bytes a line (9 + newline): three lines fill a 30-byte file.
        let mut log = RotatingFile::open(&path, 30, 2).unwrap();
        for n in 1..=10 {
            log.write_line(&format!("line {n:04}")).unwrap();
        }
        assert_eq!(read(&path), "line 0010\n");
        assert_eq!(read(&log.older(1)), "line 0007\nline 0008\nline 0009\n");
        assert_eq!(read(&log.older(2)), "line 0004\nline 0005\nline 0006\n");
        assert!(!log.older(3).exists(), "only two older files are kept; lines 1–3 are gone");
        for file in [path.clone(), log.older(1), log.older(2)] {
            assert!(std::fs::metadata(&file).unwrap().len() <= 30);
        }
    }

    #[test]
    fn a_reopened_log_counts_what_it_already_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.log");
        let mut log = RotatingFile::open(&path, 30, 3).unwrap();
        log.write_line("line 0001").unwrap();
        log.write_line("line 0002").unwrap();
        drop(log);
        // The next start appends, and rotates when the third line would not fit.
        let mut log = RotatingFile::open(&path, 30, 3).unwrap();
        log.write_line("line 0003").unwrap();
        log.write_line("line 0004").unwrap();
        assert_eq!(read(&log.older(1)), "line 0001\nline 0002\nline 0003\n");
        assert_eq!(read(&path), "line 0004\n");
    }

    #[test]
    fn a_line_longer_than_a_file_still_gets_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.log");
        let mut log = RotatingFile::open(&path, 10, 1).unwrap();
        log.write_line("short").unwrap();
        log.write_line("a line that does not fit").unwrap();
        assert_eq!(read(&log.older(1)), "short\n");
        assert_eq!(read(&path), "a line that does not fit\n");
    }
}
