"""The command line: parse options, call the core, hand plain results to output.py."""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
import typer.core

from .errors import AuditError

INTERNAL_ERROR = 3


class AuditGroup(typer.core.TyperGroup):
    """The error boundary: domain errors become one clear message and exit 2, never a traceback."""

    def make_context(self, info_name, args, parent=None, **extra):
        # options of `audit` itself are parsed here, before invoke(): same Chinese usage errors
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except typer.TyperException as e:
            if _is_usage_error(e) and "--debug" not in args:
                from . import output

                output.error(_usage_message(e))
                raise typer.Exit(2) from None
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except typer.TyperException as e:
            if _is_usage_error(e) and not state.debug:
                from . import output

                output.error(_usage_message(e))
                raise typer.Exit(2) from None
            raise
        except AuditError as e:
            _report_error(e)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            from . import output

            output.error("已中断，未写入任何文件。")
            raise typer.Exit(130) from None
        except Exception as e:  # a bug, not the user's fault: say so plainly
            if state.debug:
                raise
            from . import output

            output.error(f"程序内部错误（{type(e).__name__}: {e}）。这不是您的操作问题；请加 --debug 重新运行，"
                         "并把输出发给维护人员。")
            raise typer.Exit(INTERNAL_ERROR) from None


def _is_usage_error(e: Exception) -> bool:
    # Typer ships click privately; only BadParameter is public, so match the family by name.
    names = {c.__name__ for c in type(e).__mro__}
    return "UsageError" in names and "NoArgsIsHelpError" not in names


_USAGE_PATTERNS = [
    (r"No such option: (\S+?)(?: \(Possible options: (.+)\))?$",
     lambda m: f"没有 {m[1]} 这个选项。" + (f"是不是 {m[2]}？" if m[2] else "")),
    (r"No such option: (\S+?)\s+Did you mean (\S+?)\?$", lambda m: f"没有 {m[1]} 这个选项。是不是 {m[2]}？"),
    (r"Missing argument '(.+)'\.?$", lambda m: f"缺少参数 {m[1]}。"),
    (r"Missing option '(.+)'\.?$", lambda m: f"缺少选项 {m[1]}。"),
    (r"No such command '(.+)'\.?$", lambda m: f"没有 “{m[1]}” 这个命令。"),
    (r"Option '(.+)' requires an argument\.?$", lambda m: f"选项 {m[1]} 后面要写一个值。"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", lambda m: f"多余的参数：{m[1]}。"),
    (r"Invalid value for (.+?): (.+)$", lambda m: f"{m[1]} 的值不对：{_value_words(m[2])}"),
]


def _value_words(text: str) -> str:
    import re

    for pattern, words in ((r"'(.*)' is not a valid integer", "“{0}” 不是整数"),
                           (r"'(.*)' is not a valid float", "“{0}” 不是数字"),
                           (r"Input should be a valid integer", "应为整数"),
                           (r"Input should be a valid number", "应为数字"),
                           (r"Input should be greater than or equal to (\S+)", "应不小于 {0}"),
                           (r"Input should be less than or equal to (\S+)", "应不大于 {0}"),
                           (r"'(.*)' is not one of (.+)", "“{0}” 不在可选值 {1} 之中")):
        m = re.search(pattern, text)
        if m:
            return words.format(*m.groups()) + "。"
    return text


def _usage_message(e: Exception) -> str:
    """A command-line usage error in Chinese, with where to look for the right usage."""
    import re

    raw = e.format_message() if hasattr(e, "format_message") else str(e)
    text = f"命令写法有误：{raw}"
    for pattern, fmt in _USAGE_PATTERNS:
        m = re.match(pattern, raw.strip(), re.S)
        if m:
            text = fmt(m)
            break
    ctx = getattr(e, "ctx", None)
    path = ctx.command_path if ctx is not None else "audit"
    return f"{text}运行 {path} -h 查看用法和示例。"


def _report_error(e: AuditError) -> None:
    from . import output

    if state.debug:
        import traceback

        traceback.print_exc()
    if e.problems:
        output.problems(e.problems)
    output.error(e.message)


app = typer.Typer(
    cls=AuditGroup,
    name="audit",
    help="政府工作报告重点任务进展督查工具。读取任务台账（data/tasks.yaml），评估完成情况，生成通报草稿。\n\n"
    "Progress audit of a government work report's key tasks.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    registry: str | None = None
    debug: bool = False


state = State()

# ----------------------------------------------------------------------------- shared options (defined once)

RegistryOpt = Annotated[
    Optional[str],
    typer.Option("--registry", "-r", help="台账文件路径。缺省依次查找：$AUDIT_REGISTRY、./data/tasks.yaml、随软件提供的台账。"),
]
PeriodOpt = Annotated[Optional[str], typer.Option("--period", "-p", help="报告期，如 2021-H1、2021-Q3。缺省为最新一期。")]
SectionOpt = Annotated[Optional[str], typer.Option("--section", "-s", help="只看某一部分：7 或 七。")]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（格式见 docs/json.md）。")]


@app.callback()
def main_callback(
    registry: RegistryOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整的程序调用栈（供开发人员排查）。")] = False,
) -> None:
    state.registry = registry
    state.debug = debug


def _registry_path(local: str | None) -> str:
    from .load import find_registry

    path, _why = find_registry(local or state.registry)
    return path


def _load(local: str | None = None):
    """Load the registry or stop with every problem listed (exit 2)."""
    from . import output
    from .load import load

    path = _registry_path(local)
    result = load(path)
    if result.problems:
        output.problems(result.problems)
        output.error(f"台账 {path} 有问题，无法继续。")
        raise typer.Exit(2)
    return result.registry


def _assessed(local: str | None, period: str | None, section: str | None = None):
    from . import reports
    from .assess import assess, time_progress

    reg = _load(local)
    pid = reports.resolve_period(reg, period)
    sec = reports.section_no(reg, section)
    assessments = assess(reg, pid)
    p = reg.meta.period(pid)
    tp = time_progress(reg.meta.year, p.as_of, reg.meta.pace)
    return reg, pid, reports.status(reg, assessments, pid, tp, sec)


# ----------------------------------------------------------------------------- commands


@app.command()
def check(
    file: Annotated[Optional[str], typer.Argument(help="要检查的台账文件；缺省为当前台账。")] = None,
    json_out: JsonOpt = False,
) -> None:
    """检查台账文件：列出所有问题及其位置（文件:行:列 字段）。没有问题时不输出，退出码 0。

    例：audit check data/tasks.yaml
    """
    from . import output
    from .load import load

    path = file or _registry_path(None)
    result = load(path)
    if json_out:
        output.print_json({"file": path, "ok": not result.problems, "problems": [p.as_dict() for p in result.problems]})
    else:
        output.problems(result.problems)
    if result.unreadable:
        raise typer.Exit(2)
    if result.problems:
        raise typer.Exit(1)


@app.command()
def status(registry: RegistryOpt = None, period: PeriodOpt = None, section: SectionOpt = None, json_out: JsonOpt = False) -> None:
    """全年进展一览：序时进度、各状态任务数、分部分统计。

    例：audit status --period 2021-H1
    """
    from . import output

    _reg, _pid, report = _assessed(registry, period, section)
    if json_out:
        output.print_json(report)
    else:
        output.status(report)


@app.command()
def laggards(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    section: SectionOpt = None,
    status_: Annotated[Optional[str], typer.Option("--status", help="只看 lagging（滞后）或 stalled（停滞）。")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="只看某个责任单位的任务。")] = None,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="只列最严重的 N 项。")] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="有 stalled（或 lagging 及以上）任务时退出码为 1，供脚本使用。")] = None,
    json_out: JsonOpt = False,
) -> None:
    """列出滞后、停滞的任务，附进展原文中的依据，最严重的在前。

    例：audit laggards --section 7
    """
    from . import output, reports

    reg, _pid, report = _assessed(registry, period, section)
    wanted = ("stalled", "lagging")
    if status_ is not None:
        if status_ not in wanted:
            raise typer.BadParameter("只能是 lagging 或 stalled。", param_hint="--status")
        wanted = (status_,)
    if fail_on is not None and fail_on not in ("lagging", "stalled"):
        raise typer.BadParameter("只能是 lagging 或 stalled。", param_hint="--fail-on")
    rows = reports.laggards(report, statuses=wanted, unit=unit, top=top, aliases=reports.alias_map(reg))
    if json_out:
        output.print_json(rows)
    else:
        output.laggards(rows, report)
    if fail_on:
        bad = {"stalled": ("stalled",), "lagging": ("stalled", "lagging")}[fail_on]
        if any(r["status"] in bad for r in rows):
            raise typer.Exit(1)


@app.command()
def show(
    task_id: Annotated[str, typer.Argument(metavar="ID", help="任务编号，如 28 或 1.8。")],
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """查看一项任务的全部内容：目标、量化指标、各期进展、评估结论和依据。

    例：audit show 28
    """
    from . import output, reports
    from .assess import assess_task, time_progress  # noqa: F401

    reg, pid, report = _assessed(registry, period)
    task = reg.task(task_id)
    if task is None:
        import difflib

        near = difflib.get_close_matches(task_id, [t.id for t in reg.tasks], n=3)
        hint = f"是不是 {'、'.join(near)}？" if near else "用 audit status --json 可列出全部编号。"
        raise AuditError(f"台账中没有编号为 “{task_id}” 的任务。{hint}")
    row = next(r for r in report["tasks"] if r["id"] == task.id)
    entries = [{"period": e.period, "label": e.label, "text": e.text, "as_of": e.as_of} for e in task.progress]
    sec = reg.section(task.section)
    from .numerals import to_chinese

    title = f"{to_chinese(sec.no)}、{sec.title}" if sec else ""
    if json_out:
        output.print_json({**row, "progress": entries, "period": pid})
    else:
        output.show(row, entries, title)


@app.command()
def restore(registry: RegistryOpt = None) -> None:
    """用备份恢复台账：把上次写入前的备份（tasks.yaml.bak）换回来，当前文件改存为备份。再运行一次即可撤销恢复。

    例：audit restore --registry data/tasks.yaml
    """
    from . import output
    from .save import restore as swap

    path = _registry_path(registry)
    bak = swap(path)
    output.info(f"已用备份恢复 {path}；恢复前的内容保存在 {bak}（再运行一次 audit restore 可撤销）。")


@app.command("import-notice")
def import_notice(
    file: Annotated[str, typer.Argument(metavar="FILE", help="已发布的进展情况通报：.txt、.docx 或保存的网页（.html/.shtml）。")],
    output_path: Annotated[Optional[str], typer.Option("--output", "-o", metavar="OUT",
                                                       help="写入的台账文件。缺省把台账 YAML 输出到屏幕（标准输出）。")] = None,
    force: Annotated[bool, typer.Option("--force", help="OUT 已存在时覆盖它（缺省不覆盖）。")] = False,
) -> None:
    """从已发布的进展情况通报（txt、docx、网页）建立任务台账。目标和进展照抄原文；导入报告（识别到几个部分、
    几项任务、哪些文字未能导入）显示在标准错误。

    例：audit import-notice 通报.docx -o data/tasks.yaml
    """
    from . import notice, output

    result = notice.parse_notice(notice.read_notice(file), source=file)
    for line in result.report_lines():
        output.info(line)
    if output_path:
        notice.write_registry(result, output_path, force=force)
        output.info(f"已写入 {output_path}。运行 audit check {output_path} 可再次检查。")
    else:
        sys.stdout.write(notice.registry_text(result))


# ----------------------------------------------------------------------------- entry point


def main() -> None:
    """Console-script entry."""
    app()
