"""import-notice and import-tasks: a registry from a published circular, or from the year's 分解方案."""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from audit.cli import output
from audit.cli.base import app
from audit.cli.console import progress
from audit.cli.help import AuditCommand
from audit.exchange import breakdown, notice
from audit.registry import save


@app.command("import-notice", cls=AuditCommand)
def import_notice(
    file: Annotated[str, typer.Argument(metavar="文件", help="已发布的进展情况通报：.txt、.docx 或保存的网页（.html/.shtml）。")],
    output_path: Annotated[Optional[str], typer.Option("--output", "-o", metavar="文件",
                                                       help="写入的台账文件。缺省把台账 YAML 输出到屏幕（标准输出）。")] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它（缺省不覆盖）。")] = False,
    partial: Annotated[bool, typer.Option("--partial", help="有文字未能读懂时，仍导入已读出的任务（缺省拒绝导入）。")] = False,
    year: Annotated[Optional[int], typer.Option("--year", metavar="年度", help="计划年度。缺省读自通报的标题、开头或发布日期。")] = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="报告期",
                                                  help="这份通报的报告期，如 2021-H1、2021-Q3、2021-08。缺省读自标题。")] = None,
) -> None:
    """从已发布的进展情况通报（txt、docx、网页，或本工具生成的草稿）建立任务台账。目标和进展照抄原文；导入报告
    （识别到几个部分、几项任务、哪些文字未能导入）显示在标准错误。正文中未能读懂的文字超过 5% 时不写入（加 --partial 仍导入）。

    例：audit import-notice 通报.docx -o data/tasks.yaml
    """
    with progress("导入通报"):
        result = notice.parse_notice(notice.read_notice(file), source=file, year=year, period=period)
    try:
        text = notice.registry_text(result, partial=partial)
    finally:  # the report first, then what was written or why nothing was
        for line in result.report_lines():
            output.info(line)
    _write(text, output_path, force)


@app.command("import-tasks", cls=AuditCommand)
def import_tasks(
    file: Annotated[str, typer.Argument(metavar="文件", help="分解方案：.xlsx、.docx（表格）、.csv（UTF-8 或 GBK）或文本。")],
    output_path: Annotated[Optional[str], typer.Option("--output", "-o", metavar="文件",
                                                       help="写入的台账文件。缺省把台账 YAML 输出到屏幕（标准输出）。")] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它（缺省不覆盖；其中的单位别名会沿用）。")] = False,
    year: Annotated[Optional[int], typer.Option("--year", metavar="年度", help="计划年度。缺省读自分解方案的标题或文件名。")] = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="报告期", help="第一个报告期，如 2022-Q1（缺省）、2022-H1。")] = None,
) -> None:
    """从本年度的分解方案（任务分解表）建立任务台账：序号、重点任务、牵头市领导、牵头单位、配合单位、完成时限、
    进度安排按表头的意思找到，照抄原表。导入报告（表头各列、部分、任务、没有导入的行及原因）显示在标准错误。

    例：audit import-tasks 分解方案.xlsx -o data/tasks.yaml
    """
    aliases = breakdown.aliases_of(output_path) if output_path else {}
    with progress("导入分解方案"):
        result = breakdown.parse_breakdown(breakdown.read_breakdown(file), source=file, year=year, period=period,
                                           aliases=aliases)
    try:
        text = breakdown.registry_text(result)
    finally:
        for line in result.report_lines():
            output.info(line)
    _write(text, output_path, force)


def _write(text: str, output_path: str | None, force: bool) -> None:
    """The imported registry to the output file (atomically; an existing file only with --force), or to stdout."""
    if output_path:
        save.write_new(output_path, text, force=force)
        output.info(f"已写入 {output_path}。运行 audit check {output_path} 可再次检查。")
    else:
        sys.stdout.write(text)
