"""The one place that reaches below ruamel.yaml's public API: the comment lines a block ends with.

ruamel keeps the full comment lines that follow a block (often a heading for what comes next) on
the block's last scalar, in its comment table. Appending an item after that scalar would put those
lines above the new item, so the writer moves them; ruamel has no public call that detaches a
comment, so this module reads and writes the table itself. Everything here is pinned to the
ruamel.yaml versions in pyproject.toml and checked by tests/test_ruamel_adapter.py, which fails
first if a new ruamel stores comments differently.

Also here: the round-trip constructor the writer reads with. It reads every word as the fast
reader does (`registry/scalars.py`), including the words that only look like a number or a date
(`2021-02-30`, `-_`), where ruamel itself would stop with a Python error.

ruamel is imported inside the functions: `audit status` never loads it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

EOL, AFTER = 2, 0  # where a mapping key's, and a sequence item's, trailing comment sits in the table


@lru_cache(maxsize=1)
def constructor() -> type:
    """ruamel's round-trip constructor, reading a malformed number or date as its words."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        def construct_yaml_int(self, node: Any) -> Any:
            try:
                return super().construct_yaml_int(node)
            except (ValueError, IndexError):
                return self.construct_scalar(node)

        def construct_yaml_float(self, node: Any) -> Any:
            try:
                return super().construct_yaml_float(node)
            except (ValueError, IndexError):
                return self.construct_scalar(node)

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return self.construct_scalar(node)

    for tag, method in (("int", Constructor.construct_yaml_int), ("float", Constructor.construct_yaml_float),
                        ("timestamp", Constructor.construct_yaml_timestamp)):
        Constructor.add_constructor(f"tag:yaml.org,2002:{tag}", method)
    return Constructor


def _last_leaf(node: Any) -> tuple[Any, Any, int] | None:
    """(container, key or index, slot) of the last scalar in `node`, however deep; None if empty."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if isinstance(node, CommentedMap) and len(node):
            k = next(reversed(node))
            slot = EOL
        elif isinstance(node, CommentedSeq) and len(node):
            k = len(node) - 1
            slot = AFTER
        else:
            return None
        v = node[k]
        if not (isinstance(v, (CommentedMap, CommentedSeq)) and len(v)):
            return node, k, slot
        node = v


def take_trailing(node: Any) -> str:
    """Detach the full comment lines after `node`'s last scalar; keep its end-of-line comment."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    leaf = _last_leaf(node)
    if leaf is None:
        return ""
    c, k, slot = leaf
    entry = c.ca.items.get(k)
    if not entry or len(entry) <= slot or entry[slot] is None:
        return ""
    tok = entry[slot]
    head, rest = _split_comment(tok.value, tok.start_mark.column, isinstance(c[k], LiteralScalarString))
    if not rest.strip():
        return ""
    if head:
        tok.value = head
    else:
        entry[slot] = None
    return rest


def _split_comment(val: str, column: int, after_block: bool) -> tuple[str, str]:
    """(end-of-line comment kept on the scalar, the full lines after it)."""
    if after_block:  # after a literal block there is no end-of-line part: all of it is lines
        return "", " " * column + val
    if val.startswith("#"):
        i = val.find("\n")
        return (val, "") if i < 0 else (val[: i + 1], val[i + 1:])
    return "", val[1:] if val.startswith("\n") else val


def put_trailing(node: Any, rest: str) -> None:
    """Attach comment lines (as `take_trailing` gave them) after `node`'s last scalar."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.scalarstring import LiteralScalarString
    from ruamel.yaml.tokens import CommentToken

    leaf = _last_leaf(node)
    if leaf is None or not rest:
        return
    c, k, slot = leaf
    entry = c.ca.items.setdefault(k, [None, None, None, None])
    if entry[slot] is not None:
        return  # already carries comments of its own; leave them where they are
    if isinstance(c[k], LiteralScalarString):
        stripped = rest.lstrip(" ")
        entry[slot] = CommentToken(stripped, CommentMark(len(rest) - len(stripped)), None)
    else:
        entry[slot] = CommentToken("\n" + rest, CommentMark(0), None)
