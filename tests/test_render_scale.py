"""render-notice on large registries: the same draft made in pieces, in parts, and from the cache."""
from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import render_support as rs
from audit.drafts import filters, render, sandbox
from audit.judge.assess import assess
from audit.registry import cache as cache_mod
from audit.registry.load import load
from audit.report import batch
from audit.report.reports import status
from conftest import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import gen  # noqa: E402


def md_escape_in_full(value) -> str:
    """md_escape without its shortcut for text that needs no escaping."""
    text = filters.clean(str(value))
    text = filters._MD_INLINE.sub(r"\\\1", text)
    text = filters._MD_ENTITY.sub(r"\\&", text)
    lines = [ln.strip(" \t") for ln in text.split("\n")]
    text = "\n\n".join(ln for ln in lines if ln)
    return filters._MD_LINE_START.sub(lambda m: m[1] + filters._escape_marker(m[2]), text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("ab 1９.)#>+-=*_`[]<>|~\\&;\t\n\r\x00\x85\u3000中。") + ["&amp;", "１."]),
                max_size=12).map("".join))
def test_md_escape_shortcut_changes_nothing(text):
    assert filters.md_escape(text) == md_escape_in_full(text)


@pytest.mark.parametrize("text", ["新建5G基站200个以上。", "市发改局", "第28项", "a b", "１２３"])
def test_md_escape_leaves_plain_text_alone(text):
    assert filters.md_escape(text) == text


def test_pieces_are_the_rendered_text(monkeypatch):
    ctx = rs.context()
    choice = render.template_search(None, None, "md")
    whole = sandbox.render_template(choice, "md", ctx)
    monkeypatch.setattr(sandbox, "PIECE_CHARS", 7)  # many small pieces
    pieces = sandbox.render_pieces(choice, "md", ctx)
    assert len(pieces) > 10
    assert b"".join(pieces) == whole.encode("utf-8")


def test_pieces_never_split_a_windows_line_break(monkeypatch, tmp_path):
    (tmp_path / "t.md.j2").write_bytes(b"{{ meta.title|safe }}" + b"\r\n" * 5 + b"x\rz\r")
    monkeypatch.setattr(sandbox, "PIECE_CHARS", 1)
    choice = render.template_search(None, str(tmp_path / "t.md.j2"), "md")
    ctx = rs.context()
    assert b"".join(sandbox.render_pieces(choice, "md", ctx)) == sandbox.render_template(choice, "md", ctx).encode()
    chunks = ["a\r", "\nb\r", "\r\n", "\r"]
    assert b"".join(sandbox._utf8_pieces(iter(chunks), 100)) == sandbox.clean("".join(chunks)).encode()


@pytest.mark.parametrize("piece", [7, 1 << 20])
def test_pieces_stop_at_the_output_bound(monkeypatch, piece):
    from audit.core.errors import AuditError

    monkeypatch.setattr(sandbox, "PIECE_CHARS", piece)
    monkeypatch.setattr(sandbox, "OUTPUT_PER_TEXT", 0)
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 1000)
    with pytest.raises(AuditError) as e:
        sandbox.render_pieces(render.template_search(None, None, "md"), "md", rs.context())
    assert "notice.md.j2" in e.value.message and "已停止" in e.value.message


def test_output_bound_grows_with_the_registry():
    small = sandbox._limits({"tasks": []})
    assert small == (sandbox.MAX_OUTPUT, sandbox.RENDER_SECONDS)
    big = sandbox._limits({"tasks": [{"goal": "目标", "progress": "进" * 98}] * 100_000})
    assert big == (sandbox.MAX_OUTPUT + sandbox.OUTPUT_PER_TEXT * 100 * 100_000, sandbox.RENDER_SECONDS + 100)
    assert sandbox._limits({"tasks": "not tasks"}) == small


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("gen") / "tasks.yaml"
    p.write_text(gen.registry_text(300, periods=4, seed=3), encoding="utf-8")
    return p


def test_context_from_extras_is_the_context_from_tasks(generated):
    reg = load(generated).registry
    pid = reg.period_ids[1]
    report = status(reg, assess(reg, pid), pid, 0.5)
    today = date(2021, 7, 5)
    want = render.build_context(reg, report, pid, signed=today)
    extras = [render.task_extras(reg.task(r["id"]), r, pid) for r in report["tasks"]]
    head = reg.__class__(reg.meta, reg.sections, (), reg.path)
    got = render.build_context(head, report, pid, signed=today, extras=extras)
    assert got == want
    in_groups = [t["id"] for s in got["sections"] for g in s["groups"] for t in g["tasks"]]
    assert sorted(in_groups) == sorted(t.id for t in reg.tasks)  # every task once


def test_notice_from_parts_is_the_notice_from_the_whole(generated, monkeypatch):
    monkeypatch.setenv("AUDIT_NO_CACHE", "1")
    monkeypatch.setattr(batch, "SPLIT_MIN_BYTES", 10**12)
    whole = run_cli("render-notice", "-r", str(generated), env={"AUDIT_NO_CACHE": "1"})
    calls = []
    real = batch.rows_from_file
    monkeypatch.setattr(batch, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(batch, "SPLIT_TASKS_PER_PART", 40)
    monkeypatch.setattr(batch, "rows_from_file", lambda *a, **k: calls.append(1) or real(*a, **k))
    parts = run_cli("render-notice", "-r", str(generated), env={"AUDIT_NO_CACHE": "1"})
    assert calls == [1]
    assert whole.exit_code == parts.exit_code == 0
    assert parts.stdout == whole.stdout and parts.stderr == whole.stderr
    assert "## 存在的问题" in whole.stdout


@pytest.fixture
def settled(tmp_path, monkeypatch):
    """A registry whose files the cache trusts at once."""
    monkeypatch.setattr(cache_mod, "FRESH_SECONDS", -1.0)
    folder = tmp_path / "office"
    folder.mkdir()
    p = folder / "tasks.yaml"
    p.write_text(gen.registry_text(40, periods=2, seed=5), encoding="utf-8")
    t = time.time() - 60
    os.utime(p, (t, t))
    return p


def cached_kinds() -> list[str]:
    return sorted({f.name.rsplit("-", 1)[0] for f in Path(os.environ["AUDIT_CACHE_DIR"]).glob("*.pickle")})


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_warm_draft_is_the_cold_draft(settled, fmt, monkeypatch):
    cold = run_cli("render-notice", "-r", str(settled), "-f", fmt)
    assert "notice" in cached_kinds() and "notice-unreported" in cached_kinds()
    monkeypatch.setattr(render, "render_pieces", None)  # a warm run copies the draft: nothing is rendered
    warm = run_cli("render-notice", "-r", str(settled), "-f", fmt)
    assert cold.exit_code == warm.exit_code == 0
    assert warm.stdout == cold.stdout and warm.stderr == cold.stderr
    assert "未报送" in warm.stderr


def test_cached_draft_written_to_a_file(settled, tmp_path):
    first = run_cli("render-notice", "-r", str(settled), "-o", str(tmp_path / "a.md"))
    again = run_cli("render-notice", "-r", str(settled), "-o", str(tmp_path / "b.md"))
    assert first.exit_code == again.exit_code == 0
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes() != b""


def test_a_changed_or_new_template_is_used_not_the_cached_draft(settled):
    before = run_cli("render-notice", "-r", str(settled))
    local = settled.parent / "templates"
    local.mkdir()
    (local / "notice.md.j2").write_text("本地模板 {{ meta.title }}\n", encoding="utf-8")
    t = time.time() - 30
    os.utime(local / "notice.md.j2", (t, t))
    mine = run_cli("render-notice", "-r", str(settled))
    assert before.stdout.startswith("# ") and mine.stdout.startswith("本地模板 ")
    (local / "notice.md.j2").write_text("改过的模板 {{ meta.year }}\n", encoding="utf-8")
    os.utime(local / "notice.md.j2", (t + 1, t + 1))
    assert run_cli("render-notice", "-r", str(settled)).stdout == "改过的模板 2021\n"
    (local / "part.md.j2").write_text("被引用\n", encoding="utf-8")  # a new file beside it: the folder changed
    (local / "notice.md.j2").write_text("{% include 'part.md.j2' %}", encoding="utf-8")
    os.utime(local / "notice.md.j2", (t + 1, t + 1))
    assert run_cli("render-notice", "-r", str(settled)).stdout == "被引用\n"


def test_a_changed_registry_is_rendered_again(settled):
    before = run_cli("render-notice", "-r", str(settled))
    text = settled.read_text(encoding="utf-8").replace("赤壁市人民政府办公室", "某县人民政府办公室")
    settled.write_text(text, encoding="utf-8")
    t = time.time() - 30
    os.utime(settled, (t, t))
    after = run_cli("render-notice", "-r", str(settled))
    assert "赤壁市人民政府办公室" in before.stdout and "某县人民政府办公室" in after.stdout


def test_the_draft_is_signed_on_the_day_it_is_made(settled, monkeypatch):
    from audit.cli.commands import draft

    first = draft._notice(str(settled), None, None, "md", draft.Heading(None, None, date(2021, 7, 5)))
    second = draft._notice(str(settled), None, None, "md", draft.Heading(None, None, date(2021, 7, 6)))
    text = [b"".join(d[0]) if isinstance(d[0], list) else None for d in (first, second)]
    assert b"2021" in text[0] and text[0] != text[1]  # a new day is a new draft, not the cached one
