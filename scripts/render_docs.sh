#!/usr/bin/env bash
# Renders the circular and the first notices of a run with LibreOffice (Debian packages
# `libreoffice-writer-nogui`, `poppler-utils`; `fonts-noto-cjk` for Chinese) to PDF, then each
# page to PNG, so anyone can look at the documents as they print.
#   bash scripts/render_docs.sh [RUN_DIR] [OUT_DIR]     # default reports/2026Q3, target/docs-render
set -euo pipefail
run=${1:-reports/2026Q3}
out=${2:-target/docs-render}
command -v soffice >/dev/null || {
  echo "soffice is not installed: apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk" >&2
  exit 1
}
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
docs=("$run"/docs/通报-*.docx)
for kind in 整改通知书 约谈通知; do
  first=$(ls "$run/docs/$kind" 2>/dev/null | head -n 1 || true)
  [ -z "$first" ] || docs+=("$run/docs/$kind/$first")
done
for doc in "${docs[@]}"; do
  name=$(basename "$(dirname "$doc")")-$(basename "$doc" .docx)
  cp "$doc" "$out/$name.docx"
  soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" \
    "$out/$name.docx" >/dev/null 2>&1
  rm "$out/$name.docx"
  pdftoppm -r 60 -png "$out/$name.pdf" "$out/$name"
  echo "$out/$name.pdf: $(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ {print $2}') pages"
done
