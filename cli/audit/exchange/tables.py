"""Tables in a circular: which row is a header and what its columns hold, and what a row under it says.

A header needs a 序号 column, a task column and a progress column (the words in `columns.py`). A row
under it is a task: its goal (with the indicator's name or the project's scope when the table has
them), its progress (with what the extra columns add: "完成率：63.3%", "存在问题：……"), its units, its
leader and its 进度安排. A web table that lost a cell merged over several rows (a category written
once for a group of rows) is read by leaving that column out of the shorter rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from audit.exchange import columns
from audit.exchange.documents import CELL_BREAK
from audit.exchange.words import LABEL_RE, LABELS, fold, unit_names

# An indicator table names the indicator in one column and its target in another ("地区生产总值" | "增长6%左右"):
# the goal is the two together.
NAME_COLS = ("指标名称", "主要指标", "指标")
# A key-project table ("项目名称 | 建设内容 | 年度计划投资（万元） | 1-10月完成投资（万元） | 完成率 | 形象进度"):
# the project's scope follows its name in the goal; the year's planned investment is the task's one target
# (the scope is the whole project's, often several years'); what was invested so far goes with the progress.
SCOPE_COLS = ("建设内容", "主要建设内容", "建设规模及内容", "建设规模")
UNIT_HEAD_RE = re.compile(r"^(.+?)\(([^()]{1,6})\)$")
NUMBER_CELL_RE = re.compile(r"^\d+(?:\.\d+)?$")
# Columns that say more about the progress ("完成率" | "63.3%", "备注" | "因资金未到位暂缓"): kept, after the
# progress text, as "完成率：63.3%".
EXTRA_COLS = ("完成率", "完成比例", "完成进度", "序时进度", "进度", "存在问题", "备注", "是否达序", "说明", "完成情况", "目标完成情况",
              "评价", "进展评价", "督查评价")
EMPTY_CELLS = ("", "—", "——", "-", "--", "/", "无", "\\")


@dataclass
class Header:
    """The columns of a task table (indexes into a row's cells)."""

    id: int
    goal: int
    progress: int
    width: int
    label_word: str = "进展情况"
    lead: int | None = None
    others: int | None = None
    leader: int | None = None
    milestones: int | None = None
    category: int | None = None
    name: int | None = None
    scope: int | None = None
    plan: tuple[int, str, str] | None = None  # (column, head, unit) of the year's planned amount
    extra: list[tuple[str, int, str]] = field(default_factory=list)  # (head, column, unit), left to right


@dataclass
class Row:
    """What one row says."""

    id: str
    goal: str
    progress: list[str]
    label: str
    units: dict | None = None
    leader: str = ""
    milestones: str = ""
    targets: list[dict] | None = None


def _key(cell: str) -> str:
    return fold(cell).replace(" ", "").replace(CELL_BREAK, "")


def header(cells: list[str]) -> Header | None:
    keys = [_key(c) for c in cells]
    found = columns.roles(keys)
    progress = _progress_column(keys, found.get("progress", []))
    goals = [j for j in found.get("goal", []) if j != progress]
    if "id" not in found or progress is None or not goals:
        return None
    h = Header(found["id"][0], goals[-1] if len(goals) > 1 else goals[0], progress, len(cells))
    h.label_word = next((w for w in LABELS if w in keys[progress]), "进展情况")
    if len(goals) > 1:  # "主要任务 | 全年目标任务": the first is the group the task is in, the second the task
        h.category = goals[0]
    for role in ("lead", "others", "leader", "milestones"):
        if found.get(role):
            setattr(h, role, found[role][0])
    used = {h.id, h.goal, h.progress, h.lead, h.others, h.leader, h.milestones, h.category}
    h.name = _find(keys, NAME_COLS, used)
    h.scope = _find(keys, SCOPE_COLS, used | {h.name})
    used |= {h.name, h.scope}
    _amounts_and_extras(h, keys, used, found)
    return h


def _progress_column(keys: list[str], candidates: list[int]) -> int | None:
    """The progress column: the one headed by a progress word itself, else the latest period's
    ("1-10月推进情况 | 1-11月推进情况": the second)."""
    own = [j for j in candidates if any(keys[j].startswith(w) for w in LABELS) and not keys[j].startswith("完成情况")]
    if own:
        return own[0]
    return candidates[-1] if candidates else None


def _find(keys: list[str], names: tuple[str, ...], used: set) -> int | None:
    for name in names:
        for j, k in enumerate(keys):
            if j not in used and (k == name or (name in k and len(k) <= 12)):
                return j
    return None


def _amounts_and_extras(h: Header, keys: list[str], used: set, found: dict[str, list[int]]) -> None:
    """Columns of amounts whose unit is in the header ("年度计划投资（万元）"): the plan is the target, what is
    done ("1-10月完成投资（万元）") is progress, written "1-10月完成投资76200万元"; then the extra columns."""
    amounts = []
    for j, k in enumerate(keys):
        m = UNIT_HEAD_RE.match(k)
        if j in used or not m:
            continue
        if "计划" in m[1] and h.plan is None:
            h.plan = (j, m[1], m[2])
            used.add(j)
        elif "完成" in m[1]:
            amounts.append((m[1], j, m[2]))
            used.add(j)
    # another progress column is kept when it judges ("目标完成情况"), not when it is an earlier period's report
    judged = [j for j in found.get("progress", []) if not re.match(r"\d", keys[j])]
    extra = [(keys[j], j, "") for j, k in enumerate(keys)
             if j not in used and (any(k == w or (w in k and len(k) <= 8) for w in EXTRA_COLS)
                                   or j in found.get("aim", []) or j in judged)]
    h.extra = sorted(extra + amounts, key=lambda c: c[1])


def read(h: Header, cells: list[str]) -> Row | str:
    """A row under the header -> what it says, or why it is not a task (in Chinese)."""
    cells = _aligned(h, cells)

    def cell(j: int | None) -> str:
        return cells[j].strip() if j is not None and j < len(cells) else ""

    idk = fold(cell(h.id)).strip().rstrip(".、")
    if not idk.isdigit():
        return "表格行的“序号”不是数字"
    goal, targets = _goal(h, cells, cell)
    if not goal:
        return "表格行没有任务内容"
    label, prog = _progress(h, cell(h.progress))
    row = Row(idk, goal, [prog] if prog else [], label, targets=targets)
    for head, j, unit in h.extra:
        value = cell(j).replace(CELL_BREAK, " ").strip()
        if fold(value).replace(" ", "") in EMPTY_CELLS:
            continue
        if unit and NUMBER_CELL_RE.match(fold(value).replace(",", "")):
            row.progress.append(f"{head}{value}{unit}")
        else:
            row.progress.append(f"{head}：{value}")
    units = {}
    lead, others = unit_names(cell(h.lead)), unit_names(cell(h.others))
    if lead:
        units["lead"] = lead
    if others:
        units["others"] = others
    row.units = units or None
    row.leader = cell(h.leader).replace(CELL_BREAK, "、")
    row.milestones = cell(h.milestones).replace(CELL_BREAK, "\n")
    return row


def _aligned(h: Header, cells: list[str]) -> list[str]:
    """A web table's row that lost its category cell (merged over several rows, written once) is one
    cell short: the category column is left out of it."""
    if h.category is not None and len(cells) < h.width and len(cells) >= h.width - 2:
        return cells[:h.category] + [""] + cells[h.category:]
    return cells


def _goal(h: Header, cells: list[str], cell) -> tuple[str, list[dict] | None]:
    goal = cell(h.goal).replace(CELL_BREAK, "\n").strip()
    name = cell(h.name).replace(CELL_BREAK, "").strip()
    if name and goal and not goal.startswith(name):
        goal = name + goal
    scope = cell(h.scope).replace(CELL_BREAK, "").strip()
    if goal and scope and fold(scope).replace(" ", "") not in EMPTY_CELLS:
        goal = f"{goal}：{scope}"
    if h.plan is None or not goal:
        return goal, None
    j, head, unit = h.plan
    value = fold(cells[j]).replace(",", "").strip() if j < len(cells) else ""
    if not NUMBER_CELL_RE.match(value):
        return goal, None
    number = float(value)
    # what is counted is the investment itself: "年度计划投资" -> "投资", so reasons read "投资76200万元"
    metric = re.sub(r"^(?:\d{4}年)?(?:年度|全年|本年)?计划", "", head) or head
    target = {"metric": metric, "value": int(number) if number.is_integer() else number, "unit": unit,
              "cmp": ">=", "kind": "cumulative"}
    return f"{goal}\n{head}{value}{unit}", [target]


def _progress(h: Header, text: str) -> tuple[str, str]:
    """(label, text) of a progress cell; a cell that starts with its own label ("进展情况:……") keeps the
    text after it and that label."""
    text = text.replace(CELL_BREAK, "\n").strip()
    m = LABEL_RE.match(fold(text))
    if m:
        return m[1] or m[2], text[m.start(3):].strip()
    return h.label_word, text
