"""Synthetic registries for benchmarks: seed-like Chinese goals and progress texts, any number of tasks.

Text shapes and lengths follow the shipped circular (goal median ~40 characters, one progress
entry median ~210, longest ~1,600); numbers vary, and some entries carry the stall/delay wording
the assessor looks for. Written as text, not through a YAML dumper, so 100,000 tasks take seconds.

    python bench/gen.py 10000 bench/out/tasks-10k.yaml [--periods 4] [--seed 1]
"""
from __future__ import annotations

import argparse
import os
import random
import sys

GOALS = [
    "新增规上工业企业{a}家以上，规上工业总产值{b}亿元，同比增长{p}%。",
    "全社会固定资产投资增长{p}%。",
    "一般公共预算总收入增长{p}%。",
    "城镇登记失业率控制在{q}%以内。",
    "新建改造农村公路{a}公里，完成危桥改造{c}座。",
    "新增高新技术企业{a}家，高新技术产业增加值增长{p}%。",
    "完成植树造林{b}亩，森林覆盖率达到{q}%。",
    "新建5G基站{a}个，实现城区和重点乡镇全覆盖。",
    "做强安全应急产业集群，突出发展高端应急工程装备，拓展应急产业服务，重点抓好水域救援装备与洪涝灾害应急服务产业园、"
    "体验式宣传教育与应急演练基地等项目建设，做响国家安全应急产业示范基地品牌。",
    "推进城区老旧小区改造{a}个，惠及居民{b}户，同步完善水电气路等配套设施。",
    "引进亿元以上项目{a}个，其中10亿元以上项目{c}个，实际利用外资{q}亿美元。",
    "深化“放管服”改革，推进政务服务“一网通办”，全年网上可办率达到{p}%以上。",
    "建成标准化村卫生室{a}个，家庭医生签约服务覆盖率达到{p}%。",
    "实施农村人居环境整治提升行动，新改建农村户厕{b}户，农村生活垃圾无害化处理率达到{p}%。",
]

SENTENCES = [
    "目前已新增规上工业企业{a}家，占目标值的{p}%。",
    "1-{m}月，全市固定资产投资同比增长{q}%。",
    "上半年，全市一般公共预算收入完成{b}万元，为全年预算数{b2}万元的{q}%，同比增收{c}万元，增长{q2}%。",
    "{m}月末，全市金融机构各项贷款余额{q}亿元，比年初净增{q2}亿元，同比增长{q3}%。",
    "目前，全市公租房{b}套，分配入住{b2}套，入住率{q}%。",
    "一是推荐申报省级新型研发机构{c}家，{m}月{d}日已完成省级新型研发机构答辩工作。",
    "二是已组织全员参加技术经纪人系列培训，并出台相关政策，各类细则建章建制，做到交易有章可循，运营方案有规可依。",
    "三是已完成设备采购、设备上架布线和系统部署联调，将逐步为我市信息化项目建设提供云服务。",
    "对全市{a}座中小型水库自动监控系统和{c}个自动雨量站进行检查维护，做到监测设备正常运行、预警信息及时有效发送。",
    "加强火源管控，在重要区域、重点地段、主要进山路口设立临时防火检查站，清明期间达到{a}个。",
    "开展保障性住房需求调查，采取多种模式拟定建设计划，严格公租房申请入住动态管理，对不符合条件的予以清除。",
    "市城市管理指挥中心向各街道办事处立案派遣案件{b}件，案件处置率均达到100%。",
    "当前，正在申报{c}家企业“进规”，如果顺利通过，则新增规上企业{a}家，占目标值的{p}%。",
    "1-{m}月，全市城镇新增就业{b}人，完成年目标任务的{p}%。",
    "项目已完成前期手续办理，正在进行施工图设计和招标准备工作。",
    "已完成投资{q}亿元，占年度计划的{p}%，主体工程完成{p2}%。",
    "因用地指标未落实，项目暂无进展。",
    "受资金影响，该项工作尚未启动，计划下半年加快推进。",
    "目前该项目仍处于前期洽谈阶段，进展缓慢。",
    "全年预计新增{a}家，可以完成年度目标任务。",
]

UNITS = ["市发改局", "市经信局", "市财政局", "市住建局", "市交通运输局", "市农业农村局", "市自然资源和规划局",
         "市生态环境局", "市卫健局", "市教育局", "市商务局", "市人社局", "市统计局", "市应急管理局", "市城管执法局"]

SECTIONS = [
    "2021年经济社会发展预期目标", "实施创新驱动，提升产业链供应链现代化水平", "扩大有效投资，增强发展后劲",
    "全面推进乡村振兴，加快农业农村现代化", "推进新型城镇化，提升城市品质", "深化改革开放，激发市场活力",
    "加强生态文明建设，推动绿色发展", "保障和改善民生，增进人民福祉", "统筹发展和安全，建设更高水平的平安赤壁",
    "加强政府自身建设，提升治理能力",
]

PERIODS = ["Q1", "H1", "Q3", None]  # None: the whole year


def _fill(tpl: str, r: random.Random) -> str:
    return tpl.format(
        a=r.randint(2, 300), b=r.randint(100, 200000), b2=r.randint(100, 200000), c=r.randint(1, 60),
        d=r.randint(1, 28), m=r.randint(1, 12), p=r.randint(5, 120), p2=r.randint(5, 100),
        q=round(r.uniform(0.5, 300), 2), q2=round(r.uniform(0.5, 60), 2), q3=round(r.uniform(0.5, 40), 2),
    )


def _progress_text(r: random.Random) -> str:
    # lognormal around the seed's median of ~210 characters, capped near its longest entry
    want = min(1600, max(18, int(r.lognormvariate(5.35, 0.6))))
    out = ""
    while len(out) < want:
        out += _fill(r.choice(SENTENCES), r)
    return out


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def registry_text(n: int, periods: int = 4, seed: int = 1, title: str = "") -> str:
    r = random.Random(seed)
    year = 2021
    pids = [f"{year}-{p}" for p in PERIODS[: periods - 1]] + [str(year)]  # the year end is always last
    out = [
        "# synthetic registry for benchmarks (bench/gen.py)\n",
        "meta:\n",
        f"  title: {_q(title or f'关于《政府工作报告》确定的{year}年重点工作进展情况通报（合成 {n} 项）')}\n",
        "  issuer: 赤壁市人民政府办公室\n",
        f"  year: {year}\n",
        "  periods:\n",
    ]
    out += [f"    - id: {_q(p)}\n" for p in pids]
    out.append("sections:\n")
    for i, title_ in enumerate(SECTIONS, 1):
        out.append(f"  - no: {i}\n    title: {title_}\n")
        if i > 1:
            out.append("    subs:\n")
            out += [f"      - no: {j}\n        title: 第{j}小节\n" for j in range(1, 4)]
    out.append("tasks:\n")
    for k in range(1, n + 1):
        section = 1 + (k * len(SECTIONS)) // (n + 1)
        lead = r.choice(UNITS)
        lines = [
            f'  - id: "{k}"\n',
            f"    section: {section}\n",
        ]
        if section > 1:
            lines.append(f"    sub: {r.randint(1, 3)}\n")
        lines += [
            f"    goal: {_q(_fill(r.choice(GOALS), r))}\n",
            f"    units:\n      lead: [{lead}]\n",
        ]
        if r.random() < 0.3:
            lines.append(f"      others: [{r.choice(UNITS)}, {r.choice(UNITS)}]\n")
        if r.random() < 0.15:
            lines.append(f"    targets:\n      - metric: 新增企业\n        value: {r.randint(5, 100)}\n"
                         "        unit: 家\n        cmp: \">=\"\n")
        lines.append("    progress:\n")
        # 1–4 periods reported: some tasks have not reported the latest one yet
        upto = r.randint(max(1, len(pids) - 2), len(pids))
        for pid in pids[:upto]:
            lines.append(f"      - period: {_q(pid)}\n        text: |-\n          {_progress_text(r)}\n")
        out.append("".join(lines))
    return "".join(out)


def write(n: int, path: str, periods: int = 4, seed: int = 1) -> str:
    """Write the registry to `path` (atomically) unless a file of that name already exists."""
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(registry_text(n, periods, seed))
    os.replace(tmp, path)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tasks", type=int)
    ap.add_argument("path")
    ap.add_argument("--periods", type=int, default=4, choices=range(1, 5))
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    with open(a.path, "w", encoding="utf-8") if a.path != "-" else sys.stdout as f:
        f.write(registry_text(a.tasks, a.periods, a.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
