#!/usr/bin/env bash
# Screenshots of the report with headless Chromium (Debian package `chromium`; for Chinese text
# also `fonts-noto-cjk`): index.html, one unit page, the accountability and follow-up pages, as
# PNG files to look at (with the data-quality page and, with tasks.csv, the 转发任务 page) (a warn folder's warnings.html: bash scripts/screenshots.sh with
# WARNINGS=reports/warnings-<day>/warnings.html set).
#   bash scripts/screenshots.sh [REPORT_DIR] [OUT_DIR]
set -euo pipefail
report=${1:-reports/2026Q3/report}
out=${2:-target/screenshots}
mkdir -p "$out"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is not installed: apt-get install chromium fonts-noto-cjk" >&2
  exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
unit=$(ls "$report"/units | head -n 1)
shoot() {
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=1280,"$3" \
    --screenshot="$2" "file://$(realpath "$1")" 2>/dev/null
  echo "$2"
}
shoot "$report/index.html" "$out/index.png" 2400
shoot "$report/units/$unit" "$out/unit.png" 2000
shoot "$report/accountability.html" "$out/accountability.png" 1400
shoot "$report/followup.html" "$out/followup.png" 1400
shoot "$report/data-quality.html" "$out/data-quality.png" 2400
if [ -f "$report/tasks.html" ]; then
  shoot "$report/tasks.html" "$out/tasks.png" 2000
fi
if [ -n "${WARNINGS:-}" ]; then
  shoot "$WARNINGS" "$out/warnings.png" 1400
fi
