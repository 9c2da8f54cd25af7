"""core/dates.py: Chinese date phrases read against a plan year, and schedules cut into their items."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.core.dates import find_dates, read_date, split_items


@pytest.mark.parametrize("phrase,expected", [
    ("2022年9月底", date(2022, 9, 30)),
    ("9月30日前", date(2021, 9, 30)),
    ("6月底前", date(2021, 6, 30)),
    ("三季度末", date(2021, 9, 30)),
    ("第三季度", date(2021, 9, 30)),
    ("前三季度", date(2021, 9, 30)),
    ("上半年", date(2021, 6, 30)),
    ("下半年", date(2021, 12, 31)),
    ("年底前", date(2021, 12, 31)),
    ("年内", date(2021, 12, 31)),
    ("今年底", date(2021, 12, 31)),
    ("2021年度内", date(2021, 12, 31)),
    ("12月31日前", date(2021, 12, 31)),
    ("一季度", date(2021, 3, 31)),
    ("第一季度末前", date(2021, 3, 31)),
    ("10月份", date(2021, 10, 31)),
    ("年中", date(2021, 6, 30)),
    ("2月上旬前", date(2021, 2, 10)),
    ("6月中旬", date(2021, 6, 20)),
    ("9月下旬", date(2021, 9, 30)),
    ("九月底", date(2021, 9, 30)),
    ("十二月三十一日前", date(2021, 12, 31)),
    ("二〇二二年六月底前", date(2022, 6, 30)),
    ("明年6月底前", date(2022, 6, 30)),
    ("2022年", date(2022, 12, 31)),
    ("2021-09-30", date(2021, 9, 30)),
    ("2021/9/30", date(2021, 9, 30)),
    ("2021.9", date(2021, 9, 30)),
    ("４月底", date(2021, 4, 30)),
    ("2月底前", date(2021, 2, 28)),
    ("2021年9月底前完成", date(2021, 9, 30)),
    # a field with several dates: the deadline is the last of them
    ("10月底前完成主体工程，12月底前竣工验收", date(2021, 12, 31)),
])
def test_phrases_read_against_the_plan_year(phrase, expected):
    r = read_date(phrase, 2021)
    assert (r.date, r.open, r.problem) == (expected, False, "")


def test_february_of_a_leap_year():
    assert read_date("2月底", 2024).date == date(2024, 2, 29)


@pytest.mark.parametrize("phrase", ["长期坚持", "持续推进", "常态化", "持续开展", "每月上报", "长期"])
def test_standing_work_has_no_deadline(phrase):
    r = read_date(phrase, 2021)
    assert r.open and r.date is None and not r.problem


def test_a_date_outranks_the_words_of_standing_work():
    assert read_date("持续推进，年底前完成验收", 2021).date == date(2021, 12, 31)


@pytest.mark.parametrize("phrase,problem", [
    ("尽快", "读不出日期"),
    ("", "是空的"),
    ("三年内", "读不出日期"),  # three years, not the end of this one
    ("半年内", "读不出日期"),
    ("去年底", "读不出日期"),  # last year
    ("2月30日", "中的 “2月30日” 这一天不存在"),
    ("13月底", "中的 “13月底” 这一天不存在"),
    ("0000-09-01", "中的 “0000-09-01” 这一天不存在"),
])
def test_what_cannot_be_read_says_why(phrase, problem):
    r = read_date(phrase, 2021)
    assert r.date is None and not r.open and r.problem == problem


def test_no_plan_year_no_relative_date():
    assert read_date("6月底前", 0).problem == "没有年份可依（meta.year 未写或有误）"
    assert read_date("2022年6月底前", 0).date == date(2022, 6, 30)


def test_find_dates_marks_a_deadline_s_words():
    found = find_dates("确保6月底前开工、9月举办开工仪式、年底前建成，全年投资增长8%", 2021)
    assert [(p.text, p.date, p.bound) for p in found] == [
        ("6月底前", date(2021, 6, 30), True), ("9月", date(2021, 9, 30), False), ("年底前", date(2021, 12, 31), True)]


def test_find_dates_positions_cover_the_phrase():
    text = "力争2022年9月底前全面建成"
    (p,) = find_dates(text, 2021)
    assert text[p.start:p.end] == p.text == "2022年9月底前"


@pytest.mark.parametrize("text,items", [
    ("①3月底前完成立项；②6月底前开工；③12月底前主体完工", [(1, "3月底前完成立项"), (2, "6月底前开工"), (3, "12月底前主体完工")]),
    ("1.3月底前完成立项 2.6月底前开工", [(1, "3月底前完成立项"), (2, "6月底前开工")]),
    ("(1)3月底前立项(2)9月底前开工", [(1, "3月底前立项"), (2, "9月底前开工")]),
    ("3月底前完成立项；6月底前开工", [(0, "3月底前完成立项"), (0, "6月底前开工")]),
    # a real 进度安排 cell (开化县2023年度重点工作清单)
    ("①2月上旬前,完成设计招标。②3月底前,完成图纸深化设计。③5月底前,完成施工许可报批并开工建设。",
     [(1, "2月上旬前,完成设计招标。"), (2, "3月底前,完成图纸深化设计。"), (3, "5月底前,完成施工许可报批并开工建设。")]),
    ("新增1.5万亩", [(0, "新增1.5万亩")]),  # a decimal is not a numbered item
])
def test_split_items(text, items):
    assert [(i.no, i.text) for i in split_items(text)] == items


_PIECES = st.sampled_from(["2021", "0000", "9999", "00", "年", "月", "日", "底", "前", "末", "内", "上半年", "季度", "第", "三",
                           "十二", "31", "9", "-", "/", ".", "０", "〇", "常态化", "长期", "①", "(1)", "1.", "；", "，", " ", "\n",
                           "明", "今"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.integers(min_value=0, max_value=2200))
def test_no_phrase_made_of_date_words_crashes(text, year):
    r = read_date(text, year)
    assert (r.date is not None) + r.open + bool(r.problem) == 1
    for p in find_dates(text, year):
        assert text[p.start:p.end] == p.text
    split_items(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.integers(min_value=0, max_value=3000))
def test_no_text_crashes(text, year):
    read_date(text, year)
    find_dates(text, year)
    split_items(text)
