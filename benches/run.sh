#!/usr/bin/env bash
# Issue 6's benchmark: govmedia against DuckDB and pandas computing the same SPEC §3 metrics from
# the same files, and against the parse-only floor, at each scale.
#   bash benches/run.sh [district city province national]
# Floors: parse-only (examples/parse_only.rs: the CSV files split into fields on all cores) and
# write-only (examples/write_only.rs: a run's output files written again from memory).
# Data: generated once by `govmedia sample --scale S` into benches/data/S (and a Parquet copy in
# benches/data/S-parquet), git-ignored. Peers: a venv in benches/.venv with duckdb, pandas and
# pyarrow from PyPI. Every figure is the median of $RUNS runs (wall seconds, peak RSS from
# /usr/bin/time); `assess` runs with `--draws 0` (issue 16's targets), each run into a fresh
# folder, `sync` before each run; the outputs are removed when the script ends (~19 GB at national).
set -euo pipefail
cd "$(dirname "$0")/.."
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(district city province national)
RUNS=${RUNS:-3}
# The sample's quarter: govmedia's default period for it (2026Q3, as of its last day).
START=2026-07-01
AS_OF=2026-09-30

cargo build --release --quiet --bin govmedia --example parse_only --example write_only
bin=target/release/govmedia
floor=target/release/examples/parse_only
write_floor=target/release/examples/write_only

venv=benches/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import duckdb, pandas, pyarrow' 2>/dev/null ||
  "$venv/bin/pip" install --quiet duckdb==2.0.1 pandas==3.1.1 pyarrow
py=$venv/bin/python

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# timed NAME CMD…: runs CMD, appends "wall kib" to $work/NAME.
timed() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || {
    cat "$work/stderr" >&2; return 1; }
  cat "$work/time" >> "$work/$name"
}
# median FILE COLUMN
median() { awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
gib() { awk -v k="$1" 'BEGIN {printf "%.2f", k / 1048576}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else printf "–"}'; }

rows=()
for scale in "${scales[@]}"; do
  data=benches/data/$scale
  parquet=benches/data/$scale-parquet
  [ -f "$data/posts.csv" ] || "$bin" sample --scale "$scale" --out "$data" --quiet
  [ -f "$parquet/posts.parquet" ] || "$py" benches/peers/to_parquet.py "$data" "$parquet"
  rm -f "$work"/{govmedia,parquet,duckdb,pandas,floor,stages} "$work"/timings-*
  for run in $(seq "$RUNS"); do
    echo "$scale: run $run of $RUNS" >&2
    sync
    timed govmedia "$bin" assess --data "$data" --out "$work/$scale-out-$run" --draws 0 --quiet --timings
    awk '$1 == "ingest" {i = $2} $1 == "metrics" {m = $2} END {print i, m}' "$work/stderr" >> "$work/stages"
    cp "$work/stderr" "$work/timings-$run"
    [ "$run" -gt 1 ] || cp "$work/$scale-out-$run/account_scores.csv" "$work/account_scores.csv"
    [ "$run" -gt 1 ] || cp "$work/$scale-out-$run/summary.json" "$work/summary.json"
    sync
    timed parquet "$bin" assess --data "$parquet" --out "$work/$scale-parquet-$run" --draws 0 --quiet
    cmp -s "$work/$scale-parquet-$run/account_scores.csv" "$work/account_scores.csv" || {
      echo "$scale: Parquet and CSV inputs give different account_scores.csv" >&2; exit 1; }
    sync
    timed duckdb "$py" benches/peers/duckdb_metrics.py "$data" "$work/duckdb.csv" "$START" "$AS_OF"
    timed pandas "$py" benches/peers/pandas_metrics.py "$data" "$work/pandas.csv" "$START" "$AS_OF"
    timed floor "$floor" "$data"
  done
  # No output is removed before the script ends: on this machine's ext4, creating files in the
  # minutes after many were deleted is up to three times slower (its inode allocator checks the
  # inodes freed recently), which would charge a run for the clean-up of the one before. A
  # national run of the script holds ~19 GB of outputs until it ends.
  # The write-only floor: the first run's output files written again into a new folder, once.
  sync
  w=$("$write_floor" "$work/$scale-out-1" "$work/$scale-written" | awk '{print $(NF-1)}')
  echo "$scale: stages of the median govmedia run:" >&2
  mid=$(awk '{print NR, $1}' "$work/govmedia" | sort -k2 -g | awk -v n="$RUNS" 'NR == int((n + 1) / 2) {print $1}')
  grep -E '^[a-z+ ]+ +[0-9]' "$work/timings-$mid" >&2 || true
  # The race is fair only if the peers computed the same numbers.
  for peer in duckdb pandas; do
    echo -n "$scale: $peer agrees with govmedia: " >&2
    "$py" benches/peers/agree.py "$work/$peer.csv" "$work/account_scores.csv" >&2
  done
  read -r accounts posts < <(python3 -c 'import json,sys; r={i["file"]: i["rows_accepted"] for i in json.load(open(sys.argv[1]))["inputs"]}; print(r["accounts.csv"], r["posts.csv"])' "$work/summary.json")
  g=$(median "$work/govmedia" 1); gk=$(median "$work/govmedia" 2)
  ing=$(median "$work/stages" 1); met=$(median "$work/stages" 2)
  q=$(median "$work/parquet" 1); qk=$(median "$work/parquet" 2)
  d=$(median "$work/duckdb" 1); dk=$(median "$work/duckdb" 2)
  p=$(median "$work/pandas" 1); pk=$(median "$work/pandas" 2)
  f=$(median "$work/floor" 1); fk=$(median "$work/floor" 2)
  im=$(awk -v a="$ing" -v b="$met" 'BEGIN {printf "%.2f", a + b}')
  rows+=("| $scale | $accounts | $posts | $g | $(gib "$gk") | $ing | $met | $q | $(gib "$qk") | $d | $(gib "$dk") | $p | $(gib "$pk") | $f | $(gib "$fk") | $w | $(ratio "$g" "$d") | $(ratio "$met" "$d") | $(ratio "$im" "$d") | $(ratio "$p" "$met") | $(ratio "$g" "$f") | $(ratio "$q" "$g") |")
done

echo
echo "median of $RUNS runs; wall s and peak GiB; $(nproc) cores; $(date -u +%F)"
echo
echo "| scale | accounts | posts | govmedia s | GiB | ingest s | metrics s | govmedia Parquet s | GiB | DuckDB s | GiB | pandas s | GiB | parse-only s | GiB | write-only s | govmedia / DuckDB | metrics / DuckDB | ingest+metrics / DuckDB | pandas / metrics | govmedia / parse-only | Parquet / CSV |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
