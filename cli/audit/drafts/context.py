"""The draft's content as plain data: what a template may use (documented in docs/templates.md).

Data flows registry + assessments + status report -> `build_context` -> a template. The draft
speaks of the period reported: its title, opening and period words follow the period (the
registry's `meta.title` stays the title of the circular it was imported from), and it is signed
with the draft's own date. Its counts are the status report's, and its figures those the
judgement used (drafts/grounds.py).
"""
from __future__ import annotations

import re
from datetime import date

from audit.core.model import Registry, period_label
from audit.core.numerals import to_chinese
from audit.core.titles import draft_title, period_month, retime
from audit.drafts.filters import f_date, f_units
from audit.drafts.grounds import grounds, used_target, verdict


def build_context(reg: Registry, report: dict, period: str, *, signed: date, extras: list[dict] | None = None,
                  title: str | None = None, issuer: str | None = None) -> dict:
    """Everything a template may use, as plain data.

    `report` is `reports.status(...)` for the whole registry (it carries every assessment as a
    task row): the summary numbers are exactly those of `audit status --json`. `signed` is the
    draft's date; `title` and `issuer`, when given, replace the ones the registry implies.
    `extras`, when given, are `task_extras(...)` for each of the report's rows, made where the
    tasks were assessed, and `reg` need not carry its tasks (only meta and sections are read).
    """
    if extras is not None:
        tasks = [{**r, **x} for r, x in zip(report["tasks"], extras)]
    else:
        rows = {r["id"]: r for r in report["tasks"]}
        tasks = [{**rows[t.id], **task_extras(t, rows[t.id], period)} for t in reg.tasks if t.id in rows]
    by_task = {t["id"]: t for t in tasks}
    unreported = [by_task[i] for i in report["unreported"] if i in by_task]
    return {
        "meta": _meta(reg),
        "draft": _draft(reg, period, signed, title, issuer),
        "period": _period(reg, period),
        "summary": _summary(report, tasks, by_task, unreported),
        "sections": _sections(reg, report, tasks),
        "tasks": tasks,
        "problems": {
            "stalled": [x for x in tasks if x["status"] == "stalled"],
            "lagging": [x for x in tasks if x["status"] == "lagging"],
            "unassessed": [x for x in tasks if x["status"] == "unassessed"],
            "unclear": [x for x in tasks if x["status"] == "unassessed" and "unreported" not in x["flags"]],
            "unreported": unreported,
            "unreported_refs": unreported_refs(unreported),
            "unreported_units": list(dict.fromkeys(u for x in unreported for u in x["units"]["lead"])),
        },
        "report": report,
    }


def _meta(reg: Registry) -> dict:
    meta = reg.meta
    return {
        "title": meta.title,
        "issuer": meta.issuer,
        "year": meta.year,
        "pace": meta.pace,
        "date_style": meta.date_style,
        "yellow_gap": meta.yellow_gap,
        "opening": meta.opening,
        "published": meta.published,
    }


def _draft(reg: Registry, period: str, signed: date, title: str | None, issuer: str | None) -> dict:
    meta = reg.meta
    month, word = period_month(period), _label(reg, period)
    return {
        "title": title if title is not None else draft_title(meta.title, meta.year, month, word),
        "opening": retime(meta.opening, month, word)[0] if meta.opening else "",
        "issuer": issuer if issuer is not None else meta.issuer,
        "government": government(issuer if issuer is not None else meta.issuer, meta.title),
        "date": signed,
        "date_text": f_date(signed, meta.date_style),
    }


_LEVEL = re.compile(r"(自治区|省|自治州|州|盟|市|自治县|县|旗|区)(?:人民)?政府")


def government(issuer: str, title: str) -> str:
    """The government the office serves, as the opening names it: 县政府 for "某县人民政府督查室" or a
    title "…县政府工作报告…", 市政府 when neither says."""
    for text in (issuer, title):
        m = _LEVEL.search(text or "")
        if m:
            return m[1] + "政府"
    return "市政府"


def _label(reg: Registry, period: str) -> str:
    p = reg.meta.period(period)
    return p.label if p and p.label else period_label(period)


def _period(reg: Registry, period: str) -> dict:
    p = reg.meta.period(period)
    as_of = p.as_of if p else None
    return {
        "id": period,
        "label": _label(reg, period),
        "as_of": as_of,
        # dates inside the text in Arabic figures (GB/T 15835); the signature follows meta.date_style
        "as_of_text": f_date(as_of, "arabic") if as_of else "",
    }


def _summary(report: dict, tasks: list[dict], by_task: dict, unreported: list[dict]) -> dict:
    behind = [x for x in tasks if x["status"] in ("lagging", "stalled")]
    lagging_targets = []
    for x in behind:
        c = x["used_target"]
        if c is not None and c["projection"] is not None and c["projection"] < 1:
            lagging_targets.append({"task": x, **c})
    return {
        "time_progress": report["time_progress"],
        "total": report["total"],
        "counts": report["counts"],
        "shares": report["shares"],
        "sections": report["sections"],
        "rated": report["rated"],
        "mean_ratio": report["mean_ratio"],
        "lagging_targets": lagging_targets,
        "mismatches": [by_task[i] for i in report["mismatches"] if i in by_task],
        "unreported": unreported,
    }


def _sections(reg: Registry, report: dict, tasks: list[dict]) -> list[dict]:
    # one pass over the tasks: a consolidated registry may have hundreds of sections
    by_section: dict[int, list[dict]] = {}
    for x in tasks:
        by_section.setdefault(x["section"], []).append(x)
    stats_of: dict[int, dict] = {}
    for x in report["sections"]:
        stats_of.setdefault(x["no"], x)
    out = []
    for s in reg.sections:
        own = by_section.get(s.no, [])
        known_subs = {u.no for u in s.subs}
        direct = [x for x in own if x["sub"] is None or x["sub"] not in known_subs]
        subs = [{"no": u.no, "cn": to_chinese(u.no), "title": u.title,
                 "tasks": [x for x in own if x["sub"] == u.no]} for u in s.subs]
        out.append({
            "no": s.no,
            "cn": to_chinese(s.no),
            "title": s.title,
            "tasks": direct,
            "subs": subs,
            # one loop renders a section: tasks outside any subsection first, then each subsection
            "groups": ([{"sub": None, "tasks": direct}] if direct else []) + [{"sub": u, "tasks": u["tasks"]} for u in subs],
            "all_tasks": list(own),
            "stats": stats_of.get(s.no),
        })
    return out


_SUB_ID = re.compile(r"^\d+\.(\d+)$")


def unreported_refs(tasks: list[dict]) -> list[str]:
    """Tasks named part by part, runs of three or more as a range: ["第一部分第（二）至（九）项",
    "第二部分第2至9、11、13项"] (tasks in registry order; a run is consecutive numbers in one part)."""
    out: list[str] = []
    part: list[list[tuple[int, str]]] = []  # runs of (number, how it is written)
    section = None

    def flush():
        if part:
            items: list[str] = []
            for run in part:
                if len(run) >= 3:
                    items.append(f"{run[0][1]}至{run[-1][1]}")
                else:
                    items.extend(written for _, written in run)
            out.append(f"第{to_chinese(section)}部分第{'、'.join(items)}项")
            part.clear()

    for x in tasks:
        if x["section"] != section:
            flush()
            section = x["section"]
        n = _number(x)
        if part and n is not None and part[-1][-1][0] is not None and n == part[-1][-1][0] + 1:
            part[-1].append((n, x["item"]))
        else:
            part.append([(n, x["item"])])
    flush()
    return out


def _number(x: dict) -> int | None:
    m = _SUB_ID.match(x["id"])
    if m:
        return int(m[1])
    return int(x["id"]) if x["id"].isdigit() else None


def task_extras(t, row: dict, period: str) -> dict:
    """What a template's task has beyond its status row: numbering, progress text, the call's grounds."""
    entry = t.entry(period)
    m = _SUB_ID.match(t.id)
    if m:  # the economic targets of part one: （一）…（九）
        marker, numbering, item = f"（{to_chinese(int(m[1]))}）", "paren", f"（{to_chinese(int(m[1]))}）"
    else:
        marker, numbering, item = f"{t.id}.", "arabic", t.id
    text = entry.text.strip() if entry else ""
    label = entry.label if entry else next((e.label for e in reversed(t.progress)), "进展情况")
    pace_words = "计划进度" if any(pid == period for pid, _ in t.trajectory) else "序时进度"
    found = grounds(row, pace_words)
    return {
        "marker": marker,
        "numbering": numbering,
        "item": item,
        "ref": f"第{to_chinese(t.section)}部分第{item}项",
        "progress_label": label,
        "progress": text,
        "reported": bool(text),
        "note": entry.note if entry else "",
        "units_text": f_units(row["units"]),
        "grounds": [g._asdict() for g in found],
        "findings": [g.says for g in found if g.kind in ("figure", "date", "mismatch")],
        "quotes": list(dict.fromkeys(g.sentence for g in found if g.sentence)),
        "used_target": used_target(row) if row["status"] in ("lagging", "stalled") else None,
        "verdict": verdict(row, found),
        "line": t.source.line,
        **dates_text(row),
    }


def dates_text(row: dict) -> dict:
    """The deadline and the next milestone in words: “2021年12月底前”, “12月底前主体完工” ("" where none)."""
    d, nxt = row.get("deadline"), row.get("next_milestone")
    return {"deadline_text": f"{d['words']}{d['what']}" if d and d["date"] else "",
            "next_milestone_text": f"{nxt['words']}{nxt['what']}" if nxt and nxt["kind"] == "milestone" else ""}
