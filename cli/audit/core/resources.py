"""Where the registry to use is, and the shipped registry, lexicon and templates: in the package or the checkout."""
from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "AUDIT_REGISTRY"

_PKG = Path(__file__).resolve().parent.parent  # the audit package


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


def find_registry(explicit: str | None = None, env: dict | None = None, cwd: str | None = None) -> tuple[str, str]:
    """Where the registry is, and why: --registry, then $AUDIT_REGISTRY, ./data/tasks.yaml, the shipped copy."""
    env = os.environ if env is None else env
    if explicit:
        return explicit, "--registry"
    if env.get(ENV_VAR):
        return env[ENV_VAR], ENV_VAR
    local = Path(cwd or ".") / "data" / "tasks.yaml"
    if local.is_file():
        return str(local) if cwd else os.path.join("data", "tasks.yaml"), "./data/tasks.yaml"
    return str(shipped_registry()), "shipped"
