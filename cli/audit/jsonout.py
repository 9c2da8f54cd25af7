"""JSON output, kept apart from output.py so `--json` commands never import Rich."""
from __future__ import annotations

import json
import sys
from typing import Any


def json_text(data: Any) -> str:
    """The documented JSON form (docs/json.md): UTF-8, two-space indent, sorted keys."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


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
    import io

    raw = io.BytesIO()
    copy(raw)
    sys.stdout.write(raw.getvalue().decode("utf-8"))
