"""The one loader: find the registry, decode it, parse it fast, validate it into records.

`load()` never raises for problems in the user's data: it returns what it could read and a
list of located `Problem`s. Parsing uses PyYAML's C-backed safe loader (reports never pay for
round-trip parsing); only when something is wrong is the text composed again to find the
exact line and column of the offending field.
"""
from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.core.decode import Unreadable, os_error, read_bytes
from audit.core.errors import AuditError, Problem, RegistryInvalid
from audit.core.model import Registry, Task
from audit.registry import blocks, index
from audit.registry.assemble import build, build_parts
from audit.registry.cache import MISS, Inputs, expand
from audit.registry.index import Index
from audit.registry.parse import decode, locate, parse
from audit.registry.schema import show_value

BACKGROUND_CACHE_WRITE = 4000  # tasks: from here on the registry's cache entry is written by a forked child


@dataclass
class LoadResult:
    registry: Registry | None
    problems: list[Problem] = field(default_factory=list)
    path: str = ""
    unreadable: bool = False  # the file itself could not be read (missing, a folder, no permission)
    inputs: Any = None  # cache.Inputs: the files (and globs) this was read from

    @property
    def ok(self) -> bool:
        return self.registry is not None and not self.problems


def load_text(text: str, filename: str) -> LoadResult:
    data, problems = parse(text, filename)
    if problems:
        return LoadResult(None, problems, filename)
    reg, pending = build(data, filename)
    return LoadResult(reg, locate(text, filename, pending), filename)


def load(path: str | os.PathLike, cache: Any = None, *, overlay: dict[str, bytes] | None = None) -> LoadResult:
    """Read a registry: one file, a main file with `include:`, or a folder of *.yaml files.

    Never raises for the user's data; problems come back as values. With a `cache.Cache`, a
    registry whose files have not changed is returned from it (problems included) without parsing.
    `overlay` maps absolute paths to contents read in place of those files: how a writer checks
    the registry as it would be after a change, before writing anything (never cached).
    """
    filename = str(path)
    ident = (os.path.abspath(filename), filename)
    if overlay is not None:
        cache = None
    if cache is not None:
        hit = cache.get_entry("registry", ident)
        if hit is not MISS:
            (registry, problems), inputs = hit
            return LoadResult(registry, problems, filename, inputs=inputs)
    inputs = Inputs()
    was = gc.isenabled()
    gc.disable()  # a registry is a million small objects made at once: nothing for the collector to find
    try:
        result = _load(filename, inputs, overlay or {})
    finally:
        if was:
            gc.enable()
    result.inputs = inputs
    if cache is not None and not result.unreadable:
        _keep(result, filename, ident, cache)
    return result


def _keep(result: LoadResult, filename: str, ident: tuple, cache: Any) -> None:
    """The registry into the cache, and (when it has no problems) its index for the next writer."""
    entry = (result.registry, result.problems)
    deps = result.inputs.deps()

    def keep() -> None:
        cache.put("registry", ident, result.inputs, entry)
        if result.ok:
            index.keep(result.registry, filename, deps, cache)

    if result.registry is not None and len(result.registry.tasks) >= BACKGROUND_CACHE_WRITE:
        cache.later(keep)  # pickling 100,000 tasks takes seconds
    else:
        keep()


def load_index(path: str | os.PathLike, cache: Any = None) -> Index:
    """The index of the registry at `path` (where each task and `meta` sit in its files, and what
    the registry declares): what a writer needs instead of the whole registry. From the cache
    while the files are unchanged; else made from the registry, which must load without problems
    (RegistryInvalid lists them)."""
    filename = str(path)
    known = index.cached(filename, cache)
    if known is not None:
        return known
    result = load(filename, cache)
    if result.registry is None or result.problems:
        raise RegistryInvalid(f"台账 {filename} 有问题，未写入。请按上面的提示改好后重试（audit check 可再次检查）。",
                              result.problems)
    made = index.cached(filename, cache) or index.keep(result.registry, filename, result.inputs.deps(), cache, fresh_ok=True)
    if made is None:  # a file changed while it was read: read it again, uncached
        result = load(filename)
        made = index.keep(result.registry, filename, result.inputs.deps(), cache, fresh_ok=True) if result.ok else None
    if made is None:
        raise AuditError(f"台账 {filename} 正在被修改，无法读取。请稍后重试。")
    return made


def task_of(idx: Index, task_id: str) -> Task | None:
    """A task's record, read from its block alone (from the whole registry when it cannot be)."""
    at = idx.where(task_id)
    if at is None:
        return None
    try:
        return blocks.read_task(idx, *at)
    except (blocks.NotAlone, blocks.StaleIndex):
        reg = load(idx.path).registry
        return reg.task(task_id) if reg is not None else None


def load_valid(path: str | os.PathLike, cache: Any = None) -> LoadResult:
    """The registry at `path`, or RegistryInvalid carrying every problem found."""
    result = load(path, cache)
    if result.problems:
        raise RegistryInvalid(f"台账 {path} 有问题，无法继续。", result.problems)
    return result


def load_problems(path: str | os.PathLike, cache: Any = None) -> LoadResult:
    """What `audit check` needs: the problems (the registry may be left out when they come from the cache).

    A province's registry takes seconds to unpickle; its list of problems takes microseconds.
    """
    filename = str(path)
    ident = (os.path.abspath(filename), filename)
    if cache is not None:
        hit = cache.get("problems", ident)
        if hit is not MISS:
            return LoadResult(None, hit, filename)
    result = load(path, cache)
    if cache is not None and not result.unreadable and result.inputs is not None:
        cache.put("problems", ident, result.inputs, result.problems)
    return result


def _read(filename: str, inputs: Inputs, overlay: dict[str, bytes]) -> tuple[str | None, list[Problem], bool]:
    """(text, problems, unreadable). The file is stat'ed before it is read, for the cache's sake."""
    inputs.file(filename)
    try:
        raw = _raw(filename, overlay)
    except Unreadable as e:
        return None, [e.problem()], True
    except OSError as e:
        return None, [os_error(filename, e, "台账文件").problem()], True
    text, problems = decode(raw, filename)
    return text, problems, False


def _raw(filename: str, overlay: dict[str, bytes]) -> bytes:
    given = overlay.get(os.path.abspath(filename)) if overlay else None
    return given if given is not None else read_bytes(filename, what="台账文件", limit=None)


def _load(filename: str, inputs: Inputs, overlay: dict[str, bytes]) -> LoadResult:
    if os.path.isdir(filename):
        pattern = os.path.join(filename, "*.yaml")
        files = expand(pattern)
        inputs.glob(pattern, files)
        if not files:
            return LoadResult(None, [Problem(filename, 0, 0, "", "这个文件夹里没有 .yaml 文件。"
                                             "分文件的台账请把各个 .yaml 文件放在同一文件夹中。")],
                              filename, unreadable=True)
        return _load_parts(filename, [], files, inputs, [], overlay, folder=True)
    text, problems, unreadable = _read(filename, inputs, overlay)
    if text is None:
        return LoadResult(None, problems, filename, unreadable=unreadable)
    data, problems = parse(text, filename)
    del text  # the common case needs it no more; a registry with problems reads it again to locate them
    if problems:
        return LoadResult(None, problems, filename)
    if isinstance(data, dict) and "include" in data:
        files, pending = _includes(filename, data["include"], inputs)
        return _load_parts(filename, [(filename, data)], files, inputs, pending, overlay)
    reg, pending = build(data, filename)
    del data
    return LoadResult(reg, _locate_file(filename, pending, overlay), filename)


def _locate_file(filename: str, pending: list, overlay: dict[str, bytes]) -> list[Problem]:
    if not pending:
        return []
    try:
        text = decode(_raw(filename, overlay), filename)[0] or ""
    except Unreadable:
        text = ""
    return locate(text, filename, pending)


def _load_parts(path: str, parts: list[tuple[str, Any]], files: list[str], inputs: Inputs,
                pending_main: list, overlay: dict[str, bytes], folder: bool = False) -> LoadResult:
    problems: list[Problem] = []
    for f in files:
        text, p, _unreadable = _read(f, inputs, overlay)
        if text is not None:
            data, p = parse(text, f)
            if not p:
                parts.append((f, data))
        problems += p
    if problems or not parts:
        if pending_main:
            problems = _locate_file(path, pending_main, overlay) + problems
        return LoadResult(None, problems, path)
    reg, pending = build_parts(parts, path, folder=folder)
    if pending_main:
        pending[parts[0][0]] = pending_main + pending[parts[0][0]]
    located = [q for f, _ in parts for q in _locate_file(f, pending[f], overlay)]
    return LoadResult(reg, located, path)


BACKUP_SUFFIXES = (".bak", ".bak.swap")  # what save.py leaves beside a file it writes or restores


def _includes(main: str, raw: Any, inputs: Inputs) -> tuple[list[str], list]:
    """The files a main file's `include:` names, in order, each once; problems located in the main file."""
    pending: list = []
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        pending.append((("include",), "include 应为文件路径列表，如 [tasks.d/*.yaml]（相对于本文件所在的文件夹）。", None, False))
        return [], pending
    base = os.path.dirname(main)
    seen = {os.path.realpath(main)}
    files: list[str] = []
    for j, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            pending.append((("include", j), f"应为文件路径（可含 * 通配符），实际为 {show_value(item)}。", None, False))
            continue
        p = os.path.normpath(os.path.join(base, item.strip()))
        if any(c in p for c in "*?["):
            found = expand(p)
            inputs.glob(p, found)  # all of them: the cache compares the glob's whole answer
            # a writer leaves `<name>.bak` beside each file it writes; `counties/*` must not read it as a part
            matches = tuple(m for m in found if not m.endswith(BACKUP_SUFFIXES))
            if not matches:
                pending.append((("include", j), f"没有与 “{item}” 匹配的文件（相对于 {base or '当前文件夹'}）。", None, False))
        elif os.path.isfile(p):
            matches = (p,)
        else:
            inputs.file(p)  # missing: the entry will not be cached, so creating the file is seen
            pending.append((("include", j), f"找不到被引用的文件 {p}。请检查路径（相对于本文件所在的文件夹）。", None, False))
            continue
        for m in matches:
            real = os.path.realpath(m)
            if real not in seen:
                seen.add(real)
                files.append(m)
    return files, pending


def locate_task_file(registry_path: str | os.PathLike, task_id: str, cache: Any = None) -> str:
    """The file that holds task `task_id`: what a writer must edit when the registry is split."""
    result = load(registry_path, cache)
    if result.registry is None:
        raise RegistryInvalid(f"台账 {registry_path} 有问题，无法定位任务 “{task_id}”。", result.problems)
    task = result.registry.task(str(task_id))
    if task is None:
        raise AuditError(f"台账中没有编号为 “{task_id}” 的任务。")
    return task.source.file


_INCLUDE = re.compile(r"^[\"']?include[\"']?[ \t]*:", re.M)


def registry_files(registry_path: str | os.PathLike) -> list[str]:
    """Every file a registry is read from, as far as can be told without validating it.

    A folder's *.yaml files; or the main file and what its `include:` names (only the main file
    when it cannot be read or parsed). For `restore`, which must work on a broken registry.
    """
    filename = str(registry_path)
    if os.path.isdir(filename):
        return list(expand(os.path.join(filename, "*.yaml")))
    try:
        text = decode(Path(filename).read_bytes(), filename)[0]
    except OSError:
        text = None
    if text is None or not _INCLUDE.search(text):
        return [filename]  # no `include:` key: nothing to parse
    data, problems = parse(text, filename)
    if problems or not isinstance(data, dict) or "include" not in data:
        return [filename]
    return [filename] + _includes(filename, data["include"], Inputs())[0]
