"""The reading commands: check, status, laggards, show."""
from __future__ import annotations

import difflib
from typing import Annotated, Optional

import typer

from audit.cli import output, screen
from audit.cli.base import JsonOpt, PeriodOpt, RegistryOpt, SectionOpt, app, cache, registry_path
from audit.cli.help import AuditCommand
from audit.core.errors import AuditError
from audit.core.numerals import to_chinese
from audit.judge.lexicon import lexicon_problems
from audit.registry.cache import Cache
from audit.registry.load import load_problems
from audit.report import pipeline, reports
from audit.report.jsonout import print_json, write_bytes


def _part(registry: str | None, period: str | None, section: str | None, part: str):
    return pipeline.status_part(registry_path(registry), period, section, part, cache=cache())


@app.command(cls=AuditCommand)
def check(
    file: Annotated[Optional[str], typer.Argument(help="要检查的台账文件；缺省为当前台账。")] = None,
    json_out: JsonOpt = False,
) -> None:
    """检查台账文件和它所用的信号词库（台账旁的 signals.yaml）：列出所有问题及其位置（文件:行:列 字段）。没有问题时不输出，退出码 0。

    例：audit check data/tasks.yaml
    """
    path = file or registry_path(None)
    result = load_problems(path, cache())
    problems = list(result.problems) + lexicon_problems(path)  # and the lexicon it is judged with
    if json_out:
        print_json({"file": path, "ok": not problems, "problems": [p.as_dict() for p in problems]})
    elif problems:
        output.problems(problems)
    if result.unreadable:
        raise typer.Exit(2)
    if problems:
        raise typer.Exit(1)


@app.command(cls=AuditCommand)
def status(registry: RegistryOpt = None, period: PeriodOpt = None, section: SectionOpt = None, json_out: JsonOpt = False) -> None:
    """全年进展一览：序时进度、各状态任务数、分部分统计。

    例：audit status --period 2021-H1
    """
    if json_out:
        got = _part(registry, period, section, "json")
        write_bytes((lambda out: [out.write(p) for p in got]) if isinstance(got, list) else (lambda out: Cache.stream(got, out)))
    else:
        screen.status(_part(registry, period, section, "summary"))


@app.command(cls=AuditCommand)
def laggards(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    section: SectionOpt = None,
    status_: Annotated[Optional[str], typer.Option("--status", help="只看 lagging（滞后）或 stalled（停滞）。")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="只看某个责任单位的任务。")] = None,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="只列最严重的 N 项。")] = None,
    fail_on: Annotated[Optional[str], typer.Option(
        "--fail-on", help="有 stalled（或 lagging 及以上）任务时退出码为 1，供脚本使用。")] = None,
    json_out: JsonOpt = False,
) -> None:
    """列出滞后、停滞的任务，附进展原文中的依据，最严重的在前。

    例：audit laggards --section 7
    """
    report, aliases = _part(registry, period, section, "laggards")
    wanted = ("stalled", "lagging")
    if status_ is not None:
        if status_ not in wanted:
            raise typer.BadParameter("只能是 lagging 或 stalled。", param_hint="--status")
        wanted = (status_,)
    if fail_on is not None and fail_on not in ("lagging", "stalled"):
        raise typer.BadParameter("只能是 lagging 或 stalled。", param_hint="--fail-on")
    rows = reports.laggards(report, statuses=wanted, unit=unit, aliases=aliases)
    total = len(rows)
    rows = rows[:top] if top else rows
    if json_out:
        output.print_json(rows)
    else:
        output.laggards(rows, report, total)
    if fail_on:
        bad = {"stalled": ("stalled",), "lagging": ("stalled", "lagging")}[fail_on]
        if any(r["status"] in bad for r in rows):
            raise typer.Exit(1)


@app.command(cls=AuditCommand)
def show(
    task_id: Annotated[str, typer.Argument(metavar="ID", help="任务编号，如 28 或 1.8。")],
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="同时列出从进展文字中读到的事实，以及每条评估规则是否适用、为什么（按规则顺序）。")] = False,
    json_out: JsonOpt = False,
) -> None:
    """查看一项任务的全部内容：目标、量化指标、各期进展、评估结论、依据和作出结论的规则。

    例：audit show 28 --explain
    """
    report, _, reg = pipeline.status_entry(registry_path(registry), period, None, "full", cache=cache())
    reg = reg if reg is not None else pipeline.load_registry(registry_path(registry), cache()).registry
    pid = report["period"]
    task = reg.task(task_id)
    if task is None:
        near = difflib.get_close_matches(task_id, [t.id for t in reg.tasks], n=3)
        hint = f"是不是 {'、'.join(near)}？" if near else "用 audit status --json 可列出全部编号。"
        raise AuditError(f"台账中没有编号为 “{task_id}” 的任务。{hint}")
    row = next(r for r in report["tasks"] if r["id"] == task.id)
    entries = [{"period": e.period, "label": e.label, "text": e.text, "as_of": e.as_of} for e in task.progress]
    sec = reg.section(task.section)

    title = f"{to_chinese(sec.no)}、{sec.title}" if sec else ""
    steps = _explanation(task, reg, pid, registry) if explain else None
    if json_out:
        output.print_json({**row, "progress": entries, "period": pid, **({"explain": steps} if steps else {})})
        return
    output.show(row, entries, title, _rule_titles().get(row["rule"], ""))
    if steps:
        output.explanation(steps)


def _rule_titles() -> dict[str, str]:
    from audit.judge.rules import RULES

    return {r.__name__: r.title for r in RULES}


def _explanation(task, reg, pid: str, registry: str | None) -> dict:
    from audit.judge.explain import explain
    from audit.judge.lexicon import lexicon_for

    return explain(task, reg.meta, pid, lexicon_for(registry_path(registry))).as_dict()
