#!/usr/bin/env python3
"""Counts what a person should not read in a run's outputs (SPEC §15): period codes (2026Q3),
lowercase ASCII words of 3+ letters (file names and the tool's name aside) and placeholders, in
every .docx text, every page's visible text (SVG <text> included) and every workbook string.
Usage: python3 scripts/words_check.py RUN_DIR [--show N]"""
import html, re, sys, zipfile, pathlib, collections

PERIOD = re.compile(r"\d{4}Q[1-4]")
WORD = re.compile(r"(?<![A-Za-z0-9_./\\-])[a-z]{3,}(?![A-Za-z0-9_]|\.[a-z])")
FILE = re.compile(r"[\w./\\-]*\.(csv|json|toml|html|docx|xlsx|txt|parquet)\b|\S*/\S*")
PLACEHOLDERS = ["（发文机关）", "〔　　〕　号", "（联系人及电话）"]
ALLOWED = {"govmedia"}

def docx_texts(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml") and "document" in name:
                xml = z.read(name).decode()
                for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
                    yield html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)))

def page_texts(path):
    t = path.read_text(encoding="utf-8")
    t = re.sub(r"<(script|style)\b.*?</\1>", " ", t, flags=re.S)
    t = re.sub(r"<[^>]+>", "\n", t)
    for line in html.unescape(t).split("\n"):
        if line.strip():
            yield line.strip()

def xlsx_texts(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name == "xl/sharedStrings.xml" or name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode()
                for s in re.findall(r"<t[^>]*>([^<]*)</t>", xml):
                    yield html.unescape(s)
            if name == "xl/workbook.xml":
                for s in re.findall(r'<sheet name="([^"]*)"', z.read(name).decode()):
                    yield html.unescape(s)

def problems(text):
    bare = FILE.sub(" ", text)
    out = [("period", m) for m in PERIOD.findall(FILE.sub(" ", text))]
    out += [("english", w) for w in WORD.findall(bare) if w not in ALLOWED]
    out += [("placeholder", p) for p in PLACEHOLDERS if p in text]
    return out

def main():
    run = pathlib.Path(sys.argv[1])
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    kinds = {"docs": (run.glob("docs/**/*.docx"), docx_texts),
             "pages": (run.glob("report/**/*.html"), page_texts),
             "workbook": (run.glob("*.xlsx"), xlsx_texts)}
    total = 0
    for kind, (files, texts) in kinds.items():
        counts, examples = collections.Counter(), collections.Counter()
        for f in files:
            for t in texts(f):
                for what, token in problems(t):
                    counts[what] += 1
                    examples[(what, t[:90] if what != "english" else token)] += 1
        total += sum(counts.values())
        print(f"{kind}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or f"{kind}: clean")
        for (what, ex), n in examples.most_common(show):
            print(f"    {n:6} {what}: {ex}")
    sys.exit(1 if total else 0)

if __name__ == "__main__":
    main()
