"""The walk through a circular's lines: headings, numbered tasks, labels, tables, lists, the trailer.

One pass, line by line, in one of a few states (`State`). Each kind of line has its handler; a line
no handler takes is text, which goes to the task being read, or is reported as not placed.
"""
from __future__ import annotations

import re
from typing import Any

from audit.exchange import lists, tables
from audit.exchange.documents import CELL_SEP
from audit.exchange.lines import Line, State, Task, Unplaced, make_line, task_name
from audit.exchange.unnumbered import Unnumbered, opener_cut
from audit.exchange.words import (
    ASIDE_REASON,
    ASIDE_TITLE_RE,
    CONTACT_RE,
    DATED_LINE_RE,
    DIRECTIVE_RE,
    DOC_NO_RE,
    END_RE,
    INLINE_LABEL_RE,
    JUNK_RE,
    LABEL_RE,
    MARK_RE,
    META_KEY_RE,
    PAREN_TASK_RE,
    REF_ANY_RE,
    REF_BARE_RE,
    REF_COLON_RE,
    REF_HEAD_RE,
    REF_TAIL_RE,
    SECTION_RE,
    SUB_RE,
    TASK_RE,
    closes_circular,
    cn_number,
    date_line,
    fold,
    meta_fields,
    ref_number,
    sentence_ended,
)

_GROUP_LEADIN = re.compile(r"(?:\d+|[一二三四五六七八九十]+)\s*(?:项|个|件).*(?:分别(?:为|是)|如下|为)\s*:$")
_NOT_GROUP = re.compile(r"通报|报告|公示|汇报")


class Parser(Unnumbered):
    def __init__(self, text: str, source: str = ""):
        self.source = source
        self.lines = [make_line(i + 1, raw) for i, raw in enumerate(text.split("\n"))]
        self.lines = [ln for ln in self.lines if ln.s]
        self.sections: list[dict] = []
        self.tasks: list[Task] = []
        self.unplaced: list[Unplaced] = []
        self.notes: list[str] = []
        self.preamble: list[Line] = []
        self.meta: dict[str, str] = {}
        self.signature: dict[str, Any] = {}
        self.furniture = 0  # characters of page furniture and information box: not part of the body
        self.state = State.PREAMBLE
        self.last_no = 0  # the last numbered task's number
        self.table: tables.Header | None = None
        self.appended: tuple[list[str], Line] | None = None  # the last continuation line and where it went
        self.places: dict[int, int] = {}
        self.group_words = ""  # a lead-in that says what all the tasks below are ("17项未达序时的目标任务分别为:")

    # -- helpers
    @property
    def section(self) -> dict | None:
        return self.sections[-1] if self.sections else None

    @property
    def task(self) -> Task | None:
        return self.tasks[-1] if self.tasks else None

    def next_k(self, i: int) -> str:
        return self.lines[i + 1].k if i + 1 < len(self.lines) else ""

    def skip(self, ln: Line, reason: str, unread: bool = False) -> None:
        self.unplaced.append(Unplaced(ln.no, ln.s, reason, unread))

    def ensure_section(self, ln: Line) -> dict:
        if not self.sections:
            self.sections.append({"no": 1, "title": "", "subs": [], "line": ln.no, "implicit": True})
            self.notes.append("通报没有“一、”这样的部分标题，全部任务归入第 1 部分（部分标题暂用通报标题，可手工修改）。")
        return self.sections[-1]

    def current_sub(self) -> int | None:
        sec = self.section
        return sec["subs"][-1]["no"] if sec and sec["subs"] else None

    def add(self, t: Task) -> Task:
        if self.group_words and t.numbered:
            t.progress.insert(0, self.group_words)
        self.tasks.append(t)
        self.appended = None
        return t

    def label_ahead(self, i: int) -> bool:
        """A progress label before the next task or heading (so a colon on the task's line is not one)."""
        for j in range(i + 1, len(self.lines)):
            ln = self.lines[j]
            if LABEL_RE.match(ln.k):
                return True
            if TASK_RE.match(ln.k) or SECTION_RE.match(ln.k) or SUB_RE.match(ln.k) or CELL_SEP in ln.s:
                return False
        return False

    # -- the walk
    def run(self) -> None:
        for i, ln in enumerate(self.lines):
            if JUNK_RE.match(ln.k):
                self.furniture += len(ln.s)
            elif self.state is State.TRAILER:
                self.in_trailer(ln)
            elif self.state is State.ASIDE:
                self.in_aside(i, ln)
            else:
                self.in_body(i, ln)

    def in_trailer(self, ln: Line) -> None:
        if META_KEY_RE.match(ln.k):
            self.furniture += len(ln.s)
        else:
            self.skip(ln, "通报正文结束（附件、落款）之后的内容")

    def in_aside(self, i: int, ln: Line) -> None:
        if META_KEY_RE.match(ln.k):
            self.furniture += len(ln.s)
        elif END_RE.match(ln.k):
            self.state = State.TRAILER
            self.furniture += len(ln.s)
        elif self.tasks and date_line(ln.k):
            self.sign(ln)
        elif CELL_SEP in ln.s or not self.heading(i, ln):  # a row of a summary table is not a part's heading
            self.skip(ln, ASIDE_REASON)

    def in_body(self, i: int, ln: Line) -> None:
        if self.state is State.PREAMBLE and self.front_matter(ln):
            return
        if self.state is not State.PREAMBLE and self.body_ends(ln):
            return
        if CELL_SEP in ln.s and self.row(ln):
            return
        if self.heading(i, ln) or self.numbered(i, ln):
            return
        self.text(i, ln)

    def front_matter(self, ln: Line) -> bool:
        """The information box of a government site and a document number, before the title."""
        dated = DATED_LINE_RE.match(ln.k)
        if dated:
            self.meta.setdefault("发布日期", dated[1].replace("/", "-").replace(".", "-"))
            self.meta.update(meta_fields(ln.s, ln.k))
        elif META_KEY_RE.match(ln.k):
            self.meta.update(meta_fields(ln.s, ln.k))
        elif DOC_NO_RE.match(ln.k.replace(" ", "")):
            self.meta.setdefault("文号", ln.s)
        else:
            return False
        self.furniture += len(ln.s)
        return True

    def body_ends(self, ln: Line) -> bool:
        if END_RE.match(ln.k):
            self.state = State.TRAILER
            self.furniture += len(ln.s)
            return True
        if self.tasks and date_line(ln.k):
            self.sign(ln)
            return True
        return False

    # -- headings
    def heading(self, i: int, ln: Line) -> bool:
        k = ln.k
        m = SECTION_RE.match(k)
        if m and cn_number(m[1]) is not None and len(m[2]) <= 24 and ASIDE_TITLE_RE.match(m[2].replace(" ", "")):
            return self.aside(ln)
        if ln.heading and not m and not SUB_RE.match(k):
            return self.bare_heading(ln)
        if m:
            return self.section_heading(i, ln, m)
        m = SUB_RE.match(k)
        return bool(m and self.state is not State.PREAMBLE and self.sub_heading(i, ln, m))

    def aside(self, ln: Line) -> bool:
        self.state = State.ASIDE
        self.appended = None
        self.skip(ln, ASIDE_REASON)
        return True

    def bare_heading(self, ln: Line) -> bool:
        """A heading the document marks but does not number ("总体情况", "存在的问题")."""
        if self.state is State.PREAMBLE and not self.tasks and not self.preamble:
            return False  # the title
        if ASIDE_TITLE_RE.match(ln.k.replace(" ", "")):
            return self.aside(ln)
        if self.tasks:
            self.state = State.HEADING
            self.appended = None
            self.skip(ln, "没有编号的标题")
            return True
        return False

    def section_heading(self, i: int, ln: Line, m: re.Match) -> bool:
        n = cn_number(m[1])
        in_text = self.state in (State.GOAL, State.PROGRESS)
        if n == 1 and self.sections and not self.tasks and not self.section.get("implicit"):
            # "二、重点任务完成情况" followed by a table whose own parts start again at "一、": the outer
            # headings were the circular's frame, the inner ones are its parts
            self.notes.append(f"第 {ln.no} 行的“{ln.s}”重新从“一、”编号，之前的部分标题下没有任务，已按新的编号导入各部分。")
            self.sections = []
        want = (self.section["no"] + 1) if self.section and not self.section.get("implicit") else None
        if n is None or (want is not None and n != want) or (in_text and not self.heading_like(i, m[2])):
            return False
        if self.section and self.section.get("implicit"):
            return False
        title = ln.s[m.start(2):].strip()
        named = lists.groups(ln.s, m.start(2)) if self.state is not State.GOAL else []
        if named:  # "一、已经完成的指标任务,共计19项。主要是“A”,“B”……": the part's heading names its tasks
            title = re.split(r"[,，。;；]", title, maxsplit=1)[0]
        self.sections.append({"no": n, "title": title, "subs": [], "line": ln.no})
        self.state = State.HEADING
        self.appended = None
        if named:
            self.take_lists(ln, named, m.start(2))
        return True

    def sub_heading(self, i: int, ln: Line, m: re.Match) -> bool:
        n = cn_number(m[1])
        subs = self.section["subs"] if self.section else []
        targets_here = [t for t in self.tasks if t.target and self.section and t.section == self.section["no"]]
        want = max([u["no"] for u in subs] + [t.no for t in targets_here] + [0]) + 1
        if n is None or n != want:
            return False
        rest_k, rest = m[2], ln.s[m.start(2):]  # same length: offsets in one cut the other
        inline = INLINE_LABEL_RE.search(rest_k)
        if inline or LABEL_RE.match(self.next_k(i)):
            sec = self.ensure_section(ln)
            t = self.add(Task(sec["no"], None, n, True, [], ln.no))
            if inline:
                t.goal = [rest[: inline.start()].strip()]
                t.label = inline[1] or inline[2]
                after = rest[inline.end():].strip()
                t.progress = [after] if after else []
                self.state = State.PROGRESS
            else:
                t.goal = [rest]
                self.state = State.GOAL
            return True
        if self.state in (State.GOAL, State.PROGRESS) and not self.heading_like(i, rest_k):
            return False
        self.ensure_section(ln)["subs"].append({"no": n, "title": rest, "line": ln.no})
        self.state = State.HEADING
        self.appended = None
        return True

    def heading_like(self, i: int, title_k: str) -> bool:
        """Inside a progress text, a numbered line is a heading only if it reads like one."""
        if not sentence_ended(title_k):
            return True
        nk = self.next_k(i)
        return bool(SUB_RE.match(nk) or TASK_RE.match(nk) or LABEL_RE.match(nk))

    # -- numbered tasks
    def numbered(self, i: int, ln: Line) -> bool:
        k, s = ln.k, ln.s
        mark = MARK_RE.match(k)
        if mark:  # "★3．……": a key-task marker before the number is not part of the goal
            k, s = k[mark.end():], s[mark.end():]
        found = _number(k)
        if found is None:
            return False
        n, start, end, ref = found
        inline = INLINE_LABEL_RE.search(k[start:end])
        # a label on the line or the next, or the progress after "(第N项):": this is a task, not a point
        clear = bool(inline) or bool(LABEL_RE.match(self.next_k(i))) or bool(REF_COLON_RE.search(k[start:end]))
        if not self.in_sequence(ln, n, ref is not None, clear):
            return False
        sec = self.ensure_section(ln)
        t = Task(sec["no"], self.current_sub(), n, False, [], ln.no, ref=ref)
        if inline:
            t.goal = [s[start: start + inline.start()].strip()]
            t.label = inline[1] or inline[2]
            after = s[start + inline.end(): end].strip()
            t.progress = [after] if after else []
            self.state = State.PROGRESS
        else:
            self.unlabelled(t, s[start:end].strip(), k[start:end].strip(), not self.label_ahead(i))
        self.add(t)
        self.last_no = n
        return True

    def in_sequence(self, ln: Line, n: int, by_ref: bool, clear: bool) -> bool:
        """Is a line numbered n the next task here (not a point inside a progress text)?"""
        if self.state is State.PREAMBLE:
            return (n == 1 or by_ref) and clear
        if by_ref:
            return n > self.last_no or clear
        if n == self.last_no + 1:
            # inside a progress text "2." is a point of that text when the text already has a "1." point
            return self.state is not State.PROGRESS or clear or not self.has_point(n - 1)
        if n == 1 and self.state is State.HEADING and self.last_no:
            return True
        if n > self.last_no + 1 and (clear or (self.state is State.HEADING and not self.last_no)):
            if self.last_no or n > 1:
                self.notes.append(f"任务编号不连续：第 {ln.no} 行是第 {n} 项，前一项是第 {self.last_no} 项。")
            return True
        return False

    def unlabelled(self, t: Task, body: str, body_k: str, may_split: bool) -> None:
        """A task line without a progress label: its progress may follow a colon after the reference
        ("地区生产总值(第1项):增长6.1%"), or the goal's sentence ("……项目100个。上半年,引进……")."""
        self.state = State.GOAL
        t.goal = [body]
        if not may_split:
            return
        cut = _progress_cut(body_k)
        if cut is None:
            return
        goal_end, text_start, ref = cut
        t.goal = [body[:goal_end].strip()]
        t.ref = ref if ref is not None else t.ref
        rest = body[text_start:].strip()
        t.progress = [rest] if rest else []
        t.label = t.label or ""
        self.state = State.PROGRESS

    def has_point(self, n: int) -> bool:
        for line in self.task.progress if self.task else ():
            m = TASK_RE.match(fold(line)) or PAREN_TASK_RE.match(fold(line))
            if m and int(m[1]) == n:
                return True
        return False

    # -- other lines
    def text(self, i: int, ln: Line) -> None:
        if self.state in (State.PREAMBLE, State.HEADING, State.LISTED) and self.listed(ln):
            return
        if self.ordinal(ln) or self.labelled(ln) or self.closing(ln):
            return
        if self.state in (State.PREAMBLE, State.HEADING) and self.sub_then_prose(ln):
            return
        in_paragraphs = self.state is State.PROGRESS and self.task is not None and self.task.paragraph
        if (self.state in (State.PREAMBLE, State.HEADING) or in_paragraphs) and self.goal_then_progress(i, ln):
            return
        self.plain(ln)

    def labelled(self, ln: Line) -> bool:
        m = LABEL_RE.match(ln.k)
        if not m:
            return False
        t = self.task
        if t is None or self.state not in (State.GOAL, State.PROGRESS):
            self.skip(ln, "这段进展情况前面没有对应的任务", unread=True)
            return True
        if self.state is State.PROGRESS:
            self.notes.append(f"第 {ln.no} 行：第 {task_name(t)} 项有第二个“{m[1] or m[2]}”，已并入同一条进展。")
            t.progress.append(ln.s)
            self.appended = (t.progress, ln)
            return True
        t.label = m[1] or m[2]
        rest = ln.s[m.start(3):].strip()
        t.progress = [rest] if rest else []
        self.state = State.PROGRESS
        self.appended = None
        return True

    def closing(self, ln: Line) -> bool:
        k = ln.k
        if self.state is State.PROGRESS and closes_circular(k):
            reason = "通报结尾对各单位的要求，不是任务的进展"
        elif self.state in (State.LISTED, State.HEADING, State.PREAMBLE) and self.tasks and (
                closes_circular(k) or DIRECTIVE_RE.search(k)):
            reason = "通报结尾对各单位的要求，不是任务"
        elif self.state is not State.PROGRESS and CONTACT_RE.search(k) and (self.tasks or self.preamble):
            self.skip(ln, "公示的联系方式和异议渠道，不是任务")
            return True
        else:
            return False
        self.state = State.ASIDE
        self.appended = None
        self.skip(ln, reason)
        return True

    def plain(self, ln: Line) -> None:
        if self.state is State.PREAMBLE:
            self.preamble.append(ln)
            # "17项未达序时的目标任务分别为:" right before the tasks says what they all are: each task keeps it
            lead_in = _GROUP_LEADIN.search(ln.k) and not _NOT_GROUP.search(ln.k)
            self.group_words = ln.s if lead_in else ""
        elif self.state is State.GOAL:
            self.task.goal.append(ln.s)
            self.appended = (self.task.goal, ln)
        elif self.state is State.PROGRESS:
            self.task.progress.append(ln.s)
            self.appended = (self.task.progress, ln)
        elif self.state is State.LISTED:
            self.skip(ln, "列举任务的段落之间的文字，没有点名任何任务", unread=True)
        else:
            self.skip(ln, "标题之后、第一项任务之前的文字", unread=True)

    def sign(self, ln: Line) -> None:
        """A date on its own line ends the body: it is the signature (落款) date."""
        self.signature["date"] = date_line(ln.k)
        prev = self.unplaced[-1] if self.unplaced else None
        if self.state is State.ASIDE and prev and prev.reason == ASIDE_REASON and _signature_like(fold(prev.text)):
            self.unplaced.pop()
            self.signature["issuer"] = prev.text
        elif self.appended:
            where, line = self.appended
            if where and where[-1] == line.s and _signature_like(line.k):
                where.pop()
                self.signature["issuer"] = line.s
        elif self.state is State.LISTED and prev and prev.unread and _signature_like(fold(prev.text)):
            self.unplaced.pop()
            self.signature["issuer"] = prev.text
        self.state = State.TRAILER



# ----------------------------------------------------------------------------- small pure helpers


def _number(k: str) -> tuple[int, int, int, int | None] | None:
    """(number, body start, body end, work-report number) of a numbered task line."""
    m = TASK_RE.match(k) or PAREN_TASK_RE.match(k)
    if m:
        return int(m[1]), m.start(2), len(k), None
    m = REF_HEAD_RE.match(k) or REF_BARE_RE.match(k)
    if m:
        n = ref_number(m[1])
        return (n, m.start(2), len(k), n) if n else None
    m = REF_TAIL_RE.match(k)
    if m and len(REF_ANY_RE.findall(k)) == 1:  # several references on a line: a list naming tasks
        n = ref_number(m[2])
        return (n, 0, m.end(1), n) if n else None
    return None


def _progress_cut(k: str) -> tuple[int, int, int | None] | None:
    """Where a task line's goal ends and its progress starts, when that is unambiguous:
    (goal end, progress start, the work-report number written before the colon)."""
    m = REF_COLON_RE.search(k)
    if m and m.end() < len(k):
        return m.start(), m.end(), ref_number(m[1])
    colon = k.find(":")
    if 2 <= colon <= 20 and not re.search(r"[。,;!?]", k[:colon]) and colon + 1 < len(k):
        return colon, colon + 1, None
    cut = opener_cut(k, long_goal=True)
    return (cut, cut, None) if cut else None


def _signature_like(k: str) -> bool:
    return len(k) <= 30 and not sentence_ended(k) and "," not in k and not SECTION_RE.match(k)
