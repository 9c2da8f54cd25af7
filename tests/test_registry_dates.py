"""The registry's `deadline` and `milestones` fields: read against meta.year, every problem located."""
from __future__ import annotations

import textwrap
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.registry.load import load_text
from conftest import REGISTRY_HEAD

HEAD = REGISTRY_HEAD + """\
tasks:
  - id: "1"
    section: 1
    goal: 建设城北污水处理厂。
"""


def load(fields: str):
    return load_text(HEAD + textwrap.indent(textwrap.dedent(fields), "    "), "t.yaml")


def test_text_as_the_office_writes_it():
    r = load("""\
        deadline: 2021年12月底前
        milestones: ①3月底前完成立项；②6月底前开工；③12月底前主体完工
    """)
    assert r.problems == []
    (t,) = r.registry.tasks
    assert (t.deadline.text, t.deadline.date, t.deadline.origin) == ("2021年12月底前", date(2021, 12, 31), "registry")
    assert [(m.text, m.date, m.what) for m in t.milestones] == [
        ("3月底前", date(2021, 3, 31), "完成立项"), ("6月底前", date(2021, 6, 30), "开工"),
        ("12月底前", date(2021, 12, 31), "主体完工")]
    assert t.deadline.source.line == t.source.line == 10


def test_a_list_of_due_and_what_with_dates_or_phrases():
    r = load("""\
        deadline: 2021-09-30
        milestones:
          - {due: 2021-03-31, what: 完成立项}
          - {due: 6月底前, what: 开工}
          - 9月底前主体完工
    """)
    assert r.problems == []
    (t,) = r.registry.tasks
    assert (t.deadline.text, t.deadline.date) == ("2021-09-30", date(2021, 9, 30))
    assert [(m.text, m.date, m.what) for m in t.milestones] == [
        ("2021-03-31", date(2021, 3, 31), "完成立项"), ("6月底前", date(2021, 6, 30), "开工"),
        ("9月底前", date(2021, 9, 30), "主体完工")]
    assert [m.source.line for m in t.milestones[:2]] == [15, 16]


def test_an_item_with_several_dates_is_several_milestones():
    r = load("milestones: 3月底前完成立项，6月底前开工；10月底前主体完工，12月底前竣工验收；7月1日至8月31日完成设备安装\n")
    assert r.problems == []
    assert [(m.text, m.what, m.date) for m in r.registry.tasks[0].milestones] == [
        ("3月底前", "完成立项", date(2021, 3, 31)), ("6月底前", "开工", date(2021, 6, 30)),
        ("10月底前", "主体完工", date(2021, 10, 31)), ("12月底前", "竣工验收", date(2021, 12, 31)),
        ("7月1日至8月31日", "完成设备安装", date(2021, 8, 31))]


def test_standing_work_is_read_as_no_deadline():
    r = load("""\
        deadline: 长期坚持
        milestones: ①每月上报水质监测情况；②6月底前完成年度监测方案
    """)
    assert r.problems == []
    (t,) = r.registry.tasks
    assert (t.deadline.text, t.deadline.date) == ("长期坚持", None)
    assert [(m.date, m.what) for m in t.milestones] == [(None, "每月上报水质监测情况"), (date(2021, 6, 30), "完成年度监测方案")]


@pytest.mark.parametrize("fields,where,words", [
    ("deadline: 尽快\n", (13, "tasks[0].deadline"), "完成时限 “尽快” 读不出日期。可写 2021-09-30、9月底前"),
    ("deadline: 2月30日\n", (13, "tasks[0].deadline"), "完成时限 “2月30日” 中的 “2月30日” 这一天不存在"),
    ("deadline: 2021-13-30\n", (13, "tasks[0].deadline"), "这一天不存在"),
    ("deadline: 2020年底前\n", (13, "tasks[0].deadline"), "早于计划年度 2021 年"),
    ("deadline: [6月底前]\n", (13, "tasks[0].deadline"), "应为日期或文字"),
    ("milestones: ①3月底前完成立项；②尽快开工\n", (13, "tasks[0].milestones"), "进度安排第 2 项 “尽快开工” 读不出日期"),
    ("milestones:\n  - {due: 下个月, what: 开工}\n", (14, "tasks[0].milestones[0].due"), "节点日期 “下个月” 读不出日期"),
    ("milestones:\n  - {due: 6月底前}\n", (14, "tasks[0].milestones[0].what"), "缺少 what"),
    ("milestones:\n  - {what: 开工}\n", (14, "tasks[0].milestones[0].due"), "缺少 due"),
    ("milestones:\n  - {due: 6月底前, what: 开工, owner: 张三}\n", (14, "tasks[0].milestones[0].owner"), "不认识的字段 “owner”"),
    ("milestones: 7\n", (13, "tasks[0].milestones"), "应为一段文字"),
    ("deadline: 9月底前\nmilestones: ①6月底前开工；②12月底前主体完工\n", (14, "tasks[0].milestones"),
     "进度安排第 2 项 “12月底前”（2021年12月31日）晚于完成时限 “9月底前”（2021年9月30日）"),
])
def test_problems_are_located(fields, where, words):
    (p,) = load(fields).problems
    assert (p.line, p.field) == where and words in p.message


def test_a_task_with_a_problem_in_its_dates_is_still_reported_once():
    r = load("deadline: 尽快\nmilestones: ①尽快立项\n")
    assert [p.field for p in r.problems] == ["tasks[0].deadline", "tasks[0].milestones"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789年月日底前末内季度上下半①②；;，,.-/至长期每 开工立项完成", max_size=40),
       st.text(alphabet="0123456789年月日底前末内季度上下半①②；;，,.-/至长期每 开工立项完成", max_size=40))
def test_any_words_in_the_date_fields_load_or_are_located_problems(deadline, milestones):
    import json

    r = load(f"deadline: {json.dumps(deadline, ensure_ascii=False)}\nmilestones: {json.dumps(milestones, ensure_ascii=False)}\n")
    assert r.registry is not None or r.problems
    for p in r.problems:
        assert p.line and p.field.startswith("tasks[0].")
