"""Terminal output: takes plain report data and prints it through the Rich consoles of console.py
(folded by core/text.py's rule on a terminal, one line per logical line to a file or a pipe)."""
from __future__ import annotations

import os

from rich.text import Text

from audit.cli.console import Clipped, Folded, err, out, reset, table  # noqa: F401  (reset: tests swap sys.stdout)
from audit.core.errors import Problem
from audit.core.labels import STATUS_LABELS
from audit.core.numerals import to_chinese
from audit.core.text import cells, clip
from audit.report.jsonout import json_text, print_json, write_bytes  # noqa: F401  (JSON needs no Rich: see jsonout)
from audit.report.reports import NEGATIVE_KINDS, ordered_evidence

STYLE = {"completed": "bold green", "on_track": "green", "lagging": "yellow", "stalled": "bold red", "unassessed": "dim"}
NBSP = "\xa0"  # holds a label to its figure when a line is folded


def T(text: str = "", style: str = "", indent: int | None = None) -> Folded:  # noqa: N802  (reads like Rich's Text)
    return Folded(text, style, indent=indent)


def pct(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x * 100:.{digits}f}%"


def short(text: str, n: int) -> str:
    """`text` on one line, shortened to about `n` characters between units (a number stays whole)."""
    return clip(" ".join(text.split()), 2 * n)


def brief_ids(ids: list[str], where: str, limit: int = 30) -> str:
    """Task ids joined with 、; past `limit`, the first ones, the count and where to see the rest
    (a province's registry can have tens of thousands unreported)."""
    if len(ids) <= limit:
        return "、".join(ids)
    return "、".join(ids[:limit]) + f"……共 {len(ids):,} 项（{where}）"


def tasks_named(ids: list[str], where: str, limit: int = 30) -> str:
    """Tasks as people name them: 第83项, 第1、2、5项; past `limit`, how many and where to see them."""
    if len(ids) <= limit:
        return f"第{'、'.join(ids)}项"
    return f"第{'、'.join(ids[:limit])}项等 {len(ids):,} 项（{where}）"


def short_title(title: str) -> str:
    """A section title's first clause: 推动绿色发展,持续改善… -> 推动绿色发展."""
    for sep in ("，", ",", "；", ";"):
        if sep in title:
            return title.split(sep, 1)[0]
    return title


# ----------------------------------------------------------------------------- messages (standard error)


def error(message: str) -> None:
    err().print(T("错误：", "bold red") + Text(message))


def warn(message: str) -> None:
    err().print(T("提示：", "yellow") + Text(message))


def info(message: str) -> None:
    err().print(T(message))


def problems(items: list[Problem]) -> None:
    c = err()
    for p in items:
        where = p.file + (f":{p.line}:{p.col or 1}" if p.line else "")
        line = T(where + ": ", "bold", indent=4)
        if p.field:
            line += Text(p.field + ": ", style="cyan")
        line += Text(p.message)
        c.print(line)
    if items:
        c.print(T(f"共 {len(items)} 处问题。改好后再运行 audit check 检查。", "bold red"))


# ----------------------------------------------------------------------------- status


def bar(ratio: float | None, pace: float, width: int = 8) -> Text:
    """A bar of `width` cells for a ratio, with a marker at the time progress."""
    style = "green" if ratio is not None and ratio >= pace else "yellow"
    filled = 0 if ratio is None else round(min(max(ratio, 0.0), 1.0) * width)
    mark = min(width - 1, round(pace * width))
    chars = []
    for i in range(width):
        ch = "█" if i < filled else "░"
        if i == mark:
            ch = "▌" if i < filled else "│"
        chars.append(ch)
    return Text("".join(chars), style=style)


def status(report: dict) -> None:
    """The year at a glance: counts by status, and a table of the sections."""
    c = out()
    c.print(T(report.get("period_title") or report["title"] or "重点任务进展", "bold"))
    c.print(T(f"报告期 {report['period']}（截至 {report['as_of']}）  序时进度{NBSP}{pct(report['time_progress'])}  "
              f"任务{NBSP}{report['total']}{NBSP}项"))
    counts = T()
    for code in ("completed", "on_track", "lagging", "stalled", "unassessed"):
        counts.append(f"{STATUS_LABELS[code]}{NBSP}{report['counts'][code]}", style=STYLE[code])
        counts.append(f"（{pct(report['shares'][code], 0)}）  ")
    counts.rstrip()
    c.print(counts)
    averaged = any(s["mean_ratio"] is not None for s in report["sections"])
    left_out: list[str] = [] if averaged else ["平均完成"]
    t = _sections_table(report, left_out, c.is_terminal)
    while c.is_terminal and _least_width(report, left_out) > c.width and len(left_out) < len(LEFT_OUT_FIRST):
        left_out.append(LEFT_OUT_FIRST[len(left_out)])
        t = _sections_table(report, left_out, c.is_terminal)
    c.print(t)
    narrow = left_out[0 if averaged else 1:]
    if narrow:
        c.print(T(f"（终端太窄，未显示 {'、'.join(narrow)} 列。）", "dim"))
    if not averaged:
        c.print(T("平均完成：每个部分有完成比例的任务都不到一半，不计。", "dim"))
    elif "平均完成" not in left_out:
        c.print(T("平均完成：有完成比例的任务的平均值（超过 100% 按 100% 计）；不到一半任务有比例的部分不计，记为 —；"
                  "│ 为序时进度。", "dim"))
    if report["mismatches"]:
        c.print(T("数据不一致：", "bold yellow") + Text(tasks_named(report["mismatches"], "用 audit show 编号 查看理由")))
    if report["unreported"]:
        c.print(T("未报送：", "bold") + Text(tasks_named(report["unreported"], "用 audit missing 查看全部")))
    for key, words, style in (("overdue", "已过完成时限未完成：", "bold red"), ("milestone_missed", "到期节点未见完成：", "bold yellow")):
        if report.get(key):
            c.print(T(words, style) + Text(tasks_named(report[key], "用 audit due 查看")))


LEFT_OUT_FIRST = ("平均完成", "待评", "完成", "序时")  # on a narrow terminal, the columns left out, in turn


def _least_width(report: dict, left_out: list[str]) -> int:
    """Cells the sections table needs with its titles at their shortest (8 cells), two between columns."""
    columns = [c for c in ("任务", "完成", "序时", "滞后", "停滞", "待评") if c not in left_out]
    keys = {"任务": "tasks", "完成": "completed", "序时": "on_track", "滞后": "lagging", "停滞": "stalled", "待评": "unassessed"}
    widths = [max([cells(c)] + [len(str(s[keys[c]])) for s in report["sections"]]) for c in columns]
    if "平均完成" not in left_out:
        widths.append(max(cells("平均完成"), len("████████ 100%")))
    return 8 + sum(widths) + 2 * len(widths)


def _sections_table(report: dict, left_out: list[str], terminal: bool):
    columns = [c for c in ("任务", "完成", "序时", "滞后", "停滞", "待评", "平均完成") if c not in left_out]
    t = table()
    t.add_column("部分", max_width=36 if terminal else None)
    for name in columns:
        t.add_column(name, justify="left" if name == "平均完成" else "right", no_wrap=True)
    for s in report["sections"]:
        cells = {"任务": str(s["tasks"]), "完成": str(s["completed"]), "序时": str(s["on_track"]),
                 "滞后": Text(str(s["lagging"]), style="yellow" if s["lagging"] else ""),
                 "停滞": Text(str(s["stalled"]), style="red" if s["stalled"] else ""), "待评": str(s["unassessed"]),
                 "平均完成": bar(s["mean_ratio"], report["time_progress"]) + Text(" " + pct(s["mean_ratio"], 0))}
        t.add_row(Clipped(f"{to_chinese(s['no'])}、{short_title(s['title'])}"), *(cells[c] for c in columns))
    return t


# ----------------------------------------------------------------------------- laggards

MAX_QUOTES = 3

# A printed line is a tuple of (text, style) pieces; "" is no style.
Line = tuple


def laggards(rows: list[dict], report: dict, total: int | None = None) -> None:
    """`total`: how many there are when `rows` is only the worst of them (--top)."""
    if not rows:
        out().print(T(f"报告期 {report['period']}：没有滞后或停滞的任务。"))
        return
    print_lines(laggard_lines(rows, report, total))


def laggard_lines(rows: list[dict], report: dict, total: int | None = None):
    """The lines `audit laggards` prints, one task at a time (a blank line before each task)."""
    count = f"滞后/停滞 {len(rows)} 项"
    if total is not None and total > len(rows):
        count = f"滞后/停滞 {total} 项，以下是最严重的 {len(rows)} 项"
    yield ((f"报告期 {report['period']}  序时进度 {pct(report['time_progress'])}  {count}", "bold"),)
    for r in rows:
        yield ()
        yield ((f"【{r['label']}】", STYLE[r["status"]]), (f"{r['id']}  ", "bold"), (short(r["goal"], 32), ""))
        yield from _laggard_body(r)


def _laggard_body(r: dict):
    facts = []
    if r["ratio"] is not None:
        facts.append(f"完成 {pct(r['ratio'])}")
    facts.append(f"序时 {pct(r['pace'])}")
    if r["gap"] is not None and r["gap"] < 0:
        facts.append(f"低于序时 {abs(r['gap']) * 100:.1f} 个百分点")
    if r["projection"] is not None:
        facts.append(f"按此进度年末可达 {pct(r['projection'], 0)}")
    units = r["units"]["lead"] + r["units"]["others"]
    if units:
        facts.append("责任单位：" + "、".join(units))
    yield (("    " + "  ".join(facts), "dim"),)
    if dates_line(r):
        yield (("    " + dates_line(r), "dim"),)
    shown = ordered_evidence(r)
    for e in shown[:MAX_QUOTES]:
        yield (("    ", ""), *quote(e["sentence"], e["phrase"] if e["kind"] in NEGATIVE_KINDS else ""))
    if len(shown) > MAX_QUOTES:
        yield ((f"    （另有 {len(shown) - MAX_QUOTES} 条依据，见 audit show {r['id']}）", "dim"),)
    if "data_mismatch" in r["flags"]:
        yield (("    ⚠ 数据不一致：报告所称比例与其数字不符", "yellow"),)


def quote(sentence: str, phrase: str = "") -> Line:
    """“sentence” with the words that triggered the flag in bold red, so the reader sees why."""
    i = sentence.find(phrase) if phrase else -1
    if i < 0:
        return (("“" + sentence + "”", ""),)
    return (("“" + sentence[:i], ""), (phrase, "bold red"), (sentence[i + len(phrase):] + "”", ""))


def print_lines(items, batch: int = 256) -> None:
    """Print lines of (text, style) pieces, each folded on its own (continuation lines under its
    label). Rich lays out each print as a whole, so the lines go in batches (the same output)."""
    c = out()
    styled = c.color_system is not None
    lines: list = []
    for line in items:
        lines.append(line)
        if len(lines) == batch:
            c.print(Folded.of_lines(lines, styled))
            lines = []
    if lines:
        c.print(Folded.of_lines(lines, styled))


# ----------------------------------------------------------------------------- one task


def show(row: dict, task_entries: list[dict], section_title: str, rule_title: str = "") -> None:
    c = out()
    c.print(T(f"任务 {row['id']}", "bold") + Text(f"  {section_title}"))
    c.print(T("目标：", "bold") + Text(row["goal"]))
    units = row["units"]
    if units["lead"] or units["others"]:
        others = "；配合：" + "、".join(units["others"]) if units["others"] else ""
        c.print(T("责任单位：", "bold") + Text("、".join(units["lead"]) + others))
    if row["targets"]:
        c.print(T("量化目标：", "bold"))
        for g in row["targets"]:
            c.print(T(_target_line(g)))
    show_dates(row)
    for e in task_entries:
        c.print()
        c.print(T(f"{e['period']} {e['label']}：", "bold"))
        c.print(T(e["text"] or "（未报送）"))
    c.print()
    judged = T("评估：", "bold") + Text(row["label"], style=STYLE[row["status"]])
    basis = {"ratio": "按完成比例", "text": "按进展文字", "manual": "人工认定", "none": "无可评估内容"}[row["basis"]]
    judged += Text(f"（{basis}；序时进度 {pct(row['pace'])}" + (f"；完成 {pct(row['ratio'])}" if row["ratio"] is not None else "") + "）")
    c.print(judged)
    if row.get("rule"):
        c.print(T("  规则：", "dim") + Text(row["rule"] + (f"（{rule_title}）" if rule_title else "")))
    for reason in row["reasons"]:
        c.print(T("  · " + reason))
    for sentence in row["evidence"]:
        c.print(T(f"  依据：“{sentence}”", "dim"))


def _target_line(g: dict) -> str:
    origin = "台账填写" if g["origin"] == "registry" else "从目标原文识别"
    value = number(g["value"]) + (f"-{number(g['high'])}" if g["high"] is not None else "")
    kind = "累计量" if g["kind"] == "cumulative" else "水平值"
    line = f"  · {g['metric']} {g['cmp']} {value}{g['unit']}（{kind}，{origin}）"
    if g["actual"] is not None:
        line += f" → 实际 {number(g['actual'])}{g['actual_unit']}"
        if g["ratio"] is not None:
            line += f"，完成 {pct(g['ratio'])}"
        if g["kind"] == "level" and g["met"] is not None:
            line += "，已达标" if g["met"] else "，未达标"
        elif g["kind"] == "cumulative" and g["met"]:
            line += "，已完成全年目标"
    return line


def explanation(ex: dict) -> None:
    """`show --explain`: the facts read from the report, then every rule in order and why it decided or not."""
    c = out()
    c.print()
    c.print(Text("读到的事实：", style="bold"))
    for item in ex["facts"]:
        c.print(fact_line(item), overflow="fold")
    c.print()
    c.print(Text("评估规则（按顺序，第一条适用的规则作出结论）：", style="bold"))
    for step in ex["rules"]:
        c.print(rule_line(step), overflow="fold")


def fact_line(item: dict) -> Text:
    # no space after the bullet: Rich wraps at spaces, and would leave it alone on its line
    return Text("  ·") + Text(item["what"] + "：", style="cyan") + Text(item["read"])


def rule_line(step: dict) -> Text:
    """One rule: 作出结论 (the one that decided), 也适用 (would have, but an earlier one decided), 不适用."""
    if step["decided"]:
        mark, style = "作出结论", STYLE.get(step["status"], "bold")
    elif step["fired"]:
        mark, style = "也适用", "dim"
    else:
        mark, style = "不适用", "dim"
    head = Text(f"  【{mark}】", style=style) + Text(f"{step['name']}（{step['title']}）", style="bold" if step["decided"] else "")
    return head + Text("：" + step["why"], style="" if step["decided"] else "dim")


def number(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e15 else str(x)


# ----------------------------------------------------------------------------- deadlines and milestones

DUE_STYLE = {"missed": "bold red", "upcoming": "yellow", "met": "green", "undated": "dim"}


def due_item_words(item: dict) -> str:
    """What is due, as a line says it: 6月底前开工; 完成时限9月底前; 长期坚持."""
    if item["kind"] == "deadline":
        return f"完成时限：{item['words']}{item['what']}"
    return f"{item['words']}{item['what']}"


def _days(item: dict) -> str:
    if item["state"] == "missed":
        return f"已过 {-item['days']} 天" if item["days"] else "今天到期"
    if item["state"] == "upcoming":
        return f"还有 {item['days']} 天"
    return ""


def due(data: dict) -> None:
    """`audit due`: per lead unit, its dates soonest first, each with its task and state."""
    print_lines(due_lines(data))


def due_lines(data: dict):
    n = data["counts"]
    yield ((f"截至 {data['as_of']}（进展按报告期 {data['period']}）  已过期未完成 {n['missed']} 项  "
            f"{data['within']} 天内到期 {n['upcoming']} 项  近期已完成 {n['met']} 项  无时限 {n['undated']} 项", "bold"),)
    if not data["units"]:
        yield ((f"{data['within']} 天内没有到期的时限或节点，也没有已过期未完成的。", ""),)
    for r in data["units"]:
        yield ()
        yield ((r["unit"], "bold"),)
        for i in r["items"]:
            days = f"（{_days(i)}）" if _days(i) else ""
            yield ((f"  {i['date'] or '无日期'}  ", ""), (i["label"], DUE_STYLE[i["state"]]), (days + "  ", "dim"),
                   (f"{i['task']}  ", "bold"), (due_item_words(i), ""))
            yield ((f"      {short(i['goal'], 40)}", "dim"),)


def reminders_written(files: list[str], folder: str) -> None:
    if files:
        info(f"已写入 {len(files)} 份催办通知到 {folder}：" + "、".join(os.path.basename(f) for f in files))
    else:
        info("没有需要催办的单位，未写入任何通知。")


def nothing_to_chase(units: list[str]) -> None:
    info(f"以下 {len(units)} 个单位没有需要催办的事项，未生成通知：{'、'.join(units)}。")


def dates_line(row: dict) -> str:
    """The deadline and the next milestone of a task row, for one line (no spaces: Rich folds at them):
    完成时限：9月底前（已过期未完成）；下一节点：12月底前主体完工."""
    parts = []
    d = row.get("deadline")
    if d:
        state = f"（{d['label']}）" if d["state"] in ("missed", "met") else ""
        parts.append(f"完成时限：{d['words']}{d['what']}{state}")
    nxt = row.get("next_milestone")
    if nxt and nxt["kind"] == "milestone":
        parts.append(f"下一节点：{nxt['words']}{nxt['what']}")
    missed = [m for m in row.get("milestones", []) if m["state"] == "missed"]
    if missed:
        parts.append("未按期完成的节点：" + "、".join(f"{m['words']}{m['what']}" for m in missed))
    return "；".join(parts)


def show_dates(row: dict) -> None:
    """`audit show`: the deadline and each milestone with its state at the period's as-of date."""
    c = out()
    items = ([row["deadline"]] if row.get("deadline") else []) + row.get("milestones", [])
    if not items:
        return
    c.print(Text("时限与节点：", style="bold"))
    for i in items:
        origin = "从目标原文识别" if i["origin"] == "goal" else "台账填写"
        head = "完成时限 " if i["kind"] == "deadline" else "节点 "
        line = Text(f"  · {head}{i['words']}{i['what']}" + (f"（{i['date']}，{origin}）" if i["date"] else f"（{origin}）"))
        line.append(f"→{i['label']}", style=DUE_STYLE[i["state"]])
        if i["sentence"]:
            line.append(f"：“{i['sentence']}”", style="dim")
        c.print(line, overflow="fold")
