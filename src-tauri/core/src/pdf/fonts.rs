//! The bundled fonts (all SIL Open Font License 1.1, `fonts/OFL.txt`;
//! where each comes from: `fonts/README.md`), so every workstation prints
//! the same glyphs whatever fonts its system has:
//! - Noto Sans SC Regular and Bold, for Simplified and Traditional Chinese
//!   and Latin: nearly everything.
//! - Fallback faces, one weight each, for what people paste that Noto Sans
//!   SC lacks: Noto Emoji (outline emoji from WeChat or an SMS, 😡 👍 ❤),
//!   and the CJK Extension B–G characters of Noto Sans TC and JP (names
//!   such as 𠮷, Hong Kong characters). A character is drawn by the first
//!   face that has it (`face_of`); a run of text is split where the face
//!   changes (`runs`), and measured and written run by run.
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
static EMOJI_TTF: &[u8] = include_bytes!("../../fonts/NotoEmoji-Regular.ttf");
static RARE_TC_TTF: &[u8] = include_bytes!("../../fonts/NotoSansTC-Rare.ttf");
static RARE_JP_TTF: &[u8] = include_bytes!("../../fonts/NotoSansJP-Rare.ttf");

/// Which font draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Noto Sans SC, in the weight of the text.
    Main,
    Emoji,
    RareTc,
    RareJp,
}

impl Face {
    /// The fallbacks, in the order they are tried after the main face.
    pub const FALLBACKS: [Face; 3] = [Face::Emoji, Face::RareTc, Face::RareJp];

    /// The font of this face for text of this weight (fallbacks have one).
    pub fn font(self, bold_face: bool) -> &'static ParsedFont {
        static EMOJI: OnceLock<ParsedFont> = OnceLock::new();
        static RARE_TC: OnceLock<ParsedFont> = OnceLock::new();
        static RARE_JP: OnceLock<ParsedFont> = OnceLock::new();
        match self {
            Face::Main => face(bold_face),
            Face::Emoji => EMOJI.get_or_init(|| parse(EMOJI_TTF)),
            Face::RareTc => RARE_TC.get_or_init(|| parse(RARE_TC_TTF)),
            Face::RareJp => RARE_JP.get_or_init(|| parse(RARE_JP_TTF)),
        }
    }
}

/// The face that draws `c`: the main one when it can, else the first
/// fallback that has it; `None` when no bundled font has it.
pub fn face_of(c: char) -> Option<Face> {
    let has = |face: Face| face.font(false).lookup_glyph_index(c as u32).is_some();
    if has(Face::Main) {
        return Some(Face::Main);
    }
    Face::FALLBACKS.into_iter().find(|&f| has(f))
}

/// `text` cut where the face changes. A character no font has stays with
/// the main face (it prints as an empty box: `check_glyphs` and entry
/// validation refuse such text before it gets here).
pub fn runs(text: &str) -> Vec<(Face, &str)> {
    let mut out: Vec<(Face, &str)> = Vec::new();
    let mut start = 0;
    let mut current = None;
    for (i, c) in text.char_indices() {
        // Spaces and line breaks go with what they follow.
        let face = if c.is_whitespace() { current.unwrap_or(Face::Main) } else { face_of(c).unwrap_or(Face::Main) };
        if current.is_some_and(|f| f != face) {
            out.push((current.expect("set"), &text[start..i]));
            start = i;
        }
        current = Some(face);
    }
    if let Some(face) = current {
        out.push((face, &text[start..]));
    }
    out
}

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

/// Characters of `text` no bundled font can draw (each once, in order).
/// Line breaks and tabs are layout, not glyphs.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let mut missing = Vec::new();
    for c in text.chars() {
        if matches!(c, '\n' | '\r' | '\t') || missing.contains(&c) {
            continue;
        }
        if face_of(c).is_none() {
            missing.push(c);
        }
    }
    missing
}

/// Width of `text` in mm at `size_pt`, from the glyphs' advances, each in
/// the face that draws it.
pub fn text_width_mm(text: &str, size_pt: f32, bold_face: bool) -> f32 {
    runs(text).iter().map(|(f, run)| run_width_mm(f.font(bold_face), run, size_pt)).sum()
}

fn run_width_mm(font: &ParsedFont, text: &str, size_pt: f32) -> f32 {
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
        // Rare name characters (堃 喆 䶮 鑫 龘) and Traditional ones (處 聯 證) are in the main font.
        let text = "王堃 李喆 刘䶮 张鑫 龘 客訴處理 聯 證明單 ¥12,345.00";
        assert!(missing_glyphs(text).is_empty());
        assert_eq!(runs(text), vec![(Face::Main, text)]);
        // Emoji and Extension B name characters come from the fallbacks.
        assert!(missing_glyphs("楼上漏水😡 👍❤ 𠮷田 搭𨋢").is_empty());
        assert_eq!(face_of('😡'), Some(Face::Emoji));
        assert_eq!(face_of('𠮷'), Some(Face::RareJp));
        assert_eq!(face_of('𨋢'), Some(Face::RareTc), "a Hong Kong character");
        // U+20000 is in none of them: it is reported, once; so is a Thai letter.
        assert_eq!(missing_glyphs("𠀀先生𠀀ก"), vec!['𠀀', 'ก']);
    }

    #[test]
    fn text_is_cut_where_the_face_changes_and_measured_run_by_run() {
        assert_eq!(
            runs("楼上漏水😡😡 快修 𠮷"),
            vec![(Face::Main, "楼上漏水"), (Face::Emoji, "😡😡 "), (Face::Main, "快修 "), (Face::RareJp, "𠮷")]
        );
        let whole = text_width_mm("漏水😡𠮷", 10.0, false);
        let parts = text_width_mm("漏水", 10.0, false) + text_width_mm("😡", 10.0, false) + text_width_mm("𠮷", 10.0, false);
        assert!((whole - parts).abs() < 0.001, "{whole} {parts}");
        // Each face is measured in its own units per em (Noto Emoji has 2048): an emoji is about one em.
        let emoji = text_width_mm("😡", 10.0, false);
        assert!(emoji > 8.0 * MM_PER_PT && emoji < 13.0 * MM_PER_PT, "{emoji}");
        assert!((text_width_mm("𠮷", 10.0, false) - 10.0 * MM_PER_PT).abs() < 0.01);
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
