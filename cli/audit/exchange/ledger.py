"""The departments' 台账 round trip: rows to fill (xlsx/csv/json), reading filled files back into
validated rows with located rejections, and merging them into the round-trip registry document.

Pure core: no Typer, no Rich. openpyxl is imported only when a workbook is written or read.
"""
from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from audit.core.dates import due_words
from audit.core.decode import Unreadable, read_bytes
from audit.core.errors import AuditError
from audit.core.model import STATUS_LABELS, Actual, Registry, Target, Task, period_label
from audit.core.numerals import to_chinese
from audit.core.text import brief as _show
from audit.core.text import cells as display_cells
from audit.core.text import clean_text
from audit.exchange.grids import Grid, RawCell, csv_sheet, xlsx_sheets
from audit.judge.deadlines import schedule
from audit.registry.edit import Filled, LedgerRejected, Rejection, Where  # noqa: F401  (the rows a filled 台账 becomes)

SHEET = "台账"
HELP_SHEET = "填写说明"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    width: int  # Excel character units (a Chinese character is about 2)
    editable: bool = False
    aliases: tuple[str, ...] = ()
    note: str = ""  # one line for 填写说明 and docs/ledger.md


COLUMNS: tuple[Column, ...] = (
    Column("id", "编号", 8, aliases=("任务编号", "序号"), note="任务编号，与台账文件一致。不要修改（已锁定）。"),
    Column("section", "所属部分", 22, note="任务所在的部分（及小节）。"),
    Column("goal", "目标任务", 44, aliases=("任务",), note="目标任务原文。"),
    Column("lead", "牵头单位", 14, note="牵头单位。"),
    Column("others", "配合单位", 14, note="配合单位。"),
    Column("targets", "量化目标", 22, note="台账中的量化指标，按 ①②… 编号；填写实际完成数时按此顺序。"),
    Column("dates", "完成时限与节点", 22, note="台账中的完成时限和本期或下一个进度节点；到了时限或节点的，请在“本期进展”中写明是否完成。"),
    Column("prev_period", "上期报告期", 11, note="上一次报送的报告期。"),
    Column("prev_text", "上期进展", 44, note="上一次报送的进展原文，供对照；本期请写新的进展，不要照抄。"),
    Column("prev_status", "上期评估", 10, note="上一期的评估结论（已完成/序时推进/滞后/停滞/待评估）。"),
    Column("period", "报告期", 10, note="本表对应的报告期，不要修改。"),
    Column("text", "本期进展", 56, True, ("本期进展情况", "本期完成情况", "进展情况", "完成情况"),
           "【填写】截至本报告期末的进展情况。不填视为未报送。"),
    Column("actual", "实际完成数", 12, True, ("实际完成", "完成数", "实际完成值"),
           "【填写，可选】量化目标的实际完成数，只写数字，如 15；有多个量化目标时按顺序用分号隔开，如 15；620。"),
    Column("unit", "单位", 8, True, ("计量单位",),
           "【填写，可选】实际完成数的单位，如 家、亿元；不填则按量化目标的单位。"),
)
BY_KEY = {c.key: c for c in COLUMNS}
READ_KEYS = ("id", "text", "actual", "unit", "period")  # the columns an import uses; the rest is for reading

CMP_SIGNS = {">=": "≥", "<=": "≤", "~": "约", "=": "="}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


@dataclass
class Reading:
    file: str
    sheet: str = ""
    rows: list[Filled] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)  # ids whose 本期进展 was left empty (未填写)

    @property
    def ok(self) -> bool:
        return not self.rejected


# ----------------------------------------------------------------------------- export rows


def targets_text(targets: Iterable[Target]) -> str:
    out = []
    targets = list(targets)
    for i, t in enumerate(targets):
        mark = CIRCLED[i] if len(targets) > 1 and i < len(CIRCLED) else ""
        value = _num(t.value) + (f"-{_num(t.high)}" if t.high is not None else "")
        out.append(f"{mark}{t.metric} {CMP_SIGNS.get(t.comparator, t.comparator)}{value}{t.unit}")
    return "\n".join(out)


def _num(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e15 else str(x)


def dates_text(task: Task, year: int, period: Any) -> str:
    """完成时限：9月底前 / 下一节点：6月底前开工 — the deadline and the first milestone due on or after the
    period's as-of date (the one this report should speak of), from the registry or the goal."""
    plan = schedule(task, year)
    lines = []
    if plan.deadline is not None:
        lines.append(f"完成时限：{due_words(plan.deadline)}{plan.deadline.what}")
    as_of = period.as_of if period is not None else None
    ahead = sorted((m for m in plan.milestones if m.date and (as_of is None or m.date >= as_of)), key=lambda m: m.date)
    if ahead:
        lines.append(f"下一节点：{due_words(ahead[0])}{ahead[0].what}")
    return "\n".join(lines)


def lead_tasks(reg: Registry, unit: str | None, aliases: dict[str, str]) -> list[Task]:
    """The tasks a unit leads (all tasks without `unit`). Unknown units are an error with a hint."""
    if unit is None:
        return list(reg.tasks)
    canon = aliases.get(unit.strip(), unit.strip())
    tasks = [t for t in reg.tasks if canon in {aliases.get(u, u) for u in t.units.lead}]
    if not tasks:
        known = sorted({aliases.get(u, u) for t in reg.tasks for u in t.units.lead})
        near = difflib.get_close_matches(unit, known, n=3, cutoff=0.3)
        hint = f"是不是 {'、'.join(near)}？" if near else f"牵头单位有：{'、'.join(known) or '（台账未写责任单位）'}。"
        raise AuditError(f"没有由 “{unit}” 牵头的任务。{hint}单位名称须与台账一致，或在 meta.aliases 中声明别名。")
    return tasks


def export_rows(reg: Registry, period: str, tasks: list[Task], *, prev_status: dict[str, str] | None = None,
                targets: dict[str, tuple[Target, ...]] | None = None) -> list[dict]:
    """One dict per task, keyed by column key, values as the sheet shows them (text or "").

    `prev_status` (task id -> status code of the previous entry's period) and `targets` (task id ->
    targets, including ones read from the goal) come from the assessment; both are optional.
    """
    order = reg.period_ids
    out = []
    for t in tasks:
        sec = reg.section(t.section)
        section = f"{to_chinese(t.section)}、{sec.title}" if sec else str(t.section)
        if sec and t.sub is not None:
            sub = next((s for s in sec.subs if s.no == t.sub), None)
            if sub:
                section += f"\n（{to_chinese(sub.no)}）{sub.title}"
        prev = t.previous_entry(period, order)
        cur = t.entry(period)
        tg = (targets or {}).get(t.id) or t.targets
        code = (prev_status or {}).get(t.id) if prev else None
        out.append({
            "id": t.id,
            "section": section,
            "goal": t.goal,
            "lead": "、".join(t.units.lead),
            "others": "、".join(t.units.others),
            "targets": targets_text(tg),
            "dates": dates_text(t, reg.meta.year, reg.meta.period(period)),
            "prev_period": prev.period if prev else "",
            "prev_text": (prev.text or "（未报送）") if prev else "",
            "prev_status": STATUS_LABELS.get(code, "") if code else "",
            "period": period,
            "text": cur.text if cur else "",
            "actual": "；".join(_num(a.value) for a in cur.actuals) if cur else "",
            "unit": "；".join(a.unit for a in cur.actuals) if cur and len({a.unit for a in cur.actuals}) > 1
            else (cur.actuals[0].unit if cur and cur.actuals else ""),
        })
    return out


def to_csv(rows: list[dict]) -> bytes:
    """UTF-8 with BOM and CRLF: what Excel on Windows opens correctly by double-click."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([c.header for c in COLUMNS])
    for r in rows:
        w.writerow([r[c.key] for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_json(rows: list[dict], period: str, title: str) -> dict:
    return {
        "title": title,
        "period": period,
        "columns": [{"key": c.key, "header": c.header, "editable": c.editable} for c in COLUMNS],
        "rows": rows,
    }


def help_lines(period: str, title: str, unit: str | None) -> list[tuple[str, str]]:
    """The 填写说明 sheet: (heading, text) pairs."""
    label = period_label(period)
    lines = [
        ("", title or "重点任务进展台账"),
        ("报告期", f"{period}（{label}）" + (f"，{unit}牵头的任务" if unit else "")),
        ("怎么填", "只需填写黄色的三列：“本期进展”“实际完成数”“单位”。其他列为参考信息，已锁定，不能修改。"),
        ("本期进展", "写截至本报告期末的进展情况，可以写多行（单元格内换行按 Alt+Enter）。"
                  "请写本期的新进展，不要照抄“上期进展”——与上期相同或几乎相同的内容会被标为“进展未更新”。"),
        ("不填", "某项任务的“本期进展”留空，视为该项未报送（未填写），不会覆盖任何内容。"),
        ("实际完成数", "有“量化目标”的任务可填写实际完成数，只写数字，如 15。有多个量化目标（①②…）时，按顺序用分号隔开，"
                    "如 15；620。没有量化目标的任务请把数字写在“本期进展”里。"),
        ("单位", "实际完成数的单位，如 家、亿元；不填则按量化目标的单位。"),
        ("不要", "不要修改“编号”和“报告期”，不要增删列、合并单元格或使用公式（需要计算的请填计算结果）。"
               "可以调整列宽、行高。"),
        ("保存", "填好后直接保存为 .xlsx（Excel 工作簿）交回。如用 WPS 或另存为 CSV，也可以。"),
        ("导入", f"督查室用命令导入：audit import-progress 本文件.xlsx --period {period}。"
               "有问题的行会逐条列出（工作表、行、列和原因），全部改好后才会一次性导入。"),
    ]
    lines.append(("各列说明", ""))
    for c in COLUMNS:
        lines.append((c.header, c.note))
    return lines


def to_xlsx(rows: list[dict], period: str, title: str, unit: str | None = None) -> bytes:
    """The workbook a department fills: frozen header, wrapped text, id column locked, 填写说明 sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    head_fill = PatternFill("solid", fgColor="D9D9D9")
    edit_fill = PatternFill("solid", fgColor="FFF2CC")
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for j, c in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=j, value=c.header)
        cell.font = Font(bold=True)
        cell.fill = edit_fill if c.editable else head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
        ws.column_dimensions[get_column_letter(j)].width = c.width
    for i, r in enumerate(rows, start=2):
        lines = 1
        for j, c in enumerate(COLUMNS, start=1):
            value = r[c.key]
            if c.key == "actual" and value and _is_number(value):
                value = float(value) if "." in value else int(value)
            cell = ws.cell(row=i, column=j, value=value if value != "" else None)
            cell.alignment = wrap
            cell.border = border
            if c.key == "id":
                cell.number_format = "@"  # text, so 1.10 stays 1.10
            if c.editable:
                cell.fill = edit_fill
                cell.protection = Protection(locked=False)
            lines = max(lines, _lines(str(r[c.key]), c.width))
        ws.row_dimensions[i].height = min(409, 15 * lines + 3)
    # Editable cells below the data too, so a department can fix a row without unprotecting.
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(rows) + 1)}"
    # A guard against accidental edits, not security: no password, so the office can lift it.
    p = ws.protection
    p.sheet = True
    p.formatColumns = False
    p.formatRows = False
    p.autoFilter = False
    p.sort = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False

    hs = wb.create_sheet(HELP_SHEET)
    hs.column_dimensions["A"].width = 14
    hs.column_dimensions["B"].width = 90
    for i, (k, v) in enumerate(help_lines(period, title, unit), start=1):
        a = hs.cell(row=i, column=1, value=k or None)
        b = hs.cell(row=i, column=2, value=v or None)
        a.font = Font(bold=True)
        a.alignment = Alignment(vertical="top", wrap_text=True)
        b.alignment = Alignment(vertical="top", wrap_text=True)
        if i == 1:
            b.font = Font(bold=True, size=13)
        hs.row_dimensions[i].height = 15 * _lines(v, 90) + 3
    hs.protection.sheet = True
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _lines(text: str, width: int) -> int:
    """Rows of wrapped text in a column `width` wide (a CJK character takes two units)."""
    n = 0
    for part in (text or "").split("\n"):
        units = display_cells(part)
        n += max(1, -(-units // max(1, width - 1)))
    return n


def _is_number(s: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", s) is not None


# ----------------------------------------------------------------------------- reading filled files


def normalise_header(text: Any) -> str:
    """全角→半角, no spaces, no bracketed notes or markers: "本期进展（必填）" -> "本期进展"."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = re.sub(r"[(\[【].*?[)\]】]", "", s)
    s = re.sub(r"[\s*:：]+", "", s)
    return s


_HEADER_KEYS: dict[str, str] = {}
for _c in COLUMNS:
    for _name in (_c.header,) + _c.aliases:
        _HEADER_KEYS[normalise_header(_name)] = _c.key


def read_file(path: str | Path, reg: Registry, period: str, *,
              targets: dict[str, tuple[Target, ...]] | None = None, display: str | None = None) -> Reading:
    """A filled 台账 -> validated rows and every rejection, located. Never raises for the file's content."""
    path = Path(path)
    name = display or path.name
    try:
        sheet, grid = _grid(read_bytes(path, what="台账", name=name), path.suffix.lower(), name)
    except Unreadable as e:
        return _whole(name, getattr(e, "sheet", ""), e.reason)
    return validate(grid, reg, period, file=name, sheet=sheet, targets=targets)


class _NoLedgerSheet(Unreadable):
    def __init__(self, name: str, reason: str, sheet: str):
        super().__init__(name, reason)
        self.sheet = sheet


def _grid(raw: bytes, ext: str, name: str) -> tuple[str, Grid]:
    """The 台账 sheet of a .xlsx, or a CSV, as a grid. Raises Unreadable with the reason."""
    if ext in (".csv", ".txt"):
        sheet = csv_sheet(raw, name)
        return sheet.title, sheet.rows
    if ext in (".xlsx", ".xlsm") or (ext not in (".xls", ".et", ".ods") and raw[:4] == b"PK\x03\x04"):
        if raw[:4] != b"PK\x03\x04" and not raw.startswith(b"\xd0\xcf\x11\xe0"):
            raise Unreadable(name, "这不是 Excel 工作簿（.xlsx）文件，可能只是改了扩展名。请在 Excel 中打开后“另存为”Excel 工作簿再导入。")
        sheets = xlsx_sheets(raw, name, wanted=lambda title: normalise_header(title) == SHEET)
        ws = next((s for s in sheets if normalise_header(s.title) == SHEET), None)
        if ws is None:
            names = "、".join(f"“{s.title}”" for s in sheets)
            raise _NoLedgerSheet(name, f"找不到名为“{SHEET}”的工作表（现有工作表：{names}）。请使用督查室下发的台账，"
                                       "不要改工作表名称。", sheets[0].title if sheets else "")
        return ws.title, ws.rows
    if ext == ".xls" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise Unreadable(name, "这是旧版 Excel 97-2003（.xls）文件。请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入。")
    if ext == ".ods":
        raise Unreadable(name, "这是 .ods 表格。请“另存为”Excel 工作簿（.xlsx）或 CSV 后再导入。")
    raise Unreadable(name, f"不认识的文件类型（{ext or '无扩展名'}）。请导入 Excel 工作簿（.xlsx）或 CSV 文件。")


def _whole(file: str, sheet: str, message: str) -> Reading:
    return Reading(file, sheet, rejected=[Rejection(Where(file, sheet or "—"), message)])


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def validate(grid: Grid, reg: Registry, period: str, *, file: str, sheet: str,
             targets: dict[str, tuple[Target, ...]] | None = None) -> Reading:
    """Header by name (any order), then each row: id, period, text, figures. Everything located."""
    v = _Validation(Reading(file, sheet), reg, period, targets or {})
    at = v.header(grid)
    if at is None:
        return v.out
    for rno, cells in grid[at + 1:]:
        v.row(rno, cells)
    return v.out


class _Validation:
    """The checks of one filled 台账: the header once, then every row; each rejection located."""

    def __init__(self, out: Reading, reg: Registry, period: str, targets: dict[str, tuple[Target, ...]]):
        self.out, self.period, self.targets = out, period, targets
        self.known = {t.id: t for t in reg.tasks}
        self.seen: dict[str, int] = {}
        self.cols: dict[str, int] = {}

    def reject(self, row: int, cell: RawCell | None, key: str | None, message: str) -> None:
        col = cell.column if cell else ""
        header = BY_KEY[key].header if key else ""
        self.out.rejected.append(Rejection(Where(self.out.file, self.out.sheet, row, col, header), message))

    def header(self, grid: Grid) -> int | None:
        """The index of the header row (one of the first 20), its columns in `cols`; None if refused."""
        for idx, (rno, cells) in enumerate(grid[:20]):
            found = {j: _HEADER_KEYS.get(normalise_header(c.value)) for j, c in enumerate(cells) if not _empty(c.value)}
            if "id" not in found.values():
                continue
            for j, key in found.items():
                if key in self.cols:
                    self.reject(rno, cells[j], key, f"表头“{BY_KEY[key].header}”出现了两次（{cells[self.cols[key]].column} 列和 "
                                f"{cells[j].column} 列）。请删除多余的一列。")
                elif key is not None:
                    self.cols[key] = j
            if "text" not in self.cols:
                self.reject(rno, None, None, "找不到“本期进展”列。请使用督查室下发的台账，不要删改表头。")
            for j in self.cols.values():
                if cells[j].merged:
                    self.reject(rno, cells[j], None, "表头是合并单元格。请取消合并，每列一个表头。")
            return None if self.out.rejected else idx
        first = grid[0][0] if grid else 1
        self.reject(first, None, None, "找不到“编号”列。表头（第一行）应有“编号”“本期进展”等列，请使用督查室下发的台账，不要删改表头。")
        return None

    def row(self, rno: int, cells: list[RawCell]) -> None:
        used = {k: cells[j] for k in READ_KEYS if (j := self.cols.get(k)) is not None and j < len(cells)}
        if all(_empty(c.value) and not c.merged for c in used.values()) or not self.cells_ok(rno, used):
            return
        idc = used.get("id")
        tid = _id_text(idc.value) if idc else ""
        text = _text(used["text"].value) if "text" in used else ""
        has_figures = "actual" in used and not _empty(used["actual"].value)
        if not tid:
            if text or has_figures:
                self.reject(rno, idc, "id", "缺少编号。请不要删改“编号”列；新增任务须先在台账文件中登记。")
            return
        task = self.task(rno, idc, tid)
        if task is None:
            return
        if not text:
            if has_figures:
                self.reject(rno, used["actual"], "actual", "填了实际完成数，但“本期进展”是空的。请补写进展情况。")
            else:
                self.out.blank.append(task.id)
            return
        pc = used.get("period")
        if pc is not None and not _empty(pc.value) and _id_text(pc.value) != self.period:
            self.reject(rno, pc, "period", f"这一行的报告期是 “{_id_text(pc.value)}”，与要导入的报告期 {self.period} 不一致。"
                        "请确认文件是本期的台账，或用 --period 指定正确的报告期。")
            return
        tg = self.targets.get(task.id) or task.targets
        actuals, problem = parse_figures(used.get("actual") and used["actual"].value,
                                         used.get("unit") and used["unit"].value, tg)
        if problem:
            self.reject(rno, used.get("actual"), "actual", problem)
            return
        self.out.rows.append(Filled(task.id, text, actuals, Where(self.out.file, self.out.sheet, rno)))

    def cells_ok(self, rno: int, used: dict[str, RawCell]) -> bool:
        ok = True
        for key, c in used.items():
            if c.merged:
                self.reject(rno, c, key, "这是合并单元格。请取消合并（每项任务单独一行）后再导入。")
                ok = False
            elif c.formula:
                self.reject(rno, c, key, f"单元格是公式（{_show(c.value)}）。请改为直接填写数值或文字"
                            "（可复制后“选择性粘贴→数值”）。")
                ok = False
        return ok

    def task(self, rno: int, idc: RawCell | None, tid: str) -> Task | None:
        """The registry's task for this row's id, once; None (with the row rejected) otherwise."""
        task = self.known.get(tid)
        if task is None and idc is not None and isinstance(idc.value, float):
            task = self.known.get(f"{idc.value}")
        if task is None:
            near = difflib.get_close_matches(tid, list(self.known), n=3, cutoff=0.6)
            hint = f"是不是 {'、'.join(near)}？" if near else "请不要修改“编号”列。"
            if idc is not None and isinstance(idc.value, (int, float)):
                hint += "（该单元格是数字格式，Excel 可能改写了编号，如 1.10 变成 1.1。）"
            self.reject(rno, idc, "id", f"台账中没有编号为 “{tid}” 的任务。{hint}")
            return None
        if task.id in self.seen:
            self.reject(rno, idc, "id", f"编号 “{task.id}” 与第 {self.seen[task.id]} 行重复。每项任务只能有一行。")
            return None
        self.seen[task.id] = rno
        return task


def _id_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return unicodedata.normalize("NFKC", str(v)).strip()


_text = clean_text

_NUM = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(\S*)$")


def parse_figures(actual: Any, unit: Any, targets: tuple[Target, ...]) -> tuple[tuple[Actual, ...], str]:
    """实际完成数/单位 cells -> actuals for the task's targets, in order; or a reason (Chinese)."""
    if _empty(actual):
        return (), ""
    if isinstance(actual, bool):
        return (), f"实际完成数应为数字，实际为 “{actual}”。"
    if isinstance(actual, (int, float)):
        pieces = [(float(actual), "")]
    else:
        s = unicodedata.normalize("NFKC", str(actual)).strip()
        s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)
        pieces = []
        for part in re.split(r"\s*[;；、]\s*|\n", s):
            if not part.strip():
                continue
            m = _NUM.match(part.strip())
            if not m:
                return (), (f"实际完成数 “{part.strip()}” 不是数字。只写数字，如 15；"
                            "有多个量化目标时用分号隔开，如 15；620。文字说明请写在“本期进展”里。")
            pieces.append((float(m[1]), m[2]))
    if not targets:
        return (), "这项任务没有量化目标，实际完成数无法对应。请把数字写进“本期进展”，或清空这一格。"
    if len(pieces) > len(targets):
        return (), f"填了 {len(pieces)} 个实际完成数，但这项任务只有 {len(targets)} 个量化目标。请按“量化目标”的顺序填写。"
    units: list[str] = []
    if not _empty(unit):
        units = [u for u in re.split(r"\s*[;；、]\s*", unicodedata.normalize("NFKC", str(unit)).strip()) if u]
        if len(units) not in (1, len(pieces)):
            return (), f"“单位”填了 {len(units)} 个，实际完成数有 {len(pieces)} 个。请填一个单位，或每个数一个单位。"
    out = []
    for i, (value, inline) in enumerate(pieces):
        t = targets[i]
        u = inline or (units[i] if len(units) == len(pieces) else (units[0] if units else "")) or t.unit
        out.append(Actual(t.metric, int(value) if value.is_integer() else value, u))
    return tuple(out), ""
