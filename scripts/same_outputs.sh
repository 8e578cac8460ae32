#!/usr/bin/env bash
# Runs two govmedia binaries on the same inputs and compares every output byte (issue 28: a
# re-layout keeps every output byte-identical). Inputs: data/sample; a messy city
# (`sample --scale city --messy`); three quarters of the sample with the example appeals in the
# first; a Parquet copy of data/sample (needs python3 with duckdb: PYTHON=…).
#
#   bash scripts/same_outputs.sh BEFORE_BINARY AFTER_BINARY [WORK_DIR]
#   COMPARE=view PYTHON=… bash scripts/same_outputs.sh …   (scripts/same_view.py: the same to a
#                                                          reader and a program, bytes aside)
#
# Exit 0 when every output folder is identical, 1 otherwise (diff -r names the files).
set -euo pipefail
before=$1 after=$2 work=${3:-/tmp/same-outputs}
py=${PYTHON:-python3}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"
inputs="$work/inputs"
if [ ! -d "$inputs" ]; then
  mkdir -p "$inputs"
  cp -r "$root/data/sample" "$inputs/sample"
  "$before" sample --scale city --messy --out "$inputs/city" --quiet
  for q in 2026Q3 2026Q4 2027Q1; do
    "$before" sample --scale district --quarter $q --out "$inputs/q-$q" --quiet
  done
  cp "$root/data/appeals-example.csv" "$inputs/q-2026Q3/appeals.csv"
  if "$py" -c 'import duckdb' 2>/dev/null; then
    "$py" "$root/benches/peers/to_parquet.py" "$inputs/sample" "$inputs/parquet"
  else
    echo "no duckdb for $py: the Parquet copy is left out" >&2
  fi
fi
status=0
for bin in before after; do
  exe=$before; [ $bin = after ] && exe=$after
  # Both run in the same folder: compare and summary.json name the paths they read.
  out="$work/run"
  rm -rf "$out" "$work/$bin"; mkdir -p "$out"
  "$exe" assess --data "$inputs/sample" --out "$out/sample/2026Q3" --quiet 2>/dev/null
  "$exe" assess --data "$inputs/city" --out "$out/city/2026Q3" --quiet 2>/dev/null || true
  for q in 2026Q3 2026Q4 2027Q1; do
    "$exe" assess --data "$inputs/q-$q" --out "$out/quarters/$q" --quiet 2>/dev/null
  done
  "$exe" warn --data "$inputs/sample" --out "$out/warn" --quiet 2>/dev/null || true
  "$exe" compare "$out/quarters/2026Q4" "$out/quarters/2027Q1" --out "$out/compare" --quiet 2>/dev/null || true
  "$exe" validate --data "$inputs/city" > "$out/validate.txt" 2>&1 || true
  "$exe" rubric > "$out/rubric.toml" 2>&1
  "$exe" --help > "$out/help.txt" 2>&1
  for c in assess validate compare warn sample rubric office; do
    "$exe" $c --help > "$out/help-$c.txt" 2>&1
  done
  # What stops a run: the messages and exit codes.
  set +e
  { "$exe" assess --data "$inputs/sample" --period 2026Q9 --out "$work/x" 2>&1; echo "exit $?"
    "$exe" assess --data "$inputs/sample" --rubric /nonexistent --out "$work/x" 2>&1; echo "exit $?"
    "$exe" assess --data "$inputs/city" --strict --out "$work/x" --quiet 2>&1; echo "exit $?"
    "$exe" warn --data "$inputs/sample" --as-of 2026-13-01 2>&1; echo "exit $?"
    "$exe" sample --scale district --quarter 2025Q1 --out "$work/x" 2>&1; echo "exit $?"
  } > "$out/errors.txt"
  set -e
  "$exe" office > "$out/office.toml" 2>&1
  if [ -d "$inputs/parquet" ]; then
    "$exe" assess --data "$inputs/parquet" --out "$out/parquet/2026Q3" --quiet 2>/dev/null
  fi
  mv "$out" "$work/$bin"
done
if [ "${COMPARE:-bytes}" = view ]; then
  # Issue 31: the same to a reader and a program (pages' text, links and charts, documents'
  # text and tables, sheets' values), bytes aside.
  "$py" "$root/scripts/same_view.py" "$work/before" "$work/after" || status=1
elif diff -r "$work/before" "$work/after" > "$work/diff.txt"; then
  echo "identical: $(find "$work/after" -type f | wc -l) files"
else
  status=1
  echo "differ:"; head -20 "$work/diff.txt"
fi
exit $status
