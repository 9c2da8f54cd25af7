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


@pytest.mark.parametrize("args, command", [
    (["status"], "status"), (["-r", "x.yaml", "laggards", "-n", "3"], "laggards"), (["--registry", "status", "show", "1"], "show"),
    (["--debug", "check", "a.yaml"], "check"), (["update", "28", "--text", "status"], "update"), (["-h"], None), ([], None),
])
def test_the_command_is_the_first_word_that_is_not_an_option_of_audit(args, command):
    from audit.entry import command_of

    assert command_of(args) == command


def test_a_reading_command_answers_as_the_whole_app_without_loading_the_importers(small_registry, tmp_path):
    import json
    import os
    from pathlib import Path

    from conftest import run_cli

    cli = str(Path(__file__).resolve().parents[1] / "cli")
    code = ("import sys, json\nsys.argv = ['audit', 'laggards', '-r', %r]\nfrom audit import entry\ntry:\n    entry.main()\n"
            "except SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)\n" % str(small_registry))
    env = {**os.environ, "PYTHONPATH": cli, "AUDIT_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", env=env)
    loaded = set(json.loads(out.stderr.splitlines()[-1]))
    assert not [m for m in loaded if m.startswith(("audit.exchange", "audit.cli.commands.year", "audit.drafts"))]
    assert out.stdout == run_cli("laggards", "-r", str(small_registry)).stdout
