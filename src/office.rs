//! The issuing office (SPEC §15.1, `office.toml`): who signs the documents, their number, whom
//! they go to, the regulation they enforce; what is missing becomes a placeholder, never silently.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The commented template `govmedia office` prints.
pub(crate) const TEMPLATE: &str = include_str!("office_template.toml");

/// 「（发文机关）」: the issuer's placeholder.
pub(crate) const ISSUER_PLACEHOLDER: &str = "（发文机关）";
/// 「〔　　〕　号」: the document number's placeholder.
pub(crate) const NUMBER_PLACEHOLDER: &str = "〔　　〕　号";
/// 「（联系人及电话）」: the contact's placeholder.
pub(crate) const CONTACT_PLACEHOLDER: &str = "（联系人及电话）";
/// Every placeholder text, for the .docx highlight and the checks.
pub(crate) const PLACEHOLDERS: [&str; 3] =
    [ISSUER_PLACEHOLDER, NUMBER_PLACEHOLDER, CONTACT_PLACEHOLDER];

const DEFAULT_MEASURES: &str = "《定海区行政机关政务新媒体管理办法（试行）》";
const DEFAULT_MEASURES_SHORT: &str = "《管理办法》";
const DEFAULT_ADDRESSEES: &str = "各有关单位：";
const DEFAULT_BASIS: &str = "《国务院办公厅关于推进政务新媒体健康有序发展的意见》（国办发〔2018〕123号）和《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）";

/// A problem with office.toml: always fatal (exit 2), naming the file and the key.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OfficeError {
    /// Unreadable or undecodable file.
    #[error("{path}: cannot read the office file: {message}")]
    Read { path: PathBuf, message: String },
    /// Not TOML, an unknown key or a wrong type.
    #[error(
        "{path}: {message}Start from `govmedia office` (every key is optional) and change only the values"
    )]
    Syntax { path: PathBuf, message: String },
    /// A text that cannot stand in a document.
    #[error("{path}: {key} = {value:?}: {problem}")]
    Invalid {
        path: PathBuf,
        key: String,
        value: String,
        problem: String,
    },
}

/// office.toml as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficeFile {
    issuer: Option<String>,
    region: Option<String>,
    number_prefix: Option<String>,
    number: Option<u32>,
    addressees: Option<String>,
    cc: Option<Vec<String>>,
    printed_by: Option<String>,
    contact: Option<String>,
    phone: Option<String>,
    measures: Option<String>,
    measures_short: Option<String>,
    basis: Option<String>,
}

/// The issuing office, every missing key resolved to its default or placeholder.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Office {
    /// 发文机关, or its placeholder.
    pub issuer: String,
    /// 全区, 全市…: in the circular's title; empty when not given.
    pub region: String,
    number_prefix: Option<String>,
    number: Option<u32>,
    /// 主送机关.
    pub addressees: String,
    /// 抄送机关 (the 版记's 抄送 line; none when empty).
    pub cc: Vec<String>,
    /// 印发机关.
    pub printed_by: String,
    /// 「联系人：…，联系电话：…」 or the placeholder.
    pub contact: String,
    /// The regulation's full title.
    pub measures: String,
    /// Its short form.
    pub measures_short: String,
    /// The documents the basis sentence cites.
    pub basis: String,
    /// The keys left as placeholders (SPEC §15.1), in the table's order.
    pub placeholders: Vec<&'static str>,
}

impl Default for Office {
    fn default() -> Office {
        Office::resolve(OfficeFile::default())
    }
}

impl Office {
    /// `--office FILE`, else `office.toml` in the data folder when present, else the defaults.
    pub(crate) fn find(given: Option<&Path>, data: &Path) -> Result<Office, OfficeError> {
        match given {
            Some(path) => Office::load(path),
            None => {
                let path = data.join("office.toml");
                if path.is_file() {
                    Office::load(&path)
                } else {
                    Ok(Office::default())
                }
            }
        }
    }

    /// Reads and checks an office file (UTF-8 with or without BOM, or GB18030).
    pub(crate) fn load(path: &Path) -> Result<Office, OfficeError> {
        let text = crate::ingest::source::read_decoded(path).map_err(|e| OfficeError::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Office::parse(&text, path)
    }

    /// Parses office.toml text; `path` names it in errors.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Office, OfficeError> {
        let file: OfficeFile = toml::from_str(text).map_err(|e| OfficeError::Syntax {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        check(&file, path)?;
        Ok(Office::resolve(file))
    }

    fn resolve(f: OfficeFile) -> Office {
        let mut placeholders = Vec::new();
        let mut missing = |key: &'static str, given: bool| {
            if !given {
                placeholders.push(key);
            }
        };
        missing("issuer", f.issuer.is_some());
        missing("number_prefix", f.number_prefix.is_some());
        missing("number", f.number.is_some());
        missing("contact", f.contact.is_some());
        missing("phone", f.phone.is_some());
        let issuer = f.issuer.unwrap_or_else(|| ISSUER_PLACEHOLDER.to_string());
        let contact = match (f.contact, f.phone) {
            (None, None) => CONTACT_PLACEHOLDER.to_string(),
            (contact, phone) => format!(
                "联系人：{}，联系电话：{}",
                contact.as_deref().unwrap_or(CONTACT_PLACEHOLDER),
                phone.as_deref().unwrap_or(CONTACT_PLACEHOLDER)
            ),
        };
        Office {
            printed_by: f.printed_by.unwrap_or_else(|| issuer.clone()),
            issuer,
            region: f.region.unwrap_or_default(),
            number_prefix: f.number_prefix,
            number: f.number,
            addressees: (f.addressees).unwrap_or_else(|| DEFAULT_ADDRESSEES.to_string()),
            cc: f.cc.unwrap_or_default(),
            contact,
            measures: f.measures.unwrap_or_else(|| DEFAULT_MEASURES.to_string()),
            measures_short: (f.measures_short)
                .unwrap_or_else(|| DEFAULT_MEASURES_SHORT.to_string()),
            basis: f.basis.unwrap_or_else(|| DEFAULT_BASIS.to_string()),
            placeholders,
        }
    }

    /// 发文字号 of a document issued in `year`: 定政办〔2026〕12号, or the placeholder.
    pub(crate) fn document_number(&self, year: i32) -> String {
        match (&self.number_prefix, self.number) {
            (Some(prefix), Some(number)) => format!("{prefix}〔{year}〕{number}号"),
            _ => NUMBER_PLACEHOLDER.to_string(),
        }
    }

    /// The one stderr line that names the placeholders (SPEC §15.1), when there are any.
    pub(crate) fn warning(&self) -> Option<String> {
        (!self.placeholders.is_empty()).then(|| {
            format!(
                "warning: the documents hold placeholders for {} (no office.toml gives them): fill them in by hand, or write an office.toml (`govmedia office`)",
                self.placeholders.join(", ")
            )
        })
    }
}

/// The Chinese name of an office.toml key that can be a placeholder.
pub(crate) fn chinese_key(key: &str) -> &str {
    match key {
        "issuer" => "发文机关",
        "number_prefix" => "机关代字",
        "number" => "发文顺序号",
        "contact" => "联系人",
        "phone" => "联系电话",
        other => other,
    }
}

/// The placeholders as the overview names them: 「发文机关、机关代字……」; empty when none.
pub(crate) fn placeholder_names(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| chinese_key(k))
        .collect::<Vec<_>>()
        .join("、")
}

/// Every text given is one line, not empty, without control characters.
fn check(f: &OfficeFile, path: &Path) -> Result<(), OfficeError> {
    let cc = f.cc.iter().flatten().map(|c| ("cc", Some(c)));
    let texts = [
        ("issuer", f.issuer.as_ref()),
        ("region", f.region.as_ref()),
        ("number_prefix", f.number_prefix.as_ref()),
        ("addressees", f.addressees.as_ref()),
        ("printed_by", f.printed_by.as_ref()),
        ("contact", f.contact.as_ref()),
        ("phone", f.phone.as_ref()),
        ("measures", f.measures.as_ref()),
        ("measures_short", f.measures_short.as_ref()),
        ("basis", f.basis.as_ref()),
    ];
    for (key, text) in texts.into_iter().chain(cc) {
        let Some(text) = text else { continue };
        if text.trim().is_empty() || text.chars().any(char::is_control) {
            return Err(OfficeError::Invalid {
                path: path.to_path_buf(),
                key: key.to_string(),
                value: text.clone(),
                problem: "must be one line of text, not empty".to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Office, OfficeError> {
        Office::parse(text, Path::new("office.toml"))
    }

    #[test]
    fn the_template_parses_and_leaves_every_placeholder() {
        let office = parse(TEMPLATE).unwrap();
        assert_eq!(office, Office::default());
        assert_eq!(
            office.placeholders,
            ["issuer", "number_prefix", "number", "contact", "phone"]
        );
        assert_eq!(office.document_number(2026), NUMBER_PLACEHOLDER);
        assert_eq!(office.printed_by, ISSUER_PLACEHOLDER);
    }

    #[test]
    fn a_complete_office_has_no_placeholder() {
        let uncommented: String = TEMPLATE
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|l| l.contains(" = "))
                    .unwrap_or("")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let office = parse(&uncommented).unwrap();
        assert!(office.placeholders.is_empty(), "{:?}", office.placeholders);
        assert!(office.warning().is_none());
        assert_eq!(office.document_number(2026), "定政办〔2026〕12号");
        assert_eq!(office.contact, "联系人：政务公开科，联系电话：0580-1234567");
        assert_eq!(office.cc.len(), 3);
    }

    #[test]
    fn unknown_keys_wrong_types_and_empty_texts_are_fatal_by_name() {
        let error = parse("isuer = \"x\"").unwrap_err().to_string();
        assert!(error.contains("isuer"), "{error}");
        let error = parse("number = \"十二\"").unwrap_err().to_string();
        assert!(error.contains("number"), "{error}");
        let error = parse("cc = [\"\"]").unwrap_err().to_string();
        assert!(error.contains("cc"), "{error}");
        let error = parse("issuer = \"a\\nb\"").unwrap_err().to_string();
        assert!(error.contains("issuer"), "{error}");
    }

    #[test]
    fn only_the_missing_half_of_the_contact_is_a_placeholder() {
        let office = parse("contact = \"张三\"").unwrap();
        assert_eq!(office.contact, "联系人：张三，联系电话：（联系人及电话）");
        assert!(office.placeholders.contains(&"phone"));
        assert!(!office.placeholders.contains(&"contact"));
    }
}
