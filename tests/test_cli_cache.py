"""Commands give the same answer from the cache as without it, and see every change."""
from __future__ import annotations

import json
import os
import time

import pytest
from typer.testing import CliRunner

from audit.cli.app import app
from audit.registry import cache as cache_mod

runner = CliRunner()


def run(*args: str):
    from audit.cli import output

    output.reset()
    return runner.invoke(app, list(args))


@pytest.fixture
def aged(small_registry, monkeypatch):
    monkeypatch.setattr(cache_mod, "FRESH_SECONDS", -1.0)
    t = time.time() - 60
    os.utime(small_registry, (t, t))
    return small_registry


@pytest.mark.parametrize("args", [("status",), ("status", "--json"), ("laggards",), ("laggards", "--json"),
                                  ("status", "--section", "2"), ("laggards", "--unit", "县经信局"), ("check",),
                                  ("show", "1"), ("show", "2", "--json"), ("render-notice",)])
def test_cached_answer_is_the_same(aged, args, monkeypatch):
    cmd = [args[0], str(aged)] if args[0] == "check" else [args[0], *args[1:], "-r", str(aged)]
    monkeypatch.setenv("AUDIT_NO_CACHE", "1")
    plain = run(*cmd)
    monkeypatch.delenv("AUDIT_NO_CACHE")
    cold, warm = run(*cmd), run(*cmd)
    assert plain.exit_code == cold.exit_code == warm.exit_code
    assert plain.stdout == cold.stdout == warm.stdout
    assert os.listdir(os.environ["AUDIT_CACHE_DIR"])  # something was cached


def test_edit_shows_in_the_next_status(aged):
    before = json.loads(run("status", "-r", str(aged), "--json").stdout)
    assert before["total"] == 3
    text = aged.read_text(encoding="utf-8").replace("项目目前暂无进展。", "已完成全部建设任务。")
    aged.write_text(text, encoding="utf-8")
    after = json.loads(run("status", "-r", str(aged), "--json").stdout)
    row = next(r for r in after["tasks"] if r["id"] == "2")
    assert row["status"] != "stalled" and "暂无进展" not in json.dumps(after, ensure_ascii=False)


def test_no_cache_writes_nothing(small_registry, monkeypatch):
    monkeypatch.setenv("AUDIT_NO_CACHE", "1")
    assert run("status", "-r", str(small_registry), "--json").exit_code == 0
    assert os.listdir(os.environ["AUDIT_CACHE_DIR"]) == []
