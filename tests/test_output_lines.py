"""Printed lines: laggards through Rich, folded by the one rule of core/text.py on a terminal and
one line per logical line to a pipe; text from the registry is never sent to the terminal raw."""
from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len

from audit.cli import console, output
from audit.core.text import NOT_LAST
from conftest import run_cli


def rows() -> list[dict]:
    long = "上半年，全市一般公共预算收入完成67915万元，为全年预算数100506万元的0.55%，同比增收5万元，增长39.15%"
    base = {"section": 1, "sub": None, "basis": "ratio", "colour": "", "reasons": [], "evidence": [], "targets": []}
    return [
        {**base, "id": "7", "goal": "启动建设县城污水处理厂二期，同步建设配套管网，力争年底前主体完工并投入试运行。",
         "status": "stalled", "label": "停滞", "ratio": None, "pace": 0.5, "gap": None, "projection": None,
         "flags": ["data_mismatch"], "units": {"lead": ["县住建局"], "others": ["县发改局", "县财政局"]},
         "evidence_detail": [{"kind": "stall", "phrase": "暂无进展", "sentence": "因用地指标未落实，项目暂无进展"},
                             {"kind": "gap", "phrase": "0.55%", "sentence": long},
                             {"kind": "stated_ratio", "phrase": "", "sentence": "已完成投资3亿元，占年度计划的39%"},
                             {"kind": "actual", "phrase": "", "sentence": "新建 5G 基站 30 个\t(tab)"},
                             {"kind": "delay", "phrase": "缓慢", "sentence": "目前该项目仍处于前期洽谈阶段，进展缓慢"}]},
        {**base, "id": "1.2", "goal": "新增规上工业企业20家以上。", "status": "lagging", "label": "滞后", "ratio": 0.15,
         "pace": 0.5, "gap": -0.35, "projection": 0.3, "flags": [], "units": {"lead": [], "others": []},
         "evidence_detail": [{"kind": "actual", "phrase": "", "sentence": "目前已新增规上工业企业3家 👍 e\u0301"}]},
    ]


REPORT = {"period": "2023-H1", "time_progress": 0.5}


def printed(width: int | None, colour: str | None = None) -> str:
    output.reset()
    c = console.AuditConsole(file=io.StringIO(), width=width or console.UNBOUNDED, color_system=colour,
                             force_terminal=width is not None, highlight=False, markup=False, emoji=False)
    console._out = c
    try:
        output.laggards(rows(), REPORT)
        return c.file.getvalue()
    finally:
        output.reset()


@pytest.mark.parametrize("width", [40, 57, 80, 200])
def test_laggards_fold_by_the_one_rule(width):
    text = printed(width)
    lines = text.splitlines()
    assert all(cell_len(line) <= width for line in lines)
    assert not [x for x in lines if x.strip() and x.strip()[0] in "。，、；：？！）》”’"]
    assert not [x for x in lines if x[-1:] in NOT_LAST]
    for figure in ("67915万元", "100506万元", "0.55%", "39.15%", "15.0%", "35.0"):
        assert figure in text
    unfolded = printed(None)
    assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", unfolded)


def test_a_quote_folds_under_its_opening_mark():
    lines = printed(40).splitlines()
    first = next(i for i, x in enumerate(lines) if x.startswith("    “上半年"))
    assert lines[first + 1].startswith("     ") and not lines[first + 1][5].isspace()


def test_to_a_pipe_each_line_is_one_line():
    lines = printed(None).splitlines()
    assert "    “上半年，全市一般公共预算收入完成67915万元，为全年预算数100506万元的0.55%，同比增收5万元，增长39.15%”" in lines
    assert "【停滞】7  启动建设县城污水处理厂二期，同步建设配套管网，力争年底前主体完…" in lines


@pytest.mark.parametrize("colour", ["standard", "truecolor"])
def test_colour_is_the_only_difference_on_a_colour_terminal(colour):
    coloured = printed(57, colour)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == printed(57)


def test_laggards_command_output(registry):
    r = run_cli("laggards", "-r", str(registry))
    assert r.exit_code == 0
    assert r.stdout == (
        "报告期 2021-H1  序时进度 50.0%  滞后/停滞 1 项\n"
        "\n"
        "【停滞】2  推进项目建设。\n"
        "    序时 50.0%\n"
        "    “暂无进展”\n"
    )


def test_lines_made_in_one_go_are_the_text_appended_piece_by_piece():
    lines = [(("【滞后】", "red"), ("7  ", "bold"), ("目标\x1b]0;x\x07", "")), (), (("    “暂无进展”", "dim"),)]
    appended = console.Folded()
    for k, line in enumerate(lines):
        if k:
            appended.append("\n")
        for piece, style in line:
            appended.append(console.Folded(piece).plain, style or None)
    made = console.Folded.of_lines(lines)
    assert made.plain == appended.plain and "\x1b" not in made.plain
    assert [(s.start, s.end, str(s.style)) for s in made.spans] == [(s.start, s.end, str(s.style)) for s in appended.spans]
    assert console.Folded.of_lines(lines, styled=False).plain == made.plain
    assert console.Folded.of_lines(lines, styled=False).spans == []
