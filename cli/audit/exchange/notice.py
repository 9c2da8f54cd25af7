"""Importing a published progress circular (通报: .txt, .docx, saved web page, one of our own drafts).

- `read_notice(path)` turns the file into plain text (`documents.py`).
- `parse_notice(text)` rewrites the layouts it knows into one form (`layouts.py`), walks the lines
  (`parser.py`) and returns an `ImportResult`: the registry as plain dicts (ready for
  `save.to_yaml_text`) and a report of what was read, what was set aside as not being a task, and
  what could not be read at all.
- `registry_text` / `write_registry` refuse, writing nothing, when there is no task or when more
  than `MAX_UNREAD` of the body could not be read (unless the caller accepts a partial import).

Goals and progress texts are kept exactly as written; only surrounding whitespace is stripped.
Nothing here imports Typer or Rich.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from audit.core.errors import AuditError
from audit.core.model import PERIOD_RE, default_as_of, given_period, period_label
from audit.exchange.documents import notice_text, read_notice
from audit.exchange.layouts import rewrite
from audit.exchange.lines import Line, Task, Unplaced
from audit.exchange.parser import Parser
from audit.exchange.words import (
    ASIDE_REASON,
    closes_circular,
    cn_number,
    cn_year,
    fold,
    parse_date,
    sentence_ended,
    split_units,
    title_score,
)
from audit.registry import load, save

# the API: reading a file, parsing its text, writing the registry (and the recognition helpers the tests call)
__all__ = ["ASIDE_REASON", "ImportResult", "Unplaced", "closes_circular", "notice_text", "parse_notice", "plan_period",
           "read_notice", "refusal", "registry_text", "split_units", "write_registry"]

GOAL_MISSING = "（原文缺少任务内容，请补写）"  # the loader requires a goal; this one is visibly not from the source
MAX_UNREAD = 0.05  # more of the body than this not read: refused unless a partial import is asked for
OPENING_PARAGRAPHS = 3  # an opening longer than this is not an opening


@dataclass
class ImportResult:
    doc: dict  # the registry as plain data (meta, sections, tasks)
    source: str = ""
    sections: int = 0
    subsections: int = 0
    tasks: int = 0
    targets: int = 0  # of which section-level targets (ids "S.k")
    no_progress: list[str] = field(default_factory=list)  # ids of tasks without progress text
    unplaced: list[Unplaced] = field(default_factory=list)
    meta_read: dict[str, str] = field(default_factory=dict)  # what was read, and from where
    notes: list[str] = field(default_factory=list)  # fallbacks used, numbering gaps, ...
    body_chars: int = 0  # characters of the body (page furniture, title, opening aside)
    unread_chars: int = 0  # of which not read into any task nor understood as something else

    @property
    def ids(self) -> list[str]:
        return [t["id"] for t in self.doc.get("tasks", [])]

    @property
    def unread(self) -> list[Unplaced]:
        return [u for u in self.unplaced if u.unread]

    @property
    def unread_share(self) -> float:
        return self.unread_chars / self.body_chars if self.body_chars else (1.0 if self.unread_chars else 0.0)

    def report_lines(self) -> list[str]:
        """The import report in Chinese, one line each (the CLI prints these on stderr)."""
        out = [f"导入：{self.source or '（未命名文本）'}"]
        labels = {"title": "标题", "issuer": "发文单位", "published": "发布日期", "year": "计划年度", "period": "报告期"}
        out.extend(f"  {label}：{self.meta_read[key]}" for key, label in labels.items() if key in self.meta_read)
        out.append(f"识别到 {self.sections} 个部分、{self.subsections} 个小节、{self.tasks} 项任务"
                   + (f"（其中预期目标 {self.targets} 项，编号任务 {self.tasks - self.targets} 项）" if self.targets else "") + "。")
        if self.no_progress:
            out.append(f"没有进展文字的任务 {len(self.no_progress)} 项：{'、'.join(self.no_progress)}（已写入空的 text，请核对原文）。")
        elif self.tasks:
            out.append("每项任务都有进展文字。")
        aside = [u for u in self.unplaced if not u.unread]
        if aside:
            out.append(f"不是任务、没有导入的文字 {len(aside)} 处：")
            out.extend(_shown(u) for u in aside)
        if self.unread:
            out.append(f"未能读懂、没有导入的文字 {len(self.unread)} 处（占正文的 {_pct(self.unread_share)}）：")
            out.extend(_shown(u) for u in self.unread)
        out.extend(f"注意：{n}" for n in self.notes)
        return out


def _shown(u: Unplaced) -> str:
    shown = u.text if len(u.text) <= 60 else u.text[:60] + "……"
    return f"  第 {u.line} 行：“{shown}”（{u.reason}）"


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%".replace(".0%", "%")


# ----------------------------------------------------------------------------- parsing


def parse_notice(text: str, *, source: str = "", year: int | None = None, period: str | None = None) -> ImportResult:
    """Plain text of a circular -> the registry as plain data, and a report of what was read. `year` and
    `period` (given by hand) stand instead of what the title says; a period alone gives its year."""
    year_from = "由 --year 指定"
    if period:
        if year is None:
            year = int(period[:4]) if PERIOD_RE.match(period) else date.today().year
            year_from = "由 --period 指定"
        try:
            period = given_period(period, year)
        except ValueError as e:
            raise AuditError(str(e)) from None
    p = Parser(rewrite(text), source)
    p.run()
    p.targets_from_bare_subs()
    front = _front(p)
    meta, meta_read = _meta(p, front, (year, year_from) if year else None, period)
    period = meta["periods"][0]["id"] if meta.get("periods") else None
    ids = _assign_ids(p.tasks, p.notes)
    tasks, no_progress = _tasks(p, ids, period)
    if not p.sections:
        p.notes.append("没有识别到任何部分或任务：这份文件可能不是进展情况通报，或排版方式暂不支持。")
    unplaced = sorted(p.unplaced + front.unread, key=lambda u: u.line)
    total = sum(len(ln.s) for ln in p.lines) - p.furniture
    set_aside = sum(len(u.text) for u in unplaced if not u.unread) + front.chars
    unread = sum(len(u.text) for u in unplaced if u.unread)
    return ImportResult(
        doc={"meta": meta, "sections": _sections(p, meta["title"]), "tasks": tasks},
        source=source,
        sections=len(p.sections),
        subsections=sum(len(s["subs"]) for s in p.sections),
        tasks=len(tasks),
        targets=sum(1 for t in p.tasks if t.target),
        no_progress=no_progress,
        unplaced=unplaced,
        meta_read=meta_read,
        notes=p.notes,
        body_chars=max(0, total - set_aside),
        unread_chars=unread,
    )


@dataclass
class _Front:
    """What comes before the first part or task: the title, the masthead, the opening."""

    title: Line | None
    title_text: str
    opening: list[Line]
    unread: list[Unplaced]
    chars: int  # title, masthead and opening: set aside from the body


def _front(p: Parser) -> _Front:
    name_field = p.meta.get("名称") or p.meta.get("标题") or ""
    pre = list(p.preamble)
    title_ln = next((ln for ln in pre if ln.s == name_field), None) if name_field else None
    if title_ln is None:
        candidates = [ln for ln in pre if len(ln.s) <= 100 and not fold(ln.s).rstrip().endswith(":")
                      and not sentence_ended(ln.k)]
        # a masthead ("××县人民政府督查室", "督查通报", "第3期") may come first: the title is the line that
        # reads like one ("关于……的通报", "……情况通报"), else the first short line
        title_ln = max(candidates, key=lambda ln: title_score(ln.k), default=None)
    title = title_ln.s if title_ln else name_field
    masthead = pre[:pre.index(title_ln)] if title_ln is not None and title_score(title_ln.k) else []
    for ln in masthead:
        p.unplaced.append(Unplaced(ln.no, ln.s, "版头（标题之前的发文机关、期号等）"))
    rest = [ln for ln in pre if ln is not title_ln and ln.s != title and ln not in masthead]
    opening, unread = _opening(rest, bool(p.tasks))
    chars = sum(len(ln.s) for ln in opening) + (len(title_ln.s) if title_ln else 0)
    return _Front(title_ln, title, opening, unread, chars)


def _opening(lines: list[Line], any_task: bool) -> tuple[list[Line], list[Unplaced]]:
    """The opening is a few paragraphs; prose beyond them, before any part or task, was not read. Without
    any task, none of it was read."""
    opening, unread, prose = [], [], 0
    for ln in lines:
        prose += len(ln.s) > 30 or sentence_ended(ln.k)
        if prose > OPENING_PARAGRAPHS or not any_task:
            reason = "没有读出任务的文字" if not any_task else "开头之后、第一项任务之前的大段文字，没有读出任务"
            unread.append(Unplaced(ln.no, ln.s, reason, True))
        else:
            opening.append(ln)
    return opening, unread


def _meta(p: Parser, front: _Front, given_year: tuple[int, str] | None = None, given: str | None = None
          ) -> tuple[dict[str, Any], dict[str, str]]:
    meta_read: dict[str, str] = {}
    title = front.title_text
    opening = "\n".join(ln.s for ln in front.opening)
    if title:
        meta_read["title"] = title
    else:
        p.notes.append("没有找到通报标题，meta.title 暂写“（请填写通报标题）”。")
    issuer, src = _issuer(p)
    if issuer:
        meta_read["issuer"] = f"{issuer}（读自“{src}”）"
    published = _published(p, meta_read)
    year, period, how = plan_period(title, opening, published, given_year)
    if given:
        period, how["period_from"] = given, "由 --period 指定"
        how["notes"] = [n for n in how["notes"] if "meta.periods" not in n]
    p.notes.extend(how["notes"])
    if year:
        meta_read["year"] = f"{year}（{how['year_from']}）"
    if period:
        as_of = default_as_of(period)
        meta_read["period"] = f"{period}（{period_label(period)}，截止 {as_of.isoformat() if as_of else '?'}；{how['period_from']}）"
    meta: dict[str, Any] = {"title": title or "（请填写通报标题）"}
    if issuer:
        meta["issuer"] = issuer
    if year:
        meta["year"] = year
    if period:
        meta["periods"] = [{"id": period, "as_of": default_as_of(period)}]
    if published:
        meta["published"] = published
    if opening:
        meta["opening"] = opening
    return meta, meta_read


def _issuer(p: Parser) -> tuple[str, str]:
    for key in ("发布机构", "发文机关"):
        if p.meta.get(key):
            return p.meta[key], key
    if p.signature.get("issuer"):
        return p.signature["issuer"], "落款"
    return p.meta.get("信息来源", "") or p.meta.get("来源", ""), "信息来源"


def _published(p: Parser, meta_read: dict[str, str]) -> date | None:
    for key in ("发布日期", "成文日期", "发布时间"):
        found = parse_date(fold(p.meta.get(key, "")))
        if found:
            meta_read["published"] = f"{found.isoformat()}（读自“{key}”）"
            return found
    if p.signature.get("date"):
        meta_read["published"] = f"{p.signature['date'].isoformat()}（读自落款日期）"
        return p.signature["date"]
    return None


def _sections(p: Parser, title: str) -> list[dict]:
    out = []
    for s in p.sections:
        d: dict[str, Any] = {"no": s["no"], "title": s["title"] or title}
        if s["subs"]:
            d["subs"] = [{"no": u["no"], "title": u["title"] or "（请填写小节标题）"} for u in s["subs"]]
        out.append(d)
    return out


def _tasks(p: Parser, ids: list[str], period: str | None) -> tuple[list[dict], list[str]]:
    tasks, no_progress = [], []
    for t, tid in zip(p.tasks, ids):
        d: dict[str, Any] = {"id": tid, "section": t.section}
        if t.sub is not None and not t.target:
            d["sub"] = t.sub
        goal, inline_units = split_units("\n".join(x for x in t.goal if x))
        d["goal"] = goal or GOAL_MISSING
        if t.leader:
            d["leader"] = t.leader
        units = t.units or inline_units
        if units:
            d["units"] = units
        if t.milestones:
            d["milestones"] = t.milestones
        if t.targets:
            d["targets"] = t.targets
        text_ = "\n".join(x for x in t.progress if x)
        if fold(text_).rstrip("。.") == "未报送":  # what a draft (and many circulars) write for no report
            text_ = ""
        if not text_:
            no_progress.append(tid)
        if period:
            d["progress"] = [{"period": period, "label": t.label or "进展情况", "text": text_}]
        tasks.append(d)
        if d["goal"] == GOAL_MISSING:
            p.notes.append(f"第 {t.line} 行：任务 {tid} 没有任务内容，已写“{GOAL_MISSING}”，请对照原文补上。")
    return tasks, no_progress


def _assign_ids(tasks: list[Task], notes: list[str]) -> list[str]:
    """The circular's own numbers (the work report's "第N项" first) when they are unique, qualified by
    section when numbering restarts; a task without a number gets its place in its part."""
    mixed = any(t.numbered for t in tasks) and any(not t.numbered and t.ref is None for t in tasks)
    mixed = mixed or len({t.section for t in tasks if not t.numbered}) > 1

    def ident(t: Task, level: int) -> str:
        if t.target:
            return f"{t.section}.{t.no}"
        if not t.numbered and t.ref is None:
            return f"{t.section}-{t.no}" if mixed or level else str(t.no)
        n = t.ref if t.ref is not None else t.no
        return (str(n), f"{t.section}-{n}", f"{t.section}-{t.sub or 0}-{n}")[level]

    for level in range(3):
        ids = [ident(t, level) for t in tasks]
        if len(set(ids)) == len(ids):
            if level:
                notes.append("任务按部分（或小节）分别编号，编号有重复；已改用“部分-序号”"
                             + ("" if level == 1 else "（或“部分-小节-序号”）") + "作为任务编号，如 " + ids[-1] + "。")
            return ids
    notes.append("任务编号有重复，已照原样导入；请手工改成不重复的编号（audit check 会指出位置）。")
    return [ident(t, 2) for t in tasks]


# ----------------------------------------------------------------------------- plan year and period

# Fallbacks, in order, when the title does not say: the opening paragraph; then the publication date
# (year = the year it was published; period = the month before publication, or the whole year when
# published after the year ended).
_MONTH_RANGE_RE = re.compile(r"(?:1|一)\s*(?:月份?)?\s*[-—–~至到]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月")
_FIRST_MONTHS_RE = re.compile(r"前\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*个?月")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR_RE = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年")
_PERIOD_WORDS = (
    (("前三季度", "第三季度", "三季度"), "-Q3"),
    (("第一季度", "一季度"), "-Q1"),
    (("上半年", "半年", "第二季度", "二季度"), "-H1"),
    (("第四季度", "四季度", "下半年", "全年", "年度", "年终", "年底", "年末"), ""),
)


def _period_words(k: str, year: int) -> str | None:
    m = _MONTH_RANGE_RE.search(k) or _FIRST_MONTHS_RE.search(k)
    if m:
        g = m[1]
        n = int(g) if g.isdigit() else cn_number(g)
        if n and 1 <= n <= 12:
            return str(year) if n == 12 else f"{year}-{n:02d}"
    for words, suffix in _PERIOD_WORDS:
        if any(w in k for w in words):
            return f"{year}{suffix}"
    return None


def _year_in(k: str) -> int | None:
    m = _YEAR_RE.search(k)
    if m:
        return int(m[1])
    m = _CN_YEAR_RE.search(k)
    return cn_year(m[1]) if m else None


def plan_period(title: str, opening: str = "", published: date | None = None, given: tuple[int, str] | None = None
                ) -> tuple[int | None, str | None, dict]:
    """(plan year, period id, how each was found) from the title, the opening, then the date; the plan
    year is `given` (the year, and where it came from: --year) when it was."""
    how: dict[str, Any] = {"notes": [], "year_from": given[1] if given else "读自标题", "period_from": "读自标题"}
    tk, ok = fold(title), fold(opening)
    year = given[0] if given else _year_in(tk)
    if year is None:
        year = _year_in(ok)
        how["year_from"] = "标题中没有年份，读自开头一段"
        if year is None and published:
            year = published.year
            how["year_from"] = "标题和开头都没有年份，按发布日期的年份"
        if year is None:
            how["notes"].append("标题中没有计划年度，也没有发布日期可参考：请手工填写 meta.year 和 meta.periods。")
            return None, None, how
        how["notes"].append(f"{how['year_from']}，计划年度定为 {year} 年，请核对 meta.year。")
    period = _period_words(tk, year)
    if period is None:
        period = _period_words(ok, year)
        how["period_from"] = "标题中没有报告期，读自开头一段"
        if period is None:
            if published and published.year == year and published.month > 1:
                period = f"{year}-{published.month - 1:02d}"
                how["period_from"] = "标题和开头都没有报告期，按发布日期的上一个月"
            else:
                period = str(year)
                how["period_from"] = "标题和开头都没有报告期，按全年"
        how["notes"].append(f"{how['period_from']}，定为 {period}（{period_label(period)}），请核对 meta.periods。")
    return year, period, how


# ----------------------------------------------------------------------------- writing


def header_for(result: ImportResult) -> str:
    title = result.doc.get("meta", {}).get("title", "")
    src = Path(result.source).name if result.source else "直接输入的文本"
    return (
        f"由 audit import-notice 从通报《{title}》（{src}）导入。\n"
        "任务内容（goal）和进展（progress.text）照抄原文。可以直接编辑本文件：补充 units、targets、\n"
        "人工认定的 status/note 等；再次导入会生成新文件，不加 --force 不会覆盖本文件。改完运行 audit check。"
    )


def refusal(result: ImportResult, partial: bool = False) -> str | None:
    """Why this import must not be written (in Chinese, listing what could not be read), or None."""
    where = result.source or "这段文字"
    listed = _listing(result.unread)
    if not result.tasks:
        return (f"没有从 {where} 中识别出任何任务，未写入。请确认这是一份进展情况通报（有“一、”部分标题、“1.”编号任务和"
                "“进展情况：”，或任务表格），或把正文另存为 .txt 后再试。" + (f"\n未能读懂的文字：\n{listed}" if listed else ""))
    if result.unread_share > MAX_UNREAD and not partial:
        return (f"{where} 中有 {len(result.unread)} 处文字（占正文的 {_pct(result.unread_share)}）未能读懂，"
                f"为免漏掉任务，未写入：\n{listed}\n"
                f"请检查这些文字是否包含任务；确认只导入已读出的 {result.tasks} 项任务时，请加 --partial。")
    return None


def _listing(unread: list[Unplaced], limit: int = 20) -> str:
    shown = [_shown(u) for u in unread[:limit]]
    if len(unread) > limit:
        shown.append(f"  ……另有 {len(unread) - limit} 处")
    return "\n".join(shown)


def registry_text(result: ImportResult, header: str | None = None, partial: bool = False) -> str:
    """The registry YAML for an import, validated; raises AuditError if refused or invalid."""
    why = refusal(result, partial)
    if why:
        raise AuditError(why)
    hint = "\n可用 --year、--period 指定年度和报告期（如 --period 2021-H1），或在原文件标题中写明（如“2021年……上半年”）后重新导入。"
    return checked_yaml(result.doc, header_for(result) if header is None else header, result.source or "这段文字",
                        hint, result.notes)


def checked_yaml(doc: dict, header: str, where: str, hint: str = "", notes: list[str] | None = None) -> str:
    """An imported registry as YAML text, checked as `audit check` would; AuditError listing the problems if not
    valid. A 完成时限 or 进度安排 whose date cannot be read is kept as written in a comment above its task
    (and said in `notes`), so the rest of the import is not lost for it."""
    text = save.to_yaml_text(doc, header)
    checked = load.load_text(text, where)
    moved = _unreadable_schedules(doc, checked.problems)
    if moved:
        text = _with_comments(save.to_yaml_text(doc, header), moved)
        checked = load.load_text(text, where)
        for tid, fields in moved.items():
            for label, value in fields:
                (notes if notes is not None else []).append(
                    f"任务 {tid} 的{label}“{_brief(value)}”读不出日期，照原文写在该任务上方的注释里；请改成日期（如 9月底前）"
                    "或 长期坚持 后写入。")
    if not checked.ok:
        # listed in the message, not attached as located problems: their lines are in a file never written
        listed = "\n".join(f"  {p.field or '（整体）'}：{p.message}" for p in checked.problems)
        raise AuditError("导入结果不是有效的任务台账，未写入。需要处理的问题：\n" + listed + hint)
    return text


_SCHEDULE_FIELD = re.compile(r"^tasks\[(\d+)\]\.(deadline|milestones)\b")
_SCHEDULE_LABEL = {"deadline": "完成时限", "milestones": "进度安排"}


def _unreadable_schedules(doc: dict, problems: list) -> dict[str, list[tuple[str, str]]]:
    """Take out of the tasks the 完成时限 and 进度安排 the loader cannot read: task id -> [(label, text)]."""
    moved: dict[str, list[tuple[str, str]]] = {}
    for p in problems:
        m = _SCHEDULE_FIELD.match(p.field or "")
        if not m:
            continue
        task = doc["tasks"][int(m[1])]
        if m[2] in task:
            moved.setdefault(task["id"], []).append((_SCHEDULE_LABEL[m[2]], str(task.pop(m[2]))))
    return moved


def _with_comments(text: str, moved: dict[str, list[tuple[str, str]]]) -> str:
    lines = text.split("\n")
    for tid, fields in moved.items():
        at = lines.index(f'  - id: "{tid}"')
        notes = [f"  # {label}（原文，读不出日期）：" + value.replace("\n", "\n  #   ") for label, value in fields]
        lines[at:at] = "\n".join(notes).split("\n")
    return "\n".join(lines)


def _brief(s: str, n: int = 30) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def write_registry(result: ImportResult, out_path: str | Path, force: bool = False, header: str | None = None,
                   partial: bool = False) -> str:
    """Validate and write the imported registry atomically; an existing file needs `force`."""
    text = registry_text(result, header, partial)
    save.write_new(out_path, text, force=force)
    return text
