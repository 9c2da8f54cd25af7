"""The year across periods, as plain data: what moved between two periods, who is behind, who did not report.

Takes a Registry and the Assessments of each period (from assess.py); no Typer, no Rich, no clock.
"""
from __future__ import annotations

import difflib
import unicodedata

from audit.core.errors import AuditError
from audit.core.model import STATUS_LABELS, Assessment, Progress, Registry
from audit.report.reports import rounded

# Worst to best; "unassessed" has no place on this scale, so a move to or from it is a change, not a direction.
RANK = {"stalled": 0, "lagging": 1, "on_track": 2, "completed": 3}
STALE_AT = 0.9  # similarity at or above which a report counts as not updated (进展未更新)
NO_LEAD = "（未写牵头单位）"


def normalise(text: str) -> str:
    """Text as compared for staleness: 全角→半角, no whitespace, no punctuation or symbols."""
    s = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZ")


def similarity(a: str, b: str) -> float:
    """0..1 likeness of two reports after `normalise`: difflib's ratio, with quick_ratio as a cheap bound."""
    na, nb = normalise(a), normalise(b)
    if na == nb:
        return 1.0
    if not na or not nb:
        return 0.0
    sm = difflib.SequenceMatcher(None, na, nb, autojunk=False)
    quick = sm.quick_ratio()
    if quick < STALE_AT:
        return round(quick, 4)  # an upper bound, already below the line
    return round(sm.ratio(), 4)


def reported(e: Progress | None) -> bool:
    return e is not None and bool(e.text.strip())


def movement(before: str | None, after: str | None) -> str:
    """"improved", "worsened", "same", or "changed" (to or from 待评估)."""
    if before is None or after is None or before == after:
        return "same"
    if before in RANK and after in RANK:
        return "improved" if RANK[after] > RANK[before] else "worsened"
    return "changed"


def diff(reg: Registry, before: list[Assessment], after: list[Assessment], p1: str, p2: str,
         *, threshold: float = STALE_AT) -> dict:
    """`audit diff P1 P2`: status moves, ratio moves, reports updated, not updated and missing."""
    order = reg.period_ids
    if order.index(p1) >= order.index(p2):
        raise AuditError(f"比较的两个报告期应先早后晚：{p1} 不早于 {p2}。请写成 audit diff 较早的报告期 较晚的报告期。")
    b1 = {a.task_id: a for a in before}
    b2 = {a.task_id: a for a in after}
    rows = []
    for t in reg.tasks:
        a1, a2 = b1.get(t.id), b2.get(t.id)
        e1, e2 = t.entry(p1), t.entry(p2)
        s1 = a1.status if a1 else None
        s2 = a2.status if a2 else None
        r1 = a1.ratio if a1 else None
        r2 = a2.ratio if a2 else None
        sim = None
        if not reported(e2):
            report = "missing"
        elif not reported(e1):
            report = "new"
        else:
            sim = similarity(e1.text, e2.text)
            report = "identical" if sim == 1.0 else ("near" if sim >= threshold else "updated")
        rows.append({
            "id": t.id,
            "goal": t.goal,
            "lead": list(t.units.lead),
            "status_from": s1,
            "status_to": s2,
            "label_from": STATUS_LABELS.get(s1, "") if s1 else "",
            "label_to": STATUS_LABELS.get(s2, "") if s2 else "",
            "movement": movement(s1, s2),
            "ratio_from": rounded(r1),
            "ratio_to": rounded(r2),
            "ratio_change": rounded(r2 - r1) if r1 is not None and r2 is not None else None,
            "report": report,
            "similarity": sim,
        })

    def ids(pred) -> list[str]:
        return [r["id"] for r in rows if pred(r)]

    groups = {
        "improved": ids(lambda r: r["movement"] == "improved"),
        "worsened": ids(lambda r: r["movement"] == "worsened"),
        # a task that went unreported is named under "unreported", not as a change to 待评估
        "status_changed": ids(lambda r: r["movement"] == "changed" and r["report"] != "missing"),
        "ratio_moved": ids(lambda r: r["movement"] == "same" and r["ratio_change"] not in (None, 0)),
        "updated": ids(lambda r: r["report"] in ("new", "updated")),
        "not_updated": ids(lambda r: r["report"] in ("identical", "near")),
        "unreported": ids(lambda r: r["report"] == "missing"),
    }
    return {
        "from": p1,
        "to": p2,
        "threshold": threshold,
        "counts": {k: len(v) for k, v in groups.items()},
        "groups": groups,
        "tasks": rows,
    }


def missing(reg: Registry, period: str, aliases: dict[str, str] | None = None, unit: str | None = None) -> list[dict]:
    """Tasks with no report (no entry, or an empty text) in `period`: 未报送."""
    aliases = aliases or {}
    want = aliases.get(unit.strip(), unit.strip()) if unit else None
    out = []
    for t in reg.tasks:
        if reported(t.entry(period)):
            continue
        leads = [aliases.get(u, u) for u in t.units.lead]
        if want and want not in leads:
            continue
        last = next((e for e in reversed(t.progress) if reported(e) and e.period != period), None)
        out.append({"id": t.id, "goal": t.goal, "lead": leads, "others": [aliases.get(u, u) for u in t.units.others],
                    "last_reported": last.period if last else None})
    return out


def units(reg: Registry, assessments: list[Assessment], period: str, aliases: dict[str, str] | None = None) -> list[dict]:
    """`audit units`: per lead unit, tasks led by status and unreported; the units to name first.

    A task with several lead units counts for each. Tasks a unit only supports are counted in
    `supporting` and not in the status columns. Sorted: stalled, lagging, unreported (most first).
    """
    aliases = aliases or {}
    by_id = {a.task_id: a for a in assessments}
    table: dict[str, dict] = {}

    def row(name: str) -> dict:
        if name not in table:
            table[name] = {"unit": name, "led": 0, "completed": 0, "on_track": 0, "lagging": 0, "stalled": 0,
                           "unassessed": 0, "unreported": 0, "supporting": 0,
                           "tasks": {"completed": [], "on_track": [], "lagging": [], "stalled": [], "unassessed": []},
                           "unreported_ids": [], "supporting_ids": []}
        return table[name]

    for t in reg.tasks:
        a = by_id.get(t.id)
        status = a.status if a else "unassessed"
        leads = _dedupe(aliases.get(u, u) for u in t.units.lead) or [NO_LEAD]
        for name in leads:
            r = row(name)
            r["led"] += 1
            r[status] += 1
            r["tasks"][status].append(t.id)
            if not reported(t.entry(period)):
                r["unreported"] += 1
                r["unreported_ids"].append(t.id)
        for name in _dedupe(aliases.get(u, u) for u in t.units.others):
            if name in leads:
                continue
            r = row(name)
            r["supporting"] += 1
            r["supporting_ids"].append(t.id)
    rows = list(table.values())
    rows.sort(key=lambda r: (r["unit"] == NO_LEAD, -r["stalled"], -r["lagging"], -r["unreported"], -r["led"], r["unit"]))
    return rows


def _dedupe(names) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out
