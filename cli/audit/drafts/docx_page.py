"""The 公文 page of the Word draft (GB/T 9704-2012): A4 and its margins, the line grid, the styles
and their fonts, the folio, the signature block, and the fallback fonts Word may use instead.

Only python-docx's public API and its oxml elements are used (no `_`-prefixed attributes).
"""
from __future__ import annotations

import io
import zipfile
from typing import NamedTuple

# GB/T 9704-2012: A4, type area 156 mm x 225 mm, 22 lines of 28 characters in 3号 (16 pt).
PAGE_W_MM, PAGE_H_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TYPE_AREA_MM = PAGE_W_MM - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
TABLE_PT = 12  # 小四
FOLIO_PT = 14  # 4号
LINE_PT = 28.95  # 225 mm / 22 lines
TITLE_EMS_PER_LINE = TYPE_AREA_MM / 25.4 * 72 / TITLE_PT  # 20 characters of 2号 in 156 mm
CONDENSE_TWIPS = -5  # -0.25 pt between characters: 28 characters of 3号 fill the 156 mm line
LINES_ABOVE_SIGNATURE = 2  # the seal's top within a line of the text; issuer and date in its lower half
LATIN = "Times New Roman"
FONTS = {
    "body": "仿宋_GB2312",
    "title": "方正小标宋简体",
    "h1": "黑体",
    "h2": "楷体_GB2312",
    "folio": "宋体",
}
# What Word looks for when an office has not installed a GB font (w:altName): the fonts every
# Chinese Windows has. 方正小标宋简体 is closest to the heavy 宋体 its title is set in.
FALLBACKS = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体", "黑体": "SimHei", "宋体": "SimSun"}

TITLE_STYLE, BLANK_STYLE, SIGNATURE_STYLE = "Notice Title", "Notice Blank", "Notice Signature"
TABLE_STYLE, TABLE_HEADING_STYLE = "Notice Table", "Notice Table Heading"
HEADING_STYLES = {"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3"}


class Look(NamedTuple):
    """How a paragraph style looks: its font, size, alignment and spacing."""

    east_asia: str
    size: float = BODY_PT
    bold: bool = False
    align: str | None = "JUSTIFY"  # a WD_ALIGN_PARAGRAPH member, or None to inherit
    indent_chars: float = 2.0  # first-line indent in characters
    line: float = LINE_PT
    outline: int | None = None  # heading level in the navigation pane
    keep_next: bool = False
    on_grid: bool = True  # False: exact spacing of its own instead of the 28.95 pt line grid


LOOKS = {
    "Normal": Look(FONTS["body"]),
    "Heading 1": Look(FONTS["h1"], outline=0, keep_next=True),
    "Heading 2": Look(FONTS["h2"], outline=1, keep_next=True),
    "Heading 3": Look(FONTS["body"], bold=True, outline=2, keep_next=True),
    TITLE_STYLE: Look(FONTS["title"], TITLE_PT, align="CENTER", indent_chars=0, line=35, keep_next=True, on_grid=False),
    BLANK_STYLE: Look(FONTS["body"], indent_chars=0),
    SIGNATURE_STYLE: Look(FONTS["body"], align="RIGHT", indent_chars=0),
    TABLE_STYLE: Look(FONTS["body"], TABLE_PT, align=None, indent_chars=0, line=20, on_grid=False),
    TABLE_HEADING_STYLE: Look(FONTS["h1"], TABLE_PT, align="CENTER", indent_chars=0, line=20, on_grid=False),
}


def set_up(doc) -> None:
    """Page, styles and folio of a new document."""
    _page(doc)
    _defaults(doc)
    for name, look in LOOKS.items():
        style_look(_style(doc, name), look)
    _footer(doc)


def _page(doc) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    s = doc.sections[0]
    s.page_width, s.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    s.top_margin, s.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    s.left_margin, s.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    s.header_distance = Mm(15)
    s.footer_distance = Mm(21)  # the folio's line sits ~7 mm under the type area
    # 22 lines: a line grid of 28.95 pt. The 28 characters come from 0.25 pt condensed spacing
    # (16 pt - 0.25 pt = 15.75 pt; 156 mm holds 28.07 of them) rather than a character grid:
    # LibreOffice puts a 16 pt character in two cells of a 15.79 pt grid (14 per line).
    sect = doc.element.body.sectPr
    for g in sect.findall(qn("w:docGrid")):
        sect.remove(g)
    sect.append(sect.makeelement(qn("w:docGrid"), {qn("w:type"): "lines", qn("w:linePitch"): str(round(LINE_PT * 20))}))


def _defaults(doc) -> None:
    """Document defaults: no theme fonts, Chinese language."""
    from docx.oxml.ns import qn

    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, rpr.makeelement(qn("w:rFonts"), {qn("w:ascii"): LATIN, qn("w:hAnsi"): LATIN,
                                                   qn("w:eastAsia"): FONTS["body"], qn("w:cs"): LATIN}))
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc, name: str):
    from docx.enum.style import WD_STYLE_TYPE

    if name in [s.name for s in doc.styles]:
        return doc.styles[name]
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    return style


def style_look(style, look: Look) -> None:
    """Give a paragraph style its look (exact line spacing, fonts by w:eastAsia, no borders or numbers)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    f = style.font
    f.name, f.size, f.bold, f.italic = LATIN, Pt(look.size), look.bold, False
    f.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element, look.east_asia)
    pf = style.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(look.line)
    pf.left_indent = Pt(0)
    pf.first_line_indent = Pt(BODY_PT * look.indent_chars)
    pf.keep_with_next = look.keep_next
    pf.widow_control = True
    if look.align is not None:
        pf.alignment = getattr(WD_ALIGN_PARAGRAPH, look.align)
    _paragraph_xml(style.element, look)


def _paragraph_xml(element, look: Look) -> None:
    from docx.oxml.ns import qn

    ppr = element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is not None and look.indent_chars:
        ind.set(qn("w:firstLineChars"), str(int(look.indent_chars * 100)))
    for tag in ("w:pBdr", "w:numPr", "w:outlineLvl", "w:snapToGrid"):
        for el in ppr.findall(qn(tag)):
            ppr.remove(el)
    if not look.on_grid:
        ppr.append(ppr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}))
    if look.outline is not None:
        ppr.append(ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(look.outline)}))
    # a run-level spacing left over from the default template; 3号 text is condensed to 28 a line
    rpr = element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    if look.size == BODY_PT:
        rpr.append(rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(CONDENSE_TWIPS)}))


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
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def signature_indent(p, text: str, date_text: str, *, last: bool) -> None:
    """The date 4 characters from the right; the issuer centred over the date (GB/T 9704 7.3.5.2)."""
    from docx.shared import Pt

    chars = 4.0 if last else max(2.0, 4 + (len(date_text) - len(text)) / 2)
    p.paragraph_format.right_indent = Pt(BODY_PT * chars)


def _footer(doc) -> None:
    """Folio "— 1 —" in 4号宋体: odd pages right, even pages left, one character in (GB/T 9704 7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

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
        _folio_run(p, "— ")
        _page_field(p)
        _folio_run(p, " —")


def _folio_run(p, text: str):
    from docx.shared import Pt

    r = p.add_run(text)
    r.font.size = Pt(FOLIO_PT)
    r.font.name = FONTS["folio"]
    set_fonts(r.element, FONTS["folio"], FONTS["folio"])
    return r


def _page_field(p) -> None:
    from docx.oxml.ns import qn

    def fld(kind: str):
        r = _folio_run(p, "").element
        r.append(r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))

    fld("begin")
    r = _folio_run(p, "").element
    instr = r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
    instr.text = " PAGE "
    r.append(instr)
    fld("separate")
    _folio_run(p, "1")
    fld("end")


def with_fallback_fonts(package: bytes) -> bytes:
    """The .docx with its font table naming, for each GB font, the font Word should use when the
    office has not installed it (w:altName), and its Chinese character set, so that a missing
    仿宋_GB2312 shows as 仿宋 rather than as whatever Word picks."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    src = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/fontTable.xml":
                root = parse_xml(data)
                for name, alt in FALLBACKS.items():
                    font = root.makeelement(qn("w:font"), {qn("w:name"): name})
                    for tag, value in (("w:altName", alt), ("w:charset", "86"),  # 86: GB2312
                                       ("w:family", "swiss" if name == "黑体" else "modern"), ("w:pitch", "variable")):
                        font.append(font.makeelement(qn(tag), {qn("w:val"): value}))
                    root.append(font)
                data = serialize_part_xml(root)
            dst.writestr(item, data)
    return out.getvalue()
