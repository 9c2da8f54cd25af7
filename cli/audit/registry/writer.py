"""Changing a registry, in one file or several, as one checked step that lands everywhere or nowhere.

save.py knows single files: round-trip parsing, atomic replace, backups, locks. This module knows
registries: which file a change belongs in (the file that holds the task; the file that holds
`meta`), the registry lock that keeps writers from interleaving, the check of the whole registry
as it would be after the change (the rules of `audit check`) before anything is written, and
`restore`, which checks a backup the same way before putting it back.

Pure core: no Typer, no Rich.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from audit.core.errors import AuditError, Problem, RegistryInvalid, WriteRefused, os_reason
from audit.registry import save

T = TypeVar("T")


# ----------------------------------------------------------------------------- where a write goes


def note_path(registry: str | os.PathLike) -> Path:
    """Where a split registry records the files its last write changed (read by `restore`)."""
    p = Path(registry)
    return p / ".audit.last-write" if p.is_dir() else p.with_name(f".{p.name}.last-write")


def _base(registry: str) -> str:
    return registry if os.path.isdir(registry) else os.path.dirname(registry)


def _same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


class Session:
    """The registry as read under its lock, and round-trip documents of the files a change opens.

    `doc(file)` takes that file's lock before reading it, so a writer holds the lock of every
    file it may write; `mark(file)` says the change altered it and it must be written.
    """

    def __init__(self, path: str, registry: Any, stack: contextlib.ExitStack, held: set[str]):
        self.path = path
        self.registry = registry
        self._stack = stack
        self._held = held
        self._docs: dict[str, tuple[Any, Any]] = {}
        self.changed: list[str] = []

    def file_of(self, task_id: str) -> str | None:
        t = self.registry.task(task_id)
        return t.source.file if t is not None else None

    @property
    def meta_file(self) -> str:
        """The file whose `meta` the registry uses: the main file, or in a folder the one that has it."""
        return self.registry.meta.source.file or self.path

    def doc(self, file: str) -> Any:
        if file not in self._docs:
            _lock(self._stack, self._held, file)
            save.remove_stale_temps(Path(file))
            y = save.rt_yaml()
            self._docs[file] = (y, save.read_roundtrip(Path(file), y))
        return self._docs[file][1]

    def mark(self, file: str) -> None:
        if file not in self._docs:
            raise ValueError(f"{file} was not opened with doc()")
        if file not in self.changed:
            self.changed.append(file)

    def text(self, file: str) -> str:
        y, doc = self._docs[file]
        buf = io.StringIO()
        y.dump(doc, buf)
        return buf.getvalue()


def _lock(stack: contextlib.ExitStack, held: set[str], path: str | os.PathLike) -> None:
    key = os.path.realpath(save.lock_path(path))
    if key not in held:  # the main file's lock is the registry's: never take a lock twice
        stack.enter_context(save.locked(path))
        held.add(key)


def _is_split(path: str, result: Any) -> bool:
    files = {f for f, _key in (result.inputs.files if result.inputs is not None else [])}
    return os.path.isdir(path) or len(files) > 1


def _note(path: str, files: list[str], command: str) -> tuple[Path, str]:
    base = os.path.abspath(_base(path) or ".")
    rel = [os.path.relpath(os.path.abspath(f), base) for f in files]
    body = {"command": command, "files": rel}
    return note_path(path), json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def edit(path: str | os.PathLike, change: Callable[[Session], T], *, dry_run: bool = False, cache: Any = None,
         command: str = "") -> tuple[T, list[str]]:
    """Run `change` on the registry under its lock; write the files it marked, checked, all or nothing.

    The registry must load without problems first. After `change`, the registry as it would be
    (changed files in memory, the others from disk) must pass every check of `audit check`, or
    nothing is written. Returns what `change` returned and the files written (none on a dry run
    or when nothing changed). `change` may raise AuditError to abandon the write.
    """
    from audit.registry.load import load

    path = str(path)
    with contextlib.ExitStack() as stack:
        held: set[str] = set()
        _lock(stack, held, path)  # every writer of this registry queues here, whichever files it writes
        before = load(path, cache)
        if before.registry is None or before.problems:
            raise RegistryInvalid(f"台账 {path} 有问题，未写入。请按上面的提示改好后重试（audit check 可再次检查）。",
                                  before.problems)
        session = Session(path, before.registry, stack, held)
        value = change(session)
        texts = {f: session.text(f) for f in session.changed}
        if not texts:
            return value, []
        after = load(path, overlay={os.path.abspath(f): t.encode("utf-8") for f, t in texts.items()})
        if after.registry is None or after.problems:
            raise AuditError("改动后的台账未通过检查（见上），未写入任何文件。如果上面的问题与这次改动无关，"
                             "请把命令和输出发给维护人员。", after.problems)
        if dry_run:
            return value, []
        note = _note(path, list(texts), command) if _is_split(path, before) else None
        save.replace_all(texts, note=note)
        return value, list(texts)


# ----------------------------------------------------------------------------- the writing commands


def put_progress(path: str | os.PathLike, rows: list, period: str, *, overwrite: bool = False, dry_run: bool = False,
                 cache: Any = None, command: str = "import-progress") -> tuple[list, list[str]]:
    """Progress rows (doc_edit.Filled) into the files that hold their tasks: every row lands or none.

    Rows are grouped by the file holding each task; ids the registry does not have, and entries
    that may not be replaced, are all reported together (each with its place in the ledger).
    Returns the outcomes in the rows' order and the files written.
    """
    from audit.registry import edit as doc_edit

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
        for file, items in groups.items():
            try:
                outcomes = doc_edit.apply(s.doc(file), [r for _, r in items], period, overwrite=overwrite,
                                        periods=s.registry.period_ids)
            except doc_edit.LedgerRejected as e:
                refused += e.rejections
                continue
            for (i, _), o in zip(items, outcomes):
                got[i] = o
            if any(o.action != "same" for o in outcomes):
                s.mark(file)
        if refused:
            raise doc_edit.LedgerRejected(f"{len(refused)} 处问题，未写入任何内容（要么全部写入，要么都不写）。"
                                        "请改好上列各处后重试。", refused)
        return [got[i] for i in range(len(rows))]

    return edit(path, change, dry_run=dry_run, cache=cache, command=command)


def add_period(path: str | os.PathLike, pid: str, as_of: Any = None, label: str | None = None, *,
               dry_run: bool = False, cache: Any = None) -> tuple[str, list[str]]:
    """Declare a period in the `meta` of the file that holds it. Returns that file and the files written."""
    from audit.registry import edit as doc_edit

    def change(s: Session) -> str:
        file = s.meta_file
        doc_edit.add_period(s.doc(file), pid, as_of, label)
        s.mark(file)
        return file

    return edit(path, change, dry_run=dry_run, cache=cache, command="period add")


# ----------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class Restored:
    files: list[str]
    problems: list[Problem] = field(default_factory=list)  # what the check found when --force restored anyway


def restore(path: str | os.PathLike, file: str | None = None, *, force: bool = False) -> Restored:
    """Swap files of the registry with their `.bak`, after checking the registry the backups would make.

    Which files: `file` if given (it must belong to the registry); for a one-file registry, that
    file; for a split one, the files its last write changed (recorded by `edit`), or the only file
    that has a backup. A backup that has problems of its own, or that would turn a registry without
    problems into one with problems, is refused unless `force`. A restore counts as a write: run
    it again to undo it.
    """
    from audit.registry.load import load, registry_files

    path = str(path)
    with contextlib.ExitStack() as stack:
        held: set[str] = set()
        _lock(stack, held, path)
        members = registry_files(path)
        targets = _restore_targets(path, members, file)
        for t in targets:
            _lock(stack, held, t)
            save.remove_stale_temps(Path(t))
            save.check_restorable(Path(t))
        overlay = {}
        for t in targets:
            try:
                overlay[os.path.abspath(t)] = save.backup_path(t).read_bytes()
            except OSError as e:
                raise AuditError(f"无法读取备份 {save.backup_path(t)}：{os_reason(e)}。未恢复，台账未改动。") from None
        after = load(path, overlay=overlay)
        now = load(path)
        in_backup = [p for p in after.problems if os.path.abspath(p.file) in overlay]
        worse = bool(after.problems) and now.registry is not None and not now.problems
        shown = [_as_backup(p, overlay) for p in after.problems]
        if (in_backup or worse) and not force:
            baks = "、".join(str(save.backup_path(t)) for t in targets)
            if in_backup:
                raise AuditError(f"备份 {baks} 有问题（见上），未恢复，台账未改动。请先改好备份；"
                                 "如确要换回这份备份，请加 --force。", shown)
            raise AuditError(f"换回备份 {baks} 后，台账会出现上列问题（备份与台账的其他文件对不上），未恢复，台账未改动。"
                             "如确要换回，请加 --force。", shown)
        noted = None
        if _is_split(path, now) or len(members) > 1:
            # first, so a failure here changes nothing; a restore counts as a write, undone by the next one
            noted = note_path(path)
            old_note = noted.read_bytes() if noted.is_file() else None
            save.write_note(*_note(path, targets, "restore"), like=Path(targets[0]))
        swapped: list[str] = []
        for t in targets:
            try:
                save.swap_with_backup(Path(t))
            except OSError as e:
                undone = _swap_back(swapped)
                if noted is not None:
                    with contextlib.suppress(AuditError, OSError):
                        save.atomic_write(noted, old_note) if old_note is not None else noted.unlink()
                raise WriteRefused(f"恢复 {t} 时出错（{save.short_reason(e)}），未恢复。" + undone) from e
            swapped.append(t)
        return Restored(list(targets), shown if (in_backup or worse) else [])


def _swap_back(swapped: list[str]) -> str:
    stuck = []
    for t in reversed(swapped):
        try:
            save.swap_with_backup(Path(t))
        except OSError:
            stuck.append(t)
    if stuck:
        return (f"已换回的 {'、'.join(stuck)} 未能复原：其内容现为备份，原内容在同名的 .bak 中；"
                "请运行 audit check 检查，需要时再运行一次 audit restore。")
    return "所有文件与恢复前相同。" if swapped else "台账未改动。"


def _as_backup(p: Problem, overlay: dict[str, bytes]) -> Problem:
    """A problem found in a backup names the backup file (its lines are the backup's)."""
    if os.path.abspath(p.file) in overlay:
        return Problem(str(save.backup_path(p.file)), p.line, p.col, p.field, p.message)
    return p


def _restore_targets(path: str, members: list[str], file: str | None) -> list[str]:
    if file is not None:
        for m in members + _noted(path):
            if _same_file(m, file):
                return [m]
        if not os.path.exists(file):
            raise AuditError(f"找不到文件 {file}。请写台账中的文件，如 {members[0]}。")
        raise AuditError(f"{file} 不是台账 {path} 中的文件（台账的文件：{'、'.join(members)}）。"
                         "请写台账中的文件，或用 --registry 指定它所属的台账。")
    if len(members) == 1 and not os.path.isdir(path):
        return members
    noted = [f for f in _noted(path) if os.path.exists(f)]
    if noted:
        return noted
    with_backup = [m for m in members if save.backup_path(m).is_file()]
    if len(with_backup) == 1:
        return with_backup
    if not with_backup:
        raise AuditError(f"没有可恢复的备份：台账 {path} 的文件都没有 .bak 备份。只有在 audit 写过台账之后才会有备份。")
    raise AuditError(f"台账 {path} 有 {len(with_backup)} 个文件有备份（{'、'.join(with_backup)}），但没有记录上一次写入的是哪些。"
                     f"请写明要恢复的文件，如 audit restore {with_backup[0]} --registry {path}。")


def _noted(path: str) -> list[str]:
    """The files the last write changed, from its note; [] when there is none or it cannot be read."""
    try:
        body = json.loads(note_path(path).read_text(encoding="utf-8"))
        rel = body["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if not isinstance(rel, list) or not all(isinstance(r, str) for r in rel):
        return []
    base = _base(path)
    return [os.path.normpath(os.path.join(base, r)) if base else os.path.normpath(r) for r in rel]
