"""The reports the status pipeline keeps in the cache, looked up without loading the pipeline.

A warm `audit status` is a cache read and a print: it needs neither the loader nor the judgement,
so the reading commands ask here first and load report/pipeline.py only when the cache has no answer.
"""
from __future__ import annotations

import os
from typing import Any

from audit.registry.cache import MISS, Cache

PARTS = ("summary", "laggards", "full", "notice", "json")


def key(path: str, period: str | None, section: str | None, part: str) -> tuple[str, tuple]:
    """The cache kind and identity of one part of the status report of the registry at `path`."""
    if part not in PARTS:
        raise ValueError(part)
    return f"status-{part}", (os.path.abspath(path), path, period, section)


def lookup(cache: Cache | None, path: str, period: str | None, section: str | None, part: str) -> tuple[Any, Any]:
    """(value, the Inputs it was made from) when the cache holds the part and nothing it was made
    from has changed, else (MISS, None). The "json" part is a cache file to stream, with no Inputs."""
    if cache is None:
        return MISS, None
    kind, ident = key(path, period, section, part)
    if part == "json":
        hit = cache.get_path(kind, ident)
        return (MISS, None) if hit is None else (hit, None)
    hit = cache.get_entry(kind, ident)
    return (MISS, None) if hit is MISS else (hit[0], hit[1])
