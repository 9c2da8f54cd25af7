"""What a report states outright: shares done and gaps in points, with what they are measured against (pure)."""
from __future__ import annotations

import functools
import re
from typing import Iterator, NamedTuple

from audit.core.model import Target
from audit.judge.lexicon import Lexicon
from audit.judge.reading import Quantity, Sentence, clause_start, normalise, quantities, sentence_at, sentences, units


class Stated(NamedTuple):
    """A figure the text states outright: a share done ("完成年目标任务的70%") or a gap in points."""

    kind: str  # "stated_ratio" or "gap"
    value: float  # share as a fraction (0.7), or gap in points, negative when behind (-9.8)
    sentence: str
    phrase: str
    start: int
    ref: str = ""  # what it is measured against: 目标任务, 序时进度…


def _ratio_pattern(lex: Lexicon) -> re.Pattern:
    # 占任务总数的15.2% / 占项目数的20%: a share of a count of tasks, not how far a task has come
    # "完成率分别为68.3%和66.9%": the shares of the places or parts listed before, not of the task
    return lex.pattern("stated", lambda: (
        "(?P<ref>" + lex.alternation("ratio_refs") + r")(?!\s*(?:总?数|个数|数量))"
        r"(?:\s*[:：]\s*|(?:(?!分别)[^，,。；;：:、]){0,14}?)(?:的|已?完成|已?达到?|为)?\s*(?P<pct>\d+(?:\.\d+)?)\s*%"))


def _gap_pattern(lex: Lexicon) -> re.Pattern:
    """A gap in points, what it is measured against written after the word (低于目标0.9个百分点) or
    before it (比序时进度慢5个百分点, 距目标还差2个百分点)."""
    refs = lex.alternation("pace_refs", "target_refs")
    return lex.pattern("gap", lambda: (
        rf"(?:(?P<ref0>{refs})[^，,。；;\d]{{0,3}}?)?(?P<dir>{lex.alternation('gap_behind', 'gap_ahead')})"
        rf"(?P<ref>{refs})?[^，,。；;\d]{{0,4}}?(?P<pts>\d+(?:\.\d+)?)\s*个百分点"))


def stated_ratios(text: str, lex: Lexicon) -> list[Stated]:
    """Shares the text states outright: "占目标值的75%", "完成工程总量62.5%", "总进度已完成70%"."""
    return list(_stated_ratios(text, lex))


@functools.lru_cache(maxsize=64)
def _stated_ratios(text: str, lex: Lexicon) -> tuple[Stated, ...]:
    # read for the figures, and again after each actual for the ratio stated beside it (perf)
    if "%" not in text and "％" not in text:
        return ()
    return tuple([Stated("stated_ratio", float(m["pct"]) / 100, s.text, text[m.start():m.end()], m.start("pct"), m["ref"])
            for m, s in _found_in_sentences(text, _ratio_pattern(lex), lex)])


def stated_gaps(text: str, lex: Lexicon) -> list[Stated]:
    """Gaps stated in points: "滞后序时进度9.8个百分点" -> -9.8, "超序时进度5个百分点" -> +5."""
    out: list[Stated] = []
    if "百分点" not in text:
        return out  # most texts state none: no need to try the pattern at every character (perf)
    for m, s in _found_in_sentences(text, _gap_pattern(lex), lex):
        pts = float(m["pts"])
        if m["dir"] in lex.gap_behind:
            pts = -pts
        out.append(Stated("gap", pts, s.text, text[m.start():m.end()], m.start(), m["ref"] or m["ref0"] or ""))
    return out


def ratio_and_gap_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Where the stated ratios and gaps are: their figures are not actuals."""
    norm = normalise(text, lex)
    spans = [(m.start(), m.end()) for m in _ratio_pattern(lex).finditer(norm)] if "%" in norm else []
    return spans + ([(m.start(), m.end()) for m in _gap_pattern(lex).finditer(norm)] if "百分点" in norm else [])


def _found_in_sentences(text: str, pattern: re.Pattern, lex: Lexicon) -> Iterator[tuple[re.Match, Sentence]]:
    """Each match of `pattern` in the normalised text, with the verbatim sentence holding it."""
    sents = sentences(text)
    for m in pattern.finditer(normalise(text, lex)):
        s = sentence_at(sents, m.start())
        if s is not None:
            yield m, s


def is_task_ratio(st: Stated, goal: str, targets: tuple[Target, ...] | list[Target], lex: Lexicon) -> bool:
    """Does a stated ratio measure the whole task? Yes when it says so (年目标任务…), or when it measures
    a project (lexicon `component_refs`: 工程总量, 形象进度…) and the goal is that single project: no list
    (、), at most one project named, no count of things among the targets."""
    if st.ref not in lex.component_refs:
        return True
    g = normalise(goal)
    projects = lex.pattern("projects", lambda: lex.alternation("project_nouns"))
    classifiers = units(lex).classifiers
    several = "、" in g or len(projects.findall(g)) > 1 or any(t.unit in classifiers for t in targets)
    return not several


def actual_ratio_context(text: str, start: int, sentence: str, lex: Lexicon) -> Stated | None:
    """The stated ratio that follows an actual (at `start`) in its own sentence ("4000人，完成年目标任务的70%")."""
    if start < 0:
        return None
    best = None
    for st in stated_ratios(text, lex):
        if st.start > start and st.sentence == sentence:
            if best is None or st.start < best.start:
                best = st
    return best


class Planned(NamedTuple):
    """A figure planned and the figure actually done, in one sentence ("计划完成投资8亿元，实际完成6亿元")."""

    planned: float  # in the base unit (亿元 -> 元)
    actual: float
    whole_year: bool  # the plan is the year's (全年、年度、总…), not the period's
    sentence: str
    phrase: str  # from the plan's words to the actual figure, verbatim


def planned_actuals(text: str, lex: Lexicon) -> tuple[Planned, ...]:
    """Plans and what was done, within a sentence: a figure whose clause has a plan's words (计划,
    应完成 …: lexicon `planned_marks`) is planned; one whose clause says it was done (实际, 已完成 …:
    `actual_marks`), and those listed after it, are actual. Listed in parallel they pair in order
    ("年内应开工项目28个、应竣工25个，实际开工9个、竣工2个": 28 with 9, 25 with 2); otherwise each actual
    pairs with the nearest plan before it in a compatible unit ("计划总投资136亿元，年度计划投资42亿元，
    已完成投资20亿元": 42 with 20)."""
    norm = normalise(text, lex)
    plan_rx, done_rx = lex.regex("planned_marks"), lex.regex("actual_marks")
    if plan_rx is None or done_rx is None or not plan_rx.search(norm):
        return ()
    out = []
    by_sentence: dict[Sentence, list[Quantity]] = {}
    sents = sentences(text)
    for q in quantities(text, lex):
        s = sentence_at(sents, q.start)
        if s is not None and not q.is_percent:
            by_sentence.setdefault(s, []).append(q)
    for s, qs in by_sentence.items():
        plans, done = _plans_and_actuals(norm, s, qs, plan_rx, done_rx)
        for (p, clause), a in _pairs(plans, done, lex):
            phrase_start = clause_start(norm, p.start, s.start)
            out.append(Planned(p.base, a.base, _for_the_year(clause, norm[s.start:p.start], lex), s.text,
                               text[phrase_start:a.end]))
    return tuple(out)


def _for_the_year(clause: str, before: str, lex: Lexicon) -> bool:
    """Is a plan the year's? Not when its clause names a period (一季度计划, 3月份节点目标); yes when the
    sentence before it says the year or the whole (全年、年度、年内、总投资)."""
    period = lex.pattern("period", lambda: lex.alternation("period_words") + r"|[\d一二三四五六七八九十]+月")
    if period.search(clause):
        return False
    return any(w in before for w in lex.whole_year)


def _plans_and_actuals(norm: str, s: Sentence, qs: list[Quantity], plan_rx, done_rx):
    plans: list[tuple[Quantity, str]] = []
    done: list[Quantity] = []
    for q in qs:
        clause = norm[clause_start(norm, q.start, s.start):q.start]
        if plan_rx.search(clause):
            plans.append((q, clause))
        elif plans and (done_rx.search(clause) or done):
            done.append(q)
    return plans, done


def _pairs(plans, done, lex: Lexicon):
    u = units(lex)
    if len(plans) == len(done):
        pairs = list(zip(plans, done))
    else:
        pairs = []
        for a in done:
            before = [p for p in plans if p[0].start < a.start and u.compatible(p[0].unit, a.unit)]
            if before:
                pairs.append((before[-1], a))
    return [(p, a) for p, a in pairs if a.start > p[0].start and p[0].base > 0 and u.compatible(p[0].unit, a.unit)]
