"""The `audit` command's entry point: set the process up for a short run, then run the app."""
from __future__ import annotations

import gc
import sys


def main() -> None:
    """Console-script and `python -m audit` entry.

    A county's `status` is over in about a tenth of a second, yet importing Typer, Rich and PyYAML
    and reading the registry make some hundred thousand objects, and the cycle collector scanned
    them again and again as they were made (~15 ms of a cold `status`) while they hold no cycles
    worth collecting. So the imports run with it off; what they made is frozen (never scanned
    again), and it comes back with a higher first threshold, so a long run — a province's
    registry, a big import — still has its cycles collected, just less often.
    """
    _utf8_when_redirected(sys.platform)
    gc.disable()
    try:
        run = reading_app(command_of(sys.argv[1:]))
        if run is None:
            from audit.cli.app import main as run
    finally:
        gc.freeze()
        gc.set_threshold(50_000, 20, 20)
        gc.enable()
    run()


READING = ("status", "laggards", "show", "check")  # the reading commands, each answered by its own module


def reading_app(command: str | None):
    """The app with only the module of a reading command registered, or None for any other command.

    The reading commands are what is run dozens of times a day; the app with only their module
    answers them the same, without importing the importers, the writers and the drafts."""
    if command in ("status", "laggards"):
        from audit.cli.commands import report
    elif command == "show":
        from audit.cli.commands import show as report
    elif command == "check":
        from audit.cli.commands import check as report
    else:
        return None
    return report.app
_VALUED = frozenset({"-r", "--registry"})  # options of `audit` itself that take a value


def command_of(args: list[str]) -> str | None:
    """The command named on the command line (the first word that is not an option of `audit` or
    its value); None when there is none."""
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a in _VALUED:
            skip = True
        elif not a.startswith("-"):
            return a
    return None


def _utf8_when_redirected(platform: str) -> None:
    """On Windows, output sent to a file or a pipe is encoded in the locale's code page (GBK on a
    Chinese system), which has no █ ░ │ of the status bars and fails on rarer characters; a
    draft saved with `> 草稿.md` should be UTF-8 like the registry. A console keeps its own
    (Unicode) output."""
    if platform != "win32":
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            if not stream.isatty() and (stream.encoding or "").lower().replace("-", "") != "utf8":
                stream.reconfigure(encoding="utf-8")
        except (AttributeError, OSError, ValueError):
            pass  # not a text stream we can reconfigure: leave it as it is
