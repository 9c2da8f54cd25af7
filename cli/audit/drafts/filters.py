"""What a template's inserted values go through: typesetting, escaping per format, and the filters.

Every value a template inserts is typeset (core/typeset: full-width punctuation in Chinese text)
and escaped for its format: Markdown structure characters, or HTML by autoescape. Template text
itself is the template author's and is left as written.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from audit.core.numerals import arabic_date, chinese_date, to_chinese
from audit.core.text import clean
from audit.core.typeset import punctuate, quote, shorten, title_phrases

# ----------------------------------------------------------------------------- Markdown escaping

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


_MARKUP: Any = None


def _markup():
    # imported once, not on each of the hundreds of thousands of values a large draft inserts
    global _MARKUP
    if _MARKUP is None:
        from markupsafe import Markup

        _MARKUP = Markup
    return _MARKUP


def md_finalize(value: Any) -> Any:
    """Each value a Markdown template inserts: typeset, escaped the Markdown way, marked done.

    The Markdown environment runs with autoescape on, so that macro output and {% set %} blocks
    (already escaped, hence Markup) are not escaped twice.
    """
    Markup = _markup()
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(str(value))
    return Markup(md_escape(punctuate(str(value))))


def html_finalize(value: Any) -> Any:
    """Each value an HTML template inserts: typeset, control characters dropped (autoescape follows)."""
    if value is None:
        return ""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return punctuate(clean(value))
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


def f_short(text: Any, n: int = 40, tail: str = "等") -> str:
    """Long text: its first clauses that fit in `n` characters and 等; never cut inside a clause."""
    return shorten(clean(str(text or "")), n, tail)


def f_oneline(text: Any) -> str:
    """Lines joined into one (for headings and table cells)."""
    return "".join(ln.strip() for ln in clean(str(text or "")).split("\n"))


def f_quote(text: Any) -> str:
    """Text in “ ”, its own quotation marks made ‘ ’, without the mark that ended it (the sentence
    quoted goes on around it: 进展情况称：“项目目前暂无进展”。)."""
    return quote(f_oneline(text).rstrip("。；，,;"))


def f_phrases(text: Any) -> list[str]:
    """A title in the pieces between which a line may end (for HTML: one unbreakable span each)."""
    return title_phrases(f_oneline(text))


def f_cell(text: Any):
    """Markdown table cell: one line, typeset, '|' and markers escaped."""
    return _markup()(md_escape(punctuate(f_oneline(text))))


def f_md(text: Any):
    """Typeset and escape for Markdown now (e.g. before joining with other text)."""
    return _markup()(md_escape(punctuate(str(text))))


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
    "quote": f_quote,
    "phrases": f_phrases,
    "units": f_units,
}
MARKDOWN_FILTERS = {"cell": f_cell, "md": f_md}
