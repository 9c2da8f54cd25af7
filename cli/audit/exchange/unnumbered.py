"""Tasks written without numbers of their own: named in lists by status, listed as "一是……二是……" in a
paragraph, a goal in one sentence followed by its report, a subsection reported as a whole; and the
rows of a task table. The parser's handlers for these layouts (a mixin of `parser.Parser`).
"""
from __future__ import annotations

import re

from audit.exchange import lists, tables
from audit.exchange.documents import CELL_SEP
from audit.exchange.lines import Line, State, Task
from audit.exchange.words import OPENER_RE, REF_ANY_RE, TASKLIKE_RE, fold, ordinal_items, ref_number

# a group's short label before its items ("滞后项目:一是……"), not a sentence ("从4个区县推进情况来看:一是……")
_LABELLED_ORDINALS = re.compile(r"^([^:。;,\d]{2,8}):\s*(?=一是)")


class Unnumbered:
    """Handlers of the layouts without numbers. They use the parser's state (see `parser.Parser`)."""

    places: dict[int, int]  # section -> how many tasks without a number it has

    def next_place(self, section: int) -> int:
        """The place of the next task without a number of its own in its part: its number there."""
        self.places[section] = self.places.get(section, 0) + 1
        return self.places[section]

    # -- layouts without numbers: lists, 一是……二是……, a goal then its progress
    def listed(self, ln: Line) -> bool:
        named = lists.groups(ln.s)
        if not named:
            return False
        self.take_lists(ln, named)
        return True

    def take_lists(self, ln: Line, named: list[lists.Group], after: int = 0) -> None:
        """Each task a paragraph's lists name, once: a task named again in the same paragraph ("其中:巴州区
        有3(……)推进缓慢", "其中,固定资产投资、财政收入3项指标未达到序时进度") gets that clause too; named in
        another paragraph, it is another task."""
        sec = self.ensure_section(ln)
        here: dict[str, Task] = {}
        for group in named:
            for item in group.items:
                text = [group.head, item.text] if item.own else [group.fragment]
                known = here.get(item.name)
                if known is not None:
                    known.progress.extend(x for x in text if x not in known.progress)
                    continue
                place = item.ref if item.ref is not None else self.next_place(sec["no"])
                t = Task(sec["no"], self.current_sub(), place, False, [item.name], ln.no, ref=item.ref,
                         numbered=item.ref is not None, progress=list(text))
                self.tasks.append(t)
                here[item.name] = t
        self.rest_of_lists(ln, named, here, after)
        self.state = State.LISTED
        self.appended = None

    def rest_of_lists(self, ln: Line, named: list[lists.Group], here: dict[str, Task], after: int) -> None:
        """The paragraph's other clauses: one that names a task already named goes to it; a summary is set
        aside; what still looks like tasks ("1.……", "进展情况:") was not read."""
        spans = sorted((g.start, g.end) for g in named)
        rest, pos = [], after  # a heading's number ("四、") is not text
        for a, b in spans:
            rest.append(ln.s[pos:a])
            pos = max(pos, b)
        rest.append(ln.s[pos:])
        left = []
        for clause in re.split(r"(?<=[。;；])", "".join(rest)):
            mentioned = [t for name, t in here.items() if len(name) >= 2 and name in clause]
            for t in mentioned:
                t.progress.append(clause.strip())
            if not mentioned and clause.strip():
                left.append(clause.strip())
        text = "".join(left)
        if TASKLIKE_RE.search(fold(text)):
            self.skip(Line(ln.no, text, fold(text)), "列举任务的段落中没有读懂的部分", unread=True)
        elif text:
            self.skip(Line(ln.no, text, fold(text)), "段落中的总述，没有点名任务")

    def ordinal(self, ln: Line) -> bool:
        """A paragraph listing tasks as "一是地区生产总值增长6%左右。全年……；二是……": each item is a task,
        its first sentence the goal and the rest its progress. A series starts right after a heading
        (so a task's own progress that says 一是……二是…… stays whole) or after a group's label
        ("滞后项目:一是……"), and may go on in the next paragraph."""
        t = self.task
        going_on = t is not None and t.ordinal and self.state is State.PROGRESS and self.section is not None \
            and t.section == self.section["no"]
        label = _LABELLED_ORDINALS.match(ln.k) if self.state in (State.HEADING, State.LISTED, State.PREAMBLE) else None
        if not (self.state is State.HEADING or going_on or label):
            return False
        skip = label.end() if label else 0
        items = ordinal_items(ln.k[skip:], t.no + 1 if going_on else 1)
        if not items:
            return False
        sec = self.ensure_section(ln)
        head = [ln.s[:skip].strip()] if label else []
        for n, a, b in items:
            self.tasks.append(_ordinal_task(sec["no"], self.current_sub(), n, ln, skip + a, skip + b, head))
            self.last_no = n
        self.state = State.PROGRESS
        self.appended = None
        return True

    def sub_then_prose(self, ln: Line) -> bool:
        """"(一)主要预期目标完成情况" followed straight by a report ("上半年,全市完成……"): the subsection is one
        task, reported as a whole."""
        sec = self.section
        if self.state is not State.HEADING or not sec or not sec["subs"] or not OPENER_RE.match(ln.k):
            return False
        sub = sec["subs"][-1]
        if sub["line"] < max((t.line for t in self.tasks), default=0):
            return False
        sec["subs"].pop()
        t = self.add(Task(sec["no"], None, sub["no"], True, [sub["title"]], sub["line"]))
        t.progress = [ln.s]
        self.state = State.PROGRESS
        self.appended = (t.progress, ln)
        return True

    def goal_then_progress(self, i: int, ln: Line) -> bool:
        """Paragraphs that each state a goal in one short sentence and report on it in the next ones
        ("2606个撤并村通公路(2013—2017年)。上半年已完成……"): a task each, when two or more follow one another."""
        cut = opener_cut(ln.k)
        if cut is None or "," in ln.k[:cut]:
            return False
        nxt = opener_cut(self.next_k(i))
        going_on = self.task is not None and self.task.paragraph and self.state is State.PROGRESS
        if not (going_on or (nxt is not None and "," not in self.next_k(i)[:nxt])):
            return False
        sec = self.ensure_section(ln)
        place = self.next_place(sec["no"])
        t = self.add(Task(sec["no"], self.current_sub(), place, False, [ln.s[:cut].strip()], ln.no, numbered=False,
                          paragraph=True))
        t.progress = [ln.s[cut:].strip()]
        self.state = State.PROGRESS
        self.appended = (t.progress, ln)
        return True

    def targets_from_bare_subs(self) -> None:
        """A section whose (一)(二)… are followed by no task at all lists goals, not subsections."""
        for sec in self.sections:
            if not sec["subs"] or any(t.section == sec["no"] for t in self.tasks):
                continue
            at = next((j for j, t in enumerate(self.tasks) if t.section > sec["no"]), len(self.tasks))
            made = [Task(sec["no"], None, u["no"], True, [u["title"]], u["line"]) for u in sec["subs"]]
            self.tasks[at:at] = made
            sec["subs"] = []
            self.notes.append(f"第 {sec['no']} 部分只有（一）（二）……各条而没有编号任务，已作为预期目标导入"
                              f"（编号 {made[0].section}.{made[0].no} 起），原文没有它们的完成情况。")

    # -- tables
    def row(self, ln: Line) -> bool:
        """A table row: a header, or a task under the last header. False: read it as a plain line."""
        cells = [c.strip() for c in ln.s.split(CELL_SEP)]
        header = tables.header(cells)
        if header:
            self.table = header
            if self.state is State.PREAMBLE:
                self.state = State.HEADING
            return True
        if not self.table:
            return False  # a layout table, or a tab typed inside a paragraph
        got = tables.read(self.table, cells)
        if isinstance(got, str):
            if not self.continued(cells):
                self.skip(ln, got, unread=True)
            return True
        sec = self.ensure_section(ln)
        n = int(got.id)
        t = Task(sec["no"], self.current_sub(), n, False, [got.goal], ln.no, label=got.label, progress=got.progress,
                 units=got.units, targets=got.targets, leader=got.leader, milestones=got.milestones)
        if self.last_no and n != self.last_no + 1 and n != 1:
            self.notes.append(f"任务编号不连续：第 {ln.no} 行是第 {n} 项，前一项是第 {self.last_no} 项。")
        self.add(t)
        self.last_no = n
        self.state = State.PROGRESS
        return True

    def continued(self, cells: list[str]) -> bool:
        """A row with only its first cell filled, right after a task's row: the rest of that task's goal
        (a web table that put a cell's second line on a row of its own)."""
        filled = [c for c in cells if c]
        if self.state is State.PROGRESS and self.task and len(filled) == 1 and cells[0]:
            self.task.goal.append(cells[0])
            return True
        return False


def opener_cut(k: str, long_goal: bool = False) -> int | None:
    """After the goal's sentence(s), where a sentence opens on the period it reports ("上半年,"); None if none."""
    limit = len(k) if long_goal else 80
    for m in re.finditer(r"[。;]", k[:limit + 1]):
        rest = k[m.end():].lstrip()
        if rest and OPENER_RE.match(rest):
            return m.end()
        if not long_goal:
            return None  # only the first sentence can be the goal
    return None


def _ordinal_task(section: int, sub: int | None, n: int, ln: Line, a: int, b: int, head: list[str]) -> Task:
    body, body_k = ln.s[a:b].strip(), ln.k[a:b].strip()
    ref = REF_ANY_RE.search(body_k)
    if ref:  # "一是实施……工程(第三项)正在开展编制招标文件"
        goal, rest, number = body[:ref.start()].strip(), body[ref.end():].strip().rstrip(";；"), ref_number(ref[1])
    else:
        cut = body_k.find("。")
        goal, rest = (body[:cut + 1], body[cut + 1:]) if 0 <= cut < len(body) - 1 else (body, "")
        rest = rest.strip().rstrip(";；").rstrip()
        goal = goal.rstrip(";；") if not rest else goal
        number = None
    task = Task(section, sub, n, False, [goal.strip()], ln.no, ordinal=True, ref=number)
    task.progress = head + ([rest] if rest else [])
    return task
