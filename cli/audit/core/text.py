"""The text toolkit: what every layer does to text the same way (cleaning, sanitising, shortening)."""
from __future__ import annotations

import re
from typing import Any

# C0/C1 control characters except tab and newline: not printable, and not allowed in Word's XML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean(text: str) -> str:
    """Line endings to \\n, control characters removed."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_text(v: Any) -> str:
    """Cell text as the registry keeps it: LF line breaks, no trailing spaces, no blank edges."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    s = "\n".join(line.rstrip() for line in s.split("\n"))
    return s.strip("\n").strip()


def brief(v: Any, n: int = 30) -> str:
    """A value quoted in a message: its text, cut to `n` characters with an ellipsis."""
    s = str(v)
    return s if len(s) <= n else s[: n - 1] + "…"
