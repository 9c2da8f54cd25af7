"""What audit.judge reads from text (reading, targets, actuals, statements, status words, signals, lexicon), one small text each."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.core.model import Target
from audit.core.numerals import parse_chinese
from audit.judge import actuals, lexicon, reading, signals, statements, status_words, targets
from audit.judge.lexicon import default_lexicon

LEX = default_lexicon()

# ----------------------------------------------------------------------------- sentences


def test_sentences_are_verbatim_and_split_on_marks_and_lines():
    text = "一是完成A项；二是推进B项。\n③开展C工作！是否完成？"
    assert reading.split_sentences(text) == ["一是完成A项", "二是推进B项", "③开展C工作", "是否完成"]
    for s in reading.sentences(text):
        assert text[s.start:s.end] == s.text


def test_decimal_points_do_not_split_sentences():
    assert reading.split_sentences("完成投资2.89亿元，增长4.5%。") == ["完成投资2.89亿元，增长4.5%"]


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("token,value", [
    ("１２", 12), ("1.4万亿", 1.4e12), ("620亿", 620e8), ("3.55万", 35500), ("0.085万", 850),
    ("1,234.5", 1234.5), ("二十", 20), ("三十五", 35), ("一百二十", 120), ("两", 2), ("十", 10),
    ("一万二千", 12000), ("百分之十五", 15), ("二〇二一", 2021),
])
def test_parse_number(token, value):
    assert reading.parse_number(token) == pytest.approx(value)


def test_malformed_chinese_numeral_is_none():
    assert parse_chinese("十四五") is None


def _q(text):
    return [(q.value, q.high, q.unit) for q in reading.quantities(text, LEX)]


def test_quantities_units_scales_and_full_width():
    assert _q("新增１２家，造林3.55万亩，就业0.085万人") == [(12, None, "家"), (3.55, None, "万亩"), (0.085, None, "万人")]


def test_quantities_ranges():
    assert _q("打造3-5家、3～5家、8-10家、三五家") == [(3, 5, "家"), (3, 5, "家"), (8, 10, "家"), (3, 5, "家")]


def test_incidents_are_counted_but_together_is_not():
    assert [(q.value, q.unit) for q in reading.quantities("发生生产安全事故4起，其中一起较大事故。", LEX)] == [(4, "起"), (1, "起")]
    assert reading.quantities("与各部门一起研究。", LEX) == ()


def test_quantities_percentages():
    assert _q("增长11%，占比１２．５％，提高百分之十五") == [(11, None, "%"), (12.5, None, "%"), (15, None, "%")]


def test_years_models_ordinals_and_names_are_not_quantities():
    assert _q("2021年新建5G基站，创建3A级景区，第3个，S319线，1-5月") == []
    assert _q("万亩茶园、百家商超") == []


def test_measure_and_scale_base():
    q = reading.quantities("造林1.4万亩", LEX)[0]
    assert (q.base, q.base_unit) == (14000, "亩")
    assert reading.units(LEX).convert(4000, "人", "万人") == pytest.approx(0.4)
    assert reading.units(LEX).convert(7, "家", "个") == 7
    assert reading.units(LEX).convert(7, "家", "亩") is None


# ----------------------------------------------------------------------------- targets


def _t(goal):
    return [(t.metric, t.value, t.high, t.unit, t.comparator, t.kind, t.text) for t in targets.extract_targets(goal)]


def test_targets_comparators_and_kinds():
    assert _t("新增规上工业企业20家以上，规上工业总产值620亿元，同比增长8%。") == [
        ("新增规上工业企业", 20, None, "家", ">=", "cumulative", "新增规上工业企业20家以上"),
        ("规上工业总产值", 620, None, "亿元", ">=", "cumulative", "规上工业总产值620亿元"),
        ("规上工业总产值同比增长", 8, None, "%", ">=", "level", "同比增长8%"),
    ]
    assert _t("城镇登记失业率控制在4.5%以内。") == [
        ("城镇登记失业率", 4.5, None, "%", "<=", "level", "城镇登记失业率控制在4.5%以内")]
    assert _t("新增限上住宿企业5家左右。")[0][4] == "~"
    assert _t("引进人才约30名")[0][4] == "~"
    assert _t("培训不少于200人次")[0][1:5] == (200, None, "人次", ">=")
    # 控制在…左右 is a ceiling, loosely put: 0.4% is within 3%左右
    assert _t("居民消费价格涨幅控制在3%左右。")[0][1:6] == (3, None, "%", "<=", "level")


def test_plain_number_on_a_lower_is_better_metric_is_a_ceiling():
    assert _t("全市安全生产事故死亡率0.5%")[0][4:6] == ("<=", "level")


def test_range_targets_keep_high():
    assert _t("培育八至十家龙头企业")[0][1:4] == (8, 10, "家")
    assert _t("打造三五家营销龙头企业")[0][:4] == ("打造营销龙头企业", 3, 5, "家")


def test_full_width_goal_text_span_is_verbatim():
    goal = "新增就业１２００人以上"
    (t,) = targets.extract_targets(goal)
    assert (t.value, t.text, t.origin) == (1200, "新增就业１２００人以上", "goal")


def test_project_sizes_and_equipment_are_not_targets():
    assert _t("重点推进投资80亿元的电厂三期、13亿元的光伏发电项目") == []
    assert _t("启动投资500亿元乡村振兴示范区建设项目") == []
    assert _t("完成长城碳素12万吨煅烧炉改造") == []
    assert _t("建成丁母山110千伏变电站") == []
    assert _t("增强“四个意识”，坚定“四个自信”") == []
    # a bracketed second target keeps its own name; the bracket is no part of either
    assert [t[:2] for t in _t("完成农村危房改造400户（三年行动计划累计完成1500户）。")] == [
        ("完成农村危房改造", 400), ("三年行动计划累计完成", 1500)]
    # a size class (10亿元以上) counted by the number after it: the count is the target, with its class
    assert [t[:5] for t in _t("新签约亿元以上招商项目30个，其中10亿元以上项目3个。")] == [
        ("新签约亿元以上招商项目", 30, None, "个", ">="), ("10亿元以上项目", 3, None, "个", ">=")]


def test_counted_objects_after_the_number_are_targets():
    assert _t("建设2000间农家旅舍、200家农家旅馆")[:2] == [
        ("建设农家旅舍", 2000, None, "间", ">=", "cumulative", "建设2000间农家旅舍"),
        ("农家旅馆", 200, None, "家", ">=", "cumulative", "200家农家旅馆"),
    ]


def test_several_targets_and_shared_verbs():
    got = _t("新征、平整、供地1000亩以上，建成周转房500套以上、公共停车位3000个以上")
    assert [g[0] for g in got] == ["新征、平整、供地", "建成周转房", "公共停车位"]


# ----------------------------------------------------------------------------- actuals


def _actuals(goal, text):
    return [(f.value, f.unit, f.phrase) if f else None for f in actuals.extract_actuals(text, targets.extract_targets(goal))]


def test_actual_matched_by_metric_not_first_number():
    text = "组织培训3场。截至目前，全市新增外贸企业12家，其中出口企业5家。"
    assert _actuals("新增外贸企业5家", text) == [(12, "家", "12家")]


def test_actual_skips_plan_restatement_hypothetical_and_year_end_estimate():
    text = ("今年计划建成生鲜超市50家，目前意向建设31家，已建成7家。"
            "如果顺利通过，则新增生鲜超市18家。全年预计新增生鲜超市25家。")
    assert _actuals("建设生鲜超市50家以上", text) == [(7, "家", "7家")]


def test_actual_other_scale_and_classifier():
    assert _actuals("新建农村公路100公里", "已建成农村公路33千米") == [(33, "千米", "33千米")]
    assert _actuals("培育农业龙头企业10个", "已培育农业龙头企业6家") == [(6, "家", "6家")]
    assert _actuals("完成人工造林1.4万亩", "已完成人工造林14200亩") == [(14200, "亩", "14200亩")]
    assert _actuals("新增充电桩2万个", "新增充电桩8000个") == [(8000, "个", "8000个")]


def test_measure_words_must_agree():
    # 处 counts sites, 座 structures: a target in 个 takes neither
    assert _actuals("建成口袋公园8个", "设置临时停车点共11处，口袋公园已建成11处。") == [None]
    assert _actuals("建成口袋公园8个", "口袋公园已建成3座。") == [None]
    assert reading.units(LEX).compatible("万个", "个") and reading.units(LEX).compatible("亿元", "元")
    assert not reading.units(LEX).compatible("个", "处") and not reading.units(LEX).compatible("项", "个")


@pytest.mark.parametrize("goal,text,want", [
    # the noun after the figure decides: 方案 are not 水库
    ("完成12座病险水库除险加固", "其余9座水库除险加固设计方案已通过审查。", [None]),
    ("完成12座病险水库除险加固", "已完成9座病险水库除险加固。", [(9, "座", "9座")]),
    # the noun before it decides: 示范街 are not 学校
    ("建成智慧校园示范学校6所", "全县改造校园道路3所，已建成智慧校园示范学校4所。", [(4, "所", "4所")]),
    ("建成智慧校园示范学校6所", "建成示范街区2所。", [None]),
    # a generic head needs its modifier: 续建项目 are not 省重点项目
    ("推进9个省重点项目", "全县续建项目40个，新建项目12个。", [None]),
    ("完成招商引资项目60个", "全县招商引资签约项目28个。", [(28, "个", "28个")]),
    # a bare count goes on counting the noun before it
    ("新建社区食堂20个", "今年拟新建社区食堂20个，已建成6个。", [(6, "个", "6个")]),
])
def test_noun_head_must_agree(goal, text, want):
    assert _actuals(goal, text) == want


def test_one_figure_counts_one_target():
    goal = "推进5个省重点项目和30个县重点项目建设"
    assert _actuals(goal, "列入县重点项目32个。") == [None, (32, "个", "32个")]


def test_rate_words_must_agree():
    text = "农村厕所粪污资源化率91%；户用卫生厕所普及率86.5%。"
    assert _actuals("农村卫生厕所普及率达到85%", text) == [(86.5, "%", "86.5%")]
    assert _actuals("生活污水治理覆盖率达到60%", text) == [None]
    assert _actuals("规上工业增加值增长8%", "开工率59%。规上工业增加值增长9.2%。") == [(9.2, "%", "9.2%")]


def test_intent_is_not_achievement():
    text = "动员18家企业申报专精特新企业；推荐3家企业参评省级单项冠军。"
    assert _actuals("新增专精特新企业5家", text) == [None]
    assert _actuals("新增专精特新企业5家", "已认定专精特新企业4家，另有6家正在培育。") == [(4, "家", "4家")]
    # the target is itself about applying or winning funds: then it counts
    assert _actuals("申报发明专利120件", "全县申报发明专利57件。") == [(57, "件", "57件")]
    assert _actuals("全年争取专项债券资金8亿元", "已争取专项债券资金3.2亿元。") == [(3.2, "亿元", "3.2亿元")]


def test_bare_measure_goes_to_the_one_target_in_its_unit():
    # a length with no noun of its own (or only the target's verb next to it) measures the task's one length
    text = "截至8月底，已铺设38公里，另有12公里正在施工。"
    assert _actuals("铺设供水管网60千米", text) == [(38, "公里", "38公里")]
    assert _actuals("铺设供水管网60千米", "已完成铺设38公里。") == [(38, "公里", "38公里")]
    assert _actuals("铺设供水管网60千米", "正在施工12公里。") == [None]  # under way is not done
    # not when two targets share the unit, nor when a noun or topic names something else
    assert _actuals("新增造林1.5万亩，修复退化草地3000亩", "截至8月底，已完成9000亩。") == [None, None]
    assert _actuals("新增造林1.5万亩", "退化草地修复方面，已完成9000亩。") == [None]
    assert _actuals("铺设供水管网60千米", "新建雨污分流管道9公里，改造4公里。") == [None]
    # a count with only a verb of work done before it is the task's one count in that unit, unless the
    # sentence opened on something else
    assert _actuals("新建村级公厕10座", "截至8月底，已建成6座。") == [(6, "座", "6座")]
    assert _actuals("新建村级公厕10座", "城区公园建设方面，已建成6座。") == [None]


def test_a_figure_for_an_earlier_year_is_not_this_years():
    def found_for(goal, text, year=2024):
        found = actuals.extract_actuals(text, targets.extract_targets(goal), year=year)
        return [(f.value, f.unit, f.phrase) if f else None for f in found]

    text = "今年安置房项目已建成4个，另已建成2023年棚户区安置房项目9个。"
    assert found_for("建成安置房项目12个", text) == [(4, "个", "4个")]
    assert found_for("建成安置房项目12个", "去年结转的安置房项目建成6个。") == [None]
    assert found_for("建成安置房项目12个", "上年度安置房项目已建成6个。", year=0) == [None]
    # a comparison with last year is this year's growth
    assert found_for("外贸进出口额增长6%", "外贸进出口额比去年同期增长7.5%。") == [(7.5, "%", "7.5%")]
    # the plan year itself, or a target that is about that earlier year, still counts
    assert found_for("建成安置房项目12个", "2024年安置房项目已建成5个。") == [(5, "个", "5个")]
    assert found_for("完成2023年结转项目8个", "已完成2023年结转项目3个。") == [(3, "个", "3个")]
    # a year opening the sentence on its own dates all of it
    opened = "2023年，全市共有47家企业被认定为省级专精特新中小企业。今年组织107家企业开展申报。"
    assert found_for("新增省级专精特新中小企业40家", opened) == [None]


def test_investing_in_building_is_a_verb_so_a_bare_count_keeps_its_noun():
    text = "今年计划新建社区食堂12个，目前意向投资建设5个，已建成3个。"
    assert _actuals("新建社区食堂12个", text) == [(3, "个", "3个")]


def test_listed_abbreviation_lets_a_short_head_take_the_full_word():
    text = "社区平价超市已建成6家，另有社区便利店4家。"
    assert _actuals("新建社区商超20个", text) == [(6, "家", "6家")]
    assert _actuals("新建社区商超20个", "已建成社区便利店4家。") == [None]  # not listed: no guess
    bare = lexicon.Lexicon({**LEX.words(), "abbreviations": ()})
    found = actuals.extract_actuals(text, targets.extract_targets("新建社区商超20个"), bare)
    assert found == [None]  # without the lexicon entry the heads do not meet


def test_expected_amount_is_not_an_actual_but_an_expected_level_may_be():
    assert _actuals("新增市场主体3000户", "预计上半年新增市场主体1600户。") == [None]
    assert _actuals("社会消费品零售总额增长10%", "上半年预计社会消费品零售总额增长12%左右。") == [(12, "%", "12%")]


def test_preparatory_work_is_not_completion():
    text = "⑤18个集镇污水收集管网，已完成18个集镇的立项批复、施工图设计和招标等前期手续。"
    assert _actuals("建成18个集镇污水收集管网", text) == [None]
    assert _actuals("建成18个集镇污水收集管网", "已建成6个集镇污水收集管网，12个完成选址。") == [(6, "个", "6个")]
    # the target is itself preparatory work
    assert _actuals("完成20个项目可研编制", "已完成14个项目可研编制。") == [(14, "个", "14个")]


def test_actual_level_picks_its_rate():
    text = "城镇新增就业4000人，完成年目标任务的70%。城镇登记失业率为3.14%。"
    assert _actuals("城镇登记失业率控制在4.5%以内", text) == [(3.14, "%", "3.14%")]


def test_zero_phrase_is_an_actual_of_zero():
    assert _actuals("新增限上住宿企业5家左右", "截至目前，全市无新增限上住宿企业。") == [(0, "家", "无新增限上住宿企业")]


def test_no_actual_when_metric_absent():
    assert _actuals("新增规上工业企业20家", "组织企业培训3家。") == [None]


# ----------------------------------------------------------------------------- stated ratios and gaps


@pytest.mark.parametrize("text,value,phrase", [
    ("新增15家，占目标值的75%", 0.75, "目标值的75%"),
    ("完成年目标任务的70%", 0.70, "年目标任务的70%"),
    ("占计划任务的100%", 1.0, "计划任务的100%"),
    ("完成工程总量62.5%", 0.625, "工程总量62.5%"),
    ("总进度已完成70%", 0.70, "总进度已完成70%"),
    ("完成年度目标的53.3%", 0.533, "年度目标的53.3%"),
    ("完成总任务的45.69％", 0.4569, "总任务的45.69％"),
])
def test_stated_ratios(text, value, phrase):
    (st,) = statements.stated_ratios(text, LEX)
    assert (st.value, st.phrase) == (pytest.approx(value), phrase)


def test_plain_growth_is_not_a_stated_ratio():
    assert statements.stated_ratios("同比增长16.07%，开工率59.42%", LEX) == []


@pytest.mark.parametrize("text,points", [
    ("滞后序时进度9.8个百分点", -9.8), ("低于目标0.9个百分点", -0.9), ("超序时进度5个百分点", 5.0),
    ("高于时间进度2.5个百分点", 2.5),
])
def test_stated_gaps(text, points):
    (g,) = statements.stated_gaps(text, LEX)
    assert g.value == pytest.approx(points) and g.phrase == text


# ----------------------------------------------------------------------------- signals


def _sig(text):
    return [(s.kind, s.phrase) for s in signals.find_signals(text)]


def test_stall_and_delay_signals_keep_sentence():
    (s,) = signals.find_signals("港区建设目前暂无进展。其他工作正常。")
    assert (s.kind, s.phrase, s.sentence) == ("stall", "暂无进展", "港区建设目前暂无进展")
    assert _sig("南环大桥正在进行方案调整") == [("delay", "方案调整")]
    # a phrase with a gap is quoted whole, to the end of its clause, never cut after its last word
    assert _sig("现正等待规划部门重新选址") == [("delay", "等待规划部门重新选址")]


def test_longest_phrase_wins():
    assert _sig("因协调问题尚未启动") == [("stall", "尚未启动")]
    assert _sig("项目尚未启动实施") == [("stall", "尚未启动实施")]
    assert _sig("改造项目目前未启动") == [("stall", "目前未启动")]


def test_negation_guards():
    assert _sig("涉及农民工220人，无群体性事件发生。") == []
    assert _sig("全年未发生安全事故") == []
    assert _sig("本月无新增确诊病例") == []


def test_statistics_are_weak():
    assert _sig("已开工211个，未开工项目154个，暂停项目1个") == [("weak_stall", "未开工"), ("weak_stall", "暂停")]


def test_zero_phrase_names_its_subject():
    (s,) = signals.find_signals("全市无新增限上住宿企业。")
    assert (s.kind, s.phrase, s.subject) == ("stall", "无新增", "限上住宿企业")


def test_concrete_progress():
    assert signals.has_concrete_progress("港区目前暂无进展。") is False
    assert signals.has_concrete_progress("港区目前暂无进展。码头已完成设计招标。") is True
    assert signals.has_concrete_progress("预期良好。") is False


# ----------------------------------------------------------------------------- the lexicon file


def test_lexicon_user_file_extends_and_compiles_once():
    lex = lexicon.lexicon_from_text("stall:\n  - 原地踏步\ndelay:\n  - 进度偏慢\n", "mine.yaml")
    assert [(s.kind, s.phrase) for s in signals.find_signals("该项目原地踏步。另一项进度偏慢。", lex)] == [
        ("stall", "原地踏步"), ("delay", "进度偏慢")]
    assert lex.regex("stall") is lexicon.lexicon_from_text("stall: [原地踏步]\n").regex("stall")


def test_lexicon_errors_are_located():
    with pytest.raises(lexicon.LexiconError) as e:
        lexicon.lexicon_from_text("stall:\n  - 暂无进展\n  - [a, b]\nsomething: []\n", "bad.yaml")
    lines = [(p.line, p.field) for p in e.value.problems]
    assert lines == [(3, "stall[1]"), (4, "something")]
    with pytest.raises(lexicon.LexiconError) as e:
        lexicon.lexicon_from_text("stall:\n  - a\n - b\n", "bad.yaml")
    assert e.value.problems[0].file == "bad.yaml" and e.value.problems[0].line == 3


def test_shipped_lexicon_loads():
    lex = LEX
    assert "暂无进展" in lex.stall and "暂缓" in lex.delay and "无新增" in lex.zero
    assert "申报" in lex.intent and "可研" in lex.preparatory and ("商超", "超市") in lex.aliases()


def test_abbreviation_entries_are_short_equals_full():
    # an office's file adds its pairs to the shipped ones
    assert lexicon.lexicon_from_text("abbreviations:\n  - 农贸=农贸市场\n").aliases()[-1] == ("农贸", "农贸市场")
    with pytest.raises(lexicon.LexiconError) as e:
        lexicon.lexicon_from_text("abbreviations:\n  - 商超\n", "bad.yaml")
    assert (e.value.problems[0].line, e.value.problems[0].field) == (2, "abbreviations[0]")


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(lexicon.LexiconError):
        lexicon.load_lexicon(tmp_path / "none.yaml")


def test_target_record_fields():
    (t,) = targets.extract_targets("新增外贸企业5家")
    assert isinstance(t, Target) and t.origin == "goal" and t.kind == "cumulative"


# ----------------------------------------------------------------------------- rules for other issuers' wording


def test_a_total_after_its_parts_is_the_figure():
    text = "已争取上级补助资金2.1亿元、地方债券资金3.4亿元，合计5.5亿元。"
    assert _actuals("争取上级补助资金和地方债券资金6亿元", text) == [(5.5, "亿元", "5.5亿元")]
    # the parts name kinds of the thing counted; their total goes to the task's one target in that unit
    text = "新建公办养老院3所、民办养老院2所，共计5所。"
    assert _actuals("新增养老机构8所", text) == [(5, "所", "5所")]
    # a total needs parts before it: "共计" alone is just a figure
    assert _actuals("新增养老机构8所", "共计5所。") == [None]


def test_a_change_against_the_target_direction_counts_negative():
    assert _actuals("税收收入增长6%", "上半年税收收入同比下降2.3%。") == [(-2.3, "%", "2.3%")]
    assert _actuals("化学需氧量排放量下降2%", "化学需氧量排放量同比下降2.6%。") == [(2.6, "%", "2.6%")]
    assert _actuals("化学需氧量排放量下降2%", "化学需氧量排放量同比上升0.4%。") == [(-0.4, "%", "0.4%")]
    assert targets.direction("同比下降", LEX) == "down" and targets.direction("比上年提高", LEX) == "up"
    assert targets.direction("下降到", LEX) == "" and targets.direction("提高至", LEX) == ""  # the level reached, not the change


def test_a_decrease_target_is_a_floor_on_the_cut():
    (t,) = targets.extract_targets("单位工业增加值用水量下降4%")
    assert (t.comparator, t.kind, t.value) == (">=", "level", 4)
    (t,) = targets.extract_targets("城镇登记失业率控制在4.5%以内")  # unchanged: a ceiling on a level
    assert t.comparator == "<="


def test_a_date_is_not_the_noun_a_figure_counts():
    text = "农村危房改造方面，上半年完成改造86户。"
    assert _actuals("完成农村危房改造300户", text) == [(86, "户", "86户")]


def test_dimension_and_verb_words_do_not_make_the_head():
    assert _actuals("新增失业保险参保人数5000人", "失业保险新增参保3200人。") == [(3200, "人", "3200人")]
    assert _actuals("新增城市绿地面积300公顷", "全市新增城市绿地186公顷。") == [(186, "公顷", "186公顷")]
    assert _actuals("科技型中小企业净增40家", "新入库科技型中小企业27家。") == [(27, "家", "27家")]


def test_a_bare_percentage_is_the_one_percentage_target():
    # a row of an indicator table: the sentence names nothing, the task names the indicator
    assert _actuals("税收收入增长6%", "1-6月同比增长7.1%。") == [(7.1, "%", "7.1%")]
    assert _actuals("税收收入增长6%，非税收入下降3%", "同比增长7.1%。") == [None, None]


def test_comparators_and_alternative_units_around_the_counted_noun():
    (t,) = targets.extract_targets("企业开办时间压减至3个工作日以内")
    assert (t.value, t.comparator, t.kind) == (3, "<=", "level")
    (t,) = targets.extract_targets("建设安置房2000套（户）")
    assert (t.metric, t.value, t.unit) == ("建设安置房", 2000, "套")


def test_a_rate_named_in_quotes_keeps_its_rate_word():
    assert _actuals("“最多跑一次”率达到90%", "全市“最多跑一次”率达92%，好评率99.1%。") == [(92, "%", "92%")]


def test_completion_rate_is_a_stated_ratio():
    (st,) = statements.stated_ratios("已建成8个。\n完成率：64%", LEX)
    assert (st.value, st.ref) == (pytest.approx(0.64), "完成率")
    (st,) = statements.stated_ratios("累计完成投资4.2亿元，年度完成率71.2%", LEX)
    assert st.value == pytest.approx(0.712)


def test_findings_of_a_survey_are_not_completions():
    text = "全面排查出风险点位56处，已整改销号31处。"
    assert _actuals("整改风险点位50处", text) == [None]
    assert _actuals("整改风险点位50处", "已整改风险点位31处。") == [(31, "处", "31处")]


def test_suspension_and_still_pending_paperwork_are_signals():
    assert _sig("因征迁未完成，项目暂停施工。") == [("stall", "暂停施工")]
    assert _sig("受资金影响暂缓实施。") == [("delay", "暂缓")]  # put off, not stopped: a delay
    assert _sig("施工队伍已撤场。") == [("stall", "撤场")]
    assert _sig("目前仍在办理施工许可。") == [("delay", "仍在办理")]
    assert _sig("材料已上报，正在等待省厅评审结果。") == []  # waiting for a result is the normal course


def test_vague_words_and_rate_names_are_not_concrete_progress():
    assert signals.has_concrete_progress("围绕年度目标，积极推进，进展顺利。") is False
    assert signals.has_concrete_progress("积极推进，已完成选址。") is True
    assert signals.has_concrete_progress("开工率：0") is False


def test_a_done_clause_beside_a_signal_is_concrete_progress():
    assert signals.has_concrete_progress("其余2家尚未开工，已投产4家。") is True
    assert signals.has_concrete_progress("目前暂无进展，相关方案尚在酝酿中。") is False


@pytest.mark.parametrize("goal,text,done", [
    ("建成市民服务中心", "该项工作已全面完成。", True),
    ("建成市民服务中心", "中心主体工程已全部竣工并通过验收。", True),
    ("建成市民服务中心", "已全面完成可研编制。", False),  # another object: part of the work
    ("建成市民服务中心", "主体工程已全部完工，配套设施正在建设。", False),  # still under way
    ("建成市民服务中心", "确保年底前全面完成。", False),  # a plan
])
def test_completion_claim_speaks_of_the_task_itself(goal, text, done):
    assert (signals.completion_claim(text, goal) is not None) is done


def test_pending_result_and_no_change():
    c = signals.pending_result("已上报9个村，省级评定结果尚未公布。")
    assert (c.phrase, c.sentence) == ("尚未公布", "已上报9个村，省级评定结果尚未公布")
    assert signals.pending_result("已评定9个村。") is None
    c = signals.no_change("信访总量与上年持平。", "信访总量同比下降")
    assert c.phrase == "持平"
    assert signals.no_change("信访总量与上年持平。", "开展信访积案化解") is None  # the goal asks for no change


def test_foreign_currency_and_concentration_units():
    [t] = targets.extract_targets("进出口额达到3.6亿美元。")
    assert (t.value, t.unit, t.kind) == (3.6, "亿美元", "cumulative")
    assert not reading.units(LEX).compatible("亿美元", "亿元")
    [t] = targets.extract_targets("细颗粒物年均浓度控制在30微克/立方米以内。")
    assert (t.value, t.unit, t.comparator, t.kind) == (30, "微克/立方米", "<=", "level")
    [f] = actuals.extract_actuals("全年细颗粒物年均浓度28微克/立方米。", [t])
    assert f.value == 28


def test_month_on_month_change_is_not_the_years_change():
    [t] = targets.extract_targets("工业用电量增长6%。")
    [f] = actuals.extract_actuals("全年工业用电量同比增长6.5%，12月环比增长0.8%。", [t])
    assert f.value == 6.5
    [f] = actuals.extract_actuals("工业用电量环比增长0.8%。", [t])
    assert f is None


def test_a_bare_measure_after_clauses_of_things_done_goes_to_the_one_target():
    [t] = targets.extract_targets("建设高效节水灌溉2万亩。")
    [f] = actuals.extract_actuals("设计已批复，施工单位已进场，完成0.6万亩。", [t])
    assert (f.value, f.unit) == (0.6, "万亩")


def test_self_assessment_tags_are_blanked_in_the_reading_copy():
    text = "【已完成】全年新建5所。"
    assert reading.normalise(text, LEX) == " " * 5 + "全年新建5所。"
    assert reading.normalise(text) == text  # without the lexicon, only the width of characters is folded
    assert reading.normalise("【滞后】仍在施工", LEX) == "【滞后】仍在施工"


def test_failing_to_within_the_year_is_a_delay():
    assert _sig("受设备供货周期影响，年内未能投入使用，预计明年3月开诊。") == [("delay", "年内未能")]
    assert _sig("部分项目未能按期开工。") == [("delay", "未能按期")]


# ----------------------------------------------------------------------------- the lexicon: every category checked


def test_a_complete_lexicon_names_every_category_once():
    text = (Path(lexicon.__file__).resolve().parents[3] / "data" / "signals.yaml").read_text(encoding="utf-8")
    lex, problems = lexicon.read_lexicon(text, "signals.yaml", complete=True)
    assert problems == [] and set(lex.words()) == set(lexicon.CATEGORIES)
    _, problems = lexicon.read_lexicon("stall: [暂无进展]\n", "signals.yaml", complete=True)
    assert {p.field for p in problems} == set(lexicon.CATEGORIES) - {"stall"}
    assert all(p.line == 1 and "随软件提供的" in p.message for p in problems)


@pytest.mark.parametrize("text,line,field,words", [
    ("stall: [暂无进展]\nstall: [停滞]\n", 2, "stall", "写了两次"),
    ("delay:\n  - …重新\n", 2, "delay[0]", "“…” 只能写在两个词之间"),
    ("unit_synonyms:\n  - 个家\n", 2, "unit_synonyms[0]", "例如 “个=家”"),
    ("behind: 滞后\n", 1, "behind", "应为词语列表"),
    ("- 滞后\n", 1, "", "最外层"),
    ("stall:\n  - ''\n", 2, "stall[0]", "不能为空"),
])
def test_lexicon_mistakes_are_located_with_what_to_do(text, line, field, words):
    with pytest.raises(lexicon.LexiconError) as e:
        lexicon.lexicon_from_text(text, "mine.yaml")
    (p,) = e.value.problems
    assert (p.file, p.line, p.field) == ("mine.yaml", line, field) and words in p.message


def test_an_offices_file_adds_to_the_shipped_words():
    lex = lexicon.lexicon_from_text("behind:\n  - 原地踏步\nmeasures: [延米]\n", "mine.yaml")
    assert lex.behind[-1] == "原地踏步" and "滞后" in lex.behind
    assert [(q.value, q.unit) for q in reading.quantities("完成管网铺设300延米", lex)] == [(300, "延米")]


def test_lexicon_beside_a_registry(tmp_path):
    reg = tmp_path / "tasks.yaml"
    reg.write_text("meta: {}\n", encoding="utf-8")
    assert lexicon.beside(reg) is None and lexicon.lexicon_for(reg) is LEX
    (tmp_path / "signals.yaml").write_text("stall: [原地踏步]\n", encoding="utf-8")
    assert lexicon.beside(reg) == tmp_path / "signals.yaml"
    assert "原地踏步" in lexicon.lexicon_for(reg).stall and lexicon.lexicon_problems(reg) == []
    (tmp_path / "signals.yaml").write_text("stal: [原地踏步]\n", encoding="utf-8")
    assert [p.field for p in lexicon.lexicon_problems(reg)] == ["stal"]


# ----------------------------------------------------------------------------- the office's words: scope, negation, lists


def _words(text):
    return [(w.phrase, w.call, w.scope, w.negated) for w in status_words.read_status(text, LEX).words]


def test_status_words_with_their_scope_and_negation():
    assert _words("目前已完成施工面积1.2万亩，仅占年度任务的34.3%，进度滞后。") == [
        ("已完成", "completed", "word", False), ("滞后", "lagging", "task", False)]  # 已完成 decides only in a list
    assert _words("受国际不利环境、宏观政策、资金短缺等多种因素影响完成情况不够理想。") == [("不够理想", "lagging", "task", False)]
    assert _words("桂花苑、纺机宿舍等7个小区施工进度偏慢。")[0][2] == "part"
    assert _words("实验中学东校区、城西小学2个项目受征地拆迁影响，推进缓慢。") == [("推进缓慢", "lagging", "part", False)]
    assert _words("项目于9月28才签订合同,滞后了2个月,后期将加快推进。") == [("滞后", "lagging", "task", False)]
    assert _words("各项目推进有力，未出现进度滞后的情况。")[0][3] is True
    assert _words("对进度滞后的任务实行约谈。")[0][2] == "class"
    assert _words("着力解决农村污水处理设施建设滞后问题，已建成处理站12座。")[0][2] == "class"  # the problem addressed
    assert _words("查处闯红灯违法行为1200起。") == []
    assert signals.find_signals("全市耕地面积至今未出现减少。", LEX) == ()  # good news, no stall
    assert _words("150项目标任务整体推进落实较好,124项达到序时进度要求。") == [("达到序时", "on_track", "count", False)]


def test_lists_sorted_by_status_and_the_task_they_name():
    text = ("本次督查共7个重点项目,其中正常推进的项目2个,分别是:职教园拆迁项目、城区黑臭水体治理项目;未完成3月份目标任务的"
            "项目5个,分别是:云城学校项目、养城中学项目、靳大安置区项目。")
    r = status_words.read_status(text, LEX)
    assert [(lst.call, lst.items) for lst in r.lists] == [
        ("on_track", ("职教园拆迁项目", "城区黑臭水体治理项目")), ("lagging", ("云城学校项目", "养城中学项目", "靳大安置区项目"))]
    assert status_words.named_in(r, "推进靳大安置区项目建设。", LEX)[1] == "靳大安置区项目"
    assert status_words.named_in(r, "推进城南学校项目建设。", LEX) is None
    text = "推进缓慢的有3(城区公办幼儿园建设、乡镇污水处理站建设、乡镇加油站建设),占目标任务的30%。"
    r = status_words.read_status(text, LEX)
    assert r.lists[0].items == ("城区公办幼儿园建设", "乡镇污水处理站建设", "乡镇加油站建设")
    assert text[r.shares[0][0]:r.shares[0][1]].endswith("占目标任务的30%")  # a share of the list, no completion
    # the next numbered part of a report is no list of names: only a count of tasks may lead into one
    text = "急救中心、精神病医院等15个策划项目有序推进。②卫生体制改革方面:市医共体对所有分院的乡村医生进行巡回集中培训。"
    assert [lst.items for lst in status_words.read_status(text, LEX).lists] == [("急救中心", "精神病医院")]


# ----------------------------------------------------------------------------- plans and starts


def test_planned_and_actual_figures_pair_within_a_sentence():
    def pairs(text):
        return [(p.planned, p.actual, p.whole_year) for p in statements.planned_actuals(text, LEX)]

    assert pairs("一季度计划完成投资8亿元，实际完成6亿元。") == [(8e8, 6e8, False)]
    assert pairs("今年“双50”项目年内应开工项目28个、应竣工25个,实际开工9个、竣工2个。") == [(28, 9, True), (25, 2, True)]
    assert pairs("计划总投资136.35亿元,年度计划投资42.13亿元,已完成投资20.82亿元。") == [
        (pytest.approx(42.13e8), pytest.approx(20.82e8), True)]
    assert pairs("充实应急抢险物料和器材,9月底完成自储砂石料4000立方米。") == []  # 应急 is no plan


def test_expected_start():
    c = signals.expected_start("预计9月份开始接种工作。", LEX)
    assert (c.phrase, c.sentence) == ("预计9月份开始", "预计9月份开始接种工作")
    assert signals.expected_start("已完成接种1.2万人。", LEX) is None
