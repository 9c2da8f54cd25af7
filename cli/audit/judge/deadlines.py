"""Deadlines and milestones in the judgement (pure): the dates a task is held to, the pace they set,
whether the reports show each one met, and what a date passed unmet says (rule date_passed). See docs/method.md §9.

Nothing here reads the clock: the as-of date, the reports so far and the lexicon are passed in.
"""
from __future__ import annotations

import functools
import re
from datetime import date
from typing import NamedTuple

from audit.core.dates import due_words, find_dates, split_items
from audit.core.model import Due, DueCheck, Evidence, Task
from audit.core.numerals import arabic_date
from audit.judge.lexicon import Lexicon
from audit.judge.reading import normalise, sentence_at, sentences


class Schedule(NamedTuple):
    """The dates a task is held to: its deadline and its milestones (written, or read from the goal)."""

    deadline: Due | None = None
    milestones: tuple[Due, ...] = ()


# ----------------------------------------------------------------------------- the dates a task is held to

# Patterns are given as text and compiled on first use by re's own cache: every command imports this module.
_ACTION = r"[^，,。；;：:！？!?\n（）()“”]+"  # what follows a date, up to the end of its clause
# a deadline's words, looked for before the whole phrase reader is run on a goal (most goals have none)
_DEADLINE_WORDS = (r"[月季年度日号0-9](?:份|底|末|中旬|上旬|下旬|中)?\s*(?:之前|以前|前|为止|以内|之内|内)|"
                   r"季度|上半年|下半年|年中|年底|年末|[月年]底|[月年]末")


@functools.lru_cache(maxsize=4096)
def goal_dates(goal: str, year: int) -> tuple[Due, ...]:
    """Each date a goal sets for something ("6月底前建成", "年底前完成改造"), in the goal's order.

    Only a deadline's words count (前, 底, 末, 内, 上半年, 三季度): "9月举办" is an event and
    "全年增长8%" a period, not a date to meet. Dates before the plan year are history, not deadlines.
    """
    if not re.search(_DEADLINE_WORDS, goal):
        return ()
    out = []
    found = find_dates(goal, year)
    for k, p in enumerate(found):
        if p.date is None or not p.bound or (year and p.date.year < year):
            continue
        # what follows the date, up to the end of its clause or the next date ("一季度开工、年底前完成主体工程")
        stop = found[k + 1].start if k + 1 < len(found) else len(goal)
        m = re.compile(_ACTION).match(goal, p.end, max(p.end, stop))
        what = m.group(0).strip().rstrip("、和及并与") if m else ""
        if what:
            out.append(Due(p.text, p.date, what, "goal"))
    return tuple(out)


def schedule(task: Task, year: int) -> Schedule:
    """The task's deadline and milestones as written in the registry; where the registry has none, those
    its goal states (origin "goal"): the latest date is the deadline, the earlier ones milestones."""
    deadline, milestones = task.deadline, task.milestones
    if deadline is None or not milestones:
        stated = goal_dates(task.goal, year)
        if stated:
            last = max(stated, key=lambda d: d.date)
            deadline = deadline or last
            milestones = milestones or tuple(d for d in stated if d is not last)
    return Schedule(deadline, milestones)


def pace(plan: Schedule, as_of: date | None, year: int) -> tuple[float, str] | None:
    """The share of the task due by `as_of` when its dates say so, and what set it; None for the year's line.

    With milestones: the share of them (and of a deadline after them) whose date has come — a task
    whose only milestone is in December owes nothing yet in September. With only a deadline inside
    the plan year: the straight line from 1 January to the deadline, by days. A deadline at the year's
    end or in a later year leaves the year's own line.
    """
    if as_of is None:
        return None
    stops = sorted(d.date for d in plan.milestones if d.date is not None)
    if stops:
        if plan.deadline is not None and plan.deadline.date is not None and plan.deadline.date > stops[-1]:
            stops.append(plan.deadline.date)
        return sum(1 for d in stops if d <= as_of) / len(stops), "milestones"
    end = plan.deadline.date if plan.deadline is not None else None
    if end is None or not year or end.year != year or (end.month, end.day) == (12, 31):
        return None
    start = date(year, 1, 1)
    share = ((as_of - start).days + 1) / ((end - start).days + 1)
    return min(1.0, max(0.0, share)), "deadline"


def texts_so_far(task: Task, period_id: str, order: list[str]) -> list[str]:
    """The task's progress texts up to and including `period_id`, oldest first (what was met stays met)."""
    upto = order[: order.index(period_id) + 1] if period_id in order else [period_id]
    out = []
    for pid in upto:
        e = task.entry(pid)
        if e is not None and e.text.strip():
            out.append(e.text)
    return out


# ----------------------------------------------------------------------------- a sign that a date was met


class Sign(NamedTuple):
    sentence: str  # verbatim, the sentence that shows it
    phrase: str


@functools.lru_cache(maxsize=16)
def _stages(pairs: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`milestone_met` as (stage, its words) in the order a project goes (立项 before 开工 before 竣工)."""
    stages: dict[str, list[str]] = {}
    for pair in pairs:
        stage, words = pair.split("=", 1)
        stages.setdefault(stage, []).append(words)
    return tuple((s, tuple(w)) for s, w in stages.items())


def _stage_of(what: str, stages) -> int | None:
    """Which stage a milestone is: the one whose word (or one of its signs) ends last in its words
    ("完成施工许可报批并开工建设" is 开工; "建成投产" is 投产; "主体完工" is 竣工)."""
    best, end = None, (0, 0)
    for k, (stage, words) in enumerate(stages):
        for w in (stage, *words):
            i = what.rfind(w)
            if i >= 0 and (i + len(w), len(w)) > end:
                best, end = k, (i + len(w), len(w))
    return best


_NEGATION = r"[未没不无]"
_CLAUSE = r"[^，,。；;！？!?\n]+"


def _affirmed(text: str, rx: re.Pattern, lex: Lexicon) -> Sign | None:
    """The first place `rx` matches said as a fact: not right after 未/没有/不, and its clause, up to
    it, not a plan, an estimate, a supposition or something still to come (计划, 确保, 预计, 如果, 将于)."""
    norm = normalise(text)
    for m in rx.finditer(norm):
        clause = next((c for c in re.finditer(_CLAUSE, norm) if c.start() <= m.start() < c.end()), None)
        before = norm[clause.start() if clause else 0:m.start()]
        if re.search(_NEGATION, before[-3:]):
            continue
        if any(_has(lex, cat, before) for cat in ("plan", "estimate", "hypothetical", "later")):
            continue
        sent = sentence_at(sentences(text), m.start())
        return Sign(sent.text if sent else text.strip(), text[m.start():m.end()])
    return None


def _has(lex: Lexicon, category: str, text: str) -> bool:
    rx = lex.regex(category)
    return bool(rx and rx.search(text))


@functools.lru_cache(maxsize=256)
def _literal(words: str) -> re.Pattern:
    return re.compile(re.escape(normalise(words)))


def core_words(what: str, lex: Lexicon) -> str:
    """A milestone's object without the verbs and manner words before it: 完成图纸深化设计 -> 图纸深化设计."""
    lead = sorted(set(lex.plan + lex.manner + lex.progress), key=len, reverse=True)
    core = what
    while True:
        head = next((w for w in lead if core.startswith(w)), None)
        if head is None:
            return core
        core = core[len(head):]


def met_sign(what: str, no: int, texts: list[str], lex: Lexicon) -> Sign | None:
    """Where the reports say a milestone (`what`, numbered `no` in its schedule, 0 if not) was met.

    Its stage's words or a later stage's (开工: 已开工/开工建设/进场施工; 已竣工 shows it started too),
    its own words as written, its object's first and last words in one clause (召开…会议), or the
    report's item with the same number saying it is done (①已完成). The latest report is read first.
    """
    stages = _stages(lex.milestone_met)
    k = _stage_of(what, stages)
    core = core_words(what, lex)
    if k is None and not core:
        return None  # "完成" alone names nothing a report could be seen to do
    patterns = [_literal(w) for _, words in (stages[k:] if k is not None else ()) for w in words]
    patterns.append(_literal(what))
    if k is None and len(core) >= 4:
        patterns.append(re.compile(re.escape(core[:2]) + r"[^，,。；;！？!?\n]{0,24}?" + re.escape(core[-2:])))
        verb = what[:len(what) - len(core)]
        if verb:  # the object's last word, then the verb: "大会已于2月10日召开" for 召开全区…大会
            patterns.append(re.compile(re.escape(core[-2:]) + r"[^，,。；;！？!?\n]{0,12}?" + re.escape(verb[-2:])))
    for text in reversed(texts):
        for rx in patterns:
            found = _affirmed(text, rx, lex)
            if found:
                return found
        if no:
            found = _numbered_done(text, no, lex)
            if found:
                return found
    return None


def _numbered_done(text: str, no: int, lex: Lexicon) -> Sign | None:
    """A report numbered like its schedule whose item `no` opens with 已 and a progress word alone ("①已完成。")."""
    items = [i for i in split_items(text) if i.no]
    item = next((i for i in items if i.no == no), None)
    if item is None:
        return None
    head = re.match(_CLAUSE, item.text.strip())
    words = head.group(0).strip() if head else ""
    rest = re.sub(r"^(?:已经|已|均已)(?:全部|全面)?", "", words)
    rx = lex.regex("progress")
    if rest != words and rx is not None and rx.fullmatch(rest):
        return Sign(item.text.strip(), words)
    return None


# ----------------------------------------------------------------------------- each date at the as-of date


def check(plan: Schedule, as_of: date | None, texts: list[str], lex: Lexicon, completed: bool = False
          ) -> tuple[DueCheck, ...]:
    """Each milestone, then the deadline: met (a sign in the reports, a later milestone met, or the task
    completed), missed (its date has come and gone unmet: on the as-of date counts), upcoming, undated."""
    ms = plan.milestones
    signs = [met_sign(d.what, i + 1, texts, lex) if d.what and texts else None for i, d in enumerate(ms)]
    carried: Sign | None = None
    for i in sorted((i for i, d in enumerate(ms) if d.date is not None), key=lambda i: ms[i].date, reverse=True):
        if signs[i] is not None:
            carried = signs[i]
        elif carried is not None:
            signs[i] = carried  # a later milestone met: this one was too
    out = [_check(d, "milestone", as_of, completed, signs[i]) for i, d in enumerate(ms)]
    d = plan.deadline
    if d is not None:
        sign = met_sign(d.what, 0, texts, lex) if d.what and texts else None
        if sign is None and d.date is not None:
            # the last step of the schedule, due on the deadline or after it, met
            sign = next((signs[i] for i, m in enumerate(ms) if signs[i] and m.date and m.date >= d.date), None)
        out.append(_check(d, "deadline", as_of, completed, sign))
    return tuple(out)


def _check(d: Due, kind: str, as_of: date | None, completed: bool, sign: Sign | None) -> DueCheck:
    if completed or sign is not None:
        return DueCheck(d, kind, "met", sign.sentence if sign else "")
    if d.date is None:
        return DueCheck(d, kind, "undated")
    if as_of is not None and d.date <= as_of:
        return DueCheck(d, kind, "missed")
    return DueCheck(d, kind, "upcoming")


# ----------------------------------------------------------------------------- the call


def missed_notes(missed: list[DueCheck] | tuple[DueCheck, ...], texts: list[str], but: bool
                 ) -> tuple[tuple[str, ...], tuple[Evidence, ...], tuple[str, ...]]:
    """The reasons, evidence and flags of dates passed unmet: "应于6月底前开工（2021年6月30日），报送未见开工：“…”"
    (flag `milestone_missed`, evidence `milestone`), "完成时限为6月底前…，已过期，任务尚未完成" (`overdue`). The
    report is the evidence, verbatim, without its closing full stop; `but` opens the first reason with 但 (the
    task is otherwise not behind)."""
    text = texts[-1].strip().rstrip("。；;！!？? ")
    reasons, evidence, flags = [], [], []
    lead = "但" if but else ""
    for c in missed:
        words, when = due_words(c.due), arabic_date(c.due.date)
        if c.kind == "deadline":
            unseen = f"，报送未见{c.due.what}" if c.due.what else ""
            reasons.append(f"{lead}完成时限为{words}{c.due.what}（{when}），已过期，任务尚未完成{unseen}：“{text}”")
            evidence.append(Evidence("overdue", text, words + c.due.what))
            flag = "overdue"
        else:
            reasons.append(f"{lead}应于{words}{c.due.what}（{when}），报送未见{c.due.what}：“{text}”")
            evidence.append(Evidence("milestone", text, words + c.due.what))
            flag = "milestone_missed"
        lead = ""
        if flag not in flags:
            flags.append(flag)
    return tuple(reasons), tuple(dict.fromkeys(evidence)), tuple(flags)
