"""render-notice: the circular draft, to the screen or a file."""
from __future__ import annotations

import glob
import io
import os
import sys
from datetime import date
from typing import Annotated, NamedTuple, Optional

import typer

from audit.cli import output as out
from audit.cli.base import PeriodOpt, RegistryOpt, app, cache, registry_path
from audit.cli.help import AuditCommand
from audit.core.errors import AuditError
from audit.drafts import render
from audit.registry.cache import MISS, Cache, Inputs, expand
from audit.registry.save import atomic_write
from audit.report import pipeline
from audit.report.jsonout import write_bytes


@app.command("render-notice", cls=AuditCommand)
def render_notice(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    template: Annotated[Optional[str], typer.Option(
        "--template", "-t", metavar="NAME|FILE",
        help="模板名称（如 notice）或模板文件路径。先找台账旁的 templates/ 文件夹，再找随软件提供的模板。")] = None,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", metavar="md|docx|html",
        help="输出格式：md（Markdown，默认）、docx（Word 公文格式）、html（网页）。缺省按 -o 文件的扩展名。")] = None,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="FILE", help="写入文件（生成成功后才替换已有文件）。缺省输出到屏幕（标准输出）。")] = None,
    title: Annotated[Optional[str], typer.Option(
        "--title", help="通报标题。缺省按台账标题，其中的报告期（半年、前三季度……）换成本期。")] = None,
    issuer: Annotated[Optional[str], typer.Option("--issuer", help="落款的发文单位。缺省为台账的 meta.issuer。")] = None,
    dated: Annotated[Optional[str], typer.Option(
        "--date", metavar="YYYY-MM-DD", help="落款日期，如 2021-10-08。缺省为今天。")] = None,
) -> None:
    """生成通报草稿：总体情况、各部分进展（附评估结论）、存在的问题、下一步工作要求、落款。

    标题、开头和文中的报告期按所选报告期写（一季度、上半年、前三季度、全年、1-8月）；落款日期为今天。

    例：audit render-notice > 通报草稿.md ；audit render-notice -p 2021-Q3 --date 2021-10-08 -o 通报草稿.docx
    """
    kind = render.format_for(output, fmt)
    if kind == "docx" and output is None and sys.stdout.isatty():
        raise AuditError("Word 文件不能显示在屏幕上。请用 -o 指定文件，如 -o 通报草稿.docx。")
    signed = _date(dated) if dated else date.today()
    heading = Heading(title.strip() if title and title.strip() else None, issuer.strip() if issuer else None, signed)
    draft, unreported = _notice(registry, period, template, kind, heading)  # whole before anything is written
    if output:
        _write_file(output, draft)
        out.info(f"通报草稿已写入 {output}。")
    else:
        write_bytes(lambda stream: _copy(draft, stream))
    if unreported:
        out.warn(f"{len(unreported)} 项任务本期未报送进展：{out.brief_ids(unreported, '用 audit missing 查看全部')}。"
                 "草稿中已写明“未报送”。")


class Heading(NamedTuple):
    """What the draft is titled, by whom and on which day it is signed (None: as the registry implies)."""

    title: str | None
    issuer: str | None
    signed: date


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise AuditError(f"落款日期 “{text}” 的写法不对，应为 年-月-日，如 2021-10-08。") from None


def _notice(local: str | None, period: str | None, template: str | None, kind: str, heading: Heading):
    """(the draft: bytes pieces, or a cache file holding them; ids of the tasks not reported).

    Cached like the status reports, and also keyed on the template files (every folder of the
    search path, watched whole), the format, the title, issuer and day it is signed with, so a
    province's draft is copied, not assessed and rendered again, while nothing has changed.
    """
    path = registry_path(local)
    store = cache()
    choice = render.template_search(path, template, kind)
    ident = (os.path.abspath(path), path, period, choice.name, tuple(map(str, choice.search)), kind,
             heading.title, heading.issuer, heading.signed.isoformat())
    if store is not None:
        unreported = store.get("notice-unreported", ident)
        body = store.get_path("notice", ident) if unreported is not MISS else None
        if body is not None:
            return body, unreported
    watched = render.template_files(choice, path)
    template_inputs = None
    if store is not None and watched is not None:
        template_inputs = Inputs()  # stat'ed before any template is read
        for folder in watched[0]:
            for pattern in (glob.escape(folder), os.path.join(glob.escape(folder), "*"), os.path.join(glob.escape(folder), ".*")):
                template_inputs.glob(pattern, expand(pattern))
        for f in watched[1]:
            template_inputs.file(f)
    (report, extras, head), inputs, _ = pipeline.status_entry(path, period, None, "notice", cache=store, extra=_per_task)
    context = render.build_context(head, report, report["period"], signed=heading.signed, extras=extras,
                                   title=heading.title, issuer=heading.issuer)
    if kind == "docx":
        draft = [render.render(context, kind, choice)]
    else:
        draft = render.render_pieces(choice, kind, context)
    if template_inputs is not None and inputs is not None:
        template_inputs.extend(inputs)
        if store.put_raw("notice", ident, template_inputs, draft):
            store.put("notice-unreported", ident, template_inputs, report["unreported"])
    return draft, report["unreported"]


def _copy(draft, stream) -> None:
    """Write a draft (bytes pieces or a cache file) to a binary stream."""
    if isinstance(draft, list):
        for piece in draft:
            stream.write(piece)
    else:
        Cache.stream(draft, stream)


def _write_file(target: str, draft) -> None:
    if isinstance(draft, list) and len(draft) == 1:
        atomic_write(target, draft[0])
        return

    buf = io.BytesIO()
    _copy(draft, buf)
    atomic_write(target, buf.getbuffer())


def _per_task(pid: str):
    """What the draft needs of each task beyond its report row (its progress text for the period)."""
    return lambda task, row: render.task_extras(task, row, pid)
