"""A task's `deadline` (完成时限) and `milestones` (进度安排): fields to records, each phrase read against
the plan year, with a located problem for a phrase that cannot be read or a date that makes no sense."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from audit.core.dates import find_dates, read_date, split_items
from audit.core.model import Due
from audit.core.numerals import arabic_date

HOW = "可写 2021-09-30、9月底前、三季度末、上半年、年底前；没有时限的写 长期坚持、常态化。"


def read_dates(ctx: Any, t: dict, path: tuple, year: int) -> tuple[Due | None, tuple[Due, ...]]:
    """The task's deadline and milestones (`ctx` collects problems, as schema's builder does)."""
    deadline = _deadline(ctx, t, path, year)
    milestones = _milestones(ctx, t, path, year)
    if deadline is not None and deadline.date is not None:
        for i, m in enumerate(milestones):
            if m.date is not None and m.date > deadline.date:
                ctx.bad(path + ("milestones",), f"进度安排第 {i + 1} 项 “{m.text}”（{arabic_date(m.date)}）晚于完成时限 "
                        f"“{deadline.text}”（{arabic_date(deadline.date)}）。请核对日期，或把完成时限改为最后一个节点的日期。", t)
    return deadline, milestones


def _text(v: Any) -> str | date | None:
    """A date written as a date, or the words as written; None when it is neither."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (str, int)):
        return str(v).strip()
    return None


def _due(ctx: Any, owner: dict, key: str, path: tuple, year: int, what: str = "", label: str = "完成时限") -> Due | None:
    """One date field (a deadline, or a milestone's `due`) as a Due; a problem when it cannot be read."""
    v = _text(owner[key])
    if v is None:
        ctx.bad(path + (key,), f"应为日期或文字（{HOW}），实际为{_kind(owner[key])}。", owner)
        return None
    source = ctx.src(owner)
    if isinstance(v, date):
        due = Due(v.isoformat(), v, what, "registry", source)
    else:
        r = read_date(v, year)
        if r.problem:
            if year:  # without a plan year, meta already carries the problem
                ctx.bad(path + (key,), f"{label} “{v}” {r.problem}。{HOW}", owner)
            return None
        due = Due(v, r.date, what, "registry", source)
    if due.date is not None and year and due.date.year < year:
        ctx.bad(path + (key,), f"{label} “{due.text}”（{arabic_date(due.date)}）早于计划年度 {year} 年。请核对年份。", owner)
    return due


def _kind(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return "一个列表"
    if isinstance(v, dict):
        return "一组键值"
    return "空值" if v is None else f"“{v}”"


def _deadline(ctx: Any, t: dict, path: tuple, year: int) -> Due | None:
    if t.get("deadline") is None:
        return None
    return _due(ctx, t, "deadline", path, year)


def _milestones(ctx: Any, t: dict, path: tuple, year: int) -> tuple[Due, ...]:
    raw = t.get("milestones")
    if raw is None:
        return ()
    if isinstance(raw, str):
        return tuple(_from_text(ctx, t, path + ("milestones",), raw, year))
    if not isinstance(raw, list):
        ctx.bad(path + ("milestones",), "应为一段文字（①3月底前完成立项；②6月底前开工）或列表（每项 due、what）。", t)
        return ()
    out: list[Due] = []
    for j, item in enumerate(raw):
        ip = path + ("milestones", j)
        if isinstance(item, str):
            out += _from_text(ctx, raw, ip, item, year)
        elif isinstance(item, dict):
            got = _from_map(ctx, item, ip, year)
            if got is not None:
                out.append(got)
        else:
            ctx.bad(ip, "每项应为 {due: 日期, what: 做什么}，或一段文字如 “6月底前开工”。", raw)
    return tuple(out)


def _from_map(ctx: Any, item: dict, path: tuple, year: int) -> Due | None:
    for k in item:
        if k not in ("due", "what"):
            ctx.bad(path + (k,), f"不认识的字段 “{k}”。进度安排的每项只有 due（日期）和 what（做什么）。", item, at_key=True)
    what = item.get("what")
    if what is None or not str(what).strip():
        ctx.bad(path + ("what",), "缺少 what（这个节点要做到什么，如 开工）。", item)
        return None
    if item.get("due") is None:
        ctx.bad(path + ("due",), f"缺少 due（节点日期）。{HOW}", item)
        return None
    return _due(ctx, item, "due", path, year, str(what).strip(), "节点日期")


def _from_text(ctx: Any, owner: Any, path: tuple, text: str, year: int) -> list[Due]:
    """①3月底前完成立项；②6月底前开工 -> one Due per item, the date phrase taken out of its words."""
    out = []
    for n, words in enumerate(_parts(text, year), 1):
        r = read_date(words, year)
        if r.problem:
            if year:
                ctx.bad(path, f"进度安排第 {n} 项 “{words}” {r.problem}。每项写明日期，如 ①3月底前完成立项；"
                        "②6月底前开工；常年性的工作写 每月、长期坚持。", owner)
            continue
        dated = [p for p in find_dates(words, year) if p.date is not None]
        if dated:  # the date (a span 7月1日至8月31日 whole) taken out of what is to be done
            when, what = words[dated[0].start:dated[-1].end], words[:dated[0].start] + words[dated[-1].end:]
        else:  # a standing duty (每月上报…) keeps all its words: the open word is part of what is to be done
            when, what = r.phrase, words
        out.append(Due(when, r.date, _trim(what), "registry", ctx.src(owner)))
    return out


_SPAN = ("至", "到", "—", "－", "-", "~", "～")


def _parts(text: str, year: int) -> list[str]:
    """The items of a schedule; an item naming several dates ("10月底前主体完工，12月底前竣工验收") is
    cut before each date after the first, so every milestone keeps its own date."""
    out = []
    for item in split_items(text):
        dated = [p for p in find_dates(item.text, year) if p.date is not None]
        # 3月31日至6月30日 is one span, due at its end: no cut between its two dates
        cuts = [b.start for a, b in zip(dated, dated[1:])
                if item.text[a.end:b.start].strip() not in _SPAN and not b.text.startswith(_SPAN)]
        for a, b in zip([0, *cuts], [*cuts, len(item.text)]):
            if item.text[a:b].strip(" ，,、;；。"):
                out.append(item.text[a:b])
    return out


def _trim(words: str) -> str:
    """The words of a milestone without the punctuation its date phrase left behind."""
    return words.strip(" \t\n,，、:：;；。()（）")
