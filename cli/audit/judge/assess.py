"""The judgement on each task for one period: the facts read once, the first rule that decides, and
the assessment with its colour, evidence and reasons (pure).

Nothing here reads the clock, the environment or the terminal: the as-of date comes from the
registry (period, or the progress entry), the lexicon is passed in. See docs/method.md.
"""
from __future__ import annotations

from audit.core.model import Assessment, Evidence, Meta, Registry, Task
from audit.judge import deadlines as dl
from audit.judge.facts import Facts
from audit.judge.lexicon import Lexicon, default_lexicon
from audit.judge.rules import Verdict, decide


def assess_task(task: Task, meta: Meta, period_id: str, lexicon: Lexicon | None = None) -> Assessment:
    """Judge one task for one period: the first rule of judge/rules.py RULES that decides."""
    f = Facts(task, meta, period_id, lexicon or default_lexicon())
    r, v = decide(f)
    return assessment(f, r.__name__, v)


def assessment(f: Facts, rule: str, v: Verdict) -> Assessment:
    """The assessment a verdict makes, with what the facts show beside it."""
    base = dict(task_id=f.task.id, period=f.period, pace=f.pace, rule=rule, dates=f.dates(v.status == "completed"))
    if v.alone:
        colour = _colour(v.status, None, f.meta.yellow_gap, False)
        return Assessment(status=v.status, basis=v.basis, colour=colour, evidence=v.evidence, flags=v.flags,
                          reasons=v.reasons, **base)
    if v.status in ("lagging", "stalled") and rule != "date_passed" and f.missed and f.texts_so_far:
        # a task behind by another rule is behind its dates too: said beside the call
        reasons, evidence, flags = dl.missed_notes(f.missed, f.texts_so_far, but=False)
        v = v._replace(reasons=v.reasons + reasons, evidence=v.evidence + evidence, flags=v.flags + flags)
    fig = f.figures
    ratio = fig.ratio if fig.ratio is not None else v.ratio
    gap = None if ratio is None else ratio - f.pace
    basis = v.basis or ("ratio" if fig.quantitative else "text")
    evidence = list(f.evidence + v.evidence)
    if v.status in ("lagging", "stalled"):
        # a call of behind quotes no sentence that only argues otherwise (优良率95% against 83%以上)
        backing = {e.sentence for e in evidence if e not in fig.ahead}
        evidence = [e for e in evidence if e.sentence in backing]
    colour = _colour(v.status, gap, f.meta.yellow_gap, bool(f.strong))
    if "overdue" in v.flags:
        colour = "red"  # a deadline passed unmet
    return Assessment(status=v.status, basis=basis, ratio=ratio, gap=gap, colour=colour, projection=fig.projection,
                      checks=fig.checks, evidence=tuple(_dedupe(evidence)) or (Evidence("none", ""),),
                      flags=fig.flags + v.flags, reasons=fig.reasons + v.reasons, **base)


def _colour(status: str, gap: float | None, yellow_gap: float, stalled_part: bool) -> str:
    if status in ("completed", "on_track"):
        return "green"
    if status == "stalled":
        return "red"
    if status == "unassessed":
        return ""
    if gap is not None and gap < 0:
        return "yellow" if -gap <= yellow_gap + 1e-9 else "red"
    return "red" if stalled_part and gap is None else "yellow"


def _dedupe(items: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for e in items:
        if e not in seen:
            seen.add(e)
            out.append(e)
    return out


def assess(registry: Registry, period_id: str | None = None, lexicon: Lexicon | None = None) -> list[Assessment]:
    """Every task of the registry for one period (default: the latest declared period), in file order."""
    if period_id is None:
        latest = registry.meta.latest
        if latest is None:
            return []
        period_id = latest.id
    lex = lexicon or default_lexicon()
    return [assess_task(t, registry.meta, period_id, lex) for t in registry.tasks]
