#!/usr/bin/env bash
# Validates the report's HTML and compare.html with the Nu Html Checker (npm package vnu-jar, run with Java):
# renders the sample report with the debug build and fails on any checker error.
#   bash scripts/check_html.sh
set -euo pipefail
cd "$(dirname "$0")/.."
version=26.9.27
jar=target/vnu/node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$jar" ]; then
  mkdir -p target/vnu
  (cd target/vnu && npm install --silent --no-audit --no-fund "vnu-jar@$version")
fi
if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless
fi
out=target/html-check
rm -rf "$out"
cargo run --quiet -- assess --data data/sample --out "$out/2026Q3" --quiet
cargo run --quiet -- compare "$out/2026Q3" "$out/2026Q3" --out "$out/compare" --quiet
pages=$(find "$out/2026Q3/report" "$out/compare" -name '*.html' | wc -l)
java -jar "$jar" --errors-only --skip-non-html "$out/2026Q3/report" "$out/compare"
echo "html check: $pages pages, 0 errors"
