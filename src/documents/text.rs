//! The wording of the documents: a minijinja template per document in `templates/documents/`
//! renders finished strings into lines of a small markup, which become layout blocks.

use rustc_hash::FxHashMap as HashMap;

use minijinja::Environment;
use serde::Serialize;

use super::layout::{Block, DocumentError, TableBlock};

const TEMPLATES: [(&str, &str); 3] = [
    (
        "circular.txt",
        include_str!("../../templates/documents/circular.txt"),
    ),
    (
        "rectification.txt",
        include_str!("../../templates/documents/rectification.txt"),
    ),
    (
        "interview.txt",
        include_str!("../../templates/documents/interview.txt"),
    ),
];

/// The templates, parsed once for all documents of the process.
fn environment() -> Result<&'static Environment<'static>, DocumentError> {
    static ENV: std::sync::OnceLock<Result<Environment<'static>, String>> =
        std::sync::OnceLock::new();
    let env = ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(env)
    });
    env.as_ref().map_err(|e| DocumentError(e.clone()))
}

/// The blocks of `template` rendered with `view`; `@ name` lines take the table of that name.
pub(super) fn blocks<T: Serialize>(
    template: &str,
    view: &T,
    tables: &HashMap<&str, TableBlock>,
) -> Result<Vec<Block>, DocumentError> {
    let env = environment()?;
    let text = env
        .get_template(template)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(view))))
        .map_err(|e| DocumentError(format!("{template}: {e}")))?;
    let mut blocks: Vec<Block> = Vec::new();
    for b in text.lines().filter_map(|line| block(line, tables)) {
        merge(&mut blocks, b);
    }
    Ok(blocks)
}

/// `b` appended to `blocks`, or merged into the last one: a signature takes the date on the line
/// after it; the 版记 its 印发机关 after the 抄送 line and its 印发日期 on the line after that.
fn merge(blocks: &mut Vec<Block>, b: Block) {
    match (blocks.last_mut(), b) {
        (Some(Block::Signature(_, date)), Block::Right(d)) if date.is_empty() => *date = d,
        (Some(Block::Imprint(_, by, _)), Block::Imprint(cc, b, _))
            if by.is_empty() && cc.is_empty() =>
        {
            *by = b
        }
        (Some(Block::Imprint(_, by, date)), Block::Right(d))
            if !by.is_empty() && date.is_empty() =>
        {
            *date = d
        }
        (_, b) => blocks.push(b),
    }
}

/// One line of markup as a block; `None` for an empty line.
fn block(line: &str, tables: &HashMap<&str, TableBlock>) -> Option<Block> {
    let line = line.trim_end();
    let after = |prefix: &str| line.strip_prefix(prefix).map(|t| t.trim().to_string());
    if line.trim().is_empty() {
        return None;
    }
    Some(if line == "~" {
        Block::Blank
    } else if line == "---" {
        Block::PageBreak
    } else if let Some(name) = after("@ ") {
        Block::Table(tables.get(name.as_str())?.clone())
    } else if let Some(t) = after("= ") {
        Block::Title(t)
    } else if let Some(t) = after("^ ") {
        Block::Centre(t)
    } else if let Some(t) = after("## ") {
        Block::Subheading(t)
    } else if let Some(t) = after("# ") {
        Block::Heading(t)
    } else if let Some(t) = after("< ") {
        Block::Flush(t)
    } else if let Some(t) = after("> ") {
        Block::Right(t)
    } else if let Some(t) = after("! ") {
        Block::Label(t)
    } else if let Some(t) = after("$ ") {
        Block::Signature(t, String::new())
    } else if let Some(t) = after("%% ") {
        Block::Imprint(String::new(), t, String::new())
    } else if let Some(t) = after("% ") {
        Block::Imprint(t, String::new(), String::new())
    } else {
        // Full-width spaces at the start are the author's alignment (附件 lines): kept.
        Block::Body(line.trim_start_matches(' ').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_imprint_takes_its_printer_and_date_from_the_lines_after_it() {
        let env_text = "% 抄送：甲。\n%% 乙\n> 2026年10月10日印发\n";
        let mut blocks: Vec<Block> = Vec::new();
        let tables = HashMap::default();
        for b in env_text.lines().filter_map(|l| block(l, &tables)) {
            merge(&mut blocks, b);
        }
        assert_eq!(
            blocks,
            [Block::Imprint(
                "抄送：甲。".into(),
                "乙".into(),
                "2026年10月10日印发".into()
            )]
        );
    }

    #[test]
    fn markup_lines_become_blocks() {
        let tables = HashMap::from_iter([(
            "t",
            TableBlock {
                widths: vec![1],
                header: vec!["h".into()],
                rows: vec![],
            },
        )]);
        let lines = [
            "= 标题",
            "# 一、总体",
            "## （一）问题",
            "正文",
            "> 落款",
            "~",
            "---",
            "@ t",
            "@ none",
            "",
            "% 抄送：甲。",
            "%% 乙",
        ];
        let got: Vec<Block> = lines.iter().filter_map(|l| block(l, &tables)).collect();
        assert_eq!(got.len(), 10);
        assert_eq!(
            got[8],
            Block::Imprint("抄送：甲。".into(), String::new(), String::new())
        );
        assert_eq!(
            got[9],
            Block::Imprint(String::new(), "乙".into(), String::new())
        );
        assert_eq!(got[0], Block::Title("标题".into()));
        assert_eq!(got[1], Block::Heading("一、总体".into()));
        assert_eq!(got[2], Block::Subheading("（一）问题".into()));
        assert_eq!(got[3], Block::Body("正文".into()));
        assert_eq!(got[4], Block::Right("落款".into()));
        assert!(matches!(got[7], Block::Table(_)));
    }
}
