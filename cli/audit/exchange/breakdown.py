"""Importing the year's 分解方案 (task breakdown) into a new registry: .xlsx, .csv, .docx tables, plain text.

A 分解方案 is a table — 序号, 重点任务, 牵头市领导, 牵头单位, 配合单位, 完成时限, 进度安排 in some order and
spelling — under a title row, cut into parts by rows such as "一、扩大有效投资" merged across the table
(or by a column naming the part, or one sheet a part), with a leader's or a unit's cell merged over
the rows of its tasks. Each task keeps its id, goal, leader, units, deadline and schedule as written.

- `read_breakdown(path)` reads the file into `Block`s of rows (a sheet, a Word document, a text);
- `parse_breakdown(blocks, …)` finds each block's header by the meaning of its words (`columns.py`),
  reads the rows under it and returns a `Breakdown`: the registry as plain data and a report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from audit.core.decode import Unreadable, decode, open_package, read_bytes, refuse_empty
from audit.core.errors import AuditError
from audit.core.model import default_as_of, given_period, period_label
from audit.core.text import clean_text
from audit.exchange import columns
from audit.exchange.documents import CELL_BREAK, docx_blocks
from audit.exchange.grids import csv_sheet, xlsx_sheets
from audit.exchange.notice import checked_yaml
from audit.exchange.words import SECTION_RE, SUB_RE, TASK_RE, cn_number, fold, unit_names
from audit.registry import load, save

ROLE_NAMES = {"id": "编号", "goal": "任务内容", "leader": "牵头领导", "lead": "牵头单位", "others": "配合单位",
              "deadline": "完成时限", "milestones": "进度安排", "category": "所属部分"}
# a schedule in steps ("①3月底前完成立项；②6月底前开工", "1.……2.……"): milestones, not one deadline
_STEPS = re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩]|(?:^|\n|[;；。])\s*\d{1,2}\s*[.、．](?!\d)")
_NOTE_ROW = re.compile(r"^(?:注|备注|说明|填表说明|附注)\s*[:：0-9１-９]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_FIELD = re.compile(r"([^：:；;（）()，,。]{2,10})[：:]\s*([^；;（）()]*)")


@dataclass
class Row:
    where: str  # "工作表“重点任务”第 5 行", "第 2 个表格第 5 行", "第 5 行"
    cells: list[Any]
    paragraph: bool = False  # a paragraph of a Word document, outside its tables


@dataclass
class Block:
    name: str  # "工作表“重点任务”", "Word 文档", "文本"
    rows: list[Row] = field(default_factory=list)
    text: bool = False  # plain text: numbered lines may stand for a table
    hidden: bool = False  # a hidden sheet: not read


def read_breakdown(path: str | Path) -> list[Block]:
    """The file's sheets, document or text as blocks of rows. Raises AuditError when it cannot be read."""
    path = Path(path)
    name = str(path)
    raw = read_bytes(path, what="分解方案文件")
    refuse_empty(raw, name, "分解方案文件")
    ext = path.suffix.lower()
    if raw[:4] == b"PK\x03\x04":
        if ext == ".docx" or (ext not in (".xlsx", ".xlsm") and _is_word(raw)):
            return [_docx_block(raw, name)]
        return _xlsx_blocks(raw, name)
    if ext in (".xlsx", ".xlsm", ".docx"):
        raise Unreadable(name, f"文件已损坏，或并不是 {ext} 文件（可能只是改了扩展名）。请用 Excel 或 Word 打开后重新保存再导入。")
    if ext in (".xls", ".doc", ".et", ".wps") or raw[:4] == b"\xd0\xcf\x11\xe0":
        raise Unreadable(name, "这是旧版 Excel（.xls）或 Word（.doc）文件，无法直接读取。请“另存为” .xlsx 或 .docx 后再导入。")
    if ext == ".csv":
        sheet = csv_sheet(raw, name)
        return [Block("表格", [Row(f"第 {r} 行", [c.value for c in cells]) for r, cells in sheet.rows])]
    return [_text_block(decode(raw, name, what="分解方案（.xlsx、.docx、.csv 或 .txt）"))]


def _is_word(raw: bytes) -> bool:
    try:
        open_package(raw, "", "docx")
    except Unreadable:
        return False
    return True


def _xlsx_blocks(raw: bytes, name: str) -> list[Block]:
    out = []
    for sheet in xlsx_sheets(raw, name, fill_merged=True):
        label = f"工作表“{sheet.title}”"
        if sheet.hidden:
            out.append(Block(label, hidden=True))
            continue
        out.append(Block(label, [Row(f"{label}第 {r} 行", [c.value for c in cells]) for r, cells in sheet.rows]))
    return out


def _docx_block(raw: bytes, name: str) -> Block:
    block, tables = Block("Word 文档"), 0
    for b in docx_blocks(raw, name):
        if b.table:
            tables += 1
            block.rows.extend(Row(f"第 {tables} 个表格第 {i} 行", list(cells)) for i, cells in enumerate(b.rows, start=1))
        elif b.text.strip():
            block.rows.append(Row(f"表格之外的段落“{b.text.strip()[:12]}”", [b.text.strip()], paragraph=True))
    return block


def _text_block(text: str) -> Block:
    block = Block("文本", text=True)
    for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        if "\t" in line:
            cells = line.split("\t")
        elif line.count("|") >= 2:
            cells = [c.strip() for c in line.strip("|").split("|")]
        else:
            cells = [line]
        block.rows.append(Row(f"第 {i} 行", cells))
    return block


# ----------------------------------------------------------------------------- reading the rows


@dataclass
class Skipped:
    where: str
    text: str
    reason: str


@dataclass
class Breakdown:
    doc: dict
    source: str = ""
    header: list[str] = field(default_factory=list)  # "工作表“…”第 3 行：序号→编号（第 1 列）、……"
    unread_blocks: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def tasks(self) -> list[dict]:
        return self.doc["tasks"]

    def report_lines(self) -> list[str]:
        secs = self.doc["sections"]
        out = [f"导入分解方案：{self.source or '（未命名）'}"]
        out.extend(f"  表头 {h}" for h in self.header)
        out.extend(f"  未读取：{b}" for b in self.unread_blocks)
        out.append(f"识别到 {len(secs)} 个部分、{sum(len(s.get('subs', [])) for s in secs)} 个小节、{len(self.tasks)} 项任务"
                   f"（计划年度 {self.doc['meta']['year']}，第一个报告期 {self.doc['meta']['periods'][0]['id']}）。")
        for label, key in (("有牵头领导", "leader"), ("有牵头单位", "units"), ("有完成时限", "deadline"), ("有进度安排", "milestones")):
            n = sum(1 for t in self.tasks if key in t)
            if n:
                out.append(f"  {label}的任务 {n} 项")
        if self.skipped:
            out.append(f"没有作为任务导入的行 {len(self.skipped)} 处：")
            out.extend(f"  {s.where}：“{s.text[:40]}”（{s.reason}）" for s in self.skipped)
        out.extend(f"注意：{n}" for n in self.notes)
        return out


@dataclass
class _Task:
    id: str
    goal: str
    section: int
    sub: int | None
    where: str
    leader: str = ""
    lead: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    deadline: Any = None
    milestones: str = ""


class _Reader:
    """One pass over the blocks: headers, parts, tasks, the rows set aside."""

    def __init__(self, aliases: dict[str, str]):
        self.aliases = aliases
        self.titles: list[str] = []
        self.sections: list[dict] = []
        self.tasks: list[_Task] = []
        self.skipped: list[Skipped] = []
        self.header_lines: list[str] = []
        self.unread_blocks: list[str] = []
        self.notes: list[str] = []
        self.categories: dict[str, int] = {}

    def block(self, b: Block, several: bool) -> None:
        if b.hidden:
            self.unread_blocks.append(f"{b.name}（隐藏的工作表）")
            return
        cols: dict[str, int] | None = None
        before = len(self.tasks)
        sections_before = len(self.sections)
        for i, row in enumerate(b.rows):
            cells = [_text(c) for c in row.cells]
            if not any(cells):
                continue
            if cols is None:
                cols = self.find_header(b, i, cells)
                continue
            if self.is_header_again(cols, cells):
                continue
            self.row(row, cells, cols)
        if cols is None:
            if b.text and self.numbered_text(b):
                return
            self.unread_blocks.append(f"{b.name}（没有找到“序号、重点任务、牵头单位……”这样的表头）")
        elif several and len(self.sections) == sections_before and len(self.tasks) > before:
            # one sheet a part: the sheet's name is the part's title
            self.sections.append({"no": len(self.sections) + 1, "title": b.name.strip("工作表“”"), "subs": []})
            for t in self.tasks[before:]:
                t.section = self.sections[-1]["no"]

    def find_header(self, b: Block, i: int, cells: list[str]) -> dict[str, int] | None:
        if not columns.looks_like_header(cells):
            values = {c for c in cells if c}
            if len(values) == 1:
                self.titles.append(values.pop())
            return None
        found = columns.roles(cells)
        nxt = [_text(c) for c in b.rows[i + 1].cells] if i + 1 < len(b.rows) else []
        if nxt and columns.roles(nxt) and not any(_is_task_id(x) for x in nxt[:1]):
            # a header in two rows ("责任单位" over "牵头单位 | 配合单位"): the lower row names the columns
            lower = columns.roles(nxt)
            found = {**found, **lower}
            b.rows[i + 1].cells = [""] * len(nxt)
        cols = {role: js[0] for role, js in found.items()}
        shown = "、".join(f"{cells[j] or nxt[j]}→{ROLE_NAMES.get(r, r)}（第 {j + 1} 列）" for r, j in cols.items() if r in ROLE_NAMES)
        self.header_lines.append(f"{b.rows[i].where}：{shown}")
        return cols

    def is_header_again(self, cols: dict[str, int], cells: list[str]) -> bool:
        return columns.looks_like_header(cells) and columns.roles(cells).keys() == cols.keys()

    def row(self, row: Row, cells: list[str], cols: dict[str, int]) -> None:
        values = [c for c in cells if c]
        if len(set(values)) == 1 and self.part_row(row, values[0], cols, cells):
            return
        goal = _cell(cells, cols.get("goal"))
        if not goal:
            self.skipped.append(Skipped(row.where, " ".join(values), "没有任务内容"))
            return
        self.task(row, cells, cols, goal)

    def part_row(self, row: Row, value: str, cols: dict[str, int], cells: list[str]) -> bool:
        """A row that says one thing across the table: a part, a subsection, or a note under the table."""
        if self.heading(value):
            return True
        if _NOTE_ROW.match(fold(value)) or row.paragraph:
            self.skipped.append(Skipped(row.where, value, "表格下方的说明文字" if not row.paragraph else "表格之外的文字"))
            return True
        # one value merged over the row's cells, or alone outside the task column: a part without a number
        merged = sum(1 for c in cells if c) > 1
        alone = not _cell(cells, cols.get("goal"))
        if (merged or alone) and len(value) <= 30 and not value.endswith(("。", ".", "；", ";")):
            self.sections.append({"no": len(self.sections) + 1, "title": value, "subs": []})
            return True
        return False

    def heading(self, value: str) -> bool:
        """"一、扩大有效投资" opens a part, "（一）重大项目" a subsection of it."""
        k = fold(value)
        m, sub = SECTION_RE.match(k), SUB_RE.match(k)
        if m and cn_number(m[1]):
            self.sections.append({"no": len(self.sections) + 1, "title": value[m.start(2):].strip(), "subs": []})
            return True
        if sub and cn_number(sub[1]) and self.sections:
            subs = self.sections[-1]["subs"]
            subs.append({"no": len(subs) + 1, "title": value[sub.start(2):].strip()})
            return True
        return False

    def task(self, row: Row, cells: list[str], cols: dict[str, int], goal: str) -> None:
        section = self.section_for(_cell(cells, cols.get("category")))
        sub = self.sections[-1]["subs"][-1]["no"] if self.sections and self.sections[-1]["subs"] else None
        t = _Task(_id(row.cells, cols.get("id")), goal, section, sub, row.where)
        t.leader = _cell(cells, cols.get("leader")).replace("\n", "、")
        t.lead = self.units(_cell(cells, cols.get("lead")))
        t.others = [u for u in self.units(_cell(cells, cols.get("others"))) if u not in t.lead]
        _schedule(t, row.cells, cols)
        self.tasks.append(t)

    def section_for(self, category: str) -> int:
        if category:  # the part as a column: each name in its order of first appearance
            if category not in self.categories:
                self.sections.append({"no": len(self.sections) + 1, "title": category, "subs": []})
                self.categories[category] = self.sections[-1]["no"]
            return self.categories[category]
        if not self.sections:
            self.sections.append({"no": 1, "title": "", "subs": []})
        return self.sections[-1]["no"]

    def units(self, text: str) -> list[str]:
        out: list[str] = []
        for name in unit_names(text.replace("\n", "、")):
            name = self.aliases.get(name, name)
            if name not in out:
                out.append(name)
        return out

    def numbered_text(self, b: Block) -> bool:
        """A 分解方案 typed as text: "一、……" parts, "1.……" tasks, their fields as "牵头单位：……" in brackets
        after the task or on lines of their own."""
        for row in b.rows:
            line = "\t".join(row.cells)
            m = TASK_RE.match(fold(line))
            if m:
                self.text_task(row, line, m)
            elif self.tasks and self.text_fields(self.tasks[-1], line):
                continue
            elif self.heading(line):
                continue
            elif not self.tasks and not self.sections:
                self.titles.append(line)
            else:
                self.skipped.append(Skipped(row.where, line, "任务之外的文字"))
        return bool(self.tasks)

    def text_task(self, row: Row, line: str, m: re.Match) -> None:
        body = line[m.start(2):].strip()
        bracket = re.search(r"[(（]([^()（）]*[：:][^()（）]*)[)）]\s*[。.]?$", body)
        t = _Task(m[1], body[:bracket.start()].strip() if bracket else body, self.section_for(""), None, row.where)
        if self.sections[-1]["subs"]:
            t.sub = self.sections[-1]["subs"][-1]["no"]
        self.tasks.append(t)
        if bracket:
            self.text_fields(t, bracket[1])

    def text_fields(self, t: _Task, text: str) -> bool:
        """"牵头市领导：张三；牵头单位：市发改委" -> the task's fields; a line of its own with one label keeps all
        of its text ("完成时限：①6月底前……；②12月底前……"). False when the text has no field."""
        pairs = [(label, value) for label, value in _FIELD.findall(text) if columns.role(label)]
        whole = _FIELD.match(text)
        if len(pairs) == 1 and whole and columns.role(whole[1]):
            pairs = [(whole[1], text[whole.start(2):])]
        found = False
        for label, value in pairs:
            role = columns.role(label)
            value = value.strip()
            if role == "leader":
                t.leader = value
            elif role in ("lead", "others"):
                setattr(t, role, self.units(value))
            elif role in ("deadline", "milestones"):
                _set_schedule(t, role, value)
            else:
                continue
            found = True
        return found


def _text(v: Any) -> str:
    if isinstance(v, (datetime, date)):
        return v.strftime("%Y-%m-%d")
    return clean_text(v).replace(CELL_BREAK, "\n")


def _cell(cells: list[str], j: int | None) -> str:
    return cells[j].strip() if j is not None and j < len(cells) else ""


def _id(raw: list[Any], j: int | None) -> str:
    v = raw[j] if j is not None and j < len(raw) else None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return fold(_text(v)).strip().rstrip(".、")


def _is_task_id(s: str) -> bool:
    return bool(re.fullmatch(r"\d{1,4}(?:\.\d{1,3})?", fold(s).strip().rstrip(".、")))


def _schedule(t: _Task, raw: list[Any], cols: dict[str, int]) -> None:
    both = "deadline" in cols and "milestones" in cols
    for role in ("deadline", "milestones"):
        j = cols.get(role)
        v = raw[j] if j is not None and j < len(raw) else None
        if isinstance(v, datetime):
            v = v.date()
        if isinstance(v, date):
            t.deadline = v
        elif _text(v):
            _set_schedule(t, role, _text(v), both)


def _set_schedule(t: _Task, role: str, text: str, both: bool = False) -> None:
    """Steps ("①3月底前完成立项；②6月底前开工") are the milestones and one phrase ("2022年10月底前") the deadline,
    whatever the column is called; when the table has both a 完成时限 and a 进度安排, each keeps its column."""
    steps = len(_STEPS.findall(text)) >= 2
    if (steps or (both and role == "milestones")) and not t.milestones:
        t.milestones = text
    elif t.deadline is None:
        t.deadline = text


# ----------------------------------------------------------------------------- the registry


def parse_breakdown(blocks: list[Block], *, source: str = "", year: int | None = None, period: str | None = None,
                    aliases: dict[str, list[str]] | None = None) -> Breakdown:
    """Blocks of a 分解方案 -> the registry as plain data, and a report. Raises AuditError when no task is found
    or the plan year cannot be told. `aliases` (a unit's name -> its other spellings) name each unit one way."""
    r = _Reader({alias: name for name, names in (aliases or {}).items() for alias in names})
    for b in blocks:
        r.block(b, several=len(blocks) > 1)
    if not r.tasks:
        raise AuditError(f"没有在 {source or '这个文件'} 中找到任务：" + "；".join(r.unread_blocks or ["表头下没有任务行"])
                         + "。分解方案应是一张表格，表头有“序号”“重点任务”“牵头单位”等列。")
    title = next((t for t in r.titles if _YEAR.search(fold(t)) or "方案" in t or "任务" in t), r.titles[0] if r.titles else "")
    year = year or _year(title, source)
    if not year:
        raise AuditError(f"没有从标题或文件名中读出计划年度。请用 --year 指定，如 --year {date.today().year}。")
    try:
        period = given_period(period or f"{year}-Q1", year)
    except ValueError as e:
        raise AuditError(str(e)) from None
    ids = _ids(r.tasks, r.notes)
    tasks = [_task_dict(t, tid) for t, tid in zip(r.tasks, ids)]
    sections = [{"no": s["no"], "title": s["title"] or title or "重点任务",
                 **({"subs": [{"no": u["no"], "title": u["title"]} for u in s["subs"]]} if s["subs"] else {})}
                for s in r.sections]
    meta: dict[str, Any] = {"title": title or Path(source).stem or "重点任务", "year": year,
                            "periods": [{"id": period, "as_of": default_as_of(period)}]}
    if aliases:
        meta["aliases"] = {name: list(names) for name, names in aliases.items()}
    r.notes.append(f"meta.title 暂用分解方案的标题；发第一期通报前，请改为通报的标题。报告期 {period}（{period_label(period)}）"
                   "之后的各期用 audit period add 声明。")
    return Breakdown({"meta": meta, "sections": sections, "tasks": tasks}, source, r.header_lines,
                     r.unread_blocks, r.skipped, r.notes)


def _year(title: str, source: str) -> int | None:
    for text in (title, Path(source).name):
        m = _YEAR.search(fold(text)) or re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", fold(text))
        if m:
            return int(m[1])
    return None


def _ids(tasks: list[_Task], notes: list[str]) -> list[str]:
    """Ids as written; a task without one gets its place in its part; numbering that restarts in each
    part is qualified by the part ("2-3")."""
    counts: dict[int, int] = {}
    raw = []
    for t in tasks:
        counts[t.section] = counts.get(t.section, 0) + 1
        raw.append(t.id or f"{t.section}-{counts[t.section]}")
    missing = [t.where for t in tasks if not t.id]
    if missing:
        notes.append(f"{len(missing)} 项任务没有序号，已按所在部分编为“部分-序号”（如 {raw[[t.id for t in tasks].index('')]}）。")
    if len(set(raw)) == len(raw):
        return raw
    qualified = [x if "-" in x else f"{t.section}-{x}" for t, x in zip(tasks, raw)]
    if len(set(qualified)) == len(qualified):
        notes.append("序号在各部分分别从 1 开始，已改用“部分-序号”作为任务编号，如 " + qualified[-1] + "。")
        return qualified
    notes.append("有重复的序号，已照原样导入；请改成不重复的编号（audit check 会指出位置）。")
    return raw


def _task_dict(t: _Task, tid: str) -> dict:
    d: dict[str, Any] = {"id": tid, "section": t.section}
    if t.sub is not None:
        d["sub"] = t.sub
    d["goal"] = t.goal
    if t.leader:
        d["leader"] = t.leader
    if t.lead or t.others:
        d["units"] = {k: v for k, v in (("lead", t.lead), ("others", t.others)) if v}
    if t.deadline is not None and t.deadline != "":
        d["deadline"] = t.deadline
    if t.milestones:
        d["milestones"] = t.milestones
    return d


def header_for(result: Breakdown) -> str:
    src = Path(result.source).name if result.source else "分解方案"
    return (f"由 audit import-tasks 从分解方案（{src}）导入：任务内容、牵头领导、责任单位、完成时限和进度安排照抄原表。\n"
            "每到报告期，用 audit period add 声明报告期，再导入各单位的进展（audit export / import-progress）。改完运行 audit check。")


def registry_text(result: Breakdown) -> str:
    """The registry YAML, checked as `audit check` would; raises AuditError listing problems if invalid."""
    return checked_yaml(result.doc, header_for(result), result.source or "分解方案", notes=result.notes)


def write_registry(result: Breakdown, out_path: str | Path, force: bool = False) -> str:
    text = registry_text(result)
    save.write_new(out_path, text, force=force)
    return text


def aliases_of(path: str | Path) -> dict[str, list[str]]:
    """Unit aliases (a unit's name -> its other spellings) declared in an existing registry, if it can be read."""
    p = Path(path)
    if not p.is_file():
        return {}
    res = load.load(p)
    if res.registry is None:
        return {}
    return {name: list(names) for name, names in res.registry.meta.aliases}
