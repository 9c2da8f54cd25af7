"""The grammar of report text: normalising, sentences and clauses, numbers with their units (pure).

Offsets always refer to the text as given: normalisation (full-width digits and signs) maps one
character to one character, so every sentence and phrase handed back is a verbatim slice of the
input. The words (units, tags) come from the lexicon; how they combine is written here.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Iterator, NamedTuple

from audit.core.numerals import DIGIT_VALUE, parse_chinese, parse_chinese_range
from audit.judge.lexicon import Lexicon, compile_phrases, fold_width

# ----------------------------------------------------------------------------- normalisation

@functools.lru_cache(maxsize=128)
def normalise(text: str, lex: Lexicon | None = None) -> str:
    """Full-width digits, letters and signs to ASCII, one character for one, so offsets still match.
    With a lexicon, a department's self-assessment tag (【已完成】, lexicon `self_tags`) becomes spaces:
    a claim to be checked against what the text reports, not a report itself."""
    # the same text is normalised by several readers in turn, hence the small cache (perf)
    out = fold_width(text)
    if lex is not None and ("【" in out or "[" in out):
        out = _self_tag(lex).sub(lambda m: " " * len(m.group(0)), out)
    return out


def _self_tag(lex: Lexicon) -> re.Pattern:
    return lex.pattern("self_tag", lambda: r"[【\[]\s*(?:自评\s*[:：]?\s*)?(?:" + lex.alternation("self_tags") + r")\s*[】\]]")


# ----------------------------------------------------------------------------- sentences and clauses

_SENTENCE_END = re.compile(r"[。；;！？!?\n\r]+")
CLAUSE_END = "，,、；;。：:！？!?\n\r"


class Sentence(NamedTuple):
    text: str  # verbatim, surrounding spaces and the end mark removed
    start: int  # offset of text[0] in the whole text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def sentences(text: str) -> tuple[Sentence, ...]:
    """Split at 。；;！？ and line breaks. ①② and 一是/二是 stay inside their sentence."""
    return _sentences(text)


@functools.lru_cache(maxsize=32)
def _sentences(text: str) -> tuple[Sentence, ...]:
    # several readers split the same progress text in turn; split it once (perf)
    out = []
    pos = 0
    for m in list(_SENTENCE_END.finditer(text)) + [None]:
        stop = m.start() if m else len(text)
        chunk = text[pos:stop]
        stripped = chunk.strip()
        if stripped:
            out.append(Sentence(stripped, pos + chunk.index(stripped)))
        if m:
            pos = m.end()
    return tuple(out)


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, verbatim."""
    return [s.text for s in sentences(text)]


def sentence_at(sents: tuple[Sentence, ...] | list[Sentence], pos: int) -> Sentence | None:
    """The sentence holding offset `pos` (binary search: sentences are in order)."""
    i = bisect.bisect_right(_starts(sents), pos) - 1
    if i >= 0 and sents[i].start <= pos < sents[i].end:
        return sents[i]
    return None


_STARTS_CACHE: dict[int, tuple[object, list[int]]] = {}


def _starts(sents) -> list[int]:
    if len(sents) < 64:
        return [s.start for s in sents]
    hit = _STARTS_CACHE.get(id(sents))
    if hit is None or hit[0] is not sents:
        if len(_STARTS_CACHE) > 32:
            _STARTS_CACHE.clear()
        hit = (sents, [s.start for s in sents])
        _STARTS_CACHE[id(sents)] = hit
    return hit[1]


def clause_start(text: str, pos: int, floor: int = 0, marks: str = CLAUSE_END) -> int:
    """Where the clause holding `pos` starts (after the last of `marks`; by default 、 ends one too)."""
    i = pos
    while i > floor and text[i - 1] not in marks:
        i -= 1
    return i


def clause_end(text: str, pos: int) -> int:
    i = pos
    while i < len(text) and text[i] not in CLAUSE_END:
        i += 1
    return i


# Marks that end a comma-clause: a list joined by 、 stays whole.
COMMA_CLAUSE_END = "，,；;。：:！？!?\n\r"


def wide_clause(text: str, pos: int, floor: int, ceiling: int) -> str:
    """The comma-clause holding `pos` (a list joined by 、 stays whole), within one sentence."""
    i = clause_start(text, pos, floor, COMMA_CLAUSE_END)
    j = pos
    while j < ceiling and text[j] not in COMMA_CLAUSE_END:
        j += 1
    return text[i:j]


class Spans:
    """Half-open [start, end) spans; `covers(pos)` by binary search over the merged spans.

    Replaces `any(a <= pos < b for a, b in spans)` inside loops over every number or phrase of a
    text, which made long progress texts quadratic (a 256,000-character text: 11 s -> 0.2 s).
    """

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(x for x in spans if x[0] < x[1]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.ends[i] > start


def starts_with(s: str, words: tuple[str, ...]) -> str:
    """The longest of `words` (sorted longest first) that `s` starts with, or ''."""
    for w in words:
        if s.startswith(w):
            return w
    return ""


def ends_with(s: str, words: tuple[str, ...]) -> str:
    """The longest of `words` (sorted longest first) that `s` ends with, or ''."""
    for w in words:
        if s.endswith(w):
            return w
    return ""


def joins_verbs(text: str, i: int, start: int, lex: Lexicon) -> bool:
    """Is the 并 at `i` a conjunction ("5所并投入使用": at the start of the words after a number, or before
    a verb), rather than inside a noun ("2606个撤并村通公路")?"""
    return i == start or bool(lex.pattern("verb_marks", lambda: lex.alternation("verb_marks")).match(text, i + 1))


_QUOTES = (("“", "”"), ("《", "》"), ("「", "」"), ("\"", "\""), ("‘", "’"))


def inside_quotes(text: str, pos: int) -> bool:
    for open_, close in _QUOTES:
        if open_ == close:
            if text.count(open_, 0, pos) % 2:
                return True
        elif text.rfind(open_, 0, pos) > text.rfind(close, 0, pos):
            return True
    return False


def in_short_quote(text: str, start: int, end: int, reach: int = 12) -> bool:
    """Is text[start:end] inside a short quotation (a name such as “最多跑一次”)? Only nearby marks count,
    so a stray quotation mark does not hide the figures after it."""
    for open_, close in (("“", "”"), ("《", "》"), ("「", "」")):
        i = text.rfind(open_, max(0, start - reach), start)
        if i >= 0 and text.find(close, i, start) < 0 and 0 <= text.find(close, end, end + reach):
            return True
    return False


_QUOTED = re.compile(r"“([^“”]{6,}?)”")
_NOT_WORDS = re.compile(r"[\s，,。；;：:、（）()“”\"]")


def goal_quotations(norm: str, goal: str) -> list[tuple[int, int]]:
    """Where the text quotes the goal's own words (“全年实现各类融资210亿元……”): a list of tasks by
    status, or a restatement; the figures there are the goal's, not what was done."""
    if "“" not in norm or not goal:
        return []
    plain_goal = _NOT_WORDS.sub("", normalise(goal))
    out = []
    for m in _QUOTED.finditer(norm):
        inner = _NOT_WORDS.sub("", m[1])
        if len(inner) >= 6 and (inner in plain_goal or plain_goal in inner):
            out.append((m.start(), m.end()))
    return out


class _CjkOnly(dict):
    """A str.translate table that keeps CJK ideographs (U+4E00–U+9FFF) and maps anything else to
    `other`, filled in as characters are met. A regex class over the CJK block costs 1–2 ms to
    compile on every start; this costs nothing until used (perf)."""

    def __init__(self, other: str | None):
        super().__init__()
        self.other = other

    def __missing__(self, code: int):
        value = code if 0x4E00 <= code <= 0x9FFF else self.other
        self[code] = value
        return value


_TO_SPACE = _CjkOnly(" ")
_TO_NOTHING = _CjkOnly(None)


def cjk(s: str) -> str:
    """Only the Chinese characters of `s`."""
    return s.translate(_TO_NOTHING)


@functools.lru_cache(maxsize=4096)
def bigrams(s: str) -> frozenset[str]:
    """The two-character words of the Chinese runs of `s`."""
    # a target's metric is compared with every figure of its text, each clause more than once (perf)
    runs = s.translate(_TO_SPACE)
    return frozenset(a + b for part in runs.split() for a, b in zip(part, part[1:]))


# ----------------------------------------------------------------------------- numbers and units

SCALES = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_NUM = r"\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM_RX = re.compile(_NUM)
_CN = r"[零〇一二两三四五六七八九十百千万亿]+"
# Every match of a quantity starts with one of these: jumping from one to the next in C first is
# 35% faster on report text than trying the whole pattern at every character (perf).
_QTY_FIRST = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿]")


def quantity_pattern(lex: Lexicon) -> re.Pattern:
    """A number (digits or Chinese, a range, 余/多, a scale) followed by a unit of the lexicon, or 百分之N."""
    def make() -> str:
        units = lex.alternation("classifiers", "measures", "rate_units")
        return (rf"(?P<pct>百分之(?P<pctn>{_NUM}|[零〇一二两三四五六七八九十百点]+))"
                rf"|(?P<n1>{_NUM}|{_CN})(?:\s*(?P<sep>[-~至到])\s*(?P<n2>{_NUM}|{_CN}))?"
                rf"(?P<approx>余|多)?\s*(?P<scale>万亿|千万|百万|亿|万|千)?(?P<approx2>余|多)?\s*(?P<unit>{units})")
    return lex.pattern("quantity", make)


def quantity_matches(norm: str, lex: Lexicon) -> Iterator[re.Match]:
    """quantity_pattern(lex).finditer(norm), trying only where a match can start."""
    search, match = _QTY_FIRST.search, quantity_pattern(lex).match
    pos = 0
    while True:
        m = search(norm, pos)
        if m is None:
            return
        got = match(norm, m.start())
        if got is None:
            pos = m.start() + 1
        else:
            yield got
            pos = got.end()


def parse_number(token: str) -> float | None:
    """One number as written: '1.4万亿', '620亿', '１２', '1,234.5', '二十', '百分之十五' (-> 15)."""
    t = normalise(token).strip()
    if t.startswith("百分之"):
        return parse_number(t[3:])
    scale = 1.0
    for s, f in SCALES.items():
        if t.endswith(s) and len(t) > len(s) and _NUM_RX.fullmatch(t[: -len(s)]):
            t, scale = t[: -len(s)], f
            break
    if _NUM_RX.fullmatch(t):
        return float(t.replace(",", "")) * scale
    v = parse_chinese(t)
    return None if v is None else v * scale


class Units:
    """What the lexicon's units mean: scale (万亩 is 10,000 亩), kind (classifier, measure, rate), synonyms."""

    def __init__(self, lex: Lexicon):
        self.classifiers = frozenset(lex.classifiers)
        self.measures = frozenset(lex.measures)
        self.durations = frozenset(lex.durations)
        self.rates = frozenset(lex.rate_units)
        self.groups = tuple(frozenset(p) for p in lex.pairs("unit_synonyms"))
        self._split: dict[str, tuple[float, str]] = {}
        self._compatible: dict[tuple[str, str], bool] = {}

    def split(self, unit: str) -> tuple[float, str]:
        """'万亩' -> (10000, '亩'), '亿元' -> (1e8, '元'), '千瓦' -> (1, '千瓦'), '%' -> (1, '%')."""
        hit = self._split.get(unit)
        if hit is None:
            hit = self._split[unit] = self._split_new(unit)
        return hit

    def _split_new(self, unit: str) -> tuple[float, str]:
        if unit in self.classifiers or unit in self.measures or unit in self.rates or not unit:
            return 1.0, unit
        for s, f in SCALES.items():
            if unit.startswith(s) and (unit[len(s):] in self.classifiers or unit[len(s):] in self.measures):
                return f, unit[len(s):]
        return 1.0, unit

    def base(self, unit: str) -> str:
        return self.split(unit)[1]

    def compatible(self, a: str, b: str) -> bool:
        """Same base unit (万亩 and 亩), or two units used for the same things (个 and 家)."""
        key = (a, b)
        hit = self._compatible.get(key)
        if hit is None:
            ba, bb = self.base(a), self.base(b)
            hit = self._compatible[key] = ba == bb or any(ba in g and bb in g for g in self.groups)
        return hit

    def convert(self, value: float, unit: str, to_unit: str) -> float | None:
        """`value` in `unit` expressed in `to_unit` (4000人 -> 0.4万人); None when the units differ."""
        if not self.compatible(unit, to_unit):
            return None
        return value * self.split(unit)[0] / self.split(to_unit)[0]


def units(lex: Lexicon) -> Units:
    return lex.derive("units", lambda: Units(lex))


class Quantity(NamedTuple):
    """A number with its unit, found in a text. `value`/`high` are as written (1.4 in 1.4万亩)."""

    value: float
    unit: str  # as written, scale included: 万亩, 亿元, %, 家
    start: int
    end: int
    high: float | None = None
    approx: bool = False  # 余/多: "300余个"
    base: float = 0.0  # the value in the base unit (14000 for 1.4万亩)
    base_unit: str = ""  # 亩

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


def _number_value(tok: str) -> tuple[float, float | None] | None:
    if _NUM_RX.fullmatch(tok):
        return float(tok.replace(",", "")), None
    r = parse_chinese_range(tok)
    if r:
        return r
    v = parse_chinese(tok)
    return None if v is None else (v, None)


def quantities(text: str, lex: Lexicon) -> tuple[Quantity, ...]:
    """Every number that carries a unit (or is a percentage). Years, 5G, 3A级, 第N and bare numbers are not."""
    return _quantities(text, lex)


@functools.lru_cache(maxsize=64)
def _quantities(text: str, lex: Lexicon) -> tuple[Quantity, ...]:
    # the goal and each progress text are read by several readers in turn: scan each once (perf)
    norm = normalise(text)
    u = units(lex)
    out: list[Quantity] = []
    for m in quantity_matches(norm, lex):
        if m["pct"]:
            v = parse_number(m["pctn"]) if m["pctn"] and "点" not in m["pctn"] else _pct_words(m["pctn"])
            if v is not None:
                out.append(Quantity(v, "%", m.start(), m.end(), base=v, base_unit="%"))
            continue
        q = _quantity(norm, m, lex, u)
        if q is not None:
            out.append(q)
    return tuple(out)


def _quantity(norm: str, m: re.Match, lex: Lexicon, u: Units) -> Quantity | None:
    """One matched number with its unit, or None when it names something (第3, 5G, 万亩, 一起研究)."""
    start, n1 = m.start("n1"), m["n1"]
    before = norm[start - 1] if start else ""
    if before == "第" or (before.isascii() and (before.isalnum() or before == ".")):
        return None  # 第3, S319, G4, PM2.5
    if m.end() < len(norm) and norm[m.end()].isascii() and norm[m.end()].isalpha():
        return None  # 5G, 3A
    if not n1[0].isdigit():
        if not any(c in DIGIT_VALUE or c == "十" for c in n1):
            return None  # 万亩、千亩、百家: a name, not a count
        if len(n1) == 2 and all(c in DIGIT_VALUE for c in n1) and not parse_chinese_range(n1):
            start, n1 = start + 1, n1[1:]  # 唯一一家 -> 一家
        if n1 == "一" and m["unit"] == "起" and not _incident_after(lex).match(norm, m.end()):
            return None  # 一起研究 (together), unless it counts an incident (一起较大事故)
    first = _number_value(n1)
    if first is None:
        return None
    low, high = first
    if m["n2"]:
        second = _number_value(m["n2"])
        if second is None or second[0] < low:
            return None
        high = second[0]
    scale = m["scale"] or ""
    if scale and m["unit"] in lex.rate_units:
        return None
    unit = scale + m["unit"]
    factor, base_unit = u.split(unit)
    return Quantity(low, unit, start, m.end(), high, bool(m["approx"] or m["approx2"]), low * factor, base_unit)


def _incident_after(lex: Lexicon) -> re.Pattern:
    return lex.pattern("incident", lambda: r"[^，,。；;]{0,4}?(?:" + lex.alternation("incidents") + ")")


def _pct_words(s: str) -> float | None:
    """百分之十五点五 -> 15.5"""
    if "点" in s:
        whole, frac = s.split("点", 1)
        w = parse_chinese(whole)
        if w is None or not all(c in DIGIT_VALUE for c in frac):
            return None
        return w + float("0." + "".join(str(DIGIT_VALUE[c]) for c in frac))
    return parse_chinese(s)


def has_words(lex: Lexicon, category: str, text: str) -> bool:
    """Does `text` hold a phrase of the category?"""
    rx = lex.regex(category)
    return bool(rx and rx.search(normalise(text)))


def phrase_spans(lex: Lexicon, category: str, norm: str) -> list[tuple[int, int]]:
    """Where a category's phrases occur in a normalised text: (start, end), leftmost first, the longest at
    each start; overlaps kept. Plain phrases are found with str.find, so a category used on a few texts
    costs no regex compilation (perf: `done`, `vague` and `pending` are read only for tasks judged on words)."""
    plain, gapped = _split_phrases(getattr(lex, category))
    spans = []
    for p in plain:
        i = norm.find(p)
        while i >= 0:
            spans.append((i, i + len(p)))
            i = norm.find(p, i + 1)
    if gapped is not None:
        spans += [(m.start(), m.end()) for m in gapped.finditer(norm)]
    return sorted(spans, key=lambda sp: (sp[0], -sp[1]))


@functools.lru_cache(maxsize=64)
def _split_phrases(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern | None]:
    """A category's plain phrases (normalised), and one regex for those with "…" only."""
    plain = tuple(normalise(p) for p in phrases if "…" not in p and "..." not in p)
    gapped = tuple(p for p in phrases if "…" in p or "..." in p)
    return plain, compile_phrases(gapped) if gapped else None
