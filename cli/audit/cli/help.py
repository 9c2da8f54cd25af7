"""Chinese help pages and usage errors: what Typer writes in English, laid out in display cells."""
from __future__ import annotations

import re

import typer
import typer.core

from audit.core.text import cells, clip, fold

_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_USAGE_WORDS = (("[OPTIONS]", "[选项]"), ("COMMAND", "命令"), ("[ARGS]...", "[参数]..."))
# the type Typer writes after a parameter: an argument's name (编号, 文件) says what it is already
_METAVARS = ((" <str>", ""), (" <int range>", " 整数"), (" <int>", " 整数"), (" <float>", " 数字"), (" <path>", " 路径"))


class ChineseHelpFormatter(typer.Context.formatter_class):
    """Help pages in Chinese: 用法/选项/命令/参数 where Typer writes Usage/Options/Commands/Arguments."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for en, zh in _USAGE_WORDS:
            args = args.replace(en, zh)
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        """Terms and their help in two columns, measured in display cells: Typer counts characters,
        so Chinese metavars pushed the help out of line and Chinese help ran past the edge."""
        rows = [(_zh_metavar(term), _zh_extra(text)) for term, text in rows]
        widths = [cells(term) for term, _ in rows]
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
            lines = wrap_cells(text, max(self.width - self.current_indent - first, 20))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(indent + " " * first + line + "\n")

    def write_text(self, text: str) -> None:
        """A command's description, each paragraph wrapped in display cells (lines of a paragraph
        are joined as Typer does, without a space between two Chinese characters)."""
        indent = " " * self.current_indent
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        for i, para in enumerate(paragraphs):
            joined = re.sub(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])", "", para.strip())
            for line in wrap_cells(joined, max(self.width - self.current_indent, 20)):
                self.write(indent + line + "\n")
            if i < len(paragraphs) - 1:
                self.write("\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")


def _zh_metavar(term: str) -> str:
    for en, cn in _METAVARS:
        term = term.replace(en, cn)
    return term


_TYPER_HELP = {  # the options Typer itself adds
    "Install completion for the current shell.": "为当前的命令行（bash、zsh、fish、PowerShell）安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.":
        "显示当前命令行的补全脚本，可复制后自行安装。",
}


def _zh_extra(text: str) -> str:
    """Typer's notes after an option's help, in Chinese: [required], [x>=1]."""
    text = _TYPER_HELP.get(text, text)
    text = re.sub(r"\s*\[required\]$", "（必填）", text)
    return re.sub(r"\s*\[x>=(\S+)\]$", r"（不小于 \1）", text)


def wrap_cells(text: str, width: int) -> list[str]:
    """A help text folded by the one rule (core/text.py), its line breaks and runs of spaces as one space."""
    return fold(" ".join(text.split()), width, indent=0)


class ChineseContext(typer.Context):
    formatter_class = ChineseHelpFormatter


def short_help(text: str, limit: int) -> str:
    """A command's line in the list of commands: its help's first sentence, shortened to `limit` columns.

    Typer shortens at the first space past the limit, which Chinese text does not have, so a long
    first sentence became "..." and the rest overflowed the line.
    """
    first = text.split("\n\n", 1)[0].replace("\n", "")
    for mark in ("。", "：", "；"):
        first = first.split(mark, 1)[0]
    return clip(first, limit)


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


def is_usage_error(e: Exception) -> bool:
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
    for pattern, words in ((r"'(.*)' is not a valid int(?:eger| range)", "“{0}” 不是整数"),
                           (r"is not in the range x>=(\S+?)\.?$", "应不小于 {0}"),
                           (r"is not in the range x<=(\S+?)\.?$", "应不大于 {0}"),
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


def usage_message(e: Exception) -> str:
    """A command-line usage error in Chinese, with where to look for the right usage."""
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
