"""Reports as plain data (dicts and lists), computed once and formatted by output.py or render.py.

The shapes here are the JSON contract documented in docs/json.md.
"""
from __future__ import annotations

from audit.core.dates import due_words
from audit.core.errors import AuditError
from audit.core.model import STATUS_LABELS, STATUSES, Assessment, DueCheck, Registry, Task
from audit.core.numerals import parse_section_no
from audit.core.titles import period_title

SEVERITY = {"stalled": 0, "lagging": 1, "unassessed": 2, "on_track": 3, "completed": 4}
# Evidence that argues a task is behind, in the order a reader should see it.
NEGATIVE_KINDS = ("overdue", "milestone", "status_list", "status_word", "stall", "mismatch", "delay", "no_change", "later",
                  "preparatory", "gap", "planned", "weak_stall")
DATE_KINDS = ("overdue", "milestone")  # their phrase is the date missed ("6月底前开工"), not words of the report
DUE_LABELS = {"met": "已完成", "missed": "已过期未完成", "upcoming": "未到期", "undated": "无时限"}
EVIDENCE_ORDER = {k: i for i, k in enumerate(NEGATIVE_KINDS + ("stated_ratio", "actual", "level", "component_ratio", "done",
                                                                "pending", "manual"))}


def negative_phrases(row: dict) -> list[str]:
    """The trigger words of evidence that a task is behind (暂无进展, 暂缓, …), each once."""
    return list(dict.fromkeys(e["phrase"] for e in row["evidence_detail"]
                              if e["kind"] in NEGATIVE_KINDS and e["kind"] not in DATE_KINDS and e["phrase"]))


def due_row(c: DueCheck) -> dict:
    """A deadline or milestone at the as-of date, as JSON-ready data."""
    d = c.due
    return {"kind": c.kind, "text": d.text, "date": d.date.isoformat() if d.date else None, "what": d.what,
            "origin": d.origin, "state": c.state, "label": DUE_LABELS[c.state], "sentence": c.sentence,
            "words": due_words(d)}


def _dates(a: Assessment) -> dict:
    """The row's deadline, milestones and the next date still to come (None where there is none)."""
    rows = [due_row(c) for c in a.dates]
    ahead = sorted((r for r in rows if r["state"] == "upcoming"), key=lambda r: r["date"])
    return {"deadline": next((r for r in rows if r["kind"] == "deadline"), None),
            "milestones": [r for r in rows if r["kind"] == "milestone"],
            "next_milestone": ahead[0] if ahead else None}


def missed_words(row: dict) -> list[str]:
    """The dates a row has missed, as a sentence names them: 应于6月底前开工, 已过完成时限（9月底前）."""
    out = [f"应于{m['words']}{m['what']}" for m in row.get("milestones", ()) if m["state"] == "missed"]
    d = row.get("deadline")
    if d and d["state"] == "missed":
        out.append(f"已过完成时限（{d['words']}{d['what']}）")
    return out


def ordered_evidence(row: dict) -> list[dict]:
    """Evidence with the sentences that argue 'behind' first, each sentence once."""
    seen: set[str] = set()
    out = []
    for e in sorted(row["evidence_detail"], key=lambda e: EVIDENCE_ORDER.get(e["kind"], 99)):
        if e["sentence"] and e["sentence"] not in seen:
            seen.add(e["sentence"])
            out.append(e)
    return out


def resolve_period(reg: Registry, period: str | None) -> str:
    """The period a report is about: the one asked for (checked), else the latest declared."""
    ids = reg.period_ids
    if period is None:
        if not ids:
            raise AuditError("台账没有声明任何报告期（meta.periods）。请先补上，如 - id: 2021-H1。")
        return ids[-1]
    if period not in ids:
        raise AuditError(f"报告期 “{period}” 不在台账中。已有：{'、'.join(ids) or '无'}。")
    return period


def section_no(reg: Registry, section: str | int | None) -> int | None:
    """Accept 7, "7", "七" or "七、" for a section."""
    if section is None:
        return None
    no = parse_section_no(str(section))
    if no is None or reg.section(no) is None:
        known = "、".join(str(s.no) for s in reg.sections)
        raise AuditError(f"没有第 “{section}” 部分。已有的部分编号：{known}。")
    return no


def task_row(task: Task, a: Assessment) -> dict:
    """One task's assessment as JSON-ready data (the `tasks[]` objects of the contract)."""
    return {
        "id": task.id,
        "section": task.section,
        "sub": task.sub,
        "goal": task.goal,
        "status": a.status,
        "label": STATUS_LABELS[a.status],
        "basis": a.basis,
        "rule": a.rule,
        "ratio": rounded(a.ratio),
        "pace": rounded(a.pace),
        "gap": rounded(a.gap),
        "colour": a.colour,
        "projection": rounded(a.projection),
        # one sentence often backs several findings (an actual, its stated ratio, a mismatch): list it once
        "evidence": list(dict.fromkeys(e.sentence for e in a.evidence if e.sentence)),
        "evidence_detail": [{"kind": e.kind, "phrase": e.phrase, "sentence": e.sentence} for e in a.evidence],
        "reasons": list(a.reasons),
        "flags": list(a.flags),
        "units": {"lead": list(task.units.lead), "others": list(task.units.others)},
        **_dates(a),
        "targets": [
            {
                "metric": c.target.metric,
                "value": c.target.value,
                "high": c.target.high,
                "unit": c.target.unit,
                "cmp": c.target.comparator,
                "kind": c.target.kind,
                "origin": c.target.origin,
                "text": c.target.text,
                "actual": c.actual,
                "actual_unit": c.actual_unit,
                "sentence": c.sentence,
                "ratio": rounded(c.ratio),
                "met": c.met,
                "projection": rounded(c.projection),
            }
            for c in a.checks
        ],
    }


def rounded(x: float | None, n: int = 4) -> float | None:
    """A ratio as every report gives it: four places, or None."""
    return None if x is None else round(x, n)



def _counts(rows: list[dict]) -> dict:
    counts = {s: 0 for s in STATUSES}
    for r in rows:
        counts[r["status"]] += 1
    return counts


def status(reg: Registry, assessments: list[Assessment], period: str, time_progress: float,
           section: int | None = None) -> dict:
    """`audit status`: the year at a glance."""
    by_id = {a.task_id: a for a in assessments}
    rows = [task_row(t, by_id[t.id]) for t in reg.tasks if t.id in by_id and (section is None or t.section == section)]
    return summarise(reg, rows, period, time_progress, section)


def mean_completion(ratios: list[float], tasks: int) -> float | None:
    """The mean of the completion ratios (each counted up to 100%), or None when fewer than half of
    the `tasks` have one: the average of one task of 17 would speak for the other 16."""
    if not ratios or 2 * len(ratios) < tasks:
        return None
    return rounded(sum(min(r, 1.0) for r in ratios) / len(ratios))


def summarise(reg: Registry, rows: list[dict], period: str, time_progress: float, section: int | None = None) -> dict:
    """The status report around its task rows (which need only id, section, status, ratio and flags here)."""
    by_section: dict[int, list[dict]] = {}
    for r in rows:  # one pass: a consolidated registry may have hundreds of sections
        by_section.setdefault(r["section"], []).append(r)
    sections = []
    for s in reg.sections:
        if section is not None and s.no != section:
            continue
        srows = by_section.get(s.no, [])
        ratios = [r["ratio"] for r in srows if r["ratio"] is not None]
        sections.append({
            "no": s.no,
            "title": s.title,
            "tasks": len(srows),
            **_counts(srows),
            "rated": len(ratios),
            "mean_ratio": mean_completion(ratios, len(srows)),
        })
    p = reg.meta.period(period)
    total = len(rows)
    counts = _counts(rows)
    ratios = [r["ratio"] for r in rows if r["ratio"] is not None]
    return {
        "title": reg.meta.title,
        "period_title": period_title(reg.meta.title, reg.meta.year, period, p.label if p else ""),
        "registry": reg.path,
        "period": period,
        "as_of": p.as_of.isoformat() if p else None,
        "time_progress": rounded(time_progress),
        "total": total,
        "counts": counts,
        "shares": {k: rounded(v / total) if total else 0.0 for k, v in counts.items()},
        "rated": len(ratios),
        "mean_ratio": mean_completion(ratios, total),
        "mismatches": [r["id"] for r in rows if "data_mismatch" in r["flags"]],
        "unreported": [r["id"] for r in rows if "unreported" in r["flags"]],
        "overdue": [r["id"] for r in rows if "overdue" in r["flags"]],
        "milestone_missed": [r["id"] for r in rows if "milestone_missed" in r["flags"]],
        "sections": sections,
        "tasks": rows,
    }


def laggards(status_report: dict, *, statuses: tuple[str, ...] = ("stalled", "lagging"), unit: str | None = None,
             top: int | None = None, aliases: dict[str, str] | None = None) -> list[dict]:
    """`audit laggards`: lagging and stalled tasks, worst first (stalled, then furthest below pace)."""
    rows = [r for r in status_report["tasks"] if r["status"] in statuses]
    if unit:
        want = canonical_unit(unit, aliases or {})
        rows = [r for r in rows if want in {canonical_unit(u, aliases or {}) for u in r["units"]["lead"] + r["units"]["others"]}]
    rows.sort(key=lambda r: (SEVERITY[r["status"]], r["gap"] if r["gap"] is not None else 0.0, r["section"]))
    return rows[:top] if top else rows


def canonical_unit(name: str, aliases: dict[str, str]) -> str:
    return aliases.get(name.strip(), name.strip())


def alias_map(reg: Registry) -> dict[str, str]:
    out: dict[str, str] = {}
    for canon, others in reg.meta.aliases:
        out[canon] = canon
        for o in others:
            out[o] = canon
    return out
