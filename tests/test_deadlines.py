"""judge/deadlines.py: dates a task is held to, the pace they set, signs they were met, and the call."""
from __future__ import annotations

from datetime import date

import pytest

from audit.core.model import Due, Meta, Period, Progress, Task
from audit.judge import deadlines as dl
from audit.judge.assess import assess, assess_task
from audit.judge.lexicon import default_lexicon
from audit.registry.load import load_text
from dates_fixture import FENJIE

LEX = default_lexicon()

@pytest.fixture(scope="module")
def reg():
    r = load_text(FENJIE, "分解方案.yaml")
    assert r.problems == []
    return r.registry


def calls(reg, period):
    return {a.task_id: a for a in assess(reg, period, LEX)}


def test_no_overdue_call_before_the_dates(reg):
    q1 = calls(reg, "2021-Q1")
    assert not any({"overdue", "milestone_missed"} & set(a.flags) for a in q1.values())
    assert [c.state for c in q1["1"].dates] == ["met", "upcoming", "upcoming", "upcoming"]


def test_overdue_calls_once_the_dates_have_passed(reg):
    h1, q3 = calls(reg, "2021-H1"), calls(reg, "2021-Q3")
    # 6月底前开工 is due on the H1 report's as-of date: no sign of 开工 in either report
    for a in (h1["1"], q3["1"]):
        assert a.status == "lagging" and "milestone_missed" in a.flags and "overdue" not in a.flags
        assert any(r.startswith("但应于6月底前开工（2021年6月30日），报送未见开工：“") for r in a.reasons)
        assert any(e.kind == "milestone" and e.phrase == "6月底前开工" for e in a.evidence)
    # 出台实施方案 by 6月底前: still a draft at H1, still under review at Q3
    for a in (h1["4"], q3["4"]):
        assert a.status == "lagging" and "overdue" in a.flags and a.colour == "red"
        said = reg.task("4").entry(a.period).text
        assert any(e.kind == "overdue" and e.sentence == said.rstrip("。") for e in a.evidence)


def test_a_task_finished_by_its_deadline_is_completed(reg):
    a = calls(reg, "2021-Q3")["2"]
    assert a.status == "completed" and "overdue" not in a.flags
    assert [(c.kind, c.state) for c in a.dates] == [("deadline", "met")]


def test_the_deadline_sets_the_pace_before_it(reg):
    # 9月30日前: at the end of June, 181 of 273 days are gone; 70% of the work done is on pace
    a = calls(reg, "2021-H1")["2"]
    assert a.pace == pytest.approx(181 / 273) and a.status == "on_track"


def test_a_started_task_whose_only_milestone_is_in_december_is_not_behind_in_september(reg):
    a = calls(reg, "2021-Q3")["3"]
    # 40% done is behind the year's straight line (75%), not behind a schedule that owes nothing till December
    assert a.pace == 0.0 and a.ratio == 0.4 and a.status == "on_track"
    assert [c.state for c in a.dates] == ["upcoming"]
    plain = reg.task("3")._replace(milestones=())
    assert assess_task(plain, reg.meta, "2021-Q3", LEX).status == "lagging"


def test_the_milestones_set_the_pace(reg):
    # three milestones and a deadline on the last: at Q3, 立项 and 开工 are due, 2 of 3
    assert calls(reg, "2021-Q3")["1"].pace == pytest.approx(2 / 3)
    assert calls(reg, "2021-Q1")["1"].pace == pytest.approx(1 / 3)


def test_standing_work_has_no_date_to_miss(reg):
    a = calls(reg, "2021-Q3")["5"]
    assert a.status == "on_track" and [(c.kind, c.state) for c in a.dates] == [("deadline", "undated")]


def test_a_milestone_met_in_an_earlier_report_stays_met(reg):
    (lixiang, *_) = calls(reg, "2021-Q3")["1"].dates
    assert lixiang.state == "met" and lixiang.sentence == "项目已完成立项批复，正在开展勘察设计"


# ----------------------------------------------------------------------------- signs that a milestone was met

@pytest.mark.parametrize("what,text,met", [
    ("开工", "项目已开工，完成桩基30%。", True),
    ("开工", "6月20日开工建设。", True),
    ("开工", "施工单位已进场施工。", True),
    ("开工", "项目主体已完工。", True),  # a later stage met: it started
    ("开工", "项目尚未开工建设。", False),
    ("开工", "计划7月开工建设。", False),
    ("开工", "确保6月底前开工建设。", False),
    ("开工", "已完成施工招标，即将开工。", False),
    ("竣工", "主体工程已建成。", True),
    ("竣工", "主体工程未建成。", False),
    ("主体完工", "看台主体已完工。", True),
    ("完成立项", "已立项。", True),
    ("完成立项", "已完成立项批复。", True),
    ("建成投用", "已建成投用。", True),
    ("召开金融联席会议", "2月23日，召开2023年度第一次金融联席会议暨绿色金融推进会。", True),
    ("完成图纸深化设计", "施工图正在图审。", False),
    ("完成图纸深化设计", "完成设计招标。", False),
    ("完成", "已完成80%。", False),  # names nothing a report could be seen to do
])
def test_signs(what, text, met):
    assert (dl.met_sign(what, 0, [text], LEX) is not None) is met


def test_a_report_numbered_like_its_schedule():
    # 开化县2023年度重点工作清单: the progress answers the 进度安排 item by item
    text = "①已完成。2月10日,完成设计招标。②截至3月31日,施工图正在图审。"
    assert dl.met_sign("完成图纸深化设计", 2, [text], LEX) is None
    sign = dl.met_sign("完成设计招标（编号另计）", 1, [text], LEX)
    assert sign is not None and sign.phrase == "已完成"


# ----------------------------------------------------------------------------- dates read from the goal

def test_dates_a_goal_states_are_read_and_marked():
    task = Task("9", 1, "确保6月底前开工建设城东综合市场，年底前建成；全年完成投资8亿元。")
    plan = dl.schedule(task, 2021)
    assert plan.deadline == Due("年底前", date(2021, 12, 31), "建成", "goal")
    assert plan.milestones == (Due("6月底前", date(2021, 6, 30), "开工建设城东综合市场", "goal"),)


@pytest.mark.parametrize("goal", [
    "全年地区生产总值增长8%。",  # a period, not a deadline
    "9月举办第三届农民丰收节。",  # an event
    "到2020年底已建成的项目做好移交。",  # history
    "用三年时间完成老旧小区改造。",
    "常态化开展“万人洁城”活动。",
])
def test_goals_without_a_deadline(goal):
    assert dl.schedule(Task("9", 1, goal), 2021) == dl.Schedule()


def test_the_registry_outranks_the_goal():
    task = Task("9", 1, "6月底前建成。", deadline=Due("9月底前", date(2021, 9, 30)))
    assert dl.schedule(task, 2021).deadline.text == "9月底前"


def test_a_goal_deadline_met_by_its_own_words():
    meta = Meta(year=2021, periods=(Period("2021-Q3", date(2021, 9, 30)),))
    task = Task("9", 1, "6月底前建成市民中心，新增停车位500个。", progress=(Progress("2021-Q3", "市民中心已建成，停车位正在施工。"),))
    a = assess_task(task, meta, "2021-Q3", LEX)
    assert "overdue" not in a.flags and a.dates[0].state == "met"


# ----------------------------------------------------------------------------- what the call leaves alone

def _one(text, *, status=None, deadline="6月底前", period="2021-Q3"):
    meta = Meta(year=2021, periods=(Period("2021-Q3", date(2021, 9, 30)),))
    entries = () if text is None else (Progress(period, text, status=status, note="经核实已按期出台"),)
    task = Task("9", 1, "出台实施方案。", progress=entries, deadline=Due(deadline, date(2021, 6, 30)))
    return assess_task(task, meta, period, LEX)


def test_a_reviewer_s_call_stands():
    a = _one("已报审。", status="on_track")
    assert a.status == "on_track" and "overdue" not in a.flags and a.dates[0].state == "missed"


def test_a_task_not_reported_stays_unreported():
    a = _one(None)
    assert a.status == "unassessed" and a.flags == ("unreported",) and a.dates[0].state == "missed"


def test_stalled_stays_stalled_and_is_overdue():
    a = _one("目前暂无进展。")
    assert a.status == "stalled" and "overdue" in a.flags and a.colour == "red"


def test_vague_words_past_the_deadline_are_behind():
    a = _one("正在积极推进。")
    assert a.status == "lagging" and a.basis == "text" and "overdue" in a.flags


def test_a_task_without_dates_is_untouched():
    meta = Meta(year=2021, periods=(Period("2021-Q3", date(2021, 9, 30)),))
    task = Task("9", 1, "新增规上企业20家。", progress=(Progress("2021-Q3", "新增规上企业16家。"),))
    a = assess_task(task, meta, "2021-Q3", LEX)
    assert a.dates == () and a.pace == 0.75 and a.status == "on_track"


def test_the_vocabulary_is_data_and_checked():
    from audit.judge.lexicon import LexiconError, lexicon_from_text

    lex = lexicon_from_text("milestone_met:\n  - 挂牌=已挂牌\n", "s.yaml")
    assert dl.met_sign("挂牌成立", 0, ["中心已挂牌运行。"], lex) is not None
    with pytest.raises(LexiconError) as e:
        lexicon_from_text("milestone_met:\n  - 开工\n", "s.yaml")
    (p,) = e.value.problems
    assert (p.line, p.field) == (2, "milestone_met[0]") and "“节点=说法”，例如 “开工=已开工”" in p.message
