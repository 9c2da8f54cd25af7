"""What a report states outright: shares done and gaps in points, with what they are measured against (pure)."""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from audit.core.model import Target
from audit.judge.lexicon import Lexicon
from audit.judge.reading import Sentence, normalise, sentence_at, sentences, units


class Stated(NamedTuple):
    """A figure the text states outright: a share done ("完成年目标任务的70%") or a gap in points."""

    kind: str  # "stated_ratio" or "gap"
    value: float  # share as a fraction (0.7), or gap in points, negative when behind (-9.8)
    sentence: str
    phrase: str
    start: int
    ref: str = ""  # what it is measured against: 目标任务, 序时进度…


def _ratio_pattern(lex: Lexicon) -> re.Pattern:
    return lex.pattern("stated", lambda: (
        "(?P<ref>" + lex.alternation("ratio_refs") + ")"
        r"(?:\s*[:：]\s*|[^，,。；;：:、]{0,14}?)(?:的|已?完成|已?达到?|为)?\s*(?P<pct>\d+(?:\.\d+)?)\s*%"))


def _gap_pattern(lex: Lexicon) -> re.Pattern:
    return lex.pattern("gap", lambda: (
        "(?P<dir>" + lex.alternation("gap_behind", "gap_ahead") + ")"
        "(?P<ref>" + lex.alternation("pace_refs", "target_refs") + r")?[^，,。；;\d]{0,4}?"
        r"(?P<pts>\d+(?:\.\d+)?)\s*个百分点"))


def stated_ratios(text: str, lex: Lexicon) -> list[Stated]:
    """Shares the text states outright: "占目标值的75%", "完成工程总量62.5%", "总进度已完成70%"."""
    return [Stated("stated_ratio", float(m["pct"]) / 100, s.text, text[m.start():m.end()], m.start("pct"), m["ref"])
            for m, s in _found_in_sentences(text, _ratio_pattern(lex), lex)]


def stated_gaps(text: str, lex: Lexicon) -> list[Stated]:
    """Gaps stated in points: "滞后序时进度9.8个百分点" -> -9.8, "超序时进度5个百分点" -> +5."""
    out = []
    for m, s in _found_in_sentences(text, _gap_pattern(lex), lex):
        pts = float(m["pts"])
        if m["dir"] in lex.gap_behind:
            pts = -pts
        out.append(Stated("gap", pts, s.text, text[m.start():m.end()], m.start(), m["ref"] or ""))
    return out


def ratio_and_gap_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Where the stated ratios and gaps are: their figures are not actuals."""
    norm = normalise(text, lex)
    return ([(m.start(), m.end()) for m in _ratio_pattern(lex).finditer(norm)]
            + [(m.start(), m.end()) for m in _gap_pattern(lex).finditer(norm)])


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
