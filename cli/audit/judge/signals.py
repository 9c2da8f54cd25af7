"""What the words of a report say: stall and delay signals, concrete progress, and claims about the task (pure)."""
from __future__ import annotations

import functools
import re
from typing import Iterable, NamedTuple

from audit.core.dates import find_dates
from audit.judge.lexicon import Lexicon, compile_phrases, default_lexicon
from audit.judge.nouns import filler_head, names_nothing
from audit.judge.reading import (
    Spans,
    bigrams,
    cjk,
    clause_end,
    clause_start,
    ends_with,
    has_words,
    normalise,
    phrase_spans,
    quantities,
    sentence_at,
    sentences,
    starts_with,
)


class Signal(NamedTuple):
    kind: str  # "stall", "delay", "weak_stall"
    sentence: str  # verbatim
    phrase: str  # the matched words, verbatim
    start: int
    subject: str = ""  # for zero phrases: the words after them (无新增 *限上住宿企业*)


def find_signals(text: str, lexicon: Lexicon | None = None) -> tuple[Signal, ...]:
    """Stall and delay phrases, each with its sentence.

    Not signals: a phrase followed by a guard word (无新增*案件*, 未发生*事故*) or overlapping a guard
    phrase (无群体性事件, 至今未发生). Weak: a phrase followed within six characters by a number, as in a
    list of totals ("未开工项目154个，暂停项目1个"): a statistic, weaker than "项目目前未启动".
    """
    return _find_signals(text, lexicon or default_lexicon())


@functools.lru_cache(maxsize=64)
def _find_signals(text: str, lex: Lexicon) -> tuple[Signal, ...]:
    # the assessment and the actuals' zero phrases ask for the same text's signals (perf)
    norm = normalise(text, lex)
    sents = sentences(text)
    guard_rx, guard_after = lex.regex("guard_phrases"), lex.regex("guard_after")
    guarded = Spans([(g.start(), g.end()) for g in guard_rx.finditer(norm)] if guard_rx else [])
    out: list[Signal] = []
    for start, end, cat in _longest_matches(norm, lex):
        if guarded.overlaps(start, end):
            continue
        tail = norm[end:clause_end(norm, end)]
        if guard_after and (guard_after.match(tail[:8].lstrip("的")) or (cat == "zero" and guard_after.search(tail[:6]))):
            continue
        if _denied(norm, start, lex):
            continue
        s = sentence_at(sents, start)
        if s is None:
            continue
        kind = "stall" if cat in ("stall", "zero") else "delay"
        if kind == "stall" and _NUMBER_SOON.match(tail):
            kind = "weak_stall"
        subject = tail[:_noun_end(tail)] if cat == "zero" else ""
        out.append(Signal(kind, s.text, whole_phrase(text, norm, start, end, _plain(lex)), start, subject))
    return tuple(out)


def _denied(norm: str, start: int, lex: Lexicon) -> bool:
    """A phrase denied by the words right before it ("各施工项目无停工", "未出现停工", "没有明显延误",
    with only a degree word between): the denial touches the phrase, so "因无资金停工" (the lack is of
    money) is still a stall."""
    before = norm[max(0, start - 10):start]
    degree = ends_with(before, lex.longest_first("degree"))
    return before[:len(before) - len(degree)].endswith(lex.negations)


_NUMBER_SOON = re.compile(r"[^，,。；;、]{0,6}?\d")  # "未开工项目154个": a statistic, not a stall


def _longest_matches(norm: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Matches of stall, delay and zero phrases; where they overlap, the longest (尚未启动, not 未启动)."""
    matches: list[tuple[int, int, str]] = []
    for cat in ("stall", "delay", "zero"):
        rx = lex.regex(cat)
        if rx:
            matches += [(m.start(), m.end(), cat) for m in rx.finditer(norm)]
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0]), {"zero": 0, "stall": 1, "delay": 2}[m[2]]))
    kept: list[tuple[int, int, str]] = []
    for m in matches:
        if kept and m[0] < kept[-1][1]:
            if m[1] - m[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = m
            continue
        kept.append(m)
    return kept


def whole_phrase(text: str, norm: str, start: int, end: int, plain: frozenset[str]) -> str:
    """The words matched, verbatim; a phrase with a gap ("等待…重新") runs on to the end of its clause
    ("等待自然资源规划部门重新进行选址"), so that it is never quoted cut off."""
    if norm[start:end] in plain:
        return text[start:end]
    return text[start:clause_end(norm, end)]


def _plain(lex: Lexicon) -> frozenset[str]:
    """The stall, delay and zero phrases without a gap, as they match."""
    return lex.derive("plain_signals", lambda: frozenset(
        normalise(w) for cat in ("stall", "delay", "zero") for w in getattr(lex, cat) if "…" not in w and "..." not in w))


def _noun_end(text: str) -> int:
    """End of the noun right after a phrase ("无新增限上住宿企业。" -> end of 限上住宿企业)."""
    i = 0
    while i < len(text) and text[i] not in "，,、；;。：:！？!?\n\r和及与并等的" and not text[i].isdigit():
        i += 1
    return i


def _halted_then(lex: Lexicon) -> re.Pattern:
    return lex.derive("halted_then", lambda: compile_phrases(lex.now_words))


def _part(lex: Lexicon) -> re.Pattern:
    return lex.pattern("part", lambda: f"{lex.alternation('part_words')}|[一二三四五六七八九十两\\d]+(?:{lex.alternation('classifiers')})")


def halted_now(text: str, signals: Iterable[Signal], lexicon: Lexicon | None = None) -> Signal | None:
    """A stall that is the task's present state although work was done before it: a halt word
    (停工、暂停施工、停建、撤场…) in a clause that says it came later or holds now (后因、自6月起、
    目前…), not of a part (部分、其中、一期、3个…), with no work reported after it."""
    lex = lexicon or default_lexicon()
    norm = normalise(text, lex)
    halts = lex.longest_first("halt")
    for sig in signals:
        if sig.kind != "stall" or not (sig.phrase.endswith(halts) or sig.phrase in halts):
            continue
        start = clause_start(norm, sig.start, 0)
        lead = norm[clause_start(norm, start - 1) if start else 0:sig.start]  # this clause and the one before
        then = _halted_then(lex)
        if not (then and then.search(lead)) or _part(lex).search(norm[start:sig.start]):
            continue
        after = norm[sig.start + len(sig.phrase):]
        if quantities(after, lex) or reports_progress(after, lex):
            continue
        return sig
    return None


def has_concrete_progress(text: str, lexicon: Lexicon | None = None) -> bool:
    """Some sentence without a stall or delay signal reports a fact: a number with a unit or a progress word.

    Not facts: vague words (`vague`: "扎实推进各项工作") and a progress word that is only the name of a
    rate ("完成率"). In a sentence with a signal, another clause still counts when it states a done fact:
    a number with a unit, or a progress word after 已 ("其余3所尚未开工，已建成投用9所")."""
    lex = lexicon or default_lexicon()
    sents = sentences(text)
    signals = [s for s in find_signals(text, lex) if s.kind != "weak_stall"]
    flagged = {sentence_at(sents, s.start) for s in signals}
    for s in sents:  # sentence by sentence: the first fact ends the scan (perf)
        if s not in flagged:
            if quantities(s.text, lex) or reports_progress(s.text, lex):
                return True
            continue
        for c in re.finditer(r"[^，,；;：:]+", s.text):
            a, b = s.start + c.start(), s.start + c.end()
            if any(a <= sig.start < b for sig in signals):
                continue
            if quantities(c.group(0), lex) or ("已" in c.group(0) and reports_progress(c.group(0), lex)):
                return True
    return False


def reports_progress(text: str, lex: Lexicon) -> bool:
    """A progress word outside the vague phrases, not the name of a rate (完成率, 开工率), and not
    the object of a plan or an estimate right before it ("确保完成年度目标任务", "预计完成")."""
    rx = lex.regex("progress")
    if rx is None:
        return False
    norm = normalise(text, lex)
    vague = None
    aims = lex.pattern("aim_before", lambda: f"(?<!按)(?<!按照)(?:{lex.alternation('plan')}|{lex.alternation('estimate')})$")
    for m in rx.finditer(norm):
        if norm.startswith("率", m.end()) or aims.search(norm, max(0, m.start() - 8), m.start()):
            continue
        if vague is None:
            spans = phrase_spans(lex, "vague", norm)
            empty = _manner_process(lex)
            if empty is not None:
                spans += [(e.start(), e.end()) for e in empty.finditer(norm)]
            vague = Spans(spans)
        if not vague.covers(m.start()):
            return True
    return False


def _manner_process(lex: Lexicon) -> re.Pattern | None:
    """A manner word right before a process verb ("正在积极对接", "相关工作有序开展"): how the work
    goes, not what was done, whichever pair of the two lists is written."""
    if not lex.manner or not lex.process:
        return None
    return lex.pattern("manner_process", lambda: f"(?:正在)?(?:{lex.alternation('manner')})地?(?:{lex.alternation('process')})中?")


class Claim(NamedTuple):
    """A sentence saying something of the whole task ("已全面完成", "结果尚未公布", "持平"), and the words."""

    sentence: str
    phrase: str


# when it happened, said around a done phrase: "已于5月18日挂牌成立", "6月28日正式建成通车"
_DATE_WORDS = re.compile(r"(?:已|已经)?(?:于|在)?(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:正式|顺利)?|(?:正式|顺利)$")


def _self_ref(lex: Lexicon) -> re.Pattern:
    """Words by which a report refers to its own task ("该项工作已全面完成")."""
    return lex.pattern("self_ref", lambda: "(?:该|此|本|这)?项?(?:" + lex.alternation("task_refs") + ")")


def completion_claim(text: str, goal: str, lexicon: Lexicon | None = None) -> Claim | None:
    """A `done` phrase that speaks of the task itself: what stands before and after it in its clause is
    nothing, time words, or words of the goal ("一期厂房已全部竣工" for "建成产业园一期"), and the clause
    is not a plan ("确保全面完成") or preparatory work ("已全面完成可研"). None when the text also says
    work is still going on (正在、预计…): then only part of the task is done."""
    lex = lexicon or default_lexicon()
    norm = normalise(text, lex)
    found, last = [], -1
    for a, b in phrase_spans(lex, "done", norm):
        if a >= last:  # the longest phrase at each place, none inside another
            found.append((a, b))
            last = b
    if not found or has_words(lex, "intent", norm) or has_words(lex, "estimate", norm):
        return None  # no such words, or something is still under way or expected
    goal_grams = bigrams(normalise(goal)) - frozenset(lex.generic_words)
    sents = sentences(text)
    for start, end in found:
        s = sentence_at(sents, start)
        if s is not None and _of_the_task(norm, start, end, s.start, goal_grams, lex):
            return Claim(s.text, text[start:end])
    return None


def _of_the_task(norm: str, start: int, end: int, floor: int, goal_grams: frozenset[str], lex: Lexicon) -> bool:
    cstart, cend = clause_start(norm, start, floor), clause_end(norm, end)
    clause = norm[cstart:cend]
    if has_words(lex, "plan", clause) or has_words(lex, "preparatory", clause):
        return False
    after = norm[end:cend]
    if quantities(after, lex):
        return False  # "主体工程已完成70%", "已完成提档升级78公里": an amount of the work, not the work done
    if re.match(r"\s*(?:并|且|后|和)", after):
        after = ""  # 已全部完工并通车, 已完成并通过验收: the verb goes on, no other object
    filler = filler_head(lex)
    around = [filler.sub("", cjk(re.sub(r"\d+(?:\.\d+)?", "", _DATE_WORDS.sub("", w)))) for w in (norm[cstart:start], after)]
    return all(not w or names_nothing(w, lex) or _self_ref(lex).fullmatch(w) or (bigrams(w) & goal_grams) for w in around)


def no_change(text: str, goal: str, lexicon: Lexicon | None = None) -> Claim | None:
    """A goal asking for a change without a figure, and a report that it stayed level ("持平", "不降反升"),
    or that the same thing changed the other way over the year ("事故14起、死亡11人，同比分别上升16.7%和22.2%"
    for 事故起数、死亡人数实现“双下降”)."""
    lex = lexicon or default_lexicon()
    goal = normalise(goal)
    down, up = any(w in goal for w in lex.down), any(w in goal for w in lex.up)
    if not (down or up):
        return None
    norm = normalise(text, lex)
    rx = lex.regex("no_change")
    m = rx.search(norm) if rx else None
    if m is not None:
        s = sentence_at(sentences(text), m.start())
        return Claim(s.text if s else text, text[m.start():m.end()])
    if down == up:
        return None  # a goal that asks for both (能耗下降、产值增长) says nothing of which went which way
    return _the_other_way(text, norm, goal, lex.up if down else lex.down, lex)


def _the_other_way(text: str, norm: str, goal: str, against: tuple[str, ...], lex: Lexicon) -> Claim | None:
    """A year-on-year change against the goal's direction, in a sentence about what the goal names."""
    rx = lex.pattern("other_way_" + "|".join(against), lambda: (
        rf"(?:{lex.alternation('year_on_year')})[^，,。；;]{{0,6}}?(?:{'|'.join(map(re.escape, against))})\s*\d"))
    goal_grams = bigrams(goal) - frozenset(lex.generic_words) - frozenset(lex.down + lex.up)
    sents = sentences(text)
    for m in rx.finditer(norm):
        s = sentence_at(sents, m.start())
        if s is None:
            continue
        # what changed: the clause of the change and the one before it ("发生事故14起、死亡11人，同比上升…")
        here = clause_start(norm, m.start(), s.start)
        before = clause_start(norm, here - 1, s.start) if here > s.start else here
        if bigrams(norm[before:m.start()]) & goal_grams:
            return Claim(s.text, text[m.start():m.end() - 1].rstrip())
    return None


def still_to_come(text: str, lexicon: Lexicon | None = None, year: int = 0) -> Claim | None:
    """The first sentence putting the task's work in the future ("即将开工", "预计明年上半年开通"), or,
    given the plan `year`, expecting or planning it on a date of a later year ("预计2025年3月底投产")."""
    lex = lexicon or default_lexicon()
    norm = normalise(text, lex)
    for start, end in phrase_spans(lex, "later", norm):
        if starts_with(norm[end:clause_end(norm, end)][:6].lstrip("将要还再也"), lex.longest_first("continuing")):
            continue  # "明年将继续巩固": more of the same next year, not this year's work left undone
        s = sentence_at(sentences(text), start)
        return Claim(s.text if s else text, text[start:end])
    for p in find_dates(text, year) if year else ():
        if p.date is None or p.date.year <= year:
            continue
        s = sentence_at(sentences(text), p.start)
        before = text[clause_start(text, p.start, s.start if s else 0):p.start]
        if any(has_words(lex, cat, before) for cat in ("estimate", "plan")):
            return Claim(s.text if s else text, text[p.start:p.end])
    return None


def only_preparatory(text: str, lexicon: Lexicon | None = None) -> Claim | None:
    """Does every clause reporting something done speak of preparatory work (招标、设计、可研…)?
    Returns the first such clause's sentence, or None when some clause reports other work."""
    lex = lexicon or default_lexicon()
    norm = normalise(text, lex)
    sents = sentences(text)
    first = None
    for c in re.finditer(r"[^，,；;。：:！？!?\n]+", norm):
        clause = c.group(0)
        if not (quantities(clause, lex) or reports_progress(clause, lex)):
            continue
        if not has_words(lex, "preparatory", clause):
            return None
        if first is None:
            s = sentence_at(sents, c.start())
            first = Claim(s.text if s else text, text[c.start():c.end()])
    return first


def pending_result(text: str, lexicon: Lexicon | None = None) -> Claim | None:
    """The first sentence saying the deciding result or figure is not out yet ("认定结果尚未公布")."""
    lex = lexicon or default_lexicon()
    spans = phrase_spans(lex, "pending", normalise(text, lex))
    if not spans:
        return None
    start, end = spans[0]
    s = sentence_at(sentences(text), start)
    return Claim(s.text if s else text, text[start:end])


def expected_start(text: str, lexicon: Lexicon | None = None) -> Claim | None:
    """The first sentence saying when the work is expected to begin ("预计9月份开始接种工作", "计划10月开工")."""
    lex = lexicon or default_lexicon()
    spans = phrase_spans(lex, "to_start", normalise(text, lex))
    if not spans:
        return None
    start, end = spans[0]
    s = sentence_at(sentences(text), start)
    return Claim(s.text if s else text, text[start:end])
