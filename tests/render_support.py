"""A small synthetic registry and hand-made assessments for the render tests.

The assessments are written out here (not computed by assess.py) so the golden files test the
rendering alone and do not move when the assessment rules change.
"""
from __future__ import annotations

import textwrap
from datetime import date

from audit.core.model import Assessment, Evidence, Target, TargetCheck
from audit.registry.load import load_text
from audit.report import reports

REGISTRY = textwrap.dedent(
    """\
    meta:
      title: 关于2023年重点工作半年进展情况的通报
      issuer: 某县人民政府办公室
      year: 2023
      date_style: chinese
      published: 2023-07-05
      periods:
        - id: 2023-H1
          as_of: 2023-06-30
    sections:
      - no: 1
        title: 2023年经济社会发展预期目标
      - no: 2
        title: 扩大有效投资
        subs:
          - no: 1
            title: 重大项目
          - no: 2
            title: 招商引资
      - no: 3
        title: 保障和改善民生
    tasks:
      - id: "1.1"
        section: 1
        goal: 地区生产总值增长6%左右。
        progress:
          - period: 2023-H1
            label: 完成情况
            text: 上半年地区生产总值同比增长6.5%。
      - id: "1.2"
        section: 1
        goal: 城镇登记失业率控制在4.5%以内。
        progress:
          - period: 2023-H1
            label: 完成情况
            text: 城镇登记失业率为3.1%。
      - id: "1"
        section: 2
        sub: 1
        goal: 新建5G基站200个以上。
        units:
          lead: 县经信局
          others: [县通信发展办]
        progress:
          - period: 2023-H1
            text: |-
              已建成5G基站60个，占目标值的30%。
              其余基站正在选址。
      - id: "2"
        section: 2
        sub: 1
        goal: 启动建设县城污水处理厂二期。
        units:
          lead: [县住建局]
        progress:
          - period: 2023-H1
            text: 项目目前暂无进展。
      - id: "3"
        section: 2
        sub: 2
        goal: 引进亿元以上项目10个。
        units:
          lead: [县商务局]
        progress:
          - period: 2023-H1
            text: 已引进亿元以上项目5个，占目标值的60%。
      - id: "4"
        section: 3
        goal: "# 新增就业 | 1000人，*重点*群体_优先_。"
        units:
          lead: [县人社局]
        progress:
          - period: 2023-H1
            text: "1. 已新增就业600人。\\n# 不是标题 <b>粗</b> a|b \\x07"
      - id: "5"
        section: 3
        goal: 改造老旧小区5个。
        units:
          lead: [县住建局]
        progress:
          - period: 2023-H1
            text: ""
    """
)

TIME_PROGRESS = 0.5
PERIOD = "2023-H1"


def registry():
    result = load_text(REGISTRY, "tasks.yaml")
    assert not result.problems, [str(p) for p in result.problems]
    return result.registry


def assessments(reg) -> list[Assessment]:
    base_target = Target("5G基站", 200, "个", ">=", "cumulative", text="新建5G基站200个以上")
    invest = Target("亿元以上项目", 10, "个", ">=", "cumulative", text="引进亿元以上项目10个")
    return [
        Assessment("1.1", PERIOD, "completed", "ratio", 0.5, ratio=1.08, gap=0.58, colour="green"),
        Assessment("1.2", PERIOD, "on_track", "ratio", 0.5, ratio=None, colour="green"),
        Assessment(
            "1", PERIOD, "lagging", "ratio", 0.5, ratio=0.3, gap=-0.2, colour="yellow", projection=0.6,
            checks=(TargetCheck(base_target, 60, "个", "已建成5G基站60个，占目标值的30%。", 0.3, None, 0.6),),
            evidence=(Evidence("gap", "已建成5G基站60个，占目标值的30%。", "占目标值的30%"),),
            reasons=("完成30%，低于序时进度20个百分点",),
        ),
        Assessment(
            "2", PERIOD, "stalled", "text", 0.5, colour="red",
            evidence=(Evidence("stall", "项目目前暂无进展。", "暂无进展"),),
        ),
        Assessment(
            "3", PERIOD, "lagging", "ratio", 0.5, ratio=0.5, gap=0.0, colour="yellow", projection=1.0,
            checks=(TargetCheck(invest, 5, "个", "已引进亿元以上项目5个，占目标值的60%。", 0.5, None, 1.0),),
            evidence=(Evidence("mismatch", "已引进亿元以上项目5个，占目标值的60%。", "占目标值的60%"),),
            flags=("data_mismatch",),
        ),
        Assessment("4", PERIOD, "on_track", "ratio", 0.5, ratio=0.6, gap=0.1, colour="green"),
        Assessment("5", PERIOD, "unassessed", "none", 0.5, flags=("unreported",)),
    ]


def context(today: date = date(2023, 7, 10)):
    from audit.drafts.render import build_context

    reg = registry()
    a = assessments(reg)
    report = reports.status(reg, a, PERIOD, TIME_PROGRESS)
    return build_context(reg, report, PERIOD, signed=today)
