"""import-notice reads back our own drafts, has no ceiling on task numbers, and refuses what it cannot read."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from audit.core.errors import AuditError
from audit.exchange import notice
from audit.registry import load
from conftest import run_cli

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "tasks.yaml"
# The draft typesets punctuation (， for , between Chinese characters): compared with that folded away.
_FOLD = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?", "！": "!", "。": "。"})


def folded(s: str) -> str:
    return s.translate(_FOLD)


@pytest.mark.parametrize("fmt", ["md", "docx", "html"])
def test_a_draft_of_the_shipped_registry_reads_back_the_same(tmp_path, fmt):
    draft = tmp_path / f"草稿.{fmt}"
    r = run_cli("--registry", str(SHIPPED), "render-notice", "-o", str(draft))
    assert r.exit_code == 0, r.output
    got = notice.parse_notice(notice.read_notice(draft), source=str(draft))
    assert notice.refusal(got) is None
    reg = load.load(SHIPPED).registry
    assert got.ids == [t.id for t in reg.tasks]
    for t, d in zip(reg.tasks, got.doc["tasks"]):
        entry = t.progress[0] if t.progress else None
        assert (t.section, t.sub, folded(t.goal)) == (d["section"], d.get("sub"), folded(d["goal"])), t.id
        assert folded(entry.text if entry else "") == folded(d["progress"][0]["text"]), t.id
        assert (entry.label if entry else "进展情况") == d["progress"][0]["label"], t.id
    assert [(s.no, folded(s.title)) for s in reg.sections] == [(s["no"], folded(s["title"])) for s in got.doc["sections"]]


def test_numbers_past_999_and_twenty_thousand_tasks():
    lines = ["2021年上半年重点工作进展情况通报", "一、重点工作"]
    for n in range(1, 20001):
        lines += [f"{n}.新建口袋公园{n}个。", f"进展情况：已建成{n // 2}个，其余正在施工。"]
    start = time.perf_counter()
    r = notice.parse_notice("\n".join(lines))
    assert time.perf_counter() - start < 20  # seconds, not minutes, on a slow shared machine
    assert r.tasks == 20000 and r.ids[998:1001] == ["999", "1000", "1001"] and r.ids[-1] == "20000"
    assert r.doc["tasks"][-1]["progress"][0]["text"] == "已建成10000个，其余正在施工。"
    assert r.unread == [] and notice.refusal(r) is None


PROSE = "\n".join(
    [f"第{n}段：今年以来，我县坚持稳中求进工作总基调，统筹推进疫情防控和经济社会发展，各项工作取得了新的成效，群众获得感不断增强。"
     for n in range(1, 31)]
    + ["1.建设一个公园。", "进展情况:已开工。"])


def test_prose_with_one_task_like_line_is_refused():
    r = notice.parse_notice("关于2021年上半年工作的情况报告\n" + PROSE)
    assert r.tasks == 1
    why = notice.refusal(r)
    assert why is not None and "未能读懂，为免漏掉任务，未写入" in why and "第 5 行" in why
    with pytest.raises(AuditError):
        notice.registry_text(r)
    assert notice.refusal(r, partial=True) is None  # --partial imports what was read


def test_refused_at_the_command_line_writes_nothing(tmp_path):
    src = tmp_path / "报告.txt"
    src.write_text("关于2021年上半年工作的情况报告\n" + PROSE, encoding="utf-8")
    out = tmp_path / "tasks.yaml"
    r = run_cli("import-notice", str(src), "-o", str(out))
    assert r.exit_code == 2 and not out.exists()
    assert "加 --partial" in r.stderr and "Traceback" not in r.output
    r = run_cli("import-notice", str(src), "-o", str(out), "--partial")
    assert r.exit_code == 0, r.output
    assert load.load(out).registry.task("1").goal == "建设一个公园。"


def test_no_task_never_says_every_task_has_progress():
    r = notice.parse_notice("这是一段普通文字。\n没有任何编号。\n")
    assert r.tasks == 0
    assert "每项任务都有进展文字。" not in r.report_lines()
    assert "中识别出任何任务，未写入" in notice.refusal(r)


def test_the_report_tells_set_aside_from_not_read():
    text = ("2021年半年进展情况通报\n一、甲\n1.任务一。\n进展情况:进展一。\n二、存在问题\n1.资金不足。\n")
    r = notice.parse_notice(text)
    lines = r.report_lines()
    assert "不是任务、没有导入的文字 2 处：" in lines and not r.unread
