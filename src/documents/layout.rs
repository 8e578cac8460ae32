//! The page of an official document after GB/T 9704-2012, with docx-rs: A4, the margins, the
//! document grid of 22 lines of 28 characters, the fonts of the title, headings and body (the East
//! Asian font on every run), 草稿 in the header, "— 1 —" page numbers (odd pages right, even
//! left), tables with their grid and a header row that repeats; then the package, byte for byte
//! the same for the same blocks.

use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, Header, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

/// One block of a document, as the wording templates write it.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The title: 小标宋 22 pt, centred.
    Title(String),
    /// A centred line (the document number).
    Centre(String),
    /// A first-level heading (一、): 黑体.
    Heading(String),
    /// A second-level heading (（一）): 楷体.
    Subheading(String),
    /// A body paragraph, first line indented two characters.
    Body(String),
    /// A line flush left (主送).
    Flush(String),
    /// A line flush right (signature, date).
    Right(String),
    /// An empty line.
    Blank,
    /// A new page.
    PageBreak,
    /// A table: column widths in characters, the header, the rows.
    Table(TableBlock),
}

/// A table: header and rows of text, column widths in characters of the body font.
#[derive(Debug, Clone, PartialEq)]
pub struct TableBlock {
    pub widths: Vec<u32>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
/// A4 in twips.
const PAGE: (u32, u32) = (11906, 16838);
/// Margins in mm: top, bottom, left, right (GB/T 9704-2012 §5.2.1).
const MARGINS_MM: (f64, f64, f64, f64) = (37.0, 35.0, 28.0, 26.0);
/// Body font, its size in half-points (三号 16 pt).
pub const BODY_FONT: &str = "仿宋";
const BODY_SIZE: usize = 32;
/// Title font (with 宋体 as its alternative in the font table), 二号 22 pt.
pub const TITLE_FONT: &str = "方正小标宋简体";
const TITLE_SIZE: usize = 44;
/// Heading fonts.
const HEADING_FONT: &str = "黑体";
const SUBHEADING_FONT: &str = "楷体";
/// Page numbers: 宋体 四号 (14 pt).
const PAGE_FONT: &str = "宋体";
const PAGE_SIZE: usize = 28;
/// Tables: 仿宋 小四 (12 pt).
const TABLE_SIZE: usize = 24;
/// Lines per page and characters per line (the document grid).
const LINES: u32 = 22;
const CHARS: u32 = 28;

fn mm(x: f64) -> i32 {
    (x * TWIPS_PER_MM).round() as i32
}

/// The text area's width in twips.
fn text_width() -> i32 {
    PAGE.0 as i32 - mm(MARGINS_MM.2) - mm(MARGINS_MM.3)
}

/// The document grid: 22 lines in the text area's height, 28 characters in its width
/// (`charSpace` is the pitch's difference from the font size in 1/4096 pt).
fn grid() -> DocGrid {
    let line_pitch = line_pitch();
    let char_pitch_pt = f64::from(text_width()) / f64::from(CHARS) / 20.0;
    let font_pt = BODY_SIZE as f64 / 2.0;
    let char_space = ((char_pitch_pt - font_pt) * 4096.0).round() as isize;
    DocGrid::new()
        .grid_type(DocGridType::LinesAndChars)
        .line_pitch(line_pitch as usize)
        .char_space(char_space)
}

/// Every script of a run in one font.
fn fonts(font: &str) -> RunFonts {
    RunFonts::new()
        .ascii(font)
        .hi_ansi(font)
        .east_asia(font)
        .cs(font)
}

/// A run of text. Characters are condensed by a quarter point, a hair more than the grid's
/// pitch is under the font size, so each fits its grid cell: Word spaces by the grid either way,
/// and LibreOffice would otherwise give a character two cells (15 characters a line, not 28).
fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new()
        .add_text(text)
        .fonts(fonts(font))
        .size(size)
        .character_spacing(CONDENSED)
}

/// The condensing of every run, in twentieths of a point.
const CONDENSED: i32 = -5;

/// Exactly the grid's line pitch, nothing before or after: 22 lines a page.
fn spacing() -> LineSpacing {
    LineSpacing::new()
        .before(0)
        .after(0)
        .line(line_pitch())
        .line_rule(LineSpacingType::Exact)
}

/// The grid's line pitch in twips.
fn line_pitch() -> i32 {
    (PAGE.1 as i32 - mm(MARGINS_MM.0) - mm(MARGINS_MM.1)) / LINES as i32
}

/// A paragraph of one run. It keeps the grid's pitch by its own spacing (exact line height,
/// condensed characters) rather than by snapping to the grid, which LibreOffice lays out with a
/// character in two cells whenever it is a hair wider than one.
fn paragraph(text: &str, font: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, size))
        .line_spacing(spacing())
        .snap_to_grid(false)
}

/// A first line indented by two characters of the grid.
fn two_characters() -> SpecialIndentType {
    SpecialIndentType::FirstLine(2 * text_width() / CHARS as i32)
}

/// The paragraph of a block (tables and page breaks aside).
fn block_paragraph(block: &Block) -> Paragraph {
    match block {
        Block::Title(t) => paragraph(t, TITLE_FONT, TITLE_SIZE).align(AlignmentType::Center),
        Block::Centre(t) => paragraph(t, BODY_FONT, BODY_SIZE).align(AlignmentType::Center),
        Block::Heading(t) => paragraph(t, HEADING_FONT, BODY_SIZE)
            .indent(None, Some(two_characters()), None, None)
            .keep_next(true),
        Block::Subheading(t) => paragraph(t, SUBHEADING_FONT, BODY_SIZE)
            .indent(None, Some(two_characters()), None, None)
            .keep_next(true),
        Block::Body(t) => paragraph(t, BODY_FONT, BODY_SIZE)
            .indent(None, Some(two_characters()), None, None)
            .align(AlignmentType::Both),
        Block::Flush(t) => paragraph(t, BODY_FONT, BODY_SIZE),
        Block::Right(t) => paragraph(t, BODY_FONT, BODY_SIZE)
            .align(AlignmentType::Right)
            .indent(None, None, Some(mm(8.0)), None),
        Block::Blank | Block::Table(_) => paragraph("", BODY_FONT, BODY_SIZE),
        Block::PageBreak => Paragraph::new()
            .add_run(Run::new().add_break(BreakType::Page))
            .line_spacing(spacing())
            .snap_to_grid(false),
    }
}

/// A paragraph in a table cell: 12 pt, single spacing, off the grid.
fn table_paragraph(text: &str, font: &str) -> Paragraph {
    Paragraph::new()
        .add_run(
            Run::new()
                .add_text(text)
                .fonts(fonts(font))
                .size(TABLE_SIZE),
        )
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(240)
                .line_rule(LineSpacingType::Auto),
        )
        .snap_to_grid(false)
}

fn cell(text: &str, width: usize, header: bool) -> TableCell {
    let font = if header { HEADING_FONT } else { BODY_FONT };
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(table_paragraph(text, font).align(if header {
            AlignmentType::Center
        } else {
            AlignmentType::Left
        }))
}

/// A table with its grid in twips (the text width shared by the columns' characters).
fn table(t: &TableBlock) -> Table {
    let total: u32 = t.widths.iter().sum::<u32>().max(1);
    let widths: Vec<usize> = (t.widths.iter())
        .map(|w| (i64::from(text_width()) * i64::from(*w) / i64::from(total)) as usize)
        .collect();
    let row = |cells: &[String], header: bool| {
        TableRow::new(
            (cells.iter().zip(&widths))
                .map(|(text, w)| cell(text, *w, header))
                .collect(),
        )
        .cant_split()
    };
    let mut rows = vec![row(&t.header, true)];
    rows.extend(t.rows.iter().map(|r| row(r, false)));
    Table::new(rows)
        .set_grid(widths)
        .width(text_width() as usize, WidthType::Dxa)
}

/// A page number "— N —", right (odd pages) or left (even pages).
fn page_number(align: AlignmentType) -> Footer {
    let field = Run::new()
        .fonts(fonts(PAGE_FONT))
        .size(PAGE_SIZE)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE {}))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let indent = mm(7.0);
    let p = Paragraph::new()
        .add_run(run("— ", PAGE_FONT, PAGE_SIZE))
        .add_run(field)
        .add_run(run(" —", PAGE_FONT, PAGE_SIZE))
        .align(align);
    let p = match align {
        AlignmentType::Right => p.indent(None, None, Some(indent), None),
        _ => p.indent(Some(indent), None, None, None),
    };
    Footer::new().add_paragraph(p)
}

/// The mark in the header.
fn draft() -> Header {
    Header::new()
        .add_paragraph(paragraph("草稿", HEADING_FONT, PAGE_SIZE).align(AlignmentType::Right))
}

/// The document of `blocks`, as .docx bytes.
pub fn docx(blocks: &[Block]) -> Result<Vec<u8>, DocumentError> {
    let margin = PageMargin::new()
        .top(mm(MARGINS_MM.0))
        .bottom(mm(MARGINS_MM.1))
        .left(mm(MARGINS_MM.2))
        .right(mm(MARGINS_MM.3))
        .header(mm(15.0))
        .footer(mm(23.0));
    let mut doc = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(margin)
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .header(draft())
        .even_header(draft())
        .footer(page_number(AlignmentType::Right))
        .even_footer(page_number(AlignmentType::Left))
        .created_at("1970-01-01T00:00:00Z")
        .updated_at("1970-01-01T00:00:00Z");
    doc.document = doc.document.doc_grid(grid());
    for block in blocks {
        doc = match block {
            Block::Table(t) => doc.add_table(table(t)),
            other => doc.add_paragraph(block_paragraph(other)),
        };
    }
    let mut xml = doc.build();
    // docx-rs numbers paragraphs from a per-thread counter that runs on from one document to the
    // next: number them again, in order, so a document does not depend on what was built before.
    let mut next = 1;
    xml.document = renumber(&xml.document, &mut next);
    for part in xml.headers.iter_mut().chain(xml.footers.iter_mut()) {
        *part = renumber(part, &mut next);
    }
    xml.document = repeat_table_headers(&xml.document);
    xml.font_table = with_alternatives(&xml.font_table);
    xml.styles = normal_in_body_font(&xml.styles);
    let mut bytes = std::io::Cursor::new(Vec::new());
    xml.pack(&mut bytes)
        .map_err(|e| DocumentError(e.to_string()))?;
    deflated(&bytes.into_inner()).map_err(|e| DocumentError(e.to_string()))
}

/// Deflate level of the parts (1 fastest … 9 smallest): tens of thousands of notices at national
/// scale, each a few kilobytes of XML.
const DEFLATE_LEVEL: i64 = 1;

/// The package again with its parts deflated (docx-rs stores them: a notice with a long table
/// was 68 KB, tens of thousands of them at national scale). Entries keep their order and the
/// fixed time of 1980-01-01 (zip's default without a clock).
fn deflated(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
        .last_modified_time(zip::DateTime::default());
    let mut buffer = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        buffer.clear();
        entry.read_to_end(&mut buffer)?;
        out.start_file(name, options)?;
        out.write_all(&buffer)?;
    }
    Ok(out.finish()?.into_inner())
}

/// A document that could not be packed.
#[derive(Debug, thiserror::Error)]
#[error("cannot build a document: {0}")]
pub struct DocumentError(pub String);

impl From<crate::output::Stopped> for DocumentError {
    fn from(stopped: crate::output::Stopped) -> DocumentError {
        DocumentError(stopped.to_string())
    }
}

/// Every `w14:paraId="…"` of `part` numbered from `next` on.
fn renumber(part: &[u8], next: &mut u32) -> Vec<u8> {
    const KEY: &str = "w14:paraId=\"";
    let text = String::from_utf8_lossy(part);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(at) = rest.find(KEY) {
        let start = at + KEY.len();
        out.push_str(&rest[..start]);
        out.push_str(&format!("{:08X}", *next));
        *next += 1;
        rest = &rest[start..];
        rest = rest.find('"').map_or("", |end| &rest[end..]);
    }
    out.push_str(rest);
    out.into_bytes()
}

/// The first row of every table marked as a header row, repeated on each page (docx-rs has no
/// setting for it).
fn repeat_table_headers(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest: &str = &text;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        match after.find("<w:tr>") {
            Some(tr) => {
                let (head, row) = after.split_at(tr + "<w:tr>".len());
                out.push_str(head);
                if let Some(props) = row.strip_prefix("<w:trPr>") {
                    out.push_str("<w:trPr><w:tblHeader />");
                    rest = props;
                } else if let Some(props) = row.strip_prefix("<w:trPr />") {
                    out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
                    rest = props;
                } else {
                    out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
                    rest = row;
                }
                continue;
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

/// The Normal style in the body font and size: LibreOffice sizes the character grid from it,
/// not from the document defaults (12 pt there gave 17 characters a line instead of 28).
fn normal_in_body_font(styles: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(styles);
    let font = format!(
        "<w:rPr><w:rFonts w:ascii=\"{BODY_FONT}\" w:hAnsi=\"{BODY_FONT}\" w:eastAsia=\"{BODY_FONT}\" w:cs=\"{BODY_FONT}\" /><w:sz w:val=\"{BODY_SIZE}\" /><w:szCs w:val=\"{BODY_SIZE}\" /></w:rPr>"
    );
    text.replacen(
        "<w:name w:val=\"Normal\" /><w:rPr />",
        &format!("<w:name w:val=\"Normal\" />{font}"),
        1,
    )
    .into_bytes()
}

/// The fonts the documents use, in the font table with the alternative Word and WPS take when
/// one is missing (方正小标宋简体 → 宋体).
fn with_alternatives(table: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(table);
    let entries: String = [
        (TITLE_FONT, "宋体"),
        (BODY_FONT, "FangSong"),
        (HEADING_FONT, "SimHei"),
        (SUBHEADING_FONT, "KaiTi"),
        (PAGE_FONT, "SimSun"),
    ]
    .iter()
    .map(|(name, alt)| {
        format!(
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alt}\" /><w:charset w:val=\"86\" /><w:family w:val=\"auto\" /></w:font>"
        )
    })
    .collect();
    text.replacen("</w:fonts>", &format!("{entries}</w:fonts>"), 1)
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks() -> Vec<Block> {
        vec![
            Block::Title("关于2026Q3政务新媒体检查情况的通报".into()),
            Block::Heading("一、总体情况".into()),
            Block::Body("本期在册账号154个。".into()),
            Block::Table(TableBlock {
                widths: vec![1, 3],
                header: vec!["序号".into(), "单位".into()],
                rows: vec![vec!["1".into(), "定海区教育局".into()]],
            }),
        ]
    }

    #[test]
    fn the_same_blocks_give_the_same_bytes_in_one_thread() {
        // docx-rs's paragraph counter runs on between documents; the ids are numbered again.
        let first = docx(&blocks()).unwrap();
        let _other = docx(&[Block::Body("另一份".into())]).unwrap();
        assert_eq!(docx(&blocks()).unwrap(), first);
    }

    #[test]
    fn the_grid_is_22_lines_of_28_characters() {
        assert_eq!((text_width(), line_pitch()), (8845, 579));
        let twips = (text_width() - 28 * (BODY_SIZE as i32 * 10 + CONDENSED)) as f64;
        assert!(twips >= 0.0, "28 condensed characters fit the line");
    }

    #[test]
    fn header_rows_repeat_and_ids_are_renumbered() {
        let xml = "<w:tbl><w:tblPr /><w:tr><w:trPr /><w:tc /></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>";
        let out = String::from_utf8(repeat_table_headers(xml.as_bytes())).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 2, "{out}");
        let mut next = 7;
        let ids = renumber(
            br#"<w:p w14:paraId="0000ABCD"><w:p w14:paraId="00000001">"#,
            &mut next,
        );
        assert_eq!(
            String::from_utf8(ids).unwrap(),
            r#"<w:p w14:paraId="00000007"><w:p w14:paraId="00000008">"#
        );
    }
}
