"""The CLI's promise: every command, fed bad input, exits 1 or 2 with a Chinese message, never a traceback.

Commands are discovered from the app, so a command added later is swept too: each option that
takes a file (--registry, and FILE-like arguments) is given every bad file below, and each
choice-like option a value that does not exist.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import typer.main

from audit.cli.app import app
from conftest import BAD, run_cli

COMMANDS = typer.main.get_command(app).commands


def _bad_files(root: Path) -> dict[str, Path]:
    root.mkdir(exist_ok=True)
    files = {
        "missing": root / "没有这个文件.yaml",
        "folder": root,
        "empty": BAD / "empty.yaml",
        "gbk": BAD / "gbk_encoded.yaml",
        "garbage": BAD / "binary_garbage.yaml",
        "tab": BAD / "tab_indent.yaml",
        "bomb": BAD / "alias_bomb.yaml",
        "wrong_types": BAD / "wrong_types.yaml",
        "unknown_period": BAD / "unknown_period.yaml",
    }
    for label, f in list(files.items()):  # copies: commands that write (or lock) must not touch the corpus
        if f.is_file():
            files[label] = root / f.name
            files[label].write_bytes(f.read_bytes())
    deep = root / "deep.yaml"
    deep.write_text("tasks: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    files["deep"] = deep
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # an .xlsx renamed to .docx: a zip, but not Word
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    fake = root / "通报.docx"
    fake.write_bytes(buf.getvalue())
    files["xlsx_as_docx"] = fake
    return files


def _leaves(group, prefix=()):
    """(['period', 'add'], command) for every runnable command, sub-commands included."""
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from _leaves(cmd, prefix + (name,))
        else:
            yield list(prefix + (name,)), cmd


def _sweep_cases(root: Path) -> list[tuple[str, list[str]]]:
    files = _bad_files(root)
    good = root / "good.yaml"
    good.write_bytes((BAD.parent / "good" / "minimal.yaml").read_bytes())
    cases: list[tuple[str, list[str]]] = []
    for words, cmd in _leaves(typer.main.get_command(app)):
        name = " ".join(words)
        opts = {p.name: p for p in cmd.params}
        args = [p for p in cmd.params if p.param_type_name == "argument"]
        file_args = [a for a in args if a.name in ("file", "files", "path")]
        filler = []  # values that get past the first checks, so the bad input is what is judged
        for a in args:
            if a.required and a not in file_args:
                filler.append({"period_id": "2021-Q3"}.get(a.name, "1"))
        extra = []
        if "period" in opts:
            extra += ["--period", "2021-H1"]
        if "text" in opts and not file_args:
            extra += ["--text", "已完成。"]
        if "registry" in opts:
            for label, f in files.items():
                req = [str(good) if a.required else None for a in file_args]
                cases.append((f"{name} --registry {label}",
                              [*words, *filler, *[r for r in req if r], "--registry", str(f), *extra]))
        for a in file_args:
            for label, f in files.items():
                reg = ["--registry", str(good)] if "registry" in opts else []
                cases.append((f"{name} {a.name.upper()}={label}", [*words, *filler, str(f), *reg, *extra]))
        if "period" in opts:
            cases.append((f"{name} --period bad", [*words, *filler, *[str(good) for a in file_args if a.required],
                                                   "--registry", str(good), "--period", "2099-H9"]))
        if "section" in opts:
            cases.append((f"{name} --section bad", [*words, *filler, "--registry", str(good), "--section", "九十九"]))
        cases.append((f"{name} --no-such-option", [*words, "--no-such-option"]))
    return cases


def test_every_command_is_swept(tmp_path: Path):
    swept = {argv[0] for _, argv in _sweep_cases(tmp_path)}
    assert swept == set(COMMANDS)


def test_every_command_with_bad_input_exits_1_or_2_without_traceback(tmp_path: Path):
    failures = []
    for label, argv in _sweep_cases(tmp_path / "in"):
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        r = run_cli(*argv)
        text = r.output
        if r.exit_code not in (1, 2) or "Traceback" in text or r.exception and not isinstance(r.exception, SystemExit):
            failures.append(f"{label}: exit {r.exit_code}: {text[-300:]!r} {r.exception!r}")
        elif not any("\u4e00" <= ch <= "\u9fff" for ch in r.stderr):
            failures.append(f"{label}: no Chinese message on stderr: {r.stderr!r}")
    assert not failures, "\n".join(failures)


def test_laggards_fail_on_exit_codes(registry: Path):
    r = run_cli("laggards", "--registry", str(registry), "--fail-on", "stalled")
    assert r.exit_code in (0, 1) and "Traceback" not in r.output
    r = run_cli("laggards", "--registry", str(registry), "--fail-on", "bogus")
    assert r.exit_code == 2


def test_internal_error_is_exit_3_without_traceback_unless_debug(registry: Path, monkeypatch):
    from audit.cli import output

    def boom(*a, **k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(output, "status", boom)  # a bug in the last step every run goes through
    r = run_cli("status", "--registry", str(registry))
    assert r.exit_code == 3
    assert "程序内部错误" in r.stderr and "--debug" in r.stderr
    assert "Traceback" not in r.output
    r = run_cli("--debug", "status", "--registry", str(registry))
    assert isinstance(r.exception, ZeroDivisionError)  # --debug lets the traceback through


def test_debug_shows_traceback_for_a_user_error(registry: Path):
    r = run_cli("--debug", "restore", "--registry", str(registry))
    assert r.exit_code == 2
    assert "Traceback" in r.stderr and "没有可恢复的备份" in r.stderr
    r = run_cli("restore", "--registry", str(registry))
    assert r.exit_code == 2 and "Traceback" not in r.stderr


def test_top_level_help_is_chinese():
    r = run_cli("--help")
    assert r.exit_code == 0 and "督查" in r.output
    for name in COMMANDS:
        assert name in r.output


@pytest.mark.parametrize("argv, words", [
    (["status", "--no-such-option"], "没有 --no-such-option 这个选项"),
    (["--bogus"], "没有 --bogus 这个选项"),
    (["show"], "缺少参数 编号"),
    (["nosuchcmd"], "没有 “nosuchcmd” 这个命令"),
    (["statsu"], "没有 “statsu” 这个命令。是不是 status？"),
    (["laggards", "--top", "0"], "选项 --top 的值不对：应不小于 1"),
    (["laggards", "--top", "x"], "“x” 不是整数"),
    (["show", "1", "2"], "多余的参数"),
    (["status", "--registry"], "后面要写一个值"),
])
def test_usage_errors_are_chinese(argv, words):
    r = run_cli(*argv)
    assert r.exit_code == 2
    assert words in r.stderr and "-h 查看用法和示例" in r.stderr
    assert "Traceback" not in r.output and "Usage:" not in r.output
    assert not any(w in r.stderr for w in ("No such", "Did you mean", "Invalid value", "'--"))


def test_superscript_digits_are_not_numbers(registry: Path):
    # "¹".isdigit() is True but int("¹") raises: this was an internal error (exit 3)
    r = run_cli("status", "--registry", str(registry), "--section", "¹")
    assert r.exit_code == 2 and "Traceback" not in r.output
    from audit.registry.load import load_text

    assert load_text('meta: {year: "¹"}', "x.yaml").problems
