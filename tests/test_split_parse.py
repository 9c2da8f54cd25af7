"""A large file read in parts by forked workers gives what reading it whole gives, or steps aside."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import output
from audit.cli.app import app
from audit.report import batch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import gen  # noqa: E402


def run(*args):
    output.reset()
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def big(tmp_path) -> Path:
    p = tmp_path / "tasks.yaml"
    p.write_text(gen.registry_text(300, periods=4, seed=11), encoding="utf-8")
    return p


def both(monkeypatch, *args):
    """(whole, in parts) results of one command, each with an empty cache."""
    monkeypatch.setenv("AUDIT_NO_CACHE", "1")
    monkeypatch.setattr(batch, "SPLIT_MIN_BYTES", 10**12)
    whole = run(*args)
    calls = []
    real = batch.rows_from_file
    monkeypatch.setattr(batch, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(batch, "SPLIT_TASKS_PER_PART", 40)
    monkeypatch.setattr(batch, "rows_from_file", lambda *a, **k: calls.append(1) or real(*a, **k))
    parts = run(*args)
    return whole, parts, calls


@pytest.mark.parametrize("args", [["status", "--json"], ["status"], ["laggards"], ["laggards", "--json"],
                                  ["status", "--json", "--section", "4", "--period", "2021-H1"]])
def test_parts_answer_like_the_whole(big, monkeypatch, args):
    whole, parts, calls = both(monkeypatch, *args, "-r", str(big))
    assert calls == [1]
    assert (parts.exit_code, parts.stdout) == (whole.exit_code, whole.stdout)


def test_split_points_are_item_starts(big):
    raw = big.read_bytes()
    head, cuts = batch.split_tasks(raw)
    assert head.count(b"\n") == raw.count(b"\n") and b"tasks: []\n" in head
    for start, end, line in cuts:
        assert raw[start:].startswith(b"  - id: ") and raw.count(b"\n", 0, start) == line


def _copied(t: str) -> str:
    """Task 12 once more, under another id, in another part: one task imported twice."""
    start, end = t.index('  - id: "12"\n'), t.index('  - id: "13"\n')
    at = t.index('  - id: "270"\n')
    return t[:at] + t[start:end].replace('id: "12"', 'id: "12b"', 1) + t[at:]


@pytest.mark.parametrize("damage", [
    lambda t: t.replace('  - id: "250"\n    section: 9', '  - id: "250"\n    section: 99', 1),  # unknown section
    _copied,
    lambda t: t.replace('  - id: "260"', '  - id: "12"', 1),  # a repeated id, in another part
    lambda t: t.replace('  - id: "270"', '  - id: "270\n', 1),  # an unclosed quote
])
def test_a_problem_anywhere_falls_back_to_the_whole_file(big, monkeypatch, damage):
    big.write_text(damage(big.read_text(encoding="utf-8")), encoding="utf-8")
    whole, parts, calls = both(monkeypatch, "status", "--json", "-r", str(big))
    assert calls == [1] and whole.exit_code == 2
    assert (parts.exit_code, parts.stdout, parts.stderr) == (whole.exit_code, whole.stdout, whole.stderr)
