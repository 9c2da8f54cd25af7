"""The judgement: an ordered list of named rules over the facts read from a task's report (pure).

Each rule is a function of the facts that returns a Verdict when it decides the task, or a short
Chinese sentence saying why it does not. The first rule in RULES that decides, decides; its name
is recorded with the assessment (`rule`), and `audit show N --explain` prints every rule in order.
Adding a rule is one function here, one entry in RULES, and one entry in docs/method.md §4.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from audit.core.labels import STATUS_LABELS
from audit.core.model import Evidence, TargetCheck
from audit.judge import deadlines as dl
from audit.judge.facts import Facts
from audit.judge.figures import fmt_pct, near, side, target_words
from audit.judge.signals import Signal
from audit.judge.targets import target_direction


class Verdict(NamedTuple):
    """A rule's call: the status, what explains it, and what it rests on."""

    status: str
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    flags: tuple[str, ...] = ()
    basis: str = ""  # "" -> "ratio" when the task has figures to judge by, else "text"
    ratio: float | None = None  # a completion this rule measured, when the figures give none
    alone: bool = False  # the call stands without the figures (a reviewer's call, nothing reported)


Rule = Callable[[Facts], "Verdict | str"]


def rule(title: str) -> Callable[[Rule], Rule]:
    """Give a rule the Chinese title that `--explain` and `show` print beside its name."""
    def mark(fn: Rule) -> Rule:
        fn.title = title  # type: ignore[attr-defined]
        return fn
    return mark


def _quote(signals: tuple[Signal, ...]) -> str:
    return f"“{signals[0].sentence}”"


def _stall_note(f: Facts) -> tuple[str, ...]:
    """Said beside a call made on the figures: the part of the task that has stopped."""
    return ("部分工作停滞：" + _quote(f.strong),) if f.strong else ()


# ----------------------------------------------------------------------------- what no text can outrank


@rule("人工认定")
def manual(f: Facts) -> Verdict | str:
    """A reviewer's call written in the registry for the period stands.

    Why: the supervision office knows things no report says; its recorded call is final.
    Fires on: an entry with `status: lagging` and `note: 征地未完成，已约谈`.
    Not on: an entry without `status`, however its text reads.
    """
    e = f.entry
    if e is None or not e.status:
        return "台账中没有人工认定（status）"
    return Verdict(e.status, (f"人工认定：{e.note}" if e.note else "人工认定",), (Evidence("manual", e.note, ""),),
                   basis="manual", alone=True)


@rule("未报送")
def unreported(f: Facts) -> Verdict | str:
    """No progress text for the period: nothing to judge, and the department is listed as not reporting.

    Why: a call without a report would be a guess.
    Fires on: no entry for 2021-H1; an entry whose text is empty.
    Not on: any text at all, even "暂无进展" (that is a report of no progress).
    """
    if f.entry is not None and f.text.strip():
        return "本期有进展文字"
    why = "本期未报送进展情况" if f.entry is None else "进展情况为空"
    return Verdict("unassessed", (why,), flags=("unreported",), basis="none", alone=True)


# ----------------------------------------------------------------------------- the office's own call


@rule("列入按状态分类的清单")
def named_in_status_list(f: Facts) -> Verdict | str:
    """The report sorts tasks into lists by status, and names this task in one of them.

    Why: the office has already made the call; the task's own name decides which list it is in.
    Fires on: "进度偏慢的3项分别是：…、新增直播卫星用户" -> lagging for 新增直播卫星用户;
      "A、妇幼保健院建设、B等均未达序时" -> lagging; "骏达环保、化工区防护林等项目已提前完成" -> completed.
    Not on: a list that does not name the task ("进展偏慢的5项分别是：新建农村公办幼儿园…" for
      城区公办幼儿园建设); "受国际不利环境、宏观政策等多种因素影响" (no class of tasks after 等).
    """
    if f.named is None:
        return "清单中没有这项任务的名称" if f.status.lists else "文字中没有按状态列出的任务清单"
    lst, name = f.named
    reason = f"报送把这项任务列入“{lst.phrase}”的清单（{name}），即{STATUS_LABELS[lst.call]}"
    return Verdict(lst.call, (reason,), (Evidence("status_list", lst.sentence, lst.phrase),))


@rule("督查室的“滞后”用语")
def office_status_word(f: Facts) -> Verdict | str:
    """The report calls this task itself behind in the office's own words.

    Why: 进度滞后, 未达序时, 完成情况不够理想 are the office's verdict, which outranks our reading of figures.
    Fires on: "已完成施工面积1.2万亩，仅占年度任务的34.3%，进度滞后"; "受…等多种因素影响完成情况不够理想".
    Not on: "未出现进度滞后" (denied); "7个小区施工进度偏慢" (a part: see delay_word);
      "124项达到序时进度要求" (a count of tasks); "对进度滞后的任务实行约谈" (tasks in general).
    """
    if not f.own_words:
        others = [w.phrase for w in f.status.words if w.call == "lagging"]
        return f"“{others[0]}”说的不是这项任务本身" if others else "报送没有说这项任务滞后"
    w = f.own_words[0]
    return Verdict("lagging", (f"报送称这项任务“{w.phrase}”：“{w.sentence}”",), (Evidence("status_word", w.sentence, w.phrase),))


@rule("督查室的“达序”结论")
def office_on_pace(f: Facts) -> Verdict | str:
    """The office says this task itself keeps pace, in the words of a pace verdict.

    Why: "完成情况：达序推进" in an office's table is its call, made against its own schedule; it outranks
    our reading of dates and figures, as its "滞后" does.
    Fires on: "①已完成。2月10日，完成设计招标。②截至3月31日，施工图正在图审。完成情况：达序推进".
    Not on: "项目有序推进" (a department's manner word, not a verdict); "未达到序时" (behind);
      "达到序时进度44项、占比80.0%" (a count of tasks).
    """
    if not f.own_pace_words:
        return "报送没有说这项任务达到序时"
    w = f.own_pace_words[0]
    return Verdict("on_track", (f"报送称这项任务“{w.phrase}”：“{w.sentence}”",), (Evidence("status_word", w.sentence, w.phrase),))


@rule("报送的差距")
def stated_gap(f: Facts) -> Verdict | str:
    """The report states by how many points the task is behind its target or the pace.

    Why: the office has already done the arithmetic, against a target it may state only as 年度预期目标.
    Fires on: "增长6.1%，低于目标0.9个百分点" -> lagging; "1-8月完成208.9亿元，滞后序时进度9.8个百分点" -> lagging.
    Not on: "高于目标1.5个百分点" (ahead); "比上年同期低2个百分点" (against last year, not the target);
      "失业率3.1%，低于目标1.4个百分点" for a ceiling (控制在4.5%以内): below a ceiling is ahead.
    """
    ceiling = any(t.comparator == "<=" for t in f.targets)
    behind = [g for g in f.figures.gaps if (g.value < 0) != (ceiling and g.ref not in f.lex.pace_refs)]
    if not behind:
        return "报送没有说落后于目标或序时进度多少个百分点"
    g = behind[0]
    against = f.pace_words if g.ref in f.lex.pace_refs else "目标"
    return Verdict("lagging", (f"报送称“{g.phrase}”，落后于{against}",) + _stall_note(f))


# ----------------------------------------------------------------------------- figures behind


def _is_change(c: TargetCheck, f: Facts) -> bool:
    return c.target.unit == "%" and bool(target_direction(c.target, f.lex))


def _unmet(f: Facts, change: bool) -> list[TargetCheck]:
    return [c for c in f.figures.levels if not c.met and not near(c, f.pace) and _is_change(c, f) == change]


@rule("增速未达目标")
def growth_vs_target(f: Facts) -> Verdict | str:
    """A growth or cut target, and a reported change short of it or the other way.

    Why: 同比增长3.2% against a target of 增长5% is behind at any time of year; a decline (下降8%) against
    a target of growth (增长7%) counts as −8.
    Fires on: "一般公共预算收入增长3.9%" for 增长15%; "预计下降8%左右" for 外贸进出口总额增长7%.
    Not on: "增长7.3%" for 增长7%; "增长4.95%" for 增长5% before the year's end (near enough: see docs).
    """
    unmet = _unmet(f, change=True)
    if not unmet:
        return "没有未达到的增速目标"
    return Verdict("lagging", _stall_note(f))


@rule("水平值未达目标")
def level_vs_target(f: Facts) -> Verdict | str:
    """A rate or level to reach, or a ceiling, and a reported figure on the wrong side of it.

    Why: a level is met or not whenever it is measured; a ceiling passed (失业率5.2% against 4.5%以内) is passed.
    Fires on: "化解率84.5%" for 达到90%以上; "城镇登记失业率为5.2%" for 控制在4.5%以内.
    Not on: "优良率95%" for 保持83%以上; "可办率96.5%" for 98% at mid-year (near: not behind yet);
      "春播面积12.3万亩" for 稳定在45万亩 (a part of the year's amount).
    """
    unmet = _unmet(f, change=False)
    if not unmet:
        return "没有未达到的水平值目标"
    return Verdict("lagging", _stall_note(f))


@rule("计划与实际")
def planned_vs_actual(f: Facts) -> Verdict | str:
    """The report gives what was planned and what was actually done, and the actual falls short.

    Why: a plan for the period is its own pace; a plan for the year is judged against the time elapsed.
    Fires on: "计划完成投资8亿元，实际完成6亿元" -> 75% of the period's plan;
      "年内应开工项目28个……实际开工9个" at 1-4月 -> 32% of the year's, below the pace.
    Not on: "计划总投资277亿元，上半年实际完成投资156.92亿元" at mid-year (56.6% of the year's plan).
    """
    if not f.planned:
        return "报送没有同时给出计划数和实际数"
    for p in f.planned:
        due = f.pace if p.whole_year else 1.0
        share = p.actual / p.planned
        if side(share, due) == "低于":
            against = f"{f.pace_words}{fmt_pct(due)}" if p.whole_year else "本期计划"
            reason = f"报送“{p.phrase}”：为计划的{fmt_pct(share)}，低于{against}"
            return Verdict("lagging", (reason,) + _stall_note(f), (Evidence("planned", p.sentence, p.phrase),),
                           ratio=share if p.whole_year else None)
    return "实际数不低于计划"


@rule("完成比例低于序时")
def ratio_vs_pace(f: Facts) -> Verdict | str:
    """The task's completion (its slowest amount, or the share the report states) is below the pace.

    Why: an amount for the year is due in step with the year: 45% done at mid-year is behind.
    Fires on: "新增规上服务业企业9家" for 20家 at mid-year (45% < 50%); "完成年度目标的53.3%" at Q3.
    Not on: "新增外贸企业5家" for 10家 at mid-year (50% is 等于序时进度); "占比80.0%" (a share of tasks).
    """
    r = f.figures.ratio
    if r is None:
        return "没有可与序时进度比较的完成比例"
    if r >= f.pace:
        return f"完成比例{fmt_pct(r)}不低于{f.pace_words}{fmt_pct(f.pace)}"
    return Verdict("lagging", _stall_note(f))


# ----------------------------------------------------------------------------- words of no progress


@rule("整项工作停滞")
def stalled_whole(f: Facts) -> Verdict | str:
    """Stall words, and nothing else reported: the whole task has not moved.

    Why: "停滞" is kept for work that has not started or has stopped, not for work with a part held up.
    Fires on: "武汉新港赤壁港区目前暂无进展"; "该项工作市生态环境分局尚未落实".
    Not on: "双胞胎项目三期停建，需另行选址建设" beside other work done (a part: stall_word); "按年度安排于6月
      启动……目前暂未启动" in the first quarter (work set to begin later: not yet due).
    """
    if f.figures.quantitative:
        return "有可计算的数字"
    if not f.strong:
        return "没有停滞的说法"
    if f.progress:
        return "停滞的说法之外另有具体进展"
    if why := _scheduled_later(f):
        return why
    return Verdict("stalled", ("整项工作无实质进展：" + _quote(f.strong),))


@rule("此前有进展，现已停下")
def halted_now(f: Facts) -> Verdict | str:
    """Work that began and has since stopped, said to be its present state.

    Why: a halt that came after the reported work (后因、自6月起、目前) is where the task stands now.
    Fires on: "……进场施工，后因资金未到位，自6月起暂停施工".
    Not on: "后因汛期暂停施工，8月已复工" (work reported after it); "其中一期停工" (a part).
    """
    if f.figures.quantitative or not f.strong or not f.progress:
        return "没有“此前有进展、现已停下”的情况"
    h = f.halted
    if h is None:
        return "停工的说法不是现在的状态，或只说其中一部分"
    return Verdict("stalled", (f"此前有进展，但目前已停下（“{h.phrase}”）：“{h.sentence}”",))


@rule("部分工作停滞")
def stall_word(f: Facts) -> Verdict | str:
    """Stall words about a part of the task, beside other work done or figures on pace.

    Why: a task is not on pace while a part of it has not started (the goal is rarely only its figure).
    Fires on: "长城碳素……改造项目目前未启动" beside 优良率95% for 83%; "其余3所尚未开工，已建成投用9所".
    Not on: "无群体性事件发生", "未发生安全事故" (good news); "未开工项目154个，暂停项目1个" (a statistic).
    """
    if not f.strong:
        return "没有停滞的说法"
    if not f.progress and not f.figures.quantitative and (why := _scheduled_later(f)):
        return why
    lead = "但有部分工作停滞：" if f.figures.quantitative else "部分工作停滞："
    return Verdict("lagging", (lead + _quote(f.strong),))


def _scheduled_later(f: Facts) -> str:
    """Why "not started" is no stall: before mid-year, the report sets the work to begin on a date still
    to come (from mid-year, not_started holds such a task behind)."""
    if f.pace < 0.5 and f.starts_later:
        return f"报送称工作按安排在后面开始（“{f.to_start.phrase}”），还没有到时候"
    return ""


def _figures_done(f: Facts) -> str:
    """'' unless the figures show the task done: every target met (a task of levels only at the year's
    end), or a stated share of the whole task at or past 100%."""
    fig = f.figures
    if fig.complete and (any(c.target.kind == "cumulative" for c in fig.checks) or f.year_end):
        return "figures"
    if not fig.amounts and not fig.levels and fig.stated and fig.ratio is not None and fig.ratio >= 1:
        return "stated"
    return ""


@rule("部分工作延误")
def delay_word(f: Facts) -> Verdict | str:
    """Delay words (暂缓、推迟、进度偏慢 of a part…), with no figures on pace to outweigh them.

    Why: work put back is behind; but a part put back while the figures are on pace is noted, not the call.
    Fires on: "南环大桥正在进行方案调整"; "受征迁影响，6个项目开工时间推迟" when the task is done by its figures.
    Not on: the same words when the figures are on pace (figures_on_pace flags partial_delay).
    """
    if not f.delays:
        return "没有延误的说法"
    quantitative = f.figures.quantitative
    if quantitative and not _figures_done(f):
        return "按数字仍在序时之内，延误只是其中一部分"
    lead = "但有部分工作延误：" if quantitative else "部分工作延误："
    return Verdict("lagging", (lead + _quote(f.delays),))


# ----------------------------------------------------------------------------- figures on pace


@rule("数字表明已完成")
def targets_met(f: Facts) -> Verdict | str:
    """Every target met by its figure, or the report's share of the whole task at 100% or more.

    Why: the figures are the commitment; once they are reached the task is done (a level only at year end).
    Fires on: "截至目前，全市新增外贸企业12家" for 5家; "完成年度目标任务的106.7%".
    Not on: "城镇登记失业率为3.14%" for 4.5%以内 before the year's end (on pace, not done).
    """
    how = _figures_done(f)
    if not how:
        return "数字没有表明全部目标已完成"
    return Verdict("completed", ("报送的完成比例已达到全年目标",) if how == "stated" else ())


@rule("节点或完成时限已过")
def date_passed(f: Facts) -> Verdict | str:
    """A milestone or the deadline has passed with no sign in the reports that it was met.

    Why: the office holds each unit to the dates of its 进度安排 and 完成时限 (judge/deadlines.py); work past
    its date is behind whatever the year's straight line says.
    Fires on: ①3月底前完成立项；②6月底前开工 at 2021-09-30 with "已完成立项，正在开展施工招标" -> lagging,
      "应于6月底前开工，报送未见开工"; 出台实施方案 due 6月底前 with "实施方案已报审" at the third quarter.
    Not on: the same at 2021-06-29; "已完成立项，6月20日开工建设"; a task its figures or its report say is done.
    """
    if f.schedule.deadline is None and not f.schedule.milestones:
        return "台账和目标原文都没有完成时限或进度节点"
    if not f.figures.quantitative and f.progress and f.done_claim is not None:
        return "报送称整项任务已完成，时限和节点都算做到"
    if not f.missed:
        return "没有到期而未见做到的节点或完成时限"
    reasons, evidence, flags = dl.missed_notes(f.missed, f.texts_so_far, but=True)
    return Verdict("lagging", reasons, evidence, flags)


@rule("数字在序时之内")
def figures_on_pace(f: Facts) -> Verdict | str:
    """Figures at or above the pace and every level met (or near): on track.

    Why: nothing above found the task behind, and its figures keep step with the year.
    Fires on: "已建成5G基站30个" for 50个 at Q1; "城镇登记失业率为3.14%" for 4.5%以内.
    Not on: a task with no figure for its targets (words_only).
    """
    if not f.figures.quantitative:
        return "没有可计算的数字"
    r = f.figures.ratio
    if r is not None and r < f.pace:
        return f"完成比例{fmt_pct(r)}低于{f.pace_words}{fmt_pct(f.pace)}"
    if _unmet(f, change=True) or _unmet(f, change=False):
        return "有未达到的目标"
    if f.delays:
        reason = "部分工作延误（按数字仍在序时之内，请关注）：" + _quote(f.delays)
        return Verdict("on_track", (reason,), flags=("partial_delay",))
    return Verdict("on_track")


# ----------------------------------------------------------------------------- words only


def _figures_decide(f: Facts) -> str:
    """Why a rule of words does not apply to a task with figures ('' when it has none)."""
    return "有可计算的数字，由前面的规则按数字判断" if f.figures.quantitative else ""


@rule("要求的变化没有出现")
def no_change(f: Facts) -> Verdict | str:
    """A goal that asks for a change without a figure, and a report that it stayed level or went the other way.

    Why: "事故起数同比下降" is not met by "与上年持平".
    Fires on: "信访总量与上年持平" for 信访总量同比下降.
    Not on: "与上年持平" for a goal that asks for no change (开展信访积案化解).
    """
    if why := _figures_decide(f):
        return why
    c = f.no_change
    if c is None:
        return "目标没有要求变化，或报送没有说“持平”“不降反升”"
    return Verdict("lagging", (f"目标要求有所变化，报送称“{c.phrase}”：“{c.sentence}”",), (Evidence("no_change", c.sentence, c.phrase),))


@rule("报送称整项任务已完成")
def completion_claim(f: Facts) -> Verdict | str:
    """The report says the task itself is finished, and nothing is still under way.

    Why: with no figure to check, the department's plain statement that the whole task is done is the call.
    Fires on: "该项工作已全面完成"; "一期厂房已全部竣工" for 建成产业园一期; "已于5月18日挂牌成立".
    Not on: "已全面完成可研编制" (preparatory work); "A已全面完成，B正在施工" (a part, work under way).
    """
    if why := _figures_decide(f):
        return why
    if not f.progress:
        return "报送没有具体进展"
    c = f.done_claim
    if c is None:
        return "没有说整项任务已完成"
    return Verdict("completed", (f"报送称整项任务已完成：“{c.sentence}”",), (Evidence("done", c.sentence, c.phrase),))


@rule("结果尚未公布")
def pending_result(f: Facts) -> Verdict | str:
    """The result or figure that would decide the task is not out yet.

    Why: the call waits for it; the office verifies.
    Fires on: "认定结果尚未公布"; "需待年度统计数据发布后确定".
    Not on: "正在等待评审结果" as a step of the work (guard phrase).
    """
    if why := _figures_decide(f):
        return why
    c = f.pending
    if c is None:
        return "没有说结果或数据尚未出来"
    return Verdict("unassessed", (f"报送称结果或数据尚未出来：“{c.sentence}”，需核实",), (Evidence("pending", c.sentence, c.phrase),),
                   flags=("pending_result",), basis="none")


@rule("年末仍在后头")
def still_to_come(f: Facts) -> Verdict | str:
    """At the year's end, work said to be still to come was not done this year.

    Why: "即将开工" or "计划明年6月投入使用" in a year-end report means the year's task is not done.
    Fires on: "已完成招标，即将开工" at the year's end; "预计明年上半年开通运营"; "预计2025年3月底投产" in 2024.
    Not on: the same words before the year's end (a schedule); "明年将继续巩固" (more of the same);
      "10月28日实现主体结构封顶……计划2025年5月建成投入使用" for 年内实现主体结构封顶 (the year's part done).
    """
    if why := _figures_decide(f):
        return why
    if not f.year_end:
        return "不是年末报告期"
    if not f.progress:
        return "报送没有具体进展"
    if any(d.kind == "deadline" and d.state == "met" and d.sentence for d in f.dates()):
        return "目标给本年度定的完成时限已经做到，后面的是下一阶段的工作"
    c = f.still_to_come
    if c is None:
        return "没有说工作还在后头"
    return Verdict("lagging", (f"年末报送称这项工作仍在后头（“{c.phrase}”）：“{c.sentence}”，本年度未完成",),
                   (Evidence("later", c.sentence, c.phrase),))


@rule("三季度后只有前期工作")
def only_preparatory(f: Facts) -> Verdict | str:
    """From the third quarter, a works task that reports only tendering, design or other preparatory work.

    Why: at 75% of the year, works not yet begun cannot be on pace.
    Fires on: "正在开展编制招标文件" for 实施近视防控教室照明改造工程 at Q3; "已完成设备招标，待施工单位进场".
    Not on: "完成管网改造4公里" (works done); a goal to begin (启动新安综合体建设) or about design itself.
    """
    if why := _figures_decide(f):
        return why
    if f.pace < 0.75:
        return "序时进度未到75%"
    if not f.progress:
        return "报送没有具体进展"
    if not f.works_goal:
        return "目标不是建设、改造这类实物工程（或只要求启动）"
    c = f.only_preparatory
    if c is None:
        return "报送有前期工作以外的进展"
    words = f"已到{fmt_pct(f.pace)}的序时进度，报送只说明前期工作：“{c.phrase}”，未见实物工作量"
    return Verdict("lagging", (words,), (Evidence("preparatory", c.sentence, c.phrase),))


@rule("过半年仍未开始")
def not_started(f: Facts) -> Verdict | str:
    """From mid-year, a report that says nothing was done, only when the work is expected to begin.

    Why: a year's task not begun when half the year is gone is behind, however soon it is to start
    (before mid-year the same words are a schedule).
    Fires on: "预计9月份开始接种工作" (1-8月, 前三季度); "计划10月开工" with nothing done.
    Not on: "计划5月开工" in the first quarter; "项目可研已批复，正在开展施工图设计，计划5月开工" (work done).
    """
    if why := _figures_decide(f):
        return why
    if f.pace < 0.5:
        return "序时进度未到50%"
    if f.progress:
        return "报送有具体进展"
    c = f.to_start
    if c is None:
        return "没有说工作何时开始"
    words = f"已到{fmt_pct(f.pace)}的序时进度，报送称工作尚待开始（“{c.phrase}”）：“{c.sentence}”"
    return Verdict("lagging", (words,), (Evidence("later", c.sentence, c.phrase),))


@rule("报送了具体进展")
def words_only(f: Facts) -> Verdict | str:
    """Concrete progress reported (a figure, a progress word), and nothing above found the task behind.

    Why: work done and no sign of trouble is on track; when the goal has a figure the report does not
    give, the call rests on words alone and is flagged for checking.
    Fires on: "已完成省级新型研发机构答辩工作"; "开展秸秆露天禁烧的宣传、巡查".
    Not on: "扎实推进各项工作", "正在积极对接" (words that report no fact).
    """
    if why := _figures_decide(f):
        return why
    if not f.progress:
        return "报送没有具体进展"
    reasons = ("报送了具体进展，未见停滞或延误",)
    flags: tuple[str, ...] = ()
    if f.targets and not f.figures.components:
        flags = ("target_not_reported",)
        reasons += ("但目标有量化指标（" + "、".join(f"{t.metric}{target_words(t)}" for t in f.targets[:3])
                    + "），报送中找不到与之对应的数字，无法对照目标，需核实",)
    return Verdict("on_track", reasons, flags=flags)


@rule("没有具体进展")
def nothing_concrete(f: Facts) -> Verdict | str:
    """Nothing the report says is a fact: unassessed, for the office to check.

    Why: "形势总体向好" and "有序推进" say how work goes, not what was done.
    Fires on: "按照上级部署，扎实推进各项工作"; "【推进中】正在积极推进中".
    Not on: anything with a figure or a progress word.
    """
    if why := _figures_decide(f):
        return why
    if f.progress:
        return "报送有具体进展"
    return Verdict("unassessed", ("进展情况未写明具体进展，需核实",), flags=("no_concrete_progress",), basis="none")


# The order of the rules: the first that decides, decides (docs/method.md §4 lists them in this order).
RULES: tuple[Rule, ...] = (
    manual, unreported,
    named_in_status_list, office_status_word, office_on_pace, stated_gap,
    growth_vs_target, level_vs_target, ratio_vs_pace, planned_vs_actual,
    stalled_whole, halted_now, stall_word, delay_word,
    targets_met, date_passed, figures_on_pace,
    no_change, completion_claim, pending_result, still_to_come, only_preparatory, not_started,
    words_only, nothing_concrete,
)


def decide(f: Facts) -> tuple[Rule, Verdict]:
    """The first rule that decides, and its verdict."""
    for r in RULES:
        v = r(f)
        if isinstance(v, Verdict):
            return r, v
    raise AssertionError("words_only or nothing_concrete decides every task the rules before leave")
