"""Where the shipped registry, lexicon and templates are: inside the installed package, or the checkout."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _root(name: str) -> Path:
    installed = _PKG / "_shipped" / name
    if installed.exists():
        return installed
    return _PKG.parent.parent / name  # a source checkout: cli/audit -> repository root


def data_dir() -> Path:
    return _root("data")


def templates_dir() -> Path:
    return _root("templates")


def shipped_registry() -> Path:
    return data_dir() / "tasks.yaml"


def shipped_signals() -> Path:
    return data_dir() / "signals.yaml"
