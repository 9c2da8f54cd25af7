"""Chinese date phrases read into dates against a plan year, and a schedule's items split apart.

2022年9月底 -> 2022-09-30, 9月30日前 -> 09-30, 6月底前 -> 06-30, 三季度末 -> 09-30, 上半年 -> 06-30,
年底前/年内 -> 12-31, 12月31日前 -> 12-31, 一季度 -> 03-31, 10月份 -> 10-31, 年中 -> 06-30;
长期坚持、持续推进、常态化、持续开展 say there is no deadline. Pure: the plan year is passed in.
"""
from __future__ import annotations

import calendar
import functools
import re
from datetime import date
from typing import NamedTuple

from audit.core.model import Due
from audit.core.numerals import arabic_date, parse_chinese

# Words that say a commitment has no date by design (a standing duty), as offices write them.
OPEN_WORDS = ("长期坚持", "长期推进", "长期开展", "持续推进", "持续开展", "持续实施", "常态化", "常年", "长效",
              "每年", "每半年", "每季度", "每月", "每周", "定期", "逐年", "长期", "持续")

_DIGITS = "0-9０-９"
_CN = "〇○零一二两三四五六七八九十"
_NUM = rf"[{_DIGITS}]{{1,2}}|[{_CN}]{{1,3}}"
_YEAR = rf"(?:(?P<y>[{_DIGITS}]{{4}}|[〇○零一二三四五六七八九]{{4}})|(?P<rel>今|本|当|明|次|来))年(?:度)?"
# 年底 on its own, but not the end of 三年内 (three years), 半年内 (half a year) or 去年底 (last year)
_NOT_BEFORE_YEAR = rf"(?<![{_DIGITS}{_CN}半几多每个全去])"
_PHRASE_SOURCE = (
    # only where a date can start: every alternative begins with one of these (and finditer is quick)
    rf"(?=[{_DIGITS}{_CN}今本当明次来上下年第前到至])"
    rf"(?:(?P<iso>(?P<iy>[0-9]{{4}})[-/.](?P<im>[0-9]{{1,2}})(?:[-/.](?P<id>[0-9]{{1,2}}))?(?![0-9.]))"
    rf"|(?:(?:到|至)\s*)?(?P<yr>{_YEAR})?\s*(?:"
    rf"(?P<m>{_NUM})\s*月\s*(?:份)?\s*(?:(?P<d>{_NUM})\s*[日号]|(?P<mp>底|末|上旬|中旬|下旬|初|中))?"
    r"|(?P<q3>前三季度)"
    r"|第?(?P<q>[一二三四1-4１-４])\s*季度\s*(?P<qp>末|底)?"
    rf"|(?P<half>上半年|下半年|{_NOT_BEFORE_YEAR}(?:年中|年底|年末|年内|年度内))"
    r"|(?(yr)(?P<yp>上半年|下半年|底|末|中|内)|(?!))"  # 2021年底, 今年内: only after a year
    r")?)"
    r"(?P<suf>之前|以前|前|为止|止|以内|之内|内)?"
)


@functools.cache
def _phrase() -> re.Pattern:
    """The phrase regex, compiled on first use: every command imports this module, few read a date."""
    return re.compile(_PHRASE_SOURCE)


@functools.cache
def _open() -> re.Pattern:
    return re.compile("|".join(sorted(OPEN_WORDS, key=len, reverse=True)))


_PART_DAY = {"上旬": 10, "初": 10, "中旬": 20, "中": 20}
_REL_YEAR = {"今": 0, "本": 0, "当": 0, "明": 1, "次": 1, "来": 1}
_BOUND_SUFFIX = ("之前", "以前", "前", "为止", "止", "以内", "之内", "内")


class DatePhrase(NamedTuple):
    """A date phrase found in a text: where, its words, and the date it means (None: no deadline)."""

    start: int
    end: int
    text: str
    date: date | None
    open: bool = False  # 长期坚持, 常态化: a standing duty, no deadline
    bound: bool = False  # a deadline's words (前, 底, 末, 内, 为止) or a part of the year (上半年, 三季度)


class Reading(NamedTuple):
    """What one field says: a date, no deadline (open), or nothing readable (`problem` says why)."""

    date: date | None = None
    open: bool = False
    phrase: str = ""
    problem: str = ""


_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}


def _number(tok: str) -> int | None:
    """9, ９, 九, 十二 -> int; a year written 二〇二二 digit by digit too."""
    tok = tok.translate(_FULLWIDTH)
    if tok.isdigit():
        return int(tok)
    return parse_chinese(tok.replace("○", "〇"))


def _year_of(m: re.Match, year: int) -> int | None:
    if m["y"]:
        return _number(m["y"].replace("零", "〇"))
    if m["rel"]:
        return year + _REL_YEAR[m["rel"]] if year else None
    return year or None


def _month_end(y: int, month: int) -> date:
    return date(y, month, calendar.monthrange(y, month)[1])


def _date_of(m: re.Match, year: int) -> date | None:
    """The date a matched phrase means; None when it names no date or a day that does not exist."""
    if m["iso"]:
        y, mo = int(m["iy"]), int(m["im"])
        if not (1 <= mo <= 12 and 1900 <= y <= 2200):
            return None
        return _day(y, mo, int(m["id"])) if m["id"] else _month_end(y, mo)
    y = _year_of(m, year)
    if y is None or not 1900 <= y <= 2200:
        return None
    if m["m"]:
        return _month_date(y, m)
    if m["q3"]:
        return date(y, 9, 30)
    if m["q"]:
        return _month_end(y, 3 * (_number(m["q"]) or 4))
    part = m["half"] or m["yp"]
    if part:
        return date(y, 6, 30) if part in ("上半年", "年中", "中") else date(y, 12, 31)
    if m["y"] or m["rel"]:
        return date(y, 12, 31)  # 2022年, 明年: by the end of that year
    return None


def _month_date(y: int, m: re.Match) -> date | None:
    month = _number(m["m"])
    if month is None or not 1 <= month <= 12:
        return None
    if m["d"]:
        day = _number(m["d"])
        return None if day is None else _day(y, month, day)
    if m["mp"] in _PART_DAY:
        return date(y, month, _PART_DAY[m["mp"]])
    return _month_end(y, month)  # 9月, 9月底, 9月末, 9月下旬, 10月份


def _day(y: int, month: int, day: int) -> date | None:
    try:
        return date(y, month, day)
    except ValueError:
        return None


def _named(m: re.Match) -> bool:
    """The match names some date (not only a suffix such as 前 or 内)."""
    return any(m[k] for k in ("iso", "y", "rel", "m", "q3", "q", "half", "yp"))


def find_dates(text: str, year: int) -> list[DatePhrase]:
    """Every date phrase in `text`, in order, read against the plan `year`; open words (常态化) too.

    A phrase naming a day that does not exist (2月30日) is returned with no date and not open.
    """
    out: list[DatePhrase] = []
    for m in _phrase().finditer(text):
        if not _named(m):
            continue
        bound = bool(m["suf"] in _BOUND_SUFFIX or m["mp"] in ("底", "末") or m["qp"] or m["q3"] or m["q"]
                     or m["half"] or m["yp"])
        out.append(DatePhrase(m.start(), m.end(), m.group(0), _date_of(m, year), bound=bound))
    for m in _open().finditer(text):
        if not any(p.start <= m.start() < p.end for p in out):
            out.append(DatePhrase(m.start(), m.end(), m.group(0), None, open=True))
    return sorted(out)


def read_date(text: str, year: int) -> Reading:
    """The date one field states ("2021年9月底前", "三季度末", "长期坚持"): the latest date named in it;
    no deadline when it names none but says the work is standing; otherwise a problem, in Chinese."""
    text = text.strip()
    if not text:
        return Reading(problem="是空的")
    found = find_dates(text, year)
    dated = [p for p in found if p.date is not None]
    if dated:
        last = max(dated, key=lambda p: p.date)
        return Reading(last.date, phrase=last.text)
    broken = [p for p in found if not p.open]
    if broken:
        if not year and not re.search(r"[0-9]{4}", broken[0].text):
            return Reading(problem="没有年份可依（meta.year 未写或有误）")
        return Reading(problem=f"中的 “{broken[0].text}” 这一天不存在")
    opened = [p for p in found if p.open]
    if opened:
        return Reading(open=True, phrase=opened[0].text)
    return Reading(problem="读不出日期")


# ----------------------------------------------------------------------------- a schedule's items

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_RE = f"[{_CIRCLED}]"
_PAREN_NO = r"[(（]\s*([0-9]{1,2})\s*[)）]"
_DOT_NO = r"(?:^|(?<=[\s；;。，,]))([0-9]{1,2})\s*[.．、]"


class Item(NamedTuple):
    """One item of a schedule or a numbered report: its number (0 when unnumbered) and text."""

    no: int
    start: int
    text: str


def split_items(text: str) -> list[Item]:
    """A schedule or a numbered report cut into its items.

    ①…②…, (1)…(2)…, 1.… 2.… (numbers counting up from 1, so 1.5万亩 is no item), or else parts
    separated by ；. Text before the first number is not an item.
    """
    for cut in (_circled, _parens, _dotted):
        items = cut(text)
        if items:
            return items
    parts, pos = [], 0
    for chunk in re.split(r"([；;\n]+)", text):
        if chunk and not re.fullmatch(r"[；;\n]+", chunk) and chunk.strip(" 。，,"):
            parts.append(Item(0, pos, chunk.strip()))
        pos += len(chunk)
    return parts


def _circled(text: str) -> list[Item]:
    marks = [(m.start(), _CIRCLED.index(m.group(0)) + 1) for m in re.finditer(_CIRCLED_RE, text)]
    return _cut(text, marks, 1)


def _parens(text: str) -> list[Item]:
    return _cut(text, _counting(text, _PAREN_NO), None)


def _dotted(text: str) -> list[Item]:
    return _cut(text, _counting(text, _DOT_NO), None)


def _counting(text: str, rx: str) -> list[tuple[int, int, int]]:
    """Numbered marks that count 1, 2, 3… in order: (start, number, end of the mark)."""
    out: list[tuple[int, int, int]] = []
    for m in re.finditer(rx, text):  # re's own cache compiles it once
        n = int(m.group(1))
        if n == len(out) + 1:
            out.append((m.start(), n, m.end()))
    return out if len(out) >= 2 else []


def _cut(text: str, marks: list, width: int | None) -> list[Item]:
    if not marks:
        return []
    out = []
    for i, mark in enumerate(marks):
        start, no = mark[0], mark[1]
        body_start = start + width if width is not None else mark[2]
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        body = text[body_start:end].strip(" \t\n；;，,")
        if body:
            out.append(Item(no, body_start, body))
    return out


def due_words(d: Due) -> str:
    """How a date reads in a sentence: "6月底前", or "2021年6月30日前" for a date written as a date."""
    if d.date is not None and d.text == d.date.isoformat():
        return arabic_date(d.date) + "前"
    return d.text
