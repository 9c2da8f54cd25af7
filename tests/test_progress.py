"""Long work tells its progress through a plain callback; the command line shows it as a Rich bar on
standard error on a terminal, never when output is piped and never with --json."""
from __future__ import annotations

from audit.cli import console
from audit.registry.load import load
from audit.report import batch, pipeline
from conftest import run_cli


def test_assessment_tells_its_progress_and_gives_the_same_rows(small_registry, monkeypatch):
    reg = load(small_registry).registry
    whole = batch.rows(reg, "2023-Q1", workers=1)
    told: list[tuple[int, int]] = []
    monkeypatch.setattr(batch, "STEPS", 1)
    parts = batch.rows(reg, "2023-Q1", workers=1, progress=lambda done, total: told.append((done, total)))
    assert parts == whole
    assert told == [(1, 3), (2, 3), (3, 3)]


def test_the_status_pipeline_passes_progress_on(small_registry, monkeypatch):
    monkeypatch.setattr(batch, "STEPS", 1)
    told = []
    pipeline.status_part(str(small_registry), None, None, "summary", cache=None, progress=lambda d, t: told.append((d, t)))
    assert told[-1] == (3, 3)


def _run(monkeypatch, small_registry, *args, env):
    monkeypatch.setattr(batch, "STEPS", 1)
    monkeypatch.setattr(console, "PROGRESS_AFTER", 0)
    return run_cli(*args, "-r", str(small_registry), env={"AUDIT_NO_CACHE": "1", **env})


def test_a_terminal_gets_a_bar_on_standard_error(small_registry, monkeypatch):
    r = _run(monkeypatch, small_registry, "laggards", env={"TTY_COMPATIBLE": "1", "COLUMNS": "80"})
    assert r.exit_code == 0
    assert "评估任务" in r.stderr and "\x1b[2K" in r.stderr  # drawn, then wiped before the listing


def test_no_bar_when_piped_or_json(small_registry, monkeypatch):
    assert _run(monkeypatch, small_registry, "laggards", env={}).stderr == ""
    assert _run(monkeypatch, small_registry, "status", "--json", env={"TTY_COMPATIBLE": "1"}).stderr == ""


def test_no_bar_for_work_that_is_over_quickly(small_registry, monkeypatch):
    monkeypatch.setattr(batch, "STEPS", 1)
    r = run_cli("laggards", "-r", str(small_registry), env={"AUDIT_NO_CACHE": "1", "TTY_COMPATIBLE": "1"})
    assert r.stderr == ""
