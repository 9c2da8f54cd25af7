"""The command line: parse options, call the core, hand plain results to output.py."""

import sys
from typing import Annotated, Optional

import typer
import typer.core

from .errors import AuditError, os_reason

INTERNAL_ERROR = 3


_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_USAGE_WORDS = (("[OPTIONS]", "[选项]"), ("COMMAND", "命令"), ("[ARGS]...", "[参数]..."))
_METAVARS = (("<str>", "<文字>"), ("<int range>", "<整数>"), ("<int>", "<整数>"), ("<float>", "<数>"), ("<path>", "<路径>"))


class ChineseHelpFormatter(typer.Context.formatter_class):
    """Help pages in Chinese: 用法/选项/命令/参数 where Typer writes Usage/Options/Commands/Arguments."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for en, zh in _USAGE_WORDS:
            args = args.replace(en, zh)
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        """Terms and their help in two columns, measured in display cells: Typer counts characters,
        so Chinese metavars pushed the help out of line and Chinese help ran past the edge."""
        import re

        rows = [(_zh_metavar(term), _zh_extra(text)) for term, text in rows]
        widths = [_cells(term) for term, _ in rows]
        first = min(max(widths, default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for (term, text), w in zip(rows, widths):
            self.write(indent + term)
            if not text:
                self.write("\n")
                continue
            if w + col_spacing <= first:
                self.write(" " * (first - w))
            else:
                self.write("\n" + indent + " " * first)
            lines = _wrap_cells(text, max(self.width - self.current_indent - first, 20))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(indent + " " * first + line + "\n")

    def write_text(self, text: str) -> None:
        """A command's description, each paragraph wrapped in display cells (lines of a paragraph
        are joined as Typer does, without a space between two Chinese characters)."""
        import re

        indent = " " * self.current_indent
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        for i, para in enumerate(paragraphs):
            joined = re.sub(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])", "", para.strip())
            for line in _wrap_cells(joined, max(self.width - self.current_indent, 20)):
                self.write(indent + line + "\n")
            if i < len(paragraphs) - 1:
                self.write("\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")


def _zh_metavar(term: str) -> str:
    for en, cn in _METAVARS:
        term = term.replace(en, cn)
    return term


def _zh_extra(text: str) -> str:
    """Typer's notes after an option's help, in Chinese: [required], [x>=1]."""
    import re

    text = re.sub(r"\s*\[required\]$", "（必填）", text)
    return re.sub(r"\s*\[x>=(\S+)\]$", r"（不小于 \1）", text)


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_OPENING = "（(“‘《「【"
_CLOSING = "。，、；：？！）)”’》」】"


def _wrap_cells(text: str, width: int) -> list[str]:
    """Greedy wrap by display cells. A run of ASCII letters, digits and path marks stays whole, an
    opening bracket stays with what follows it and closing punctuation with what precedes it."""
    import re

    tokens: list[str] = []
    for tok in re.findall(r"[\w$./:@\-]+(?<![^\x00-\x7f])|\s+|.", " ".join(text.split())):
        if tokens and (tok in _CLOSING or (tokens[-1] and tokens[-1][-1] in _OPENING)):
            tokens[-1] += tok
        else:
            tokens.append(tok)
    lines, line, used = [], "", 0
    for tok in tokens:
        w = _cells(tok)
        if used + w > width and line:
            lines.append(line.rstrip())
            line, used = "", 0
            if tok.isspace():
                continue
        line, used = line + tok, used + w
    lines.append(line.rstrip())
    return lines


class ChineseContext(typer.Context):
    formatter_class = ChineseHelpFormatter


def short_help(text: str, limit: int) -> str:
    """A command's line in the list of commands: its help's first sentence, cut to `limit` columns.

    Typer shortens at the first space past the limit, which Chinese text does not have, so a long
    first sentence became "..." and the rest overflowed the line.
    """
    import unicodedata

    first = text.split("\n\n", 1)[0].replace("\n", "")
    for mark in ("。", "：", "；"):
        first = first.split(mark, 1)[0]
    out, width = "", 0
    for ch in first:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if width + w > limit - 1:
            return out + "…"
        out, width = out + ch, width + w
    return out


class ChineseHelp:
    """What every command of ours shares: Chinese help pages and a Chinese -h line."""

    context_class = ChineseContext

    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = "显示本帮助并退出。"
        return opt

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help or not self.help:
            return super().get_short_help_str(limit)
        return short_help(self.help, limit)


class AuditCommand(ChineseHelp, typer.core.TyperCommand):
    pass


class AuditGroup(ChineseHelp, typer.core.TyperGroup):
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

    def parse_args(self, ctx, args):
        _plain_text_params(self, ctx)
        return super().parse_args(ctx, args)

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
    (r"No such command '(.+?)'\.(?:\s*Did you mean '(.+?)'\?)?$",
     lambda m: f"没有 “{m[1]}” 这个命令。" + (f"是不是 {m[2]}？" if m[2] else "")),
    (r"Option '(.+)' requires an argument\.?$", lambda m: f"选项 {m[1]} 后面要写一个值。"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", lambda m: f"多余的参数：{m[1]}。"),
    (r"Invalid value for (.+?): (.+)$", lambda m: f"{_param_words(m[1])}的值不对：{_value_words(m[2])}"),
]


def _param_words(text: str) -> str:
    """"'--top' / '-n'" -> "选项 --top "; "'ID'" -> "参数 ID "."""
    first = text.split(" / ")[0].strip().strip("'\"")
    return f"选项 {first} " if first.startswith("-") else f"参数 {first} "


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

def _plain_text_params(group, ctx) -> None:
    """Let text options and flags skip Typer's Pydantic coercion.

    Typer (>= 0.28) passes option values through a Pydantic TypeAdapter, and importing Pydantic
    costs more (~120 ms) than the rest of `audit status`. A text option read from the command
    line is already a `str` and a flag a `bool`, so for those we install a coercer that returns
    the value as is; anything else (numbers with ranges, paths, lists) keeps Typer's. This relies
    on Typer internals: if they change, it does nothing and options still work, only slower.
    """
    try:
        from typer._coercion import RuntimeParam
    except ImportError:
        return
    kinds = {str: str, Optional[str]: str, bool: bool}

    class Plain(RuntimeParam):
        def _coerce_value(self, value, param, ctx):
            if isinstance(value, kinds[self.annotation]):
                return value
            raise typer.BadParameter(f"无法识别的取值 {value!r}。", ctx=ctx, param=param)

    for cmd in [group, *group.commands.values()]:
        params = list(cmd.params)
        try:
            params.append(cmd.get_help_option(ctx))  # made on demand, then kept by the command
        except Exception:
            pass
        for p in params:
            desc = getattr(p, "type_descriptor", None)
            if (desc is not None and getattr(p, "_runtime_param", 0) is None and desc.annotation in kinds
                    and desc.file_annotation is None and p.nargs == 1 and not p.multiple):
                p._runtime_param = Plain(desc.parameter_info, desc.annotation)


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
    from .resources import find_registry

    path, _why = find_registry(local or state.registry)
    return path


def _cache():
    """The parse cache named by the environment ($AUDIT_CACHE_DIR, $AUDIT_NO_CACHE=1), or None."""
    import os

    from .cache import Cache, cache_dir

    folder = cache_dir(os.environ)
    return Cache(folder) if folder is not None else None


def _load(local: str | None = None):
    """Load the registry or stop with every problem listed (exit 2)."""
    return _load_result(local).registry


def _load_result(local: str | None = None, cache=None):
    from .load import load

    path = _registry_path(local)
    result = load(path, cache if cache is not None else _cache())
    if result.problems:
        from . import output

        output.problems(result.problems)
        output.error(f"台账 {path} 有问题，无法继续。")
        raise typer.Exit(2)
    return result


def _assessed(local: str | None, period: str | None, section: str | None = None):
    """(registry, period id, status report with every task row): the report cached like status's."""
    report, _, reg = _status_entry(local, period, section, "full")
    return reg if reg is not None else _load(local), report["period"], report


def _status_part(local: str | None, period: str | None, section: str | None, part: str):
    """What `status` and `laggards` print, cached while the registry, lexicon and code are unchanged.

    part "summary": the status report without its task rows; "laggards": (the report with only
    its lagging and stalled rows, the unit alias map); "full": the report with every row (show);
    "notice": (the report with every row, each row's `render.task_extras`, the registry's meta and
    sections without its tasks) for render-notice; "json": the whole report as the documented
    JSON text, returned as a cache file to stream or as bytes pieces. A county's status then
    costs a cache read, and a province's 100,000-task JSON is copied rather than recomputed.
    """
    return _status_entry(local, period, section, part)[0]


def _status_entry(local: str | None, period: str | None, section: str | None, part: str):
    """(the value of `_status_part`, the Inputs it was made from or None, the Registry if it was loaded whole)."""
    import os

    from .cache import MISS

    path = _registry_path(local)
    cache = _cache()
    kind, ident = f"status-{part}", (os.path.abspath(path), path, period, section)
    if cache is not None:
        if part == "json":
            hit = cache.get_path(kind, ident)
            if hit is not None:
                return hit, None, None
        else:
            hit = cache.get_entry(kind, ident)
            if hit is not MISS:
                return hit[0], hit[1], None
    if part != "full":
        split = _status_split(path, cache, kind, ident, period, section, part)
        if split is not None:
            return split[0], split[1], None
    from . import batch, reports, resources
    from .cache import Inputs

    result = _load_result(local, cache)
    reg = result.registry
    pid = reports.resolve_period(reg, period)
    sec = reports.section_no(reg, section)
    inputs = Inputs()
    if result.inputs is not None:
        inputs.extend(result.inputs)
    inputs.file(str(resources.shipped_signals()))  # stat'ed before the lexicon is read
    got = batch.rows(reg, pid, sec, want_json=part == "json", keep=_KEEP.get(part), extra=_extra(part, pid))
    return _status_value(reg, pid, sec, got, part, cache, kind, ident, inputs), inputs, reg


_KEEP = {"laggards": lambda r: r["status"] in ("stalled", "lagging"), "full": lambda r: True, "notice": lambda r: True}


def _extra(part: str, pid: str):
    """What each kept row needs beyond itself, made from its task where it is assessed."""
    if part != "notice":
        return None
    from .render import task_extras

    return lambda task, row: task_extras(task, row, pid)


def _status_split(path: str, cache, kind: str, ident: tuple, period: str | None, section: str | None, part: str):
    """The cold path for one large plain registry file: its tasks parsed, validated and assessed in
    parts on every core (batch.rows_from_file). None whenever anything is unusual — an include,
    a problem, a syntax error, a repeated id — and the caller loads the file whole as usual.
    Otherwise (value, Inputs)."""
    import os

    from . import batch, load, reports, resources
    from .cache import Inputs

    if {r.__name__ for r in load.RULES} - {"rule_duplicate_ids", "rule_known_sections", "rule_known_periods"}:
        return None  # a registry-wide rule the parts cannot check on their own
    try:
        if os.path.isdir(path) or os.path.getsize(path) < batch.SPLIT_MIN_BYTES or batch.cores() < 2:
            return None
        inputs = Inputs()
        inputs.file(path)  # stat'ed before reading
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return None
    split = batch.split_tasks(raw)
    if split is None:
        return None
    head, cuts = split
    try:
        head_text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head_data, problems = load.parse(head_text, path)
    if problems or not isinstance(head_data, dict) or "include" in head_data:
        return None
    reg, pending = load.build(head_data, path)  # meta and sections, no tasks
    if reg is None or pending:
        return None
    try:
        pid = reports.resolve_period(reg, period)
        sec = reports.section_no(reg, section)
    except AuditError:
        return None  # the usual path says so
    registry_inputs = Inputs.from_deps(inputs.deps())
    inputs.file(str(resources.shipped_signals()))
    got = batch.rows_from_file(raw, head_data, path, pid, sec, cuts=cuts, want_json=part == "json",
                               keep=_KEEP.get(part), extra=_extra(part, pid))
    if got is None:
        return None
    del raw
    if cache is not None:  # every task was validated: a warm `check` needs no parse either
        cache.put("problems", (os.path.abspath(path), path), registry_inputs, [])
    return _status_value(reg, pid, sec, got, part, cache, kind, ident, inputs), inputs


def _status_value(reg, pid: str, sec, got, part: str, cache, kind: str, ident: tuple, inputs):
    from . import batch, reports
    from .assess import time_progress

    p = reg.meta.period(pid)
    report = reports.summarise(reg, got.slim, pid, time_progress(reg.meta.year, p.as_of, reg.meta.pace), sec)
    if part == "json":
        pieces = batch.json_pieces(report, got.json_chunks)
        if cache is not None:
            cache.put_raw(kind, ident, inputs, pieces)
        return pieces
    if part == "summary":
        value = {k: v for k, v in report.items() if k != "tasks"}
    elif part == "full":
        value = {**report, "tasks": got.kept}
    elif part == "notice":
        value = ({**report, "tasks": got.kept}, got.extras, reg._replace(tasks=()))
    else:
        value = ({**report, "tasks": got.kept}, reports.alias_map(reg))
    if cache is not None:
        if len(got.kept) >= BACKGROUND_PUT:
            cache.put_soon(kind, ident, inputs, value)  # pickling every row of 100,000 tasks takes seconds
        else:
            cache.put(kind, ident, inputs, value)
    return value


BACKGROUND_PUT = 20_000


# ----------------------------------------------------------------------------- commands


@app.command(cls=AuditCommand)
def check(
    file: Annotated[Optional[str], typer.Argument(help="要检查的台账文件；缺省为当前台账。")] = None,
    json_out: JsonOpt = False,
) -> None:
    """检查台账文件：列出所有问题及其位置（文件:行:列 字段）。没有问题时不输出，退出码 0。

    例：audit check data/tasks.yaml
    """
    from .load import load_problems

    path = file or _registry_path(None)
    result = load_problems(path, _cache())
    if json_out:
        from .jsonout import print_json

        print_json({"file": path, "ok": not result.problems, "problems": [p.as_dict() for p in result.problems]})
    elif result.problems:  # a clean check prints nothing, so it need not import Rich
        from . import output

        output.problems(result.problems)
    if result.unreadable:
        raise typer.Exit(2)
    if result.problems:
        raise typer.Exit(1)


@app.command(cls=AuditCommand)
def status(registry: RegistryOpt = None, period: PeriodOpt = None, section: SectionOpt = None, json_out: JsonOpt = False) -> None:
    """全年进展一览：序时进度、各状态任务数、分部分统计。

    例：audit status --period 2021-H1
    """
    if json_out:
        from .cache import Cache
        from .jsonout import write_bytes

        got = _status_part(registry, period, section, "json")
        write_bytes((lambda out: [out.write(p) for p in got]) if isinstance(got, list) else (lambda out: Cache.stream(got, out)))
    else:
        from . import screen  # the status screen needs no Rich console (see screen.py)

        screen.status(_status_part(registry, period, section, "summary"))


@app.command(cls=AuditCommand)
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

    report, aliases = _status_part(registry, period, section, "laggards")
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


@app.command(cls=AuditCommand)
def show(
    task_id: Annotated[str, typer.Argument(metavar="ID", help="任务编号，如 28 或 1.8。")],
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """查看一项任务的全部内容：目标、量化指标、各期进展、评估结论和依据。

    例：audit show 28
    """
    from . import output

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


@app.command(cls=AuditCommand)
def restore(
    file: Annotated[Optional[str], typer.Argument(metavar="FILE", help="分文件的台账中要恢复的文件；缺省为上一次写入改动的文件。")] = None,
    registry: RegistryOpt = None,
    force: Annotated[bool, typer.Option("--force", help="备份本身有问题时也换回（缺省拒绝）。")] = False,
) -> None:
    """用备份恢复台账：把上次写入前的备份（tasks.yaml.bak）换回来，当前文件改存为备份。再运行一次即可撤销恢复。

    分文件的台账：缺省恢复上一次写入改动的全部文件（如一次导入写了两个文件，两个一起恢复）；也可以写明一个文件。
    换回之前先检查备份：备份有问题（或换回后台账会有问题）时拒绝，除非加 --force。

    例：audit restore --registry data/tasks.yaml

    例：audit restore data/counties/嘉鱼.yaml -r data/tasks.yaml
    """
    from . import output, writer
    from .save import backup_path

    path = _registry_path(registry)
    done = writer.restore(path, file, force=force)
    if done.problems:
        output.problems(done.problems)
        output.warn("备份有上列问题，已按 --force 换回。请改好后运行 audit check 检查。")
    names = "、".join(done.files)
    baks = "、".join(str(backup_path(f)) for f in done.files)
    output.info(f"已用备份恢复 {names}；恢复前的内容保存在 {baks}（再运行一次 audit restore 可撤销）。")


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
) -> None:
    """生成通报草稿：总体情况、各部分进展（附评估结论）、存在的问题、下一步工作要求、落款。

    例：audit render-notice > 通报草稿.md ；audit render-notice -o 通报草稿.docx
    """
    from datetime import date

    from . import output as out
    from . import render

    kind = render.format_for(output, fmt)
    if kind == "docx" and output is None and sys.stdout.isatty():
        raise AuditError("Word 文件不能显示在屏幕上。请用 -o 指定文件，如 -o 通报草稿.docx。")
    draft, unreported = _notice(registry, period, template, kind, date.today())  # whole before anything is written
    if output:
        _write_file(output, draft)
        out.info(f"通报草稿已写入 {output}。")
    else:
        from .jsonout import write_bytes

        write_bytes(lambda stream: _copy(draft, stream))
    if unreported:
        out.warn(f"{len(unreported)} 项任务本期未报送进展：{out.brief_ids(unreported, '用 audit missing 查看全部')}。"
                 "草稿中已写明“未报送”。")


def _notice(local: str | None, period: str | None, template: str | None, kind: str, today):
    """(the draft: bytes pieces, or a cache file holding them; ids of the tasks not reported).

    Cached like the status reports, and also keyed on the template files (every folder of the
    search path, watched whole), the format and the day (the draft is signed with it), so a
    province's draft is copied, not assessed and rendered again, while nothing has changed.
    """
    import glob
    import os

    from . import render
    from .cache import MISS, expand

    path = _registry_path(local)
    cache = _cache()
    choice = render.template_search(path, template, kind)
    ident = (os.path.abspath(path), path, period, choice.name, tuple(map(str, choice.search)), kind, today.isoformat())
    if cache is not None:
        unreported = cache.get("notice-unreported", ident)
        body = cache.get_path("notice", ident) if unreported is not MISS else None
        if body is not None:
            return body, unreported
    watched = render.template_files(choice, path)
    template_inputs = None
    if cache is not None and watched is not None:
        from .cache import Inputs

        template_inputs = Inputs()  # stat'ed before any template is read
        for folder in watched[0]:
            for pattern in (glob.escape(folder), os.path.join(glob.escape(folder), "*"), os.path.join(glob.escape(folder), ".*")):
                template_inputs.glob(pattern, expand(pattern))
        for f in watched[1]:
            template_inputs.file(f)
    (report, extras, head), inputs, _ = _status_entry(local, period, None, "notice")
    context = render.build_context(head, report, report["period"], today=today, extras=extras)
    if kind == "docx":
        draft = [render.render(context, kind, choice)]
    else:
        draft = render.render_pieces(choice, kind, context)
    if template_inputs is not None and inputs is not None:
        template_inputs.extend(inputs)
        if cache.put_raw("notice", ident, template_inputs, draft):
            cache.put("notice-unreported", ident, template_inputs, report["unreported"])
    return draft, report["unreported"]


def _copy(draft, stream) -> None:
    """Write a draft (bytes pieces or a cache file) to a binary stream."""
    if isinstance(draft, list):
        for piece in draft:
            stream.write(piece)
    else:
        from .cache import Cache

        Cache.stream(draft, stream)


def _write_file(target: str, draft) -> None:
    from .save import atomic_write

    if isinstance(draft, list) and len(draft) == 1:
        atomic_write(target, draft[0])
        return
    import io

    buf = io.BytesIO()
    _copy(draft, buf)
    atomic_write(target, buf.getbuffer())


@app.command("import-notice", cls=AuditCommand)
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
    from .extract import extract_targets

    return {t.id: t.targets or tuple(extract_targets(t.goal)) for t in reg.tasks}


def _declared(reg, period: str | None, verb: str) -> str:
    """A period a write is about: required, and declared in meta.periods."""
    from .model import PERIOD_RE

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
    from . import output
    from .history import reported

    reg = _load(registry)
    rows = [{"id": p.id, "as_of": p.as_of.isoformat(), "label": p.label,
             "reported": sum(1 for t in reg.tasks if reported(t.entry(p.id))), "tasks": len(reg.tasks)}
            for p in reg.meta.periods]
    if json_out:
        output.print_json(rows)
    else:
        output.periods(rows)


@period_app.command("add", cls=AuditCommand)
def period_add(
    period_id: Annotated[str, typer.Argument(metavar="ID", help="报告期：2021-Q1、2021-H1、2021-Q3、2021（全年）、2021-08（1-8月）。")],
    registry: RegistryOpt = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="截止日期，如 2021-09-30；缺省按报告期推算。")] = None,
    label: Annotated[Optional[str], typer.Option("--label", help="名称，如 前三季度；可省略。")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将做的改动，不写文件。")] = False,
) -> None:
    """声明一个新的报告期（写入台账 meta.periods，按时间先后插入，保留注释，并备份原文件为 .bak）。

    分文件的台账写入含 meta 的文件（主文件；文件夹台账中写有 meta 的那个文件）。

    例：audit period add 2021-Q3 --as-of 2021-09-30
    """
    from datetime import date

    from . import output, writer
    from .model import PERIOD_RE, default_as_of

    reg = _load(registry)
    pid = period_id.strip()
    m = PERIOD_RE.match(pid)
    if not m:
        y = reg.meta.year or 2021
        raise AuditError(f"报告期 “{pid}” 的写法不认识。可写 {y}-Q1、{y}-H1、{y}-Q3、{y}（全年）或 {y}-08（1-8月）。")
    if reg.meta.year and int(m["year"]) != reg.meta.year:
        raise AuditError(f"报告期 “{pid}” 不在台账的计划年度 {reg.meta.year} 内。")
    when = None
    if as_of:
        try:
            when = date.fromisoformat(as_of.strip())
        except ValueError:
            raise AuditError(f"截止日期 “{as_of}” 的写法不对，应为 年-月-日，如 2021-09-30。") from None
    file, _written = writer.add_period(_registry_path(registry), pid, when, label, dry_run=dry_run, cache=_cache())
    output.period_added(pid, (when or default_as_of(pid)).isoformat(), file, dry_run)


@app.command(cls=AuditCommand)
def export(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="只导出这个单位牵头的任务。")] = None,
    out: Annotated[Optional[str], typer.Option("--output", "-o", help="输出文件，按扩展名决定格式：.xlsx（缺省）、.csv、.json。")] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖。")] = False,
) -> None:
    """导出各部门填写的台账：每项任务一行，附上期进展和评估，留空“本期进展”“实际完成数”“单位”供填写。

    .xlsx 冻结表头、自动换行、编号列锁定，另有“填写说明”工作表；.csv 为带 BOM 的 UTF-8，Excel 可直接打开。

    例：audit export --period 2021-Q3 --unit 市经信局 -o 经信局台账.xlsx
    """
    from pathlib import Path

    from . import ledger, output, reports, save
    from .assess import assess

    reg = _load(registry)
    pid = reports.resolve_period(reg, period)
    aliases = reports.alias_map(reg)
    tasks = ledger.lead_tasks(reg, unit, aliases)
    order = reg.period_ids
    prev_periods = {e.period for t in tasks if (e := t.previous_entry(pid, order)) is not None}
    prev_status = {}
    for pp in prev_periods:
        for a in assess(reg, pp):
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
        import json

        data = (json.dumps(ledger.to_json(rows, pid, reg.meta.title), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    else:
        raise AuditError(f"不支持的输出格式 “{ext or target.name}”。请用 .xlsx、.csv 或 .json 结尾的文件名。")
    if target.exists() and not force:
        raise AuditError(f"{target} 已存在，未覆盖。如确要覆盖，请加 --force；或用 -o 指定另一个文件名。")
    save.atomic_write(target, data)
    output.exported(str(target), len(rows), pid, unit)


@app.command("import-progress", cls=AuditCommand)
def import_progress(
    file: Annotated[str, typer.Argument(metavar="FILE", help="填好的台账：.xlsx 或 .csv（UTF-8 或 GBK）。")],
    registry: RegistryOpt = None,
    period: Annotated[Optional[str], typer.Option("--period", "-p", help="导入到哪个报告期，如 2021-Q3（必填）。")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将做的改动，不写文件。")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="允许替换该报告期已有的进展。")] = False,
    json_out: JsonOpt = False,
) -> None:
    """把各部门填好的台账导入任务台账。逐行检查，有任何一行有问题就全部不导入，并列出每个问题的工作表、行、列和原因。

    已有的同期进展不会被替换，除非加 --overwrite；“本期进展”为空的行跳过，记为未填写。写入前备份原台账为 .bak。

    分文件的台账：每项进展写入该任务所在的文件，各文件分别备份；写入前检查改动后的整个台账，有问题则一个文件也不写。

    例：audit import-progress 经信局台账.xlsx --period 2021-Q3 --dry-run
    """
    from . import ledger, output, writer

    reg = _load(registry)
    pid = _declared(reg, period, "导入")
    reading = ledger.read_file(file, reg, pid, targets=_targets_map(reg))
    if reading.rejected:
        output.rejections(reading.rejected)
        raise AuditError(f"{len(reading.rejected)} 处问题，未导入任何内容（要么全部导入，要么都不导入）。"
                         "请改好上列各处后重新导入。")
    path = _registry_path(registry)
    outcomes, written = [], []
    if reading.rows:
        try:
            outcomes, written = writer.put_progress(path, reading.rows, pid, overwrite=overwrite, dry_run=dry_run,
                                                    cache=_cache())
        except ledger.LedgerRejected as e:
            output.rejections(e.rejections)
            raise AuditError(e.message) from None
    summary = {"file": file, "registry": path, "period": pid, "dry_run": dry_run, "written": written,
               "added": [o.task_id for o in outcomes if o.action == "add"],
               "replaced": [o.task_id for o in outcomes if o.action == "replace"],
               "unchanged": [o.task_id for o in outcomes if o.action == "same"],
               "blank": list(reading.blank), "changes": [o.as_dict() for o in outcomes]}
    if json_out:
        output.print_json(summary)
    else:
        output.imported(summary)


@app.command(cls=AuditCommand)
def update(
    task_id: Annotated[str, typer.Argument(metavar="ID", help="任务编号，如 28 或 1.8。")],
    source: Annotated[Optional[str], typer.Argument(metavar="[-]", help="写 - 表示从标准输入读取进展文字。")] = None,
    registry: RegistryOpt = None,
    period: Annotated[Optional[str], typer.Option("--period", "-p", help="报告期，如 2021-Q3（必填）。")] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="进展文字。")] = None,
    from_file: Annotated[Optional[str], typer.Option("--file", "-f", help="从文本文件读取进展文字（UTF-8 或 GBK）。")] = None,
    actual: Annotated[Optional[str], typer.Option("--actual", help="实际完成数，如 15；多个量化目标用分号隔开：15；620。")] = None,
    unit_: Annotated[Optional[str], typer.Option("--unit", help="实际完成数的单位，如 家；缺省按量化目标。")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="允许替换该报告期已有的进展。")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将做的改动，不写文件。")] = False,
) -> None:
    """手工录入一项任务某一报告期的进展（已有进展不会被替换，除非加 --overwrite）。写入前备份原台账为 .bak。

    分文件的台账：写入该任务所在的文件，其他文件不动。

    例：audit update 28 --period 2021-Q3 --text "已完成项目立项，正在开展前期工作。"
    """
    from pathlib import Path

    from . import ledger, output, writer

    given = [x for x in (text is not None, from_file is not None, source is not None) if x]
    if len(given) != 1:
        raise AuditError("请用且只用一种方式给出进展文字：--text 文字、--file 文件，或 - （从标准输入读取）。")
    if source is not None and source != "-":
        raise AuditError(f"不认识的参数 “{source}”。进展文字请用 --text \"…\" 给出，或写 - 从标准输入读取。")
    if from_file is not None:
        try:
            raw = Path(from_file).read_bytes()
        except OSError as e:
            raise AuditError(f"无法读取 {from_file}：{os_reason(e)}。") from None
        body, enc = ledger.decode_csv(raw)
        if body is None:
            raise AuditError(f"{from_file}：{enc}")
    elif source == "-":
        body = sys.stdin.read()
    else:
        body = text
    body = ledger.clean_text(body)
    if not body:
        raise AuditError("进展文字是空的，未写入。")
    reg = _load(registry)
    pid = _declared(reg, period, "录入")
    task = reg.task(task_id.strip())
    if task is None:
        import difflib

        near = difflib.get_close_matches(task_id, [t.id for t in reg.tasks], n=3)
        raise AuditError(f"台账中没有编号为 “{task_id}” 的任务。" + (f"是不是 {'、'.join(near)}？" if near else ""))
    actuals, problem = ledger.parse_figures(actual, unit_, _targets_map(reg)[task.id])
    if problem:
        raise AuditError(problem)
    filled = [ledger.Filled(task.id, body, actuals)]
    path = _registry_path(registry)
    try:
        outcomes, _written = writer.put_progress(path, filled, pid, overwrite=overwrite, dry_run=dry_run,
                                                 cache=_cache(), command="update")
    except ledger.LedgerRejected as e:
        raise AuditError(e.rejections[0].message if e.rejections else e.message) from None
    file = task.source.file
    output.updated(outcomes[0].as_dict(), pid, dry_run, None if file == path else file)


@app.command(cls=AuditCommand)
def diff(
    p1: Annotated[Optional[str], typer.Argument(metavar="P1", help="较早的报告期；缺省为 P2 的上一期。")] = None,
    p2: Annotated[Optional[str], typer.Argument(metavar="P2", help="较晚的报告期；缺省为最新一期。")] = None,
    registry: RegistryOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """比较两个报告期：状态好转/变差、完成比例变化、进展未更新（与上期相同或几乎相同）和未报送的任务。

    例：audit diff 2021-H1 2021-Q3
    """
    from . import output, reports
    from .assess import assess
    from .history import diff as diff_

    reg = _load(registry)
    later = reports.resolve_period(reg, p2)
    ids = reg.period_ids
    if p1 is None:
        i = ids.index(later)
        if i == 0:
            raise AuditError(f"{later} 是第一个报告期，没有上一期可比较。请写明两个报告期，如 audit diff {ids[0]} {ids[-1]}。")
        earlier = ids[i - 1]
    else:
        earlier = reports.resolve_period(reg, p1)
    report = diff_(reg, assess(reg, earlier), assess(reg, later), earlier, later)
    if json_out:
        output.print_json(report)
    else:
        output.diff(report)


@app.command(cls=AuditCommand)
def units(registry: RegistryOpt = None, period: PeriodOpt = None, json_out: JsonOpt = False) -> None:
    """按牵头单位统计：牵头任务数、已完成、序时推进、滞后、停滞、未报送；停滞、滞后、未报送多的单位排在前面。

    单位名称按原文精确匹配；同一单位的不同写法请在台账 meta.aliases 中声明。

    例：audit units --period 2021-H1
    """
    from . import output, reports
    from .assess import assess
    from .history import units as units_

    reg = _load(registry)
    pid = reports.resolve_period(reg, period)
    rows = units_(reg, assess(reg, pid), pid, reports.alias_map(reg))
    if json_out:
        output.print_json({"period": pid, "units": rows})
    else:
        output.units(rows, pid)


@app.command(cls=AuditCommand)
def missing(
    registry: RegistryOpt = None,
    period: PeriodOpt = None,
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help="只看这个单位牵头的任务。")] = None,
    json_out: JsonOpt = False,
) -> None:
    """列出本期未报送（没有进展或进展为空）的任务及牵头单位。有未报送的任务时退出码为 1。

    例：audit missing --period 2021-Q3
    """
    from . import output, reports
    from .history import missing as missing_

    reg = _load(registry)
    pid = reports.resolve_period(reg, period)
    rows = missing_(reg, pid, reports.alias_map(reg), unit)
    if json_out:
        output.print_json({"period": pid, "total": len(reg.tasks), "missing": rows})
    else:
        output.missing(rows, pid, len(reg.tasks))
    if rows:
        raise typer.Exit(1)


# ----------------------------------------------------------------------------- entry point


def main() -> None:
    """Console-script entry."""
    only_named_commands(app, sys.argv[1:])
    app()


def only_named_commands(typer_app, args: list[str]) -> None:
    """Keep only the commands (and command groups) whose names appear in `args`.

    Typer turns every command's signature into Click parameters on each run (~40 ms with a dozen
    commands, more on a busy machine) although one command runs. When a command is named, the
    others are dropped from this one-shot process; `--help` with no command, a typo or anything
    unusual leaves the app whole, so help and "no such command" messages are unchanged.
    """
    import typer.main

    words = set(args)
    keep = [c for c in typer_app.registered_commands
            if (c.name or typer.main.get_command_name(c.callback.__name__)) in words]
    groups = [g for g in typer_app.registered_groups if (g.name or "") in words]
    if keep or groups:
        typer_app.registered_commands = keep
        typer_app.registered_groups = groups
