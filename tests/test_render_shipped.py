"""The draft of the shipped registry: all 123 items in order, status numbers, exactly the laggards."""
from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from audit.cli import output
from audit.cli.app import app
from audit.core import resources
from audit.core.numerals import to_chinese
from audit.core.typeset import punctuate
from audit.drafts.filters import f_oneline, md_escape

SHIPPED = str(resources.shipped_registry())
pytestmark = pytest.mark.skipif(not resources.shipped_registry().exists(), reason="no shipped registry")


def invoke(*args) -> str:
    r = CliRunner().invoke(app, ["--registry", SHIPPED, *args])
    output.reset()
    assert r.exit_code == 0, r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def both():
    return invoke("render-notice"), json.loads(invoke("status", "--json"))


def test_every_item_in_the_circulars_order(both):
    draft, status = both
    body = draft.split("## 存在的问题")[0]
    body = body[body.index("## 一、"):]
    pos = -1
    for row in status["tasks"]:
        found = body.find(md_escape(punctuate(f_oneline(row["goal"]))), pos + 1)
        assert found > pos, f"task {row['id']} missing or out of order"
        pos = found
    assert len(status["tasks"]) == 123


def test_summary_numbers_are_those_of_status_json(both):
    draft, status = both
    c = status["counts"]
    assert (f"纳入督查的{status['total']}项重点任务中，已完成{c['completed']}项" in draft)
    assert f"滞后{c['lagging']}项" in draft and f"停滞{c['stalled']}项" in draft
    for s in status["sections"]:
        cells = " | ".join(str(s[k]) for k in ("tasks", "completed", "on_track", "lagging", "stalled", "unassessed"))
        assert f"| {to_chinese(s['no'])}、{md_escape(punctuate(s['title']))} | {cells} |" in draft


def test_problems_list_exactly_the_lagging_and_stalled_tasks(both):
    draft, status = both
    problems = draft.split("## 存在的问题")[1].split("## 下一步工作要求")[0]
    stalled_part, _, rest = problems.partition("进度滞后的任务")
    lagging_part = rest.split("待评估的任务")[0]

    def ids(part: str) -> list[str]:
        return re.findall(r"^\d+\. 第.部分第(\d+)项", part, re.M)

    want = {k: [r["id"] for r in status["tasks"] if r["status"] == k] for k in ("stalled", "lagging")}
    assert ids(stalled_part) == want["stalled"]
    assert ids(lagging_part) == want["lagging"]
