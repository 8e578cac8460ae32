#!/usr/bin/env python3
"""Issue 31: two output trees say the same to a person and to a program, whatever their bytes.

    python3 scripts/same_view.py BEFORE_DIR AFTER_DIR     (needs python-docx and openpyxl)

Compared, file by file (the same relative paths on both sides):
- .html: the visible text (SVG labels included; <style> and <script> left out), every link
  (href, src) and the chart data (each SVG shape's kind and its numbers rounded to 0.1, in order);
  a stylesheet linked on one side and written inline on the other is the same stylesheet;
- .docx: python-docx's paragraphs (style, alignment, text) and tables (cell text), body, headers
  and footers, and each section's page size, margins and orientation;
- .xlsx: openpyxl's sheets: names, every cell's value and number format, merged cells, frozen
  panes and print titles;
- summary.json: every field but `files` and `digests` (which name files and their bytes);
- everything else: byte for byte.
A file on one side only is a difference, except report/style.css (the shared stylesheet).
Exit 0 when everything is the same, 1 otherwise (the first differences printed).
"""

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ONE_SIDE_ALLOWED = {"style.css"}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class View(HTMLParser):
    """What a reader sees of a page: text, links, chart shapes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.links, self.shapes, self.hidden = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.hidden += 1
        a = dict(attrs)
        for key in ("href", "src"):
            if key in a and not (tag == "link" and a.get("rel") == "stylesheet"):
                self.links.append((tag, a[key]))
        if tag in ("path", "line", "rect", "circle", "polyline", "polygon", "text"):
            numbers = []
            for key in ("d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"):
                for n in NUMBER.findall(a.get(key, "")):
                    numbers.append(round(float(n), 1))
            self.shapes.append((tag, a.get("fill"), a.get("stroke"), tuple(numbers)))

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.text.append(" ".join(data.split()))


def html_view(path):
    view = View()
    view.feed(path.read_text(encoding="utf-8"))
    return {"text": view.text, "links": view.links, "chart": view.shapes}


def docx_view(path):
    import docx

    d = docx.Document(str(path))

    def paragraphs(container):
        return [
            (p.style.name if p.style is not None else "", str(p.alignment), p.text)
            for p in container.paragraphs
        ]

    def tables(container):
        return [[[c.text for c in row.cells] for row in t.rows] for t in container.tables]

    sections = []
    for s in d.sections:
        sections.append(
            {
                "page": (s.page_width, s.page_height, str(s.orientation)),
                "margins": (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin),
                "header": paragraphs(s.header) + [tables(s.header)],
                "footer": paragraphs(s.footer) + [tables(s.footer)],
            }
        )
    return {"body": paragraphs(d), "tables": tables(d), "sections": sections}


def xlsx_view(path):
    import openpyxl

    wb = openpyxl.load_workbook(str(path))
    sheets = []
    for ws in wb.worksheets:
        cells = [
            [(c.value, c.number_format) for c in row]
            for row in ws.iter_rows()
        ]
        sheets.append(
            {
                "name": ws.title,
                "cells": cells,
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
                "freeze": str(ws.freeze_panes),
                "print_titles": str(ws.print_title_rows),
            }
        )
    return sheets


def summary_view(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("files", "digests"):
        data.pop(key, None)
    return data


def view(path):
    name = path.name
    if name.endswith(".html"):
        return html_view(path)
    if name.endswith(".docx"):
        return docx_view(path)
    if name.endswith(".xlsx"):
        return xlsx_view(path)
    if name == "summary.json":
        return summary_view(path)
    return path.read_bytes()


def first_difference(a, b, where=""):
    """Where two views first differ, in words."""
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{where}/{k}: on one side only"
            d = first_difference(a[k], b[k], f"{where}/{k}")
            if d:
                return d
        return None
    if isinstance(a, (list, tuple)):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{where}: {len(a)} vs {len(b)} items"
        return None
    if a != b:
        shown = lambda v: repr(v)[:120]
        return f"{where}: {shown(a)} vs {shown(b)}"
    return None


def files(root):
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def main():
    before, after = Path(sys.argv[1]), Path(sys.argv[2])
    a, b = files(before), files(after)
    problems = []
    for path in sorted(a ^ b):
        if Path(path).name not in ONE_SIDE_ALLOWED:
            problems.append(f"{path}: on one side only")
    compared = 0
    for path in sorted(a & b):
        d = first_difference(view(before / path), view(after / path))
        compared += 1
        if d:
            problems.append(f"{path}{d}")
    if problems:
        print(f"differ: {len(problems)} of {compared} files")
        for p in problems[:20]:
            print("  " + p)
        return 1
    print(f"the same to a reader and a program: {compared} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
