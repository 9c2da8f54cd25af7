"""The registry's index: where each task and the `meta` block sit in its files, and what the rest of
the registry declares. With it a writer reads, checks and rewrites one block of a 20,000-task
registry without reading the other 19,999 tasks.

The index is made from a registry that loaded without problems (it says so by existing), kept in
the parse cache while its files stat the same, and carries each file's digest: a writer checks the
bytes it copies against it, so an index that is wrong about a file never reaches the disk. After
a write the writer stores the index of what it wrote, so the next write is as cheap.
"""
from __future__ import annotations

import hashlib
import os
from array import array
from typing import Any, NamedTuple

from audit.core.model import Meta, Registry, Section, Source, Task
from audit.registry import schema, spans
from audit.registry.cache import MISS, Inputs, expand, stat_key

FORMAT = 1


class FileIndex(NamedTuple):
    """One file of the registry, as it was indexed."""

    file: str  # as the registry names it (a task's source.file)
    digest: bytes  # of the whole file
    size: int
    ids: tuple[str, ...]  # its tasks, in file order
    starts: array  # byte offset of each task's first line (its "- " line)
    lines: array  # the 1-based number of that line
    copies: array  # each task's copy_of(): what a task imported twice would share with its copy (0: nothing yet)
    tasks_end: int  # where the last task's region ends: the next top-level key, or the end of the file
    meta: tuple[int, int, int] | None  # (start, end, line) of the `meta` key's region, in the file that has it
    blocks: bool  # its blocks can be found by their lines (no line breaks YAML counts and "\n" does not)

    def region(self, i: int) -> tuple[int, int]:
        """Byte span of task i's region: its block and the comment or blank lines after it."""
        return self.starts[i], self.starts[i + 1] if i + 1 < len(self.starts) else self.tasks_end


class Index(NamedTuple):
    path: str
    files: tuple[FileIndex, ...]
    meta: Meta
    sections: tuple[Section, ...]
    used_periods: frozenset[str]  # every period a task's progress or trajectory names
    meta_file: str
    deps: tuple  # cache.Inputs.deps() of the files (and globs) it was made from

    @property
    def period_ids(self) -> list[str]:
        return [p.id for p in self.meta.periods]

    @property
    def ids(self) -> list[str]:
        return [i for f in self.files for i in f.ids]

    def where(self, task_id: str) -> tuple[int, int] | None:
        """(file number, task number in that file) of a task; None if the registry has no such task."""
        for n, f in enumerate(self.files):
            if task_id in f.ids:
                return n, f.ids.index(task_id)
        return None

    def copy_owner(self, copy: int, other_than: str) -> str | None:
        """The id of a task (not `other_than`) whose copy_of() is `copy`."""
        for f in self.files:
            start = 0
            while True:
                try:
                    i = f.copies.index(copy, start)
                except ValueError:
                    break
                if f.ids[i] != other_than:
                    return f.ids[i]
                start = i + 1
        return None

    def source(self, task_id: str) -> Source:
        """Where a task starts (file and line)."""
        n, i = self.where(task_id)
        return Source(self.files[n].file, self.files[n].lines[i], 0)

    def file_of(self, task_id: str) -> str | None:
        at = self.where(task_id)
        return None if at is None else self.files[at[0]].file


def ident_of(path: str) -> tuple:
    return (os.path.abspath(path), path, FORMAT)


def cached(path: str, cache: Any) -> Index | None:
    """The index this process last opened, or the cache's, while the registry's files stat the same."""
    ident = ident_of(path)
    known = _OPEN.get(ident)
    if known is not None and unchanged(known.deps):
        return known  # opened already (the command, then its writer under the lock)
    if cache is not None:
        hit = cache.get("index", ident)
        if hit is not MISS:
            _OPEN[ident] = hit
            return hit
    return None


def keep(reg: Registry, path: str, deps: tuple, cache: Any, *, fresh_ok: bool = False) -> Index | None:
    """The index of a registry that loaded without problems, made and kept (None when a file
    changed since it was read: the next writer makes it again). A writer, which checks the index
    against each file's digest before it writes, keeps it even for files changed a moment ago."""
    try:
        made = build(reg, path, deps)
    except (OSError, ValueError):
        return None
    if cache is not None:
        cache.put("index", ident_of(path), Inputs.from_deps(deps), made, fresh_ok=fresh_ok)
    _OPEN[ident_of(path)] = made
    return made


_OPEN: dict[tuple, Index] = {}  # the index each registry was last opened with in this process


def unchanged(deps: tuple) -> bool:
    files, globs = deps
    return all(key is not None and stat_key(p) == key for p, key in files) and all(expand(p) == m for p, m in globs)


def forget(path: str | os.PathLike, cache: Any) -> None:
    """Drop the cached index (it proved wrong about a file)."""
    _OPEN.pop(ident_of(str(path)), None)
    if cache is not None:
        cache.drop("index", ident_of(str(path)))


def store(index: Index, cache: Any) -> None:
    """Keep the index of a registry just written (it carries the stat of the files as written)."""
    ident = ident_of(index.path)
    _OPEN[ident] = index
    if cache is not None:
        cache.put("index", ident, Inputs.from_deps(index.deps), index, fresh_ok=True)


def remember_before(idx: Index, cache: Any) -> None:
    """Keep the index of the registry as it was before a write: the files it wrote are now backups,
    and `restore` can tell from their digests alone that putting them back gives this registry."""
    if cache is not None:
        cache.put("index-before", ident_of(idx.path), Inputs(), idx, fresh_ok=True)


def before(path: str, cache: Any) -> Index | None:
    """The index `remember_before` kept (its files are checked by digest, not by stat)."""
    if cache is None:
        return None
    hit = cache.get("index-before", ident_of(path))
    return None if hit is MISS else hit


def describes(idx: Index, sources: dict[str, str]) -> bool:
    """Does `idx` describe the registry whose files hold the bytes now in `sources` (each file's
    absolute path -> the file its bytes are in; by default the file itself)?"""
    for f in idx.files:
        name = os.path.abspath(f.file)
        try:
            if spans.digest_of(sources.get(name, name)) != (f.digest, f.size):
                return False
        except OSError:
            return False
    return True


def restat(deps: tuple, written: list[str]) -> tuple:
    """`deps` with the files just written stat'ed again, and the globs expanded again (a write leaves
    a `.bak` a glob may match)."""
    files, globs = deps
    now = {os.path.abspath(f) for f in written}
    return (tuple((p, stat_key(p) if p in now else key) for p, key in files),
            tuple((p, expand(p)) for p, _ in globs))


def build(reg: Registry, path: str, deps: tuple) -> Index:
    by_file: dict[str, list[Task]] = {}
    for t in reg.tasks:
        by_file.setdefault(t.source.file, []).append(t)
    meta_file = reg.meta.source.file or path
    names = list(dict.fromkeys([meta_file, *by_file]))
    named = {os.path.abspath(n) for n in names}
    names += [p for p, _ in deps[0] if p not in named]  # files with only sections: their digests count too
    stats = {p: key for p, key in deps[0]}
    files = tuple(_file(name, by_file.get(name, []), reg.meta.source.line if name == meta_file else 0,
                        stats.get(os.path.abspath(name))) for name in names)
    used = {p.period for t in reg.tasks for p in t.progress} | {pid for t in reg.tasks for pid, _ in t.trajectory}
    return Index(path, files, reg.meta, reg.sections, frozenset(used), meta_file, deps)


def _file(name: str, tasks: list[Task], meta_line: int, key: tuple | None) -> FileIndex:
    with open(name, "rb") as f:
        data = f.read()
    if key is not None and stat_key(name) != key:
        raise ValueError(f"{name} changed since the registry was read")
    h = spans.digest()
    h.update(data)
    blocks = not spans.odd_line_breaks(data)
    starts = spans.line_offsets(data, [t.source.line for t in tasks]) if blocks else [0] * len(tasks)
    blocks = blocks and all(spans.is_item_line(data, s, t.source.col) for s, t in zip(starts, tasks))
    tops = spans.top_level_starts(data)
    tasks_end = next((p for p in tops if tasks and p > starts[-1]), len(data))
    meta = _meta_region(data, tops, meta_line) if meta_line and blocks else None
    return FileIndex(name, h.digest(), len(data), tuple(t.id for t in tasks), array("q", starts),
                     array("q", [t.source.line for t in tasks]), array("q", [copy_of(t) for t in tasks]), tasks_end,
                     meta, blocks)


def copy_of(t: Task) -> int:
    """A fingerprint of what schema.rule_duplicate_tasks compares (the goal and every progress text),
    the same in every process; 0 for a task with nothing reported."""
    key = schema.duplicate_key(t)
    if key is None:
        return 0
    digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True) or 1


def with_task(index: Index, file: str, number: int, task: Task) -> Index:
    """The index with task `number` of `file` now being `task` (its id, what it holds)."""
    files = []
    for f in index.files:
        if f.file == file:
            copies = array("q", f.copies)
            copies[number] = copy_of(task)
            f = f._replace(ids=f.ids[:number] + (task.id,) + f.ids[number + 1:], copies=copies)
        files.append(f)
    used = {p.period for p in task.progress} | {pid for pid, _ in task.trajectory}
    return index._replace(files=tuple(files), used_periods=index.used_periods | used)


def _meta_region(data: bytes, tops: list[int], meta_line: int) -> tuple[int, int, int] | None:
    """(start, end, line) of the top-level `meta:` key whose mapping starts on `meta_line`."""
    inside = spans.line_offsets(data, [meta_line])[0]
    heads = [p for p in tops if p <= inside]
    if not heads or not data.startswith(b"meta", heads[-1]) or not data[heads[-1] + 4:].lstrip(b" ").startswith(b":"):
        return None
    start = heads[-1]
    end = next((p for p in tops if p > start), len(data))
    return start, end, data.count(b"\n", 0, start) + 1


def shifted(index: Index, file: str, changes: list[tuple[int, int, int]], new_digest: bytes, new_size: int,
            deps: tuple) -> Index:
    """The index after spans of `file` were rewritten. `changes` are (old start of the span, bytes
    added, lines added), ascending; everything after a span's start moves with it (the span's own
    block starts where it did)."""
    out = []
    for f in index.files:
        if f.file == file:
            starts, lines = _moved(f.starts, f.lines, changes)
            meta = None
            if f.meta is not None:
                meta = (_moved_one(f.meta[0], changes, 1), _moved_one(f.meta[1], changes, 1),
                        _moved_one(f.meta[0], changes, 2, f.meta[2]))
            f = f._replace(digest=new_digest, size=new_size, starts=starts, lines=lines,
                           tasks_end=_moved_one(f.tasks_end, changes, 1), meta=meta)
        out.append(f)
    return index._replace(files=tuple(out), deps=deps)


def _moved(starts: array, lines: array, changes: list[tuple[int, int, int]]) -> tuple[array, array]:
    new_starts, new_lines = array("q"), array("q")
    added_bytes = added_lines = j = 0
    for start, line in zip(starts, lines):  # both ascending: one pass
        while j < len(changes) and changes[j][0] < start:
            added_bytes += changes[j][1]
            added_lines += changes[j][2]
            j += 1
        new_starts.append(start + added_bytes)
        new_lines.append(line + added_lines)
    return new_starts, new_lines


def _moved_one(offset: int, changes: list[tuple[int, int, int]], what: int, value: int | None = None) -> int:
    """`offset` (or `value`, a line number, when given) moved by what the changes before `offset` added."""
    return (offset if value is None else value) + sum(c[what] for c in changes if c[0] < offset)
