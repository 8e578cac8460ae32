//! Pure exporters: each turns finished results into the bytes of one output file (SPEC §7). They
//! never touch the disk; [`crate::output`] decides where the bytes go.

pub mod summary;

use crate::ingest::row::Reject;

/// A CSV writer with the output conventions of SPEC §7: UTF-8 without BOM, LF line ends.
pub fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

/// `rejects.csv`: file, line, column, value, reason; files in SPEC order, then by line.
pub fn rejects_csv(rejects: &[Reject]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    writer.write_record(["file", "line", "column", "value", "reason"])?;
    for r in rejects {
        writer.write_record([
            &r.file_name,
            &r.line.to_string(),
            &r.column,
            &r.value,
            &r.reason,
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::row::RejectKind;
    use crate::ingest::schema::InputFile;

    #[test]
    fn rejects_csv_quotes_what_needs_quoting_and_ends_lines_with_lf() {
        let reject = Reject {
            file: InputFile::Posts,
            file_name: "posts.csv".into(),
            line: 7,
            column: String::new(),
            value: "P1,A1,\"x\"".into(),
            kind: RejectKind::FieldCount,
            reason: "the row has 3 fields".into(),
        };
        let bytes = rejects_csv(&[reject]).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "file,line,column,value,reason\nposts.csv,7,,\"P1,A1,\"\"x\"\"\",the row has 3 fields\n"
        );
    }
}
