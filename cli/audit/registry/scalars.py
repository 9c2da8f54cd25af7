"""What an unquoted YAML word means in a registry: YAML 1.2, exactly as the round-trip writer reads it.

The registry is written by ruamel.yaml in YAML 1.2, so the fast reader resolves plain scalars the
same way (the rules, their order and the first characters that select them are ruamel's): `017`
is 17, `0o17` is 15, `1:30` is the text "1:30", `1e3` is 1000.0, `yes`/`no`/`on`/`off` are words,
and only true/True/TRUE/false/False/FALSE are booleans. Two deliberate differences, shared by the
writer (see `registry/ruamel_adapter.py`): a word that looks like a number or a date but is not one
(`2021-02-30`, `-_`) is read as the words written, so the field's own check can say what is wrong
where ruamel would fail; and `=` is the text "=" (ruamel keeps it as a tagged scalar whose value
is "="), so `cmp: =` means what it says.

One table serves both readers: the event-driven fast path calls `plain()`, and PyYAML's full
loader (anchors, merge keys, explicit tags) is given the same rules with `configure()`.
"""
from __future__ import annotations

import datetime
import re
from typing import Any, Callable

BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
FLOAT = re.compile(r"""^(?:
     [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)
INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
MERGE = re.compile(r"^(?:<<)$")
NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
TIMESTAMP = re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
     (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X)
_STAMP = re.compile(r"""^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})
    (?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})
     (?:\.(?P<fraction>[0-9]*))?
     (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9]{1,2})(?::(?P<tz_minute>[0-9]{2}))?))?)?$""", re.X)


class WrittenInt(int):
    """An integer written in another form than its plain decimal (`017`, `+5`, `0x1F`, `1_000`).

    Where the form matters (a task id: `017` is not the id "17"), `text` is what the user typed.
    """

    def __new__(cls, value: int, text: str) -> "WrittenInt":
        made = super().__new__(cls, value)
        made.text = text
        return made

    def __reduce__(self):
        return WrittenInt, (int(self), self.text)


def to_int(text: str) -> Any:
    digits = text.replace("_", "")
    sign = -1 if digits[:1] == "-" else 1
    digits = digits.lstrip("+-")
    base = {"0b": 2, "0o": 8, "0x": 16}.get(digits[:2], 10)
    try:
        value = sign * int(digits[2:] if base != 10 else digits, base)
    except ValueError:  # `-_`, `0x_`, or more digits than Python will read: the words as written
        return text
    return value if str(value) == text else WrittenInt(value, text)


def to_float(text: str) -> Any:
    digits = text.replace("_", "").lower()
    sign = -1.0 if digits[:1] == "-" else 1.0
    digits = digits.lstrip("+-")
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    try:
        return sign * float(digits)
    except ValueError:  # `._`: the words as written
        return text


_BOOL_WORDS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False, "y": True, "n": False}


def to_bool(text: str) -> Any:
    """true/True/TRUE and false/False/FALSE; with an explicit `!!bool` tag also the words the writer
    accepts there (yes, no, on, off, y, n)."""
    return _BOOL_WORDS.get(text.lower(), text)


def to_null(text: str) -> None:
    return None


def to_timestamp(text: str) -> Any:
    """A date, or a date and time (aware when a zone is given); the words as written when no such
    day or time exists ("2021-02-30"): the field's check then says which date is wrong, and where."""
    m = _STAMP.match(text)
    try:
        return _stamp(**m.groupdict()) if m else text
    except ValueError:
        return text


def _stamp(year, month, day, hour, minute, second, fraction, tz, tz_sign, tz_hour, tz_minute) -> Any:
    if hour is None:
        return datetime.date(int(year), int(month), int(day))
    micro = int((fraction or "")[:6].ljust(6, "0"))
    if fraction and len(fraction) > 6 and int(fraction[6]) > 4:  # rounded, as the writer rounds it
        micro += 1
    carry = micro > 999_999
    zone = None
    if tz_sign:
        offset = datetime.timedelta(hours=int(tz_hour), minutes=int(tz_minute or 0))
        zone = datetime.timezone(-offset if tz_sign == "-" else offset, name=tz)
    elif tz == "Z":
        zone = datetime.timezone(datetime.timedelta(0), name=tz)
    made = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                             0 if carry else micro, zone)
    return made + datetime.timedelta(seconds=1) if carry else made


# (tag, pattern, first characters, reading): in the order the writer tries them. A word whose first
# character is not listed is never tried against that rule. `<<` is text where it is a value; as a
# key it merges, which only PyYAML's full loader does.
RULES: list[tuple[str, re.Pattern, str, Callable[[str], Any]]] = [
    ("tag:yaml.org,2002:bool", BOOL, "tTfF", to_bool),
    ("tag:yaml.org,2002:float", FLOAT, "-+0123456789.", to_float),
    ("tag:yaml.org,2002:int", INT, "-+0123456789", to_int),
    ("tag:yaml.org,2002:merge", MERGE, "<", lambda text: text),
    ("tag:yaml.org,2002:null", NULL, "~nN", to_null),
    ("tag:yaml.org,2002:timestamp", TIMESTAMP, "0123456789", to_timestamp),
]


def _by_first() -> dict[str, tuple[tuple[re.Pattern, Callable[[str], Any]], ...]]:
    table: dict[str, list] = {"": [(NULL, to_null)]}  # the empty word: null
    for _tag, rx, first, read in RULES:
        for ch in first:
            table.setdefault(ch, []).append((rx, read))
    return {ch: tuple(rules) for ch, rules in table.items()}


BY_FIRST = _by_first()


def plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar."""
    for rx, read in BY_FIRST.get(text[:1], ()):
        if rx.match(text):
            return read(text)
    return text


def configure(loader_class: type) -> None:
    """Give a PyYAML loader class (one that declares no implicit resolvers of its own) these rules.

    Explicit tags read the same way: `!!int '017'` is 17, and `<<` where it merges nothing is text.
    """
    for tag, rx, first, read in RULES:
        loader_class.add_implicit_resolver(tag, rx, list(first) + ([""] if tag.endswith(":null") else []))
        loader_class.add_constructor(tag, lambda loader, node, read=read: read(loader.construct_scalar(node)))
