#!/usr/bin/env bash
# Issue 29's benchmark (SPEC §16.12): at national scale (`sample --scale national`: 18.4M posts
# with titles), `assess --draws 0` with the content scan — the built-in lists plus an office list
# of 10,000 entries — against the same run with `[scan] rules = []`, alternated, best of two
# each, wall seconds and peak memory from /usr/bin/time; then the scan alone on bodies
# (`sample --scale city --text`), one core, MB/s (examples/scan_speed.rs).
#   bash benches/scan.sh [SCALE]    (default national; data in benches/data, git-ignored)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-national}
cargo build --release --quiet --bin govmedia --example scan_speed
bin=target/release/govmedia
mkdir -p benches/data
data=benches/data/$scale
[ -d "$data" ] || "$bin" sample --scale "$scale" --out "$data" --quiet
terms=benches/data/terms-10000.csv
# 10,000 office entries: 9,990 words of 3 to 6 ideographs, 10 hosts (deterministic).
python3 - "$terms" <<'PY'
import random, sys
rng = random.Random(29)
seen, rows = set(), ["term,kind,category,suggestion"]
while len(rows) < 9991:
    word = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(rng.randrange(3, 7)))
    if word not in seen:
        seen.add(word)
        rows.append(f"{word},term,typo,")
rows += [f"bad{i}.example.com,host,ad_link," for i in range(10)]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(rows) + "\n")
PY
off=$(mktemp --suffix=.toml)
work=$(mktemp -d -p benches/data)
trap 'rm -rf "$work" "$off"' EXIT
"$bin" rubric | sed 's/^rules = \["S1".*/rules = []/' > "$off"
run() { # NAME ARGS…: one run into a fresh folder, "wall kib" appended to $work/NAME
  local name=$1; shift
  local out="$work/out-$name-$RANDOM"
  sync
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" assess --data "$data" --out "$out" --draws 0 --quiet "$@" 2>/dev/null
  cat "$work/time" >> "$work/$name"
  rm -rf "$out"
}
for _ in 1 2; do
  run scan --terms "$terms"
  run off --terms "$terms" --rubric "$off"
done
best() { sort -n "$work/$1" | head -n 1; }
read -r scan_s scan_k <<< "$(best scan)"
read -r off_s off_k <<< "$(best off)"
python3 - "$scale" "$scan_s" "$scan_k" "$off_s" "$off_k" <<'PY'
import sys
scale, s, sk, o, ok = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f"{scale}: assess --draws 0 with the scan {s:.1f} s, {sk/1048576:.2f} GiB; rules = [] {o:.1f} s, {ok/1048576:.2f} GiB; ratio {s/o:.2f}x (target 1.20x, 2 GiB)")
PY
bodies=benches/data/city-text
[ -d "$bodies" ] || "$bin" sample --scale city --text --out "$bodies" --quiet
target/release/examples/scan_speed "$bodies" 5
