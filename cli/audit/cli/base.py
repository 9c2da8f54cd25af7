"""The Typer app, its error boundary, the options every command shares, and where the registry and cache are."""
from __future__ import annotations

import os
import traceback
from typing import Annotated, Optional

import typer
import typer.core

from audit import __version__
from audit.cli import output
from audit.cli.help import ChineseHelp, is_usage_error, usage_message
from audit.core.errors import AuditError
from audit.core.resources import find_registry
from audit.registry.cache import Cache, open_cache
from audit.registry.locks import DEFAULT_WAIT, Wait

INTERNAL_ERROR = 3


class State:
    registry: str | None = None
    debug: bool = False


state = State()


class AuditGroup(ChineseHelp, typer.core.TyperGroup):
    """The error boundary: domain errors become one clear message and exit 2, never a traceback."""

    def make_context(self, info_name, args, parent=None, **extra):
        # options of `audit` itself are parsed here, before invoke(): same Chinese usage errors
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except typer.TyperException as e:
            if is_usage_error(e) and "--debug" not in args:
                output.error(usage_message(e))
                raise typer.Exit(2) from None
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except typer.TyperException as e:
            if is_usage_error(e) and not state.debug:
                output.error(usage_message(e))
                raise typer.Exit(2) from None
            raise
        except AuditError as e:
            report_error(e)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            output.error("已中断，未写入任何文件。")
            raise typer.Exit(130) from None
        except Exception as e:  # a bug, not the user's fault: say so plainly
            if state.debug:
                raise
            output.error(f"程序内部错误（{type(e).__name__}: {e}）。这不是您的操作问题；请加 --debug 重新运行，"
                         "并把输出发给维护人员。")
            raise typer.Exit(INTERNAL_ERROR) from None


def report_error(e: AuditError) -> None:
    if state.debug:
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
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# ----------------------------------------------------------------------------- shared options (defined once)

RegistryOpt = Annotated[
    Optional[str],
    typer.Option("--registry", "-r", metavar="路径",
        help="台账文件路径。缺省依次查找：$AUDIT_REGISTRY、./data/tasks.yaml、随软件提供的台账。"),
]
PeriodOpt = Annotated[Optional[str], typer.Option("--period", "-p", metavar="报告期", help="报告期，如 2021-H1、2021-Q3。缺省为最新一期。")]
SectionOpt = Annotated[Optional[str], typer.Option("--section", "-s", metavar="部分", help="只看某一部分：7 或 七。")]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（格式见 docs/json.md）。")]
# text, read by waiting(): a number option would cost every writing command Typer's Pydantic import
WaitOpt = Annotated[Optional[str], typer.Option("--wait", metavar="SECONDS",
                                                help=f"另一个写入正在进行时最多等待的秒数（缺省 {DEFAULT_WAIT:g}）；超时则不写入并报错。")]


def _version(shown: bool) -> None:
    if shown:
        typer.echo(f"audit {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    registry: RegistryOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整的程序调用栈（供开发人员排查）。")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号并退出。")] = False,
) -> None:
    state.registry = registry
    state.debug = debug


def registry_path(local: str | None) -> str:
    """The registry a command reads: its own -r, else audit's -r, $AUDIT_REGISTRY, ./data/tasks.yaml, the shipped one."""
    path, _why = find_registry(local or state.registry)
    return path


def waiting(given: str | None) -> Wait:
    """How a writing command waits for another writer (`--wait SECONDS`): it says so after a second,
    and gives up after that many seconds."""
    try:
        seconds = DEFAULT_WAIT if given is None else float(given)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise typer.BadParameter(f"应为等待的秒数，如 --wait 60，实际为 “{given}”。", param_hint="--wait")
    return Wait(seconds, notice=lambda: output.info(f"另一个写入正在进行，等待…（最多 {seconds:g} 秒）"))


def cache() -> Cache | None:
    return open_cache(os.environ)
