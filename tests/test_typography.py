"""What every command prints follows Chinese typography, on the shipped registry and on registries
imported from real circulars, at several terminal widths and to a pipe:

- on a terminal, no line is wider than the terminal; no line begins with 。，、；：？！）》”’ or ends
  with （《“‘; no number, percentage, Latin word or id is split across lines (every one printed is
  one the piped output holds whole); continuation lines hang under their label;
- to a pipe, each logical line is one line: nothing is folded at any width.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
CIRCULARS = ROOT / "tests" / "fixtures" / "circulars"
SOURCES = ["shipped", "baixi_county_2025h1.txt", "linhu_city_2024_year.txt", "yunxi_county_2023q1.txt",
           "qinchuan_province_dept_2024q3.html", "songling_district_2023_year.docx"]
WIDTHS = [40, 62, 80, 120]
NOT_FIRST = "。，、；：？！）》”’"
NOT_LAST = "（《“‘"
UNIT = re.compile(r"[-+]?[0-9A-Za-z_]+(?:[-.,:/+'_][0-9A-Za-z_]+)*[%‰％]?")


def _registry(source: str, tmp_path: Path) -> Path:
    path = tmp_path / "tasks.yaml"
    if source == "shipped":
        shutil.copy(ROOT / "data" / "tasks.yaml", path)
    else:
        r = run_cli("import-notice", str(CIRCULARS / source), "-o", str(path))
        assert r.exit_code == 0, r.stderr
    return path


def _commands(path: Path) -> list[list[str]]:
    """Every reading command, and a second period so that diff has two to compare."""
    r = run_cli("status", "-r", str(path), "--json")
    report = json.loads(r.stdout)
    first = report["period"]
    ids = [t["id"] for t in report["tasks"]]
    later = {"H1": "Q3", "Q1": "H1", "Q3": "Q3"}.get(first[5:], "")
    commands = [["status"], ["laggards"], ["missing"], ["units"], ["render-notice"]]
    commands += [["show", i] for i in ids[:3]]
    if later and later != first[5:]:
        second = f"{first[:4]}-{later}"
        assert run_cli("period", "add", second, "-r", str(path)).exit_code == 0
        assert run_cli("update", ids[0], "-r", str(path), "--period", second, "--text", "已完成全年目标的75.5%，正在推进。").exit_code == 0
        commands.append(["diff", first, second])
    if run_cli("due", "-h").exit_code == 0:
        commands.append(["due"])
    return commands


def _units(text: str) -> set[str]:
    return set(UNIT.findall(text))


def _check_terminal(name: str, text: str, width: int, piped: str) -> None:
    lines = text.splitlines()
    assert all(cell_len(x) <= width for x in lines), (name, width, [x for x in lines if cell_len(x) > width])
    starts = [x for x in lines if x.strip() and x.lstrip()[0] in NOT_FIRST]
    assert not starts, (name, width, starts)
    ends = [x for x in lines if x.rstrip() and x.rstrip()[-1] in NOT_LAST]
    assert not ends, (name, width, ends)
    split = _units(text) - _units(piped)
    assert not split, (name, width, split)


def _check_hanging(text: str, width: int) -> None:
    """show: the goal's continuation lines start under its first character."""
    lines = text.splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith("目标："))
    for x in lines[at + 1:]:
        if not x.startswith(" "):
            break
        assert x.startswith(" " * 6) and not x[6].isspace(), (width, x)


@pytest.mark.parametrize("source", SOURCES)
def test_every_command_follows_the_typography_rules(source, tmp_path):
    path = _registry(source, tmp_path)
    for command in _commands(path):
        name = " ".join(command)
        piped = run_cli(*command, "-r", str(path), env={"COLUMNS": "30"})
        assert piped.exit_code in (0, 1), (name, piped.stderr)
        for line in piped.stdout.splitlines():
            assert not (line and line[0] in NOT_FIRST), (name, line)
        if command[0] == "show":  # the goal whole, on one line, though COLUMNS says 30
            goal = json.loads(run_cli(*command, "-r", str(path), "--json").stdout)["goal"]
            assert f"目标：{goal}".split("\n")[0] in piped.stdout.splitlines()
        if command[0] == "render-notice":
            continue  # a draft is a document, not terminal output: drafts' own tests look at it
        for width in WIDTHS:
            shown = run_cli(*command, "-r", str(path), env={"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": str(width)})
            assert shown.exit_code == piped.exit_code, name
            _check_terminal(name, shown.stdout, width, piped.stdout)
            if command[0] == "show" and width >= 62:
                _check_hanging(shown.stdout, width)
