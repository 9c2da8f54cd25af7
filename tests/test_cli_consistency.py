"""One command line: -r everywhere a registry is read, --version, shell completion, Chinese metavars,
every write naming the file it wrote, no lock file left behind, new files with the user's umask."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from audit.cli.app import app
from conftest import run_cli

CLI = str(Path(__file__).resolve().parents[1] / "cli")
READS_A_REGISTRY = ["check", "status", "laggards", "show", "render-notice", "restore", "export", "import-progress",
                    "update", "diff", "units", "missing", "due", "remind"]


def _commands():
    group = typer.main.get_command(app)
    out = [[n] for n in group.commands if n != "period"]
    return out + [["period", "add"], ["period", "list"], []]


@pytest.mark.parametrize("name", READS_A_REGISTRY)
def test_every_command_that_reads_a_registry_takes_dash_r(name):
    text = run_cli(name, "-h", env={"COLUMNS": "100"}).stdout
    assert "-r, --registry 路径" in text


def test_check_takes_dash_r(small_registry, tmp_path, small_text):
    assert run_cli("check", "-r", str(small_registry)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(small_text.replace("section: 1\n", "section: 7\n"), encoding="utf-8")
    r = run_cli("check", "-r", str(bad))
    assert r.exit_code == 1 and str(bad) in r.stderr
    assert run_cli("check", str(bad), "-r", str(small_registry)).exit_code == 2


def test_version():
    from audit import __version__

    r = run_cli("--version")
    assert r.exit_code == 0 and r.stdout == f"audit {__version__}\n"


def test_shell_completion_is_offered_and_completes():
    env = {**os.environ, "PYTHONPATH": CLI}
    shown = subprocess.run([sys.executable, "-m", "audit", "--show-completion", "bash"], capture_output=True, text=True,
                           env=env)
    assert shown.returncode == 0 and "complete" in shown.stdout
    script = Path(sys.executable).with_name("audit")  # completion asks the installed command by its name
    if not script.exists():
        pytest.skip("the audit command is not installed beside this Python")
    done = subprocess.run([str(script)], capture_output=True, text=True,
                          env={**env, "_AUDIT_COMPLETE": "complete_bash", "COMP_WORDS": "audit lag", "COMP_CWORD": "1"})
    assert done.stdout.split() == ["laggards"]
    assert "--install-completion" in run_cli("-h").stdout


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "audit")
def test_metavars_say_what_a_value_is(path):
    text = run_cli(*path, "-h", env={"COLUMNS": "100"}).stdout
    assert "<文字>" not in text and "<str>" not in text and "‹" not in text
    assert "FILE" not in text and " ID " not in text and "OUT" not in text


def _no_lock_left(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".lock")]


def test_no_command_leaves_a_lock_file(registry):
    folder = registry.parent
    steps = [
        ("period", "add", "2021-Q3", "-r", str(registry), "--dry-run"),
        ("period", "add", "2021-Q3", "-r", str(registry)),
        ("update", "1", "-r", str(registry), "--period", "2021-Q3", "--text", "已完成。", "--dry-run"),
        ("update", "1", "-r", str(registry), "--period", "2021-Q3", "--text", "已完成。"),
        ("restore", "-r", str(registry)),
    ]
    for args in steps:
        r = run_cli(*args)
        assert r.exit_code == 0, (args, r.stderr)
        _no_lock_left(folder)


def test_every_write_says_which_file_it_wrote(registry, tmp_path):
    r = run_cli("period", "add", "2021-Q3", "-r", str(registry))
    assert f"写入 {registry}" in r.stderr
    r = run_cli("update", "1", "-r", str(registry), "--period", "2021-Q3", "--text", "已完成。")
    assert f"已写入 {registry}" in r.stderr
    r = run_cli("update", "1", "-r", str(registry), "--period", "2021-Q3", "--text", "又完成。", "--overwrite", "--dry-run")
    assert f"将写入 {registry}" in r.stderr
    out = tmp_path / "导出.csv"
    assert f"写入 {out}" in run_cli("export", "-r", str(registry), "-o", str(out)).stderr
    draft = tmp_path / "草稿.md"
    assert f"已写入 {draft}" in run_cli("render-notice", "-r", str(registry), "-o", str(draft)).stderr
    assert str(registry) in run_cli("restore", "-r", str(registry)).stderr


@pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX")
def test_new_files_get_the_user_s_umask(registry, tmp_path):
    old = os.umask(0o027)
    try:
        out = tmp_path / "导出.xlsx"
        assert run_cli("export", "-r", str(registry), "-o", str(out)).exit_code == 0
        draft = tmp_path / "草稿.md"
        assert run_cli("render-notice", "-r", str(registry), "-o", str(draft)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640
    registry.chmod(0o664)
    assert run_cli("period", "add", "2021-Q3", "-r", str(registry)).exit_code == 0
    assert stat.S_IMODE(registry.stat().st_mode) == 0o664  # a file that exists keeps its mode


def test_a_writer_waiting_on_the_lock_gets_it_when_the_holder_removes_the_file(tmp_path):
    """The lock file is removed while held; one who opened it before must not think it holds the lock."""
    import threading

    from audit.registry.locks import lock_path, locked

    target = tmp_path / "tasks.yaml"
    target.write_text("x", encoding="utf-8")
    inside = []
    first_in = threading.Event()
    release = threading.Event()

    def holder():
        with locked(target):
            inside.append("a")
            first_in.set()
            release.wait(5)
            inside.append("a-out")

    def waiter():
        first_in.wait(5)
        with locked(target):
            inside.append("b")

    a = threading.Thread(target=holder)
    b = threading.Thread(target=waiter)
    a.start()
    b.start()
    first_in.wait(5)
    release.set()
    a.join(10)
    b.join(10)
    assert inside == ["a", "a-out", "b"]
    assert not lock_path(target).exists()
