"""Terminal layout: the status table's lines, and the status screen pinned by golden files."""
from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from audit.cli.screen import grid
from conftest import UPDATE_GOLDEN, run_cli


def Text(text: str, style: str = ""):  # noqa: N802  (a cell: one piece of text and its style)
    return ((text, style),)

GOLDEN = Path(__file__).parent / "golden"


def _plain(lines):
    return ["".join(t for t, _ in ln) for ln in lines]


def test_grid_aligns_columns_two_cells_apart():
    rows = [[Text("部分"), Text("任务"), Text("备注")], [Text("一、创新"), Text("9"), Text("好")], [Text("二、民生"), Text("15"), Text("")]]
    assert _plain(grid(rows, right=[1], fit=0, max_first=20, width=80)) == [
        "部分      任务  备注",
        "一、创新     9  好  ",
        "二、民生    15      ",
    ]


def test_grid_cuts_the_fitted_column_with_an_ellipsis_at_its_maximum():
    rows = [[Text("部分"), Text("n")], [Text("一、2021年经济社会发展主要预期目标"), Text("9")]]
    lines = _plain(grid(rows, right=[1], fit=0, max_first=20, width=80))
    # 18 cells of text, then a wide character that does not fit: a space, then the ellipsis
    assert lines[1] == "一、2021年经济社会 …  9"


def test_grid_narrows_the_fitted_column_to_the_width_but_not_below_eight():
    rows = [[Text("部分"), Text("任务"), Text("完成")], [Text("一、实施创新驱动"), Text("15"), Text("1")]]
    assert _plain(grid(rows, right=[1, 2], fit=0, max_first=20, width=20)) == [
        "部分      任务  完成",
        "一、实 …    15     1",
    ]
    narrow = _plain(grid(rows, right=[1, 2], fit=0, max_first=20, width=5))
    assert [cell_len(x) for x in narrow] == [8 + 2 + 4 + 2 + 4] * 2 and narrow[1].startswith("一、实 …  ")


def test_grid_keeps_styles_of_cells():
    rows = [[Text("a"), Text("b")], [Text("x", style="red"), Text("7", style="yellow")]]
    line = grid(rows, right=[1], fit=0, max_first=20, width=80)[1]
    assert [piece for piece in line if piece[1]] == [("x", "red"), ("7", "yellow")]


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing {name}: run `make golden`"
    assert text == path.read_text(encoding="utf-8")


def test_status_screen_golden():
    shipped = Path(__file__).parent.parent / "data" / "tasks.yaml"
    result = run_cli("status", "-r", str(shipped), env={"COLUMNS": "80", "AUDIT_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
    _golden("status_shipped_80.txt", result.stdout)


def test_status_screen_on_a_narrow_terminal_golden(small_registry):
    result = run_cli("status", "-r", str(small_registry), env={"COLUMNS": "44", "AUDIT_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
    _golden("status_small_44.txt", result.stdout)


def test_brief_ids_lists_a_few_and_says_how_many_and_where():
    from audit.cli.screen import brief_ids

    assert brief_ids(["1", "2"], "用 audit missing 查看全部") == "1、2"
    ids = [str(i) for i in range(1, 66001)]
    text = brief_ids(ids, "用 audit missing 查看全部", limit=3)
    assert text == "1、2、3……共 66,000 项（用 audit missing 查看全部）"


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


def _report():

    shipped = Path(__file__).parent.parent / "data" / "tasks.yaml"
    from audit.report import pipeline

    return pipeline.status_part(str(shipped), None, None, "summary", cache=None)


def test_coloured_status_is_the_plain_screen_with_rich_s_codes(monkeypatch):
    import io
    import re

    from audit.cli.screen import Screen, status_lines

    monkeypatch.setenv("AUDIT_NO_CACHE", "1")
    report = _report()
    plain, coloured = io.StringIO(), io.StringIO()
    Screen(plain, {"COLUMNS": "80"}).write(status_lines(report, 80))
    Screen(coloured, {"COLUMNS": "80", "FORCE_COLOR": "1"}).write(status_lines(report, 80))
    assert "\x1b" not in plain.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.getvalue()) == plain.getvalue()
    assert "\x1b[1;32m已完成 3\x1b[0m" in coloured.getvalue() and "\x1b[1;31m停滞 2\x1b[0m" in coloured.getvalue()
    assert plain.getvalue() == (GOLDEN / "status_shipped_80.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("env, colour, width", [
    ({"COLUMNS": "100"}, False, 100),
    ({"COLUMNS": "100", "FORCE_COLOR": "1"}, True, 100),
    ({"COLUMNS": "100", "FORCE_COLOR": "1", "NO_COLOR": "1"}, False, 100),
    ({"TERM": "dumb", "FORCE_COLOR": "1"}, False, None),
])
def test_screen_chooses_colour_and_width_as_rich_does(env, colour, width):
    import io

    from audit.cli.screen import Screen

    s = Screen(io.StringIO(), env)
    assert s.colour is colour
    if width is not None:
        assert s.width == width


def test_where_rich_is_needed_the_screen_goes_through_it(monkeypatch, capsys):
    from audit.cli import output
    from audit.cli.screen import Screen, status_lines

    monkeypatch.setenv("AUDIT_NO_CACHE", "1")
    monkeypatch.setenv("COLUMNS", "80")
    report = _report()
    output.reset()
    s = Screen()
    s.needs_rich = True  # as on the old Windows console
    s.write(status_lines(report, 80))
    output.reset()
    assert capsys.readouterr().out == (GOLDEN / "status_shipped_80.txt").read_text(encoding="utf-8")


def test_the_status_screen_writes_no_control_characters_from_the_registry():
    import io

    from audit.cli.screen import Screen

    out = io.StringIO()
    Screen(out, {"COLUMNS": "80"}).write([((("\x1b[31m红\x1b[0m\x07标题\n第二行", "bold"),), "fold")])
    assert out.getvalue() == "[31m红[0m标题 第二行\n"
