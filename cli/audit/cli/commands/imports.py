"""import-notice: a registry from a published circular."""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from audit.cli import output
from audit.cli.base import app
from audit.cli.help import AuditCommand
from audit.exchange import notice


@app.command("import-notice", cls=AuditCommand)
def import_notice(
    file: Annotated[str, typer.Argument(metavar="FILE", help="已发布的进展情况通报：.txt、.docx 或保存的网页（.html/.shtml）。")],
    output_path: Annotated[Optional[str], typer.Option("--output", "-o", metavar="OUT",
                                                       help="写入的台账文件。缺省把台账 YAML 输出到屏幕（标准输出）。")] = None,
    force: Annotated[bool, typer.Option("--force", help="OUT 已存在时覆盖它（缺省不覆盖）。")] = False,
    partial: Annotated[bool, typer.Option("--partial", help="有文字未能读懂时，仍导入已读出的任务（缺省拒绝导入）。")] = False,
) -> None:
    """从已发布的进展情况通报（txt、docx、网页，或本工具生成的草稿）建立任务台账。目标和进展照抄原文；导入报告
    （识别到几个部分、几项任务、哪些文字未能导入）显示在标准错误。正文中未能读懂的文字超过 5% 时不写入（加 --partial 仍导入）。

    例：audit import-notice 通报.docx -o data/tasks.yaml
    """
    result = notice.parse_notice(notice.read_notice(file), source=file)
    for line in result.report_lines():
        output.info(line)
    if output_path:
        notice.write_registry(result, output_path, force=force, partial=partial)
        output.info(f"已写入 {output_path}。运行 audit check {output_path} 可再次检查。")
    else:
        sys.stdout.write(notice.registry_text(result, partial=partial))
