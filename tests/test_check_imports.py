"""`audit check` catches what a bad import leaves: a goal holding the report, an empty goal, a task twice;
and it accepts the fields a 分解方案 brings (leader, deadline, milestones)."""
from __future__ import annotations

import textwrap

from audit.registry.load import load_text
from conftest import REGISTRY_HEAD, run_cli

HEAD = REGISTRY_HEAD + "tasks:\n"


def problems_of(tasks: str) -> list[str]:
    return [str(p) for p in load_text(HEAD + textwrap.dedent(tasks), "t.yaml").problems]


def test_a_goal_holding_a_progress_label_is_located():
    got = problems_of("""\
        - id: "1"
          section: 1
          goal: 新建公园3个。进展情况：已建成2个。
        """)
    assert got == ["t.yaml:12:9: tasks[0].goal: 任务 “1” 的任务内容里有“进展情况：”，进展文字可能被并进了任务内容。"
                   "请把它和后面的文字移到 progress 的 text 中。"]


def test_an_empty_goal_is_located():
    got = problems_of("""\
        - id: "1"
          section: 1
          goal: "  "
        """)
    assert got == ["t.yaml:12:9: tasks[0].goal: 缺少必填字段 “goal”。"]


def test_the_same_goal_and_progress_twice_is_located_at_the_second():
    got = problems_of("""\
        - id: "1"
          section: 1
          goal: 新建公园3个。
          progress:
            - {period: 2021-H1, text: 已建成2个。}
        - id: "2"
          section: 1
          goal: 新建公园3个。
          progress:
            - {period: 2021-H1, text: 已建成2个。}
        - id: "3"
          section: 1
          goal: 新建公园3个。
          progress:
            - {period: 2021-H1, text: 已建成1个。}
        """)
    assert got == ["t.yaml:17:9: tasks[1].goal: 任务 “2” 与任务 “1”（第 10 行）的任务内容和进展完全相同，"
                   "可能是同一项任务导入了两次。请删除其中一项，或改正其内容。"]


def test_the_fields_of_a_breakdown_are_accepted():
    assert problems_of("""\
        - id: "1"
          section: 1
          goal: 新建公园3个。
          leader: 王建国
          deadline: 2021年9月底前
          milestones: ①3月底前完成立项；②6月底前开工
        """) == []
    got = problems_of("""\
        - id: "1"
          section: 1
          goal: 新建公园3个。
          leader: [王建国, 李秀兰]
        """)
    assert len(got) == 1 and "tasks[0].leader" in got[0]


def test_check_exits_1_on_them(tmp_path):
    path = tmp_path / "tasks.yaml"
    path.write_text(HEAD + '  - id: "1"\n    section: 1\n    goal: 新建公园。完成情况:已完成。\n', encoding="utf-8")
    r = run_cli("check", str(path))
    assert r.exit_code == 1 and "完成情况" in r.stdout + r.stderr
