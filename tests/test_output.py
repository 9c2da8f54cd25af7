"""Terminal layout: the status table's lines, and the status screen pinned by golden files."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import UPDATE_GOLDEN, run_cli

GOLDEN = Path(__file__).parent / "golden"
SHIPPED = Path(__file__).parent.parent / "data" / "tasks.yaml"
TERMINAL = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "AUDIT_NO_CACHE": "1"}  # a terminal, without colour


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing {name}: run `make golden`"
    assert text == path.read_text(encoding="utf-8")


def test_status_screen_golden():
    result = run_cli("status", "-r", str(SHIPPED), env={**TERMINAL, "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    _golden("status_shipped_80.txt", result.stdout)


def test_status_screen_on_a_narrow_terminal_golden(small_registry):
    result = run_cli("status", "-r", str(small_registry), env={**TERMINAL, "COLUMNS": "44"})
    assert result.exit_code == 0, result.output
    _golden("status_small_44.txt", result.stdout)


def test_status_to_a_pipe_is_not_folded_golden():
    result = run_cli("status", "-r", str(SHIPPED), env={"COLUMNS": "40", "AUDIT_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
    _golden("status_shipped_piped.txt", result.stdout)
    assert "一、2021年经济社会发展预期目标" in result.stdout  # a title is whole: nothing is cut to a width


@pytest.mark.parametrize("width", [30, 44, 60, 72])
def test_a_narrow_terminal_leaves_columns_out_and_says_so(width):
    text = run_cli("status", "-r", str(SHIPPED), env={**TERMINAL, "COLUMNS": str(width)}).stdout
    assert all(cell_len(line) <= width for line in text.splitlines())
    header = next(line for line in text.splitlines() if line.startswith("部分"))
    assert "任务" in header and "滞后" in header and "停滞" in header
    said = re.search(r"未显示(.*?)列", re.sub(r"\s+", "", text))
    left_out = said.group(1).split("、") if said else []
    for column in ("完成", "序时", "待评"):
        assert (f"  {column}" in header) != (column in left_out)
    assert "平均完成" not in header  # the shipped registry: in every section fewer than half the tasks have a ratio


def test_a_section_average_rests_on_at_least_half_its_tasks(registry):
    from audit.report.reports import mean_completion

    assert mean_completion([0.75], 2) == 0.75 and mean_completion([0.75], 3) is None
    assert mean_completion([1.5, 0.5], 2) == 0.75  # each counted up to 100%
    assert mean_completion([], 0) is None
    text = run_cli("status", "-r", str(registry), env={**TERMINAL, "COLUMNS": "100"}).stdout
    header = next(line for line in text.splitlines() if line.startswith("部分"))
    assert "平均完成" in header and "75%" in text  # one task of two has a ratio (15 of 20)
    data = __import__("json").loads(run_cli("status", "-r", str(registry), "--json").stdout)
    assert data["sections"][0]["rated"] == 1 and data["sections"][0]["mean_ratio"] == 0.75
    assert data["rated"] == 1 and data["mean_ratio"] == 0.75


def test_brief_ids_lists_a_few_and_says_how_many_and_where():
    from audit.cli.output import brief_ids, tasks_named

    assert brief_ids(["1", "2"], "用 audit missing 查看全部") == "1、2"
    ids = [str(i) for i in range(1, 66001)]
    text = brief_ids(ids, "用 audit missing 查看全部", limit=3)
    assert text == "1、2、3……共 66,000 项（用 audit missing 查看全部）"
    assert tasks_named(["83"], "") == "第83项" and tasks_named(["1", "2"], "") == "第1、2项"
    assert tasks_named(ids, "用 audit missing 查看全部", limit=2) == "第1、2项等 66,000 项（用 audit missing 查看全部）"


def test_the_calls_on_the_shipped_registry_golden():
    """Every task's call, ratio and flags on the shipped registry: a rule change that moves any of
    them shows up here and must be looked at (and the file regenerated with `make golden`)."""
    import json

    shipped = Path(__file__).parent.parent / "data" / "tasks.yaml"
    result = run_cli("status", "-r", str(shipped), "--json", env={"AUDIT_NO_CACHE": "1"})
    rows = json.loads(result.stdout)["tasks"]
    lines = [f"{r['id']}\t{r['status']}\t{'' if r['ratio'] is None else round(r['ratio'], 4)}\t{','.join(r['flags'])}"
             for r in rows]
    _golden("shipped_calls.tsv", "\n".join(lines) + "\n")


def test_coloured_status_is_the_terminal_screen_with_colour_codes():
    import re

    plain = run_cli("status", "-r", str(SHIPPED), env={**TERMINAL, "COLUMNS": "80"}).stdout
    coloured = run_cli("status", "-r", str(SHIPPED), env={"FORCE_COLOR": "1", "COLUMNS": "80", "AUDIT_NO_CACHE": "1"}).stdout
    assert "\x1b" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "\x1b[1;32m已完成 3\x1b[0m" in coloured and "\x1b[1;31m停滞 2\x1b[0m" in coloured


def test_the_status_screen_writes_no_control_characters_from_the_registry(tmp_path, small_text):
    hostile = tmp_path / "tasks.yaml"
    hostile.write_text(small_text.replace("title: 主要预期目标", 'title: "主要\\e[31m预期\\e]0;x\\a目标"'), encoding="utf-8")
    result = run_cli("status", "-r", str(hostile), env={**TERMINAL, "COLUMNS": "80"})
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "“␛[31m”、“␛]0;x␇”" in result.stderr
