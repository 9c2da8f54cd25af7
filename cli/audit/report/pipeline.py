"""The status pipeline: a registry's report for one period, cached while its inputs are unchanged.

Every reading command goes through `status_part`: the registry is found, loaded (or its cached
report read), assessed — in parts on every core for a large plain file — and summarised. A library
caller gets the same report as `audit status` without the command line.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from audit.core import resources
from audit.core.errors import AuditError
from audit.judge import lexicon as judge_lexicon
from audit.judge.pace import time_progress
from audit.registry import assemble, parse, schema
from audit.registry import load as loader
from audit.registry.cache import MISS, Cache, Inputs
from audit.report import batch, cached, reports

# What each part keeps of the rows: laggards only the tasks behind; show and the draft every row.
_KEEP = {"laggards": lambda r: r["status"] in ("stalled", "lagging"), "full": lambda r: True, "notice": lambda r: True}
BACKGROUND_PUT = 20_000  # from this many kept rows up, the cache is written after the answer


def load_registry(path: str, cache: Cache | None) -> loader.LoadResult:
    """The registry at `path`, or RegistryInvalid carrying every problem found."""
    return loader.load_valid(path, cache)


def status_part(path: str, period: str | None, section: str | None, part: str, *, cache: Cache | None,
                extra: Callable[[str], Callable[[Any, dict], Any]] | None = None,
                progress: batch.Progress | None = None) -> Any:
    """What a reading command prints, cached while the registry, lexicon and code are unchanged.

    part "summary": the status report without its task rows; "laggards": (the report with only
    its lagging and stalled rows, the unit alias map); "full": the report with every row (show);
    "notice": (the report with every row, each row's extra(period)(task, row), the registry's meta
    and sections without its tasks) for the draft; "json": the whole report as the documented
    JSON text, returned as a cache file to stream or as bytes pieces. A county's status then costs
    a cache read, and a province's 100,000-task JSON is copied rather than recomputed. `progress`
    (done, total) is told as the work goes (see batch.rows).
    """
    return status_entry(path, period, section, part, cache=cache, extra=extra, progress=progress)[0]


def status_entry(path: str, period: str | None, section: str | None, part: str, *, cache: Cache | None,
                 extra: Callable[[str], Callable[[Any, dict], Any]] | None = None,
                 progress: batch.Progress | None = None):
    """(the value of `status_part`, the Inputs it was made from or None, the Registry if it was loaded whole)."""
    kind, ident = cached.key(path, period, section, part)
    hit, inputs = cached.lookup(cache, path, period, section, part)
    if hit is not MISS:
        return hit, inputs, None
    per_task = extra if part == "notice" else None
    if part != "full":
        split = _status_split(path, cache, kind, ident, period, section, part, per_task, progress)
        if split is not None:
            return split[0], split[1], None
    result = load_registry(path, cache)
    reg = result.registry
    pid = reports.resolve_period(reg, period)
    sec = reports.section_no(reg, section)
    inputs = Inputs()
    if result.inputs is not None:
        inputs.extend(result.inputs)
    lexicon = _lexicon(path, inputs)
    got = batch.rows(reg, pid, sec, want_json=part == "json", keep=_KEEP.get(part),
                     extra=per_task(pid) if per_task else None, lexicon=lexicon,
                     progress=progress)
    return _status_value(reg, pid, sec, got, part, cache, kind, ident, inputs), inputs, reg


def _status_split(path: str, cache: Cache | None, kind: str, ident: tuple, period: str | None, section: str | None,
                  part: str, per_task, progress: batch.Progress | None = None):
    """The cold path for one large plain registry file: its tasks parsed, validated and assessed in
    parts on every core (batch.rows_from_file). None whenever anything is unusual — an include,
    a problem, a syntax error, a repeated id — and the caller loads the file whole as usual.
    Otherwise (value, Inputs)."""
    # each part checks its own tasks; ids and whole tasks repeated across parts are compared after
    if {r.__name__ for r in schema.RULES} - {"rule_duplicate_ids", "rule_known_sections", "rule_known_periods",
                                             "rule_goal_holds_progress", "rule_duplicate_tasks"}:
        return None  # a registry-wide rule the parts cannot check on their own
    try:
        if os.path.isdir(path) or os.path.getsize(path) < batch.SPLIT_MIN_BYTES or batch.cores() < 2:
            return None
        inputs = Inputs()
        inputs.file(path)  # stat'ed before reading
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return None
    split = batch.split_tasks(raw)
    if split is None:
        return None
    head, cuts = split
    try:
        head_text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head_data, problems = parse.parse(head_text, path)
    if problems or not isinstance(head_data, dict) or "include" in head_data:
        return None
    reg, pending = assemble.build(head_data, path)  # meta and sections, no tasks
    if reg is None or pending:
        return None
    try:
        pid = reports.resolve_period(reg, period)
        sec = reports.section_no(reg, section)
    except AuditError:
        return None  # the usual path says so
    registry_inputs = Inputs.from_deps(inputs.deps())
    lexicon = _lexicon(path, inputs)
    got = batch.rows_from_file(raw, head_data, path, pid, sec, cuts=cuts, want_json=part == "json",
                               keep=_KEEP.get(part), extra=per_task(pid) if per_task else None, lexicon=lexicon,
                               progress=progress)
    if got is None:
        return None
    del raw
    if cache is not None:  # every task was validated: a warm `check` needs no parse either
        cache.put("problems", (os.path.abspath(path), path), registry_inputs, [])
    return _status_value(reg, pid, sec, got, part, cache, kind, ident, inputs), inputs


def _lexicon(path: str, inputs: Inputs):
    """The lexicon the registry is judged with (the shipped one, and a signals.yaml beside the registry),
    its files stat'ed before they are read so that a cached report follows an edit of either."""
    inputs.file(str(resources.shipped_signals()))
    own = judge_lexicon.beside(path)
    if own is not None:
        inputs.file(str(own))
    return judge_lexicon.lexicon_for(path)


def _status_value(reg, pid: str, sec, got, part: str, cache: Cache | None, kind: str, ident: tuple, inputs: Inputs):
    p = reg.meta.period(pid)
    report = reports.summarise(reg, got.slim, pid, time_progress(reg.meta.year, p.as_of, reg.meta.pace), sec)
    if part == "json":
        pieces = batch.json_pieces(report, got.json_chunks)
        if cache is not None:
            cache.put_raw(kind, ident, inputs, pieces)
        return pieces
    if part == "summary":
        value = {k: v for k, v in report.items() if k != "tasks"}
    elif part == "full":
        value = {**report, "tasks": got.kept}
    elif part == "notice":
        value = ({**report, "tasks": got.kept}, got.extras, reg._replace(tasks=()))
    else:
        value = ({**report, "tasks": got.kept}, reports.alias_map(reg))
    if cache is not None:
        if len(got.kept) >= BACKGROUND_PUT:
            cache.put_soon(kind, ident, inputs, value)  # pickling every row of 100,000 tasks takes seconds
        else:
            cache.put(kind, ident, inputs, value)
    return value
