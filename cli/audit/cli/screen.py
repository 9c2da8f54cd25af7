"""The status screen, written without Rich's console: `audit status` is the command run dozens of
times a day, and importing Rich's console and laying text out through it was a fifth of its time.

Lines are tuples of (text, style) pieces, as in output.py. They are folded exactly as Rich folds
them (the rule is here, and output.py uses it too), and coloured with the same SGR codes Rich
writes for these few styles. Where Rich would do more than that — the legacy Windows console, a
Jupyter notebook, text with emoji or combining marks — the lines go to Rich after all. Only
Rich's table of character widths is used here, so widths are Rich's to the cell.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Iterable

from rich.cells import cell_len, set_cell_size

from audit.core.labels import STATUS_LABELS

STYLE = {"completed": "bold green", "on_track": "green", "lagging": "yellow", "stalled": "bold red", "unassessed": "dim"}
_SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "red": "31", "green": "32", "yellow": "33",
        "blue": "34", "magenta": "35", "cyan": "36", "white": "37"}

Line = tuple  # of (text, style) pieces; style "" is none


# ----------------------------------------------------------------------------- where the lines go


class Screen:
    """The width and colour Rich's Console would choose for `stream`, from the same environment."""

    def __init__(self, stream=None, environ=None):
        self.stream = stream if stream is not None else sys.stdout
        env = os.environ if environ is None else environ
        try:
            tty = self.stream.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        forced = bool(env.get("FORCE_COLOR"))
        dumb = env.get("TERM", "").lower() in ("dumb", "unknown")
        self.colour = (tty or forced) and not dumb and not env.get("NO_COLOR")
        columns = env.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            self.width = int(columns)
        elif dumb and not forced:
            self.width = 80
        else:
            self.width = _terminal_width()
        # what Rich alone does properly: the old Windows console, notebooks
        self.needs_rich = os.name == "nt" and self.colour or "ipykernel" in sys.modules

    def write(self, lines: Iterable[tuple[Line, str]]) -> None:
        """Each line with how it overflows: "fold" (wrapped as Rich wraps) or "crop" (cut at the width)."""
        if self.needs_rich:
            return self._through_rich(lines)
        out: list[str] = []
        for pieces, overflow in lines:
            pieces = tuple((_printable(t), style) for t, style in pieces)
            text = "".join(t for t, _ in pieces)
            if overflow == "crop":
                parts = [set_cell_size(text, self.width) if cell_len(text) > self.width else text]
            else:
                parts = fold(text, self.width)
            out.extend(self._styled(pieces, parts) if self.colour else parts)
        self.stream.write("".join(line + "\n" for line in out))
        self.stream.flush()

    def _styled(self, pieces: Line, parts: list[str]) -> list[str]:
        """The parts of a folded line with their pieces' styles, as Rich writes them (codes, text, reset)."""
        spans, pos = [], 0
        for text, style in pieces:
            spans.append((pos, pos + len(text), style))
            pos += len(text)
        out, offset = [], 0
        whole = "".join(t for t, _ in pieces)
        for part in parts:
            at = whole.find(part, offset) if part else offset
            at = offset if at < 0 else at
            line = []
            for a, b, style in spans:
                lo, hi = max(a, at), min(b, at + len(part))
                if lo >= hi:
                    continue
                chunk = whole[lo:hi]
                codes = ";".join(_SGR[w] for w in style.split() if w in _SGR)
                line.append(f"\x1b[{codes}m{chunk}\x1b[0m" if codes else chunk)
            out.append("".join(line))
            offset = at + len(part)
        return out

    def _through_rich(self, lines) -> None:
        from rich.text import Text

        from audit.cli.console import out

        c = out()
        for pieces, overflow in lines:
            text = Text.assemble(*pieces)
            if overflow == "crop":
                c.print(text, no_wrap=True)
            else:
                c.print(text, overflow="fold")


# Control characters in the registry's text (an escape sequence, a bell, a line break inside a
# title) must not reach the terminal as such: they are taken out, a line break becomes a space.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return _CONTROL.sub("", text.replace("\r\n", " ").replace("\n", " "))


def _terminal_width() -> int:
    """The terminal's columns, asked of stdin, stdout and stderr in turn (as Rich does); 80 if none is one."""
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns
        except (OSError, ValueError, AttributeError):
            continue
    return 80


# ----------------------------------------------------------------------------- folding, as Rich folds

# Characters that are one grapheme each and have a fixed width, so a line made only of them
# folds by simple sums: printable ASCII and Latin-1, general punctuation (“” … —), enclosed
# numbers, box drawing and blocks, CJK punctuation, kana and ideographs, full-width forms.
# Any other line (emoji, combining marks, tabs) is folded by Rich itself.
_SIMPLE = re.compile(
    "[\x20-\x7e\xa0-\xac\xae-\xff\u2010-\u2027\u2030-\u205e\u2460-\u24ff\u2500-\u259f\u3000-\u3029"
    "\u3030-\u303f\u3041-\u3096\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff9d\uffe0-\uffe6]*"
)
_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap: a word with the whitespace around it
_TRAILING_SPACE = re.compile(r"\s+$")
_WIDTH: dict[str, int] = {}


def fold(line: str, width: int, console=None) -> list[str]:  # noqa: C901
    """One line (no line breaks) as Rich prints it with overflow="fold" at `width` cells.

    Rich's rule (rich._wrap.divide_line, then Text.rstrip_end and Text.truncate): words (with
    the whitespace after them) go on a line while they fit; a word wider than the line is cut
    by cells; trailing whitespace past the width is dropped, and a line still too wide is cut.
    """
    if not _SIMPLE.fullmatch(line):
        from rich.text import Text

        if console is None:
            from audit.cli.console import out

            console = out()
        return [str(t) for t in Text(line).wrap(console, width, overflow="fold")]
    w = _WIDTH
    for ch in set(line).difference(w):
        w[ch] = cell_len(ch)
    get = w.__getitem__
    if sum(map(get, line)) <= width:
        return [line]
    breaks: list[int] = []
    offset = 0
    for m in _WORD.finditer(line):
        start, word = m.start(), m.group()
        size = sum(map(get, word.rstrip()))
        if width - offset >= size:
            offset += sum(map(get, word))
        elif size > width:
            pieces = _chop(word, width, get)
            for k, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if k == len(pieces) - 1:
                    offset = sum(map(get, piece))
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = sum(map(get, word))
    out_: list[str] = []
    for a, b in zip([0, *breaks], [*breaks, len(line)]):
        part = line[a:b]
        if len(part) > width:  # Rich compares characters here, not cells
            m = _TRAILING_SPACE.search(part)
            if m:
                part = part[: len(part) - min(len(m.group()), len(part) - width)]
        if sum(map(get, part)) > width:
            part = set_cell_size(part, width)
        out_.append(part)
    return out_


def _chop(word: str, width: int, get) -> list[str]:
    """rich.cells.chop_cells for a word of simple characters."""
    pieces: list[str] = []
    size = begin = 0
    for i, ch in enumerate(word):
        n = get(ch)
        if size + n > width:
            pieces.append(word[begin:i])
            begin, size = i, 0
        size += n
    if size:
        pieces.append(word[begin:])
    return pieces


# ----------------------------------------------------------------------------- the status screen


def pct(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x * 100:.{digits}f}%"


def short_title(title: str) -> str:
    """A section title's first clause: 推动绿色发展,持续改善… -> 推动绿色发展."""
    for sep in ("，", ",", "；", ";"):
        if sep in title:
            return title.split(sep, 1)[0]
    return title


def brief_ids(ids: list[str], where: str, limit: int = 30) -> str:
    """Task ids joined with 、; past `limit`, the first ones, the count and where to see the rest
    (a province's registry can have tens of thousands unreported)."""
    if len(ids) <= limit:
        return "、".join(ids)
    return "、".join(ids[:limit]) + f"……共 {len(ids):,} 项（{where}）"


def bar(ratio: float | None, pace: float, width: int = 12) -> Line:
    """A bar of `width` cells for a ratio, with a marker at the time progress."""
    style = "green" if ratio is not None and ratio >= pace else "yellow"
    filled = 0 if ratio is None else round(min(max(ratio, 0.0), 1.0) * width)
    mark = min(width - 1, round(pace * width))
    chars = []
    for i in range(width):
        ch = "█" if i < filled else "░"
        if i == mark:
            ch = "▌" if i < filled else "│"
        chars.append(ch)
    return (("".join(chars), style),)


def grid(rows: list[list[Line]], right, fit: int, max_first: int, width: int) -> list[Line]:
    """A borderless table as lines: columns two cells apart, `right` columns right-aligned, column
    `fit` at most `max_first` cells and narrowed (down to 8) when the line would not fit `width`;
    cut text ends with "…" as Rich cuts it. The shape of Rich's Table(box=None, pad_edge=False),
    for a few rows, without its layout engine."""
    cols = len(rows[0])
    plain = [["".join(t for t, _ in cell) for cell in r] for r in rows]
    widths = [max(cell_len(p[i]) for p in plain) for i in range(cols)]
    widths[fit] = min(widths[fit], max_first)
    over = sum(widths) + 2 * (cols - 1) - width
    if over > 0:
        widths[fit] = max(8, widths[fit] - over)
    right = set(right)
    lines = []
    for r, p in zip(rows, plain):
        line: list[tuple[str, str]] = []
        for i, cell in enumerate(r):
            if cell_len(p[i]) > widths[i]:
                cell = _truncate(cell, widths[i])
            pad = " " * (widths[i] - sum(cell_len(t) for t, _ in cell))
            if i:
                line.append(("  ", ""))
            if i in right:
                line.append((pad, ""))
            line.extend(cell)
            if i not in right:
                line.append((pad, ""))
        lines.append(tuple(line))
    return lines


def _truncate(cell: Line, width: int) -> Line:
    """Cut to `width` cells ending in "…", as Rich's Text.truncate(overflow="ellipsis") does: the
    text is cut to width - 1 cells (a wide character that does not fit leaves a space) and "…" added."""
    text = "".join(t for t, _ in cell)
    return ((set_cell_size(text, width - 1) + "…", cell[0][1] if cell else ""),)


def status_lines(report: dict, width: int) -> list[tuple[Line, str]]:
    """The status screen as lines, each with how it overflows ("fold" or "crop")."""
    from audit.core.numerals import to_chinese

    lines: list[tuple[Line, str]] = [
        (((report["title"] or "重点任务进展", "bold"),), "fold"),
        (((f"报告期 {report['period']}（截至 {report['as_of']}）  序时进度 {pct(report['time_progress'])}  "
           f"任务 {report['total']} 项", ""),), "fold"),
    ]
    counts: list[tuple[str, str]] = []
    for code in ("completed", "on_track", "lagging", "stalled", "unassessed"):
        counts.append((f"{STATUS_LABELS[code]} {report['counts'][code]}", STYLE[code]))
        counts.append((f"（{pct(report['shares'][code], 0)}）  ", ""))
    lines.append((tuple(counts), "fold"))
    rows: list[list[Line]] = [[((h, "bold"),) for h in ("部分", "任务", "完成", "序时", "滞后", "停滞", "待评", "平均完成")]]
    for s in report["sections"]:
        rows.append([
            ((f"{to_chinese(s['no'])}、{short_title(s['title'])}", ""),),
            ((str(s["tasks"]), ""),),
            ((str(s["completed"]), ""),),
            ((str(s["on_track"]), ""),),
            ((str(s["lagging"]), "yellow" if s["lagging"] else ""),),
            ((str(s["stalled"]), "red" if s["stalled"] else ""),),
            ((str(s["unassessed"]), ""),),
            bar(s["mean_ratio"], report["time_progress"], 8) + ((" " + pct(s["mean_ratio"], 0), ""),),
        ])
    lines += [(line, "crop") for line in grid(rows, right=range(1, 7), fit=0, max_first=36, width=width)]
    lines.append(((("平均完成：各项任务完成比例的平均值（超过 100% 按 100% 计）；│ 为序时进度。", "dim"),), "fold"))
    if report["mismatches"]:
        lines.append(((("数据不一致：", "bold yellow"), (brief_ids(report["mismatches"], "用 audit show 编号 查看理由"), "")),
                      "fold"))
    if report["unreported"]:
        lines.append(((("未报送：", "bold"), (brief_ids(report["unreported"], "用 audit missing 查看全部"), "")), "fold"))
    for key, words, style in (("overdue", "已过完成时限未完成：", "bold red"), ("milestone_missed", "到期节点未见完成：", "bold yellow")):
        if report.get(key):
            lines.append((((words, style), (brief_ids(report[key], "用 audit due 查看"), "")), "fold"))
    return lines


def status(report: dict) -> None:
    screen = Screen()
    screen.write(status_lines(report, screen.width))
