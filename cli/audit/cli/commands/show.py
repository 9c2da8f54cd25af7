"""show: one task whole — goal, targets, every period's progress, the call, its evidence and its
rule; with --explain, the facts read and every rule in order."""
from __future__ import annotations

import difflib
from typing import Annotated

import typer

from audit.cli import output
from audit.cli.base import JsonOpt, PeriodOpt, RegistryOpt, app, cache, registry_path
from audit.cli.console import progress
from audit.cli.help import AuditCommand
from audit.core.errors import AuditError
from audit.core.numerals import to_chinese
from audit.judge.explain import explain as explain_task
from audit.judge.lexicon import lexicon_for
from audit.judge.rules import RULES
from audit.report import pipeline


@app.command(cls=AuditCommand)
def show(
    task_id: Annotated[str, typer.Argument(metavar="编号", help="任务编号，如 28 或 1.8。")],
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="同时列出从进展文字中读到的事实，以及每条评估规则是否适用、为什么（按规则顺序）。")] = False,
    json_out: JsonOpt = False,
) -> None:
    """查看一项任务的全部内容：目标、量化指标、各期进展、评估结论、依据和作出结论的规则。

    例：audit show 28 --explain
    """
    with progress("评估任务", quiet=json_out) as tell:
        report, _, reg = pipeline.status_entry(registry_path(registry), period, None, "full", cache=cache(), progress=tell)
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
    return {r.__name__: r.title for r in RULES}


def _explanation(task, reg, pid: str, registry: str | None) -> dict:
    return explain_task(task, reg.meta, pid, lexicon_for(registry_path(registry))).as_dict()
