#!/usr/bin/env bash
# Time and peak memory of `govmedia assess` at each scale: median wall time and peak RSS of 3
# runs, on data generated once by `govmedia sample` and cached in benches/data/<scale>.
#   bash benches/run.sh [district city province national]
# Not yet here (issue 6): the DuckDB and pandas peers, the parse-only floor and Parquet inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(district city province national)
runs=3
cargo build --release --quiet
bin=target/release/govmedia
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
printf '%-10s %12s %14s %10s %12s\n' scale accounts posts "wall s" "peak GiB"
for scale in "${scales[@]}"; do
  data=benches/data/$scale
  if [ ! -f "$data/posts.csv" ]; then
    "$bin" sample --scale "$scale" --out "$data" --quiet
  fi
  walls=(); peaks=()
  for _ in $(seq "$runs"); do
    out=$(mktemp -d)
    /usr/bin/time -f '%e %M' -o "$out/time" "$bin" assess --data "$data" --out "$out/report" --quiet
    read -r wall kib < "$out/time"
    walls+=("$wall"); peaks+=("$kib")
    counts=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); r={i["file"]: i["rows_accepted"] for i in s["inputs"]}; print(r["accounts.csv"], r["posts.csv"])' "$out/report/summary.json")
    rm -rf "$out"
  done
  wall=$(printf '%s\n' "${walls[@]}" | median)
  peak=$(printf '%s\n' "${peaks[@]}" | median)
  read -r accounts posts <<< "$counts"
  printf '%-10s %12s %14s %10s %12.2f\n' "$scale" "$accounts" "$posts" "$wall" "$(echo "$peak / 1048576" | bc -l)"
done
