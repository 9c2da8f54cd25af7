"""The quantitative commitments read from a goal, and the direction of a change (pure)."""
from __future__ import annotations

import re
from typing import NamedTuple

from audit.core.model import Target
from audit.judge.lexicon import Lexicon, default_lexicon
from audit.judge.reading import (
    CLAUSE_END,
    Quantity,
    clause_start,
    ends_with,
    inside_quotes,
    joins_verbs,
    normalise,
    quantities,
    starts_with,
)


def extract_targets(goal: str, lex: Lexicon | None = None) -> list[Target]:
    """The quantitative commitments in a goal, in order, with origin "goal".

    A number is a commitment when it carries a unit (or is a percentage) and is not:
    a year or month (no unit), a name (inside “” 《》), an ordinal (第N), a model (5G, 3A级),
    a project's size ("投资80亿元的…项目": money or a measure followed by 的, or money right after
    投资 that runs on into a name), or a measure glued to a noun ("12万吨煅烧炉", "500千伏变电站").
    Comparator: 以上/不低于/至少/超过/不少于/达到 -> ">="; 以内/不超过/控制在/低于 -> "<=";
    左右/约/力争 -> "~" (words after the number win over words before it). With no word the
    number is a floor (">="), except for metrics where less is better (失业率…), where it is a ceiling.
    Kind: percentages, 倍, "<=" ceilings and words such as 保持/稳定在/控制在 make a "level";
    every other unit makes a "cumulative" amount.
    """
    lex = lex or default_lexicon()
    norm = normalise(goal)
    out: list[Target] = []
    prev_end, prev_metric = 0, ""
    for q in quantities(goal, lex):
        if inside_quotes(norm, q.start):
            continue
        read = _read(goal, norm, q, prev_end, prev_metric, lex)
        prev_end = read.end
        if read.target is not None:
            out.append(read.target)
        if read.metric:
            prev_metric = subject(read.metric, lex)
    return out


class _Read(NamedTuple):
    target: Target | None
    end: int  # where the words of the next commitment may start
    metric: str = ""  # what the number measures, as written (or carried over from the number before)


def _read(goal: str, norm: str, q: Quantity, prev_end: int, prev_metric: str, lex: Lexicon) -> _Read:
    """One number of a goal: the commitment it makes, or none (a size, a name)."""
    post, skip, rest = _after(norm, q, lex)
    if rest.startswith("的"):
        return _Read(None, q.end)  # 投资80亿元的…项目: a size
    if post and _SIZE_CLASS.match(rest):
        return _Read(None, prev_end)  # 其中10亿元以上项目3个: a size class, part of the metric of the count after it
    cstart = _metric_start(norm, q.start, prev_end)
    prefix = norm[cstart:q.start]
    if prefix.startswith("的"):
        return _Read(None, q.end)
    if q.base_unit == "元" and _size_before(lex).search(prefix) and not post and rest[:1] not in CLAUSE_END:
        return _Read(None, q.end)  # 投资13亿元的华润蒲圻电厂: money that names a project
    noun_end, noun = q.end + len(post) + skip, ""
    if not post and rest[:1] and rest[:1] not in CLAUSE_END and not rest[:1].isdigit() and rest[:1] not in "（(":
        if q.base_unit in lex.measures and not starts_with(rest, lex.longest_first("task_nouns")):
            return _Read(None, q.end)  # 12万吨煅烧炉: a measure glued to a noun names the thing
        noun_end = _noun_after(norm, q.end + skip, lex)
        noun = norm[q.end + skip:noun_end]
        # 80个工作日以内: the comparator comes after the noun the number counts
        post = ends_with(noun, lex.longest_first("floor_after", "ceiling_after", "about_after"))
        if post:
            noun = noun[: -len(post)]
    metric = (clean_metric(prefix, lex) + noun).strip("（）()")  # 400户（三年累计1500户）: a bracket is no part of a name
    if q.is_percent and prev_metric and _bare_change(metric, lex):
        metric = prev_metric + metric  # 规上工业总产值620亿元，同比增长8%
    cmp = _comparator(prefix, post, metric, lex)
    level = q.unit in lex.rate_units or cmp == "<=" or any(w in prefix + noun for w in lex.level_words)
    if not level and q.base_unit not in lex.classifiers and q.base_unit not in lex.measures:
        level = True
    span_start = cstart + (len(prefix) - len(prefix.lstrip(" “\"")))
    end = max(noun_end, q.end + len(post))
    target = Target(metric=metric or noun or q.unit, value=q.value, unit=q.unit, comparator=cmp,
                    kind="level" if level else "cumulative", high=q.high, text=goal[span_start:end], origin="goal")
    return _Read(target, end, metric)


_ASIDE = re.compile(r"[(（][^()（）]{1,4}[)）]")
_SIZE_CLASS = re.compile(r"[\u4e00-\u9fff]{1,6}\d")  # a noun, then its count: "以上项目3个"
_QUOTE_MARKS = re.compile(r"[“”\"'‘’]")


def _after(norm: str, q: Quantity, lex: Lexicon) -> tuple[str, int, str]:
    """The comparator word right after a number (以上, 以内, 左右), how many characters of a bracketed
    second unit to skip (5万套（间）), and the text after both."""
    after = norm[q.end:]
    post = starts_with(after, lex.longest_first("floor_after", "ceiling_after", "about_after"))
    rest = after[len(post):]
    aside = _ASIDE.match(rest)
    skip = aside.end() if aside and not post else 0
    return post, skip, rest[skip:]


def _metric_start(norm: str, start: int, prev_end: int) -> int:
    """Where the words of a number's metric start: its clause, with short verbs listed by 、 before it
    (新征、平整、供地1000亩), after a leading 和/及/与/并."""
    cstart = clause_start(norm, start, prev_end)
    while cstart > prev_end + 1 and norm[cstart - 1] == "、":
        seg = clause_start(norm, cstart - 1, prev_end)
        if cstart - 1 - seg > 3 or cstart - 1 - seg == 0:
            break
        cstart = seg
    while cstart < start and norm[cstart] in "和及与并":
        cstart += 1
    return cstart


def _size_before(lex: Lexicon) -> re.Pattern:
    return lex.pattern("size_before", lambda: "(?:" + lex.alternation("size_words") + ")(?:约|达|超)?$")


def _noun_after(text: str, pos: int, lex: Lexicon) -> int:
    """End of the noun right after a quantity ("2000间农家旅舍、" -> end of 农家旅舍; "2606个撤并村通公路" is whole)."""
    i = pos
    while i < len(text) and text[i] not in CLAUSE_END and text[i] not in "和及与等的" and not text[i].isdigit():
        if text[i] == "并" and joins_verbs(text, i, pos, lex):
            break
        i += 1
    return i


def clean_metric(prefix: str, lex: Lexicon) -> str:
    """The words before a number without quotation marks, comparators and empty words (确保、均)."""
    m = _QUOTE_MARKS.sub("", prefix).strip()
    tails = lex.longest_first("floor_before", "ceiling_before", "about_before", "metric_tail")
    heads = lex.longest_first("metric_lead")
    changed = True
    while changed and m:
        changed = False
        w = ends_with(m, tails)
        if w:
            m, changed = m[: -len(w)], True
        w = starts_with(m, heads)
        if w and len(m) > len(w):
            m, changed = m[len(w):], True
    return m.strip()


def _bare_change(metric: str, lex: Lexicon) -> bool:
    """Is the metric only a change word ("同比增长"), which speaks of the metric before it?"""
    rx = lex.pattern("bare_change", lambda: "(?:" + lex.alternation("change_marks") + ")*")
    return bool(rx.fullmatch(metric or ""))


def _comparator(prefix: str, post: str, metric: str, lex: Lexicon) -> str:
    pre = ends_with(prefix, lex.longest_first("floor_before", "ceiling_before", "about_before"))
    if post:
        if post in lex.about_after and pre in lex.ceiling_before:
            return "<="  # 涨幅控制在3%左右: a ceiling, loosely put (0.4% is within it)
        return ">=" if post in lex.floor_after else "<=" if post in lex.ceiling_after else "~"
    if pre in lex.ceiling_before:
        return "<="
    if pre in lex.about_before:
        return "~"
    if pre in lex.floor_before:
        return ">="
    if direction(prefix, lex) == "down":
        return ">="  # 能耗下降3%: the cut must reach 3%, whatever the metric
    if any(w in metric for w in lex.lower_is_better):
        return "<="
    return ">="


def direction(before: str, lex: Lexicon) -> str:
    """'down' or 'up' for the last change word in `before` (the words right before a number), or ''.
    Not for a level reached by the change ("下降到4%", "提高至95%"): that is where it ends, not by how much.
    A figure against a target of the other direction counts negative (下降6.4% against 增长5% is -6.4)."""
    tail = before[-8:]
    end, word = -1, ""
    for w in lex.down + lex.up:  # a few rfinds: cheaper than an alternation (perf)
        i = tail.rfind(w)
        if i >= 0 and (i + len(w) > end or (i + len(w) == end and len(w) > len(word))):
            end, word = i + len(w), w
    if not word or tail[end:].lstrip()[:1] in ("到", "至", "为"):
        return ""
    return "down" if word in lex.down else "up"


def target_direction(t: Target, lex: Lexicon) -> str:
    """The direction of a percentage target's change: 能耗下降3% -> 'down', 利用外资增长5% -> 'up', else ''."""
    return direction(normalise(t.metric), lex)


def subject(metric: str, lex: Lexicon) -> str:
    """规上工业总产值同比增长 -> 规上工业总产值 (the thing a bare '增长8%' that follows refers to)."""
    rx = lex.pattern("subject", lambda: lex.alternation("change_marks"))
    return rx.split(metric)[0]
