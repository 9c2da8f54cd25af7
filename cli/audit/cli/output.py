"""Terminal output: the only module that touches Rich. Takes plain report data, prints it."""
from __future__ import annotations

import os

from rich.text import Text

from audit.cli.console import err, out, reset  # noqa: F401  (reset: tests swap sys.stdout)
from audit.cli.screen import STYLE, brief_ids, fold, pct  # shared with the status screen
from audit.core.errors import Problem
from audit.report.jsonout import json_text, print_json, write_bytes  # noqa: F401  (JSON needs no Rich: see jsonout)

COLOUR_STYLE = {"green": "green", "yellow": "yellow", "red": "red", "": "dim"}

def error(message: str) -> None:
    err().print(Text("错误：", style="bold red") + Text(message))


def warn(message: str) -> None:
    err().print(Text("提示：", style="yellow") + Text(message))


def info(message: str) -> None:
    err().print(Text(message))


def problems(items: list[Problem]) -> None:
    c = err()
    for p in items:
        where = p.file + (f":{p.line}:{p.col or 1}" if p.line else "")
        line = Text(where + ": ", style="bold")
        if p.field:
            line += Text(p.field + ": ", style="cyan")
        line += Text(p.message)
        c.print(line)
    if items:
        n = len(items)
        c.print(Text(f"共 {n} 处问题。改好后再运行 audit check 检查。", style="bold red"))


def short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def laggards(rows: list[dict], report: dict, total: int | None = None) -> None:
    """`total`: how many there are when `rows` is only the worst of them (--top)."""
    c = out()
    if not rows:
        c.print(f"报告期 {report['period']}：没有滞后或停滞的任务。")
        return
    print_lines(laggard_lines(rows, report, total))


MAX_QUOTES = 3

# A printed line is a tuple of (text, style) pieces; "" is no style. Plain data, so the same
# lines can be laid out by Rich (colour on a terminal) or folded here (plain text, fast).
Line = tuple


def laggard_lines(rows: list[dict], report: dict, total: int | None = None):
    """The lines `audit laggards` prints, one task at a time (a blank line before each task)."""
    from audit.report.reports import NEGATIVE_KINDS, ordered_evidence

    count = f"滞后/停滞 {len(rows)} 项"
    if total is not None and total > len(rows):
        count = f"滞后/停滞 {total} 项，以下是最严重的 {len(rows)} 项"
    yield ((f"报告期 {report['period']}  序时进度 {pct(report['time_progress'])}  {count}", "bold"),)
    for r in rows:
        yield ()
        yield ((f"【{r['label']}】", STYLE[r["status"]]), (f"{r['id']}  ", "bold"), (short(r["goal"], 32), ""))
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
        for flag in r["flags"]:
            if flag == "data_mismatch":
                yield (("    ⚠ 数据不一致：报告所称比例与其数字不符", "yellow"),)


def quote(sentence: str, phrase: str = "") -> Line:
    """“sentence” with the words that triggered the flag in bold red, so the reader sees why."""
    i = sentence.find(phrase) if phrase else -1
    if i < 0:
        return (("“" + sentence + "”", ""),)
    return (("“" + sentence[:i], ""), (phrase, "bold red"), (sentence[i + len(phrase):] + "”", ""))


def print_lines(items) -> None:
    """Print lines of (text, style) pieces, long ones folded (never cut) at the console's width.

    Without colour (a pipe, a file, TERM=dumb) the lines are folded here exactly as Rich folds
    them and written in large pieces: Rich lays out every printed line on its own, which took
    most of the 17 s `laggards` spent on 29,000 tasks. With colour, Rich prints them.
    """
    c = out()
    if c.color_system is None and not (c.record or c.is_jupyter or c.legacy_windows):
        _write_plain(c, items)
        return
    batch: list[Text] = []
    for line in items:
        batch.append(Text.assemble(*line))
        if len(batch) == 64:  # Rich folds each line of a text on its own: same output, fewer prints
            c.print(Text("\n").join(batch), overflow="fold")
            batch.clear()
    if batch:
        c.print(Text("\n").join(batch), overflow="fold")


def _write_plain(c, items) -> None:
    from rich.control import strip_control_codes

    width = c.width
    write = c.file.write
    buf: list[str] = []
    for line in items:
        text = "".join(t for t, _ in line)
        if text.isprintable():  # the usual line: no control codes or line breaks to take out
            if text.isascii() and len(text) <= width:
                buf.append(text)
            else:
                buf.extend(fold(text, width, c))
        else:
            for part in strip_control_codes(text).split("\n"):
                buf.extend(fold(part, width, c))
        if len(buf) >= 2048:
            buf.append("")
            write("\n".join(buf))
            buf.clear()
    if buf:
        buf.append("")
        write("\n".join(buf))
    c.file.flush()


def show(row: dict, task_entries: list[dict], section_title: str, rule_title: str = "") -> None:
    c = out()
    c.print(Text(f"任务 {row['id']}", style="bold") + Text(f"  {section_title}"), overflow="fold")
    c.print(Text("目标：", style="bold") + Text(row["goal"]), overflow="fold")
    units = row["units"]
    if units["lead"] or units["others"]:
        others = "；配合：" + "、".join(units["others"]) if units["others"] else ""
        c.print(Text("责任单位：", style="bold") + Text("、".join(units["lead"]) + others), overflow="fold")
    if row["targets"]:
        c.print(Text("量化目标：", style="bold"))
        for g in row["targets"]:
            origin = "台账填写" if g["origin"] == "registry" else "从目标原文识别"
            value = _num(g["value"]) + (f"-{_num(g['high'])}" if g["high"] is not None else "")
            kind = "累计量" if g["kind"] == "cumulative" else "水平值"
            line = f"  · {g['metric']} {g['cmp']} {value}{g['unit']}（{kind}，{origin}）"
            if g["actual"] is not None:
                line += f" → 实际 {_num(g['actual'])}{g['actual_unit']}"
                if g["ratio"] is not None:
                    line += f"，完成 {pct(g['ratio'])}"
                if g["kind"] == "level" and g["met"] is not None:
                    line += "，已达标" if g["met"] else "，未达标"
                elif g["kind"] == "cumulative" and g["met"]:
                    line += "，已完成全年目标"
            c.print(Text(line), overflow="fold")
    show_dates(row)
    for e in task_entries:
        c.print()
        c.print(Text(f"{e['period']} {e['label']}：", style="bold"), overflow="fold")
        c.print(Text(e["text"] or "（未报送）"), overflow="fold")
    c.print()
    judged = Text("评估：", style="bold") + Text(row["label"], style=STYLE[row["status"]])
    basis = {"ratio": "按完成比例", "text": "按进展文字", "manual": "人工认定", "none": "无可评估内容"}[row["basis"]]
    judged += Text(f"（{basis}；序时进度 {pct(row['pace'])}" + (f"；完成 {pct(row['ratio'])}" if row["ratio"] is not None else "") + "）")
    c.print(judged, overflow="fold")
    if row.get("rule"):
        c.print(Text("  规则：", style="dim") + Text(row["rule"] + (f"（{rule_title}）" if rule_title else "")), overflow="fold")
    for reason in row["reasons"]:
        # no space after the bullet: Rich wraps at spaces, and a long Chinese reason (no spaces) would
        # leave the bullet alone on its line
        c.print(Text("  ·" + reason), overflow="fold")
    for sentence in row["evidence"]:
        c.print(Text(f"  依据：“{sentence}”", style="dim"), overflow="fold")


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


def _num(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e15 else str(x)


def no_color_requested() -> bool:
    return "NO_COLOR" in os.environ


# ----------------------------------------------------------------------------- the year: periods, 台账, diffs, units


def periods(rows: list[dict]) -> None:
    from rich.table import Table

    from audit.core.model import period_label

    t = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for name in ("报告期", "名称", "截止日期", "已报送"):
        t.add_column(name, no_wrap=True)
    for r in rows:
        t.add_row(r["id"], r["label"] or period_label(r["id"]), r["as_of"], f"{r['reported']}/{r['tasks']}")
    out().print(t)


def period_added(pid: str, as_of: str, path: str, dry_run: bool) -> None:
    verb = "将声明" if dry_run else "已声明"
    info(f"{verb}报告期 {pid}（截止 {as_of}）" + ("，未写入（--dry-run）。" if dry_run else f"，写入 {path}（原文件备份为 {path}.bak）。"))


def exported(path: str, n: int, period: str, unit: str | None) -> None:
    who = f"{unit}牵头的 " if unit else ""
    info(f"已导出 {who}{n} 项任务（报告期 {period}）到 {path}。")


def rejections(items) -> None:
    # stderr soft-wraps; overflow="fold" there would crop the line at the terminal width instead
    c = err()
    for r in items:
        w = r.where
        line = Text()
        if w.file:
            line.append(str(w), style="bold")
            line.append("：")
        line.append(r.message)
        c.print(line)


def imported(s: dict) -> None:
    c = err()
    verb = "将" if s["dry_run"] else "已"
    added, replaced, same, blank = s["added"], s["replaced"], s["unchanged"], s["blank"]
    if s["dry_run"]:
        for ch in s["changes"]:
            if ch["action"] == "same":
                continue
            head = Text("新增 " if ch["action"] == "add" else "替换 ", style="green" if ch["action"] == "add" else "yellow")
            head.append(f"{ch['id']}  ", style="bold")
            head.append(short(ch["text"], 70))
            if ch["actuals"]:
                head.append("  实际完成：" + "；".join(f"{_num(a['value'])}{a['unit']}" for a in ch["actuals"]), style="dim")
            c.print(head)
            if ch["old_text"]:
                c.print(Text(f"      原为：{short(ch['old_text'], 66)}", style="dim"))
    line = (f"报告期 {s['period']}：{verb}新增 {len(added)} 项，{verb}替换 {len(replaced)} 项，"
            f"与台账相同 {len(same)} 项，未填写 {len(blank)} 项。")
    c.print(Text(line, style="bold"))
    if blank:
        c.print(Text("未填写：" + "、".join(blank)))
    if s["dry_run"]:
        c.print("（--dry-run：只是预览，台账未改动。）")
    elif s.get("written"):
        c.print(written_line(s["written"]))


def written_line(files: list[str]) -> str:
    if len(files) == 1:
        return f"已写入 {files[0]}，原文件备份为 {files[0]}.bak。"
    return f"已写入 {len(files)} 个文件：{'、'.join(files)}；原文件各自备份为同名的 .bak。"


def updated(ch: dict, period: str, dry_run: bool, file: str | None = None) -> None:
    """`file`: the file of a split registry that holds the task (None for a one-file registry)."""
    verb = {"add": "新增", "replace": "替换", "same": "与台账相同，未改动："}[ch["action"]]
    tail = "（--dry-run：未写入）" if dry_run else ""
    where = f"（{'将写入' if dry_run else '写入'} {file}）" if file and ch["action"] != "same" else ""
    info(f"{verb}任务 {ch['id']} 在 {period} 的进展{where}{tail}：{short(ch['text'], 60)}")


def diff(report: dict) -> None:  # noqa: C901
    c = out()
    by_id = {r["id"]: r for r in report["tasks"]}
    g = report["groups"]
    c.print(Text(f"{report['from']} → {report['to']}", style="bold"))

    def head(title: str, ids: list[str], style: str = "bold") -> bool:
        if not ids:
            return False
        c.print()
        c.print(Text(f"{title} {len(ids)} 项", style=style))
        return True

    def ratio_text(r: dict) -> str:
        if r["ratio_from"] is None and r["ratio_to"] is None:
            return ""
        s = f"  完成 {pct(r['ratio_from'])} → {pct(r['ratio_to'])}"
        if r["ratio_change"] is not None:
            s += f"（{r['ratio_change'] * 100:+.1f} 个百分点）"
        return s

    for key, title, style in (("worsened", "状态变差", "bold red"), ("improved", "状态好转", "bold green"),
                              ("status_changed", "状态变化（涉及待评估）", "bold")):
        if head(title, g[key], style):
            for i in g[key]:
                r = by_id[i]
                line = Text(f"  {i}  ", style="bold") + Text(short(r["goal"], 30))
                line.append(f"  {r['label_from'] or '—'} → ")
                line.append(r["label_to"] or "—", style=STYLE.get(r["status_to"] or "", ""))
                line.append(ratio_text(r), style="dim")
                c.print(line, overflow="fold")
    if head("完成比例变化（状态未变）", g["ratio_moved"]):
        for i in g["ratio_moved"]:
            r = by_id[i]
            c.print(Text(f"  {i}  ", style="bold") + Text(short(r["goal"], 30)) + Text(ratio_text(r), style="dim"), overflow="fold")
    if head(f"进展未更新（与上期相同或相似度≥{report['threshold'] * 100:.0f}%）", g["not_updated"], "bold yellow"):
        for i in g["not_updated"]:
            r = by_id[i]
            same = "与上期完全相同" if r["report"] == "identical" else f"相似度 {pct(r['similarity'], 0)}"
            lead = "、".join(r["lead"]) or "未写牵头单位"
            c.print(Text(f"  {i}  ", style="bold") + Text(short(r["goal"], 30)) + Text(f"  {same}  牵头：{lead}", style="dim"),
                    overflow="fold")
    if g["updated"]:
        c.print()
        c.print(Text(f"本期有新进展 {len(g['updated'])} 项：", style="bold")
                + Text(brief_ids(g["updated"], "用 --json 查看全部")), overflow="fold")
    if g["unreported"]:
        c.print(Text(f"本期未报送 {len(g['unreported'])} 项：", style="bold")
                + Text(brief_ids(g["unreported"], "用 audit missing 查看全部")), overflow="fold")


def units(rows: list[dict], period: str) -> None:
    c = out()
    c.print(Text(f"报告期 {period}  按牵头单位", style="bold"))
    from rich.table import Table

    t = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    t.add_column("单位", overflow="fold", max_width=20)
    for name in ("牵头", "完成", "序时", "滞后", "停滞", "待评", "未报送", "配合"):
        t.add_column(name, justify="right")
    t.add_column("停滞/滞后任务", overflow="fold", max_width=24)
    for r in rows:
        worst = r["tasks"]["stalled"] + r["tasks"]["lagging"]
        named = "、".join(worst[:8]) + (f" 等{len(worst)}项" if len(worst) > 8 else "")
        t.add_row(
            r["unit"], str(r["led"]), str(r["completed"]), str(r["on_track"]),
            Text(str(r["lagging"]), style="yellow" if r["lagging"] else ""),
            Text(str(r["stalled"]), style="red" if r["stalled"] else ""),
            str(r["unassessed"]),
            Text(str(r["unreported"]), style="bold" if r["unreported"] else ""),
            str(r["supporting"]),
            named,
        )
    c.print(t)


def missing(rows: list[dict], period: str, total: int) -> None:
    c = out()
    if not rows:
        c.print(f"报告期 {period}：全部 {total} 项任务均已报送。")
        return
    c.print(Text(f"报告期 {period}：未报送 {len(rows)} 项（共 {total} 项）", style="bold"))
    from rich.table import Table

    t = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    t.add_column("编号", no_wrap=True)
    t.add_column("目标任务", overflow="fold", max_width=40)
    t.add_column("牵头单位", overflow="fold", max_width=16)
    t.add_column("上次报送", no_wrap=True)
    for r in rows:
        t.add_row(r["id"], short(r["goal"], 40), "、".join(r["lead"]) or "—", r["last_reported"] or "—")
    c.print(t)


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
