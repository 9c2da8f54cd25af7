"""Writers on split registries (`include:` and folder): the right file changes, the rest stay byte-identical,
a multi-file write lands everywhere or nowhere, restore checks its backups, the cache never goes stale."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from audit.core.errors import AuditError, RegistryInvalid, WriteRefused
from audit.registry import cache as cache_mod
from audit.registry import save, writer
from audit.registry.edit import Filled, LedgerRejected, Where
from audit.registry.load import load
from conftest import run_cli

CLI = str(Path(__file__).resolve().parent.parent / "cli")

HEAD = """\
# 全市汇总：主文件
meta:
  title: 全市汇总
  year: 2023
  periods:
    - id: 2023-Q1
    - id: 2023-H1   # 半年
sections:
  - no: 1
    title: 主要目标
"""
INCLUDE = """\
include:
  - counties/*.yaml
"""
OWN = """\
tasks:
  - id: "1"
    section: 1
    goal: 市本级任务。
"""
A = """\
# 甲县
sections:
  - no: 2
    title: 甲县重点工作
tasks:
  - id: "A1"   # 甲县第一项
    section: 2
    goal: 新建学校2所。
    progress:
      - period: 2023-Q1
        text: 已选址。
# 甲县结尾
"""
B = """\
# 乙县
tasks:
  - id: "B1"
    section: 1
    goal: 新增企业10家。
  - id: "B2"   # 乙县第二项
    section: 2
    goal: 修路5公里。
"""
# what the writers must produce: each new entry inserted, every other byte as it was
A_H1 = A.replace("        text: 已选址。\n", "        text: 已选址。\n      - period: 2023-H1\n        text: 已开工建设。\n")
B_H1 = B.replace("    goal: 新增企业10家。\n",
                 "    goal: 新增企业10家。\n    progress:\n      - period: 2023-H1\n        text: 已新增企业6家。\n")
B2_H1 = B.replace("    goal: 修路5公里。\n", "    goal: 修路5公里。\n    progress:\n      - period: 2023-H1\n        text: 已完成3公里。\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(params=["include", "folder"])
def split(request, tmp_path: Path) -> SimpleNamespace:
    """The same registry both ways. In the folder, meta sits in the middle file (not the first)."""
    if request.param == "include":
        main = write(tmp_path / "tasks.yaml", HEAD + INCLUDE + OWN)
        a = write(tmp_path / "counties" / "a.yaml", A)
        b = write(tmp_path / "counties" / "b.yaml", B)
        reg = main
    else:
        reg = tmp_path / "reg"
        a = write(reg / "10-a.yaml", A)
        main = write(reg / "50-meta.yaml", HEAD + OWN)
        b = write(reg / "90-b.yaml", B)
    files = (main, a, b)
    assert load(reg).problems == []
    return SimpleNamespace(reg=reg, main=main, a=a, b=b, files=files, kind=request.param,
                           before={f: f.read_bytes() for f in files})


def unchanged(s: SimpleNamespace, *files: Path) -> None:
    for f in files:
        assert f.read_bytes() == s.before[f], f


def no_temps(s: SimpleNamespace) -> None:
    for folder in {f.parent for f in s.files}:
        assert sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".swap"))) == []


def csv_ledger(tmp_path: Path, rows: list[tuple[str, str]], name: str = "ledger.csv") -> Path:
    body = "编号,本期进展\r\n" + "".join(f"{i},{t}\r\n" for i, t in rows)
    out = tmp_path / name
    out.write_text(body, encoding="utf-8")
    return out


def cli(s: SimpleNamespace, *args: str):
    return run_cli("--registry", str(s.reg), *args)


# ----------------------------------------------------------------------------- update


def test_update_writes_the_file_that_holds_the_task(split):
    (out,), written = writer.put_progress(split.reg, [Filled("B1", "已新增企业6家。")], "2023-H1", command="update")
    assert (out.task_id, out.action) == ("B1", "add")
    assert written == [str(split.b)]
    assert split.b.read_text(encoding="utf-8") == B_H1
    assert save.backup_path(split.b).read_bytes() == split.before[split.b]
    unchanged(split, split.main, split.a)
    assert not save.backup_path(split.main).exists() and not save.backup_path(split.a).exists()
    assert load(split.reg).registry.task("B1").entry("2023-H1").text == "已新增企业6家。"


def test_update_through_the_cli_names_the_file(split):
    r = cli(split, "update", "A1", "-p", "2023-H1", "--text", "已开工建设。")
    assert r.exit_code == 0, r.output
    assert r.stderr == f"新增任务 A1 在 2023-H1 的进展（已写入 {split.a}，原文件备份为 {split.a}.bak）：已开工建设。\n"
    assert split.a.read_text(encoding="utf-8") == A_H1  # the comments before, beside and after the task kept
    unchanged(split, split.main, split.b)
    again = cli(split, "update", "A1", "-p", "2023-H1", "--text", "已开工建设。")
    assert again.exit_code == 0 and again.stderr == "与台账相同，未改动：任务 A1 在 2023-H1 的进展：已开工建设。\n"
    conflict = cli(split, "update", "A1", "-p", "2023-H1", "--text", "另一种说法。")
    assert conflict.exit_code == 2
    assert "任务 “A1” 在 2023-H1 已有进展（“已开工建设。”），未覆盖。如确要用新内容替换，请加 --overwrite。" in conflict.stderr
    assert split.a.read_text(encoding="utf-8") == A_H1


def test_update_of_a_task_in_the_meta_file(split):
    r = cli(split, "update", "1", "-p", "2023-H1", "--text", "市本级已完成。")
    assert r.exit_code == 0, r.output
    assert split.main.read_text(encoding="utf-8").endswith(
        '  - id: "1"\n    section: 1\n    goal: 市本级任务。\n    progress:\n      - period: 2023-H1\n        text: 市本级已完成。\n')
    unchanged(split, split.a, split.b)


def test_dry_run_writes_nothing(split):
    r = cli(split, "update", "B1", "-p", "2023-H1", "--text", "已新增企业6家。", "--dry-run")
    assert r.exit_code == 0
    assert r.stderr == f"新增任务 B1 在 2023-H1 的进展（将写入 {split.b}；--dry-run：未写入）：已新增企业6家。\n"
    unchanged(split, *split.files)
    assert not any(save.backup_path(f).exists() for f in split.files)


# ----------------------------------------------------------------------------- import-progress


def test_import_writes_each_touched_file_with_its_own_backup(split, tmp_path):
    book = csv_ledger(tmp_path, [("A1", "已开工建设。"), ("B1", "已新增企业6家。")])
    r = cli(split, "import-progress", str(book), "--period", "2023-H1", "--json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["added"] == ["A1", "B1"] and summary["written"] == [str(split.a), str(split.b)]
    assert split.a.read_text(encoding="utf-8") == A_H1
    assert split.b.read_text(encoding="utf-8") == B_H1
    unchanged(split, split.main)
    assert save.backup_path(split.a).read_bytes() == split.before[split.a]
    assert save.backup_path(split.b).read_bytes() == split.before[split.b]
    assert not save.backup_path(split.main).exists()
    note = json.loads(writer.note_path(split.reg).read_text(encoding="utf-8"))
    rel = os.path.relpath(split.a, split.reg if split.kind == "folder" else split.reg.parent)
    assert note == {"command": "import-progress", "files": [rel, rel.replace("a.yaml", "b.yaml").replace("10-", "90-")]}
    no_temps(split)


def test_import_message_lists_the_files_written(split, tmp_path):
    book = csv_ledger(tmp_path, [("B2", "已完成3公里。"), ("A1", "已开工建设。")])
    r = cli(split, "import-progress", str(book), "--period", "2023-H1")
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[-1] == f"已写入 2 个文件：{split.b}、{split.a}；原文件各自备份为同名的 .bak。"
    assert split.b.read_text(encoding="utf-8") == B2_H1


def test_import_with_an_unknown_id_writes_nothing(split, tmp_path):
    book = csv_ledger(tmp_path, [("A1", "已开工建设。"), ("Z9", "不存在的任务。"), ("B1", "已新增企业6家。")])
    r = cli(split, "import-progress", str(book), "--period", "2023-H1")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        "ledger.csv 工作表“ledger” 第 3 行 A 列（编号）：台账中没有编号为 “Z9” 的任务。请不要修改“编号”列。",
        "错误：1 处问题，未导入任何内容（要么全部导入，要么都不导入）。请改好上列各处后重新导入。",
    ]
    unchanged(split, *split.files)
    assert not any(save.backup_path(f).exists() for f in split.files)


def test_core_refuses_unknown_ids_and_conflicts_together(split):
    split.a.write_text(A_H1, encoding="utf-8")  # A1 already has an H1 entry
    split.before[split.a] = split.a.read_bytes()
    rows = [Filled("B1", "已新增企业6家。", (), Where("l.xlsx", "台账", 2)),
            Filled("A1", "另一种说法。", (), Where("l.xlsx", "台账", 3)),
            Filled("Q7", "没有这项。", (), Where("l.xlsx", "台账", 4))]
    with pytest.raises(LedgerRejected) as e:
        writer.put_progress(split.reg, rows, "2023-H1")
    assert [str(r) for r in e.value.rejections] == [
        "l.xlsx 工作表“台账” 第 4 行：台账中没有编号为 “Q7” 的任务。请核对“编号”列（不要修改编号）；新增任务须先在台账文件中登记。",
        "l.xlsx 工作表“台账” 第 3 行：任务 “A1” 在 2023-H1 已有进展（“已开工建设。”），未覆盖。如确要用新内容替换，请加 --overwrite。",
    ]
    assert e.value.message == "2 处问题，未写入任何内容（要么全部写入，要么都不写）。请改好上列各处后重试。"
    unchanged(split, *split.files)
    assert not any(save.backup_path(f).exists() for f in split.files)


def test_failure_replacing_the_second_file_puts_the_first_back(split, monkeypatch):
    real = save._replace
    seen: list[Path] = []

    def flaky(src, dst):
        seen.append(Path(dst))
        if len(seen) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(save, "_replace", flaky)
    rows = [Filled("A1", "已开工建设。"), Filled("B1", "已新增企业6家。")]
    with pytest.raises(WriteRefused) as e:
        writer.put_progress(split.reg, rows, "2023-H1")
    assert seen == [split.a, split.b]
    assert e.value.message == (f"写入 {split.b} 时出错（磁盘读写出错，请检查磁盘或网络盘连接），本次改动没有生效："
                               f"已写入的 {split.a} 已用备份恢复原样，"
                               "所有文件与写入前相同。请排除问题后重试。")
    unchanged(split, *split.files)
    no_temps(split)
    assert load(split.reg).registry.task("A1").entry("2023-H1") is None


def test_failure_while_replacing_is_reported_by_the_cli(split, tmp_path, monkeypatch):
    real = save._replace
    count = []

    def flaky(src, dst):
        count.append(dst)
        if len(count) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(save, "_replace", flaky)
    book = csv_ledger(tmp_path, [("A1", "已开工建设。"), ("B1", "已新增企业6家。")])
    r = cli(split, "import-progress", str(book), "--period", "2023-H1")
    assert r.exit_code == 2
    assert r.stderr == (f"错误：写入 {split.b} 时出错（磁盘空间不足），本次改动没有生效：已写入的 {split.a} 已用备份恢复原样，"
                        "所有文件与写入前相同。请排除问题后重试。\n")
    assert "Traceback" not in r.output
    unchanged(split, *split.files)


def test_when_putting_back_fails_too_the_message_says_what_to_copy(split, monkeypatch):
    real = save._replace

    def flaky(src, dst):
        if Path(dst) == split.b:
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    def no_copy(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(save, "_replace", flaky)
    monkeypatch.setattr(save, "_copy_bytes", no_copy)
    with pytest.raises(WriteRefused) as e:
        writer.put_progress(split.reg, [Filled("A1", "已开工建设。"), Filled("B1", "已新增企业6家。")], "2023-H1")
    assert e.value.message == (f"写入 {split.b} 时出错（磁盘读写出错，请检查磁盘或网络盘连接），本次改动没有生效；"
                               f"但 {split.a}（磁盘读写出错，请检查磁盘或网络盘连接）"
                               f"未能用备份恢复：请把 {split.a}.bak 复制为 {split.a}（备份是写入前的内容），然后运行 audit check 检查。")
    assert save.backup_path(split.a).read_bytes() == split.before[split.a]  # the way back is there
    unchanged(split, split.main, split.b)


def test_a_failure_before_any_replace_leaves_everything(split, monkeypatch):
    import tempfile

    real = tempfile.mkstemp
    made = []

    def second_fails(*a, **k):
        made.append(k.get("prefix"))
        if len(made) == 3:  # a.yaml's new text and backup staged; b.yaml's new text fails
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*a, **k)

    monkeypatch.setattr(tempfile, "mkstemp", second_fails)
    with pytest.raises(WriteRefused) as e:
        writer.put_progress(split.reg, [Filled("A1", "已开工建设。"), Filled("B1", "已新增企业6家。")], "2023-H1")
    assert e.value.message == f"无法写入 {split.b}：磁盘空间不足。原文件未改动；请清理磁盘后重试。"
    unchanged(split, *split.files)
    assert not any(save.backup_path(f).exists() for f in split.files)
    no_temps(split)


def test_the_combined_registry_is_checked_before_writing(split):
    """A task that is fine in its own file but repeats an id of another file is refused; nothing written."""

    def add_a_duplicate(s):
        tasks = s.doc(str(split.b))["tasks"]
        tasks.append(save.styled({"id": "A1", "section": 1, "goal": "重复的编号。"}))
        s.mark(str(split.b))

    with pytest.raises(AuditError) as e:
        writer.edit(split.reg, add_a_duplicate)
    assert e.value.message.startswith("改动后的台账未通过检查（见上），未写入任何文件。")
    assert [(p.file, p.line, p.field) for p in e.value.problems] == [(str(split.b), 9, "tasks[2].id")]
    assert "任务编号 “A1” 重复" in e.value.problems[0].message
    unchanged(split, *split.files)


def test_a_problem_in_another_file_stops_the_write(split):
    split.a.write_text(A.replace("    goal: 新建学校2所。\n", "    goal: 新建学校2所。\n    unit: x\n"), encoding="utf-8")
    with pytest.raises(RegistryInvalid) as e:
        writer.put_progress(split.reg, [Filled("B1", "已新增企业6家。")], "2023-H1")
    assert [(p.file, p.line, p.field) for p in e.value.problems] == [(str(split.a), 9, "tasks[0].unit")]
    assert e.value.message == f"台账 {split.reg} 有问题，未写入。请按上面的提示改好后重试（audit check 可再次检查）。"
    unchanged(split, split.main, split.b)


# ----------------------------------------------------------------------------- period add


def test_period_add_edits_the_file_that_holds_meta(split):
    r = cli(split, "period", "add", "2023-Q3")
    assert r.exit_code == 0, r.output
    assert r.stderr == f"已声明报告期 2023-Q3（截止 2023-09-30），写入 {split.main}（原文件备份为 {split.main}.bak）。\n"
    assert split.main.read_text(encoding="utf-8") == split.before[split.main].decode().replace(
        "    - id: 2023-H1   # 半年\n", "    - id: 2023-H1   # 半年\n    - id: 2023-Q3\n")
    unchanged(split, split.a, split.b)
    assert load(split.reg).registry.period_ids == ["2023-Q1", "2023-H1", "2023-Q3"]
    # the new period is usable at once in the other files
    assert cli(split, "update", "B2", "-p", "2023-Q3", "--text", "已完成3公里。").exit_code == 0
    assert load(split.reg).registry.task("B2").entry("2023-Q3").text == "已完成3公里。"


# ----------------------------------------------------------------------------- restore


def test_restore_undoes_the_whole_last_write_and_again_redoes_it(split, tmp_path):
    book = csv_ledger(tmp_path, [("A1", "已开工建设。"), ("B1", "已新增企业6家。")])
    assert cli(split, "import-progress", str(book), "--period", "2023-H1").exit_code == 0
    r = cli(split, "restore")
    assert r.exit_code == 0, r.output
    assert r.stderr == (f"已用备份恢复 {split.a}、{split.b}；恢复前的内容保存在 {split.a}.bak、{split.b}.bak"
                        "（再运行一次 audit restore 可撤销）。\n")
    unchanged(split, *split.files)
    again = cli(split, "restore")
    assert again.exit_code == 0
    assert split.a.read_text(encoding="utf-8") == A_H1 and split.b.read_text(encoding="utf-8") == B_H1
    unchanged(split, split.main)
    no_temps(split)


def test_restore_one_named_file(split, tmp_path):
    book = csv_ledger(tmp_path, [("A1", "已开工建设。"), ("B1", "已新增企业6家。")])
    assert cli(split, "import-progress", str(book), "--period", "2023-H1").exit_code == 0
    r = cli(split, "restore", str(split.b))
    assert r.exit_code == 0, r.output
    assert split.a.read_text(encoding="utf-8") == A_H1
    unchanged(split, split.b, split.main)
    # that restore is now the last write: the next restore undoes it, and only it
    assert cli(split, "restore").exit_code == 0
    assert split.a.read_text(encoding="utf-8") == A_H1 and split.b.read_text(encoding="utf-8") == B_H1


def test_restore_refuses_a_broken_backup(split):
    assert cli(split, "update", "B1", "-p", "2023-H1", "--text", "已新增企业6家。").exit_code == 0
    bak = save.backup_path(split.b)
    bak.write_text('tasks:\n  - id: "B1\n    section: 1\n', encoding="utf-8")
    r = cli(split, "restore")
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert lines[0] == f"{bak}:2:1: 这一行的引号没有配对（有开头的引号没有结尾）。请补上结尾的引号，或去掉开头的引号。"
    assert lines[-1] == f"错误：备份 {bak} 有问题（见上），未恢复，台账未改动。请先改好备份；如确要换回这份备份，请加 --force。"
    assert split.b.read_text(encoding="utf-8") == B_H1
    assert bak.read_text(encoding="utf-8") == 'tasks:\n  - id: "B1\n    section: 1\n'
    forced = cli(split, "restore", "--force")
    assert forced.exit_code == 0
    assert "提示：备份有上列问题，已按 --force 换回。请改好后运行 audit check 检查。" in forced.stderr
    assert split.b.read_text(encoding="utf-8") == 'tasks:\n  - id: "B1\n    section: 1\n'
    assert bak.read_text(encoding="utf-8") == B_H1


def test_restore_refuses_a_backup_that_clashes_with_another_file(split):
    assert cli(split, "update", "A1", "-p", "2023-H1", "--text", "已开工建设。").exit_code == 0
    clash = A.replace('id: "A1"', 'id: "B1"')  # valid on its own; the id is taken in the other file
    save.backup_path(split.a).write_text(clash, encoding="utf-8")
    r = cli(split, "restore")
    assert r.exit_code == 2
    assert f"{split.b}:3:9: tasks[0].id: 任务编号 “B1” 重复" in r.stderr
    assert r.stderr.splitlines()[-1] == (f"错误：换回备份 {split.a}.bak 后，台账会出现上列问题（备份与台账的其他文件对不上），"
                                         "未恢复，台账未改动。如确要换回，请加 --force。")
    assert split.a.read_text(encoding="utf-8") == A_H1


def test_restore_without_a_note_and_several_backups_asks_which(split):
    for f in (split.a, split.b):
        save.backup_path(f).write_bytes(f.read_bytes())
    r = cli(split, "restore")
    assert r.exit_code == 2
    assert r.stderr == (f"错误：台账 {split.reg} 有 2 个文件有备份（{split.a}、{split.b}），但没有记录上一次写入的是哪些。"
                        f"请写明要恢复的文件，如 audit restore {split.a} --registry {split.reg}。\n")


def test_restore_of_a_file_outside_the_registry_is_refused(split, tmp_path):
    other = write(tmp_path / "other.yaml", "tasks: []\n")
    save.backup_path(other).write_text("tasks: []\n", encoding="utf-8")
    r = cli(split, "restore", str(other))
    assert r.exit_code == 2
    assert r.stderr.startswith(f"错误：{other} 不是台账 {split.reg} 中的文件（台账的文件：")
    assert other.read_text(encoding="utf-8") == "tasks: []\n"


def test_restore_refuses_a_broken_backup_of_a_one_file_registry(registry: Path):
    original = registry.read_bytes()
    save.backup_path(registry).write_text("meta:\n  title: 只有标题\n", encoding="utf-8")
    r = run_cli("restore", "--registry", str(registry))
    assert r.exit_code == 2
    assert f"{registry}.bak:" in r.stderr and "未恢复，台账未改动" in r.stderr
    assert registry.read_bytes() == original
    assert run_cli("restore", "--registry", str(registry), "--force").exit_code == 0
    assert registry.read_text(encoding="utf-8") == "meta:\n  title: 只有标题\n"


def test_restore_works_when_the_current_file_is_broken(split):
    assert cli(split, "update", "B1", "-p", "2023-H1", "--text", "已新增企业6家。").exit_code == 0
    split.b.write_text("tasks:\n\t- 坏了\n", encoding="utf-8")
    r = cli(split, "restore")
    assert r.exit_code == 0, r.output
    unchanged(split, *split.files)


# ----------------------------------------------------------------------------- the cache and the backups


@pytest.fixture
def aged(split, monkeypatch):
    """Every file old enough to be cached at once (the freshness rule switched off)."""
    monkeypatch.setattr(cache_mod, "FRESH_SECONDS", -1.0)
    t = time.time() - 60
    for f in split.files:
        os.utime(f, (t, t))
    return split


def status(s: SimpleNamespace) -> dict:
    r = cli(s, "status", "--period", "2023-H1", "--json")
    assert r.exit_code == 0, r.output
    return {t["id"]: t for t in json.loads(r.stdout)["tasks"]}


def test_the_cache_sees_every_write_at_once(aged):
    assert status(aged)["B1"]["status"] == "unassessed"
    assert status(aged)["B1"]["evidence"] == []  # second run: from the cache
    assert os.listdir(os.environ["AUDIT_CACHE_DIR"])
    assert cli(aged, "update", "B1", "-p", "2023-H1", "--text", "项目暂无进展。").exit_code == 0
    assert status(aged)["B1"]["status"] == "stalled"
    assert cli(aged, "restore").exit_code == 0
    assert status(aged)["B1"]["status"] == "unassessed"
    assert cli(aged, "period", "add", "2023-Q3").exit_code == 0
    r = cli(aged, "period", "list", "--json")
    assert [p["id"] for p in json.loads(r.stdout)] == ["2023-Q1", "2023-H1", "2023-Q3"]


def test_every_file_written_is_too_fresh_to_cache(split):
    """The 2-second rule: right after a write (and a restore, whose backup brings an old mtime back)
    no written file may be cached, whatever its timestamps were before."""
    old = time.time() - 3600
    for f in split.files:
        os.utime(f, (old, old))
    writer.put_progress(split.reg, [Filled("A1", "已开工建设。"), Filled("B1", "已新增企业6家。")], "2023-H1")
    for f in (split.a, split.b):
        inputs = cache_mod.Inputs()
        inputs.file(str(f))
        assert not inputs.settled(), f
        os.utime(save.backup_path(f), (old, old))
    start = time.time_ns()
    writer.restore(split.reg)
    for f in (split.a, split.b):
        assert os.stat(f).st_mtime_ns >= start - 10_000_000  # stamped at the restore, not the backup's hour-old mtime
        inputs = cache_mod.Inputs()
        inputs.file(str(f))
        assert not inputs.settled(), f


def test_a_backup_is_never_read_as_a_part(tmp_path):
    main = write(tmp_path / "tasks.yaml", HEAD + INCLUDE.replace("counties/*.yaml", "counties/*") + OWN)
    b = write(tmp_path / "counties" / "b.yaml", B)
    write(tmp_path / "counties" / "a.yaml", A)
    writer.put_progress(main, [Filled("B1", "已新增企业6家。")], "2023-H1")
    assert save.backup_path(b).exists()
    r = load(main)
    assert r.problems == [] and [t.id for t in r.registry.tasks] == ["1", "A1", "B1", "B2"]


# ----------------------------------------------------------------------------- locks


def _child(code: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": CLI}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("holder", ["registry", "file"])
def test_a_writer_waits_for_the_registry_and_for_the_file(split, holder):
    """Another audit writer holds the registry lock; a one-file writer holds the part's own lock."""
    held = split.reg if holder == "registry" else split.b
    child = _child(f"""
        import time
        from audit.registry.save import locked
        with locked({str(held)!r}):
            print("locked", flush=True)
            time.sleep(1.0)
    """)
    assert child.stdout.readline().strip() == b"locked"
    start = time.perf_counter()
    writer.put_progress(split.reg, [Filled("B1", "已新增企业6家。")], "2023-H1")
    assert time.perf_counter() - start > 0.5, "the write did not wait for the lock"
    child.wait(timeout=10)
    assert split.b.read_text(encoding="utf-8") == B_H1


def test_concurrent_writers_of_different_files_all_land(split):
    env = {**os.environ, "PYTHONPATH": CLI}
    code = "import sys; from audit.cli.app import main; sys.argv[0] = 'audit'; main()"
    ids = ["1", "A1", "B1", "B2"]
    procs = [subprocess.Popen([sys.executable, "-c", code, "--registry", str(split.reg), "update", tid, "--period", "2023-H1",
                               "--text", f"并发写入 {tid}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for tid in ids]
    procs.append(subprocess.Popen([sys.executable, "-c", code, "--registry", str(split.reg), "period", "add", "2023-Q3"],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    r = load(split.reg)
    assert r.problems == []
    assert r.registry.period_ids == ["2023-Q1", "2023-H1", "2023-Q3"]
    for tid in ids:
        assert r.registry.task(tid).entry("2023-H1").text == f"并发写入 {tid}"
    assert split.a.read_text(encoding="utf-8").startswith("# 甲县\n") and "# 甲县结尾\n" in split.a.read_text(encoding="utf-8")
