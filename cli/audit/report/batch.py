"""Assess every task of a registry and turn it into report rows and JSON text, on every core when large.

`reports.status` does the same for one process and keeps every row; a province's registry
(100,000 tasks) makes that the slowest step after parsing. From `PARALLEL_MIN` tasks up, the
task list is cut into chunks and forked workers — which inherit the registry, so nothing is
pickled on the way in — each return, for their chunk: the slim rows the summary needs, the
full rows a caller keeps (e.g. lagging and stalled for `laggards`) with, if asked, more per-task
values made from the task itself (e.g. the circular's progress text), and the chunk's part of the
documented JSON array, already encoded. The JSON equals `jsonout.json_text(report)` byte for byte.
"""
from __future__ import annotations

import gc
import os
import re
import uuid
from typing import Any, Callable, Iterable, NamedTuple

from audit.core.model import Registry, Task
from audit.judge import lexicon as judge_lexicon
from audit.judge.assess import assess
from audit.registry import assemble, parse, schema
from audit.report.jsonout import dumps as encode
from audit.report.jsonout import json_text
from audit.report.reports import task_row

PARALLEL_MIN = 4000  # below this, forking costs more than it saves
SLIM = ("id", "section", "status", "ratio", "flags")  # what reports.summarise reads


def cores() -> int:
    """How many workers to fork: the cores this process may use; 1 where processes cannot be
    forked (Windows), so the work is done in this process instead."""
    if not hasattr(os, "fork"):
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Rows(NamedTuple):
    slim: list[dict]  # per task, in file order: only the keys in SLIM
    kept: list[dict]  # full rows for which keep(row) was true, in file order
    json_chunks: list[bytes]  # the JSON array's items, one bytes per chunk of tasks (may be empty)
    extras: list  # extra(task, row) for each kept row, when an `extra` was given


_JOB: Any = None  # (registry, period, section, want_json, keep, extra, lexicon): set before forking


Progress = Callable[[int, int], None]  # (tasks done, tasks in all): told as parts of the work finish
STEPS = 1000  # tasks from which work done in one process is told in parts


def rows(reg: Registry, period: str, section: int | None = None, *, want_json: bool = False,
         keep: Callable[[dict], bool] | None = None, extra: Callable[[Task, dict], Any] | None = None,
         lexicon: Any = None, workers: int | None = None, progress: Progress | None = None) -> Rows:
    """Assess the tasks (of one section, if given) for `period`; see the module note. `progress`
    is told how many tasks are done as the parts finish (the same rows either way)."""
    global _JOB
    lexicon = lexicon or judge_lexicon.default_lexicon()  # read once, before any fork
    n = len(reg.tasks)
    if workers is None:
        workers = cores() if n >= PARALLEL_MIN else 1  # multiprocessing is not even imported for a county
    _JOB = (reg, period, section, want_json, keep, extra, lexicon)
    try:
        if workers < 2 or n < PARALLEL_MIN:
            step = -(-n // 20) if progress is not None and n >= STEPS else n
            return _collect(_told(map(_work, _bounds(n, step)), n, progress))
        step = -(-n // (workers * 4))  # a few chunks per worker evens out uneven text lengths
        with _pool(workers) as pool:
            return _collect(_told(pool.imap(_work, _bounds(n, step)), n, progress))
    finally:
        _JOB = None


def _pool(workers: int):
    """A pool of `workers` forked processes. multiprocessing is imported here, for a registry large
    enough to share out: its import (3–4 ms) would otherwise fall on every command that loads the
    status pipeline, a warm `show` or `--help` included."""
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(workers)


def _bounds(n: int, step: int) -> list[tuple[int, int]]:
    return [(lo, min(n, lo + step)) for lo in range(0, n, max(step, 1))] or [(0, 0)]


def _told(parts: Iterable, total: int, progress: Progress | None, size=lambda part: len(part[0])):
    """The parts as they come, `progress` told the tasks done after each."""
    done = 0
    for part in parts:
        done += size(part)
        if progress is not None:
            progress(min(done, total), total)
        yield part


def _collect(parts: Iterable[tuple[list, list, bytes, list]]) -> Rows:
    out = Rows([], [], [], [])
    for slim, kept, chunk, extras in parts:
        out.slim.extend(slim)
        out.kept.extend(kept)
        out.extras.extend(extras)
        if chunk:
            out.json_chunks.append(chunk)
    return out


def _work(bounds: tuple[int, int]) -> tuple[list, list, bytes, list]:
    reg, period, section, want_json, keep, extra, lexicon = _JOB
    was = gc.isenabled()
    gc.disable()  # rows are many small containers; the collector would rescan the registry for nothing
    try:
        slim, kept, parts, extras = [], [], [], []
        part = reg if bounds == (0, len(reg.tasks)) else reg._replace(tasks=reg.tasks[bounds[0]:bounds[1]])
        by_id = {a.task_id: a for a in assess(part, period, lexicon)}  # as reports.status pairs them
        for t in part.tasks:
            if t.id not in by_id or (section is not None and t.section != section):
                continue
            row = task_row(t, by_id[t.id])
            slim.append({k: row[k] for k in SLIM})
            if keep is not None and keep(row):
                kept.append(row)
                if extra is not None:
                    extras.append(extra(t, row))
            if want_json:
                # one level deeper than a top-level value: JSON text has no raw line breaks in strings
                parts.append(encode(row).replace("\n", "\n    "))
        return slim, kept, ",\n    ".join(parts).encode("utf-8"), extras
    finally:
        if was:
            gc.enable()


def json_pieces(report: dict, chunks: list[bytes]) -> list[bytes]:
    """`jsonout.json_text(report)` with report["tasks"] made of `chunks`, as bytes pieces to write in turn."""
    token = uuid.uuid4().hex
    head, tail = json_text({**report, "tasks": token}).split(f'"{token}"')
    array = [b"[\n    ", b",\n    ".join(chunks), b"\n  ]"] if chunks else [b"[]"]
    return [head.encode("utf-8"), *array, tail.encode("utf-8")]


# ----------------------------------------------------------------------------- one large file, read in parts

SPLIT_MIN_BYTES = 8_000_000  # below this, parsing in one piece is quick enough
SPLIT_TASKS_PER_PART = 2000


def split_tasks(raw: bytes) -> tuple[bytes, list[tuple[int, int, int]]] | None:
    """Cut a registry file's `tasks:` list into runs of whole items, by text alone.

    Returns the head (the file with the `tasks:` line written as `tasks: []`, same line count;
    the items are dropped) and (start, end, line) byte ranges of item runs; None when the file is
    not laid out plainly (flow style, no block list, BOM...), and the caller reads it whole.
    A cut falls only before a line that starts an item at the list's own indentation, which
    cannot be inside a block scalar or a nested node; a quoted scalar running over such a line
    leaves its part unparseable, and the caller then reads the file whole too.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return None
    found = list(re.finditer(rb"^tasks:[ \t]*(?:#[^\n]*)?\n", raw, re.M))
    if len(found) != 1:
        return None
    line_start, body = found[0].start(), found[0].end()
    first = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\n)*( +)-(?: |\n)").match(raw, body)
    if first is None:
        return None
    indent = first.group(1)
    end_m = re.compile(rb"^[^ \n#]", re.M).search(raw, body)
    end = end_m.start() if end_m else len(raw)
    starts = [m.start() for m in re.compile(rb"^" + indent + rb"-(?: |\n)", re.M).finditer(raw, body, end)]
    if not starts:
        return None
    head = raw[:line_start] + b"tasks: []\n" + b"\n" * raw.count(b"\n", body, end) + raw[end:]
    chunks = max(1, min(len(starts) // SPLIT_TASKS_PER_PART, 64))
    step = -(-len(starts) // chunks)
    cuts = []
    line = raw.count(b"\n", 0, starts[0])
    prev = starts[0]
    for i in range(0, len(starts), step):
        a = starts[i]
        b = starts[i + step] if i + step < len(starts) else end
        line += raw.count(b"\n", prev, a)
        cuts.append((a, b, line))
        prev = a
    return head, cuts


_SPLIT: Any = None  # (raw, head data, filename, period, section, want_json, keep, extra, lexicon): set before forking


def rows_from_file(raw: bytes, head_data: dict, filename: str, period: str, section: int | None, *,
                   cuts: list[tuple[int, int, int]], want_json: bool = False,
                   keep: Callable[[dict], bool] | None = None, extra: Callable[[Task, dict], Any] | None = None,
                   lexicon: Any = None, workers: int | None = None, progress: Progress | None = None) -> Rows | None:
    """Parse, validate and assess each run of tasks in its own worker; None if any part is not clean.

    Each worker builds its part exactly as the loader would (the head's meta and sections with
    its items) and gives up on any problem, alias, syntax error or repeated id; the caller then
    loads the file whole, so every message comes from the one loader with its exact place.
    """
    global _SPLIT
    lexicon = lexicon or judge_lexicon.default_lexicon()
    if workers is None:
        workers = cores()
    _SPLIT = (raw, head_data, filename, period, section, want_json, keep, extra, lexicon)
    sizes = [end - start for start, end, _ in cuts]  # told in bytes read: the tasks are not counted yet
    told = lambda done: [p for _, p in _told(enumerate(done), sum(sizes), progress, lambda ip: sizes[ip[0]])]  # noqa: E731
    try:
        if workers < 2:
            parts = told(map(_work_file, cuts))
        else:
            with _pool(workers) as pool:
                parts = told(pool.imap(_work_file, cuts))
    finally:
        _SPLIT = None
    if any(p is None for p in parts):
        return None
    seen: set[str] = set()
    copies: set[int] = set()
    for ids, keys, _ in parts:
        if not seen.isdisjoint(ids) or not copies.isdisjoint(keys):
            return None  # an id, or a whole task, repeated across parts: the whole-file loader words it
        seen.update(ids)
        copies.update(keys)
    return _collect(rows for _, _, rows in parts)


def _work_file(cut: tuple[int, int, int]):
    raw, head_data, filename, period, section, want_json, keep, extra, lexicon = _SPLIT
    start, end, line = cut
    was = gc.isenabled()
    gc.disable()
    try:
        try:
            items = parse.fast(b"\n" * line + raw[start:end])
        except Exception:
            return None
        if items is parse.SLOW or not isinstance(items, list):
            return None
        reg, pending = assemble.build({**head_data, "tasks": items}, filename)
        if reg is None or pending:
            return None
        global _JOB
        _JOB = (reg, period, section, want_json, keep, extra, lexicon)
        try:
            keys = [hash(k) for t in reg.tasks if (k := schema.duplicate_key(t)) is not None]
            return [t.id for t in reg.tasks], keys, _work((0, len(reg.tasks)))
        finally:
            _JOB = None
    finally:
        if was:
            gc.enable()
