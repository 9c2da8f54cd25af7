"""A 分解方案 as an office writes it, for the tests of deadlines, `due` and `remind`."""

# A 分解方案 as an office writes it: 完成时限 and 进度安排 in their own words, three reports in the year.
FENJIE = """\
meta:
  title: 2021年政府工作报告重点任务分解方案落实情况
  issuer: 某市人民政府督查室
  year: 2021
  periods:
    - id: 2021-Q1
    - id: 2021-H1
    - id: 2021-Q3
sections:
  - no: 1
    title: 重点项目建设
tasks:
  - id: "1"
    section: 1
    goal: 建设城北污水处理厂，新增日处理能力5万吨。
    units: {lead: 市住建局}
    deadline: 2021年12月底前
    milestones: ①3月底前完成立项；②6月底前开工；③12月底前主体完工
    progress:
      - period: 2021-Q1
        text: 项目已完成立项批复，正在开展勘察设计。
      - period: 2021-H1
        text: 已完成施工图设计，正在开展施工招标。
      - period: 2021-Q3
        text: 已完成施工招标，施工单位正在办理进场手续。
  - id: "2"
    section: 1
    goal: 完成市民服务中心装修改造。
    units: {lead: 市机关事务局}
    deadline: 9月30日前
    progress:
      - period: 2021-Q1
        text: 装修设计方案已确定，完成招标。
      - period: 2021-H1
        text: 正在施工，完成工程量70%。
      - period: 2021-Q3
        text: 装修改造已全面完成，9月20日投入使用。
  - id: "3"
    section: 1
    goal: 建设城南体育公园。
    units: {lead: 市文旅局}
    milestones:
      - {due: 12月底前, what: 主体完工}
    progress:
      - period: 2021-Q1
        text: 项目已开工建设，完成场地平整。
      - period: 2021-H1
        text: 看台基础施工中，完成投资3000万元。
      - period: 2021-Q3
        text: 看台主体结构正在施工，完成年度目标任务的40%。
  - id: "4"
    section: 1
    goal: 出台优化营商环境实施方案。
    units: {lead: 市发改局}
    deadline: 6月底前
    progress:
      - period: 2021-Q1
        text: 已完成调研，正在起草实施方案。
      - period: 2021-H1
        text: 实施方案已完成初稿，正在征求意见。
      - period: 2021-Q3
        text: 实施方案已报市政府常务会审议。
  - id: "5"
    section: 1
    goal: 优化政务服务。
    units: {lead: 市政务服务局}
    deadline: 长期坚持
    progress:
      - period: 2021-Q3
        text: 推行“一网通办”，新增可网办事项120项。
  - id: "6"
    section: 1
    goal: 改造老旧小区30个。
    units: {lead: 市住建局}
    progress:
      - period: 2021-Q3
        text: 目前暂无进展。
  - id: "7"
    section: 1
    goal: 新建城市公厕20座。
    units: {lead: [市住建局], others: [市城管局]}
    deadline: 年底前
    progress:
      - period: 2021-H1
        text: 已建成城市公厕8座。
"""
