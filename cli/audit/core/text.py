"""The text toolkit: what every layer does to text the same way — sanitising control characters and
escape sequences, display-cell width, folding a line for a terminal (Chinese line breaking), and
shortening a line to a width."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple

# ----------------------------------------------------------------------------- sanitising

# C0 and C1 control characters other than tab and newline, DEL, and the two non-characters Word's
# XML refuses. An escape sequence (CSI "␛[2J", OSC "␛]0;title␇", …) begins with one of them, so
# once each is shown as its own picture none can act on a terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_PICTURES = {**{chr(i): chr(0x2400 + i) for i in range(0x20)}, "\x7f": "\u2421"}  # ␀ … ␛ … ␟, ␡
# what a problem message names: a whole escape sequence (CSI, OSC/DCS/SOS/PM/APC up to its
# terminator, or ESC and one character), else one control character
_SEQUENCE = re.compile(
    "\x1b\\[[0-?]*[ -/]*[@-~]?"            # CSI
    "|\x9b[0-?]*[ -/]*[@-~]?"              # CSI, 8-bit
    "|[\x1b][\\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?"  # OSC, DCS, SOS, PM, APC
    "|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b[ -~]?"
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]"
)


def _picture(m: re.Match) -> str:
    ch = m.group()
    return _PICTURES.get(ch, "\ufffd")


def sanitise(text: str, line_endings: bool = True) -> str:
    """`text` safe to show anywhere: line endings as \\n, and every other control character (and so
    every escape sequence) shown as a visible picture: ESC as ␛, BEL as ␇, a C1 character as �.
    Tab and newline stay. The one sanitiser: the registry loader, the importers and every printer
    use it. Without `line_endings`, a carriage return is shown as ␍ too (the text keeps its length)."""
    if line_endings and "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable() or not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_picture, text)


def controls(text: str) -> list[tuple[int, str]]:
    """(offset, the sequence as `sanitise` shows it) of each escape sequence or control character in
    `text` (carriage returns are line endings, not reported); [] for clean text."""
    if text.isprintable() or not _CONTROL.search(text.replace("\r", "\n")):
        return []
    return [(m.start(), sanitise(m.group())) for m in _SEQUENCE.finditer(text) if m.group() != "\r"]


def control_message(found: list[tuple[int, str]]) -> str:
    """What a located problem says of the sequences `controls` found, in Chinese."""
    shown = "、".join(f"“{seq}”" for _, seq in found[:5]) + (f"等 {len(found)} 处" if len(found) > 5 else "")
    return (f"含有终端控制字符 {shown}（这里以 ␛、␇ 等符号显示）。这类字符会改动终端的标题、颜色，甚至清屏，"
            "请删除。")


def checked(text: str) -> tuple[str, str]:
    """(the text to keep, what a located problem about it says: "" when it is clean). Where text
    enters — the registry loader, the importers, the 台账 — a control character is reported, and
    only its picture is kept."""
    found = controls(text)
    return (sanitise(text), control_message(found)) if found else (text, "")


def clean(text: str) -> str:
    """Line endings to \\n, control characters shown as pictures (see `sanitise`)."""
    return sanitise(text)


def clean_text(v: Any) -> str:
    """Cell text as the registry keeps it: LF line breaks, no trailing spaces, no blank edges."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    s = "\n".join(line.rstrip() for line in s.split("\n"))
    return s.strip("\n").strip()


def brief(v: Any, n: int = 30) -> str:
    """A value quoted in a message: its text, cut to `n` characters with an ellipsis."""
    s = sanitise(str(v))
    return s if len(s) <= n else s[: n - 1] + "…"


# ----------------------------------------------------------------------------- display cells

# Where Unicode's East Asian Width is not what terminals (and Rich, the reference: see
# tests/test_text.py) draw: symbols made wide in Unicode 16, and the zero-width fillers and
# emoji modifiers. Everything else follows unicodedata.
_WIDE_RANGES = ((0x2630, 0x2637), (0x268A, 0x268F), (0x4DC0, 0x4DFF), (0x1D300, 0x1D356), (0x1D360, 0x1D376))
_ZERO = frozenset("\u3164\uffa0\u2028\u2029") | frozenset(map(chr, range(0x1F3FB, 0x1F400)))
_SHOWN_FORMAT = frozenset("\xad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd")


@lru_cache(maxsize=8192)
def char_cells(ch: str) -> int:
    """Cells one character takes on a terminal: 0 (controls, combining marks), 1 or 2 (CJK)."""
    o = ord(ch)
    if o < 0x20 or 0x7F <= o < 0xA0 or ch in _ZERO:
        return 0
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me", "Mc") or (cat == "Cf" and ch not in _SHOWN_FORMAT) or 0x1160 <= o <= 0x11FF \
            or 0xD7B0 <= o <= 0xD7FF:
        return 0
    if unicodedata.east_asian_width(ch) in "WF" or any(a <= o <= b for a, b in _WIDE_RANGES):
        return 2
    return 1


def cells(text: str) -> int:
    """Display cells `text` takes on a terminal (a CJK character two, a combining mark none) — the
    one measure of width: the folding below, the help pages, the 台账's row heights."""
    if text.isascii() and text.isprintable():
        return len(text)
    n = 0
    joined = False
    for ch in text:
        if joined:  # the character after a zero-width joiner draws into the one before it
            joined = False
            continue
        if ch == "\u200d":
            joined = True
            continue
        n += char_cells(ch)
    return n


# ----------------------------------------------------------------------------- Chinese line breaking

# GB/T 15834 and the 避头尾 rule: these never begin a line (they stay with what precedes them)...
NOT_FIRST = frozenset("。，、；：？！）》”’」』】〕〗〉．,.;:?!)]}%％‰·・～\xa0")
# ...and these never end one (they stay with what follows). A no-break space is in both: it holds
# a label to its figure ("滞后\xa020").
NOT_LAST = frozenset("（《“‘「『【〔〖〈([{\xa0")
# A run that is one unit: a number (1,200 / 3.5 / 50.0% / -2), a Latin word, an id or a path
# (2021-H1, 1.10, ./data/tasks.yaml, --registry), a run of Chinese numerals (二〇二一), a dash or
# an ellipsis (—— ……).
_UNIT = re.compile(
    r"[-+#$@~./\\]*[0-9A-Za-z_\u00c0-\u024f]+(?:[-.,:/+'@_&~\\]+[0-9A-Za-z_\u00c0-\u024f]+)*[%‰％]?"
    r"|[〇零一二三四五六七八九十百千万亿两]{2,}"
    r"|—+|…+|[^\S\xa0]+"
)


_RUN = re.compile(f"(?:{_UNIT.pattern})|.", re.S)


class Piece(NamedTuple):
    start: int
    end: int
    cells: int
    space: bool
    inner: tuple[int, ...]  # where the unbreakable runs glued into this piece meet


def pieces(line: str) -> list[Piece]:
    """`line` (no line breaks) cut where it may be folded: units that stay whole, with closing
    punctuation joined to what precedes it and opening punctuation to what follows."""
    out: list[list] = []  # [start, end, is a space, inner boundaries...]
    glue_next = False
    for m in _RUN.finditer(line):  # each unbreakable run: a unit, or one character
        a, b = m.span()
        first = line[a]
        space = first.isspace() and first != "\xa0"
        if out and glue_next:  # after an opening mark, through any spaces, up to the next word: "（ 完成"
            out[-1][1] = b
            out[-1].append(a)
            glue_next = space or line[b - 1] in NOT_LAST
            continue
        if out and not space and first in NOT_FIRST and (len(out) > 1 or not out[-1][2]):
            if out[-1][2]:
                out.pop()  # "文字 》": the space before closing punctuation is no place to fold either
            out[-1][1] = b
            out[-1].append(a)
        else:
            out.append([a, b, space])
        glue_next = not space and line[b - 1] in NOT_LAST
    return [Piece(a, b, char_cells(line[a]) if b - a == 1 else cells(line[a:b]), space, tuple(rest))
            for a, b, space, *rest in out]


_LABEL = re.compile(
    r"[ \u3000]*(?:[·•◦▪‧*-]|\d{1,2}[.、]|[①-⑳]|【[^】\n]{1,8}】[0-9A-Za-z.\-]*)?[ ]*"  # indent, bullet or tag
    r"(?:[^\s：:“（(]{1,12}(?:：|:(?![0-9])))?[ ]*[“‘「（(]?"  # a short label, an opening quote
)
MIN_ROOM = 16  # cells a continuation line keeps for text; a deeper label is not hung under


def hang(line: str) -> int:
    """Cells a folded line's continuation lines are indented by: under its label — leading spaces,
    a bullet or a tag with its id, a short label ending in "：", an opening quote ("    “原文…",
    "  · 理由", "目标：…", "【滞后】19  推进…")."""
    m = _LABEL.match(line)
    return cells(line[: m.end()]) if m and m.end() < len(line) else 0


def line_spans(line: str, width: int, indent: int | None = None) -> tuple[list[tuple[int, int]], int]:
    """(start, end) of each terminal line `line` (no line breaks) folds into at `width` cells, and
    the spaces its continuation lines are drawn after: `indent`, or with None under the line's
    label (`hang`) — unless that leaves less than 16 cells, or less than its widest unit.

    Greedy, by display cells, at the places `pieces` allows: a number, a percentage, a Latin word,
    an id or a path is never split, no line begins with 。，、；：？！）》”’ nor ends with （《“‘.
    Only a unit wider than a whole line is cut, by characters. Spaces at a fold are dropped."""
    if width <= 0 or 2 * len(line) <= width or cells(line) <= width:
        return [(0, len(line))], 0
    units = pieces(line)
    indent = hang(line) if indent is None else indent
    if width - indent < max([MIN_ROOM] + [p.cells for p in units if not p.space]):
        indent = 0
    folder = _Folder(line, width, indent)
    for p in units:
        folder.add(p)
    return folder.done(), indent


class _Folder:
    """Greedy folding, a piece at a time: where the current line starts, the cells it uses, the room
    it has, and the last space on it (a fold there is preferred when it keeps a phrase together)."""

    def __init__(self, line: str, width: int, indent: int):
        self.line, self.width, self.indent = line, width, indent
        self.spans: list[tuple[int, int]] = []
        self.start, self.used, self.room, self.filled = 0, 0, width, False
        self.space: tuple[int, int] | None = None  # (where the text after it starts, cells used up to it)

    def add(self, p: Piece) -> None:
        if p.space:
            self.used += p.cells
            if self.filled:
                self.space = (p.end, self.used)
            return
        if self.filled and self.used + p.cells > self.room:
            self._fold_before(p)
        if p.cells <= self.room - self.used:
            self.used += p.cells
        else:
            self._cut(p)
        self.filled = True

    def _fold_before(self, p: Piece) -> None:
        """Fold before `p`; at the last space instead when what follows it is short ("近期已完成 1 项"
        stays whole rather than "近" / "期已完成 1 项")."""
        if self.space is not None and self.used - self.space[1] <= self.width // 4:
            at, before = self.space
            carried = self.used - before
            self._new_line(at)
            self.used, self.filled = carried, True
            if carried + p.cells <= self.room:
                return
        self._new_line(p.start)

    def _new_line(self, at: int) -> None:
        self.spans.append((self.start, _rstrip(self.line, self.start, at)))
        self.start, self.used, self.room, self.filled, self.space = at, 0, self.width - self.indent, False, None

    def _cut(self, p: Piece) -> None:
        """A piece wider than a whole line: cut where its runs meet, a run by characters only if it must."""
        line = self.line
        for k in range(p.start, p.end):
            w = cells(line[k: _next_run(p, k)]) if k in p.inner or k == p.start else 0
            if w and self.used + w > self.room and self.used:
                self._new_line(k)
            c = char_cells(line[k])
            if self.used + c > self.room and self.used:
                self._new_line(k)
            self.used += c

    def done(self) -> list[tuple[int, int]]:
        self.spans.append((self.start, _rstrip(self.line, self.start, len(self.line))))
        return self.spans


def _next_run(p: Piece, k: int) -> int:
    return next((b for b in p.inner if b > k), p.end)


def _rstrip(line: str, a: int, b: int) -> int:
    while b > a and line[b - 1].isspace():
        b -= 1
    return b


def fold(text: str, width: int, indent: int | None = None) -> list[str]:
    """`text` as terminal lines of at most `width` cells: each of its lines folded by `line_spans`,
    continuation lines indented (under the label, or by `indent`)."""
    out: list[str] = []
    for line in text.split("\n"):
        spans, hung = line_spans(line, width, indent)
        pad = " " * hung
        out += [line[a:b] if k == 0 else pad + line[a:b] for k, (a, b) in enumerate(spans)]
    return out


def narrowest(text: str) -> int:
    """The fewest cells `text` can be folded into without cutting a unit: its widest unit."""
    return max((p.cells for line in text.split("\n") for p in pieces(line) if not p.space), default=0)


def clip(text: str, width: int, mark: str = "…") -> str:
    """`text` shortened to `width` cells, ending in `mark`: cut at a place `pieces` allows (never
    inside a number, a Latin word or an id), with trailing spaces and punctuation left off. Text
    that fits is returned as it is."""
    if 2 * len(text) <= width or cells(text) <= width:
        return text
    text = text[: width + 2]  # the cut is within `width` cells, so within the first `width` characters
    room = width - cells(mark)
    end = 0
    used = 0
    for p in pieces(text):
        if used + p.cells > room:
            break
        used += p.cells
        end = p.end
    if end == 0:  # not even the first unit fits: cut it by characters
        for k, ch in enumerate(text):
            if used + char_cells(ch) > room:
                break
            used += char_cells(ch)
            end = k + 1
    head = text[:end].rstrip()
    while head and (head[-1] in "，、；：,;:" or head[-1] in NOT_LAST):
        head = head[:-1].rstrip()
    return head + mark
