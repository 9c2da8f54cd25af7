"""The draft follows the period it reports: title, opening and period words; its own date, title and issuer."""
from __future__ import annotations

import pytest

from audit.drafts.context import draft_title, period_month, retime
from conftest import run_cli


@pytest.mark.parametrize("pid, month", [("2021-Q1", 3), ("2021-H1", 6), ("2021-Q2", 6), ("2021-Q3", 9), ("2021-Q4", 12),
                                        ("2021-H2", 12), ("2021", 12), ("2021-08", 8)])
def test_the_month_a_period_ends(pid, month):
    assert period_month(pid) == month


SEED_TITLE = "关于《政府工作报告》确定的2021年重点工作半年进展情况通报"


@pytest.mark.parametrize("month, word, title", [
    (6, "上半年", SEED_TITLE),  # the period the title was written for: as written
    (9, "前三季度", "关于《政府工作报告》确定的2021年重点工作前三季度进展情况通报"),
    (12, "全年", "关于《政府工作报告》确定的2021年重点工作全年进展情况通报"),
    (8, "1-8月", "关于《政府工作报告》确定的2021年重点工作1-8月进展情况通报"),
])
def test_the_title_names_the_period_reported(month, word, title):
    assert draft_title(SEED_TITLE, 2021, month, word) == title


@pytest.mark.parametrize("text, month, word, out", [
    ("关于2023年重点工作一季度进展情况的通报", 6, "上半年", "关于2023年重点工作上半年进展情况的通报"),
    ("关于2023年第一季度重点工作推进情况的通报", 3, "一季度", "关于2023年第一季度重点工作推进情况的通报"),
    ("关于2023年前三季度重点工作推进情况的通报", 12, "全年", "关于2023年全年重点工作推进情况的通报"),
    ("关于2023年1-5月重点工作推进情况的通报", 9, "前三季度", "关于2023年前三季度重点工作推进情况的通报"),
    ("关于2023年一至八月重点工作推进情况的通报", 8, "1-8月", "关于2023年一至八月重点工作推进情况的通报"),
    ("关于2023年上半年重点工作推进情况的通报", 6, "半年", "关于2023年上半年重点工作推进情况的通报"),
])
def test_period_words_of_other_periods_are_replaced(text, month, word, out):
    assert retime(text, month, word) == (out, True)


def test_a_title_without_a_period_gets_one_after_its_year():
    assert draft_title("关于2023年重点工作推进情况的通报", 2023, 9, "前三季度") == "关于2023年前三季度重点工作推进情况的通报"
    assert draft_title("关于2023年度重点工作推进情况的通报", 2023, 9, "前三季度") == "关于2023年度重点工作推进情况的通报"
    assert draft_title("重点工作通报", 2023, 9, "前三季度") == "重点工作通报"


def test_an_opening_follows_the_period_too():
    opening = "政府督查室就2021年重点工作半年进展情况进行了专项督查,现将有关情况通报如下:"
    assert retime(opening, 9, "前三季度")[0] == "政府督查室就2021年重点工作前三季度进展情况进行了专项督查,现将有关情况通报如下:"


# ----------------------------------------------------------------------------- through the command line


def notice(path, *args):
    r = run_cli("render-notice", "-r", str(path), *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_a_later_period_is_titled_and_opened_for_itself(small_registry):
    first = notice(small_registry, "--period", "2023-Q1", "--date", "2023-04-06")
    assert first.startswith("# 关于2023年重点工作一季度进展情况的通报\n")
    assert first.rstrip().endswith("某县人民政府督查室\n\n二〇二三年四月六日")
    later = notice(small_registry, "--period", "2023-H1", "--date", "2023-07-08")
    assert later.startswith("# 关于2023年重点工作上半年进展情况的通报\n")
    assert "2023年重点工作上半年进展情况进行了专项督查" in later
    assert "截至2023年6月30日" in later
    assert later.rstrip().endswith("二〇二三年七月八日")
    assert "一季度" not in later.split("## 总体情况")[0]


def test_title_issuer_and_date_can_be_given(small_registry):
    out = notice(small_registry, "--title", "关于重点工作的通报", "--issuer", "某县人民政府办公室", "--date", "2023-04-30")
    assert out.startswith("# 关于重点工作的通报\n")
    assert out.rstrip().endswith("某县人民政府办公室\n\n二〇二三年四月三十日")


def test_a_date_that_is_not_one_is_refused(small_registry):
    r = run_cli("render-notice", "-r", str(small_registry), "--date", "2023-02-30")
    assert r.exit_code == 2 and "落款日期 “2023-02-30” 的写法不对" in r.stderr and "Traceback" not in r.stderr


def test_the_cached_draft_is_not_used_for_another_title_or_issuer(small_registry):
    a = notice(small_registry, "--date", "2023-04-06")
    b = notice(small_registry, "--date", "2023-04-06", "--issuer", "另一单位")
    c = notice(small_registry, "--date", "2023-04-06", "--title", "另一标题")
    assert "另一单位" in b and "另一单位" not in a and c.startswith("# 另一标题\n")


def test_the_status_screen_is_titled_for_the_period_it_shows(tmp_path):
    """The status screen of a later period carries the title its circular will have, not the
    imported one's ('…半年…' for 2021-Q3 would misname the quarter)."""
    from audit.core.titles import period_title

    title = "关于《政府工作报告》确定的2021年重点工作半年进展情况通报"
    assert period_title(title, 2021, "2021-Q3") == "关于《政府工作报告》确定的2021年重点工作前三季度进展情况通报"
    assert period_title(title, 2021, "2021-H1") == title
    assert period_title("关于2023年重点工作推进情况的通报", 2023, "2023-Q1") == "关于2023年一季度重点工作推进情况的通报"
