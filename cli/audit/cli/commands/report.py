"""The commands run most: status and laggards. Their answer usually waits in the cache, so they
ask it first and load the status pipeline (the loader and the judgement) only when it has none."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from audit.cli import output
from audit.cli.base import JsonOpt, PeriodOpt, RegistryOpt, SectionOpt, app, cache, registry_path
from audit.cli.console import progress
from audit.cli.help import AuditCommand
from audit.registry.cache import MISS, Cache
from audit.report import cached, reports
from audit.report.jsonout import write_bytes


def _part(registry: str | None, period: str | None, section: str | None, part: str):
    path, store = registry_path(registry), cache()
    hit, _ = cached.lookup(store, path, period, section, part)
    if hit is not MISS:
        return hit
    # The one place our own code is imported on demand (docs/code.md): a warm status needs neither
    # the loader nor the judgement, a third of its start-up.
    from audit.report import pipeline
    with progress("评估任务", quiet=part == "json") as tell:
        return pipeline.status_part(path, period, section, part, cache=store, progress=tell)


@app.command(cls=AuditCommand)
def status(registry: RegistryOpt = None, period: PeriodOpt = None, section: SectionOpt = None, json_out: JsonOpt = False) -> None:
    """全年进展一览：序时进度、各状态任务数、分部分统计。

    例：audit status --period 2021-H1
    """
    if json_out:
        got = _part(registry, period, section, "json")
        write_bytes((lambda out: [out.write(p) for p in got]) if isinstance(got, list) else (lambda out: Cache.stream(got, out)))
    else:
        output.status(_part(registry, period, section, "summary"))


@app.command(cls=AuditCommand)
def laggards(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    section: SectionOpt = None,
    status_: Annotated[Optional[str], typer.Option("--status", metavar="状态", help="只看 lagging（滞后）或 stalled（停滞）。")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", metavar="单位", help="只看某个责任单位的任务。")] = None,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, metavar="项数", help="只列最严重的 N 项。")] = None,
    fail_on: Annotated[Optional[str], typer.Option(
        "--fail-on", metavar="状态", help="有 stalled（或 lagging 及以上）任务时退出码为 1，供脚本使用。")] = None,
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
