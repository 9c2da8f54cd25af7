"""Word output: the rendered Markdown draft laid out as a GB/T 9704-2012 公文 page with python-docx.

The Markdown template is the single source of the draft's words; this module maps its few
structures to Word: `#` title, `##`/`###`/`####` headings, paragraphs, lists (kept as numbered
paragraphs), pipe tables, and the paragraphs after `<!-- signature -->` as the signature block.
Markdown is read with markdown-it-py, so backslash escapes come out as the plain characters.
Page, styles and folio are in `docx_page`, tables in `docx_table`.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from audit.core.text import clean
from audit.core.typeset import title_lines
from audit.drafts import docx_page as page
from audit.drafts.docx_table import add_table

_SIGNATURE = re.compile(r"<!--\s*signature\s*-->")
_HEADINGS = {"h1": "title", "h2": "h1", "h3": "h2"}  # h4 and below: "h3"


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


def blocks(markdown: str) -> list[Block]:
    """The draft's structure: a flat list of blocks in reading order."""
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(MarkdownIt("commonmark").enable("table").parse(markdown))
    out: list[Block] = []
    signature = False
    for node in tree.children:
        if node.type == "html_block":
            signature = signature or bool(_SIGNATURE.search(node.content))
        else:
            out.extend(_blocks_of(node, signature))
    return out


def _blocks_of(node, signature: bool) -> list[Block]:
    if node.type == "heading":
        return [Block(_HEADINGS.get(node.tag, "h3"), _runs(node.children[0]))]
    if node.type == "paragraph":
        return [Block("signature" if signature else "p", _runs(node.children[0]))]
    if node.type in ("ordered_list", "bullet_list"):
        return _list_blocks(node, signature)
    if node.type == "table":
        return [_table(node)]
    return []


def _list_blocks(node, signature: bool) -> list[Block]:
    """A list's items as paragraphs; an ordered item's first paragraph carries its number."""
    out: list[Block] = []
    start = int(node.attrs.get("start", 1) or 1) if node.type == "ordered_list" else None
    for i, item in enumerate(node.children):
        inner = [b for child in item.children for b in _blocks_of(child, signature)]
        if start is not None and inner and inner[0].kind in ("p", "signature"):
            inner[0].runs.insert(0, Run(f"{start + i}."))
        out.extend(inner)
    return out


def _runs(inline) -> list[Run]:
    runs: list[Run] = []
    pending_break = False

    def walk(node, bold: bool) -> None:
        nonlocal pending_break
        for c in node.children:
            if c.type == "strong":
                walk(c, True)
            elif c.type in ("em", "link"):
                walk(c, bold)
            elif c.type == "hardbreak":
                pending_break = True
            elif c.type in ("text", "code_inline") and c.content:
                runs.append(Run(clean(c.content), bold, pending_break))
                pending_break = False
            # softbreak: Chinese lines join without a space; html_inline (a comment): nothing to show

    walk(inline, False)
    return runs


def _table(node) -> Block:
    block = Block("table")
    for part in node.children:  # thead, tbody
        for tr in part.children:
            block.rows.append(["".join(r.text for r in _runs(cell.children[0])) if cell.children else ""
                               for cell in tr.children])
            if part.type == "thead":
                for cell in tr.children:
                    m = re.search(r"text-align:(\w+)", str(cell.attrs.get("style", "")))
                    block.aligns.append(m[1] if m else "")
    return block


# ----------------------------------------------------------------------------- blocks -> .docx


def write_docx(markdown: str, context: dict) -> bytes:
    """The draft as a .docx package (bytes)."""
    from docx import Document

    doc = Document()
    page.set_up(doc)
    draft = context.get("draft") or context.get("meta", {})  # a circular, or a notice of its own
    doc.core_properties.title = str(draft.get("title", ""))
    doc.core_properties.author = str(draft.get("issuer", ""))
    body = doc.element.body
    for p in list(body.iterchildren()):  # the default template's empty paragraph
        if p.tag.endswith("}p"):
            body.remove(p)

    parts = blocks(markdown)
    sig = [b for b in parts if b.kind == "signature"]
    for b in parts:
        if b.kind == "table":
            add_table(doc, b.rows, b.aligns)
        elif b.kind == "title":
            _fill(doc.add_paragraph(style=page.TITLE_STYLE), _title_runs(b.runs))
            doc.add_paragraph(style=page.BLANK_STYLE)  # GB/T 9704: one blank line under the title
        elif b.kind in ("h1", "h2", "h3"):
            _fill(doc.add_paragraph(style=page.HEADING_STYLES[b.kind]), b.runs)
        elif b.kind == "signature":
            if b is sig[0]:
                for _ in range(page.LINES_ABOVE_SIGNATURE):  # room for the seal
                    doc.add_paragraph(style=page.BLANK_STYLE)
            p = doc.add_paragraph(style=page.SIGNATURE_STYLE)
            _fill(p, b.runs)
            page.signature_indent(p, "".join(r.text for r in b.runs), "".join(r.text for r in sig[-1].runs),
                                  last=b is sig[-1])
        else:
            _fill(doc.add_paragraph(style="Normal"), b.runs)
    buf = io.BytesIO()
    doc.save(buf)
    return page.with_fallback_fonts(buf.getvalue())


def _title_runs(runs: list[Run]) -> list[Run]:
    """The title broken into balanced lines between words (GB/T 9704: 词意完整，排列对称)."""
    text = "".join(r.text for r in runs)
    lines = title_lines(text, page.TITLE_EMS_PER_LINE)
    return [Run(line, br=i > 0) for i, line in enumerate(lines)]


def _fill(p, runs: list[Run]) -> None:
    for r in runs:
        if r.br:
            p.add_run().add_break()
        run = p.add_run(r.text)
        if r.bold:
            run.bold = True
