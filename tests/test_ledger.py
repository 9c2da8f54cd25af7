"""The 台账 round trip: export, fill as a department would, import; and every way a filled file can be wrong."""
from __future__ import annotations

import csv
import difflib
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from audit.cli.app import app
from audit.exchange import ledger
from audit.registry import save
from audit.registry.load import load
from ledger_fixture import write_registry

runner = CliRunner()


def cli(reg: Path, *args: str):
    return runner.invoke(app, ["--registry", str(reg), *args])


@pytest.fixture
def q3(tmp_path: Path) -> Path:
    """The fixture registry with 2021-Q3 declared (the period departments are about to fill)."""
    reg = write_registry(tmp_path)
    r = cli(reg, "period", "add", "2021-Q3")
    assert r.exit_code == 0, r.output
    return reg


def exported(reg: Path, tmp_path: Path, name: str = "q3.xlsx", *extra: str) -> Path:
    out = tmp_path / name
    r = cli(reg, "export", "--period", "2021-Q3", "-o", str(out), *extra)
    assert r.exit_code == 0, r.output
    return out


def rows_by_id(ws) -> dict[str, int]:
    return {ws.cell(row=i, column=1).value: i for i in range(2, ws.max_row + 1)}


def col(name: str) -> int:
    return [c.header for c in ledger.COLUMNS].index(name) + 1


# ----------------------------------------------------------------------------- the round trip


def test_round_trip_export_fill_import_status_diff(q3, tmp_path):
    before = q3.read_text(encoding="utf-8")
    book = exported(q3, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["台账"]
    at = rows_by_id(ws)
    assert set(at) == {"1.1", "1", "2", "3", "1.10"}
    # a department fills three tasks, copies last period's text for a fourth, leaves one empty
    ws.cell(row=at["1"], column=col("本期进展")).value = "目前已新增规上工业企业19家，占目标值的95%。"
    ws.cell(row=at["1"], column=col("实际完成数")).value = 19
    ws.cell(row=at["2"], column=col("本期进展")).value = "已建成5G基站150个，完成投资2.5亿元。"
    ws.cell(row=at["2"], column=col("实际完成数")).value = "150；2.5"
    ws.cell(row=at["3"], column=col("本期进展")).value = "产业园已开工建设，完成场平工程。\n正在推进主体工程。"
    ws.cell(row=at["1.1"], column=col("本期进展")).value = "上半年预计地区生产总值同比增长35%左右。"
    wb.save(book)

    r = cli(q3, "import-progress", str(book), "--period", "2021-Q3")
    assert r.exit_code == 0, r.output
    assert "新增 4 项" in r.stderr and "未填写 1 项" in r.stderr and "未填写：1.10" in r.stderr

    after = q3.read_text(encoding="utf-8")
    assert load(q3).ok
    # nothing outside the added entries moved: every difference is an insertion of new lines
    ops = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}
    inserted = [line for op, _a, _b, j1, j2 in ops if op == "insert" for line in after.splitlines()[j1:j2]]
    assert sum("period: 2021-Q3" in line for line in inserted) == 4
    assert all(not line.lstrip().startswith("#") for line in inserted)
    # the comment introducing task 2 still sits right above it, after task 1's new entry
    lines = after.splitlines()
    i = lines.index("  # 这一项还没有进展")
    assert lines[i + 2] == '  - id: "2"'
    assert next(n for n, line in enumerate(lines) if "19家" in line) < i
    assert '        text: "目前已新增规上工业企业19家，占目标值的95%。"' not in after  # styled, not quoted
    # the backup is the file as it was
    assert (q3.parent / "tasks.yaml.bak").read_text(encoding="utf-8") == before

    reg = load(q3).registry
    t2 = reg.task("2").entry("2021-Q3")
    assert [(a.metric, a.value, a.unit) for a in t2.actuals] == [("5G基站", 150, "个"), ("投资", 2.5, "亿元")]
    assert reg.task("1.1").entry("2021-Q3").label == "完成情况"  # carried from the earlier entries
    assert reg.task("3").entry("2021-Q3").text == "产业园已开工建设，完成场平工程。\n正在推进主体工程。"

    status = json.loads(cli(q3, "status", "--period", "2021-Q3", "--json").stdout)
    assert status["period"] == "2021-Q3"
    assert status["unreported"] == ["1.10"]
    by = {t["id"]: t for t in status["tasks"]}
    assert by["1"]["ratio"] == pytest.approx(0.95)

    d = json.loads(cli(q3, "diff", "2021-H1", "2021-Q3", "--json").stdout)
    assert d["groups"]["updated"] == ["1", "2", "3"]  # exactly the tasks given new text
    assert d["groups"]["not_updated"] == ["1.1"]  # copied from last period: named
    assert d["groups"]["unreported"] == ["1.10"]

    # importing the same file again changes nothing and is not a conflict
    again = cli(q3, "import-progress", str(book), "--period", "2021-Q3")
    assert again.exit_code == 0, again.output
    assert "与台账相同 4 项" in again.stderr
    assert q3.read_text(encoding="utf-8") == after


def test_csv_round_trip_with_reordered_fullwidth_headers(q3, tmp_path):
    out = exported(q3, tmp_path, "q3.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    # a department reorders columns and retypes two headers with full-width brackets and spaces
    keep = [header.index("本期进展"), header.index("编号"), header.index("实际完成数")]
    new_rows = [["本 期 进 展（必填）", "编　号", "实际完成数"]]
    for r in rows[1:]:
        new_rows.append([r[k] for k in keep])
    by = {r[1]: r for r in new_rows[1:]}
    by["3"][0] = "产业园已完成规划设计。"
    by["1"][0], by["1"][2] = "新增规上工业企业18家。", "18"
    buf = io.StringIO()
    csv.writer(buf).writerows(new_rows)
    filled = tmp_path / "filled.csv"
    filled.write_bytes(buf.getvalue().encode("gbk"))  # as Excel saves "CSV（逗号分隔）" on Chinese Windows
    r = cli(q3, "import-progress", str(filled), "--period", "2021-Q3")
    assert r.exit_code == 0, r.output
    reg = load(q3).registry
    assert reg.task("3").entry("2021-Q3").text == "产业园已完成规划设计。"
    assert [a.value for a in reg.task("1").entry("2021-Q3").actuals] == [18]
    assert reg.task("2").entry("2021-Q3") is None


def test_export_workbook_is_made_for_people(q3, tmp_path):
    wb = openpyxl.load_workbook(exported(q3, tmp_path))
    assert wb.sheetnames == ["台账", "填写说明"]
    ws = wb["台账"]
    assert ws.freeze_panes == "B2"
    assert ws.protection.sheet is True
    assert [c.value for c in ws[1]] == [c.header for c in ledger.COLUMNS]
    row = ws[2]
    for c, cell in zip(ledger.COLUMNS, row):
        assert cell.protection.locked is (not c.editable), c.header
        assert cell.alignment.wrap_text
    assert ws.cell(row=2, column=1).protection.locked  # the id column is protected
    assert ws.column_dimensions["C"].width == ledger.BY_KEY["goal"].width
    helptext = "\n".join(str(c.value) for r in wb["填写说明"].iter_rows() for c in r if c.value)
    assert "本期进展" in helptext and "不要修改“编号”" in helptext and "2021-Q3" in helptext
    # previous period's text and the period being filled are there to read
    at = rows_by_id(ws)
    assert ws.cell(row=at["3"], column=col("上期进展")).value == "暂无进展，项目尚未启动。"
    assert ws.cell(row=at["3"], column=col("上期评估")).value == "停滞"
    assert ws.cell(row=at["1.10"], column=1).value == "1.10"


def test_export_by_unit_uses_aliases_and_formats(q3, tmp_path):
    book = exported(q3, tmp_path, "fg.xlsx", "--unit", "发改局")
    ws = openpyxl.load_workbook(book)["台账"]
    assert sorted(rows_by_id(ws)) == ["2", "3"]  # 2 is led by 发改局, 3 by 市发改局: the same unit
    data = json.loads(exported(q3, tmp_path, "all.json").read_text(encoding="utf-8"))
    assert data["period"] == "2021-Q3" and len(data["rows"]) == 5
    r = cli(q3, "export", "-o", str(tmp_path / "x.pdf"))
    assert r.exit_code == 2 and ".xlsx、.csv 或 .json" in r.stderr
    r = cli(q3, "export", "-o", str(book))
    assert r.exit_code == 2 and "已存在" in r.stderr
    r = cli(q3, "export", "--unit", "市教育局", "-o", str(tmp_path / "y.xlsx"))
    assert r.exit_code == 2 and "没有由 “市教育局” 牵头的任务" in r.stderr


# ----------------------------------------------------------------------------- bad files leave the registry byte-identical


def filled_book(q3: Path, tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    book = exported(q3, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["台账"]
    at = rows_by_id(ws)
    ws.cell(row=at["1"], column=col("本期进展")).value = "新增规上工业企业18家。"
    ws.cell(row=at["3"], column=col("本期进展")).value = "产业园完成规划。"
    return book, wb


def refused(q3: Path, path: Path, *expected: str, args: tuple[str, ...] = ()) -> str:
    before = q3.read_bytes()
    r = cli(q3, "import-progress", str(path), "--period", "2021-Q3", *args)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    for e in expected:
        assert e in r.stderr, r.stderr
    assert q3.read_bytes() == before
    return r.stderr


def test_wrong_sheet(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    wb["台账"].title = "Sheet1"
    wb.save(book)
    refused(q3, book, "工作表“Sheet1”", "找不到名为“台账”的工作表", "“Sheet1”、“填写说明”")


def test_missing_id_column(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    wb["台账"].delete_cols(1)
    wb.save(book)
    refused(q3, book, "工作表“台账” 第 1 行", "找不到“编号”列")


def test_unknown_and_duplicated_ids_are_located(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    ws = wb["台账"]
    at = rows_by_id(ws)
    ws.cell(row=at["2"], column=1).value = "99"
    ws.cell(row=at["2"], column=col("本期进展")).value = "有内容"
    ws.cell(row=at["1.10"], column=1).value = "3"
    ws.cell(row=at["1.10"], column=col("本期进展")).value = "重复的一行"
    wb.save(book)
    err = refused(q3, book)
    assert f"q3.xlsx 工作表“台账” 第 {at['2']} 行 A 列（编号）：台账中没有编号为 “99” 的任务" in err
    assert f"第 {at['1.10']} 行 A 列（编号）：编号 “3” 与第 {at['3']} 行重复" in err
    assert "2 处问题，未导入任何内容" in err


def test_id_turned_into_a_number_by_excel(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    ws = wb["台账"]
    at = rows_by_id(ws)
    ws.cell(row=at["1.10"], column=1).value = 1.1  # "1.10" retyped: Excel keeps 1.1, which is task 1.1
    ws.cell(row=at["1.10"], column=col("本期进展")).value = "x"
    ws.cell(row=at["1.1"], column=col("本期进展")).value = "y"
    wb.save(book)
    refused(q3, book, "编号 “1.1” 与第")


def test_merged_cells(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    ws = wb["台账"]
    at = rows_by_id(ws)
    letter = openpyxl.utils.get_column_letter(col("本期进展"))
    ws.merge_cells(f"{letter}{at['2']}:{letter}{at['3']}")
    wb.save(book)
    refused(q3, book, f"第 {at['2']} 行 {letter} 列（本期进展）：这是合并单元格",
            f"第 {at['3']} 行 {letter} 列（本期进展）：这是合并单元格")


def test_formulas(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    ws = wb["台账"]
    at = rows_by_id(ws)
    ws.cell(row=at["1"], column=col("实际完成数")).value = "=10+8"
    wb.save(book)
    letter = openpyxl.utils.get_column_letter(col("实际完成数"))
    refused(q3, book, f"第 {at['1']} 行 {letter} 列（实际完成数）：单元格是公式（=10+8）")


def test_figures_that_do_not_fit(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    ws = wb["台账"]
    at = rows_by_id(ws)
    ws.cell(row=at["1"], column=col("实际完成数")).value = "十八家"
    ws.cell(row=at["3"], column=col("实际完成数")).value = 5  # task 3 has no targets
    ws.cell(row=at["2"], column=col("实际完成数")).value = "1；2；3"
    ws.cell(row=at["2"], column=col("本期进展")).value = "基站建设中"
    wb.save(book)
    refused(q3, book, "实际完成数 “十八家” 不是数字", "没有量化目标", "只有 2 个量化目标")


def test_not_a_spreadsheet(q3, tmp_path):
    p = tmp_path / "note.xlsx"
    p.write_text("这只是一段文字", encoding="utf-8")
    refused(q3, p, "这不是 Excel 工作簿（.xlsx）文件")
    p = tmp_path / "scan.pdf"
    p.write_bytes(b"%PDF-1.4\n")
    refused(q3, p, "不认识的文件类型（.pdf）")
    p = tmp_path / "old.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    refused(q3, p, "Excel 97-2003")
    p = tmp_path / "bin.csv"
    p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x89\x90\xa0")
    refused(q3, p)


def test_xlsx_that_is_really_another_zip(q3, tmp_path):
    docx = tmp_path / "report.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    refused(q3, docx, "这是 Word 文档（.docx），不是 Excel 工作簿")
    other = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("a.txt", "x")
    refused(q3, other, "普通压缩包")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 50)
    refused(q3, broken, "文件已损坏")


def test_gbk_csv_with_bad_rows_is_refused_with_locations(q3, tmp_path):
    p = tmp_path / "表.csv"
    p.write_bytes("编号,本期进展,报告期\r\n1,新增18家,2021-Q3\r\n3,完成规划,2021-H1\r\n,没有编号,2021-Q3\r\n".encode("gbk"))
    refused(q3, p, "表.csv 工作表“表” 第 3 行 C 列（报告期）：这一行的报告期是 “2021-H1”",
            "第 4 行 A 列（编号）：缺少编号")


def test_one_bad_row_means_nothing_lands(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    ws = wb["台账"]
    ws.cell(row=rows_by_id(ws)["2"], column=1).value = "404"
    ws.cell(row=rows_by_id(ws)["404"], column=col("本期进展")).value = "x"
    wb.save(book)
    refused(q3, book, "要么全部导入，要么都不导入")
    assert load(q3).registry.task("1").entry("2021-Q3") is None


def test_existing_entries_are_not_replaced_without_overwrite(q3, tmp_path):
    assert cli(q3, "update", "3", "--period", "2021-Q3", "--text", "人工录入的进展").exit_code == 0
    book, wb = filled_book(q3, tmp_path)
    wb.save(book)
    refused(q3, book, "任务 “3” 在 2021-Q3 已有进展（“人工录入的进展”）", "--overwrite")
    preview = cli(q3, "import-progress", str(book), "--period", "2021-Q3", "--overwrite", "--dry-run")
    assert preview.exit_code == 0
    assert "替换 3" in preview.stderr and "原为：人工录入的进展" in preview.stderr and "台账未改动" in preview.stderr
    r = cli(q3, "import-progress", str(book), "--period", "2021-Q3", "--overwrite")
    assert r.exit_code == 0, r.output
    assert load(q3).registry.task("3").entry("2021-Q3").text == "产业园完成规划。"


def test_dry_run_writes_nothing(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    wb.save(book)
    before = q3.read_bytes()
    r = cli(q3, "import-progress", str(book), "--period", "2021-Q3", "--dry-run")
    assert r.exit_code == 0
    assert "新增 1" in r.stderr and "将新增 2 项" in r.stderr
    assert q3.read_bytes() == before


def test_undeclared_period_hints_period_add(q3, tmp_path):
    book, wb = filled_book(q3, tmp_path)
    wb.save(book)
    before = q3.read_bytes()
    r = cli(q3, "import-progress", str(book), "--period", "2021-08")
    assert r.exit_code == 2 and "audit period add 2021-08" in r.stderr
    r = cli(q3, "import-progress", str(book))
    assert r.exit_code == 2 and "请用 --period 指定" in r.stderr
    assert q3.read_bytes() == before


# ----------------------------------------------------------------------------- pieces


def test_headers_are_matched_by_name():
    assert ledger.normalise_header(" 本期进展（必填） ") == "本期进展"
    assert ledger.normalise_header("编\u3000号") == "编号"
    assert ledger.normalise_header("实际完成数:") == "实际完成数"


def test_parse_figures():
    from audit.core.model import Target

    one = (Target("企业", 20, "家"),)
    two = (Target("基站", 300, "个"), Target("投资", 5, "亿元"))
    assert ledger.parse_figures(15, None, one) == ((ledger.Actual("企业", 15, "家"),), "")
    assert ledger.parse_figures("１，２００", None, one)[0][0].value == 1200
    acts, _ = ledger.parse_figures("150；2.5", None, two)
    assert [(a.value, a.unit) for a in acts] == [(150, "个"), (2.5, "亿元")]
    acts, _ = ledger.parse_figures("3000万元", None, (Target("投资", 5, "亿元"),))
    assert (acts[0].value, acts[0].unit) == (3000, "万元")
    assert ledger.parse_figures("", "家", one) == ((), "")
    assert "单位" in ledger.parse_figures("1；2", "个；亿元；家", two)[1]


def test_period_add_keeps_time_order_and_refuses_duplicates(tmp_path):
    reg = write_registry(tmp_path)
    assert cli(reg, "period", "add", "2021-05").exit_code == 0
    assert load(reg).registry.period_ids == ["2021-Q1", "2021-05", "2021-H1"]
    r = cli(reg, "period", "add", "2021-05")
    assert r.exit_code == 2 and "已经声明过了" in r.stderr
    r = cli(reg, "period", "add", "2022-Q1")
    assert r.exit_code == 2 and "不在台账的计划年度 2021 内" in r.stderr
    r = cli(reg, "period", "add", "2021-Q5")
    assert r.exit_code == 2 and "写法不认识" in r.stderr
    assert cli(reg, "period", "add", "2021", "--as-of", "2021-12-31").exit_code == 0
    text = reg.read_text(encoding="utf-8")
    assert "    - id: 2021-Q1   # 一季度\n    - id: 2021-05\n" in text
    assert load(reg).ok


def test_update_by_text_file_and_stdin(q3, tmp_path):
    f = tmp_path / "p.txt"
    f.write_bytes("文件里的进展（GBK 编码）。\r\n第二行。".encode("gbk"))
    assert cli(q3, "update", "1", "-p", "2021-Q3", "--file", str(f), "--actual", "18").exit_code == 0
    r = runner.invoke(app, ["--registry", str(q3), "update", "3", "-p", "2021-Q3", "-"], input="从标准输入读入。\n")
    assert r.exit_code == 0, r.output
    reg = load(q3).registry
    assert reg.task("1").entry("2021-Q3").text == "文件里的进展（GBK 编码）。\n第二行。"
    assert reg.task("1").entry("2021-Q3").actuals[0].value == 18
    assert reg.task("3").entry("2021-Q3").text == "从标准输入读入。"
    r = cli(q3, "update", "3", "-p", "2021-Q3", "--text", "再来一次")
    assert r.exit_code == 2 and "已有进展" in r.stderr
    assert cli(q3, "update", "3", "-p", "2021-Q3", "--text", "再来一次", "--overwrite").exit_code == 0
    r = cli(q3, "update", "77", "-p", "2021-Q3", "--text", "x")
    assert r.exit_code == 2 and "没有编号为 “77”" in r.stderr
    r = cli(q3, "update", "3", "-p", "2021-Q3")
    assert r.exit_code == 2 and "只用一种方式" in r.stderr


def test_replace_all_is_the_writer(q3, tmp_path, monkeypatch):
    """import-progress writes only through save.replace_all (after the lock and the check), once."""
    calls = []
    real = save.replace_all

    def spy(files, **kw):
        calls.append((list(files), kw))
        return real(files, **kw)

    monkeypatch.setattr(save, "replace_all", spy)
    book, wb = filled_book(q3, tmp_path)
    wb.save(book)
    assert cli(q3, "import-progress", str(book), "--period", "2021-Q3", "--dry-run").exit_code == 0
    assert calls == []
    assert cli(q3, "import-progress", str(book), "--period", "2021-Q3").exit_code == 0
    assert calls == [([str(q3)], {"note": None})]  # a one-file registry needs no note of what was written


# ----------------------------------------------------------------------------- the shipped registry and the docs


def test_shipped_registry_exports_and_takes_a_new_period(tmp_path):
    shipped = Path(__file__).resolve().parent.parent / "data" / "tasks.yaml"
    assert load(shipped).ok
    copy = tmp_path / "tasks.yaml"
    copy.write_bytes(shipped.read_bytes())
    assert cli(copy, "period", "add", "2021-Q3").exit_code == 0
    assert load(copy).ok
    out = tmp_path / "all.csv"
    assert cli(copy, "export", "-o", str(out)).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 1 + len(load(shipped).registry.tasks)


def test_docs_describe_every_column():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "ledger.md").read_text(encoding="utf-8")
    for c in ledger.COLUMNS:
        assert c.header in doc, c.header


def test_overwrite_clears_a_reviewer_status_made_for_the_old_text(tmp_path):
    from audit.registry.edit import Filled, apply
    from audit.registry.save import edit

    reg = tmp_path / "tasks.yaml"
    reg.write_text(
        "meta:\n  title: t\n  year: 2021\n  periods:\n    - id: 2021-H1\n"
        "sections:\n  - no: 1\n    title: s\n"
        "tasks:\n  - id: \"1\"\n    section: 1\n    goal: 建设A。\n    progress:\n"
        "      - period: 2021-H1\n        text: 暂无进展。\n        status: lagging\n        note: 已约谈\n",
        encoding="utf-8",
    )
    edit(reg, lambda doc: apply(doc, [Filled("1", "已开工建设。", ())], "2021-H1", overwrite=True))
    text = reg.read_text(encoding="utf-8")
    assert "已开工建设。" in text and "status:" not in text and "note:" not in text
