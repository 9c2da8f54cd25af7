"""Word output: the rendered Markdown draft laid out as a GB/T 9704-2012 公文 page with python-docx.

The Markdown template is the single source of the draft's words; this module maps its few
structures to Word: `#` title, `##`/`###`/`####` headings, paragraphs, lists (kept as numbered
paragraphs), pipe tables, and the paragraphs after `<!-- signature -->` as the signature block.
Markdown is read with markdown-it-py, so backslash escapes come out as the plain characters.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from audit.core.text import clean

# GB/T 9704-2012: A4, type area 156 mm x 225 mm, 22 lines of 28 characters in 3号 (16 pt).
PAGE_W_MM, PAGE_H_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
FOLIO_PT = 14  # 4号
LINE_PT = 28.95  # 225 mm / 22 lines
CONDENSE_TWIPS = -5  # -0.25 pt between characters: 28 characters of 3号 fill the 156 mm line
LATIN = "Times New Roman"
FONTS = {
    "body": "仿宋_GB2312",
    "title": "方正小标宋简体",
    "h1": "黑体",
    "h2": "楷体_GB2312",
    "folio": "宋体",
}


@dataclass
class Run:
    text: str
    bold: bool = False
    br: bool = False  # a line break before this run


@dataclass
class Block:
    kind: str  # "title", "h1", "h2", "h3", "p", "table", "signature"
    runs: list[Run] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # table: header first
    aligns: list[str] = field(default_factory=list)  # table: "left", "right", "center", ""


# ----------------------------------------------------------------------------- Markdown -> blocks


def blocks(markdown: str) -> list[Block]:  # noqa: C901
    """The draft's structure: a flat list of blocks in reading order."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(markdown)
    out: list[Block] = []
    signature = False
    list_stack: list[list] = []  # [ordered, next number]
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "html_block" and re.search(r"<!--\s*signature\s*-->", t.content):
            signature = True
        elif t.type == "heading_open":
            level = int(t.tag[1])
            kind = "title" if level == 1 else ("h1", "h2", "h3", "h3", "h3")[level - 2]
            out.append(Block(kind, _runs(tokens[i + 1])))
            i += 2
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            list_stack.append([t.type == "ordered_list_open", int(t.attrs.get("start", 1) or 1)])
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif t.type == "list_item_open" and list_stack:
            ordered, n = list_stack[-1]
            if ordered:
                list_stack[-1][1] = n + 1
            prefix = f"{n}." if ordered else ""
            # the item's first paragraph carries the number
            j = i + 1
            while j < len(tokens) and tokens[j].type != "inline":
                j += 1
            if j < len(tokens):
                tokens[j].meta = {**(tokens[j].meta or {}), "prefix": prefix}
        elif t.type == "paragraph_open":
            inline = tokens[i + 1]
            runs = _runs(inline)
            prefix = (inline.meta or {}).get("prefix", "")
            if prefix:
                runs.insert(0, Run(prefix))
            out.append(Block("signature" if signature else "p", runs))
            i += 2
        elif t.type == "table_open":
            block, i = _table(tokens, i)
            out.append(block)
            continue
        i += 1
    return out


def _runs(inline) -> list[Run]:
    runs: list[Run] = []
    bold = False
    br = False
    for c in inline.children or []:
        if c.type == "strong_open":
            bold = True
        elif c.type == "strong_close":
            bold = False
        elif c.type in ("softbreak",):
            continue  # Chinese lines join without a space
        elif c.type == "hardbreak":
            br = True
        elif c.type in ("text", "code_inline", "html_inline"):
            if c.content:
                runs.append(Run(clean(c.content), bold, br))
                br = False
        elif c.type in ("em_open", "em_close", "link_open", "link_close", "image"):
            continue
    return runs


def _table(tokens, i: int) -> tuple[Block, int]:
    block = Block("table")
    row: list[str] | None = None
    while i < len(tokens) and tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "tr_open":
            row = []
        elif t.type == "tr_close" and row is not None:
            block.rows.append(row)
            row = None
        elif t.type in ("th_open", "td_open"):
            style = t.attrGet("style") or ""
            if t.type == "th_open":
                m = re.search(r"text-align:(\w+)", str(style))
                block.aligns.append(m[1] if m else "")
        elif t.type == "inline" and row is not None:
            row.append("".join(r.text for r in _runs(t)))
        i += 1
    return block, i + 1


# ----------------------------------------------------------------------------- blocks -> .docx


def write_docx(markdown: str, context: dict) -> bytes:
    """The draft as a .docx package (bytes)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    _page(doc, Mm)
    _styles(doc, Pt, RGBColor, WD_LINE_SPACING, WD_ALIGN_PARAGRAPH)
    _footer(doc, Pt, WD_ALIGN_PARAGRAPH)
    meta = context.get("meta", {})
    doc.core_properties.title = str(meta.get("title", ""))
    doc.core_properties.author = str(meta.get("issuer", ""))
    body = doc.element.body
    for p in list(body.iterchildren()):  # the default template's empty paragraph
        if p.tag.endswith("}p"):
            body.remove(p)

    parts = blocks(markdown)
    sig = [b for b in parts if b.kind == "signature"]
    for b in parts:
        if b.kind == "table":
            _add_table(doc, b, Pt, Mm, WD_TABLE_ALIGNMENT, WD_ALIGN_PARAGRAPH)
        elif b.kind == "title":
            p = doc.add_paragraph(style="Notice Title")
            _fill(p, b.runs)
            doc.add_paragraph(style="Notice Blank")  # GB/T 9704: one blank line under the title
        elif b.kind in ("h1", "h2", "h3"):
            p = doc.add_paragraph(style={"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3"}[b.kind])
            _fill(p, b.runs)
        elif b.kind == "signature":
            if b is sig[0]:
                doc.add_paragraph(style="Notice Blank")
            p = doc.add_paragraph(style="Notice Signature")
            _fill(p, b.runs)
            _signature_indent(p, b, sig, Pt)
        else:
            p = doc.add_paragraph(style="Normal")
            _fill(p, b.runs)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _fill(p, runs: list[Run]) -> None:
    for r in runs:
        if r.br:
            p.add_run().add_break()
        run = p.add_run(r.text)
        if r.bold:
            run.bold = True


def _signature_indent(p, b: Block, sig: list[Block], Pt) -> None:
    """Date 4 characters from the right; the issuer centred over the date (GB/T 9704 7.3.5.2)."""
    text = "".join(r.text for r in b.runs)
    date_len = len("".join(r.text for r in sig[-1].runs))
    if b is sig[-1]:
        chars = 4.0
    else:
        chars = max(2.0, 4 + (date_len - len(text)) / 2)
    p.paragraph_format.right_indent = Pt(BODY_PT * chars)


def _page(doc, Mm) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    s.top_margin, s.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    s.left_margin, s.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    s.header_distance = Mm(15)
    s.footer_distance = Mm(21)  # the folio's line sits ~7 mm under the type area
    # 22 lines: a line grid of 28.95 pt. The 28 characters come from 0.25 pt condensed spacing
    # (16 pt - 0.25 pt = 15.75 pt; 156 mm holds 28.07 of them) rather than a character grid:
    # LibreOffice puts a 16 pt character in two cells of a 15.79 pt grid (14 per line).
    from docx.oxml.ns import qn

    sect = s._sectPr
    for g in sect.findall(qn("w:docGrid")):
        sect.remove(g)
    grid = sect.makeelement(qn("w:docGrid"), {
        qn("w:type"): "lines",
        qn("w:linePitch"): str(round(LINE_PT * 20)),
    })
    sect.append(grid)


def set_fonts(rpr_owner, east_asia: str, latin: str = LATIN) -> None:
    """Set the Latin and the East Asian font (w:rFonts w:eastAsia), dropping theme fonts that would win."""
    from docx.oxml.ns import qn

    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _styles(doc, Pt, RGBColor, WD_LINE_SPACING, WD_ALIGN_PARAGRAPH) -> None:  # noqa: C901
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    # document defaults: no theme fonts, Chinese language, 3号
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is not None:
        rpr_default.remove(fonts)
    fonts = rpr_default.makeelement(qn("w:rFonts"), {qn("w:ascii"): LATIN, qn("w:hAnsi"): LATIN,
                                                     qn("w:eastAsia"): FONTS["body"], qn("w:cs"): LATIN})
    rpr_default.insert(0, fonts)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

    def para(style, east_asia: str, size: float, *, bold=False, align=None, first_line_chars=2.0, line=LINE_PT,
             outline: int | None = None, keep_next=False, on_grid=True):
        f = style.font
        f.name = LATIN
        f.size = Pt(size)
        f.bold = bold
        f.italic = False
        f.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element, east_asia)
        pf = style.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
        pf.left_indent = Pt(0)
        pf.first_line_indent = Pt(BODY_PT * first_line_chars) if first_line_chars else Pt(0)
        pf.keep_with_next = keep_next
        pf.widow_control = True
        if align is not None:
            pf.alignment = align
        ppr = style.element.get_or_add_pPr()
        ind = ppr.find(qn("w:ind"))
        if ind is not None and first_line_chars:
            ind.set(qn("w:firstLineChars"), str(int(first_line_chars * 100)))
        for tag in ("w:pBdr", "w:numPr"):
            for el in ppr.findall(qn(tag)):
                ppr.remove(el)
        if not on_grid:  # exact spacing of its own instead of the 28.95 pt line grid
            ppr.append(ppr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}))
        if outline is not None:
            for el in ppr.findall(qn("w:outlineLvl")):
                ppr.remove(el)
            lvl = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(outline)})
            ppr.append(lvl)
        # a run-level theme colour or spacing left over from the default template
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:spacing", "w:kern"):
            for el in rpr.findall(qn(tag)):
                rpr.remove(el)
        if size == BODY_PT:
            rpr.append(rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(CONDENSE_TWIPS)}))

    styles = doc.styles
    para(styles["Normal"], FONTS["body"], BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    para(styles["Heading 1"], FONTS["h1"], BODY_PT, outline=0, keep_next=True)
    para(styles["Heading 2"], FONTS["h2"], BODY_PT, outline=1, keep_next=True)
    para(styles["Heading 3"], FONTS["body"], BODY_PT, bold=True, outline=2, keep_next=True)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    title = styles.add_style("Notice Title", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = styles["Normal"]
    para(title, FONTS["title"], TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, first_line_chars=0, line=35,
         keep_next=True, on_grid=False)
    blank = styles.add_style("Notice Blank", WD_STYLE_TYPE.PARAGRAPH)
    blank.base_style = styles["Normal"]
    para(blank, FONTS["body"], BODY_PT, first_line_chars=0)
    sig = styles.add_style("Notice Signature", WD_STYLE_TYPE.PARAGRAPH)
    sig.base_style = styles["Normal"]
    para(sig, FONTS["body"], BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, first_line_chars=0)
    cell = styles.add_style("Notice Table", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = styles["Normal"]
    para(cell, FONTS["body"], 12, first_line_chars=0, line=20, on_grid=False)
    cellh = styles.add_style("Notice Table Heading", WD_STYLE_TYPE.PARAGRAPH)
    cellh.base_style = styles["Normal"]
    para(cellh, FONTS["h1"], 12, first_line_chars=0, line=20, align=WD_ALIGN_PARAGRAPH.CENTER, on_grid=False)


def _footer(doc, Pt, WD_ALIGN_PARAGRAPH) -> None:
    """Folio "— 1 —" in 4号宋体: odd pages right, even pages left, one character in (GB/T 9704 7.5)."""
    doc.settings.odd_and_even_pages_header_footer = True
    s = doc.sections[0]
    for footer, align in ((s.footer, WD_ALIGN_PARAGRAPH.RIGHT), (s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.style = doc.styles["Normal"]
        pf = p.paragraph_format
        pf.alignment = align
        pf.first_line_indent = Pt(0)
        pf.line_spacing_rule = None
        pf.line_spacing = 1.0
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            pf.right_indent = Pt(FOLIO_PT)
        else:
            pf.left_indent = Pt(FOLIO_PT)
        _folio_run(p, "— ", Pt)
        _page_field(p, Pt)
        _folio_run(p, " —", Pt)


def _folio_run(p, text: str, Pt):
    r = p.add_run(text)
    r.font.size = Pt(FOLIO_PT)
    r.font.name = FONTS["folio"]
    set_fonts(r._r, FONTS["folio"], FONTS["folio"])
    return r


def _page_field(p, Pt) -> None:
    from docx.oxml.ns import qn

    def fld(kind: str):
        r = _folio_run(p, "", Pt)
        el = r._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        r._r.append(el)

    fld("begin")
    r = _folio_run(p, "", Pt)
    instr = r._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
    instr.text = " PAGE "
    r._r.append(instr)
    fld("separate")
    _folio_run(p, "1", Pt)
    fld("end")


def _add_table(doc, b: Block, Pt, Mm, WD_TABLE_ALIGNMENT, WD_ALIGN_PARAGRAPH) -> None:
    from docx.oxml.ns import qn

    if not b.rows:
        return
    ncols = max(len(r) for r in b.rows)
    table = doc.add_table(rows=len(b.rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total_mm = 156
    first = 52 if ncols > 3 else total_mm / ncols
    rest = (total_mm - first) / max(ncols - 1, 1)
    widths = [Mm(first)] + [Mm(rest)] * (ncols - 1)
    for ci, col in enumerate(table.columns):  # w:gridCol: LibreOffice lays columns out from these
        col.width = widths[ci]
    aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.CENTER, "center": WD_ALIGN_PARAGRAPH.CENTER}
    for ri, row in enumerate(b.rows):
        tr = table.rows[ri]
        if ri == 0:  # repeat the header row on every page
            trpr = tr._tr.get_or_add_trPr()
            trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
        for ci in range(ncols):
            cell = tr.cells[ci]
            cell.width = widths[ci]
            p = cell.paragraphs[0]
            p.style = doc.styles["Notice Table Heading" if ri == 0 else "Notice Table"]
            text = row[ci] if ci < len(row) else ""
            p.add_run(text)
            if ri > 0:
                a = b.aligns[ci] if ci < len(b.aligns) else ""
                p.paragraph_format.alignment = aligns.get(a, WD_ALIGN_PARAGRAPH.LEFT)
    doc.add_paragraph(style="Notice Blank")
