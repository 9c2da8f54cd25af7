"""What a table's column holds, read from the words of its header: 序号, 重点任务, 牵头市领导,
牵头单位, 配合单位, 完成时限, 进度安排, 进展情况 … in any order, spelt the ways offices spell them.

Both the circular importer (tables of progress) and the 分解方案 importer (tables of tasks) read
columns here, so one office's header means the same thing to both.
"""
from __future__ import annotations

import re
import unicodedata

from audit.exchange.words import LABELS

# role -> header words, the more specific first. A header is matched whole first, then by the words it
# contains ("1-11月推进情况", "责任主体与协同单位", "牵头 单位").
ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id", ("序号", "编号", "项目编号", "任务编号", "序")),
    ("leader", ("牵头市领导", "责任市领导", "分管市领导", "牵头县领导", "责任县领导", "分管县领导", "牵头区领导",
                "责任领导", "分管领导", "牵头领导", "市领导", "县领导", "区领导", "领导")),
    ("others", ("配合单位", "协办单位", "责任主体", "参与单位", "配合部门", "协同单位", "协作单位", "配合")),
    ("lead", ("牵头单位", "责任单位", "主办单位", "牵头部门", "责任部门", "主责单位", "承办单位", "牵头责任单位")),
    ("milestones", ("进度安排", "时间节点", "节点安排", "序时安排", "工作进度安排", "推进计划", "进度计划", "时序安排")),
    ("deadline", ("完成时限", "完成时间", "完成期限", "办结时限", "时限要求", "时限")),
    ("progress", LABELS + ("推进情况", "形象进度", "完成情况及进度")),
    ("category", ("类别", "分类", "领域", "板块", "所属部分", "重点领域", "工作类别", "任务类别", "方面")),
    ("goal", ("重点任务", "工作任务", "目标任务", "工作事项", "主要任务", "任务内容", "工作内容", "重点工作", "具体任务",
              "工作目标", "主要内容", "任务", "目标", "项目名称", "事项")),
)
# a period's own aim ("一季度目标", "本期目标") says more about the progress; it is not the task
_PERIOD_AIM = re.compile(r"(?:季度|半年|\d+月|月份|本期|阶段|年度计划)(?:工作)?目标")


def plain(header: object) -> str:
    """Full-width made half-width, no spaces or line breaks, no bracketed notes: "牵头\n单位（盖章）" -> "牵头单位"."""
    s = unicodedata.normalize("NFKC", str(header or ""))
    s = re.sub(r"[(\[【][^)\]】]*[)\]】]", "", s)
    return re.sub(r"[\s\u2028*:：]+", "", s)


def role(header: object) -> str | None:
    """The role of a column from its header's words, or None."""
    h = plain(header)
    if not h or len(h) > 24:
        return None
    for name, words in ROLES:
        if h in words:
            return name
    if _PERIOD_AIM.search(h):
        return "aim"
    for name, words in ROLES:
        if name == "id":
            continue
        if any(w in h for w in words if len(w) >= 2) and (name != "lead" or "领导" not in h):
            return name
    return None


def roles(headers: list[object]) -> dict[str, list[int]]:
    """Role -> the indexes of the columns that have it, left to right."""
    out: dict[str, list[int]] = {}
    for j, h in enumerate(headers):
        r = role(h)
        if r:
            out.setdefault(r, []).append(j)
    return out


def looks_like_header(headers: list[object]) -> bool:
    """A row that names a task's columns: a goal column and at least one other the tools read."""
    found = roles(headers)
    return "goal" in found and bool({"id", "lead", "leader", "deadline", "milestones", "progress", "others"} & set(found))
