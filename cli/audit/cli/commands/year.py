"""The year's work: restore, periods, the departments' 台账, updates, diffs, units, missing."""
from __future__ import annotations

import difflib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from audit.cli import listings, output
from audit.cli.base import AuditGroup, JsonOpt, PeriodOpt, RegistryOpt, WaitOpt, app, cache, registry_path, waiting
from audit.cli.console import progress
from audit.cli.help import AuditCommand
from audit.cli.loaded import load
from audit.core.decode import read_text
from audit.core.errors import AuditError
from audit.core.model import PERIOD_RE, default_as_of
from audit.exchange import ledger
from audit.judge.assess import assess
from audit.judge.lexicon import lexicon_for
from audit.judge.targets import extract_targets
from audit.registry import edit, save, writer
from audit.registry.load import load_index, task_of
from audit.registry.save import backup_path
from audit.report import reports
from audit.report.history import diff as diff_
from audit.report.history import missing as missing_
from audit.report.history import reported
from audit.report.history import units as units_


@app.command(cls=AuditCommand)
def restore(
    file: Annotated[Optional[str], typer.Argument(metavar="文件", help="分文件的台账中要恢复的文件；缺省为上一次写入改动的文件。")] = None,
    registry: RegistryOpt = None,
    force: Annotated[bool, typer.Option("--force", help="备份本身有问题时也换回（缺省拒绝）。")] = False,
    wait: WaitOpt = None,
) -> None:
    """用备份恢复台账：把上次写入前的备份（tasks.yaml.bak）换回来，当前文件改存为备份。再运行一次即可撤销恢复。

    分文件的台账：缺省恢复上一次写入改动的全部文件（如一次导入写了两个文件，两个一起恢复）；也可以写明一个文件。
    换回之前先检查备份：备份有问题（或换回后台账会有问题）时拒绝，除非加 --force。

    例：audit restore --registry data/tasks.yaml

    例：audit restore data/counties/嘉鱼.yaml -r data/tasks.yaml
    """
    wait_for = waiting(wait)
    path = registry_path(registry)
    done = writer.restore(path, file, force=force, cache=cache(), wait=wait_for)
    if done.problems:
        output.problems(done.problems)
        output.warn("备份有上列问题，已按 --force 换回。请改好后运行 audit check 检查。")
    names = "、".join(done.files)
    baks = "、".join(str(backup_path(f)) for f in done.files)
    output.info(f"已用备份恢复 {names}；恢复前的内容保存在 {baks}（再运行一次 audit restore 可撤销）。")


# ----------------------------------------------------------------------------- the year: periods, 台账, updates, diffs, units

period_app = typer.Typer(
    cls=AuditGroup,
    help="报告期：列出、声明报告期（一季度、半年、前三季度、全年、1-8月等）。\n\n例：audit period add 2021-Q3",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(period_app, name="period")


def _targets_map(reg) -> dict:
    """Each task's targets as assess judges them: written in the registry, else read from the goal."""
    lex = lexicon_for(reg.path)
    return {t.id: t.targets or tuple(extract_targets(t.goal, lex)) for t in reg.tasks}


def _declared(reg, period: str | None, verb: str) -> str:
    """A period a write is about: required, and declared in meta.periods."""
    ids = reg.period_ids
    if not period:
        raise AuditError(f"请用 --period 指定要{verb}的报告期，如 --period {ids[-1] if ids else '2021-Q3'}。"
                         f"已有报告期：{'、'.join(ids) or '无'}。")
    if period not in ids:
        hint = f"请先运行 audit period add {period} 声明该报告期。" if PERIOD_RE.match(period) else \
            "报告期写法如 2021-Q1、2021-H1、2021-Q3、2021（全年）、2021-08（1-8月）。"
        raise AuditError(f"报告期 “{period}” 没有在台账中声明（已有：{'、'.join(ids) or '无'}）。{hint}")
    return period


@period_app.command("list", cls=AuditCommand)
def period_list(registry: RegistryOpt = None, json_out: JsonOpt = False) -> None:
    """列出台账中的报告期（按时间先后），以及每期已报送的任务数。

    例：audit period list
    """
    reg = load(registry)
    rows = [{"id": p.id, "as_of": p.as_of.isoformat(), "label": p.label,
             "reported": sum(1 for t in reg.tasks if reported(t.entry(p.id))), "tasks": len(reg.tasks)}
            for p in reg.meta.periods]
    if json_out:
        output.print_json(rows)
    else:
        listings.periods(rows)


@period_app.command("add", cls=AuditCommand)
def period_add(
    period_id: Annotated[str, typer.Argument(metavar="报告期", help="报告期：2021-Q1、2021-H1、2021-Q3、2021（全年）、2021-08（1-8月）。")],
    registry: RegistryOpt = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="日期", help="截止日期，如 2021-09-30；缺省按报告期推算。")] = None,
    label: Annotated[Optional[str], typer.Option("--label", metavar="名称", help="名称，如 前三季度；可省略。")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将做的改动，不写文件。")] = False,
    wait: WaitOpt = None,
) -> None:
    """声明一个新的报告期（写入台账 meta.periods，按时间先后插入，保留注释，并备份原文件为 .bak）。

    分文件的台账写入含 meta 的文件（主文件；文件夹台账中写有 meta 的那个文件）。

    例：audit period add 2021-Q3 --as-of 2021-09-30
    """
    wait_for = waiting(wait)
    path = registry_path(registry)
    meta = load_index(path, cache()).meta
    pid = period_id.strip()
    m = PERIOD_RE.match(pid)
    if not m:
        y = meta.year or 2021
        raise AuditError(f"报告期 “{pid}” 的写法不认识。可写 {y}-Q1、{y}-H1、{y}-Q3、{y}（全年）或 {y}-08（1-8月）。")
    if meta.year and int(m["year"]) != meta.year:
        raise AuditError(f"报告期 “{pid}” 不在台账的计划年度 {meta.year} 内。")
    when = None
    if as_of:
        try:
            when = date.fromisoformat(as_of.strip())
        except ValueError:
            raise AuditError(f"截止日期 “{as_of}” 的写法不对，应为 年-月-日，如 2021-09-30。") from None
    file, _written = writer.add_period(path, pid, when, label, dry_run=dry_run, cache=cache(), wait=wait_for)
    listings.period_added(pid, (when or default_as_of(pid)).isoformat(), file, dry_run)


@app.command(cls=AuditCommand)
def export(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", metavar="单位", help="只导出这个单位牵头的任务。")] = None,
    out: Annotated[Optional[str], typer.Option("--output", "-o", metavar="文件",
        help="输出文件，按扩展名决定格式：.xlsx（缺省）、.csv、.json。")] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖。")] = False,
) -> None:
    """导出各部门填写的台账：每项任务一行，附上期进展和评估，留空“本期进展”“实际完成数”“单位”供填写。

    .xlsx 冻结表头、自动换行、编号列锁定，另有“填写说明”工作表；.csv 为带 BOM 的 UTF-8，Excel 可直接打开。

    例：audit export --period 2021-Q3 --unit 市经信局 -o 经信局台账.xlsx
    """
    reg = load(registry)
    pid = reports.resolve_period(reg, period)
    aliases = reports.alias_map(reg)
    tasks = ledger.lead_tasks(reg, unit, aliases)
    order = reg.period_ids
    prev_periods = {e.period for t in tasks if (e := t.previous_entry(pid, order)) is not None}
    prev_status = {}
    for pp in prev_periods:
        for a in assess(reg, pp, lexicon_for(reg.path)):
            if (t := reg.task(a.task_id)) is not None and (e := t.previous_entry(pid, order)) and e.period == pp:
                prev_status[a.task_id] = a.status
    rows = ledger.export_rows(reg, pid, tasks, prev_status=prev_status, targets=_targets_map(reg))
    name = out or f"台账_{pid}" + (f"_{unit.strip()}" if unit else "") + ".xlsx"
    target = Path(name)
    ext = target.suffix.lower()
    if ext == ".xlsx":
        data = ledger.to_xlsx(rows, pid, reg.meta.title, unit)
    elif ext == ".csv":
        data = ledger.to_csv(rows)
    elif ext == ".json":
        data = (json.dumps(ledger.to_json(rows, pid, reg.meta.title), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    else:
        raise AuditError(f"不支持的输出格式 “{ext or target.name}”。请用 .xlsx、.csv 或 .json 结尾的文件名。")
    if target.exists() and not force:
        raise AuditError(f"{target} 已存在，未覆盖。如确要覆盖，请加 --force；或用 -o 指定另一个文件名。")
    save.atomic_write(target, data)
    listings.exported(str(target), len(rows), pid, unit)


@app.command("import-progress", cls=AuditCommand)
def import_progress(
    file: Annotated[str, typer.Argument(metavar="文件", help="填好的台账：.xlsx 或 .csv（UTF-8 或 GBK）。")],
    registry: RegistryOpt = None,
    period: Annotated[Optional[str], typer.Option("--period", "-p", metavar="报告期",
        help="导入到哪个报告期，如 2021-Q3（必填）。")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将做的改动，不写文件。")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="允许替换该报告期已有的进展。")] = False,
    json_out: JsonOpt = False,
    wait: WaitOpt = None,
) -> None:
    """把各部门填好的台账导入任务台账。逐行检查，有任何一行有问题就全部不导入，并列出每个问题的工作表、行、列和原因。

    已有的同期进展不会被替换，除非加 --overwrite；“本期进展”为空的行跳过，记为未填写。写入前备份原台账为 .bak。

    分文件的台账：每项进展写入该任务所在的文件，各文件分别备份；写入前检查改动后的整个台账，有问题则一个文件也不写。

    例：audit import-progress 经信局台账.xlsx --period 2021-Q3 --dry-run
    """
    wait_for = waiting(wait)
    reg = load(registry)
    pid = _declared(reg, period, "导入")
    with progress("读取台账", quiet=json_out):
        reading = ledger.read_file(file, reg, pid, targets=_targets_map(reg))
    if reading.rejected:
        listings.rejections(reading.rejected)
        raise AuditError(f"{len(reading.rejected)} 处问题，未导入任何内容（要么全部导入，要么都不导入）。"
                         "请改好上列各处后重新导入。")
    path = registry_path(registry)
    outcomes, written = [], []
    if reading.rows:
        try:
            outcomes, written = writer.put_progress(path, reading.rows, pid, overwrite=overwrite, dry_run=dry_run,
                                                    cache=cache(), wait=wait_for)
        except edit.LedgerRejected as e:
            listings.rejections(e.rejections)
            raise AuditError(e.message) from None
    summary = {"file": file, "registry": path, "period": pid, "dry_run": dry_run, "written": written,
               "added": [o.task_id for o in outcomes if o.action == "add"],
               "replaced": [o.task_id for o in outcomes if o.action == "replace"],
               "unchanged": [o.task_id for o in outcomes if o.action == "same"],
               "blank": list(reading.blank), "changes": [o.as_dict() for o in outcomes]}
    if json_out:
        output.print_json(summary)
    else:
        listings.imported(summary)


@app.command(cls=AuditCommand)
def update(
    task_id: Annotated[str, typer.Argument(metavar="编号", help="任务编号，如 28 或 1.8。")],
    source: Annotated[Optional[str], typer.Argument(metavar="[-]", help="写 - 表示从标准输入读取进展文字。")] = None,
    registry: RegistryOpt = None,
    period: Annotated[Optional[str], typer.Option("--period", "-p", metavar="报告期", help="报告期，如 2021-Q3（必填）。")] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", metavar="进展文字", help="进展文字。")] = None,
    from_file: Annotated[Optional[str], typer.Option("--file", "-f", metavar="文件",
        help="从文本文件读取进展文字（UTF-8 或 GBK）。")] = None,
    actual: Annotated[Optional[str], typer.Option("--actual", metavar="数字",
        help="实际完成数，如 15；多个量化目标用分号隔开：15；620。")] = None,
    unit_: Annotated[Optional[str], typer.Option("--unit", metavar="单位", help="实际完成数的单位，如 家；缺省按量化目标。")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="允许替换该报告期已有的进展。")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将做的改动，不写文件。")] = False,
    wait: WaitOpt = None,
) -> None:
    """手工录入一项任务某一报告期的进展（已有进展不会被替换，除非加 --overwrite）。写入前备份原台账为 .bak。

    分文件的台账：写入该任务所在的文件，其他文件不动。

    例：audit update 28 --period 2021-Q3 --text "已完成项目立项，正在开展前期工作。"
    """
    wait_for = waiting(wait)
    given = [x for x in (text is not None, from_file is not None, source is not None) if x]
    if len(given) != 1:
        raise AuditError("请用且只用一种方式给出进展文字：--text 文字、--file 文件，或 - （从标准输入读取）。")
    if source is not None and source != "-":
        raise AuditError(f"不认识的参数 “{source}”。进展文字请用 --text \"…\" 给出，或写 - 从标准输入读取。")
    if from_file is not None:
        body = read_text(from_file, what="进展文字的文本文件")
    elif source == "-":
        body = sys.stdin.read()
    else:
        body = text
    body = ledger.clean_text(body)
    if not body:
        raise AuditError("进展文字是空的，未写入。")
    path = registry_path(registry)
    idx = load_index(path, cache())  # the task's block and what the registry declares: not the whole registry
    pid = _declared(idx, period, "录入")
    task = task_of(idx, task_id.strip())
    if task is None:
        near = difflib.get_close_matches(task_id, idx.ids, n=3)
        raise AuditError(f"台账中没有编号为 “{task_id}” 的任务。" + (f"是不是 {'、'.join(near)}？" if near else ""))
    # the task's targets as assess judges them (read from its goal with the registry's lexicon), when figures are given
    targets = (task.targets or tuple(extract_targets(task.goal, lexicon_for(path)))) if actual is not None else ()
    actuals, problem = ledger.parse_figures(actual, unit_, targets)
    if problem:
        raise AuditError(problem)
    filled = [edit.Filled(task.id, body, actuals)]
    try:
        outcomes, _written = writer.put_progress(path, filled, pid, overwrite=overwrite, dry_run=dry_run,
                                                 cache=cache(), command="update", wait=wait_for)
    except edit.LedgerRejected as e:
        raise AuditError(e.rejections[0].message if e.rejections else e.message) from None
    listings.updated(outcomes[0].as_dict(), pid, dry_run, task.source.file or path)


@app.command(cls=AuditCommand)
def diff(
    p1: Annotated[Optional[str], typer.Argument(metavar="报告期1", help="较早的报告期；缺省为报告期2 的上一期。")] = None,
    p2: Annotated[Optional[str], typer.Argument(metavar="报告期2", help="较晚的报告期；缺省为最新一期。")] = None,
    registry: RegistryOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """比较两个报告期：状态好转/变差、完成比例变化、进展未更新（与上期相同或几乎相同）和未报送的任务。

    例：audit diff 2021-H1 2021-Q3
    """
    reg = load(registry)
    later = reports.resolve_period(reg, p2)
    ids = reg.period_ids
    if p1 is None:
        i = ids.index(later)
        if i == 0:
            raise AuditError(f"{later} 是第一个报告期，没有上一期可比较。请写明两个报告期，如 audit diff {ids[0]} {ids[-1]}。")
        earlier = ids[i - 1]
    else:
        earlier = reports.resolve_period(reg, p1)
    lex = lexicon_for(reg.path)
    report = diff_(reg, assess(reg, earlier, lex), assess(reg, later, lex), earlier, later)
    if json_out:
        output.print_json(report)
    else:
        listings.diff(report)


@app.command(cls=AuditCommand)
def units(registry: RegistryOpt = None, period: PeriodOpt = None, json_out: JsonOpt = False) -> None:
    """按牵头单位统计：牵头任务数、已完成、序时推进、滞后、停滞、未报送；停滞、滞后、未报送多的单位排在前面。

    单位名称按原文精确匹配；同一单位的不同写法请在台账 meta.aliases 中声明。

    例：audit units --period 2021-H1
    """
    reg = load(registry)
    pid = reports.resolve_period(reg, period)
    rows = units_(reg, assess(reg, pid, lexicon_for(reg.path)), pid, reports.alias_map(reg))
    if json_out:
        output.print_json({"period": pid, "units": rows})
    else:
        listings.units(rows, pid)


@app.command(cls=AuditCommand)
def missing(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", metavar="单位", help="只看这个单位牵头的任务。")] = None,
    json_out: JsonOpt = False,
) -> None:
    """列出本期未报送（没有进展或进展为空）的任务及牵头单位。有未报送的任务时退出码为 1。

    例：audit missing --period 2021-Q3
    """
    reg = load(registry)
    pid = reports.resolve_period(reg, period)
    rows = missing_(reg, pid, reports.alias_map(reg), unit)
    if json_out:
        output.print_json({"period": pid, "total": len(reg.tasks), "missing": rows})
    else:
        listings.missing(rows, pid, len(reg.tasks))
    if rows:
        raise typer.Exit(1)
