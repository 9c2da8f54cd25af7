"""Rows assessed in chunks (and in forked workers) make the very report and JSON `reports.status` makes."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from audit.judge.assess import assess
from audit.registry.load import load
from audit.report import batch, reports
from audit.report.jsonout import json_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import gen  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("gen") / "tasks.yaml"
    p.write_text(gen.registry_text(240, periods=4, seed=7), encoding="utf-8")
    return p


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("section", [None, 3])
def test_batch_json_equals_plain_report(generated, monkeypatch, workers, section):
    monkeypatch.setattr(batch, "PARALLEL_MIN", 10)
    reg = load(generated).registry
    pid = reg.period_ids[-2]
    want = reports.status(reg, assess(reg, pid), pid, 0.75, section)
    keep = lambda r: r["status"] in ("stalled", "lagging")  # noqa: E731
    got = batch.rows(reg, pid, section, want_json=True, keep=keep, workers=workers)
    report = reports.summarise(reg, got.slim, pid, 0.75, section)
    assert b"".join(batch.json_pieces(report, got.json_chunks)).decode("utf-8") == json_text(want)
    assert got.kept == [r for r in want["tasks"] if keep(r)]
    assert {k: v for k, v in report.items() if k != "tasks"} == {k: v for k, v in want.items() if k != "tasks"}


def test_empty_selection_gives_an_empty_array(small_registry):
    reg = load(small_registry).registry
    got = batch.rows(reg, "2023-Q1", 9, want_json=True)
    report = reports.summarise(reg, got.slim, "2023-Q1", 0.25, 9)
    want = reports.status(reg, assess(reg, "2023-Q1"), "2023-Q1", 0.25, 9)
    assert b"".join(batch.json_pieces(report, got.json_chunks)).decode("utf-8") == json_text(want)


def test_spans_cover_like_a_linear_scan():
    from audit.judge.reading import Spans as _Spans

    spans = [(5, 9), (7, 12), (20, 21), (30, 30), (40, 45)]
    s = _Spans(spans)
    for pos in range(0, 50):
        assert s.covers(pos) == any(a <= pos < b for a, b in spans), pos
