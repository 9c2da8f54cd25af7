"""How a call was made, for `audit show N --explain`: the facts read from the task's report and every
rule in order, with why it decided or did not (plain data, in Chinese; pure)."""
from __future__ import annotations

from typing import NamedTuple

from audit.core.dates import due_words
from audit.core.labels import STATUS_LABELS
from audit.core.model import Assessment, Meta, Task
from audit.judge.assess import assessment
from audit.judge.facts import Facts
from audit.judge.figures import fmt_num, fmt_pct, target_words
from audit.judge.lexicon import Lexicon, default_lexicon
from audit.judge.reading import quantities, sentences
from audit.judge.rules import RULES, Verdict

_SCOPES = {"task": "说的是这项任务", "part": "说的是其中一部分", "list": "引出或收束一份任务清单",
           "count": "说的是一批任务的个数", "class": "说的是一类任务", "word": "不在清单中，不据此判断"}
_PACES = {"trajectory": "台账的分期目标", "span": "跨年度目标的分年进度", "months": "按月", "days": "按天"}


class Step(NamedTuple):
    """One rule as it applied to the task: did it decide, and why or why not."""

    name: str
    title: str
    fired: bool  # it would decide the task on its own
    decided: bool  # it is the first that fired: the call is its
    why: str
    status: str = ""


class Explanation(NamedTuple):
    facts: tuple[tuple[str, str], ...]  # (what, as read)
    steps: tuple[Step, ...]
    assessment: Assessment

    def as_dict(self) -> dict:
        return {"facts": [{"what": w, "read": r} for w, r in self.facts],
                "rules": [s._asdict() for s in self.steps]}


def explain(task: Task, meta: Meta, period_id: str, lexicon: Lexicon | None = None) -> Explanation:
    """Every rule of RULES applied to the task in order (not only up to the one that decides)."""
    f = Facts(task, meta, period_id, lexicon or default_lexicon())
    steps, decided = [], None
    for r in RULES:
        v = r(f)
        fired = isinstance(v, Verdict)
        first = fired and decided is None
        if first:
            decided = (r.__name__, v)
        why = _verdict_words(v) if fired else v
        steps.append(Step(r.__name__, r.title, fired, first, why, v.status if fired else ""))
    assert decided is not None
    return Explanation(tuple(facts_read(f)), tuple(steps), assessment(f, *decided))


def _verdict_words(v: Verdict) -> str:
    said = "；".join(v.reasons) if v.reasons else "按上面读到的数字"
    return f"→{STATUS_LABELS[v.status]}：{said}"


def facts_read(f: Facts) -> list[tuple[str, str]]:
    """What was read from the task's goal and report, one line each."""
    out = [("序时进度", f"{fmt_pct(f.pace)}（{_PACES.get(f.pace_kind, f.pace_kind)}）")]
    if f.entry is None or not f.text.strip():
        return out + [("进展", "本期没有进展文字")]
    out.append(("句子", f"{len(sentences(f.text))} 句"))
    qs = quantities(f.text, f.lex)
    out.append(("带单位的数字", "、".join(f.text[q.start:q.end] for q in qs) if qs else "无"))
    out += _targets(f)
    out += _stated(f)
    out += _words(f)
    out += _dates(f)
    return out


_DUE_STATES = {"met": "已做到", "missed": "已过期，未见做到", "upcoming": "未到期", "undated": "没有日期"}


def _dates(f: Facts) -> list[tuple[str, str]]:
    """The deadline and milestones (judge/deadlines.py) at the as-of date."""
    return [("完成时限" if c.kind == "deadline" else "进度节点", f"{due_words(c.due)}{c.due.what}：{_DUE_STATES[c.state]}")
            for c in f.dates()]


def _targets(f: Facts) -> list[tuple[str, str]]:
    out = []
    for c in f.figures.checks:
        t = c.target
        origin = "台账填写" if t.origin == "registry" else "从目标原文识别"
        kind = "累计量" if t.kind == "cumulative" else "水平值"
        found = "未找到对应的数字" if c.actual is None else f"实际 {fmt_num(c.actual)}{t.unit}（“{c.sentence}”）"
        out.append(("目标", f"{t.metric} {target_words(t)}（{kind}，{origin}）：{found}"))
    if not f.targets:
        out.append(("目标", "目标原文中没有量化指标"))
    return out


def _stated(f: Facts) -> list[tuple[str, str]]:
    fig, out = f.figures, []
    for s in fig.stated:
        out.append(("报送的完成比例", f"“{s.phrase}”（整项任务）"))
    for s in fig.components:
        out.append(("报送的完成比例", f"“{s.phrase}”（单项工程自身，不是整项任务的）"))
    for g in fig.gaps:
        against = "序时进度" if g.ref in f.lex.pace_refs else "目标"
        out.append(("报送的差距", f"“{g.phrase}”（对照{against}，{'落后' if g.value < 0 else '领先'}）"))
    for p in f.planned:
        out.append(("计划与实际", f"“{p.phrase}”（{'全年' if p.whole_year else '本期'}计划）"))
    if fig.ratio is not None:
        out.append(("完成比例", fmt_pct(fig.ratio)))
    return out


def _words(f: Facts) -> list[tuple[str, str]]:
    out = []
    for w in f.status.words:
        denied = "，前面有否定" if w.negated else ""
        out.append(("督查用语", f"“{w.phrase}”：{STATUS_LABELS[w.call]}，{_SCOPES[w.scope]}{denied}"))
    for lst in f.status.lists:
        out.append(("按状态列出的清单", f"“{lst.phrase}”（{STATUS_LABELS[lst.call]}）：{'、'.join(lst.items)}"))
    if f.named is not None:
        out.append(("清单中的这项任务", f.named[1]))
    for s in f.signals:
        kind = {"stall": "停滞", "delay": "延误", "weak_stall": "统计数中的停滞"}[s.kind]
        out.append(("停滞、延误的说法", f"“{s.phrase}”（{kind}）：“{s.sentence}”"))
    out.append(("具体进展", "有" if f.progress else "没有（只有空泛表述、计划或停滞的说法）"))
    return out
