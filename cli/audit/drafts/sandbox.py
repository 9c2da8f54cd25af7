"""Templates: where they are found, the sandboxed Jinja2 environment they run in, and its bounds.

Templates may come from another office, so they run in Jinja2's immutable sandbox with bounds on
output, arithmetic and time, and any problem in one becomes an error naming its file and line.
HTML comments a template writes (<!-- ... -->) never reach a draft: they are taken out of the
template before it runs; only the Word draft's Markdown keeps them, where `<!-- signature -->`
marks the signature block. Jinja2 is imported lazily: only `render-notice` pays for it.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.core import resources
from audit.core.errors import AuditError
from audit.core.model import STATUS_LABELS, STATUSES
from audit.core.text import clean
from audit.drafts.filters import FILTERS, MARKDOWN_FILTERS, html_finalize, md_finalize

DEFAULT_TEMPLATE = "notice"

# ----------------------------------------------------------------------------- environment


@dataclass(frozen=True)
class TemplateChoice:
    name: str  # the name the loader looks up
    search: tuple[Path, ...]  # folders, the user's first, shipped last


def template_search(registry_path: str | None, template: str | None, fmt: str) -> TemplateChoice:
    """Resolve --template NAME|FILE into a loader name and a search path.

    Search order: the folder of an explicit template file; `templates/` next to the registry;
    the shipped templates. A NAME without extension means `NAME.md.j2` (Markdown and Word) or
    `NAME.html.j2` (HTML).
    """
    kind = "html" if fmt == "html" else "md"
    folders: list[Path] = []
    name = template or DEFAULT_TEMPLATE
    if template and (Path(template).is_file() or "/" in template or "\\" in template):
        p = Path(template)
        if not p.is_file():
            raise AuditError(f"找不到模板文件 {template}。请检查路径；或用模板名称，如 --template notice。")
        folders.append(p.resolve().parent)
        name = p.name
    elif not name.endswith(".j2"):
        name = f"{name}.{kind}.j2"
    if registry_path:
        local = Path(registry_path).resolve().parent / "templates"
        if local.is_dir():
            folders.append(local)
    folders.append(resources.templates_dir())
    seen: list[Path] = []
    for f in folders:
        if f not in seen:
            seen.append(f)
    return TemplateChoice(name, tuple(seen))


def template_files(choice: TemplateChoice, registry_path: str | None, limit: int = 500
                   ) -> tuple[list[str], list[str]] | None:
    """(folders, files) a render with `choice` may read, for a cache to watch; None if over `limit`.

    Every folder of the search path is walked (a template may include any template there), and
    the `templates/` folder beside the registry is named even when it does not exist, since
    creating it changes which template is used.
    """
    folders: list[str] = []
    files: list[str] = []
    if registry_path:
        folders.append(str(Path(registry_path).resolve().parent / "templates"))
    for root in choice.search:
        for here, subdirs, names in os.walk(root):
            subdirs.sort()
            folders.append(here)
            files.extend(os.path.join(here, n) for n in sorted(names))
            if len(folders) + len(files) > limit:
                return None
    return folders, files


_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
# A comment alone on its line, and the blank line after it (the paragraph break it stood in)
_COMMENT_LINE = re.compile(r"^([ \t]*)<!--((?:(?!-->).)*)-->[ \t]*(\n[ \t]*(?=\n))?(?=\n|\Z)", re.S | re.M)


def hide_comments(source: str) -> str:
    """A template's HTML comments taken out: they print nothing, and one alone on its line takes that
    line and a blank line after it along (a Jinja2 comment, whose newline trim_blocks drops); the
    template's lines keep their numbers, for error messages."""
    if "<!--" not in source:
        return source
    source = _COMMENT_LINE.sub(lambda m: m[1] + "{#" + m[2].replace("#}", "# }") + (m[3] or "") + "#}", source)
    # one inside a line prints nothing and leaves the line's end alone (a Jinja2 comment would take it)
    return _HTML_COMMENT.sub(lambda m: '{{ ""' + "\n" * m[1].count("\n") + " }}", source)


def environment(fmt: str, search: tuple[Path, ...]):
    """A sandboxed Jinja2 environment for `fmt`: "md", "html" (autoescapes), or "docx" (the Word
    draft's Markdown, the one output that keeps the template's HTML comments)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.ext import Extension
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    html = fmt == "html"

    class Bounded(ImmutableSandboxedEnvironment):
        # The sandbox stops reads of internals, not arithmetic: 'x' * 10**10 or 9**9**9 from
        # another office's template would exhaust memory or CPU.
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            _check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

    class NoComments(Extension):
        def preprocess(self, source, name, filename=None):
            return hide_comments(source)

    env = Bounded(
        loader=ChoiceLoader([FileSystemLoader(str(f), encoding="utf-8") for f in search]),
        undefined=StrictUndefined,
        autoescape=True,  # HTML: markupsafe; Markdown: see filters.md_finalize
        finalize=html_finalize if html else md_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        extensions=[] if fmt == "docx" else [NoComments],
    )
    env.filters.update(FILTERS)
    if not html:
        env.filters.update(MARKDOWN_FILTERS)
    env.globals.update(status_labels=dict(STATUS_LABELS), statuses=list(STATUSES))
    return env


def render_template(choice: TemplateChoice, fmt: str, context: dict) -> str:
    """Render; any template problem becomes an AuditError naming the template file and line."""
    return _render(choice, fmt, context, lambda chunks, max_chars: clean("".join(_bounded(chunks, max_chars))))


def render_pieces(choice: TemplateChoice, fmt: str, context: dict) -> list[bytes]:
    """Render to UTF-8, as pieces to write in turn (a province's draft is tens of MB).

    The same text as `render_template(...).encode()`, made a megabyte at a time: no single
    string of the whole draft, no second copy cleaned, encoded and decoded again.
    """
    return _render(choice, fmt, context, _utf8_pieces)


PIECE_CHARS = 1 << 20


def _utf8_pieces(chunks, max_chars: int) -> list[bytes]:
    # bounded as _bounded() bounds, checked once a piece (a draft is millions of small chunks)
    out: list[bytes] = []
    buf: list[str] = []
    size = total = 0
    carry = ""
    for chunk in chunks:
        buf.append(chunk)
        size += len(chunk)
        if size >= PIECE_CHARS:
            total += size
            if total > max_chars:
                raise _TooMuch(_too_long(max_chars))
            text = carry + "".join(buf)
            buf.clear()
            size = 0
            # clean() turns \r\n into one line break: never cut between the two
            carry = "\r" if text.endswith("\r") else ""
            out.append(clean(text[: len(text) - len(carry)]).encode("utf-8"))
    if total + size > max_chars:
        raise _TooMuch(_too_long(max_chars))
    out.append(clean(carry + "".join(buf)).encode("utf-8"))
    return out


def _render(choice: TemplateChoice, fmt: str, context: dict, collect):
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    env = environment(fmt, choice.search)
    max_chars, seconds = _limits(context)
    try:
        tmpl = env.get_template(choice.name)
        with _deadline(seconds):
            return collect(tmpl.generate(**context), max_chars)
    except _TooMuch as e:
        file, line = _template_frame(e)
        raise AuditError(f"模板 {_where(file or choice.name, line)}{e}请检查模板中的循环和运算。") from None
    except (MemoryError, RecursionError) as e:
        file, line = _template_frame(e)
        what = "内存不足" if isinstance(e, MemoryError) else "宏或模板互相调用层次过深"
        raise AuditError(f"模板 {_where(file or choice.name, line)}运行时{what}，已停止。请检查模板中的循环、递归和运算。") from None
    except TemplateNotFound as e:
        where = "、".join(str(f) for f in choice.search)
        missing = e.name if e.name != choice.name else choice.name
        raise AuditError(f"找不到模板 “{missing}”。查找位置（依次）：{where}。") from None
    except TemplateSyntaxError as e:
        raise AuditError(f"模板 {_where(e.filename or e.name, e.lineno)}语法错误，{_explain(e.message or str(e))}") from None
    except SecurityError as e:
        file, line = _template_frame(e)
        raise AuditError(f"模板 {_where(file, line)}试图访问不允许的内容（{e}）。模板在安全沙箱中运行，"
                         "不能读写文件、导入模块或调用程序内部。") from None
    except UndefinedError as e:
        file, line = _template_frame(e)
        raise AuditError(f"模板 {_where(file, line)}用到了不存在的变量，{_explain(str(e))}。"
                         "可用的变量和过滤器见 docs/templates.md。") from None
    except TemplateError as e:
        file, line = _template_frame(e)
        raise AuditError(f"模板 {_where(file, line)}出错：{_explain(str(e))}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as e:
        file, line = _template_frame(e)
        if file is None:
            raise
        raise AuditError(f"模板 {_where(file, line)}出错：{type(e).__name__}: {e}") from None


MAX_OUTPUT = 50_000_000  # characters; a circular is well under 1 MB
MAX_REPEAT = 1_000_000  # the longest string or list a template may build with *
MAX_POWER_BITS = 10_000
RENDER_SECONDS = 60
# A province's registry makes a long draft by right: the bounds grow with what it carries.
OUTPUT_PER_TEXT = 4  # characters of output allowed per character of goal and progress text
SECONDS_PER_TASK = 0.001


def _limits(context: dict) -> tuple[int, int]:
    """(characters, seconds) a render of `context` may take: fixed bounds plus room for its tasks."""
    tasks = context.get("tasks") if isinstance(context, dict) else None
    if not isinstance(tasks, list):
        return MAX_OUTPUT, RENDER_SECONDS
    text = 0
    for t in tasks:
        if isinstance(t, dict):
            text += len(str(t.get("progress") or "")) + len(str(t.get("goal") or ""))
    return MAX_OUTPUT + OUTPUT_PER_TEXT * text, RENDER_SECONDS + int(SECONDS_PER_TASK * len(tasks))


class _TooMuch(Exception):
    """A template asked for more output, memory or time than a circular could need."""


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                raise _TooMuch(f"要生成的文字或列表过长（超过 {MAX_REPEAT} 项），已停止。")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        if abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_POWER_BITS:
            raise _TooMuch("乘方结果过大，已停止。")


def _bounded(chunks, max_chars: int = MAX_OUTPUT):
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > max_chars:
            raise _TooMuch(_too_long(max_chars))
        yield chunk


def _too_long(max_chars: int) -> str:
    return f"生成的内容超过 {max_chars // 1_000_000} MB（通报通常不到 1 MB），已停止。"


@contextlib.contextmanager
def _deadline(seconds: int):
    """Stop a template that runs too long (Unix, main thread only; elsewhere no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise _TooMuch(f"运行超过 {seconds} 秒，已停止。")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _where(file: str | None, line: int | None) -> str:
    s = str(file or "（未知）")
    if line:
        s += f" 第 {line} 行"
    return s + "："


def _template_frame(e: BaseException) -> tuple[str | None, int | None]:
    """The innermost traceback frame inside a template (Jinja2 rewrites frames to template lines)."""
    found: tuple[str | None, int | None] = (None, None)
    for fr in traceback.extract_tb(e.__traceback__):
        if fr.filename and not fr.filename.endswith(".py"):
            found = (fr.filename, fr.lineno)
    return found


_EXPLAIN = [
    (re.compile(r"'(?:[\w ]+ object|[\w.]+)' has no attribute '([^']+)'"), r"没有 “\1” 这一项"),
    (re.compile(r"'([^']+)' is undefined"), r"“\1” 未定义"),
    (re.compile(r"No filter named '([^']+)'\.?"), r"没有名为 “\1” 的过滤器"),
    (re.compile(r"No test named '([^']+)'\.?"), r"没有名为 “\1” 的判断"),
]


def _explain(msg: str) -> str:
    for rx, zh in _EXPLAIN:
        if rx.search(msg):
            return rx.sub(zh, msg)
    return msg


