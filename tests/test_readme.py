"""What README shows works as written: every `audit` command of its shell examples runs, in order,
on a copy of the shipped registry, with an exit code README's table explains."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_blocks() -> list[list[str]]:
    """The `audit …` lines of each of README's ```sh blocks, comments left off."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        lines = [re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines() if line.startswith("audit ")]
        if lines:
            out.append(lines)
    return out


def readme_commands() -> list[str]:
    return [c for block in readme_blocks() for c in block]


def exit_codes_in_readme() -> set[int]:
    return {int(c) for c in re.findall(r"^\s*\| `(\d+)` \|", README, re.M)}


def test_readme_names_the_commands_it_is_tested_on():
    commands = readme_commands()
    assert "audit export -o 台账.xlsx" in commands and "audit import-notice 通报.docx -o 新台账.yaml" in commands
    assert len(commands) >= 14


def _run(commands: list[str], folder: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("AUDIT_REGISTRY", "COLUMNS")}
    env["PYTHONPATH"] = str(ROOT / "cli")
    allowed = exit_codes_in_readme()
    for command in commands:
        r = subprocess.run(f"{sys.executable} -m audit" + command[len("audit"):], shell=True, cwd=folder, env=env,
                           capture_output=True, text=True, encoding="utf-8")
        assert r.returncode in allowed - {2, 3, 130}, (command, r.returncode, r.stderr)
        assert "Traceback" not in r.stderr, command


@pytest.mark.slow
def test_every_readme_command_runs_on_a_copy_of_the_shipped_registry(tmp_path):
    import breakdown_fixture

    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "tasks.yaml", tmp_path / "data" / "tasks.yaml")
    # the published circular README imports: a Word circular, as the draft of the shipped registry
    _run(["audit render-notice -o 通报.docx"], tmp_path)
    # the start of a year begins in a folder of its own, with the year's 分解方案 and no registry yet
    new_year = tmp_path / "新的一年"
    new_year.mkdir()
    (new_year / "分解方案.xlsx").write_bytes(breakdown_fixture.xlsx_bytes())
    for block in readme_blocks():
        _run(block, new_year if any(c.startswith("audit import-tasks") for c in block) else tmp_path)
    assert (new_year / "台账.yaml").exists()
    assert (tmp_path / "草稿.md").read_text(encoding="utf-8").startswith("#")
    assert (tmp_path / "新台账.yaml").exists() and (tmp_path / "台账.xlsx").exists()
    assert "已完成立项。" in (tmp_path / "data" / "tasks.yaml").read_text(encoding="utf-8")


def test_every_exit_code_the_program_uses_is_in_readme_s_table():
    used = set()
    for path in (ROOT / "cli" / "audit").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= {int(c) for c in re.findall(r"typer\.Exit\((\d+)\)", text)}
        used |= {int(c) for c in re.findall(r"^\s*(?:exit_code|INTERNAL_ERROR)\s*=\s*(\d+)", text, re.M)}
    assert used and used <= exit_codes_in_readme(), used - exit_codes_in_readme()
