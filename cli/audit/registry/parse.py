"""Registry text to data: decode the bytes, refuse what would hurt (alias bombs, deep nesting),
parse with PyYAML's C-backed events straight into dicts and lists, and explain syntax errors on
the line the user typed (full-width colons, tabs, unpaired quotes)."""
from __future__ import annotations

import gc
import re
from typing import Any

from audit.core.decode import Unreadable
from audit.core.decode import decode as decode_text
from audit.core.errors import Problem
from audit.core.text import control_message, controls
from audit.registry import scalars

# ----------------------------------------------------------------------------- decoding


def decode(raw: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM) only: the writer must be able to give the file back unchanged."""
    try:
        return decode_text(raw, filename, what="台账 YAML 文件", utf8_only=True), []
    except Unreadable as e:
        return None, [e.problem()]


# ----------------------------------------------------------------------------- parsing


def _loader_class():
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: dict = {}  # none of PyYAML's own (YAML 1.1): scalars.configure adds YAML 1.2's

    Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    scalars.configure(Loader)  # YAML 1.2, read exactly as the fast path reads it
    return Loader


def _construct_map(loader, node):
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


class LDict(dict):
    """A mapping that remembers the line and column it started at."""

    __slots__ = ("line", "col")


_LOADER = None
_SLOW = object()  # _fast_load's answer when the text needs PyYAML's full constructor


def _fast_load(loader_class, source: str | bytes) -> Any:
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

    loader = loader_class(source)
    try:
        return _build(loader.get_event)
    except (yaml.YAMLError, TypeError, KeyError, ValueError):
        return _SLOW  # let the full loader report it in its own words
    finally:
        loader.dispose()


def _build(get) -> Any:
    """The one document the events describe, or _SLOW. Scalars (most events) are placed inline."""
    kinds = _event_kinds()
    ScalarEvent, MappingEndEvent, SequenceEndEvent, ignored = kinds[:4]
    plain = scalars.plain
    root: list = []
    stack: list = [root]  # open containers; root is a list that will hold the one document
    key_of: list = [_SLOW]  # per open mapping: the key waiting for its value (_SLOW: none yet)
    top: Any = root
    while True:
        ev = get()
        if ev is None:
            return root[0] if root else None
        cls = ev.__class__
        if cls is ScalarEvent:
            if ev.anchor is not None or (ev.tag is not None and ev.tag != "!"):
                return _SLOW
            value = plain(ev.value) if ev.implicit[0] else ev.value  # quoted or block scalars are strings
            if top.__class__ is list:
                top.append(value)
            elif key_of[-1] is not _SLOW:
                top[key_of[-1]] = value
                key_of[-1] = _SLOW
            elif value in top or value == "<<":
                return _SLOW  # a key given twice, or a merge key: the full loader decides what they mean
            else:
                key_of[-1] = value
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            stack.pop()
            key_of.pop()
            top = stack[-1]
        elif cls not in ignored:
            top = _open(ev, top, stack, key_of, kinds)
            if top is _SLOW:
                return _SLOW


def _open(ev, top: Any, stack: list, key_of: list, kinds: tuple) -> Any:
    """A new mapping or sequence placed in `top` and pushed (or the start of the first document);
    _SLOW for anything else: an alias, an anchor or tag on a collection, a collection used as a
    key, a second document."""
    DocumentStartEvent, MappingStartEvent, SequenceStartEvent = kinds[4:]
    cls = ev.__class__
    if cls is DocumentStartEvent:
        return _SLOW if stack[0] else top
    if cls is not MappingStartEvent and cls is not SequenceStartEvent:
        return _SLOW
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
    return new


_KINDS: tuple | None = None


def _event_kinds() -> tuple:
    """PyYAML's event classes, imported when first needed (`audit --help` parses nothing)."""
    global _KINDS
    if _KINDS is None:
        from yaml import events as e

        ignored = (e.DocumentEndEvent, e.StreamStartEvent, e.StreamEndEvent)
        _KINDS = (e.ScalarEvent, e.MappingEndEvent, e.SequenceEndEvent, ignored,
                  e.DocumentStartEvent, e.MappingStartEvent, e.SequenceStartEvent)
    return _KINDS

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


def guard(text: str, filename: str) -> list[Problem]:
    """Reject alias bombs and absurd nesting before any parser builds (or recurses into) them.

    Cheap on ordinary files: one regex pass. Only text that could be hostile is walked event by
    event with the C parser, which is streaming and keeps memory bounded.
    """
    if not _suspect(text):
        return []
    import yaml

    try:
        return _walk(yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), filename)
    except yaml.MarkedYAMLError as e:
        return [syntax_problem(e, text, filename)]
    except yaml.YAMLError:
        return []  # parse() reports it


def _walk(events, filename: str) -> list[Problem]:
    """Count nesting and the nodes every alias expands to, event by event; stop at the first excess."""
    import yaml

    depth = 0
    sizes: dict[str, int] = {}  # nodes under each anchor
    stack: list[list] = [[None, 0]]  # [anchor, nodes so far] per open collection
    total = 0
    for ev in events:
        if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return [_refused(ev, filename, f"嵌套层次过深（超过 {MAX_DEPTH} 层），已拒绝读取。台账只需四五层缩进；"
                                               "这可能不是台账文件，或文件已损坏。")]
            stack.append([ev.anchor, 0])
        elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
            anchor, n = stack.pop()
            if anchor:
                sizes[anchor] = n + 1
            stack[-1][1] += n + 1
            total += n + 1 if depth == 0 else 0
        else:
            stack[-1][1] += _nodes(ev, sizes)
        if stack[-1][1] > MAX_EXPANDED or total > MAX_EXPANDED:
            return [_refused(ev, filename, "YAML 别名（* 号引用）展开后过大，已拒绝读取（疑似“十亿笑声”攻击文件）。"
                                           "台账不需要使用 & 和 *，请删除这些引用。")]
    return []


def _nodes(ev, sizes: dict[str, int]) -> int:
    """How many nodes a scalar (1) or an alias (what its anchor holds) adds."""
    import yaml

    if isinstance(ev, yaml.ScalarEvent):
        if ev.anchor:
            sizes[ev.anchor] = 1
        return 1
    if isinstance(ev, yaml.AliasEvent):
        return sizes.get(ev.anchor, 1)
    return 0


def _refused(ev, filename: str, message: str) -> Problem:
    return Problem(filename, ev.start_mark.line + 1, ev.start_mark.column + 1, "", message)


def fast(source: str | bytes) -> Any:
    """YAML text -> plain data on the fast path only: SLOW when the text needs the full loader
    (anchors, duplicate keys, tags, a syntax error), which then says what is wrong."""
    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    return _fast_load(_LOADER, source)


SLOW = _SLOW


def parse(text: str, filename: str) -> tuple[Any, list[Problem]]:
    """YAML text -> plain data, with syntax errors located. gc is off while building the tree."""
    import yaml

    guarded = guard(text, filename)
    if guarded:
        return None, guarded
    was = gc.isenabled()
    gc.disable()
    try:
        data = fast(text)
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
        return None, [syntax_problem(e, text, filename)]
    except yaml.YAMLError as e:
        return None, control_problems(text, filename) or [Problem(filename, 0, 0, "", f"YAML 格式错误：{e}")]
    except RecursionError:
        return None, [Problem(filename, 0, 0, "", "嵌套层次过深，无法读取。台账最多只需四五层缩进，请检查文件内容。")]
    finally:
        if was:
            gc.enable()


def control_problems(text: str, filename: str) -> list[Problem]:
    """Each line holding control characters (YAML refuses them as they are), located."""
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        found = controls(line)
        if found:
            out.append(Problem(filename, n, found[0][0] + 1, "", control_message(found)))
    return out


def syntax_problem(e, text: str, filename: str) -> Problem:
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


# ----------------------------------------------------------------------------- where a problem is in the text


def fmt_path(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


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
