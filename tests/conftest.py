"""Shared test helpers: fixture paths, a CLI runner that never leaks Rich consoles between runs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"
UPDATE_GOLDEN = bool(os.environ.get("AUDIT_UPDATE_GOLDEN"))


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: big generated inputs (tens of seconds); deselect with -m 'not slow'")


@pytest.fixture
def minimal_text() -> str:
    return (GOOD / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture
def registry(tmp_path, minimal_text) -> Path:
    """A writable copy of the minimal registry in a fresh folder."""
    p = tmp_path / "tasks.yaml"
    p.write_text(minimal_text, encoding="utf-8")
    return p


def run_cli(*args: str, env: dict | None = None):
    """Run `audit ARGS` in-process; returns the CliRunner result (stdout and stderr kept apart)."""
    from typer.testing import CliRunner

    from audit import app as app_mod
    from audit import output

    output.reset()
    app_mod.state.debug = False
    app_mod.state.registry = None
    try:
        runner = CliRunner()
    except TypeError:  # pragma: no cover
        runner = CliRunner()
    result = runner.invoke(app_mod.app, list(args), env=env or {}, catch_exceptions=True)
    output.reset()
    return result
