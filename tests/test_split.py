"""Split registries: `include:` in the main file, or a folder of *.yaml files, loaded as one."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from audit.core.errors import AuditError
from audit.registry.load import load, locate_task_file

MAIN = textwrap.dedent(
    """\
    meta:
      title: 全市汇总
      year: 2023
      periods:
        - id: 2023-H1
    sections:
      - no: 1
        title: 主要目标
    include:
      - counties/*.yaml
    tasks:
      - id: "1"
        section: 1
        goal: 市本级任务。
    """
)


def task(tid: str, section: int = 1, goal: str = "县级任务。") -> str:
    return f'  - id: "{tid}"\n    section: {section}\n    goal: {goal}\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def split(tmp_path: Path) -> Path:
    main = write(tmp_path / "tasks.yaml", MAIN)
    write(tmp_path / "counties" / "b.yaml", "tasks:\n" + task("B1") + task("B2"))
    write(tmp_path / "counties" / "a.yaml", "sections:\n  - no: 2\n    title: 县级\ntasks:\n" + task("A1", 2))
    return main


def test_included_files_load_as_one_in_order(split):
    r = load(split)
    assert r.problems == []
    assert [t.id for t in r.registry.tasks] == ["1", "A1", "B1", "B2"]
    assert [s.no for s in r.registry.sections] == [1, 2]
    a1 = r.registry.task("A1")
    assert a1.source.file.endswith("counties/a.yaml") and a1.source.line == 5
    assert r.registry.task("1").source.file == str(split)


def test_problem_in_an_included_file_names_that_file_and_line(split):
    write(split.parent / "counties" / "b.yaml", "tasks:\n" + task("B1") + '  - id: "B2"\n    section: 1\n    goal: 任务。\n    unit: x\n')
    (p,) = load(split).problems
    assert (p.file, p.line, p.field) == (str(split.parent / "counties" / "b.yaml"), 8, "tasks[1].unit")
    assert p.message == "不认识的字段 “unit”。是不是 “units”？"


def test_duplicate_id_across_files_points_at_both(split):
    write(split.parent / "counties" / "b.yaml", "tasks:\n" + task("A1"))
    msgs = [str(p) for p in load(split).problems]
    a = str(split.parent / "counties" / "a.yaml")
    b = str(split.parent / "counties" / "b.yaml")
    assert msgs == [f"{b}:2:9: tasks[0].id: 任务编号 “A1” 重复（第一次出现在{a} 第 5 行）。每个任务的编号必须唯一。"]


def test_unknown_section_in_included_file(split):
    write(split.parent / "counties" / "b.yaml", "tasks:\n" + task("B1", 9))
    (p,) = load(split).problems
    assert p.file.endswith("b.yaml") and (p.line, p.col, p.field) == (3, 14, "tasks[0].section")


def test_syntax_error_in_included_file(split):
    write(split.parent / "counties" / "b.yaml", "tasks:\n  - id: \"B1\n")
    r = load(split)
    assert r.registry is None
    assert r.problems[0].file.endswith("b.yaml") and r.problems[0].line == 2  # where the unclosed quote opens


def test_missing_include_is_located_in_the_main_file(tmp_path):
    main = write(tmp_path / "tasks.yaml", MAIN.replace("counties/*.yaml", "nowhere.yaml"))
    (p,) = load(main).problems
    assert (p.file, p.line, p.col, p.field) == (str(main), 10, 5, "include[0]")
    assert "nowhere.yaml" in p.message


def test_glob_matching_nothing(tmp_path):
    main = write(tmp_path / "tasks.yaml", MAIN)
    (p,) = load(main).problems
    assert (p.line, p.field) == (10, "include[0]") and "没有与 “counties/*.yaml” 匹配的文件" in p.message


def test_included_file_may_not_carry_meta(split):
    write(split.parent / "counties" / "b.yaml", "meta:\n  title: x\ntasks:\n" + task("B1"))
    (p,) = load(split).problems
    assert p.file.endswith("b.yaml") and p.line == 1 and p.field == "meta"
    assert "meta 请写在主文件" in p.message


def test_section_declared_twice_across_files(split):
    write(split.parent / "counties" / "b.yaml", "sections:\n  - no: 1\n    title: 又一个\ntasks:\n" + task("B1"))
    (p,) = load(split).problems
    assert p.file.endswith("b.yaml") and (p.line, p.field) == (2, "sections[0].no")


def test_main_file_matched_by_its_own_glob_is_read_once(tmp_path):
    main = write(tmp_path / "tasks.yaml", MAIN.replace("counties/*.yaml", "\"*.yaml\""))
    write(tmp_path / "more.yaml", "tasks:\n" + task("M1"))
    r = load(main)
    assert r.problems == [] and [t.id for t in r.registry.tasks] == ["1", "M1"]


def test_folder_registry(tmp_path):
    folder = tmp_path / "reg"
    head = MAIN.split("include:")[0]
    write(folder / "00-meta.yaml", head)
    write(folder / "10-a.yaml", "tasks:\n" + task("A"))
    write(folder / "20-b.yaml", "tasks:\n" + task("B"))
    write(folder / "notes.txt", "not yaml")
    r = load(folder)
    assert r.problems == [] and [t.id for t in r.registry.tasks] == ["A", "B"]
    assert r.registry.path == str(folder)
    assert locate_task_file(folder, "B") == str(folder / "20-b.yaml")


def test_folder_with_meta_twice(tmp_path):
    folder = tmp_path / "reg"
    head = MAIN.split("include:")[0]
    write(folder / "a.yaml", head)
    write(folder / "b.yaml", head.replace("sections:\n  - no: 1\n    title: 主要目标\n", "") + "tasks:\n" + task("B"))
    (p,) = load(folder).problems
    assert p.file.endswith("b.yaml") and p.line == 1 and p.field == "meta"


def test_empty_folder_is_unreadable(tmp_path):
    r = load(tmp_path)
    assert r.unreadable and r.registry is None


def test_locate_task_file(split):
    assert locate_task_file(split, "1") == str(split)
    assert locate_task_file(split, "B2").endswith("counties/b.yaml")
    with pytest.raises(AuditError):
        locate_task_file(split, "nope")


def test_overlay_is_read_in_place_of_the_file(split):
    b = split.parent / "counties" / "b.yaml"
    before = b.read_bytes()
    r = load(split, overlay={os.path.abspath(b): ("tasks:\n" + task("A1")).encode()})
    assert [(p.file, p.line, p.field) for p in r.problems] == [(str(b), 2, "tasks[0].id")]
    assert b.read_bytes() == before
    assert load(split).problems == []


def test_include_glob_skips_backups(tmp_path):
    main = write(tmp_path / "tasks.yaml", MAIN.replace("counties/*.yaml", "counties/*"))
    write(tmp_path / "counties" / "a.yaml", "tasks:\n" + task("A1"))
    write(tmp_path / "counties" / "a.yaml.bak", "tasks:\n" + task("A1"))
    r = load(main)
    assert r.problems == [] and [t.id for t in r.registry.tasks] == ["1", "A1"]


def test_registry_files_even_when_a_part_is_broken(split):
    from audit.registry.load import registry_files

    write(split.parent / "counties" / "b.yaml", "tasks:\n  - id: \"B1\n")
    assert registry_files(split) == [str(split), str(split.parent / "counties" / "a.yaml"), str(split.parent / "counties" / "b.yaml")]
    split.write_text("meta: [\n", encoding="utf-8")
    assert registry_files(split) == [str(split)]
