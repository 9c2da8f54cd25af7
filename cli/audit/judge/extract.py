"""Numbers, units, comparators, targets, actuals, stated ratios and signals read from Chinese text (pure).

Everything here works on plain strings and returns plain records. Offsets always refer to the
text as given: normalisation (full-width digits and signs) maps one character to one character,
so every sentence and phrase handed back is a verbatim slice of the input.

The grammar of numbers and units lives here; the words that signal a stall, a delay, a plan or
an estimate live in `data/signals.yaml` (a `Lexicon`), so users can extend them without code.
"""
from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from audit.core.errors import AuditError, Problem, os_reason
from audit.core.model import Target
from audit.core.numerals import DIGIT_VALUE, parse_chinese, parse_chinese_range

# ----------------------------------------------------------------------------- normalisation

_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}  # ０-９
_FULLWIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})  # Ａ-Ｚ
_FULLWIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})  # ａ-ｚ
_FULLWIDTH.update({ord("％"): ord("%"), ord("．"): ord("."), ord("～"): ord("~"), ord("－"): ord("-"),
                   ord("—"): ord("-"), ord("–"): ord("-"), ord("〜"): ord("~")})


_HAS_FULLWIDTH = re.compile("[" + "".join(re.escape(chr(c)) for c in _FULLWIDTH) + "]")


# A department's own verdict written as a tag ("【已完成】上半年新增……", "【推进中】"): a claim to be checked
# against what the text reports, not a report itself. Blanked (same length) in the reading copy, so its words
# count neither as progress nor as a claim that the task is done. Admissions (【滞后】) are left to the lexicon.
_SELF_TAG = re.compile(r"[【\[]\s*(?:自评\s*[:：]?\s*)?(?:已完成|已办结|已落实|推进中|正在推进|序时推进|正常推进|按序时推进"
                       r"|按计划推进|进展顺利|绿灯)\s*[】\]]")


@functools.lru_cache(maxsize=64)
def normalise(text: str) -> str:
    """Full-width digits, letters and signs to ASCII, one character for one, so offsets still match;
    a department's self-assessment tag (【已完成】) becomes spaces."""
    # str.translate with a dict looks every character up in Python; most texts have nothing to map.
    # The same text is normalised by several extractors in turn, hence the small cache (perf).
    out = text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text
    if "【" in out or "[" in out:
        out = _SELF_TAG.sub(lambda m: " " * len(m.group(0)), out)
    return out


# ----------------------------------------------------------------------------- sentences

_SENTENCE_END = re.compile(r"[。；;！？!?\n\r]+")
_CLAUSE_END = "，,、；;。：:！？!?\n\r"


class Sentence(NamedTuple):
    text: str  # verbatim, surrounding spaces and the end mark removed
    start: int  # offset of text[0] in the whole text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def sentences(text: str) -> list[Sentence]:
    """Split at 。；;！？ and line breaks. ①② and 一是/二是 stay inside their sentence."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=32)
def _sentences(text: str) -> tuple[Sentence, ...]:
    # several extractors split the same progress text in turn; split it once (perf)
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


def sentence_at(sents: list[Sentence], pos: int) -> Sentence | None:
    """The sentence holding offset `pos` (binary search: sentences are in order)."""
    i = bisect.bisect_right([s.start for s in sents], pos) - 1 if len(sents) < 64 else bisect.bisect_right(_starts(sents), pos) - 1
    if i >= 0 and sents[i].start <= pos < sents[i].end:
        return sents[i]
    return None


_STARTS_CACHE: dict[int, tuple[list[Sentence], list[int]]] = {}


def _starts(sents: list[Sentence]) -> list[int]:
    hit = _STARTS_CACHE.get(id(sents))
    if hit is None or hit[0] is not sents:
        if len(_STARTS_CACHE) > 32:
            _STARTS_CACHE.clear()
        hit = (sents, [s.start for s in sents])
        _STARTS_CACHE[id(sents)] = hit
    return hit[1]


# ----------------------------------------------------------------------------- numbers

SCALES = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}

# Classifiers count things (家、个、项…); measures size them (亩、吨、元…). The difference matters:
# "2000间农家旅舍" counts what is to be built, "12万吨煅烧炉" only names a furnace.
CLASSIFIERS = ("人次", "家", "个", "项", "套", "间", "座", "所", "处", "台", "辆", "株", "棵", "场", "次", "起", "件",
               "条", "宗", "名", "支", "块", "根", "床", "张", "头", "只", "份", "户", "人", "笔", "栋", "艘",
               "部", "篇", "册", "批次", "匹")
MEASURES = ("平方公里", "平方米", "立方米", "公顷", "公里", "千米", "千瓦时", "千瓦", "兆瓦", "亩", "吨", "元",
            "米", "方", "斤", "公斤", "美元", "欧元", "微克/立方米", "毫克/立方米", "毫克/升",
            "个工作日", "工作日", "个月", "小时", "分钟")
DURATIONS = ("个工作日", "工作日", "个月", "小时", "分钟")  # 审批时限28个工作日, 去化周期21个月: not amounts of a year
LEVEL_UNITS = ("%", "个百分点", "倍")
# Units that may stand for one another. A classifier says what kind of thing is counted (处 for
# sites, 座 for structures, 项 for items), so a target in 个 does not take a report in 处. Only 个
# and 家 are paired: 家 is the classifier for establishments (企业、超市、机构) and 个 is the general
# classifier that reports use for the very same establishments ("新增外贸企业5个" / "新增12家");
# the head noun must still agree (see `_agrees`). Scale variants (万个, 亿元, 万亩) are handled by
# `split_unit`, and true synonyms (人/名, 公里/千米, 方/立方米) are listed here.
_UNIT_GROUPS = (frozenset({"个", "家"}), frozenset({"人", "名"}), frozenset({"个工作日", "工作日"}),
                frozenset({"公里", "千米"}), frozenset({"方", "立方米"}))

_UNITS_ALT = "|".join(sorted(set(CLASSIFIERS + MEASURES + LEVEL_UNITS), key=len, reverse=True))
_NUM = r"\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千万亿]+"
_QTY = re.compile(
    rf"(?P<pct>百分之(?P<pctn>{_NUM}|[零〇一二两三四五六七八九十百点]+))"
    rf"|(?P<n1>{_NUM}|{_CN})(?:\s*(?P<sep>[-~至到])\s*(?P<n2>{_NUM}|{_CN}))?"
    rf"(?P<approx>余|多)?\s*(?P<scale>万亿|千万|百万|亿|万|千)?(?P<approx2>余|多)?\s*(?P<unit>{_UNITS_ALT})"
)
# Every match of _QTY starts with one of these. The engine tries _QTY's alternation at every
# character; jumping from one of these to the next in C first is 35% faster on report text (perf).
_QTY_FIRST = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿]")


def _qty_matches(norm: str) -> Iterator[re.Match]:
    """_QTY.finditer(norm), trying only where a match can start."""
    search, match = _QTY_FIRST.search, _QTY.match
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
        if t.endswith(s) and len(t) > len(s) and re.fullmatch(_NUM, t[: -len(s)]):
            t, scale = t[: -len(s)], f
            break
    if re.fullmatch(_NUM, t):
        return float(t.replace(",", "")) * scale
    v = parse_chinese(t)
    return None if v is None else v * scale


@functools.lru_cache(maxsize=512)
def split_unit(unit: str) -> tuple[float, str]:
    """'万亩' -> (10000, '亩'), '亿元' -> (1e8, '元'), '千瓦' -> (1, '千瓦'), '%' -> (1, '%')."""
    if unit in CLASSIFIERS or unit in MEASURES or unit in LEVEL_UNITS or not unit:
        return 1.0, unit
    for s, f in SCALES.items():
        if unit.startswith(s) and (unit[len(s):] in CLASSIFIERS or unit[len(s):] in MEASURES):
            return f, unit[len(s):]
    return 1.0, unit


@functools.lru_cache(maxsize=2048)
def units_compatible(a: str, b: str) -> bool:
    """Same base unit (万亩 and 亩), or two classifiers used for the same things (个 and 家)."""
    ba, bb = split_unit(a)[1], split_unit(b)[1]
    return ba == bb or any(ba in g and bb in g for g in _UNIT_GROUPS)


def convert(value: float, unit: str, to_unit: str) -> float | None:
    """`value` in `unit` expressed in `to_unit` (4000人 -> 0.4万人); None when the units differ."""
    if not units_compatible(unit, to_unit):
        return None
    return value * split_unit(unit)[0] / split_unit(to_unit)[0]


class Quantity(NamedTuple):
    """A number with its unit, found in a text. `value`/`high` are as written (1.4 in 1.4万亩)."""

    value: float
    unit: str  # as written, scale included: 万亩, 亿元, %, 家
    start: int
    end: int
    high: float | None = None
    approx: bool = False  # 余/多: "300余个"

    @property
    def base(self) -> float:
        return self.value * split_unit(self.unit)[0]

    @property
    def base_unit(self) -> str:
        return split_unit(self.unit)[1]

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


def _number_value(tok: str) -> tuple[float, float | None] | None:
    if re.fullmatch(_NUM, tok):
        return float(tok.replace(",", "")), None
    r = parse_chinese_range(tok)
    if r:
        return r
    v = parse_chinese(tok)
    return None if v is None else (v, None)


def _lazy(pattern: str):
    """A regex compiled on first use: each costs 0.2–0.3 ms to compile, and most runs never need these (perf)."""
    @functools.cache
    def get() -> re.Pattern:
        return re.compile(pattern)
    return get


_INCIDENT_AFTER = _lazy(r"[^，,。；;]{0,4}?(?:事故|案件|事件|火灾|纠纷|警情|案)")


def quantities(text: str) -> tuple[Quantity, ...]:
    """Every number that carries a unit (or is a percentage). Years, 5G, 3A级, 第N and bare numbers are not."""
    return _quantities(text)


@functools.lru_cache(maxsize=64)
def _quantities(text: str) -> tuple[Quantity, ...]:  # noqa: C901
    # the goal and each progress text are read by several extractors in turn: scan each once (perf)
    norm = normalise(text)
    out: list[Quantity] = []
    for m in _qty_matches(norm):
        if m["pct"]:
            v = parse_number(m["pctn"]) if m["pctn"] and "点" not in m["pctn"] else _pct_words(m["pctn"])
            if v is not None:
                out.append(Quantity(v, "%", m.start(), m.end()))
            continue
        start, n1 = m.start("n1"), m["n1"]
        before = norm[start - 1] if start else ""
        if before == "第" or (before.isascii() and (before.isalnum() or before == ".")):
            continue  # 第3, S319, G4, PM2.5
        if m.end() < len(norm) and norm[m.end()].isascii() and norm[m.end()].isalpha():
            continue  # 5G, 3A
        is_cn = not n1[0].isdigit()
        if is_cn:
            if not any(c in DIGIT_VALUE or c == "十" for c in n1):
                continue  # 万亩、千亩、百家: a name, not a count
            if len(n1) == 2 and all(c in DIGIT_VALUE for c in n1) and not parse_chinese_range(n1):
                start, n1 = start + 1, n1[1:]  # 唯一一家 -> 一家
            if n1 == "一" and m["unit"] == "起" and not _INCIDENT_AFTER().match(norm, m.end()):
                continue  # 一起研究 (together), unless it counts an incident (一起较大事故)
        first = _number_value(n1)
        if first is None:
            continue
        low, high = first
        if m["n2"]:
            second = _number_value(m["n2"])
            if second is None or (second[0] < low):
                continue
            high = second[0]
        scale = m["scale"] or ""
        unit = m["unit"]
        if scale and unit in LEVEL_UNITS:
            continue
        out.append(Quantity(low, scale + unit, start, m.end(), high, bool(m["approx"] or m["approx2"])))
    return tuple(out)


def _pct_words(s: str) -> float | None:
    """百分之十五点五 -> 15.5"""
    if "点" in s:
        whole, frac = s.split("点", 1)
        w = parse_chinese(whole)
        if w is None or not all(c in DIGIT_VALUE for c in frac):
            return None
        return w + float("0." + "".join(str(DIGIT_VALUE[c]) for c in frac))
    return parse_chinese(s)


# ----------------------------------------------------------------------------- the lexicon

CATEGORIES = ("stall", "delay", "zero", "guard_after", "guard_phrases", "progress", "plan", "estimate", "hypothetical",
              "intent", "preparatory", "started", "abbreviations", "done", "vague", "pending", "later", "manner",
              "process", "milestone_met")
PAIRED = ("abbreviations", "milestone_met")  # categories written "word=word"


class LexiconError(AuditError):
    """The signal lexicon file could not be read: carries located problems."""


class Lexicon(NamedTuple):
    """Phrases per category (see data/signals.yaml). Regexes are compiled once per distinct list."""

    stall: tuple[str, ...] = ()
    delay: tuple[str, ...] = ()
    zero: tuple[str, ...] = ()
    guard_after: tuple[str, ...] = ()
    guard_phrases: tuple[str, ...] = ()
    progress: tuple[str, ...] = ()
    plan: tuple[str, ...] = ()
    estimate: tuple[str, ...] = ()
    hypothetical: tuple[str, ...] = ()
    intent: tuple[str, ...] = ()
    preparatory: tuple[str, ...] = ()
    started: tuple[str, ...] = ()  # 开工: begun, not finished
    abbreviations: tuple[str, ...] = ()  # "商超=超市": a head written short, and a full word it stands for
    done: tuple[str, ...] = ()  # 已全面完成, 已建成投用: the task itself is finished
    vague: tuple[str, ...] = ()  # 扎实推进各项工作: words that report no fact
    pending: tuple[str, ...] = ()  # 结果尚未公布: the figure that would decide is not out yet
    later: tuple[str, ...] = ()  # 即将开工, 列入明年计划: the work is still to come
    manner: tuple[str, ...] = ()  # 积极, 有序: before a `process` verb ("有序开展"), words that report no fact
    process: tuple[str, ...] = ()  # 推进, 开展, 对接
    milestone_met: tuple[str, ...] = ()  # "开工=已开工": a milestone's word, and words in a report that show it met
    source: str = ""

    def aliases(self) -> tuple[tuple[str, str], ...]:
        return tuple(tuple(a.split("=", 1)) for a in self.abbreviations)  # type: ignore[misc]

    def regex(self, category: str) -> re.Pattern | None:
        return _compile(getattr(self, category))


@functools.lru_cache(maxsize=256)
def _compile(phrases: tuple[str, ...]) -> re.Pattern | None:
    """One alternation for a whole category, longest phrases first; '…' matches up to 12 characters."""
    if not phrases:
        return None
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        pieces = [re.escape(normalise(x)) for x in re.split(r"…+|\.\.\.", p)]
        parts.append(r"[^。；;！？!?\n]{0,12}?".join(pieces))
    return re.compile("|".join(parts))


def lexicon_from_text(text: str, filename: str = "signals.yaml") -> Lexicon:  # noqa: C901
    """Parse the lexicon YAML. Raises LexiconError with file:line for every problem found."""
    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        msg = f"信号词库 YAML 格式错误：{(e.problem or str(e)).strip()}。请检查这一行附近的缩进和冒号。"
        raise LexiconError(msg, [Problem(filename, line, col, "", msg)]) from None
    if root is None:
        return Lexicon(source=filename)
    problems: list[Problem] = []
    found: dict[str, tuple[str, ...]] = {}

    def bad(node, fieldname: str, message: str) -> None:
        problems.append(Problem(filename, node.start_mark.line + 1, node.start_mark.column + 1, fieldname, message))

    if not isinstance(root, yaml.MappingNode):
        bad(root, "", "信号词库的最外层应为 stall、delay 等类别，每类一个词语列表。")
    else:
        for knode, vnode in root.value:
            key = str(knode.value)
            if key == "version":
                continue
            if key not in CATEGORIES:
                bad(knode, key, f"不认识的类别 “{key}”。可用的类别：{'、'.join(CATEGORIES)}。")
                continue
            if isinstance(vnode, yaml.ScalarNode) and vnode.value in ("", "~", "null"):
                found[key] = ()
                continue
            if not isinstance(vnode, yaml.SequenceNode):
                bad(vnode, key, "应为词语列表，每行一个，以 “- ” 开头。")
                continue
            words = []
            for i, item in enumerate(vnode.value):
                if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                    bad(item, f"{key}[{i}]", "应为一个词语（文字），不能为空，也不能是列表或键值。")
                    continue
                word = str(item.value).strip()
                if key in PAIRED and not re.fullmatch(r"[^=\s]+=[^=\s]+", word):
                    example = "“缩写=全称”，例如 “商超=超市”" if key == "abbreviations" else "“节点=说法”，例如 “开工=已开工”"
                    bad(item, f"{key}[{i}]", f"应写作 {example}。")
                    continue
                words.append(word)
            found[key] = tuple(words)
    if problems:
        raise LexiconError(f"信号词库 {filename} 有 {len(problems)} 处错误。", problems)
    return Lexicon(source=filename, **found)


def load_lexicon(path: str | Path) -> Lexicon:
    """Read a lexicon file (UTF-8). A missing or unreadable file raises LexiconError."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LexiconError(f"找不到信号词库 {path}。", [Problem(str(path), 0, 0, "", "找不到这个文件。")]) from None
    except UnicodeDecodeError:
        raise LexiconError(f"信号词库 {path} 不是 UTF-8 编码。",
                           [Problem(str(path), 0, 0, "", "文件不是 UTF-8 编码，请另存为 UTF-8。")]) from None
    except OSError as e:
        raise LexiconError(f"无法读取信号词库 {path}：{os_reason(e)}。",
                           [Problem(str(path), 0, 0, "", f"无法读取：{os_reason(e)}。")]) from None
    return lexicon_from_text(text, str(path))


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon (audit.resources.shipped_signals()), read once."""
    from audit.core import resources

    return load_lexicon(resources.shipped_signals())


@functools.lru_cache(maxsize=64)
def _split_phrases(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern | None]:
    """A category's plain phrases (normalised), and one regex for those with "…" only."""
    plain = tuple(normalise(p) for p in phrases if "…" not in p and "..." not in p)
    gapped = tuple(p for p in phrases if "…" in p or "..." in p)
    return plain, _compile(gapped) if gapped else None


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


def _has(lex: Lexicon, category: str, text: str) -> bool:
    rx = lex.regex(category)
    return bool(rx and rx.search(normalise(text)))


# ----------------------------------------------------------------------------- targets from a goal

_GE_BEFORE = ("不低于", "不少于", "至少", "超过", "突破", "高于", "达到", "保持在", "稳定在", "保持", "达")
_LE_BEFORE = ("控制在", "不超过", "不高于", "低于", "少于", "压缩至", "压缩到", "缩短至", "缩短到", "降至", "降低到",
              "下降到", "减少到", "压减至")
_APPROX_BEFORE = ("大约", "约", "力争")
_GE_AFTER = ("及以上", "以上")
_LE_AFTER = ("以内", "以下", "之内")
_APPROX_AFTER = ("左右", "上下")
# words that make a plain number a level (a state to hold) rather than an amount to accrue
_LEVEL_WORDS = ("保持", "稳定在", "控制在", "红线", "不超过", "比重", "占比", "覆盖率", "率")
# metrics where less is better: with no comparator word, their number is a ceiling
LOWER_IS_BETTER = ("失业率", "不良贷款率", "不良率", "能耗", "发生率", "死亡率", "负债率", "空置率", "排放", "事故")
# words a measure may be followed by and still be the commitment itself (3.5万亩建设任务)
_TASK_NOUNS = ("建设任务", "任务", "建设", "工作", "目标", "规模", "改造", "治理", "整治", "修复")
_INVEST_BEFORE = re.compile(r"(?:总投资|投资|总规模|规模)(?:约|达|超)?$")
_QUOTES = (("“", "”"), ("《", "》"), ("「", "」"), ("\"", "\""), ("‘", "’"))


def _inside_quotes(text: str, pos: int) -> bool:
    for open_, close in _QUOTES:
        if open_ == close:
            if text.count(open_, 0, pos) % 2:
                return True
        elif text.rfind(open_, 0, pos) > text.rfind(close, 0, pos):
            return True
    return False


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    i = pos
    while i > floor and text[i - 1] not in _CLAUSE_END:
        i -= 1
    return i


def _clause_end(text: str, pos: int) -> int:
    i = pos
    while i < len(text) and text[i] not in _CLAUSE_END:
        i += 1
    return i


def _noun_after(text: str, pos: int) -> int:
    """End of the noun right after a quantity ("2000间农家旅舍、" -> end of 农家旅舍)."""
    i = pos
    while i < len(text) and text[i] not in _CLAUSE_END and text[i] not in "和及与并等的" and not text[i].isdigit():
        i += 1
    return i


@functools.lru_cache(maxsize=None)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))  # sorted once per word list, not per call (perf)


def _startswith_any(s: str, words: tuple[str, ...]) -> str:
    for w in _longest_first(words):
        if s.startswith(w):
            return w
    return ""


def _endswith_any(s: str, words: tuple[str, ...]) -> str:
    for w in _longest_first(words):
        if s.endswith(w):
            return w
    return ""


_STRIP_HEAD = ("确保", "全年", "年内", "今年", "力争", "争取", "累计", "其中")
_STRIP_TAIL = ("均", "要", "都", "为", "在", "同比")


def _clean_metric(prefix: str) -> str:
    m = re.sub(r"[“”\"'‘’]", "", prefix).strip()
    changed = True
    while changed and m:
        changed = False
        for w in (_endswith_any(m, _GE_BEFORE + _LE_BEFORE + _APPROX_BEFORE + _STRIP_TAIL),):
            if w:
                m, changed = m[: -len(w)], True
        w = _startswith_any(m, _STRIP_HEAD)
        if w and len(m) > len(w):
            m, changed = m[len(w):], True
    return m.strip()


def extract_targets(goal: str) -> list[Target]:  # noqa: C901
    """The quantitative commitments in a goal, in order, with origin "goal".

    A number is a commitment when it carries a unit (or is a percentage) and is not:
    a year or month (no unit), a name (inside “” 《》), an ordinal (第N), a model (5G, 3A级),
    a project's size ("投资80亿元的…项目": money or a measure followed by 的, or money right after
    投资 that runs on into a name), or a measure glued to a noun ("12万吨煅烧炉", "500千伏变电站").
    Comparator: 以上/不低于/至少/超过/不少于/达到 -> ">="; 以内/不超过/控制在/低于 -> "<=";
    左右/约/力争 -> "~" (words after the number win over words before it). With no word the
    number is a floor (">="), except for metrics where less is better (失业率…), where it is a ceiling.
    Kind: percentages, 倍, "<=" ceilings and words such as 保持/稳定在/比重/率 make a "level";
    every other unit makes a "cumulative" amount.
    """
    norm = normalise(goal)
    out: list[Target] = []
    prev_end = 0
    prev_metric = ""
    for q in quantities(goal):
        if _inside_quotes(norm, q.start):
            continue
        after = norm[q.end:]
        post = _startswith_any(after, _GE_AFTER + _LE_AFTER + _APPROX_AFTER)
        rest = after[len(post):]
        # 5万套（间）: a bracketed alternative unit belongs to the number, not to a noun after it
        aside = re.match(r"[(（][^()（）]{1,4}[)）]", rest)
        skip = aside.end() if aside and not post else 0
        rest = rest[skip:]
        base = q.base_unit
        if rest.startswith("的"):
            prev_end = q.end
            continue
        cstart = _clause_start(norm, q.start, prev_end)
        # 新征、平整、供地1000亩: short verbs listed with 、 share the number
        while cstart > prev_end + 1 and norm[cstart - 1] == "、":
            seg = _clause_start(norm, cstart - 1, prev_end)
            if cstart - 1 - seg > 3 or cstart - 1 - seg == 0:
                break
            cstart = seg
        while cstart < q.start and norm[cstart] in "和及与并":
            cstart += 1
        prefix = norm[cstart:q.start]
        if prefix.startswith("的"):
            prev_end = q.end
            continue
        if base == "元" and _INVEST_BEFORE.search(prefix) and not post and rest[:1] not in _CLAUSE_END:
            prev_end = q.end
            continue
        noun_end = q.end + len(post) + skip
        noun = ""
        if not post and rest[:1] and rest[:1] not in _CLAUSE_END and not rest[:1].isdigit():
            if base in MEASURES and not _startswith_any(rest, _TASK_NOUNS):
                prev_end = q.end
                continue
            noun_end = _noun_after(norm, q.end + skip)
            noun = norm[q.end + skip:noun_end]
            # 80个工作日以内: the comparator comes after the noun the number counts
            post = _endswith_any(noun, _GE_AFTER + _LE_AFTER + _APPROX_AFTER)
            if post:
                noun = noun[: -len(post)]
        metric = _clean_metric(prefix)
        if noun:
            metric = metric + noun
        if q.is_percent and re.fullmatch(r"(?:同比)?(?:增长|增速|增幅|提高|下降|减少)?", metric or "") and prev_metric:
            metric = prev_metric + (metric or "")
        pre_word = _endswith_any(prefix, _GE_BEFORE + _LE_BEFORE + _APPROX_BEFORE)
        if post in _GE_AFTER:
            cmp = ">="
        elif post in _LE_AFTER:
            cmp = "<="
        elif post in _APPROX_AFTER:
            cmp = "~"
        elif pre_word in _LE_BEFORE:
            cmp = "<="
        elif pre_word in _APPROX_BEFORE:
            cmp = "~"
        elif pre_word in _GE_BEFORE:
            cmp = ">="
        elif direction(prefix) == "down":
            cmp = ">="  # 能耗下降3%: the cut must reach 3%, whatever the metric
        elif any(w in metric for w in LOWER_IS_BETTER):
            cmp = "<="
        else:
            cmp = ">="
        level = q.unit in LEVEL_UNITS or cmp == "<=" or any(w in prefix + noun for w in _LEVEL_WORDS[:5])
        if not level and base not in CLASSIFIERS and base not in MEASURES:
            level = True
        span_start = cstart + (len(prefix) - len(prefix.lstrip(" “\"")))
        span = goal[span_start:max(noun_end, q.end + len(post))]
        value, high = q.value, q.high
        out.append(Target(metric=metric or noun or q.unit, value=value, unit=q.unit, comparator=cmp,
                          kind="level" if level else "cumulative", high=high, text=span, origin="goal"))
        prev_end = max(noun_end, q.end + len(post))
        if not q.is_percent and metric:
            prev_metric = _subject(metric)
        elif q.is_percent and metric:
            prev_metric = _subject(metric)
    return out


# The direction of a change: 下降3.4% is a cut of 3.4, 增长6% a rise. A figure against a target of the other
# direction counts negative (利用外资下降6.4% against 增长5% is -6.4; 能耗上升1% against 下降3% is -1).
_DOWN = ("下降", "降低", "减少", "回落", "下滑", "压减", "负增长", "降幅")
_UP = ("增长", "提高", "上升", "增加", "提升", "增幅", "增速")
def direction(before: str) -> str:
    """'down' or 'up' for the last change word in `before` (the words right before a number), or ''.
    Not for a level reached by the change ("下降到4%", "提高至95%"): that is where it ends, not by how much."""
    tail = before[-8:]
    end, word = -1, ""
    for w in _DOWN + _UP:  # a few rfinds: cheaper than compiling an alternation at import (perf)
        i = tail.rfind(w)
        if i >= 0 and (i + len(w) > end or (i + len(w) == end and len(w) > len(word))):
            end, word = i + len(w), w
    if not word or tail[end:].lstrip()[:1] in ("到", "至", "为"):
        return ""
    return "down" if word in _DOWN else "up"


def target_direction(t: Target) -> str:
    """The direction of a percentage target's change: 能耗下降3% -> 'down', 利用外资增长5% -> 'up', else ''."""
    return direction(normalise(t.metric))


def _subject(metric: str) -> str:
    """规上工业总产值同比增长 -> 规上工业总产值 (the thing a bare '增长8%' that follows refers to)."""
    return re.split(r"同比|增长|增速|增幅", metric)[0]


# ----------------------------------------------------------------------------- stated ratios and gaps

_PCT = r"(?P<pct>\d+(?:\.\d+)?)\s*%"
_STATED = re.compile(
    r"(?P<ref>年度目标任务|年目标任务|全年目标任务|目标任务|年度目标|全年目标|目标值|计划任务|年度任务|全年任务|总任务"
    r"|计划数|预算数|投资总额|工程总量|总工程量|工程量|总进度|形象进度|总体进度|完成率|计划|目标|任务)"
    rf"(?:\s*[:：]\s*|[^，,。；;：:、]{{0,14}}?)(?:的|已?完成|已?达到?|为)?\s*{_PCT}"
)
_GAP = re.compile(
    r"(?P<dir>滞后于?|落后于?|慢于|低于|超出?|超过|快于|高于|领先于?)"
    r"(?P<ref>序时进度|时间进度|序时|目标|计划|年度目标)?[^，,。；;\d]{0,4}?"
    r"(?P<pts>\d+(?:\.\d+)?)\s*个百分点"
)
_BEHIND = ("滞后", "落后", "慢于", "低于")


class Stated(NamedTuple):
    """A figure the text states outright: a share done ("完成年目标任务的70%") or a gap in points."""

    kind: str  # "stated_ratio" or "gap"
    value: float  # share as a fraction (0.7), or gap in points, negative when behind (-9.8)
    sentence: str
    phrase: str
    start: int
    ref: str = ""  # what it is measured against: 目标任务, 序时进度…


def stated_ratios(text: str) -> list[Stated]:
    """Shares the text states outright: "占目标值的75%", "完成工程总量62.5%", "总进度已完成70%"."""
    return [Stated("stated_ratio", float(m["pct"]) / 100, s.text, text[m.start():m.end()], m.start("pct"), m["ref"])
            for m, s in _found_in_sentences(text, _STATED)]


def _found_in_sentences(text: str, pattern: re.Pattern) -> Iterator[tuple[re.Match, Sentence]]:
    """Each match of `pattern` in the normalised text, with the verbatim sentence holding it."""
    sents = sentences(text)
    for m in pattern.finditer(normalise(text)):
        s = sentence_at(sents, m.start())
        if s is not None:
            yield m, s


# What a stated ratio is measured against. These refs measure one project against its own size
# ("占工程投资总额11%", "完成形象进度21%"); every other ref (年目标任务, 计划任务, 目标值…) measures
# the year's task. A project's own ratio is the task's only when the task is that one project.
COMPONENT_REFS = ("投资总额", "工程总量", "总工程量", "工程量", "总进度", "形象进度", "总体进度")
_PROJECT_NOUNS = re.compile(r"工程|项目|大桥|码头|水厂|电厂|电站|医院|学校|港区|园区|公路")


def is_task_ratio(st: Stated, goal: str, targets: tuple[Target, ...] | list[Target] = ()) -> bool:
    """Does a stated ratio measure the whole task? Yes when it says so (年目标任务…), or when it measures
    a project and the goal is that single project: no list (、), at most one project named, no count
    of things among the targets."""
    if st.ref not in COMPONENT_REFS:
        return True
    g = normalise(goal)
    several = "、" in g or len(_PROJECT_NOUNS.findall(g)) > 1 or any(t.unit in CLASSIFIERS for t in targets)
    return not several


def stated_gaps(text: str) -> list[Stated]:
    """Gaps stated in points: "滞后序时进度9.8个百分点" -> -9.8, "超序时进度5个百分点" -> +5."""
    out = []
    for m, s in _found_in_sentences(text, _GAP):
        pts = float(m["pts"])
        if m["dir"].startswith(_BEHIND):
            pts = -pts
        out.append(Stated("gap", pts, s.text, text[m.start():m.end()], m.start(), m["ref"] or ""))
    return out


# ----------------------------------------------------------------------------- signals


class Signal(NamedTuple):
    kind: str  # "stall", "delay", "weak_stall"
    sentence: str  # verbatim
    phrase: str  # the matched words, verbatim
    start: int
    subject: str = ""  # for zero phrases: the words after them (无新增 *限上住宿企业*)


def find_signals(text: str, lexicon: Lexicon | None = None) -> tuple[Signal, ...]:
    """Stall and delay phrases, each with its sentence.

    Not signals: a phrase followed by a guard word (无新增*案件*, 未发生*事故*) or inside a guard
    phrase (无群体性事件). Weak: a phrase followed within six characters by a number, as in a list
    of totals ("未开工项目154个，暂停项目1个"): a statistic, weaker than "项目目前未启动".
    """
    return _find_signals(text, lexicon or default_lexicon())


@functools.lru_cache(maxsize=64)
def _find_signals(text: str, lex: Lexicon) -> tuple[Signal, ...]:  # noqa: C901
    # the assessment and the actuals' zero phrases ask for the same text's signals (perf)
    norm = normalise(text)
    sents = sentences(text)
    matches: list[tuple[int, int, str]] = []
    for cat in ("stall", "delay", "zero"):
        rx = lex.regex(cat)
        if rx:
            matches += [(m.start(), m.end(), cat) for m in rx.finditer(norm)]
    # keep the longest match where they overlap (尚未启动 as a delay, not 未启动 as a stall)
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0]), {"zero": 0, "stall": 1, "delay": 2}[m[2]]))
    kept: list[tuple[int, int, str]] = []
    for m in matches:
        if kept and m[0] < kept[-1][1]:
            if m[1] - m[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = m
            continue
        kept.append(m)
    guard_rx, guard_after = lex.regex("guard_phrases"), lex.regex("guard_after")
    guarded = _Spans([(g.start(), g.end()) for g in guard_rx.finditer(norm)] if guard_rx else [])
    out: list[Signal] = []
    for start, end, cat in kept:
        if guarded.covers(start):
            continue
        tail = norm[end:_clause_end(norm, end)]
        if guard_after and guard_after.match(tail[:8].lstrip("的")):
            continue
        if guard_after and guard_after.search(tail[:6]) and cat == "zero":
            continue
        s = sentence_at(sents, start)
        if s is None:
            continue
        kind = "stall" if cat in ("stall", "zero") else "delay"
        if re.match(r"[^，,。；;、]{0,6}?\d", tail):
            kind = "weak_stall" if kind == "stall" else kind
        subject = ""
        if cat == "zero":
            subject = tail[: _noun_after(tail, 0)]
        out.append(Signal(kind, s.text, text[start:end], start, subject))
    return tuple(out)


# A stop that is the latest news: work that began and then stopped ("……进场施工，后因资金未到位，自6月起暂停施工").
_HALT_WORDS = ("停工", "暂停施工", "停建", "撤场", "停滞", "中止", "暂停")
_THEN = _lazy(r"后因|后来|此后|随后|目前|现已|至今|截至目前|自[^，,。；;]{1,8}起")
_PART = _lazy(r"部分|其中|个别|有的|少数|一期|二期|三期|[一二三四五六七八九十两\d]+(?:个|家|处|座|所|项|栋|条|段)")


def halted_now(text: str, signals: Iterable[Signal], lexicon: Lexicon | None = None) -> Signal | None:
    """A stall that is the task's present state although work was done before it: a halt word
    (停工、暂停施工、停建、撤场…) in a clause that says it came later or holds now (后因、自6月起、
    目前…), not of a part (部分、其中、一期、3个…), with no work reported after it."""
    lex = lexicon or default_lexicon()
    norm = normalise(text)
    for sig in signals:
        if sig.kind != "stall" or not sig.phrase.endswith(_HALT_WORDS) and sig.phrase not in _HALT_WORDS:
            continue
        start = _clause_start(norm, sig.start, 0)
        lead = norm[_clause_start(norm, start - 1) if start else 0:sig.start]  # this clause and the one before
        if not _THEN().search(lead) or _PART().search(norm[start:sig.start]):
            continue
        after = norm[sig.start + len(sig.phrase):]
        if quantities(after) or _reports_progress(after, lex):
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
            if quantities(s.text) or _reports_progress(s.text, lex):
                return True
            continue
        for c in re.finditer(r"[^，,；;：:]+", s.text):
            a, b = s.start + c.start(), s.start + c.end()
            if any(a <= sig.start < b for sig in signals):
                continue
            if quantities(c.group(0)) or ("已" in c.group(0) and _reports_progress(c.group(0), lex)):
                return True
    return False


def _reports_progress(text: str, lex: Lexicon) -> bool:
    """A progress word outside the vague phrases, and not the name of a rate (完成率, 开工率)."""
    rx = lex.regex("progress")
    if rx is None:
        return False
    norm = normalise(text)
    vague = None
    for m in rx.finditer(norm):
        if norm.startswith("率", m.end()):
            continue
        if vague is None:
            spans = phrase_spans(lex, "vague", norm)
            empty = _manner_process(lex.manner, lex.process)
            if empty is not None:
                spans += [(e.start(), e.end()) for e in empty.finditer(norm)]
            vague = _Spans(spans)
        if not vague.covers(m.start()):
            return True
    return False


@functools.lru_cache(maxsize=8)
def _manner_process(manner: tuple[str, ...], process: tuple[str, ...]) -> re.Pattern | None:
    """A manner word right before a process verb ("正在积极对接", "相关工作有序开展"): how the work
    goes, not what was done, whichever pair of the two lists is written."""
    if not manner or not process:
        return None
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    return re.compile(f"(?:正在)?(?:{alt(manner)})地?(?:{alt(process)})中?")


class Claim(NamedTuple):
    """A sentence saying the whole task is finished ("已全面完成"), or that the deciding result is not out."""

    sentence: str
    phrase: str


# words by which a report refers to its own task ("该项工作已全面完成")
_SELF_REF = _lazy(r"(?:该|此|本|这)?项?(?:工作|任务|项目|工程)|(?:全年|年度)(?:目标)?任务")


# when it happened, said around a done phrase: "已于5月18日挂牌成立", "6月28日正式建成通车"
_DATE_WORDS = re.compile(r"(?:已|已经)?(?:于|在)?(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:正式|顺利)?|(?:正式|顺利)$")


def completion_claim(text: str, goal: str, lexicon: Lexicon | None = None) -> Claim | None:
    """A `done` phrase that speaks of the task itself: what stands before and after it in its clause is
    nothing, time words, or words of the goal ("一期厂房已全部竣工" for "建成产业园一期"), and the clause
    is not a plan ("确保全面完成") or preparatory work ("已全面完成可研"). None when the text also says
    work is still going on (正在、预计…): then only part of the task is done."""
    lex = lexicon or default_lexicon()
    norm = normalise(text)
    found, last = [], -1
    for a, b in phrase_spans(lex, "done", norm):
        if a >= last:  # the longest phrase at each place, none inside another
            found.append((a, b))
            last = b
    if not found or _has(lex, "intent", norm) or _has(lex, "estimate", norm):
        return None  # no such words, or something is still under way or expected
    goal_grams = _bigrams(normalise(goal)) - _GENERIC
    sents = sentences(text)
    for start, end in found:
        s = sentence_at(sents, start)
        if s is None:
            continue
        cstart, cend = _clause_start(norm, start, s.start), _clause_end(norm, end)
        clause = norm[cstart:cend]
        if _has(lex, "plan", clause) or _has(lex, "preparatory", clause):
            continue
        after = norm[end:cend]
        if re.match(r"\s*(?:并|且|后|和)", after):
            after = ""  # 已全部完工并通车, 已完成并通过验收: the verb goes on, no other object
        around = [_FILLER_HEAD.sub("", _cjk(re.sub(r"\d+(?:\.\d+)?", "", _DATE_WORDS.sub("", w))))
                  for w in (norm[cstart:start], after)]
        if all(not w or _names_nothing(w) or _SELF_REF().fullmatch(w) or (_bigrams(w) & goal_grams) for w in around):
            return Claim(s.text, text[start:end])
    return None


# "与去年同期持平" against a goal that asks for a change ("事故起数同比下降", "收入稳步增长"): the change
# did not happen.
_NO_CHANGE = _lazy(r"持平|不降反升|不增反降|未实现(?:下降|增长|减少)|没有(?:下降|减少|增长)|未(?:下降|减少)")


def no_change(text: str, goal: str) -> Claim | None:
    """A goal asking for a change without a figure, and a report that it stayed level (or went the other way)."""
    goal = normalise(goal)
    if not any(w in goal for w in _DOWN + _UP):
        return None
    m = _NO_CHANGE().search(normalise(text))
    if m is None:
        return None
    s = sentence_at(sentences(text), m.start())
    return Claim(s.text if s else text, text[m.start():m.end()])


def still_to_come(text: str, lexicon: Lexicon | None = None) -> Claim | None:
    """The first sentence putting the task's work in the future ("即将开工", "预计明年上半年开通")."""
    lex = lexicon or default_lexicon()
    norm = normalise(text)
    for start, end in phrase_spans(lex, "later", norm):
        if _startswith_any(norm[end:_clause_end(norm, end)][:6].lstrip("将要还再也"), _CONTINUING):
            continue  # "明年将继续巩固": more of the same next year, not this year's work left undone
        s = sentence_at(sentences(text), start)
        return Claim(s.text if s else text, text[start:end])
    return None


# Verbs of carrying on: after a "later" word they speak of next year's continuing effort.
_CONTINUING = ("继续", "进一步", "持续", "巩固", "深化", "加大", "加强", "提升", "完善", "坚持", "保持", "扩大")


def only_preparatory(text: str, lexicon: Lexicon | None = None) -> Claim | None:
    """Does every clause reporting something done speak of preparatory work (招标、设计、可研…)?
    Returns the first such clause's sentence, or None when some clause reports other work."""
    lex = lexicon or default_lexicon()
    norm = normalise(text)
    sents = sentences(text)
    first = None
    for c in re.finditer(r"[^，,；;。：:！？!?\n]+", norm):
        clause = c.group(0)
        if not (quantities(clause) or _reports_progress(clause, lex)):
            continue
        if not _has(lex, "preparatory", clause):
            return None
        if first is None:
            s = sentence_at(sents, c.start())
            first = Claim(s.text if s else text, text[c.start():c.end()])
    return first


def pending_result(text: str, lexicon: Lexicon | None = None) -> Claim | None:
    """The first sentence saying the deciding result or figure is not out yet ("认定结果尚未公布")."""
    lex = lexicon or default_lexicon()
    spans = phrase_spans(lex, "pending", normalise(text))
    if not spans:
        return None
    start, end = spans[0]
    s = sentence_at(sentences(text), start)
    return Claim(s.text if s else text, text[start:end])


# ----------------------------------------------------------------------------- actuals


class Found(NamedTuple):
    """The reported figure for one target."""

    value: float  # as written
    unit: str  # as written
    sentence: str  # verbatim
    phrase: str  # the quantity as written, verbatim ("15家", "3.14%")
    start: int  # offset in the progress text (-1 for a zero phrase matched by words)
    estimate: bool = False

    def in_unit(self, unit: str) -> float | None:
        return convert(self.value, self.unit, unit)


_GENERIC = frozenset({"新增", "完成", "建设", "建成", "实现", "全市", "累计", "达到", "同比", "增长", "目前", "已经",
                      "上半", "半年", "全年", "工作", "项目", "企业", "开展", "推进", "加快", "我市", "今年", "年度"})


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


def _bigrams(s: str) -> frozenset[str]:
    return _bigrams_of(s)


@functools.lru_cache(maxsize=4096)
def _bigrams_of(s: str) -> frozenset[str]:
    # a target's metric is compared with every figure of its text, each clause more than once (perf)
    cjk = s.translate(_TO_SPACE)
    return frozenset(a + b for part in cjk.split() for a, b in zip(part, part[1:]))


def _score(metric_grams: set[str], before_clause: str, before_sentence: str, after_clause: str) -> int:
    core = metric_grams - _GENERIC
    c = _bigrams(before_clause) | _bigrams(after_clause)
    if not (core & (c | _bigrams(before_sentence))) and core:
        return 0
    return 2 * len(metric_grams & c) + len(metric_grams & _bigrams(before_sentence))


class _Spans:
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


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _STATED.finditer(normalise(text))]
    spans += [(m.start(), m.end()) for m in _GAP.finditer(normalise(text))]
    return spans


# -- agreement between a target and a candidate figure: the counted noun and the rate word
#
# A figure counts for a target only when it counts the same thing. The thing is the head noun: the
# last two characters of the target's metric once trailing action words are dropped (露天矿山生态修复
# -> 矿山). Generic heads (项目、工程…) are too broad alone: 省重点项目 must not take 续建项目, so they
# also need the modifier right before them (重点项目), or all of its two-character words nearby
# (招商引资项目 takes 招商引资签约项目). A rate target (覆盖率, 比重) takes only the same rate word.

_ACTION_TAILS = ("生态修复", "提标改造", "升级改造", "建设任务", "建设项目", "改造项目", "建设工程", "改造工程", "建设", "改造",
                 "修复", "治理", "整治", "创建", "提升", "工作", "任务")
_GENERIC_HEADS = ("项目", "工程", "设施", "单位", "任务", "工作")
# words that name a dimension of the thing, not the thing: 参保人数 counts 参保, 营造林面积 measures 营造林
_DIMENSION_TAILS = ("人数", "户数", "家数", "个数", "数量", "面积", "规模", "总量", "里程", "长度")
# verbs that may end a metric when the goal names the thing first ("高新技术企业净增20家")
_VERB_TAILS = ("净增", "新增", "增加", "减少", "完成", "建成", "新建", "实现", "累计", "培育", "引进", "达")
# words that end the noun after a number: what follows is what was done to it ("4家已完成")
_VERB_MARKS = ("已经", "已", "正在", "均", "全部", "基本", "完成", "建成", "投入", "开工", "进入", "通过", "实现", "达到",
               "被", "由", "将", "纳入", "列入", "申报", "推荐", "获得", "获批", "顺利", "作为", "进行", "开展", "向",
               "在", "为", "是", "于", "给", "用于", "供")
_VERB_RX = re.compile("|".join(re.escape(w) for w in sorted(_VERB_MARKS, key=len, reverse=True)))
# words between a noun and the number that follows it ("储存点共13处", "生鲜超市已建成7家")
_FILLER_TAIL = re.compile(r"(?:已经|已|共计|共|累计|合计|总计|达到|达|为|是|约|计|有|了|将|可|能|完成|建成|新增|新建|实现|"
                          r"开工|投产|到位|签约|培育|打造|引进|投资建设|改造|建设|\s)+$")
_FILLER_HEAD = re.compile("^" + _FILLER_TAIL.pattern[:-1])
_NOUN_STOP = _CLAUSE_END + "和及与并等(（)）“”\"《》"
_NO_QUOTES = str.maketrans("", "", "“”\"‘’《》「」")  # “一网通办”率 is the rate 一网通办率


class _Head(NamedTuple):
    head: str  # 矿山, 小区, 重点项目's 项目
    full: str  # the noun it ends (露天矿山), for a one-character report noun (34个村 vs 试点村)
    modifier: str = ""  # for generic heads: up to four characters before it (重点, 招商引资)


def _cjk(s: str) -> str:
    return s.translate(_TO_NOTHING)


def _drop_action_tail(noun: str) -> str:
    changed = True
    while changed:
        changed = False
        w = _endswith_any(noun, _ACTION_TAILS)
        if w and len(noun) - len(w) >= 2:
            noun, changed = noun[: -len(w)], True
    return noun


@functools.lru_cache(maxsize=1024)
def metric_heads(metric: str) -> tuple[_Head, ...]:
    """The nouns a figure must count to stand for `metric`: its end, and each alternative in brackets."""
    m = normalise(metric)
    # 示范园(基地), 周转房和公租房, 新征、平整、供地: each alternative names what is counted
    alternatives = re.split(r"[、和及与]", re.sub(r"[(（][^)）]*[)）]", "", m)) + re.findall(r"[(（]([^)）]+)[)）]", m)
    out = []
    for alt in alternatives:
        noun = _drop_action_tail(_cjk(alt))
        verb = _endswith_any(noun, _VERB_TAILS)  # 国家高新技术企业净增20家: the noun comes before the verb
        if verb and len(noun) - len(verb) >= 2:
            noun = _drop_action_tail(noun[: -len(verb)])
        dim = _endswith_any(noun, _DIMENSION_TAILS)
        if dim and len(noun) - len(dim) >= 2:
            noun = _drop_action_tail(noun[: -len(dim)])
        if not noun:
            continue
        head = noun[-2:]
        modifier = noun[:-2][-4:] if head in _GENERIC_HEADS else ""
        out.append(_Head(head, noun, modifier))
    return tuple(out)


def heads_with_aliases(metric: str, lex: Lexicon) -> tuple[_Head, ...]:
    """`metric_heads`, plus for a head written short the full words the lexicon lists for it
    (abbreviations "商超=超市": 小区商超 is also counted by 生鲜超市)."""
    heads = metric_heads(metric)
    extra = []
    for h in heads:
        for short, full in lex.aliases():
            if h.head == short or (len(short) > 2 and h.full.endswith(short)):
                extra.append(_Head(full[-2:], h.full[: -len(short)] + full, h.modifier if full[-2:] == h.head else ""))
    return heads + tuple(x for x in extra if x not in heads)


def _counted_noun_after(text: str, pos: int) -> str:
    """The noun a figure counts when it is written before the noun ("25家矿山修复方案" -> 矿山修复方案)."""
    pos += len(_startswith_any(text[pos:], _GE_AFTER + _LE_AFTER + _APPROX_AFTER))  # 27.5万吨以上
    while pos < len(text) and text[pos] in "“\"《「":  # 33公里“四好农村路”
        pos += 1
    end = pos
    while end < len(text) and text[end] not in _NOUN_STOP and not text[end].isdigit():
        end += 1
    noun = text[pos:end]
    if "的" in noun:  # 37个小区的开发企业: the head comes after 的
        tail = noun.rsplit("的", 1)[1]
        noun = tail if _cut_at_verb(tail) else noun.split("的", 1)[0]
    return _cut_at_verb(noun)


def _cut_at_verb(noun: str) -> str:
    # the first position where any verb mark starts: one regex scan, not a slice and a word-list
    # scan per character (which was quadratic in the clause's length) (perf)
    m = _VERB_RX.search(noun)
    return noun[:m.start()] if m else noun


def _noun_before(region: str, lex: Lexicon) -> str:
    """The noun a figure counts when it is written after the noun ("生鲜超市已建成7家" -> 生鲜超市);
    '' when only verbs and adverbs precede it ("目前意向建设31家")."""
    noun = _FILLER_TAIL.sub("", region).rstrip("(（“\"《")
    last = 0
    for cat in ("progress", "plan", "intent"):
        rx = lex.regex(cat)
        for m in rx.finditer(noun) if rx else ():
            last = max(last, m.end())
    for w in _VERB_MARKS:
        i = noun.rfind(w)
        if i >= 0:
            last = max(last, i + len(w))
    return noun if _cjk(noun[last:]) else ""


class _Counted(NamedTuple):
    """What a figure counts: `noun` (its own, else the one it goes on counting, else the sentence's
    topic when `topic`), and `own`, the word written right next to it ('' when there is none)."""

    noun: str
    topic: bool = False
    own: str = ""
    dateline: bool = False  # the topic is only a date or a scope ("截至9月底，")


# Time and scope words that open a sentence without naming a thing ("截至9月底，", "前三季度，全县…");
# 其中 names a part of what was just counted ("8个食堂已全部开工，其中建成2个")
_TIME_TOPIC = re.compile(r"其中|截至|截止|到|至|今年以来|年初以来|以来|今年|本年度|年内|全年|目前|当前|现已|[上下]半年|"
                         r"前?[一二三四1-4]季度|[一二三]季度末|\d+(?:[-~至到]\d+)?月(?:份|底|末|中旬|上旬|下旬)?|\d+日|"
                         r"底|末|全[县市区镇省]|我[县市区镇省]|[\s,，、:：()（）\-~]")


def _names_nothing(topic: str) -> bool:
    """Is a sentence topic only a date or a scope ("截至9月底", "1-9月全县")?"""
    return not _cjk(_TIME_TOPIC.sub("", topic))


def _counted_nouns(norm: str, qs: list[Quantity], sents: list[Sentence], lex: Lexicon) -> list[_Counted]:
    """For each figure, the noun it counts: the one after it, else the one before it; for a bare count
    ("已建成7家") the noun of the previous figure in the same sentence, which it goes on counting, or
    else the sentence's topic ("周转房建设方面，已交付450套"), marked as a topic."""
    out: list[_Counted] = []
    prev_sentence, prev = None, _Counted("")
    for i, q in enumerate(qs):
        s = sentence_at(sents, q.start)
        if q.is_percent or s is None:
            out.append(_Counted(""))
            continue
        cstart = _clause_start(norm, q.start, s.start)
        before = norm[max(cstart, qs[i - 1].end if i else 0):q.start]
        own = _drop_action_tail(_cjk(_counted_noun_after(norm, q.end) or _noun_before(before, lex)))
        if own and _names_nothing(own):
            own = ""  # "一季度改造完成186户": a date names nothing; the figure counts what the sentence is about
        counted = _Counted(own, False, own)
        if not own:
            if s is prev_sentence:
                counted = _Counted(prev.noun, prev.topic, "", prev.dateline)
            else:
                topic = norm[s.start:cstart]
                # "已完成招标，施工队伍已进场，完成建设1.1万亩": clauses of things done before it are no topic
                counted = _Counted(_cjk(topic), True, "", _names_nothing(topic) or "已" in topic)
        out.append(counted)
        prev_sentence, prev = s, counted
    return out


def _own_verb_count(q: Quantity, before: str, target: Target) -> bool:
    """A count with only the target's own verb before it: "已完成改造318户" for "危房改造300户" (the
    caller also asks that the task have one target in that unit). "已开工3个" is not: 开工 is not
    the target's verb, so what was started is not said."""
    if q.base_unit in MEASURES:
        return False
    words = re.sub(r"^(?:已经|已|累计|共计|共|合计|目前|现已)+", "", _cjk(before))
    words = re.sub(r"^(?:完成|实现)", "", words)
    return 0 < len(words) <= 4 and words in _cjk(target.metric)


def _bare_measure(q: Quantity, counted: _Counted, target: Target) -> bool:
    """A measure with nothing to name what it measures ("已完成改造45公里", "截至9月底，已完成45公里"):
    no noun next to it, or only a word of the target's own (its verb: 改造、硬化), and no earlier figure
    or topic in the sentence naming something else. Classifiers never are: "已建成7个" counts something."""
    if q.base_unit not in MEASURES:
        return False
    if counted.topic:
        return counted.dateline or _target_word(counted.noun, target)
    return _target_word(counted.noun, target)


def _target_word(word: str, target: Target) -> bool:
    """Is `word`, past its leading verbs and adverbs (已完成…), empty or one of the target's own words
    other than its head noun (硬化 for 硬化农村公路)?"""
    word = _FILLER_HEAD.sub("", word)
    if not word:
        return True
    return (len(word) <= 4 and word in _cjk(target.metric)
            and not any(word.endswith(h.head) for h in metric_heads(target.metric)))


def _agrees(heads: tuple[_Head, ...], noun: str, topic: bool = False) -> bool:
    """Does `noun` (what a figure counts) name what the target counts? A sentence topic only has to
    mention it."""
    if not heads:
        return True
    if not noun:
        return False  # "已开工3个" opening a sentence: a count of nothing we can name
    if topic:
        return any(h.head in noun and (not h.modifier or h.modifier[-2:] + h.head in noun
                                       or all(b in noun for b in _bigrams(h.modifier))) for h in heads)
    for h in heads:
        if len(noun) == 1 and h.full.endswith(noun):
            return True
        if not noun.endswith(h.head):
            continue
        if not h.modifier or noun.endswith(h.modifier[-2:] + h.head):
            return True
        if all(b in noun for b in _bigrams(h.modifier)):
            return True
    return False


def _owners(targets, qs: list[Quantity], nouns: list[_Counted], lex: Lexicon) -> list[set[int]]:
    """One figure counts one thing: among a task's targets that agree with a figure's noun, it belongs
    to those sharing the most two-character words with it (咸宁市重点项目25个 is not 省重点项目's)."""
    out = []
    for q, c in zip(qs, nouns):
        noun, topic = c.noun, c.topic
        scores = {ti: len(_bigrams(t.metric) & _bigrams(noun)) for ti, t in enumerate(targets)
                  if not q.is_percent and t.unit != "%" and units_compatible(q.unit, t.unit)
                  and _agrees(heads_with_aliases(t.metric, lex), noun, topic)}
        top = max(scores.values(), default=0)
        out.append({ti for ti, v in scores.items() if v == top} if len(scores) > 1 else set())
    return out


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


def _rate_agrees(target_metric: str, before: str) -> bool:
    """A rate target takes only a figure written right after the same rate word; a plain percentage
    target (增长8%) does not take someone else's rate (开工率60%)."""
    want = rate_word(target_metric)
    have = rate_word(_FILLER_TAIL.sub("", before.translate(_NO_QUOTES))[-6:])
    if want:
        return have == want
    return not have


def _wide_clause(text: str, pos: int, floor: int, ceiling: int) -> str:
    """The comma-clause holding `pos` (a list joined by 、 stays whole), within one sentence."""
    marks = "，,；;。：:！？!?\n\r"
    i = pos
    while i > floor and text[i - 1] not in marks:
        i -= 1
    j = pos
    while j < ceiling and text[j] not in marks:
        j += 1
    return text[i:j]


def _cue_applies(lex: Lexicon, category: str, target: Target, clause: str, rest: str = "", goal: str = "") -> bool:
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
    return bool(rest) and not _has(lex, "progress", clause) and bool(rx.search(rest))


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


# An earlier year named in a figure's clause: 2020年 (before the plan year), 去年, 上年, 上一年度, 前年.
_YEAR_MENTION = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*年|去年|上一?年|前年")
# ...unless it is only what the figure is compared with ("比去年同期增长9%", "较2020年底提高")
_COMPARED_WITH = re.compile(r"(?:比|较|与|同|和|相比|对比|高于|低于|超过)$")


def names_earlier_year(clause: str, year: int = 0, target: Target | None = None) -> str:
    """The earlier year a clause reports on ("已完成2020年老旧小区改造项目22个" -> "2020年"), or ''.
    Digit years count only when the plan `year` is known; 去年/上年/前年 always do. Not when the year is
    only a comparison ("比去年同期增长") or when the target itself names that year (结转2020年项目)."""
    own = normalise(target.metric + target.text) if target is not None else ""
    for m in _YEAR_MENTION.finditer(clause):
        if m["y"] and (not year or int(m["y"]) >= year):
            continue
        if _COMPARED_WITH.search(clause[:m.start()]):
            continue
        if m.group(0) in own:
            continue
        return m.group(0)
    return ""


def extract_actuals(text: str, targets: list[Target] | tuple[Target, ...], lexicon: Lexicon | None = None,  # noqa: C901
                    year: int = 0, goal: str = "") -> list[Found | None]:
    """For each target, the figure the progress text reports for it (or None), matched by metric words and unit.

    Candidates are numbers with a compatible unit (万亩 matches 亩; 个 matches 家, not 处) that count
    the target's head noun (`_agrees`: "29个露天矿山" does not take "25家矿山修复实施方案") or, for a
    rate, follow the same rate word (覆盖率 does not take 资源化率). Numbers inside a stated ratio or
    gap, in a clause that restates the plan (计划、拟、目标…), in a hypothetical (如果…), or repeating
    the target with its comparator word are not actuals. For amounts, neither are numbers in a clause
    of intent or work under way (申报、推荐、正在…: lexicon `intent`) or of preparatory work (可研、
    立项、招投标…: `preparatory`), unless the target is itself about that. Each candidate is scored by
    the two-character words it shares with the target's metric (its own clause counts double);
    estimates (预计…) are used only for levels and only when nothing else matches.
    A zero phrase naming the metric ("无新增限上住宿企业") reports 0. A figure whose clause names an
    earlier year than the plan `year` ("已完成2020年…项目22个", "去年新增…") is not this year's.
    """
    lex = lexicon or default_lexicon()
    norm = normalise(text)
    sents = sentences(text)
    qs = [q for q in quantities(text) if not _in_short_quote(norm, q.start, q.end)]  # “最多跑一次”率 is a name
    excluded = _Spans(_excluded_spans(text))
    plan_rx, est_rx, hyp_rx = lex.regex("plan"), lex.regex("estimate"), lex.regex("hypothetical")
    nouns = _counted_nouns(norm, qs, sents, lex)
    owners = _owners(targets, qs, nouns, lex)
    out: list[Found | None] = []
    for ti, t in enumerate(targets):
        grams = _bigrams(t.metric)
        heads = heads_with_aliases(t.metric, lex)
        described = _described(t)
        best: tuple[int, int, Quantity, Sentence, bool] | None = None
        for i, q in enumerate(qs):
            if t.unit == "%" or q.is_percent:
                if not (t.unit == "%" and q.is_percent):
                    continue
            elif not units_compatible(q.unit, t.unit):
                continue
            if excluded.covers(q.start):
                continue
            s = sentence_at(sents, q.start)
            if s is None:
                continue
            cstart = _clause_start(norm, q.start, s.start)
            before_clause = norm[cstart:q.start]
            after_clause = norm[q.end:_clause_end(norm, q.end)]
            # the words between the previous figure and this one name what this one counts
            before_own = norm[max(cstart, qs[i - 1].end if i else 0):q.start]
            bare = False
            if q.is_percent:
                if not _rate_agrees(t.metric, before_own):
                    continue
                if "环比" in before_own[-8:] and "环比" not in t.metric:
                    continue  # 当月环比增长1.2%: month on month, not the change the year's target asks for
            elif owners[i] and ti not in owners[i]:
                continue
            elif not _agrees(heads, nouns[i].noun, nouns[i].topic) and not (
                    nouns[i].own.endswith(_CONTAINERS) and len(_bigrams(nouns[i].own) & described) >= 4):
                # a bare measure, or a total after a list ("家庭农场9家、合作社4家，共13家"), goes to the
                # one target of the task measured in that unit
                bare = (_bare_measure(q, nouns[i], t) or (not nouns[i].own and _is_total(qs, i, before_own, s))
                        or _own_verb_count(q, before_own, t)) and sum(
                    1 for o in targets if o.unit != "%" and units_compatible(o.unit, q.unit)) == 1
                if not bare:
                    continue
            clause = _wide_clause(norm, q.start, s.start, s.end)
            if names_earlier_year(clause, year, t):
                continue
            if t.kind == "cumulative":
                rest = norm[q.start:s.end]
                if (_cue_applies(lex, "intent", t, clause, goal=goal)
                        or _cue_applies(lex, "preparatory", t, clause, rest, goal=goal)):
                    continue
                if not any(h.head in _GENERIC_HEADS for h in heads) and _cue_applies(lex, "started", t, clause, goal=goal):
                    continue  # "15个小区已全部开工" is not 15 renovated; a project started is being carried out
            if plan_rx and (plan_rx.search(before_clause) or plan_rx.match(after_clause.lstrip("的工作"))):
                continue
            if plan_rx and re.match(r"[^，,。；;]{0,12}?的[^，,。；;]{0,4}?(?:目标|任务)", after_clause):
                continue
            if _startswith_any(after_clause, _GE_AFTER + _LE_AFTER) and q.value == t.value:
                continue
            if hyp_rx and hyp_rx.search(norm[s.start:q.start]):
                continue
            estimate = bool(est_rx and est_rx.search(norm[s.start:q.start]))
            if estimate and t.kind == "cumulative":
                continue  # an amount expected is not an amount done
            score = _score(grams, before_clause, norm[s.start:q.start], after_clause)
            if bare or (score <= 0 and q.is_percent and sum(1 for o in targets if o.unit == "%") == 1
                        and _names_no_subject(norm[s.start:q.start])):
                # nothing names it, so no word of the target need be repeated: a bare measure, or a bare
                # percentage ("同比增长6.7%" in a row of an indicator table) for the task's one percentage
                score = max(score, 1)
            if score <= 0:
                continue
            # a total after its parts ("……28.6亿元、……96.4亿元，合计125亿元") is the figure for the whole
            rank = score - (100 if estimate else 0) + (1000 if _is_total(qs, i, before_own, s) else 0)
            if before_clause.lstrip().startswith("其中"):
                rank -= 50  # "其中10亿元以上项目6个": a part of the figure before it, not the whole
            if best is None or rank >= best[0]:  # ties: the later figure, usually the running total
                best = (rank, i, q, s, estimate)
        if best is not None:
            _, _, q, s, est = best
            value = q.value
            if q.is_percent:
                want, have = target_direction(t), direction(norm[_clause_start(norm, q.start, s.start):q.start])
                if want and have and want != have:
                    value = -value  # 下降6.4% against a target of 增长5%
            out.append(Found(value, q.unit, s.text, text[q.start:q.end], q.start, est))
            continue
        out.append(_zero_for(text, t, lex))
    return out


def _in_short_quote(text: str, start: int, end: int, reach: int = 12) -> bool:
    """Is text[start:end] inside a short quotation (a name such as “最多跑一次”)? Only nearby marks count,
    so a stray quotation mark does not hide the figures after it."""
    for open_, close in (("“", "”"), ("《", "》"), ("「", "」")):
        i = text.rfind(open_, max(0, start - reach), start)
        if i >= 0 and text.find(close, i, start) < 0 and 0 <= text.find(close, end, end + reach):
            return True
    return False


_TOTALS = ("合计", "共计", "总计", "累计共", "总共", "共")


def _is_total(qs: list[Quantity], i: int, before_own: str, s: Sentence) -> bool:
    """Is figure i a total written after its parts ("合计125亿元", "共13家")? It must follow another
    figure in a compatible unit in the same sentence."""
    head = before_own.rstrip()
    head = head[: -len(w)] if (w := _endswith_any(head, ("为", "达到", "达", "有"))) else head
    if not _endswith_any(head, _TOTALS):
        return False
    q = qs[i]
    return any(s.start <= p.start < q.start and not p.is_percent and units_compatible(p.unit, q.unit) for p in qs[:i])


# words that may stand before a figure without naming anything: time, scope, and the change itself
_NO_SUBJECT = _lazy(r"同比|环比|比上年|较上年|比去年|较去年|增长|增速|增幅|下降|降幅|提高|上升|累计|实现|完成|达到|为|达|约")


def _names_no_subject(before: str) -> bool:
    """Does the sentence name nothing before this figure ("同比增长6.7%", "1-9月同比增长")?"""
    return _names_nothing(_NO_SUBJECT().sub("", before))


# Last words that name no thing of their own, only a piece of work: "村生活污水治理工程" counts villages'
# sewage works as "行政村生活污水治理任务" does; "矿山修复实施方案" counts plans, not mines.
_CONTAINERS = ("任务", "工程", "项目", "工作")


def _described(t: Target) -> frozenset[str]:
    """The two-character words of what the target's own number counts, as written after it in the goal
    ("30个行政村生活污水治理任务" -> 行政、政村、村生、生活…). A report's figure counting a piece of work
    (its last word in _CONTAINERS) described in four or more of the same words counts the same thing
    ("18个村生活污水治理工程" for "30个行政村生活污水治理任务", where the last words 任务/工程 differ)."""
    words = normalise(t.text)
    for q in quantities(t.text):
        if q.value == t.value:
            return _bigrams(_counted_noun_after(words, q.end))
    return frozenset()


def _zero_for(text: str, t: Target, lex: Lexicon) -> Found | None:
    grams = _bigrams(t.metric) - _GENERIC
    for sig in find_signals(text, lex):
        if sig.subject and grams and len(grams & _bigrams(sig.subject)) >= max(1, len(grams) // 2):
            return Found(0.0, t.unit, sig.sentence, sig.phrase + sig.subject, sig.start)
    return None


def actual_ratio_context(text: str, found: Found) -> Stated | None:
    """The stated ratio that follows an actual in its own sentence ("4000人，完成年目标任务的70%")."""
    if found.start < 0:
        return None
    best = None
    for st in stated_ratios(text):
        if st.start > found.start and st.sentence == found.sentence:
            if best is None or st.start < best.start:
                best = st
    return best
