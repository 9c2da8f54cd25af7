"""Importing a published progress circular (通报: .txt, .docx, saved web page) into a registry.

Two steps, both pure apart from `read_notice` reading one file:

- `read_notice(path)` turns the file into plain text. Paragraphs become lines; a table row becomes
  one line with its cells separated by a tab, and a paragraph break *inside* a cell becomes
  U+2028 (`CELL_BREAK`) so the row stays on one line.
- `parse_notice(text)` recognises the circular's structure and returns an `ImportResult`: the
  registry as plain dicts (ready for `save.to_yaml_text`) and a report of what was read and what
  could not be placed.

Recognition works on a normalised copy of each line (full-width ASCII folded to half-width, so
（一） ，： １． read like (一) ,: 1.). The folding is one character for one character, so offsets
found on the copy cut the original line: goals and progress texts are kept exactly as written,
only surrounding whitespace is stripped.

Nothing here imports Typer or Rich.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from audit.core.errors import AuditError, os_reason
from audit.core.model import default_as_of, period_label
from audit.core.numerals import parse_chinese, to_chinese

LABELS = ("进展情况", "完成情况", "落实情况", "工作进展", "推进情况", "进展")
GOAL_MISSING = "（原文缺少任务内容，请补写）"  # the loader requires a goal; this one is visibly not from the source
CELL_SEP = "\t"
CELL_BREAK = "\u2028"  # a paragraph break inside a table cell (keeps the row on one line)

# ----------------------------------------------------------------------------- reading


def read_notice(path: str | Path) -> str:
    """A circular file -> plain text. Raises AuditError (in Chinese, naming the file) if unreadable."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise AuditError(f"找不到文件 {name}。请检查路径和文件名。") from e
    except IsADirectoryError as e:
        raise AuditError(f"{name} 是一个文件夹，不是通报文件。请指定其中的 .txt、.docx 或 .html 文件。") from e
    except OSError as e:
        raise AuditError(f"无法读取 {name}：{os_reason(e)}。") from e
    return notice_text(raw, name)


def notice_text(raw: bytes, name: str) -> str:
    """Bytes of a circular -> plain text. The content decides the format; the suffix breaks ties."""
    if not raw.strip():
        raise AuditError(f"{name} 是空文件，没有可导入的内容。请确认选对了文件。")
    suffix = Path(name).suffix.lower()
    head = raw[:8]
    if head.startswith(b"PK\x03\x04") or suffix == ".docx":
        return _docx_text(raw, name)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise AuditError(f"{name} 是旧版 Word（.doc）或 Excel 文件，无法直接读取。请在 Word 中“另存为” .docx 后再导入。")
    if head.startswith(b"%PDF"):
        raise AuditError(f"{name} 是 PDF 文件，无法读取。请把通报文字复制到记事本，另存为 .txt 后再导入。")
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or _looks_html(raw):
        return _html_text(raw, name)
    text = decode_bytes(raw, name)
    _check_textual(text, name)
    return text


def decode_bytes(raw: bytes, name: str, declared: str | None = None) -> str:
    """BOM first, then a declared charset (HTML <meta>), then strict UTF-8, then GB18030."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise AuditError(f"{name} 开头标明是 {enc.upper()} 编码，但内容无法按此读取。请用记事本另存为 UTF-8 后重试。") from e
    if b"\x00" in raw[:4096]:
        raise AuditError(f"{name} 不是文本文件（含有二进制内容），无法读取。请选择 .txt、.docx 或网页（.html）格式的通报。")
    tried = []
    if declared:
        enc = _codec(declared)
        if enc:
            tried.append(enc)
    for enc in (*tried, "utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise AuditError(f"{name} 的文字编码无法识别（既不是 UTF-8，也不是 GBK/GB18030）。请用记事本打开后“另存为”UTF-8 编码再导入。")


def _codec(charset: str) -> str | None:
    cs = charset.strip().strip("\"'").lower()
    if cs in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"):
        return "gb18030"  # a superset: pages labelled gb2312 routinely contain GBK characters
    try:
        import codecs

        return codecs.lookup(cs).name
    except LookupError:
        return None


def _check_textual(text: str, name: str) -> None:
    sample = text[:4096]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0xE000 <= ord(c) <= 0xF8FF)
    if bad > max(3, len(sample) // 50):
        raise AuditError(f"{name} 看起来不是文本文件（含有大量无法显示的字符），无法读取。请选择 .txt、.docx 或网页（.html）格式的通报。")


def _looks_html(raw: bytes) -> bool:
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in raw[:65536].lower()


def _docx_text(raw: bytes, name: str) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        names = set(zf.namelist())
    except zipfile.BadZipFile as e:
        raise AuditError(f"{name} 不是有效的 Word（.docx）文件（文件已损坏或并非 Word 文档）。请用 Word 打开后重新“另存为” .docx。") from e
    if "word/document.xml" not in names:
        kind = "Excel 表格" if any(n.startswith("xl/") for n in names) else (
            "PowerPoint 演示文稿" if any(n.startswith("ppt/") for n in names) else "压缩包")
        raise AuditError(f"{name} 是{kind}，不是 Word（.docx）文档，无法导入。请把通报正文保存为 .docx 或 .txt 后再导入。")
    if sum(i.file_size for i in zf.infolist()) > 200 * 1024 * 1024:
        # a small zip can unpack to gigabytes of XML ("zip bomb"); a real circular is a few MB at most
        raise AuditError(f"{name} 解压后过大（超过 200 MB），不像是通报文档，已拒绝读取。请确认选对了文件。")
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(raw))
    except Exception as e:  # python-docx raises several unrelated types for a damaged package
        raise AuditError(f"{name} 无法作为 Word 文档打开（{type(e).__name__}）。请用 Word 打开后重新“另存为” .docx。") from e
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells, seen = [], set()
                for cell in row.cells:  # a merged cell is repeated once per grid column
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(_cell(p.text for p in cell.paragraphs))
                lines.append(_row(cells))
    return "\n".join(lines)


def _cell(paragraphs) -> str:
    parts = [p.replace("\t", " ").strip() for p in paragraphs]
    return CELL_BREAK.join(p for p in parts if p)


def _row(cells: list[str]) -> str:
    while cells and not cells[-1]:
        cells.pop()
    # a row whose cells all say the same (a merged heading row) is a paragraph, not a row
    if len({c for c in cells if c}) <= 1:
        return next((c for c in cells if c), "").replace(CELL_BREAK, "\n")
    return CELL_SEP.join(cells)


_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table",
    "thead", "tbody", "tfoot", "tr", "section", "article", "header", "footer", "nav", "aside", "main",
    "blockquote", "pre", "hr", "form", "address", "center", "caption", "figure", "figcaption", "title",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select", "button"}
_WS = re.compile(r"[ \t\r\n\f\v]+")


def _html_text(raw: bytes, name: str) -> str:
    declared = None
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", raw[:65536], re.I)
    if m:
        declared = m.group(1).decode("ascii", "replace")
    text = decode_bytes(raw, name, declared)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        import lxml.html

        root = lxml.html.document_fromstring(text)
    except Exception as e:  # lxml raises ParserError/ValueError for pages it cannot build a tree from
        raise AuditError(f"{name} 无法作为网页读取（{type(e).__name__}）。"
                         "请在浏览器中打开，把正文复制到记事本另存为 .txt 后再导入。") from e
    body = root.find("body")
    out = _HtmlLines()
    out.walk(body if body is not None else root)
    return "\n".join(out.finish())


class _HtmlLines:
    """Body text with block elements as line breaks and each table row kept on one line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def br(self) -> None:
        line = _WS.sub(" ", "".join(self.buf)).strip()
        if line:
            self.lines.append(line)
        self.buf = []

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP_TAGS or not isinstance(el.tag, str):  # scripts, styles, comments: only the tail is text
            self.buf.append(el.tail or "")
            return
        if tag == "tr":
            self.br()
            cells = []
            for td in el:
                if isinstance(td.tag, str) and td.tag.lower() in ("td", "th"):
                    inner = _HtmlLines()
                    inner.buf.append(td.text or "")
                    for c in td:
                        inner.walk(c)
                    cells.append(CELL_BREAK.join(inner.finish()))
            self.lines.append(_row(cells))
            self.buf.append(el.tail or "")
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.br()
        self.buf.append(el.text or "")
        for child in el:
            self.walk(child)
        if block:
            self.br()
        self.buf.append(el.tail or "")

    def finish(self) -> list[str]:
        self.br()
        return [ln for ln in self.lines if ln]


# ----------------------------------------------------------------------------- recognition helpers

# Full-width ASCII -> half-width, ideographic space -> space: one char for one char, so a match
# on the folded copy of a line gives offsets into the original.
_FOLD = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "\u3000": " ", "\xa0": " "})

MAX_ORDINAL = 99  # 一、 … 九十九、: a heading's or an item's number; 二〇二一 is a year, not an ordinal

_L = "|".join(LABELS)
SECTION_RE = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.]\s*(.*)$")
SUB_RE = re.compile(r"^\(\s*([一二三四五六七八九十]{1,3})\s*\)\s*[、.]?\s*(.*)$")
TASK_RE = re.compile(r"^(\d{1,3})\s*[.、](?!\d)\s*(.*)$")
# "(1)……" / "（1）……": a task numbered in brackets (a county's paragraph-per-task layout)
PAREN_TASK_RE = re.compile(r"^\(\s*(\d{1,3})\s*\)\s*[、.]?\s*(.*)$")
REF_HEAD_RE = re.compile(r"^[(\[【]\s*第\s*(\d{1,3})\s*项\s*[)\]】]\s*(.*)$")
# "第12项　……" / "第12项：……": the task's number in the work report, written without brackets
REF_BARE_RE = re.compile(r"^第\s*(\d{1,3})\s*项\s*[:、.\s]\s*(\S.*)$")
REF_TAIL_RE = re.compile(r"^(.*?)\s*[(\[【]\s*第\s*(\d{1,3})\s*项\s*[)\]】]\s*[。.;]?$")
LABEL_RE = re.compile(rf"^(?:[\[【]\s*({_L})\s*[\]】]\s*:?|({_L})\s*:)\s*(.*)$")
INLINE_LABEL_RE = re.compile(rf"(?:(?<=[。;,.!?)\]】])|(?<=\s))\s*(?:[\[【]\s*({_L})\s*[\]】]\s*:?|({_L})\s*:)")
SENTENCE_END = tuple("。;.!?")
# Markers some circulars put before a task's number: ★ for tasks a leader supervises in person, ● or ■ as bullets.
MARK_RE = re.compile(r"^[★☆●○■□◆◇▲△※]+\s*(?=[(\[【]?\s*(?:\d|第))")

# Web page furniture: whole lines that are never part of a circular.
JUNK_RE = re.compile(
    r"^(?:热词搜索\s*:?.*|分享到\s*:?.*|扫一扫.*|[【\[]?\s*(?:打印(?:本页|此页)?|关闭(?:本页|窗口)?|收藏|返回顶部)\s*[】\]]?"
    r"|(?:[【\[]\s*)?(?:打印|关闭)(?:本页|窗口)?\s*[】\]]?\s*[【\[]\s*(?:打印|关闭)(?:本页|窗口)?\s*[】\]]?"
    r"|字\s*号\s*:?.*|[【\[]?\s*(?:字体\s*:?\s*)?大\s*中\s*小\s*[】\]]?|(?:上|下)一篇\s*:?.*|相关(?:链接|文章|阅读)\s*:?.*"
    r"|(?:当前|您的|所在)位置\s*:.*|首页\s*[>»›].*|浏览次数\s*:.*|责任编辑\s*:.*|(?:\.{0,2}/)?[\w./%-]+\.(?:s?html?|jsp|php|aspx?)"
    r"|https?://\S+|\(此件公开发布\)|\(此件主动公开\))$"
)
# Labelled fields of a government site's information box (信息公开目录).
META_KEY_RE = re.compile(
    r"(索\s*引\s*号|文\s*号|主\s*题\s*分\s*类|发\s*布\s*机\s*构|名\s*称|标\s*题|发\s*布\s*日\s*期|成\s*文\s*日\s*期"
    r"|有\s*效\s*性|发\s*文\s*机\s*关|发\s*文\s*字\s*号|主\s*题\s*词|信\s*息\s*来\s*源|来\s*源|作\s*者|生\s*效\s*日\s*期)\s*:"
)
DOC_NO_RE = re.compile(r"^[^\s]{1,12}〔\d{4}〕\s*\d+\s*号$|^[^\s]{1,12}\[\d{4}\]\s*\d+\s*号$")
END_RE = re.compile(r"^(?:附\s*件\s*\d*\s*(?::|$|[.、])|抄\s*送\s*:|抄\s*报\s*:|分享到)")
# Parts of a circular that report on no task: the summary before the tasks, the problems and the next
# steps after them ("一、总体情况", "三、存在的问题", "四、下步工作要求"). Their numbered points are not tasks.
_ASIDE_WORD = (r"(?:(?:总体|基本|整体)(?:进展|推进|完成)?情况|存在的?(?:主要)?(?:问题|困难|不足)|主要(?:问题|困难|不足)|问题|不足|困难"
               r"|下一?步(?:工作)?(?:打算|安排|要求|计划|措施|重点|建议|思路)?|(?:工作|有关|几点|整改|意见)(?:要求|建议)|建议)")
# the whole title is such words ("存在问题及下一步工作打算"), so "主要困难群众保障" stays a part with tasks
# (a time before the words is still such a title: "下半年工作要求", "下阶段工作打算")
ASIDE_TITLE_RE = re.compile(rf"^(?:下半年|下阶段|下一阶段|今后|后期|明年|下年度|四季度)?{_ASIDE_WORD}(?:[和及与、]{_ASIDE_WORD})*[。.:]?$")
ASIDE_REASON = "通报的总体情况、存在问题、下步工作等部分，不是任务"
# A paragraph that turns to the recipients ("请各责任处室……", "各单位要……") closes the circular: it is not
# the last task's progress.
CLOSING_RE = re.compile(r"^(?:请各|望各|希望各|各(?:有关|相关|责任|牵头)?(?:单位|部门|处室|科室|地|县|市|区|乡镇|街道)[^,。;]{0,12}?要)")
# ... and so does one that asks the recipients anywhere ("……距年底仅剩两个月，请各责任单位……"), or that
# opens on the whole picture and speaks of all the units or tasks ("从督查情况看，各责任单位……，大部分任务……").
_RECIPIENTS = r"各(?:有关|相关|责任|牵头)?(?:单位|部门|处室|科室|地|县|市|区|乡镇|街道)"
CLOSING_ASK_RE = re.compile(rf"(?:请|望|希望){_RECIPIENTS}")
CLOSING_OVERVIEW_RE = re.compile(r"^(?:从[^，,。；;]{0,10}(?:情况|督查|总体|整体)[^，,。；;]{0,4}看"
                                 r"|总的(?:来)?看|总体(?:来|上)?看|总体而言|综上)")
CLOSING_WHOLE_RE = re.compile(rf"{_RECIPIENTS}|(?:大部分|大多数|多数|部分|各项)(?:重点)?(?:工作)?任务")


def closes_circular(k: str) -> bool:
    """Is this paragraph the circular's closing (to the recipients, on the whole), not a task's progress?"""
    return bool(CLOSING_RE.match(k) or CLOSING_ASK_RE.search(k)
                or (CLOSING_OVERVIEW_RE.match(k) and CLOSING_WHOLE_RE.search(k)))
DATE_RE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
DATE_LINE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
CN_DATE_LINE_RE = re.compile(r"^([〇零○O一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
                             r"\s*([一二三四五六七八九十]{1,3})\s*日$")
TABLE_ID_COLS = ("序号", "编号", "项目编号")
TABLE_GOAL_COLS = ("工作任务", "重点任务", "目标任务", "任务内容", "工作内容", "主要任务", "任务", "工作目标", "目标", "项目名称")
TABLE_PROGRESS_COLS = LABELS + ("进展", "完成情况及进度", "推进情况", "形象进度")
# A key-project table ("项目名称 | 建设内容 | 年度计划投资（万元） | 1-10月完成投资（万元） | 完成率 | 形象进度"):
# the project's scope follows its name in the goal; the year's planned investment is the task's one target
# (the scope is the whole project's, often several years'); what was invested so far goes with the progress.
TABLE_SCOPE_COLS = ("建设内容", "主要建设内容", "建设规模及内容", "建设规模")
UNIT_HEAD_RE = re.compile(r"^(.+?)\(([^()]{1,6})\)$")
NUMBER_CELL_RE = re.compile(r"^\d+(?:\.\d+)?$")
TABLE_LEAD_COLS = ("责任单位", "牵头单位", "责任部门", "牵头部门", "主办单位")
TABLE_OTHER_COLS = ("配合单位", "协办单位", "参与单位", "配合部门")
# An indicator table names the indicator in one column and its target in another ("地区生产总值" | "增长6%左右"):
# the goal is the two together.
TABLE_NAME_COLS = ("指标名称", "主要指标", "指标")
# Columns that say more about the progress ("完成率" | "63.3%", "备注" | "因资金未到位暂缓"): kept, after the
# progress text, as "完成率：63.3%".
TABLE_EXTRA_COLS = ("完成率", "完成比例", "完成进度", "序时进度", "进度", "存在问题", "备注")
EMPTY_CELLS = ("", "—", "——", "-", "--", "/", "无", "\\")


def _ordinal_items(k: str, first: int) -> list[tuple[int, int, int]]:
    """(n, start, end) of each "N是" item of a folded line that begins with the ordinal `first`: the items
    follow one another in order, each marker at the line's start or after a ；/。 (so 十一是 is not 一是)."""
    marker = to_chinese(first) + "是" if 1 <= first <= MAX_ORDINAL else ""
    if not marker or not k.startswith(marker):
        return []
    found = [(first, 0)]
    n, pos = first + 1, len(marker)
    while n <= MAX_ORDINAL:
        marker = to_chinese(n) + "是"
        j = pos
        while True:
            j = k.find(marker, j)
            if j < 0 or k[:j].rstrip()[-1:] in ("。", ";", "；"):
                break
            j += 1
        if j < 0:
            break
        found.append((n, j))
        n, pos = n + 1, j + len(marker)
    ends = [j for _, j in found[1:]] + [len(k)]
    return [(n, j + len(to_chinese(n)) + 1, end) for (n, j), end in zip(found, ends)]


def fold(s: str) -> str:
    """The recognition copy of a line: same length, full-width ASCII made half-width."""
    return s.translate(_FOLD)


def cn_number(s: str) -> int | None:
    """一 -> 1 … 九十九 -> 99: a heading's or an item's ordinal; None for anything else."""
    n = parse_chinese(s)
    return n if n is not None and 1 <= n <= MAX_ORDINAL and len(s) <= 3 else None


def _sentence_ended(k: str) -> bool:
    return k.rstrip().endswith(SENTENCE_END)


def _parse_date(k: str) -> date | None:
    m = DATE_RE.search(k)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def _date_line(k: str) -> date | None:
    k = k.replace(" ", "")
    m = DATE_LINE_RE.match(k)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = CN_DATE_LINE_RE.match(k)
        if m:
            return date(_cn_year(m[1]), parse_chinese(m[2]), parse_chinese(m[3]))
    except (ValueError, KeyError, TypeError):
        return None
    return None


def _cn_year(s: str) -> int:
    """二〇二二 -> 2022 (a letter O typed for 〇 too)."""
    return parse_chinese(s.replace("O", "〇"))


def _meta_fields(s: str, k: str) -> dict[str, str]:
    """`索引号 : x 发布机构: y` -> {"索引号": "x", "发布机构": "y"} (values from the original line)."""
    hits = list(META_KEY_RE.finditer(k))
    out = {}
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(s)
        out[re.sub(r"\s+", "", m[1])] = s[m.end():end].strip()
    return out


# ----------------------------------------------------------------------------- the result


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A line of the circular that was not imported, and why."""

    line: int  # 1-based line of the text given to parse_notice
    text: str
    reason: str


@dataclass
class ImportResult:
    doc: dict  # the registry as plain data (meta, sections, tasks)
    source: str = ""
    sections: int = 0
    subsections: int = 0
    tasks: int = 0
    targets: int = 0  # of which section-level targets (ids "S.k")
    no_progress: list[str] = field(default_factory=list)  # ids of tasks without progress text
    unplaced: list[Unplaced] = field(default_factory=list)
    meta_read: dict[str, str] = field(default_factory=dict)  # what was read, and from where
    notes: list[str] = field(default_factory=list)  # fallbacks used, numbering gaps, ...

    @property
    def ids(self) -> list[str]:
        return [t["id"] for t in self.doc.get("tasks", [])]

    def report_lines(self) -> list[str]:
        """The import report in Chinese, one line each (the CLI prints these on stderr)."""
        out = [f"导入：{self.source or '（未命名文本）'}"]
        labels = {"title": "标题", "issuer": "发文单位", "published": "发布日期", "year": "计划年度", "period": "报告期"}
        for key, label in labels.items():
            if key in self.meta_read:
                out.append(f"  {label}：{self.meta_read[key]}")
        out.append(f"识别到 {self.sections} 个部分、{self.subsections} 个小节、{self.tasks} 项任务"
                   + (f"（其中预期目标 {self.targets} 项，编号任务 {self.tasks - self.targets} 项）" if self.targets else "") + "。")
        if self.no_progress:
            out.append(f"没有进展文字的任务 {len(self.no_progress)} 项：{'、'.join(self.no_progress)}（已写入空的 text，请核对原文）。")
        else:
            out.append("每项任务都有进展文字。")
        if self.unplaced:
            out.append(f"未能归入任何任务、没有导入的文字 {len(self.unplaced)} 处：")
            for u in self.unplaced:
                shown = u.text if len(u.text) <= 60 else u.text[:60] + "……"
                out.append(f"  第 {u.line} 行：“{shown}”（{u.reason}）")
        for n in self.notes:
            out.append(f"注意：{n}")
        return out


# ----------------------------------------------------------------------------- parsing


@dataclass
class _Line:
    no: int
    s: str  # original, stripped
    k: str  # folded copy, same length


@dataclass
class _Task:
    section: int
    sub: int | None
    no: int  # its number in the circular (k of (k) for targets)
    target: bool
    goal: list[str]
    line: int
    label: str = ""
    progress: list[str] = field(default_factory=list)
    units: dict | None = None
    ref: bool = False  # numbered by a "(第N项)" reference
    ordinal: bool = False  # one of a paragraph's "一是……；二是……" items
    targets: list[dict] | None = None  # written by the circular itself (a project table's planned investment)


class _Parser:
    def __init__(self, text: str, source: str):
        self.source = source
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("\ufeff"):
            text = text[1:]
        self.lines = [_Line(i + 1, raw.strip(), fold(raw.strip())) for i, raw in enumerate(text.split("\n"))]
        self.lines = [ln for ln in self.lines if ln.s]
        self.sections: list[dict] = []
        self.tasks: list[_Task] = []
        self.unplaced: list[Unplaced] = []
        self.notes: list[str] = []
        self.preamble: list[_Line] = []
        self.meta: dict[str, str] = {}
        self.signature: dict[str, Any] = {}
        self.state = "preamble"  # preamble | heading | goal | progress | trailer
        self.last_no = 0  # the last numbered task's number
        self.restarted = False
        self.table: dict[str, int] | None = None
        self.appended: tuple[list[str], _Line] | None = None  # the last continuation line and where it went

    # -- helpers
    @property
    def section(self) -> dict | None:
        return self.sections[-1] if self.sections else None

    @property
    def task(self) -> _Task | None:
        return self.tasks[-1] if self.tasks else None

    def next_k(self, i: int) -> str:
        return self.lines[i + 1].k if i + 1 < len(self.lines) else ""

    def skip(self, ln: _Line, reason: str) -> None:
        self.unplaced.append(Unplaced(ln.no, ln.s, reason))

    def ensure_section(self, ln: _Line) -> None:
        if not self.sections:
            self.sections.append({"no": 1, "title": "", "subs": [], "line": ln.no, "implicit": True})
            self.notes.append("通报没有“一、”这样的部分标题，全部任务归入第 1 部分（部分标题暂用通报标题，可手工修改）。")

    def is_label(self, k: str) -> bool:
        return bool(LABEL_RE.match(k))

    # -- the walk
    def run(self) -> None:  # noqa: C901
        for i, ln in enumerate(self.lines):
            k = ln.k
            if JUNK_RE.match(k):
                continue
            if self.state == "trailer":
                if not META_KEY_RE.match(k):
                    self.skip(ln, "通报正文结束（附件、落款）之后的内容")
                continue
            if self.state == "aside":
                if END_RE.match(k):
                    self.state = "trailer"
                elif self.tasks and _date_line(k):
                    self.sign(ln)
                elif not self.heading(i, ln):
                    self.skip(ln, ASIDE_REASON)
                continue
            if self.state == "preamble":
                if META_KEY_RE.match(k):
                    self.meta.update(_meta_fields(ln.s, k))
                    continue
                if DOC_NO_RE.match(k.replace(" ", "")):
                    self.meta.setdefault("文号", ln.s)
                    continue
            elif END_RE.match(k):
                self.state = "trailer"
                continue
            elif self.tasks and _date_line(k):
                self.sign(ln)
                continue
            if CELL_SEP in ln.s and self.row(ln):
                continue
            if self.heading(i, ln):
                continue
            if self.numbered(i, ln):
                continue
            self.text(ln)

    def heading(self, i: int, ln: _Line) -> bool:
        k, s = ln.k, ln.s
        in_text = self.state in ("goal", "progress")
        m = SECTION_RE.match(k)
        if m and ASIDE_TITLE_RE.match(m[2].replace(" ", "")) and len(m[2]) <= 24 and cn_number(m[1]) is not None:
            self.state = "aside"
            self.appended = None
            self.skip(ln, ASIDE_REASON)
            return True
        if m and cn_number(m[1]) == 1 and self.sections and not self.tasks and not self.section.get("implicit"):
            # "二、重点任务完成情况" followed by a table whose own parts start again at "一、": the outer
            # headings were the circular's frame, the inner ones are its parts
            self.notes.append(f"第 {ln.no} 行的“{s}”重新从“一、”编号，之前的部分标题下没有任务，已按新的编号导入各部分。")
            self.sections = []
        if m:
            n = cn_number(m[1])
            want = (self.section["no"] + 1) if self.section and not self.section.get("implicit") else None
            if n is not None and (want is None or n == want) and (not in_text or self._heading_like(i, m[2])):
                if self.section and self.section.get("implicit"):
                    return False
                self.sections.append({"no": n, "title": s[m.start(2):].strip(), "subs": [], "line": ln.no})
                self.state = "heading"
                return True
        m = SUB_RE.match(k)
        if m and self.state != "preamble":
            n = cn_number(m[1])
            subs = self.section["subs"] if self.section else []
            targets_here = [t for t in self.tasks if t.target and self.section and t.section == self.section["no"]]
            want = max([u["no"] for u in subs] + [t.no for t in targets_here] + [0]) + 1
            if n is None or n != want:
                return False
            rest_k, rest = m[2], s[m.start(2):]  # same length: offsets in one cut the other
            inline = INLINE_LABEL_RE.search(rest_k)
            if inline or self.is_label(self.next_k(i)):
                self.ensure_section(ln)
                t = _Task(self.section["no"], None, n, True, [], ln.no)
                self.tasks.append(t)
                if inline:
                    t.goal = [rest[: inline.start()].strip()]
                    t.label = inline[1] or inline[2]
                    after = rest[inline.end():].strip()
                    t.progress = [after] if after else []
                    self.state = "progress"
                else:
                    t.goal = [rest]
                    self.state = "goal"
                return True
            if not in_text or self._heading_like(i, rest_k):
                self.ensure_section(ln)
                self.section["subs"].append({"no": n, "title": rest, "line": ln.no})
                self.state = "heading"
                return True
        return False

    def _heading_like(self, i: int, title_k: str) -> bool:
        """Inside a progress text, a numbered line is a heading only if it reads like one."""
        if not _sentence_ended(title_k):
            return True
        nk = self.next_k(i)
        return bool(SUB_RE.match(nk) or TASK_RE.match(nk) or self.is_label(nk))

    def numbered(self, i: int, ln: _Line) -> bool:  # noqa: C901
        k, s = ln.k, ln.s
        mark = MARK_RE.match(k)
        if mark:  # "★3．……": a key-task marker before the number is not part of the goal
            k, s = k[mark.end():], s[mark.end():]
        ref = False
        m = TASK_RE.match(k) or PAREN_TASK_RE.match(k)
        if m:
            n, start, end = int(m[1]), m.start(2), len(s)
        else:
            m = REF_HEAD_RE.match(k) or REF_BARE_RE.match(k)
            if m:
                n, start, end = int(m[1]), m.start(2), len(s)
            else:
                m = REF_TAIL_RE.match(k)
                if not m:
                    return False
                n, start, end = int(m[2]), 0, m.end(1)
            ref = True
        body_k = k[start:end]
        inline = INLINE_LABEL_RE.search(body_k)
        clear = bool(inline) or self.is_label(self.next_k(i))
        if self.state == "preamble":
            ok = (n == 1 and clear) or (ref and clear)
        elif ref:
            ok = n > self.last_no or clear
        elif n == self.last_no + 1:
            # inside a progress text "2." is a point of that text when the text already has a "1." point
            ok = self.state != "progress" or clear or not self._has_point(n - 1)
        elif n == 1 and self.state == "heading" and self.last_no:
            ok = True
            if not self.restarted:
                self.restarted = True
        elif n > self.last_no + 1 and (clear or (self.state == "heading" and not self.last_no)):
            ok = True
            if self.last_no or n > 1:
                self.notes.append(f"任务编号不连续：第 {ln.no} 行是第 {n} 项，前一项是第 {self.last_no} 项。")
        else:
            ok = False
        if not ok:
            return False
        self.ensure_section(ln)
        sec = self.section
        sub = sec["subs"][-1]["no"] if sec["subs"] else None
        t = _Task(sec["no"], sub, n, False, [], ln.no, ref=ref)
        if inline:
            t.goal = [s[start: start + inline.start()].strip()]
            t.label = inline[1] or inline[2]
            after = s[start + inline.end(): end].strip()
            t.progress = [after] if after else []
            self.state = "progress"
        else:
            t.goal = [s[start:end].strip()]
            self.state = "goal"
        self.tasks.append(t)
        self.last_no = n
        self.appended = None
        return True

    def _has_point(self, n: int) -> bool:
        for line in self.task.progress if self.task else ():
            m = TASK_RE.match(fold(line)) or PAREN_TASK_RE.match(fold(line))
            if m and int(m[1]) == n:
                return True
        return False

    def text(self, ln: _Line) -> None:
        k, s = ln.k, ln.s
        if self.ordinal_items(ln):
            return
        if self.state == "progress" and closes_circular(k):
            self.state = "aside"
            self.appended = None
            self.skip(ln, "通报结尾对各单位的要求，不是任务的进展")
            return
        m = LABEL_RE.match(k)
        if m:
            t = self.task
            if t is None or self.state not in ("goal", "progress"):
                self.skip(ln, "这段进展情况前面没有对应的任务")
                return
            if self.state == "progress":
                self.notes.append(f"第 {ln.no} 行：第 {self.task_name(t)} 项有第二个“{m[1] or m[2]}”，已并入同一条进展。")
                t.progress.append(s)
                self.appended = (t.progress, ln)
                return
            t.label = m[1] or m[2]
            rest = s[m.start(3):].strip()
            t.progress = [rest] if rest else []
            self.state = "progress"
            self.appended = None
            return
        if self.state == "preamble":
            self.preamble.append(ln)
        elif self.state == "goal":
            self.task.goal.append(s)
            self.appended = (self.task.goal, ln)
        elif self.state == "progress":
            self.task.progress.append(s)
            self.appended = (self.task.progress, ln)
        else:
            self.skip(ln, "标题之后、第一项任务之前的文字")

    def ordinal_items(self, ln: _Line) -> bool:
        """A paragraph listing tasks as "一是地区生产总值增长6%左右。全年……；二是……": each item is a task,
        its first sentence the goal and the rest its progress. A series starts right after a heading
        (so a task's own progress that says 一是……二是…… stays whole) and may go on in the next paragraph."""
        t = self.task
        going_on = t is not None and t.ordinal and self.state == "progress" and self.section is not None \
            and t.section == self.section["no"]
        first = t.no + 1 if going_on else 1
        if not (self.state == "heading" or going_on):
            return False
        items = _ordinal_items(ln.k, first)
        if not items:
            return False
        self.ensure_section(ln)
        sec = self.section
        sub = sec["subs"][-1]["no"] if sec["subs"] else None
        for n, a, b in items:
            body, body_k = ln.s[a:b].strip(), ln.k[a:b].strip()
            cut = body_k.find("。")
            goal, rest = (body[:cut + 1], body[cut + 1:]) if 0 <= cut < len(body) - 1 else (body, "")
            rest = rest.strip().rstrip(";；").rstrip()
            goal = goal.rstrip(";；") if not rest else goal
            task = _Task(sec["no"], sub, n, False, [goal.strip()], ln.no, ordinal=True)
            task.progress = [rest] if rest else []
            self.tasks.append(task)
            self.last_no = n
        self.state = "progress"
        self.appended = None
        return True

    def targets_from_bare_subs(self) -> None:
        """A section whose (一)(二)… are followed by no task at all lists goals, not subsections."""
        for sec in self.sections:
            if not sec["subs"] or any(t.section == sec["no"] for t in self.tasks):
                continue
            at = next((j for j, t in enumerate(self.tasks) if t.section > sec["no"]), len(self.tasks))
            made = [_Task(sec["no"], None, u["no"], True, [u["title"]], u["line"]) for u in sec["subs"]]
            self.tasks[at:at] = made
            sec["subs"] = []
            self.notes.append(f"第 {sec['no']} 部分只有（一）（二）……各条而没有编号任务，已作为预期目标导入"
                              f"（编号 {made[0].section}.{made[0].no} 起），原文没有它们的完成情况。")

    def task_name(self, t: _Task) -> str:
        return f"{t.section}.{t.no}" if t.target else str(t.no)

    def sign(self, ln: _Line) -> None:
        """A date on its own line ends the body: it is the signature (落款) date."""
        self.signature["date"] = _date_line(ln.k)
        if self.state == "aside" and self.unplaced:
            prev = self.unplaced[-1]
            pk = fold(prev.text)
            if prev.reason == ASIDE_REASON and len(pk) <= 30 and not _sentence_ended(pk) and "," not in pk \
                    and not SECTION_RE.match(pk):
                self.unplaced.pop()
                self.signature["issuer"] = prev.text
        elif self.appended:
            where, prev = self.appended
            if where and where[-1] == prev.s and len(prev.k) <= 30 and not _sentence_ended(prev.k) and "," not in prev.k:
                where.pop()
                self.signature["issuer"] = prev.s
        self.state = "trailer"

    def row(self, ln: _Line) -> bool:  # noqa: C901
        """A table row: a header, or a task under the last header. False: read it as a plain line."""
        cells = [c.strip() for c in ln.s.split(CELL_SEP)]
        keys = [fold(c).replace(" ", "").replace(CELL_BREAK, "") for c in cells]
        header = self._header(keys)
        if header:
            self.table = header
            if self.state == "preamble":
                self.state = "heading"
            return True
        if not self.table:
            return False  # a layout table, or a tab typed inside a paragraph
        cols = self.table
        def cell(name: str) -> str:
            j = cols.get(name)
            return cells[j] if j is not None and j < len(cells) else ""
        idk = fold(cell("id")).strip().rstrip(".、")
        if not idk.isdigit():
            self.skip(ln, "表格行的“序号”不是数字")
            return True
        goal = cell("goal").replace(CELL_BREAK, "\n").strip()
        name = cell("name").replace(CELL_BREAK, "").strip()
        if name and goal and not goal.startswith(name):
            goal = name + goal
        scope = cell("scope").replace(CELL_BREAK, "").strip()
        if goal and scope and fold(scope).replace(" ", "") not in EMPTY_CELLS:
            goal = f"{goal}：{scope}"
        target = None
        if "plan" in cols:
            j, head, unit = cols["plan"]
            value = fold(cells[j]).replace(",", "").strip() if j < len(cells) else ""
            if goal and NUMBER_CELL_RE.match(value):
                goal = f"{goal}\n{head}{value}{unit}"
                number = float(value)
                # what is counted is the investment itself: "年度计划投资" -> "投资", so reasons read "投资76200万元"
                metric = re.sub(r"^(?:\d{4}年)?(?:年度|全年|本年)?计划", "", head) or head
                target = {"metric": metric, "value": int(number) if number.is_integer() else number, "unit": unit,
                          "cmp": ">=", "kind": "cumulative"}
        if not goal:
            self.skip(ln, "表格行没有任务内容")
            return True
        self.ensure_section(ln)
        sec = self.section
        n = int(idk)
        t = _Task(sec["no"], sec["subs"][-1]["no"] if sec["subs"] else None, n, False, [goal], ln.no)
        t.label = cols["label_word"]
        prog = cell("progress").replace(CELL_BREAK, "\n").strip()
        t.progress = [prog] if prog else []
        t.targets = [target] if target else None
        for head, j, unit in cols.get("extra", ()):
            value = cells[j].replace(CELL_BREAK, " ").strip() if j < len(cells) else ""
            if fold(value).replace(" ", "") in EMPTY_CELLS:
                continue
            if unit and NUMBER_CELL_RE.match(fold(value).replace(",", "")):
                t.progress.append(f"{head}{value}{unit}")
            else:
                t.progress.append(f"{head}：{value}")
        units = {}
        lead, others = _unit_names(cell("lead")), _unit_names(cell("others"))
        if lead:
            units["lead"] = lead
        if others:
            units["others"] = others
        t.units = units or None
        if n != self.last_no + 1 and not (n == 1 and self.last_no):
            self.notes.append(f"任务编号不连续：第 {ln.no} 行是第 {n} 项，前一项是第 {self.last_no} 项。")
        if n == 1 and self.last_no:
            self.restarted = True
        self.tasks.append(t)
        self.last_no = n
        self.state = "progress"
        self.appended = None
        return True

    def _header(self, keys: list[str]) -> dict | None:  # noqa: C901
        def find(names: tuple[str, ...], exact_first: bool = True) -> int | None:
            for name in names:
                for j, kk in enumerate(keys):
                    if kk == name:
                        return j
            for name in names:
                for j, kk in enumerate(keys):
                    if name in kk and len(kk) <= 12:
                        return j
            return None

        idc = find(TABLE_ID_COLS)
        prog = find(TABLE_PROGRESS_COLS)
        if idc is None or prog is None:
            return None
        goal = None
        for name in TABLE_GOAL_COLS:  # the first goal-like column that is not the progress or unit column
            for j, kk in enumerate(keys):
                if j not in (idc, prog) and name in kk and len(kk) <= 12 and not any(u in kk for u in ("单位", "部门")):
                    goal = j
                    break
            if goal is not None:
                break
        if goal is None:
            return None
        cols: dict[str, Any] = {"id": idc, "goal": goal, "progress": prog}
        lead, others = find(TABLE_LEAD_COLS), find(TABLE_OTHER_COLS)
        if lead is not None:
            cols["lead"] = lead
        if others is not None:
            cols["others"] = others
        name = find(TABLE_NAME_COLS)
        if name is not None and name not in (idc, goal, prog):
            cols["name"] = name
        used = {idc, goal, prog, lead, others, name}
        scope = find(TABLE_SCOPE_COLS)
        if scope is not None and scope not in used:
            cols["scope"] = scope
            used.add(scope)
        # columns of amounts whose unit is in the header ("年度计划投资（万元）"): the plan is the target,
        # what is done ("1-10月完成投资（万元）") is progress, written "1-10月完成投资76200万元"
        amounts = []
        for j, kk in enumerate(keys):
            m = UNIT_HEAD_RE.match(kk)
            if j in used or not m:
                continue
            if "计划" in m[1] and "plan" not in cols:
                cols["plan"] = (j, m[1], m[2])
                used.add(j)
            elif "完成" in m[1]:
                amounts.append((j, m[1], m[2]))
                used.add(j)
        cols["extra"] = sorted([(keys[j], j, "") for j, kk in enumerate(keys)
                                if j not in used and any(kk == w or (w in kk and len(kk) <= 8) for w in TABLE_EXTRA_COLS)]
                               + [(head, j, unit) for j, head, unit in amounts], key=lambda c: c[1])
        word = next((w for w in LABELS if w in keys[prog]), "进展情况")
        cols["label_word"] = word
        return cols


# "（责任单位：县发改局）" or "(牵头单位：X；配合单位：Y、Z)" after a goal, such a line of its own, or such a
# label after the goal's last sentence on the same line ("……3000户以上。牵头单位：县市场监管局").
_UNIT_WORDS = r"(?:责任单位|牵头单位|责任部门|牵头部门|主责单位|责任领导及单位|责任处室|牵头处室|责任科室|牵头科室)"
_HELP_WORDS = r"(?:配合单位|协办单位|参与单位|配合部门)"
_UNITS_TAIL = re.compile(r"[(]\s*(?P<body>" + _UNIT_WORDS + r"\s*:[^()]*)[)]\s*(?P<end>[。.;；]?)\s*$|(?:^|\n|(?<=[。;.!?]))\s*(?P<line>"
                         + _UNIT_WORDS + r"\s*:.*)$")


def split_units(goal: str) -> tuple[str, dict | None]:
    """Take the responsible units written after a goal out of it: (goal without them, units)."""
    m = _UNITS_TAIL.search(fold(goal))
    if not m:
        return goal, None
    group = "body" if m.group("body") is not None else "line"
    body = goal[m.start(group):m.end(group)]
    parts = re.split(r"[;；,，]?\s*(?=" + _HELP_WORDS + ")", body, maxsplit=1)
    lead_part, help_part = parts[0], (parts[1] if len(parts) > 1 else "")
    units: dict[str, list[str]] = {}
    lead = _unit_names(re.sub(r"^" + _UNIT_WORDS + r"\s*[:：]", "", lead_part.strip()))
    if lead:
        units["lead"] = lead
    if help_part:
        others = _unit_names(re.sub(r"^" + _HELP_WORDS + r"\s*[:：]", "", help_part.strip()))
        if others:
            units["others"] = others
    # "……1500个（责任单位：……）。": the sentence's full stop, after the bracket, stays with the goal
    end = "。" if m.group("end") else ""
    return goal[: m.start()].rstrip() + end, units or None


def _unit_names(s: str) -> list[str]:
    return [x for x in re.split(r"[、,，;；\s" + CELL_BREAK + r"]+", s.strip()) if x]


# A layout of labelled blocks, one per task:
#   【任务3】加大保障性租赁住房供给 / 【目标】全年筹集……3000套 / 【牵头处室】住房保障处 /
#   【完成情况】…… / 【存在问题】……
# It is rewritten line for line (so line numbers stay) into the forms the parser reads: "3．title：goal",
# "牵头处室：……", and the problems as a paragraph of the progress ("无" is dropped).
_BRACKET_LINE = re.compile(r"^\s*【\s*([^】]{1,8}?)\s*】\s*(.*)$")
_BLOCK_NUMBER = re.compile(r"(?:任务|事项|工作)?\s*(\d{1,3})")
_BLOCK_GOAL = ("目标", "任务目标", "工作目标", "目标任务", "年度目标", "任务内容")
_BLOCK_PROBLEM = ("存在问题", "存在困难", "问题", "困难和问题", "存在的问题")


def _bracket_blocks(text: str) -> str:
    lines = text.split("\n")
    if sum(1 for ln in lines if (m := _BRACKET_LINE.match(ln)) and _BLOCK_NUMBER.fullmatch(m.group(1))) < 3:
        return text  # not this layout (a 【已完成】 tag opening a progress text is not a block)
    units = re.compile(_UNIT_WORDS + "|" + _HELP_WORDS)
    for i, ln in enumerate(lines):
        m = _BRACKET_LINE.match(ln)
        if not m:
            continue
        label, rest = m.group(1), m.group(2).strip()
        number = _BLOCK_NUMBER.fullmatch(label)
        if number:
            goal = _BRACKET_LINE.match(lines[i + 1]) if i + 1 < len(lines) else None
            if goal and goal.group(1) in _BLOCK_GOAL:
                rest = f"{rest}：{goal.group(2).strip()}" if rest else goal.group(2).strip()
                lines[i + 1] = ""
            lines[i] = f"{number.group(1)}．{rest}"
        elif label in _BLOCK_GOAL:
            lines[i] = rest
        elif units.fullmatch(label):
            lines[i] = f"{label}：{rest}"
        elif label in _BLOCK_PROBLEM:
            lines[i] = "" if rest.rstrip("。.") in ("", "无", "暂无", "没有") else f"{label}：{rest}"
    return "\n".join(lines)


def parse_notice(text: str, *, source: str = "") -> ImportResult:  # noqa: C901
    """Plain text of a circular -> the registry as plain data, and a report of what was read."""
    p = _Parser(_bracket_blocks(text), source)
    p.run()
    p.targets_from_bare_subs()
    meta_read: dict[str, str] = {}
    notes = p.notes

    # -- title, opening, issuer, dates
    name_field = p.meta.get("名称") or p.meta.get("标题") or ""
    pre = [ln for ln in p.preamble]
    title_ln = None
    if name_field:
        title_ln = next((ln for ln in pre if ln.s == name_field), None)
    if title_ln is None:
        candidates = [ln for ln in pre if len(ln.s) <= 100 and not fold(ln.s).rstrip().endswith(":")
                      and not _sentence_ended(ln.k)]
        # a masthead ("××县人民政府督查室", "督查通报", "第3期") may come first: the title is the line that
        # reads like one ("关于……的通报", "……情况通报"), else the first short line
        title_ln = max(candidates, key=_title_score, default=None)
    title = title_ln.s if title_ln else name_field
    masthead = pre[:pre.index(title_ln)] if title_ln is not None and _title_score(title_ln) else []
    for ln in masthead:
        p.unplaced.append(Unplaced(ln.no, ln.s, "版头（标题之前的发文机关、期号等）"))
    opening_lines = [ln for ln in pre if ln is not title_ln and ln.s != title and ln not in masthead]
    opening = "\n".join(ln.s for ln in opening_lines)
    if title:
        meta_read["title"] = title
    else:
        notes.append("没有找到通报标题，meta.title 暂写“（请填写通报标题）”。")

    issuer = p.meta.get("发布机构") or p.meta.get("发文机关") or p.signature.get("issuer", "") or p.meta.get("信息来源", "")
    if issuer:
        src = "发布机构" if p.meta.get("发布机构") else ("发文机关" if p.meta.get("发文机关") else
                                                    ("落款" if p.signature.get("issuer") else "信息来源"))
        meta_read["issuer"] = f"{issuer}（读自“{src}”）"
    published = None
    for key in ("发布日期", "成文日期"):
        if p.meta.get(key):
            published = _parse_date(fold(p.meta[key]))
            if published:
                meta_read["published"] = f"{published.isoformat()}（读自“{key}”）"
                break
    if published is None and p.signature.get("date"):
        published = p.signature["date"]
        meta_read["published"] = f"{published.isoformat()}（读自落款日期）"

    year, period, how = plan_period(title, opening, published)
    notes.extend(how["notes"])
    if year:
        meta_read["year"] = f"{year}（{how['year_from']}）"
    if period:
        as_of = default_as_of(period)
        meta_read["period"] = f"{period}（{period_label(period)}，截止 {as_of.isoformat() if as_of else '?'}；{how['period_from']}）"

    # -- ids: the circular's own numbers when they are unique, qualified by section when numbering restarts
    ids = _assign_ids(p.tasks, notes)

    # -- the registry document
    meta: dict[str, Any] = {"title": title or "（请填写通报标题）"}
    if issuer:
        meta["issuer"] = issuer
    if year:
        meta["year"] = year
    if period:
        meta["periods"] = [{"id": period, "as_of": default_as_of(period)}]
    if published:
        meta["published"] = published
    if opening:
        meta["opening"] = opening
    sections = []
    for s in p.sections:
        d: dict[str, Any] = {"no": s["no"], "title": s["title"] or title or "（请填写部分标题）"}
        if s["subs"]:
            d["subs"] = [{"no": u["no"], "title": u["title"] or "（请填写小节标题）"} for u in s["subs"]]
        sections.append(d)
    tasks = []
    no_progress = []
    for t, tid in zip(p.tasks, ids):
        d = {"id": tid, "section": t.section}
        if t.sub is not None and not t.target:
            d["sub"] = t.sub
        goal, inline_units = split_units("\n".join(x for x in t.goal if x))
        d["goal"] = goal or GOAL_MISSING
        units = t.units or inline_units
        if units:
            d["units"] = units
        if t.targets:
            d["targets"] = t.targets
        text_ = "\n".join(x for x in t.progress if x)
        if not text_:
            no_progress.append(tid)
        if period:
            d["progress"] = [{"period": period, "label": t.label or "进展情况", "text": text_}]
        tasks.append(d)
        if d["goal"] == GOAL_MISSING:
            notes.append(f"第 {t.line} 行：任务 {tid} 没有任务内容，已写“{GOAL_MISSING}”，请对照原文补上。")
    doc = {"meta": meta, "sections": sections, "tasks": tasks}
    if not p.sections:
        notes.append("没有识别到任何部分或任务：这份文件可能不是进展情况通报，或排版方式暂不支持。")
    return ImportResult(
        doc=doc,
        source=source,
        sections=len(p.sections),
        subsections=sum(len(s["subs"]) for s in p.sections),
        tasks=len(tasks),
        targets=sum(1 for t in p.tasks if t.target),
        no_progress=no_progress,
        unplaced=sorted(p.unplaced, key=lambda u: u.line),
        meta_read=meta_read,
        notes=notes,
    )


def _title_score(ln: _Line) -> int:
    """How much a line reads like a circular's title (0: not at all); ties go to the earlier line."""
    k = ln.k.replace(" ", "")
    score = ("关于" in k) + any(w in k for w in ("通报", "情况", "报告")) + (len(k) >= 12)
    return score if score >= 2 else 0


def _assign_ids(tasks: list[_Task], notes: list[str]) -> list[str]:
    def ident(t: _Task, level: int) -> str:
        if t.target:
            return f"{t.section}.{t.no}"
        if level == 0:
            return str(t.no)
        if level == 1:
            return f"{t.section}-{t.no}"
        return f"{t.section}-{t.sub or 0}-{t.no}"

    for level in range(3):
        ids = [ident(t, level) for t in tasks]
        if len(set(ids)) == len(ids):
            if level:
                notes.append("任务按部分（或小节）分别编号，编号有重复；已改用“部分-序号”"
                             + ("" if level == 1 else "（或“部分-小节-序号”）") + "作为任务编号，如 " + ids[-1] + "。")
            return ids
    notes.append("任务编号有重复，已照原样导入；请手工改成不重复的编号（audit check 会指出位置）。")
    return [ident(t, 2) for t in tasks]


# Plan year and period from the title. Fallbacks, in order, when the title does not say:
# the opening paragraph; then the publication date (year = the year it was published; period =
# the month before publication, or the whole year when published after the year ended).
_MONTH_RANGE_RE = re.compile(r"(?:1|一)\s*(?:月份?)?\s*[-—–~至到]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月")
_FIRST_MONTHS_RE = re.compile(r"前\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*个?月")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR_RE = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年")


def _period_words(k: str, year: int) -> str | None:
    m = _MONTH_RANGE_RE.search(k) or _FIRST_MONTHS_RE.search(k)
    if m:
        g = m[1]
        n = int(g) if g.isdigit() else cn_number(g)
        if n and 1 <= n <= 12:
            return str(year) if n == 12 else f"{year}-{n:02d}"
    for words, suffix in (
        (("前三季度", "第三季度", "三季度"), "-Q3"),
        (("第一季度", "一季度"), "-Q1"),
        (("上半年", "半年", "第二季度", "二季度"), "-H1"),
        (("第四季度", "四季度", "下半年", "全年", "年度", "年终", "年底", "年末"), ""),
    ):
        if any(w in k for w in words):
            return f"{year}{suffix}"
    return None


def _year_in(k: str) -> int | None:
    m = _YEAR_RE.search(k)
    if m:
        return int(m[1])
    m = _CN_YEAR_RE.search(k)
    if m:
        return _cn_year(m[1])
    return None


def plan_period(title: str, opening: str = "", published: date | None = None) -> tuple[int | None, str | None, dict]:
    """(plan year, period id, how each was found) from the title, the opening, then the date."""
    how: dict[str, Any] = {"notes": []}
    tk, ok = fold(title), fold(opening)
    year = _year_in(tk)
    how["year_from"] = "读自标题"
    if year is None:
        year = _year_in(ok)
        how["year_from"] = "标题中没有年份，读自开头一段"
        if year is None and published:
            year = published.year
            how["year_from"] = "标题和开头都没有年份，按发布日期的年份"
        if year is None:
            how["notes"].append("标题中没有计划年度，也没有发布日期可参考：请手工填写 meta.year 和 meta.periods。")
        else:
            how["notes"].append(f"{how['year_from']}，计划年度定为 {year} 年，请核对 meta.year。")
    if year is None:
        return None, None, how
    period = _period_words(tk, year)
    how["period_from"] = "读自标题"
    if period is None:
        period = _period_words(ok, year)
        how["period_from"] = "标题中没有报告期，读自开头一段"
        if period is None:
            if published and published.year == year and published.month > 1:
                period = f"{year}-{published.month - 1:02d}"
                how["period_from"] = "标题和开头都没有报告期，按发布日期的上一个月"
            else:
                period = str(year)
                how["period_from"] = "标题和开头都没有报告期，按全年"
        how["notes"].append(f"{how['period_from']}，定为 {period}（{period_label(period)}），请核对 meta.periods。")
    return year, period, how


# ----------------------------------------------------------------------------- writing


def header_for(result: ImportResult) -> str:
    title = result.doc.get("meta", {}).get("title", "")
    src = Path(result.source).name if result.source else "直接输入的文本"
    return (
        f"由 audit import-notice 从通报《{title}》（{src}）导入。\n"
        "任务内容（goal）和进展（progress.text）照抄原文。可以直接编辑本文件：补充 units、targets、\n"
        "人工认定的 status/note 等；再次导入会生成新文件，不加 --force 不会覆盖本文件。改完运行 audit check。"
    )


def registry_text(result: ImportResult, header: str | None = None) -> str:
    """The registry YAML for an import, validated; raises AuditError listing problems if invalid."""
    from audit.registry import load, save

    where = result.source or "这段文字"
    if not result.tasks:
        raise AuditError(f"没有从 {where} 中识别出任何任务，未写入。请确认这是一份进展情况通报"
                         "（有“一、”部分标题、“1.”编号任务和“进展情况：”），或把正文另存为 .txt 后再试。")
    text = save.to_yaml_text(result.doc, header_for(result) if header is None else header)
    checked = load.load_text(text, where)
    if not checked.ok:
        # listed in the message, not attached as located problems: their lines are in a file never written
        listed = "\n".join(f"  {p.field or '（整体）'}：{p.message}" for p in checked.problems)
        raise AuditError("导入结果不是有效的任务台账，未写入。需要处理的问题：\n" + listed
                         + "\n可在原文件标题中写明年度和报告期（如“2021年……上半年”）后重新导入。")
    return text


def write_registry(result: ImportResult, out_path: str | Path, force: bool = False, header: str | None = None) -> str:
    """Validate and write the imported registry atomically; an existing file needs `force`."""
    from audit.registry import save

    text = registry_text(result, header)
    save.write_new(out_path, text, force=force)
    return text
