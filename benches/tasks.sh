#!/usr/bin/env bash
# Issue 30's benchmark (SPEC §17.1): at national scale (`sample --scale national`, 18.4M posts
# with titles), `assess --draws 0` with a tasks.csv of 500 tasks — every unit bound by one of
# them (each task names every 500th unit in its 指定单位 cell, ~116 ids), the default platforms,
# due dates across the quarter, two of the 500 titled like common posts so that posts are tied
# by their title key — against the same folder without tasks.csv; alternated, best of two each,
# wall seconds and peak memory from /usr/bin/time.
#   bash benches/tasks.sh [SCALE]    (default national; data in benches/data, git-ignored)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-national}
cargo build --release --quiet --bin govmedia
bin=target/release/govmedia
mkdir -p benches/data
data=benches/data/$scale
[ -d "$data" ] || "$bin" sample --scale "$scale" --out "$data" --quiet
work=$(mktemp -d -p benches/data)
trap 'rm -rf "$work"' EXIT
# Two data folders of links to the same files: without tasks.csv and calendar.csv, and with the
# 500 tasks.
mkdir "$work/without" "$work/with"
for f in "$data"/*.csv; do
  case $(basename "$f") in tasks.csv|calendar.csv) ;; *)
    ln -s "$(realpath "$f")" "$work/without/"; ln -s "$(realpath "$f")" "$work/with/";;
  esac
done
python3 - "$data/units.csv" "$work/with/tasks.csv" <<'PY'
import csv, datetime, sys
units = [row["unit_id"] for row in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
start = datetime.date(2026, 7, 1)
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["task_id", "issued_on", "due_on", "title", "url", "units", "unit_types",
                "platforms", "exclude_units", "source"])
    for i in range(500):
        issued = start + datetime.timedelta(days=i * 80 // 500)
        due = issued + datetime.timedelta(days=5)
        title = ["发布公开征求意见", "发布政策解读"][i] if i < 2 else f"第{i}号转发任务：重要信息标题{i}"
        named = "、".join(units[i::500])
        w.writerow([f"T{i:03d}", issued, due, title, f"https://mp.weixin.qq.com/s/task{i}",
                    named, "", "", "", "上级发布"])
PY
run() { # NAME: one run into a fresh folder, "wall kib" appended to $work/NAME
  local name=$1
  local out="$work/out-$name-$RANDOM"
  sync
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" assess --data "$work/$name" --out "$out" --draws 0 --quiet 2>/dev/null
  cat "$work/time" >> "$work/$name.times"
  if [ "$name" = with ]; then
    python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['tasks']; print('  tasks:', t)" "$out/summary.json"
  fi
  rm -rf "$out"
}
for _ in 1 2; do
  run with
  run without
done
best() { sort -n "$work/$1.times" | head -n 1; }
read -r with_s with_k <<< "$(best with)"
read -r without_s without_k <<< "$(best without)"
python3 - "$scale" "$with_s" "$with_k" "$without_s" "$without_k" <<'PY'
import sys
scale, s, sk, o, ok = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f"{scale}: assess --draws 0 with 500 tasks {s:.1f} s, {sk/1048576:.2f} GiB; without tasks.csv {o:.1f} s, {ok/1048576:.2f} GiB; ratio {s/o:.2f}x (target 1.10x)")
PY
