"""The console entry point: the app runs, and the cycle collector is back on when it does."""
from __future__ import annotations

import gc
import subprocess
import sys

import pytest


@pytest.fixture
def restore_gc():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    gc.enable()


def test_entry_runs_the_app_with_the_collector_enabled(monkeypatch, restore_gc, capsys):
    from audit import entry
    from audit.cli import app

    seen = {}

    def fake_run():
        seen["enabled"] = gc.isenabled()
        seen["threshold"] = gc.get_threshold()[0]

    monkeypatch.setattr(app, "main", fake_run)
    entry.main()
    assert seen == {"enabled": True, "threshold": 50_000}


def test_python_dash_m_audit_prints_chinese_help():
    out = subprocess.run([sys.executable, "-m", "audit", "-h"], capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0 and out.stdout.startswith("用法：python -m audit [选项] 命令")
