//! What a printed document says, before it is laid out: a title, its
//! number, header lines, blocks of labelled fields and tables, signature
//! lines and the copies (联). Issuing a document stores its `Paper` as JSON,
//! so a reprint shows exactly what was issued even after the case changes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paper {
    pub title: String,
    /// The tracking sheet is printed across the page.
    pub landscape: bool,
    /// 编号
    pub number: String,
    /// Header lines under the title, label and value (案件编号, 开具人 …).
    pub meta: Vec<Field>,
    pub blocks: Vec<Block>,
    /// Signature lines at the end (经办人, 部门负责人 …).
    pub signatures: Vec<String>,
    /// The copies (联) and where each goes; empty when the document has none.
    pub copies: Vec<String>,
    /// 验证码, printed on every page of a certificate.
    pub verification_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    pub label: String,
    pub value: String,
}

impl Field {
    pub fn new(label: &str, value: impl Into<String>) -> Field {
        Field { label: label.to_string(), value: value.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    pub title: String,
    /// Relative width.
    pub width: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum Block {
    /// A section title (一、客户信息).
    Heading { text: String },
    /// Label/value cells, `columns` pairs to a row; a long value wraps.
    Fields { columns: u8, fields: Vec<Field> },
    /// A table; its header row is repeated on every page it reaches.
    Table { columns: Vec<Column>, rows: Vec<Vec<String>> },
    /// A small note in running text.
    Note { text: String },
}

impl Paper {
    /// Every string that will be printed, with the label a user would
    /// recognise it by (to say where a character the font lacks is).
    pub fn texts(&self) -> Vec<(String, &str)> {
        let mut out: Vec<(String, &str)> = vec![("标题".into(), self.title.as_str()), ("编号".into(), self.number.as_str())];
        for f in &self.meta {
            out.push((f.label.clone(), f.value.as_str()));
        }
        for block in &self.blocks {
            match block {
                Block::Heading { text } | Block::Note { text } => out.push((text.clone(), text.as_str())),
                Block::Fields { fields, .. } => out.extend(fields.iter().map(|f| (f.label.clone(), f.value.as_str()))),
                Block::Table { columns, rows } => {
                    for row in rows {
                        for (c, cell) in columns.iter().zip(row) {
                            out.push((c.title.clone(), cell.as_str()));
                        }
                    }
                }
            }
        }
        out
    }
}

/// How this printing differs from the document as issued.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marks {
    /// 第一联 质量管理部 …
    pub copy: Option<String>,
    /// 补打: when and by whom this reprint was made.
    pub reprint: Option<String>,
    /// 作废: why.
    pub voided: Option<String>,
}
