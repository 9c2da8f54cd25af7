"""The command line through Typer's CliRunner: exit codes, silence when clean, no tracebacks."""
from __future__ import annotations

from typer.testing import CliRunner

from audit.cli.app import app

runner = CliRunner()


def test_check_is_silent_and_exits_0_when_clean(small_registry):
    result = runner.invoke(app, ["check", str(small_registry)])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_check_lists_every_problem_and_exits_1(tmp_path, small_text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(small_text.replace("section: 1\n", "section: 7\n").replace('id: "2"', 'id: "1"'), encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{bad}:20:14: tasks[0].section: 任务 “1.1” 所属的第 7 部分没有在 sections 中声明")
    assert lines[1].startswith(f"{bad}:38:9: tasks[2].id: 任务编号 “1” 重复")
    assert lines[-1] == "共 2 处问题。改好后再运行 audit check 检查。"
    assert "Traceback" not in result.output


def test_check_json(tmp_path, small_registry):
    import json

    result = runner.invoke(app, ["check", "--json", str(small_registry)])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"file": str(small_registry), "ok": True, "problems": []}


def test_missing_registry_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    assert "找不到这个台账文件" in result.stderr


def test_registry_option_and_env(monkeypatch, small_registry, tmp_path):
    monkeypatch.setenv("AUDIT_REGISTRY", str(small_registry))
    assert runner.invoke(app, ["check"]).exit_code == 0
    monkeypatch.setenv("AUDIT_REGISTRY", str(tmp_path / "none.yaml"))
    assert runner.invoke(app, ["check"]).exit_code == 2
    assert runner.invoke(app, ["--registry", str(small_registry), "check"]).exit_code == 0


def test_every_command_has_chinese_help_with_an_example():
    import re

    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert re.search(r"[\u4e00-\u9fff]", result.output), name
        assert "例：" in result.output, f"{name} 的帮助缺少“例：”示例"


def test_laggards_top_says_how_many_there_are_in_all():
    from conftest import run_cli

    full = run_cli("laggards")
    n = full.stdout.splitlines()[0].split("滞后/停滞 ")[1].split(" 项")[0]
    top = run_cli("laggards", "--top", "2")
    assert top.stdout.splitlines()[0].endswith(f"滞后/停滞 {n} 项，以下是最严重的 2 项")
    assert top.stdout.count("【") == 2
