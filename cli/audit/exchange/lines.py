"""What the circular parser works with: its states, the lines of the text, the tasks it builds, the lines
it sets aside."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from audit.exchange.words import fold


class State(Enum):
    PREAMBLE = "preamble"  # before the first part or task: title, masthead, opening
    HEADING = "heading"  # right after a part's or a subsection's heading
    GOAL = "goal"  # reading a task's goal
    PROGRESS = "progress"  # reading a task's progress
    LISTED = "listed"  # after a paragraph that names tasks in lists
    ASIDE = "aside"  # a part that reports on no task (总体情况, 存在问题, 下步工作)
    TRAILER = "trailer"  # after the body: attachments, signature, page furniture


@dataclass
class Line:
    no: int
    s: str  # original, stripped (a heading's "# " taken off)
    k: str  # folded copy, same length
    heading: bool = False  # marked as a heading by the document (Word's style, <h2>, Markdown's #)


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A line of the circular that was not imported, and why."""

    line: int  # 1-based line of the text given to parse_notice
    text: str
    reason: str
    unread: bool = False  # True: not understood; False: understood as not being a task (a heading, a closing)


@dataclass
class Task:
    section: int
    sub: int | None
    no: int  # its number in the circular (k of (k) for targets; its place for an unnumbered one)
    target: bool
    goal: list[str]
    line: int
    label: str = ""
    progress: list[str] = field(default_factory=list)
    units: dict | None = None
    ref: int | None = None  # the work report's number ("(第22项)"), the task's id when given
    numbered: bool = True  # False: named in a list or a paragraph without a number of its own
    ordinal: bool = False  # one of a paragraph's "一是……；二是……" items
    targets: list[dict] | None = None  # written by the circular itself (a project table's planned investment)
    leader: str = ""
    milestones: str = ""
    paragraph: bool = False  # a paragraph stating a goal and reporting on it, without a number


_HEAD_MARK = re.compile(r"^#{1,6}\s+")


def make_line(no: int, raw: str) -> Line:
    s = raw.strip()
    heading = bool(_HEAD_MARK.match(s))
    if heading:
        s = _HEAD_MARK.sub("", s).strip()
    return Line(no, s, fold(s), heading)


def task_name(t: Task) -> str:
    return f"{t.section}.{t.no}" if t.target else str(t.no)
