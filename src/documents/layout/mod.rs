//! The page of an official document after GB/T 9704-2012, with docx-rs: A4, the margins, the
//! document grid of 22 lines of 28 characters, the fonts of the title, headings and body (the East
//! Asian font on every run), 草稿 in the header, "— 1 —" page numbers (odd pages right, even
//! left), tables with their grid and a header row that repeats, the signature and the 版记; the
//! package, byte for byte the same for the same blocks, in package.rs.

mod package;

pub(crate) use package::docx;

use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, Header, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

/// One block of a document, as the wording templates write it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
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
    /// An attachment's label (附件1): flush left, 黑体 (GB/T 9704 8.2).
    Label(String),
    /// A line flush right (the receipt slip's seal and date).
    Right(String),
    /// 发文机关署名 and 成文日期 (GB/T 9704 7.3.5.3): the date four characters from the right
    /// margin, the name centred over it.
    Signature(String, String),
    /// The 版记 (GB/T 9704 7.4): the 抄送 line (empty for none), the 印发机关 and the 印发日期
    /// (「2026年10月10日印发」), in 四号 between separator lines.
    Imprint(String, String, String),
    /// An empty line.
    Blank,
    /// A new page.
    PageBreak,
    /// A table: column widths in proportion, the header, the rows.
    Table(TableBlock),
}

/// Whether XML 1.0 allows `c` in a document part: no C0 control but tab, line feed and carriage
/// return, and neither U+FFFE nor U+FFFF (a stray one in an export would make the .docx
/// ill-formed, and Word refuse to open it).
fn xml_allows(c: char) -> bool {
    !matches!(
        c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'
    )
}

/// Whether XML 1.0 allows every character of `text` ([`xml_allows`]), read byte by byte: the
/// characters it forbids are control bytes and U+FFFE, U+FFFF (`EF BF BE`, `EF BF BF`).
fn xml_allows_all(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(at, &byte)| match byte {
        b'\t' | b'\n' | b'\r' => true,
        0xEF => {
            !(bytes.get(at + 1) == Some(&0xBF) && matches!(bytes.get(at + 2), Some(0xBE | 0xBF)))
        }
        _ => byte >= 0x20,
    })
}

/// How many texts of `blocks` hold a character XML 1.0 forbids (the run notes it; [`docx`]
/// leaves those characters out).
pub(crate) fn forbidden_texts(blocks: &[Block]) -> usize {
    let mut count = 0;
    for block in blocks {
        block.each_text(&mut |text: &str| count += usize::from(!xml_allows_all(text)));
    }
    count
}

impl Block {
    /// Calls `f` with every text of the block.
    fn each_text(&self, f: &mut impl FnMut(&str)) {
        match self {
            Block::Title(t)
            | Block::Centre(t)
            | Block::Heading(t)
            | Block::Subheading(t)
            | Block::Body(t)
            | Block::Flush(t)
            | Block::Label(t)
            | Block::Right(t) => f(t),
            Block::Signature(name, date) => {
                f(name);
                f(date);
            }
            Block::Imprint(cc, by, date) => {
                f(cc);
                f(by);
                f(date);
            }
            Block::Blank | Block::PageBreak => {}
            Block::Table(table) => {
                table.header.iter().for_each(|t| f(t));
                table.rows.iter().flatten().for_each(|t| f(t));
            }
        }
    }

    /// The block with every character XML 1.0 forbids left out of its texts.
    fn without_forbidden(self) -> Block {
        let clean = |t: String| t.chars().filter(|c| xml_allows(*c)).collect::<String>();
        match self {
            Block::Title(t) => Block::Title(clean(t)),
            Block::Centre(t) => Block::Centre(clean(t)),
            Block::Heading(t) => Block::Heading(clean(t)),
            Block::Subheading(t) => Block::Subheading(clean(t)),
            Block::Body(t) => Block::Body(clean(t)),
            Block::Flush(t) => Block::Flush(clean(t)),
            Block::Label(t) => Block::Label(clean(t)),
            Block::Right(t) => Block::Right(clean(t)),
            Block::Signature(name, date) => Block::Signature(clean(name), clean(date)),
            Block::Imprint(cc, by, date) => Block::Imprint(clean(cc), clean(by), clean(date)),
            Block::Blank => Block::Blank,
            Block::PageBreak => Block::PageBreak,
            Block::Table(table) => Block::Table(TableBlock {
                widths: table.widths,
                header: table.header.into_iter().map(clean).collect(),
                rows: (table.rows.into_iter())
                    .map(|row| row.into_iter().map(clean).collect())
                    .collect(),
            }),
        }
    }
}

/// A table: header and rows of text, column widths in proportion (shares of the text width).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableBlock {
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
pub(crate) const BODY_FONT: &str = "仿宋";
const BODY_SIZE: usize = 32;
/// Title font (with 宋体 as its alternative in the font table), 二号 22 pt.
pub(crate) const TITLE_FONT: &str = "方正小标宋简体";
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
        .grid_type(DocGridType::Lines)
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
    let mut p = Paragraph::new();
    for (piece, placeholder) in placeholder_pieces(text) {
        let r = run(piece, font, size);
        p = p.add_run(if placeholder {
            r.highlight("yellow")
        } else {
            r
        });
    }
    p.line_spacing(spacing()).snap_to_grid(false)
}

/// `text` cut around the office's placeholders (SPEC §15.1), each piece with whether it is one:
/// a placeholder is highlighted so that nobody sends it unnoticed. The pieces alternate, plain
/// first and last (an empty plain piece where two meet): a text without any is one piece.
fn placeholder_pieces(text: &str) -> Vec<(&str, bool)> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some((at, len)) = (crate::office::PLACEHOLDERS.iter())
        .filter_map(|p| rest.find(p).map(|at| (at, p.len())))
        .min()
    {
        pieces.push((&rest[..at], false));
        pieces.push((&rest[at..at + len], true));
        rest = &rest[at + len..];
    }
    pieces.push((rest, false));
    pieces
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
        Block::Label(t) => paragraph(t, HEADING_FONT, BODY_SIZE).keep_next(true),
        Block::Right(t) => paragraph(t, BODY_FONT, BODY_SIZE)
            .align(AlignmentType::Right)
            .indent(None, None, Some(mm(8.0)), None),
        Block::Blank | Block::Table(_) | Block::Signature(..) | Block::Imprint(..) => {
            paragraph("", BODY_FONT, BODY_SIZE)
        }
        Block::PageBreak => Paragraph::new()
            .add_run(Run::new().add_break(BreakType::Page))
            .line_spacing(spacing())
            .snap_to_grid(false),
    }
}

/// The paragraph of a block, kept on the page of the next one when `kept`.
fn kept_paragraph(block: &Block, kept: bool) -> Paragraph {
    let paragraph = block_paragraph(block);
    if kept {
        paragraph.keep_next(true)
    } else {
        paragraph
    }
}

/// Which blocks keep with the next: the last line of text before a signature (with the lines
/// it continues, as the 附件 list's) and the blank lines between, so that the signature never stands alone at the top of a page (GB/T 9704
/// 7.3.5: the signature and date are not left on a page without text).
fn kept_with_signature(blocks: &[Block]) -> Vec<bool> {
    let mut kept = vec![false; blocks.len()];
    for (at, block) in blocks.iter().enumerate() {
        if !matches!(block, Block::Signature(..)) {
            continue;
        }
        for before in (0..at).rev() {
            if matches!(blocks[before], Block::Table(_) | Block::PageBreak) {
                break;
            }
            kept[before] = true;
            match &blocks[before] {
                Block::Blank => {}
                // A line that begins with full-width spaces continues the one above (附件 2–4).
                Block::Body(t) if t.starts_with('\u{3000}') => {}
                _ => break,
            }
        }
    }
    kept
}

/// A text's width in characters of the grid: a full-width character one, an ASCII one half.
fn width_in_characters(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// The signature's two paragraphs (GB/T 9704 7.3.5.3): the date with four characters free on
/// its right, the name centred over the date (a name wider than that room moves the date left).
fn signature(name: &str, date: &str) -> [Paragraph; 2] {
    let pitch = f64::from(text_width()) / CHARS as f64;
    let (name_w, date_w) = (width_in_characters(name), width_in_characters(date));
    let mut date_right = 4.0;
    let mut name_right = date_right + (date_w - name_w) / 2.0;
    if name_right < 0.0 {
        date_right -= name_right;
        name_right = 0.0;
    }
    let right = |chars: f64| Some((chars * pitch).round() as i32);
    [
        paragraph(name, BODY_FONT, BODY_SIZE)
            .align(AlignmentType::Right)
            .indent(None, None, right(name_right), None)
            .keep_next(true),
        paragraph(date, BODY_FONT, BODY_SIZE)
            .align(AlignmentType::Right)
            .indent(None, None, right(date_right), None),
    ]
}

/// The signature's XML, as docx-rs writes it: made once per thread for the last name and date
/// (every document of a run has the same; its paragraph ids are numbered again with the body's).
fn signature_xml(name: &str, date: &str, out: &mut Vec<u8>) {
    use docx_rs::BuildXML;
    type Last = Option<(String, String, Vec<u8>)>;
    thread_local! {
        static LAST: std::cell::RefCell<Last> = const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| {
        let fresh = !matches!(last, Some((n, d, _)) if n == name && d == date);
        if fresh {
            let xml: Vec<u8> = signature(name, date)
                .iter()
                .flat_map(|p| p.build())
                .collect();
            *last = Some((name.to_string(), date.to_string(), xml));
        }
        if let Some((_, _, xml)) = last {
            out.extend_from_slice(xml);
        }
    });
}

/// The 版记's size: 四号 (14 pt).
const IMPRINT_SIZE: usize = 28;

/// The 版记's paragraphs (GB/T 9704 7.4): the 抄送 line when there is one, then the 印发机关
/// flush left and the 印发日期 flush right, each one character in from the margin, 四号; a
/// thick line above the first and below the last (0.35 mm), a thin one between (0.25 mm).
fn imprint(cc: &str, by: &str, date: &str) -> Vec<Paragraph> {
    use docx_rs::{
        BorderType, ParagraphBorder, ParagraphBorderPosition as At, ParagraphBorders, Tab,
        TabValueType,
    };
    // One character of 四号 in twips: the size in half-points × 10.
    let character = (IMPRINT_SIZE * 10) as i32;
    let line = |position, eighths: usize| {
        ParagraphBorder::new(position)
            .val(BorderType::Single)
            .size(eighths)
            .space(1)
            .color("000000")
    };
    let (thick, thin) = (8, 6);
    // The lines run the text's width; the words start one character in (a first-line indent
    // leaves the lines where they are).
    let lined = |mut p: Paragraph, top: Option<usize>, bottom: usize| {
        let mut borders = ParagraphBorders::with_empty().set(line(At::Bottom, bottom));
        if let Some(top) = top {
            borders = borders.set(line(At::Top, top));
        }
        p.property = p.property.set_borders(borders);
        p.indent(
            None,
            Some(SpecialIndentType::FirstLine(character)),
            None,
            None,
        )
    };
    let mut paragraphs = Vec::new();
    if !cc.is_empty() {
        let p = paragraph(cc, BODY_FONT, IMPRINT_SIZE);
        paragraphs.push(lined(p, Some(thick), thin).keep_next(true));
    }
    let p = paragraph(by, BODY_FONT, IMPRINT_SIZE)
        .add_run(run("", BODY_FONT, IMPRINT_SIZE).add_tab())
        .add_run(run(date, BODY_FONT, IMPRINT_SIZE))
        .add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .pos((text_width() - character) as usize),
        );
    paragraphs.push(lined(p, cc.is_empty().then_some(thick), thick));
    paragraphs
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
/// The header: 「草稿」 while the documents hold placeholders, else empty.
fn draft(draft: bool) -> Header {
    let text = if draft { "草稿" } else { "" };
    Header::new()
        .add_paragraph(paragraph(text, HEADING_FONT, PAGE_SIZE).align(AlignmentType::Right))
}

/// The document properties (docProps/core.xml): its author and its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Properties {
    /// dc:creator and cp:lastModifiedBy: the issuing office.
    pub author: String,
    /// dcterms:created and modified, W3CDTF (`2026-10-10T00:00:00Z`): the issue date.
    pub date: String,
    /// 「草稿」 in the header: while a placeholder is left (SPEC §15.1), the documents are drafts.
    pub draft: bool,
}

impl Default for Properties {
    /// What docx-rs writes without them.
    fn default() -> Properties {
        Properties {
            author: "unknown".to_string(),
            date: "1970-01-01T00:00:00Z".to_string(),
            draft: true,
        }
    }
}

/// A document without blocks: the page, its grid, fonts, header and footers.
fn page(is_draft: bool) -> Docx {
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
        .header(draft(is_draft))
        .even_header(draft(is_draft))
        .footer(page_number(AlignmentType::Right))
        .even_footer(page_number(AlignmentType::Left))
        .created_at("1970-01-01T00:00:00Z")
        .updated_at("1970-01-01T00:00:00Z");
    doc.document = doc.document.doc_grid(grid());
    doc
}
/// A document that could not be packed.
#[derive(Debug, thiserror::Error)]
#[error("cannot build a document: {0}")]
pub(crate) struct DocumentError(pub String);
impl From<crate::output::Stopped> for DocumentError {
    fn from(stopped: crate::output::Stopped) -> DocumentError {
        DocumentError(stopped.to_string())
    }
}
#[cfg(test)]
mod tests {
    use super::package::{
        DOCUMENT_PART, HOLE, deflated, hex8, normal_in_body_font, renumber, repeat_table_headers,
        with_alternatives,
    };
    use super::*;

    #[test]
    fn hex8_is_eight_upper_case_digits() {
        for n in [0, 1, 0xA, 0x1F, 0xDEAD_BEEF, u32::MAX, 123_456_789] {
            assert_eq!(hex8(n).to_vec(), format!("{n:08X}").into_bytes(), "{n}");
        }
    }

    #[test]
    fn allowed_texts_read_byte_by_byte_as_character_by_character() {
        for text in [
            "",
            "（一）整改通知书：ＡＢ，。",
            "tab\tline\nreturn\r",
            "bell\u{7}",
            "\u{fffe}",
            "x\u{ffff}y",
            "\u{fffd}\u{ff08}\u{efbf}",
            "\u{1f}",
            "ＡＢ\u{fffd}\u{0}",
        ] {
            assert_eq!(
                xml_allows_all(text),
                text.chars().all(xml_allows),
                "{text:?}"
            );
        }
    }

    #[test]
    fn escape_replaces_the_five_characters_and_drops_line_breaks() {
        let mut out = Vec::new();
        package::escape("a<b>&\"c\"'d'\r\n（一）", &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;（一）"
        );
    }

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
        let first = docx(&blocks(), &Properties::default()).unwrap();
        let _other = docx(&[Block::Body("另一份".into())], &Properties::default()).unwrap();
        assert_eq!(docx(&blocks(), &Properties::default()).unwrap(), first);
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

    /// The document part of a package.
    fn document_part(docx: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut part = Vec::new();
        (archive.by_name(DOCUMENT_PART).unwrap())
            .read_to_end(&mut part)
            .unwrap();
        part
    }

    #[test]
    fn the_body_is_what_docx_rs_writes_for_the_same_blocks() {
        // Every kind of block, the characters XML escapes, a line feed and a carriage return,
        // tables of different widths, one with short rows, one with the stand-in in its header.
        let odd = "A&B <c> \"d\" 'e'\nf\rg 定海区";
        let mut blocks = blocks();
        blocks.extend([
            Block::Centre(odd.into()),
            Block::Subheading(odd.into()),
            Block::Body(odd.into()),
            Block::Flush(odd.into()),
            Block::Right(odd.into()),
            Block::Label(odd.into()),
            // Placeholders, highlighted: alone, at either end, two that meet (SPEC §15.1).
            Block::Right("（发文机关）".into()),
            Block::Body("报送（发文机关）。（联系人及电话）".into()),
            Block::Flush("〔　　〕　号（发文机关）".into()),
            Block::Signature("（发文机关）".into(), "2026年10月10日".into()),
            Block::Imprint(
                "抄送：甲。".into(),
                "（发文机关）".into(),
                "2026年10月10日印发".into(),
            ),
            Block::Imprint(String::new(), "乙".into(), "2026年10月10日印发".into()),
            Block::Blank,
            Block::PageBreak,
            Block::Table(TableBlock {
                widths: vec![2, 5, 1],
                header: vec!["账号".into(), odd.into(), "得分".into()],
                rows: vec![
                    vec![odd.into(), "x".into(), "59.5".into()],
                    vec!["short".into()],
                    vec![],
                ],
            }),
            Block::Table(TableBlock {
                widths: vec![3, 1, 1],
                header: vec!["账号".into(), "得分".into(), "扣分".into()],
                rows: vec![
                    vec![odd.into(), "59.5".into(), odd.into()],
                    vec!["1".into(), String::new(), "3".into()],
                ],
            }),
            Block::Table(TableBlock {
                widths: vec![1, 1],
                header: vec![format!("a{HOLE}b"), "c".into()],
                rows: vec![vec![format!("{HOLE}"), "d".into()]],
            }),
        ]);
        let mut doc = page(true);
        for (block, kept) in blocks.iter().zip(kept_with_signature(&blocks)) {
            doc = match block {
                Block::Table(t) => doc.add_table(table(t)),
                Block::Signature(name, date) => {
                    let [a, b] = signature(name, date);
                    doc.add_paragraph(a).add_paragraph(b)
                }
                Block::Imprint(cc, by, date) => imprint(cc, by, date)
                    .into_iter()
                    .fold(doc, |doc, p| doc.add_paragraph(p)),
                other => doc.add_paragraph(kept_paragraph(other, kept)),
            };
        }
        let mut next = 1;
        let expected = repeat_table_headers(&renumber(&doc.build().document, &mut next));
        let made = document_part(&docx(&blocks, &Properties::default()).unwrap());
        assert_eq!(
            String::from_utf8(made).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn the_signature_keeps_the_last_line_of_text_and_the_blanks_before_it() {
        let blocks = [
            Block::Body("一".into()),
            Block::Body("附件：1. 甲".into()),
            Block::Body("\u{3000}\u{3000}\u{3000}2. 乙".into()),
            Block::Blank,
            Block::Signature("机关".into(), "2026年10月10日".into()),
            Block::Table(TableBlock {
                widths: vec![1],
                header: vec!["a".into()],
                rows: vec![],
            }),
            Block::Signature("机关".into(), "2026年10月10日".into()),
        ];
        assert_eq!(
            kept_with_signature(&blocks),
            [false, true, true, true, false, false, false]
        );
    }

    #[test]
    fn the_package_is_docx_rs_package_with_every_part_deflated_in_order() {
        // The slow way: docx-rs packs the whole document, every part is deflated in its order.
        let mut blocks = blocks();
        blocks.push(Block::PageBreak);
        blocks.push(Block::Body("第二页".into()));
        let mut doc = page(true);
        for block in &blocks {
            doc = match block {
                Block::Table(t) => doc.add_table(table(t)),
                other => doc.add_paragraph(block_paragraph(other)),
            };
        }
        let mut xml = doc.build();
        xml.font_table = with_alternatives(&xml.font_table);
        xml.styles = normal_in_body_font(&xml.styles);
        let mut next = 1;
        xml.document = repeat_table_headers(&renumber(&xml.document, &mut next));
        for part in xml.headers.iter_mut().chain(xml.footers.iter_mut()) {
            *part = renumber(part, &mut next);
        }
        let mut stored = std::io::Cursor::new(Vec::new());
        xml.pack(&mut stored).unwrap();
        let expected = deflated(&stored.into_inner()).unwrap();
        assert_eq!(docx(&blocks, &Properties::default()).unwrap(), expected);
    }
}
