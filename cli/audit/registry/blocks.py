"""One block of a registry file read, changed and checked on its own: a task (one item of `tasks`)
or `meta`.

A writer reads the block's lines (found through the index), edits them with the round-trip loader
as the whole file was edited before (comments, order, quoting and block style inside the block
survive), and writes the block back in place: every byte outside it stays as it was. Before that,
the new block is checked as `audit check` would: it must read as one whole item at the same
indentation, leave the comment lines after it as comments, pass every field check, and agree
with the rest of the registry as the index knows it (ids unique, sections and periods declared).
Anything a block cannot do alone (an alias into another block, a layout the index cannot place)
raises NotAlone, and the writer rewrites the whole file instead.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from audit.core.errors import Problem
from audit.core.model import Task
from audit.registry import assemble, parse, schema, spans
from audit.registry.index import copy_of
from audit.registry.save import rt_yaml


class NotAlone(Exception):
    """This block cannot be read or written on its own; the whole file can."""


class StaleIndex(Exception):
    """The index does not describe the file as it is now."""


@dataclass
class Block:
    file: str
    kind: str  # "task" or "meta"
    number: int  # a task's index in its file (for field paths)
    start: int  # byte offset of its first line
    end: int  # byte offset just after its content (comment and blank lines after it are not its)
    line: int  # 1-based number of its first line
    text: str  # its content as read
    trailing: str  # the lines between its content and the next block
    newline: str  # "\r\n" when the block breaks its lines that way
    layout: tuple[int, int]  # a task's (dash column, key column); (0, 0) for meta
    doc: Any  # the round-trip document: {"tasks": [the task]} or {"meta": ...}
    yaml: Any  # the ruamel YAML that read it and writes it back
    task_id: str = ""

    @property
    def node(self) -> Any:
        return self.doc["tasks"][0] if self.kind == "task" else self.doc["meta"]

    @property
    def head(self) -> str:
        """What the block is read after, so that its lines keep their numbers and its items their place."""
        return ("tasks:" if self.kind == "task" else "") + "\n" * (self.line - 1)


def _region(path: str, start: int, stop: int) -> str:
    with open(path, "rb") as f:
        f.seek(start)
        raw = f.read(stop - start)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise StaleIndex(path) from e


def _split(region: str) -> tuple[str, str]:
    try:
        n = spans.content_length(region)
    except ValueError as e:
        raise NotAlone(str(e)) from e
    return region[:n], region[n:]


def _task_lines(index: Any, n: int, i: int) -> tuple[Any, int, int, str, str, Any]:
    """(file index, start, line, content, trailing lines, parsed data) of task i of file n."""
    f = index.files[n]
    if not f.blocks:
        raise NotAlone(f.file)
    start, stop = f.region(i)
    content, trailing = _split(_region(f.file, start, stop))
    data = parse.fast("tasks:" + "\n" * (f.lines[i] - 1) + content)
    if data is parse.SLOW:
        raise NotAlone(f.file)  # an anchor, alias or tag: it may lean on another block
    items = data.get("tasks") if isinstance(data, dict) else None
    if not (isinstance(items, list) and len(items) == 1 and isinstance(items[0], dict)
            and str(items[0].get("id")).strip() == f.ids[i]):
        raise StaleIndex(f.file)
    return f, start, f.lines[i], content, trailing, items


def read_task(index: Any, n: int, i: int) -> Task | None:
    """Task i of file n as a record, read from its block alone."""
    f, _start, _line, _content, _trailing, items = _task_lines(index, n, i)
    tasks, _pending = assemble.block_tasks(f.file, items, index.meta, index.sections)
    return tasks[0] if tasks else None


def open_task(index: Any, n: int, i: int) -> Block:
    """Task i of file n, read with the round-trip loader for editing."""
    f, start, line, content, trailing, _items = _task_lines(index, n, i)
    try:
        layout = spans.item_layout(content)
    except ValueError as e:
        raise NotAlone(f.file) from e
    y = _yaml(sequence=layout[1], offset=layout[0])
    block = Block(f.file, "task", i, start, start + len(content.encode("utf-8")), line, content, trailing,
                  _newline(content), layout, None, y, f.ids[i])
    block.doc = _load(y, "tasks:\n" + content, f.file)
    return block


def open_meta(index: Any) -> Block:
    """The `meta` block, read with the round-trip loader for editing."""
    f = next(f for f in index.files if f.file == index.meta_file)
    if f.meta is None:
        raise NotAlone(f.file)
    start, stop, line = f.meta
    content, trailing = _split(_region(f.file, start, stop))
    data = parse.fast(content)
    if data is parse.SLOW:
        raise NotAlone(f.file)
    if not (isinstance(data, dict) and list(data) == ["meta"]):
        raise StaleIndex(f.file)
    y = _yaml(sequence=4, offset=2)
    block = Block(f.file, "meta", 0, start, start + len(content.encode("utf-8")), line, content, trailing,
                  _newline(content), (0, 0), None, y)
    block.doc = _load(y, content, f.file)
    return block


def _yaml(sequence: int, offset: int) -> Any:
    y = rt_yaml()
    y.indent(mapping=2, sequence=sequence, offset=offset)
    return y


def _load(y: Any, text: str, file: str) -> Any:
    from ruamel.yaml.error import YAMLError

    try:
        return y.load(text)
    except (YAMLError, RecursionError) as e:
        raise NotAlone(file) from e


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def rewritten(block: Block) -> str:
    """The block's new text, as the round-trip writer writes the document it was read into."""
    buf = io.StringIO()
    block.yaml.dump(block.doc, buf)
    out = buf.getvalue()
    if block.kind == "task":
        if not out.startswith("tasks:\n"):
            raise NotAlone(block.file)
        out = out[len("tasks:\n"):]
    return out.replace("\r\n", "\n").replace("\n", "\r\n") if block.newline == "\r\n" else out  # comments keep the \r they were read with


def check(index: Any, block: Block, new: str) -> tuple[list[Problem], Any]:
    """What `audit check` would say of the registry with `new` in place of the block (as far as the
    block can change it), and what the block now holds (its Meta, or its tasks); NotAlone when
    `new` would not stand in the file as one block."""
    text = block.head + new
    data, problems = parse.parse(text, block.file)
    if problems:
        return problems, None
    _still_alone(block, new, data)
    if block.kind == "meta":
        meta, pending = assemble.block_meta(block.file, data["meta"])
        if meta.year != index.meta.year:
            raise NotAlone("every task's dates are read against the plan year")
        missing = sorted(index.used_periods - {p.id for p in meta.periods})
        if missing:
            pending.append((("meta", "periods"), f"任务中用到的报告期 {'、'.join(missing)} 没有在 meta.periods 中声明。", None, False))
        return parse.locate(text, block.file, pending), meta
    if {r.__name__ for r in schema.RULES} - ACROSS_TASKS - ON_ONE_TASK:
        raise NotAlone("a rule this module cannot check a block against")
    tasks, pending = assemble.block_tasks(block.file, data["tasks"], index.meta, index.sections)
    for t in tasks:
        pending += _across(index, block, t)
    return [_numbered(p, block.number) for p in parse.locate(text, block.file, pending)], tasks


# The registry-wide rules of schema.RULES: those that look at one task against meta and sections run
# on the block's own tasks; those that compare tasks with each other are asked of the index.
ON_ONE_TASK = {"rule_known_sections", "rule_known_periods", "rule_goal_holds_progress"}
ACROSS_TASKS = {"rule_duplicate_ids", "rule_duplicate_tasks"}


def _across(index: Any, block: Block, t: Task) -> list:
    """What rule_duplicate_ids and rule_duplicate_tasks would say of `t` among the rest of the registry."""
    out = []
    if t.id != block.task_id and index.where(t.id) is not None:
        out.append((("tasks", 0, "id"), schema.duplicate_id(t.id, index.source(t.id), block.file), None, False))
    copy = copy_of(t)
    first = index.copy_owner(copy, other_than=block.task_id) if copy else None
    if first is not None:
        out.append((("tasks", 0, "goal"), schema.duplicate_task(t.id, first, index.source(first), block.file), None, False))
    return out


def _still_alone(block: Block, new: str, data: Any) -> None:
    """`new` is one whole block at the block's place, and the lines after it are not drawn into it."""
    if block.kind == "task":
        items = data.get("tasks") if isinstance(data, dict) else None
        try:
            same_layout = spans.item_layout(new) == block.layout
        except ValueError:
            same_layout = False
        if not (isinstance(items, list) and len(items) == 1 and same_layout):
            raise NotAlone(block.file)
    elif not (isinstance(data, dict) and list(data) == ["meta"]):
        raise NotAlone(block.file)
    if block.trailing.strip() and parse.fast(block.head + new + block.trailing) != data:
        raise NotAlone(block.file)


def _numbered(p: Problem, number: int) -> Problem:
    """A problem found in a task block alone, with the task's index in its file in the field path."""
    if p.field.startswith("tasks[0]"):
        return p._replace(field=f"tasks[{number}]" + p.field[len("tasks[0]"):])
    return p
