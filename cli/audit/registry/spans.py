"""Byte spans of a registry file: where its lines and top-level keys start, where a block's YAML
content ends (the comment and blank lines after it are not its), and a copy of a file with some
spans replaced, streamed so a province's registry is never held in memory whole.

A block is a run of whole lines: one item of the `tasks` list (from its "- " line) or the `meta`
key with everything under it. Replacing such a run by another whole item at the same indentation
leaves every other line meaning what it meant, which is what lets a writer rewrite only the block
it changes.
"""
from __future__ import annotations

import hashlib
import re
from typing import BinaryIO, Iterable

from audit.registry.parse import SLOW, fast

CHUNK = 1 << 18  # 256 KB: a copy of any size holds little more than this

# A line at column 0 that starts a top-level key (or a document marker): not indented, not a
# comment, not an item of a list written at column 0.
_TOP = re.compile(rb"^(?:[^ \t\r\n#\-]|---|\.\.\.)", re.M)
_ITEM = re.compile(r"^( *)-( +)(?=\S)")
_KEEP = re.compile(r"^[|>](?:[1-9]?\+|\+[1-9])")  # a block scalar that keeps its trailing blank lines


def digest() -> "hashlib._Hash":
    """The hash a file's index is checked against before a block of it is rewritten."""
    return hashlib.blake2b(digest_size=16)


def digest_of(path: str) -> tuple[bytes, int]:
    """(digest, size) of a file, read in chunks."""
    h = digest()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.digest(), size


def odd_line_breaks(data: bytes) -> bool:
    """Does the text break lines where YAML does and a newline count does not (a lone CR, NEL, LS, PS)?"""
    return (data.count(b"\r") != data.count(b"\r\n") or b"\xc2\x85" in data or b"\xe2\x80\xa8" in data
            or b"\xe2\x80\xa9" in data)


def line_offsets(data: bytes, lines: Iterable[int]) -> list[int]:
    """Byte offset of the start of each 1-based line in `lines` (ascending)."""
    out: list[int] = []
    pos, line = 0, 1
    for want in lines:
        while line < want:
            nl = data.find(b"\n", pos)
            if nl < 0:
                raise ValueError(f"line {want} is past the end")
            pos, line = nl + 1, line + 1
        out.append(pos)
    return out


def top_level_starts(data: bytes) -> list[int]:
    """Byte offsets of the lines that start a top-level key (or a document marker), in order."""
    return [m.start() for m in _TOP.finditer(data)]


def is_item_line(data: bytes, start: int, col: int) -> bool:
    """Does the line at `start` open a list item whose mapping starts at (1-based) column `col`?"""
    head = data[start:start + col - 1]
    return bool(re.fullmatch(rb" *-[ ]+", head)) and data[start + col - 1:start + col] not in (b"", b" ", b"\n", b"\r")


def item_layout(block: str) -> tuple[int, int]:
    """(column of the dash, column of the first key) of a list item's first line, counted from 0."""
    m = _ITEM.match(block)
    if not m:
        raise ValueError("not a list item")
    return len(m.group(1)), len(m.group(1)) + 1 + len(m.group(2))


def content_length(region: str) -> int:
    """How much of `region` (whole lines: one list item or one top-level key, then whatever follows
    up to the next block) is the block's YAML: up to the end of the line where its last value ends,
    without the blank and comment lines after it (those belong to no block and stay where they
    are). A block scalar that keeps its trailing blank lines (`|+`) keeps them. Raises ValueError
    when the region does not parse on its own."""
    import yaml

    end = None  # (line, column) just after the last value
    keep = False
    flow: list[bool] = []
    try:
        for ev in yaml.parse(region, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                flow.append(bool(ev.flow_style))
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                if flow.pop():
                    end, keep = (ev.end_mark.line, ev.end_mark.column), False
            elif isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent)):
                end = (ev.end_mark.line, ev.end_mark.column)
                keep = getattr(ev, "style", None) in ("|", ">") and bool(_KEEP.match(region, ev.start_mark.index))
    except yaml.YAMLError as e:
        raise ValueError(str(e)) from e
    if end is None:
        raise ValueError("no content")
    lines = _lines(region)
    upto = end[0] if end[1] == 0 else end[0] + 1
    whole = sum(len(line) for line in lines[:upto])
    if not keep:
        while upto > 1 and not lines[upto - 1].strip():
            upto -= 1
    trimmed = sum(len(line) for line in lines[:upto])
    if trimmed < whole and not _reads_the_same(region[:trimmed], region):
        return whole  # a line of spaces that was text after all
    return trimmed


def _lines(text: str) -> list[str]:
    """The lines of `text` with their breaks, split only at "\\n" (str.splitlines also splits at
    form feeds and other characters that YAML reads as text)."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _reads_the_same(a: str, b: str) -> bool:
    got = fast(a)
    return got is not SLOW and got == fast(b)


def copy_with(src: BinaryIO, dst: BinaryIO, splices: list[tuple[int, int, bytes]]) -> tuple[bytes, bytes, int]:
    """Copy `src` to `dst` with each (start, end, new bytes) span replaced (spans ascending, not
    overlapping). Returns the digest of what was read, to be compared with the index the spans
    came from, and the digest and size of what was written, for the index of the new file."""
    read, wrote = digest(), digest()
    pos = size = 0
    for start, end, new in [*splices, (None, None, b"")]:
        pos, n = _copy_range(src, dst, pos, start, read, wrote)
        size += n
        if start is None:
            return read.digest(), wrote.digest(), size
        pos, _ = _copy_range(src, None, pos, end, read, None)
        dst.write(new)
        wrote.update(new)
        size += len(new)
    raise AssertionError("unreachable")


def _copy_range(src: BinaryIO, dst: BinaryIO | None, pos: int, stop: int | None, read, wrote) -> tuple[int, int]:
    """Read from `pos` up to `stop` (the end when None), hashing it, and write it to `dst` if given.
    Returns the new position and the bytes written."""
    written = 0
    while stop is None or pos < stop:
        chunk = src.read(CHUNK if stop is None else min(CHUNK, stop - pos))
        if not chunk:
            if stop is not None:
                raise ValueError("the file is shorter than its index")
            break
        read.update(chunk)
        if dst is not None:
            dst.write(chunk)
            wrote.update(chunk)
            written += len(chunk)
        pos += len(chunk)
    return pos, written
