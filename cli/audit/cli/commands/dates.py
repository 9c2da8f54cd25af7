"""Deadlines and milestones: what is coming up and what has passed (due), and 催办通知 per unit (remind)."""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from audit.cli import output
from audit.cli.base import JsonOpt, PeriodOpt, RegistryOpt, app
from audit.cli.help import AuditCommand
from audit.cli.loaded import load
from audit.core.dates import read_date
from audit.core.errors import AuditError, WriteRefused, os_reason
from audit.drafts import remind as notices
from audit.judge.assess import assess
from audit.judge.lexicon import lexicon_for
from audit.judge.pace import time_progress
from audit.registry.save import atomic_write
from audit.report import due as due_
from audit.report import reports

UnitOpt = Annotated[Optional[str], typer.Option("--unit", "-u", metavar="单位", help="只看这个单位牵头的任务。")]
AsOfOpt = Annotated[Optional[str], typer.Option(
    "--as-of", metavar="日期", help="按哪一天计算是否到期，如 2021-10-08 或 10月8日；缺省为今天。")]


def _day(text: str | None, year: int, option: str) -> date | None:
    """A date given on the command line, in any way the registry accepts one (2021-10-10, 10月10日)."""
    if text is None:
        return None
    r = read_date(text, year)
    if r.date is None:
        raise typer.BadParameter(f"“{text}” 读不出日期，请写成 2021-10-10 或 10月10日。", param_hint=option)
    return r.date


@app.command(cls=AuditCommand)
def due(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    within: Annotated[int, typer.Option("--within", "-w", min=0, metavar="天数", show_default=False,
                                        help="列出多少天内到期（和多少天内已完成）的，缺省 30 天。")] = 30,
    unit: UnitOpt = None,
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """按牵头单位列出完成时限和进度节点：已过期未完成的、即将到期的、近期已完成的、无时限的，日期早的在前。

    是否完成按该报告期（缺省最新一期）及以前各期的进展判断；是否到期按 --as-of 这一天（缺省今天）。

    例：audit due --within 30 --unit 市住建局
    """
    reg = load(registry)
    pid = reports.resolve_period(reg, period)
    day = _day(as_of, reg.meta.year, "--as-of") or date.today()
    data = due_.due(reg, assess(reg, pid, lexicon_for(reg.path)), pid, day, within=within, unit=unit, aliases=reports.alias_map(reg))
    if json_out:
        output.print_json(data)
    else:
        output.due(data)


@app.command(cls=AuditCommand)
def remind(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    unit: UnitOpt = None,
    by: Annotated[Optional[str], typer.Option(
        "--by", metavar="日期", help="请各单位在哪一天前报送，如 2021-10-10；缺省为 --as-of 之后 7 天。")] = None,
    as_of: AsOfOpt = None,
    out_dir: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="文件夹", help="写入这个文件夹（没有则新建），每个单位一个文件。缺省输出到屏幕（仅 Markdown）。")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="md|docx", show_default=False,
                                     help="md（Markdown，默认）或 docx（Word 公文格式）。")] = "md",
    template: Annotated[Optional[str], typer.Option(
        "--template", "-t", metavar="名称或文件", help="模板名称或文件；缺省为台账旁 templates/ 中的 remind.md.j2，再为随附模板。")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的同名文件（缺省不覆盖）。")] = False,
) -> None:
    """给每个牵头单位生成一份催办通知：已过时限尚未完成的事项、滞后和停滞的任务（附依据）、本期未报送的任务，以及报送期限。

    没有需要催办事项的单位不生成通知（在屏幕上说明）。

    例：audit remind --by 2021-10-10 -o 催办/ ；audit remind --unit 市住建局 -f docx -o 催办/
    """
    if fmt not in ("md", "docx"):
        raise typer.BadParameter("只能是 md 或 docx。", param_hint="--format")
    if fmt == "docx" and out_dir is None:
        raise AuditError("Word 文件不能显示在屏幕上。请用 -o 指定文件夹，如 -o 催办/。")
    reg = load(registry)
    pid = reports.resolve_period(reg, period)
    day = _day(as_of, reg.meta.year, "--as-of") or date.today()
    until = _day(by, reg.meta.year, "--by")
    assessments = assess(reg, pid, lexicon_for(reg.path))
    p = reg.meta.period(pid)
    report = reports.status(reg, assessments, pid, time_progress(reg.meta.year, p.as_of, reg.meta.pace))
    data = due_.remind(reg, report, assessments, day, by=until, unit=unit, aliases=reports.alias_map(reg))
    drafts = _drafts(reg, data, pid, day, fmt, template)
    if out_dir is None:
        sys.stdout.write("\n---\n\n".join(d.decode("utf-8") for _, d in drafts))
    else:
        output.reminders_written(_write(out_dir, drafts, fmt, force), out_dir)
    if data["nothing"]:
        output.nothing_to_chase(data["nothing"])


def _drafts(reg, data: dict, pid: str, day: date, fmt: str, template: str | None) -> list[tuple[str, bytes]]:
    """(unit, the notice) for every unit with something to chase, all made before anything is written."""
    by = date.fromisoformat(data["by"])
    return [(n["unit"], notices.render_notice(notices.notice_context(reg, n, pid, day, by), fmt, reg.path, template))
            for n in data["notices"]]


_UNSAFE = r'[\\/:*?"<>|\x00-\x1f\x7f]'  # not in a file name on Windows


def _write(folder: str, drafts: list[tuple[str, bytes]], fmt: str, force: bool) -> list[str]:
    """Each notice to `folder`/催办通知_单位.md|docx, atomically; nothing at all if one would overwrite without --force."""
    root = Path(folder)
    if not drafts:
        return []
    if root.exists() and not root.is_dir():
        raise WriteRefused(f"{folder} 是一个文件，不是文件夹。请用 -o 指定文件夹，如 -o 催办/。")
    targets = [(root / f"催办通知_{re.sub(_UNSAFE, '_', unit).strip(' .') or '未写单位'}.{fmt}", body) for unit, body in drafts]
    there = [str(t) for t, _ in targets if t.exists()]
    if there and not force:
        raise WriteRefused(f"{'、'.join(there)} 已存在，未写入任何通知。如确要覆盖，请加 --force；或用 -o 指定另一个文件夹。")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WriteRefused(f"无法创建文件夹 {folder}：{os_reason(e)}。") from None
    for target, body in targets:
        atomic_write(target, body)
    return [str(t) for t, _ in targets]
