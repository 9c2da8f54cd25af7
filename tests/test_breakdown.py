"""audit import-tasks: the year's 分解方案 (Excel, Word, GBK CSV, text) into a registry that passes check."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import breakdown_fixture as fx
from audit.core.errors import AuditError
from audit.exchange import breakdown
from audit.registry import load
from conftest import run_cli


def imported(tmp_path: Path, name: str, raw: bytes, **kw) -> breakdown.Breakdown:
    path = tmp_path / name
    path.write_bytes(raw)
    return breakdown.parse_breakdown(breakdown.read_breakdown(path), source=str(path), **kw)


def by_id(result: breakdown.Breakdown) -> dict[str, dict]:
    return {t["id"]: t for t in result.tasks}


def test_excel_with_merged_title_parts_leaders_and_lines(tmp_path):
    r = imported(tmp_path, "分解方案.xlsx", fx.xlsx_bytes())
    meta = r.doc["meta"]
    assert meta["title"] == fx.TITLE and meta["year"] == 2022
    assert meta["periods"] == [{"id": "2022-Q1", "as_of": datetime.date(2022, 3, 31)}]
    assert [(s["no"], s["title"]) for s in r.doc["sections"]] == [(1, "扩大有效投资"), (2, "推进乡村振兴"), (3, "保障和改善民生")]
    tasks = by_id(r)
    assert list(tasks) == ["1", "2", "3", "4", "5", "6", "7"]
    # the leader's cell merged over three rows: each task has the leader
    assert [tasks[i]["leader"] for i in "123"] == ["王建国"] * 3
    assert [tasks[i]["leader"] for i in "45"] == ["李秀兰"] * 2
    assert tasks["1"]["units"] == {"lead": ["市发改委"], "others": ["市财政局", "市自然资源和规划局"]}  # two lines in a cell
    assert tasks["3"]["units"]["others"] == ["市城管执法局", "市公安局"]  # split on a space
    assert tasks["5"]["units"]["others"] == ["市卫健委", "市乡村振兴局"]  # split on ；
    assert tasks["5"]["goal"] == "实施农村人居环境整治提升五年行动，\n改造农村户厕3000户。"
    # deadlines and schedules as written
    assert tasks["1"]["deadline"] == "2022年12月底"
    assert tasks["1"]["milestones"] == "①3月底前完成项目清单；\n②6月底前开工50个；\n③12月底前全部开工"
    assert tasks["5"]["deadline"] == "长期坚持" and tasks["5"]["milestones"] == "1.6月底前改造1500户；2.11月底前全部完成"
    assert "milestones" not in tasks["2"]
    assert [t["section"] for t in r.tasks] == [1, 1, 1, 2, 2, 3, 3]
    report = "\n".join(r.report_lines())
    assert "工作表“重点任务分解”第 3 行：序号→编号（第 1 列）" in report and "牵头市领导→牵头领导（第 3 列）" in report
    assert "工作表“填报说明”（没有找到" in report and "工作表“草稿”（隐藏的工作表）" in report
    assert "第 11 行：“注：完成时限为最迟完成时间" in report and "（表格下方的说明文字）" in report


def test_word_table_with_merged_cells(tmp_path):
    r = imported(tmp_path, "分解方案.docx", fx.docx_bytes())
    tasks = by_id(r)
    assert list(tasks) == ["1", "2", "3", "4", "5"]
    assert [tasks[i]["leader"] for i in "12345"] == ["王建国"] * 3 + ["李秀兰"] * 2
    assert tasks["1"]["units"]["others"] == ["市财政局", "市自然资源和规划局"]
    assert tasks["1"]["milestones"] == "①3月底前完成项目清单；\n②6月底前开工50个；\n③12月底前全部开工"
    assert [s["title"] for s in r.doc["sections"]] == ["扩大有效投资", "推进乡村振兴"]
    assert any(s.reason == "表格之外的文字" for s in r.skipped)


def test_gbk_csv_with_the_part_as_a_column(tmp_path):
    r = imported(tmp_path, "分解表.csv", fx.csv_gbk_bytes())
    assert [(s["no"], s["title"]) for s in r.doc["sections"]] == [(1, "产业发展"), (2, "民生保障")]
    tasks = by_id(r)
    assert tasks["1"]["leader"] == "王建国" and tasks["3"]["section"] == 2
    assert tasks["1"]["units"] == {"lead": ["市经信局"], "others": ["市统计局", "市税务局"]}
    assert tasks["3"]["units"]["lead"] == ["市住建局", "市城投公司"]  # split on ，
    assert tasks["1"]["deadline"] == "2022年12月底前"  # one date under 时间节点 is the deadline
    assert tasks["2"]["milestones"] == "①6月底前建成150个；②12月底前建成320个"


def test_plain_text_numbered_with_fields(tmp_path):
    r = imported(tmp_path, "方案.txt", fx.TEXT.encode("gb18030"))
    tasks = by_id(r)
    assert list(tasks) == ["1-1", "1-2", "2-1"]  # numbered again in each part
    assert tasks["1-1"]["leader"] == "赵强" and tasks["1-1"]["deadline"] == "2023年12月底"
    assert tasks["1-2"]["milestones"] == "①6月底前新增1500户；②12月底前新增3000户"
    assert tasks["2-1"] == {"id": "2-1", "section": 2, "goal": "新建农村公路50公里。", "units": {"lead": ["县交通运输局"]},
                            "deadline": "年内"}


@pytest.mark.parametrize("name, raw", [("a.xlsx", fx.xlsx_bytes()), ("a.docx", fx.docx_bytes()), ("a.csv", fx.csv_gbk_bytes()),
                                       ("a.txt", fx.TEXT.encode("utf-8"))])
def test_what_is_written_passes_check(tmp_path, name, raw):
    r = imported(tmp_path, name, raw)
    out = tmp_path / "tasks.yaml"
    breakdown.write_registry(r, out)
    res = load.load(out)
    assert res.problems == [] and res.registry.tasks[0].leader in ("王建国", "赵强")
    assert len(res.registry.tasks) == len(r.tasks)


def test_unit_aliases_of_the_registry_being_replaced(tmp_path):
    r = imported(tmp_path, "a.xlsx", fx.xlsx_bytes(), aliases={"市发展改革委": ["市发改委"]})
    assert by_id(r)["1"]["units"]["lead"] == ["市发展改革委"]
    assert by_id(r)["2"]["units"]["others"] == ["市发展改革委", "市财政局"]
    assert r.doc["meta"]["aliases"] == {"市发展改革委": ["市发改委"]}


def test_the_year_must_be_known(tmp_path):
    raw = fx.csv_gbk_bytes().replace("2022年重点任务分解表".encode("gbk"), "重点任务分解表".encode("gbk"))
    with pytest.raises(AuditError) as e:
        imported(tmp_path, "表.csv", raw)
    assert "--year" in e.value.message
    r = imported(tmp_path, "表.csv", raw, year=2024, period="2024-H1")
    assert r.doc["meta"]["periods"][0]["id"] == "2024-H1"


def test_the_command_writes_once_and_reports_on_stderr(tmp_path):
    src = tmp_path / "分解方案.xlsx"
    src.write_bytes(fx.xlsx_bytes())
    out = tmp_path / "data" / "tasks.yaml"
    out.parent.mkdir()
    r = run_cli("import-tasks", str(src), "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "识别到 3 个部分、0 个小节、7 项任务" in r.stderr and r.stdout == ""
    assert run_cli("check", str(out)).exit_code == 0
    before = out.read_bytes()
    r = run_cli("import-tasks", str(src), "-o", str(out))
    assert r.exit_code == 2 and "已存在" in r.stderr and out.read_bytes() == before
    assert run_cli("import-tasks", str(src), "-o", str(out), "--force").exit_code == 0


@pytest.mark.parametrize("name, raw, says", [
    ("坏.xlsx", b"PK\x03\x04" + b"\x00" * 200, "文件已损坏"),
    ("坏.docx", b"PK\x03\x04garbage" * 10, "文件已损坏"),
    ("旧.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "旧版 Excel（.xls）"),
    ("空.csv", b"", "文件是空的"),
    ("乱码.csv", b"\xa1" + b"\xff\xfe\xfd\x80" * 50, "文字编码无法识别"),
    ("说明.txt", "这只是一段说明文字。\n".encode("utf-8"), "没有在"),
])
def test_files_it_cannot_read_are_clear_errors(tmp_path, name, raw, says):
    src = tmp_path / name
    src.write_bytes(raw)
    r = run_cli("import-tasks", str(src), "-o", str(tmp_path / "tasks.yaml"))
    assert r.exit_code == 2, r.output
    assert says in r.stderr and str(src) in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "tasks.yaml").exists()


def test_a_breakdown_given_to_import_notice_is_pointed_to_import_tasks(tmp_path):
    src = tmp_path / "分解方案.xlsx"
    src.write_bytes(fx.xlsx_bytes())
    r = run_cli("import-notice", str(src))
    assert r.exit_code == 2 and "audit import-tasks" in r.stderr and "Traceback" not in r.output


def test_a_schedule_whose_date_cannot_be_read_is_kept_as_a_comment(tmp_path):
    text = fx.TEXT.replace("完成时限：年内", "完成时限：根据省里统一部署推进")
    r = imported(tmp_path, "方案.txt", text.encode("utf-8"))
    out = tmp_path / "tasks.yaml"
    written = breakdown.write_registry(r, out)
    assert '  # 完成时限（原文，读不出日期）：根据省里统一部署推进\n  - id: "2-1"' in written
    assert "deadline" not in by_id(r)["2-1"]
    assert any("任务 2-1 的完成时限“根据省里统一部署推进”读不出日期" in n for n in r.notes)
    assert load.load(out).problems == []
