"""The one writer: round trip keeps comments and layout; writes are atomic; refusals leave files alone."""
from __future__ import annotations

import os

import pytest

from audit.core.errors import WriteRefused
from audit.registry.load import load, load_text
from audit.registry.save import atomic_write, edit, styled, to_yaml_text, write_new


def test_round_trip_edit_keeps_comments_order_and_blocks(small_registry):
    before = small_registry.read_text(encoding="utf-8")

    def add_entry(doc):
        task = next(t for t in doc["tasks"] if t["id"] == "2")
        task["progress"].append(styled({"period": "2023-H1", "text": "已完成项目可研编制，正在开展环评。" * 3}))

    edit(small_registry, add_entry)
    after = small_registry.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # everything before the new entry is byte-identical
    added = after[len(before.rstrip("\n")):]
    assert added == "\n      - period: 2023-H1\n        text: |-\n          " + "已完成项目可研编制，正在开展环评。" * 3 + "\n"
    assert (small_registry.parent / "tasks.yaml.bak").read_text(encoding="utf-8") == before
    assert load(small_registry).problems == []


def test_edit_that_raises_leaves_file_untouched(small_registry):
    before = small_registry.read_bytes()

    def boom(doc):
        doc["meta"]["title"] = "changed"
        raise WriteRefused("不写了")

    with pytest.raises(WriteRefused):
        edit(small_registry, boom)
    assert small_registry.read_bytes() == before
    assert not (small_registry.parent / "tasks.yaml.bak").exists()


def test_dry_run_writes_nothing(small_registry):
    before = small_registry.read_bytes()
    edit(small_registry, lambda doc: doc["meta"].__setitem__("title", "x"), dry_run=True)
    assert small_registry.read_bytes() == before


def test_to_yaml_text_quotes_ids_and_blocks_long_text():
    doc = {
        "meta": {"title": "标题", "year": 2021, "periods": [{"id": "2021-H1"}]},
        "sections": [{"no": 1, "title": "目标"}],
        "tasks": [{"id": "1.1", "section": 1, "goal": "短目标。",
                   "progress": [{"period": "2021-H1", "text": "第一段。\n第二段：含冒号: 和 # 号，也不怕。"}]}],
    }
    text = to_yaml_text(doc, header="由测试生成")
    assert text.startswith("# 由测试生成\n")
    assert '- id: "1.1"' in text
    assert "text: |-\n" in text
    reg = load_text(text, "x.yaml")
    assert reg.problems == []
    assert reg.registry.tasks[0].progress[0].text == "第一段。\n第二段：含冒号: 和 # 号，也不怕。"


def test_text_that_cannot_be_a_block_stays_quoted_and_exact():
    tricky = "  前导空格的段落，长度足够长足够长足够长足够长足够长足够长足够长足够长足够长。  "
    text = to_yaml_text({"meta": {"title": tricky}})
    from ruamel.yaml import YAML

    assert YAML(typ="safe").load(text)["meta"]["title"] == tricky


def test_atomic_write_replaces_and_keeps_mode(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text("old")
    os.chmod(p, 0o640)
    atomic_write(p, "new")
    assert p.read_text() == "new"
    assert (p.stat().st_mode & 0o777) == 0o640
    assert [x.name for x in tmp_path.iterdir()] == ["f.yaml"]  # no temp file left behind


def test_atomic_write_to_missing_folder_is_refused(tmp_path):
    with pytest.raises(WriteRefused, match="文件夹"):
        atomic_write(tmp_path / "nope" / "f.yaml", "x")


def test_write_new_refuses_to_overwrite(tmp_path):
    p = tmp_path / "out.yaml"
    p.write_text("keep")
    with pytest.raises(WriteRefused, match="--force"):
        write_new(p, "new")
    assert p.read_text() == "keep"
    write_new(p, "new", force=True)
    assert p.read_text() == "new"


def test_failed_write_leaves_old_file(tmp_path, monkeypatch):
    import errno

    p = tmp_path / "f.yaml"
    p.write_text("old")

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(WriteRefused, match="磁盘空间不足"):
        atomic_write(p, "new" * 1000)
    assert p.read_text() == "old"
    assert [x.name for x in tmp_path.iterdir()] == ["f.yaml"]


def test_replace_all_is_all_or_nothing(tmp_path, monkeypatch):
    from audit.registry import save

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("a-old\n")
    b.write_text("b-old\n")
    save.replace_all({str(a): "a-new\n", str(b): "b-new\n"})
    assert (a.read_text(), b.read_text()) == ("a-new\n", "b-new\n")
    assert ((tmp_path / "a.yaml.bak").read_text(), (tmp_path / "b.yaml.bak").read_text()) == ("a-old\n", "b-old\n")

    real = save._replace

    def second_fails(src, dst):
        if dst == b:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(save, "_replace", second_fails)
    with pytest.raises(WriteRefused) as e:
        save.replace_all({str(a): "a-newer\n", str(b): "b-newer\n"})
    assert e.value.message == (f"写入 {b} 时出错（磁盘空间不足），本次改动没有生效：已写入的 {a} 已用备份恢复原样，"
                               "所有文件与写入前相同。请排除问题后重试。")
    assert (a.read_text(), b.read_text()) == ("a-new\n", "b-new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "a.yaml.bak", "b.yaml", "b.yaml.bak"]
