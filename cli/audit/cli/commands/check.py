"""check: the registry and the lexicon it is judged with, every problem located."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from audit.cli import output
from audit.cli.base import JsonOpt, RegistryOpt, app, cache, registry_path
from audit.cli.help import AuditCommand
from audit.core.errors import AuditError
from audit.judge.lexicon import lexicon_problems
from audit.registry.load import load_problems
from audit.report.jsonout import print_json


@app.command(cls=AuditCommand)
def check(
    file: Annotated[Optional[str], typer.Argument(metavar="文件", help="要检查的台账文件；缺省为 -r 指定的或当前的台账。")] = None,
    registry: RegistryOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """检查台账文件和它所用的信号词库（台账旁的 signals.yaml）：列出所有问题及其位置（文件:行:列 字段）。没有问题时不输出，退出码 0。

    例：audit check -r data/tasks.yaml
    """
    if file and registry and file != registry:
        raise AuditError(f"要检查的台账写了两个：{file} 和 -r {registry}。请只写一个。")
    path = file or registry_path(registry)
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
