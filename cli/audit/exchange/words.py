"""The words and marks circulars are read by: numbering, labels, units, web furniture, closings, dates.

Recognition works on a folded copy of each line (full-width ASCII made half-width, so （一） ，： １．
read like (一) ,: 1.). The folding is one character for one character, so offsets found on the copy
cut the original line: what is imported is kept exactly as written.
"""
from __future__ import annotations

import re
from datetime import date

from audit.core.numerals import parse_chinese, to_chinese
from audit.exchange.documents import CELL_BREAK

LABELS = ("进展情况", "完成情况", "落实情况", "工作进展", "推进情况", "进展")
MAX_ORDINAL = 99  # 一、 … 九十九、: a heading's or an item's number; 二〇二一 is a year, not an ordinal

# Full-width ASCII -> half-width, ideographic and no-break space -> space: one char for one char.
_FOLD = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "\u3000": " ", "\xa0": " "})


def fold(s: str) -> str:
    """The recognition copy of a line: same length, full-width ASCII made half-width."""
    return s.translate(_FOLD)


_L = "|".join(LABELS)
SECTION_RE = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.]\s*(.*)$")
SUB_RE = re.compile(r"^\(\s*([一二三四五六七八九十]{1,3})\s*\)\s*[、.]?\s*(.*)$")
# No ceiling on a task's number: a provincial circular runs to thousands (a year, "2021.", is never
# followed by a task's text, and a decimal "3.5" never matches).
TASK_RE = re.compile(r"^(\d+)\s*[.、](?!\d)\s*(.*)$")
# "(1)……" / "（1）……": a task numbered in brackets (a county's paragraph-per-task layout)
PAREN_TASK_RE = re.compile(r"^\(\s*(\d+)\s*\)\s*[、.]?\s*(.*)$")
_REF = r"第\s*(\d+|[一二三四五六七八九十百零〇]+)\s*项"
REF_HEAD_RE = re.compile(rf"^[(\[【]\s*{_REF}\s*[)\]】]\s*(.*)$")
# "第12项　……" / "第12项：……": the task's number in the work report, written without brackets
REF_BARE_RE = re.compile(rf"^{_REF}\s*[:、.\s]\s*(\S.*)$")
REF_TAIL_RE = re.compile(rf"^(.*?)\s*[(\[【]\s*{_REF}\s*[)\]】]\s*[。.;]?$")
# "地区生产总值(第1项):增长6.1%……": the reference, then the progress after a colon on the same line
REF_COLON_RE = re.compile(rf"[(\[【]\s*{_REF}\s*[)\]】]\s*:\s*")
REF_ANY_RE = re.compile(rf"[(\[【]\s*{_REF}\s*[)\]】]")
LABEL_RE = re.compile(rf"^(?:[\[【]\s*({_L})\s*[\]】]\s*:?|({_L})\s*:)\s*(.*)$")
INLINE_LABEL_RE = re.compile(rf"(?:(?<=[。;,.!?)\]】])|(?<=\s))\s*(?:[\[【]\s*({_L})\s*[\]】]\s*:?|({_L})\s*:)")
SENTENCE_END = tuple("。;.!?")
# Markers some circulars put before a task's number: ★ for tasks a leader supervises in person, ● or ■ as bullets.
MARK_RE = re.compile(r"^[★☆●○■□◆◇▲△※]+\s*(?=[(\[【]?\s*(?:\d|第))")
# Where a report's own words start after a goal written without a label ("……新开工亿元以上产业项目100个。上半年,
# 引进……"): the period or the moment the report speaks of.
OPENER_RE = re.compile(r"^(?:(?:今年|本年度|年初|全年)?(?:上半年|下半年|一季度|二季度|三季度|前三季度|四季度|第[一二三四]季度)"
                       r"|(?:今年)?\d{1,2}\s*[-—–~至到]\s*\d{1,2}\s*月份?|\d{1,2}\s*月(?:份|底|末|中旬|上旬|下旬)?[,，]"
                       r"|截至|截止|目前|今年以来|年初以来|本季度|本期|当前)")

# Web page furniture: whole lines that are never part of a circular.
JUNK_RE = re.compile(
    r"^(?:热词搜索\s*:?.*|分享到\s*:?.*|扫一扫.*|[【\[]?\s*(?:打印(?:本页|此页)?|关闭(?:本页|窗口)?|收藏|返回顶部)\s*[】\]]?"
    r"|(?:[【\[]\s*)?(?:打印|关闭)(?:本页|窗口)?\s*[】\]]?\s*[【\[]\s*(?:打印|关闭)(?:本页|窗口)?\s*[】\]]?"
    r"|打印\s+收藏|字\s*号\s*:?.*|[【\[]?\s*(?:字体\s*:?\s*)?大\s*中\s*小\s*[】\]]?|(?:上|下)一篇\s*:?.*|相关(?:链接|文章|阅读)\s*:?.*"
    r"|(?:当前|您的|所在|您现在所在的)位置\s*:.*|首页\s*[>»›].*|浏览次数\s*:.*|访问次数\s*:.*|责任编辑\s*:.*"
    r"|(?:\.{0,2}/)?[\w./%-]+\.(?:s?html?|jsp|php|aspx?)|(?:[\w ]{0,12}:\s*)?https?://\S+.*"
    r"|\|+|立即下载|电脑桌面|\(此件公开发布\)|\(此件主动公开\))$"
)
# Labelled fields of a government site's information box (信息公开目录).
META_KEY_RE = re.compile(
    r"(索\s*引\s*号|文\s*号|主\s*题\s*分\s*类|发\s*布\s*机\s*构|名\s*称|标\s*题|发\s*布\s*日\s*期|成\s*文\s*日\s*期|发\s*布\s*时\s*间"
    r"|有\s*效\s*性|发\s*文\s*机\s*关|发\s*文\s*字\s*号|主\s*题\s*词|信\s*息\s*来\s*源|来\s*源|作\s*者|生\s*效\s*日\s*期"
    r"|组\s*配\s*分\s*类|体\s*裁\s*分\s*类|阅\s*读|浏\s*览|日\s*期|时\s*间|source)\s*:"
)
# A page's date line before the title or under it: "2021-11-30 来源:市政府办", "2018-12-17 10:30:42 字号:"
DATED_LINE_RE = re.compile(r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:$|(?=\S+\s*:))")
DOC_NO_RE = re.compile(r"^[^\s]{1,12}〔\d{4}〕\s*\d+\s*号$|^[^\s]{1,12}\[\d{4}\]\s*\d+\s*号$")
END_RE = re.compile(r"^(?:附\s*件\s*\d*\s*(?::|$|[.、])|附\s*:|抄\s*送\s*:|抄\s*报\s*:|分享到|报\s*:|送\s*:)")
# Parts of a circular that report on no task: the summary before the tasks, the problems and the next
# steps after them ("一、总体情况", "三、存在的问题", "四、下步工作要求"). Their numbered points are not tasks.
_ASIDE_WORD = (r"(?:(?:总体|基本|整体)(?:进展|推进|完成)?情况|存在的?(?:主要)?(?:问题|困难|不足)|主要(?:问题|困难|不足)|问题|不足|困难"
               r"|下一?步(?:工作)?(?:打算|安排|要求|计划|措施|重点|建议|思路)?|(?:工作|有关|几点|整改|意见)(?:要求|建议)|建议)")
# the whole title is such words ("存在问题及下一步工作打算"), so "主要困难群众保障" stays a part with tasks
# (a time before the words is still such a title: "下半年工作要求", "下阶段工作打算")
ASIDE_TITLE_RE = re.compile(rf"^(?:下半年|下阶段|下一阶段|今后|后期|明年|下年度|四季度)?{_ASIDE_WORD}(?:[和及与、]{_ASIDE_WORD})*[。.:]?$")
ASIDE_REASON = "通报的总体情况、存在问题、下步工作等部分，不是任务"
# A paragraph that turns to the recipients ("请各责任处室……", "各单位要……") closes the circular: it is not
# the last task's progress.
_RECIPIENTS = r"各(?:有关|相关|责任|牵头)?(?:单位|部门|处室|科室|地|县|市|区|乡镇|街道|园区)"
CLOSING_RE = re.compile(rf"^(?:请各|望各|希望各|{_RECIPIENTS}[^,。;]{{0,12}}?要"
                        r"|(?:下一步|下步|下阶段|下一阶段)(?:工作)?(?:要求|打算|安排|重点)?\s*[,，:：])")
# ... and so does one that asks the recipients anywhere ("……距年底仅剩两个月，请各责任单位……"), or that
# opens on the whole picture and speaks of all the units or tasks ("从督查情况看，各责任单位……").
CLOSING_ASK_RE = re.compile(rf"(?:请|望|希望){_RECIPIENTS}")
# Outside any task's text (a circular sorted by status), a paragraph that tells the units what they must
# do is its closing too ("……各相关部门要以人民为中心……", "进度慢序时的项目责任单位主要领导要高度重视").
DIRECTIVE_RE = re.compile(rf"{_RECIPIENTS}[^,，。;；]{{0,8}}要|(?:单位|部门)[^,，。;；]{{0,8}}要(?:高度重视|切实|进一步|加快|认真)|强调")
CLOSING_OVERVIEW_RE = re.compile(r"^(?:从[^，,。；;]{0,10}(?:情况|督查|总体|整体)[^，,。；;]{0,4}看"
                                 r"|总的(?:来)?看|总体(?:来|上)?看|总体而言|综上)")
CLOSING_WHOLE_RE = re.compile(rf"{_RECIPIENTS}|(?:大部分|大多数|多数|部分|各项)(?:重点)?(?:工作)?任务")
# What a paragraph that names tasks in lists may hold besides them: a summary ("已提前完成的有3项"), or
# the structure of tasks it was not read as ("1.职教园拆迁项目……项目进展情况:……"), which is not read.
TASKLIKE_RE = re.compile(r"(?:^|[。;:,])\s*(?:\d+\s*[.、](?!\d)\S|[一二三四五六七八九十]+、|\(\s*[一二三四五六七八九十]+\s*\))"
                         r"|(?:进展情况|完成情况|推进情况)\s*:")
# Who to ask about a notice (公示的联系人、电话): the page's furniture, not a task.
CONTACT_RE = re.compile(r"联系(?:人|电话|地址|方式)\s*:|异议")


def closes_circular(k: str) -> bool:
    """Is this paragraph the circular's closing (to the recipients, on the whole), not a task's progress?"""
    return bool(CLOSING_RE.match(k) or CLOSING_ASK_RE.search(k)
                or (CLOSING_OVERVIEW_RE.match(k) and CLOSING_WHOLE_RE.search(k)))


def cn_number(s: str) -> int | None:
    """一 -> 1 … 九十九 -> 99: a heading's or an item's ordinal; None for anything else."""
    n = parse_chinese(s)
    return n if n is not None and 1 <= n <= MAX_ORDINAL and len(s) <= 3 else None


def ref_number(s: str) -> int | None:
    """The N of "第N项": 22 or 二十二."""
    s = s.strip()
    return int(s) if s.isdigit() else parse_chinese(s)


def sentence_ended(k: str) -> bool:
    return k.rstrip().endswith(SENTENCE_END)


# ----------------------------------------------------------------------------- dates

DATE_RE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
DATE_LINE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$|^((?:19|20)\d{2})(\d{2})(\d{2})$")
CN_DATE_LINE_RE = re.compile(r"^([〇零○O一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
                             r"\s*([一二三四五六七八九十]{1,3})\s*日$")


def parse_date(k: str) -> date | None:
    m = DATE_RE.search(k)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def date_line(k: str) -> date | None:
    """A line that is only a date (the signature's): 2021年7月5日, 二〇二一年七月五日, 20210705."""
    k = k.replace(" ", "")
    m = DATE_LINE_RE.match(k)
    try:
        if m:
            g = [x for x in m.groups() if x is not None]
            return date(int(g[0]), int(g[1]), int(g[2]))
        m = CN_DATE_LINE_RE.match(k)
        if m:
            return date(cn_year(m[1]), parse_chinese(m[2]), parse_chinese(m[3]))
    except (ValueError, KeyError, TypeError):
        return None
    return None


def cn_year(s: str) -> int:
    """二〇二二 -> 2022 (a letter O typed for 〇 too)."""
    return parse_chinese(s.replace("O", "〇"))


def meta_fields(s: str, k: str) -> dict[str, str]:
    """`索引号 : x 发布机构: y` -> {"索引号": "x", "发布机构": "y"} (values from the original line)."""
    hits = list(META_KEY_RE.finditer(k))
    out = {}
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(s)
        out[re.sub(r"\s+", "", m[1])] = s[m.end():end].strip()
    return out


# ----------------------------------------------------------------------------- units after a goal

# "（责任单位：县发改局）" or "(牵头单位：X；配合单位：Y、Z)" after a goal, such a line of its own, or such a
# label after the goal's last sentence on the same line ("……3000户以上。牵头单位：县市场监管局").
UNIT_WORDS = r"(?:责任单位|牵头单位|责任部门|牵头部门|主责单位|责任领导及单位|责任处室|牵头处室|责任科室|牵头科室)"
HELP_WORDS = r"(?:配合单位|协办单位|参与单位|配合部门)"
_UNITS_TAIL = re.compile(r"[(]\s*(?P<body>" + UNIT_WORDS + r"\s*:[^()]*)[)]\s*(?P<end>[。.;；]?)\s*$|(?:^|\n|(?<=[。;.!?]))\s*(?P<line>"
                         + UNIT_WORDS + r"\s*:.*)$")


def split_units(goal: str) -> tuple[str, dict | None]:
    """Take the responsible units written after a goal out of it: (goal without them, units)."""
    m = _UNITS_TAIL.search(fold(goal))
    if not m:
        return goal, None
    group = "body" if m.group("body") is not None else "line"
    body = goal[m.start(group):m.end(group)]
    parts = re.split(r"[;；,，]?\s*(?=" + HELP_WORDS + ")", body, maxsplit=1)
    lead_part, help_part = parts[0], (parts[1] if len(parts) > 1 else "")
    units: dict[str, list[str]] = {}
    lead = unit_names(re.sub(r"^" + UNIT_WORDS + r"\s*[:：]", "", lead_part.strip()))
    if lead:
        units["lead"] = lead
    if help_part:
        others = unit_names(re.sub(r"^" + HELP_WORDS + r"\s*[:：]", "", help_part.strip()))
        if others:
            units["others"] = others
    # "……1500个（责任单位：……）。": the sentence's full stop, after the bracket, stays with the goal
    end = "。" if m.group("end") else ""
    return goal[: m.start()].rstrip() + end, units or None


def unit_names(s: str) -> list[str]:
    """"县发改局、县财政局；各乡镇" -> the names, split on 、，,；; and spaces."""
    return [x for x in re.split(r"[、,，;；\s" + CELL_BREAK + r"]+", s.strip()) if x]


# ----------------------------------------------------------------------------- 一是……二是……

def ordinal_items(k: str, first: int) -> list[tuple[int, int, int]]:
    """(n, start, end) of each "N是" item of a folded line that begins with the ordinal `first`: the items
    follow one another in order, each marker at the line's start or after a ；/。 (so 十一是 is not 一是)."""
    marker = to_chinese(first) + "是" if 1 <= first <= MAX_ORDINAL else ""
    if not marker or not k.startswith(marker):
        return []
    found = [(first, 0)]
    n, pos = first + 1, len(marker)
    while n <= MAX_ORDINAL:
        marker = to_chinese(n) + "是"
        j = pos
        while True:
            j = k.find(marker, j)
            if j < 0 or k[:j].rstrip()[-1:] in ("。", ";", "；"):
                break
            j += 1
        if j < 0:
            break
        found.append((n, j))
        n, pos = n + 1, j + len(marker)
    ends = [j for _, j in found[1:]] + [len(k)]
    return [(n, j + len(to_chinese(n)) + 1, end) for (n, j), end in zip(found, ends)]


def title_score(k: str) -> int:
    """How much a line reads like a circular's title (0: not at all); ties go to the earlier line."""
    k = k.replace(" ", "")
    score = ("关于" in k) + any(w in k for w in ("通报", "情况", "报告", "公示")) + (len(k) >= 12)
    return score if score >= 2 else 0
