"""The circular (通报) draft: the format asked for, and the draft in it.

Data flows registry + assessments + status report -> `context.build_context` (plain data) -> a
template (`sandbox`), its inserted values typeset and escaped (`filters`). Markdown and HTML are
rendered straight from their templates; Word is rendered from the *Markdown* template and then
laid out by `docx_writer`, so a user's Markdown template changes the Word draft too.
"""
from __future__ import annotations

from pathlib import Path

from audit.core.errors import AuditError
from audit.drafts.context import build_context, task_extras
from audit.drafts.docx_writer import write_docx
from audit.drafts.sandbox import TemplateChoice, render_pieces, render_template, template_files, template_search

__all__ = ["FORMATS", "build_context", "format_for", "render", "render_pieces", "task_extras", "template_files",
           "template_search"]

FORMATS = ("md", "docx", "html")
EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "md", ".docx": "docx", ".html": "html", ".htm": "html"}


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


def render(context: dict, fmt: str, choice: TemplateChoice) -> bytes:
    """The draft in `fmt` as bytes (UTF-8 text for md/html, a .docx package for docx)."""
    if fmt == "docx":
        return write_docx(render_template(choice, "docx", context), context)
    return b"".join(render_pieces(choice, fmt, context))
