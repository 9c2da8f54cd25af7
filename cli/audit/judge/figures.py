"""The figures of a report against the task's targets: actuals, levels, ratios, stated shares, mismatches (pure).

What the figures show is read here once, with the reasons and evidence that explain it; the rules
(judge/rules.py) decide what it means for the call.
"""
from __future__ import annotations

from typing import NamedTuple

from audit.core.model import Actual, Evidence, Progress, Target, TargetCheck
from audit.judge.actuals import Found, extract_actuals
from audit.judge.lexicon import Lexicon
from audit.judge.reading import units
from audit.judge.statements import Stated, actual_ratio_context, is_task_ratio, stated_gaps, stated_ratios

# A stated ratio and the one computed from the figures may differ by rounding; beyond this they disagree.
MISMATCH_TOLERANCE = 0.01
# "~" (左右、约) targets are met within this share below the value.
APPROX_TOLERANCE = 0.05
# Before the year's end, a rate or level to reach (>=) a little below its value is not yet behind:
# the gap allowed is NEAR of the value at the start of the year and shrinks to nothing at its end
# (2% at mid-year: 96.5% against 98%; 1% after three quarters, so 93.2% of 95% is behind; 3% after
# one quarter, so 91.2% of 95% is behind). A ceiling (<=: 失业率控制在4.5%以内) passed is passed
# whenever it happens.
NEAR = 0.04


# ----------------------------------------------------------------------------- wording


def fmt_num(v: float) -> str:
    if v == int(v):
        return str(int(v))
    return f"{v:.4f}".rstrip("0").rstrip(".")


def fmt_pct(share: float) -> str:
    v = round(share * 100, 1)
    return f"{fmt_num(v)}%"


def side(share: float, pace: float) -> str:
    """高于, 等于 or 低于 the pace, as the two figures are shown (50% at 50% is 等于)."""
    a, b = round(share * 100, 1), round(pace * 100, 1)
    return "等于" if a == b else "高于" if a > b else "低于"


_CMP_WORDS = {">=": "以上", "<=": "以内", "~": "左右", "=": ""}


def target_words(t: Target) -> str:
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


def allowed_gap(pace: float) -> float:
    return NEAR * max(0.0, 1.0 - pace)


def near(c: TargetCheck, pace: float) -> bool:
    """A level to reach, not yet reached but close enough for the time of year."""
    t = c.target
    return (pace < 1 and t.kind == "level" and t.comparator in (">=", "~") and c.actual is not None
            and t.value > 0 and c.actual < t.value and c.actual >= t.value * (1 - allowed_gap(pace)))


def partial_year(c: TargetCheck) -> bool:
    """A level held in an amount ("粮食播种面积稳定在45万亩以上") that the figure so far does not reach,
    before the year is out: the figure is part of the year's amount, so it shows neither success nor failure."""
    return c.target.kind == "level" and c.actual is not None and c.met is None


def _registry_actual(target: Target, actuals: tuple[Actual, ...], n_targets: int, lex: Lexicon) -> Actual | None:
    u = units(lex)
    for a in actuals:
        if a.metric and a.metric == target.metric and (not a.unit or u.compatible(a.unit, target.unit or a.unit)):
            return a
    for a in actuals:
        if not a.metric and n_targets == 1:
            return a
    for a in actuals:
        if a.unit and target.unit and u.compatible(a.unit, target.unit) and a.metric and (
                a.metric in target.metric or target.metric in a.metric):
            return a
    return None


def check_targets(targets, entry: Progress, pace: float, lex: Lexicon, year: int = 0, goal: str = "",
                  excluded: tuple[tuple[int, int], ...] = ()) -> list[tuple[TargetCheck, Found | None]]:
    """Each target against the actual written in the registry, or else the one read from the text
    (`year`: the plan year, so that figures for earlier years are not taken; `excluded`: spans of the
    text whose figures name things rather than report them)."""
    found = extract_actuals(entry.text, targets, lex, year, goal, excluded)
    u = units(lex)
    out = []
    for t, f in zip(targets, found):
        written = _registry_actual(t, entry.actuals, len(targets), lex)
        actual, sentence = None, ""
        if written is not None:
            actual = u.convert(written.value, written.unit or t.unit, t.unit) if t.unit else written.value
            f = None
        elif f is not None:
            actual = u.convert(f.value, f.unit, t.unit) if t.unit else f.value
            sentence = f.sentence
        if actual is None:
            out.append((TargetCheck(t), None))
        else:
            out.append((_checked(t, actual, sentence, pace, lex), f))
    return out


def _checked(t: Target, actual: float, sentence: str, pace: float, lex: Lexicon) -> TargetCheck:
    if t.kind == "level":
        met = level_met(t, actual)
        if not met and pace < 1 and t.unit not in lex.rate_units and t.comparator != "<=" and t.unit not in lex.durations:
            # 播种面积稳定在45万亩: the year's amount, not yet reached by its part (see partial_year); a
            # ceiling passed, or a time limit (去化周期18个月以内) missed, is missed whenever it happens
            met = None
        return TargetCheck(t, actual, t.unit, sentence, met=met)
    ratio = actual / t.value if t.value else None
    met = None if ratio is None else (ratio >= 1 if t.comparator != "<=" else actual <= t.value)
    projection = ratio / pace if ratio is not None and pace > 0 else None
    return TargetCheck(t, actual, t.unit, sentence, ratio=ratio, met=met, projection=projection)


# ----------------------------------------------------------------------------- what the figures show


class Figures(NamedTuple):
    """What the figures of one report show, with the words that explain it."""

    checks: tuple[TargetCheck, ...]
    ratio: float | None  # the task's completion: lowest amount's ratio, else pace + stated gap, else stated share
    projection: float | None
    amounts: tuple[TargetCheck, ...]  # cumulative targets with a ratio
    levels: tuple[TargetCheck, ...]  # levels judged (met is True or False)
    stated: tuple[Stated, ...]  # shares the text states of the whole task, no figure of ours claiming them
    components: tuple[Stated, ...]  # shares of one project's own size
    gaps: tuple[Stated, ...]
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    flags: tuple[str, ...]
    ahead: frozenset[Evidence] = frozenset()  # evidence that argues the task is on pace or done
    late_evidence: tuple[Evidence, ...] = ()  # the shares read when no figure was found, listed after the words

    @property
    def quantitative(self) -> bool:
        return self.ratio is not None or bool(self.levels)

    @property
    def complete(self) -> bool:
        """Every target known and met (a task of levels only is complete at the year's end alone)."""
        return bool(self.checks) and all(c.met for c in self.checks)


def read_figures(pairs: list[tuple[TargetCheck, Found | None]], text: str, goal: str, targets, pace: float,
                 pace_words: str, lex: Lexicon, shares: tuple[tuple[int, int], ...] = ()) -> Figures:
    """The figures of `text` against `targets` (`pairs` from check_targets); `shares`: spans whose
    percentages are shares of a list of tasks, not of this one."""
    checks = tuple(c for c, _ in pairs)
    reasons, evidence = _figure_lines(pairs, pace, pace_words)
    flags: list[str] = []
    _mismatches(text, pairs, lex, reasons, evidence, flags)
    claimed = {c.sentence for c in checks if c.actual is not None}
    every = [s for s in stated_ratios(text, lex) if not _inside(s.start, shares)]
    unclaimed = [s for s in every if s.sentence not in claimed]
    stated = [s for s in unclaimed if is_task_ratio(s, goal, targets, lex)]
    components = tuple(s for s in unclaimed if s not in set(stated))
    _single_amount(pairs, targets, stated, reasons, evidence, flags)
    gaps = tuple(g for g in stated_gaps(text, lex) if g.ref)  # against last year (比上年低2个百分点) is no gap to the target
    evidence += [Evidence("gap", g.sentence, g.phrase) for g in gaps]
    amounts = tuple(c for c in checks if c.ratio is not None)
    levels = tuple(c for c in checks if c.met is not None and c.target.kind == "level")
    ratio = min((c.ratio for c in amounts), default=None)
    projections = [c.projection for c in amounts if c.projection is not None]
    late: list[Evidence] = []
    if ratio is None and not levels:
        ratio = _stated_only(gaps, stated, pace, pace_words, lex, reasons, late)
    if components:
        late += [Evidence("component_ratio", s.sentence, s.phrase) for s in components]
        reasons.append("单项工程的进度（" + "、".join(f"“{s.phrase}”" for s in components)
                       + "）只说明该工程，不作为整项任务的完成比例")
    return Figures(checks, ratio, min(projections) if projections else None, amounts, levels, tuple(stated),
                   components, gaps, tuple(reasons), tuple(evidence), tuple(flags), _ahead(pairs, every, gaps, pace), tuple(late))


def _ahead(pairs, stated, gaps, pace: float) -> frozenset[Evidence]:
    """The evidence that argues the task is on pace or done: a level met, an amount at or above the
    pace, a share stated at or above it, a gap ahead. A call of behind never quotes it."""
    out = set()
    for c, f in pairs:
        if c.actual is None:
            continue
        phrase = f.phrase if f else ""
        if c.target.kind == "level" and (c.met or near(c, pace)):
            out.add(Evidence("level", c.sentence, phrase))
        elif c.target.kind != "level" and c.ratio is not None and (c.met or c.ratio >= pace):
            out.add(Evidence("actual", c.sentence, phrase))
    out.update(Evidence("stated_ratio", s.sentence, s.phrase) for s in stated if s.value >= pace)
    out.update(Evidence("gap", g.sentence, g.phrase) for g in gaps if g.value > 0)
    return frozenset(out)


def _inside(pos: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _figure_lines(pairs, pace: float, pace_words: str) -> tuple[list[str], list[Evidence]]:
    """A reason and a piece of evidence for each target whose figure was found."""
    reasons: list[str] = []
    evidence: list[Evidence] = []
    for c, f in pairs:
        t = c.target
        if c.actual is None:
            continue
        shown = f"{t.metric}{fmt_num(c.actual)}{t.unit}"
        phrase = f.phrase if f else ""
        if t.kind == "level":
            evidence.append(Evidence("level", c.sentence, phrase))
            reasons.append(_level_line(c, f, pace, shown))
            continue
        evidence.append(Evidence("actual", c.sentence, phrase))
        done = f"{shown}，目标{target_words(t)}，完成{fmt_pct(c.ratio)}"
        if c.met:
            reasons.append(f"{done}，已完成全年目标")
        elif pace >= 1:
            reasons.append(f"{done}，未完成全年目标")
        else:
            reasons.append(f"{done}，{side(c.ratio, pace)}{pace_words}{fmt_pct(pace)}")
    return reasons, evidence


def _level_line(c: TargetCheck, f: Found | None, pace: float, shown: str) -> str:
    t = c.target
    estimated = "（为预计数）" if f is not None and f.estimate else ""
    if partial_year(c):
        return f"{shown}{estimated}，目标{target_words(t)}是全年数，未到年末，不据此判断是否达到"
    if not c.met and near(c, pace):
        return (f"{shown}{estimated}，目标{target_words(t)}，尚差{fmt_num(t.value - c.actual)}{t.unit}，"
                f"已接近目标（差距在{allowed_gap(pace):.1%}以内），未到年末，不判滞后")
    return f"{shown}{estimated}，目标{target_words(t)}，{'达到' if c.met else '未达到'}目标"


def ratios_agree(stated: float, computed: float) -> bool:
    """Equal within rounding, or both at or past 100% (over-fulfilment is often written as 100%)."""
    return abs(stated - computed) <= MISMATCH_TOLERANCE or (stated >= 1 and computed >= 1)


def _mismatch_line(st: Stated, c: TargetCheck) -> str:
    return (f"数据不一致：报送称“{st.phrase}”，但按{fmt_num(c.actual)}{c.target.unit}÷"
            f"{fmt_num(c.target.value)}{c.target.unit}计算为{fmt_pct(c.ratio)}，请核实")


def _mismatches(text: str, pairs, lex: Lexicon, reasons: list[str], evidence: list[Evidence], flags: list[str]) -> None:
    """Each ratio stated after an actual in its sentence, checked against every ratio computed."""
    checks = [c for c, _ in pairs]
    for st, c in _stated_after_actuals(text, pairs, lex):
        evidence.append(Evidence("stated_ratio", st.sentence, st.phrase))
        if any(ratios_agree(st.value, o.ratio) for o in checks if o.ratio is not None):
            continue
        if "data_mismatch" not in flags:
            flags.append("data_mismatch")
        evidence.append(Evidence("mismatch", st.sentence, st.phrase))
        reasons.append(_mismatch_line(st, c))


def _stated_after_actuals(text: str, pairs, lex: Lexicon) -> list[tuple[Stated, TargetCheck]]:
    """Each ratio stated after an actual in its sentence ("完成投资82.5亿元，完成年度目标的68.8%"), once,
    with the target it most likely speaks of: the one whose actual comes nearest before it."""
    by_ratio: dict[int, tuple[Stated, TargetCheck, int]] = {}
    for c, f in pairs:
        if c.ratio is None or f is None:
            continue
        st = actual_ratio_context(text, f.start, f.sentence, lex)
        if st is None:
            continue
        held = by_ratio.get(st.start)
        if held is None or f.start > held[2]:
            by_ratio[st.start] = (st, c, f.start)
    return [(st, c) for st, c, _ in sorted(by_ratio.values(), key=lambda v: v[0].start)]


def _single_amount(pairs, targets, stated: list[Stated], reasons: list[str], evidence: list[Evidence],
                   flags: list[str]) -> None:
    """A task ratio stated in a sentence of its own ("完成率：85%", a table's column) against the one ratio
    computed from the figures: a task with a single amount has no other figure it could mean."""
    amounts = [c for c, _ in pairs if c.ratio is not None]
    if len(amounts) != 1 or len([t for t in targets if t.kind == "cumulative"]) != 1:
        return
    c = amounts[0]
    for st in stated:
        evidence.append(Evidence("stated_ratio", st.sentence, st.phrase))
        if ratios_agree(st.value, c.ratio) or "data_mismatch" in flags:
            continue
        flags.append("data_mismatch")
        evidence.append(Evidence("mismatch", st.sentence, st.phrase))
        reasons.append(_mismatch_line(st, c))


def _stated_only(gaps, stated, pace: float, pace_words: str, lex: Lexicon, reasons: list[str],
                 evidence: list[Evidence]) -> float | None:
    """With no figure for any target, the completion the text states outright: the pace less a stated
    gap behind it ("滞后序时进度9.8个百分点"), else the lowest share stated of the whole task."""
    to_pace = [g for g in gaps if g.ref in lex.pace_refs]
    if to_pace:
        g = to_pace[0]
        reasons.append(f"报送称“{g.phrase}”")
        return max(0.0, pace + g.value / 100)
    if stated:
        low = min(stated, key=lambda s: s.value)
        evidence += [Evidence("stated_ratio", s.sentence, s.phrase) for s in stated]
        reasons.append(f"报送称“{low.phrase}”，{'不低于' if low.value >= pace else '低于'}{pace_words}{fmt_pct(pace)}")
        return low.value
    return None
