"""The event-driven fast path gives exactly what PyYAML's full loader gives (values, types, lines)."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.registry import parse as L


def full(text):
    if L._LOADER is None:
        L._LOADER = L._loader_class()
    return yaml.load(text, Loader=L._LOADER)


def fast(text):
    if L._LOADER is None:
        L._LOADER = L._loader_class()
    return L._fast_load(L._LOADER, text)


def same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return ((getattr(a, "line", None), getattr(a, "col", None)) == (getattr(b, "line", None), getattr(b, "col", None))
                and list(a) == list(b) and all(same(a[k], b[k]) for k in a))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


CASES = [
    "a: 1\nb: -3\nc: +5\nd: 0\ne: 017\nf: 0x1A\ng: 0o17\nh: 1_000\ni: 1:30\nj: 0b101\n",
    "a: 1.5\nb: .inf\nc: -.Inf\nd: .nan\ne: 1e3\nf: 6.\ng: -0.0\n",
    "a: ~\nb: null\nc:\nd: Null\ne: ''\n",
    "a: true\nb: True\nc: FALSE\nd: yes\ne: no\nf: on\ng: off\nh: y\n",
    "a: 2021-06-30\nb: 2021-06-30T10:00:00Z\nc: 2021-6-3\nd: '2021-06-30'\n",
    'a: "x: y"\nb: \'it\'\'s\'\nc: |-\n  第一行\n  第二行\nd: >\n  folded\n  text\ne: "\\u4e2d"\n',
    "a: {x: 1, y: [1, 2, {z: 3}]}\nb: []\nc: {}\n",
    "- 1\n- [a, b]\n- {k: v}\n- - nested\n  - list\n",
    "tasks:\n  - id: \"1\"\n    section: 2\n    goal: 新增企业20家以上。\n"
    "    progress:\n      - period: 2021-H1\n        text: |-\n          暂无进展。\n",
    "a: 1\na: 2\n",  # a duplicate key: the last wins in both
    "中文键: 值\n1: one\n2.5: x\n~: nothing\ntrue: yes\n",
    "",
    "# only a comment\n",
    "just a string\n",
    "---\na: 1\n...\n",
    "? a\n: 1\n",
    "a: &x 1\nb: *x\n",  # anchors: the full loader
    "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
    "a: !!str 123\nb: !!int '7'\n",
    "? [a, b]\n: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a:\n\t- x\n",
    "a: 'unterminated\n",
]


@pytest.mark.parametrize("text", CASES)
def test_fast_path_matches_full_loader(text):
    try:
        want = full(text)
    except yaml.YAMLError:
        assert fast(text) is L._SLOW  # errors are left to the full loader, which words them
        return
    got = fast(text)
    if got is L._SLOW:
        return  # the full loader runs instead: same answer by construction
    assert same(want, got), (want, got)


def test_fast_path_taken_for_a_registry(small_text):
    got = fast(small_text)
    assert got is not L._SLOW and same(full(small_text), got)


def test_parse_uses_full_loader_for_aliases():
    data, problems = L.parse("a: &x [1]\nb: *x\n", "t.yaml")
    assert problems == [] and data["b"] == [1]


scalars = st.one_of(
    st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=False).map(repr),
    st.sampled_from(["true", "no", "on", "~", "null", "", "2021-06-30", "0x1F", "017", "1_0", ".5", "-.inf", "1:20"]),
    st.text(alphabet="abc中文 -:#'\"[]{},.0123456789", max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="abcxyz中", min_size=1, max_size=4), scalars), max_size=6))
def test_random_flat_mappings(pairs):
    text = "".join(f"{k}: {v}\n" for k, v in pairs)
    text2 = "items:\n" + "".join(f"  - {v}\n" for _, v in pairs)
    for t in (text, text2):
        test_fast_path_matches_full_loader(t)
