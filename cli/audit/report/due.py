"""Deadlines and milestones by lead unit, as plain data: `audit due` (what is coming up and what has
passed) and what each unit's 催办通知 chases (`audit remind`). No Typer, no Rich, no clock: the
as-of date is passed in."""
from __future__ import annotations

import difflib
from datetime import date, timedelta

from audit.core.errors import AuditError
from audit.core.model import Assessment, Registry, Task
from audit.report.history import NO_LEAD
from audit.report.reports import DUE_LABELS, due_row, ordered_evidence

STATES = ("missed", "upcoming", "met", "undated")  # as `due` lists them within a day


def leads(task: Task, aliases: dict[str, str]) -> list[str]:
    """The task's lead units by their canonical names; NO_LEAD when it names none."""
    return [aliases.get(u, u) for u in task.units.lead] or [NO_LEAD]


def want_unit(reg: Registry, unit: str | None, aliases: dict[str, str]) -> str | None:
    """The canonical name of the unit asked for; an error with a hint when it leads no task."""
    if unit is None:
        return None
    name = aliases.get(unit.strip(), unit.strip())
    known = sorted({u for t in reg.tasks for u in leads(t, aliases)} - {NO_LEAD})
    if name not in known:
        near = difflib.get_close_matches(name, known, n=3, cutoff=0.3)
        hint = f"是不是 {'、'.join(near)}？" if near else f"牵头单位有：{'、'.join(known) or '（台账未写牵头单位）'}。"
        raise AuditError(f"没有由 “{unit}” 牵头的任务。{hint}单位名称须与台账一致，或在 meta.aliases 中声明别名。")
    return name


def _state_on(state: str, when: date | None, as_of: date) -> str:
    """A date's state on `as_of` (the judgement saw it on the period's as-of date): met and undated stay."""
    if state in ("met", "undated") or when is None:
        return state
    return "missed" if when <= as_of else "upcoming"


def items(task: Task, a: Assessment, as_of: date) -> list[dict]:
    """The task's deadline and milestones on `as_of`, each with the task it belongs to and days to go."""
    out = []
    for c in a.dates:
        row = due_row(c)
        row["state"] = _state_on(c.state, c.due.date, as_of)
        row["label"] = DUE_LABELS[row["state"]]
        row["days"] = (c.due.date - as_of).days if c.due.date else None
        out.append({"task": task.id, "goal": task.goal, **row})
    return out


def _listed(item: dict, within: int) -> bool:
    """Passed and not met, or within `within` days either side (coming up, or met lately), or no date."""
    if item["state"] in ("missed", "undated"):
        return True
    return item["days"] is not None and abs(item["days"]) <= within if item["state"] == "met" else item["days"] <= within


def _order(item: dict) -> tuple:
    """Soonest first, undated last; on one day, missed before the rest, then the registry's order."""
    return (item["date"] is None, item["date"] or "", STATES.index(item["state"]))


def due(reg: Registry, assessments: list[Assessment], period: str, as_of: date, *, within: int = 30,
        unit: str | None = None, aliases: dict[str, str] | None = None) -> dict:
    """`audit due`: each lead unit's deadlines and milestones that have passed unmet, come up within
    `within` days, were met within that many days, or have no date; soonest first, and the units too."""
    aliases = aliases or {}
    want = want_unit(reg, unit, aliases)
    by_id = {a.task_id: a for a in assessments}
    units: dict[str, list[dict]] = {}
    for t in reg.tasks:
        a = by_id.get(t.id)
        if a is None or not a.dates:
            continue
        listed = [i for i in items(t, a, as_of) if _listed(i, within)]
        for name in leads(t, aliases):
            if listed and (want is None or name == want):
                units.setdefault(name, []).extend(listed)
    rows = [{"unit": name, "items": sorted(got, key=_order)} for name, got in units.items()]
    rows.sort(key=lambda r: (_order(r["items"][0])[:2], r["unit"]))
    counts = {s: sum(1 for r in rows for i in r["items"] if i["state"] == s) for s in STATES}
    return {"period": period, "as_of": as_of.isoformat(), "within": within, "counts": counts, "units": rows}


def remind(reg: Registry, report: dict, assessments: list[Assessment], as_of: date, *, by: date | None = None,
           unit: str | None = None, aliases: dict[str, str] | None = None) -> dict:
    """`audit remind`: per lead unit, what its 催办通知 chases, each task once, in the first of: dates
    passed unmet on `as_of` (`missed`, with the report that does not show them met), lagging or stalled
    (`behind`, with their evidence), not reported this period (`unreported`); and the date to report by
    (`by`, else a week after `as_of`). Units with nothing to chase are listed apart, in `nothing`."""
    aliases = aliases or {}
    want = want_unit(reg, unit, aliases)
    by_id = {a.task_id: a for a in assessments}
    rows = {r["id"]: r for r in report["tasks"]}
    chase: dict[str, dict] = {}
    for t in reg.tasks:
        row, a = rows.get(t.id), by_id.get(t.id)
        if row is None or a is None:
            continue
        where, entry = _chased(t, row, a, as_of, report["period"])
        for name in leads(t, aliases):
            if want is None or name == want:
                got = chase.setdefault(name, {"unit": name, "missed": [], "behind": [], "unreported": []})
                if where:
                    got[where].append(entry)
    notices = [c for c in chase.values() if c["missed"] or c["behind"] or c["unreported"]]
    nothing = sorted(c["unit"] for c in chase.values() if c not in notices)
    for c in notices:
        c["missed"].sort(key=lambda e: _order(e["dates"][0]))
        c["behind"].sort(key=lambda r: (r["status"] != "stalled", r["gap"] if r["gap"] is not None else 0.0))
    notices.sort(key=lambda c: (c["unit"] == NO_LEAD, c["unit"]))
    return {"period": report["period"], "as_of": as_of.isoformat(), "by": (by or as_of + timedelta(days=7)).isoformat(),
            "notices": notices, "nothing": nothing}


def _chased(t: Task, row: dict, a: Assessment, as_of: date, period: str) -> tuple[str, dict]:
    """Which part of a notice a task belongs to ("" for none) and what the notice says of it."""
    missed = [i for i in items(t, a, as_of) if i["state"] == "missed"]
    reported = "unreported" not in row["flags"]
    if missed:
        entry = t.entry(period)
        text = entry.text.strip() if entry is not None and reported else ""
        return "missed", {**row, "dates": missed, "reported": reported, "text": text}
    if row["status"] in ("lagging", "stalled"):
        return "behind", {**row, "quotes": [e["sentence"] for e in ordered_evidence(row)]}
    if not reported:
        return "unreported", row
    return "", row
