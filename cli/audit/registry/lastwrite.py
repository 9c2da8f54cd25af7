"""The record a split registry keeps of the files its last write changed (`.tasks.yaml.last-write`,
`.audit.last-write` in a folder), which `audit restore` reads to put them all back together."""
from __future__ import annotations

import json
import os
from pathlib import Path


def note_path(registry: str | os.PathLike) -> Path:
    """Where a split registry records the files its last write changed (read by `restore`)."""
    p = Path(registry)
    return p / ".audit.last-write" if p.is_dir() else p.with_name(f".{p.name}.last-write")


def base_of(registry: str) -> str:
    return registry if os.path.isdir(registry) else os.path.dirname(registry)


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def note_for(path: str, files: list[str], command: str) -> tuple[Path, str]:
    base = os.path.abspath(base_of(path) or ".")
    rel = [os.path.relpath(os.path.abspath(f), base) for f in files]
    body = {"command": command, "files": rel}
    return note_path(path), json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
