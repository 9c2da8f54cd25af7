"""output.print_lines: plain output folded here is byte for byte what Rich prints, and so is coloured output."""
from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from audit.cli import console, output
from conftest import run_cli


def rich_print(text: str, width: int) -> str:
    c = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, soft_wrap=False)
    c.print(Text(text), overflow="fold")
    return c.file.getvalue()


# ASCII, spaces (incl. the ideographic one), CJK and its punctuation, and characters left to Rich:
# a tab, a combining accent, emoji joined and not, a soft hyphen. (Two joiners in a row crash Rich 15.)
ALPHABET = list("ab1. 　中文，。“”…—①│█") + ["\t", "e\u0301", "👍", "👍\u200d👍", "\xad", "\xa0"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join), st.integers(1, 40))
def test_fold_is_what_rich_prints(text, width):
    console = Console(file=io.StringIO(), width=width, color_system=None)
    assert "".join(line + "\n" for line in output.fold(text, width, console)) == rich_print(text, width)


@pytest.mark.parametrize("text, width, lines", [
    ("", 10, [""]),
    ("短句", 10, ["短句"]),
    ("一二三四五六", 5, ["一二", "三四", "五六"]),  # a wide character never straddles the edge
    ("    “甲乙丙丁戊己”", 10, ["    “甲乙", "丙丁戊己”"]),
    ("完成 5%  序时 25%  责任单位：县局", 20, ["完成 5%  序时 25%  ", "责任单位：县局"]),  # whitespace kept, as Rich does
])
def test_fold_examples(text, width, lines):
    assert output.fold(text, width) == lines
    assert rich_print(text, width) == "".join(x + "\n" for x in lines)


def rows() -> list[dict]:
    long = "上半年，全市一般公共预算收入完成67915万元，为全年预算数100506万元的0.55%，同比增收5万元，增长39.15%"
    base = {"section": 1, "sub": None, "basis": "ratio", "colour": "", "reasons": [], "evidence": [], "targets": []}
    return [
        {**base, "id": "7", "goal": "启动建设县城污水处理厂二期，同步建设配套管网，力争年底前主体完工并投入试运行。",
         "status": "stalled", "label": "停滞", "ratio": None, "pace": 0.5, "gap": None, "projection": None,
         "flags": ["data_mismatch"], "units": {"lead": ["县住建局"], "others": ["县发改局", "县财政局"]},
         "evidence_detail": [{"kind": "stall", "phrase": "暂无进展", "sentence": "因用地指标未落实，项目暂无进展"},
                             {"kind": "actual", "phrase": "", "sentence": long},
                             {"kind": "stated_ratio", "phrase": "", "sentence": "已完成投资3亿元，占年度计划的39%"},
                             {"kind": "actual", "phrase": "", "sentence": "新建 5G 基站 30 个\t(tab)"},
                             {"kind": "delay", "phrase": "缓慢", "sentence": "目前该项目仍处于前期洽谈阶段，进展缓慢"}]},
        {**base, "id": "1.2", "goal": "新增规上工业企业20家以上。", "status": "lagging", "label": "滞后", "ratio": 0.15,
         "pace": 0.5, "gap": -0.35, "projection": 0.3, "flags": [], "units": {"lead": [], "others": []},
         "evidence_detail": [{"kind": "actual", "phrase": "", "sentence": "目前已新增规上工业企业3家 👍 e\u0301"}]},
    ]


REPORT = {"period": "2023-H1", "time_progress": 0.5}


def reference(rows: list[dict], report: dict) -> None:
    """The laggards listing as it was printed line by line through Rich: the look to keep."""
    from audit.report.reports import NEGATIVE_KINDS, ordered_evidence

    c = output.out()
    c.print(Text(f"报告期 {report['period']}  序时进度 {output.pct(report['time_progress'])}  滞后/停滞 {len(rows)} 项", style="bold"))
    for r in rows:
        c.print()
        head = Text()
        head.append(f"【{r['label']}】", style=output.STYLE[r["status"]])
        head.append(f"{r['id']}  ", style="bold")
        head.append(output.short(r["goal"], 32))
        c.print(head, overflow="fold")
        facts = []
        if r["ratio"] is not None:
            facts.append(f"完成 {output.pct(r['ratio'])}")
        facts.append(f"序时 {output.pct(r['pace'])}")
        if r["gap"] is not None and r["gap"] < 0:
            facts.append(f"低于序时 {abs(r['gap']) * 100:.1f} 个百分点")
        if r["projection"] is not None:
            facts.append(f"按此进度年末可达 {output.pct(r['projection'], 0)}")
        units = r["units"]["lead"] + r["units"]["others"]
        if units:
            facts.append("责任单位：" + "、".join(units))
        c.print(Text("    " + "  ".join(facts), style="dim"), overflow="fold")
        shown = ordered_evidence(r)
        for e in shown[:3]:
            sentence, phrase = e["sentence"], e["phrase"] if e["kind"] in NEGATIVE_KINDS else ""
            t = Text("    “")
            i = sentence.find(phrase) if phrase else -1
            if i < 0:
                t.append(sentence)
            else:
                t.append(sentence[:i])
                t.append(phrase, style="bold red")
                t.append(sentence[i + len(phrase):])
            t.append("”")
            c.print(t, overflow="fold")
        if len(shown) > 3:
            c.print(Text(f"    （另有 {len(shown) - 3} 条依据，见 audit show {r['id']}）", style="dim"))
        for flag in r["flags"]:
            if flag == "data_mismatch":
                c.print(Text("    ⚠ 数据不一致：报告所称比例与其数字不符", style="yellow"), overflow="fold")


@pytest.mark.parametrize("width", [12, 33, 80, 200])
@pytest.mark.parametrize("colour", [None, "standard", "truecolor"])
def test_laggards_prints_what_rich_printed(width, colour):
    printed = {}
    for name, fn in (("new", output.laggards), ("old", reference)):
        output.reset()
        console._out = Console(file=io.StringIO(), width=width, color_system=colour, force_terminal=colour is not None,
                              highlight=False, soft_wrap=False)
        fn(rows(), REPORT)
        printed[name] = console._out.file.getvalue()
    output.reset()
    assert printed["new"] == printed["old"]
    assert ("\x1b[" in printed["new"]) == (colour is not None)


def test_laggards_command_output(registry):
    r = run_cli("laggards", "-r", str(registry))
    assert r.exit_code == 0
    assert r.stdout == (
        "报告期 2021-H1  序时进度 50.0%  滞后/停滞 1 项\n"
        "\n"
        "【停滞】2  推进项目建设。\n"
        "    序时 50.0%\n"
        "    “暂无进展”\n"
    )
