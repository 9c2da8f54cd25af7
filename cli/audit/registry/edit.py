"""Edits to the round-trip registry document: progress rows merged in, a period declared, and the
comment lines that follow a block kept in place. The located rejections a refused edit reports."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from audit.core.errors import AuditError
from audit.core.model import Actual, default_as_of
from audit.core.text import brief as _show
from audit.core.text import clean_text
from audit.registry import ruamel_adapter
from audit.registry.save import styled

# ----------------------------------------------------------------------------- located rejections


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a filled file: sheet, 1-based row, column letter and its header."""

    file: str
    sheet: str
    row: int = 0
    column: str = ""  # "K"
    header: str = ""  # "本期进展"

    def __str__(self) -> str:
        out = f"{self.file} 工作表“{self.sheet}”"
        if self.row:
            out += f" 第 {self.row} 行"
        if self.column:
            out += f" {self.column} 列"
            if self.header:
                out += f"（{self.header}）"
        return out

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column, "header": self.header}


@dataclass(frozen=True, slots=True)
class Rejection:
    where: Where
    message: str  # what is wrong and what to do, in Chinese

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"

    def as_dict(self) -> dict:
        return {**self.where.as_dict(), "message": self.message}


class LedgerRejected(AuditError):
    """A filled 台账 (or an update) was refused as a whole; `rejections` says where and why."""

    def __init__(self, message: str, rejections: list[Rejection]):
        super().__init__(message)
        self.rejections = list(rejections)


@dataclass(frozen=True, slots=True)
class Filled:
    """One validated row: the progress a department reported for one task."""

    task_id: str
    text: str
    actuals: tuple[Actual, ...] = ()
    where: Where | None = None


# ----------------------------------------------------------------------------- merging into the document


@dataclass(frozen=True, slots=True)
class Outcome:
    task_id: str
    action: str  # "add", "replace", "same"
    text: str
    old_text: str | None = None
    actuals: tuple[Actual, ...] = ()
    where: Where | None = None

    def as_dict(self) -> dict:
        return {
            "id": self.task_id,
            "action": self.action,
            "text": self.text,
            "old_text": self.old_text,
            "actuals": [{"metric": a.metric, "value": a.value, "unit": a.unit} for a in self.actuals],
            "where": self.where.as_dict() if self.where else None,
        }


def apply(doc: Any, filled: list[Filled], period: str, *, overwrite: bool = False,
          periods: list[str] | None = None) -> list[Outcome]:
    """Merge rows into the round-trip document, all or nothing.

    Checks against the document itself (read under the registry lock), so a concurrent writer's
    entries count: an existing entry for the same task and period is refused unless `overwrite`;
    an identical one is left as is. Nothing is changed unless every row can land. `periods` are
    the registry's declared periods, in order; without it they are read from the document's
    `meta` (a file of a split registry has none of its own). The document may hold only the tasks
    the rows name (a writer that rewrites one block reads only those).
    """
    declared = list(periods) if periods is not None else _declared_in(doc)
    if period not in declared:
        raise AuditError(f"报告期 “{period}” 没有在台账 meta.periods 中声明（已有：{'、'.join(declared) or '无'}）。"
                         f"请先运行 audit period add {period}。")
    plan = _plan(doc, filled, period, overwrite)
    order = {pid: i for i, pid in enumerate(declared)}
    out = []
    for f, t, old in plan:
        if old is not None and _same(old, f):
            out.append(Outcome(f.task_id, "same", f.text, clean_text(old.get("text")), f.actuals, f.where))
        elif old is not None:
            before = clean_text(old.get("text"))
            _replace(old, f)
            out.append(Outcome(f.task_id, "replace", f.text, before, f.actuals, f.where))
        else:
            _insert(t, f, period, order)
            out.append(Outcome(f.task_id, "add", f.text, None, f.actuals, f.where))
    return out


def _declared_in(doc: Any) -> list[str]:
    meta = doc.get("meta") or {}
    return [str(p.get("id")).strip() for p in (meta.get("periods") or []) if isinstance(p, dict)]


def _plan(doc: Any, filled: list[Filled], period: str, overwrite: bool) -> list[tuple[Filled, Any, Any]]:
    """(row, its task, its entry for `period` or None) for every row; LedgerRejected naming every row that cannot land."""
    by_id = {}
    for t in doc.get("tasks") or []:
        if isinstance(t, dict) and t.get("id") is not None:
            by_id[str(t["id"]).strip()] = t
    refused: list[Rejection] = []
    plan: list[tuple[Filled, Any, Any]] = []
    for f in filled:
        t = by_id.get(f.task_id)
        where = f.where or Where("", "", 0)
        if t is None:
            refused.append(Rejection(where, f"台账中已没有编号为 “{f.task_id}” 的任务（可能刚被他人修改）。"))
            continue
        old = next((e for e in (t.get("progress") or []) if isinstance(e, dict) and str(e.get("period")).strip() == period), None)
        if old is not None and not _same(old, f) and not overwrite:
            refused.append(Rejection(where, f"任务 “{f.task_id}” 在 {period} 已有进展（“{_show(clean_text(old.get('text')))}”），"
                                            "未覆盖。如确要用新内容替换，请加 --overwrite。"))
            continue
        plan.append((f, t, old))
    if refused:
        raise LedgerRejected(f"有 {len(refused)} 项与台账中已有的进展冲突，未写入任何内容。", refused)
    return plan


def _actual_key(items: Iterable[Any]) -> list[tuple]:
    out = []
    for a in items:
        if isinstance(a, Actual):
            out.append((a.metric, float(a.value), a.unit))
        elif isinstance(a, dict):
            out.append((str(a.get("metric") or ""), float(a.get("value") or 0), str(a.get("unit") or "")))
    return out


def _same(entry: dict, f: Filled) -> bool:
    return clean_text(entry.get("text")) == f.text and _actual_key(entry.get("actuals") or []) == _actual_key(f.actuals)


def _entry_map(f: Filled, period: str, label: str | None) -> Any:
    from ruamel.yaml.comments import CommentedMap

    m = CommentedMap()
    m["period"] = period
    if label:
        m["label"] = label
    m["text"] = styled(f.text, "text")
    if f.actuals:
        m["actuals"] = styled([{"metric": a.metric, "value": a.value, "unit": a.unit} if a.unit
                               else {"metric": a.metric, "value": a.value} for a in f.actuals], "actuals")
    return m


def _insert(task: Any, f: Filled, period: str, order: dict[str, int]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    entries = task.get("progress")
    label = None
    if isinstance(entries, list) and entries:
        prior = [e for e in entries if isinstance(e, dict) and order.get(str(e.get("period")).strip(), -1) < order[period]]
        lab = prior[-1].get("label") if prior else None
        label = str(lab) if lab and str(lab) != "进展情况" else None
    new = _entry_map(f, period, label)
    if not isinstance(entries, list) or not entries:
        seq = CommentedSeq([new])
        if "progress" in task:
            task["progress"] = seq
        else:
            append_key(task, "progress", seq)
        return
    pos = len(entries)
    for i, e in enumerate(entries):
        if isinstance(e, dict) and order.get(str(e.get("period")).strip(), -1) > order[period]:
            pos = i
            break
    if pos == len(entries):
        append_item(entries, new)
    else:
        entries.insert(pos, new)


def _replace(old: Any, f: Filled) -> None:
    rest = ruamel_adapter.take_trailing(old)
    old["text"] = styled(f.text, "text")
    if f.actuals:
        old["actuals"] = styled([{"metric": a.metric, "value": a.value, "unit": a.unit} for a in f.actuals], "actuals")
    elif "actuals" in old:
        del old["actuals"]
    # A reviewer's status judged the old text; it must not silently carry over to the new one.
    for key in ("status", "note"):
        if key in old:
            del old[key]
    if rest:
        ruamel_adapter.put_trailing(old, rest)


# ----------------------------------------------------------------------------- comments that follow a block
# ruamel keeps the comment lines after a block (often a heading for what follows) on the block's
# last scalar. Appending after that scalar would put those lines above the new item; move them.


def append_item(seq: Any, item: Any) -> None:
    """Append to a block sequence, keeping the comment lines that followed it after the new item."""
    rest = ruamel_adapter.take_trailing(seq[-1]) if len(seq) else ""
    seq.append(item)
    if rest:
        ruamel_adapter.put_trailing(item, rest)


def append_key(mapping: Any, key: str, value: Any) -> None:
    """Add a last key to a block mapping, keeping the comment lines that followed it after the value."""
    rest = ruamel_adapter.take_trailing(mapping)
    mapping[key] = value
    if rest:
        ruamel_adapter.put_trailing(mapping, rest)


def add_period(doc: Any, pid: str, as_of: Any = None, label: str | None = None) -> int:
    """Declare a period in meta.periods, in as-of order; returns its index. Refuses duplicates."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    meta = doc.get("meta")
    if not isinstance(meta, dict):
        raise AuditError("台账缺少 meta。请先运行 audit check 并改好。")
    periods = meta.get("periods")
    if not isinstance(periods, list):
        periods = CommentedSeq()
        append_key(meta, "periods", periods)
    ids = [str(p.get("id")).strip() for p in periods if isinstance(p, dict)]
    if pid in ids:
        raise AuditError(f"报告期 “{pid}” 已经声明过了。已有：{'、'.join(ids)}。")
    m = CommentedMap()
    m["id"] = pid
    if as_of is not None:
        m["as_of"] = as_of
    if label:
        m["label"] = label
    pos = _period_position(periods, as_of or default_as_of(pid))
    if pos == len(periods) and len(periods):
        append_item(periods, m)
    else:
        periods.insert(pos, m)
    return pos


def _period_position(periods: list, when: Any) -> int:
    """Where a period ending `when` goes: before the first declared period that ends later."""
    for i, p in enumerate(periods):
        if not isinstance(p, dict):
            continue
        d = p.get("as_of")
        if d is None or not hasattr(d, "year"):
            d = default_as_of(str(p.get("id")).strip())
        if d is not None and when is not None and d > when:
            return i
    return len(periods)
