"""The judgement on each task for one period: time progress, ratios, status, colour, evidence (pure).

Nothing here reads the clock, the environment or the terminal: the as-of date comes from the
registry (period, or the progress entry), the lexicon is passed in. See docs/method.md.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from audit.core.model import (
    Actual,
    Assessment,
    Evidence,
    Meta,
    Progress,
    Registry,
    Target,
    TargetCheck,
    Task,
    default_as_of,
)
from audit.judge import deadlines as dl
from audit.judge import extract as ex

# A stated ratio and the one computed from the figures may differ by rounding; beyond this they disagree.
MISMATCH_TOLERANCE = 0.01
# "~" (左右、约) targets are met within this share below the value.
APPROX_TOLERANCE = 0.05


# ----------------------------------------------------------------------------- time progress


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


def _as_of(meta: Meta, period_id: str, entry: Progress | None) -> date | None:
    if entry is not None and entry.as_of is not None:
        return entry.as_of
    p = meta.period(period_id)
    if p is not None and p.as_of is not None:
        return p.as_of
    return default_as_of(period_id)


def task_pace(task: Task, meta: Meta, period_id: str, entry: Progress | None = None,
              dated: tuple[float, str] | None = None) -> tuple[float, str]:
    """The share of the year target due by this period, and where it came from ("trajectory", "milestones",
    "deadline", "span", "months"/"days"). `dated`: the pace the task's own dates set (judge/deadlines.py)."""
    for pid, share in task.trajectory:
        if pid == period_id:
            return share, "trajectory"
    if dated is not None:
        return dated
    when = _as_of(meta, period_id, entry)
    if when is None:
        return 1.0, meta.pace
    share = time_progress(meta.year or when.year, when, meta.pace)
    span = _SPAN.search(task.goal)
    year = meta.year or when.year
    if span:
        first, last = int(span["a"]), int(span["b"])
        if first < last <= first + 10 and first <= year <= last:
            # a goal over several years ("（2024—2026年）……分三年完成12.6公里"): its amount is the whole
            # span's, so what is due is the years gone by plus this year's share, over the span
            return ((year - first) + share) / (last - first + 1), "span"
    return share, meta.pace


_SPAN = re.compile(r"(?P<a>20\d\d)\s*(?:年)?\s*[—\-–~～至到]+\s*(?P<b>20\d\d)\s*年")


# ----------------------------------------------------------------------------- formatting (Chinese reasons)


def fmt_num(v: float) -> str:
    if v == int(v):
        return str(int(v))
    return f"{v:.4f}".rstrip("0").rstrip(".")


def fmt_pct(share: float) -> str:
    v = round(share * 100, 1)
    return f"{fmt_num(v)}%"


_CMP_WORDS = {">=": "以上", "<=": "以内", "~": "左右", "=": ""}


# Before the year's end, a rate or level to reach (>=) a little below its value is not yet behind:
# the gap allowed is NEAR of the value at the start of the year and shrinks to nothing at its end
# (2% at mid-year: 96.5% against 98%; 1% after three quarters, so 93.2% of 95% is behind; 3% after
# one quarter, so 91.2% of 95% is behind). A
# ceiling (<=: 失业率控制在4.5%以内) passed is passed whenever it happens.
NEAR = 0.04


def _allowed_gap(pace: float) -> float:
    return NEAR * max(0.0, 1.0 - pace)


def _near(c: TargetCheck, pace: float) -> bool:
    t = c.target
    return (pace < 1 and t.kind == "level" and t.comparator in (">=", "~") and c.actual is not None
            and t.value > 0 and c.actual < t.value and c.actual >= t.value * (1 - _allowed_gap(pace)))


def _target_words(t: Target) -> str:
    value = fmt_num(t.value) if t.high is None else f"{fmt_num(t.value)}-{fmt_num(t.high)}"
    return f"{value}{t.unit}{_CMP_WORDS.get(t.comparator, '')}"


# ----------------------------------------------------------------------------- checking targets


def level_met(target: Target, actual: float) -> bool:
    """A level judged directly by its comparator; "~" is met from 5% below the value upward."""
    v = target.value
    if target.comparator == ">=":
        return actual >= v
    if target.comparator == "<=":
        return actual <= (target.high if target.high is not None else v)
    if target.comparator == "~":
        return actual >= v - abs(v) * APPROX_TOLERANCE
    return abs(actual - v) <= abs(v) * 1e-9 or (target.high is not None and v <= actual <= target.high)


def _registry_actual(target: Target, actuals: tuple[Actual, ...], n_targets: int) -> Actual | None:
    for a in actuals:
        if a.metric and a.metric == target.metric and (not a.unit or ex.units_compatible(a.unit, target.unit or a.unit)):
            return a
    for a in actuals:
        if not a.metric and n_targets == 1:
            return a
    for a in actuals:
        if a.unit and target.unit and ex.units_compatible(a.unit, target.unit) and a.metric and (
                a.metric in target.metric or target.metric in a.metric):
            return a
    return None


def check_targets(targets: tuple[Target, ...], entry: Progress, pace: float, lexicon: ex.Lexicon,
                  year: int = 0) -> list[TargetCheck]:
    """Each target against the actual written in the registry, or else the one read from the text
    (`year`: the plan year, so that figures for earlier years are not taken)."""
    return [c for c, _ in _checks(targets, entry, pace, lexicon, year)]


def _checks(targets, entry: Progress, pace: float, lexicon: ex.Lexicon,
            year: int = 0, goal: str = "") -> list[tuple[TargetCheck, ex.Found | None]]:
    found = ex.extract_actuals(entry.text, targets, lexicon, year, goal)
    out = []
    for t, f in zip(targets, found):
        written = _registry_actual(t, entry.actuals, len(targets))
        actual = None
        sentence = ""
        if written is not None:
            actual = ex.convert(written.value, written.unit or t.unit, t.unit) if t.unit else written.value
            f = None
        elif f is not None:
            actual = f.in_unit(t.unit) if t.unit else f.value
            sentence = f.sentence
        if actual is None:
            out.append((TargetCheck(t), None))
            continue
        if t.kind == "level":
            met = level_met(t, actual)
            if not met and pace < 1 and not _rate_unit(t.unit) and t.comparator != "<=" and t.unit not in ex.DURATIONS:
                # 播种面积稳定在45万亩: the year's amount, not yet reached by its part (see partial_year); a
                # ceiling passed, or a time limit (去化周期18个月以内) missed, is missed whenever it happens
                met = None
            out.append((TargetCheck(t, actual, t.unit, sentence, met=met), f))
            continue
        ratio = actual / t.value if t.value else None
        met = None if ratio is None else (ratio >= 1 if t.comparator != "<=" else actual <= t.value)
        projection = ratio / pace if ratio is not None and pace > 0 else None
        out.append((TargetCheck(t, actual, t.unit, sentence, ratio=ratio, met=met, projection=projection), f))
    return out


def _rate_unit(unit: str) -> bool:
    """Units of a rate or a change (%, 个百分点, 倍), as against amounts (万亩, 吨, 家)."""
    return unit in ex.LEVEL_UNITS


def partial_year(c: TargetCheck) -> bool:
    """A level held in an amount ("粮食播种面积稳定在45万亩以上") that the figure so far does not reach,
    before the year is out: the figure is part of the year's amount, so it shows neither success nor failure."""
    return c.target.kind == "level" and c.actual is not None and c.met is None


# ----------------------------------------------------------------------------- the judgement


def assess_task(task: Task, meta: Meta, period_id: str, lexicon: ex.Lexicon | None = None) -> Assessment:
    """Judge one task for one period. See docs/method.md for the rules, in order."""
    lex = lexicon or ex.default_lexicon()
    entry = task.entry(period_id)
    when = _as_of(meta, period_id, entry)
    year = meta.year or (when.year if when else 0)
    # -- deadlines and milestones (judge/deadlines.py) join the judgement here and only here: the pace their
    # dates set, and, after every other rule, the last word on a date passed unmet
    plan = dl.schedule(task, year)
    judged = _judge_on_pace(task, meta, period_id, lex, task_pace(task, meta, period_id, entry, dl.pace(plan, when, year)))
    return dl.judge(judged, plan, when, dl.texts_so_far(task, period_id, [p.id for p in meta.periods]), lex)


def _judge_on_pace(task: Task, meta: Meta, period_id: str, lex: ex.Lexicon,  # noqa: C901
                   paced: tuple[float, str]) -> Assessment:
    """Judge one task for one period against `paced` (the share due, and what set it)."""
    entry = task.entry(period_id)
    pace, pace_kind = paced
    base = dict(task_id=task.id, period=period_id, pace=pace)

    if entry is not None and entry.status:
        reasons = [f"人工认定：{entry.note}" if entry.note else "人工认定"]
        ev = (Evidence("manual", entry.note, ""),)
        colour = {"completed": "green", "on_track": "green", "lagging": "yellow", "stalled": "red"}.get(entry.status, "")
        return Assessment(status=entry.status, basis="manual", colour=colour, evidence=ev,
                          reasons=tuple(reasons), **base)

    if entry is None or not entry.text.strip():
        why = "本期未报送进展情况" if entry is None else "进展情况为空"
        return Assessment(status="unassessed", basis="none", flags=("unreported",), reasons=(why,), **base)

    text = entry.text
    targets = task.targets or tuple(ex.extract_targets(task.goal))
    when = _as_of(meta, period_id, entry)
    pairs = _checks(targets, entry, pace, lex, meta.year or (when.year if when else 0), task.goal) if targets else []
    checks = [c for c, _ in pairs]
    evidence: list[Evidence] = []
    reasons: list[str] = []
    flags: list[str] = []
    pace_words = {"trajectory": "计划进度", "span": "分年计划进度", "milestones": "节点进度",
                  "deadline": "按完成时限的序时进度"}.get(pace_kind, "序时进度")

    # -- figures: actuals, levels, stated ratios, mismatches
    for c, f in pairs:
        t = c.target
        if c.actual is None:
            continue
        shown = f"{t.metric}{fmt_num(c.actual)}{t.unit}"
        phrase = f.phrase if f else ""
        if t.kind == "level":
            evidence.append(Evidence("level", c.sentence, phrase))
            estimated = "（为预计数）" if f is not None and f.estimate else ""
            if partial_year(c):
                reasons.append(f"{shown}{estimated}，目标{_target_words(t)}是全年数，未到年末，不据此判断是否达到")
                continue
            if not c.met and _near(c, pace):
                reasons.append(f"{shown}{estimated}，目标{_target_words(t)}，尚差{fmt_num(t.value - c.actual)}{t.unit}，"
                               f"已接近目标（差距在{_allowed_gap(pace):.1%}以内），未到年末，不判滞后")
                continue
            reasons.append(f"{shown}{estimated}，目标{_target_words(t)}，{'达到' if c.met else '未达到'}目标")
        else:
            evidence.append(Evidence("actual", c.sentence, phrase))
            if c.met:
                reasons.append(f"{shown}，目标{_target_words(t)}，完成{fmt_pct(c.ratio)}，已完成全年目标")
            else:
                if pace >= 1:
                    reasons.append(f"{shown}，目标{_target_words(t)}，完成{fmt_pct(c.ratio)}，未完成全年目标")
                else:
                    side = "高于" if c.ratio >= pace else "低于"
                    reasons.append(f"{shown}，目标{_target_words(t)}，完成{fmt_pct(c.ratio)}，{side}{pace_words}{fmt_pct(pace)}")
    found_by_sentence = {c.sentence for c in checks if c.actual is not None}
    for st, c in _stated_after_actuals(text, pairs):
        evidence.append(Evidence("stated_ratio", st.sentence, st.phrase))
        if any(_ratios_agree(st.value, o.ratio) for o in checks if o.ratio is not None):
            continue
        if "data_mismatch" not in flags:
            flags.append("data_mismatch")
        evidence.append(Evidence("mismatch", st.sentence, st.phrase))
        reasons.append(f"数据不一致：报送称“{st.phrase}”，但按{fmt_num(c.actual)}{c.target.unit}÷"
                       f"{fmt_num(c.target.value)}{c.target.unit}计算为{fmt_pct(c.ratio)}，请核实")
    unclaimed = [s for s in ex.stated_ratios(text) if s.sentence not in found_by_sentence]
    stated = [s for s in unclaimed if ex.is_task_ratio(s, task.goal, targets)]
    stated_set = set(stated)  # a list here made this quadratic in the number of stated ratios (perf)
    components = [s for s in unclaimed if s not in stated_set]
    # a task ratio stated in a sentence of its own ("完成率：85%", a table's column) against the one ratio
    # computed from the figures: a task with a single amount has no other figure it could mean
    amounts = [(c, f) for c, f in pairs if c.ratio is not None]
    if len(amounts) == 1 and len([t for t in targets if t.kind == "cumulative"]) == 1:
        c, f = amounts[0]
        for st in stated:
            evidence.append(Evidence("stated_ratio", st.sentence, st.phrase))
            if _ratios_agree(st.value, c.ratio) or "data_mismatch" in flags:
                continue
            flags.append("data_mismatch")
            evidence.append(Evidence("mismatch", st.sentence, st.phrase))
            reasons.append(f"数据不一致：报送称“{st.phrase}”，但按{fmt_num(c.actual)}{c.target.unit}÷"
                           f"{fmt_num(c.target.value)}{c.target.unit}计算为{fmt_pct(c.ratio)}，请核实")
    gaps = ex.stated_gaps(text)
    for g in gaps:
        evidence.append(Evidence("gap", g.sentence, g.phrase))

    # -- words: stall and delay signals
    signals = ex.find_signals(text, lex)
    strong = [s for s in signals if s.kind == "stall"]
    delays = [s for s in signals if s.kind == "delay"]
    for s in signals:
        evidence.append(Evidence(s.kind, s.sentence, s.phrase + s.subject if s.subject else s.phrase))

    cum = [c for c in checks if c.ratio is not None]
    lev = [c for c in checks if c.met is not None and c.target.kind == "level"]
    ratio = min(c.ratio for c in cum) if cum else None
    projection = min(c.projection for c in cum if c.projection is not None) if any(
        c.projection is not None for c in cum) else None
    basis = "ratio"
    if ratio is None and not lev:
        # no figure for any target: what the text states outright, if anything
        if gaps and any(g.ref in ("序时进度", "时间进度", "序时") for g in gaps):
            g = next(g for g in gaps if g.ref in ("序时进度", "时间进度", "序时"))
            ratio = max(0.0, pace + g.value / 100)
            reasons.append(f"报送称“{g.phrase}”")
        elif stated:
            low = min(stated, key=lambda s: s.value)
            ratio = low.value
            for s in stated:
                evidence.append(Evidence("stated_ratio", s.sentence, s.phrase))
            side = "不低于" if ratio >= pace else "低于"
            reasons.append(f"报送称“{low.phrase}”，{side}{pace_words}{fmt_pct(pace)}")
    if components:
        for s in components:
            evidence.append(Evidence("component_ratio", s.sentence, s.phrase))
        reasons.append("单项工程的进度（" + "、".join(f"“{s.phrase}”" for s in components)
                       + "）只说明该工程，不作为整项任务的完成比例")
    quantitative = ratio is not None or bool(lev)

    # -- status
    if quantitative:
        all_known = all(c.met is not None for c in checks) and bool(checks)
        levels_ok = all(c.met or _near(c, pace) for c in lev)
        has_amount = any(c.target.kind == "cumulative" for c in checks)
        if all_known and all(c.met for c in checks) and (has_amount or pace >= 1):
            status = "completed"
        elif not cum and not lev and stated and ratio >= 1:
            status = "completed"  # the report states the whole task done: "完成年度目标的106.7%"
            reasons.append("报送的完成比例已达到全年目标")
        elif (ratio is None or ratio >= pace) and levels_ok:
            status = "on_track"
        else:
            status = "lagging"
        if status == "on_track" and delays and not strong:
            # the figures are on pace; a part put back ("6个项目开工时间推迟") is noted, not the verdict
            flags.append("partial_delay")
            reasons.append("部分工作延误（按数字仍在序时之内，请关注）：" + _quote(delays))
        elif status in ("completed", "on_track") and (strong or delays):
            status = "lagging"
            reasons.append("但有部分工作" + ("停滞" if strong else "延误") + "：" + _quote(strong or delays))
        elif strong and status == "lagging":
            reasons.append("部分工作停滞：" + _quote(strong))
    else:
        basis = "text"
        # only a task without figures needs this sentence-by-sentence scan (perf)
        progress_elsewhere = ex.has_concrete_progress(text, lex)
        claim = pending = flat = later = early = None
        if not (strong or delays):
            flat = ex.no_change(text, task.goal)
            # every `done` phrase holds a progress word, so without progress there is no claim (perf)
            claim = None if flat or not progress_elsewhere else ex.completion_claim(text, task.goal, lex)
            pending = None if flat or claim else ex.pending_result(text, lex)
            if not (flat or claim or pending) and progress_elsewhere:
                # at the year's end, work said to be still to come was not done this year
                later = ex.still_to_come(text, lex) if pace >= 1 else None
                # from the third quarter on, a task with an amount to deliver that reports only
                # tendering, design and other preparatory work is behind
                early = ex.only_preparatory(text, lex) if not later and pace >= 0.75 and any(
                    t.kind == "cumulative" for t in targets) else None
        halted = ex.halted_now(text, strong, lex) if strong and progress_elsewhere else None
        # what the words say outright, the first of these that applies: no change, still to come,
        # only preparatory work, done, the result not out yet
        said = next(((found, verdict, kind, words) for found, verdict, kind, words in (
            (flat, "lagging", "no_change", "目标要求有所变化，报送称“{p}”：“{s}”"),
            (later, "lagging", "later", "年末报送称这项工作仍在后头（“{p}”）：“{s}”，本年度未完成"),
            (early, "lagging", "preparatory", f"已到{fmt_pct(pace)}的序时进度，报送只说明前期工作：“{{p}}”，未见实物工作量"),
            (claim, "completed", "done", "报送称整项任务已完成：“{s}”"),
            (pending, "unassessed", "pending", "报送称结果或数据尚未出来：“{s}”，需核实"),
        ) if found is not None), None)
        if strong and not progress_elsewhere:
            status = "stalled"
            reasons.append("整项工作无实质进展：" + _quote(strong))
        elif halted:
            status = "stalled"
            reasons.append(f"此前有进展，但目前已停下（“{halted.phrase}”）：“{halted.sentence}”")
        elif strong or delays:
            status = "lagging"
            reasons.append(("部分工作停滞：" if strong else "部分工作延误：") + _quote(strong or delays))
        elif said:
            found, status, kind, words = said
            evidence.append(Evidence(kind, found.sentence, found.phrase))
            reasons.append(words.format(p=found.phrase, s=found.sentence))
            if kind == "pending":
                basis = "none"
                flags.append("pending_result")
        elif progress_elsewhere:
            status = "on_track"
            reasons.append("报送了具体进展，未见停滞或延误")
            if targets and not components:
                # the goal has a figure, the report none for it: the call rests on words alone
                flags.append("target_not_reported")
                reasons.append("但目标有量化指标（" + "、".join(f"{t.metric}{_target_words(t)}" for t in targets[:3])
                               + "），报送中找不到与之对应的数字，无法对照目标，需核实")
        else:
            status = "unassessed"
            basis = "none"
            flags.append("no_concrete_progress")
            reasons.append("进展情况未写明具体进展，需核实")
        if delays and not strong and status == "stalled":
            status = "lagging"

    gap = None if ratio is None else ratio - pace
    colour = _colour(status, gap, meta.yellow_gap, bool(strong))
    if not evidence:
        evidence.append(Evidence("none", ""))
    return Assessment(status=status, basis=basis, ratio=ratio, gap=gap, colour=colour, projection=projection,
                      checks=tuple(checks), evidence=tuple(_dedupe(evidence)), flags=tuple(flags),
                      reasons=tuple(reasons), **base)


def _ratios_agree(stated: float, computed: float) -> bool:
    """Equal within rounding, or both at or past 100% (over-fulfilment is often written as 100%)."""
    return abs(stated - computed) <= MISMATCH_TOLERANCE or (stated >= 1 and computed >= 1)


def _stated_after_actuals(text: str, pairs) -> list[tuple[ex.Stated, TargetCheck]]:
    """Each ratio stated after an actual in its sentence ("完成投资82.5亿元，完成年度目标的68.8%"), once,
    with the target it most likely speaks of: the one whose actual comes nearest before it."""
    by_ratio: dict[int, tuple[ex.Stated, TargetCheck, int]] = {}
    for c, f in pairs:
        if c.ratio is None or f is None:
            continue
        st = ex.actual_ratio_context(text, f)
        if st is None:
            continue
        held = by_ratio.get(st.start)
        if held is None or f.start > held[2]:
            by_ratio[st.start] = (st, c, f.start)
    return [(st, c) for st, c, _ in sorted(by_ratio.values(), key=lambda v: v[0].start)]


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


def _quote(signals: list[ex.Signal]) -> str:
    s = signals[0]
    return f"“{s.sentence}”"


def _dedupe(items: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for e in items:
        if e not in seen:
            seen.add(e)
            out.append(e)
    return out


def assess(registry: Registry, period_id: str | None = None, lexicon: ex.Lexicon | None = None) -> list[Assessment]:
    """Every task of the registry for one period (default: the latest declared period), in file order."""
    if period_id is None:
        latest = registry.meta.latest
        if latest is None:
            return []
        period_id = latest.id
    lex = lexicon or ex.default_lexicon()
    return [assess_task(t, registry.meta, period_id, lex) for t in registry.tasks]
