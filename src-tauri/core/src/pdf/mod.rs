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

/// Refuses a paper with a character the font cannot draw, naming the
/// character and where it is: it would print as an empty box.
pub fn check_glyphs(paper: &Paper) -> Result<()> {
    for (label, text) in paper.texts() {
        let missing = fonts::missing_glyphs(text);
        if !missing.is_empty() {
            let chars: String = missing.iter().map(|c| format!("「{c}」(U+{:04X})", *c as u32)).collect::<Vec<_>>().join("、");
            return Err(AppError::new(
                ErrorCode::MissingGlyph,
                format!("打印字体中没有{chars}，出现在“{label}”中，打印出来会是空框。请改用常用字并在备注中写明原字。"),
            ));
        }
    }
    Ok(())
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
