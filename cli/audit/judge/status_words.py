"""The office's own verdicts in a report: status words with their negation and scope, and lists of tasks
sorted by status, with the names in them (pure).

Offices say what they think of a task in words (进度滞后, 未达序时, 完成情况不够理想) and sort tasks
into lists by status ("进度偏慢的3项分别是：A、B、C", "A、B、C等均未达序时", "推进缓慢的有3（A、B、C）").
Each word is read with what it speaks of: this task (nothing but the task before it: "项目进展缓慢"),
a part of it ("7个小区施工进度偏慢"), a list of named tasks, a count of tasks ("124项达到序时进度要求"),
or a class of tasks ("对进度滞后的任务实行约谈"); and whether it is denied ("未出现进度滞后").
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from audit.judge.lexicon import Lexicon, compile_phrases, fold_width
from audit.judge.nouns import names_nothing
from audit.judge.reading import COMMA_CLAUSE_END, Sentence, cjk, clause_start, normalise, sentence_at, sentences

CALLS = {"behind": "lagging", "on_pace": "on_track", "finished": "completed", "behind_tier": "lagging"}
_COUNT = r"(?:\d+|[一二三四五六七八九十两]+)\s*(?:项|件|个)"
_ENUM = re.compile(r"\s*(?:[一二三四五六七八九十]+是|[①②③④⑤⑥⑦⑧⑨⑩]|\d+[.、．]|[(（]\d+[)）])")


class StatusWord(NamedTuple):
    """An office's verdict word: `call` (lagging, on_track, completed), where it is and what it speaks of."""

    call: str
    phrase: str  # verbatim
    sentence: str  # verbatim
    start: int
    scope: str  # "task", "part", "list", "count" (a number of tasks), "class" (tasks in general),
    # "word" (a word of being done outside a list: it decides nothing)
    negated: bool = False


class StatusList(NamedTuple):
    """Tasks an office names under one status ("进度偏慢的3项分别是：A、B、C")."""

    call: str
    phrase: str  # the status words, verbatim
    items: tuple[str, ...]  # the names, verbatim
    sentence: str  # the sentences that hold the list, verbatim
    start: int
    end: int
    after: bool  # the names follow the status words ("分别是：A、B") rather than lead to them ("A、B等均")


class StatusReading(NamedTuple):
    words: tuple[StatusWord, ...] = ()
    lists: tuple[StatusList, ...] = ()
    shares: tuple[tuple[int, int], ...] = ()  # where a percentage is a share of a list of tasks (占比80%)

    @property
    def names(self) -> tuple[tuple[int, int], ...]:
        """Where the names a status word introduces are ("分别为：…新建安置区5个"): their figures name
        tasks, they report nothing done."""
        return tuple((lst.start, lst.end) for lst in self.lists if lst.after)


def read_status(text: str, lex: Lexicon) -> StatusReading:
    """Every status word of `text`, and the lists they head or close."""
    return _read_status(text, lex)


@functools.lru_cache(maxsize=64)
def _read_status(text: str, lex: Lexicon) -> StatusReading:
    norm = normalise(text, lex)
    rx = _status_rx(lex)
    if rx is None or rx.search(norm) is None:
        return StatusReading()
    sents = sentences(text)
    words: list[StatusWord] = []
    lists: list[StatusList] = []
    shares: list[tuple[int, int]] = []
    for m in rx.finditer(norm):
        if any(lst.start <= m.start() < lst.end for lst in lists):
            continue  # a word inside a list's names speaks of that name
        s = sentence_at(sents, m.start())
        if s is None:
            continue
        call = _call(norm[m.start():m.end()], lex)
        lst = _list_after(text, norm, m, call, lex) or _list_before(text, norm, m, s, call, lex)
        if lst is not None:
            lists.append(lst)
            scope = "list"
        elif call == "completed" or _tier_word(norm[m.start():m.end()], lex):
            # 已完成 outside a list: the claims and figures say what was done (perf: the commonest);
            # a tier's name (有一定进度) outside a list of tasks is a department's own words about its work
            scope = "word"
        else:
            scope = _scope(norm, m.start(), m.end(), s, lex)
        if scope == "list" or (scope == "count" and call != "completed"):
            shares.append((m.end(), _sentence_end(norm, m.end())))  # 推进缓慢的有3（…），占目标任务的30%
        words.append(StatusWord(call, text[m.start():m.end()], s.text, m.start(), scope, _negated(norm, m.start(), lex)))
    return StatusReading(tuple(words), tuple(lists), tuple(shares))


def _status_rx(lex: Lexicon) -> re.Pattern | None:
    return lex.derive("status_rx", lambda: compile_phrases(lex.behind + lex.on_pace + lex.finished + lex.behind_tier))


def _tier_word(matched: str, lex: Lexicon) -> bool:
    """A name of the tier below the pace in a list sorted by status ("有一定进度的项目11个，分别为：…"),
    which says nothing about a task outside such a list."""
    return matched in lex.derive("tier_words", lambda: {fold_width(w) for w in lex.behind_tier})


def _call(matched: str, lex: Lexicon) -> str:
    """Which status a matched phrase says (the category whose phrase it is, the longest first)."""
    plain = lex.derive("status_calls", lambda: {fold_width(w): CALLS[cat] for cat in ("behind_tier", "finished", "on_pace", "behind")
                                                for w in getattr(lex, cat) if "…" not in w})
    if matched in plain:
        return plain[matched]
    for cat in ("behind", "on_pace", "finished", "behind_tier"):
        rx = lex.regex(cat)
        if rx is not None and rx.fullmatch(matched):
            return CALLS[cat]
    return "lagging"


_END = re.compile(r"[。；;！？!?\n]")
_ITEMS = re.compile(r"(?:\d+|[一二三四五六七八九十两]+)\s*(?:项|件)")
_FULL_STOP = re.compile(r"[。！？!?\n]")
_CLOSE = re.compile(r"[)）]")
_STOP = re.compile(r"[，,；;。：:！？!?\n]")


def _sentence_end(norm: str, pos: int) -> int:
    m = _END.search(norm, pos)
    return m.start() if m else len(norm)


# ----------------------------------------------------------------------------- lists


def _after_rx(lex: Lexicon) -> re.Pattern:
    """What may stand between a status word and the names it introduces: a threshold in brackets, 的,
    a count, a class noun, a share, then 分别是/为 and a colon ("进度偏慢的3项分别是：", "未达到序时进度11项、
    占比20.0%，为", "达到时序进度（91.67%）以上的项目25个，占比达62.5%。分别为：", "未达到目标任务进度的民生小项，涉及")."""
    def make() -> str:
        cls = lex.alternation("task_classes")
        noun = rf"(?:[^，,。；;、\d]{{0,4}}?(?:{cls}))?"
        lead = r"(?:进度|要求)?(?:[(（][^()（）]{0,12}[)）])?(?:以上)?(?:的)?"
        share = r"(?:[、，,]\s*占比?[^，,。；;]{0,8}?%)?"
        intro = rf"(?:{lex.alternation('list_intro')})\s*[:：]?|[:：]"
        # names right after (分别是：, 为, ：); or, after a count of tasks, in the next sentence too, or numbered (一是…)
        return (rf"{lead}{noun}(?:有|共)?\s*(?:{_COUNT})?\s*{noun}{share}\s*(?:[，,]\s*)?(?:{intro})"
                rf"|{lead}{noun}(?:有|共)?\s*{_COUNT}\s*{noun}{share}\s*[，,。]?\s*"
                rf"(?:{intro}|(?=[一二三四五六七八九十]+是|[①②③④⑤⑥⑦⑧⑨⑩]))"
                rf"|(?:进度|要求)?(?:的)?(?:有|共)\s*(?:{_COUNT}|\d+)?\s*(?P<bracket>[(（])")
    return lex.pattern("list_after", make)


def _list_after(text: str, norm: str, m: re.Match, call: str, lex: Lexicon) -> StatusList | None:
    """Names after the status words: "分别是：A、B、C", "为A、B", "有3（A、B、C）", "滞后项目：一是A…；二是B…"."""
    head = _after_rx(lex).match(norm, m.end())
    if head is None:
        return None
    start = head.end()
    if head["bracket"]:
        close = _CLOSE.search(norm, start)
        if close is None:
            return None
        end, parts = close.end(), _split(norm, start, close.start())
    elif _ENUM.match(norm, start):
        end = _sentence_end_strict(norm, start)  # 一是…；二是…： the names run to the full stop
        parts = _split(norm, start, end, r"[；;]")
    else:
        end = _sentence_end(norm, start)
        parts = _split(norm, start, end)
    items = tuple(text[a:b] for a, b in parts if _names_a_task(norm[a:b]))
    if not items:
        return None
    return StatusList(call, text[m.start():m.end()], items, _sentences_of(text, m.start(), end), m.start(), end, True)


def _sentence_end_strict(norm: str, pos: int) -> int:
    m = _FULL_STOP.search(norm, pos)
    return m.start() if m else len(norm)


def _before_rx(lex: Lexicon) -> re.Pattern:
    """Names before the status words, closed by 等 or a count and perhaps a class noun: "A、B、C等均",
    "A、B3项指标", "A、B2个项目", "A、B等部分重点项目或任务"; or in brackets after a count: "有3（A、B、C）".
    Not "A、B等多种因素影响": what follows 等 there is no class of tasks. A cause may stand between the
    class and the status words ("A、B等项目或任务受……等多种因素影响完成情况不够理想")."""
    def make() -> str:
        cls = lex.alternation("task_classes")
        tail = rf"(?:(?P<deng>等)(?:[^，,。；;、\d]{{0,8}}?(?:{cls}))?|(?P<count>{_COUNT})(?:[^，,。；;、\d]{{0,4}}?(?:{cls}))?)"
        cause = r"(?:受[^，,。；;]*?影响)?(?:完成情况|推进情况|进展情况|进度)?"
        return (rf"(?:有\s*\d*\s*[(（](?P<bracket>[^()（）]+)[)）]|(?P<items>[^。；;：:，,]+?)\s*{tail})"
                rf"\s*(?:均|都|也|全部|全都)?{cause}$")
    return lex.pattern("list_before", make)


def _list_before(text: str, norm: str, m: re.Match, s: Sentence, call: str, lex: Lexicon) -> StatusList | None:
    region = max(s.start, max(norm.rfind(c, s.start, m.start()) for c in "：:，,") + 1)
    words = norm[region:m.start()]
    if not (any(c in words for c in "等(（项件个") or any(c.isdigit() for c in words)):
        return None  # no 等, no count, no brackets: no list ends here (perf: most status words stand alone)
    got = _before_rx(lex).match(norm, region, m.start())
    if got is None:
        return None
    a, b = (got.start("bracket"), got.end("bracket")) if got["bracket"] else (got.start("items"), got.end("items"))
    items = tuple(text[x:y] for x, y in _split(norm, a, b) if _names_a_task(norm[x:y]))
    if not items:
        return None
    return StatusList(call, text[m.start():m.end()], items, _sentences_of(text, a, m.end()), a, m.end(), False)


def _sentences_of(text: str, a: int, b: int) -> str:
    """The whole sentences, verbatim, that hold text[a:b] (a list is quoted as written, never cut)."""
    sents = sentences(text)
    first, last = sentence_at(sents, a), sentence_at(sents, max(a, b - 1))
    return text[first.start if first else a:last.end if last else b]


def _split(norm: str, a: int, b: int, marks: str = r"[、；;]|”\s*[和及与]\s*“") -> list[tuple[int, int]]:
    """The names between a and b, one span each, without quotes, numbering or a reference (第三项)."""
    out = []
    pos = a
    for sep in list(re.finditer(marks, norm[a:b])) + [None]:
        stop = a + sep.start() if sep else b
        x, y = pos, stop
        while x < y and (norm[x] in " “”\"《》「」" or _ENUM.match(norm, x)):
            x = _ENUM.match(norm, x).end() if _ENUM.match(norm, x) else x + 1
        while y > x and norm[y - 1] in " “”\"《》「」。等":
            y -= 1
        if y > x:
            out.append((x, y))
        pos = a + sep.end() if sep else b
    return out


def _names_a_task(name: str) -> bool:
    return len(cjk(name)) >= 2 and not name[:1].isdigit()


def named_in(reading: StatusReading, goal: str, lex: Lexicon) -> tuple[StatusList, str] | None:
    """The list that names this task, and the name: a name written in the goal, or the goal's own words
    (past its leading verbs: 推进、加快…) written in a name. A name in a list of tasks behind wins over
    one in a list of tasks done or on pace."""
    if not reading.lists:
        return None
    whole = _plain(goal)
    core = _core(whole, lex)
    found = []
    for lst in reading.lists:
        for item in lst.items:
            name = _plain(re.sub(r"[(（][^()（）]*[)）]", "", item))
            if (len(name) >= max(4, len(core) // 3) and name in whole) or (len(core) >= 4 and core in _plain(item)):
                found.append((lst, item))
    order = {"lagging": 0, "completed": 1, "on_track": 2}
    return min(found, key=lambda x: order[x[0].call]) if found else None


def _plain(s: str) -> str:
    return "".join(c for c in fold_width(s) if c not in " “”\"‘’《》「」。，,、；;：:！？!?\n")


def _core(goal: str, lex: Lexicon) -> str:
    """The goal's name without the verbs that head it (推进妇幼保健院建设 -> 妇幼保健院建设)."""
    verbs = lex.longest_first("task_verbs")
    changed = True
    while changed:
        changed = False
        for v in verbs:
            if goal.startswith(v) and len(goal) > len(v) + 2:
                goal, changed = goal[len(v):], True
                break
    return goal


# ----------------------------------------------------------------------------- what a word speaks of


def _negated(norm: str, start: int, lex: Lexicon) -> bool:
    """A denial ending at most six characters before the word, in its clause ("未出现进度滞后", "确保不滞后")."""
    before = norm[clause_start(norm, start, 0, COMMA_CLAUSE_END):start]
    for w in lex.negations:
        i = before.rfind(w)
        if i >= 0 and len(before) - (i + len(w)) <= 6:
            return True
    return False


def _scope(norm: str, start: int, end: int, s: Sentence, lex: Lexicon) -> str:
    clause_a = clause_start(norm, start, s.start, COMMA_CLAUSE_END)
    after = norm[end:_clause_stop(norm, end)]
    before = norm[clause_a:start]
    classes = lex.pattern("task_class_after", lambda: f"(?:进度|要求)?(?:的)?(?:{lex.alternation('task_classes')})")
    towards = lex.pattern("towards", lambda: f"(?:{lex.alternation('towards')})[^，,。；;]*$")
    if classes.match(after) or towards.search(before):
        return "class"  # 对进度滞后的任务实行约谈, 滞后任务赶上序时进度
    subject = _subject(norm, clause_a, start, s.start, lex)
    if any(w in subject for w in lex.part_words):
        return "part"  # 其余2项进度滞后
    if _ITEMS.search(before) or _ITEMS.search(after):
        return "count"  # 124项达到序时进度要求, 达到序时进度44项
    return "part" if subject else "task"


def _clause_stop(norm: str, pos: int) -> int:
    m = _STOP.search(norm, pos)
    return m.start() if m else len(norm)


def _subject(norm: str, clause_a: int, start: int, floor: int, lex: Lexicon) -> str:
    """What the word is said of, once causes (受…影响), time and words of the task itself (项目、进度、
    略有…) are taken away. A word alone in its clause after a cause ("2个项目受征地拆迁影响，推进缓慢")
    is said of what the cause clause names, and one after figures listed with 分别 of what they measure."""
    own = norm[clause_a:start]
    if not _strip(own, lex) and clause_a > floor:
        prev = norm[clause_start(norm, clause_a - 1, floor, COMMA_CLAUSE_END):clause_a - 1]
        cause = _causes(lex).search(prev)
        if cause is not None and cause.end() == len(prev):
            return _strip(prev[:cause.start()], lex)
        each = prev.find("分别")
        if each > 0:  # "张家界、湘西州完成率分别为68.3%和66.9%，低于序时进度": said of the places listed
            return _strip(prev[:each], lex)
    return _strip(own, lex)


def _causes(lex: Lexicon) -> re.Pattern:
    """A cause: "受…影响" (any length within the clause), or a clause opened by 由于, 因."""
    def make() -> str:
        gapped = ["[^。；;，,]*?".join(re.escape(x) for x in c.split("…")) for c in lex.causes if "…" in c]
        opening = [re.escape(c) + "[^，,]*" for c in lex.causes if "…" not in c]
        return "|".join(gapped + ["^(?:" + "|".join(opening) + ")"] if opening else gapped)
    return lex.pattern("causes", make)


def _strip(words: str, lex: Lexicon) -> str:
    rest = _causes(lex).sub("", words)
    rest = lex.pattern("self_refs", lambda: lex.alternation("self_refs")).sub("", rest)
    return "" if names_nothing(rest, lex) else cjk(rest)
