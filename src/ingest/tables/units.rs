//! units.csv: the registry of units; a unit whose parent falls falls with it.

use crate::error::InputError;
use crate::ingest::problems::{problem, reject, required};
use crate::ingest::reader::{FirstLines, Reader};
use crate::ingest::row::{RejectKind, RowProblem};
use crate::ingest::schema;
use crate::ingest::schema::InputFile;
use crate::ingest::source::OpenedFile;
use crate::model::{Unit, UnitType};
use rustc_hash::FxHashMap as HashMap;

/// A unit row that passed steps 1–3; steps 4–5 need the whole file (parents may refer forward).
pub(in crate::ingest) struct UnitCandidate {
    pub(in crate::ingest) line: u64,
    pub(in crate::ingest) unit: Unit,
    pub(in crate::ingest) raw_parent: String,
    pub(in crate::ingest) raw_id: String,
}

pub(in crate::ingest) fn read_units(
    reader: &mut Reader,
    opened: &OpenedFile,
) -> Result<Vec<Unit>, InputError> {
    use crate::ingest::schema::unit as c;
    const F: InputFile = InputFile::Units;
    let (id, name, kind, parent, must_open, exempt) = (
        col!(F, c::UNIT_ID),
        col!(F, c::UNIT_NAME),
        col!(F, c::UNIT_TYPE),
        col!(F, c::PARENT_ID),
        col!(F, c::MUST_OPEN),
        col!(F, c::EXEMPT),
    );
    let mut candidates = Vec::new();
    reader.rows(
        opened,
        |v, cells| {
            let unit_type = required(v[kind].code(UnitType::ALL), c::UNIT_TYPE)?;
            Ok(UnitCandidate {
                line: 0,
                raw_parent: cells[parent].raw_text(),
                raw_id: cells[id].raw_text(),
                unit: Unit {
                    unit_id: required(v[id].take_text(), c::UNIT_ID)?,
                    unit_name: required(v[name].take_text(), c::UNIT_NAME)?,
                    unit_type,
                    parent_id: v[parent].take_text(),
                    must_open: v[must_open]
                        .bool()
                        .unwrap_or(unit_type.must_open_by_default()),
                    exempt: v[exempt].take_text(),
                },
            })
        },
        |at, candidate| {
            candidates.push(UnitCandidate {
                line: at.line,
                ..candidate
            });
            Ok(())
        },
    )?;
    let fallen = fallen_units(&candidates);
    let (units, problems) = first_standing(candidates, fallen);
    for (line, p) in problems {
        reader.rejects.push(reject(&opened.info, line, p));
    }
    Ok(units)
}

/// Step 4, with forward references and cascade: a unit is rejected when its parent_id names no
/// unit still standing; each rejection may take its children with it. Whether each has fallen.
pub(in crate::ingest) fn fallen_units(candidates: &[UnitCandidate]) -> Vec<bool> {
    let mut standing: HashMap<&str, usize> = HashMap::default();
    let mut children: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, candidate) in candidates.iter().enumerate() {
        *standing.entry(candidate.unit.unit_id.as_str()).or_default() += 1;
        if let Some(parent) = &candidate.unit.parent_id {
            children.entry(parent.as_str()).or_default().push(i);
        }
    }
    let mut fallen = vec![false; candidates.len()];
    let mut worklist: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.unit
                .parent_id
                .as_deref()
                .is_some_and(|p| !standing.contains_key(p))
        })
        .map(|(i, _)| i)
        .collect();
    while let Some(i) = worklist.pop() {
        if fallen[i] {
            continue;
        }
        fallen[i] = true;
        let id = candidates[i].unit.unit_id.as_str();
        if let Some(count) = standing.get_mut(id) {
            *count -= 1;
            if *count == 0 {
                standing.remove(id);
                worklist.extend(
                    children
                        .get(id)
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(|c| !fallen[*c]),
                );
            }
        }
    }
    fallen
}

/// Step 5: the first standing row of each key is kept; the units kept, and the problems of the
/// others (by line).
pub(in crate::ingest) fn first_standing(
    candidates: Vec<UnitCandidate>,
    fallen: Vec<bool>,
) -> (Vec<Unit>, Vec<(u64, RowProblem)>) {
    let mut first_lines = FirstLines::new();
    let mut units = Vec::new();
    let mut problems = Vec::new();
    for (candidate, fallen) in candidates.into_iter().zip(fallen) {
        if fallen {
            let parent = candidate.unit.parent_id.clone().unwrap_or_default();
            let reason = format!("上级单位 {parent} 不存在或已被拒绝");
            problems.push((
                candidate.line,
                problem(
                    schema::unit::PARENT_ID,
                    candidate.raw_parent,
                    RejectKind::MissingReference,
                    reason,
                ),
            ));
        } else {
            let raw = candidate.raw_id;
            let key = &candidate.unit.unit_id;
            match first_lines.first(schema::unit::UNIT_ID, key, candidate.line, || raw) {
                Ok(()) => units.push(candidate.unit),
                Err(p) => problems.push((candidate.line, p)),
            }
        }
    }
    (units, problems)
}
