"""Changing a registry, in one file or several, as one checked step that lands everywhere or nowhere.

save.py knows single files: round-trip parsing, atomic replace, backups; locks.py the locks. This
module knows registries: which file a change belongs in (the file that holds the task; the file
that holds `meta`), the registry lock that keeps writers from interleaving, and the check of the
registry as it would be after the change (the rules of `audit check`) before anything is written.

A change costs what it changes: the task or `meta` blocks a command edits are read, edited with
the round-trip loader, checked and written back in place (registry/blocks.py), through the index
of the rest (registry/index.py); every other byte of every file stays as it was. Where a block
cannot stand alone, the whole file is read and written round-trip, as a last resort that gives
the same result. `restore` is in registry/restore.py.

Pure core: no Typer, no Rich.
"""
from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import Any, Callable, TypeVar

from audit.core.errors import AuditError
from audit.core.model import Meta
from audit.registry import blocks, index, save, spans
from audit.registry import edit as doc_edit
from audit.registry import restore as restoring
from audit.registry.lastwrite import note_for
from audit.registry.lastwrite import note_path as note_path
from audit.registry.load import load, load_index
from audit.registry.locks import Locks, Wait

T = TypeVar("T")


# ----------------------------------------------------------------------------- where a write goes


class Session:
    """What a change sees of the registry: its index, and round-trip documents of what it opens.

    `task(id)` and `meta()` open one block (its file's lock taken first); `doc(file)` opens a whole
    file. `mark_task`, `mark_meta` and `mark(file)` say what the change altered and must be
    written. With `whole`, every task and `meta` come from whole-file documents.
    """

    def __init__(self, path: str, idx: index.Index, locks: Locks, whole: bool = False):
        self.path = path
        self.index = idx
        self._locks = locks
        self.whole = whole
        self._docs: dict[str, tuple[Any, Any]] = {}
        self._blocks: dict[str, blocks.Block] = {}  # by task id; "" for meta
        self.changed: list[str] = []  # files changed whole
        self.changed_blocks: list[str] = []

    @property
    def period_ids(self) -> list[str]:
        return self.index.period_ids

    @property
    def meta_file(self) -> str:
        """The file whose `meta` the registry uses: the main file, or in a folder the one that has it."""
        return self.index.meta_file

    def file_of(self, task_id: str) -> str | None:
        return self.index.file_of(task_id)

    def doc(self, file: str) -> Any:
        if file not in self._docs:
            self._locks.take(file)
            y = save.rt_yaml()
            self._docs[file] = (y, save.read_roundtrip(Path(file), y))
        return self._docs[file][1]

    def mark(self, file: str) -> None:
        if file not in self._docs:
            raise ValueError(f"{file} was not opened with doc()")
        if file not in self.changed:
            self.changed.append(file)

    def task(self, task_id: str) -> Any:
        """The round-trip mapping of a task (KeyError if the registry has none such)."""
        where = self.index.where(task_id)
        if where is None:
            raise KeyError(task_id)
        file = self.index.files[where[0]].file
        if self.whole or file in self._docs:
            return next(t for t in self.doc(file).get("tasks") or []
                        if isinstance(t, dict) and str(t.get("id")).strip() == task_id)
        if task_id not in self._blocks:
            self._locks.take(file)
            self._blocks[task_id] = blocks.open_task(self.index, *where)
        return self._blocks[task_id].node

    def meta(self) -> Any:
        if self.whole or self.meta_file in self._docs:
            return self.doc(self.meta_file)["meta"]
        if "" not in self._blocks:
            self._locks.take(self.meta_file)
            self._blocks[""] = blocks.open_meta(self.index)
        return self._blocks[""].node

    def mark_task(self, task_id: str) -> None:
        self._mark_block(task_id, self.index.file_of(task_id))

    def mark_meta(self) -> None:
        self._mark_block("", self.meta_file)

    def _mark_block(self, key: str, file: str | None) -> None:
        if key in self._blocks:
            if key not in self.changed_blocks:
                self.changed_blocks.append(key)
        elif file is not None:
            self.mark(file)

    def text(self, file: str) -> str:
        y, doc = self._docs[file]
        buf = io.StringIO()
        y.dump(doc, buf)
        return buf.getvalue()

    def changed_block_list(self) -> list[blocks.Block]:
        return [self._blocks[k] for k in self.changed_blocks]


def _is_split(path: str, idx: index.Index) -> bool:
    return os.path.isdir(path) or len(idx.deps[0]) > 1


def edit(path: str | os.PathLike, change: Callable[[Session], T], *, dry_run: bool = False, cache: Any = None,
         command: str = "", wait: Wait | None = None) -> tuple[T, list[str]]:
    """Run `change` on the registry under its lock; write what it marked, checked, all or nothing.

    The registry must load without problems first. After `change`, the registry as it would be
    must pass every check of `audit check`, or nothing is written. Returns what `change` returned
    and the files written (none on a dry run or when nothing changed). `change` may raise
    AuditError to abandon the write; it may be run twice (a block that cannot be written alone
    sends the change to the whole files), so it only edits what the session gives it. A dry run
    takes no lock: it only reads.
    """
    path = str(path)
    with contextlib.ExitStack() as stack:
        locks = Locks(stack, wait, dry_run)
        locks.take(path)  # every writer of this registry queues here, whichever files it writes
        idx = load_index(path, cache)
        whole, rebuilt = False, False
        while True:
            session = Session(path, idx, locks, whole)
            try:
                return _run(session, change, dry_run, cache, command)
            except blocks.NotAlone:
                if whole:
                    raise
                whole = True
            except blocks.StaleIndex:
                index.forget(path, cache)
                whole, rebuilt = rebuilt, True  # a second stale index: read the files whole
                idx = load_index(path, None)


def _run(session: Session, change: Callable[[Session], T], dry_run: bool, cache: Any, command: str) -> tuple[T, list[str]]:
    value = change(session)
    if session.changed_blocks and session.changed:
        raise blocks.NotAlone("a block and a whole file in one change")
    if session.changed:
        return value, _write_whole(session, dry_run, command)
    if session.changed_blocks:
        return value, _write_blocks(session, dry_run, cache, command)
    return value, []


def _refuse(problems: list) -> AuditError:
    return AuditError("改动后的台账未通过检查（见上），未写入任何文件。如果上面的问题与这次改动无关，"
                      "请把命令和输出发给维护人员。", problems)


def _write_whole(s: Session, dry_run: bool, command: str) -> list[str]:
    """Whole files: the registry as it would be is loaded in full and checked before anything is written."""
    texts = {f: s.text(f) for f in s.changed}
    after = load(s.path, overlay={os.path.abspath(f): t.encode("utf-8") for f, t in texts.items()})
    if after.registry is None or after.problems:
        raise _refuse(after.problems)
    if dry_run:
        return []
    note = note_for(s.path, list(texts), command) if _is_split(s.path, s.index) else None
    save.replace_all(texts, note=note)
    return list(texts)


def _write_blocks(s: Session, dry_run: bool, cache: Any, command: str) -> list[str]:
    """Blocks: each new block checked against the index of the rest, then spliced into its file,
    which is streamed through, checked against the index's digest, and replaced with a backup."""
    problems: list = []
    by_file: dict[str, list[tuple[blocks.Block, bytes, Any]]] = {}
    for b in s.changed_block_list():
        new = blocks.rewritten(b)
        found, made = blocks.check(s.index, b, new)
        problems += found
        by_file.setdefault(b.file, []).append((b, new.encode("utf-8"), made))
    if problems:
        raise _refuse(sorted(problems, key=lambda p: (p.file, p.line, p.col)))
    if dry_run:
        return []
    results: dict[str, tuple[bytes, int]] = {}
    contents = {f: _spliced(s.index, f, sorted(items, key=lambda x: x[0].start), results) for f, items in by_file.items()}
    note = note_for(s.path, list(contents), command) if _is_split(s.path, s.index) else None
    save.replace_all(contents, note=note)
    index.remember_before(s.index, cache)  # the backups' registry, for a quick `restore`
    index.store(_after(s.index, by_file, results), cache)
    return list(contents)


def _spliced(idx: index.Index, file: str, items: list, results: dict) -> Callable:
    """A writer of `file` with its changed blocks replaced; it refuses bytes the index does not describe."""
    expected = next(f for f in idx.files if f.file == file)

    def write(out) -> None:
        with open(file, "rb") as src:
            try:
                read, wrote, size = spans.copy_with(src, out, [(b.start, b.end, new) for b, new, _ in items])
            except ValueError:
                read = b""
        if read != expected.digest:
            raise blocks.StaleIndex(file)
        results[file] = (wrote, size)

    return write


def _after(idx: index.Index, by_file: dict, results: dict) -> index.Index:
    """The index of the registry as written."""
    for file, items in by_file.items():
        changes = [(b.start, len(new) - (b.end - b.start), new.count(b"\n") - b.text.count("\n")) for b, new, _ in items]
        idx = index.shifted(idx, file, changes, *results[file], deps=idx.deps)
        for b, _new, made in items:
            if isinstance(made, Meta):
                idx = idx._replace(meta=made)
            elif made:
                idx = index.with_task(idx, b.file, b.number, made[0])
    return idx._replace(deps=index.restat(idx.deps, list(by_file)))


# ----------------------------------------------------------------------------- the writing commands


def put_progress(path: str | os.PathLike, rows: list, period: str, *, overwrite: bool = False, dry_run: bool = False,
                 cache: Any = None, command: str = "import-progress", wait: Wait | None = None) -> tuple[list, list[str]]:
    """Progress rows (doc_edit.Filled) into the tasks they name, wherever they are: every row lands or none.

    Ids the registry does not have, and entries that may not be replaced, are all reported
    together (each with its place in the ledger). Returns the outcomes in the rows' order and the
    files written.
    """
    def change(s: Session) -> list:
        refused: list = []
        groups: dict[str, list[tuple[int, Any]]] = {}
        for i, row in enumerate(rows):
            file = s.file_of(row.task_id)
            if file is None:
                refused.append(doc_edit.Rejection(row.where or doc_edit.Where("", ""),
                                                  f"台账中没有编号为 “{row.task_id}” 的任务。请核对“编号”列（不要修改编号）；"
                                                  "新增任务须先在台账文件中登记。"))
            else:
                groups.setdefault(file, []).append((i, row))
        got: dict[int, Any] = {}
        for items in groups.values():
            try:
                outcomes = _apply(s, [r for _, r in items], period, overwrite)
            except doc_edit.LedgerRejected as e:
                refused += e.rejections
                continue
            got.update((i, o) for (i, _), o in zip(items, outcomes))
        if refused:
            raise doc_edit.LedgerRejected(f"{len(refused)} 处问题，未写入任何内容（要么全部写入，要么都不写）。"
                                          "请改好上列各处后重试。", refused)
        return [got[i] for i in range(len(rows))]

    return edit(path, change, dry_run=dry_run, cache=cache, command=command, wait=wait)


def _apply(s: Session, rows: list, period: str, overwrite: bool) -> list:
    """One file's rows merged into the tasks they name; the tasks whose entries changed are marked."""
    ids = list(dict.fromkeys(r.task_id for r in rows))
    outcomes = doc_edit.apply({"tasks": [s.task(t) for t in ids]}, rows, period, overwrite=overwrite,
                              periods=s.period_ids)
    for o in outcomes:
        if o.action != "same":
            s.mark_task(o.task_id)
    return outcomes


def add_period(path: str | os.PathLike, pid: str, as_of: Any = None, label: str | None = None, *,
               dry_run: bool = False, cache: Any = None, wait: Wait | None = None) -> tuple[str, list[str]]:
    """Declare a period in the `meta` of the file that holds it. Returns that file and the files written."""
    def change(s: Session) -> str:
        doc_edit.add_period({"meta": s.meta()}, pid, as_of, label)
        s.mark_meta()
        return s.meta_file

    return edit(path, change, dry_run=dry_run, cache=cache, command="period add", wait=wait)


restore = restoring.restore
