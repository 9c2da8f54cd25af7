"""A registry with escape sequences in every text field: `check` reports each one on its line, and
no command's output (standard output or error) carries an ESC or a BEL."""
from __future__ import annotations

import re

import pytest

from conftest import run_cli

E = "\\e]0;改标题\\a\\e[2J"  # as YAML writes them in double quotes: retitle the window, clear the screen
HOSTILE = f"""\
meta:
  title: "通报{E}"
  issuer: "督查室{E}"
  year: 2021
  opening: "开头{E}"
  periods:
    - id: "2021-H1"
      label: "半年{E}"
    - id: "2021-Q3"
  aliases:
    "发改局{E}": ["市发改委{E}"]
sections:
  - no: 1
    title: "部分{E}"
    subs:
      - no: 1
        title: "小节{E}"
tasks:
  - id: "1"
    section: 1
    sub: 1
    goal: "目标{E}新建基站200个"
    units:
      lead: "牵头{E}"
      others: ["配合{E}"]
    targets:
      - metric: "基站{E}"
        value: 200
        unit: "个{E}"
        text: "原文{E}"
    progress:
      - period: "2021-H1"
        label: "完成情况{E}"
        text: "暂无进展{E}"
        note: "备注{E}"
        actuals:
          - metric: "基站{E}"
            value: 3
            unit: "个{E}"
"""
FIELDS = ["meta.title", "meta.issuer", "meta.opening", "meta.periods[0].label", "meta.aliases.发改局",
          "sections[0].title", "sections[0].subs[0].title", "tasks[0].goal", "tasks[0].units.lead",
          "tasks[0].units.others[0]", "tasks[0].targets[0].metric", "tasks[0].targets[0].unit", "tasks[0].targets[0].text",
          "tasks[0].progress[0].label", "tasks[0].progress[0].text", "tasks[0].progress[0].note",
          "tasks[0].progress[0].actuals[0].metric", "tasks[0].progress[0].actuals[0].unit"]


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "tasks.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def test_check_reports_every_field_on_its_line(hostile):
    r = run_cli("check", "-r", str(hostile))
    assert r.exit_code == 1
    lines = HOSTILE.splitlines()
    for field in FIELDS:
        found = [x for x in r.stderr.splitlines() if f": {field}" in x and "终端控制字符" in x]
        assert found, field
        line = int(re.match(rf"{re.escape(str(hostile))}:(\d+):", found[0])[1])
        assert "\\e" in lines[line - 1], (field, line)
    assert "“␛]0;改标题␇”、“␛[2J”" in r.stderr


COMMANDS = [["check"], ["status"], ["status", "--json"], ["laggards"], ["show", "1"], ["missing"], ["units"],
            ["diff", "2021-H1", "2021-Q3"], ["render-notice"], ["period", "list"], ["export", "-o", "{tmp}/x.csv"]]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("env", [{}, {"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": "60"}], ids=["piped", "terminal"])
def test_no_command_writes_an_escape_or_a_bell(hostile, tmp_path, args, env):
    r = run_cli(*[a.format(tmp=tmp_path) for a in args], "-r", str(hostile), env=env)
    assert r.exit_code in (1, 2)
    for text in (r.stdout, r.stderr):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


@pytest.mark.parametrize("args", [["show", "\x1b[2J"], ["status", "--period", "\x1b]0;x\x07"], ["laggards", "--unit", "\x9b31m"],
                                  ["\x1b[31mstatus"]])
def test_arguments_are_never_echoed_raw(small_registry, args):
    r = run_cli(*args, "-r", str(small_registry), env={"TTY_COMPATIBLE": "1", "NO_COLOR": "1"})
    for text in (r.stdout, r.stderr):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
