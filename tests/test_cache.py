"""The registry cache: exact invalidation, freshness, corrupt entries, concurrent writers."""
from __future__ import annotations

import multiprocessing
import os
import textwrap
import time
from pathlib import Path

import pytest

from audit.registry import cache as cache_mod
from audit.registry.cache import MISS, Cache, cache_dir
from audit.registry.load import load

REG = textwrap.dedent(
    """\
    meta:
      title: 缓存测试
      year: 2023
      periods:
        - id: 2023-H1
    sections:
      - no: 1
        title: 目标
    tasks:
      - id: "1"
        section: 1
        goal: 新建5G基站200个。
        progress:
          - period: 2023-H1
            text: 已建成5G基站30个。
    """
)


def age(path: Path, seconds: float = 60) -> None:
    """Give a file an old mtime (its ctime stays now, as in real life)."""
    t = time.time() - seconds
    os.utime(path, (t, t))


@pytest.fixture
def settled(monkeypatch):
    # ctime cannot be set back; let "just changed" mean nothing so entries are written at once
    monkeypatch.setattr(cache_mod, "FRESH_SECONDS", -1.0)


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    p = tmp_path / "tasks.yaml"
    p.write_text(REG, encoding="utf-8")
    age(p)
    return p


def entries(folder: Path) -> list[Path]:
    """The registry's entries (a clean load also keeps the registry's index for writers: see below)."""
    return sorted(folder.glob("registry-*.pickle"))


def goal(path: Path, c: Cache) -> str:
    return load(path, c).registry.task("1").goal


def test_second_load_comes_from_the_cache(tmp_path, reg, settled, monkeypatch):
    c = Cache(tmp_path / "c")
    first = load(reg, c)
    assert first.problems == [] and len(entries(tmp_path / "c")) == 1
    import audit.registry.load as L

    monkeypatch.setattr(L, "parse", lambda *a: pytest.fail("parsed although cached"))
    again = load(reg, c)
    assert again.registry == first.registry and again.problems == []


def test_edit_of_the_same_size_with_mtime_restored_is_seen(tmp_path, reg, settled):
    c = Cache(tmp_path / "c")
    assert goal(reg, c) == "新建5G基站200个。"
    st = reg.stat()
    reg.write_text(REG.replace("200", "300"), encoding="utf-8")
    os.utime(reg, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime: only ctime differs
    assert reg.stat().st_size == st.st_size and reg.stat().st_mtime_ns == st.st_mtime_ns
    assert goal(reg, c) == "新建5G基站300个。"


def test_touch_invalidates(tmp_path, reg, settled, monkeypatch):
    c = Cache(tmp_path / "c")
    load(reg, c)
    reg.touch()
    calls = []
    import audit.registry.load as L

    real = L.parse
    monkeypatch.setattr(L, "parse", lambda *a: calls.append(1) or real(*a))
    load(reg, c)
    assert calls == [1]


def test_replaced_file_is_seen(tmp_path, reg, settled):
    c = Cache(tmp_path / "c")
    load(reg, c)
    new = reg.with_name("new.yaml")
    new.write_text(REG.replace("200", "900"), encoding="utf-8")
    age(new)
    os.replace(new, reg)  # another inode, as an editor's atomic save makes
    assert goal(reg, c) == "新建5G基站900个。"


def test_a_just_written_file_is_not_cached(tmp_path):
    c = Cache(tmp_path / "c")
    p = tmp_path / "tasks.yaml"
    p.write_text(REG, encoding="utf-8")
    assert load(p, c).problems == []
    assert entries(tmp_path / "c") == []  # ctime is now: a second edit this tick could look identical


def test_problems_are_cached_with_their_locations(tmp_path, settled):
    c = Cache(tmp_path / "c")
    p = tmp_path / "tasks.yaml"
    p.write_text(REG.replace("section: 1\n", "section: 一\n"), encoding="utf-8")
    first = [str(x) for x in load(p, c).problems]
    assert first and ":11:" in first[0]
    assert [str(x) for x in load(p, c).problems] == first
    assert len(entries(tmp_path / "c")) == 1


@pytest.mark.parametrize("garbage", [b"", b"audit-cache\n", b"audit-cache\n\x80\x05junk", b"\x00" * 100, None])
def test_corrupt_entry_is_ignored_and_rebuilt(tmp_path, reg, settled, garbage):
    c = Cache(tmp_path / "c")
    load(reg, c)
    (entry,) = entries(tmp_path / "c")
    if garbage is None:  # truncated half way
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2])
    else:
        entry.write_bytes(garbage)
    assert goal(reg, c) == "新建5G基站200个。"
    assert c.get("registry", (os.path.abspath(str(reg)), str(reg))) is not MISS  # rewritten whole


def test_unwritable_cache_folder_is_only_slower(tmp_path, reg, settled):
    blocker = tmp_path / "c"
    blocker.write_text("a file where the folder should be")
    assert goal(reg, Cache(blocker)) == "新建5G基站200个。"


def test_other_code_version_misses(tmp_path, reg, settled):
    c = Cache(tmp_path / "c")
    load(reg, c)
    other = Cache(tmp_path / "c")
    other._code = ("0.0.0", 0, ())
    assert other.get("registry", (os.path.abspath(str(reg)), str(reg))) is MISS


def _worker(args):
    path, folder = args
    cache_mod.FRESH_SECONDS = -1.0
    out = []
    for _ in range(5):
        r = load(path, Cache(folder))
        out.append((len(r.registry.tasks), r.registry.task("1").goal, len(r.problems)))
    return out


def test_concurrent_writers_leave_one_whole_entry(tmp_path, reg):
    folder = tmp_path / "c"
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(4) as pool:
        results = pool.map(_worker, [(str(reg), str(folder))] * 8)
    assert all(r == (1, "新建5G基站200个。", 0) for rs in results for r in rs)
    assert len(entries(folder)) == 1
    assert list(folder.glob("*.tmp")) == []  # no temp file left behind


def test_cache_dir_from_environment(tmp_path):
    assert cache_dir({"AUDIT_CACHE_DIR": "/x/y"}) == Path("/x/y")
    assert cache_dir({"XDG_CACHE_HOME": "/xdg"}) == Path("/xdg/audit")
    assert cache_dir({}) == Path(os.path.expanduser("~")) / ".cache" / "audit"
    assert cache_dir({"AUDIT_NO_CACHE": "1", "AUDIT_CACHE_DIR": "/x"}) is None
    assert cache_dir({"AUDIT_NO_CACHE": "0", "AUDIT_CACHE_DIR": "/x"}) == Path("/x")


def test_changed_included_file_and_new_glob_match_invalidate(tmp_path, settled):
    c = Cache(tmp_path / "c")
    main = tmp_path / "tasks.yaml"
    head, _, tasks = REG.partition("tasks:\n")
    main.write_text(head + "include: [parts/*.yaml]\n", encoding="utf-8")
    (tmp_path / "parts").mkdir()
    part = tmp_path / "parts" / "a.yaml"
    part.write_text("tasks:\n" + tasks, encoding="utf-8")
    assert [t.id for t in load(main, c).registry.tasks] == ["1"]
    part.write_text("tasks:\n" + tasks.replace("200", "201"), encoding="utf-8")
    assert load(main, c).registry.task("1").goal == "新建5G基站201个。"
    (tmp_path / "parts" / "b.yaml").write_text("tasks:\n" + tasks.replace('"1"', '"2"'), encoding="utf-8")
    assert [t.id for t in load(main, c).registry.tasks] == ["1", "2"]


def test_entry_written_by_a_forked_child(tmp_path, reg, settled):
    c = Cache(tmp_path / "c")
    r = load(reg, None)
    c.put_soon("registry", ("x",), r.inputs, (r.registry, r.problems))
    c.wait()
    assert c.get("registry", ("x",)) == (r.registry, r.problems)


def test_a_clean_load_keeps_the_index_a_writer_needs(tmp_path, reg, settled):
    c = Cache(tmp_path / "c")
    assert load(reg, c).problems == []
    assert len(list((tmp_path / "c").glob("index-*.pickle"))) == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(REG.replace("section: 1", "section: 9"), encoding="utf-8")
    os.utime(bad, (time.time() - 10, time.time() - 10))
    assert load(bad, Cache(tmp_path / "d")).problems
    assert list((tmp_path / "d").glob("index-*.pickle")) == []
