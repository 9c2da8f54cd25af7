"""Chinese numerals, both ways, for every layer: 二十三 <-> 23, 一万二千 -> 12000, 三五 -> 3 to 5,
二〇二一 -> 2021; and dates in 公文 style (二〇二一年六月三十日)."""
from __future__ import annotations

from datetime import date

DIGITS = "零一二三四五六七八九"
YEAR_DIGITS = "〇一二三四五六七八九"
DIGIT_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "○": 0, "两": 2}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "".join(DIGIT_VALUE) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)


def parse_chinese(s: str) -> int | None:
    """A Chinese numeral as written -> int; None if it is not one.

    二十 -> 20, 三十五 -> 35, 一百二十 -> 120, 两 -> 2, 一万二千 -> 12000, 二千零十 -> 2010,
    二〇二一 -> 2021 (digit by digit). Not numbers: 三五 (a range: see parse_chinese_range),
    一一, 十十, 十四五 (a plan's name), 万 on its own.
    """
    if not s or any(c not in NUMERAL_CHARS for c in s):
        return None
    if all(c in DIGIT_VALUE for c in s):
        if len(s) == 1 or len(s) >= 3:
            return int("".join(str(DIGIT_VALUE[c]) for c in s))
        return None
    total = 0  # what the big units (万, 亿) have gathered
    section = 0  # below the current big unit
    num: int | None = None  # the digit waiting for its unit
    last_small = 10_000  # units must fall within a section: 千 before 百 before 十
    last_big = 10 ** 12
    for c in s:
        if c in DIGIT_VALUE:
            if num not in (None, 0) and DIGIT_VALUE[c] != 0:
                return None  # two digits in a row (十四五): not a number
            num = DIGIT_VALUE[c]
        elif c in SMALL_UNITS:
            unit = SMALL_UNITS[c]
            if unit >= last_small:
                return None  # 十十, 百千
            section += (num or 1) * unit  # 十 and 零十 (as in 二千零十) both mean 一十
            num, last_small = None, unit
        else:
            unit = BIG_UNITS[c]
            section += num or 0
            if unit >= last_big or section == 0:
                return None  # 万万, 亿万 written out of order, or 万 with nothing before it
            total += section * unit
            section, num, last_small, last_big = 0, None, 10_000, unit
    return total + section + (num or 0)


def parse_chinese_range(s: str) -> tuple[int, int] | None:
    """三五 -> (3, 5), 五六 -> (5, 6): two ascending digits side by side mean "three to five"."""
    if len(s) == 2 and all(c in DIGIT_VALUE for c in s):
        a, b = DIGIT_VALUE[s[0]], DIGIT_VALUE[s[1]]
        if 0 < a < b <= a + 2:
            return a, b
    return None


def to_chinese(n: int) -> str:
    """Integer -> Chinese numeral as used in headings and ordinals: 10 -> 十, 23 -> 二十三,
    105 -> 一百零五, 110 -> 一百一十, 1010 -> 一千零一十, 12000 -> 一万二千."""
    if n < 0:
        return "负" + to_chinese(-n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    for unit, name in ((100_000_000, "亿"), (10_000, "万")):
        if n >= unit:
            high, rest = divmod(n, unit)
            return to_chinese(high) + name + _below(rest, unit // 10)
    return _within_thousands(n)


def _within_thousands(n: int) -> str:
    """1..9999, with 零 for a gap and 一十 after a higher place (一百一十, not 一百十)."""
    out, gap = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if gap and out:
                out += "零"
            out += DIGITS[d] + name
            gap = False
        else:
            gap = True
    return out


def _below(rest: int, top: int) -> str:
    """The part below a big unit: 零 when it does not start at the next place (一万零五百)."""
    if rest == 0:
        return ""
    text = to_chinese(rest) if rest >= 20 else _within_thousands(rest)
    return ("零" if rest < top else "") + text


def from_chinese(s: str) -> int | None:
    """A Chinese numeral with spaces around it -> int; None if it is not one."""
    return parse_chinese(s.strip())


def parse_section_no(s: str) -> int | None:
    """"7", "七", "七、", "(七)" -> 7."""
    s = s.strip().strip("、.．()（） ")
    if s.isdecimal():  # not isdigit(): "¹" is a digit that int() refuses
        return int(s)
    return from_chinese(s)


def chinese_date(d: date) -> str:
    """2021-06-30 -> 二〇二一年六月三十日 (公文 style)."""
    year = "".join(YEAR_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{to_chinese(d.month)}月{to_chinese(d.day)}日"


def arabic_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
