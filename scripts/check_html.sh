#!/usr/bin/env bash
# Validates the report's HTML, compare.html and warnings.html with the Nu Html Checker (npm package
# vnu-jar, run with Java): renders the sample report (and 2026Q4 after it, with its history and
# follow-up pages, and with the example appeals) with the debug build and fails on any checker
# error.
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
cargo run --quiet -- sample --scale district --quarter 2026Q4 --out "$out/data-2026Q4" --quiet
cargo run --quiet -- assess --data "$out/data-2026Q4" --out "$out/2026Q4" --draws 10 --quiet
cargo run --quiet -- warn --as-of 2026-09-15 --out "$out/warn" --quiet
mkdir -p "$out/data-appealed" && cp data/sample/*.csv "$out/data-appealed/"
cp data/appeals-example.csv "$out/data-appealed/appeals.csv"
cargo run --quiet -- assess --data "$out/data-appealed" --out "$out/appealed" --draws 10 --quiet
checked=("$out/2026Q3/report" "$out/2026Q4/report" "$out/compare" "$out/warn" "$out/appealed/report")
pages=$(find "${checked[@]}" -name '*.html' | wc -l)
java -jar "$jar" --errors-only --skip-non-html "${checked[@]}"
echo "html check: $pages pages, 0 errors"
