"""The lexicon: every word the judgement reads by, one list per category, read from data/signals.yaml.

The words are data so that an office can add the ones its staff write without touching code; the
grammar that puts them together (a number, its unit, a clause) stays in code. A file with a mistake
is reported as located problems (file:line:column, the category, what to do), never half-used.
"""
from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path
from typing import Callable, Mapping

from audit.core import resources
from audit.core.errors import AuditError, Problem, os_reason

# Every category, with what its words do (used in messages). The shipped file has them all; a file
# beside the registry may name any of them and adds its words to the shipped ones.
CATEGORIES: dict[str, str] = {
    "stall": "停滞", "delay": "延误", "zero": "数量为零", "guard_after": "不是信号（后接）",
    "guard_phrases": "不是信号（整句）", "progress": "具体进展", "plan": "计划、目标的复述", "estimate": "预计",
    "hypothetical": "假设", "intent": "意图、申报、在建", "started": "开工", "preparatory": "前期工作",
    "abbreviations": "缩写", "done": "已完成", "vague": "空泛表述", "pending": "待公布", "later": "留待以后",
    "manner": "方式词", "process": "过程动词", "milestone_met": "节点做到了",
    "behind": "督查室的“滞后”用语", "on_pace": "督查室的“达序”用语", "finished": "督查室的“已完成”用语",
    "behind_tier": "清单中低于序时的一档", "pace_verdicts": "督查室说任务达到序时的结论",
    "list_intro": "引出清单", "negations": "否定", "degree": "程度词", "self_refs": "说的是任务本身", "causes": "原因",
    "task_classes": "一类任务", "towards": "对一类任务", "task_verbs": "任务名称前的动词", "self_tags": "部门自评标签",
    "works": "实物工程", "to_begin": "只要求开始", "to_start": "还没开始",
    "planned_marks": "计划数", "actual_marks": "实际数", "whole_year": "全年", "period_words": "本期",
    "classifiers": "量词", "measures": "度量单位", "durations": "时限", "rate_units": "比率单位",
    "unit_synonyms": "可互换的单位", "incidents": "事件",
    "floor_before": "下限（数字前）", "ceiling_before": "上限（数字前）", "about_before": "约数（数字前）",
    "floor_after": "下限（数字后）", "ceiling_after": "上限（数字后）", "about_after": "约数（数字后）",
    "level_words": "水平值", "lower_is_better": "越低越好", "task_nouns": "任务名词", "size_words": "项目规模",
    "metric_lead": "指标前的虚词", "metric_tail": "指标后的虚词", "down": "下降", "up": "增长",
    "year_on_year": "同比", "month_on_month": "环比", "change_marks": "变化",
    "ratio_refs": "完成比例的基数", "component_refs": "单项工程的基数", "project_nouns": "工程名词",
    "gap_behind": "落后", "gap_ahead": "领先", "pace_refs": "序时进度", "target_refs": "目标",
    "halt": "停工", "now_words": "后来、现在", "part_words": "其中一部分", "task_refs": "指任务本身",
    "no_change": "没有变化", "continuing": "继续",
    "generic_words": "常见词", "action_tails": "指标末尾的动作词", "generic_heads": "泛称中心词",
    "dimension_tails": "维度词", "verb_tails": "指标末尾的动词", "verb_marks": "名词后的动词",
    "fillers": "名词与数字之间的词", "time_words": "时间、范围", "totals": "合计", "no_subject": "不说明对象的词",
    "containers": "工作名词", "earlier_years": "往年", "compare_words": "比较的基数",
}
# Categories whose entries are pairs written "甲=乙".
PAIRS = ("abbreviations", "unit_synonyms", "milestone_met")
_MISSING = object()
# "…" in a phrase stands for up to this many characters of the same sentence.
GAP = r"[^。；;！？!?\n]{0,12}?"


class LexiconError(AuditError):
    """The lexicon could not be read: carries located problems."""


class Lexicon:
    """The words of every category (`lex.stall`, `lex.classifiers` …), and what is built from them.

    Tables built from the words (a regex, a list sorted longest first) are made once per lexicon
    and kept on it (`derive`). A lexicon is hashed by identity, so caches keyed on one are cheap.
    """

    def __init__(self, words: Mapping[str, tuple[str, ...]], source: str = ""):
        for cat in CATEGORIES:
            setattr(self, cat, tuple(words.get(cat, ())))
        self.source = source
        # what is built from the words, by key: looked up on every figure of every text, so plain
        # dicts with string keys rather than a cache keyed on the word lists (hashing those is slow) (perf)
        self._derived: dict = {}
        self._regexes: dict[str, re.Pattern | None] = {}
        self._patterns: dict[str, re.Pattern] = {}

    def words(self) -> dict[str, tuple[str, ...]]:
        return {cat: getattr(self, cat) for cat in CATEGORIES}

    def derive(self, key, make: Callable):
        """`make()`, computed once for this lexicon under `key`."""
        got = self._derived.get(key, _MISSING)
        if got is _MISSING:
            got = self._derived[key] = make()
        return got

    def regex(self, category: str) -> re.Pattern | None:
        """One alternation for the category, longest phrases first; "…" matches up to 12 characters."""
        got = self._regexes.get(category, _MISSING)
        if got is _MISSING:
            got = self._regexes[category] = compile_phrases(getattr(self, category))
        return got

    def longest_first(self, *categories: str) -> tuple[str, ...]:
        """The words of these categories, longest first (for the first match at an end)."""
        got = self._derived.get(categories)
        if got is None:
            got = self._derived[categories] = tuple(sorted({w for c in categories for w in getattr(self, c)},
                                                           key=len, reverse=True))
        return got

    def alternation(self, *categories: str) -> str:
        """The words of these categories as a regex alternation, longest first, escaped."""
        return self.derive(("alt",) + categories, lambda: "|".join(re.escape(w) for w in self.longest_first(*categories)))

    def pattern(self, key: str, make: Callable[[], str], flags: int = 0) -> re.Pattern:
        """A regex built from words (by `make`), compiled once for this lexicon."""
        got = self._patterns.get(key)
        if got is None:
            got = self._patterns[key] = re.compile(make(), flags)
        return got

    def pairs(self, category: str) -> tuple[tuple[str, str], ...]:
        return self.derive(("pairs", category), lambda: tuple(tuple(w.split("=", 1)) for w in getattr(self, category)))

    def aliases(self) -> tuple[tuple[str, str], ...]:
        """Abbreviations "商超=超市": (short, full)."""
        return self.pairs("abbreviations")

    def extended(self, other: Lexicon, source: str) -> Lexicon:
        """This lexicon with `other`'s words added to each category (an office's own file)."""
        merged = {cat: tuple(dict.fromkeys(getattr(self, cat) + getattr(other, cat))) for cat in CATEGORIES}
        return Lexicon(merged, source)


_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}  # ０-９
_FULLWIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})  # Ａ-Ｚ
_FULLWIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})  # ａ-ｚ
_FULLWIDTH.update({ord("％"): ord("%"), ord("．"): ord("."), ord("～"): ord("~"), ord("－"): ord("-"),
                   ord("—"): ord("-"), ord("–"): ord("-"), ord("〜"): ord("~")})
_HAS_FULLWIDTH = re.compile("[" + "".join(re.escape(chr(c)) for c in _FULLWIDTH) + "]")


def fold_width(text: str) -> str:
    """Full-width digits, letters and signs to ASCII, one character for one (so offsets still match):
    a word matches however its figures were typed."""
    # str.translate with a dict looks every character up in Python; most texts have nothing to map (perf)
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


@functools.lru_cache(maxsize=256)
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern | None:
    """One regex for the phrases, longest first; "…" matches up to 12 characters of the same sentence."""
    if not phrases:
        return None
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        parts.append(GAP.join(re.escape(fold_width(x)) for x in re.split(r"…+|\.\.\.", p)))
    return re.compile("|".join(parts))


# ----------------------------------------------------------------------------- reading the file


def read_lexicon(text: str, filename: str, complete: bool) -> tuple[Lexicon | None, list[Problem]]:
    """The lexicon in `text`, and every problem found (then no lexicon). `complete`: every category
    must be there (the shipped file); otherwise any may be (an office's additions)."""
    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = f"词库 YAML 格式错误：{(e.problem or str(e)).strip()}。请检查这一行附近的缩进、冒号和 “- ”。"
        return None, [Problem(filename, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, "", msg)]
    if root is None:
        root = yaml.MappingNode("tag:yaml.org,2002:map", [])
    problems: list[Problem] = []
    if not isinstance(root, yaml.MappingNode):
        problems.append(_at(filename, root, "", "词库的最外层应为 stall、delay 等类别，每类一个词语列表。"))
        return None, problems
    found: dict[str, tuple[str, ...]] = {}
    for knode, vnode in root.value:
        key = str(knode.value)
        if key == "version":
            continue
        if key not in CATEGORIES:
            near = difflib.get_close_matches(key, list(CATEGORIES), n=1)
            hint = f"是不是 “{near[0]}”？" if near else "可用的类别见随软件提供的 signals.yaml。"
            problems.append(_at(filename, knode, key, f"不认识的类别 “{key}”。{hint}"))
        elif key in found:
            problems.append(_at(filename, knode, key, f"类别 “{key}” 写了两次。请把两处的词语合并到一处。"))
        else:
            found[key] = _words(filename, key, vnode, problems)
    if complete:
        for cat in CATEGORIES:
            if cat not in found:
                problems.append(Problem(filename, 1, 1, cat, f"缺少类别 “{cat}”（{CATEGORIES[cat]}）。"
                                        "请从随软件提供的 signals.yaml 中把这一类复制回来。"))
    if problems:
        return None, problems
    return Lexicon(found, filename), []


def _words(filename: str, key: str, node, problems: list[Problem]) -> tuple[str, ...]:
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        problems.append(_at(filename, node, key, f"“{key}”（{CATEGORIES[key]}）应为词语列表，每行一个，以 “- ” 开头。"))
        return ()
    words = []
    for i, item in enumerate(node.value):
        field = f"{key}[{i}]"
        word = str(item.value).strip() if isinstance(item, yaml.ScalarNode) else ""
        if not word:
            problems.append(_at(filename, item, field, "应为一个词语（文字），不能为空，也不能是列表或键值。"))
        elif key in PAIRS and not re.fullmatch(r"[^=\s]+=[^=\s]+", word):
            example = {"abbreviations": "“缩写=全称”，例如 “商超=超市”", "milestone_met": "“节点=说法”，例如 “开工=已开工”"}
            problems.append(_at(filename, item, field, f"应写作 {example.get(key, '“甲=乙”，例如 “个=家”')}。"))
        elif word.startswith(("…", "...")) or word.endswith(("…", "...")):
            problems.append(_at(filename, item, field, f"“{word}”：“…” 只能写在两个词之间，如 “等待…重新”。"))
        else:
            words.append(word)
    return tuple(words)


def _at(filename: str, node, field: str, message: str) -> Problem:
    return Problem(filename, node.start_mark.line + 1, node.start_mark.column + 1, field, message)


def _read_file(path: str | Path) -> tuple[str | None, list[Problem]]:
    try:
        return Path(path).read_text(encoding="utf-8-sig"), []
    except FileNotFoundError:
        return None, [Problem(str(path), 0, 0, "", "找不到这个词库文件。")]
    except UnicodeDecodeError:
        return None, [Problem(str(path), 0, 0, "", "词库文件不是 UTF-8 编码，请另存为 UTF-8。")]
    except OSError as e:
        return None, [Problem(str(path), 0, 0, "", f"无法读取词库文件：{os_reason(e)}。")]


def lexicon_from_text(text: str, filename: str = "signals.yaml", base: Lexicon | None = None) -> Lexicon:
    """An office's lexicon file added to `base` (default: the shipped lexicon); LexiconError if broken."""
    lex, problems = read_lexicon(text, filename, complete=False)
    if lex is None:
        raise LexiconError(f"词库 {filename} 有 {len(problems)} 处错误。", problems)
    return (base or default_lexicon()).extended(lex, filename)


def load_lexicon(path: str | Path) -> Lexicon:
    """A complete lexicon file (every category). A missing, unreadable or broken file raises LexiconError."""
    text, problems = _read_file(path)
    lex = None
    if text is not None:
        lex, problems = read_lexicon(text, str(path), complete=True)
    if lex is None:
        raise LexiconError(f"词库 {path} 有问题，无法继续。", problems)
    return lex


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon (data/signals.yaml), read once."""
    return load_lexicon(resources.shipped_signals())


# ----------------------------------------------------------------------------- the lexicon a registry uses


def beside(registry: str | Path) -> Path | None:
    """The office's own lexicon: a signals.yaml in the registry's folder (not the shipped file itself)."""
    folder = Path(registry) if Path(registry).is_dir() else Path(registry).parent
    own = folder / "signals.yaml"
    try:
        if own.is_file() and own.resolve() != resources.shipped_signals().resolve():
            return own
    except OSError:
        return None
    return None


def lexicon_for(registry: str | Path | None) -> Lexicon:
    """The lexicon a registry is judged with: the shipped one, plus the words of a signals.yaml beside it."""
    base = default_lexicon()
    own = beside(registry) if registry else None
    if own is None:
        return base
    stat = own.stat()
    return _with_own(str(own), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _with_own(path: str, mtime: int, size: int) -> Lexicon:
    text, problems = _read_file(path)
    lex = None
    if text is not None:
        lex, problems = read_lexicon(text, path, complete=False)
    if lex is None:
        raise LexiconError(f"词库 {path} 有 {len(problems)} 处错误，请改好后再运行（audit check 可列出全部）。", problems)
    return default_lexicon().extended(lex, path)


def lexicon_problems(registry: str | Path | None) -> list[Problem]:
    """Every problem in the lexicon files a registry uses (the shipped one, and one beside it)."""
    text, problems = _read_file(resources.shipped_signals())
    if text is not None:
        problems = read_lexicon(text, str(resources.shipped_signals()), complete=True)[1]
    own = beside(registry) if registry else None
    if own is not None:
        text, more = _read_file(own)
        problems += more if text is None else read_lexicon(text, str(own), complete=False)[1]
    return problems
