"""Diffs between periods, units ranked for the circular, 未报送; and concurrent updates all landing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from audit.cli.app import app
from audit.core.model import Assessment
from audit.registry.load import load, load_text
from audit.report import history
from ledger_fixture import REGISTRY, write_registry

runner = CliRunner()
CLI = Path(__file__).resolve().parent.parent / "cli"


def cli(reg: Path, *args: str):
    return runner.invoke(app, ["--registry", str(reg), *args])


def a(tid: str, status: str, ratio: float | None = None, period: str = "p") -> Assessment:
    return Assessment(task_id=tid, period=period, status=status, basis="ratio" if ratio is not None else "text",
                      pace=0.5, ratio=ratio)


def test_similarity_ignores_spacing_and_punctuation():
    assert history.similarity("完成投资5亿元。", " 完成投资 5 亿元 ") == 1.0
    assert history.similarity("完成投资5亿元", "完成投资５亿元！") == 1.0  # 全角 digits and marks
    long = "项目已完成立项审批和初步设计，正在开展施工图设计和招投标准备工作，预计三季度开工建设。"
    assert history.similarity(long, long.replace("三季度", "四季度")) >= history.STALE_AT
    assert history.similarity("暂无进展。", "已开工建设，完成投资2亿元。") < history.STALE_AT
    assert history.similarity("", "x") == 0.0


def test_movement():
    assert history.movement("lagging", "on_track") == "improved"
    assert history.movement("on_track", "stalled") == "worsened"
    assert history.movement("stalled", "stalled") == "same"
    assert history.movement("unassessed", "lagging") == "changed"


def test_diff_groups():
    reg = load_text(REGISTRY, "t.yaml").registry
    before = [a("1.1", "on_track"), a("1", "lagging", 0.3), a("2", "unassessed"), a("3", "stalled"), a("1.10", "unassessed")]
    after = [a("1.1", "on_track"), a("1", "on_track", 0.75), a("2", "lagging"), a("3", "stalled"), a("1.10", "unassessed")]
    d = history.diff(reg, before, after, "2021-Q1", "2021-H1")
    g = d["groups"]
    assert g["improved"] == ["1"]
    assert g["worsened"] == []
    assert g["unreported"] == ["2", "1.10"]
    assert g["status_changed"] == []  # 2 moved to lagging but has no H1 report: named as unreported only
    assert g["updated"] == ["1.1", "1", "3"]  # 1.1 changed text; 1 and 3 had nothing in Q1
    row = next(r for r in d["tasks"] if r["id"] == "1")
    assert row["ratio_change"] == 0.45 and row["label_to"] == "序时推进"


def test_diff_refuses_backwards_periods(tmp_path):
    reg = write_registry(tmp_path)
    r = cli(reg, "diff", "2021-H1", "2021-Q1")
    assert r.exit_code == 2 and "先早后晚" in r.stderr
    r = cli(reg, "diff", "2021-H1")  # P2 defaults to the latest, which is H1 itself
    assert r.exit_code == 2 and "2021-H1 不早于 2021-H1" in r.stderr
    r = cli(reg, "diff", "--json")  # defaults: the latest against the one before
    assert r.exit_code == 0
    assert json.loads(r.stdout)["from"] == "2021-Q1"


def test_units_rank_by_stalled_lagging_unreported_and_merge_aliases(tmp_path):
    reg = load(write_registry(tmp_path)).registry
    assessments = [a("1.1", "on_track"), a("1", "lagging", 0.3), a("2", "unassessed"), a("3", "stalled"),
                   a("1.10", "unassessed")]
    rows = history.units(reg, assessments, "2021-H1", {"市发改局": "市发改局", "发改局": "市发改局"})
    assert [r["unit"] for r in rows] == ["市发改局", "市经信局", "市统计局"]
    fg = rows[0]
    assert (fg["led"], fg["stalled"], fg["unreported"]) == (2, 1, 1)  # 发改局 and 市发改局 are one unit
    assert rows[1]["lagging"] == 1 and rows[1]["unreported"] == 1
    assert rows[2]["supporting"] == 1 and rows[2]["supporting_ids"] == ["1"]
    # without the alias the two spellings are two units: names are matched exactly
    plain = history.units(reg, assessments, "2021-H1", {})
    assert {r["unit"] for r in plain} >= {"发改局", "市发改局"}


def test_units_and_missing_commands(tmp_path):
    reg = write_registry(tmp_path)
    r = cli(reg, "units", "--period", "2021-H1", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["period"] == "2021-H1" and data["units"][0]["unit"] == "市发改局"
    r = cli(reg, "units")
    assert r.exit_code == 0 and "市发改局" in r.stdout
    r = cli(reg, "missing", "--period", "2021-H1", "--json")
    assert r.exit_code == 1
    assert [m["id"] for m in json.loads(r.stdout)["missing"]] == ["2", "1.10"]
    r = cli(reg, "missing", "--period", "2021-H1", "--unit", "发改局")
    assert r.exit_code == 1 and "未报送 1 项" in r.stdout
    r = cli(reg, "missing", "--period", "2021-Q1", "--unit", "市统计局")
    assert r.exit_code == 0 and "均已报送" in r.stdout


def test_period_list(tmp_path):
    reg = write_registry(tmp_path)
    r = cli(reg, "period", "list", "--json")
    assert r.exit_code == 0
    assert [(p["id"], p["reported"]) for p in json.loads(r.stdout)] == [("2021-Q1", 1), ("2021-H1", 3)]


def test_concurrent_updates_all_land(tmp_path):
    """Separate processes updating one registry at once: the lock in save.edit keeps every edit."""
    reg = write_registry(tmp_path)
    assert cli(reg, "period", "add", "2021-Q3").exit_code == 0
    env = {**os.environ, "PYTHONPATH": str(CLI)}
    code = "import sys; from audit.cli.app import main; sys.argv[0] = 'audit'; main()"
    ids = ["1.1", "1", "2", "3", "1.10"]
    procs = [
        subprocess.Popen([sys.executable, "-c", code, "--registry", str(reg), "update", tid, "--period", "2021-Q3",
                          "--text", f"并发写入的进展 {tid}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for tid in ids
    ]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, results):
        assert p.returncode == 0, err.decode()
    loaded = load(reg)
    assert loaded.ok, loaded.problems
    for tid in ids:
        assert loaded.registry.task(tid).entry("2021-Q3").text == f"并发写入的进展 {tid}"
    assert "# 测试台账：注释必须在每次写回后原样保留" in reg.read_text(encoding="utf-8")


def test_concurrent_updates_of_one_entry_one_wins_one_is_refused(tmp_path):
    reg = write_registry(tmp_path)
    assert cli(reg, "period", "add", "2021-Q3").exit_code == 0
    env = {**os.environ, "PYTHONPATH": str(CLI)}
    code = "import sys; from audit.cli.app import main; sys.argv[0] = 'audit'; main()"
    procs = [subprocess.Popen([sys.executable, "-c", code, "--registry", str(reg), "update", "3", "--period", "2021-Q3",
                               "--text", f"版本{n}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for n in (1, 2)]
    codes = sorted(p.wait(timeout=120) for p in procs)
    assert codes == [0, 2]
    assert load(reg).registry.task("3").entry("2021-Q3").text in ("版本1", "版本2")


def test_period_subcommands_have_chinese_help_with_an_example():
    for sub in ("add", "list"):
        r = runner.invoke(app, ["period", sub, "--help"])
        assert r.exit_code == 0 and "例：" in r.output, sub
