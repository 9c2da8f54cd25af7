"""The figure a progress text reports for each target (pure). See docs/method.md §3."""
from __future__ import annotations

import re
from typing import NamedTuple

from audit.core.model import Target
from audit.judge import nouns as nn
from audit.judge.lexicon import Lexicon, default_lexicon
from audit.judge.reading import (
    Quantity,
    Sentence,
    Spans,
    bigrams,
    cjk,
    clause_end,
    clause_start,
    ends_with,
    goal_quotations,
    in_short_quote,
    normalise,
    quantities,
    sentence_at,
    sentences,
    starts_with,
    units,
    wide_clause,
)
from audit.judge.signals import find_signals
from audit.judge.statements import ratio_and_gap_spans
from audit.judge.targets import direction, target_direction


class Found(NamedTuple):
    """The reported figure for one target."""

    value: float  # as written
    unit: str  # as written
    sentence: str  # verbatim
    phrase: str  # the quantity as written, verbatim ("15家", "3.14%")
    start: int  # offset in the progress text (-1 for a zero phrase matched by words)
    estimate: bool = False


class _Text(NamedTuple):
    """One progress text as the actuals need it, read once for all the task's targets."""

    text: str
    norm: str
    sents: tuple[Sentence, ...]
    qs: list[Quantity]
    nouns: list[nn.Counted]
    owners: list[set[int]]
    excluded: Spans
    lex: Lexicon
    year: int
    goal: str


def extract_actuals(text: str, targets: list[Target] | tuple[Target, ...], lexicon: Lexicon | None = None,
                    year: int = 0, goal: str = "", excluded: tuple[tuple[int, int], ...] = ()) -> list[Found | None]:
    """For each target, the figure the progress text reports for it (or None), matched by metric words and unit.

    Candidates are numbers with a compatible unit (万亩 matches 亩; 个 matches 家, not 处) that count
    the target's head noun ("29个露天矿山" does not take "25家矿山修复实施方案") or, for a rate, follow
    the same rate word (覆盖率 does not take 资源化率). Numbers inside a stated ratio or gap, or in
    `excluded` (the names of a list the text sorts by status), in a clause that restates the plan
    (计划、拟、目标…), in a hypothetical (如果…), or repeating the target with its comparator word are
    not actuals. For amounts, neither are numbers in a clause of intent or work under way (申报、推荐、
    正在…: lexicon `intent`) or of preparatory work (可研、立项、招投标…: `preparatory`), unless the
    target is itself about that. Each candidate is scored by the two-character words it shares with the
    target's metric (its own clause counts double); estimates (预计…) are used only for levels and only
    when nothing else matches. A zero phrase naming the metric ("无新增限上住宿企业") reports 0. A figure
    whose clause names an earlier year than the plan `year` ("已完成2020年…项目22个") is not this year's.
    """
    lex = lexicon or default_lexicon()
    norm = normalise(text, lex)
    sents = sentences(text)
    qs = [q for q in quantities(text, lex) if not in_short_quote(norm, q.start, q.end)]  # “最多跑一次”率 is a name
    counted = nn.counted_nouns(norm, qs, sents, lex)
    quoted = goal_quotations(norm, goal)  # the goal quoted back: its figures are the target's
    read = _Text(text, norm, sents, qs, counted, _owners(targets, qs, counted, lex),
                 Spans(ratio_and_gap_spans(text, lex) + list(excluded) + quoted), lex, year, goal)
    return [_best(read, ti, t, targets) or _zero_for(text, t, lex) for ti, t in enumerate(targets)]


def _best(r: _Text, ti: int, t: Target, targets) -> Found | None:
    best: tuple[int, Quantity, Sentence, bool] | None = None
    for i, q in enumerate(r.qs):
        got = _candidate(r, ti, t, i, q, targets)
        if got is not None and (best is None or got[0] >= best[0]):  # ties: the later figure, usually the total
            best = (got[0], q, got[1], got[2])
    if best is None:
        return None
    _, q, s, est = best
    value = q.value
    if q.is_percent:
        want, have = target_direction(t, r.lex), direction(r.norm[clause_start(r.norm, q.start, s.start):q.start], r.lex)
        if want and have and want != have:
            value = -value  # 下降6.4% against a target of 增长5%
    return Found(value, q.unit, s.text, r.text[q.start:q.end], q.start, est)


def _candidate(r: _Text, ti: int, t: Target, i: int, q: Quantity, targets) -> tuple[int, Sentence, bool] | None:
    """(rank, sentence, is an estimate) when figure i may be target t's actual, else None."""
    if t.unit == "%" or q.is_percent:
        if not (t.unit == "%" and q.is_percent):
            return None
    elif not units(r.lex).compatible(q.unit, t.unit):
        return None
    s = sentence_at(r.sents, q.start)
    if s is None or r.excluded.covers(q.start):
        return None
    cstart = clause_start(r.norm, q.start, s.start)
    # the words between the previous figure and this one name what this one counts
    before_own = r.norm[max(cstart, r.qs[i - 1].end if i else 0):q.start]
    bare = _agreement(r, ti, t, i, q, s, before_own, targets)
    if bare is None or _ruled_out(r, t, q, s, cstart):
        return None
    before_sentence = r.norm[s.start:q.start]
    est_rx = r.lex.regex("estimate")
    estimate = bool(est_rx and est_rx.search(before_sentence))
    if estimate and t.kind == "cumulative":
        return None  # an amount expected is not an amount done
    score = _score(bigrams(t.metric), r.norm[cstart:q.start], before_sentence,
                   r.norm[q.end:clause_end(r.norm, q.end)], r.lex)
    if bare or (score <= 0 and q.is_percent and sum(1 for o in targets if o.unit == "%") == 1
                and _names_no_subject(before_sentence, r.lex)):
        # nothing names it, so no word of the target need be repeated: a bare measure, or a bare
        # percentage ("同比增长6.7%" in a row of an indicator table) for the task's one percentage
        score = max(score, 1)
    if score <= 0:
        return None
    # a total after its parts ("……28.6亿元、……96.4亿元，合计125亿元") is the figure for the whole
    rank = score - (100 if estimate else 0) + (1000 if _is_total(r, i, before_own, s) else 0)
    if r.norm[cstart:q.start].lstrip().startswith("其中"):
        rank -= 50  # "其中10亿元以上项目6个": a part of the figure before it, not the whole
    return rank, s, estimate


def _agreement(r: _Text, ti: int, t: Target, i: int, q: Quantity, s: Sentence, before_own: str, targets) -> bool | None:
    """Does figure i count what target t counts? False: yes, by its noun or rate word; True: yes, as a
    bare figure (a measure or a total with no noun, the task's one target in that unit); None: no."""
    if q.is_percent:
        if not nn.rate_agrees(t.metric, before_own, r.lex):
            return None
        changes = r.lex.derive("change_words", lambda: tuple(dict.fromkeys(r.lex.up + r.lex.down + r.lex.change_marks)))
        if cjk(before_own) and any(w in t.metric for w in changes) and not any(w in before_own for w in changes):
            return None  # "按设备投资额的5%给予奖补" is no growth of 技改投资: a named change is said with its word
        mom = r.lex.month_on_month
        if any(w in before_own[-8:] for w in mom) and not any(w in t.metric for w in mom):
            return None  # 当月环比增长1.2%: month on month, not the change the year's target asks for
        return False
    if r.owners[i] and ti not in r.owners[i]:
        return None
    c = r.nouns[i]
    if nn.agrees(nn.heads_with_aliases(t.metric, r.lex), c.noun, c.topic) or (
            c.own.endswith(r.lex.longest_first("containers")) and len(bigrams(c.own) & nn.described(t, r.lex)) >= 4):
        return False
    # a bare measure, or a total after a list ("家庭农场9家、合作社4家，共13家"), goes to the one
    # target of the task measured in that unit
    bare = (nn.bare_measure(q, c, t, r.lex) or (not c.own and _is_total(r, i, before_own, s))
            or nn.own_verb_count(q, before_own, t, r.lex, c))
    if bare and sum(1 for o in targets if o.unit != "%" and units(r.lex).compatible(o.unit, q.unit)) == 1:
        return True
    return None


_OF_THE_TARGET = re.compile(r"[^，,。；;]{0,12}?的[^，,。；;]{0,4}?(?:目标|任务)")  # "…的目标任务": the plan restated


def _ruled_out(r: _Text, t: Target, q: Quantity, s: Sentence, cstart: int) -> bool:
    """Is figure q, though it agrees, not a figure of what was done: an earlier year's, intended,
    preparatory or started work, a plan, the target repeated, a hypothesis?"""
    lex, norm = r.lex, r.norm
    clause = wide_clause(norm, q.start, s.start, s.end)
    if names_earlier_year(clause, lex, r.year, t) or names_earlier_year(_time_opening(norm, s, lex), lex, r.year, t):
        return True
    if t.kind == "cumulative":
        rest = norm[q.start:s.end]
        if cue_applies(lex, "intent", t, clause, goal=r.goal) or cue_applies(lex, "preparatory", t, clause, rest, r.goal):
            return True
        heads = nn.heads_with_aliases(t.metric, lex)
        if not any(h.head in lex.generic_heads for h in heads) and cue_applies(lex, "started", t, clause, goal=r.goal):
            return True  # "15个小区已全部开工" is not 15 renovated; a project started is being carried out
    before_clause, after_clause = norm[cstart:q.start], norm[q.end:clause_end(norm, q.end)]
    plan_rx = lex.regex("plan")
    if plan_rx and (plan_rx.search(before_clause) or plan_rx.match(after_clause.lstrip("的工作"))
                    or _OF_THE_TARGET.match(after_clause)):
        return True
    if starts_with(after_clause, lex.longest_first("floor_after", "ceiling_after")) and q.value == t.value:
        return True  # the target repeated: 15%以上
    hyp_rx = lex.regex("hypothetical")
    return bool(hyp_rx and hyp_rx.search(norm[s.start:q.start]))


def _score(metric_grams: frozenset[str], before_clause: str, before_sentence: str, after_clause: str, lex: Lexicon) -> int:
    core = metric_grams - _generic(lex)
    c = bigrams(before_clause) | bigrams(after_clause)
    if not (core & (c | bigrams(before_sentence))) and core:
        return 0
    return 2 * len(metric_grams & c) + len(metric_grams & bigrams(before_sentence))


def _generic(lex: Lexicon) -> frozenset[str]:
    return lex.derive("generic", lambda: frozenset(lex.generic_words))


def _owners(targets, qs: list[Quantity], counted: list[nn.Counted], lex: Lexicon) -> list[set[int]]:
    """One figure counts one thing: among a task's targets that agree with a figure's noun, it belongs
    to those sharing the most two-character words with it (咸宁市重点项目25个 is not 省重点项目's)."""
    out = []
    u = units(lex)
    for q, c in zip(qs, counted):
        scores = {ti: len(bigrams(t.metric) & bigrams(c.noun)) for ti, t in enumerate(targets)
                  if not q.is_percent and t.unit != "%" and u.compatible(q.unit, t.unit)
                  and nn.agrees(nn.heads_with_aliases(t.metric, lex), c.noun, c.topic)}
        top = max(scores.values(), default=0)
        out.append({ti for ti, v in scores.items() if v == top} if len(scores) > 1 else set())
    return out


def cue_applies(lex: Lexicon, category: str, target: Target, clause: str, rest: str = "", goal: str = "") -> bool:
    """Intent or preparatory words in a figure's clause, unless the target is itself about that: its
    metric, its words, or the clause of the goal it was read from ("争取…上级资金20亿元": 争取 is the
    goal's own verb, left out of the metric). `rest` (the sentence after the clause) counts too when
    the clause has no verb of its own: a heading "③34个试点村污水处理设施，已完成34个村的可研批复…" is
    about what follows it."""
    rx = lex.regex(category)
    if rx is None or rx.search(normalise(target.metric + target.text + _goal_clause(goal, target))):
        return False
    if rx.search(clause):
        return True
    progress = lex.regex("progress")
    return bool(rest) and not (progress and progress.search(clause)) and bool(rx.search(rest))


def _goal_clause(goal: str, target: Target) -> str:
    """The clause of `goal` holding the target's words ('' when they are not in it)."""
    if not goal or not target.text:
        return ""
    norm, words = normalise(goal), normalise(target.text)
    i = norm.find(words)
    if i < 0:
        return ""
    start = max(norm.rfind(c, 0, i) for c in "，,；;。") + 1
    ends = [j for j in (norm.find(c, i + len(words)) for c in "，,；;。") if j >= 0]
    return norm[start:min(ends) if ends else len(norm)]


def _time_opening(norm: str, s: Sentence, lex: Lexicon) -> str:
    """A year that opens the sentence on its own ("2022年，全市共有47家……"), or '': it dates all of it."""
    rx = lex.pattern("time_opening", lambda: r"\s*(?:(?:19|20)\d\d\s*年|" + lex.alternation("earlier_years")
                     + r")[^，,。；;\d]{0,4}[，,]")
    m = rx.match(norm, s.start)
    return m.group(0) if m else ""


def names_earlier_year(clause: str, lex: Lexicon, year: int = 0, target: Target | None = None) -> str:
    """The earlier year a clause reports on ("已完成2020年老旧小区改造项目22个" -> "2020年"), or ''.
    Digit years count only when the plan `year` is known; 去年/上年/前年 always do. Not when the year is
    only a comparison ("比去年同期增长") or when the target itself names that year (结转2020年项目)."""
    own = normalise(target.metric + target.text) if target is not None else ""
    mention = lex.pattern("year_mention", lambda: r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*年|" + lex.alternation("earlier_years"))
    compared = lex.pattern("compared_with", lambda: "(?:" + lex.alternation("compare_words") + ")$")
    for m in mention.finditer(clause):
        if m["y"] and (not year or int(m["y"]) >= year):
            continue
        if compared.search(clause[:m.start()]):
            continue
        if m.group(0) in own:
            continue
        return m.group(0)
    return ""


def _is_total(r: _Text, i: int, before_own: str, s: Sentence) -> bool:
    """Is figure i a total written after its parts ("合计125亿元", "共13家")? It must follow another
    figure in a compatible unit in the same sentence."""
    head = before_own.rstrip()
    head = head[: -len(w)] if (w := ends_with(head, ("为", "达到", "达", "有"))) else head
    if not ends_with(head, r.lex.longest_first("totals")):
        return False
    q, u = r.qs[i], units(r.lex)
    return any(s.start <= p.start < q.start and not p.is_percent and u.compatible(p.unit, q.unit) for p in r.qs[:i])


def _names_no_subject(before: str, lex: Lexicon) -> bool:
    """Does the sentence name nothing before this figure ("同比增长6.7%", "1-9月同比增长")?"""
    rx = lex.pattern("no_subject", lambda: lex.alternation("no_subject"))
    return nn.names_nothing(rx.sub("", before), lex)


def _zero_for(text: str, t: Target, lex: Lexicon) -> Found | None:
    grams = bigrams(t.metric) - _generic(lex)
    for sig in find_signals(text, lex):
        if sig.subject and grams and len(grams & bigrams(sig.subject)) >= max(1, len(grams) // 2):
            return Found(0.0, t.unit, sig.sentence, sig.phrase + sig.subject, sig.start)
    return None
