"""A cache of work derived from input files (the validated registry, reports), exact or absent.

An entry records the files it was computed from (path + device, inode, size, mtime_ns and
ctime_ns) and the globs that were expanded (with what they matched). It is used only while
every one of those still stats the same and the code that produced it is unchanged; anything
else, including an unreadable or corrupt entry, is a miss and the work is simply redone.

Entries are never written for an input changed within the last `FRESH_SECONDS`: on a
filesystem with coarse timestamps a second edit in the same tick could keep size and mtime, so
such files are read afresh each time until they settle. ctime is part of the key because a
tool that restores mtimes (tar, rsync -t, cp -p) cannot restore ctime.

Writes go to a temporary file in the cache folder and are renamed into place, so concurrent
runs see a whole entry or none. Nothing here reads the environment: `cache_dir(env)` is called
by the command line with `os.environ`.
"""
from __future__ import annotations

import atexit
import copyreg
import gc
import glob
import os
import pickle
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable

from audit import __version__
from audit.core import model

FORMAT = 1  # bump when the layout of an entry changes
FRESH_SECONDS = 2.0
_MAGIC = b"audit-cache\n"

MISS = object()


_ON_WINDOWS = os.name == "nt"


def cache_dir(env: dict | os._Environ) -> Path | None:
    """Where entries live: $AUDIT_CACHE_DIR, else $XDG_CACHE_HOME/audit, else (Windows)
    %LOCALAPPDATA%\\audit\\Cache, else ~/.cache/audit; None when disabled."""
    if env.get("AUDIT_NO_CACHE", "") not in ("", "0"):
        return None
    if env.get("AUDIT_CACHE_DIR"):
        return Path(env["AUDIT_CACHE_DIR"])
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "audit"
    if _ON_WINDOWS and env.get("LOCALAPPDATA"):  # Windows keeps caches under AppData\Local
        return Path(env["LOCALAPPDATA"]) / "audit" / "Cache"
    return Path(os.path.expanduser("~")) / ".cache" / "audit"


def open_cache(env: dict | os._Environ) -> Cache | None:
    """The cache the environment names ($AUDIT_CACHE_DIR, $AUDIT_NO_CACHE=1 …), or None when it is off."""
    folder = cache_dir(env)
    return Cache(folder) if folder is not None else None


def stat_key(path: str) -> tuple | None:
    """What identifies one version of a file; None when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def expand(pattern: str) -> tuple[str, ...]:
    """A glob's matches, sorted (the order files are loaded in)."""
    return tuple(sorted(glob.glob(pattern)))


class Inputs:
    """The files (and glob expansions) a result was computed from, stat'ed before they were read."""

    def __init__(self) -> None:
        self.files: list[tuple[str, tuple | None]] = []
        self.globs: list[tuple[str, tuple[str, ...]]] = []

    def file(self, path: str) -> None:
        self.files.append((os.path.abspath(path), stat_key(path)))

    def glob(self, pattern: str, matches: Iterable[str]) -> None:
        self.globs.append((os.path.abspath(pattern), tuple(matches)))

    def extend(self, other: "Inputs") -> None:
        self.files += other.files
        self.globs += other.globs

    def deps(self) -> tuple:
        return (tuple(self.files), tuple(self.globs))

    @classmethod
    def from_deps(cls, deps: tuple) -> "Inputs":
        made = cls()
        made.files, made.globs = list(deps[0]), list(deps[1])
        return made

    def unchanged(self) -> bool:
        """True when every input exists and is unchanged since it was stat'ed, however recently."""
        return all(key is not None for _, key in self.files) and _valid(self.deps())

    def settled(self, now: float | None = None) -> bool:
        """True when every input exists, is unchanged since it was stat'ed, and is older than FRESH_SECONDS."""
        now = time.time() if now is None else now
        for path, key in self.files:
            if key is None or stat_key(path) != key:
                return False
            if now - max(key[3], key[4]) / 1e9 < FRESH_SECONDS:
                return False
        return all(expand(p) == m for p, m in self.globs)


def _valid(deps: tuple) -> bool:
    files, globs = deps
    return all(stat_key(p) == k for p, k in files) and all(expand(p) == m for p, m in globs)


def code_version() -> tuple:
    """The package's version and the size/mtime of its modules: an edited checkout invalidates entries."""
    here = Path(__file__).resolve().parent.parent  # the audit package, every layer
    mods = []
    try:
        for path in sorted(here.rglob("*.py")):
            st = path.stat()
            mods.append((str(path.relative_to(here)), st.st_size, st.st_mtime_ns))
    except OSError:
        pass
    return (__version__, FORMAT, tuple(mods))


class Cache:
    """One cache folder. `get` returns MISS or the stored value; `put` never raises."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self._code: tuple | None = None
        self._writers: list[int] = []

    @property
    def code(self) -> tuple:
        if self._code is None:
            self._code = code_version()
        return self._code

    def entry_path(self, kind: str, ident: tuple) -> Path:
        # a name, not a proof: the header inside is compared in full (and zlib is cheaper to import than hashlib)
        key = repr((kind, ident)).encode("utf-8", "surrogatepass")
        return self.folder / f"{kind}-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.pickle"

    def get(self, kind: str, ident: tuple) -> Any:
        """The value stored for (kind, ident) if it was made by this code from inputs that have not changed."""
        hit = self.get_entry(kind, ident)
        return hit if hit is MISS else hit[0]

    def get_entry(self, kind: str, ident: tuple) -> Any:
        """(value, Inputs it was made from), or MISS."""
        try:
            with open(self.entry_path(kind, ident), "rb") as f:
                if f.read(len(_MAGIC)) != _MAGIC:
                    return MISS
                head = pickle.load(f)
                if head[0] != (kind, ident) or head[1] != self.code or not _valid(head[2]):
                    return MISS
                return _loads_fast(f), Inputs.from_deps(head[2])
        except Exception:  # missing, unreadable, truncated, from another version: all just a miss
            return MISS

    def get_path(self, kind: str, ident: tuple) -> Path | None:
        """For raw entries (`put_raw`): the file to stream from, when valid, with the header already checked."""
        path = self.entry_path(kind, ident)
        try:
            with open(path, "rb") as f:
                if f.read(len(_MAGIC)) != _MAGIC:
                    return None
                head = pickle.load(f)
                if head[0] != (kind, ident) or head[1] != self.code or not _valid(head[2]):
                    return None
        except Exception:
            return None
        return path

    def put(self, kind: str, ident: tuple, inputs: Inputs, value: Any, *, fresh_ok: bool = False) -> bool:
        """Store `value` unless an input is missing, changed or too fresh to trust. True when stored.

        `fresh_ok` stores it even for inputs changed in the last FRESH_SECONDS: for a value that
        carries the digest of the content it was made from and is checked against it before use
        (a writer's index of the file it has just written).
        """
        return self._write(kind, ident, inputs, lambda f: _pickler(f).dump(value), fresh_ok)

    def put_soon(self, kind: str, ident: tuple, inputs: Inputs, value: Any) -> None:
        """put() from a forked child, so pickling a large entry overlaps the caller's own work."""
        self.later(lambda: self.put(kind, ident, inputs, value))

    def later(self, work: Callable[[], None]) -> None:
        """Run `work` (writing entries) in a forked child, so it overlaps the caller's own work.

        The child only writes entries (each renamed into place, whole or not at all), then leaves
        with os._exit (no stdio flushed twice). Reaped at exit. Without fork, done here and now.
        """
        if not hasattr(os, "fork"):
            work()
            return
        _ = self.code  # computed once, in the parent
        try:
            pid = os.fork()
        except OSError:
            work()
            return
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                os.nice(10)  # the command's own work (assessing, on every core) comes first
                work()
            finally:
                os._exit(0)
        if not self._writers:
            atexit.register(self.wait)
        self._writers.append(pid)

    def wait(self) -> None:
        """Wait for entries still being written by put_soon."""
        while self._writers:
            try:
                os.waitpid(self._writers.pop(), 0)
            except ChildProcessError:
                pass

    def put_raw(self, kind: str, ident: tuple, inputs: Inputs, data: bytes | list[bytes]) -> bool:
        """Store bytes (or pieces of bytes, written in turn) to be streamed back as they are (e.g. a JSON report)."""
        pieces = [data] if isinstance(data, bytes) else data
        return self._write(kind, ident, inputs, lambda f: [f.write(p) for p in pieces])

    def drop(self, kind: str, ident: tuple) -> None:
        """Forget an entry (one found to be wrong about its inputs)."""
        try:
            os.unlink(self.entry_path(kind, ident))
        except OSError:
            pass

    def _write(self, kind: str, ident: tuple, inputs: Inputs, body, fresh_ok: bool = False) -> bool:
        if not (inputs.settled() or (fresh_ok and inputs.unchanged())):
            return False
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC)
                pickle.dump(((kind, ident), self.code, inputs.deps()), f, protocol=pickle.HIGHEST_PROTOCOL)
                body(f)
            os.replace(tmp, self.entry_path(kind, ident))
            tmp = None
            return True
        except Exception:  # a cache that cannot be written is only slower, never an error
            return False
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    @staticmethod
    def stream(path: Path, out) -> None:
        """Copy a raw entry's body (after its header) to the binary stream `out`."""
        with open(path, "rb") as f:
            f.read(len(_MAGIC))
            pickle.load(f)
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)


_DISPATCH: dict | None = None


def _pickler(f) -> pickle.Pickler:
    """A pickler that stores the model's records as (tuple.__new__, (class, field values)).

    Records are NamedTuples; their default reduction calls a Python-level __getnewargs__ when
    written and the generated Python __new__ when read. Building them with tuple.__new__
    directly keeps reading in C, which is most of a warm start on a large registry.
    """
    global _DISPATCH
    if _DISPATCH is None:
        table = dict(copyreg.dispatch_table)
        new = tuple.__new__
        for obj in vars(model).values():
            if isinstance(obj, type) and issubclass(obj, tuple) and hasattr(obj, "_fields") and obj.__module__ == model.__name__:
                table[obj] = lambda o, c=obj: (new, (c, tuple(o)))
        _DISPATCH = table
    p = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
    p.dispatch_table = _DISPATCH
    return p


def _loads_fast(f) -> Any:
    # Unpickling builds many small objects; the cyclic GC would scan them repeatedly for nothing.
    # Nor should it afterwards: the first collection once it is back on would walk all of them
    # (29,000 laggards: 0.3 s, spent in whatever next made a tuple), so they are frozen, which
    # only exempts them from the cyclic collector (reference counting still frees them).
    was = gc.isenabled()
    gc.disable()
    try:
        value = pickle.load(f)
        gc.freeze()
        return value
    finally:
        if was:
            gc.enable()
