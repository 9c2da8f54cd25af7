"""The loader: records with sources, and every problem located at file:line:col with a field path."""
from __future__ import annotations

import textwrap
from datetime import date

import pytest

from audit.core.resources import find_registry
from audit.registry.load import load, load_text
from conftest import REGISTRY_HEAD


def problems_of(text: str) -> list[str]:
    return [str(p) for p in load_text(textwrap.dedent(text), "t.yaml").problems]


HEAD = REGISTRY_HEAD


def test_small_registry_loads_with_sources(small_registry):
    result = load(small_registry)
    assert result.problems == []
    reg = result.registry
    assert [t.id for t in reg.tasks] == ["1.1", "1", "2"]
    assert reg.meta.periods[0].as_of == date(2023, 3, 31)
    assert reg.meta.periods[1].as_of == date(2023, 6, 30)  # defaulted from the period id
    t = reg.task("1")
    assert t.units.lead == ("县经信局",) and t.units.others == ("县通信发展办",)
    assert t.progress[0].text == "已建成5G基站30个。\n其余基站正在选址。"
    assert t.source.file == str(small_registry) and t.source.line == 26
    assert reg.section(2).subs[0].title == "重大项目"


def test_yaml12_words_are_not_booleans():
    # PyYAML reads `no`/`on`/`yes` as booleans (YAML 1.1); the registry is YAML 1.2 like ruamel.
    result = load_text(HEAD + "tasks: []\n", "t.yaml")
    assert result.problems == []
    assert result.registry.sections[0].no == 1


def test_wrong_type_is_located_with_field_path():
    text = HEAD + textwrap.dedent("""\
        tasks:
          - id: "1"
            section: 1
            goal: 新增企业20家。
            targets:
              - metric: 新增企业
                value: 二十
                unit: 家
        """)
    assert problems_of(text) == ["t.yaml:15:16: tasks[0].targets[0].value: 应为数字（阿拉伯数字，如 20 或 8.5），实际为 “二十”。"]


def test_unquoted_decimal_id_is_refused_with_the_fix():
    text = HEAD + 'tasks:\n  - id: 1.10\n    section: 1\n    goal: x\n'
    assert problems_of(text) == ['t.yaml:10:9: tasks[0].id: 编号 1.10 被当成了数字（不加引号，末尾的 0 会丢掉）。请加引号写成 "1.10"。']


def test_duplicate_ids_unknown_section_and_period():
    text = HEAD + textwrap.dedent("""\
        tasks:
          - id: "1"
            section: 1
            goal: a
          - id: "1"
            section: 9
            goal: b
            progress:
              - period: 2021-Q3
                text: 完成。
        """)
    got = problems_of(text)
    assert got == [
        "t.yaml:13:9: tasks[1].id: 任务编号 “1” 重复（第一次出现在第 10 行）。每个任务的编号必须唯一。",
        "t.yaml:14:14: tasks[1].section: 任务 “1” 所属的第 9 部分没有在 sections 中声明。已声明：1。"
        "请改成已声明的部分编号，或在 sections 中补上这一部分。",
        "t.yaml:17:17: tasks[1].progress[0].period: 报告期 “2021-Q3” 没有在 meta.periods 中声明。已声明：2021-H1。"
        "请改成已声明的报告期，或在 meta.periods 中补上它。",
    ]


def test_missing_fields_and_typo_keys():
    text = HEAD + textwrap.dedent("""\
        tasks:
          - id: "1"
            section: 1
            progres:
              - period: 2021-H1
          - id: "2"
            section: 1
            goal: b
            progress:
              - period: 2021-H1
        """)
    assert problems_of(text) == [
        "t.yaml:10:5: tasks[0].goal: 缺少必填字段 “goal”。",
        "t.yaml:12:5: tasks[0].progres: 不认识的字段 “progres”。是不是 “progress”？",
        "t.yaml:18:9: tasks[1].progress[0].text: 缺少进展文字 “text”。未报送的请写 text: \"\"。",
    ]


def test_syntax_errors_say_what_to_do():
    tab = problems_of("meta:\n\ttitle: x\n")
    assert tab == ["t.yaml:2:1: 这一行用了 Tab 键缩进。YAML 只能用空格缩进：请把 Tab 换成空格。"]
    quote = problems_of('meta:\n  title: "未闭合\n  year: 2021\n')
    assert len(quote) == 1 and "引号" in quote[0] and quote[0].startswith("t.yaml:")


def test_empty_and_garbage_and_gbk(tmp_path):
    empty = tmp_path / "e.yaml"
    empty.write_bytes(b"")
    assert [p.message for p in load(empty).problems] == ["文件是空的。请参照 docs/registry.md 的示例填写 meta、sections、tasks。"]
    garbage = tmp_path / "g.yaml"
    garbage.write_bytes(bytes(range(256)) * 4)
    assert "二进制" in load(garbage).problems[0].message
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes((HEAD + "tasks: []\n").replace("标题", "关于重点工作的通报").encode("gbk"))
    (p,) = load(gbk).problems
    assert p.line == 2 and "GBK" in p.message and "另存为" in p.message


def test_missing_file_is_a_value_not_an_exception(tmp_path):
    result = load(tmp_path / "nope.yaml")
    assert result.registry is None and result.unreadable
    assert result.problems[0].message.startswith("找不到这个台账文件")


def test_periods_must_be_in_order_and_in_year():
    text = HEAD.replace("    - id: 2021-H1\n", "    - id: 2021-H1\n    - id: 2021-Q1\n    - id: 2022-Q3\n") + "tasks: []\n"
    got = problems_of(text)
    assert "t.yaml:7:11: meta.periods[2].id: 报告期 “2022-Q3” 不在计划年度 2021 内。" in got
    assert any("应按时间先后排列" in g for g in got)


def test_find_registry_order(tmp_path, monkeypatch):
    assert find_registry("x.yaml", env={"AUDIT_REGISTRY": "y.yaml"}) == ("x.yaml", "--registry")
    assert find_registry(None, env={"AUDIT_REGISTRY": "y.yaml"}) == ("y.yaml", "AUDIT_REGISTRY")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tasks.yaml").write_text("x")
    assert find_registry(None, env={}, cwd=str(tmp_path)) == (str(tmp_path / "data" / "tasks.yaml"), "./data/tasks.yaml")
    path, why = find_registry(None, env={}, cwd=str(tmp_path / "nowhere"))
    assert why == "shipped" and path.endswith("tasks.yaml")


def test_a_misspelt_required_key_is_reported_once_with_the_right_name():
    text = HEAD + 'tasks:\n  - id: "1"\n    sectoin: 1\n    gaol: 建设A。\n'
    assert problems_of(text) == [
        "t.yaml:11:5: tasks[0].sectoin: 不认识的字段 “sectoin”。是不是 “section”？",
        "t.yaml:12:5: tasks[0].gaol: 不认识的字段 “gaol”。是不是 “goal”？",
    ]


FULLWIDTH_BASE = REGISTRY_HEAD + """\
tasks:
  - id: "1"
    section: 1
    goal: 地区生产总值增长11%。
"""


@pytest.mark.parametrize("good, bad, where", [
    ("    goal: 地区", "    goal： 地区", (12, 9, "goal")),
    ('  - id: "1"', '  - id："1"', (10, 7, "id")),
    ("  year: 2021", "  year：2021", (3, 7, "year")),
])
def test_a_full_width_colon_is_named_where_it_was_typed(good, bad, where):
    result = load_text(FULLWIDTH_BASE.replace(good, bad), "x.yaml")
    (p,) = result.problems
    line, col, key = where
    assert (p.line, p.col) == (line, col)
    assert p.message == f"“{key}”后面用了中文冒号“：”。YAML 的冒号要用英文半角的“:”，后面再空一格：{key}: ……"


def test_a_full_width_colon_inside_text_is_not_blamed():
    text = FULLWIDTH_BASE.replace("地区生产总值增长11%。", "完成情况：地区生产总值增长11%。")
    assert load_text(text, "x.yaml").problems == []


@pytest.mark.parametrize("good, bad, where, words", [
    ("    section: 1", "　　section: 1", (11, 1), "全角空格"),
    ("    goal: 地区", "  　goal: 地区", (12, 3), "全角空格"),
    ("    goal: 地区", "    goal:地区", (12, 9), "“goal:”后面要空一格再写内容"),
])
def test_input_method_slips_are_named_where_they_were_typed(good, bad, where, words):
    (p,) = load_text(FULLWIDTH_BASE.replace(good, bad), "x.yaml").problems
    assert (p.line, p.col) == where and words in p.message


def test_a_paragraph_indented_with_full_width_spaces_is_text():
    text = FULLWIDTH_BASE + "    progress:\n      - period: 2021-H1\n        text: |-\n          　　一是完成立项。\n"
    assert load_text(text, "x.yaml").problems == []
    broken = text + "       bad: [\n"
    (p,) = load_text(broken, "x.yaml").problems
    assert "全角空格" not in p.message


@pytest.mark.parametrize("day", ["2021-13-30", "2021-02-30", "2021-06-31"])
def test_a_date_that_does_not_exist_is_a_located_problem_not_a_crash(day):
    text = FULLWIDTH_BASE.replace("    - id: 2021-H1", f"    - id: 2021-H1\n      as_of: {day}")
    (p,) = load_text(text, "x.yaml").problems
    assert (p.line, p.field) == (6, "meta.periods[0].as_of") and f"“{day}”" in p.message
