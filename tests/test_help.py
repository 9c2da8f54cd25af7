"""Help pages speak Chinese and line up in display cells."""
from __future__ import annotations

import pytest

from audit.cli.app import app
from audit.cli.help import short_help
from audit.cli.help import wrap_cells as _wrap_cells
from audit.core.text import cells as _cells
from conftest import run_cli

ENGLISH = ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message", "<str>", "<int", "[x>=")


def _names():
    import typer.main

    group = typer.main.get_command(app)
    out = [[n] for n in group.commands if n != "period"]
    return out + [["period"], ["period", "add"], ["period", "list"], []]


@pytest.mark.parametrize("path", _names(), ids=lambda p: " ".join(p) or "audit")
def test_every_help_page_is_chinese(path):
    result = run_cli(*path, "-h", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("用法：audit")
    assert "选项：" in text and "显示本帮助并退出。" in text
    assert not [w for w in ENGLISH if w in text]


def test_help_columns_line_up_in_display_cells():
    text = run_cli("laggards", "-h", env={"COLUMNS": "80"}).stdout
    options = text.split("选项：\n", 1)[1].splitlines()
    starts = set()
    for line in options:
        if line.startswith("  -"):
            term = line[2:].split("  ", 1)[0]
            help_start = line.index(line[2 + len(term):].lstrip(), 2 + len(term))
            starts.add(_cells(line[:help_start]))
        assert _cells(line) <= 80
    assert len(starts) == 1


def test_command_list_shows_first_sentences_within_the_width():
    text = run_cli("-h").stdout  # the test runner's terminal is 80 columns
    commands = text.split("命令：\n", 1)[1].splitlines()
    assert "  restore          用备份恢复台账" in commands
    assert all(_cells(line) <= 80 for line in commands)
    assert any(line.endswith("…") for line in commands)  # a long first sentence is cut, not spilled


def test_short_help_cuts_in_cells_with_an_ellipsis():
    assert short_help("用备份恢复台账：把备份换回来。\n\n例：audit restore", 40) == "用备份恢复台账"
    assert short_help("列出滞后、停滞的任务，附进展原文中的依据。", 12) == "列出滞后…"
    assert short_help("check the file", 40) == "check the file"


def test_every_line_of_every_help_page_fits_80_columns():
    for path in _names():
        for line in run_cli(*path, "-h").stdout.splitlines():
            words = line.split()
            # only a single unbreakable word (an example command) may run past the edge
            assert _cells(line) <= 80 or len(words) == 1, (path, line)


def test_wrap_never_starts_a_line_with_closing_punctuation():
    lines = _wrap_cells("把各部门填好的台账导入任务台账。逐行检查，有任何一行有问题就全部不导入（并列出原因）。", 16)
    assert all(_cells(x) <= 16 for x in lines)
    assert not any(x[0] in "。，、；：）" for x in lines) and not any(x.endswith("（") for x in lines)


def test_wrap_keeps_paths_whole_and_fits_the_width():
    lines = _wrap_cells("台账文件路径。缺省依次查找：$AUDIT_REGISTRY、./data/tasks.yaml、随软件提供的台账。", 30)
    assert all(_cells(x) <= 30 for x in lines)
    assert any("./data/tasks.yaml" in x for x in lines) and any("$AUDIT_REGISTRY" in x for x in lines)
    assert "".join(lines) == "台账文件路径。缺省依次查找：$AUDIT_REGISTRY、./data/tasks.yaml、随软件提供的台账。"
