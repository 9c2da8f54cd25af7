"""What differs on Windows, checked here by standing in for what this machine has and that lacks:
no fcntl (msvcrt locks instead), no fork (work done in one process), a locale code page on
redirected output, a cache under %LOCALAPPDATA%."""
from __future__ import annotations

import io
import os
import sys
import types

import pytest

from audit import entry
from audit.registry import cache, save
from audit.report import batch


def test_lock_falls_back_to_msvcrt_without_fcntl(monkeypatch, tmp_path):
    calls = []
    fake = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0,
                                 locking=lambda fd, mode, n: calls.append((mode, n, os.lseek(fd, 0, os.SEEK_CUR))))
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl -> ImportError
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    target = tmp_path / "tasks.yaml"
    target.write_text("x", encoding="utf-8")
    with save.locked(target):
        calls.append("inside")
    assert calls == [(2, 1, 0), "inside", (0, 1, 0)]
    assert not (tmp_path / ".tasks.yaml.lock").exists()


def test_msvcrt_lock_waits_until_it_is_free(monkeypatch, tmp_path):
    tries = []

    def locking(fd, mode, n):
        tries.append(mode)
        if mode == 2 and tries.count(2) < 3:
            raise OSError(13, "Permission denied")  # what msvcrt raises at once when another process holds it

    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=locking))
    with save.locked(tmp_path / "tasks.yaml"):
        pass
    assert tries == [2, 2, 2, 0]


def test_without_fork_the_work_is_done_in_this_process(monkeypatch, small_registry):
    from audit.registry.load import load
    from audit.report import reports

    monkeypatch.delattr(os, "fork")
    assert batch.cores() == 1
    reg = load(str(small_registry), None).registry
    pid = reports.resolve_period(reg, None)
    monkeypatch.setattr(batch, "PARALLEL_MIN", 1)
    got = batch.rows(reg, pid)
    assert [r["id"] for r in got.slim] == [t.id for t in reg.tasks]


def test_redirected_output_is_utf8_on_windows(monkeypatch):
    out = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    monkeypatch.setattr(sys, "stdout", out)
    entry._utf8_when_redirected("win32")
    assert out.encoding == "utf-8"
    out.write("░█│")
    out.flush()
    assert out.buffer.getvalue() == "░█│".encode("utf-8")


def test_redirected_output_is_left_alone_elsewhere(monkeypatch):
    out = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    monkeypatch.setattr(sys, "stdout", out)
    entry._utf8_when_redirected("linux")
    assert out.encoding == "gbk"


@pytest.mark.parametrize("env, want", [
    ({"LOCALAPPDATA": r"C:\Users\li\AppData\Local"}, os.path.join(r"C:\Users\li\AppData\Local", "audit", "Cache")),
    ({"LOCALAPPDATA": "L", "XDG_CACHE_HOME": "X"}, os.path.join("X", "audit")),
    ({"LOCALAPPDATA": "L", "AUDIT_CACHE_DIR": "D"}, "D"),
])
def test_cache_folder_on_windows(monkeypatch, env, want):
    monkeypatch.setattr(cache, "_ON_WINDOWS", True)
    assert str(cache.cache_dir(env)) == want
