"""The text toolkit: the sanitiser, the width of text in terminal cells, Chinese line breaking, clipping."""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from audit.core.text import NOT_FIRST, NOT_LAST, cells, char_cells, clip, controls, fold, hang, line_spans, narrowest, sanitise

# ----------------------------------------------------------------------------- sanitising

HOSTILE = "标题\x1b]0;pwned\x07清屏\x1b[2J红\x1b[31m字\x1b[0m铃\x07退格\x08换页\x0c八位\x9b31m删\x7f串\x1bP1$r\x1b\\完"


def test_sanitise_leaves_no_control_character_and_keeps_the_text():
    shown = sanitise(HOSTILE)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown)
    assert shown == "标题␛]0;pwned␇清屏␛[2J红␛[31m字␛[0m铃␇退格␈换页␌八位�31m删␡串␛P1$r␛\\完"
    assert sanitise("第一行\r\n第二行\r第三行\t制表") == "第一行\n第二行\n第三行\t制表"
    assert sanitise("普通文字") == "普通文字"


def test_controls_names_each_sequence_whole():
    assert controls("已完成\x07\x1b]0;x\x1b\\项目\x1b[2J。") == [(3, "␇"), (4, "␛]0;x␛\\"), (13, "␛[2J")]
    assert controls("一行\r\n二行\t三") == []
    assert controls("\x9b2J") == [(0, "�2J")]


@given(st.text(alphabet=st.characters(max_codepoint=0x2FFF), max_size=40))
def test_sanitised_text_has_no_controls_and_is_stable(text):
    shown = sanitise(text)
    assert controls(shown) == []
    assert sanitise(shown) == shown


# ----------------------------------------------------------------------------- width: Rich's cell_len is the reference


def test_every_assigned_character_is_as_wide_as_rich_draws_it():
    differ = []
    for o in range(0x20, 0x110000):
        ch = chr(o)
        if unicodedata.category(ch) in ("Cn", "Cs", "Co") or ch == "\ufe0f":
            continue  # unassigned in this Python's Unicode (Rich may know a later one); the emoji selector: see below
        if char_cells(ch) != cell_len(ch):
            differ.append(hex(o))
    assert differ == []


ALPHABET = list("ab1. 　中文，。“”…—①│█％－") + ["e\u0301", "👍", "👍\u200d👍", "\xad", "\xa0", "\u200b", "한", "ｱ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_text_is_as_wide_as_rich_draws_it(text):
    assert cells(text) == cell_len(text)


# ----------------------------------------------------------------------------- folding

LONG = ("上半年，全市一般公共预算收入完成67915万元，为全年预算数100506万元的0.55%，同比增收5万元，增长39.15%。"
        "启动投资500亿元，开工率100%（2021-H1），详见 ./data/tasks.yaml 和《关于2021年重点工作的通知》。")
NUMBERS = re.compile(r"\d[\d,.]*%?|[A-Za-z./_-]*[A-Za-z][\w./-]*")


@pytest.mark.parametrize("width", [18, 24, 40, 61, 80])
def test_folding_keeps_numbers_and_words_whole_and_punctuation_in_place(width):
    lines = fold(LONG, width)
    assert all(cells(x) <= width for x in lines)
    assert "".join(lines).replace(" ", "") == LONG.replace(" ", "")
    assert not [x for x in lines if x[0] in "。，、；：？！）》”’"] and not [x for x in lines if x[-1] in "（《“‘"]
    for m in NUMBERS.finditer(LONG):
        assert any(m.group() in x for x in lines), (m.group(), lines)


def test_continuation_lines_hang_under_the_label():
    lines = fold("目标：" + LONG, 40)
    assert lines[0].startswith("目标：上半年")
    assert all(x.startswith("      ") and not x[6].isspace() for x in lines[1:])
    quoted = fold("    “" + LONG + "”", 40)
    assert all(x.startswith("     ") and not x[5].isspace() for x in quoted[1:])
    assert hang("  ·理由") == 3 and hang("数据不一致：第83项") == 12 and hang("12:30 开会") == 0


def test_a_hanging_label_too_deep_for_the_width_is_not_hung():
    assert fold("责任单位：市发改委、市经信局、市财政局", 24)[1][0] != " "


def test_what_fits_is_one_line_and_spaces_at_a_fold_are_dropped():
    assert fold("短句", 10) == ["短句"]
    assert fold("完成 5%  序时 25%  责任单位：县局", 20) == ["完成 5%  序时 25%", "责任单位：县局"]
    assert line_spans("", 10) == ([(0, 0)], 0)


def test_a_unit_wider_than_the_line_is_cut_by_characters():
    assert fold("https://example.gov.cn/a/b/c", 10) == ["https://ex", "ample.gov.", "cn/a/b/c"]


PARTS = st.sampled_from(["完成", "率", "，", "。", "（", "）", "“", "”", "、", "100%", "3.5", "1,200", "2021-H1", "audit",
                         " ", "——", "……", "二〇二一", "目标：", "《", "》"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PARTS, max_size=30).map("".join), st.integers(24, 100))
@example("完成完成完成完成完成2021-H1二〇二一完成（ 完成", 24)  # an opening bracket, then a space: no line ends with （
def test_folding_properties(text, width):
    lines = fold(text, width)
    assert all(cells(x) <= width for x in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assume(narrowest(text) <= 16)  # a unit wider than a line must be cut somewhere: the rules hold for the rest
    for x in lines[1:]:
        assert x.lstrip()[:1] not in NOT_FIRST
    for x in lines[:-1]:
        assert x[-1:] not in NOT_LAST


# ----------------------------------------------------------------------------- clipping


@pytest.mark.parametrize("text, width, shown", [
    ("2021年经济社会发展预期目标", 40, "2021年经济社会发展预期目标"),
    ("2021年经济社会发展预期目标", 16, "2021年经济社会…"),
    ("协议引资300亿元左右，力争完成", 15, "协议引资300亿…"),
    ("协议引资300亿元左右，力争完成", 11, "协议引资…"),
    ("完成投资，同步建设配套管网", 12, "完成投资…"),
    ("abcdefghijklmnop", 8, "abcdefg…"),
])
def test_clip_cuts_between_units_and_leaves_trailing_punctuation_off(text, width, shown):
    assert clip(text, width) == shown
    assert cells(clip(text, width)) <= width
