"""The one loader: find the registry, decode it, parse it fast, validate it into records.

`load()` never raises for problems in the user's data: it returns what it could read and a
list of located `Problem`s. Parsing uses PyYAML's C-backed safe loader (reports never pay for
round-trip parsing); only when something is wrong is the text composed again to find the
exact line and column of the offending field.
"""
from __future__ import annotations

import difflib
import gc
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from audit.core.errors import AuditError, Problem, RegistryInvalid, os_reason
from audit.core.model import (
    COMPARATORS,
    DATE_STYLES,
    KINDS,
    PACES,
    PERIOD_RE,
    STATUSES,
    Actual,
    Meta,
    Period,
    Progress,
    Registry,
    Section,
    Source,
    Subsection,
    Target,
    Task,
    Units,
    default_as_of,
)
from audit.core.resources import ENV_VAR, find_registry  # noqa: E402,F401  (defined there: the CLI finds the registry without importing the loader)
from audit.registry.cache import MISS, Inputs, expand

Path_ = tuple  # a field path: ("tasks", 27, "targets", 0, "value")


@dataclass
class LoadResult:
    registry: Registry | None
    problems: list[Problem] = field(default_factory=list)
    path: str = ""
    unreadable: bool = False  # the file itself could not be read (missing, a folder, no permission)
    inputs: Any = None  # cache.Inputs: the files (and globs) this was read from

    @property
    def ok(self) -> bool:
        return self.registry is not None and not self.problems


# ----------------------------------------------------------------------------- decoding


def decode(raw: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM) only: the writer must be able to give the file back unchanged."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:4096]:
        return None, [Problem(filename, 0, 0, "", "这不是文本文件（含有二进制内容）。请确认选的是台账 YAML 文件。")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "看起来是 GBK/GB18030 编码（Windows 记事本“ANSI”）。"
        except UnicodeDecodeError:
            pass
        return None, [
            Problem(filename, line, 0, "", f"文件不是 UTF-8 编码，第 {line} 行起无法读取。{hint}"
                    "请用编辑器“另存为”UTF-8 编码后重试。")
        ]


# ----------------------------------------------------------------------------- parsing


def _timestamp(constructor, node):
    """A date as YAML reads it, or the words as written when they only look like one ("2021-13-30",
    "2021-02-30"): the field's own check then says which date is wrong and where, instead of the
    parser failing on it."""
    try:
        return constructor.construct_yaml_timestamp(node)
    except ValueError:
        return node.value


def _loader_class():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    def construct_map(loader, node):
        data = LDict()
        data.line = node.start_mark.line + 1
        data.col = node.start_mark.column + 1
        yield data
        data.update(loader.construct_mapping(node))
        if len(data) < len(node.value):  # a key given twice: PyYAML would silently keep the last
            seen = set()
            for k, _ in node.value:
                key = getattr(k, "value", None)
                if not isinstance(key, str) or key == "<<":
                    continue
                if key in seen:
                    if not hasattr(loader, "duplicates"):
                        loader.duplicates = []
                    loader.duplicates.append((key, k.start_mark.line + 1, k.start_mark.column + 1))
                seen.add(key)

    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    # YAML 1.2 booleans, as the round-trip writer (ruamel) reads them: `no:` and `on:` stay words.
    resolvers = {}
    for first, pairs in base.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in pairs if tag != "tag:yaml.org,2002:bool"]
        if kept:
            resolvers[first] = kept
    Loader.yaml_implicit_resolvers = resolvers
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    return Loader


class LDict(dict):
    """A mapping that remembers the line and column it started at."""

    __slots__ = ("line", "col")


_LOADER = None
_SLOW = object()  # _fast_load's answer when the text needs PyYAML's full constructor


def _fast_load(loader_class, source: str | bytes) -> Any:  # noqa: C901
    """Build plain data straight from libyaml's events: no node tree, no per-node Python constructor.

    PyYAML's loader composes the whole document into Node objects (each with two Mark objects)
    and then constructs data from them in Python; for a registry that is ~10x the file in memory
    and most of the time. Here each event is turned into its value as it arrives. Only what a
    registry contains is handled: block/flow mappings and sequences with scalar keys, and
    scalars of the core tags. Anything else (anchors, aliases, explicit tags, merge keys,
    complex keys, duplicate keys, several documents, a syntax error) returns _SLOW so the full
    loader gives the exact same data or error.
    """
    import yaml
    from yaml.events import (
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
        StreamStartEvent,
    )

    resolvers = loader_class.yaml_implicit_resolvers
    wildcard = resolvers.get(None, [])
    constructor = yaml.constructor.SafeConstructor()
    STR, INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
    build = {
        "tag:yaml.org,2002:null": lambda v: None,
        "tag:yaml.org,2002:bool": lambda v: constructor.bool_values[v.lower()],
        INT: lambda v: constructor.construct_yaml_int(yaml.ScalarNode(INT, v)),
        "tag:yaml.org,2002:float": lambda v: constructor.construct_yaml_float(yaml.ScalarNode("", v)),
        "tag:yaml.org,2002:timestamp": lambda v: _timestamp(constructor, yaml.ScalarNode("", v)),
    }

    def scalar(ev):
        value = ev.value
        if ev.tag is not None and ev.tag != "!":
            return _SLOW
        if not ev.implicit[0]:
            return value  # quoted or block scalar: a string
        for tag, rx in (resolvers.get(value[0], []) if value else resolvers.get("", [])) + wildcard:
            if rx.match(value):
                if tag == STR:
                    return value
                if tag == INT and value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
                    return int(value)
                make = build.get(tag)
                return _SLOW if make is None else make(value)
        return value

    loader = loader_class(source)
    try:
        get = loader.get_event
        root: list = []
        stack: list = [root]  # open containers; root is a list that will hold the one document
        key_of: list = [None]  # per open mapping: the key waiting for its value (_SLOW: none yet)
        top: Any = root
        docs = 0
        while True:
            ev = get()
            if ev is None:
                break
            cls = ev.__class__
            if cls is ScalarEvent:
                if ev.anchor is not None:
                    return _SLOW
                value = scalar(ev)
                if value is _SLOW:
                    return _SLOW
                if top.__class__ is list:
                    top.append(value)
                elif key_of[-1] is _SLOW:
                    if value in top:
                        return _SLOW  # a key given twice: the full loader decides what that means
                    key_of[-1] = value
                else:
                    top[key_of[-1]] = value
                    key_of[-1] = _SLOW
                continue
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                if ev.anchor is not None or (ev.tag is not None and ev.tag != "!"):
                    return _SLOW
                if cls is MappingStartEvent:
                    new: Any = LDict()
                    new.line = ev.start_mark.line + 1
                    new.col = ev.start_mark.column + 1
                else:
                    new = []
                if top.__class__ is list:
                    top.append(new)
                elif key_of[-1] is _SLOW:
                    return _SLOW  # a mapping or list used as a key
                else:
                    top[key_of[-1]] = new
                    key_of[-1] = _SLOW
                stack.append(new)
                key_of.append(_SLOW)
                top = new
                continue
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
                key_of.pop()
                top = stack[-1]
                continue
            if cls is DocumentStartEvent:
                docs += 1
                if docs > 1:
                    return _SLOW
                continue
            if cls in (DocumentEndEvent, StreamStartEvent, StreamEndEvent):
                continue
            return _SLOW  # an alias, or an event this builder does not know
        return root[0] if root else None
    except (yaml.YAMLError, TypeError, KeyError, ValueError):
        return _SLOW  # let the full loader report it in its own words
    finally:
        loader.dispose()

# A registry needs about seven levels and no aliases at all; these bounds are far above any real
# file and far below what would hurt (libyaml stops at 1000 levels, ruamel's pure-Python parser
# recurses and dies long before; an alias bomb is a few hundred bytes that expand to billions).
MAX_DEPTH = 100
MAX_EXPANDED = 1_000_000  # nodes after expanding every alias
_ANCHOR = re.compile(r"(?:^|(?<=[\s\[{,]))&[^\s\[\]{},]", re.M)  # an anchor: the only way to build an alias bomb
_DEEP_FLOW = re.compile(r"[\[{](?:[^\]}]*?[\[{]){19}")  # 20 openings with no closing between
_DEEP_DASHES = re.compile(r"-[ \t]+(?:-[ \t]+){19}")  # deep block sequences on one line: - - - - x
_DEEP_INDENT = re.compile(r"\n[ \t]{60}")  # deep block nesting: a very long indent (the registry needs about 12)


def _suspect(text: str) -> bool:
    """Could the text hold an alias or absurd nesting? Each pattern starts with a literal the regex
    engine can skip to, or runs only when a substring count says it might match: one alternation
    tried at every position cost 40 ns a character, seconds on a province's registry (perf)."""
    if "&" in text and _ANCHOR.search(text):
        return True
    if text.count("[") + text.count("{") >= 20 and _DEEP_FLOW.search(text):
        return True
    if _DEEP_DASHES.search(text):
        return True
    return bool(_DEEP_INDENT.search("\n" + text[:61]) or _DEEP_INDENT.search(text))


def guard(text: str, filename: str) -> list[Problem]:  # noqa: C901
    """Reject alias bombs and absurd nesting before any parser builds (or recurses into) them.

    Cheap on ordinary files: one regex pass. Only text that could be hostile is walked event by
    event with the C parser, which is streaming and keeps memory bounded.
    """
    if not _suspect(text):
        return []
    import yaml

    depth = 0
    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]  # [anchor, nodes so far] per open collection
    total = 0
    try:
        for ev in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    m = ev.start_mark
                    return [Problem(filename, m.line + 1, m.column + 1, "",
                                    f"嵌套层次过深（超过 {MAX_DEPTH} 层），已拒绝读取。台账只需四五层缩进；"
                                    "这可能不是台账文件，或文件已损坏。")]
                stack.append([ev.anchor, 0])
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
                anchor, n = stack.pop()
                n += 1
                if anchor:
                    sizes[anchor] = n
                stack[-1][1] += n
                total += n if depth == 0 else 0
            elif isinstance(ev, yaml.ScalarEvent):
                if ev.anchor:
                    sizes[ev.anchor] = 1
                stack[-1][1] += 1
            elif isinstance(ev, yaml.AliasEvent):
                stack[-1][1] += sizes.get(ev.anchor, 1)
            if stack[-1][1] > MAX_EXPANDED or total > MAX_EXPANDED:
                m = ev.start_mark
                return [Problem(filename, m.line + 1, m.column + 1, "",
                                "YAML 别名（* 号引用）展开后过大，已拒绝读取（疑似“十亿笑声”攻击文件）。"
                                "台账不需要使用 & 和 *，请删除这些引用。")]
    except yaml.MarkedYAMLError as e:
        return [_syntax_problem(e, text, filename)]
    except yaml.YAMLError:
        return []  # parse() reports it
    return []


def parse(text: str, filename: str) -> tuple[Any, list[Problem]]:
    """YAML text -> plain data, with syntax errors located. gc is off while building the tree."""
    import yaml

    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    guarded = guard(text, filename)
    if guarded:
        return None, guarded
    was = gc.isenabled()
    gc.disable()
    try:
        data = _fast_load(_LOADER, text)
        if data is _SLOW:  # anchors, duplicate keys, tags...: the full loader, which also finds duplicates
            loader = _LOADER(text)
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
            dups = getattr(loader, "duplicates", None)
            if dups:
                return None, [Problem(filename, line, col, "", f"同一层里字段 “{key}” 出现了两次（后一个会覆盖前一个）。"
                                      "请删除或合并其中一个。") for key, line, col in dups]
        return data, []
    except yaml.MarkedYAMLError as e:
        return None, [_syntax_problem(e, text, filename)]
    except yaml.YAMLError as e:
        return None, [Problem(filename, 0, 0, "", f"YAML 格式错误：{e}")]
    except RecursionError:
        return None, [Problem(filename, 0, 0, "", "嵌套层次过深，无法读取。台账最多只需四五层缩进，请检查文件内容。")]
    finally:
        if was:
            gc.enable()


def _syntax_problem(e, text: str, filename: str) -> Problem:
    """A located Problem for a YAML syntax error (PyYAML's or ruamel's: they share the shape)."""
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    typo = _typo_near(text, line)
    if typo:
        return Problem(filename, *typo)
    quote_line = _unpaired_quote_line(text, line)
    if quote_line and "\\t" not in str(getattr(e, "problem", "")):
        # the parser notices only where the runaway string ends; the culprit is where it began
        return Problem(filename, quote_line, 0, "", "这一行的引号没有配对（有开头的引号没有结尾）。请补上结尾的引号，"
                       "或去掉开头的引号。")
    return Problem(filename, line, col, "", _syntax_message(e, text, line))


# Slips of a Chinese input method that YAML notices only a line or two later, at or just before
# the line where the parser stopped: a field name with a full-width colon (`goal：…`), a field
# name with no space after its colon (`goal:文字` is one long word to YAML), and indentation
# typed with full-width spaces (U+3000).
_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")
_TIGHT_KEY = re.compile(r"^([ ]*(?:-[ ]+)?)([A-Za-z_][A-Za-z0-9_]*):(?=[^\s/])")
# (only before a field or a list item: a paragraph of text may well start with two of them)
_WIDE_INDENT = re.compile(r"^[ \t]*\u3000(?=[ \t\u3000]*(?:-[ \t]|[A-Za-z_][A-Za-z0-9_]*[ \t]*[:：]))")


def _typo_near(text: str, line: int) -> tuple[int, int, str, str] | None:
    """(line, column, field, message) of such a slip, nearest the error line first; None if none."""
    if not line:
        return None
    lines = text.split("\n", line)[:line]
    for n in range(len(lines), max(0, len(lines) - 3), -1):
        src = lines[n - 1]
        m = _WIDE_INDENT.match(src)
        if m:
            return (n, m.end(), "", "这一行开头用了全角空格（中文空格）缩进。YAML 只能用半角空格缩进："
                    "请删掉这些空格，用英文输入法重新输入，与上下文对齐。")
        m = _FULLWIDTH_KEY.match(src)
        if m:
            key = m.group(2)
            return (n, m.end(), "", f"“{key}”后面用了中文冒号“：”。YAML 的冒号要用英文半角的“:”，"
                    f"后面再空一格：{key}: ……")
        m = _TIGHT_KEY.match(src)
        if m:
            key = m.group(2)
            return (n, m.end(), "", f"“{key}:”后面要空一格再写内容：{key}: ……（没有空格时，YAML 把整行当成一段文字）。")
    return None


def _unpaired_quote_line(text: str, upto: int) -> int:
    """The first line before `upto` whose value opens a double quote it does not close; 0 if none."""
    if not upto:
        return 0
    for n, src in enumerate(text.split("\n", upto)[: upto - 1], 1):
        m = _QUOTED_VALUE.match(src)
        if m and m.group(1).replace('\\\\', "").replace('\\"', "").count('"') % 2:
            return n
    return 0


# a value that starts with a double quote (so the quote is YAML syntax, not part of the text)
_QUOTED_VALUE = re.compile(r'^\s*(?:-\s+)?(?:[^\s"\'#:][^:#]*:\s+)?("[^#]*?)\s*(?:#.*)?$')


def _syntax_message(e, text: str, line: int) -> str:
    problem = (getattr(e, "problem", "") or "").strip()
    src = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in src or "found character '\\t'" in problem:
        return "这一行用了 Tab 键缩进。YAML 只能用空格缩进：请把 Tab 换成空格。"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "引号没有配对（有开头的引号没有结尾）。请检查这一行附近的引号。"
    if "mapping values are not allowed" in problem:
        return "这一行的冒号位置不对。若文字里含有“: ”，请把整段文字放进引号，或改用 |- 多行写法。"
    if "could not find expected ':'" in problem:
        return "缺少冒号，或上一行的引号没有配对。请检查这一行和上一行。"
    if "did not find expected key" in problem or "did not find expected '-'" in problem:
        return "缩进不一致：同一层的内容要对齐。请对照上下文调整这一行的空格数。"
    if "maximum nesting depth" in problem:
        return "嵌套层次过深，已拒绝读取。台账只需四五层缩进；这可能不是台账文件，或文件已损坏。"
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return f"YAML 锚点/别名错误（{problem}）。台账不需要使用 & 和 *，请删除。"
    return f"YAML 格式错误：{problem or e}。请检查这一行附近的缩进、冒号和引号。"


# ----------------------------------------------------------------------------- validation & building


class _Ctx:
    """Collects problems with field paths while records are built; locates them afterwards."""

    def __init__(self, filename: str):
        self.filename = filename
        self.pending: list[tuple[tuple, str, Any, bool]] = []  # (path, message, owner mapping, at key)

    def bad(self, path: tuple, message: str, owner: Any = None, at_key: bool = False) -> None:
        self.pending.append((path, message, owner, at_key))

    def src(self, m: Any) -> Source:
        return Source(self.filename, getattr(m, "line", 0), getattr(m, "col", 0))


def fmt_path(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _show(v: Any) -> str:
    if isinstance(v, str):
        return f"“{v}”"
    if v is None:
        return "空值"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (list, tuple)):
        return "一个列表"
    if isinstance(v, dict):
        return "一组键值"
    return str(v)


def _typename(t: str) -> str:
    return {"str": "文字", "int": "整数（阿拉伯数字，如 7）", "num": "数字（阿拉伯数字，如 20 或 8.5）",
            "list": "列表（每项一行，以“- ”开头）", "map": "键值表（每行“名称: 值”）", "date": "日期（如 2021-06-30）"}[t]


def _unknown_keys(ctx: _Ctx, m: dict, path: tuple, allowed: tuple[str, ...]) -> None:
    for k in m:
        if k not in allowed:
            near = difflib.get_close_matches(str(k), allowed, n=1, cutoff=0.6)
            hint = f"是不是 “{near[0]}”？" if near else f"可用的字段：{'、'.join(allowed)}。"
            ctx.bad(path + (k,), f"不认识的字段 “{k}”。{hint}", m, at_key=True)


def _misspelt(key: str, m: dict) -> bool:
    """Does `m` hold a key that looks like a typo of `key`?"""
    return bool(difflib.get_close_matches(key, [str(k) for k in m if k != key], n=1, cutoff=0.75))


def _req(ctx: _Ctx, m: dict, key: str, path: tuple, kind: str, where: str = "") -> Any:
    if key not in m or m[key] is None or (isinstance(m[key], str) and kind == "str" and not m[key].strip()):
        # A misspelt key ("sectoin") is already reported as unknown with the right name; saying
        # the field is also missing would double every message for one typo.
        if key in m or not _misspelt(key, m):
            ctx.bad(path + (key,), f"缺少必填字段 “{key}”{where}。", m)
        return None
    return _typed(ctx, m, key, path, kind)


def _opt(ctx: _Ctx, m: dict, key: str, path: tuple, kind: str) -> Any:
    if key not in m or m[key] is None:
        return None
    return _typed(ctx, m, key, path, kind)


_TYPE_OK = {  # one check per kind (building all six checks on every call cost ~15% of a large load)
    "str": lambda v: v.__class__ is str or isinstance(v, str),
    "int": lambda v: v.__class__ is int or (isinstance(v, int) and not isinstance(v, bool)),
    "num": lambda v: v.__class__ in (int, float) or (isinstance(v, (int, float)) and not isinstance(v, bool)),
    "list": lambda v: isinstance(v, list),
    "map": lambda v: isinstance(v, dict),
    "date": lambda v: isinstance(v, date),
}


def _typed(ctx: _Ctx, m: dict, key: str, path: tuple, kind: str) -> Any:
    v = m[key]
    if _TYPE_OK[kind](v):
        return v
    if kind == "str" and isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    if kind == "date" and isinstance(v, str):
        try:
            return datetime.strptime(v.strip(), "%Y-%m-%d").date()
        except ValueError:
            pass
    if kind == "int" and isinstance(v, str) and v.strip().isdecimal():
        return int(v.strip())
    ctx.bad(path + (key,), f"应为{_typename(kind)}，实际为 {_show(v)}。", m)
    return None


META_KEYS = ("title", "issuer", "year", "periods", "pace", "date_style", "published", "opening", "yellow_gap", "aliases")
PERIOD_KEYS = ("id", "as_of", "label")
SECTION_KEYS = ("no", "title", "subs")
SUB_KEYS = ("no", "title")
TASK_KEYS = ("id", "section", "sub", "goal", "targets", "units", "trajectory", "progress")
TARGET_KEYS = ("metric", "value", "unit", "cmp", "comparator", "kind", "high", "text")
ACTUAL_KEYS = ("metric", "value", "unit")
PROGRESS_KEYS = ("period", "text", "label", "as_of", "actuals", "status", "note")
UNIT_KEYS = ("lead", "others")


def _meta(ctx: _Ctx, m: Any) -> Meta:  # noqa: C901
    path = ("meta",)
    if not isinstance(m, dict):
        ctx.bad(path, "缺少 meta（标题、年度、报告期）。请参照 docs/registry.md 的示例补上。", None)
        return Meta()
    _unknown_keys(ctx, m, path, META_KEYS)
    title = _req(ctx, m, "title", path, "str") or ""
    year = _req(ctx, m, "year", path, "int") or 0
    if year and not 1949 <= year <= 2200:
        ctx.bad(path + ("year",), f"年度 {year} 不合理，应为四位年份，如 2021。", m)
    periods: list[Period] = []
    raw_periods = _req(ctx, m, "periods", path, "list") or []
    seen: set[str] = set()
    for i, p in enumerate(raw_periods):
        pp = path + ("periods", i)
        if not isinstance(p, dict):
            ctx.bad(pp, f"应为一组键值（id、as_of），实际为 {_show(p)}。", m)
            continue
        _unknown_keys(ctx, p, pp, PERIOD_KEYS)
        pid = _req(ctx, p, "id", pp, "str")
        if pid is None:
            continue
        pid = pid.strip()
        mm = PERIOD_RE.match(pid)
        if not mm:
            ctx.bad(pp + ("id",), f"报告期 “{pid}” 的写法不认识。可写 {year or 2021}-Q1、{year or 2021}-H1、"
                    f"{year or 2021}-Q3、{year or 2021}（全年）或 {year or 2021}-08（1-8月）。", p)
            continue
        if year and int(mm["year"]) != year:
            ctx.bad(pp + ("id",), f"报告期 “{pid}” 不在计划年度 {year} 内。", p)
        if pid in seen:
            ctx.bad(pp + ("id",), f"报告期 “{pid}” 重复声明。", p)
        seen.add(pid)
        as_of = _opt(ctx, p, "as_of", pp, "date") or default_as_of(pid)
        periods.append(Period(pid, as_of, _opt(ctx, p, "label", pp, "str") or "", ctx.src(p)))
    if raw_periods == [] and "periods" in m:
        ctx.bad(path + ("periods",), "至少要声明一个报告期，如 - id: 2021-H1。", m)
    for a, b in zip(periods, periods[1:]):
        if b.as_of < a.as_of:
            ctx.bad(path + ("periods",), f"报告期应按时间先后排列：{b.id} 的截止日期早于 {a.id}。", m)
            break
    pace = _opt(ctx, m, "pace", path, "str") or "months"
    if pace not in PACES:
        ctx.bad(path + ("pace",), f"序时进度算法只能是 months（按月）或 days（按天），实际为 “{pace}”。", m)
        pace = "months"
    style = _opt(ctx, m, "date_style", path, "str") or "chinese"
    if style not in DATE_STYLES:
        ctx.bad(path + ("date_style",), f"日期写法只能是 chinese 或 arabic，实际为 “{style}”。", m)
        style = "chinese"
    gap = _opt(ctx, m, "yellow_gap", path, "num")
    if gap is not None and not 0 <= gap <= 1:
        ctx.bad(path + ("yellow_gap",), f"应为 0 到 1 之间的小数（0.3 表示 30 个百分点），实际为 {gap}。", m)
        gap = None
    aliases: list[tuple[str, tuple[str, ...]]] = []
    raw_al = _opt(ctx, m, "aliases", path, "map") or {}
    for name, others in raw_al.items():
        if isinstance(others, str):
            others = [others]
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            ctx.bad(path + ("aliases", name), "别名应为名称列表，如 [发改局, 市发展改革局]。", raw_al)
            continue
        aliases.append((str(name), tuple(others)))
    return Meta(
        title=title,
        issuer=_opt(ctx, m, "issuer", path, "str") or "",
        year=year,
        periods=tuple(periods),
        pace=pace,
        date_style=style,
        published=_opt(ctx, m, "published", path, "date"),
        opening=_opt(ctx, m, "opening", path, "str") or "",
        yellow_gap=0.30 if gap is None else float(gap),
        aliases=tuple(aliases),
        source=ctx.src(m),
    )


def _sections(ctx: _Ctx, raw: Any) -> list[Section]:
    out: list[Section] = []
    if raw is None:
        ctx.bad(("sections",), "缺少 sections（各部分标题）。请参照 docs/registry.md 补上。", None)
        return out
    if not isinstance(raw, list):
        ctx.bad(("sections",), f"应为列表，实际为 {_show(raw)}。", None)
        return out
    seen: set[int] = set()
    for i, s in enumerate(raw):
        path = ("sections", i)
        if not isinstance(s, dict):
            ctx.bad(path, f"应为一组键值（no、title），实际为 {_show(s)}。", raw)
            continue
        _unknown_keys(ctx, s, path, SECTION_KEYS)
        no = _req(ctx, s, "no", path, "int")
        title = _req(ctx, s, "title", path, "str") or ""
        if no is None:
            continue
        if no in seen:
            ctx.bad(path + ("no",), f"部分编号 {no} 重复。", s)
        seen.add(no)
        subs: list[Subsection] = []
        sub_seen: set[int] = set()
        for j, u in enumerate(_opt(ctx, s, "subs", path, "list") or []):
            up = path + ("subs", j)
            if not isinstance(u, dict):
                ctx.bad(up, f"应为一组键值（no、title），实际为 {_show(u)}。", s)
                continue
            _unknown_keys(ctx, u, up, SUB_KEYS)
            uno = _req(ctx, u, "no", up, "int")
            if uno is None:
                continue
            if uno in sub_seen:
                ctx.bad(up + ("no",), f"小节编号 {uno} 在第 {no} 部分中重复。", u)
            sub_seen.add(uno)
            subs.append(Subsection(uno, _req(ctx, u, "title", up, "str") or "", ctx.src(u)))
        out.append(Section(no, title, tuple(subs), ctx.src(s)))
    return out


def _task_id(ctx: _Ctx, t: dict, path: tuple) -> str | None:
    if "id" not in t or t["id"] is None:
        ctx.bad(path + ("id",), "缺少必填字段 “id”（任务编号）。", t)
        return None
    v = t["id"]
    if isinstance(v, bool):
        ctx.bad(path + ("id",), "编号应为文字，如 \"28\"。", t)
        return None
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        ctx.bad(path + ("id",), f"编号 {src_text(v)} 被当成了数字（不加引号，末尾的 0 会丢掉）。请加引号写成 \"{src_text(v)}\"。", t)
        return None
    if not isinstance(v, str) or not v.strip():
        ctx.bad(path + ("id",), f"编号应为文字，如 \"28\"，实际为 {_show(v)}。", t)
        return None
    return v.strip()


def _names(ctx: _Ctx, m: dict, key: str, path: tuple) -> tuple[str, ...]:
    v = m.get(key)
    if v is None:
        return ()
    if isinstance(v, str):
        return tuple(x for x in (s.strip() for s in v.replace("，", "、").replace(",", "、").split("、")) if x)
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return tuple(x.strip() for x in v if x.strip())
    ctx.bad(path + (key,), f"应为单位名称或名称列表，实际为 {_show(v)}。", m)
    return ()


def _targets(ctx: _Ctx, raw: list, path: tuple) -> list[Target]:
    out = []
    for i, g in enumerate(raw):
        gp = path + (i,)
        if not isinstance(g, dict):
            ctx.bad(gp, f"应为一组键值（metric、value、unit、cmp、kind），实际为 {_show(g)}。", raw)
            continue
        _unknown_keys(ctx, g, gp, TARGET_KEYS)
        metric = _req(ctx, g, "metric", gp, "str") or ""
        value = _req(ctx, g, "value", gp, "num")
        cmp_key = "cmp" if "cmp" in g else "comparator"
        cmp = _opt(ctx, g, cmp_key, gp, "str") or ">="
        if cmp not in COMPARATORS:
            ctx.bad(gp + (cmp_key,), f"比较方式只能是 >=（以上）、<=（以内）、~（左右）或 =，实际为 “{cmp}”。", g)
        kind = _opt(ctx, g, "kind", gp, "str") or "cumulative"
        if kind not in KINDS:
            ctx.bad(gp + ("kind",), f"类型只能是 cumulative（累计量）或 level（水平值），实际为 “{kind}”。", g)
        high = _opt(ctx, g, "high", gp, "num")
        if value is None:
            continue
        out.append(Target(metric, float(value), _opt(ctx, g, "unit", gp, "str") or "", cmp, kind,
                          None if high is None else float(high), _opt(ctx, g, "text", gp, "str") or "",
                          "registry", ctx.src(g)))
    return out


def _progress(ctx: _Ctx, raw: list, path: tuple) -> list[Progress]:
    out = []
    for i, p in enumerate(raw):
        pp = path + (i,)
        if not isinstance(p, dict):
            ctx.bad(pp, f"应为一组键值（period、text），实际为 {_show(p)}。", raw)
            continue
        _unknown_keys(ctx, p, pp, PROGRESS_KEYS)
        period = _req(ctx, p, "period", pp, "str")
        if "text" not in p or p["text"] is None:
            ctx.bad(pp + ("text",), "缺少进展文字 “text”。未报送的请写 text: \"\"。", p)
            text = None
        else:
            text = _typed(ctx, p, "text", pp, "str")
        status = _opt(ctx, p, "status", pp, "str")
        if status is not None and status not in STATUSES:
            ctx.bad(pp + ("status",), f"状态只能是 {'、'.join(STATUSES)} 之一，实际为 “{status}”。", p)
            status = None
        actuals = []
        for j, a in enumerate(_opt(ctx, p, "actuals", pp, "list") or []):
            ap = pp + ("actuals", j)
            if not isinstance(a, dict):
                ctx.bad(ap, f"应为一组键值（metric、value、unit），实际为 {_show(a)}。", p)
                continue
            _unknown_keys(ctx, a, ap, ACTUAL_KEYS)
            v = _req(ctx, a, "value", ap, "num")
            if v is not None:
                actuals.append(Actual(_opt(ctx, a, "metric", ap, "str") or "", float(v),
                                      _opt(ctx, a, "unit", ap, "str") or "", ctx.src(a)))
        if period is None or text is None:
            continue
        out.append(Progress(str(period).strip(), text, _opt(ctx, p, "as_of", pp, "date"),
                            _opt(ctx, p, "label", pp, "str") or "进展情况", tuple(actuals), status,
                            _opt(ctx, p, "note", pp, "str") or "", ctx.src(p)))
    return out


def _tasks(ctx: _Ctx, raw: Any) -> list[Task]:
    out: list[Task] = []
    if raw is None:
        ctx.bad(("tasks",), "缺少 tasks（任务列表）。", None)
        return out
    if not isinstance(raw, list):
        ctx.bad(("tasks",), f"应为列表，实际为 {_show(raw)}。", None)
        return out
    for i, t in enumerate(raw):
        path = ("tasks", i)
        if not isinstance(t, dict):
            ctx.bad(path, f"每个任务应为一组键值（id、section、goal…），实际为 {_show(t)}。", raw)
            continue
        _unknown_keys(ctx, t, path, TASK_KEYS)
        tid = _task_id(ctx, t, path)
        section = _req(ctx, t, "section", path, "int")
        goal = _req(ctx, t, "goal", path, "str")
        sub = _opt(ctx, t, "sub", path, "int")
        targets = _targets(ctx, _opt(ctx, t, "targets", path, "list") or [], path + ("targets",))
        units = Units()
        if "units" in t and t["units"] is not None:
            u = _typed(ctx, t, "units", path, "map")
            if u is not None:
                _unknown_keys(ctx, u, path + ("units",), UNIT_KEYS)
                units = Units(_names(ctx, u, "lead", path + ("units",)), _names(ctx, u, "others", path + ("units",)))
        trajectory = []
        for pid, share in (_opt(ctx, t, "trajectory", path, "map") or {}).items():
            if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
                ctx.bad(path + ("trajectory", pid), f"应为 0 到 1 之间的小数（0.4 表示应完成全年的 40%），实际为 {_show(share)}。", t)
                continue
            trajectory.append((str(pid), float(share)))
        progress = _progress(ctx, _opt(ctx, t, "progress", path, "list") or [], path + ("progress",))
        if tid is None or section is None or goal is None:
            continue
        out.append(Task(tid, section, goal, sub, tuple(targets), units, tuple(progress), tuple(trajectory), ctx.src(t)))
    return out


# ----------------------------------------------------------------------------- registry-wide rules
# Each rule: (registry, task paths) -> list of (path, message). Adding a rule = one function + one test.


def rule_duplicate_ids(reg: Registry, paths: dict) -> list[tuple[tuple, str]]:
    first: dict[str, int] = {}
    out = []
    for i, t in enumerate(reg.tasks):
        if t.id in first:
            src = reg.tasks[first[t.id]].source
            where = f"第 {src.line} 行" if src.file == t.source.file else f"{src.file} 第 {src.line} 行"
            out.append((paths[i] + ("id",), f"任务编号 “{t.id}” 重复（第一次出现在{where}）。每个任务的编号必须唯一。"))
        else:
            first[t.id] = i
    return out


def rule_known_sections(reg: Registry, paths: dict) -> list[tuple[tuple, str]]:
    secs = {s.no: s for s in reg.sections}
    out = []
    for i, t in enumerate(reg.tasks):
        s = secs.get(t.section)
        if s is None:
            known = "、".join(str(n) for n in secs) or "（尚未声明任何部分）"
            out.append((paths[i] + ("section",), f"任务 “{t.id}” 所属的第 {t.section} 部分没有在 sections 中声明。已声明：{known}。"
                        "请改成已声明的部分编号，或在 sections 中补上这一部分。"))
        elif t.sub is not None and t.sub not in {u.no for u in s.subs}:
            out.append((paths[i] + ("sub",), f"任务 “{t.id}” 所属的小节 {t.sub} 不在第 {t.section} 部分的 subs 中。"))
    return out


def rule_known_periods(reg: Registry, paths: dict) -> list[tuple[tuple, str]]:
    declared = set(reg.period_ids)
    out = []
    for i, t in enumerate(reg.tasks):
        seen: set[str] = set()
        for j, p in enumerate(t.progress):
            if p.period not in declared:
                out.append((paths[i] + ("progress", j, "period"),
                            f"报告期 “{p.period}” 没有在 meta.periods 中声明。已声明：{'、'.join(sorted(declared)) or '无'}。"
                            "请改成已声明的报告期，或在 meta.periods 中补上它。"))
            if p.period in seen:
                out.append((paths[i] + ("progress", j, "period"), f"任务 “{t.id}” 在报告期 {p.period} 有两条进展，请合并为一条。"))
            seen.add(p.period)
        for pid, _ in t.trajectory:
            if pid not in declared:
                out.append((paths[i] + ("trajectory", pid), f"分期目标中的报告期 “{pid}” 没有在 meta.periods 中声明。"))
    return out


RULES = [rule_duplicate_ids, rule_known_sections, rule_known_periods]


# ----------------------------------------------------------------------------- entry points

MAIN_KEYS = ("meta", "sections", "tasks", "include")
BACKGROUND_CACHE_WRITE = 4000  # tasks: from here on the registry's cache entry is written by a forked child
PART_KEYS = ("sections", "tasks")


class _InFile:
    """Heads a task path in a split registry: which file the task came from (stripped before locating)."""

    __slots__ = ("file",)

    def __init__(self, file: str):
        self.file = file


def build(data: Any, filename: str) -> tuple[Registry | None, list[tuple[tuple, str, Any, bool]]]:
    """Plain parsed data -> Registry and unlocated problems (path, message, owner)."""
    reg, pending = build_parts([(filename, data)], filename)
    return reg, pending[filename]


def build_parts(parts: list[tuple[str, Any]], path: str, folder: bool = False  # noqa: C901
                ) -> tuple[Registry | None, dict[str, list[tuple[tuple, str, Any, bool]]]]:
    """Parsed files -> one Registry, and unlocated problems per file.

    `parts[0]` is the main file (its `include:` already resolved into the later parts); with
    `folder`, every part is an equal member and `meta` may sit in any one of them.
    """
    ctxs = {f: _Ctx(f) for f, _ in parts}
    main = ctxs[parts[0][0]]
    single = len(parts) == 1 and not folder
    usable: list[tuple[_Ctx, dict]] = []
    meta_raw: Any = None
    meta_ctx = main
    for k, (filename, data) in enumerate(parts):
        ctx = ctxs[filename]
        if data is None:
            ctx.bad((), "文件是空的。请参照 docs/registry.md 的示例填写 meta、sections、tasks。" if single
                    else "文件是空的。分文件的台账中，每个文件至少要有 tasks 或 sections。", None)
            continue
        if not isinstance(data, dict):
            ctx.bad((), "台账文件的最外层应为 meta、sections、tasks 三项。请参照 docs/registry.md。", None)
            continue
        usable.append((ctx, data))
        if k == 0 and not folder:
            _unknown_keys(ctx, data, (), MAIN_KEYS)
        elif folder:
            _unknown_keys(ctx, data, (), ("meta",) + PART_KEYS)
        else:
            for key in data:
                if key in ("meta", "include"):
                    ctx.bad((key,), f"被 include 引用的文件只能写 tasks 和 sections；{key} 请写在主文件 {main.filename} 中。",
                            data, at_key=True)
            _unknown_keys(ctx, {key: v for key, v in data.items() if key not in ("meta", "include")}, (), PART_KEYS)
        if "meta" in data and (k == 0 or folder):
            if meta_raw is None:
                meta_raw, meta_ctx = data["meta"], ctx
            else:
                ctx.bad(("meta",), f"meta 只能写在一个文件里，{meta_ctx.filename} 中已经有了。", data, at_key=True)
    if single and not usable:
        return None, {main.filename: main.pending}
    meta = _meta(meta_ctx, meta_raw)

    sections: list[Section] = []
    declared: dict[int, str] = {}
    for ctx, data in usable:
        raw = data.get("sections")
        if raw is None:
            continue
        got = _sections(ctx, raw)
        for i, s in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(s, dict) and s.get("no") in declared and declared[s["no"]] != ctx.filename:
                ctx.bad(("sections", i, "no"), f"部分编号 {s['no']} 已在 {declared[s['no']]} 中声明。", s)
        for s in got:
            if s.no not in declared:
                declared[s.no] = ctx.filename
                sections.append(s)
    if not any(data.get("sections") is not None for _, data in usable):
        _sections(meta_ctx, None)

    tasks: list[Task] = []
    paths: dict[int, tuple] = {}
    for ctx, data in usable:
        raw = data.get("tasks")
        if raw is None:
            continue
        built = _tasks(ctx, raw)
        # map each built task back to its index in its file for located messages
        tag = _InFile(ctx.filename)
        base = len(tasks)
        k = 0
        for i, t in enumerate(raw if isinstance(raw, list) else []):
            if k < len(built) and isinstance(t, dict) and getattr(t, "line", None) == built[k].source.line:
                paths[base + k] = (tag, "tasks", i)
                k += 1
        for idx in range(len(built)):
            paths.setdefault(base + idx, (tag, "tasks", idx))
        tasks += built
    if not any(data.get("tasks") is not None for _, data in usable):
        _tasks(meta_ctx, None)

    reg = Registry(meta, tuple(sections), tuple(tasks), path)
    for rule in RULES:
        for p, message in rule(reg, paths):
            if p and isinstance(p[0], _InFile):
                ctxs[p[0].file].bad(p[1:], message, None)
            else:
                meta_ctx.bad(p, message, None)
    return reg, {f: c.pending for f, c in ctxs.items()}


def locate(text: str, filename: str, pending: list[tuple[tuple, str, Any, bool]]) -> list[Problem]:
    """Turn (path, message) pairs into Problems with the line and column of the field."""
    if not pending:
        return []
    root = None
    try:
        import yaml

        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # the text parsed once already; composing again is best effort
        root = None
    out = []
    for path, message, owner, at_key in pending:
        line, col, src = _find(root, path, at_key)
        if "\x00" in message:
            message = _SRC_RE.sub(lambda m: src or m.group(1), message)
        if not line and owner is not None:
            line, col = getattr(owner, "line", 0), getattr(owner, "col", 0)
        out.append(Problem(filename, line, col, fmt_path(path), message))
    out.sort(key=lambda p: (p.line, p.col))
    return out


_SRC_RE = re.compile("\x00src:(.*?)\x00")


def src_text(fallback: Any) -> str:
    """In a message: the field's text exactly as written in the file (`fallback` if not found)."""
    return f"\x00src:{fallback}\x00"


def _find(node: Any, path: tuple, at_key: bool = False) -> tuple[int, int, str]:
    """Line, column and source text of the value at `path` (of its key, with `at_key`); the nearest parent if absent."""
    import yaml

    best = (0, 0)
    for i, step in enumerate(path):
        if node is None:
            break
        best = (node.start_mark.line + 1, node.start_mark.column + 1)
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if str(k.value) == str(step):
                    nxt = v
                    best = (k.start_mark.line + 1, k.start_mark.column + 1)
                    if at_key and i == len(path) - 1:
                        return best + (str(k.value),)
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            nxt = node.value[step]
        node = nxt
    if node is not None:
        best = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return best + (str(node.value),)
    return best + ("",)


def load_text(text: str, filename: str) -> LoadResult:
    data, problems = parse(text, filename)
    if problems:
        return LoadResult(None, problems, filename)
    reg, pending = build(data, filename)
    return LoadResult(reg, locate(text, filename, pending), filename)


def load(path: str | os.PathLike, cache: Any = None, *, overlay: dict[str, bytes] | None = None) -> LoadResult:
    """Read a registry: one file, a main file with `include:`, or a folder of *.yaml files.

    Never raises for the user's data; problems come back as values. With a `cache.Cache`, a
    registry whose files have not changed is returned from it (problems included) without parsing.
    `overlay` maps absolute paths to contents read in place of those files: how a writer checks
    the registry as it would be after a change, before writing anything (never cached).
    """
    filename = str(path)
    ident = (os.path.abspath(filename), filename)
    if overlay is not None:
        cache = None
    if cache is not None:
        hit = cache.get_entry("registry", ident)
        if hit is not MISS:
            (registry, problems), inputs = hit
            return LoadResult(registry, problems, filename, inputs=inputs)
    inputs = Inputs()
    was = gc.isenabled()
    gc.disable()  # a registry is a million small objects made at once: nothing for the collector to find
    try:
        result = _load(filename, inputs, overlay or {})
    finally:
        if was:
            gc.enable()
    result.inputs = inputs
    if cache is not None and not result.unreadable:
        entry = (result.registry, result.problems)
        if result.registry is not None and len(result.registry.tasks) >= BACKGROUND_CACHE_WRITE:
            cache.put_soon("registry", ident, inputs, entry)  # pickling 100,000 tasks takes seconds
        else:
            cache.put("registry", ident, inputs, entry)
    return result


def load_problems(path: str | os.PathLike, cache: Any = None) -> LoadResult:
    """What `audit check` needs: the problems (the registry may be left out when they come from the cache).

    A province's registry takes seconds to unpickle; its list of problems takes microseconds.
    """
    filename = str(path)
    ident = (os.path.abspath(filename), filename)
    if cache is not None:
        hit = cache.get("problems", ident)
        if hit is not MISS:
            return LoadResult(None, hit, filename)
    result = load(path, cache)
    if cache is not None and not result.unreadable and result.inputs is not None:
        cache.put("problems", ident, result.inputs, result.problems)
    return result


def _read(filename: str, inputs: Inputs, overlay: dict[str, bytes]) -> tuple[str | None, list[Problem], bool]:
    """(text, problems, unreadable). The file is stat'ed before it is read, for the cache's sake."""
    inputs.file(filename)
    try:
        raw = _raw(filename, overlay)
    except FileNotFoundError:
        return None, [Problem(filename, 0, 0, "", "找不到这个文件。请检查路径，或用 --registry 指定台账文件。")], True
    except IsADirectoryError:
        return None, [Problem(filename, 0, 0, "", "这是一个文件夹，不是台账文件。请指定其中的 .yaml 文件。")], True
    except PermissionError:
        return None, [Problem(filename, 0, 0, "", "没有读取权限。请检查文件权限。")], True
    except OSError as e:
        return None, [Problem(filename, 0, 0, "", f"无法读取：{os_reason(e)}。")], True
    text, problems = decode(raw, filename)
    return text, problems, False


def _raw(filename: str, overlay: dict[str, bytes]) -> bytes:
    given = overlay.get(os.path.abspath(filename)) if overlay else None
    return given if given is not None else Path(filename).read_bytes()


def _load(filename: str, inputs: Inputs, overlay: dict[str, bytes]) -> LoadResult:
    if os.path.isdir(filename):
        pattern = os.path.join(filename, "*.yaml")
        files = expand(pattern)
        inputs.glob(pattern, files)
        if not files:
            return LoadResult(None, [Problem(filename, 0, 0, "", "这个文件夹里没有 .yaml 文件。"
                                             "分文件的台账请把各个 .yaml 文件放在同一文件夹中。")],
                              filename, unreadable=True)
        return _load_parts(filename, [], files, inputs, [], overlay, folder=True)
    text, problems, unreadable = _read(filename, inputs, overlay)
    if text is None:
        return LoadResult(None, problems, filename, unreadable=unreadable)
    data, problems = parse(text, filename)
    del text  # the common case needs it no more; a registry with problems reads it again to locate them
    if problems:
        return LoadResult(None, problems, filename)
    if isinstance(data, dict) and "include" in data:
        files, pending = _includes(filename, data["include"], inputs)
        return _load_parts(filename, [(filename, data)], files, inputs, pending, overlay)
    reg, pending = build(data, filename)
    del data
    return LoadResult(reg, _locate_file(filename, pending, overlay), filename)


def _locate_file(filename: str, pending: list, overlay: dict[str, bytes]) -> list[Problem]:
    if not pending:
        return []
    try:
        text = decode(_raw(filename, overlay), filename)[0] or ""
    except OSError:
        text = ""
    return locate(text, filename, pending)


def _load_parts(path: str, parts: list[tuple[str, Any]], files: list[str], inputs: Inputs,
                pending_main: list, overlay: dict[str, bytes], folder: bool = False) -> LoadResult:
    problems: list[Problem] = []
    for f in files:
        text, p, _unreadable = _read(f, inputs, overlay)
        if text is not None:
            data, p = parse(text, f)
            if not p:
                parts.append((f, data))
        problems += p
    if problems or not parts:
        if pending_main:
            problems = _locate_file(path, pending_main, overlay) + problems
        return LoadResult(None, problems, path)
    reg, pending = build_parts(parts, path, folder=folder)
    if pending_main:
        pending[parts[0][0]] = pending_main + pending[parts[0][0]]
    located = [q for f, _ in parts for q in _locate_file(f, pending[f], overlay)]
    return LoadResult(reg, located, path)


BACKUP_SUFFIXES = (".bak", ".bak.swap")  # what save.py leaves beside a file it writes or restores


def _includes(main: str, raw: Any, inputs: Inputs) -> tuple[list[str], list]:
    """The files a main file's `include:` names, in order, each once; problems located in the main file."""
    pending: list = []
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        pending.append((("include",), "include 应为文件路径列表，如 [tasks.d/*.yaml]（相对于本文件所在的文件夹）。", None, False))
        return [], pending
    base = os.path.dirname(main)
    seen = {os.path.realpath(main)}
    files: list[str] = []
    for j, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            pending.append((("include", j), f"应为文件路径（可含 * 通配符），实际为 {_show(item)}。", None, False))
            continue
        p = os.path.normpath(os.path.join(base, item.strip()))
        if any(c in p for c in "*?["):
            found = expand(p)
            inputs.glob(p, found)  # all of them: the cache compares the glob's whole answer
            # a writer leaves `<name>.bak` beside each file it writes; `counties/*` must not read it as a part
            matches = tuple(m for m in found if not m.endswith(BACKUP_SUFFIXES))
            if not matches:
                pending.append((("include", j), f"没有与 “{item}” 匹配的文件（相对于 {base or '当前文件夹'}）。", None, False))
        elif os.path.isfile(p):
            matches = (p,)
        else:
            inputs.file(p)  # missing: the entry will not be cached, so creating the file is seen
            pending.append((("include", j), f"找不到被引用的文件 {p}。请检查路径（相对于本文件所在的文件夹）。", None, False))
            continue
        for m in matches:
            real = os.path.realpath(m)
            if real not in seen:
                seen.add(real)
                files.append(m)
    return files, pending


def locate_task_file(registry_path: str | os.PathLike, task_id: str, cache: Any = None) -> str:
    """The file that holds task `task_id`: what a writer must edit when the registry is split."""
    result = load(registry_path, cache)
    if result.registry is None:
        raise RegistryInvalid(f"台账 {registry_path} 有问题，无法定位任务 “{task_id}”。", result.problems)
    task = result.registry.task(str(task_id))
    if task is None:
        raise AuditError(f"台账中没有编号为 “{task_id}” 的任务。")
    return task.source.file


def registry_files(registry_path: str | os.PathLike) -> list[str]:
    """Every file a registry is read from, as far as can be told without validating it.

    A folder's *.yaml files; or the main file and what its `include:` names (only the main file
    when it cannot be read or parsed). For `restore`, which must work on a broken registry.
    """
    filename = str(registry_path)
    if os.path.isdir(filename):
        return list(expand(os.path.join(filename, "*.yaml")))
    try:
        text = decode(Path(filename).read_bytes(), filename)[0]
    except OSError:
        text = None
    if text is None:
        return [filename]
    data, problems = parse(text, filename)
    if problems or not isinstance(data, dict) or "include" not in data:
        return [filename]
    return [filename] + _includes(filename, data["include"], Inputs())[0]
