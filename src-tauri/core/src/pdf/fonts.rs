//! The bundled font: Noto Sans SC Regular and Bold (SIL Open Font License
//! 1.1, `fonts/OFL.txt`). It covers Simplified and Traditional Chinese, so
//! every workstation prints the same glyphs whatever fonts its system has.
//! Parsed once per process; a document embeds only the glyphs it uses.
//!
//! Subsetting costs time in proportion to the whole font (30,898 glyphs),
//! not to the glyphs kept. So each weight also has a "common" face: the
//! font cut once, at first use, to the characters of GB 2312 and Latin-1 (7,645)
//! (`fonts/common-chars.txt`, generated with Python's gb2312 codec). A
//! document whose text is all in it is subset from that face, ten times
//! faster; one with a rarer character uses the whole font.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::ParsedFont;

static REGULAR_TTF: &[u8] = include_bytes!("../../fonts/NotoSansSC-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../fonts/NotoSansSC-Bold.ttf");
static COMMON_CHARS: &str = include_str!("../../fonts/common-chars.txt");

/// The family name the SVG preview asks the webview for.
pub const FAMILY: &str = "Noto Sans SC";

fn parse(bytes: &'static [u8]) -> ParsedFont {
    ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled font parses")
}

pub fn regular() -> &'static ParsedFont {
    static FONT: OnceLock<ParsedFont> = OnceLock::new();
    FONT.get_or_init(|| parse(REGULAR_TTF))
}

pub fn bold() -> &'static ParsedFont {
    static FONT: OnceLock<ParsedFont> = OnceLock::new();
    FONT.get_or_init(|| parse(BOLD_TTF))
}

pub fn face(bold_face: bool) -> &'static ParsedFont {
    if bold_face { bold() } else { regular() }
}

/// `full` cut down to the common characters.
fn common_of(full: &ParsedFont) -> ParsedFont {
    let glyphs: BTreeMap<u16, String> =
        COMMON_CHARS.chars().filter_map(|c| full.lookup_glyph_index(c as u32).map(|g| (g, c.to_string()))).collect();
    let cut = printpdf::subset_font(full, &glyphs).expect("the bundled font subsets");
    ParsedFont::from_bytes(&cut.bytes, 0, &mut Vec::new()).expect("the common face parses")
}

fn common(bold_face: bool) -> &'static ParsedFont {
    static REGULAR: OnceLock<ParsedFont> = OnceLock::new();
    static BOLD: OnceLock<ParsedFont> = OnceLock::new();
    if bold_face { BOLD.get_or_init(|| common_of(bold())) } else { REGULAR.get_or_init(|| common_of(regular())) }
}

/// The face to embed for these characters of one weight: the common face
/// when it has them all, else the whole font.
pub fn face_for(bold_face: bool, chars: impl IntoIterator<Item = char>) -> &'static ParsedFont {
    let common = common(bold_face);
    if chars.into_iter().all(|c| common.lookup_glyph_index(c as u32).is_some()) { common } else { face(bold_face) }
}

/// Loads both weights and their common faces (the app does this in the
/// background at start, so the first print does not wait).
pub fn warm_up() {
    common(false);
    common(true);
}

/// Characters of `text` the font cannot draw (each once, in order).
/// Line breaks and tabs are layout, not glyphs.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let font = regular();
    let mut missing = Vec::new();
    for c in text.chars() {
        if matches!(c, '\n' | '\r' | '\t') || missing.contains(&c) {
            continue;
        }
        if font.lookup_glyph_index(c as u32).is_none() {
            missing.push(c);
        }
    }
    missing
}

/// Width of `text` in mm at `size_pt`, from the glyphs' advances.
pub fn text_width_mm(text: &str, size_pt: f32, bold_face: bool) -> f32 {
    let font = face(bold_face);
    let upm = font.font_metrics.units_per_em as f32;
    let units: u32 = text
        .chars()
        .map(|c| font.lookup_glyph_index(c as u32).map_or(0, |g| font.get_horizontal_advance(g) as u32))
        .sum();
    units as f32 / upm * size_pt * MM_PER_PT
}

pub const MM_PER_PT: f32 = 25.4 / 72.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_rare_and_traditional_characters_and_reports_what_it_lacks() {
        // Rare name characters (堃 喆 䶮 鑫 龘) and Traditional ones (處 聯 證) are in the font.
        assert!(missing_glyphs("王堃 李喆 刘䶮 张鑫 龘 客訴處理 聯 證明單 ¥12,345.00").is_empty());
        // U+20000 (CJK Extension B) is not: it is reported, once.
        assert_eq!(missing_glyphs("𠀀先生𠀀"), vec!['𠀀']);
    }

    #[test]
    fn a_document_of_common_characters_uses_the_small_face() {
        let common = face_for(false, "客户抱怨处理表 ¥12,345.00（壹万贰仟叁佰肆拾伍元整）".chars());
        assert!(!std::ptr::eq(common, regular()));
        assert!(std::ptr::eq(face_for(false, "王堃".chars()), regular()), "堃 is not in GB 2312");
        let g = common.lookup_glyph_index('客' as u32).unwrap();
        assert_eq!(common.get_horizontal_advance(g), 1000);
    }

    #[test]
    fn measures_by_advance() {
        // A CJK ideograph is one em; ten of them at 10 pt are 100 pt.
        let w = text_width_mm("客户抱怨处理表客户抱", 10.0, false);
        assert!((w - 100.0 * MM_PER_PT).abs() < 0.01, "{w}");
        assert!(text_width_mm("1", 10.0, false) < text_width_mm("客", 10.0, false));
    }
}
