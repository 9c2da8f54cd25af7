"""Layouts rewritten, line for line, into the forms the circular parser reads.

Each rewrite keeps the number of lines, so every line number in the import report is the line of
the file the user gave:

- our own drafts: Markdown's marks and escapes go, a heading keeps "# " (as Word's and web pages'
  headings already do), and the assessment the draft writes after a progress text (【滞后：……】) is
  taken off again;
- labelled blocks, one per task (【任务3】【目标】【牵头处室】【完成情况】【存在问题】);
- web tables flattened to text: one row per line with `|` between cells, or one cell per line
  ending in `|`; both become rows with tabs between the cells, like a Word table's.
"""
from __future__ import annotations

import re

from audit.core.labels import STATUS_LABELS
from audit.exchange.documents import CELL_BREAK, CELL_SEP
from audit.exchange.words import HELP_WORDS, UNIT_WORDS, fold


def rewrite(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    markdown(lines)
    verdicts(lines)
    bracket_blocks(lines)
    pipe_rows(lines)
    pipe_cells(lines)
    return "\n".join(lines)


# ----------------------------------------------------------------------------- our drafts

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_STRONG = re.compile(r"^\*\*(.+)\*\*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
_MD_LIST = re.compile(r"^[-*+]\s+")


def markdown(lines: list[str]) -> None:
    """A Markdown draft: a "# " title, "## " parts, "**N.goal**", escaped marks, "<!-- signature -->"."""
    if not any(_MD_HEADING.match(ln) for ln in lines) or not any(ln.startswith("## ") for ln in lines):
        return
    for i, ln in enumerate(lines):
        if _MD_COMMENT.match(ln) or _MD_RULE.match(ln):
            lines[i] = ""
            continue
        m = _MD_HEADING.match(ln)
        head = m[1] + " " if m else ""
        body = m[2] if m else ln
        strong = _MD_STRONG.match(body.strip())
        if strong:
            body = strong[1]
        body = _MD_LIST.sub("", body) if not head else body
        if body.startswith("|") and body.rstrip().endswith("|"):
            body = CELL_SEP.join(c.strip() for c in body.strip().strip("|").split("|"))
        lines[i] = head + _MD_ESCAPE.sub(r"\1", body)


_VERDICT = re.compile(r"【(?:" + "|".join(map(re.escape, STATUS_LABELS.values())) + r")(?:[:：][^【】]*)?】\s*$")


def verdicts(lines: list[str]) -> None:
    """A draft (a document whose headings are marked) ends a task's progress with its assessment in
    【】: that is our reading, not the report, and goes."""
    if not any(ln.startswith("#") for ln in lines):
        return
    for i, ln in enumerate(lines):
        if _VERDICT.search(ln) and not ln.startswith("#"):
            lines[i] = _VERDICT.sub("", ln).rstrip()


# ----------------------------------------------------------------------------- labelled blocks

# 【任务3】加大保障性租赁住房供给 / 【目标】全年筹集……3000套 / 【牵头处室】住房保障处 / 【完成情况】…… /
# 【存在问题】…… become "3．title：goal", "牵头处室：……", and the problems as a paragraph of the progress
# ("无" is dropped).
_BRACKET_LINE = re.compile(r"^\s*【\s*([^】]{1,8}?)\s*】\s*(.*)$")
_BLOCK_NUMBER = re.compile(r"(?:任务|事项|工作)?\s*(\d{1,6})")
_BLOCK_GOAL = ("目标", "任务目标", "工作目标", "目标任务", "年度目标", "任务内容")
_BLOCK_PROBLEM = ("存在问题", "存在困难", "问题", "困难和问题", "存在的问题")
_UNIT_LABEL = re.compile(UNIT_WORDS + "|" + HELP_WORDS)


def bracket_blocks(lines: list[str]) -> None:
    if sum(1 for ln in lines if (m := _BRACKET_LINE.match(ln)) and _BLOCK_NUMBER.fullmatch(m.group(1))) < 3:
        return  # not this layout (a 【已完成】 tag opening a progress text is not a block)
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
        elif _UNIT_LABEL.fullmatch(label):
            lines[i] = f"{label}：{rest}"
        elif label in _BLOCK_PROBLEM:
            lines[i] = "" if rest.rstrip("。.") in ("", "无", "暂无", "没有") else f"{label}：{rest}"


# ----------------------------------------------------------------------------- web tables as text

_PIPE_ROW = re.compile(r"^[^|]*\|[^|]*\|")  # at least two bars


def pipe_rows(lines: list[str]) -> None:
    """"序号 | 工作事项 | 进展情况 |" lines (a web table flattened one row per line) -> tab rows. Needs a
    run: a bar in one line of prose is not a table."""
    rows = [i for i, ln in enumerate(lines) if _PIPE_ROW.match(ln) and len(_cells(ln)) >= 3]
    if len(rows) < 2:
        return
    last, at = None, 0
    for i, ln in enumerate(lines):
        if not (_PIPE_ROW.match(ln) and rows[0] <= i):
            continue
        cells = _cells(ln)
        if len(cells) == 1 and last is not None and fold(last[0]).strip().rstrip(".、").isdigit() and len(last) > 1:
            # "新增学位810个 | |||||": the second line of the task's cell above, put on a row of its own
            last[1] += CELL_BREAK + cells[0]
            lines[at] = CELL_SEP.join(last)
            lines[i] = ""
            continue
        last, at = cells, i
        lines[i] = CELL_SEP.join(cells)


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.strip().split("|")]
    if cells and not cells[0] and line.strip().startswith("|"):
        cells = cells[1:]
    while cells and not cells[-1]:
        cells.pop()
    return cells


_CELL_LINE = re.compile(r"^(.*?)\s*\|+\s*$")
_ID_CELL = re.compile(r"^\d{1,6}\s*[.、]?$")


def pipe_cells(lines: list[str]) -> None:
    """A web table flattened one cell per line ("序号 |", "主要任务 |", …, "24 |", "优化提升…… |"): the cells
    before the first number are the header, and each number starts a row. The row goes on the line of
    its first cell; the other lines of the run are left empty."""
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _CELL_LINE.match(lines[j]) and lines[j].count("|") <= 2 and CELL_SEP not in lines[j]:
            j += 1
        if j - i >= 6:
            _fold_run(lines, i, j)
        i = max(j, i + 1)


def _fold_run(lines: list[str], start: int, end: int) -> None:
    cells = [(n, _CELL_LINE.match(lines[n])[1].strip()) for n in range(start, end)]
    heads: list[int] = []
    last = None
    for k, (_, c) in enumerate(cells):
        m = _ID_CELL.match(fold(c))
        n = int(fold(c).rstrip(".、 ")) if m else None
        if n is not None and (last is None or n == last + 1):  # a count in a cell is not the next row's number
            heads.append(k)
            last = n
    if not heads or heads[0] < 3:
        return  # no header before the first row: not a table this reads
    bounds = [0] + heads + [len(cells)]
    for a, b in zip(bounds, bounds[1:]):
        row = [c for _, c in cells[a:b]]
        while row and not row[-1]:
            row.pop()
        for n, _ in cells[a:b]:
            lines[n] = ""
        if row:
            lines[cells[a][0]] = CELL_SEP.join(row)
