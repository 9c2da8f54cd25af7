"""core/typeset.py: punctuation of drafts, cuts at clause boundaries, quotes and title lines."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.core.typeset import clause_around, ems, punctuate, quote, shorten, title_lines, title_phrases


@pytest.mark.parametrize("raw, typeset", [
    ("截至目前,全市新增规上(限上)服务业企业9家", "截至目前，全市新增规上（限上）服务业企业9家"),
    ("其中:储备库项目46个;建设库项目76个", "其中：储备库项目46个；建设库项目76个"),
    ("开工率100%,计划总投资136.35亿元", "开工率100%，计划总投资136.35亿元"),
    ("纳入规划(2016-2020)和赤壁市规划", "纳入规划（2016-2020）和赤壁市规划"),
    ("(其中,繁殖母猪存栏1.54万头,同比增加42.31%);出栏12.84万头", "（其中，繁殖母猪存栏1.54万头，同比增加42.31%）；出栏12.84万头"),
    ("“团林坊”美食街,与南侧7户", "“团林坊”美食街，与南侧7户"),
    ("能完成吗?完成了!", "能完成吗？完成了！"),
    ("GDP比重12.73%,同比", "GDP比重12.73%，同比"),
])
def test_ascii_marks_in_chinese_text_become_full_width(raw, typeset):
    assert punctuate(raw) == typeset


@pytest.mark.parametrize("text", [
    "贷款余额1,200亿元", "增长3.5%", "按照1:10的金融杠杆", "10:30开会", "f(x)", "Hello, world!",
    "http://example.gov.cn", "已完成。", "",
])
def test_figures_and_latin_text_keep_their_marks(text):
    assert punctuate(text) == text


def test_only_the_marks_change():
    raw = "进展情况: 2017年以来,优蓝国际 (湖北) 注册落户"
    out = punctuate(raw)
    assert out == "进展情况： 2017年以来，优蓝国际 （湖北） 注册落户"
    assert len(out) == len(raw)  # spaces and every other character as written


@given(st.text(alphabet=list("中文,:;()?!12 ab.%“”"), max_size=30))
def test_punctuation_is_idempotent_and_keeps_length(text):
    once = punctuate(text)
    assert punctuate(once) == once and len(once) == len(text)


@pytest.mark.parametrize("text, n, short", [
    ("短句。", 10, "短句。"),
    ("全年争取各类资金30亿元以上,完成招商引资项目160个左右,协议引资300亿元左右。抓好7个省重点项目", 42,
     "全年争取各类资金30亿元以上,完成招商引资项目160个左右,协议引资300亿元左右等"),
    ("全年争取各类资金30亿元以上,完成招商引资项目160个左右,协议引资300亿元左右。", 20, "全年争取各类资金30亿元以上等"),
    ("扩大零售业规模,实施“百家商超进小区”行动,建设小区商超50个以上、建成运营西湖国际二期", 30,
     "扩大零售业规模,实施“百家商超进小区”行动等"),
    ("一句没有标点的很长很长很长很长的话", 5, "一句没有标点的很长很长很长很长的话"),
    ("第一个分句就已经很长很长很长了,第二个分句", 5, "第一个分句就已经很长很长很长了等"),
    ("建设凯利隆不干胶二期、卫汉装备等,一批亿元项目", 16, "建设凯利隆不干胶二期、卫汉装备等"),
    ("贷款余额1,200亿元以上,同比增长15%", 10, "贷款余额1,200亿元以上等"),
    ("推进住宿业改造升级,新增限上住宿企业5家左右。促进餐饮业发展,建成“团林坊”美食街。", 30,
     "推进住宿业改造升级,新增限上住宿企业5家左右等"),
    ("实施“三品”行动,推进“增品种、提品质、创品牌”,打造区域品牌", 25, "实施“三品”行动,推进“增品种、提品质、创品牌”等"),
])
def test_shorten_cuts_only_between_clauses(text, n, short):
    assert shorten(text, n) == short


def test_shorten_never_cuts_inside_a_word():
    goal = "全年争取各类资金30亿元以上,完成招商引资项目160个左右,协议引资300亿元左右。"
    for n in range(1, len(goal) + 2):
        out = shorten(goal, n)
        assert out == goal or (out.endswith("等") and goal.startswith(out[:-1]) and goal[len(out) - 1] in ",。")
        assert len(out) <= max(n + 1, len("全年争取各类资金30亿元以上等"))


def test_clause_around_a_phrase_is_whole():
    s = ("退役军人服务中心已完成建设立项、用地评估、初步设计等准备工作,因前期土地选址与铁路用地政策相冲突,"
         "现正等待自然资源规划部门重新进行选址")
    assert clause_around(s, "等待自然资源规划部门重新") == "现正等待自然资源规划部门重新进行选址"
    assert clause_around("武汉新港赤壁港区目前暂无进展", "暂无进展") == "武汉新港赤壁港区目前暂无进展"
    assert clause_around("保供延期矿山(华祥公路,狮子山矿业)正由业主组织修复,进展较好", "延期") == (
        "保供延期矿山(华祥公路,狮子山矿业)正由业主组织修复")
    assert clause_around("某句", "不在句中") == "某句"


def test_quotes_within_quotes_become_single():
    assert quote("严格按照“三合一”方案") == "“严格按照‘三合一’方案”"


def test_title_lines_break_between_words_and_balance():
    title = "关于《政府工作报告》确定的2021年重点工作前三季度进展情况通报"
    assert title_lines(title, 20) == ["关于《政府工作报告》确定的", "2021年重点工作前三季度进展情况通报"]
    assert title_lines("关于2023年重点工作的通报", 20) == ["关于2023年重点工作的通报"]
    assert title_lines("一个没有任何可以断开之处而又特别特别特别特别特别长的标题文字", 10) == [
        "一个没有任何可以断开之处而又特别特别特别特别特别长的标题文字"]
    assert title_lines(title, 14) == [title]  # no break lets every line fit: left to the word processor
    assert title_lines("关于加快建设和完善公共服务设施的通报", 12) == ["关于加快建设和", "完善公共服务设施的通报"]


def test_ems_counts_wide_characters_as_one():
    assert ems("通报") == 2
    assert ems("68.7%") < 3


def test_title_phrases_join_to_the_title():
    title = "关于《政府工作报告》确定的2021年重点工作半年进展情况通报"
    assert title_phrases(title) == ["关于", "《政府工作报告》", "确定的", "2021年重点工作半年进展情况通报"]
    assert title_phrases("通报") == ["通报"]


def test_the_opening_names_the_government_the_office_serves():
    from audit.drafts.context import government

    assert government("某县人民政府督查室", "") == "县政府"
    assert government("赤壁市人民政府办公室", "关于…通报") == "市政府"
    assert government("", "2024年县政府工作报告重点任务分解方案") == "县政府"
    assert government("", "") == "市政府"
    assert government("某自治州人民政府办公室", "") == "自治州政府"
