"""jsonout.dumps writes exactly what json.dumps(indent=2, sort_keys=True, ensure_ascii=False, default=str) writes."""
from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.report.jsonout import dumps


def reference(o) -> str:
    return json.dumps(o, ensure_ascii=False, indent=2, sort_keys=True, default=str)


leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                   st.text(), st.dates())
values = st.recursive(leaves, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.tuples(kids, kids), st.dictionaries(st.text(max_size=5), kids, max_size=4)),
    max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values)
def test_same_text_as_json_dumps(v):
    assert dumps(v) == reference(v)


def test_unusual_keys_and_subclasses_fall_back():
    class Str(str):
        pass

    for v in [{1: "a", 2: "b"}, {None: 1}, {"a": float("nan")}, [Str("x")], {"d": date(2021, 6, 30)},
              {"中文": "“引号”\n换行\t\\"}, {"b": [], "a": {}}, True, 1.0, -0.0, 10**30]:
        assert dumps(v) == reference(v)
