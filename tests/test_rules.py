"""Each rule of audit.judge.rules on real sentences: when it decides a task, and when it does not.

The sentences are copied from published circulars and progress tables of other offices (the corpus
the tool is measured on), from the shipped registry and from the circulars in tests/fixtures.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from audit.core.model import Meta, Period, Progress, Target, Task
from audit.judge.assess import assess_task
from audit.judge.explain import explain
from audit.judge.rules import RULES

H1 = Meta(year=2021, periods=(Period("2021-H1", date(2021, 6, 30)),))
Q1 = Meta(year=2021, periods=(Period("2021-Q1", date(2021, 3, 31)),))
Q3 = Meta(year=2021, periods=(Period("2021-Q3", date(2021, 9, 30)),))
AUG = Meta(year=2021, periods=(Period("2021-08", date(2021, 8, 31)),))
YEAR = Meta(year=2021, periods=(Period("2021", date(2021, 12, 31)),))


def judge(goal: str, text: str, meta: Meta = H1, **entry):
    period = meta.periods[0].id
    return assess_task(Task("t", 1, goal, progress=(Progress(period, text, **entry),)), meta, period)


def call(goal: str, text: str, meta: Meta = H1, **entry) -> tuple[str, str]:
    a = judge(goal, text, meta, **entry)
    return a.rule, a.status


# ----------------------------------------------------------------------------- the list and its documentation


def test_every_rule_has_a_name_a_title_and_a_docstring_in_the_agreed_shape():
    names = [r.__name__ for r in RULES]
    assert len(names) == len(set(names))
    for r in RULES:
        doc = r.__doc__ or ""
        assert r.title and doc.splitlines()[0].endswith("."), r.__name__
        assert "Why:" in doc and "Fires on:" in doc and "Not on:" in doc, r.__name__


def test_method_md_lists_the_rules_in_the_codes_order():
    text = (Path(__file__).resolve().parents[1] / "docs" / "method.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| *\d+ *\| *`(\w+)`", text, flags=re.M)
    assert listed == [r.__name__ for r in RULES]


def test_explain_goes_through_every_rule_in_order_and_marks_the_one_that_decided():
    task = Task("t", 1, "实施城区老旧小区改造。", progress=(Progress("2021-Q3", "进展偏慢的5项分别是:新建农村公办幼儿园、"
                                                                  "改(新)建农村户用厕所、城区老旧小区改造。"),))
    ex = explain(task, Q3, "2021-Q3")
    assert [s.name for s in ex.steps] == [r.__name__ for r in RULES]
    (decided,) = [s for s in ex.steps if s.decided]
    assert decided.name == ex.assessment.rule == "named_in_status_list" and decided.status == "lagging"
    assert all(s.why for s in ex.steps)
    assert ("清单中的这项任务", "城区老旧小区改造") in ex.facts


# ----------------------------------------------------------------------------- manual, unreported


def test_manual():
    assert call("新增规上工业企业20家", "已新增15家。", status="lagging", note="征地未完成") == ("manual", "lagging")
    assert call("新增规上工业企业20家", "已新增15家。")[0] != "manual"


def test_unreported():
    a = assess_task(Task("t", 1, "新增规上工业企业20家"), H1, "2021-H1")
    assert (a.rule, a.status, a.flags) == ("unreported", "unassessed", ("unreported",))
    assert call("新增规上工业企业20家", "  ") == ("unreported", "unassessed")
    assert call("新增规上工业企业20家", "暂无进展。")[0] != "unreported"


# ----------------------------------------------------------------------------- named_in_status_list


@pytest.mark.parametrize("goal,text,status", [
    # 湘潭: a list after the status words
    ("新增直播卫星用户。", "进度偏慢的3项分别是:改(新)建农村户用厕所、4座台站开展省级节目数字化覆盖、新增直播卫星用户。", "lagging"),
    # 巴中: names in brackets after a count, and a share of the list that is no completion
    ("推进城区公办幼儿园建设。", "推进缓慢的有3(城区公办幼儿园建设、乡镇污水处理站建设、乡镇加油站建设),占目标任务的30%。", "lagging"),
    # 四川: quoted names joined by 和
    ("全面实现全省无电村通电。", "20件民生大事中,有2件未达到目标任务进度,分别是“全面实现全省无电村通电”和"
     "“全省每个县建成1个残疾人服务中心”。", "lagging"),
    # 灌云: names before 等均 and the status words
    ("推进妇幼保健院建设。", "督查中发现,部分项目进展缓慢。山前安置小区一期项目、妇幼保健院建设、北部新城医院项目、灌云中专异地迁建、"
     "潮河湾木屋酒店建设、实际利用外资等均未达序时。", "lagging"),
    ("实施化工区防护林项目。", "骏达环保、智慧园区、化工区防护林等项目已提前完成。", "completed"),
    ("推进罡阳汽车工业园建设。", "开山岛党性教育基地、脱贫攻坚、景区建设、罡阳汽车工业园建设、"
     "连淮扬镇铁路灌云站综合客运枢纽建设等项目有序推进。", "on_track"),
    # 开封: names before a count and a class noun
    ("推进中意湖项目建设。", "中意湖项目、尉氏优德医疗设备项目2个项目推进较快,当年任务基本完成。", "on_track"),
    ("建成杞县柿园110千伏输变电工程。", "杞县柿园110千伏输变电工程、智慧城市展示体验中心建设2个已完工。", "completed"),
    # 宣城: names before a count of indicators; a list after 为, whose figures are names
    ("财政收入完成年度目标任务。", "固定资产投资、财政收入、规上工业增加值3项指标未达到序时进度"
     "(进展情况占比低于91.7%或增幅低于目标任务,下同)。", "lagging"),
    ("新建安置区5个。", "截至目前,达到序时进度44项、占比80.0%。未达到序时进度11项、占比20.0%,为“交通建设提升年”活动完成投资80亿元、"
     "普惠性幼儿园覆盖率达80%、公办幼儿园覆盖率达50%、新建安置区5个、新增限上商贸流通企业100户、培育进出口实绩企业90户。", "lagging"),
    # 界首: a count, a class noun, 分别是
    ("推进靳大安置区项目建设。", "本次督查共7个重点项目,其中正常推进的项目2个,分别是:职教园拆迁项目、城区黑臭水体治理项目;"
     "未完成3月份目标任务的项目5个,分别是:云城学校项目、养城中学项目、靳大安置区项目、银河皮具产业园项目、"
     "云龙粮机老厂区拆迁项目。", "lagging"),
    ("城区黑臭水体治理项目3月份全面开工建设。", "本次督查共7个重点项目,其中正常推进的项目2个,分别是:职教园拆迁项目、城区黑臭水体治理项目;"
     "未完成3月份目标任务的项目5个,分别是:云城学校项目、养城中学项目。", "on_track"),
    # 张家界: a threshold in brackets and a share before 分别为, in a sentence of its own
    ("推进市人民医院新院建设。", "一是已完成或达到时序进度(91.67%)以上的项目25个,占比达62.5%。分别为:城镇棚户区改造、农村危房改造、"
     "市人民医院新院建设、农村饮水安全巩固提升。二是有一定进度的实事项目 11个,占比达27.5%。", "on_track"),
    # 四川: 涉及 after a class of items
    ("推进耕地质量建设。", "未达到目标任务进度的民生小项,涉及“食品安全”、“安全社区建设”、“耕地质量建设”、“饮用水源地整治”和"
     "“文化基础设施建设”等。", "lagging"),
    # 涪陵: a cause between the class of tasks and the status words
    ("推进石沱移民码头建设。", "但与此同时,固定资产投资增速、进出口总额增速、利用外资、石沱移民码头、兴华花园公共停车场等项目或任务受国际"
     "不利环境、宏观政策、资金短缺等多种因素影响完成情况不够理想,还需有关部门加大力度。", "lagging"),
    # a count of tasks, then 一是…；二是…
    ("完成城北片区改造。", "年底前不能全部完成的任务有3项。一是“实现总投资25亿元的东北亚食品产业园项目开工建设”;二是“完成城北片区改造”。",
     "lagging"),
    # 城厢: a heading, then 一是…；二是…
    ("实施女性人乳头瘤病毒(HPV)疫苗免费接种项目试点。", "滞后项目:一是实施近视防控教室照明改造工程(第三项)正在开展编制招标文件;"
     "二是实施女性人乳头瘤病毒(HPV)疫苗免费接种项目试点(第六项)预计9月份开始接种工作。", "lagging"),
])
def test_named_in_status_list(goal, text, status):
    a = judge(goal, text, Q3)
    assert (a.rule, a.status) == ("named_in_status_list", status)
    assert a.evidence[-1].kind == "status_list" or any(e.kind == "status_list" for e in a.evidence)


def test_a_list_names_a_task_only_by_its_own_name():
    text = "进展偏慢的5项分别是:新建农村公办幼儿园、改(新)建农村户用厕所、城区老旧小区改造、农村敬老院防雷工程改造。"
    assert call("推进城区公办幼儿园建设。", text, Q3)[0] != "named_in_status_list"
    # the figures of a list's names are not this task's figures, nor is a share of the list its completion
    a = judge("新建安置区5个。", "未达到序时进度11项、占比20.0%,为普惠性幼儿园覆盖率达80%、新建安置区5个。", Q3)
    assert a.ratio is None and a.checks[0].actual is None
    a = judge("推进城区公办幼儿园建设。", "推进缓慢的有3(城区公办幼儿园建设、乡镇污水处理站建设),占目标任务的30%。", Q3)
    assert a.ratio is None
    # an elapsed-time threshold is no figure of the task's growth
    text = "固定资产投资、财政收入、规上工业增加值3项指标未达到序时进度(进展情况占比低于91.7%或增幅低于目标任务,下同)。"
    a = judge("规上工业增加值增长8%。", text, Q3)
    assert (a.rule, a.ratio, a.checks[0].actual) == ("named_in_status_list", None, None)


def test_the_tier_below_the_pace_in_a_list_sorted_by_status():
    """张家界: 一是达到时序进度以上的项目…；二是有一定进度的项目，分别为：… — the second tier is behind the pace;
    the same words in a department's own report are no verdict."""
    text = ("一是已完成或达到时序进度(91.67%)以上的项目25个,占比达62.5%。分别为:城镇棚户区改造、农村危房改造。"
            "二是有一定进度的实事项目 11个,占比达27.5%。分别为:电商扶贫、易地扶贫搬迁、中小河流治理。")
    assert call("推进易地扶贫搬迁。", text, Q3) == ("named_in_status_list", "lagging")
    assert call("推进农村危房改造。", text, Q3) == ("named_in_status_list", "on_track")
    assert call("推进中小河流治理。", "项目建设已有一定进度，完成河道清淤3公里。", Q3)[1] == "on_track"


def test_a_share_of_the_count_of_tasks_is_not_how_far_a_task_has_come():
    """A city's Q3 page: 已经完成或基本完成的指标任务，共计19项……这些指标占任务总数的15.2% — 15.2% is a
    share of the tasks, not the completion of any one of them; nor are the goal's figures quoted back
    progress."""
    text = ("已经完成或基本完成的指标任务,共计19项。主要是“建设完成大沙河、花园河城市内河治理工程,形成新的景观带”,"
            "“完成公车改革任务”等,这些指标占任务总数的15.2%。")
    a = judge("建设完成大沙河、花园河城市内河治理工程,形成新的景观带", text, Q3)
    assert a.ratio is None and a.status != "lagging"
    text = ("完成有一定困难,但通过努力年底前能够完成的有2项。分别为“力争解决鹏欣水游城区域交通梗阻问题”,"
            "“全年实现各类融资210亿元,新增或引进金融机构2家”,占任务总数的1.6%”。")
    a = judge("全年实现各类融资210亿元,新增或引进金融机构2家", text, Q3)
    assert a.status != "completed" and all(c.actual is None for c in a.checks)


def test_causes_listed_before_a_status_word_are_no_list_of_tasks():
    a = judge("推进石沱移民码头建设。", "受国际不利环境、宏观政策、资金短缺等多种因素影响完成情况不够理想。", Q1)
    assert (a.rule, a.status) == ("office_status_word", "lagging")


# ----------------------------------------------------------------------------- office_status_word


@pytest.mark.parametrize("goal,text,meta", [
    ("新建高标准农田3.5万亩。", "项目已完成设计批复和施工招标，目前已完成施工面积1.2万亩，仅占年度任务的34.3%，进度滞后。", Q3),
    ("新建改造城市污水管网100公里。", "已完成新建改造城市污水管网45公里，进度略有滞后，正在加快推进。", H1),
    ("推进区行政服务中心新址建设，年内投入使用。", "受资金影响，项目进展缓慢，目前仅完成基础工程，未能按期投入使用。", YEAR),
    ("新增四分类“三定一督”达标小区210个。", "项目于9月28才签订合同,滞后了2个月,后期将加快推进。", Q3),
    ("外贸进出口总额增长5%。", "【滞后】上半年外贸进出口总额同比下降3.2%，主要受海外订单减少影响。", H1),
    ("推进信访积案化解，交办积案化解率达到90%以上。", "已化解49件，化解率84.5%，未达到目标要求。", YEAR),
])
def test_office_status_word(goal, text, meta):
    a = judge(goal, text, meta)
    assert (a.rule, a.status) == ("office_status_word", "lagging")
    assert any(e.kind == "status_word" for e in a.evidence)


@pytest.mark.parametrize("text", [
    "各项目有序推进，未出现进度滞后的情况，已完成投资5亿元。",  # denied
    "对进度滞后的任务实行约谈，已完成投资5亿元。",  # tasks in general
    "150项目标任务整体推进落实较好,124项达到序时进度要求,已完成投资5亿元。",  # a count of tasks
    "已完成投资5亿元，增长6.1%,低于目标0.9个百分点。",  # a gap: stated_gap reads it
])
def test_office_status_word_not_on(text):
    assert call("推进城东片区建设，年度完成投资10亿元。", text)[0] != "office_status_word"


def test_office_on_pace():
    """开化: the office's 完成情况 column says 达序推进; its call outranks a milestone we could not see met."""
    from audit.registry.load import load_text

    reg = load_text("""\
meta: {title: 开化县2023年度重点工作清单, year: 2023, periods: [{id: 2023-Q1}]}
sections: [{no: 1, title: 重点工作}]
tasks:
  - id: "1"
    section: 1
    goal: 启动新安综合体建设。
    milestones: ①2月上旬前,完成设计招标。②3月底前,完成图纸深化设计。
    progress:
      - period: 2023-Q1
        text: |-
          ①已完成。2月10日,完成设计招标。②截至3月31日,施工图正在图审。
          完成情况：达序推进
""", "t.yaml").registry
    a = assess_task(reg.tasks[0], reg.meta, "2023-Q1")
    assert (a.rule, a.status) == ("office_on_pace", "on_track")
    assert any(e.kind == "status_word" and e.phrase == "达序推进" for e in a.evidence)


@pytest.mark.parametrize("text", [
    "项目有序推进，已完成投资5亿元。",  # a department's manner word, not a verdict
    "截至目前，达到序时进度44项、占比80.0%，已完成投资5亿元。",  # a count of tasks
    "未达到序时进度，已完成投资5亿元。",  # behind
])
def test_office_on_pace_not_on(text):
    assert call("推进城东片区建设，年度完成投资10亿元。", text)[0] != "office_on_pace"


def test_a_part_behind_is_a_delay_of_that_part():
    # 7个小区 of the 28: a part, so the figures decide (9 of 28 finished at 1-8月 is behind)
    text = ("28个小区已全部开工，其中完工9个，惠及居民1380户。受地下燃气、通信管网迁改协调影响，桂花苑、纺机宿舍等7个小区"
            "施工进度偏慢，年内全部完工存在一定压力。")
    assert call("实施城东片区城市更新，完成老旧小区改造28个、惠及居民4300户。", text, AUG) == ("ratio_vs_pace", "lagging")
    # two schools of eight: the figures are on pace, the part put back is flagged
    text = ("列入年度计划的8个新建、改扩建学校项目中，6个已完工，将于秋季开学投入使用，可新增学位9600个；实验中学东校区、"
            "城西小学2个项目受征地拆迁影响，推进缓慢。")
    a = judge("新增中小学学位1.2万个。", text)
    assert (a.rule, a.status, a.flags) == ("figures_on_pace", "on_track", ("partial_delay",))


# ----------------------------------------------------------------------------- stated_gap


@pytest.mark.parametrize("goal,text", [
    ("地区生产总值增长7%。", "增长6.1%,低于目标0.9个百分点。"),
    ("一般公共预算收入完成年度预期目标。", "增长3.9%，低于年度预期目标11.1个百分点。"),  # the goal has no number
    ("工业技改投资增长10%以上。", "1-8月完成208.9亿元,同比下降1.8%,滞后序时进度9.8个百分点。"),
    ("外贸进出口总额增长7%。", "预计下降8%左右,低于目标15个百分点。"),
    ("城镇登记失业率控制在4.5%以内。", "城镇登记失业率4.8%，高于目标0.3个百分点。"),  # above a ceiling is behind
])
def test_stated_gap(goal, text):
    assert call(goal, text, Q3) == ("stated_gap", "lagging")


@pytest.mark.parametrize("goal,text,status", [
    ("地区生产总值增长7%。", "增长8.5%，高于目标1.5个百分点。", "on_track"),
    ("城镇登记失业率控制在4.5%以内。", "城镇登记失业率3.1%，低于目标1.4个百分点。", "on_track"),  # below a ceiling
    ("居民消费价格涨幅控制在3%左右。", "居民消费价格指数同比持平(100),涨幅较上年同期收窄3.7个百分点。", "on_track"),
])
def test_stated_gap_not_on(goal, text, status):
    a = judge(goal, text, Q3)
    assert a.rule != "stated_gap" and a.status != "lagging"


# ----------------------------------------------------------------------------- growth and levels


def test_growth_vs_target():
    assert call("外贸进出口总额增长5%。", "上半年外贸进出口总额同比下降3.2%，主要受海外订单减少影响。") == ("growth_vs_target", "lagging")
    a = judge("外贸进出口总额增长7%。", "预计下降8%左右。", Q3)  # an estimate of a decline, against growth
    assert (a.rule, a.status, a.checks[0].actual) == ("growth_vs_target", "lagging", -8)
    assert call("一般公共预算收入增长15%。", "增长3.9%。", Q3) == ("growth_vs_target", "lagging")
    # 西安? no: 咸宁 — 38.0% against 16%
    assert call("社会消费品零售总额增长16%。", "社会消费品零售总额329.24亿元,比上年同期增长38.0%,增幅全省排第7位。") == (
        "figures_on_pace", "on_track")


def test_level_vs_target():
    assert call("交办积案化解率达到90%以上。", "已化解49件，化解率84.5%。", YEAR) == ("level_vs_target", "lagging")
    assert call("城镇登记失业率控制在4.5%以内。", "城镇登记失业率为5.2%。") == ("level_vs_target", "lagging")
    a = judge("加强细颗粒物控制，空气质量优良率保持83%以上。", "1-6月份全市空气质量优良率为95%。")
    assert (a.rule, a.status) == ("figures_on_pace", "on_track")


# ----------------------------------------------------------------------------- ratio_vs_pace, planned_vs_actual


def test_ratio_vs_pace():
    goal = "推进城市轨道交通建设，年度完成投资20亿元。"
    assert call(goal, "累计完成投资12.3亿元，占年度计划的61.5%。", Q3) == ("ratio_vs_pace", "lagging")
    assert call("实际利用外资7亿美元。", "完成年度目标的53.3%。", Q3) == ("ratio_vs_pace", "lagging")
    a = judge("新增外贸企业10家。", "全市新增外贸企业5家。")  # 50% at a pace of 50%
    assert (a.rule, a.status) == ("figures_on_pace", "on_track")
    assert a.reasons == ("新增外贸企业5家，目标10家以上，完成50%，等于序时进度50%",)


def test_planned_vs_actual():
    apr = Meta(year=2016, periods=(Period("2016-04", date(2016, 4, 30)),))
    text = "今年“双50”项目年内应开工项目28个、应竣工25个,实际开工9个、竣工2个。"
    assert call("推进“双50”重大项目建设。", text, apr) == ("planned_vs_actual", "lagging")
    assert call("推进重点项目建设。", "一季度计划完成投资8亿元，实际完成6亿元。", Q1) == ("planned_vs_actual", "lagging")
    text = "25件重点民生实事计划总投资277亿元,上半年实际完成投资156.92亿元。"
    assert call("办好25件重点民生实事。", text)[0] != "planned_vs_actual"  # 56.6% of the year's plan at mid-year


# ----------------------------------------------------------------------------- words: stalls and delays


def test_stalled_whole_and_halted_now():
    assert call("推进武汉新港赤壁港区建设。", "武汉新港赤壁港区目前暂无进展。") == ("stalled_whole", "stalled")
    text = "4月已开工，完成管道铺设3公里。此后因施工方资金链断裂，自7月起停工至今。"
    assert call("建设城东污水管网。", text) == ("halted_now", "stalled")
    assert call("建设城东污水管网。", "4月开工，后因汛期暂停施工，8月已复工，完成管道铺设3公里。")[0] != "halted_now"


def test_stall_word():
    goal = ("深入开展大气污染防治,做好碳排放工作。加强细颗粒物控制,完成长城碳素12万吨煅烧炉和焙烧炉烟气脱硝特别排放限值改造,"
            "强化秸秆焚烧、城区扬尘、餐饮油烟等污染整治,空气质量优良率保持83%以上。")
    text = ("长城碳素12万吨煅烧炉和焙烧炉烟气脱硝特别排放限值改造项目目前未启动。拟发布秸秆“禁烧令”,开展秸秆露天禁烧的宣传、巡查、"
            "通报、交办、督办、考核。1-6月份全市空气质量优良率为95%。")
    a = judge(goal, text)
    assert (a.rule, a.status) == ("stall_word", "lagging")
    # the call of behind quotes the stall, not the level met, which argues the other way
    assert [e.sentence for e in a.evidence] == ["长城碳素12万吨煅烧炉和焙烧炉烟气脱硝特别排放限值改造项目目前未启动"]
    assert call("新增规上企业20家。", "全市无群体性事件发生，新增规上企业12家。")[0] != "stall_word"
    # a stall word denied right before it is no stall; a lack of something else before it is
    text = "已进场施工132个；累计完成投资2.9亿元，占年度计划的48.3%。各施工项目无停工、无安全事故。"
    assert not [e for e in judge("完成城镇老旧小区改造150个。", text).evidence if "停工" in e.phrase]
    assert "停滞" not in "".join(judge("完成城镇老旧小区改造150个。", text).reasons)
    assert call("建设城东污水管网。", "因资金未到位，项目因无资金停工。")[1] in ("stalled", "lagging")
    assert call("建设城东污水管网。", "已完成管道铺设3公里，工程没有明显推迟。")[0] != "delay_word"  # a degree word between
    assert call("推进城西片区改造。", "城西片区改造尚无进展。") == ("stalled_whole", "stalled")


def test_the_offices_words_for_behind_on_pace_and_stopped():
    assert call("新建快速路一期。", "路基工程完成80%，年底前实现全线通车完成难度较大。", Q3)[1] == "lagging"
    assert call("推进园区标准化厂房建设。", "厂房建设与序时进度尚有差距。", Q3)[1] == "lagging"
    assert call("推进智慧停车平台建设。", "受资金影响，项目处于停滞状态。", Q3)[1] == "stalled"
    done = "项目主体工程已于8月底封顶,冷库制冷设备已完成招标并进场安装,计划11月底前投入试运行,各节点符合序时要求。"
    assert call("建成农产品冷链物流中心并投入试运行。", done, Q3)[1] == "on_track"


def test_figures_listed_with_fenbie_speak_of_the_parts_listed():
    text = ("1—9月，全省完成交通固定资产投资1180亿元，为年度计划的78.7%，同比增长6.2%。分市州看，长沙、株洲完成较好；"
            "张家界、湘西州完成率分别为68.3%和66.9%，低于序时进度。")
    a = judge("完成全省交通固定资产投资1500亿元。", text, Q3)
    assert a.status == "on_track" and "data_mismatch" not in a.flags  # two places behind are a part, not the task


def test_a_halted_project_and_a_growth_said_without_its_word():
    assert call("建成码头一期工程。", "已完成码头桩基施工的30%。因投资主体变更，项目暂停，复工时间尚未确定。", Q3)[1] in (
        "lagging", "stalled")
    text = "出台技术改造奖补办法，对设备投资500万元以上的技改项目按设备投资额的5%给予奖补。技改在库项目48个，已开工31个。"
    assert call("工业技改投资增长15%以上。", text)[0] != "growth_vs_target"  # 5% is a subsidy rate, not a growth


def test_done_said_plainly_and_done_with_an_amount():
    assert call("推进农村产权交易中心建设。", "已完成。县农村产权交易中心于4月12日正式挂牌运行。") == ("completion_claim", "completed")
    # an amount of the work done is not the work done
    assert call("建成县城第二水厂。", "【推进中】水厂主体工程已完成70%，配套管网铺设完成8公里。")[1] != "completed"
    assert call("建成产业园一期。", "已全面完成一期建设任务。") == ("completion_claim", "completed")  # 一期 is no amount
    assert call("新建“四好农村路”100公里。", "已完成“四好农村路”提档升级78公里,完成投资9860万元。", Q3)[1] != "completed"
    # a count with only a verb of work done before it counts the one target in its unit
    assert call("完成背街小巷改造40条。", "已完工9条,11条正在施工,其余20条正在办理招标手续。", Q3) == ("ratio_vs_pace", "lagging")
    assert call("完成背街小巷改造40条。", "已开工31条,其余正在办理招标手续。", Q3)[0] != "ratio_vs_pace"  # started is not done


def test_difficulty_is_no_delay():
    text = "已整治销号1126栋，销号率96.3%；剩余43栋已落实停用管控措施，正在加固或拆除。存在问题：剩余房屋产权关系复杂，整治难度较大。"
    assert call("完成经营性自建房存量安全隐患整治销号。", text)[0] != "delay_word"


def test_delay_word():
    assert call("建成南环大桥。", "南环大桥正在进行方案调整。") == ("delay_word", "lagging")
    a = judge("建成南环大桥。", "现正等待规划部门重新选址。")
    assert a.rule == "delay_word" and a.evidence[0].phrase == "等待规划部门重新选址"  # quoted whole, not cut


# ----------------------------------------------------------------------------- dates


def test_date_passed():
    from audit.core.model import Due

    def dated(text, meta, **task):
        period = meta.periods[0].id
        t = Task("t", 1, "新建城东公园。", progress=(Progress(period, text),), **task)
        return assess_task(t, meta, period)

    started = (Due("6月底前", date(2021, 6, 30), "开工"),)
    a = dated("已完成设计招标，正在办理施工许可。", Q3, milestones=started)
    assert (a.rule, a.status, a.flags) == ("date_passed", "lagging", ("milestone_missed",))
    assert a.reasons[-1].startswith("但应于6月底前开工（2021年6月30日），报送未见开工：“")
    assert dated("已完成设计招标，正在办理施工许可。", Q1, milestones=started).rule != "date_passed"  # not due yet
    assert dated("已于6月20日开工建设，完成土方工程。", Q3, milestones=started).rule != "date_passed"  # 开工 is seen
    # dates read from the goal, each with its own words; the met one seen however the report words it
    goal = "确保年产5万吨锂电正极材料项目一季度开工、年底前完成主体工程。"
    assert call(goal, "项目已于3月18日正式开工，施工单位已进场开展场地平整。", Q1)[1] != "lagging"
    assert call(goal, "项目正在办理施工许可。", Q1) == ("date_passed", "lagging")
    assert call("一季度召开全区优化营商环境大会。", "大会已于2月10日召开，发布了营商环境“20条”举措。", Q1)[1] != "lagging"
    # behind by an earlier rule: the call keeps its rule, and says the date too
    a = dated("目前暂无进展。", Q3, deadline=Due("6月底前", date(2021, 6, 30)))
    assert (a.rule, a.status, a.colour) == ("stalled_whole", "stalled", "red") and "overdue" in a.flags


# ----------------------------------------------------------------------------- figures met or on pace


def test_targets_met_and_figures_on_pace():
    assert call("新增外贸企业5家。", "截至目前，全市新增外贸企业12家。") == ("targets_met", "completed")
    assert call("推进重点项目建设。", "全年完成年度目标任务的106.7%。") == ("targets_met", "completed")
    assert call("新建5G基站60个以上。", "已建成5G基站30个。", Q1) == ("figures_on_pace", "on_track")
    assert call("城镇登记失业率控制在4.5%以内。", "城镇登记失业率为3.14%。") == ("figures_on_pace", "on_track")


# ----------------------------------------------------------------------------- words only


def test_a_change_the_other_way_over_the_year():
    """A goal asking for a decline with no figure, and the same things up on last year: behind. Another
    thing up (cases found) is no answer to it."""
    goal = "全年生产安全事故起数、死亡人数实现“双下降”。"
    text = "一季度全州发生生产安全事故14起、死亡11人，同比分别上升16.7%和22.2%，其中道路交通事故占比超过六成。"
    assert call(goal, text, Q1) == ("no_change", "lagging")
    assert call(goal, "开展安全生产大检查，查处违法案件120起，同比上升20%。", Q1)[0] != "no_change"
    assert call("农村居民人均可支配收入稳步增长。", "农村居民人均可支配收入同比增长8.2%。")[1] != "lagging"


def test_no_change_and_completion_claim_and_pending_result():
    assert call("信访总量同比下降。", "信访总量与上年持平。") == ("no_change", "lagging")
    assert call("建成市民服务中心。", "该项工作已全面完成，中心于5月正式运行。") == ("completion_claim", "completed")
    assert call("第一实验幼儿园建设。", "第一实验幼儿园建设工程已全部竣工。") == ("completion_claim", "completed")
    assert call("争创国家级专精特新企业。", "企业已完成申报，认定结果尚未公布。") == ("pending_result", "unassessed")
    done = "提标改造工程已于7月底完工,8月通过环保验收并投入运行,出水水质稳定达到一级A标准。"
    assert call("完成县城污水处理厂提标改造。", done, Q3) == ("completion_claim", "completed")
    # a goal's figure unanswered: a thing that merely shares the goal's words being done is not the task done
    other = "举办专场招聘会3场,与省内12所高校签订人才合作协议,人才公寓一期已投入使用。"
    assert call("引进各类高层次人才200名。", other, Q3)[1] != "completed"
    # ...but a claim beside a figure in the goal's unit stands ("22个…已全部上线运行" for 20个)
    assert call("实现20个集成事项上线运行。", "梳理的22个集成事项已全部上线运行,累计办件4600余件。", Q3)[1] == "completed"


def test_still_to_come():
    assert call("建成城西综合市场。", "已完成招标，即将开工。", YEAR) == ("still_to_come", "lagging")
    assert call("建成城西综合市场。", "已完成招标，即将开工。") != ("still_to_come", "lagging")
    # a date of a later year, expected or planned, at the year's end
    later = "项目一期主体完工，正在进行生产线设备安装调试，预计2022年3月底投产。"
    assert call("建成投产年产10万吨新材料项目一期。", later, YEAR) == ("still_to_come", "lagging")
    # ...but not when the goal set this year a part of the work, and that part is done
    topped = "项目于3月开工建设，10月28日实现主体结构封顶，目前正在进行幕墙及室内装修施工，计划2022年5月建成投入使用。"
    assert call("建设区政务服务中心新馆，年内实现主体结构封顶。", topped, YEAR)[1] != "lagging"


def test_not_started_is_no_stall_before_its_season():
    seasonal = "按年度安排于6月启动摸底报名、7月中旬开班，目前暂未启动。"
    assert call("开展暑期托管服务，惠及学生5000人次。", seasonal, Q1)[1] not in ("stalled", "lagging")
    assert call("开展暑期托管服务，惠及学生5000人次。", "目前暂未启动。", Q1) == ("stalled_whole", "stalled")
    assert call("新增农民专业合作社示范社10家。", "暂无进展，认定工作拟于四季度启动。", Q3)[1] in ("stalled", "lagging")


def test_only_preparatory():
    assert call("实施近视防控教室照明改造工程。", "正在开展编制招标文件。", Q3) == ("only_preparatory", "lagging")
    assert call("打造2个安全主题公园示范点。", "打造2个安全主题公园示范点正着手准备开展招标建设和物资采购工作。", Q3) == (
        "only_preparatory", "lagging")
    # a goal to begin: its design and tendering are its progress (开化: 达序推进)
    assert call("启动新安综合体建设。", "①已完成。2月10日,完成设计招标。②截至3月31日,施工图正在图审。", Q3) == (
        "words_only", "on_track")
    assert call("实施近视防控教室照明改造工程。", "正在开展编制招标文件。")[0] != "only_preparatory"  # mid-year


def test_not_started():
    goal = "实施女性人乳头瘤病毒(HPV)疫苗免费接种项目试点。"
    assert call(goal, "预计9月份开始接种工作。", AUG) == ("not_started", "lagging")
    assert call(goal, "预计4月份开始接种工作。", Q1)[0] != "not_started"
    assert call("新建城南幼儿园。", "项目可研已批复，正在开展施工图设计，计划5月开工。", AUG)[0] != "not_started"


def test_words_only_and_nothing_concrete():
    assert call("推进自然保护地勘界立标。", "正委托长胜丰建筑工程有限公司开展勘界立标工作。") == ("words_only", "on_track")
    a = judge("新增城镇就业2万人。", "召开就业工作部署会，开展政策宣传。")
    assert (a.rule, a.flags) == ("words_only", ("target_not_reported",))
    assert call("推进各项工作。", "按照上级部署，扎实推进各项工作。") == ("nothing_concrete", "unassessed")
    assert call("推进各项工作。", "【推进中】正在积极推进中。") == ("nothing_concrete", "unassessed")
    # what is to be done is not progress: "确保完成…" restates the aim; "按计划完成" is a fact
    vow = "市人民医院新院区建设各项工作正在有序推进中，市卫健委将会同相关单位进一步加强调度，确保完成年度目标任务。"
    assert call("推进市人民医院新院区建设，完成年度投资6亿元。", vow) == ("nothing_concrete", "unassessed")
    assert call("推进城东安置房建设。", "已按计划完成主体施工。") == ("words_only", "on_track")


def test_a_registry_target_is_judged_by_the_same_rules():
    t = Target("新增企业", 20, "家", ">=", "cumulative")
    task = Task("t", 1, "培育市场主体。", targets=(t,), progress=(Progress("2021-H1", "新增企业8家。"),))
    a = assess_task(task, H1, "2021-H1")
    assert (a.rule, a.status, a.ratio) == ("ratio_vs_pace", "lagging", 0.4)
