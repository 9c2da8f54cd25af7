"""Circulars whose officer's calls were written by someone who never saw how this tool judges.

`fixtures/blind/NAME.txt` and `NAME.expected.yaml` (per task: its number `n`, the opening words of
its goal `goal_starts`, the officer's `call`, other calls the wording allows `also`, and `why`)
were written together, blind to the rules. Run on them before any rule was touched, the tool
agreed on 28 of 34 (xiyuan) and 31 of 37 (chengzhou) counting accepted alternatives, 23 and 27
on the officer's own call. The general rules the disagreements pointed to (closing paragraphs,
manner-and-process wording, the goal's own verb, one-off results on a date, pieces of work,
partial delays, 尚未启动, work stopped after it began) brought that to the figures below; the test fails if a change lowers them.

A second pair (qinglan: a district's year end, 33 tasks; yanling: a prefecture's first quarter, 32
tasks, "N．任务（责任单位：…）。进展：…") agreed on 26/33 and 22/32 at first; units after the full
stop, 暂无实质进展, went-live words, a tighter gap for levels, stated 100%, 其中 as a part, goals
over a span of years and 年内未能 as a delay brought 30/33 and 29/32. What still differs there is
listed in docs/method.md §8 (multi-year works whose goal gives no years, reports that list
activities but no figure for the target, a goal's several deliverables all done).

A third pair was judged with no rule changed for it: yunchuan (a county-level city's 1-8月 report,
30 tasks) agreed on 29/30 (26 exact) as written; lanzhou (a housing bureau's 上半年 report in labelled
blocks 【任务N】【目标】【牵头处室】【完成情况】【存在问题】, 25 tasks) could not be imported until the importer
learnt that layout, then agreed on 20/25 (16 exact) with no judgement rule touched; one general
rules it then showed (a count with only the target's own verb before it; durations as units) brought 22/25.

A fourth pair, judged as written before any rule was touched: hexi (a county's 前三季度, 32 tasks, the
layout of the corpus circulars) agreed on 28/32 (26 exact); nanping (a city's 上半年, 34 tasks, full-width
punctuation, a closing paragraph with 滞后 and 缓慢 in it) on 32/34 (29 exact). Two general rules they
showed — a stall word denied right before it ("各施工项目无停工") is none, and when the goal's figure is
unanswered a completion claim must speak of the task, not of a thing sharing its words ("人才公寓一期已
投入使用" for 引进人才200名) — with 投入运行 and 已于…完工 as completion words, brought hexi to 30/32;
a restated aim is no progress ("确保完成年度目标任务"), which brought nanping to 33/34, and 全部上线运行
as one completion phrase brought yanling to 30/32.

A fifth pair, judged as written: songxi (a district's 一季度, one line a task "N.目标（责任单位：…）进展情况：…",
30 tasks) agreed on 22/30; lushan (a county-level city's year end, 32 tasks) on 26/32. What they showed:
a closing headed "下一步工作要求：" was read into the last task; a goal's "一季度开工、年底前完成主体工程" was
one date for both; "大会已于2月10日召开" was not seen as 召开…大会; "按年度安排于6月启动……暂未启动" in
March was called stalled; at the year's end "预计2025年3月底投产" was not read as the work still to come.
With those read in general, songxi 25/30 and lushan 28/32.

A sixth pair, judged as written: qiaocheng (a city's 1—10月 in the seed's layout, nine indicators then 27
tasks, 36 items) agreed on 31/36; taiping (a county's 上半年, units that sound worried or pleased against
their figures, 30 tasks) on 25/30. General causes: "涨幅控制在3%左右" read as about 3% rather than a
ceiling; a sentence opened by "2022年，" whose figure was taken as this year's; "10亿元以上项目3个"
read as a target of 10亿元; "整治难度较大" (a difficulty, not a slip) read as a delay. Now 32/36 and 25/30.

A seventh pair, judged as written: jinhe (a city's 前三季度 written to spread the offices' many words for
behind, on pace and stopped, 30 tasks) agreed on 27/30; fengtai (a county's 1—11月, 30 tasks) on 24/30.
Words added to the lexicon (与序时进度尚有差距, 不及预期, 推进乏力, 完成难度较大, 亮黄灯, 符合序时, 处于停滞,
暂停实施, 尚未破题, 封顶), and a goal's bracketed second target ("400户（三年行动计划累计完成1500户）")
read apart, brought 28/30 and 25/30.

An eighth pair, judged as written: shuangfeng (a county-level city's 上半年 in the seed's "一是……二是……"
style, 32 items) agreed on 27/32; a provincial transport department's 前三季度 (28 tasks) on 22/28. The
general causes: "张家界、湘西州完成率分别为68.3%和66.9%，低于序时进度" taken as the whole task behind
(and its 68.3% as the task's own share); "项目暂停" not read as a halt; "按设备投资额的5%给予奖补" read
as a growth of 5%. With figures listed with 分别 speaking of what they list, 暂停 a stall word, and a
named change said with its word, 28/32 and 23/28.

A ninth pair, judged as written: yueyang (a city's 民生实事 at 1—9月, 30 items) agreed on 27/30; qingshui (a
county's 1—5月 at a pace of 41.7%, 28 tasks) on 25/28. "已完成。" said alone was not read as the task
done (已完成 joins the completion words, except when an amount follows it: "主体工程已完成70%"), and
"已完工9条" did not count the one target in 条. With both, 28/30 and 26/28; lushan, lanzhou, the
provincial department and xiyuan rose with them.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, run_cli

BLIND = FIXTURES / "blind"
AGREEMENT = {"xiyuan_county_2023q3": (33, 29), "chengzhou_city_2024h1": (37, 33),
             "qinglan_district_2024_year": (30, 24), "yanling_prefecture_2025q1": (30, 27),
             "yunchuan_city_2024_jan_aug": (29, 26), "lanzhou_housing_bureau_2025h1": (24, 21),
             "hexi_county_2025_q3": (30, 27), "nanping_city_2025_h1": (33, 29),
             "songxi_district_2025_q1": (25, 25), "lushan_city_2024_year": (30, 29),
             "qiaocheng_city_2023_jan_oct": (32, 28), "taiping_county_2024_h1": (25, 20),
             "jinhe_city_2022_q3": (28, 26), "fengtai_county_2021_jan_nov": (25, 24),
             "shuangfeng_city_2022_h1": (28, 25), "provincial_transport_2023_q3": (24, 21),
             "yueyang_minsheng_2024_jan_sep": (28, 25), "qingshui_county_2023_jan_may": (26, 23)}


def _calls(tmp_path: Path, name: str) -> tuple[list[dict], dict]:
    out = tmp_path / f"{name}.yaml"
    r = run_cli("import-notice", str(BLIND / f"{name}.txt"), "-o", str(out))
    assert r.exit_code == 0, r.output
    r = run_cli("status", "-r", str(out), "--json", env={"AUDIT_NO_CACHE": "1"})
    assert r.exit_code == 0, r.output
    expected = yaml.safe_load((BLIND / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    return json.loads(r.stdout)["tasks"], expected


@pytest.mark.parametrize("name", sorted(AGREEMENT))
def test_blind_circulars_agree_with_the_officer(tmp_path, name):
    rows, expected = _calls(tmp_path, name)
    assert len(rows) == len(expected["tasks"])  # every task imported, none made up
    accepted = exact = 0
    for e in expected["tasks"]:
        start = re.sub(r"\s", "", e["goal_starts"])
        (row,) = [r for r in rows if re.sub(r"\s", "", r["goal"]).find(start) in range(12)]
        accepted += row["status"] == e["call"] or row["status"] in (e.get("also") or [])
        exact += row["status"] == e["call"]
    floor_accepted, floor_exact = AGREEMENT[name]
    assert accepted >= floor_accepted and exact >= floor_exact, (accepted, exact)
