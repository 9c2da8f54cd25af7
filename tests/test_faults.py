"""Faults while writing: a killed writer, two writers at once, read-only files, missing folders,
a full disk. The registry is always the old bytes or the new bytes, never torn, never lost."""
from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from audit.core.errors import AuditError, WriteRefused
from audit.registry import save
from audit.registry.load import load
from conftest import run_cli

CLI = str(Path(__file__).resolve().parent.parent / "cli")


def _child(code: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": CLI}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# ----------------------------------------------------------------------------- killed mid-write


def test_write_killed_at_random_moments_is_never_torn(tmp_path: Path):
    target = tmp_path / "tasks.yaml"
    a = ("甲" * 99 + "\n") * 20_000  # ~6 MB each: a write takes long enough to be interrupted
    b = ("乙" * 99 + "\n") * 20_000
    target.write_text(a, encoding="utf-8")
    valid = {a.encode(), b.encode()}
    rng = random.Random(20210630)
    for _ in range(12):
        child = _child(f"""
            from audit.registry.save import atomic_write
            a, b = {a[:100]!r} * 20_000, {b[:100]!r} * 20_000
            i = 0
            while True:
                atomic_write({str(target)!r}, a if i % 2 else b, backup=True)
                i += 1
        """)
        time.sleep(0.2 + rng.random() * 0.4)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert target.read_bytes() in valid, "torn registry after SIGKILL"
        bak = target.with_name("tasks.yaml.bak")
        if bak.exists():
            assert bak.read_bytes() in valid, "torn backup after SIGKILL"
    # a stray temp file from a killed writer is not the registry and is cleared by the next edit
    strays = list(tmp_path.glob(".tasks.yaml.*.tmp")) + list(tmp_path.glob(".tasks.yaml.bak.*.tmp"))
    (tmp_path / ".tasks.yaml.deadbeef.tmp").write_text("半截", encoding="utf-8")
    target.write_text("meta: {title: 标题}\n", encoding="utf-8")
    save.edit(target, lambda doc: doc.__setitem__("sections", []))
    assert not list(tmp_path.glob(".tasks.yaml.*.tmp")), strays
    assert "sections: []" in target.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- two writers at once

EDITOR = """
    import sys
    from audit.registry import save
    from audit.registry.save import styled
    path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for i in range(n):
        def change(doc, i=i):
            doc["tasks"][0]["progress"].append(styled({{"period": "2021-H1", "text": f"{{who}}-{{i}}"}}))
        save.edit(path, change)
"""


def test_concurrent_edits_are_serialised_and_both_kept(registry: Path):
    n = 15
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(EDITOR).format(), str(registry), who, str(n)],
                              env={**os.environ, "PYTHONPATH": CLI}, stderr=subprocess.PIPE)
             for who in ("甲", "乙")]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    text = registry.read_text(encoding="utf-8")
    for who in ("甲", "乙"):
        for i in range(n):
            assert f"text: {who}-{i}\n" in text, f"{who}-{i} lost"
    assert "# 最小的合法台账" in text  # comments survive every round trip


def test_lock_blocks_a_second_writer(registry: Path):
    holder = _child(f"""
        import time
        from audit.registry.save import locked
        with locked({str(registry)!r}):
            print("locked", flush=True)
            time.sleep(1.0)
    """)
    assert holder.stdout.readline().strip() == b"locked"
    start = time.perf_counter()
    save.edit(registry, lambda doc: doc["meta"].__setitem__("issuer", "某县"))
    assert time.perf_counter() - start > 0.5, "the edit did not wait for the lock"
    holder.wait(timeout=10)


# ----------------------------------------------------------------------------- refused writes


def test_read_only_registry_is_refused_untouched(registry: Path):
    before = registry.read_bytes()
    registry.chmod(0o444)
    try:
        with pytest.raises(WriteRefused) as e:
            save.edit(registry, lambda doc: doc["meta"].__setitem__("issuer", "某县"))
        assert "只读" in e.value.message and str(registry) in e.value.message
        assert registry.read_bytes() == before
        assert not registry.with_name("tasks.yaml.bak").exists()
    finally:
        registry.chmod(0o644)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_refused(registry: Path):
    registry.parent.chmod(0o555)
    try:
        with pytest.raises(WriteRefused) as e:
            save.atomic_write(registry, "x")
        assert "权限" in e.value.message
    finally:
        registry.parent.chmod(0o755)


def test_read_only_folder_simulated(registry: Path, monkeypatch):
    import tempfile

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    before = registry.read_bytes()
    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(WriteRefused) as e:
        save.edit(registry, lambda doc: doc["meta"].__setitem__("issuer", "某县"))
    assert "没有写权限" in e.value.message and "原文件未改动" in e.value.message
    assert registry.read_bytes() == before


def test_missing_folder(tmp_path: Path):
    with pytest.raises(WriteRefused) as e:
        save.atomic_write(tmp_path / "没有这个文件夹" / "tasks.yaml", "x")
    assert "不存在" in e.value.message
    with pytest.raises(AuditError) as e:
        save.edit(tmp_path / "没有这个文件夹" / "tasks.yaml", lambda doc: doc)
    assert "不存在" in e.value.message or "找不到" in e.value.message
    with pytest.raises(AuditError) as e:
        save.edit(tmp_path / "tasks.yaml", lambda doc: doc)
    assert "找不到这个台账文件" in e.value.message


@pytest.mark.parametrize("where", ["fsync", "write", "replace"])
def test_full_disk_leaves_registry_and_no_temp(registry: Path, monkeypatch, where: str):
    before = registry.read_bytes()

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    if where == "fsync":
        monkeypatch.setattr(os, "fsync", full)
    elif where == "replace":
        monkeypatch.setattr(os, "replace", full)
    else:
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, f):
                self.f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                raise OSError(errno.ENOSPC, "No space left on device")

            def __getattr__(self, name):
                return getattr(self.f, name)

        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))
    with pytest.raises(WriteRefused) as e:
        save.edit(registry, lambda doc: doc["meta"].__setitem__("issuer", "某县"))
    assert "磁盘空间不足" in e.value.message and "原文件未改动" in e.value.message
    monkeypatch.undo()
    assert registry.read_bytes() == before
    assert [p.name for p in registry.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert load(registry).ok


def test_full_disk_tmpfs(tmp_path: Path):
    """The real thing where a tiny tmpfs can be mounted (root in a container); skipped elsewhere."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        target = mnt / "tasks.yaml"
        target.write_text("meta: {title: 标题}\n", encoding="utf-8")
        with pytest.raises(WriteRefused) as e:
            save.atomic_write(target, "x" * 200_000, backup=True)
        assert "磁盘空间不足" in e.value.message
        assert target.read_text(encoding="utf-8") == "meta: {title: 标题}\n"
        assert [p.name for p in mnt.iterdir() if p.name.endswith(".tmp")] == []
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def test_write_new_refuses_to_overwrite(tmp_path: Path):
    out = tmp_path / "out.yaml"
    out.write_text("原有内容", encoding="utf-8")
    with pytest.raises(WriteRefused) as e:
        save.write_new(out, "新内容")
    assert "--force" in e.value.message
    assert out.read_text(encoding="utf-8") == "原有内容"


# ----------------------------------------------------------------------------- backup and restore


def test_edit_keeps_a_backup_and_restore_swaps_it_back(registry: Path):
    original = registry.read_bytes()
    save.edit(registry, lambda doc: doc["meta"].__setitem__("issuer", "某县"))
    edited = registry.read_bytes()
    bak = registry.with_name("tasks.yaml.bak")
    assert bak.read_bytes() == original and edited != original
    mode = registry.stat().st_mode & 0o777
    r = run_cli("restore", "--registry", str(registry))
    assert r.exit_code == 0, r.output
    assert "已用备份恢复" in r.stderr
    assert registry.read_bytes() == original and bak.read_bytes() == edited
    assert registry.stat().st_mode & 0o777 == mode
    # restore is reversible: a second run undoes the first
    assert run_cli("restore", "-r", str(registry)).exit_code == 0
    assert registry.read_bytes() == edited and bak.read_bytes() == original


def test_restore_without_backup_refuses_clearly(registry: Path):
    before = registry.read_bytes()
    r = run_cli("restore", "--registry", str(registry))
    assert r.exit_code == 2
    assert "没有可恢复的备份" in r.stderr and "tasks.yaml.bak" in r.stderr
    assert "Traceback" not in r.output
    assert registry.read_bytes() == before


def test_restore_without_registry_refuses(tmp_path: Path):
    (tmp_path / "tasks.yaml.bak").write_text("meta: {}\n", encoding="utf-8")
    r = run_cli("restore", "--registry", str(tmp_path / "tasks.yaml"))
    assert r.exit_code == 2 and "复制为" in r.stderr


def test_restore_fallback_without_atomic_exchange(registry: Path, monkeypatch):
    original = registry.read_bytes()
    save.edit(registry, lambda doc: doc["meta"].__setitem__("issuer", "某县"))
    edited = registry.read_bytes()
    monkeypatch.setattr(save, "_exchange", lambda a, b: False)
    save.restore(registry)
    assert registry.read_bytes() == original
    assert registry.with_name("tasks.yaml.bak").read_bytes() == edited
    assert [p.name for p in registry.parent.iterdir() if p.name.endswith((".tmp", ".swap"))] == []
