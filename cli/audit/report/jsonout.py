"""The documented JSON text of a report (docs/json.md), written to standard output."""
from __future__ import annotations

import io
import json
import sys
from typing import Any


def json_text(data: Any) -> str:
    """The documented JSON form (docs/json.md): UTF-8, two-space indent, sorted keys."""
    return dumps(data) + "\n"


def dumps(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)`, about twice as fast.

    With an indent, the standard library encodes in Python through nested generators; a report of
    100,000 tasks spent longer there than in assessing them. This writes the same text with plain
    recursion and the C string encoder, and hands anything unusual (non-text keys, NaN, subclasses)
    to the standard encoder, so the output is the same byte for byte (tests/test_jsonout.py).
    """
    try:
        return _enc(data, "\n")
    except _Unusual:
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)


class _Unusual(Exception):
    pass


_str = json.encoder.encode_basestring  # the C version when available, as json.dumps uses
_INF = float("inf")


_SCALARS = {None: "null", True: "true", False: "false"}


def _enc(o: Any, nl: str) -> str:
    cls = o.__class__
    if cls is str:
        return _str(o)
    if cls is bool or o is None:
        return _SCALARS[o]
    if cls is int:
        return int.__repr__(o)
    if cls is float:
        if o != o or o == _INF or o == -_INF:
            raise _Unusual
        return float.__repr__(o)
    if cls is dict:
        return _enc_dict(o, nl)
    if cls is list or cls is tuple:
        if not o:
            return "[]"
        inner = nl + "  "
        return "[" + inner + ("," + inner).join([_enc(v, inner) for v in o]) + nl + "]"
    if isinstance(o, (str, int, float, dict, list, tuple)):
        raise _Unusual  # a subclass: let json decide exactly how it is written
    return _str(str(o))  # default=str


def _enc_dict(o: dict, nl: str) -> str:
    if not o:
        return "{}"
    inner = nl + "  "
    try:
        items = sorted(o.items())
    except TypeError:
        raise _Unusual from None
    if any(k.__class__ is not str for k, _ in items):
        raise _Unusual
    return "{" + inner + ("," + inner).join([_str(k) + ": " + _enc(v, inner) for k, v in items]) + nl + "}"


def print_json(data: Any) -> None:
    sys.stdout.write(json_text(data))


def write_bytes(copy) -> None:
    """Hand stdout's binary stream to `copy(stream)` (e.g. streaming a cached JSON report)."""
    sys.stdout.flush()
    buf = getattr(sys.stdout, "buffer", None)
    if buf is not None:
        copy(buf)
        buf.flush()
        return
    raw = io.BytesIO()
    copy(raw)
    sys.stdout.write(raw.getvalue().decode("utf-8"))
