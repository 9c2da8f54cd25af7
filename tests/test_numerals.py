"""Chinese numerals: one reader and one writer for every layer, and they agree."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.core.numerals import (
    chinese_date,
    from_chinese,
    parse_chinese,
    parse_chinese_range,
    parse_section_no,
    to_chinese,
)


@given(st.integers(min_value=0, max_value=999_999_999))
def test_what_is_written_reads_back(n):
    assert parse_chinese(to_chinese(n)) == n


@pytest.mark.parametrize("n, words", [
    (10, "十"), (15, "十五"), (20, "二十"), (105, "一百零五"), (110, "一百一十"), (1001, "一千零一"),
    (1010, "一千零一十"), (1100, "一千一百"), (10_000, "一万"), (10_015, "一万零一十五"), (10_500, "一万零五百"),
    (12_000, "一万二千"), (120_000_000, "一亿二千万"),
])
def test_written_as_in_documents(n, words):
    assert to_chinese(n) == words


@pytest.mark.parametrize("words, n", [
    ("二十", 20), ("三十五", 35), ("一百二十", 120), ("两", 2), ("一万二千", 12_000), ("二千零十", 2010),
    ("二〇二一", 2021), ("二○二二", 2022), ("零", 0), ("十万", 100_000), ("一千零一十", 1010),
])
def test_read_as_written(words, n):
    assert parse_chinese(words) == n


@pytest.mark.parametrize("words", ["三五", "一一", "十十", "十四五", "百千", "万", "万万", "", "二十a", "5"])
def test_not_numbers(words):
    assert parse_chinese(words) is None


def test_two_digits_side_by_side_are_a_range():
    assert parse_chinese_range("三五") == (3, 5)
    assert parse_chinese_range("八九") == (8, 9)
    assert parse_chinese_range("五三") is None and parse_chinese_range("一一") is None


def test_section_numbers_and_dates():
    assert [parse_section_no(s) for s in ("7", "七", "七、", "（七）", "十二")] == [7, 7, 7, 7, 12]
    assert from_chinese(" 十 ") == 10
    assert chinese_date(date(2021, 6, 30)) == "二〇二一年六月三十日"
    assert chinese_date(date(2022, 10, 1)) == "二〇二二年十月一日"
