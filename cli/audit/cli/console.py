"""The two Rich consoles every printer writes to: standard output and standard error."""
from __future__ import annotations

from rich.console import Console

_out: Console | None = None
_err: Console | None = None


def out() -> Console:
    global _out
    if _out is None:
        _out = Console(highlight=False, soft_wrap=False)
        # Rich asks the terminal (and the environment) for its size on every print: 2,869 laggards
        # took 7.3 s, 3.0 s of it there. The size found now is kept for this run (output unchanged).
        _out.size = _out.size
    return _out


def err() -> Console:
    global _err
    if _err is None:
        _err = Console(stderr=True, highlight=False, soft_wrap=True)
    return _err


def reset() -> None:
    """Forget the consoles (tests swap sys.stdout between runs)."""
    global _out, _err
    _out = _err = None
