"""Chinese numerals for display and for section numbers (1 -> 一, 23 -> 二十三; 二〇二一年六月三十日)."""
from __future__ import annotations

from datetime import date

DIGITS = "零一二三四五六七八九"
_VAL = {c: i for i, c in enumerate(DIGITS)} | {"两": 2, "〇": 0, "○": 0}


def to_chinese(n: int) -> str:
    """Integer (0..9999) -> Chinese numeral as used in headings: 10 -> 十, 23 -> 二十三, 105 -> 一百零五."""
    if n < 0:
        return "负" + to_chinese(-n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + DIGITS[rest] if rest < 10 else (_tens_full(rest)))
        return DIGITS[n // 100] + "百" + tail
    if n < 10000:
        rest = n % 1000
        tail = "" if rest == 0 else ("零" + to_chinese(rest) if rest < 100 else to_chinese(rest))
        return DIGITS[n // 1000] + "千" + tail
    return str(n)


def _tens_full(n: int) -> str:  # inside hundreds, 10..19 is 一十…
    return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")


def from_chinese(s: str) -> int | None:
    """Chinese numeral (up to thousands) -> int; None if it is not one."""
    s = s.strip()
    if not s:
        return None
    if all(c in _VAL for c in s) and len(s) > 1 and "十" not in s:
        return int("".join(str(_VAL[c]) for c in s))  # digit-by-digit: 二〇二一
    total, cur = 0, 0
    for c in s:
        if c in _VAL:
            cur = _VAL[c]
        elif c in "十百千":
            mult = {"十": 10, "百": 100, "千": 1000}[c]
            total += (cur or 1) * mult
            cur = 0
        else:
            return None
    return total + cur


def parse_section_no(s: str) -> int | None:
    """"7", "七", "七、", "(七)" -> 7."""
    s = s.strip().strip("、.．()（） ")
    if s.isdecimal():  # not isdigit(): "¹" is a digit that int() refuses
        return int(s)
    return from_chinese(s)


def chinese_date(d: date) -> str:
    """2021-06-30 -> 二〇二一年六月三十日 (公文 style)."""
    year = "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year))
    return f"{year}年{to_chinese(d.month)}月{to_chinese(d.day)}日"


def arabic_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
