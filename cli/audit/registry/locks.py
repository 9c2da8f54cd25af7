"""Writers take turns: an advisory lock on a hidden sidecar file, waited for with a word to the user
and a limit, and gone again when the writer is done; and the temp files a killed writer left,
cleared by the next one to hold the lock."""
from __future__ import annotations

import contextlib
import glob
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from audit.core.errors import WriteRefused, os_reason


def lock_path(path: str | os.PathLike) -> Path:
    """The hidden sidecar a file's writers lock: `.<name>.lock` beside it; inside a folder registry, `.audit.lock`."""
    path = Path(path)
    if path.is_dir():
        return path / ".audit.lock"
    return path.with_name(f".{path.name}.lock")


DEFAULT_WAIT = 120.0  # seconds a writer waits for another before giving up: `--wait` changes it
NOTICE_AFTER = 1.0  # seconds of waiting before the writer says it is waiting


@dataclass(frozen=True)
class Wait:
    """How long a writer waits for the lock another writer holds, and what it says meanwhile.

    `notice` is called once, after NOTICE_AFTER seconds of waiting (the command line prints
    "另一个写入正在进行，等待…"); after `seconds` the write gives up with LockTimeout.
    """

    seconds: float = DEFAULT_WAIT
    notice: Callable[[], None] | None = None


class LockTimeout(WriteRefused):
    """Another writer held the lock for longer than the caller would wait."""


@contextlib.contextmanager
def locked(path: str | os.PathLike, wait: Wait | None = None) -> Iterator[None]:
    """Serialise writers of one file (or of a whole registry) with an advisory lock on a hidden sidecar file.

    The sidecar exists only while a writer holds it: the holder deletes it as it finishes, and a
    writer that was waiting on a deleted sidecar takes the lock again on the new one. flock locks
    belong to an open file: taking the same lock twice in one process would wait on itself, so a
    caller that holds several must not ask for one it already has. Where there is no fcntl
    (Windows), the first byte of the sidecar is locked with msvcrt instead.
    """
    lock = lock_path(path)
    fd = _acquire(lock, wait or Wait(), path)
    try:
        yield
    finally:
        _release(lock, fd)


def _acquire(lock: Path, wait: Wait, path: str | os.PathLike) -> int:
    take, _release_call = _lock_calls()
    started = time.monotonic()
    told = False
    fd = _open_lock(lock, path)
    while True:
        if take(fd):
            if _is_current(fd, lock):
                return fd
            _release_call(fd)  # its holder deleted it as it finished: lock the sidecar in place now
            os.close(fd)
            fd = _open_lock(lock, path)
            continue
        waited = time.monotonic() - started
        if waited >= wait.seconds:
            os.close(fd)
            raise LockTimeout(f"{path} 正由另一个写入占用，已等待 {wait.seconds:g} 秒仍未结束，本次未写入任何内容。"
                              "请稍后重试；如需等待更久，请加 --wait 秒数（如 --wait 600）。")
        if not told and waited >= NOTICE_AFTER and wait.notice is not None:
            wait.notice()
            told = True
        time.sleep(min(0.1, max(0.0, wait.seconds - waited)))


def _open_lock(lock: Path, path: str | os.PathLike) -> int:
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise WriteRefused(f"无法写入 {path}：无法在它所在的文件夹建立锁文件 {lock.name}（{os_reason(e)}）。"
                           "原文件未改动；请检查文件夹的写权限后重试。") from e


def _is_current(fd: int, lock: Path) -> bool:
    """Is the open sidecar still the one at its path (not deleted, nor replaced by a new one)?"""
    try:
        here, there = os.fstat(fd), os.stat(lock)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _release(lock: Path, fd: int) -> None:
    """Delete the sidecar and let go. POSIX deletes while still holding it (so no one locks a file on
    its way out); Windows cannot delete an open file, so it lets go first and deletes if it can."""
    _take, release = _lock_calls()
    try:
        if os.name != "nt":
            with contextlib.suppress(OSError):
                os.unlink(lock)
        with contextlib.suppress(OSError):
            release(fd)
    finally:
        os.close(fd)
    if os.name == "nt":
        with contextlib.suppress(OSError):
            os.unlink(lock)


def _lock_calls() -> tuple[Callable[[int], bool], Callable[[int], None]]:
    """(try to take without waiting, release) an exclusive lock on an open file."""
    try:
        import fcntl
    except ImportError:
        import msvcrt

        def take(fd: int) -> bool:
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                return False
            return True

        def release(fd: int) -> None:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

        return take, release

    def take_posix(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    return take_posix, (lambda fd: fcntl.flock(fd, fcntl.LOCK_UN))


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer left beside `path`. Call only while holding the lock."""
    with contextlib.suppress(OSError):
        for stray in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()


class Locks:
    """The locks a write holds: the registry's first, then each file's as it is opened; none on a dry run."""

    def __init__(self, stack: contextlib.ExitStack, wait: Wait | None, dry_run: bool):
        self._stack, self._wait, self._dry = stack, wait, dry_run
        self._held: set[str] = set()

    def take(self, path: str | os.PathLike) -> None:
        key = os.path.realpath(lock_path(path))
        if self._dry or key in self._held:  # the main file's lock is the registry's: never take a lock twice
            return
        self._stack.enter_context(locked(path, self._wait))
        self._held.add(key)
        remove_stale_temps(Path(path))
