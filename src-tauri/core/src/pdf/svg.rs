//! Laid-out pages to SVG, for the print preview inside the app: the same
//! layout as the PDF, drawn by the webview. Each text run is given the
//! width the PDF's font gives it (`textLength`), so a cell's text wraps and
//! ends where it does on paper even when the webview draws another face.

use std::fmt::Write;

use super::fonts::{text_width_mm, FAMILY, MM_PER_PT};
use super::layout::{Item, Page, Rgb};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn rgb(c: Rgb) -> String {
    format!("rgb({},{},{})", c.0, c.1, c.2)
}

pub fn to_svg(page: &Page) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}mm" height="{h}mm" font-family="'{FAMILY}','Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"><rect width="{w}" height="{h}" fill="white"/>"#,
        w = page.width,
        h = page.height,
    );
    for item in &page.items {
        let _ = match item {
            Item::Text { x, y, size, bold, color, angle, text } => {
                let weight = if *bold { r#" font-weight="bold""# } else { "" };
                let turn = if *angle == 0.0 { String::new() } else { format!(r#" transform="rotate({} {x} {y})""#, -angle) };
                write!(
                    out,
                    r#"<text x="{x:.2}" y="{y:.2}" font-size="{:.2}" fill="{}"{weight}{turn} textLength="{:.2}" lengthAdjust="spacingAndGlyphs" xml:space="preserve">{}</text>"#,
                    size * MM_PER_PT,
                    rgb(*color),
                    text_width_mm(text, *size, *bold),
                    escape(text)
                )
            }
            Item::Line { x1, y1, x2, y2, width, color } => write!(
                out,
                r#"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="{}" stroke-width="{:.2}"/>"#,
                rgb(*color),
                width * MM_PER_PT
            ),
            Item::Fill { x, y, w, h, color } => {
                write!(out, r#"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="{}"/>"#, rgb(*color))
            }
        };
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_text_run_takes_the_width_the_pdf_gives_it() {
        let text = "阻焊脱落，整批 5000 片无法贴片";
        let page = Page {
            width: 210.0,
            height: 297.0,
            items: vec![Item::Text { x: 10.0, y: 20.0, size: 9.5, bold: false, color: Rgb(0, 0, 0), angle: 0.0, text: text.into() }],
        };
        let svg = to_svg(&page);
        let expected = format!(r#"textLength="{:.2}" lengthAdjust="spacingAndGlyphs""#, text_width_mm(text, 9.5, false));
        assert!(svg.contains(&expected), "{svg}");
        assert!(text_width_mm(text, 9.5, false) > 30.0, "a real width, not zero");
    }
}
