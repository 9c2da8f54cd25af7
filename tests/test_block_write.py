"""Writes that cost what they change: a writer rewrites the task or `meta` block it edits, in place,
checked against the index of the rest; every byte outside that block stays as it was."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.core.errors import AuditError
from audit.registry import blocks, index, save, writer
from audit.registry import load as load_mod
from audit.registry.cache import Cache
from audit.registry.edit import Filled
from audit.registry.load import load
from conftest import run_cli

CLI = str(Path(__file__).resolve().parent.parent / "cli")

HEAD = """\
# 台账：块外的每个字节都不能动
meta:
  title: 关于2023年重点工作进展情况的通报
  year: 2023
  periods:
    - id: 2023-Q1
    - id: "2023-H1"   # 半年
  # 报告期到此为止
sections:
  - no: 1
    title: 主要目标
tasks:
"""
T1 = """\
  - id: "1"
    section: 1
    goal: '新增企业10家，其中"专精特新"2家。'   # 引号照旧
    units: {lead: [县经信局], others: [县统计局]}
    progress:
      - period: 2023-Q1
        text: 已新增3家。

  # —— 第二项 ——
"""
T2 = """\
  - id: "2"
    section: 1
    goal: 修路5公里。
    # 里程按交通局口径
    progress:
      - period: 2023-Q1
        text: |-
          已完成路基1公里。
          # 这一行是进展的文字，不是注释
"""
T3 = """\
  -   id: "3"
      section: 1
      goal: 建设公园1个。
# 文件结尾的注释
"""


def write(tmp_path: Path, text: str, name: str = "tasks.yaml") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    return p


def put(path: Path, task_id: str, text: str, period: str = "2023-H1", **kw):
    return writer.put_progress(path, [Filled(task_id, text)], period, cache=Cache(os.environ["AUDIT_CACHE_DIR"]), **kw)


def no_whole_file_reads(monkeypatch) -> None:
    """Fail if the writer falls back to reading a whole file round-trip."""
    def refuse(*a, **k):
        raise AssertionError("the whole file was read round-trip")

    monkeypatch.setattr(save, "read_roundtrip", refuse)


# --------------------------------------------------------------------------- one block, every other byte kept


def test_update_rewrites_only_the_task_block(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    no_whole_file_reads(monkeypatch)
    (out,), written = put(reg, "2", "已完成路基3公里。")
    assert out.action == "add" and written == [str(reg)]
    new_t2 = T2 + "      - period: 2023-H1\n        text: 已完成路基3公里。\n"
    assert reg.read_text(encoding="utf-8") == HEAD + T1 + new_t2 + T3
    assert save.backup_path(reg).read_text(encoding="utf-8") == HEAD + T1 + T2 + T3


def test_the_comment_lines_after_a_block_stay_after_it(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    no_whole_file_reads(monkeypatch)
    put(reg, "1", "已新增6家。")
    block = T1.replace("        text: 已新增3家。\n", "        text: 已新增3家。\n      - period: 2023-H1\n        text: 已新增6家。\n")
    assert reg.read_text(encoding="utf-8") == HEAD + block + T2 + T3


def test_the_last_task_and_an_unusual_indentation(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    no_whole_file_reads(monkeypatch)
    put(reg, "3", "已开工。")
    # lists inside the block are laid out as the block's own item is ("-   ")
    block = T3.replace("      goal: 建设公园1个。\n", "      goal: 建设公园1个。\n      progress:\n        -   period: 2023-H1\n"
                                                  "            text: 已开工。\n")
    assert reg.read_text(encoding="utf-8") == HEAD + T1 + T2 + block
    assert load(reg).ok


def test_replacing_an_entry_and_a_dry_run(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    before = reg.read_bytes()
    no_whole_file_reads(monkeypatch)
    (out,), written = put(reg, "1", "已新增5家。", period="2023-Q1", overwrite=True, dry_run=True)
    assert out.action == "replace" and written == [] and reg.read_bytes() == before
    put(reg, "1", "已新增5家。", period="2023-Q1", overwrite=True)
    assert reg.read_text(encoding="utf-8") == HEAD + T1.replace("已新增3家。", "已新增5家。") + T2 + T3


def test_crlf_line_breaks_are_kept(tmp_path, monkeypatch):
    text = (HEAD + T1 + T2 + T3).replace("\n", "\r\n")
    reg = write(tmp_path, text)
    no_whole_file_reads(monkeypatch)
    put(reg, "2", "已完成。")
    want = (HEAD + T1 + T2 + "      - period: 2023-H1\n        text: 已完成。\n" + T3).replace("\n", "\r\n")
    assert reg.read_bytes() == want.encode("utf-8")


def test_period_add_rewrites_only_meta(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    no_whole_file_reads(monkeypatch)
    file, written = writer.add_period(reg, "2023-Q3", cache=Cache(os.environ["AUDIT_CACHE_DIR"]))
    assert file == str(reg) and written == [str(reg)]
    want = HEAD.replace('    - id: "2023-H1"   # 半年\n', '    - id: "2023-H1"   # 半年\n    - id: 2023-Q3\n')
    assert reg.read_text(encoding="utf-8") == want + T1 + T2 + T3


def test_import_of_several_tasks_rewrites_each_block(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    no_whole_file_reads(monkeypatch)
    outs, _ = writer.put_progress(reg, [Filled("3", "已开工。"), Filled("1", "已新增6家。")], "2023-H1")
    assert [o.action for o in outs] == ["add", "add"]
    got = load(reg)
    assert got.ok and got.registry.task("3").entry("2023-H1").text == "已开工。"
    assert got.registry.task("1").entry("2023-H1").text == "已新增6家。"
    assert T2 in reg.read_text(encoding="utf-8")


def test_the_next_write_uses_the_index_the_last_one_left(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    put(reg, "1", "第一次。")

    def no_load(*a, **k):
        raise AssertionError("the registry was read whole")

    with monkeypatch.context() as m:
        m.setattr(load_mod, "load", no_load)
        index._OPEN.clear()  # as in a new process: only the cache
        put(reg, "2", "第二次。")
        put(reg, "3", "第三次。")
    got = load(reg).registry
    assert [got.task(t).entry("2023-H1").text for t in ("1", "2", "3")] == ["第一次。", "第二次。", "第三次。"]


def test_restore_after_a_block_write_checks_the_backup_by_its_digest(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    original = reg.read_bytes()
    put(reg, "2", "已完成。")
    written = reg.read_bytes()
    cache = Cache(os.environ["AUDIT_CACHE_DIR"])

    def no_load(*a, **k):
        raise AssertionError("the registry was parsed")

    with monkeypatch.context() as m:
        m.setattr("audit.registry.restore.load", no_load)
        index._OPEN.clear()
        assert writer.restore(reg, cache=cache).files == [str(reg)]
        assert reg.read_bytes() == original and save.backup_path(reg).read_bytes() == written
        writer.restore(reg, cache=cache)  # and back again, as quickly
        assert reg.read_bytes() == written
    put(reg, "3", "已开工。")  # the index restore left is the right one
    assert load(reg).registry.task("2").entry("2023-H1").text == "已完成。"


def test_a_backup_edited_by_hand_is_checked_in_full(tmp_path):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    put(reg, "2", "已完成。")
    bak = save.backup_path(reg)
    bak.write_text(bak.read_text(encoding="utf-8").replace("section: 1", "section: 8", 1), encoding="utf-8")
    with pytest.raises(AuditError) as e:
        writer.restore(reg, cache=Cache(os.environ["AUDIT_CACHE_DIR"]))
    assert "有问题" in e.value.message and e.value.problems[0].file == str(bak)


# --------------------------------------------------------------------------- when a block cannot stand alone


def test_aliases_send_the_write_to_the_whole_file(tmp_path):
    text = HEAD + T1.replace("    units: {lead: [县经信局], others: [县统计局]}\n", "    units: &u {lead: [县经信局]}\n") + \
        T2.replace("    goal: 修路5公里。\n", "    goal: 修路5公里。\n    units: *u\n") + T3
    reg = write(tmp_path, text)
    put(reg, "2", "已完成。")
    got = load(reg)
    assert got.ok and got.registry.task("2").entry("2023-H1").text == "已完成。"
    assert got.registry.task("2").units.lead == ("县经信局",)


def test_a_comment_that_a_new_literal_block_would_swallow_stays_a_comment(tmp_path):
    text = HEAD + '  - id: "9"\n    section: 1\n    goal: 目标。\n          # 缩进很深的注释\n'
    reg = write(tmp_path, text)
    long = "已完成项目立项、可研批复和初步设计审查，正在开展施工图设计和招标准备工作，预计三季度开工建设。"
    put(reg, "9", long)
    got = load(reg)
    assert got.ok and got.registry.task("9").entry("2023-H1").text == long
    assert "# 缩进很深的注释" in reg.read_text(encoding="utf-8")


def test_a_stale_index_is_caught_by_its_digest_and_rebuilt(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    cache = Cache(os.environ["AUDIT_CACHE_DIR"])
    load_mod.load_index(reg, cache)
    # someone edits the file without changing its length; the stat check is made to miss it
    reg.write_bytes(reg.read_bytes().replace("块外的每个字节都不能动".encode(), "块外的每个字节都不许动".encode()))
    monkeypatch.setattr(index, "unchanged", lambda deps: True)
    put(reg, "2", "已完成。")
    text = reg.read_text(encoding="utf-8")
    assert "都不许动" in text  # their edit is kept
    assert load(reg).registry.task("2").entry("2023-H1").text == "已完成。"


def test_a_block_that_would_break_the_registry_is_refused(tmp_path):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    before = reg.read_bytes()

    def bad(s):
        s.task("2")["section"] = 7  # no such section
        s.mark_task("2")

    with pytest.raises(AuditError) as e:
        writer.edit(reg, bad)
    assert e.value.message.startswith("改动后的台账未通过检查")
    p = e.value.problems[0]
    assert (p.file, p.line, p.field) == (str(reg), 23, "tasks[1].section") and "第 7 部分" in p.message
    assert reg.read_bytes() == before


def test_a_block_given_an_id_another_task_has_is_refused(tmp_path):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)

    def clash(s):
        s.task("3")["id"] = "1"
        s.mark_task("3")

    with pytest.raises(AuditError) as e:
        writer.edit(reg, clash)
    assert [(p.line, p.field) for p in e.value.problems] == [(31, "tasks[2].id")]
    assert "任务编号 “1” 重复（第一次出现在第 13 行）" in e.value.problems[0].message


# --------------------------------------------------------------------------- generated registries


@st.composite
def registries(draw):
    n = draw(st.integers(1, 5))
    out, gaps = [HEAD], []
    for k in range(1, n + 1):
        dash = draw(st.sampled_from(["  - ", "  -   "]))
        pad = " " * (len(dash))
        goal = draw(st.sampled_from(["目标{}。", "'引号里的目标{}：有冒号。'", '"双引号目标{}"', "目标{}  # 行尾注释"])).format(k)
        task = f'{dash}id: "{k}"\n{pad}section: 1\n{pad}goal: {goal}\n'
        if draw(st.booleans()):
            task += f"{pad}units:\n{pad}  lead: [单位{k}]\n"
        if draw(st.booleans()):
            style = draw(st.sampled_from(["plain", "block", "quoted"]))
            text = {"plain": "已完成。", "block": "|-\n" + pad + "      第一段。\n" + pad + "      第二段。",
                    "quoted": '"已完成：一半。"'}[style]
            task += f"{pad}progress:\n{pad}  - period: 2023-Q1\n{pad}    text: {text}\n"
            if draw(st.booleans()):
                task += f"{pad}# 进展之后、下一字段之前的注释\n{pad}trajectory: {{2023-Q1: 0.2}}\n"
        gap = draw(st.sampled_from(["", "\n", "  # 下一项\n", "\n# 顶格的注释\n\n"]))
        out.append(task + gap)
        gaps.append(gap)
    return "".join(out), n, gaps


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(registries(), st.data())
def test_generated_registries_change_only_the_block(tmp_path_factory, case, data):
    text, n, gaps = case
    k = data.draw(st.integers(1, n))
    period = data.draw(st.sampled_from(["2023-Q1", "2023-H1"]))
    folder = tmp_path_factory.mktemp("gen")
    reg = write(folder, text)
    assert load(reg).ok, text
    before = load(reg).registry
    outs, _ = writer.put_progress(reg, [Filled(str(k), "新的进展。")], period, overwrite=True)
    after_text = reg.read_text(encoding="utf-8")
    start = text.index(f'id: "{k}"')
    start = text.rindex("\n", 0, start) + 1
    nxt = text.find(f'id: "{k + 1}"')
    stop = text.rindex("\n", 0, nxt) + 1 if nxt >= 0 else len(text)
    assert after_text.startswith(text[:start])  # every byte before the task
    assert after_text.endswith(gaps[k - 1] + text[stop:])  # the lines after it, and every byte after those
    got = load(reg)
    assert got.ok, (after_text, got.problems)
    assert got.registry.task(str(k)).entry(period).text == "新的进展。"
    for t in before.tasks:
        if t.id != str(k):
            assert unplaced(got.registry.task(t.id)) == unplaced(t)


def unplaced(record):
    """A record without the lines it was read from (a block above it may have grown)."""
    if isinstance(record, tuple) and hasattr(record, "_fields"):
        return type(record)(*(None if f == "source" else unplaced(v) for f, v in zip(record._fields, record)))
    if isinstance(record, tuple):
        return tuple(unplaced(v) for v in record)
    return record


# --------------------------------------------------------------------------- locks: a word after a second, a limit, nothing left behind

HOLD = """
    import sys, time
    from audit.registry.locks import locked
    with locked(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.readline()  # held until the test says so, however slow the machine
"""


def _holder(path: Path) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-c", textwrap.dedent(HOLD), str(path)], env={**os.environ, "PYTHONPATH": CLI},
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert p.stdout.readline().strip() == b"locked"
    return p


def _release(holder: subprocess.Popen) -> None:
    holder.stdin.write(b"\n")
    holder.stdin.close()
    holder.wait(timeout=30)


AUDIT = "import sys; from audit.cli.app import main; sys.argv[0] = 'audit'; main()"


def _audit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", AUDIT, *args], env={**os.environ, "PYTHONPATH": CLI},
                          capture_output=True, text=True, timeout=120)


def test_a_waiting_writer_says_so_and_then_writes(tmp_path):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    holder = _holder(reg)
    writer_ = subprocess.Popen([sys.executable, "-c", AUDIT, "update", "2", "-r", str(reg), "--period", "2023-H1",
                                "--text", "已完成。", "--wait", "120"], env={**os.environ, "PYTHONPATH": CLI},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = writer_.stderr.readline()  # blocks until it says something: it must be the wait
        assert "另一个写入正在进行，等待…" in first
        assert load(reg).registry.task("2").entry("2023-H1") is None  # still waiting, nothing written
    finally:
        _release(holder)
    rest = writer_.stderr.read()
    assert writer_.wait(timeout=120) == 0, rest
    assert load(reg).registry.task("2").entry("2023-H1").text == "已完成。"


def test_a_writer_gives_up_after_its_wait_with_a_clear_error(tmp_path):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    before = reg.read_bytes()
    holder = _holder(reg)
    try:
        r = _audit("period", "add", "2023-Q3", "-r", str(reg), "--wait", "1.5")
    finally:
        _release(holder)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "另一个写入正在进行，等待…" in r.stderr
    assert f"{reg} 正由另一个写入占用，已等待 1.5 秒仍未结束，本次未写入任何内容" in r.stderr
    assert reg.read_bytes() == before


def test_a_dry_run_does_not_wait_for_the_lock(tmp_path):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    holder = _holder(reg)
    try:
        r = run_cli("update", "2", "-r", str(reg), "--period", "2023-H1", "--text", "已完成。", "--dry-run", "--wait", "0")
    finally:
        _release(holder)
    assert r.exit_code == 0, r.output


def test_no_writing_command_leaves_a_lock_file(tmp_path):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("编号,本期进展\r\n1,已新增6家。\r\n", encoding="utf-8")
    for args in (["update", "2", "--period", "2023-H1", "--text", "已完成。", "--dry-run"],
                 ["update", "2", "--period", "2023-H1", "--text", "已完成。"],
                 ["period", "add", "2023-Q3", "--dry-run"], ["period", "add", "2023-Q3"],
                 ["import-progress", str(ledger), "--period", "2023-H1", "--dry-run"],
                 ["import-progress", str(ledger), "--period", "2023-H1"], ["restore"]):
        r = run_cli(*args, "-r", str(reg))
        assert r.exit_code == 0, (args, r.output)
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")) == [], args


def test_a_bad_wait_is_a_usage_error():
    r = run_cli("update", "2", "--period", "2023-H1", "--text", "x", "--wait", "很久")
    assert r.exit_code == 2 and "--wait" in r.stderr and "秒数" in r.stderr


def test_block_checks_name_what_cannot_stand_alone(tmp_path):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    idx = load_mod.load_index(reg)
    with pytest.raises(blocks.NotAlone):
        blocks.open_task(idx._replace(files=(idx.files[0]._replace(blocks=False),)), 0, 0)


def test_a_block_that_makes_its_task_a_copy_of_another_is_refused(tmp_path):
    twin = T1.replace('id: "1"', 'id: "4"').replace("\n  # —— 第二项 ——\n", "\n")
    reg = write(tmp_path, HEAD + T1 + T2 + T3 + twin.replace("已新增3家。", "已新增4家。"))
    with pytest.raises(AuditError) as e:
        put(reg, "4", "已新增3家。", period="2023-Q1", overwrite=True)
    assert [(p.line, p.field) for p in e.value.problems] == [(37, "tasks[3].goal")]
    assert "与任务 “1”（第 13 行）的任务内容和进展完全相同" in e.value.problems[0].message


def test_a_new_plan_year_is_checked_with_every_task(tmp_path, monkeypatch):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)
    whole = []
    real = writer._write_whole
    monkeypatch.setattr(writer, "_write_whole", lambda *a, **k: whole.append(1) or real(*a, **k))

    def new_year(s):
        s.meta()["year"] = 2024
        s.mark_meta()

    with pytest.raises(AuditError) as e:  # every task's dates are read against the year: the whole registry is checked
        writer.edit(reg, new_year)
    assert whole and any("不在计划年度 2024 内" in p.message for p in e.value.problems)


def test_a_task_given_a_new_id_is_found_by_it_next_time(tmp_path):
    reg = write(tmp_path, HEAD + T1 + T2 + T3)

    def rename(s):
        s.task("3")["id"] = "3A"
        s.mark_task("3")

    writer.edit(reg, rename, cache=Cache(os.environ["AUDIT_CACHE_DIR"]))
    put(reg, "3A", "已开工。")
    got = load(reg).registry
    assert [t.id for t in got.tasks] == ["1", "2", "3A"] and got.task("3A").entry("2023-H1").text == "已开工。"
