"""催办通知: one notice per lead unit, through the same overridable templates and Word writer as the
circular (templates/remind.md.j2; a `remind.md.j2` in the registry's templates/ folder replaces it)."""
from __future__ import annotations

from datetime import date

from audit.core.model import Registry, period_label
from audit.core.numerals import arabic_date, chinese_date
from audit.drafts import render

TEMPLATE = "remind"


def notice_context(reg: Registry, notice: dict, period: str, as_of: date, by: date) -> dict:
    """What the template of one unit's notice may use (docs/templates.md): plain data.

    `notice` is one of `report.due.remind(...)["notices"]`; the notice is dated `as_of`.
    """
    meta = reg.meta
    p = meta.period(period)

    def task(row: dict) -> dict:
        t = reg.task(row["id"])
        return {**row, **render.task_extras(t, row, period)} if t is not None else row

    missed = []
    for row in notice["missed"]:
        dates = [{**d, "date_text": arabic_date(date.fromisoformat(d["date"]))} for d in row["dates"]]
        whats = [d["what"] for d in dates if d["kind"] == "milestone" and d["what"]]
        # a quotation that runs on into the sentence drops its full stop (GB/T 15834)
        missed.append({**task(row), "dates": dates, "text": row["text"].rstrip("。；; \n"),
                       "unseen": "、".join(dict.fromkeys(whats)) or "完成"})
    return {
        "meta": {"title": meta.title, "issuer": meta.issuer, "year": meta.year, "date_style": meta.date_style,
                 "date": as_of, "date_text": chinese_date(as_of) if meta.date_style == "chinese" else arabic_date(as_of)},
        "unit": notice["unit"],
        "period": {"id": period, "label": (p.label if p and p.label else period_label(period)),
                   "as_of": p.as_of if p else None, "as_of_text": arabic_date(p.as_of) if p else ""},
        "as_of": as_of,
        "as_of_text": arabic_date(as_of),
        "by": by,
        "by_text": arabic_date(by),
        "missed": missed,
        "behind": [task(r) for r in notice["behind"]],
        "unreported": [task(r) for r in notice["unreported"]],
    }


def render_notice(context: dict, fmt: str, registry_path: str | None, template: str | None = None) -> bytes:
    """One unit's notice as Markdown (UTF-8) or a .docx package in the circular's 公文 layout."""
    choice = render.template_search(registry_path, template or TEMPLATE, "docx" if fmt == "docx" else "md")
    return render.render(context, fmt, choice)
