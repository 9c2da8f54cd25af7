"""Spreadsheets as grids of cells: the sheets of an .xlsx (merged ranges known, values filled in on
request), a CSV as Excel or WPS saves it. The 台账 import and the 分解方案 import both read here.

Only openpyxl's public API, in read-only mode: the rows a sheet really has are streamed, so a stray
entry at XFD1048576 costs one row, not 17 billion cells. Merged ranges, which read-only mode does not
give, are read from the sheet's own XML.
"""
from __future__ import annotations

import csv
import io
import posixpath
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from xml.etree import ElementTree

from audit.core.decode import Unreadable, decode, open_package

MAX_ROWS = 100_000  # a year's 台账 or 分解方案 has a few hundred rows
MAX_COLUMNS = 200  # and a dozen or so columns; anything beyond is not read

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True, slots=True)
class RawCell:
    value: Any
    column: str  # letter
    formula: bool = False
    merged: bool = False  # inside a merged range (its first cell included)


Grid = list[tuple[int, list[RawCell]]]  # (1-based row number, cells left to right)


@dataclass
class Sheet:
    title: str
    rows: Grid = field(default_factory=list)
    hidden: bool = False


def xlsx_sheets(raw: bytes, name: str, *, fill_merged: bool = False,
                wanted: Callable[[str], bool] | None = None) -> list[Sheet]:
    """Every sheet of a workbook, the rows read of those `wanted` (all by default). Raises Unreadable.

    `fill_merged` gives every cell of a merged range the value of its first cell (a 分解方案's unit
    merged over five rows belongs to each of the five tasks); otherwise only the first cell has it.
    """
    zf = open_package(raw, name, "xlsx")
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as e:  # openpyxl raises many kinds for a damaged workbook
        raise Unreadable(name, f"无法读取这个 Excel 工作簿（{type(e).__name__}）。文件可能已损坏；"
                               "请在 Excel 中打开后重新保存再导入。") from None
    merges = _merged_ranges(zf)
    out = []
    try:
        for ws in wb.worksheets:
            sheet = Sheet(ws.title, hidden=getattr(ws, "sheet_state", "visible") != "visible")
            if wanted is None or wanted(ws.title):
                sheet.rows = _rows(ws, name, merges.get(ws.title, []), fill_merged)
            out.append(sheet)
    finally:
        wb.close()
    return out


def _rows(ws: Any, name: str, ranges: list[tuple[int, int, int, int]], fill: bool) -> Grid:
    from openpyxl.utils import get_column_letter

    ws.reset_dimensions()  # stream the rows the file has; gaps come back as empty rows, at no cost
    found: dict[int, dict[int, RawCell]] = {}
    for r, row in enumerate(ws.iter_rows(), start=1):
        if not row:
            continue
        cells = {}
        for c, cell in enumerate(row[:MAX_COLUMNS], start=1):
            value = getattr(cell, "value", None)
            if value is None:
                continue
            formula = getattr(cell, "data_type", "") == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula")
            cells[c] = RawCell(value, get_column_letter(c), formula)
        if cells:
            found[r] = cells
            if len(found) > MAX_ROWS:
                raise Unreadable(name, f"工作表“{ws.title}”有超过 {MAX_ROWS} 行内容，不像是台账或分解方案。请只保留需要的各行后再导入。")
    width = max((max(cells) for cells in found.values()), default=0)
    _merge(found, ranges, width, fill)
    letters = [get_column_letter(c) for c in range(1, width + 1)]
    return [(r, [found[r].get(c) or RawCell(None, letters[c - 1]) for c in range(1, width + 1)]) for r in sorted(found)]


def _merge(found: dict[int, dict[int, RawCell]], ranges: list[tuple[int, int, int, int]], width: int, fill: bool) -> None:
    """Mark the cells of merged ranges (only in rows that hold something: a merge over a whole sheet
    costs what the sheet holds), and give them the first cell's value when asked."""
    for c0, r0, c1, r1 in ranges:
        first = found.get(r0, {}).get(c0)
        value = first.value if first else None
        for r in (r for r in found if r0 <= r <= r1):
            row = found[r]
            for c in range(c0, min(c1, width) + 1):
                old = row.get(c)
                letter = old.column if old else _letter(c)
                keep = old.value if old else None
                row[c] = RawCell(value if fill else keep, letter, bool(old and old.formula), True)


def _letter(c: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(c)


def _merged_ranges(zf: Any) -> dict[str, list[tuple[int, int, int, int]]]:
    """Sheet title -> its merged ranges as (min_col, min_row, max_col, max_row), from the package's XML."""
    from openpyxl.utils.cell import range_boundaries

    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    for s in book.iter(f"{_MAIN}sheet"):
        target = targets.get(s.get(_DOC_REL), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        ranges = []
        try:
            with zf.open(part) as fh:
                for _, el in ElementTree.iterparse(fh):
                    if el.tag == f"{_MAIN}mergeCell":
                        try:
                            ranges.append(range_boundaries(el.get("ref", "")))
                        except (ValueError, TypeError):
                            pass
                    el.clear()
        except (KeyError, ElementTree.ParseError, OSError):
            continue
        out[s.get("name", "")] = ranges
    return out


def csv_sheet(raw: bytes, name: str) -> Sheet:
    """A CSV (UTF-8 with or without BOM, GBK as Excel saves it on Chinese Windows, UTF-16 "Unicode 文本")."""
    sheet = Sheet(Path(name).stem)
    if raw[:4] == b"PK\x03\x04":
        raise Unreadable(name, "这是 Excel 工作簿或压缩包，不是 CSV 文本。如是 .xlsx 文件，请把扩展名改回 .xlsx 再导入。")
    text = decode(raw, name, what="CSV 表格")
    first = text.split("\n", 1)[0]
    delim = "\t" if "\t" in first and "," not in first else ","  # Excel's "Unicode 文本" is tab-separated
    from openpyxl.utils import get_column_letter

    try:
        for i, rec in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delim), start=1):
            if len(sheet.rows) >= MAX_ROWS:
                raise Unreadable(name, f"表格有超过 {MAX_ROWS} 行，不像是台账或分解方案。请只保留需要的各行后再导入。")
            cells = [RawCell(v, get_column_letter(j), v.startswith("=")) for j, v in enumerate(rec[:MAX_COLUMNS], start=1)]
            sheet.rows.append((i, cells))
    except csv.Error as e:
        raise Unreadable(name, f"CSV 格式错误（{e}）。请在 Excel 中打开后重新另存为 CSV。") from None
    return sheet
