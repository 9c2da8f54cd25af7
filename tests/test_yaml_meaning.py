"""One YAML meaning: the fast reader, its full-loader fallback and the round-trip writer (ruamel.yaml,
YAML 1.2) read every word the same way; the loader's checks say the right thing under that meaning."""
from __future__ import annotations

import datetime
import math
import textwrap

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.registry import parse as P
from audit.registry.load import load_text
from audit.registry.save import rt_yaml
from audit.registry.scalars import WrittenInt
from conftest import REGISTRY_HEAD

# --------------------------------------------------------------------------- the three readers


def fast(text: str):
    got = P.fast(text)
    assert got is not P.SLOW, text
    return got


def slow(text: str):
    if P._LOADER is None:
        P._LOADER = P._loader_class()
    return yaml.load(text, Loader=P._LOADER)


def writer(text: str):
    return plain(rt_yaml().load(text))


def plain(v):
    """ruamel's round-trip types as the plain values they stand for."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
    from ruamel.yaml.scalarfloat import ScalarFloat
    from ruamel.yaml.scalarint import ScalarInt

    if isinstance(v, CommentedMap):
        return {plain(k): plain(x) for k, x in v.items()}
    if isinstance(v, CommentedSeq):
        return [plain(x) for x in v]
    if isinstance(v, TaggedScalar):  # `=`: a scalar whose value is the word
        return v.value
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, ScalarInt):
        return int(v)
    if isinstance(v, ScalarFloat):
        return float(v)
    if isinstance(v, datetime.datetime):
        return datetime.datetime(v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, v.tzinfo)
    if isinstance(v, str):
        return str(v)
    return v


def same(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    kind = lambda v: bool if isinstance(v, bool) else int if isinstance(v, int) else type(v)  # noqa: E731
    return kind(a) is kind(b) and a == b


def read_all(word: str):
    """The word as a mapping's value and as a list item, by each reader; all must agree."""
    doc = f"a: {word}\nb:\n  - {word}\n"
    got = [fast(doc), slow(doc), writer(doc)]
    assert same(got[0], got[1]) and same(got[0], got[2]), (word, got)
    return got[0]["a"]


# --------------------------------------------------------------------------- the meaning, word by word

NAN = float("nan")
MEANING = [
    # integers: YAML 1.2 has no 0-prefixed octal; 0o is octal; underscores are allowed
    ("017", 17), ("0o17", 15), ("0x1F", 31), ("0x1f", 31), ("0b101", 5), ("1_000", 1000), ("+5", 5), ("-0", 0),
    ("0", 0), ("08", 8), ("-0o17", -15),
    # no sexagesimal in YAML 1.2: the words
    ("1:30", "1:30"), ("190:20:30", "190:20:30"), ("12:30:00", "12:30:00"),
    # floats: an exponent needs no dot; .inf and .nan
    (".5", 0.5), ("-.5", -0.5), ("1e3", 1000.0), ("1E3", 1000.0), ("-1e-3", -0.001), ("6.", 6.0), (".inf", math.inf),
    ("-.Inf", -math.inf), (".nan", NAN), (".5e3", ".5e3"),
    # booleans: only true and false
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("True", True), ("TRUE", True),
    ("false", False), ("tRUE", "tRUE"),
    # nulls
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None), ("nULL", "nULL"),
    # dates and timestamps
    ("2021-06-30", datetime.date(2021, 6, 30)), ("2021-6-30", "2021-6-30"),
    ("2021-06-30T10:00:00", datetime.datetime(2021, 6, 30, 10)), ("2021-06-30 10:00:00", datetime.datetime(2021, 6, 30, 10)),
    ("2021-6-3T1:00:00", datetime.datetime(2021, 6, 3, 1)),
    ("2021-06-30T10:00:00+08:00", datetime.datetime(2021, 6, 30, 2, tzinfo=datetime.timezone.utc)),
    ("2021-06-30T10:00:00.1234567", datetime.datetime(2021, 6, 30, 10, 0, 0, 123457)),
    # words
    ("=", "="), ("1.2.3", "1.2.3"), ("1,000", "1,000"), ("0o8", "0o8"), ("_", "_"), ("中文", "中文"),
]


@pytest.mark.parametrize("word, value", MEANING)
def test_every_reader_gives_the_one_meaning(word, value):
    assert same(read_all(word), value), (word, read_all(word))


@pytest.mark.parametrize("word", ["-_", "0b_", "._", "2021-02-30", "2021-13-30", "9" * 5000])
def test_what_the_writer_alone_could_not_read_is_the_words_for_every_reader(word):
    # ruamel itself stops on these with IndexError/ValueError; the writer is configured to agree with the reader
    assert read_all(word) == word


def test_an_integer_written_another_way_remembers_how():
    v = fast("a: 017\n")["a"]
    assert isinstance(v, WrittenInt) and v == 17 and v.text == "017"
    assert type(fast("a: 17\n")["a"]) is int


# --------------------------------------------------------------------------- the same, over generated words

digits = st.text("0123456789", min_size=1, max_size=6)
underscored = st.text("0123456789_", min_size=1, max_size=6)
sign = st.sampled_from(["", "+", "-"])
ints = st.one_of(
    st.builds(lambda s, d: s + d, sign, digits),
    st.builds(lambda s, d: s + "0" + d, sign, digits),  # leading zeros
    st.builds(lambda s, p, d: s + p + d, sign, st.sampled_from(["0o", "0x", "0b"]), st.text("0123456789abcdefABCDEF_", max_size=5)),
    st.builds(lambda s, d: s + d, sign, underscored),
)
sexagesimal = st.builds(lambda a, b, c: f"{a}:{b}" + (f":{c}" if c else ""), digits, digits, st.sampled_from(["", "00", "5"]))
floats = st.one_of(
    st.builds(lambda s, a, b, e: f"{s}{a}.{b}{e}", sign, st.text("0123456789_", max_size=4), st.text("0123456789_", max_size=4),
              st.sampled_from(["", "e3", "E-2", "e+10", "e"])),
    st.builds(lambda s, a, e: f"{s}{a}{e}", sign, digits, st.sampled_from(["e3", "E3", "e-1", "e+0"])),
    st.sampled_from([".inf", "-.inf", "+.INF", ".Inf", ".nan", ".NaN", "-.nan", ".NAN", "inf", "nan", "1e", "e3"]),
)
booleans = st.sampled_from(["yes", "Yes", "YES", "no", "No", "on", "On", "ON", "off", "Off", "y", "n", "Y", "N",
                            "true", "True", "TRUE", "false", "False", "FALSE", "tRUE", "fALSE"])
nulls = st.sampled_from(["~", "null", "Null", "NULL", "", "nULL", "none", "None"])


def _stamp(y, mo, d, t, h, mi, s, frac, tz):
    out = f"{y:04d}-{mo}-{d}"
    if t is not None:
        out += f"{t}{h}:{mi:02d}:{s:02d}{frac}{tz}"
    return out


dates = st.builds(
    _stamp, st.integers(1900, 2200), st.sampled_from(["1", "01", "6", "06", "12", "13", "00"]),
    st.sampled_from(["1", "01", "3", "30", "31", "29", "00"]), st.sampled_from([None, "T", "t", " ", "  "]),
    st.sampled_from(["0", "1", "10", "23", "24"]), st.integers(0, 59), st.integers(0, 60),
    st.sampled_from(["", ".", ".5", ".1234567", ".9999999"]), st.sampled_from(["", "Z", "+08:00", "-5", " Z", "+8"]),
)
words = st.one_of(ints, sexagesimal, floats, booleans, nulls, dates)


@settings(max_examples=600, deadline=None)
@given(words)
def test_generated_words_mean_the_same_to_every_reader(word):
    read_all(word)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text("abcxyz", min_size=1, max_size=3), words), min_size=1, max_size=6, unique_by=lambda p: p[0]))
def test_generated_mappings_and_lists_read_the_same(pairs):
    doc = "".join(f"{k}: {v}\n" for k, v in pairs) + "items:\n" + "".join(f"  - {v}\n" for _, v in pairs)
    got = [fast(doc), slow(doc), writer(doc)]
    assert same(got[0], got[1]) and same(got[0], got[2]), got


# --------------------------------------------------------------------------- the checks under this meaning

HEAD = REGISTRY_HEAD + "tasks:\n"


def problems(tasks: str) -> list[str]:
    return [str(p) for p in load_text(HEAD + tasks, "t.yaml").problems]


@pytest.mark.parametrize("written, number", [("017", 17), ("0o17", 15), ("+5", 5), ("1_000", 1000), ("0x1F", 31)])
def test_an_id_that_yaml_reads_as_another_number_is_refused_with_the_fix(written, number):
    assert problems(f"  - id: {written}\n    section: 1\n    goal: x\n") == [
        f't.yaml:10:9: tasks[0].id: 编号 {written} 被当成了数字 {number}（不加引号时只留下数值）。请加引号写成 "{written}"。']


def test_a_plain_integer_id_and_a_sexagesimal_looking_id_are_ids():
    reg = load_text(HEAD + '  - id: 28\n    section: 1\n    goal: x\n  - id: 1:30\n    section: 1\n    goal: y\n', "t.yaml")
    assert reg.problems == [] and [t.id for t in reg.registry.tasks] == ["28", "1:30"]


def test_unquoted_decimal_id_still_names_what_was_written():
    assert problems("  - id: 1.10\n    section: 1\n    goal: x\n") == [
        't.yaml:10:9: tasks[0].id: 编号 1.10 被当成了数字（不加引号，末尾的 0 会丢掉）。请加引号写成 "1.10"。']


def test_numbers_in_number_fields_under_yaml_12():
    reg = load_text(HEAD + textwrap.dedent("""\
          - id: "1"
            section: 01
            goal: 新增企业1000家。
            targets:
              - metric: 新增企业
                value: 1e3
                cmp: =
              - metric: 投资
                value: 017
        """), "t.yaml")
    assert reg.problems == []
    t = reg.registry.tasks[0]
    assert t.section == 1 and type(t.section) is int
    assert [(g.value, g.comparator) for g in t.targets] == [(1000.0, "="), (17.0, ">=")]


def test_a_time_of_day_in_a_date_field_keeps_the_day():
    text = HEAD.replace("    - id: 2021-H1\n", "    - id: 2021-H1\n      as_of: 2021-06-30T10:00:00\n") + "  []\n"
    reg = load_text(text.replace("tasks:\n  []\n", "tasks: []\n"), "t.yaml")
    assert reg.problems == [] and reg.registry.meta.periods[0].as_of == datetime.date(2021, 6, 30)


def test_a_date_that_does_not_exist_is_a_located_problem():
    text = HEAD.replace("    - id: 2021-H1\n", "    - id: 2021-H1\n      as_of: 2021-02-30\n") + "  []\n"
    got = [str(p) for p in load_text(text.replace("tasks:\n  []\n", "tasks: []\n"), "t.yaml").problems]
    assert len(got) == 1 and got[0].startswith("t.yaml:6:") and "2021-02-30" in got[0]


def test_sexagesimal_in_a_number_field_is_words_the_check_names():
    got = problems("  - id: \"1\"\n    section: 1\n    goal: x\n    targets:\n      - metric: m\n        value: 1:30\n")
    assert got == ["t.yaml:15:16: tasks[0].targets[0].value: 应为数字（阿拉伯数字，如 20 或 8.5），实际为 “1:30”。"]
