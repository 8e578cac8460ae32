#!/usr/bin/env bash
# Issue 12's benchmark: what the robustness analysis (SPEC §9) costs. The same assessment with
# `--draws 0` and `--draws 1000`, runs interleaved so both see the same machine; the target is
# draws 1000 ≤ 2 × draws 0 at province scale and at most 30 s extra at national scale.
#   bash benches/robustness.sh [province national]
# Data: `govmedia sample --scale S` in benches/data/S (git-ignored), as benches/run.sh makes it.
# Every figure is the median of $RUNS runs (wall seconds; the robustness stage from --timings).
set -euo pipefail
cd "$(dirname "$0")/.."
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(province national)
RUNS=${RUNS:-3}

cargo build --release --quiet --bin govmedia
bin=target/release/govmedia
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME DRAWS DATA I: one assessment into a fresh folder; appends "wall robustness-stage" to
# $work/NAME. Outputs are removed after the scale's runs, not between them: creating files soon
# after many were deleted is several times slower on this machine's ext4 (see benches/README.md).
run() {
  local name=$1 draws=$2 data=$3 i=$4
  sync
  /usr/bin/time -f '%e' -o "$work/time" "$bin" assess --data "$data" --out "$work/out-$name-$i" \
    --draws "$draws" --quiet --timings 2> "$work/stderr" || { cat "$work/stderr" >&2; return 1; }
  local stage
  stage=$(awk '$1 == "robustness" {print $2}' "$work/stderr")
  echo "$(cat "$work/time") ${stage:-0}" >> "$work/$name"
}
median() { awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

printf '%-10s %12s %15s %12s %8s %16s\n' scale "draws 0 s" "draws 1000 s" "extra s" ratio "draw stage s"
for scale in "${scales[@]}"; do
  data=benches/data/$scale
  [ -f "$data/posts.csv" ] || "$bin" sample --scale "$scale" --out "$data" --quiet
  rm -f "$work"/{off,on}
  for i in $(seq "$RUNS"); do
    echo "$scale: run $i of $RUNS" >&2
    run off 0 "$data" "$i"
    run on 1000 "$data" "$i"
  done
  rm -rf "$work"/out-*
  off=$(median "$work/off" 1)
  on=$(median "$work/on" 1)
  stage=$(median "$work/on" 2)
  awk -v s="$scale" -v a="$off" -v b="$on" -v t="$stage" \
    'BEGIN {printf "%-10s %12.2f %15.2f %12.2f %8.2f %16.2f\n", s, a, b, b - a, b / a, t}'
done
