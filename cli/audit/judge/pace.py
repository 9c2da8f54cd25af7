"""Time progress (序时进度): the share of a task's year target due by a period's as-of date (pure)."""
from __future__ import annotations

import calendar
import re
from datetime import date

from audit.core.model import Meta, Progress, Task, default_as_of

# a goal over several years: "（2024—2026年）……分三年完成12.6公里岸线复绿"
_SPAN = re.compile(r"(?P<a>20\d\d)\s*(?:年)?\s*[—\-–~～至到]+\s*(?P<b>20\d\d)\s*年")


def time_progress(year: int, as_of: date, pace: str = "months") -> float:
    """Share of `year` elapsed at `as_of`, 0..1.

    months: whole months done / 12; a month counts once `as_of` is its last day or later
            (06-30 -> 6/12 = 0.5; 06-29 -> 5/12; 11-30 -> 11/12).
    days:   day of the year / days in the year (06-30 of 2021 -> 181/365).
    Dates before the year give 0, after it 1.
    """
    if as_of.year < year:
        return 0.0
    if as_of.year > year:
        return 1.0
    if pace == "days":
        days = 366 if calendar.isleap(year) else 365
        return as_of.timetuple().tm_yday / days
    if pace != "months":
        raise ValueError(f"pace must be 'months' or 'days', not {pace!r}")
    done = as_of.month - 1
    if as_of.day == calendar.monthrange(year, as_of.month)[1]:
        done += 1
    return done / 12


def as_of(meta: Meta, period_id: str, entry: Progress | None) -> date | None:
    """The date a report speaks for: the entry's own, the period's, or the usual one of the period id."""
    if entry is not None and entry.as_of is not None:
        return entry.as_of
    p = meta.period(period_id)
    if p is not None and p.as_of is not None:
        return p.as_of
    return default_as_of(period_id)


def task_pace(task: Task, meta: Meta, period_id: str, entry: Progress | None = None,
              dated: tuple[float, str] | None = None) -> tuple[float, str]:
    """The share of the year target due by this period, and where it came from ("trajectory", "milestones",
    "deadline", "span", or the registry's pace: "months"/"days"). `dated`: the pace the task's own dates set
    (judge/deadlines.py)."""
    for pid, share in task.trajectory:
        if pid == period_id:
            return share, "trajectory"
    if dated is not None:
        return dated
    when = as_of(meta, period_id, entry)
    if when is None:
        return 1.0, meta.pace
    year = meta.year or when.year
    share = time_progress(year, when, meta.pace)
    span = _SPAN.search(task.goal)
    if span:
        first, last = int(span["a"]), int(span["b"])
        if first < last <= first + 10 and first <= year <= last:
            # a goal over several years: its amount is the whole span's, so what is due is the years
            # gone by plus this year's share, over the span
            return ((year - first) + share) / (last - first + 1), "span"
    return share, meta.pace
