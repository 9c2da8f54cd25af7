"""The circular (通报) draft: template search path, sandboxed Jinja2 environments, filters, context.

Data flows registry + assessments + status report -> `build_context` (plain dicts, lists,
strings, numbers) -> a template. Markdown and HTML are rendered straight from their
templates; Word is rendered from the *Markdown* template and then laid out by
`docx_writer`, so a user's Markdown template changes the Word draft too.

Templates may come from another office, so they run in Jinja2's immutable sandbox, and every
value they insert is escaped for the output format (Markdown: structure characters; HTML:
autoescape). Jinja2 is imported lazily: only `render-notice` pays for it.
"""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from audit.core import resources
from audit.core.errors import AuditError
from audit.core.model import STATUS_LABELS, STATUSES, Registry, period_label
from audit.core.numerals import arabic_date, chinese_date, to_chinese
from audit.core.text import clean
from audit.report.reports import missed_words, negative_phrases, ordered_evidence

FORMATS = ("md", "docx", "html")
EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "md", ".docx": "docx", ".html": "html", ".htm": "html"}
DEFAULT_TEMPLATE = "notice"

def format_for(output: str | None, fmt: str | None) -> str:
    """The output format: --format if given, else the -o file's extension, else Markdown."""
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise AuditError(f"不支持的格式 “{fmt}”。可选：md（Markdown）、docx（Word）、html（网页）。")
        return fmt
    if output:
        ext = Path(output).suffix.lower()
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]
        raise AuditError(f"无法从文件名 {output} 判断格式。请用 .md、.docx 或 .html 结尾，或加 --format md|docx|html。")
    return "md"


# ----------------------------------------------------------------------------- escaping

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# At a line start: any '#' and '>', list markers followed by a space (or alone), and setext
# underlines / thematic breaks (a line of '=' or '-').
_MD_LINE_START = re.compile(r"^([ \t]*)(#|>|[-+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.M)


# Text with none of these, not starting with a line-start marker (or space) and not ending in a
# space or tab, is its own escape: most inserted values are, and skip the work below.
_MD_ANY = re.compile(r"[\\`*_\[\]<>|~&\n\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_MD_FIRST = re.compile(r"[\s#>+=\-\d]")


def md_escape(value: Any) -> str:
    """Inserted text -> Markdown that reads as the same text and cannot add structure.

    Inline markers (* _ ` [ ] < > | ~ \\) are backslash-escaped everywhere (harmless where they
    would not format); at the start of each line, markers of headings, quotes, lists and
    setext underlines are escaped too; a line break becomes a paragraph break.
    """
    text = str(value)
    if text and text[-1] not in " \t" and not _MD_FIRST.match(text) and not _MD_ANY.search(text):
        return text
    text = clean(text)
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    lines = [ln.strip(" \t") for ln in text.split("\n")]
    text = "\n\n".join(ln for ln in lines if ln)
    return _MD_LINE_START.sub(lambda m: m[1] + _escape_marker(m[2]), text)


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def _md_finalize(value: Any) -> Any:
    # The Markdown environment runs with autoescape on, so that macro output and {% set %}
    # blocks (already escaped, hence Markup) are not escaped twice; here every inserted value
    # that is not Markup yet is escaped the Markdown way and marked done.
    Markup = _markup()
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(str(value))
    return Markup(md_escape(value))


_MARKUP: Any = None


def _markup():
    # imported once, not on each of the hundreds of thousands of values a large draft inserts
    global _MARKUP
    if _MARKUP is None:
        from markupsafe import Markup

        _MARKUP = Markup
    return _MARKUP


def _html_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return clean(value)
    return value


# ----------------------------------------------------------------------------- filters


def f_cn(n: Any) -> str:
    """1 -> 一, 10 -> 十, 23 -> 二十三 (section numbers)."""
    return to_chinese(int(n))


def f_pct(x: Any, digits: int = 1) -> str:
    """0.45 -> 45%, 0.621 -> 62.1%; empty -> —."""
    if x is None or x == "":
        return "—"
    return _trim(float(x) * 100, digits) + "%"


def f_points(x: Any, digits: int = 1) -> str:
    """A gap (share) as percentage points, without the sign: -0.05 -> 5."""
    if x is None or x == "":
        return "—"
    return _trim(abs(float(x)) * 100, digits)


def f_num(x: Any, digits: int = 2) -> str:
    """12.0 -> 12, 3.14159 -> 3.14."""
    if x is None or x == "":
        return "—"
    return _trim(float(x), digits)


def _trim(v: float, digits: int) -> str:
    s = f"{v:.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def f_date(d: Any, style: str = "chinese") -> str:
    """A date (or 2021-06-30) -> 二〇二一年六月三十日 (style chinese) or 2021年6月30日 (arabic)."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return chinese_date(d) if style == "chinese" else arabic_date(d)


def f_short(text: Any, n: int = 40, tail: str = "……") -> str:
    """Long text cut to about `n` characters, at a sentence end when one is near."""
    s = "".join(clean(str(text or "")).split())
    if len(s) <= n:
        return s
    head = s[:n]
    cut = max(head.rfind(c) for c in "。；;！？")
    if cut >= n // 2:
        return head[: cut + 1]
    return head.rstrip("，、,：:") + tail


def f_oneline(text: Any) -> str:
    """Lines joined into one (for headings and table cells)."""
    return "".join(ln.strip() for ln in clean(str(text or "")).split("\n"))


def f_cell(text: Any):
    """Markdown table cell: one line, '|' and markers escaped."""
    from markupsafe import Markup

    return Markup(md_escape(f_oneline(text)))


def f_md(text: Any):
    """Escape for Markdown now (e.g. before joining with other text)."""
    from markupsafe import Markup

    return Markup(md_escape(text))


def f_units(units: Any, sep: str = "、") -> str:
    """A task's units {lead, others} (or a list) -> 市发改局、市统计局."""
    if not units:
        return ""
    if isinstance(units, dict):
        names = list(units.get("lead", [])) + list(units.get("others", []))
    else:
        names = list(units)
    return sep.join(names)


FILTERS = {
    "cn": f_cn,
    "pct": f_pct,
    "points": f_points,
    "num": f_num,
    "cndate": f_date,
    "short": f_short,
    "oneline": f_oneline,
    "units": f_units,
}


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
    import os

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


def environment(fmt: str, search: tuple[Path, ...]):
    """A sandboxed Jinja2 environment for `fmt` ("md" also serves Word; "html" autoescapes)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    html = fmt == "html"

    class Bounded(ImmutableSandboxedEnvironment):
        # The sandbox stops reads of internals, not arithmetic: 'x' * 10**10 or 9**9**9 from
        # another office's template would exhaust memory or CPU.
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            _check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

    env = Bounded(
        loader=ChoiceLoader([FileSystemLoader(str(f), encoding="utf-8") for f in search]),
        undefined=StrictUndefined,
        autoescape=True,  # HTML: markupsafe; Markdown: see _md_finalize
        finalize=_html_finalize if html else _md_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    if not html:
        env.filters["cell"] = f_cell
        env.filters["md"] = f_md
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
    import signal
    import threading

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
    import traceback

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


# ----------------------------------------------------------------------------- context


def build_context(reg: Registry, report: dict, period: str, *, today: date | None = None,
                  extras: list[dict] | None = None) -> dict:
    """Everything a template may use, as plain data (documented in docs/templates.md).

    `report` is `reports.status(...)` for the whole registry (it carries every assessment as a
    task row): the summary numbers are exactly those of `audit status --json`. `today` signs the
    draft when the registry has no `meta.published`. `extras`, when given, are `task_extras(...)`
    for each of the report's rows, made where the tasks were assessed, and `reg` need not carry
    its tasks (only meta and sections are read).
    """
    meta = reg.meta
    p = meta.period(period)
    as_of = p.as_of if p else None
    signed = meta.published or today

    tasks: list[dict]
    if extras is not None:
        tasks = [{**r, **x} for r, x in zip(report["tasks"], extras)]
    else:
        rows = {r["id"]: r for r in report["tasks"]}
        tasks = [_task(t, rows[t.id], period) for t in reg.tasks if t.id in rows]
    by_task = {t["id"]: t for t in tasks}

    # one pass over the tasks: a consolidated registry may have hundreds of sections
    by_section: dict[int, list[dict]] = {}
    for x in tasks:
        by_section.setdefault(x["section"], []).append(x)
    stats_of = {}
    for x in report["sections"]:
        stats_of.setdefault(x["no"], x)
    sections = []
    for s in reg.sections:
        own = by_section.get(s.no, [])
        known_subs = {u.no for u in s.subs}
        direct, by_sub = [], {}
        for x in own:
            if x["sub"] is None or x["sub"] not in known_subs:
                direct.append(x)
            else:
                by_sub.setdefault(x["sub"], []).append(x)
        subs = [{"no": u.no, "cn": to_chinese(u.no), "title": u.title, "tasks": list(by_sub.get(u.no, []))} for u in s.subs]
        sections.append({
            "no": s.no,
            "cn": to_chinese(s.no),
            "title": s.title,
            "tasks": direct,
            "subs": subs,
            # one loop renders a section: tasks outside any subsection first, then each subsection
            "groups": ([{"sub": None, "tasks": direct}] if direct else []) + [{"sub": u, "tasks": u["tasks"]} for u in subs],
            "all_tasks": list(own),
            "stats": stats_of.get(s.no),
        })

    lagging_targets = []
    for x in tasks:
        if x["status"] not in ("lagging", "stalled"):
            continue
        for c in x["targets"]:
            if c["kind"] == "cumulative" and c["projection"] is not None and c["projection"] < 1:
                lagging_targets.append({"task": x, **c})

    mismatches = [by_task[i] for i in report["mismatches"] if i in by_task]
    unreported = [by_task[i] for i in report["unreported"] if i in by_task]
    return {
        "meta": {
            "title": meta.title,
            "issuer": meta.issuer,
            "year": meta.year,
            "pace": meta.pace,
            "date_style": meta.date_style,
            "yellow_gap": meta.yellow_gap,
            "opening": meta.opening,
            "published": meta.published,
            "date": signed,
            "date_text": f_date(signed, meta.date_style) if signed else "",
        },
        "period": {
            "id": period,
            "label": (p.label if p and p.label else period_label(period)),
            "as_of": as_of,
            "as_of_text": f_date(as_of, meta.date_style) if as_of else "",
        },
        "summary": {
            "time_progress": report["time_progress"],
            "total": report["total"],
            "counts": report["counts"],
            "shares": report["shares"],
            "sections": report["sections"],
            "lagging_targets": lagging_targets,
            "mismatches": mismatches,
            "unreported": unreported,
        },
        "sections": sections,
        "tasks": tasks,
        "problems": {
            "stalled": [x for x in tasks if x["status"] == "stalled"],
            "lagging": [x for x in tasks if x["status"] == "lagging"],
            "unreported": unreported,
        },
        "report": report,
    }


_SUB_ID = re.compile(r"^\d+\.(\d+)$")


def _task(t, row: dict, period: str) -> dict:
    return {**row, **task_extras(t, row, period)}


def task_extras(t, row: dict, period: str) -> dict:
    """What a template's task has beyond its status row: numbering, progress text, verdict, quotes."""
    entry = t.entry(period)
    m = _SUB_ID.match(t.id)
    if m:  # the economic targets of part one: （一）…（九）
        marker, numbering = f"（{to_chinese(int(m[1]))}）", "paren"
        ref = f"第{to_chinese(t.section)}部分第{marker}项"
    else:
        marker, numbering = f"{t.id}.", "arabic"
        ref = f"第{t.id}项"
    text = entry.text.strip() if entry else ""
    return {
        "marker": marker,
        "numbering": numbering,
        "ref": ref,
        "progress_label": entry.label if entry else "进展情况",
        "progress": text,
        "reported": bool(text),
        "note": entry.note if entry else "",
        "units_text": f_units(row["units"]),
        "quotes": [e["sentence"] for e in ordered_evidence(row) if e["sentence"].strip()],
        "verdict": verdict(row),
        "line": t.source.line,
        **dates_text(row),
    }


def dates_text(row: dict) -> dict:
    """The deadline and the next milestone in words: “2021年12月底前”, “12月底前主体完工” ("" where none)."""
    d, nxt = row.get("deadline"), row.get("next_milestone")
    return {"deadline_text": f"{d['words']}{d['what']}" if d and d["date"] else "",
            "next_milestone_text": f"{nxt['words']}{nxt['what']}" if nxt and nxt["kind"] == "milestone" else ""}


def verdict(row: dict) -> str:
    """The bracketed assessment shown after a task that is not on track, e.g. 【滞后：完成45%，低于序时进度5个百分点】."""
    status = row["status"]
    if status in ("completed", "on_track"):
        return ""
    parts: list[str] = []
    if status == "unassessed":
        parts.append("未报送" if "unreported" in row["flags"] else "无可量化的完成情况")
    else:
        if row["ratio"] is not None:
            s = f"完成{f_pct(row['ratio'])}"
            if row["gap"] is not None and row["gap"] < 0:
                s += f"，低于序时进度{f_points(row['gap'])}个百分点"
            parts.append(s)
        else:
            phrases = negative_phrases(row)
            if phrases:
                parts.append("、".join(f"“{ph}”" for ph in phrases))
        parts += missed_words(row)
    if "data_mismatch" in row["flags"]:
        parts.append("数据不一致")
    label = STATUS_LABELS[status]
    return f"【{label}：{'；'.join(parts)}】" if parts else f"【{label}】"


# ----------------------------------------------------------------------------- entry point


def render(context: dict, fmt: str, choice: TemplateChoice) -> bytes:
    """The draft in `fmt` as bytes (UTF-8 text for md/html, a .docx package for docx)."""
    if fmt == "docx":
        from audit.drafts.docx_writer import write_docx

        text = render_template(choice, "md", context)
        return write_docx(text, context)
    return b"".join(render_pieces(choice, fmt, context))
