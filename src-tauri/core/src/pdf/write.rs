//! Laid-out pages to PDF bytes with printpdf. The fonts are subset on
//! save, so a form carries only the glyphs it uses (tens of KB).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, TextItem, TextMatrix, WindingOrder,
};

use super::fonts;
use super::layout::{Item, Page, Rgb};

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(c.0 as f32 / 255.0, c.1 as f32 / 255.0, c.2 as f32 / 255.0, None))
}

fn point(x: f32, y_from_top: f32, page_height: f32) -> Point {
    Point::new(Mm(x), Mm(page_height - y_from_top))
}

pub fn to_pdf(title: &str, created_at: DateTime<Utc>, pages: &[Page]) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let when = printpdf::OffsetDateTime::from_unix_timestamp(created_at.timestamp()).unwrap_or_else(|_| {
        printpdf::OffsetDateTime::from_unix_timestamp(0).expect("the epoch is a date")
    });
    doc.metadata.info.creation_date = when.clone();
    doc.metadata.info.modification_date = when.clone();
    doc.metadata.info.metadata_date = when;
    doc.metadata.info.creator = "客诉台 ComplaintDesk".into();
    doc.metadata.info.producer = "客诉台 ComplaintDesk".into();
    // Each (face, weight) that some text uses, added once. The main face
    // is cut from its common face when every character it draws is there.
    let texts = || {
        pages.iter().flat_map(|p| &p.items).filter_map(|i| match i {
            Item::Text { bold, text, .. } => Some((*bold, text.as_str())),
            _ => None,
        })
    };
    let main_chars = |want_bold: bool| {
        texts()
            .filter(move |(bold, _)| *bold == want_bold)
            .flat_map(|(_, text)| fonts::runs(text))
            .filter(|(face, _)| *face == fonts::Face::Main)
            .flat_map(|(_, run)| run.chars())
    };
    let mut handles: BTreeMap<(fonts::Face, bool), PdfFontHandle> = BTreeMap::new();
    for bold in [false, true] {
        handles.insert((fonts::Face::Main, bold), PdfFontHandle::External(doc.add_font(fonts::face_for(bold, main_chars(bold)))));
    }
    for (_, text) in texts() {
        for (face, _) in fonts::runs(text) {
            // A fallback has one weight: bold text uses it too.
            if face != fonts::Face::Main && !handles.contains_key(&(face, false)) {
                let handle = PdfFontHandle::External(doc.add_font(face.font(false)));
                handles.insert((face, false), handle);
            }
        }
    }
    let handle = |face: fonts::Face, bold: bool| handles[&(face, bold && face == fonts::Face::Main)].clone();
    let pdf_pages = pages
        .iter()
        .map(|page| {
            let h = page.height;
            let mut ops = Vec::with_capacity(page.items.len() * 5);
            // Colours and line widths stay set until changed: only changes are written.
            let (mut fill, mut stroke, mut thickness) = (None, None, None);
            for item in &page.items {
                match item {
                    Item::Text { x, y, size, bold: is_bold, color: c, angle, text } => {
                        if fill != Some(*c) {
                            ops.push(Op::SetFillColor { col: color(*c) });
                            fill = Some(*c);
                        }
                        // One text section per run of one face, each after the last along the baseline.
                        let (sin, cos) = angle.to_radians().sin_cos();
                        let mut advance = 0.0;
                        for (face, run) in fonts::runs(text) {
                            ops.push(Op::StartTextSection);
                            ops.push(Op::SetFont { font: handle(face, *is_bold), size: Pt(*size) });
                            let at = point(*x + advance * cos, *y - advance * sin, h);
                            // An absolute text matrix per string: SetTextCursor would move relatively.
                            let matrix = if *angle == 0.0 {
                                TextMatrix::Translate(at.x, at.y)
                            } else {
                                TextMatrix::TranslateRotate(at.x, at.y, *angle)
                            };
                            ops.push(Op::SetTextMatrix { matrix });
                            ops.push(Op::ShowText { items: vec![TextItem::Text(run.to_string())] });
                            ops.push(Op::EndTextSection);
                            advance += fonts::text_width_mm(run, *size, *is_bold);
                        }
                    }
                    Item::Line { x1, y1, x2, y2, width, color: c } => {
                        if stroke != Some(*c) {
                            ops.push(Op::SetOutlineColor { col: color(*c) });
                            stroke = Some(*c);
                        }
                        if thickness != Some(*width) {
                            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                            thickness = Some(*width);
                        }
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: vec![
                                    LinePoint { p: point(*x1, *y1, h), bezier: false },
                                    LinePoint { p: point(*x2, *y2, h), bezier: false },
                                ],
                                is_closed: false,
                            },
                        });
                    }
                    Item::Fill { x, y, w, h: fh, color: c } => {
                        if fill != Some(*c) {
                            ops.push(Op::SetFillColor { col: color(*c) });
                            fill = Some(*c);
                        }
                        let corners = [(*x, *y), (*x + *w, *y), (*x + *w, *y + *fh), (*x, *y + *fh)];
                        ops.push(Op::DrawPolygon {
                            polygon: Polygon {
                                rings: vec![PolygonRing {
                                    points: corners.iter().map(|(px, py)| LinePoint { p: point(*px, *py, h), bezier: false }).collect(),
                                }],
                                mode: PaintMode::Fill,
                                winding_order: WindingOrder::NonZero,
                            },
                        });
                    }
                }
            }
            PdfPage::new(Mm(page.width), Mm(page.height), ops)
        })
        .collect();
    let options = PdfSaveOptions { subset_fonts: true, optimize: false, ..Default::default() };
    let mut lo = printpdf::to_lopdf_doc(&doc.with_pages(pdf_pages), &options, &mut Vec::new());
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).expect("writing to memory does not fail");
    bytes
}

/// Deflates every stream at the default level. printpdf's own `optimize`
/// uses the best (slowest) level, which took a third of the time of a form
/// for a few per cent of size.
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(deflated) = encoder.finish() {
            if deflated.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(deflated);
            }
        }
    }
}
