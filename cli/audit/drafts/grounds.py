"""Why the draft calls a task behind: the judgement's own figures and the report's own words.

A draft states only what the judgement checked and used for its call, each with the sentence of
the progress text it came from: the completion ratio the call rests on (the target whose ratio it
is, or the ratio the report states), a level not reached, and the clauses whose words made the
call (暂无进展, 暂缓, 正在等待…), and a date passed unmet (应于6月底前开工, as the registry's
milestones and deadline say). A figure the judgement checked but did not use (a second target
further ahead, or behind but not the one the ratio is) is not stated; a figure no sentence backs
is not stated either. Quoted words are whole clauses, never a phrase cut out of one.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from audit.core.labels import STATUS_LABELS
from audit.core.typeset import clause_around, quote
from audit.drafts.filters import f_num, f_pct, f_points
from audit.report.reports import missed_words

# Evidence whose words make a call of their own (see docs/method.md); "weak_stall" does not.
WORD_KINDS = ("stall", "delay", "no_change", "later", "preparatory")
_CMP_WORDS = {">=": "以上", "<=": "以内", "~": "左右", "=": ""}
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


class Ground(NamedTuple):
    """One reason for a call: what the draft says, and the sentence of the report it rests on."""

    kind: str  # "figure", "words", "date", "mismatch", "manual", "unassessed"
    says: str
    sentence: str = ""


def grounds(row: dict, pace_words: str = "序时进度") -> list[Ground]:
    """The reasons a task is not done or on pace, as the draft states them (empty when it is)."""
    status = row["status"]
    if status in ("completed", "on_track"):
        return []
    if status == "unassessed":
        return [_unassessed(row)]
    if row.get("basis") == "manual":
        return [_manual(row)]
    found = _figures(row, pace_words) + _words(row) + [Ground("date", words) for words in missed_words(row)]
    if "data_mismatch" in row["flags"]:
        sentence = next((e["sentence"] for e in row["evidence_detail"] if e["kind"] == "mismatch"), "")
        found.append(Ground("mismatch", "数据不一致", sentence))
    return found


def used_target(row: dict) -> dict | None:
    """The target whose completion ratio is the task's (the judgement takes the lowest), if any."""
    ratio = row["ratio"]
    if ratio is None:
        return None
    for c in row["targets"]:
        if c["kind"] == "cumulative" and c["ratio"] is not None and abs(c["ratio"] - ratio) < 1e-4:
            return c
    return None


def verdict(row: dict, found: list[Ground]) -> str:
    """The bracketed call after a task that is not on track, e.g. 【滞后：…完成45%，低于序时进度5个百分点】."""
    if row["status"] in ("completed", "on_track"):
        return ""
    label = STATUS_LABELS[row["status"]]
    said = list(dict.fromkeys(g.says for g in found if g.says))
    if not said and row["reasons"]:
        said = [row["reasons"][0]]  # the judgement's own account, whole, when the row holds nothing to quote
    return f"【{label}：{'；'.join(said)}】" if said else f"【{label}】"


def _figures(row: dict, pace_words: str) -> list[Ground]:
    out = []
    ratio, gap = row["ratio"], row["gap"]
    if ratio is not None and gap is not None and gap < 0:
        behind = f"完成{f_pct(ratio)}，低于{pace_words}{f_points(gap)}个百分点"
        target = used_target(row)
        if target is not None and target["sentence"]:
            out.append(Ground("figure", target["metric"] + behind, target["sentence"]))
        else:
            sentence = _stated(row, ratio)
            if sentence:
                out.append(Ground("figure", behind, sentence))
    for c in row["targets"]:
        if c["kind"] == "level" and c["met"] is False and c["sentence"]:
            wanted = f"{_num_range(c)}{c['unit']}{_CMP_WORDS.get(c['cmp'], '')}"
            out.append(Ground("figure", f"{c['metric']}{f_num(c['actual'])}{c['actual_unit']}，目标{wanted}，未达到",
                              c["sentence"]))
    return out


def _num_range(c: dict) -> str:
    return f_num(c["value"]) if c.get("high") is None else f"{f_num(c['value'])}-{f_num(c['high'])}"


def _stated(row: dict, ratio: float) -> str:
    """The sentence that states the ratio the call rests on (完成总任务的45.69%), or a gap to the pace."""
    for e in row["evidence_detail"]:
        if e["kind"] == "stated_ratio" and any(abs(float(v) / 100 - ratio) < 1e-4 for v in _PERCENT.findall(e["phrase"])):
            return e["sentence"]
    return next((e["sentence"] for e in row["evidence_detail"] if e["kind"] == "gap"), "")


def _words(row: dict) -> list[Ground]:
    kinds = ("stall",) if row["status"] == "stalled" else WORD_KINDS
    found = [e for e in row["evidence_detail"] if e["kind"] in kinds and e["sentence"]]
    if not found and row["status"] == "stalled":
        found = [e for e in row["evidence_detail"] if e["kind"] in WORD_KINDS and e["sentence"]]
    out, seen = [], set()
    for e in found:
        clause = clause_around(e["sentence"], e["phrase"])
        if clause not in seen:
            seen.add(clause)
            out.append(Ground("words", quote(clause), e["sentence"]))
    return out


def _unassessed(row: dict) -> Ground:
    if "unreported" in row["flags"]:
        return Ground("unassessed", "未报送")
    pending = next((e for e in row["evidence_detail"] if e["kind"] == "pending" and e["sentence"]), None)
    if pending is not None:
        return Ground("unassessed", "结果尚未出来，" + quote(clause_around(pending["sentence"], pending["phrase"])),
                      pending["sentence"])
    return Ground("unassessed", "进展情况未写明本期具体进展")


def _manual(row: dict) -> Ground:
    note = next((e["sentence"] for e in row["evidence_detail"] if e["kind"] == "manual" and e["sentence"]), "")
    return Ground("manual", "人工认定" + (f"：{note}" if note else ""))
