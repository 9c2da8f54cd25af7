"""`audit restore`: swap files of the registry with their `.bak`, after checking the registry the
backups would make. A restore counts as a write: run it again to undo it.

Pure core: no Typer, no Rich.
"""
from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.core.errors import AuditError, Problem, WriteRefused, os_reason
from audit.registry import index, save
from audit.registry.lastwrite import base_of, note_for, note_path, same_file
from audit.registry.load import load, registry_files
from audit.registry.locks import Locks, Wait


@dataclass(frozen=True)
class Restored:
    files: list[str]
    problems: list[Problem] = field(default_factory=list)  # what the check found when --force restored anyway


def restore(path: str | os.PathLike, file: str | None = None, *, force: bool = False, cache: Any = None,
            wait: Wait | None = None) -> Restored:
    """Swap files of the registry with their `.bak`, after checking the registry the backups would make.

    Which files: `file` if given (it must belong to the registry); for a one-file registry, that
    file; for a split one, the files its last write changed (recorded by `edit`), or the only file
    that has a backup. A backup that has problems of its own, or that would turn a registry without
    problems into one with problems, is refused unless `force`. A restore counts as a write: run
    it again to undo it.
    """
    path = str(path)
    with contextlib.ExitStack() as stack:
        locks = Locks(stack, wait, dry_run=False)
        locks.take(path)
        members = registry_files(path)
        targets = _restore_targets(path, members, file)
        for t in targets:
            locks.take(t)
            save.check_restorable(Path(t))
        known = _known_good(path, members, targets, cache)
        shown = [] if known is not None else _checked(path, targets, force, cache)
        now = index.cached(path, cache)
        _swap_all(path, targets, split=os.path.isdir(path) or len(members) > 1)
        if known is not None:  # the index of what is now in place, and of what is now the backup
            index.store(known._replace(deps=index.restat(known.deps, targets)), cache)
            if now is not None:
                index.remember_before(now, cache)
        return Restored(list(targets), shown)


def _known_good(path: str, members: list[str], targets: list[str], cache: Any) -> Any:
    """The index of the registry as it was before the last write, when the backups give exactly that
    registry back (every file's bytes, backups for the targets, match its digests): a registry that
    loaded without problems, so nothing needs to be parsed to check it. None otherwise."""
    known = index.before(path, cache)
    if known is None:
        return None
    files = {os.path.abspath(f.file) for f in known.files}
    if {os.path.abspath(m) for m in members} != files or not {os.path.abspath(t) for t in targets} <= files:
        return None
    sources = {os.path.abspath(t): str(save.backup_path(t)) for t in targets}
    return known if index.describes(known, sources) else None


def _checked(path: str, targets: list[str], force: bool, cache: Any) -> list[Problem]:
    """The problems of the registry the backups would make: refused unless `force`; shown if forced."""
    overlay = {}
    for t in targets:
        try:
            overlay[os.path.abspath(t)] = save.backup_path(t).read_bytes()
        except OSError as e:
            raise AuditError(f"无法读取备份 {save.backup_path(t)}：{os_reason(e)}。未恢复，台账未改动。") from None
    after = load(path, overlay=overlay)
    if not after.problems:
        return []
    now = load(path, cache)
    in_backup = [p for p in after.problems if os.path.abspath(p.file) in overlay]
    worse = now.registry is not None and not now.problems
    shown = [_as_backup(p, overlay) for p in after.problems]
    if (in_backup or worse) and not force:
        baks = "、".join(str(save.backup_path(t)) for t in targets)
        if in_backup:
            raise AuditError(f"备份 {baks} 有问题（见上），未恢复，台账未改动。请先改好备份；"
                             "如确要换回这份备份，请加 --force。", shown)
        raise AuditError(f"换回备份 {baks} 后，台账会出现上列问题（备份与台账的其他文件对不上），未恢复，台账未改动。"
                         "如确要换回，请加 --force。", shown)
    return shown if (in_backup or worse) else []


def _swap_all(path: str, targets: list[str], split: bool) -> None:
    """Each target swapped with its backup, or (when one cannot be) every swapped one swapped back."""
    noted = None
    if split:
        # first, so a failure here changes nothing; a restore counts as a write, undone by the next one
        noted = note_path(path)
        old_note = noted.read_bytes() if noted.is_file() else None
        save.write_note(*note_for(path, targets, "restore"), like=Path(targets[0]))
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
            if same_file(m, file):
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
    base = base_of(path)
    return [os.path.normpath(os.path.join(base, r)) if base else os.path.normpath(r) for r in rel]
