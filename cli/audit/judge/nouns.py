"""What a figure counts, and whether it is what a target counts: head nouns and their agreement (pure).

A figure counts for a target only when it counts the same thing. The thing is the head noun: the
last two characters of the target's metric once trailing action words are dropped (露天矿山生态修复
-> 矿山). Generic heads (项目、工程…) are too broad alone: 省重点项目 must not take 续建项目, so they
also need the modifier right before them (重点项目), or all of its two-character words nearby
(招商引资项目 takes 招商引资签约项目). A rate target (覆盖率, 比重) takes only the same rate word.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from audit.core.model import Target
from audit.judge.lexicon import Lexicon
from audit.judge.reading import (
    CLAUSE_END,
    Quantity,
    Sentence,
    bigrams,
    cjk,
    clause_start,
    ends_with,
    joins_verbs,
    normalise,
    quantities,
    sentence_at,
    starts_with,
)

_NOUN_STOP = CLAUSE_END + "和及与等(（)）“”\"《》"
_NO_QUOTES = str.maketrans("", "", "“”\"‘’《》「」")  # “一网通办”率 is the rate 一网通办率


class Head(NamedTuple):
    head: str  # 矿山, 小区, 重点项目's 项目
    full: str  # the noun it ends (露天矿山), for a one-character report noun (34个村 vs 试点村)
    modifier: str = ""  # for generic heads: up to four characters before it (重点, 招商引资)


def drop_action_tail(noun: str, lex: Lexicon) -> str:
    tails = lex.longest_first("action_tails")
    changed = True
    while changed:
        changed = False
        w = ends_with(noun, tails)
        if w and len(noun) - len(w) >= 2:
            noun, changed = noun[: -len(w)], True
    return noun


@functools.lru_cache(maxsize=1024)
def metric_heads(metric: str, lex: Lexicon) -> tuple[Head, ...]:
    """The nouns a figure must count to stand for `metric`: its end, and each alternative in brackets."""
    m = normalise(metric)
    # 示范园(基地), 周转房和公租房, 新征、平整、供地: each alternative names what is counted
    alternatives = re.split(r"[、和及与]", re.sub(r"[(（][^)）]*[)）]", "", m)) + re.findall(r"[(（]([^)）]+)[)）]", m)
    out = []
    for alt in alternatives:
        noun = drop_action_tail(cjk(alt), lex)
        verb = ends_with(noun, lex.longest_first("verb_tails"))  # 国家高新技术企业净增20家: the noun comes before
        if verb and len(noun) - len(verb) >= 2:
            noun = drop_action_tail(noun[: -len(verb)], lex)
        dim = ends_with(noun, lex.longest_first("dimension_tails"))
        if dim and len(noun) - len(dim) >= 2:
            noun = drop_action_tail(noun[: -len(dim)], lex)
        if not noun:
            continue
        head = noun[-2:]
        modifier = noun[:-2][-4:] if head in lex.generic_heads else ""
        out.append(Head(head, noun, modifier))
    return tuple(out)


@functools.lru_cache(maxsize=1024)
def heads_with_aliases(metric: str, lex: Lexicon) -> tuple[Head, ...]:
    """`metric_heads`, plus for a head written short the full words the lexicon lists for it
    (abbreviations "商超=超市": 小区商超 is also counted by 生鲜超市)."""
    heads = metric_heads(metric, lex)
    extra = []
    for h in heads:
        for short, full in lex.aliases():
            if h.head == short or (len(short) > 2 and h.full.endswith(short)):
                extra.append(Head(full[-2:], h.full[: -len(short)] + full, h.modifier if full[-2:] == h.head else ""))
    return heads + tuple(x for x in extra if x not in heads)


def counted_noun_after(text: str, pos: int, lex: Lexicon) -> str:
    """The noun a figure counts when it is written before the noun ("25家矿山修复方案" -> 矿山修复方案)."""
    pos += len(starts_with(text[pos:], lex.longest_first("floor_after", "ceiling_after", "about_after")))  # 27.5万吨以上
    while pos < len(text) and text[pos] in "“\"《「":  # 33公里“四好农村路”
        pos += 1
    end = pos
    while end < len(text) and text[end] not in _NOUN_STOP and not text[end].isdigit():
        if text[end] == "并" and joins_verbs(text, end, pos, lex):
            break
        end += 1
    noun = text[pos:end]
    if "的" in noun:  # 37个小区的开发企业: the head comes after 的
        tail = noun.rsplit("的", 1)[1]
        noun = tail if cut_at_verb(tail, lex) else noun.split("的", 1)[0]
    return cut_at_verb(noun, lex)


def cut_at_verb(noun: str, lex: Lexicon) -> str:
    # the first position where any verb mark starts: one regex scan, not a slice and a word-list
    # scan per character (which was quadratic in the clause's length) (perf)
    m = lex.pattern("verb_marks", lambda: lex.alternation("verb_marks")).search(noun)
    return noun[:m.start()] if m else noun


def filler_tail(lex: Lexicon) -> re.Pattern:
    """Words between a noun and the number after it ("储存点共13处", "生鲜超市已建成7家")."""
    return lex.pattern("filler_tail", lambda: r"(?:" + lex.alternation("fillers") + r"|\s)+$")


def filler_head(lex: Lexicon) -> re.Pattern:
    return lex.pattern("filler_head", lambda: r"^(?:" + lex.alternation("fillers") + r"|\s)+")


def _noun_before(region: str, lex: Lexicon) -> str:
    """The noun a figure counts when it is written after the noun ("生鲜超市已建成7家" -> 生鲜超市);
    '' when only verbs and adverbs precede it ("目前意向建设31家")."""
    noun = filler_tail(lex).sub("", region).rstrip("(（“\"《")
    last = 0
    for cat in ("progress", "plan", "intent"):
        rx = lex.regex(cat)
        for m in rx.finditer(noun) if rx else ():
            last = max(last, m.end())
    for w in lex.verb_marks:
        i = noun.rfind(w)
        if i >= 0:
            last = max(last, i + len(w))
    return noun if cjk(noun[last:]) else ""


class Counted(NamedTuple):
    """What a figure counts: `noun` (its own, else the one it goes on counting, else the sentence's
    topic when `topic`), and `own`, the word written right next to it ('' when there is none)."""

    noun: str
    topic: bool = False
    own: str = ""
    dateline: bool = False  # the topic is only a date or a scope ("截至9月底，")


# Dates that open a sentence without naming a thing ("截至9月底，", "前三季度，"); the words are the lexicon's time_words
_DATES = r"前?[一二三四1-4]季度|[一二三]季度末|\d+(?:[-~至到]\d+)?月(?:份|底|末|中旬|上旬|下旬)?|\d+日|[\s,，、:：()（）\-~]"


def names_nothing(topic: str, lex: Lexicon) -> bool:
    """Is a sentence topic only a date or a scope ("截至9月底", "1-9月全县")?"""
    rx = lex.pattern("time_topic", lambda: lex.alternation("time_words") + "|" + _DATES)
    return not cjk(rx.sub("", topic))


def counted_nouns(norm: str, qs: list[Quantity], sents: tuple[Sentence, ...], lex: Lexicon) -> list[Counted]:
    """For each figure, the noun it counts: the one after it, else the one before it; for a bare count
    ("已建成7家") the noun of the previous figure in the same sentence, which it goes on counting, or
    else the sentence's topic ("周转房建设方面，已交付450套"), marked as a topic."""
    out: list[Counted] = []
    prev_sentence, prev = None, Counted("")
    for i, q in enumerate(qs):
        s = sentence_at(sents, q.start)
        if q.is_percent or s is None:
            out.append(Counted(""))
            continue
        cstart = clause_start(norm, q.start, s.start)
        before = norm[max(cstart, qs[i - 1].end if i else 0):q.start]
        own = drop_action_tail(cjk(counted_noun_after(norm, q.end, lex) or _noun_before(before, lex)), lex)
        if own and names_nothing(own, lex):
            own = ""  # "一季度改造完成186户": a date names nothing; the figure counts what the sentence is about
        counted = Counted(own, False, own)
        if not own:
            if s is prev_sentence:
                counted = Counted(prev.noun, prev.topic, "", prev.dateline)
            else:
                topic = norm[s.start:cstart]
                # "已完成招标，施工队伍已进场，完成建设1.1万亩": clauses of things done before it are no topic
                counted = Counted(cjk(topic), True, "", names_nothing(topic, lex) or "已" in topic)
        out.append(counted)
        prev_sentence, prev = s, counted
    return out


_LEAD_ADVERBS = re.compile(r"^(?:已经|已|累计|共计|共|合计|目前|现已)+")
_LEAD_DONE = re.compile(r"^(?:完成|实现|完工|竣工|建成)")


def own_verb_count(q: Quantity, before: str, target: Target, lex: Lexicon, counted: Counted | None = None) -> bool:
    """A count with only the target's own verb before it: "已完成改造318户" for "危房改造300户" (the
    caller also asks that the task have one target in that unit), or only a verb of work done: "已完工9条"
    for 背街小巷改造40条. "已开工3个" is not: 开工 is not the target's verb, so what was started is not said."""
    if q.base_unit in lex.measures:
        return False
    words = _LEAD_ADVERBS.sub("", cjk(before))
    done = _LEAD_DONE.match(words)
    rest = words[done.end():] if done else words
    if done and not rest and target.kind == "cumulative":
        # "已完工9条" for 背街小巷改造40条: the one thing counted in 条, done — unless the sentence
        # opened on something else ("公园建设方面，已建成6座")
        # and not when a noun of its own follows ("已完成七个点的基础材料")
        return counted is None or (not counted.own and (not counted.topic or counted.dateline))
    return 0 < len(rest) <= 4 and rest in cjk(target.metric)


def bare_measure(q: Quantity, counted: Counted, target: Target, lex: Lexicon) -> bool:
    """A measure with nothing to name what it measures ("已完成改造45公里", "截至9月底，已完成45公里"):
    no noun next to it, or only a word of the target's own (its verb: 改造、硬化), and no earlier figure
    or topic in the sentence naming something else. Classifiers never are: "已建成7个" counts something."""
    if q.base_unit not in lex.measures:
        return False
    if counted.topic:
        return counted.dateline or _target_word(counted.noun, target, lex)
    return _target_word(counted.noun, target, lex)


def _target_word(word: str, target: Target, lex: Lexicon) -> bool:
    """Is `word`, past its leading verbs and adverbs (已完成…), empty or one of the target's own words
    other than its head noun (硬化 for 硬化农村公路)?"""
    word = filler_head(lex).sub("", word)
    if not word:
        return True
    return (len(word) <= 4 and word in cjk(target.metric)
            and not any(word.endswith(h.head) for h in metric_heads(target.metric, lex)))


def agrees(heads: tuple[Head, ...], noun: str, topic: bool = False) -> bool:
    """Does `noun` (what a figure counts) name what the target counts? A sentence topic only has to
    mention it."""
    if not heads:
        return True
    if not noun:
        return False  # "已开工3个" opening a sentence: a count of nothing we can name
    if topic:
        return any(h.head in noun and (not h.modifier or h.modifier[-2:] + h.head in noun
                                       or all(b in noun for b in bigrams(h.modifier))) for h in heads)
    for h in heads:
        if len(noun) == 1 and h.full.endswith(noun):
            return True
        if not noun.endswith(h.head):
            continue
        if not h.modifier or noun.endswith(h.modifier[-2:] + h.head):
            return True
        if all(b in noun for b in bigrams(h.modifier)):
            return True
    return False


def rate_word(s: str) -> str:
    """The last rate word in `s` (覆盖率, 失业率, 比重; 占比 counts as 比重), or ''."""
    # found with rfind, not a regex: a class over the CJK block costs ~1 ms to compile at every start (perf)
    s = normalise(s).translate(_NO_QUOTES)
    at, word = -1, ""
    for w in ("比重", "占比"):
        i = s.rfind(w)
        if i > at:
            at, word = i, "比重"
    i = s.rfind("率")
    while i >= 2:
        if all(0x4E00 <= ord(c) <= 0x9FFF for c in s[i - 2:i]):
            if i - 2 > at:
                at, word = i - 2, s[i - 2:i + 1]
            break
        i = s.rfind("率", 0, i)
    return word


def rate_agrees(target_metric: str, before: str, lex: Lexicon) -> bool:
    """A rate target takes only a figure written right after the same rate word; a plain percentage
    target (增长8%) does not take someone else's rate (开工率60%)."""
    want = rate_word(target_metric)
    have = rate_word(filler_tail(lex).sub("", before.translate(_NO_QUOTES))[-6:])
    if want:
        return have == want
    return not have


def described(t: Target, lex: Lexicon) -> frozenset[str]:
    """The two-character words of what the target's own number counts, as written after it in the goal
    ("30个行政村生活污水治理任务" -> 行政、政村、村生、生活…). A report's figure counting a piece of work
    (its last word in `containers`) described in four or more of the same words counts the same thing
    ("18个村生活污水治理工程" for "30个行政村生活污水治理任务", where the last words 任务/工程 differ)."""
    words = normalise(t.text)
    for q in quantities(t.text, lex):
        if q.value == t.value:
            return bigrams(counted_noun_after(words, q.end, lex))
    return frozenset()
