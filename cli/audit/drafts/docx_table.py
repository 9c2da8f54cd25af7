"""Tables of the Word draft: column widths from what the cells hold, so a figure never breaks.

A word processor breaks text where a cell runs out of width, inside a figure too ("68.7" / "%").
So each column is at least as wide as the widest figure, Latin word or id in it (and two
characters for a Chinese heading); short columns get their text's width up to three characters,
and the columns of long text share the rest of the 156 mm line in proportion to their text.
"""
from __future__ import annotations

import math
import re

from audit.core.typeset import ems
from audit.drafts import docx_page as page

CELL_PADDING_PT = 2 * 5.4  # Word's default cell margins, 0.19 cm either side
SHORT_EMS = 3.0  # a short column (a count, a share) need not be wider than this
LONG_EMS = 8.0  # a column whose text is wider than this is a text column
# A run no line may break inside: figures, Latin words, ids, and a bracket that opens or closes
# on a figure (line breaking keeps 68.7%（12 together, UAX #14 LB25).
_UNBREAKABLE = re.compile(r"(?:[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]|[（【〔](?=\d)|(?<=\d)[）】〕])+")


def column_widths(rows: list[list[str]], total_pt: float, size_pt: float) -> list[float]:
    """Widths in points of the columns of `rows` (header first) across `total_pt`."""
    ncols = max(len(r) for r in rows)
    least, natural = [], []
    for ci in range(ncols):
        cells = [r[ci] if ci < len(r) else "" for r in rows]
        tokens = [t for c in cells for t in _UNBREAKABLE.findall(c)]
        least.append(max([ems(t) for t in tokens] + [2.0 if cells[0] else 1.0]))
        natural.append(max(ems(c) for c in cells))
    width = [max(lo, _short(nat)) if nat <= LONG_EMS else lo for lo, nat in zip(least, natural)]
    long_cols = [ci for ci in range(ncols) if natural[ci] > LONG_EMS]
    room = total_pt / size_pt - ncols * CELL_PADDING_PT / size_pt - sum(width)
    if room > 0:
        share = long_cols or list(range(ncols))
        weight = sum(natural[ci] for ci in share) or 1.0
        for ci in share:
            width[ci] += room * natural[ci] / weight
    pts = [w * size_pt + CELL_PADDING_PT for w in width]
    scale = total_pt / sum(pts)
    return [w * scale for w in pts]


def _short(natural: float) -> float:
    """A short column's width: its text on one line, or on two even lines past SHORT_EMS (序时/推进)."""
    return natural if natural <= SHORT_EMS else float(math.ceil(natural / 2))


def add_table(doc, rows: list[list[str]], aligns: list[str]) -> None:
    """A pipe table as a Word table: 小四 仿宋, the heading in 黑体 repeated on every page, figures centred."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if not rows:
        return
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Pt(w) for w in column_widths(rows, page.TYPE_AREA_MM / 25.4 * 72, page.TABLE_PT)]
    for ci, col in enumerate(table.columns):  # w:gridCol: LibreOffice lays columns out from these
        col.width = widths[ci]
    for ri, tr in enumerate(doc.element.body.tbl_lst[-1].tr_lst):
        trpr = tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
        if ri == 0:  # repeat the header row on every page
            trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
    placed = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.CENTER, "center": WD_ALIGN_PARAGRAPH.CENTER}
    for ri, row in enumerate(rows):
        for ci, cell in enumerate(table.rows[ri].cells):
            cell.width = widths[ci]
            p = cell.paragraphs[0]
            p.style = doc.styles[page.TABLE_HEADING_STYLE if ri == 0 else page.TABLE_STYLE]
            p.add_run(row[ci] if ci < len(row) else "")
            if ri > 0:
                p.paragraph_format.alignment = placed.get(aligns[ci] if ci < len(aligns) else "", WD_ALIGN_PARAGRAPH.LEFT)
    doc.add_paragraph(style=page.BLANK_STYLE)
