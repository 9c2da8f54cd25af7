"""A small registry with comments, two periods and a few kinds of task, for the 台账 round trip."""
from __future__ import annotations

from pathlib import Path

REGISTRY = '''\
# 测试台账：注释必须在每次写回后原样保留
meta:
  title: 测试通报
  year: 2021
  pace: months
  periods:
    - id: 2021-Q1   # 一季度
    - id: 2021-H1
      as_of: 2021-06-30
  aliases:
    市发改局: [发改局]
# ---- 部分 ----
sections:
  - no: 1
    title: 预期目标
  - no: 2
    title: 产业发展
    subs:
      - no: 1
        title: 产业集群
tasks:
  # 第一部分
  - id: "1.1"
    section: 1
    goal: 地区生产总值增长11%。
    units:
      lead: [市统计局]
    progress:
      - period: 2021-Q1
        label: 完成情况
        text: 一季度地区生产总值同比增长20%。
      - period: 2021-H1
        label: 完成情况
        text: 上半年预计地区生产总值同比增长35%左右。  # 预计数
  # 第二部分
  - id: "1"
    section: 2
    sub: 1
    goal: 新增规上工业企业20家以上。
    units:
      lead: [市经信局]
      others: [市统计局]
    targets:
      - metric: 新增规上工业企业
        value: 20
        unit: 家
    progress:
      - period: 2021-H1
        text: |-
          目前已新增规上工业企业15家，占目标值的75%。
          正在申报3家企业进规。
        actuals:
          - metric: 新增规上工业企业
            value: 15
            unit: 家
  # 这一项还没有进展

  - id: "2"
    section: 2
    goal: 建成5G基站300个，完成投资5亿元。
    units:
      lead: [发改局]
    targets:
      - metric: 5G基站
        value: 300
        unit: 个
      - metric: 投资
        value: 5
        unit: 亿元
  - id: "3"
    section: 2
    goal: 推进产业园建设。
    units:
      lead: [市发改局]
    progress:
      - period: 2021-H1
        text: 暂无进展，项目尚未启动。
  - id: "1.10"
    section: 1
    goal: 编号像小数的任务。
    units:
      lead: [市经信局]
# 文件结尾的注释
'''


def write_registry(folder: Path, text: str = REGISTRY) -> Path:
    path = folder / "tasks.yaml"
    path.write_text(text, encoding="utf-8")
    return path
