"""The bad-input corpus: every hostile or broken registry gives located Chinese problems, never a crash.

Each `fixtures/bad/NAME.yaml` has a sidecar `NAME.expected` with the exact lines `audit check`
prints (`file:line:col: field: message`). Regenerate after a deliberate wording change with
`AUDIT_UPDATE_GOLDEN=1 make test` and review the diff. Large inputs are generated in tmp_path.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from audit.core.errors import AuditError
from audit.registry import save
from audit.registry.load import load, load_text
from audit.registry.parse import MAX_DEPTH
from conftest import BAD, UPDATE_GOLDEN, run_cli

CASES = sorted(p for p in BAD.glob("*.yaml"))


def _lines(path: Path) -> list[str]:
    result = load(path)
    return [str(p).replace(str(path), path.name, 1) for p in result.problems]


def test_corpus_is_not_empty():
    assert len(CASES) >= 15


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_corpus_messages(path: Path):
    got = _lines(path)
    expected_file = path.with_suffix(".expected")
    if UPDATE_GOLDEN:
        expected_file.write_text("".join(line + "\n" for line in got), encoding="utf-8")
    assert expected_file.exists(), f"missing {expected_file.name}: run AUDIT_UPDATE_GOLDEN=1 pytest"
    assert got == expected_file.read_text(encoding="utf-8").splitlines()
    assert got, "a bad input must produce at least one problem"
    for line in got:
        assert line.startswith(path.name), "every message names the file"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in line), "every message is in Chinese"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_corpus_through_check(path: Path):
    r = run_cli("check", str(path))
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    assert path.name in r.stderr
    assert "改好后再运行 audit check" in r.stderr


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_corpus_refused_by_writer(path: Path, tmp_path: Path):
    """An edit of a broken file stops with the tool's own error and leaves the bytes alone."""
    if path.stem in ("duplicate_ids", "unknown_period", "unknown_section", "progress_without_text",
                     "wrong_types", "float_id", "bad_period_id", "top_level_list", "empty",
                     "blank_and_comments"):
        pytest.skip("valid YAML with invalid content: the writer's callers validate it")
    target = tmp_path / "tasks.yaml"
    raw = path.read_bytes()
    target.write_bytes(raw)
    with pytest.raises(AuditError):
        save.edit(target, lambda doc: doc)
    assert target.read_bytes() == raw
    assert not (tmp_path / "tasks.yaml.bak").exists()


def test_top_level_check_exit_codes(tmp_path: Path):
    assert run_cli("check", str(tmp_path / "nope.yaml")).exit_code == 2
    assert run_cli("check", str(tmp_path)).exit_code == 2


# ----------------------------------------------------------------------------- generated hostile inputs

DEEP = 10_000
DEEP_CASES = {
    "flow_sequences": "tasks: " + "[" * DEEP + "]" * DEEP + "\n",
    "flow_mappings": "tasks: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n",
    "block_dashes": "tasks:\n  " + "- " * DEEP + "x\n",
    "block_indent": "".join(" " * i + f"k{i}:\n" for i in range(DEEP)) + " " * DEEP + "x: 1\n",
}


@pytest.mark.parametrize("name", DEEP_CASES)
def test_deep_nesting_rejected_fast(name: str, tmp_path: Path):
    text = DEEP_CASES[name]
    start = time.perf_counter()
    result = load_text(text, "deep.yaml")
    assert time.perf_counter() - start < 2
    assert result.registry is None
    [p] = result.problems
    assert p.line >= 1 and "嵌套层次过深" in p.message
    target = tmp_path / "deep.yaml"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(AuditError) as e:  # ruamel's parser would otherwise recurse until it dies
        save.edit(target, lambda doc: doc)
    assert "嵌套层次过深" in e.value.problems[0].message
    r = run_cli("check", str(target))
    assert r.exit_code == 1 and "Traceback" not in r.output


def test_nesting_just_below_the_limit_is_fine():
    depth = MAX_DEPTH - 5
    text = "tasks: " + "[" * depth + "]" * depth + "\n"
    result = load_text(text, "x.yaml")
    assert all("嵌套" not in p.message for p in result.problems)


def test_alias_bomb_bounded_memory(tmp_path: Path):
    # 30 levels of 10 aliases would be 10^30 nodes if anything expanded it
    lines = ['l0: &l0 ["哈","哈","哈","哈","哈","哈","哈","哈","哈","哈"]']
    for i in range(1, 30):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 10) + "]")
    text = "\n".join(lines) + "\ntasks: *l29\n"
    start = time.perf_counter()
    result = load_text(text, "bomb.yaml")
    assert time.perf_counter() - start < 2
    [p] = result.problems
    assert "别名" in p.message and p.line > 1
    target = tmp_path / "bomb.yaml"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(AuditError):
        save.edit(target, lambda doc: doc)


def test_a_few_harmless_aliases_still_load(minimal_text: str):
    text = minimal_text.replace("    units:\n      lead: [市经信局]", "    units: &u\n      lead: [市经信局]")
    text += "  - id: \"3\"\n    section: 1\n    goal: 又一项。\n    units: *u\n"
    result = load_text(text, "x.yaml")
    assert result.ok, result.problems
    assert result.registry.task("3").units.lead == ("市经信局",)


def test_duplicate_key_is_reported_not_silently_dropped(minimal_text: str):
    text = minimal_text.replace("    goal: 推进项目建设。\n", "    goal: 推进项目建设。\n    goal: 另一个目标。\n")
    [p] = load_text(text, "x.yaml").problems
    assert "goal" in p.message and p.line == 28


def test_huge_single_line_does_not_hang():
    text = "meta:\n  title: " + "长" * 2_000_000 + "\n"
    start = time.perf_counter()
    result = load_text(text, "x.yaml")
    assert time.perf_counter() - start < 10
    assert result.problems  # sections and tasks are missing


@pytest.mark.slow
def test_fifty_megabyte_registry(tmp_path: Path, minimal_text: str):
    """A registry of 50 MB loads (or is refused cleanly) in a child process with bounded time."""
    import subprocess

    head, _, _ = minimal_text.partition("tasks:\n")
    task = ('  - id: "{i}"\n    section: 1\n    goal: 新增规上工业企业{i}家以上，规上工业总产值620亿元，同比增长8%。\n'
            "    progress:\n      - period: 2021-H1\n        text: |-\n"
            "          目前已新增规上工业企业15家，占目标值的75%。这是一段比较长的进展文字，用来把文件撑大。\n")
    target = tmp_path / "big.yaml"
    with target.open("w", encoding="utf-8") as f:
        f.write(head + "tasks:\n")
        size, i = 0, 0
        while size < 50_000_000:
            chunk = "".join(task.format(i=j) for j in range(i, i + 1000))
            f.write(chunk)
            size += len(chunk.encode("utf-8"))
            i += 1000
    start = time.perf_counter()
    cli = str(Path(__file__).parent.parent / "cli")
    proc = subprocess.run([sys.executable, "-m", "audit", "check", str(target)], capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": cli, "PATH": "/usr/bin:/bin"})
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert time.perf_counter() - start < 300
