"""`audit due` and `audit remind`: dates by lead unit, and one 催办通知 per unit (Markdown and Word)."""
from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from audit.core.errors import AuditError
from audit.judge.assess import assess
from audit.registry.load import load_text
from audit.report import due, reports
from conftest import run_cli
from dates_fixture import FENJIE

GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("AUDIT_UPDATE_GOLDEN") == "1"
ENV = {"COLUMNS": "80", "AUDIT_NO_CACHE": "1"}


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing {name}: run `make golden`"
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "tasks.yaml"
    path.write_text(FENJIE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reg():
    return load_text(FENJIE, "tasks.yaml").registry


def test_due_lists_each_unit_s_dates_soonest_first(reg):
    data = due.due(reg, assess(reg, "2021-Q3"), "2021-Q3", date(2021, 10, 8))
    assert [(r["unit"], [(i["task"], i["kind"], i["state"], i["date"]) for i in r["items"]]) for r in data["units"]] == [
        ("市住建局", [("1", "milestone", "missed", "2021-06-30")]),
        ("市发改局", [("4", "deadline", "missed", "2021-06-30")]),
        ("市机关事务局", [("2", "deadline", "met", "2021-09-30")]),
        ("市政务服务局", [("5", "deadline", "undated", None)]),
    ]
    assert data["counts"] == {"missed": 2, "upcoming": 0, "met": 1, "undated": 1}
    assert data["units"][0]["items"][0]["days"] == -100


def test_due_within_a_window_and_for_one_unit(reg):
    data = due.due(reg, assess(reg, "2021-Q3"), "2021-Q3", date(2021, 12, 10), within=30, unit="市住建局")
    assert [(i["task"], i["what"], i["state"], i["days"]) for i in data["units"][0]["items"]] == [
        ("1", "开工", "missed", -163), ("1", "主体完工", "upcoming", 21), ("1", "", "upcoming", 21), ("7", "", "upcoming", 21)]
    assert due.due(reg, assess(reg, "2021-Q3"), "2021-Q3", date(2021, 10, 8), within=30, unit="市住建局")["counts"]["upcoming"] == 0


def test_an_unknown_unit_is_named_with_a_hint(reg):
    with pytest.raises(AuditError, match="没有由 “住建局” 牵头的任务。是不是 市住建局？"):
        due.due(reg, assess(reg, "2021-Q3"), "2021-Q3", date(2021, 10, 8), unit="住建局")


def test_remind_chases_each_task_once(reg):
    a = assess(reg, "2021-Q3")
    report = reports.status(reg, a, "2021-Q3", 0.75)
    data = due.remind(reg, report, a, date(2021, 10, 8))
    got = {n["unit"]: ([r["id"] for r in n["missed"]], [r["id"] for r in n["behind"]], [r["id"] for r in n["unreported"]])
           for n in data["notices"]}
    assert got == {"市住建局": (["1"], ["6"], ["7"]), "市发改局": (["4"], [], [])}
    assert data["nothing"] == ["市政务服务局", "市文旅局", "市机关事务局"]
    assert data["by"] == "2021-10-15"


def test_status_rows_carry_the_deadline_and_the_next_milestone(registry):
    result = run_cli("status", "-r", str(registry), "-p", "2021-H1", "--json", env=ENV)
    rows = {r["id"]: r for r in json.loads(result.stdout)["tasks"]}
    one = rows["1"]
    assert one["deadline"]["text"] == "2021年12月底前" and one["deadline"]["state"] == "upcoming"
    assert [m["state"] for m in one["milestones"]] == ["met", "missed", "upcoming"]
    assert one["next_milestone"]["what"] == "主体完工" and "milestone_missed" in one["flags"]
    assert rows["6"]["deadline"] is None and rows["6"]["milestones"] == [] and rows["6"]["next_milestone"] is None
    assert json.loads(result.stdout)["overdue"] == ["4"]


def test_due_screen_golden(registry):
    result = run_cli("due", "-r", str(registry), "--as-of", "2021-10-08", env=ENV)
    assert result.exit_code == 0, result.output
    _golden("due_fenjie_80.txt", result.stdout)


def test_due_json(registry):
    result = run_cli("due", "-r", str(registry), "--as-of", "10月8日", "--unit", "市发改局", "--json", env=ENV)
    data = json.loads(result.stdout)
    assert data["as_of"] == "2021-10-08" and [r["unit"] for r in data["units"]] == ["市发改局"]
    assert sorted(data["units"][0]["items"][0]) == ["date", "days", "goal", "kind", "label", "origin", "sentence", "state",
                                                     "task", "text", "what", "words"]


def test_due_refuses_a_date_it_cannot_read(registry):
    result = run_cli("due", "-r", str(registry), "--as-of", "下周", env=ENV)
    assert result.exit_code == 2 and "“下周” 读不出日期" in result.stderr


def test_remind_markdown_golden(registry):
    result = run_cli("remind", "-r", str(registry), "--as-of", "2021-10-08", "--by", "2021-10-15", "--unit", "市住建局", env=ENV)
    assert result.exit_code == 0, result.output
    _golden("remind_one_unit.md", result.stdout)


def test_remind_writes_one_notice_per_unit_and_never_overwrites(registry, tmp_path):
    folder = tmp_path / "催办"
    result = run_cli("remind", "-r", str(registry), "--as-of", "2021-10-08", "-o", str(folder), env=ENV)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["催办通知_市住建局.md", "催办通知_市发改局.md"]
    assert "以下 3 个单位没有需要催办的事项，未生成通知：市政务服务局、市文旅局、市机关事务局。" in result.stderr
    notice = (folder / "催办通知_市发改局.md").read_text(encoding="utf-8")
    assert "完成时限为6月底前（2021年6月30日）。本期报送“实施方案已报市政府常务会审议”，未见完成。" in notice
    (folder / "催办通知_市发改局.md").write_text("已改过", encoding="utf-8")
    again = run_cli("remind", "-r", str(registry), "--as-of", "2021-10-09", "-o", str(folder), env=ENV)
    assert again.exit_code == 2 and "已存在，未写入任何通知" in again.stderr
    assert (folder / "催办通知_市发改局.md").read_text(encoding="utf-8") == "已改过"
    forced = run_cli("remind", "-r", str(registry), "--as-of", "2021-10-09", "-o", str(folder), "--force", env=ENV)
    assert forced.exit_code == 0 and "二〇二一年十月九日" in (folder / "催办通知_市发改局.md").read_text(encoding="utf-8")


def test_a_unit_with_nothing_to_chase_gets_no_notice(registry, tmp_path):
    result = run_cli("remind", "-r", str(registry), "--as-of", "2021-10-08", "--unit", "市文旅局", "-o", str(tmp_path / "x"),
                     env=ENV)
    assert result.exit_code == 0 and not (tmp_path / "x").exists()
    assert "没有需要催办的单位" in result.stderr and "市文旅局" in result.stderr


def test_remind_in_word(registry, tmp_path):
    from docx import Document

    result = run_cli("remind", "-r", str(registry), "--as-of", "2021-10-08", "--unit", "市发改局", "-f", "docx",
                     "-o", str(tmp_path), env=ENV)
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "催办通知_市发改局.docx"))
    paras = [(p.style.name, p.text) for p in doc.paragraphs if p.text.strip()]
    assert paras[0] == ("Notice Title", "2021年重点工作催办通知")
    assert ("Heading 1", "一、已过时限尚未完成的事项") in paras
    assert paras[-2:] == [("Notice Signature", "某市人民政府督查室"), ("Notice Signature", "二〇二一年十月八日")]
    assert doc.sections[0].top_margin.mm == pytest.approx(37, abs=0.1)


def test_remind_word_needs_a_folder(registry):
    result = run_cli("remind", "-r", str(registry), "-f", "docx", env=ENV)
    assert result.exit_code == 2 and "请用 -o 指定文件夹" in result.stderr


def test_a_remind_template_beside_the_registry_replaces_the_shipped_one(registry):
    (registry.parent / "templates").mkdir()
    (registry.parent / "templates" / "remind.md.j2").write_text("{{ unit }}请于{{ by_text }}前报送。\n", encoding="utf-8")
    result = run_cli("remind", "-r", str(registry), "--as-of", "2021-10-08", "--unit", "市发改局", env=ENV)
    assert result.stdout == "市发改局请于2021年10月15日前报送。\n"


def test_the_status_screen_names_the_tasks_past_their_dates(registry):
    result = run_cli("status", "-r", str(registry), "-p", "2021-H1", env=ENV)
    assert "已过完成时限未完成：4" in result.stdout and "到期节点未见完成：1" in result.stdout


def test_laggards_and_show_say_the_deadline_and_the_next_milestone(registry):
    lag = run_cli("laggards", "-r", str(registry), "-p", "2021-H1", env={**ENV, "COLUMNS": "200"}).stdout
    assert "完成时限：2021年12月底前；下一节点：12月底前主体完工；未按期完成的节点：6月底前开工" in lag
    shown = run_cli("show", "1", "-r", str(registry), "-p", "2021-H1", env={**ENV, "COLUMNS": "200"}).stdout
    assert "· 节点 3月底前完成立项（2021-03-31，台账填写）→已完成：“项目已完成立项批复，正在开展勘察设计”" in shown
    assert "· 节点 6月底前开工（2021-06-30，台账填写）→已过期未完成" in shown


def test_the_draft_and_the_ledger_carry_the_dates(registry, tmp_path):
    draft = run_cli("render-notice", "-r", str(registry), "-p", "2021-H1", env=ENV).stdout
    assert "【滞后：已过完成时限（6月底前）】" in draft
    assert "【滞后：应于6月底前开工】" in draft and "完成时限：2021年12月底前。下一节点：12月底前主体完工。" in draft
    run_cli("export", "-r", str(registry), "-p", "2021-Q3", "-o", str(tmp_path / "台账.csv"), env=ENV)
    ledger = (tmp_path / "台账.csv").read_text(encoding="utf-8-sig")
    assert "完成时限与节点" in ledger.splitlines()[0] and "完成时限：2021年12月底前\n下一节点：12月底前主体完工" in ledger


def test_the_web_draft_carries_the_dates_too(registry, tmp_path):
    run_cli("render-notice", "-r", str(registry), "-p", "2021-H1", "-o", str(tmp_path / "n.html"), env=ENV)
    page = (tmp_path / "n.html").read_text(encoding="utf-8")
    assert "完成时限：2021年12月底前。下一节点：12月底前主体完工。" in page
