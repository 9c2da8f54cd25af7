"""The one writer: ruamel round-trip YAML, atomic replace, a lock and a backup.

Reading for reports goes through `load.py` (fast, C-backed); only commands that change the
registry come here, so comments, key order, quoting and block style survive every write.
"""
from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, Callable

from audit.core.decode import read_bytes
from audit.core.errors import AuditError, Problem, WriteRefused, os_reason
from audit.registry import parse as yparse
from audit.registry import ruamel_adapter
from audit.registry.locks import locked as locked  # writers lock with it; it lives in locks.py
from audit.registry.locks import remove_stale_temps

BLOCK_MIN = 40  # text this long (or with a line break) is written as a |- block


def rt_yaml():
    """A ruamel YAML configured the way the registry is laid out (2-space maps, '- ' lists)."""
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.Constructor = ruamel_adapter.constructor()  # every word read as the fast reader reads it
    y.preserve_quotes = True
    y.allow_unicode = True
    y.width = 100_000  # never fold a long Chinese line
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def to_yaml_text(doc: Any, header: str = "") -> str:
    """Plain dicts/lists -> registry YAML text, long strings as literal blocks, ids quoted."""
    y = rt_yaml()
    buf = io.StringIO()
    y.dump(_styled(doc, key=""), buf)
    text = buf.getvalue()
    if header:
        text = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) + text
    return text


def _styled(value: Any, key: str) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _styled(v, k)
        return m
    if isinstance(value, (list, tuple)):
        s = CommentedSeq()
        for v in value:
            s.append(_styled(v, key))
        return s
    if isinstance(value, str):
        if key == "id":
            return DoubleQuotedScalarString(value)
        if ("\n" in value or len(value) >= BLOCK_MIN) and _block_safe(value):
            return LiteralScalarString(value)
        return value
    return value


def _block_safe(text: str) -> bool:
    # A literal block cannot hold trailing spaces on its last line, leading blank lines, or tabs
    # at the start of lines without surprises; such text stays a quoted scalar.
    if text != text.strip(" \t") or text.startswith("\n"):
        return False
    return all(not line.startswith((" ", "\t")) for line in text.split("\n")) and "\r" not in text


def atomic_write(path: str | os.PathLike, data: str | bytes, *, backup: bool = False) -> None:
    """Write `data` to `path` via a temp file in the same folder and one rename.

    A reader sees the old file or the new one, never a torn one. With `backup`, the previous
    content is kept as `<name>.bak` beside it (restore with `audit restore`).
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    _check_writable(path)
    fd = None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            fd = None
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):  # mkstemp makes 0600: the file keeps its mode, a new one gets the umask's
            os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else new_file_mode())
        if path.exists():
            if backup:
                bak = path.with_name(path.name + ".bak")
                _copy_bytes(path, bak)
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(folder)
    except OSError as e:
        raise WriteRefused(_os_message(path, e)) from e
    finally:
        if fd is not None:
            os.close(fd)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def new_file_mode() -> int:
    """The mode a new file gets from the user's umask (as `open` would give it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _copy_bytes(src: Path, dst: Path) -> None:
    data = src.read_bytes()
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    try:
        with contextlib.suppress(OSError):
            os.chmod(tmp, src.stat().st_mode & 0o7777)  # mkstemp makes 0600; a backup keeps the original's mode
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dst)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


_NO_SPACE = tuple(getattr(errno, n) for n in ("ENOSPC", "EDQUOT") if hasattr(errno, n))


def _os_message(path: Path, e: OSError) -> str:
    if e.errno in _NO_SPACE:
        return f"无法写入 {path}：磁盘空间不足。原文件未改动；请清理磁盘后重试。"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"无法写入 {path}：没有写权限（文件或文件夹只读）。原文件未改动；请检查权限后重试。"
    if e.errno == errno.ENOENT:
        return f"无法写入 {path}：所在文件夹不存在。请检查路径，或先创建该文件夹。"
    return f"无法写入 {path}：{os_reason(e)}。原文件未改动。"


def write_new(path: str | os.PathLike, text: str, *, force: bool = False) -> None:
    """Create a file; an existing one is replaced only with `force`."""
    path = Path(path)
    if path.exists() and not force:
        raise WriteRefused(f"{path} 已存在，未覆盖。如确要覆盖，请加 --force；或用 -o 指定另一个文件名。")
    atomic_write(path, text)


def backup_path(path: str | os.PathLike) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".bak")


Content = str | bytes | Callable[[BinaryIO], None]  # what a file is to hold; a callable writes it to the open file


def replace_all(files: dict[str, Content], *, note: tuple[Path, str] | None = None) -> None:
    """Write several files as one change, each keeping its previous content as `<name>.bak`.

    Everything that can fail slowly is done first: every new content (a callable streams it, so a
    large file is never held in memory) and every backup is staged as a temp file beside its
    target. Then the backups are moved into place, `note` (a small file saying what this write
    touched, for `restore`) is written, and the targets are replaced one rename at a time. If a
    rename fails, the targets already replaced are put back from their backups before the error is
    raised: the change lands in every file or in none. The caller holds the locks of every file.
    """
    staged, temps = _stage_all(files, note)
    done: list[Path] = []
    for target, new, _bak in staged:
        try:
            _replace(new, target)
        except OSError as e:
            _unlink_all(temps)
            raise WriteRefused(_rolled_back(target, e, done)) from e
        temps.remove(new)
        done.append(target)
    for folder in dict.fromkeys(t.parent for t in done):
        _fsync_dir(folder)


def _stage_all(files: dict[str, Content], note: tuple[Path, str] | None) -> tuple[list[tuple[Path, Path, Path | None]], list[Path]]:
    """Every new content and backup as temp files; the backups moved into place and the note written."""
    staged: list[tuple[Path, Path, Path | None]] = []  # (target, new content, its backup) as temp files
    temps: list[Path] = []
    current = Path(next(iter(files), "."))
    try:
        for name, data in files.items():
            current = Path(name)
            _check_writable(current)
            new = _stage(current, f".{current.name}.", data)
            temps.append(new)
            bak = _stage_backup(current) if current.exists() else None
            if bak is not None:
                temps.append(bak)
            staged.append((current, new, bak))
        for current, _new, bak in staged:
            if bak is not None:
                os.replace(bak, backup_path(current))
                temps.remove(bak)
        if note is not None:
            current = note[0]
            write_note(note[0], note[1], like=staged[0][0])
    except OSError as e:
        _unlink_all(temps)
        raise WriteRefused(_os_message(current, e)) from e
    except BaseException:
        _unlink_all(temps)
        raise
    return staged, temps


def write_note(path: Path, text: str, *, like: Path) -> None:
    """A small sidecar file, atomically; a new one gets the read permissions of the file `like`."""
    new = not path.exists()
    atomic_write(path, text)
    if new:
        with contextlib.suppress(OSError):
            os.chmod(path, like.stat().st_mode & 0o666)


def _replace(src: Path, dst: Path) -> None:
    """One target of `replace_all` put in place (a seam for tests that make it fail)."""
    os.replace(src, dst)


def _check_writable(path: Path) -> None:
    """Refuse before writing: a missing folder, or a file made read-only (rename would replace it
    anyway, but its owner made it read-only on purpose)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WriteRefused(f"无法写入 {path}：文件夹 {folder} 不存在。请先创建该文件夹，或换一个输出位置。")
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not mode & 0o222:
        raise WriteRefused(f"无法写入 {path}：文件是只读的。原文件未改动；如确需修改，请先取消该文件的只读属性。")


def _stage(target: Path, prefix: str, data: Content) -> Path:
    """`data` written and synced to a temp file beside `target`, with `target`'s mode."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):  # mkstemp makes 0600: the file keeps its mode, a new one gets the umask's
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else new_file_mode())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _stage_backup(target: Path) -> Path:
    """A temp file beside `target` holding its current content: a second name for the same file
    where the file system allows (nothing copied; the rename that replaces `target` leaves the old
    content under this name alone), else a copy."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.bak.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        os.unlink(tmp)
        try:
            os.link(target, tmp)
        except OSError:  # no hard links here (FAT, some network shares): copy it
            shutil.copyfile(target, tmp)
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
            _fsync_file(Path(tmp))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_all(paths: list[Path]) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            os.unlink(p)


def short_reason(e: OSError) -> str:
    if e.errno in _NO_SPACE:
        return "磁盘空间不足"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写权限"
    return os_reason(e)


def _rolled_back(failed: Path, e: OSError, done: list[Path]) -> str:
    """Put the files already replaced back from their backups; say what happened and what to do."""
    if not done:
        return _os_message(failed, e)
    lost = []
    for p in reversed(done):
        try:
            _copy_bytes(backup_path(p), p)
        except OSError as again:
            lost.append((p, again))
    names = "、".join(str(p) for p in done)
    if not lost:
        return (f"写入 {failed} 时出错（{short_reason(e)}），本次改动没有生效：已写入的 {names} 已用备份恢复原样，"
                f"所有文件与写入前相同。请排除问题后重试。")
    fix = "；".join(f"请把 {backup_path(p)} 复制为 {p}" for p, _ in lost)
    why = "、".join(f"{p}（{short_reason(again)}）" for p, again in lost)
    return (f"写入 {failed} 时出错（{short_reason(e)}），本次改动没有生效；但 {why}未能用备份恢复：{fix}"
            "（备份是写入前的内容），然后运行 audit check 检查。")


def edit(path: str | os.PathLike, change: Callable[[Any], Any], *, backup: bool = True, dry_run: bool = False) -> Any:
    """Round-trip edit: parse `path`, let `change(doc)` mutate the document, write it back.

    Runs under the registry lock, so two writers never interleave and both edits are kept.
    `change` may raise AuditError to abandon the edit; the file is then untouched. Returns what
    `change` returned.
    """
    path = Path(path)
    with contextlib.nullcontext() if dry_run else locked(path):  # a dry run only reads
        if not dry_run:
            remove_stale_temps(path)
        y = rt_yaml()
        doc = read_roundtrip(path, y)
        result = change(doc)
        if not dry_run:
            buf = io.StringIO()
            y.dump(doc, buf)
            atomic_write(path, buf.getvalue(), backup=backup)
        return result


def read_roundtrip(path: Path, y: Any = None) -> Any:
    """Read the registry for a round-trip edit, refusing (with a located message) what is unsafe."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    raw = read_bytes(path, what="台账文件", limit=None)
    text, problems = yparse.decode(raw, str(path))
    problems = problems or yparse.guard(text, str(path))
    if problems:
        raise AuditError(f"台账 {path} 无法读取，未作任何改动。请按上面的提示修改后重试。", problems)
    try:
        return (y or rt_yaml()).load(text)
    except MarkedYAMLError as e:
        problem = yparse.syntax_problem(e, text, str(path))
        if "duplicate key" in str(getattr(e, "problem", "")):
            problem = Problem(problem.file, problem.line, problem.col, "",
                                    "同一层里有重复的字段，请删除或合并其中一个（运行 audit check 可看到全部问题）。")
        raise AuditError(f"台账 {path} 有格式错误，未作任何改动。请按上面的提示修改后重试。", [problem]) from e
    except (YAMLError, RecursionError) as e:
        raise AuditError(f"台账 {path} 无法读取（{type(e).__name__}），未作任何改动。请先运行 audit check 检查。") from e


def restore(path: str | os.PathLike) -> Path:
    """Swap `<name>.bak` and `<name>`: the backup comes back, the current file becomes the backup.

    Reversible (run it twice to undo), under the file's lock, and atomic where the system can
    exchange two names in one step (Linux renameat2); elsewhere the window is two renames. The
    backup is not checked here; `registry/restore.py` checks it against the whole registry first.
    """
    path = Path(path)
    with locked(path):
        remove_stale_temps(path)
        check_restorable(path)
        try:
            return swap_with_backup(path)
        except OSError as e:
            raise WriteRefused(_os_message(path, e)) from e


def check_restorable(path: Path) -> None:
    """Refuse (with what to do) unless `path` and its backup both exist and `path` may be written."""
    bak = backup_path(path)
    if not bak.is_file():
        raise AuditError(f"没有可恢复的备份：找不到 {bak}。只有在 audit 写过台账之后才会有备份。")
    if not path.exists():
        raise AuditError(f"找不到台账文件 {path}，无法与备份交换。如要直接使用备份，请把 {bak.name} 复制为 {path.name}。")
    if not path.stat().st_mode & 0o222:
        raise WriteRefused(f"无法恢复 {path}：文件是只读的。原文件未改动；请先取消只读属性。")


def swap_with_backup(path: Path) -> Path:
    """Exchange `path` and `<path>.bak` (the caller holds the lock). Raises OSError; returns the backup's path."""
    bak = backup_path(path)
    if not _exchange(bak, path):
        # no atomic exchange here: copy the current file aside first so nothing is ever lost
        side = bak.with_name(bak.name + ".swap")
        _copy_bytes(path, side)
        os.replace(bak, path)
        os.replace(side, bak)
    # The backup comes back with its old mtime; stamp it now so the parse cache sees a changed
    # file (new mtime and ctime) and the 2-second freshness rule counts from this moment.
    os.utime(path)
    _fsync_dir(path.parent)
    return bak


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two names (Linux renameat2 RENAME_EXCHANGE). False if not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err))


def styled(value: Any, key: str = "") -> Any:
    """Public form of the styling used by `to_yaml_text`, for values added during an edit."""
    return _styled(value, key)
