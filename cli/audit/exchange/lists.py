"""Circulars that sort their tasks by status and name them in lists:

    推进缓慢的有3(城区公办幼儿园建设、乡镇污水处理站建设、乡镇加油站建设),占目标任务的30%。
    其中,进度偏慢的3项分别是:改(新)建农村户用厕所、4座台站开展省级节目数字化覆盖、新增直播卫星用户。
    其中5项已完成,分别是:提高……报销比例(第五项)、实施高素质农民培训工程(第十一项)……
    一是已完成或达到时序进度以上的项目25个,占比达62.5%。分别为:城镇棚户区改造、农村危房改造……

Each named task becomes a task; its progress is the clause that names it (with the sentence before
when the list's own sentence only says "分别为"), so the group's words ("推进缓慢", "已完成") reach the
judgement. A list is read only when it is introduced as one, with a count ("有3(", "3项分别是",
"25个……。分别为"): a run of names with 、 in ordinary prose is not a list of tasks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from audit.exchange.words import REF_ANY_RE, fold, ref_number

_COUNT = r"(?:\d+|[一二三四五六七八九十两]+)\s*(?:项|个|件|类|条|家)"
# "有3(A、B)": the names in brackets right after the count
_PAREN_LIST = re.compile(r"有\s*(?:\d+|[一二三四五六七八九十两]+)\s*(?:项|个|件)?\s*\(")
# words that open a list once the count is said ("3项分别是:", "……的项目是", "未达到序时进度11项、占比20.0%,为")
_INTRO = re.compile(r"(?:分别(?:是|为)|主要(?:是|有|为)|具体(?:是|为)|包括|(?:的项目|的任务|的指标|事项)(?:是|为|有))\s*:?\s*"
                    r"|(?<=[项个件])\s*(?:为|是|有)\s*:\s*")
_WEAK_INTRO = re.compile(rf"{_COUNT}[^。;:]{{0,16}}?,\s*为\s*")
_QUOTED = re.compile(r"^[“\"][^“”\"]{1,80}[”\"]$")
_STATUS_TAIL = re.compile(r"(?<=\S{4})(?=已|正在|尚未)")
_CUT_WORDS = re.compile(r"等(?=[,，。;；]|$|(?:项目|任务|指标|工作)|均|都)")


@dataclass
class Named:
    """A task named in a list: its name as written, the "(第N项)" it carries, what the item adds."""

    name: str
    ref: int | None = None
    own: str = ""  # the item's own words after its name ("正在开展编制招标文件", "已竣工")
    text: str = ""  # the item as written


@dataclass
class Group:
    fragment: str  # the clause that names the tasks, verbatim: their progress text
    head: str  # the clause up to the list ("其中,已完成子项目7个,分别是"): with an item's own words, its progress
    items: list[Named]
    start: int = 0  # the clause's place in the paragraph
    end: int = 0


def groups(s: str, begin: int = 0) -> list[Group]:
    """The lists of tasks in a paragraph (original text) from `begin` on, in order; [] when it has none."""
    k = fold(s)
    out: list[Group] = []
    pos = begin
    while True:
        found = _next_list(k, pos)
        if found is None:
            return out
        a, b, closed = found
        items = _items(s[a:b], k[a:b], closed, _count_before(k, a))
        end = _clause_end(k, b + (1 if closed else 0))
        if items:
            start = max(begin, _clause_start(k, a))
            out.append(Group(s[start:end].strip(), s[start:a].strip(), items, start, end))
        pos = max(end, a + 1)


def _next_list(k: str, pos: int) -> tuple[int, int, bool] | None:
    """(start, end, bracketed) of the next introduced list after `pos`."""
    best = None
    for m in (_PAREN_LIST.search(k, pos), _INTRO.search(k, pos), _WEAK_INTRO.search(k, pos)):
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    a = best.end()
    if best.re is _PAREN_LIST:
        close = k.find(")", a)
        if close < 0:
            return None
        return a, close, True
    if not _counted(k, best.start()):
        return _next_list(k, best.end())
    end = _sentence_end(k, a)
    following = [m.start() for m in (_PAREN_LIST.search(k, a), _INTRO.search(k, a), _WEAK_INTRO.search(k, a)) if m]
    if following and min(following) < end:  # "……A、B;未完成的项目5个,分别是:C……": the next group starts a new list
        stop = k.rfind(";", a, min(following))
        stop = stop if stop > a else k.rfind(",", a, min(following))
        end = stop if stop > a else end
    return a, end, False


def _counted(k: str, at: int) -> bool:
    """A count said before the list: in its own sentence, or in the sentence before when the list's
    sentence starts with the introducer ("……项目25个,占比达62.5%。分别为:……")."""
    start = max(k.rfind("。", 0, at), k.rfind(";", 0, at)) + 1
    if re.search(_COUNT, k[start:at]):
        return True
    if len(k[start:at].strip()) > 16:  # "因某种原因调整的项目是": a few words may lead to the list
        return False
    prev = k.rfind("。", 0, max(0, start - 1)) + 1
    return bool(re.search(_COUNT, k[prev:start]))


def _sentence_end(k: str, a: int) -> int:
    end = k.find("。", a)
    return len(k) if end < 0 else end


def _clause_start(k: str, a: int) -> int:
    """Where the clause holding the list starts; the sentence before too when the list opens its sentence."""
    start = max(k.rfind("。", 0, a), k.rfind(";", 0, a), k.rfind("；", 0, a)) + 1
    if not re.sub(r"(?:分别(?:是|为)|主要(?:是|有|为)|具体(?:是|为)|包括|其中)[:,]?", "", k[start:a]).strip():
        start = max(k.rfind("。", 0, max(0, start - 1)), k.rfind(";", 0, max(0, start - 1))) + 1
    return start


def _clause_end(k: str, b: int) -> int:
    """The end of the clause the list is in: the words after the list up to the next ; or 。 belong to it
    ("……),占目标任务的30%", "……)推进缓慢")."""
    ends = [j for j in (k.find("。", b), k.find(";", b)) if j >= 0]
    return min(ends) + 1 if ends else len(k)


def _count_before(k: str, at: int) -> int | None:
    """The count said last before the list ("已完成子项目7个,分别是" -> 7)."""
    counts = re.findall(r"(\d+)\s*(?:项|个|件|类|条|家)", k[max(0, at - 40):at])
    return int(counts[-1]) if counts else None


def _items(s: str, k: str, bracketed: bool, count: int | None) -> list[Named]:
    """The names of a list's text (original, folded), or [] when it does not read as a list of tasks."""
    cut = _CUT_WORDS.search(k)
    if cut:
        s, k = s[:cut.start()], k[:cut.start()]
    parts = _split(s, k)
    if "、" not in k and ";" not in k and count and 1 < count < len(parts):
        parts = parts[:count]  # "……已完成,其他项目正按序时推进": the count says where the names stop
    if len(parts) < (1 if bracketed else 2) or any(not 2 <= len(p) <= 80 for p in parts):
        return []
    return [_named(p) for p in parts]


def _split(s: str, k: str) -> list[str]:
    """Names split on 、 and ；(and on , between quoted names: “A”,“B”); a list of names without 、 is
    split on commas ("已竣工,……已完成,")."""
    quoted = re.findall(r"[“\"][^“”\"]{1,80}[”\"]", s)
    if len(quoted) >= 2 or (quoted and _QUOTED.match(s.strip())):
        return [q.strip("“”\"") for q in quoted]
    if "、" in k or ";" in k:
        k = k.split(",")[0] if "、" in k.split(",")[0] else k
        pieces = re.split(r"[、;]", k)
    else:
        pieces = k.split(",")
    out, pos = [], 0
    for piece in pieces:
        i = s.find(piece, pos) if piece else -1
        text = s[i:i + len(piece)] if i >= 0 else piece
        pos = i + len(piece) if i >= 0 else pos
        text = re.sub(r"^(?:其中|和|及|以及)\s*[:,]?", "", text.strip()).strip()
        if text:
            out.append(text)
    return out


def _named(item: str) -> Named:
    ref = REF_ANY_RE.search(fold(item))
    if ref:
        name, own = item[:ref.start()].strip(), item[ref.end():].strip()
        return Named(name, ref_number(ref[1]), own, item)
    tail = _STATUS_TAIL.search(item)
    if tail:
        return Named(item[:tail.start()].strip(), None, item[tail.start():].strip(), item)
    return Named(item.strip(), None, "", item)
