"""A document a user brings (a circular, a 分解方案, one of our own drafts) as plain text or as blocks.

- `read_notice(path)` / `notice_text(raw, name)`: the file as plain text. Paragraphs become lines;
  a table row becomes one line with its cells separated by a tab, and a paragraph break *inside* a
  cell becomes U+2028 (`CELL_BREAK`) so the row stays on one line. A paragraph that Word or the web
  page marks as a heading gets Markdown's "# " in front (as many # as its level), so a heading
  without a number ("总体情况") is still known as one.
- `docx_blocks(raw, name)`: a Word document as paragraphs and tables (rows of cell texts), in order.

The content decides the format (a zip, an HTML page, text); the suffix breaks ties.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.core.decode import Unreadable, decode, open_package, package_kind, read_bytes, refuse_empty

CELL_SEP = "\t"
CELL_BREAK = "\u2028"  # a paragraph break inside a table cell (keeps the row on one line)
WHAT = "通报（.txt、.docx 或网页 .html）"


def read_notice(path: str | Path) -> str:
    """A circular file -> plain text. Raises AuditError (in Chinese, naming the file) if unreadable."""
    return notice_text(read_bytes(path, what="通报文件"), str(path))


def notice_text(raw: bytes, name: str) -> str:
    """Bytes of a circular -> plain text."""
    refuse_empty(raw, name, "通报文件")
    suffix = Path(name).suffix.lower()
    kind = package_kind(raw)
    if kind or suffix == ".docx":
        if suffix in (".xlsx", ".xlsm") or (kind == "ole" and suffix == ".xls"):
            raise Unreadable(name, "这是 Excel 表格。通报请用 .docx、.txt 或网页导入；分解方案（任务分解表）请用 audit import-tasks 导入。")
        return blocks_text(docx_blocks(raw, name))
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or _looks_html(raw):
        return html_text(raw, name)
    return decode(raw, name, what=WHAT)


def _looks_html(raw: bytes) -> bool:
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in raw[:65536].lower()


# ----------------------------------------------------------------------------- Word


@dataclass
class Block:
    """A paragraph (`text`, `level` > 0 for a heading) or a table (`rows` of cell texts)."""

    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)

    @property
    def table(self) -> bool:
        return bool(self.rows)


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def docx_blocks(raw: bytes, name: str) -> list[Block]:
    """Paragraphs and tables in document order. A merged cell's text appears once in its row (Word
    repeats it per grid column) and in every row it spans (so each task gets its unit)."""
    open_package(raw, name, "docx")
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(raw))
        out = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                out.append(Block(rows=[_row_cells(row) for row in item.rows]))
            else:
                out.append(Block(item.text, _level(item)))
        return out
    except Unreadable:
        raise
    except Exception as e:  # python-docx raises several unrelated types for a damaged package
        raise Unreadable(name, f"无法作为 Word 文档打开（{type(e).__name__}）。请用 Word 打开后重新“另存为” .docx。") from None


def _level(paragraph: Any) -> int:
    try:
        style = paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return 0
    m = _HEADING_STYLE.match(style or "")
    if m:
        return int(m[1]) + 1  # Word's 标题 1 is the first level under the title: Markdown's "##"
    return 1 if style in ("Title", "标题") else 0


def _row_cells(row: Any) -> list[str]:
    cells, skip = [], 0
    for cell in row.cells:
        if skip:  # a horizontally merged cell is repeated once per grid column it spans
            skip -= 1
            continue
        skip = max(0, (cell.grid_span or 1) - 1)
        cells.append(_cell(p.text for p in cell.paragraphs))
    return cells


def _cell(paragraphs: Any) -> str:
    parts = [p.replace("\t", " ").strip() for p in paragraphs]
    return CELL_BREAK.join(p for p in parts if p)


def blocks_text(blocks: list[Block]) -> str:
    lines = []
    for b in blocks:
        if b.table:
            lines.extend(row_line(cells) for cells in b.rows)
        elif b.level and b.text.strip():
            lines.append("#" * b.level + " " + b.text.strip())
        else:
            lines.append(b.text)
    return "\n".join(lines)


def row_line(cells: list[str]) -> str:
    cells = list(cells)
    while cells and not cells[-1]:
        cells.pop()
    # a row whose cells all say the same (a merged heading row) is a paragraph, not a row
    if len({c for c in cells if c}) <= 1:
        return next((c for c in cells if c), "").replace(CELL_BREAK, "\n")
    return CELL_SEP.join(cells)


# ----------------------------------------------------------------------------- web pages

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "section",
    "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "hr", "form", "address", "center",
    "caption", "figure", "figcaption", "title",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select", "button"}
_WS = re.compile(r"[ \t\r\n\f\v]+")


def html_text(raw: bytes, name: str) -> str:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", raw[:65536], re.I)
    declared = m.group(1).decode("ascii", "replace") if m else None
    text = decode(raw, name, what=WHAT, declared=declared)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        import lxml.html

        root = lxml.html.document_fromstring(text)
    except Exception as e:  # lxml raises ParserError/ValueError for pages it cannot build a tree from
        raise Unreadable(name, f"无法作为网页读取（{type(e).__name__}）。"
                               "请在浏览器中打开，把正文复制到记事本另存为 .txt 后再导入。") from None
    body = root.find("body")
    out = _HtmlLines()
    out.walk(body if body is not None else root)
    return "\n".join(out.finish())


class _HtmlLines:
    """Body text with block elements as line breaks, each table row kept on one line, and headings marked."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.level = 0

    def br(self) -> None:
        line = _WS.sub(" ", "".join(self.buf)).strip()
        if line:
            self.lines.append("#" * self.level + " " + line if self.level else line)
        self.buf = []

    def walk(self, el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS or not tag:  # scripts, styles, comments: only the tail is text
            self.buf.append(el.tail or "")
            return
        if tag == "tr":
            self.br()
            self.lines.append(row_line([self.cell(td) for td in el if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")]))
            self.buf.append(el.tail or "")
            return
        block = tag in _BLOCK_TAGS or tag in _HEADINGS
        if block:
            self.br()
        if tag in _HEADINGS:
            self.level = _HEADINGS[tag]
        self.buf.append(el.text or "")
        for child in el:
            self.walk(child)
        if block:
            self.br()
        if tag in _HEADINGS:
            self.level = 0
        self.buf.append(el.tail or "")

    @staticmethod
    def cell(td: Any) -> str:
        inner = _HtmlLines()
        inner.buf.append(td.text or "")
        for c in td:
            inner.walk(c)
        return CELL_BREAK.join(ln.lstrip("# ") if ln.startswith("#") else ln for ln in inner.finish())

    def finish(self) -> list[str]:
        self.br()
        return [ln for ln in self.lines if ln]
