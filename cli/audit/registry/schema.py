"""Parsed data to records: every field checked with a located problem, registry-wide rules, and
the line and column of a problem found again in the text when something is wrong."""
from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any

from audit.core.model import (
    COMPARATORS,
    DATE_STYLES,
    KINDS,
    PACES,
    PERIOD_RE,
    STATUSES,
    Actual,
    Meta,
    Period,
    Progress,
    Registry,
    Section,
    Source,
    Subsection,
    Target,
    Task,
    Units,
    default_as_of,
)
from audit.core.text import checked
from audit.registry.dates import read_dates
from audit.registry.parse import src_text
from audit.registry.scalars import WrittenInt

Path_ = tuple  # a field path: ("tasks", 27, "targets", 0, "value")


# ----------------------------------------------------------------------------- validation & building


class _Ctx:
    """Collects problems with field paths while records are built; locates them afterwards."""

    def __init__(self, filename: str):
        self.filename = filename
        self.pending: list[tuple[tuple, str, Any, bool]] = []  # (path, message, owner mapping, at key)

    def bad(self, path: tuple, message: str, owner: Any = None, at_key: bool = False) -> None:
        self.pending.append((path, message, owner, at_key))

    def src(self, m: Any) -> Source:
        return Source(self.filename, getattr(m, "line", 0), getattr(m, "col", 0))

    def text(self, path: tuple, v: str, owner: Any) -> str:  # a control character: a located problem, kept as ␛ ␇
        v, problem = checked(v)
        if problem:
            self.bad(path, problem, owner)
        return v


def show_value(v: Any) -> str:
    if isinstance(v, str):
        return f"“{v}”"
    if v is None:
        return "空值"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (list, tuple)):
        return "一个列表"
    if isinstance(v, dict):
        return "一组键值"
    return str(v)


def _typename(t: str) -> str:
    return {"str": "文字", "int": "整数（阿拉伯数字，如 7）", "num": "数字（阿拉伯数字，如 20 或 8.5）",
            "list": "列表（每项一行，以“- ”开头）", "map": "键值表（每行“名称: 值”）", "date": "日期（如 2021-06-30）"}[t]


def _unknown_keys(ctx: _Ctx, m: dict, path: tuple, allowed: tuple[str, ...]) -> None:
    for k in m:
        if k not in allowed:
            near = difflib.get_close_matches(str(k), allowed, n=1, cutoff=0.6)
            hint = f"是不是 “{near[0]}”？" if near else f"可用的字段：{'、'.join(allowed)}。"
            ctx.bad(path + (k,), f"不认识的字段 “{k}”。{hint}", m, at_key=True)


def _misspelt(key: str, m: dict) -> bool:
    """Does `m` hold a key that looks like a typo of `key`?"""
    return bool(difflib.get_close_matches(key, [str(k) for k in m if k != key], n=1, cutoff=0.75))


def _req(ctx: _Ctx, m: dict, key: str, path: tuple, kind: str, where: str = "") -> Any:
    if key not in m or m[key] is None or (isinstance(m[key], str) and kind == "str" and not m[key].strip()):
        # A misspelt key ("sectoin") is already reported as unknown with the right name; saying
        # the field is also missing would double every message for one typo.
        if key in m or not _misspelt(key, m):
            ctx.bad(path + (key,), f"缺少必填字段 “{key}”{where}。", m)
        return None
    return _typed(ctx, m, key, path, kind)


def _opt(ctx: _Ctx, m: dict, key: str, path: tuple, kind: str) -> Any:
    if key not in m or m[key] is None:
        return None
    return _typed(ctx, m, key, path, kind)


_TYPE_OK = {  # one check per kind (building all six checks on every call cost ~15% of a large load)
    "str": lambda v: v.__class__ is str or isinstance(v, str),
    "int": lambda v: v.__class__ is int or (isinstance(v, int) and not isinstance(v, bool)),
    "num": lambda v: v.__class__ in (int, float) or (isinstance(v, (int, float)) and not isinstance(v, bool)),
    "list": lambda v: isinstance(v, list),
    "map": lambda v: isinstance(v, dict),
    "date": lambda v: isinstance(v, date),
}


# what a record keeps of a value YAML read with more than the field needs: the number of an integer
# written as 017 or 1_000, the day of a date given with a time of day
_PLAIN = {WrittenInt: int, datetime: datetime.date}


def _typed(ctx: _Ctx, m: dict, key: str, path: tuple, kind: str) -> Any:
    v = m[key]
    if _TYPE_OK[kind](v):
        if kind == "str":
            return ctx.text(path + (key,), v, m)
        return _PLAIN[v.__class__](v) if v.__class__ in _PLAIN else v
    if kind == "str" and isinstance(v, (int, float)) and not isinstance(v, bool):
        return v.text if isinstance(v, WrittenInt) else str(v)
    if kind == "date" and isinstance(v, str):
        try:
            return datetime.strptime(v.strip(), "%Y-%m-%d").date()
        except ValueError:
            pass
    if kind == "int" and isinstance(v, str) and v.strip().isdecimal():
        return int(v.strip())
    ctx.bad(path + (key,), f"应为{_typename(kind)}，实际为 {show_value(v)}。", m)
    return None


META_KEYS = ("title", "issuer", "year", "periods", "pace", "date_style", "published", "opening", "yellow_gap", "aliases")
PERIOD_KEYS = ("id", "as_of", "label")
SECTION_KEYS = ("no", "title", "subs")
SUB_KEYS = ("no", "title")
TASK_KEYS = ("id", "section", "sub", "goal", "leader", "targets", "units", "trajectory", "progress", "deadline", "milestones")
TARGET_KEYS = ("metric", "value", "unit", "cmp", "comparator", "kind", "high", "text")
ACTUAL_KEYS = ("metric", "value", "unit")
PROGRESS_KEYS = ("period", "text", "label", "as_of", "actuals", "status", "note")
UNIT_KEYS = ("lead", "others")


def _meta(ctx: _Ctx, m: Any) -> Meta:
    path = ("meta",)
    if not isinstance(m, dict):
        ctx.bad(path, "缺少 meta（标题、年度、报告期）。请参照 docs/registry.md 的示例补上。", None)
        return Meta()
    _unknown_keys(ctx, m, path, META_KEYS)
    title = _req(ctx, m, "title", path, "str") or ""
    year = _req(ctx, m, "year", path, "int") or 0
    if year and not 1949 <= year <= 2200:
        ctx.bad(path + ("year",), f"年度 {year} 不合理，应为四位年份，如 2021。", m)
    pace = _one_of(ctx, m, "pace", "months", PACES, "序时进度算法只能是 months（按月）或 days（按天），实际为 “{}”。")
    style = _one_of(ctx, m, "date_style", "chinese", DATE_STYLES, "日期写法只能是 chinese 或 arabic，实际为 “{}”。")
    gap = _opt(ctx, m, "yellow_gap", path, "num")
    if gap is not None and not 0 <= gap <= 1:
        ctx.bad(path + ("yellow_gap",), f"应为 0 到 1 之间的小数（0.3 表示 30 个百分点），实际为 {gap}。", m)
        gap = None
    return Meta(
        title=title,
        issuer=_opt(ctx, m, "issuer", path, "str") or "",
        year=year,
        periods=tuple(_periods(ctx, m, year)),
        pace=pace,
        date_style=style,
        published=_opt(ctx, m, "published", path, "date"),
        opening=_opt(ctx, m, "opening", path, "str") or "",
        yellow_gap=0.30 if gap is None else float(gap),
        aliases=tuple(_aliases(ctx, m)),
        source=ctx.src(m),
    )


def _one_of(ctx: _Ctx, m: dict, key: str, default: str, allowed: tuple[str, ...], message: str) -> str:
    value = _opt(ctx, m, key, ("meta",), "str") or default
    if value not in allowed:
        ctx.bad(("meta", key), message.format(value), m)
        return default
    return value


def _periods(ctx: _Ctx, m: dict, year: int) -> list[Period]:
    path = ("meta",)
    periods: list[Period] = []
    raw_periods = _req(ctx, m, "periods", path, "list") or []
    seen: set[str] = set()
    for i, p in enumerate(raw_periods):
        pp = path + ("periods", i)
        if not isinstance(p, dict):
            ctx.bad(pp, f"应为一组键值（id、as_of），实际为 {show_value(p)}。", m)
            continue
        _unknown_keys(ctx, p, pp, PERIOD_KEYS)
        pid = _period_id(ctx, p, pp, year)
        if pid is None:
            continue
        if pid in seen:
            ctx.bad(pp + ("id",), f"报告期 “{pid}” 重复声明。", p)
        seen.add(pid)
        as_of = _opt(ctx, p, "as_of", pp, "date") or default_as_of(pid)
        periods.append(Period(pid, as_of, _opt(ctx, p, "label", pp, "str") or "", ctx.src(p)))
    if raw_periods == [] and "periods" in m:
        ctx.bad(path + ("periods",), "至少要声明一个报告期，如 - id: 2021-H1。", m)
    for a, b in zip(periods, periods[1:]):
        if b.as_of < a.as_of:
            ctx.bad(path + ("periods",), f"报告期应按时间先后排列：{b.id} 的截止日期早于 {a.id}。", m)
            break
    return periods


def _period_id(ctx: _Ctx, p: dict, pp: tuple, year: int) -> str | None:
    pid = _req(ctx, p, "id", pp, "str")
    if pid is None:
        return None
    pid = pid.strip()
    mm = PERIOD_RE.match(pid)
    if not mm:
        ctx.bad(pp + ("id",), f"报告期 “{pid}” 的写法不认识。可写 {year or 2021}-Q1、{year or 2021}-H1、"
                f"{year or 2021}-Q3、{year or 2021}（全年）或 {year or 2021}-08（1-8月）。", p)
        return None
    if year and int(mm["year"]) != year:
        ctx.bad(pp + ("id",), f"报告期 “{pid}” 不在计划年度 {year} 内。", p)
    return pid


def _aliases(ctx: _Ctx, m: dict) -> list[tuple[str, tuple[str, ...]]]:
    aliases: list[tuple[str, tuple[str, ...]]] = []
    raw_al = _opt(ctx, m, "aliases", ("meta",), "map") or {}
    for name, others in raw_al.items():
        if isinstance(others, str):
            others = [others]
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            ctx.bad(("meta", "aliases", name), "别名应为名称列表，如 [发改局, 市发展改革局]。", raw_al)
            continue
        at = ("meta", "aliases", name)
        aliases.append((ctx.text(at, str(name), raw_al), tuple(ctx.text(at, o, raw_al) for o in others)))
    return aliases


def _sections(ctx: _Ctx, raw: Any) -> list[Section]:
    out: list[Section] = []
    if raw is None:
        ctx.bad(("sections",), "缺少 sections（各部分标题）。请参照 docs/registry.md 补上。", None)
        return out
    if not isinstance(raw, list):
        ctx.bad(("sections",), f"应为列表，实际为 {show_value(raw)}。", None)
        return out
    seen: set[int] = set()
    for i, s in enumerate(raw):
        path = ("sections", i)
        if not isinstance(s, dict):
            ctx.bad(path, f"应为一组键值（no、title），实际为 {show_value(s)}。", raw)
            continue
        _unknown_keys(ctx, s, path, SECTION_KEYS)
        no = _req(ctx, s, "no", path, "int")
        title = _req(ctx, s, "title", path, "str") or ""
        if no is None:
            continue
        if no in seen:
            ctx.bad(path + ("no",), f"部分编号 {no} 重复。", s)
        seen.add(no)
        subs: list[Subsection] = []
        sub_seen: set[int] = set()
        for j, u in enumerate(_opt(ctx, s, "subs", path, "list") or []):
            up = path + ("subs", j)
            if not isinstance(u, dict):
                ctx.bad(up, f"应为一组键值（no、title），实际为 {show_value(u)}。", s)
                continue
            _unknown_keys(ctx, u, up, SUB_KEYS)
            uno = _req(ctx, u, "no", up, "int")
            if uno is None:
                continue
            if uno in sub_seen:
                ctx.bad(up + ("no",), f"小节编号 {uno} 在第 {no} 部分中重复。", u)
            sub_seen.add(uno)
            subs.append(Subsection(uno, _req(ctx, u, "title", up, "str") or "", ctx.src(u)))
        out.append(Section(no, title, tuple(subs), ctx.src(s)))
    return out


def _task_id(ctx: _Ctx, t: dict, path: tuple) -> str | None:
    if "id" not in t or t["id"] is None:
        ctx.bad(path + ("id",), "缺少必填字段 “id”（任务编号）。", t)
        return None
    v = t["id"]
    if isinstance(v, bool):
        ctx.bad(path + ("id",), "编号应为文字，如 \"28\"。", t)
        return None
    if isinstance(v, WrittenInt):
        ctx.bad(path + ("id",), f"编号 {v.text} 被当成了数字 {int(v)}（不加引号时只留下数值）。请加引号写成 \"{v.text}\"。", t)
        return None
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        ctx.bad(path + ("id",), f"编号 {src_text(v)} 被当成了数字（不加引号，末尾的 0 会丢掉）。请加引号写成 \"{src_text(v)}\"。", t)
        return None
    if not isinstance(v, str) or not v.strip():
        ctx.bad(path + ("id",), f"编号应为文字，如 \"28\"，实际为 {show_value(v)}。", t)
        return None
    return ctx.text(path + ("id",), v.strip(), t)


def _names(ctx: _Ctx, m: dict, key: str, path: tuple) -> tuple[str, ...]:
    v = m.get(key)
    if v is None:
        return ()
    if isinstance(v, str):
        return tuple(x for x in (s.strip() for s in ctx.text(path + (key,), v, m).replace("，", "、").replace(",", "、").split("、")) if x)
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return tuple(ctx.text(path + (key, i), x.strip(), v) for i, x in enumerate(v) if x.strip())
    ctx.bad(path + (key,), f"应为单位名称或名称列表，实际为 {show_value(v)}。", m)
    return ()


def _targets(ctx: _Ctx, raw: list, path: tuple) -> list[Target]:
    out = []
    for i, g in enumerate(raw):
        gp = path + (i,)
        if not isinstance(g, dict):
            ctx.bad(gp, f"应为一组键值（metric、value、unit、cmp、kind），实际为 {show_value(g)}。", raw)
            continue
        _unknown_keys(ctx, g, gp, TARGET_KEYS)
        metric = _req(ctx, g, "metric", gp, "str") or ""
        value = _req(ctx, g, "value", gp, "num")
        cmp_key = "cmp" if "cmp" in g else "comparator"
        cmp = _opt(ctx, g, cmp_key, gp, "str") or ">="
        if cmp not in COMPARATORS:
            ctx.bad(gp + (cmp_key,), f"比较方式只能是 >=（以上）、<=（以内）、~（左右）或 =，实际为 “{cmp}”。", g)
        kind = _opt(ctx, g, "kind", gp, "str") or "cumulative"
        if kind not in KINDS:
            ctx.bad(gp + ("kind",), f"类型只能是 cumulative（累计量）或 level（水平值），实际为 “{kind}”。", g)
        high = _opt(ctx, g, "high", gp, "num")
        if value is None:
            continue
        out.append(Target(metric, float(value), _opt(ctx, g, "unit", gp, "str") or "", cmp, kind,
                          None if high is None else float(high), _opt(ctx, g, "text", gp, "str") or "",
                          "registry", ctx.src(g)))
    return out


def _progress(ctx: _Ctx, raw: list, path: tuple) -> list[Progress]:
    out = []
    for i, p in enumerate(raw):
        pp = path + (i,)
        if not isinstance(p, dict):
            ctx.bad(pp, f"应为一组键值（period、text），实际为 {show_value(p)}。", raw)
            continue
        _unknown_keys(ctx, p, pp, PROGRESS_KEYS)
        period = _req(ctx, p, "period", pp, "str")
        if "text" not in p or p["text"] is None:
            ctx.bad(pp + ("text",), "缺少进展文字 “text”。未报送的请写 text: \"\"。", p)
            text = None
        else:
            text = _typed(ctx, p, "text", pp, "str")
        status = _opt(ctx, p, "status", pp, "str")
        if status is not None and status not in STATUSES:
            ctx.bad(pp + ("status",), f"状态只能是 {'、'.join(STATUSES)} 之一，实际为 “{status}”。", p)
            status = None
        actuals = []
        for j, a in enumerate(_opt(ctx, p, "actuals", pp, "list") or []):
            ap = pp + ("actuals", j)
            if not isinstance(a, dict):
                ctx.bad(ap, f"应为一组键值（metric、value、unit），实际为 {show_value(a)}。", p)
                continue
            _unknown_keys(ctx, a, ap, ACTUAL_KEYS)
            v = _req(ctx, a, "value", ap, "num")
            if v is not None:
                actuals.append(Actual(_opt(ctx, a, "metric", ap, "str") or "", float(v),
                                      _opt(ctx, a, "unit", ap, "str") or "", ctx.src(a)))
        if period is None or text is None:
            continue
        out.append(Progress(str(period).strip(), text, _opt(ctx, p, "as_of", pp, "date"),
                            _opt(ctx, p, "label", pp, "str") or "进展情况", tuple(actuals), status,
                            _opt(ctx, p, "note", pp, "str") or "", ctx.src(p)))
    return out


def _tasks(ctx: _Ctx, raw: Any, year: int = 0) -> list[Task]:
    out: list[Task] = []
    if raw is None:
        ctx.bad(("tasks",), "缺少 tasks（任务列表）。", None)
        return out
    if not isinstance(raw, list):
        ctx.bad(("tasks",), f"应为列表，实际为 {show_value(raw)}。", None)
        return out
    for i, t in enumerate(raw):
        path = ("tasks", i)
        if not isinstance(t, dict):
            ctx.bad(path, f"每个任务应为一组键值（id、section、goal…），实际为 {show_value(t)}。", raw)
            continue
        _unknown_keys(ctx, t, path, TASK_KEYS)
        tid = _task_id(ctx, t, path)
        section = _req(ctx, t, "section", path, "int")
        goal = _req(ctx, t, "goal", path, "str")
        sub = _opt(ctx, t, "sub", path, "int")
        targets = _targets(ctx, _opt(ctx, t, "targets", path, "list") or [], path + ("targets",))
        units = Units()
        if "units" in t and t["units"] is not None:
            u = _typed(ctx, t, "units", path, "map")
            if u is not None:
                _unknown_keys(ctx, u, path + ("units",), UNIT_KEYS)
                units = Units(_names(ctx, u, "lead", path + ("units",)), _names(ctx, u, "others", path + ("units",)))
        trajectory = []
        for pid, share in (_opt(ctx, t, "trajectory", path, "map") or {}).items():
            if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
                ctx.bad(path + ("trajectory", pid), f"应为 0 到 1 之间的小数（0.4 表示应完成全年的 40%），实际为 {show_value(share)}。", t)
                continue
            trajectory.append((str(pid), float(share)))
        progress = _progress(ctx, _opt(ctx, t, "progress", path, "list") or [], path + ("progress",))
        deadline, milestones = read_dates(ctx, t, path, year)
        leader = _opt(ctx, t, "leader", path, "str") or ""
        if tid is None or section is None or goal is None:
            continue
        out.append(Task(tid, section, goal, sub, tuple(targets), units, tuple(progress), tuple(trajectory), ctx.src(t),
                        deadline, milestones, leader))
    return out


# ----------------------------------------------------------------------------- registry-wide rules
# Each rule: (registry, task paths) -> list of (path, message). Adding a rule = one function + one test.


def rule_duplicate_ids(reg: Registry, paths: dict) -> list[tuple[tuple, str]]:
    first: dict[str, int] = {}
    out = []
    for i, t in enumerate(reg.tasks):
        if t.id in first:
            out.append((paths[i] + ("id",), duplicate_id(t.id, reg.tasks[first[t.id]].source, t.source.file)))
        else:
            first[t.id] = i
    return out


def duplicate_id(task_id: str, first: Source, here: str) -> str:
    where = f"第 {first.line} 行" if first.file == here else f"{first.file} 第 {first.line} 行"
    return f"任务编号 “{task_id}” 重复（第一次出现在{where}）。每个任务的编号必须唯一。"


def rule_known_sections(reg: Registry, paths: dict) -> list[tuple[tuple, str]]:
    secs = {s.no: s for s in reg.sections}
    out = []
    for i, t in enumerate(reg.tasks):
        s = secs.get(t.section)
        if s is None:
            known = "、".join(str(n) for n in secs) or "（尚未声明任何部分）"
            out.append((paths[i] + ("section",), f"任务 “{t.id}” 所属的第 {t.section} 部分没有在 sections 中声明。已声明：{known}。"
                        "请改成已声明的部分编号，或在 sections 中补上这一部分。"))
        elif t.sub is not None and t.sub not in {u.no for u in s.subs}:
            out.append((paths[i] + ("sub",), f"任务 “{t.id}” 所属的小节 {t.sub} 不在第 {t.section} 部分的 subs 中。"))
    return out


def rule_known_periods(reg: Registry, paths: dict) -> list[tuple[tuple, str]]:
    declared = set(reg.period_ids)
    out = []
    for i, t in enumerate(reg.tasks):
        seen: set[str] = set()
        for j, p in enumerate(t.progress):
            if p.period not in declared:
                out.append((paths[i] + ("progress", j, "period"),
                            f"报告期 “{p.period}” 没有在 meta.periods 中声明。已声明：{'、'.join(sorted(declared)) or '无'}。"
                            "请改成已声明的报告期，或在 meta.periods 中补上它。"))
            if p.period in seen:
                out.append((paths[i] + ("progress", j, "period"), f"任务 “{t.id}” 在报告期 {p.period} 有两条进展，请合并为一条。"))
            seen.add(p.period)
        for pid, _ in t.trajectory:
            if pid not in declared:
                out.append((paths[i] + ("trajectory", pid), f"分期目标中的报告期 “{pid}” 没有在 meta.periods 中声明。"))
    return out


# "进展情况：……" inside a goal: the report was read into the task's text (a bad import, a paste)
_LABEL_IN_GOAL = re.compile(r"(?:进展情况|完成情况|落实情况|工作进展|推进情况)\s*[:：]")


def rule_goal_holds_progress(reg: Registry, paths: dict) -> list[tuple[tuple, str]]:
    """A goal that holds a progress label and the report after it. (An empty goal is a missing field.)"""
    out = []
    for i, t in enumerate(reg.tasks):
        m = _LABEL_IN_GOAL.search(t.goal)
        if m and t.goal[:m.start()].strip():  # after the goal's own words: the report glued to it
            out.append((paths[i] + ("goal",), f"任务 “{t.id}” 的任务内容里有“{m[0].rstrip(':： ')}：”，进展文字可能被并进了任务内容。"
                        "请把它和后面的文字移到 progress 的 text 中。"))
    return out


def duplicate_key(t: Task) -> tuple | None:
    """What two copies of one task share: the goal and every progress text (None before any report)."""
    if not any(p.text.strip() for p in t.progress):
        return None
    return t.goal.strip(), tuple((p.period, p.text.strip()) for p in t.progress)


def rule_duplicate_tasks(reg: Registry, paths: dict) -> list[tuple[tuple, str]]:
    """Two tasks with the same goal and the same progress: one task imported twice."""
    first: dict[tuple, int] = {}
    out = []
    for i, t in enumerate(reg.tasks):
        key = duplicate_key(t)
        if key is None:
            continue
        if key in first:
            src = reg.tasks[first[key]]
            out.append((paths[i] + ("goal",), duplicate_task(t.id, src.id, src.source, t.source.file)))
        else:
            first[key] = i
    return out


def duplicate_task(task_id: str, first_id: str, first: Source, here: str) -> str:
    where = f"第 {first.line} 行" if first.file == here else f"{first.file} 第 {first.line} 行"
    return (f"任务 “{task_id}” 与任务 “{first_id}”（{where}）的任务内容和进展完全相同，"
            "可能是同一项任务导入了两次。请删除其中一项，或改正其内容。")


RULES = [rule_duplicate_ids, rule_known_sections, rule_known_periods, rule_goal_holds_progress, rule_duplicate_tasks]
# A writer checks a rewritten task against the registry's index, not the whole registry: a new rule
# that compares tasks with each other needs its counterpart in registry/blocks.py (ACROSS_TASKS).


# The field checks as registry/assemble.py builds a registry from them.
Ctx = _Ctx
unknown_keys = _unknown_keys
check_meta = _meta
check_sections = _sections
check_tasks = _tasks
