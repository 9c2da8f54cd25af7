"""The adapter that reaches below ruamel.yaml's public API (registry/ruamel_adapter.py): what the writer
relies on, checked against the installed ruamel, so a ruamel that stores comments differently fails here."""
from __future__ import annotations

import io
import re
from importlib.metadata import version
from pathlib import Path

from audit.registry import ruamel_adapter
from audit.registry.edit import append_item, append_key
from audit.registry.save import rt_yaml, styled

ROOT = Path(__file__).resolve().parents[1]


def dump(doc) -> str:
    buf = io.StringIO()
    rt_yaml().dump(doc, buf)
    return buf.getvalue()


def test_installed_ruamel_is_in_the_pinned_range():
    spec = re.search(r'"ruamel\.yaml>=([\d.]+),<([\d.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert spec, "pyproject.toml pins ruamel.yaml with a lower and an upper bound"
    have = tuple(int(x) for x in version("ruamel.yaml").split(".")[:2])
    low, high = (tuple(int(x) for x in s.split(".")[:2]) for s in spec.groups())
    assert low <= have < high


TEXT = """\
periods:
  - id: a   # 第一期
  - id: b
# 以下为第二部分
sections: []
"""


def test_comment_lines_after_a_list_follow_an_appended_item():
    doc = rt_yaml().load(TEXT)
    append_item(doc["periods"], styled({"id": "c"}))
    assert dump(doc) == TEXT.replace("  - id: b\n", "  - id: b\n  - id: \"c\"\n")


def test_end_of_line_comment_stays_with_its_scalar():
    text = "m:\n  x: 1   # 说明\n# 下一部分\nn: 2\n"
    doc = rt_yaml().load(text)
    append_key(doc["m"], "y", 2)
    assert dump(doc) == "m:\n  x: 1   # 说明\n  y: 2\n# 下一部分\nn: 2\n"


def test_comment_lines_after_a_literal_block_move_too():
    text = "items:\n  - text: |-\n      第一行\n      第二行\n  # 标题\nend: 1\n"
    doc = rt_yaml().load(text)
    append_item(doc["items"], styled({"text": "新"}))
    assert dump(doc) == "items:\n  - text: |-\n      第一行\n      第二行\n  - text: 新\n  # 标题\nend: 1\n"


def test_take_trailing_gives_nothing_when_there_is_nothing():
    doc = rt_yaml().load("a:\n  - 1\n")
    assert ruamel_adapter.take_trailing(doc["a"]) == ""
    assert ruamel_adapter.take_trailing(rt_yaml().load("a: {}\n")["a"]) == ""


def test_put_trailing_leaves_a_scalar_that_has_comments_of_its_own():
    doc = rt_yaml().load("a:\n  - x: 1  # 自己的\n")
    ruamel_adapter.put_trailing(doc["a"][0], "# 别的\n")
    assert dump(doc) == "a:\n  - x: 1  # 自己的\n"


def test_the_constructor_reads_what_ruamel_cannot_as_the_words():
    doc = rt_yaml().load("a: -_\nb: 2021-02-30\nc: 0x_\nd: ._\ne: 017\n")
    assert dict(doc) == {"a": "-_", "b": "2021-02-30", "c": "0x_", "d": "._", "e": 17}
    # written back as text (quoted, so they stay text); a good number keeps its form
    assert dump(doc) == "a: '-_'\nb: '2021-02-30'\nc: '0x_'\nd: '._'\ne: 017\n"
