"""The one terminal path: two Rich consoles (standard output and standard error), and the Rich text
and table through which everything printed is sanitised and folded by core/text.py's rule.

On a terminal, text folds at the terminal's width (Chinese line breaking: numbers, percentages,
Latin words and ids stay whole; no line begins with 。，、 or ends with （“; continuation lines
hang under their label). To a file or a pipe nothing is folded: each logical line is one line,
and the reader's program wraps it.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager

from rich.console import Console
from rich.containers import Lines
from rich.measure import Measurement
from rich.table import Table
from rich.text import Span, Text

from audit.core.text import cells, clip, line_spans, narrowest, sanitise

UNBOUNDED = 1 << 20  # the width of a file or a pipe: nothing is folded


class Folded(Text):
    """Rich text that folds by core/text.py's rule instead of Rich's own (which splits numbers and
    starts lines with 。). `indent`: cells its continuation lines hang by; None: under the label."""

    def __init__(self, text: str = "", style="", *, indent: int | None = None, **kw):
        super().__init__(sanitise(text, line_endings=False), style, **kw)
        self.indent = indent

    @classmethod
    def of(cls, text, indent: int | None = None) -> Folded:
        """A Text (styles kept) or a str as Folded text, sanitised (text appended to a Folded since
        it was made is sanitised here too)."""
        if not isinstance(text, Text):
            return cls(str(text), indent=indent)
        if isinstance(text, Folded):
            if text.plain.isprintable() or sanitise(text.plain, line_endings=False) == text.plain:
                return text
            indent = text.indent
        f = cls(text.plain, text.style, indent=indent, justify=text.justify, overflow=text.overflow,
                no_wrap=text.no_wrap, end=text.end, tab_size=text.tab_size)
        f.spans = list(text.spans)
        return f

    @classmethod
    def of_lines(cls, lines, styled: bool = True) -> Folded:
        """Lines of (text, style) pieces ("" is no style) as one Folded text, a line a row. The same
        text as appending each piece, made in one go: a province's `laggards` is half a million pieces.
        Without `styled` the styles are left off (for a console that writes none: a file or a pipe)."""
        parts: list[str] = []
        spans: list[Span] = []
        at = 0
        for k, line in enumerate(lines):
            if k:
                parts.append("\n")
                at += 1
            for piece, style in line:
                piece = sanitise(piece, line_endings=False)
                if style and styled and piece:
                    spans.append(Span(at, at + len(piece), style))
                parts.append(piece)
                at += len(piece)
        f = cls("".join(parts))
        f.spans = spans
        return f

    def copy(self) -> Folded:  # so that `folded + text` stays Folded, with its indent
        f = Folded(self.plain, self.style, indent=self.indent, justify=self.justify, overflow=self.overflow,
                   no_wrap=self.no_wrap, end=self.end, tab_size=self.tab_size)
        f.spans = list(self.spans)
        return f

    def wrap(self, console, width, *, justify=None, overflow=None, tab_size=8, no_wrap=None) -> Lines:
        justify = justify or self.justify or "default"
        overflow = overflow or self.overflow or "fold"
        no_wrap = no_wrap if no_wrap is not None else bool(self.no_wrap)
        if width >= UNBOUNDED and justify in ("default", "left"):  # a file or a pipe: nothing to fold
            plain = self
            if "\xa0" in self.plain:
                plain = self.copy()
                plain.plain = self.plain.replace("\xa0", " ")
            return Lines([plain])  # its lines as they are (Rich splits the segments it writes)
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line.plain:
                line.expand_tabs(tab_size)
            if no_wrap or overflow == "ignore":
                new = Lines([line])
            else:
                new = self._fold(line, width)
            if justify not in ("default", "left"):
                new.justify(console, width, justify=justify, overflow=overflow)
            for part in new:
                if overflow != "ignore":
                    part.truncate(width, overflow=overflow)
                if "\xa0" in part.plain:  # it has held a label to its figure: shown as the space it is
                    part.plain = part.plain.replace("\xa0", " ")
            lines.extend(new)
        return lines

    def _fold(self, line: Text, width: int) -> Lines:
        plain = line.plain
        spans, pad = line_spans(plain, width, self.indent)
        if len(spans) == 1:
            return Lines([line])
        parts = line.divide([a for a, _ in spans[1:]])
        for k, part in enumerate(parts):
            part.rstrip()
            if k and pad:
                part.pad_left(pad)
        return parts

    def __rich_measure__(self, console, options) -> Measurement:
        lines = self.plain.split("\n")
        widest = max(cells(x) for x in lines)
        return Measurement(min(narrowest(self.plain), widest), widest)


class Clipped:
    """One line that is shortened (between units, with "…") rather than folded when it has not room:
    a section's title in the status table."""

    def __init__(self, text: str, style: str = "", least: int = 8):
        self.text, self.style, self.least = sanitise(text), style, least

    def __rich_measure__(self, console, options) -> Measurement:
        n = cells(self.text)
        return Measurement(min(n, self.least), n)

    def __rich_console__(self, console, options):
        yield Text(clip(self.text, options.max_width), self.style, no_wrap=True, overflow="crop")


class FoldedTable(Table):
    """A Rich table whose text cells fold by core/text.py's rule."""

    def add_row(self, *renderables, **kw) -> None:
        super().add_row(*(Folded.of(r) if isinstance(r, (str, Text)) else r for r in renderables), **kw)


def table(**kw) -> FoldedTable:
    """The borderless table every listing uses."""
    return FoldedTable(show_edge=False, pad_edge=False, box=None, header_style="bold", **kw)


class _Whole:
    """Folded text handed to Console.print as one renderable: Rich joins the Text objects it is
    given into a plain Text of its own, which would fold by Rich's rule."""

    def __init__(self, text: Folded):
        self.text = text

    def __rich_console__(self, console, options):
        return self.text.__rich_console__(console, options)

    def __rich_measure__(self, console, options) -> Measurement:
        return self.text.__rich_measure__(console, options)


class AuditConsole(Console):
    """A Rich console whose printed text is sanitised and folded by core/text.py's rule."""

    def print(self, *objects, sep: str = " ", end: str = "\n", **kw) -> None:
        if self.width >= UNBOUNDED:
            kw.setdefault("crop", False)  # nothing is cut to a width no line reaches (and measuring each line is slow)
        if objects and all(isinstance(o, (str, Text)) for o in objects):
            whole = objects[0] if len(objects) == 1 else Text(sep).join(Text(o) if isinstance(o, str) else o for o in objects)
            text = Folded.of(whole)
            if text.end != end:
                text = text.copy()
                text.end = end
            objects = (_Whole(text),)
        else:
            objects = tuple(_Whole(Folded.of(o)) if isinstance(o, (str, Text)) else o for o in objects)
        super().print(*objects, sep=sep, end=end, **kw)


_out: AuditConsole | None = None
_err: AuditConsole | None = None


def _console(stderr: bool) -> AuditConsole:
    c = AuditConsole(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=False,
                     color_system=None if os.environ.get("NO_COLOR") else "auto")
    if c.is_terminal:
        # Rich asks the terminal for its size on every print (2,869 laggards took 3.0 s of 7.3 s
        # there): the size found now is kept for this run.
        c.size = c.size
    else:
        c.width = UNBOUNDED
    return c


def out() -> AuditConsole:
    global _out
    if _out is None:
        _out = _console(stderr=False)
    return _out


def err() -> AuditConsole:
    global _err
    if _err is None:
        _err = _console(stderr=True)
    return _err


def reset() -> None:
    """Forget the consoles (tests swap sys.stdout between runs)."""
    global _out, _err
    _out = _err = None


PROGRESS_AFTER = 1.5  # seconds: work that is over sooner shows no bar


@contextmanager
def progress(what: str, *, quiet: bool = False):
    """A callback (done, total) for long work, or None. On a terminal, a Rich progress bar on
    standard error once the work has run past PROGRESS_AFTER seconds (pulsing until the work tells
    how far it is), gone before anything is printed; never when output goes to a file or a pipe,
    nor with `quiet` (--json)."""
    if quiet or not (out().is_terminal and err().is_terminal):
        yield None
        return
    lock = threading.Lock()
    shown: list = []  # [the Progress, its task] once shown
    state = {"completed": 0, "total": None}

    def show() -> None:
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        with lock:
            if not shown:
                bar = Progress(TextColumn(what), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(), console=err(),
                               transient=True)
                bar.start()
                shown[:] = [bar, bar.add_task(what, **state)]

    def tell(done: int, total: int) -> None:
        with lock:
            state.update(completed=done, total=total)
            if shown:
                shown[0].update(shown[1], **state)

    timer = threading.Timer(PROGRESS_AFTER, show)
    timer.daemon = True
    if PROGRESS_AFTER <= 0:
        show()
    else:
        timer.start()
    try:
        yield tell
    finally:
        timer.cancel()
        with lock:
            if shown:
                shown[0].stop()
