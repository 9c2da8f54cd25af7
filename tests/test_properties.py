"""Property tests: arbitrary text and arbitrary YAML never raise anything but the tool's own error.

What is checked for each entry point:
- extract: parse_number / quantities / find_signals / extract_targets / extract_actuals return
  values for any text; a printed number parses back to itself.
- notice: parse_notice on any text, notice_text on any bytes: a result or an AuditError.
- load: any text, any YAML document, any registry-shaped data: a LoadResult, never an exception;
  when the registry loads cleanly, assessing it does not raise either.
"""
from __future__ import annotations

import math
import string
from datetime import date

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from audit.core.errors import AuditError
from audit.core.numerals import to_chinese
from audit.judge import actuals, reading, signals, statements, targets
from audit.judge.lexicon import default_lexicon
from audit.registry.load import load_text

LEX = default_lexicon()

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what departments write: Chinese, digits (half and full width), units,
# punctuation, stall words; plus anything at all.
CN = "一二三四五六七八九十百千万亿两零〇已未完成新增建设项目企业开工暂无进展尚启动滞后推进同比增长占目标值的左右以上余多第年月日"
UNITS = ["家", "个", "亿元", "万元", "%", "个百分点", "万亩", "公里", "人次", "倍", "吨"]
PUNCT = "，。；：、（）“”,.;:()%-~至到 \n\t０１２３４５６７８９％．"
atoms = st.one_of(
    st.text(alphabet=CN + PUNCT + string.digits, max_size=12),
    st.sampled_from(UNITS + ["暂无进展", "尚未启动", "目前未开工", "无新增", "百分之", "同比增长", "占目标值的"]),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
chinese_text = st.lists(atoms, max_size=30).map("".join)
any_text = st.one_of(st.text(max_size=300), chinese_text)


# ----------------------------------------------------------------------------- extract


@SETTINGS
@given(any_text)
def test_parse_number_never_raises(s):
    v = reading.parse_number(s)
    assert v is None or isinstance(v, float)


@SETTINGS
@given(st.integers(min_value=0, max_value=10**15))
def test_printed_integer_parses_back(n):
    assert reading.parse_number(str(n)) == n
    assert reading.parse_number(f"{n:,}") == n
    assert reading.parse_number(str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == n


@SETTINGS
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_printed_decimal_parses_back(d):
    assert math.isclose(reading.parse_number(str(d)), float(d), rel_tol=1e-12)


@SETTINGS
@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["万", "亿"]))
def test_printed_number_with_scale_parses_back(n, scale):
    assert reading.parse_number(f"{n}{scale}") == n * {"万": 1e4, "亿": 1e8}[scale]


@SETTINGS
@given(st.integers(min_value=0, max_value=9999))
def test_chinese_numeral_parses_back(n):
    assert reading.parse_number(to_chinese(n)) == n


@SETTINGS
@given(st.integers(min_value=1, max_value=10**8), st.sampled_from(["家", "个", "亿元", "万亩", "公里", "%"]))
def test_quantity_in_a_sentence_is_found(n, unit):
    text = f"目前已完成{n}{unit}。"
    qs = reading.quantities(text, LEX)
    assert [(q.value, q.unit) for q in qs] == [(n, unit)]


@SETTINGS
@given(any_text)
def test_quantities_never_raise_and_stay_in_bounds(s):
    for q in reading.quantities(s, LEX):
        assert 0 <= q.start < q.end <= len(s)
        assert math.isfinite(q.value) or q.value != q.value or True  # any float is fine; no exception


@SETTINGS
@given(any_text)
def test_signal_detector_never_raises(s):
    for sig in signals.find_signals(s):
        assert sig.kind in ("stall", "delay", "weak_stall")
        assert sig.phrase and sig.phrase in s
    signals.has_concrete_progress(s)
    statements.stated_ratios(s, LEX)
    statements.stated_gaps(s, LEX)


@SETTINGS
@given(any_text, any_text)
def test_targets_and_actuals_never_raise(goal, progress):
    read = targets.extract_targets(goal)
    found = actuals.extract_actuals(progress, read)
    assert len(found) == len(read)


# ----------------------------------------------------------------------------- notice (circular importer)

notice_lines = st.lists(st.one_of(
    atoms,
    st.sampled_from(["一、", "（一）", "1.", "１．", "进展情况：", "完成情况：", "\t", "二〇二一年七月五日",
                     "关于《政府工作报告》确定的2021年重点工作半年进展情况的通报", "赤壁市人民政府办公室",
                     "责任单位：市发改局", "目标任务："]),
), max_size=40).map("\n".join)


@SETTINGS
@given(st.one_of(notice_lines, any_text))
def test_parse_notice_never_raises_foreign_errors(text):
    from audit.exchange import notice

    try:
        result = notice.parse_notice(text, source="通报.txt")
    except AuditError as e:
        assert e.message
        return
    result.report_lines()
    try:
        yaml_text = notice.registry_text(result)  # validates: may refuse with the tool's error
    except AuditError as e:
        assert e.message
        return
    assert load_text(yaml_text, "imported.yaml").ok


structured_notice = st.lists(
    st.tuples(chinese_text, st.lists(st.tuples(chinese_text, chinese_text, st.booleans()), min_size=1, max_size=3)),
    min_size=1, max_size=3,
).map(lambda secs: "关于《政府工作报告》确定的2021年重点工作半年进展情况的通报\n" + "\n".join(
    f"{to_chinese(i + 1)}、{title}\n" + "\n".join(
        f"{j + 1}.{goal}\n{'进展情况' if flag else '完成情况'}：{prog}" for j, (goal, prog, flag) in enumerate(tasks))
    for i, (title, tasks) in enumerate(secs)) + "\n赤壁市人民政府办公室\n2021年7月5日\n")


@SETTINGS
@given(structured_notice)
def test_structured_notice_imports_or_refuses(text):
    test_parse_notice_never_raises_foreign_errors.hypothesis.inner_test(text)


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.docx", "a.html", "a"]))
def test_notice_text_on_any_bytes(raw, name):
    from audit.exchange import notice

    try:
        out = notice.notice_text(raw, name)
    except AuditError as e:
        assert name in e.message
        return
    assert isinstance(out, str)


@SETTINGS
@given(st.binary(min_size=0, max_size=500))
def test_notice_text_on_zip_like_garbage(tail):
    from audit.exchange import notice

    with pytest.raises(AuditError):
        notice.notice_text(b"PK\x03\x04" + tail, "通报.docx")


# ----------------------------------------------------------------------------- loader

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    st.dates(), st.sampled_from(["2021-H1", "2021-Q3", "2021", "1.1", ">=", "level", "stalled"]))
yaml_data = st.recursive(scalars, lambda kids: st.one_of(st.lists(kids, max_size=5),
                                                         st.dictionaries(st.text(max_size=8), kids, max_size=5)),
                         max_leaves=30)


@SETTINGS
@given(any_text)
def test_load_any_text(text):
    result = load_text(text, "t.yaml")
    assert result.registry is not None or result.problems
    for p in result.problems:
        assert p.file == "t.yaml" and p.message


@SETTINGS
@given(yaml_data)
def test_load_any_yaml_document(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    result = load_text(text, "t.yaml")
    for p in result.problems:
        assert p.message


def _field(key, strat):
    return st.one_of(st.just({}), strat.map(lambda v: {key: v}))


def _record(fields: dict) -> st.SearchStrategy:
    parts = [_field(k, v) for k, v in fields.items()]
    return st.tuples(*parts).map(lambda ds: {k: v for d in ds for k, v in d.items()})


period_ids = st.sampled_from(["2021-Q1", "2021-H1", "2021-Q3", "2021", "2021-08", "2022-H1", "H1"])
maybe = lambda s: st.one_of(s, scalars)  # noqa: E731 — a right value or any wrong one
progress = _record({"period": maybe(period_ids), "text": maybe(chinese_text), "status": maybe(st.sampled_from(
    ["completed", "on_track", "lagging", "stalled", "unassessed"])), "as_of": maybe(st.dates(date(2020, 1, 1), date(2022, 12, 31))),
    "actuals": maybe(st.lists(_record({"metric": maybe(st.text(max_size=5)), "value": maybe(st.floats()),
                                       "unit": maybe(st.sampled_from(UNITS))}), max_size=2))})
target = _record({"metric": maybe(st.text(max_size=5)), "value": maybe(st.floats()), "unit": maybe(st.sampled_from(UNITS)),
                  "cmp": maybe(st.sampled_from([">=", "<=", "~", "="])), "kind": maybe(st.sampled_from(["cumulative", "level"])),
                  "high": maybe(st.floats())})
task = _record({"id": maybe(st.sampled_from(["1", "2", "1.1", "3"])), "section": maybe(st.integers(0, 3)),
                "sub": maybe(st.integers(0, 2)), "goal": maybe(chinese_text), "targets": maybe(st.lists(target, max_size=2)),
                "units": maybe(_record({"lead": maybe(st.lists(st.text(max_size=4), max_size=2)), "others": scalars})),
                "trajectory": maybe(st.dictionaries(period_ids, st.floats(), max_size=2)),
                "progress": maybe(st.lists(progress, max_size=3))})
registry_data = _record({
    "meta": maybe(_record({"title": maybe(st.text(max_size=10)), "year": maybe(st.sampled_from([2021, 0, 1800, 2021.5])),
                           "periods": maybe(st.lists(_record({"id": maybe(period_ids), "as_of": maybe(st.dates())}), max_size=3)),
                           "pace": maybe(st.sampled_from(["months", "days"])), "yellow_gap": maybe(st.floats()),
                           "aliases": maybe(st.dictionaries(st.text(max_size=4), st.lists(st.text(max_size=4)), max_size=2))})),
    "sections": maybe(st.lists(_record({"no": maybe(st.integers(0, 3)), "title": maybe(st.text(max_size=6)),
                                        "subs": maybe(st.lists(_record({"no": maybe(st.integers(0, 2)), "title": scalars}), max_size=2))}),
                               max_size=3)),
    "tasks": maybe(st.lists(task, max_size=4)),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registry_data)
def test_registry_shaped_data_loads_or_reports(data):
    from audit.judge.assess import assess
    from audit.judge.pace import time_progress
    from audit.report import reports

    text = yaml.safe_dump(data, allow_unicode=True)
    result = load_text(text, "t.yaml")
    for p in result.problems:
        assert p.message and p.file == "t.yaml"
    if not result.ok:
        return
    reg = result.registry
    assume(reg.period_ids)
    pid = reports.resolve_period(reg, None)
    assessments = assess(reg, pid)
    p = reg.meta.period(pid)
    tp = time_progress(reg.meta.year, p.as_of, reg.meta.pace)
    reports.status(reg, assessments, pid, tp, None)


@SETTINGS
@given(any_text)
def test_quantity_scan_skips_only_where_no_match_can_start(s):
    norm = reading.normalise(s)
    assert [m.span() for m in reading.quantity_matches(norm, LEX)] == [m.span() for m in reading.quantity_pattern(LEX).finditer(norm)]
