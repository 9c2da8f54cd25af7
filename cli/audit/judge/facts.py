"""What one task's report says for one period, read once: the facts the judgement's rules read (pure).

Each fact is read the first time a rule asks for it and kept, so a task decided by an early rule
costs only what that rule read, and no rule reads the text again.
"""
from __future__ import annotations

from functools import cached_property

from audit.core.dates import find_dates
from audit.core.model import DueCheck, Evidence, Meta, Target, Task
from audit.judge import deadlines as dl
from audit.judge import signals as sg
from audit.judge.figures import Figures, check_targets, read_figures
from audit.judge.lexicon import Lexicon, fold_width
from audit.judge.pace import as_of, task_pace
from audit.judge.reading import has_words, quantities, units
from audit.judge.signals import Claim, Signal
from audit.judge.statements import Planned, planned_actuals
from audit.judge.status_words import StatusList, StatusReading, StatusWord, named_in, read_status
from audit.judge.targets import extract_targets

PACE_WORDS = {"trajectory": "计划进度", "span": "分年计划进度", "milestones": "节点进度", "deadline": "按完成时限的序时进度"}


class Facts:
    """One task's report for one period: its context (pace, targets) and what its text says."""

    def __init__(self, task: Task, meta: Meta, period_id: str, lex: Lexicon):
        self.task, self.meta, self.period, self.lex = task, meta, period_id, lex
        self.entry = task.entry(period_id)
        self.when = as_of(meta, period_id, self.entry)
        self.year = meta.year or (self.when.year if self.when else 0)
        # deadlines and milestones join the judgement here: the pace their dates set, and (below) the dates
        self.schedule = dl.schedule(task, self.year)
        self.pace, self.pace_kind = task_pace(task, meta, period_id, self.entry,
                                              dl.pace(self.schedule, self.when, self.year))
        self.pace_words = PACE_WORDS.get(self.pace_kind, "序时进度")
        self.text = self.entry.text if self.entry is not None else ""
        self.goal = task.goal

    @property
    def year_end(self) -> bool:
        return self.pace >= 1

    # ------------------------------------------------------------------------- the office's own words

    @cached_property
    def status(self) -> StatusReading:
        """Status words and the lists of tasks they head or close."""
        return read_status(self.text, self.lex)

    @cached_property
    def named(self) -> tuple[StatusList, str] | None:
        """The list of tasks by status that names this task, and the name as written there."""
        return named_in(self.status, self.goal, self.lex)

    @cached_property
    def behind_words(self) -> tuple[StatusWord, ...]:
        """The office's words that the task or a part of it is behind, not denied, and not the start of a
        gap it states ("滞后序时进度9.8个百分点" is read as a gap)."""
        gaps = [(g.start, g.start + len(g.phrase)) for g in self.figures.gaps] if self.status.words else []
        return tuple(w for w in self.status.words if w.call == "lagging" and not w.negated
                     and not any(a <= w.start < b for a, b in gaps))

    @cached_property
    def own_pace_words(self) -> tuple[StatusWord, ...]:
        """Words by which the office says this task itself keeps pace ("完成情况：达序推进"), not denied."""
        verdicts = self.lex.derive("pace_verdicts_plain", lambda: {fold_width(w) for w in self.lex.pace_verdicts})
        return tuple(w for w in self.status.words if w.call == "on_track" and w.scope == "task" and not w.negated
                     and fold_width(w.phrase) in verdicts)

    @cached_property
    def own_words(self) -> tuple[StatusWord, ...]:
        """Words by which the report calls this task itself behind ("进度滞后", "完成情况不够理想")."""
        return tuple(w for w in self.behind_words if w.scope == "task")

    # ------------------------------------------------------------------------- figures

    @cached_property
    def targets(self) -> tuple[Target, ...]:
        return self.task.targets or tuple(extract_targets(self.goal, self.lex))

    @cached_property
    def figures(self) -> Figures:
        """Every target against the figure reported for it, and the shares and gaps the text states."""
        pairs = check_targets(self.targets, self.entry, self.pace, self.lex, self.year, self.goal,
                              self._names) if self.targets else []
        return read_figures(pairs, self.text, self.goal, self.targets, self.pace, self.pace_words, self.lex,
                            self.status.shares)

    @property
    def _names(self) -> tuple[tuple[int, int], ...]:
        """Spans whose figures name tasks in a list ("分别为：…新建安置区5个"), not report on this one."""
        spans = self.status.names
        if self.named is not None:
            lst, _ = self.named
            spans += ((lst.start, lst.end),)
        return spans

    @cached_property
    def planned(self) -> tuple[Planned, ...]:
        """Figures planned for the period or the year with what was actually done ("计划完成投资X，实际完成Y")."""
        return planned_actuals(self.text, self.lex)

    # ------------------------------------------------------------------------- words

    @cached_property
    def signals(self) -> tuple[Signal, ...]:
        """Stall and delay phrases, and the office's words that a part of the task is behind."""
        parts = tuple(Signal("delay", w.sentence, w.phrase, w.start) for w in self.behind_words if w.scope == "part")
        return tuple(sorted(sg.find_signals(self.text, self.lex) + parts, key=lambda s: s.start))

    @cached_property
    def strong(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.kind == "stall")

    @cached_property
    def delays(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.kind == "delay")

    @cached_property
    def progress(self) -> bool:
        """Some sentence reports a fact (a figure, a progress word) outside the stall and delay words."""
        return sg.has_concrete_progress(self.text, self.lex)

    @cached_property
    def halted(self) -> Signal | None:
        return sg.halted_now(self.text, self.strong, self.lex)

    @cached_property
    def no_change(self) -> Claim | None:
        return sg.no_change(self.text, self.goal, self.lex)

    @cached_property
    def still_to_come(self) -> Claim | None:
        return sg.still_to_come(self.text, self.lex, self.year)

    @cached_property
    def only_preparatory(self) -> Claim | None:
        return sg.only_preparatory(self.text, self.lex)

    @cached_property
    def to_start(self) -> Claim | None:
        return sg.expected_start(self.text, self.lex)

    @cached_property
    def starts_later(self) -> bool:
        """The report sets the work to begin on a date after the as-of date ("按年度安排于6月启动" in March)."""
        c = self.to_start
        if c is None or self.when is None:
            return False
        return any(p.date is not None and p.date > self.when for p in find_dates(c.phrase, self.year))

    @cached_property
    def done_claim(self) -> Claim | None:
        # A goal with a figure the report gives nothing in the unit of: only a claim about the task
        # itself counts ("该项工作已全面完成"), not one about a thing that shares the goal's words
        # ("人才公寓一期已投入使用" for 引进高层次人才200名).
        unit = units(self.lex)
        unanswered = self.targets and not self.figures.components and not any(
            unit.compatible(q.unit, t.unit) for q in quantities(self.text, self.lex) for t in self.targets)
        return sg.completion_claim(self.text, "" if unanswered else self.goal, self.lex)

    @cached_property
    def pending(self) -> Claim | None:
        return sg.pending_result(self.text, self.lex)

    @cached_property
    def works_goal(self) -> bool:
        """The goal asks for works to be built or renovated (建设、改造…), not only begun (启动、开工)."""
        return (any(t.kind == "cumulative" for t in self.targets) or has_words(self.lex, "works", self.goal)) and not (
            has_words(self.lex, "to_begin", self.goal) or has_words(self.lex, "preparatory", self.goal))

    # ------------------------------------------------------------------------- dates

    @cached_property
    def texts_so_far(self) -> list[str]:
        """This period's report and the earlier ones, oldest first: a date met stays met."""
        return dl.texts_so_far(self.task, self.period, [p.id for p in self.meta.periods])

    def dates(self, completed: bool = False) -> tuple[DueCheck, ...]:
        """The deadline and each milestone at the as-of date (all met when the task is `completed`)."""
        if self.schedule.deadline is None and not self.schedule.milestones:
            return ()
        if completed:
            return dl.check(self.schedule, self.when, self.texts_so_far, self.lex, True)
        return self._dates

    @cached_property
    def _dates(self) -> tuple[DueCheck, ...]:
        return dl.check(self.schedule, self.when, self.texts_so_far, self.lex, False)

    @property
    def missed(self) -> tuple[DueCheck, ...]:
        """Dates passed with no sign in the reports that they were met."""
        return tuple(c for c in self.dates() if c.state == "missed")

    # ------------------------------------------------------------------------- evidence

    @cached_property
    def evidence(self) -> tuple[Evidence, ...]:
        """What the figures rest on, every stall and delay phrase, then the shares stated of the task or of
        one project (read when no figure was found)."""
        words = tuple(Evidence(s.kind, s.sentence, s.phrase + s.subject if s.subject else s.phrase) for s in self.signals)
        return self.figures.evidence + words + self.figures.late_evidence
