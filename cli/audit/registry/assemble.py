"""Parsed files to one registry: each file's top-level keys, `meta` and each section number declared
once, every task with the path it has in its own file, and the registry-wide rules of schema.py.
Also the checks of one block on its own, for a writer that rewrites only the block it changes."""
from __future__ import annotations

from typing import Any

from audit.core.model import Meta, Registry, Section, Task
from audit.registry.schema import RULES, Ctx, check_meta, check_sections, check_tasks, unknown_keys

MAIN_KEYS = ("meta", "sections", "tasks", "include")
PART_KEYS = ("sections", "tasks")


class _InFile:
    """Heads a task path in a split registry: which file the task came from (stripped before locating)."""

    __slots__ = ("file",)

    def __init__(self, file: str):
        self.file = file


def build(data: Any, filename: str) -> tuple[Registry | None, list[tuple[tuple, str, Any, bool]]]:
    """Plain parsed data -> Registry and unlocated problems (path, message, owner)."""
    reg, pending = build_parts([(filename, data)], filename)
    return reg, pending[filename]


def build_parts(parts: list[tuple[str, Any]], path: str, folder: bool = False
                ) -> tuple[Registry | None, dict[str, list[tuple[tuple, str, Any, bool]]]]:
    """Parsed files -> one Registry, and unlocated problems per file.

    `parts[0]` is the main file (its `include:` already resolved into the later parts); with
    `folder`, every part is an equal member and `meta` may sit in any one of them.
    """
    ctxs = {f: Ctx(f) for f, _ in parts}
    main = ctxs[parts[0][0]]
    single = len(parts) == 1 and not folder
    usable, meta_raw, meta_ctx = _top_level(parts, ctxs, folder)
    if single and not usable:
        return None, {main.filename: main.pending}
    meta = check_meta(meta_ctx, meta_raw)
    sections = _all_sections(usable, meta_ctx)
    tasks, paths = _all_tasks(usable, meta_ctx, meta.year)
    reg = Registry(meta, tuple(sections), tuple(tasks), path)
    for rule in RULES:
        for p, message in rule(reg, paths):
            if p and isinstance(p[0], _InFile):
                ctxs[p[0].file].bad(p[1:], message, None)
            else:
                meta_ctx.bad(p, message, None)
    return reg, {f: c.pending for f, c in ctxs.items()}


def _top_level(parts: list[tuple[str, Any]], ctxs: dict[str, Ctx], folder: bool) -> tuple[list[tuple[Ctx, dict]], Any, Ctx]:
    """The files that hold a mapping (each file's top-level keys checked), the `meta` found and the file it is in."""
    main = ctxs[parts[0][0]]
    single = len(parts) == 1 and not folder
    usable: list[tuple[Ctx, dict]] = []
    meta_raw: Any = None
    meta_ctx = main
    for k, (filename, data) in enumerate(parts):
        ctx = ctxs[filename]
        if data is None:
            ctx.bad((), "文件是空的。请参照 docs/registry.md 的示例填写 meta、sections、tasks。" if single
                    else "文件是空的。分文件的台账中，每个文件至少要有 tasks 或 sections。", None)
            continue
        if not isinstance(data, dict):
            ctx.bad((), "台账文件的最外层应为 meta、sections、tasks 三项。请参照 docs/registry.md。", None)
            continue
        usable.append((ctx, data))
        _part_keys(ctx, data, main_file=k == 0 and not folder, folder=folder, main_name=main.filename)
        if "meta" in data and (k == 0 or folder):
            if meta_raw is None:
                meta_raw, meta_ctx = data["meta"], ctx
            else:
                ctx.bad(("meta",), f"meta 只能写在一个文件里，{meta_ctx.filename} 中已经有了。", data, at_key=True)
    return usable, meta_raw, meta_ctx


def _part_keys(ctx: Ctx, data: dict, *, main_file: bool, folder: bool, main_name: str) -> None:
    if main_file:
        unknown_keys(ctx, data, (), MAIN_KEYS)
    elif folder:
        unknown_keys(ctx, data, (), ("meta",) + PART_KEYS)
    else:
        for key in data:
            if key in ("meta", "include"):
                ctx.bad((key,), f"被 include 引用的文件只能写 tasks 和 sections；{key} 请写在主文件 {main_name} 中。",
                        data, at_key=True)
        unknown_keys(ctx, {key: v for key, v in data.items() if key not in ("meta", "include")}, (), PART_KEYS)


def _all_sections(usable: list[tuple[Ctx, dict]], meta_ctx: Ctx) -> list[Section]:
    """Every file's sections, each number declared once across the files."""
    sections: list[Section] = []
    declared: dict[int, str] = {}
    for ctx, data in usable:
        raw = data.get("sections")
        if raw is None:
            continue
        got = check_sections(ctx, raw)
        for i, s in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(s, dict) and s.get("no") in declared and declared[s["no"]] != ctx.filename:
                ctx.bad(("sections", i, "no"), f"部分编号 {s['no']} 已在 {declared[s['no']]} 中声明。", s)
        for s in got:
            if s.no not in declared:
                declared[s.no] = ctx.filename
                sections.append(s)
    if not any(data.get("sections") is not None for _, data in usable):
        check_sections(meta_ctx, None)
    return sections


def _all_tasks(usable: list[tuple[Ctx, dict]], meta_ctx: Ctx, year: int) -> tuple[list[Task], dict[int, tuple]]:
    """Every file's tasks in order, and each one's path (file, "tasks", index in its file) for located messages."""
    tasks: list[Task] = []
    paths: dict[int, tuple] = {}
    for ctx, data in usable:
        raw = data.get("tasks")
        if raw is None:
            continue
        built = check_tasks(ctx, raw, year)  # deadlines are read against the plan year
        tag = _InFile(ctx.filename)
        base = len(tasks)
        k = 0
        for i, t in enumerate(raw if isinstance(raw, list) else []):
            if k < len(built) and isinstance(t, dict) and getattr(t, "line", None) == built[k].source.line:
                paths[base + k] = (tag, "tasks", i)
                k += 1
        for idx in range(len(built)):
            paths.setdefault(base + idx, (tag, "tasks", idx))
        tasks += built
    if not any(data.get("tasks") is not None for _, data in usable):
        check_tasks(meta_ctx, None)
    return tasks, paths


# ----------------------------------------------------------------------------- one block on its own
# A writer that rewrites one block checks it with these: the fields of what the block holds, and
# every rule above that looks at a task against the registry's meta and sections. Whether its id
# is unique is asked of the registry's index (registry/blocks.py), which knows every id.


def block_tasks(filename: str, raw: Any, meta: Meta, sections: tuple[Section, ...]
                ) -> tuple[list[Task], list[tuple[tuple, str, Any, bool]]]:
    """The tasks of a block (`raw`: the list it parses to), and unlocated problems with paths
    ("tasks", index in the block, ...)."""
    ctx = Ctx(filename)
    built = check_tasks(ctx, raw, meta.year)
    reg = Registry(meta, sections, tuple(built), filename)
    for rule in RULES:
        for p, message in rule(reg, {i: ("tasks", i) for i in range(len(built))}):
            ctx.bad(p, message, None)
    return built, ctx.pending


def block_meta(filename: str, raw: Any) -> tuple[Meta, list[tuple[tuple, str, Any, bool]]]:
    """The `meta` of a block, and unlocated problems with paths ("meta", ...)."""
    ctx = Ctx(filename)
    return check_meta(ctx, raw), ctx.pending
