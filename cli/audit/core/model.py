"""Immutable records of a registry: meta, periods, sections, tasks, targets, progress.

Every record that comes from a file carries a `Source` so a message can point at the line.
Nothing here reads files or knows about the command line.
"""
from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

COMPARATORS = (">=", "<=", "~", "=")
KINDS = ("cumulative", "level")
from audit.core.labels import STATUS_LABELS, STATUSES  # noqa: E402,F401  (kept apart so printing need not import the model)

PACES = ("months", "days")
DATE_STYLES = ("chinese", "arabic")

# 2021-H1, 2021-Q3, 2021 (year end), 2021-08 (1–8月 report)
PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


class Source(NamedTuple):
    """Where a record came from: file and 1-based line and column (0 when unknown)."""

    file: str = ""
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file


NO_SOURCE = Source()


class Period(NamedTuple):
    id: str  # e.g. "2021-H1"
    as_of: date
    label: str = ""  # e.g. "半年"; shown in titles when present
    source: Source = NO_SOURCE


class Subsection(NamedTuple):
    no: int
    title: str
    source: Source = NO_SOURCE


class Section(NamedTuple):
    no: int  # 1 for 一、
    title: str
    subs: tuple[Subsection, ...] = ()
    source: Source = NO_SOURCE


class Target(NamedTuple):
    """A quantitative commitment: `value` (and `high` for ranges such as 3-5家)."""

    metric: str
    value: float
    unit: str = ""
    comparator: str = ">="
    kind: str = "cumulative"
    high: float | None = None
    text: str = ""  # the words it was read from (goal text span) or written by a person
    origin: str = "registry"  # "registry" (written) or "goal" (extracted)
    source: Source = NO_SOURCE


class Actual(NamedTuple):
    """A reported figure for a target, written in the registry by a person."""

    metric: str
    value: float
    unit: str = ""
    source: Source = NO_SOURCE


class Progress(NamedTuple):
    period: str
    text: str
    as_of: date | None = None
    label: str = "进展情况"  # or 完成情况
    actuals: tuple[Actual, ...] = ()
    status: str | None = None  # reviewer override, one of STATUSES
    note: str = ""
    source: Source = NO_SOURCE


class Units(NamedTuple):
    lead: tuple[str, ...] = ()
    others: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return self.lead + self.others


class Due(NamedTuple):
    """A date a task is to meet (its deadline, or one milestone), as written and as read against the plan year."""

    text: str  # as the office wrote it: "6月底前", "2021-09-30", "长期坚持"
    date: date | None = None  # None: no date (长期坚持、常态化, or a milestone written without one)
    what: str = ""  # what is due: "开工", "完成立项"; "" for a deadline that names nothing
    origin: str = "registry"  # "registry" (written) or "goal" (read from the goal text)
    source: Source = NO_SOURCE


class Task(NamedTuple):
    id: str
    section: int
    goal: str
    sub: int | None = None
    targets: tuple[Target, ...] = ()  # written in the registry; extraction fills in when empty
    units: Units = Units()
    progress: tuple[Progress, ...] = ()
    trajectory: tuple[tuple[str, float], ...] = ()  # (period id, share of the year target due)
    source: Source = NO_SOURCE
    deadline: Due | None = None  # 完成时限, as written in the registry
    milestones: tuple[Due, ...] = ()  # 进度安排, as written in the registry
    leader: str = ""  # 牵头市领导 / 责任领导, as the 分解方案 names them

    def entry(self, period: str) -> Progress | None:
        for p in self.progress:
            if p.period == period:
                return p
        return None

    def previous_entry(self, period: str, order: list[str]) -> Progress | None:
        """The latest entry strictly before `period` in the registry's period order."""
        if period not in order:
            return None
        earlier = order[: order.index(period)]
        for pid in reversed(earlier):
            e = self.entry(pid)
            if e is not None:
                return e
        return None


class Meta(NamedTuple):
    title: str = ""
    issuer: str = ""
    year: int = 0
    periods: tuple[Period, ...] = ()
    pace: str = "months"
    date_style: str = "chinese"
    published: date | None = None
    opening: str = ""  # the circular's opening paragraph, when imported
    yellow_gap: float = 0.30  # up to 30 points below pace: yellow; beyond: red
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # unit name -> other spellings
    source: Source = NO_SOURCE

    def period(self, pid: str) -> Period | None:
        for p in self.periods:
            if p.id == pid:
                return p
        return None

    @property
    def latest(self) -> Period | None:
        return self.periods[-1] if self.periods else None


class Registry(NamedTuple):
    meta: Meta
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    path: str = ""

    def section(self, no: int) -> Section | None:
        for s in self.sections:
            if s.no == no:
                return s
        return None

    def task(self, tid: str) -> Task | None:
        for t in self.tasks:
            if t.id == tid:
                return t
        return None

    @property
    def period_ids(self) -> list[str]:
        return [p.id for p in self.meta.periods]


def default_as_of(period_id: str) -> date | None:
    """The usual as-of date of a period id: H1 -> 06-30, Q3 -> 09-30, 2021 -> 12-31, 2021-08 -> 08-31."""
    m = PERIOD_RE.match(period_id)
    if not m:
        return None
    year = int(m["year"])
    if m["half"]:
        month = 6 if m["half"] == "H1" else 12
    elif m["quarter"]:
        month = 3 * int(m["quarter"][1])
    elif m["month"]:
        month = int(m["month"])
    else:
        month = 12
    return _month_end(year, month)


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1).fromordinal(date(year, month + 1, 1).toordinal() - 1)


def given_period(period: str, year: int) -> str:
    """A first period given by hand (--period), checked: a period id within the plan `year`. Raises
    ValueError with what to write instead."""
    if not PERIOD_RE.match(period) or default_as_of(period) is None:
        raise ValueError(f"报告期 “{period}” 的写法不对：写作 {year}-Q1、{year}-H1、{year}-08 或 {year}（全年）。")
    if not period.startswith(str(year)):
        raise ValueError(f"第一个报告期 {period} 不在计划年度 {year} 年内。请用 --period 指定，如 --period {year}-Q1。")
    return period


def period_label(period_id: str) -> str:
    """Chinese name of a period: 2021-H1 -> 上半年, 2021-Q3 -> 前三季度, 2021-08 -> 1-8月."""
    m = PERIOD_RE.match(period_id)
    if not m:
        return period_id
    if m["half"]:
        return "上半年" if m["half"] == "H1" else "全年"
    if m["quarter"]:
        return {"Q1": "一季度", "Q2": "上半年", "Q3": "前三季度", "Q4": "全年"}[m["quarter"]]
    if m["month"]:
        n = int(m["month"])
        return "1月" if n == 1 else f"1-{n}月"
    return "全年"


# ----------------------------------------------------------------------------- assessment results


class Evidence(NamedTuple):
    """Why a call was made: a sentence copied verbatim from the progress text, and what it shows."""

    # "stall", "delay", "weak_stall", "stated_ratio", "component_ratio", "gap", "actual", "level", "mismatch",
    # "done", "pending", "no_change", "later", "preparatory", "manual", "none",
    # "milestone" (a milestone passed, no sign it was met), "overdue" (the deadline passed, the task not done)
    kind: str
    sentence: str  # verbatim from the progress text ("" only for kind "none"/"manual" without note)
    phrase: str = ""  # the words inside `sentence` that triggered it (e.g. "暂无进展", "占目标值的75%")


class TargetCheck(NamedTuple):
    """One target judged against what the progress text (or the registry) reports."""

    target: Target
    actual: float | None = None
    actual_unit: str = ""
    sentence: str = ""  # the sentence the actual came from, verbatim
    ratio: float | None = None  # cumulative: actual / target value
    met: bool | None = None  # level targets (and cumulative once complete)
    projection: float | None = None  # cumulative: year-end at the current pace, as a share of target


class DueCheck(NamedTuple):
    """A deadline or milestone at the as-of date: met, passed and not met, still to come, or without a date."""

    due: Due
    kind: str  # "deadline" or "milestone"
    state: str  # "met", "missed" (passed, not met), "upcoming", "undated"
    sentence: str = ""  # where the report shows it met, verbatim ("" otherwise)


class Assessment(NamedTuple):
    task_id: str
    period: str
    status: str  # one of STATUSES
    basis: str  # "ratio", "text", "manual", or "none" when unassessed
    pace: float  # time progress (or trajectory share) the task is judged against, 0..1
    ratio: float | None = None  # cumulative completion ratio, or the stated ratio when only that is known
    gap: float | None = None  # ratio - pace (negative: behind)
    colour: str = ""  # "green", "yellow", "red", "" when unassessed
    projection: float | None = None  # year-end share of target at the current pace
    checks: tuple[TargetCheck, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    flags: tuple[str, ...] = ()  # "data_mismatch", "unreported", ...
    reasons: tuple[str, ...] = ()  # the judgement explained, in Chinese, one line each
    dates: tuple[DueCheck, ...] = ()  # the deadline and milestones at the as-of date
    rule: str = ""  # the name of the rule that decided (audit.judge.rules.RULES)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]
