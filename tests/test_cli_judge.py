"""The judgement at the command line: the rule that decided in `status --json` and `show`, `show --explain`,
and an office's own lexicon beside the registry (used by every reading command, checked by `check`)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from audit.judge.rules import RULES
from conftest import run_cli

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "tasks.yaml"
NAMES = {r.__name__ for r in RULES}
ENV = {"AUDIT_NO_CACHE": "1"}

REGISTRY = """\
meta:
  title: 关于2022年重点工作前三季度进展情况的通报
  year: 2022
  periods:
    - id: 2022-Q3
      as_of: 2022-09-30
sections:
  - no: 1
    title: 重点民生实事
tasks:
  - id: "1"
    section: 1
    goal: 实施城区老旧小区改造。
    progress:
      - period: 2022-Q3
        text: 进展偏慢的5项分别是:新建农村公办幼儿园、改(新)建农村户用厕所、城区老旧小区改造、农村敬老院防雷工程改造。
  - id: "2"
    section: 1
    goal: 推进城南片区道路建设。
    progress:
      - period: 2022-Q3
        text: 已完成路基工程，项目原地踏步。
  - id: "3"
    section: 1
    goal: 新建城东公园。
"""


@pytest.fixture
def office(tmp_path: Path) -> Path:
    path = tmp_path / "tasks.yaml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def _tasks(path: Path) -> dict[str, dict]:
    r = run_cli("status", "--json", "-r", str(path), env=ENV)
    assert r.exit_code == 0, r.output
    return {t["id"]: t for t in json.loads(r.stdout)["tasks"]}


def test_every_call_names_its_rule():
    r = run_cli("status", "--json", "-r", str(SHIPPED), env=ENV)
    rows = json.loads(r.stdout)["tasks"]
    assert rows and all(t["rule"] in NAMES for t in rows)


def test_show_names_the_rule_and_explains_any_task(office):
    r = run_cli("show", "1", "-r", str(office), env=ENV)
    assert r.exit_code == 0 and "规则：named_in_status_list（列入按状态分类的清单）" in r.stdout
    for tid in ("1", "2", "3"):  # 3 has no report at all
        r = run_cli("show", tid, "--explain", "-r", str(office), env={**ENV, "COLUMNS": "200"})
        assert r.exit_code == 0, r.output
        assert "读到的事实：" in r.stdout and "评估规则（按顺序" in r.stdout
        assert r.stdout.count("【作出结论】") == 1
        assert all(f"】{r_.__name__}（" in r.stdout for r_ in RULES)
    r = run_cli("show", "1", "--explain", "-r", str(office), env={**ENV, "COLUMNS": "200"})
    assert "【作出结论】named_in_status_list（列入按状态分类的清单）：→滞后" in r.stdout
    assert "清单中的这项任务：城区老旧小区改造" in r.stdout


def test_show_explain_json(office):
    r = run_cli("show", "1", "--explain", "--json", "-r", str(office), env=ENV)
    got = json.loads(r.stdout)
    steps = got["explain"]["rules"]
    assert [s["name"] for s in steps] == [r_.__name__ for r_ in RULES]
    assert [s["name"] for s in steps if s["decided"]] == [got["rule"]] == ["named_in_status_list"]
    assert {"what": "清单中的这项任务", "read": "城区老旧小区改造"} in got["explain"]["facts"]
    assert "explain" not in json.loads(run_cli("show", "1", "--json", "-r", str(office), env=ENV).stdout)


def test_explain_works_for_every_task_of_the_shipped_registry():
    from audit.judge.explain import explain
    from audit.registry.load import load

    reg = load(str(SHIPPED)).registry
    pid = reg.meta.latest.id
    for task in reg.tasks:
        ex = explain(task, reg.meta, pid)
        assert sum(s.decided for s in ex.steps) == 1 and ex.assessment.rule in NAMES


def test_an_offices_own_words_beside_the_registry_are_used_and_checked(office):
    assert _tasks(office)["2"]["status"] == "on_track"  # 原地踏步 is no word of the shipped lexicon
    (office.parent / "signals.yaml").write_text("behind:\n  - 原地踏步\n", encoding="utf-8")
    row = _tasks(office)["2"]
    assert (row["status"], row["rule"]) == ("lagging", "office_status_word")
    assert run_cli("check", str(office)).exit_code == 0


def test_a_broken_lexicon_is_reported_by_check_and_refused_by_the_rest(office):
    (office.parent / "signals.yaml").write_text("behind:\n  - 原地踏步\n  - [a]\nstal:\n  - 暂停\n", encoding="utf-8")
    r = run_cli("check", str(office))
    assert r.exit_code == 1
    assert "signals.yaml:3:5: behind[1]: 应为一个词语" in r.stderr
    assert "signals.yaml:4:1: stal: 不认识的类别 “stal”。是不是 “stall”？" in r.stderr
    r = run_cli("check", str(office), "--json")
    assert [(p["line"], p["field"]) for p in json.loads(r.stdout)["problems"]] == [(3, "behind[1]"), (4, "stal")]
    r = run_cli("status", "-r", str(office), env=ENV)
    assert r.exit_code == 2 and "behind[1]" in r.stderr and "Traceback" not in r.output


def test_the_cached_report_follows_an_edit_of_the_lexicon(office, tmp_path):
    env = {"AUDIT_CACHE_DIR": str(tmp_path / "cache")}
    assert json.loads(run_cli("status", "--json", "-r", str(office), env=env).stdout)["tasks"][1]["status"] == "on_track"
    (office.parent / "signals.yaml").write_text("behind:\n  - 原地踏步\n", encoding="utf-8")
    assert json.loads(run_cli("status", "--json", "-r", str(office), env=env).stdout)["tasks"][1]["status"] == "lagging"


def test_a_registry_without_a_lexicon_beside_it_is_judged_by_the_shipped_one(tmp_path):
    copy = tmp_path / "tasks.yaml"
    shutil.copy(SHIPPED, copy)
    assert {k: v["status"] for k, v in _tasks(copy).items()} == {k: v["status"] for k, v in _tasks(SHIPPED).items()}
