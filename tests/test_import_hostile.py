"""Importers fed what departments actually send: BOMs, CRLF, either encoding, hidden sheets,
stray cells far away, arbitrary bytes. A result or a located refusal; the registry untouched."""
from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.exchange import ledger
from audit.registry.load import load
from conftest import run_cli
from ledger_fixture import write_registry


@pytest.fixture
def q3(tmp_path: Path) -> Path:
    reg = write_registry(tmp_path)
    assert run_cli("--registry", str(reg), "period", "add", "2021-Q3").exit_code == 0
    return reg


def _csv_rows(q3: Path, tmp_path: Path) -> list[list[str]]:
    out = tmp_path / "q3.csv"
    r = run_cli("--registry", str(q3), "export", "--period", "2021-Q3", "-o", str(out))
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    head = rows[0]
    for row in rows[1:]:
        if row[head.index("编号")] == "3":
            row[head.index("本期进展")] = "产业园完成规划，“一期”已开工。"
    return rows


def _encode(rows: list[list[str]], encoding: str, newline: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding, newline", [
    ("utf-8-sig", "\r\n"),  # Excel "CSV UTF-8": BOM and CRLF
    ("utf-8", "\r\n"),  # UTF-8 where GBK is expected: fine
    ("utf-8", "\n"),
    ("gbk", "\r\n"),  # Excel "CSV（逗号分隔）" on Chinese Windows
    ("gb18030", "\n"),
    ("utf-16", "\r\n"),
])
def test_csv_in_every_encoding_and_line_ending_imports_the_same(q3: Path, tmp_path: Path, encoding, newline):
    rows = _csv_rows(q3, tmp_path)
    if encoding == "utf-16":  # Excel's "Unicode 文本" is tab-separated
        buf = io.StringIO()
        csv.writer(buf, delimiter="\t", lineterminator=newline).writerows(rows)
        raw = buf.getvalue().encode("utf-16")
    else:
        raw = _encode(rows, encoding, newline)
    filled = tmp_path / "filled.csv"
    filled.write_bytes(raw)
    r = run_cli("--registry", str(q3), "import-progress", str(filled), "--period", "2021-Q3")
    assert r.exit_code == 0, r.output
    entry = load(q3).registry.task("3").entry("2021-Q3")
    assert entry.text == "产业园完成规划，“一期”已开工。"  # no BOM, no \r, no mojibake


def test_csv_bom_does_not_hide_the_first_header(q3: Path, tmp_path: Path):
    rows = _csv_rows(q3, tmp_path)
    assert rows[0][0] == "编号"
    reg = load(q3).registry
    p = tmp_path / "bom.csv"
    p.write_bytes(_encode(rows, "utf-8-sig", "\r\n"))
    reading = ledger.read_file(p, reg, "2021-Q3")
    assert not reading.rejected


def _book(q3: Path, tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    book = tmp_path / "q3.xlsx"
    assert run_cli("--registry", str(q3), "export", "--period", "2021-Q3", "-o", str(book)).exit_code == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["台账"]
    ids = {ws.cell(row=i, column=1).value: i for i in range(2, ws.max_row + 1)}
    head = [c.value for c in ws[1]]
    ws.cell(row=ids["3"], column=head.index("本期进展") + 1).value = "产业园完成规划。"
    return book, wb


def test_xlsx_with_hidden_and_very_hidden_sheets(q3: Path, tmp_path: Path):
    book, wb = _book(q3, tmp_path)
    junk = wb.create_sheet("内部草稿")
    junk["A1"] = "=1/0"
    junk["B2"] = "不要导入这一页"
    junk.sheet_state = "hidden"
    wb.create_sheet("宏").sheet_state = "veryHidden"
    wb.save(book)
    r = run_cli("--registry", str(q3), "import-progress", str(book), "--period", "2021-Q3")
    assert r.exit_code == 0, r.output
    assert load(q3).registry.task("3").entry("2021-Q3").text == "产业园完成规划。"


def test_xlsx_whose_ledger_sheet_is_hidden_is_read_or_refused_cleanly(q3: Path, tmp_path: Path):
    book, wb = _book(q3, tmp_path)
    wb.create_sheet("封面", 0)["A1"] = "封面"
    wb["台账"].sheet_state = "hidden"
    wb.active = 0
    wb.save(book)
    before = q3.read_bytes()
    r = run_cli("--registry", str(q3), "import-progress", str(book), "--period", "2021-Q3")
    assert r.exit_code in (0, 2) and "Traceback" not in r.output
    if r.exit_code == 2:
        assert q3.read_bytes() == before


def test_stray_cell_far_away_is_handled_fast(q3: Path, tmp_path: Path):
    book, wb = _book(q3, tmp_path)
    wb["台账"]["A1048576"] = "误输入"
    wb["台账"].cell(row=3, column=16384).value = "x"
    wb.save(book)
    start = time.perf_counter()
    r = run_cli("--registry", str(q3), "import-progress", str(book), "--period", "2021-Q3")
    assert time.perf_counter() - start < 30
    assert r.exit_code in (0, 2) and "Traceback" not in r.output


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["t.csv", "t.xlsx", "t.txt", "t", "t.xls"]))
def test_read_file_on_any_bytes(q3: Path, tmp_path_factory, raw: bytes, name: str):
    p = tmp_path_factory.mktemp("any") / name
    p.write_bytes(raw)
    reading = ledger.read_file(p, load(q3).registry, "2021-Q3")
    for rej in reading.rejected:
        assert rej.message


@SETTINGS
@given(st.lists(st.lists(st.text(max_size=15), max_size=8), max_size=8))
def test_read_file_on_any_csv_grid(q3: Path, tmp_path_factory, rows):
    p = tmp_path_factory.mktemp("grid") / "t.csv"
    head = [["编号", "本期进展", "实际完成数", "报告期"]]
    buf = io.StringIO()
    csv.writer(buf).writerows(head + rows)
    p.write_bytes(buf.getvalue().encode("utf-8"))
    reading = ledger.read_file(p, load(q3).registry, "2021-Q3")
    for rej in reading.rejected:
        assert rej.message


def _zip_bomb(path: Path, inner: str) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open(inner, "w", force_zip64=True) as f:
            chunk = b"<a>" + b" " * (1 << 20)
            for _ in range(300):  # 300 MB of XML, a few hundred KB zipped
                f.write(chunk)


def test_xlsx_zip_bomb_is_refused_without_unpacking(q3: Path, tmp_path: Path):
    bomb = tmp_path / "bomb.xlsx"
    _zip_bomb(bomb, "xl/workbook.xml")
    assert bomb.stat().st_size < 5_000_000
    before = q3.read_bytes()
    start = time.perf_counter()
    r = run_cli("--registry", str(q3), "import-progress", str(bomb), "--period", "2021-Q3")
    assert time.perf_counter() - start < 10
    assert r.exit_code == 2 and "解压后过大" in r.stderr
    assert q3.read_bytes() == before


def test_docx_zip_bomb_is_refused_without_unpacking(tmp_path: Path):
    bomb = tmp_path / "通报.docx"
    _zip_bomb(bomb, "word/document.xml")
    r = run_cli("import-notice", str(bomb))
    assert r.exit_code == 2 and "解压后过大" in r.stderr and "Traceback" not in r.output
