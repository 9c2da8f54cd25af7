"""Rules of audit.assess, one small synthetic task each, and one registry end to end."""
from __future__ import annotations

from datetime import date

import pytest

from audit.core.model import Actual, Meta, Period, Progress, Target, Task
from audit.judge.assess import assess, assess_task
from audit.judge.pace import time_progress
from audit.registry.load import load_text

META = Meta(year=2023, periods=(Period("2023-Q1", date(2023, 3, 31)), Period("2023-H1", date(2023, 6, 30))))


def run(goal, text, *, period="2023-H1", meta=META, **task):
    entry = Progress(period, text, **task.pop("entry", {}))
    return assess_task(Task("t", 1, goal, progress=(entry,), **task), meta, period)


# ----------------------------------------------------------------------------- time progress


@pytest.mark.parametrize("as_of,share", [
    (date(2023, 6, 30), 0.5), (date(2023, 6, 29), 5 / 12), (date(2023, 11, 30), 11 / 12),
    (date(2023, 12, 31), 1.0), (date(2023, 1, 15), 0.0), (date(2022, 12, 31), 0.0), (date(2024, 1, 1), 1.0),
])
def test_time_progress_months(as_of, share):
    assert time_progress(2023, as_of) == pytest.approx(share)


def test_time_progress_days():
    assert time_progress(2023, date(2023, 6, 30), "days") == pytest.approx(181 / 365)
    assert time_progress(2024, date(2024, 12, 31), "days") == 1.0


def test_days_pace_from_meta():
    meta = Meta(year=2023, pace="days", periods=(Period("2023-H1", date(2023, 6, 30)),))
    a = run("新增外贸企业10家", "全市新增外贸企业5家。", meta=meta)
    assert a.pace == pytest.approx(181 / 365) and a.status == "on_track"


# ----------------------------------------------------------------------------- quantitative


def test_cumulative_behind_pace_is_lagging_yellow_with_reason():
    a = run("新增规上服务业企业20家以上。", "截至目前，全市新增规上服务业企业9家。")
    assert (a.status, a.basis, a.colour) == ("lagging", "ratio", "yellow")
    assert a.ratio == pytest.approx(0.45) and a.gap == pytest.approx(-0.05)
    assert a.projection == pytest.approx(0.9)
    assert a.reasons == ("新增规上服务业企业9家，目标20家以上，完成45%，低于序时进度50%",)
    assert a.evidence[0].kind == "actual" and a.evidence[0].sentence == "截至目前，全市新增规上服务业企业9家"


def test_far_behind_is_red():
    a = run("新增规上服务业企业20家以上。", "新增规上服务业企业2家。")
    assert (a.status, a.colour) == ("lagging", "red")


def test_target_reached_is_completed():
    a = run("新增外贸企业5家。", "截至目前，全市新增外贸企业12家。")
    assert (a.status, a.colour, a.ratio) == ("completed", "green", 2.4)


def test_range_uses_low_end():
    a = run("打造3-5家营销龙头企业", "已打造营销龙头企业3家。")
    assert a.status == "completed"


def test_level_ceiling_met_is_on_track_before_year_end():
    a = run("城镇登记失业率控制在4.5%以内。", "城镇登记失业率为3.14%。")
    assert (a.status, a.checks[0].met, a.checks[0].actual) == ("on_track", True, 3.14)
    a = run("城镇登记失业率控制在4.5%以内。", "城镇登记失业率为5.2%。")
    assert (a.status, a.checks[0].met) == ("lagging", False)


def test_level_met_at_year_end_is_completed():
    a = run("贷款增长不低于15%。", "12月末贷款同比增长16.07%。", period="2023",
            meta=Meta(year=2023, periods=(Period("2023", date(2023, 12, 31)),)))
    assert a.status == "completed"


def test_several_targets_take_the_minimum_ratio():
    a = run("新建公路100公里，改造危桥20座", "已新建公路80公里。危桥改造已完成6座。")
    assert a.ratio == pytest.approx(0.3)
    assert [c.ratio for c in a.checks] == [pytest.approx(0.8), pytest.approx(0.3)]
    assert a.status == "lagging"


def test_stated_ratio_mismatch_is_flagged():
    a = run("新增城镇就业6400人以上", "全市城镇新增就业4000人，完成年目标任务的70%。")
    assert a.ratio == pytest.approx(0.625)
    assert a.flags == ("data_mismatch",)
    mism = [e for e in a.evidence if e.kind == "mismatch"]
    assert mism and mism[0].phrase == "年目标任务的70%"
    assert any("70%" in r and "62.5%" in r for r in a.reasons)


def test_stated_ratio_that_agrees_is_not_flagged():
    a = run("新增规上工业企业20家", "已新增规上工业企业15家，占目标值的75%。")
    assert a.flags == () and a.status == "on_track"
    a = run("人工造林1.4万亩", "已完成人工造林1.42万亩，占计划任务的100%。")
    assert a.flags == () and a.status == "completed"


def test_stated_ratio_is_checked_against_every_target_not_only_the_first():
    goal = "全年新开工城建项目30个，完成城建投资60亿元以上。"
    a = run(goal, "1-6月新开工城建项目30个，完成城建投资28.8亿元，完成年度目标的48%。")
    assert a.flags == () and a.ratio == pytest.approx(0.48)
    assert [e.kind for e in a.evidence].count("stated_ratio") == 1
    # none agrees: flagged, and the reason uses the figure right before the stated ratio
    a = run(goal, "1-6月新开工城建项目30个，完成城建投资28.8亿元，完成年度目标的41%。")
    assert a.flags == ("data_mismatch",)
    (why,) = [r for r in a.reasons if r.startswith("数据不一致")]
    assert "28.8亿元÷60亿元" in why and "48%" in why


def test_the_plan_year_keeps_last_years_figures_out():
    a = run("建成安置房项目12个", "已建成2022年安置房项目9个，今年项目正在施工。")  # META.year is 2023
    assert [c.actual for c in a.checks] == [None] and a.basis == "text"


def test_stated_ratio_alone_is_the_ratio():
    a = run("建设污水处理厂", "工程总进度已完成40%。")
    assert (a.ratio, a.status, a.basis) == (0.4, "lagging", "ratio")


def test_stated_gap_against_pace():
    a = run("推进重点项目建设", "投资完成率滞后序时进度9.8个百分点。")
    assert a.ratio == pytest.approx(0.402) and a.status == "lagging"
    assert [e.kind for e in a.evidence] == ["gap"]


def test_stated_gap_is_evidence_next_to_the_figures():
    a = run("居民人均可支配收入增长7%左右", "上半年居民人均可支配收入增长5.2%，低于目标1.8个百分点。")
    assert a.status == "lagging"
    assert [(e.kind, e.phrase) for e in a.evidence] == [("level", "5.2%"), ("gap", "低于目标1.8个百分点")]
    a = run("完成交通投资40亿元", "完成交通投资16亿元，占年度目标的40%，滞后时间进度10个百分点。")
    assert a.status == "lagging"
    assert ("gap", "滞后时间进度10个百分点") in [(e.kind, e.phrase) for e in a.evidence]


def test_trajectory_replaces_linear_pace():
    a = run("新建公路100公里", "已新建公路30公里。", trajectory=(("2023-H1", 0.25),))
    assert a.pace == 0.25 and a.status == "on_track"
    assert "计划进度25%" in a.reasons[0]


def test_written_targets_and_actuals_win_over_text():
    t = (Target("新增企业", 20, "家"),)
    a = run("新增企业若干", "新增企业3家。", targets=t,
            entry={"actuals": (Actual("新增企业", 12, "家"),)})
    assert a.ratio == pytest.approx(0.6)


def test_full_width_digits_in_progress():
    a = run("新增外贸企业５家", "新增外贸企业１２家。")
    assert a.status == "completed"


# ----------------------------------------------------------------------------- text


def test_stall_with_nothing_else_is_stalled():
    a = run("适时启动建设新港港区。", "新港港区目前暂无进展。")
    assert (a.status, a.basis, a.colour) == ("stalled", "text", "red")
    assert a.evidence == (a.evidence[0],) and a.evidence[0].phrase == "暂无进展"


def test_stalled_component_with_other_progress_is_lagging():
    a = run("完成烟气改造，空气质量优良率保持83%以上。",
            "烟气改造项目目前未启动。已制订考核细则。1-6月份全市空气质量优良率为95%。")
    assert a.status == "lagging"
    assert any(e.kind == "stall" for e in a.evidence)


def test_zero_of_a_target_is_lagging_not_stalled_when_rest_moves():
    a = run("新增限上住宿企业5家左右，建成美食街。", "全市无新增限上住宿企业。美食街已完成路面硬化。")
    assert (a.status, a.ratio, a.colour) == ("lagging", 0.0, "red")


def test_delay_is_lagging_yellow():
    a = run("开工建设南环大桥。", "南环大桥正在进行方案调整。")
    assert (a.status, a.colour) == ("lagging", "yellow")


def test_statistic_is_not_a_stall():
    a = run("抓好重点项目建设。", "已开工211个，未开工项目154个。")
    assert a.status == "on_track" and any(e.kind == "weak_stall" for e in a.evidence)


def test_negated_signal_is_not_a_stall():
    a = run("根治拖欠农民工工资。", "受理投诉32件，无群体性事件发生。")
    assert (a.status, a.basis) == ("on_track", "text")


def test_vague_text_is_unassessed():
    a = run("加强网络安全监管。", "形势总体向好。")
    assert a.status == "unassessed" and "no_concrete_progress" in a.flags


def test_empty_text_and_missing_entry_are_unreported():
    a = run("加强网络安全监管。", "  ")
    assert (a.status, a.flags, a.colour) == ("unassessed", ("unreported",), "")
    a = assess_task(Task("t", 1, "加强监管。"), META, "2023-H1")
    assert (a.status, a.flags) == ("unassessed", ("unreported",))


def test_reviewer_override_wins():
    a = run("新港港区建设", "目前暂无进展。", entry={"status": "on_track", "note": "已获批，下月开工"})
    assert (a.status, a.basis) == ("on_track", "manual")
    assert a.reasons == ("人工认定：已获批，下月开工",)


# ----------------------------------------------------------------------------- a registry end to end

REGISTRY = """\
meta:
  title: 测试通报
  year: 2023
  periods:
    - id: 2023-Q1
    - id: 2023-H1
sections:
  - no: 1
    title: 重点任务
tasks:
  - id: "1"
    section: 1
    goal: 新增规上工业企业20家以上。
    progress:
      - period: 2023-H1
        text: 目前已新增规上工业企业15家，占目标值的75%。
  - id: "2"
    section: 1
    goal: 启动港区建设。
    progress:
      - period: 2023-H1
        text: 港区目前暂无进展。
  - id: "3"
    section: 1
    goal: 新建公路100公里。
    targets:
      - metric: 新建公路
        value: 100
        unit: 公里
    trajectory:
      2023-H1: 0.3
    progress:
      - period: 2023-Q1
        text: 已新建公路10公里。
      - period: 2023-H1
        text: 已新建公路35公里。
  - id: "4"
    section: 1
    goal: 加强网络安全监管。
"""


def test_registry_from_yaml_is_assessed_for_the_latest_period():
    res = load_text(REGISTRY, "t.yaml")
    assert res.ok, res.problems
    got = [(a.task_id, a.period, a.status, a.colour) for a in assess(res.registry)]
    assert got == [
        ("1", "2023-H1", "on_track", "green"),
        ("2", "2023-H1", "stalled", "red"),
        ("3", "2023-H1", "on_track", "green"),
        ("4", "2023-H1", "unassessed", ""),
    ]
    q1 = {a.task_id: a for a in assess(res.registry, "2023-Q1")}
    assert q1["3"].pace == 0.25 and q1["3"].status == "lagging" and q1["3"].ratio == pytest.approx(0.1)


# ----------------------------------------------------------------------------- stated ratios, evidence, estimates


def test_component_ratio_is_not_the_task_ratio_in_a_multi_project_task():
    goal = "加快建设投资3亿元的城东水厂、滨江大道、体育馆等项目。"
    text = "城东水厂,已完成投资4500万元,占工程投资总额15%。滨江大道完成形象进度40%。体育馆因用地问题暂缓施工。"
    a = run(goal, text)
    assert (a.status, a.ratio, a.colour) == ("lagging", None, "yellow")
    assert [e.phrase for e in a.evidence if e.kind == "component_ratio"] == ["投资总额15%", "形象进度40%"]
    assert any("不作为整项任务的完成比例" in r for r in a.reasons)


def test_project_ratio_counts_for_a_single_project_task():
    a = run("建成城东水厂。", "城东水厂完成工程总量45%。")
    assert (a.ratio, a.status) == (0.45, "lagging")


def test_whole_task_ratio_counts_even_in_a_multi_project_task():
    a = run("推进城东水厂、滨江大道建设。", "两项工程合计完成年度目标任务的60%。")
    assert a.ratio == pytest.approx(0.6) and a.status == "on_track"


def test_one_sentence_is_listed_once_as_evidence():
    from audit.report.reports import task_row

    goal = "新增城镇就业8000人以上"
    a = run(goal, "截至6月底，新增城镇就业3600人，完成年目标任务的50%。")
    row = task_row(Task("t", 1, goal), a)
    assert row["evidence"] == ["截至6月底，新增城镇就业3600人，完成年目标任务的50%"]
    assert [e["kind"] for e in row["evidence_detail"]] == ["actual", "stated_ratio", "mismatch"]


def test_expected_level_says_so():
    a = run("一般公共预算收入增长8%。", "上半年预计一般公共预算收入增长9.5%。")
    assert a.status == "on_track" and "（为预计数）" in a.reasons[0]


def test_intent_and_preparatory_fall_back_to_text():
    a = run("建成12个村级养老服务站。", "12个村级养老服务站已全部完成选址和施工图设计，正在进行招投标。")
    assert (a.ratio, a.basis, a.status) == (None, "text", "on_track")
    a = run("新增省级工程技术研究中心2家。", "推荐申报省级工程技术研究中心3家。")
    assert a.ratio is None and not a.checks[0].actual


# ----------------------------------------------------------------------------- rules for other issuers' wording

YEAR_END = Meta(year=2023, periods=(Period("2023", date(2023, 12, 31)),))


def test_a_claim_that_the_whole_task_is_done_is_completed():
    a = run("建成县级融媒体中心。", "该项工作已全面完成，中心于5月正式运行。")
    assert (a.status, a.basis, a.colour) == ("completed", "text", "green")
    assert a.evidence[0].kind == "done" and a.reasons == ("报送称整项任务已完成：“该项工作已全面完成，中心于5月正式运行”",)
    # part of the work done, the rest under way: not completed
    assert run("建成县级融媒体中心。", "主体工程已全部完工，设备正在安装。").status == "on_track"
    # done, but something is suspended: the signal wins
    assert run("建成县级融媒体中心。", "一期已全部完工，二期暂缓实施。").status == "lagging"


def test_a_result_not_yet_out_is_unassessed():
    a = run("创建省级卫生乡镇3个。", "已向省爱卫会推荐4个乡镇，评审结果尚未公布。")
    assert (a.status, a.basis, a.colour) == ("unassessed", "none", "")
    assert "pending_result" in a.flags and a.evidence[0].kind == "pending"


def test_a_change_that_did_not_happen_is_lagging():
    a = run("交通事故死亡人数同比下降。", "上半年交通事故死亡人数与去年同期持平。")
    assert (a.status, a.basis) == ("lagging", "text") and a.evidence[0].kind == "no_change"


def test_an_amount_held_for_the_year_is_not_judged_on_part_of_it():
    goal = "粮食总产量稳定在50万吨以上。"
    a = run(goal, "上半年夏粮产量12.3万吨，秋粮长势良好。")
    assert a.status == "on_track" and a.basis == "text"
    assert a.reasons[0] == "粮食总产量12.3万吨，目标50万吨以上是全年数，未到年末，不据此判断是否达到"
    # at the year's end it is judged
    a = run(goal, "全年粮食总产量48.6万吨。", period="2023", meta=YEAR_END)
    assert (a.status, a.basis) == ("lagging", "ratio")
    # a rate is a level whatever the period
    assert run("畜禽粪污综合利用率保持在80%以上。", "畜禽粪污综合利用率为76%。").status == "lagging"


def test_vague_words_alone_are_unassessed():
    a = run("深化平安乡村建设。", "围绕年度目标，积极推进，进展顺利。")
    assert a.status == "unassessed" and "no_concrete_progress" in a.flags


def test_a_change_the_wrong_way_is_behind():
    a = run("税收收入增长6%。", "上半年税收收入同比下降2.3%。")
    assert a.status == "lagging" and a.reasons == ("税收收入增长-2.3%，目标6%以上，未达到目标",)
    a = run("单位工业增加值能耗下降3%。", "全年单位工业增加值能耗下降3.6%。", period="2023", meta=YEAR_END)
    assert a.status == "completed"


def test_year_end_shortfall_says_so():
    a = run("新建农村公路40公里。", "全年新建农村公路36公里。", period="2023", meta=YEAR_END)
    assert a.status == "lagging" and a.reasons == ("新建农村公路36公里，目标40公里以上，完成90%，未完成全年目标",)


# ----------------------------------------------------------------------------- second round of circulars

Q3 = Meta(year=2023, periods=(Period("2023-Q3", date(2023, 9, 30)),))
Q1 = Meta(year=2023, periods=(Period("2023-Q1", date(2023, 3, 31)),))


def test_a_departments_own_tag_is_not_progress_nor_a_claim():
    # 【已完成】 claims a result; with nothing else reported there is nothing to judge
    a = run("新建农贸市场2个。", "【已完成】各项工作稳步推进。")
    assert a.status == "unassessed" and "no_concrete_progress" in a.flags
    a = run("推进智慧停车建设。", "【推进中】正在积极推进中。")
    assert a.status == "unassessed"
    # the figures decide, whatever the tag says
    a = run("新增快递网点40个。", "【已完成】上半年新增快递网点12个。")
    assert a.status == "lagging" and a.ratio == pytest.approx(0.3)


def test_a_departments_own_admission_of_delay_counts():
    a = run("完善城区排水防涝体系。", "【滞后】已完成管网普查。")
    assert a.status == "lagging"


def test_a_started_count_is_not_a_finished_count():
    a = run("新建社区食堂8个。", "8个社区食堂已全部开工，其中建成2个。")
    assert a.ratio == pytest.approx(0.25)
    # projects are carried out once started
    a = run("实施市级重点项目40个。", "市级重点项目已开工32个。")
    assert a.ratio == pytest.approx(0.8)
    # and a goal about starting is met by starting
    a = run("新开工保障房项目6个。", "已开工保障房项目6个。")
    assert a.status == "completed"


def test_at_year_end_work_still_to_come_is_not_done():
    a = run("建成区级档案馆。", "主体已封顶，正在布展，计划下年度投入使用。", period="2023", meta=YEAR_END)
    assert a.status == "lagging" and a.evidence[0].kind == "later"
    a = run("开工建设滨江步道。", "已完成施工招标，即将进场。", period="2023", meta=YEAR_END)
    assert a.status == "lagging"
    # before the year's end the same words are the normal course
    assert run("建成区级档案馆。", "主体已封顶，计划下年度投入使用。").status == "on_track"
    # next year's continuing effort is not this year's work left undone
    a = run("深化校园周边环境整治。", "全年开展联合执法检查，周边秩序明显好转。明年将继续巩固深化。", period="2023", meta=YEAR_END)
    assert a.status != "lagging" and all(e.kind != "later" for e in a.evidence)


def test_only_preparatory_work_late_in_the_year_is_behind():
    a = run("改造供热管网12公里。", "已完成施工图设计和招标，待队伍进场。", period="2023-Q3", meta=Q3)
    assert a.status == "lagging" and a.evidence[0].kind == "preparatory"
    # half way through the year that is still the normal course
    assert run("改造供热管网12公里。", "已完成施工图设计和招标，待队伍进场。").status == "on_track"
    # and real work alongside it is progress
    got = run("改造供热管网12公里。", "已完成招标，完成供热管网改造4公里。", period="2023-Q3", meta=Q3)
    assert got.reasons[0].startswith("改造供热管网4公里")
    assert run("推进政务服务标准化。", "已完成方案设计和评审。", period="2023-Q3", meta=Q3).status == "on_track"


def test_a_task_ratio_on_its_own_line_is_checked_against_the_figures():
    a = run("完成技改投资5000万元。", "上半年完成技改投资2000万元\n完成率：55%")
    assert a.ratio == pytest.approx(0.4) and "data_mismatch" in a.flags
    a = run("完成技改投资5000万元。", "上半年完成技改投资2000万元\n完成率：40%")
    assert "data_mismatch" not in a.flags


def test_how_the_work_goes_is_not_what_was_done():
    # a manner word right before a process verb, in any pairing the lexicon lists
    a = run("建设智慧停车平台。", "平台建设工作正在稳步协调，各环节认真落实中。")
    assert a.status == "unassessed" and "no_concrete_progress" in a.flags
    # a fact beside it still counts
    assert run("建设智慧停车平台。", "正在稳步推进，已完成平台招标。").status == "on_track"
    assert run("建设智慧停车平台。", "平台正在调试。").status == "on_track"


def test_the_goals_own_verb_is_not_a_cue_against_its_figure():
    # 申报 is the goal's verb (left out of the metric, which starts after the 、): the figure counts
    a = run("申报创建省级、国家级农业产业化龙头企业8家以上。", "上半年成功申报创建省级、国家级农业产业化龙头企业5家。")
    assert a.ratio == pytest.approx(5 / 8)
    # where the goal is not about it, the same verb still marks intent, not work done
    a = run("建成农业产业化龙头企业8家以上。", "正在申报农业产业化龙头企业5家。")
    assert a.ratio is None


def test_a_one_off_result_reported_as_happened_on_a_date_is_done():
    a = run("组建县文化旅游投资公司。", "公司组建方案获批，已于4月26日揭牌成立，注册资本3亿元。")
    assert a.status == "completed" and a.evidence[0].kind == "done"
    a = run("建成滨河大道。", "主线已贯通，5月30日正式建成通车。")
    assert a.status == "completed"
    # still to happen: not done
    assert run("建成滨河大道。", "主线已贯通，计划9月建成通车。").status != "completed"


def test_on_pace_by_the_figures_with_a_part_put_back_stays_on_track():
    a = run("新建农村公路100公里。", "已新建农村公路62公里，其中3个路段受汛期影响开工时间推迟。")
    assert a.status == "on_track" and "partial_delay" in a.flags
    assert any(r.startswith("部分工作延误（按数字仍在序时之内") for r in a.reasons)
    # a part stopped is another matter
    a = run("新建农村公路100公里。", "已新建农村公路62公里，其中3个路段目前暂无进展。")
    assert a.status == "lagging"


def test_a_piece_of_work_described_in_the_goals_words_counts_the_same_thing():
    # "任务" and "工程" name no thing of their own: the words before them say what is counted
    a = run("完成40个自然村户厕改造提升任务。", "已完成26个村户厕改造提升工程，其余正在施工。")
    assert a.ratio == pytest.approx(26 / 40)
    # a plan for the same thing is not the thing ("方案" is not a piece of work)
    a = run("完成40个自然村户厕改造提升任务。", "已编制26个村户厕改造提升方案。")
    assert a.ratio is None


def test_work_that_began_and_then_stopped_is_stalled_now():
    a = run("建设城东污水管网。", "4月已开工，完成管道铺设3公里。此后因施工方资金链断裂，自7月起停工至今。")
    assert a.status == "stalled" and any("目前已停下" in r for r in a.reasons)
    # a part stopped, or work resumed after the stop, is not the whole standing still
    assert run("建设城东污水管网。", "已完成管道铺设3公里，其中2个路段因征迁停工。").status == "lagging"
    assert run("建设城东污水管网。", "4月开工，后因汛期暂停施工，8月已复工，完成管道铺设3公里。").status != "stalled"


def test_a_level_close_to_its_target_before_year_end_is_not_behind():
    a = run("城镇污水集中处理率达到95%以上。", "上半年城镇污水集中处理率达到93.6%，较年初提高1.2个百分点。")
    assert a.status == "on_track" and any("已接近目标" in r for r in a.reasons)
    # further off, it is behind; at year end, close is not enough; a ceiling passed is passed
    assert run("城镇污水集中处理率达到95%以上。", "上半年城镇污水集中处理率达到90%。").status == "lagging"
    assert run("城镇污水集中处理率达到95%以上。", "全年城镇污水集中处理率达到93.6%。", period="2023", meta=YEAR_END).status == "lagging"
    assert run("城镇调查失业率控制在5.5%以内。", "上半年城镇调查失业率为5.6%。").status == "lagging"


def test_a_stated_ratio_of_the_whole_year_at_or_past_100_is_completed():
    a = run("完成春季植树造林任务。", "春季造林已结束，完成年度目标任务的103.5%。", period="2023-Q1", meta=Q1)
    assert a.status == "completed" and a.ratio == pytest.approx(1.035)
    assert run("完成春季植树造林任务。", "完成年度目标任务的60%。", period="2023-Q1", meta=Q1).status == "on_track"


def test_more_words_for_no_progress_and_for_done():
    assert run("建设物流园区。", "一季度暂无实质进展，项目投资主体尚未确定。").status == "stalled"
    a = run("建成智慧社区服务平台。", "平台已于5月20日正式上线，覆盖全部社区。")
    assert a.status == "completed"


def test_a_figure_after_其中_is_a_part_not_the_whole():
    a = run("全年新引进亿元以上项目40个。", "全年新签约亿元以上项目43个，其中10亿元以上项目6个。", period="2023", meta=YEAR_END)
    assert a.checks[0].actual == 43 and a.status == "completed"


def test_a_goal_over_several_years_is_judged_against_its_share_of_the_span():
    goal = "实施河道综合治理工程（2023—2025年），分三年完成治理河道30公里。"
    a = run(goal, "完成河道治理11公里。", period="2023", meta=YEAR_END)
    assert a.status == "on_track" and a.pace == pytest.approx(1 / 3)
    assert any("分年计划进度" in r for r in a.reasons)
    assert run(goal, "完成河道治理6公里。", period="2023", meta=YEAR_END).status == "lagging"
    # a single-year goal is judged against the year as before
    assert run("完成河道治理30公里。", "完成河道治理11公里。", period="2023", meta=YEAR_END).status == "lagging"


def test_words_without_the_targets_figure_are_flagged_for_checking():
    a = run("全年新增参保人数2万人。", "召开全市参保扩面部署会，印发工作方案，开展宣传进村入户活动。")
    assert a.status == "on_track" and "target_not_reported" in a.flags
    assert a.reasons[-1] == "但目标有量化指标（新增参保人数2万人以上），报送中找不到与之对应的数字，无法对照目标，需核实"
    assert "target_not_reported" not in run("推进参保扩面。", "召开全市参保扩面部署会。").flags


def test_a_count_with_only_the_targets_own_verb_before_it_is_the_actual():
    a = run("完成城镇燃气老旧管道用户改造800户。", "已完成改造520户，其余正在施工。")
    assert a.checks[0].actual == 520
    # another verb says nothing of what was counted
    assert run("建成社区服务中心10个。", "已开工3个。").checks[0].actual is None


def test_durations_are_units_and_a_missed_ceiling_is_missed_before_year_end():
    a = run("商品住宅去化周期控制在18个月以内。", "目前全市新建商品住宅去化周期为21个月。")
    assert a.checks[0].actual == 21 and a.checks[0].target.unit == "个月" and a.status == "lagging"
    a = run("审批时限压缩至30个工作日以内。", "目前审批时限为28个工作日。")
    assert a.checks[0].met is True and a.status == "on_track"
    # an amount for the whole year to stay above is still not judged on a part of the year
    # (test_an_amount_held_for_the_year_is_not_judged_on_part_of_it)
