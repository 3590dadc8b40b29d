//! The CSV files of 导出全部数据: UTF-8 with a byte-order mark (Excel reads
//! Chinese as GBK without it), CRLF line ends, RFC 4180 quoting. Unlike the
//! list exports (`export::csv`), a value is written exactly as stored: no
//! apostrophe before a leading = + - @, because this copy is the record
//! itself and must read back byte for byte (the README says so).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::Result;

use super::columns::ColumnDoc;

pub const BOM: &str = "\u{feff}";

pub struct CsvFile {
    out: BufWriter<File>,
    rows: u64,
}

impl CsvFile {
    /// Creates the file with its header row: the columns' names.
    pub fn create(path: &Path, columns: &[ColumnDoc]) -> Result<CsvFile> {
        let mut out = BufWriter::new(File::create(path)?);
        out.write_all(BOM.as_bytes())?;
        let header: Vec<String> = columns.iter().map(|c| field(c.name)).collect();
        write!(out, "{}\r\n", header.join(","))?;
        Ok(CsvFile { out, rows: 0 })
    }

    pub fn row(&mut self, values: &[String]) -> Result<()> {
        let fields: Vec<String> = values.iter().map(|v| field(v)).collect();
        write!(self.out, "{}\r\n", fields.join(","))?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes and syncs the file; the number of data rows written.
    pub fn finish(self) -> Result<u64> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(self.rows)
    }
}

/// A field, quoted when it holds a comma, a quote or a line break.
pub fn field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_exact_and_quoted_only_when_they_must_be() {
        assert_eq!(field("王秀英"), "王秀英");
        assert_eq!(field("漏水,发霉"), "\"漏水,发霉\"");
        assert_eq!(field("他说\"再不修\""), "\"他说\"\"再不修\"\"\"");
        assert_eq!(field("=1+2"), "=1+2", "the record is kept as typed");
    }
}
