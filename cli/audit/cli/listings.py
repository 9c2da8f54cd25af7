"""The year's listings on the terminal: the periods, what an export, an import or an update did, the
difference between two periods, the lead units, and what is missing — through output.py's pieces."""
from __future__ import annotations

from rich.text import Text

from audit.cli.console import Folded, table
from audit.cli.output import STYLE, T, brief_ids, err, info, number, out, pct, short
from audit.core.model import period_label
from audit.core.text import narrowest


def periods(rows: list[dict]) -> None:
    t = table()
    for name in ("报告期", "名称", "截止日期", "已报送"):
        t.add_column(name, no_wrap=True)
    for r in rows:
        t.add_row(r["id"], r["label"] or period_label(r["id"]), r["as_of"], f"{r['reported']}/{r['tasks']}")
    out().print(t)


def period_added(pid: str, as_of: str, path: str, dry_run: bool) -> None:
    if dry_run:
        info(f"将在 {path} 中声明报告期 {pid}（截止 {as_of}），未写入（--dry-run）。")
    else:
        info(f"已声明报告期 {pid}（截止 {as_of}），写入 {path}（原文件备份为 {path}.bak）。")


def exported(path: str, n: int, period: str, unit: str | None) -> None:
    who = f"{unit}牵头的 " if unit else ""
    info(f"已导出 {who}{n} 项任务（报告期 {period}），写入 {path}。")


def rejections(items) -> None:
    c = err()
    for r in items:
        w = r.where
        line = T(indent=4)
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
            if ch["action"] != "same":
                _change(c, ch)
    c.print(T(f"报告期 {s['period']}：{verb}新增 {len(added)} 项，{verb}替换 {len(replaced)} 项，"
              f"与台账相同 {len(same)} 项，未填写 {len(blank)} 项。", "bold"))
    if blank:
        c.print(T("未填写：" + "、".join(blank)))
    if s["dry_run"]:
        c.print(T(f"（--dry-run：只是预览，台账未改动；要写入的台账是 {s['registry']}。）"))
    elif s.get("written"):
        c.print(T(written_line(s["written"])))


def _change(c, ch: dict) -> None:
    head = T("新增 " if ch["action"] == "add" else "替换 ", "green" if ch["action"] == "add" else "yellow")
    head.append(f"{ch['id']}  ", style="bold")
    head.append(short(ch["text"], 70))
    if ch["actuals"]:
        head.append("  实际完成：" + "；".join(f"{number(a['value'])}{a['unit']}" for a in ch["actuals"]), style="dim")
    c.print(head)
    if ch["old_text"]:
        c.print(T(f"      原为：{short(ch['old_text'], 66)}", "dim"))


def written_line(files: list[str]) -> str:
    if len(files) == 1:
        return f"已写入 {files[0]}，原文件备份为 {files[0]}.bak。"
    return f"已写入 {len(files)} 个文件：{'、'.join(files)}；原文件各自备份为同名的 .bak。"


def updated(ch: dict, period: str, dry_run: bool, file: str) -> None:
    """`file`: the file that holds the task (of a split registry, the one part written)."""
    verb = {"add": "新增", "replace": "替换", "same": "与台账相同，未改动："}[ch["action"]]
    if ch["action"] == "same":
        where = ""
    elif dry_run:
        where = f"（将写入 {file}；--dry-run：未写入）"
    else:
        where = f"（已写入 {file}，原文件备份为 {file}.bak）"
    info(f"{verb}任务 {ch['id']} 在 {period} 的进展{where}：{short(ch['text'], 60)}")


def diff(report: dict) -> None:
    c = out()
    by_id = {r["id"]: r for r in report["tasks"]}
    g = report["groups"]
    c.print(T(f"{report['from']} → {report['to']}", "bold"))
    for key, title, style in (("worsened", "状态变差", "bold red"), ("improved", "状态好转", "bold green"),
                              ("status_changed", "状态变化（涉及待评估）", "bold")):
        if _heading(c, title, g[key], style):
            for i in g[key]:
                c.print(_status_change(i, by_id[i]))
    if _heading(c, "完成比例变化（状态未变）", g["ratio_moved"]):
        for i in g["ratio_moved"]:
            c.print(_task_head(i, by_id[i]) + Text(_ratio_change(by_id[i]), style="dim"))
    if _heading(c, f"进展未更新（与上期相同或相似度≥{report['threshold'] * 100:.0f}%）", g["not_updated"], "bold yellow"):
        for i in g["not_updated"]:
            r = by_id[i]
            same = "与上期完全相同" if r["report"] == "identical" else f"相似度 {pct(r['similarity'], 0)}"
            lead = "、".join(r["lead"]) or "未写牵头单位"
            c.print(_task_head(i, r) + Text(f"  {same}  牵头：{lead}", style="dim"))
    if g["updated"]:
        c.print()
        c.print(T(f"本期有新进展 {len(g['updated'])} 项：", "bold") + Text(brief_ids(g["updated"], "用 --json 查看全部")))
    if g["unreported"]:
        c.print(T(f"本期未报送 {len(g['unreported'])} 项：", "bold")
                + Text(brief_ids(g["unreported"], "用 audit missing 查看全部")))


def _heading(c, title: str, ids: list[str], style: str = "bold") -> bool:
    if not ids:
        return False
    c.print()
    c.print(T(f"{title} {len(ids)} 项", style))
    return True


def _task_head(i: str, r: dict) -> Folded:
    return T(f"  {i}  ", "bold", indent=4) + Text(short(r["goal"], 30))


def _status_change(i: str, r: dict) -> Folded:
    line = _task_head(i, r)
    line.append(f"  {r['label_from'] or '—'} → ")
    line.append(r["label_to"] or "—", style=STYLE.get(r["status_to"] or "", ""))
    line.append(_ratio_change(r), style="dim")
    return line


def _ratio_change(r: dict) -> str:
    if r["ratio_from"] is None and r["ratio_to"] is None:
        return ""
    s = f"  完成 {pct(r['ratio_from'])} → {pct(r['ratio_to'])}"
    if r["ratio_change"] is not None:
        s += f"（{r['ratio_change'] * 100:+.1f} 个百分点）"
    return s


def units(rows: list[dict], period: str) -> None:
    c = out()
    c.print(T(f"报告期 {period}  按牵头单位", "bold"))
    # Rich narrows columns below what their text needs when a table is tight: the ids of the tasks
    # behind would be cut, and the units' names folded a character a line. So on a terminal too
    # narrow for names of 8 cells and whole ids, the ids go under the table instead.
    counts = 6 * 9 + 2 * 9  # eight columns of counts and their gaps
    below = c.is_terminal and 8 + counts + max((narrowest(_worst(r)) for r in rows), default=0) > c.width
    c.print(_units_table(rows, c.is_terminal, named=not below))
    if below and any(_worst(r) for r in rows):
        c.print()
        c.print(T("停滞/滞后任务：", "bold"))
        for r in rows:
            if _worst(r):
                c.print(T(f"  {r['unit']}：{_worst(r)}"))


def _worst(r: dict) -> str:
    worst = r["tasks"]["stalled"] + r["tasks"]["lagging"]
    return "、".join(worst[:8]) + (f" 等{len(worst)}项" if len(worst) > 8 else "")


def _units_table(rows: list[dict], narrow: bool, named: bool):
    t = table()
    t.add_column("单位", max_width=20 if narrow else None)
    for name in ("牵头", "完成", "序时", "滞后", "停滞", "待评", "未报送", "配合"):
        t.add_column(name, justify="right", no_wrap=True)
    if named:
        t.add_column("停滞/滞后任务", max_width=24 if narrow else None)
    for r in rows:
        t.add_row(
            r["unit"], str(r["led"]), str(r["completed"]), str(r["on_track"]),
            Text(str(r["lagging"]), style="yellow" if r["lagging"] else ""),
            Text(str(r["stalled"]), style="red" if r["stalled"] else ""),
            str(r["unassessed"]),
            Text(str(r["unreported"]), style="bold" if r["unreported"] else ""),
            str(r["supporting"]),
            *([_worst(r)] if named else []),
        )
    return t


def missing(rows: list[dict], period: str, total: int) -> None:
    c = out()
    if not rows:
        c.print(T(f"报告期 {period}：全部 {total} 项任务均已报送。"))
        return
    c.print(T(f"报告期 {period}：未报送 {len(rows)} 项（共 {total} 项）", "bold"))
    narrow = c.is_terminal
    t = table()
    t.add_column("编号", no_wrap=True)
    t.add_column("目标任务", max_width=40 if narrow else None)
    t.add_column("牵头单位", max_width=16 if narrow else None)
    t.add_column("上次报送", no_wrap=True)
    for r in rows:
        t.add_row(r["id"], short(r["goal"], 40), "、".join(r["lead"]) or "—", r["last_reported"] or "—")
    c.print(t)
