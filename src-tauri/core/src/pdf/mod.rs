//! Printed documents: the bundled font, Chinese line breaking, the A4
//! layout of a `Paper`, and its output as PDF (to file and printer) and SVG
//! (the preview in the app). Nothing here knows about cases: `documents`
//! decides what a document says, this decides how it looks.

pub mod fonts;
pub mod layout;
pub mod paper;
pub mod svg;
pub mod wrap;
pub mod write;

use chrono::{DateTime, Utc};

use crate::error::{AppError, ErrorCode, Result};
pub use layout::Page;
pub use paper::{Block, Column, Field, Marks, Paper};

/// Refuses a paper with a character no bundled font can draw, naming the
/// character and where it is: it would print as an empty box. Entry
/// refuses such text already (`validate::printable`); this keeps a case
/// typed before that rule from printing boxes.
pub fn check_glyphs(paper: &Paper) -> Result<()> {
    for (label, text) in paper.texts() {
        if let Some(chars) = unprintable(text) {
            return Err(AppError::new(
                ErrorCode::MissingGlyph,
                format!("打印字体中没有{chars}，出现在“{label}”中，打印出来会是空框。请改用常用字并在备注中写明原字。"),
            ));
        }
    }
    Ok(())
}

/// The characters of `text` no font can print, named for a message
/// (「𠀀」(U+20000)、…), or `None` when it all prints.
pub fn unprintable(text: &str) -> Option<String> {
    let missing = fonts::missing_glyphs(text);
    if missing.is_empty() {
        return None;
    }
    Some(missing.iter().map(|c| format!("「{c}」(U+{:04X})", *c as u32)).collect::<Vec<_>>().join("、"))
}

/// The pages of every copy asked for, one copy after the other.
pub fn pages(paper: &Paper, marks: &[Marks]) -> Vec<Page> {
    marks.iter().flat_map(|m| layout::lay_out(paper, m)).collect()
}

/// The PDF of a paper that passed `check_glyphs` (checked once, when it is issued).
pub fn pdf(paper: &Paper, marks: &[Marks], created_at: DateTime<Utc>) -> Vec<u8> {
    write::to_pdf(&paper.title, created_at, &pages(paper, marks))
}

/// The same pages as SVG, for the preview.
pub fn svg_pages(paper: &Paper, marks: &[Marks]) -> Vec<String> {
    pages(paper, marks).iter().map(svg::to_svg).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper_saying(value: &str) -> Paper {
        Paper {
            title: "客户抱怨处理表".into(),
            landscape: false,
            number: "CL-2612-0001".into(),
            meta: vec![],
            blocks: vec![Block::Fields { columns: 2, fields: vec![Field::new("客户姓名", value)] }],
            signatures: vec![],
            copies: vec![],
            verification_code: None,
        }
    }

    #[test]
    fn a_paper_prints_emoji_and_rare_names_and_refuses_what_no_font_has() {
        assert!(check_glyphs(&paper_saying("𠮷田先生😡")).is_ok());
        let err = check_glyphs(&paper_saying("𠀀先生")).unwrap_err();
        assert_eq!(err.code, ErrorCode::MissingGlyph);
        assert!(err.message.contains("「𠀀」(U+20000)") && err.message.contains("客户姓名"), "{}", err.message);
    }
}
