//! The .docx package, byte for byte: docx-rs writes each part once (the page, each kind of
//! paragraph and each table's head, with holes), documents are those parts filled with their
//! texts, numbered and deflated, then zipped in docx-rs's order.

use super::{
    BODY_FONT, BODY_SIZE, Block, DocumentError, HEADING_FONT, PAGE_FONT, Properties,
    SUBHEADING_FONT, TITLE_FONT, TableBlock, block_paragraph, forbidden_texts, imprint,
    kept_paragraph, kept_with_signature, page, placeholder_pieces, signature_xml, table,
};
use rustc_hash::FxHashMap as HashMap;

/// docProps/core.xml as docx-rs writes it, with `p`'s author and date.
pub(super) fn core_xml(p: &Properties) -> Vec<u8> {
    let mut author = Vec::new();
    escape(&p.author, &mut author);
    let author = String::from_utf8_lossy(&author);
    let mut date = Vec::new();
    escape(&p.date, &mut date);
    let date = String::from_utf8_lossy(&date);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified><cp:revision>1</cp:revision></cp:coreProperties>"#
    )
    .into_bytes()
}

/// The document of `blocks`, as .docx bytes: the template's parts with the blocks as the body
/// of its document part, the paragraphs numbered in order (document, headers, footers), and the
/// properties `properties`.
pub(crate) fn docx(blocks: &[Block], properties: &Properties) -> Result<Vec<u8>, DocumentError> {
    let cleaned;
    let blocks = if forbidden_texts(blocks) > 0 {
        cleaned = blocks
            .iter()
            .cloned()
            .map(Block::without_forbidden)
            .collect::<Vec<_>>();
        cleaned.as_slice()
    } else {
        blocks
    };
    let template = template(properties.draft)?;
    // docx-rs numbers paragraphs from a per-thread counter that runs on from one document to the
    // next: number them again, in order, so a document does not depend on what was built before.
    let mut next = 1;
    let document = with_body(&template.document, &body(blocks)?, &mut next)?;
    let fail = |e: zip::result::ZipError| DocumentError(e.to_string());
    let margins = template.margins_from(next).map_err(fail)?;
    let core = template.core(core_xml(properties)).map_err(fail)?;
    pack(template, &document, margins, core).map_err(fail)
}

/// The parts of a document without blocks, as docx-rs writes them, its font table and Normal
/// style amended.
pub(super) fn skeleton(draft: bool) -> docx_rs::XMLDocx {
    let mut xml = page(draft).build();
    xml.font_table = with_alternatives(&xml.font_table);
    xml.styles = normal_in_body_font(&xml.styles);
    xml
}

/// Deflate level of the parts (1 fastest … 9 smallest): tens of thousands of notices at national
/// scale, each a few kilobytes of XML.
pub(super) const DEFLATE_LEVEL: i64 = 1;

/// What every document shares, made once: the package of a document without blocks with its
/// parts deflated, cut where the parts that change are (each run of parts that do not change is
/// copied from it as it is, in one piece), and those parts as docx-rs wrote them: the document
/// part with its empty body, the headers and footers (their paragraphs are numbered after the
/// document's).
pub(super) struct Template {
    /// The parts before the core properties.
    before: Archive,
    /// The parts after the core properties, before the document part.
    after_core: Archive,
    /// The parts after the document part, up to the first header or footer.
    between: Archive,
    /// The deflated package whole, from which the parts after the first header or footer (the
    /// margins' relationships) are copied.
    archive: Archive,
    /// Where the first header or footer is among its entries.
    margins_at: usize,
    /// The package's length in bytes.
    size: usize,
    document: Vec<u8>,
    margins: Vec<(String, Vec<u8>)>,
    /// The parts from the first header or footer on, its headers and footers numbered from a
    /// paragraph number on, by that number (they differ only in it: a few hundred numbers at
    /// most, for the documents' lengths).
    numbered_margins: std::sync::Mutex<HashMap<u32, Archive>>,
    /// The core properties deflated, by their XML (a run's documents share author and date).
    cores: std::sync::Mutex<HashMap<Vec<u8>, Archive>>,
}

/// A package read from memory, shared by the documents that copy parts from it.
pub(super) type Archive = zip::ZipArchive<std::io::Cursor<std::sync::Arc<[u8]>>>;

/// How many numberings of the headers and footers are kept, at most (past it they are deflated
/// for each document, as the rest of the document is).
pub(super) const NUMBERED_MARGINS_KEPT: usize = 4096;

/// How many core properties parts are kept, at most (a run has one or two).
pub(super) const CORES_KEPT: usize = 16;

pub(super) const DOCUMENT_PART: &str = "word/document.xml";
pub(super) const CORE_PART: &str = "docProps/core.xml";

impl Template {
    pub(super) fn new(draft: bool) -> Result<Template, DocumentError> {
        let fail = |e: zip::result::ZipError| DocumentError(e.to_string());
        let mut xml = skeleton(draft);
        let document = xml.document.clone();
        let margins: Vec<(String, Vec<u8>)> = (xml.headers.iter().enumerate())
            .map(|(i, part)| (format!("word/header{}.xml", i + 1), part.clone()))
            .chain(
                (xml.footers.iter().enumerate())
                    .map(|(i, part)| (format!("word/footer{}.xml", i + 1), part.clone())),
            )
            .collect();
        let mut next = 1;
        xml.document = renumber(&xml.document, &mut next);
        for part in xml.headers.iter_mut().chain(xml.footers.iter_mut()) {
            *part = renumber(part, &mut next);
        }
        let mut stored = std::io::Cursor::new(Vec::new());
        xml.pack(&mut stored)
            .map_err(|e| DocumentError(e.to_string()))?;
        let packed: std::sync::Arc<[u8]> = deflated(&stored.into_inner()).map_err(fail)?.into();
        let size = packed.len();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(packed)).map_err(fail)?;
        let names: Vec<String> = archive.file_names().map(str::to_string).collect();
        let document_at = names.iter().position(|n| n == DOCUMENT_PART);
        let margins_at = names
            .iter()
            .position(|n| margins.iter().any(|(m, _)| m == n));
        let (Some(document_at), Some(margins_at)) = (document_at, margins_at) else {
            return Err(DocumentError(
                "docx-rs wrote no document part or no header".into(),
            ));
        };
        if margins_at < document_at {
            return Err(DocumentError(
                "docx-rs wrote a header before the document".into(),
            ));
        }
        let core_at = (names.iter().position(|n| n == CORE_PART))
            .filter(|at| *at < document_at)
            .ok_or_else(|| DocumentError("docx-rs wrote no core properties".into()))?;
        let before = copied(&mut archive, 0..core_at).map_err(fail)?;
        let after_core = copied(&mut archive, core_at + 1..document_at).map_err(fail)?;
        let between = copied(&mut archive, document_at + 1..margins_at).map_err(fail)?;
        Ok(Template {
            before,
            after_core,
            between,
            archive,
            margins_at,
            size,
            document,
            margins,
            numbered_margins: std::sync::Mutex::default(),
            cores: std::sync::Mutex::default(),
        })
    }

    /// The core properties part `core`, deflated as a package of its own, made once for each
    /// `core` (copied into each document as the template's parts are).
    pub(super) fn core(&self, core: Vec<u8>) -> zip::result::ZipResult<Archive> {
        kept_or_made(&self.cores, CORES_KEPT, core.clone(), || {
            use std::io::Write;
            let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            out.start_file(CORE_PART, options())?;
            out.write_all(&core)?;
            readable(out)
        })
    }

    /// The parts from the first header or footer on, the headers and footers with their
    /// paragraphs numbered from `first` on and deflated as the document part is, made once for
    /// each `first`.
    pub(super) fn margins_from(&self, first: u32) -> zip::result::ZipResult<Archive> {
        kept_or_made(&self.numbered_margins, NUMBERED_MARGINS_KEPT, first, || {
            use std::io::Write;
            let mut archive = self.archive.clone();
            let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let mut next = first;
            for i in self.margins_at..archive.len() {
                let entry = archive.by_index_raw(i)?;
                match (self.margins.iter()).find(|(name, _)| name == entry.name()) {
                    Some((name, part)) => {
                        drop(entry);
                        out.start_file(name.as_str(), options())?;
                        out.write_all(&renumber(part, &mut next))?;
                    }
                    None => out.raw_copy_file(entry)?,
                }
            }
            readable(out)
        })
    }
}

/// A package of the entries `range` of `archive`, copied as they are (directories added again).
pub(super) fn copied(
    archive: &mut Archive,
    range: std::ops::Range<usize>,
) -> zip::result::ZipResult<Archive> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in range {
        let entry = archive.by_index_raw(i)?;
        if entry.is_dir() {
            let name = entry.name().to_string();
            drop(entry);
            out.add_directory(name, options())?;
        } else {
            out.raw_copy_file(entry)?;
        }
    }
    readable(out)
}

/// What `out` wrote, to be read (and copied from).
pub(super) fn readable(
    out: zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
) -> zip::result::ZipResult<Archive> {
    let packed: std::sync::Arc<[u8]> = out.finish()?.into_inner().into();
    zip::ZipArchive::new(std::io::Cursor::new(packed))
}

/// The template, made on first use.
pub(super) fn template(draft: bool) -> Result<&'static Template, DocumentError> {
    type Made = std::sync::OnceLock<Result<Template, String>>;
    static TEMPLATES: [Made; 2] = [Made::new(), Made::new()];
    (TEMPLATES[usize::from(draft)]
        .get_or_init(|| Template::new(draft).map_err(|e| e.0))
        .as_ref())
    .map_err(|e| DocumentError(e.clone()))
}

pub(super) fn options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
        .last_modified_time(zip::DateTime::default())
}

/// docx-rs's package with its parts deflated (docx-rs stores them: a notice with a long table
/// was 68 KB, tens of thousands of them at national scale). Entries keep their order and the
/// fixed time of 1980-01-01 (zip's default without a clock).
pub(super) fn deflated(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut buffer = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            out.add_directory(name, options())?;
            continue;
        }
        buffer.clear();
        entry.read_to_end(&mut buffer)?;
        out.start_file(name, options())?;
        out.write_all(&buffer)?;
    }
    Ok(out.finish()?.into_inner())
}

/// The template's package with `document`, and the parts from the first header or footer on
/// copied from `margins` ([`Template::margins_from`]): the other parts copied already deflated,
/// a run of them at a time (the same bytes as deflating them again: the deflater is
/// deterministic).
pub(super) fn pack(
    template: &Template,
    document: &[u8],
    margins: Archive,
    core: Archive,
) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write;
    // Room for the package: its fixed parts and the document part, deflated to at most its size.
    let room = template.size + document.len();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(room)));
    out.merge_archive(template.before.clone())?;
    out.merge_archive(core)?;
    out.merge_archive(template.after_core.clone())?;
    out.start_file(DOCUMENT_PART, options())?;
    out.write_all(document)?;
    out.merge_archive(template.between.clone())?;
    out.merge_archive(margins)?;
    Ok(out.finish()?.into_inner())
}

/// A stand-in for a block's text while docx-rs writes the block's XML (a private-use character
/// no text of a run holds).
pub(super) const HOLE: char = '\u{E000}';

/// The XML docx-rs writes for one kind of paragraph, before and after its text.
pub(super) struct Shape {
    before: Vec<u8>,
    after: Vec<u8>,
    /// Between a plain run's text and a highlighted run's (a placeholder's).
    to_highlight: Vec<u8>,
    /// Between a highlighted run's text and the next plain run's.
    from_highlight: Vec<u8>,
}

impl Shape {
    /// `xml` split at its holes.
    pub(super) fn of(xml: &[u8]) -> Vec<Vec<u8>> {
        let mut hole = [0u8; 4];
        let hole = HOLE.encode_utf8(&mut hole).as_bytes();
        let mut pieces = Vec::new();
        let mut from = 0;
        for at in memchr::memmem::find_iter(xml, hole) {
            pieces.push(xml[from..at].to_vec());
            from = at + hole.len();
        }
        pieces.push(xml[from..].to_vec());
        pieces
    }

    /// The shape of a block holding one text, from the block with a hole for its text and the
    /// same block with a placeholder between two holes.
    pub(super) fn paragraph(
        block: &Block,
        highlighted: &Block,
        kept: bool,
    ) -> Result<Shape, DocumentError> {
        use docx_rs::BuildXML;
        let unusable = || DocumentError(format!("no single text in {block:?}"));
        let mut pieces = Shape::of(&kept_paragraph(block, kept).build()).into_iter();
        let (Some(before), Some(after), None) = (pieces.next(), pieces.next(), pieces.next())
        else {
            return Err(unusable());
        };
        let pieces = Shape::of(&kept_paragraph(highlighted, kept).build());
        let mut placeholder = Vec::new();
        escape(crate::office::ISSUER_PLACEHOLDER, &mut placeholder);
        let middle = pieces
            .get(1)
            .filter(|_| pieces.len() == 3)
            .ok_or_else(unusable)?;
        let at = memchr::memmem::find(middle, &placeholder).ok_or_else(unusable)?;
        Ok(Shape {
            before,
            after,
            to_highlight: middle[..at].to_vec(),
            from_highlight: middle[at + placeholder.len()..].to_vec(),
        })
    }

    pub(super) fn fill(&self, text: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.before);
        for (piece, highlighted) in placeholder_pieces(text) {
            if highlighted {
                out.extend_from_slice(&self.to_highlight);
                escape(piece, out);
                out.extend_from_slice(&self.from_highlight);
            } else {
                escape(piece, out);
            }
        }
        out.extend_from_slice(&self.after);
    }
}

/// A run's text as docx-rs writes it (`Run::add_text`, then its `escape`): the five XML
/// entities; line feeds and carriage returns left out.
pub(super) fn escape(text: &str, out: &mut Vec<u8>) {
    // Byte by byte: every character replaced is ASCII, so the runs between them are copied
    // whole (a character at a time was a copy per character).
    let bytes = text.as_bytes();
    let mut from = 0;
    for (at, byte) in bytes.iter().enumerate() {
        let with: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&apos;",
            b'\n' | b'\r' => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[from..at]);
        out.extend_from_slice(with);
        from = at + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

/// The paragraph shapes, made once, one per kind of block that holds a text (`text_slot`),
/// and the page break's XML.
pub(super) struct Shapes {
    text: [Shape; TEXT_KINDS],
    /// The same shapes kept with the next paragraph (the lines before a signature).
    kept: [Shape; TEXT_KINDS],
    page_break: Vec<u8>,
}

/// How many kinds of block hold one text.
pub(super) const TEXT_KINDS: usize = 8;

/// Where a block's shape is among the text shapes, and its text: title, centre, heading,
/// subheading, body, flush, right, label (a blank line is an empty flush line).
pub(super) fn text_slot(block: &Block) -> Option<(usize, &str)> {
    match block {
        Block::Title(t) => Some((0, t)),
        Block::Centre(t) => Some((1, t)),
        Block::Heading(t) => Some((2, t)),
        Block::Subheading(t) => Some((3, t)),
        Block::Body(t) => Some((4, t)),
        Block::Flush(t) => Some((5, t)),
        Block::Right(t) => Some((6, t)),
        Block::Label(t) => Some((7, t)),
        Block::Blank => Some((5, "")),
        Block::PageBreak | Block::Table(_) | Block::Signature(..) | Block::Imprint(..) => None,
    }
}

pub(super) fn shapes() -> Result<&'static Shapes, DocumentError> {
    static SHAPES: std::sync::OnceLock<Result<Shapes, String>> = std::sync::OnceLock::new();
    let make = || -> Result<Shapes, DocumentError> {
        use docx_rs::BuildXML;
        let hole = HOLE.to_string();
        let kinds = |t: &str| {
            [
                Block::Title(t.to_string()),
                Block::Centre(t.to_string()),
                Block::Heading(t.to_string()),
                Block::Subheading(t.to_string()),
                Block::Body(t.to_string()),
                Block::Flush(t.to_string()),
                Block::Right(t.to_string()),
                Block::Label(t.to_string()),
            ]
        };
        let highlighted = format!("{hole}{}{hole}", crate::office::ISSUER_PLACEHOLDER);
        // Each shape in its block's slot: the order is `text_slot`'s alone.
        let slots = |kept: bool| -> Result<[Shape; TEXT_KINDS], DocumentError> {
            let mut text: Vec<Option<Shape>> = (0..TEXT_KINDS).map(|_| None).collect();
            for (kind, with_placeholder) in kinds(&hole).iter().zip(&kinds(&highlighted)) {
                if let Some((slot, _)) = text_slot(kind) {
                    text[slot] = Some(Shape::paragraph(kind, with_placeholder, kept)?);
                }
            }
            let text: Vec<Shape> = text.into_iter().flatten().collect();
            <[Shape; TEXT_KINDS]>::try_from(text)
                .map_err(|_| DocumentError("a kind of block without a shape".into()))
        };
        let page_break = block_paragraph(&Block::PageBreak).build();
        Ok(Shapes {
            text: slots(false)?,
            kept: slots(true)?,
            page_break,
        })
    };
    (SHAPES.get_or_init(|| make().map_err(|e| e.0)).as_ref()).map_err(|e| DocumentError(e.clone()))
}

/// The body's XML: each block's shape filled with its text, each table written by docx-rs with
/// its header and one row of holes, that row filled once per row of the table.
pub(super) fn body(blocks: &[Block]) -> Result<Vec<u8>, DocumentError> {
    let shapes = shapes()?;
    let kept = kept_with_signature(blocks);
    let mut out = Vec::new();
    for (block, kept) in blocks.iter().zip(kept) {
        let slots = if kept { &shapes.kept } else { &shapes.text };
        match (block, text_slot(block)) {
            (_, Some((slot, text))) => slots[slot].fill(text, &mut out),
            (Block::Table(t), None) => table_xml(t, &mut out),
            (Block::Signature(name, date), None) => signature_xml(name, date, &mut out),
            (Block::Imprint(cc, by, date), None) => {
                use docx_rs::BuildXML;
                imprint(cc, by, date)
                    .iter()
                    .for_each(|p| out.extend_from_slice(&p.build()));
            }
            (_, None) => out.extend_from_slice(&shapes.page_break),
        }
    }
    Ok(out)
}

/// A table's XML: docx-rs writes its properties, grid, header and one row of holes, and the
/// rows are that row filled; docx-rs writes the whole table when that cannot be done (rows of
/// other lengths than the header's, a header holding the stand-in character itself).
pub(super) fn table_xml(t: &TableBlock, out: &mut Vec<u8>) {
    use docx_rs::BuildXML;
    if !filled_table(t, out) {
        out.extend_from_slice(&repeat_table_headers(&table(t).build()));
    }
}

/// `t` written into `out` from docx-rs's table of one row of holes; false (and `out` as it was)
/// when that row does not fit the table.
pub(super) fn filled_table(t: &TableBlock, out: &mut Vec<u8>) -> bool {
    let columns = t.header.len();
    if columns == 0 || t.rows.iter().any(|row| row.len() != columns) {
        return false;
    }
    let pieces = row_of_holes(t);
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return false;
    };
    let row_at = memchr::memmem::rfind(first, b"<w:tr>");
    let row_end = memchr::memmem::find(last, b"</w:tr>").map(|at| at + b"</w:tr>".len());
    let (Some(row_at), Some(row_end), true) = (row_at, row_end, pieces.len() == columns + 1) else {
        return false;
    };
    out.extend_from_slice(&first[..row_at]);
    let inner = &pieces[1..columns];
    for row in &t.rows {
        out.extend_from_slice(&first[row_at..]);
        for (i, text) in row.iter().enumerate() {
            escape(text, out);
            out.extend_from_slice(inner.get(i).map_or(&last[..row_end], Vec::as_slice));
        }
    }
    out.extend_from_slice(&last[row_end..]);
    true
}

/// How many tables' shapes are kept, at most (past it they are written for each table).
pub(super) const TABLE_SHAPES_KEPT: usize = 1024;

/// docx-rs's XML of `t`'s widths and header with one row of holes, its header row marked to
/// repeat, split at the holes: made once for each widths and header (every notice of a kind has
/// the same table heads).
pub(super) fn row_of_holes(t: &TableBlock) -> std::sync::Arc<Vec<Vec<u8>>> {
    use docx_rs::BuildXML;
    type Kept = std::sync::Mutex<HashMap<(Vec<u32>, Vec<String>), std::sync::Arc<Vec<Vec<u8>>>>>;
    static KEPT: std::sync::LazyLock<Kept> = std::sync::LazyLock::new(Kept::default);
    let key = (t.widths.clone(), t.header.clone());
    let Ok(pieces) = kept_or_made(&KEPT, TABLE_SHAPES_KEPT, key, || {
        let xml = table(&TableBlock {
            widths: t.widths.clone(),
            header: t.header.clone(),
            rows: vec![vec![HOLE.to_string(); t.header.len()]],
        })
        .build();
        let xml = repeat_table_headers(&xml);
        Ok::<_, std::convert::Infallible>(std::sync::Arc::new(Shape::of(&xml)))
    });
    pieces
}

/// The value `kept` holds for `key`, or the one `make` makes, kept while `kept` holds fewer
/// than `most` (past it, made each time).
pub(super) fn kept_or_made<K: std::hash::Hash + Eq, V: Clone, E>(
    kept: &std::sync::Mutex<HashMap<K, V>>,
    most: usize,
    key: K,
    make: impl FnOnce() -> Result<V, E>,
) -> Result<V, E> {
    if let Some(value) = (kept.lock().ok()).and_then(|kept| kept.get(&key).cloned()) {
        return Ok(value);
    }
    let value = make()?;
    if let Ok(mut kept) = kept.lock()
        && kept.len() < most
    {
        kept.insert(key, value.clone());
    }
    Ok(value)
}

/// The document part with `body` in place of the empty body docx-rs wrote (its section
/// properties stay last), its paragraphs numbered from `next` on.
pub(super) fn with_body(
    document: &[u8],
    body: &[u8],
    next: &mut u32,
) -> Result<Vec<u8>, DocumentError> {
    const OPEN: &[u8] = b"<w:body>";
    let at = memchr::memmem::find(document, OPEN)
        .ok_or_else(|| DocumentError("docx-rs wrote no body".into()))?
        + OPEN.len();
    let mut out = Vec::with_capacity(document.len() + body.len());
    for part in [&document[..at], body, &document[at..]] {
        renumber_into(part, next, &mut out);
    }
    Ok(out)
}

/// Every `w14:paraId="…"` of `part` numbered from `next` on.
pub(super) fn renumber(part: &[u8], next: &mut u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(part.len());
    renumber_into(part, next, &mut out);
    out
}

/// `part` appended to `out`, every `w14:paraId="…"` numbered from `next` on.
pub(super) fn renumber_into(part: &[u8], next: &mut u32, out: &mut Vec<u8>) {
    const KEY: &[u8] = b"w14:paraId=\"";
    // Built once: a document part is searched a few hundred times.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(KEY));
    let mut rest = part;
    while let Some(at) = FINDER.find(rest) {
        let start = at + KEY.len();
        out.extend_from_slice(&rest[..start]);
        out.extend_from_slice(&hex8(*next));
        *next += 1;
        rest = &rest[start..];
        rest = memchr::memchr(b'"', rest).map_or(&[][..], |end| &rest[end..]);
    }
    out.extend_from_slice(rest);
}

/// `n` as eight upper-case hexadecimal digits (`{:08X}`), without formatting machinery.
pub(super) fn hex8(n: u32) -> [u8; 8] {
    std::array::from_fn(|i| b"0123456789ABCDEF"[(n >> (28 - 4 * i) & 0xF) as usize])
}

/// The first row of every table marked as a header row, repeated on each page (docx-rs has no
/// setting for it).
pub(super) fn repeat_table_headers(document: &[u8]) -> Vec<u8> {
    const HEADER: &[u8] = b"<w:trPr><w:tblHeader />";
    let mut out = Vec::with_capacity(document.len() + 64);
    let mut rest = document;
    while let Some(at) = memchr::memmem::find(rest, b"<w:tbl>") {
        let Some(tr) = memchr::memmem::find(&rest[at..], b"<w:tr>") else {
            break;
        };
        let (head, row) = rest.split_at(at + tr + b"<w:tr>".len());
        out.extend_from_slice(head);
        out.extend_from_slice(HEADER);
        if let Some(props) = row.strip_prefix(b"<w:trPr>") {
            rest = props;
        } else if let Some(props) = row.strip_prefix(b"<w:trPr />") {
            out.extend_from_slice(b"</w:trPr>");
            rest = props;
        } else {
            out.extend_from_slice(b"</w:trPr>");
            rest = row;
        }
    }
    out.extend_from_slice(rest);
    out
}

/// The Normal style in the body font and size: LibreOffice sizes the character grid from it,
/// not from the document defaults (12 pt there gave 17 characters a line instead of 28).
/// Its languages are those of a Chinese Word's documents: zh-CN for the East Asian text (else
/// LibreOffice takes the Japanese face), en-US for the Latin (with zh-CN there, LibreOffice broke
/// record ids such as V00010401 and years across lines).
pub(super) fn normal_in_body_font(styles: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(styles);
    let font = format!(
        "<w:rPr><w:rFonts w:ascii=\"{BODY_FONT}\" w:hAnsi=\"{BODY_FONT}\" w:eastAsia=\"{BODY_FONT}\" w:cs=\"{BODY_FONT}\" /><w:sz w:val=\"{BODY_SIZE}\" /><w:szCs w:val=\"{BODY_SIZE}\" /><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" /></w:rPr>"
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
pub(super) fn with_alternatives(table: &[u8]) -> Vec<u8> {
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
