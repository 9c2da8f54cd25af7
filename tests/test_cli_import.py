"""`audit import-notice` through CliRunner: YAML on stdout or an atomic, non-clobbering write."""
from __future__ import annotations

from typer.testing import CliRunner

from audit.cli.app import app
from audit.registry import load

runner = CliRunner()

NOTICE = "2021年重点工作半年进展情况通报\n一、稳增长\n1.新增市场主体500户。\n进展情况：已新增312户。\n2.建成停车场2个。\n"


def test_import_prints_yaml_on_stdout_and_the_report_on_stderr(tmp_path):
    src = tmp_path / "通报.txt"
    src.write_bytes(NOTICE.encode("gb18030"))
    result = runner.invoke(app, ["import-notice", str(src)])
    assert result.exit_code == 0, result.output
    checked = load.load_text(result.stdout, "stdout")
    assert checked.ok
    assert [(t.id, t.goal) for t in checked.registry.tasks] == [("1", "新增市场主体500户。"), ("2", "建成停车场2个。")]
    assert checked.registry.tasks[0].progress[0].text == "已新增312户。"
    assert result.stderr.splitlines() == [
        f"导入：{src}",
        "  标题：2021年重点工作半年进展情况通报",
        "  计划年度：2021（读自标题）",
        "  报告期：2021-H1（上半年，截止 2021-06-30；读自标题）",
        "识别到 1 个部分、0 个小节、2 项任务。",
        "没有进展文字的任务 1 项：2（已写入空的 text，请核对原文）。",
    ]


def test_import_writes_once_and_needs_force_to_overwrite(tmp_path):
    src = tmp_path / "notice.txt"
    src.write_text(NOTICE, encoding="utf-8")
    out = tmp_path / "tasks.yaml"
    first = runner.invoke(app, ["import-notice", str(src), "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert first.stdout == ""
    assert first.stderr.splitlines()[-1] == f"已写入 {out}。运行 audit check {out} 可再次检查。"
    assert load.load(out).ok
    out.write_text("# 已人工修改\n", encoding="utf-8")
    again = runner.invoke(app, ["import-notice", str(src), "-o", str(out)])
    assert again.exit_code == 2
    assert f"错误：{out} 已存在，未覆盖。如确要覆盖，请加 --force" in again.stderr
    assert out.read_text(encoding="utf-8") == "# 已人工修改\n"
    forced = runner.invoke(app, ["import-notice", str(src), "--output", str(out), "--force"])
    assert forced.exit_code == 0
    assert load.load(out).ok


def test_import_of_a_bad_file_is_a_clear_error(tmp_path):
    src = tmp_path / "empty.docx"
    src.write_bytes(b"")
    result = runner.invoke(app, ["import-notice", str(src)])
    assert result.exit_code == 2
    assert result.stderr == f"错误：{src}：文件是空的，没有可读取的内容。请确认选对了通报文件。\n"
    assert "Traceback" not in result.output


def test_import_of_a_file_without_tasks_writes_nothing(tmp_path):
    src = tmp_path / "letter.txt"
    src.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    out = tmp_path / "tasks.yaml"
    result = runner.invoke(app, ["import-notice", str(src), "-o", str(out)])
    assert result.exit_code == 2
    assert f"没有从 {src} 中识别出任何任务，未写入。" in result.stderr
    assert not out.exists()


def test_a_circular_with_no_year_is_imported_with_the_year_and_period_given(tmp_path):
    src = tmp_path / "通报.txt"
    src.write_bytes("关于重点工作进展情况的通报\n一、经济发展\n1.新建公园3个。\n进展情况:已建成公园2个。\n".encode("gbk"))
    out = tmp_path / "t.yaml"
    refused = runner.invoke(app, ["import-notice", str(src), "-o", str(out)])
    assert refused.exit_code == 2 and not out.exists()
    assert "可用 --year、--period 指定年度和报告期" in refused.stderr
    done = runner.invoke(app, ["import-notice", str(src), "-o", str(out), "--period", "2023-H1"])
    assert done.exit_code == 0, done.output
    assert "  计划年度：2023（由 --period 指定）" in done.stderr.splitlines()
    meta = load.load(str(out)).registry.meta
    assert meta.year == 2023 and [p.id for p in meta.periods] == ["2023-H1"]
    bad = runner.invoke(app, ["import-notice", str(src), "-o", str(tmp_path / "b.yaml"), "--period", "2023-X1"])
    assert bad.exit_code == 2 and "报告期 “2023-X1” 的写法不对" in bad.stderr
    apart = runner.invoke(app, ["import-notice", str(src), "-o", str(tmp_path / "c.yaml"), "--year", "2022", "--period", "2023-H1"])
    assert apart.exit_code == 2 and "不在计划年度 2022 年内" in apart.stderr
