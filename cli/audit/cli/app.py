"""The `audit` command: the app of cli/base.py with every command module registered on it."""
from __future__ import annotations

import sys

import typer.main

from audit.cli.base import app, state  # noqa: F401  (the app, for tests and the entry point)
from audit.cli.commands import check, dates, draft, imports, report, show, year  # noqa: F401  (each registers its commands)


def main() -> None:
    """Console-script entry."""
    only_named_commands(app, sys.argv[1:])
    app()


def only_named_commands(typer_app, args: list[str]) -> None:
    """Keep only the commands (and command groups) whose names appear in `args`.

    Typer turns every command's signature into parameters on each run (~40 ms with a dozen
    commands, more on a busy machine) although one command runs. When a command is named, the
    others are dropped from this one-shot process; `--help` with no command, a typo or anything
    unusual leaves the app whole, so help and "no such command" messages are unchanged.
    """
    words = set(args)
    keep = [c for c in typer_app.registered_commands
            if (c.name or typer.main.get_command_name(c.callback.__name__)) in words]
    groups = [g for g in typer_app.registered_groups if (g.name or "") in words]
    if keep or groups:
        typer_app.registered_commands = keep
        typer_app.registered_groups = groups
