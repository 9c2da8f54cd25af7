"""A title or an opening made to speak of another period: "…2021年重点工作半年进展情况通报" becomes
"…前三季度进展情况通报" for 2021-Q3. The draft and the status screen use the same rule."""
from __future__ import annotations

import re

from audit.core.model import PERIOD_RE, period_label
from audit.core.numerals import parse_chinese

# Words that name a reporting period in a title or an opening, with the month it ends.
_PERIOD_WORD = re.compile(
    r"前三季度|第?[一二三四]季度|[上下]半年|半年|全年"
    r"|[1一]\s*[-—–~～至到]\s*(?P<to>1[0-2]|[1-9]|十[一二]?|[二三四五六七八九])\s*月份?")
_QUARTER_MONTH = {"一": 3, "二": 6, "三": 9, "四": 12}


def period_month(period_id: str) -> int:
    """The month a period ends: 2021-Q1 -> 3, 2021-H1 -> 6, 2021-Q3 -> 9, 2021 -> 12, 2021-08 -> 8."""
    m = PERIOD_RE.match(period_id)
    if not m:
        return 0
    if m["half"]:
        return 6 if m["half"] == "H1" else 12
    if m["quarter"]:
        return 3 * int(m["quarter"][1])
    return int(m["month"]) if m["month"] else 12


def _word_month(m: re.Match) -> int:
    word = m[0]
    if m["to"]:
        return int(m["to"]) if m["to"].isdigit() else parse_chinese(m["to"]) or 0
    if word == "前三季度":
        return 9
    if "季度" in word:
        return _QUARTER_MONTH[word[-3]]
    return 6 if word in ("上半年", "半年") else 12


def retime(text: str, month: int, word: str) -> tuple[str, bool]:
    """`text` with each period word that names another period replaced by `word`; and whether it
    named a period at all. "…2021年重点工作半年进展情况通报" for 前三季度 -> "…前三季度进展情况通报"."""
    found = False

    def swap(m: re.Match) -> str:
        nonlocal found
        found = True
        return m[0] if _word_month(m) == month else word

    return _PERIOD_WORD.sub(swap, text), found


def draft_title(title: str, year: int, month: int, word: str) -> str:
    """The registry's title made the title of this period's circular (a title that names no period
    gets the period after its year: 关于2023年重点工作推进情况的通报 -> 关于2023年上半年重点工作…)."""
    text, found = retime(title, month, word)
    if found or not year:
        return text
    return re.sub(rf"{year}年(?!度|{word})", f"{year}年{word}", text, count=1)


def period_title(title: str, year: int, period_id: str, label: str = "") -> str:
    """The registry's title for the circular of `period_id` (its label, or the usual words for it)."""
    return draft_title(title, year, period_month(period_id), label or period_label(period_id))
