"""Assess every task of a registry and turn it into report rows and JSON text, on every core when large.

`reports.status` does the same for one process and keeps every row; a province's registry
(100,000 tasks) makes that the slowest step after parsing. From `PARALLEL_MIN` tasks up, the
task list is cut into chunks and forked workers — which inherit the registry, so nothing is
pickled on the way in — each return, for their chunk: the slim rows the summary needs, the
full rows a caller keeps (e.g. lagging and stalled for `laggards`), and the chunk's part of the
documented JSON array, already encoded. The JSON equals `jsonout.json_text(report)` byte for byte.
"""
from __future__ import annotations

import dataclasses
import gc
import os
import uuid
from typing import Any, Callable, Iterable, NamedTuple

from .model import Registry

PARALLEL_MIN = 4000  # below this, forking costs more than it saves
SLIM = ("id", "section", "status", "ratio", "flags")  # what reports.summarise reads


class Rows(NamedTuple):
    slim: list[dict]  # per task, in file order: only the keys in SLIM
    kept: list[dict]  # full rows for which keep(row) was true, in file order
    json_chunks: list[bytes]  # the JSON array's items, one bytes per chunk of tasks (may be empty)


_JOB: Any = None  # (registry, period, section, want_json, keep, lexicon): set before forking


def rows(reg: Registry, period: str, section: int | None = None, *, want_json: bool = False,
         keep: Callable[[dict], bool] | None = None, lexicon: Any = None, workers: int | None = None) -> Rows:
    """Assess the tasks (of one section, if given) for `period`; see the module note."""
    from . import extract

    global _JOB
    lexicon = lexicon or extract.default_lexicon()  # read once, before any fork
    n = len(reg.tasks)
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    _JOB = (reg, period, section, want_json, keep, lexicon)
    try:
        if workers < 2 or n < PARALLEL_MIN:
            return _collect([_work((0, n))])
        import multiprocessing

        step = -(-n // (workers * 4))  # a few chunks per worker evens out uneven text lengths
        bounds = [(lo, min(n, lo + step)) for lo in range(0, n, step)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return _collect(pool.imap(_work, bounds))
    finally:
        _JOB = None


def _collect(parts: Iterable[tuple[list, list, bytes]]) -> Rows:
    out = Rows([], [], [])
    for slim, kept, chunk in parts:
        out.slim.extend(slim)
        out.kept.extend(kept)
        if chunk:
            out.json_chunks.append(chunk)
    return out


def _work(bounds: tuple[int, int]) -> tuple[list, list, bytes]:
    from .assess import assess  # looked up in sys.modules, where tests may stand in a fake
    from .jsonout import dumps as encode
    from .reports import task_row

    reg, period, section, want_json, keep, lexicon = _JOB
    was = gc.isenabled()
    gc.disable()  # rows are many small containers; the collector would rescan the registry for nothing
    try:
        slim, kept, parts = [], [], []
        part = reg if bounds == (0, len(reg.tasks)) else dataclasses.replace(reg, tasks=reg.tasks[bounds[0]:bounds[1]])
        by_id = {a.task_id: a for a in assess(part, period, lexicon)}  # as reports.status pairs them
        for t in part.tasks:
            if t.id not in by_id or (section is not None and t.section != section):
                continue
            row = task_row(t, by_id[t.id])
            slim.append({k: row[k] for k in SLIM})
            if keep is not None and keep(row):
                kept.append(row)
            if want_json:
                # one level deeper than a top-level value: JSON text has no raw line breaks in strings
                parts.append(encode(row).replace("\n", "\n    "))
        return slim, kept, ",\n    ".join(parts).encode("utf-8")
    finally:
        if was:
            gc.enable()


def json_pieces(report: dict, chunks: list[bytes]) -> list[bytes]:
    """`jsonout.json_text(report)` with report["tasks"] made of `chunks`, as bytes pieces to write in turn."""
    from .jsonout import json_text

    token = uuid.uuid4().hex
    head, tail = json_text({**report, "tasks": token}).split(f'"{token}"')
    array = [b"[\n    ", b",\n    ".join(chunks), b"\n  ]"] if chunks else [b"[]"]
    return [head.encode("utf-8"), *array, tail.encode("utf-8")]
