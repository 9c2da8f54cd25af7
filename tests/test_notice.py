"""The circular importer: the seed and its re-encodings, other layouts, bad files, writing."""
from __future__ import annotations

import html
import io
import os
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from audit.core.errors import AuditError, WriteRefused
from audit.exchange import notice
from audit.registry import load

SEED = Path("/work/shared/seeds/000_4deb0e425f90f9f5.txt")
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="seed circular not available")

SEED_IDS = [f"1.{k}" for k in range(1, 10)] + [str(n) for n in range(1, 115)]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def shape(result: notice.ImportResult) -> tuple:
    """Everything that must survive a change of encoding or container."""
    doc = result.doc
    return (
        [(s["no"], s["title"], [(u["no"], u["title"]) for u in s.get("subs", [])]) for s in doc["sections"]],
        [(t["id"], t["section"], t.get("sub"), t["goal"], [(p["label"], p["text"]) for p in t["progress"]])
         for t in doc["tasks"]],
        doc["meta"]["title"],
        doc["meta"].get("issuer"),
        doc["meta"].get("published"),
        doc["meta"]["periods"],
    )


def import_file(path: Path) -> notice.ImportResult:
    return notice.parse_notice(notice.read_notice(path), source=str(path))


# ----------------------------------------------------------------------------- the seed


@needs_seed
def test_seed_structure(seed_text):
    r = notice.parse_notice(seed_text, source=str(SEED))
    assert r.sections == 10
    assert r.subsections == 31
    assert r.tasks == 123
    assert r.targets == 9
    assert r.ids == SEED_IDS
    assert r.no_progress == []
    assert r.unplaced == []
    assert all(t["progress"][0]["text"].strip() for t in r.doc["tasks"])
    meta = r.doc["meta"]
    assert meta["title"] == "关于《政府工作报告》确定的2021年重点工作半年进展情况通报"
    assert meta["issuer"] == "赤壁市人民政府办公室"
    assert meta["year"] == 2021
    assert meta["periods"] == [{"id": "2021-H1", "as_of": date(2021, 6, 30)}]
    assert meta["published"] == date(2022, 6, 29)
    assert meta["opening"].startswith("按照市政府主要领导指示精神")
    assert meta["opening"].endswith("现将有关情况通报如下:")
    assert [s["no"] for s in r.doc["sections"]] == list(range(1, 11))
    assert "subs" not in r.doc["sections"][0]
    assert r.doc["sections"][1]["subs"][0] == {"no": 1, "title": "聚力打造六大产业集群"}
    first, task1, last = r.doc["tasks"][0], r.doc["tasks"][9], r.doc["tasks"][-1]
    assert first == {"id": "1.1", "section": 1, "goal": "地区生产总值增长11%。",
                     "progress": [{"period": "2021-H1", "label": "完成情况", "text": "上半年预计地区生产总值同比增长35%左右。"}]}
    assert task1["section"] == 2 and task1["sub"] == 1
    assert task1["goal"] == "新增规上工业企业20家以上,规上工业总产值620亿元,同比增长8%。"
    assert task1["progress"][0]["label"] == "进展情况"
    assert last["section"] == 10 and last["sub"] == 4
    # a space after the label is surrounding whitespace, not text
    assert r.doc["tasks"][9 + 19]["progress"][0]["text"].startswith("2017年以来")


@needs_seed
def test_seed_texts_are_verbatim(seed_text):
    r = notice.parse_notice(seed_text)
    lines = [ln.strip() for ln in seed_text.split("\n") if ln.strip()]
    goals = [re.sub(r"^(\d+\.|\([一二三四五六七八九]\))", "", ln) for ln in lines
             if re.match(r"^(\d+\.|\([一二三四五六七八九]\).*[。%])", ln)]
    progress = [ln.split(":", 1)[1].strip() for ln in lines if re.match(r"^(进展情况|完成情况):", ln)]
    assert len(goals) == len(progress) == 123
    assert [t["goal"] for t in r.doc["tasks"]] == goals
    assert [t["progress"][0]["text"] for t in r.doc["tasks"]] == progress


@needs_seed
def test_shipped_registry_matches_the_seed(seed_text):
    shipped = Path(__file__).resolve().parent.parent / "data" / "tasks.yaml"
    res = load.load(shipped)
    assert res.problems == []
    assert [t.id for t in res.registry.tasks] == SEED_IDS
    r = notice.parse_notice(seed_text)
    assert [t.goal for t in res.registry.tasks] == [t["goal"] for t in r.doc["tasks"]]
    assert [t.progress[0].text for t in res.registry.tasks] == [t["progress"][0]["text"] for t in r.doc["tasks"]]
    head = shipped.read_text(encoding="utf-8").split("\nmeta:")[0]
    assert "audit import-notice" in head and "人工补充：无" in head


def fullwidth_markers(text: str) -> str:
    """Swap in full-width punctuation in the structural markers only."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^\(([一二三四五六七八九十]+)\)", r"（\1）", line)
        line = re.sub(r"^(\d+)\.", lambda m: "".join(chr(ord(c) + 0xFEE0) for c in m[1]) + "．", line)
        line = re.sub(r"^(进展情况|完成情况):", r"\1：", line)
        out.append(line)
    return "\n".join(out)


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None, after: list[str] = ()) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=0, cols=len(table[0]))
        for row in table:
            cells = t.add_row().cells
            for c, value in zip(cells, row):
                parts = value.split("\n")
                c.text = parts[0]
                for extra in parts[1:]:
                    c.add_paragraph(extra)
    for p in after:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def html_page(lines: list[str], charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in lines if ln.strip())
    return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            "<title>通报</title><script>var a = '1.不是任务';</script><style>p{margin:0}</style></head>\n"
            f'<body><div class="nav">首页 &gt; 政务公开</div>\n<div class="content">\n{body}\n</div>'
            "<div>【打印本页】【关闭窗口】</div></body></html>")


@needs_seed
@pytest.mark.parametrize("variant", ["gb18030", "bom", "fullwidth", "crlf", "docx", "html", "html-gbk"])
def test_seed_variants_import_the_same(seed_text, tmp_path, variant):
    expected = shape(notice.parse_notice(seed_text))
    lines = seed_text.split("\n")
    if variant == "gb18030":
        path = tmp_path / "notice.txt"
        path.write_bytes(seed_text.encode("gb18030"))
    elif variant == "bom":
        path = tmp_path / "notice.txt"
        path.write_bytes(b"\xef\xbb\xbf" + seed_text.encode("utf-8"))
    elif variant == "fullwidth":
        swapped = fullwidth_markers(seed_text)
        assert swapped != seed_text and "（一）" in swapped and "１．" in swapped and "进展情况：" in swapped
        path = tmp_path / "notice.txt"
        path.write_text(swapped, encoding="utf-8")
    elif variant == "crlf":
        path = tmp_path / "notice.txt"
        path.write_bytes(seed_text.replace("\n", "\r\n").encode("utf-8"))
    elif variant == "docx":
        path = tmp_path / "notice.docx"
        path.write_bytes(docx_bytes([ln for ln in lines if ln.strip()]))
    elif variant == "html":
        path = tmp_path / "notice.html"
        path.write_bytes(html_page(lines).encode("utf-8"))
    else:
        path = tmp_path / "notice.shtml"
        path.write_bytes(html_page(lines, "gb2312").encode("gb18030"))
    r = import_file(path)
    assert shape(r) == expected
    assert r.ids == SEED_IDS
    assert r.no_progress == []
    if variant.startswith("html"):
        assert [u.text for u in r.unplaced] == []


# ----------------------------------------------------------------------------- other layouts

INLINE = """\
关于2023年一季度重点工作进展情况的通报
各单位:现将一季度进展通报如下:
一、稳定经济增长
1.新增市场主体500户。进展情况:已新增312户。
2．完成投资10亿元；进展情况：完成投资3亿元，占30%。
3、建成停车场2个。
进展情况:
已完成1个。
另1个正在施工,预计5月完工。
二、保障民生
(一)就业
4.城镇新增就业1000人。进展情况:新增就业260人。
"""


def test_progress_on_the_task_line_and_multi_paragraph():
    r = notice.parse_notice(INLINE)
    assert r.ids == ["1", "2", "3", "4"]
    tasks = r.doc["tasks"]
    assert [t["goal"] for t in tasks] == ["新增市场主体500户。", "完成投资10亿元；", "建成停车场2个。", "城镇新增就业1000人。"]
    assert [t["progress"][0]["text"] for t in tasks] == [
        "已新增312户。", "完成投资3亿元，占30%。", "已完成1个。\n另1个正在施工,预计5月完工。", "新增就业260人。"]
    assert r.doc["meta"]["year"] == 2023
    assert r.doc["meta"]["periods"] == [{"id": "2023-Q1", "as_of": date(2023, 3, 31)}]
    assert r.doc["meta"]["title"] == "关于2023年一季度重点工作进展情况的通报"
    assert r.doc["meta"]["opening"] == "各单位:现将一季度进展通报如下:"
    assert r.doc["sections"] == [{"no": 1, "title": "稳定经济增长"},
                                 {"no": 2, "title": "保障民生", "subs": [{"no": 1, "title": "就业"}]}]
    assert tasks[3]["sub"] == 1 and "sub" not in tasks[0]
    assert r.unplaced == [] and r.no_progress == []


LUOSHI = """\
2022年前三季度重点任务落实情况通报
一、深化改革
(一)放管服改革
1.推进一网通办。
落实情况:已上线事项1200项。
1.政务服务事项全部进驻大厅;
2.推行帮办代办。
2.推行证照分离改革。
落实情况：
已完成。
"""


def test_luoshi_labels_and_points_inside_a_progress_text():
    r = notice.parse_notice(LUOSHI)
    assert r.ids == ["1", "2"]
    assert [t["progress"][0] for t in r.doc["tasks"]] == [
        {"period": "2022-Q3", "label": "落实情况",
         "text": "已上线事项1200项。\n1.政务服务事项全部进驻大厅;\n2.推行帮办代办。"},
        {"period": "2022-Q3", "label": "落实情况", "text": "已完成。"},
    ]
    assert r.doc["tasks"][1]["goal"] == "推行证照分离改革。"


NO_TARGETS = """\
XX县2021年1-8月重点工作推进情况通报
一、产业发展
(一)工业
1.新建标准厂房10万平方米。
工作进展:已建成4万平方米。
(二)农业
2.新增家庭农场20家。
工作进展:新增12家。
二、社会事业
3.新建幼儿园2所(第3项)
工作进展:1所已完工。
"""


def test_circular_without_target_section():
    r = notice.parse_notice(NO_TARGETS)
    assert r.targets == 0
    assert r.ids == ["1", "2", "3"]
    assert [(t["section"], t.get("sub")) for t in r.doc["tasks"]] == [(1, 1), (1, 2), (2, None)]
    assert r.doc["sections"][0]["subs"] == [{"no": 1, "title": "工业"}, {"no": 2, "title": "农业"}]
    assert r.doc["meta"]["periods"] == [{"id": "2021-08", "as_of": date(2021, 8, 31)}]
    assert [t["progress"][0]["label"] for t in r.doc["tasks"]] == ["工作进展"] * 3


REFS = """\
2021年重点工作半年进展情况通报
一、城市建设
(第22项)开工建设南环大桥。
进展情况:正在进行方案调整。
新建停车场5个。(第23项)
进展情况:已建成2个。
"""


def test_back_references_number_the_tasks():
    r = notice.parse_notice(REFS)
    assert r.ids == ["22", "23"]
    assert [t["goal"] for t in r.doc["tasks"]] == ["开工建设南环大桥。", "新建停车场5个。"]
    assert [t["progress"][0]["text"] for t in r.doc["tasks"]] == ["正在进行方案调整。", "已建成2个。"]
    assert r.notes == []  # a reference points into the full list: gaps are expected


def test_docx_table_with_units(tmp_path):
    path = tmp_path / "table.docx"
    path.write_bytes(docx_bytes(
        ["2022年上半年重点任务进展情况通报", "一、经济发展"],
        [["序号", "工作任务", "责任单位", "进展情况"],
         ["1", "新增规上企业20家。", "市经信局", "已新增15家。\n另有3家正在申报。"],
         ["2", "外贸出口增长12%。", "市商务局、市发改局", "1-5月增长18.6%。"],
         ["3", "建设外埠展示窗口。", "市商务局", ""]],
        after=["市人民政府办公室", "2022年7月8日"],
    ))
    r = import_file(path)
    assert r.ids == ["1", "2", "3"]
    tasks = r.doc["tasks"]
    assert [t["goal"] for t in tasks] == ["新增规上企业20家。", "外贸出口增长12%。", "建设外埠展示窗口。"]
    assert [t["units"] for t in tasks] == [{"lead": ["市经信局"]}, {"lead": ["市商务局", "市发改局"]}, {"lead": ["市商务局"]}]
    assert [t["progress"][0]["text"] for t in tasks] == ["已新增15家。\n另有3家正在申报。", "1-5月增长18.6%。", ""]
    assert r.no_progress == ["3"]
    assert r.doc["meta"]["periods"] == [{"id": "2022-H1", "as_of": date(2022, 6, 30)}]
    assert r.doc["meta"]["issuer"] == "市人民政府办公室"
    assert r.doc["meta"]["published"] == date(2022, 7, 8)
    assert [t["section"] for t in tasks] == [1, 1, 1]
    assert "没有进展文字的任务 1 项：3（已写入空的 text，请核对原文）。" in r.report_lines()


def test_html_table_rows_are_rows(tmp_path):
    page = ("<html><head><meta charset='gbk'></head><body><h1>2021年全年重点工作完成情况通报</h1>"
            "<p>一、项目建设</p><table><tr><th>序号</th><th>目标任务</th><th>完成情况</th></tr>"
            "<tr><td>1</td><td>新建道路10公里。</td><td><p>已完成10公里。</p><p>通过验收。</p></td></tr>"
            "</table></body></html>")
    path = tmp_path / "t.htm"
    path.write_bytes(page.encode("gbk"))
    r = import_file(path)
    assert r.ids == ["1"]
    assert r.doc["tasks"][0]["progress"] == [{"period": "2021", "label": "完成情况", "text": "已完成10公里。\n通过验收。"}]
    assert r.doc["meta"]["title"] == "2021年全年重点工作完成情况通报"


def test_numbering_restarting_per_section_gets_qualified_ids():
    text = ("2021年半年通报\n一、甲\n1.任务甲一。\n进展情况:甲一进展。\n2.任务甲二。\n进展情况:甲二进展。\n"
            "二、乙\n1.任务乙一。\n进展情况:乙一进展。\n")
    r = notice.parse_notice(text)
    assert r.ids == ["1-1", "1-2", "2-1"]
    assert any("部分-序号" in n for n in r.notes)


def test_unplaced_lines_are_reported_with_line_numbers():
    text = "2021年半年通报\n一、甲\n本部分共3项任务。\n1.任务一。\n进展情况:进展一。\n附件:\n1.任务清单\n"
    r = notice.parse_notice(text)
    assert r.ids == ["1"]
    assert r.unplaced == [
        notice.Unplaced(3, "本部分共3项任务。", "标题之后、第一项任务之前的文字", unread=True),
        notice.Unplaced(7, "1.任务清单", "通报正文结束（附件、落款）之后的内容"),
    ]
    assert "  第 3 行：“本部分共3项任务。”（标题之后、第一项任务之前的文字）" in r.report_lines()


def test_title_without_year_or_period_falls_back_and_says_so():
    text = "重点工作进展情况通报\n发布日期: 2021-07-05\n一、甲\n1.任务一。\n进展情况:进展一。\n"
    r = notice.parse_notice(text)
    assert r.doc["meta"]["year"] == 2021
    assert r.doc["meta"]["periods"] == [{"id": "2021-06", "as_of": date(2021, 6, 30)}]
    assert r.notes == ["标题和开头都没有年份，按发布日期的年份，计划年度定为 2021 年，请核对 meta.year。",
                       "标题和开头都没有报告期，按发布日期的上一个月，定为 2021-06（1-6月），请核对 meta.periods。"]


@pytest.mark.parametrize("title, expected", [
    ("关于2021年重点工作一季度进展情况的通报", (2021, "2021-Q1")),
    ("2021年前三季度重点工作进展通报", (2021, "2021-Q3")),
    ("2021年1-8月重点工作进展通报", (2021, "2021-08")),
    ("2021年1至12月重点工作进展通报", (2021, "2021")),
    ("2021年度重点工作半年进展情况通报", (2021, "2021-H1")),
    ("2021年全年重点工作完成情况通报", (2021, "2021")),
    ("二〇二二年上半年重点工作通报", (2022, "2022-H1")),
])
def test_plan_period_from_title(title, expected):
    year, period, _ = notice.plan_period(title)
    assert (year, period) == expected


def test_no_structure_says_so():
    r = notice.parse_notice("这是一段普通文字。\n没有任何编号。\n")
    assert r.tasks == 0 and r.sections == 0
    assert "没有识别到任何部分或任务：这份文件可能不是进展情况通报，或排版方式暂不支持。" in r.notes


# ----------------------------------------------------------------------------- bad inputs


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(AuditError) as e:
        notice.read_notice(path)
    assert e.value.message == f"{path}：这不是文本文件（含有二进制内容），无法读取。请确认选的是通报（.txt、.docx 或网页 .html）。"


def test_binary_without_nul_is_refused(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x81, 0x30, 0x81, 0x30]) * 200)
    with pytest.raises(AuditError) as e:
        notice.read_notice(path)
    assert str(path) in e.value.message and "不是文本文件" in e.value.message


@pytest.mark.parametrize("content", [b"", b"  \r\n\n "])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(AuditError) as e:
        notice.read_notice(path)
    assert e.value.message == f"{path}：文件是空的，没有可读取的内容。请确认选对了通报文件。"


def test_zip_that_is_not_docx_is_refused(tmp_path):
    path = tmp_path / "notice.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(AuditError) as e:
        notice.read_notice(path)
    assert e.value.message == f"{path}：这是普通压缩包，不是 Word 文档（.docx），无法读取。请确认选对了文件。"


def test_xlsx_named_docx_is_refused(tmp_path):
    import openpyxl

    path = tmp_path / "notice.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(AuditError) as e:
        notice.read_notice(path)
    assert e.value.message.startswith(f"{path}：这是 Excel 工作簿（.xlsx），不是 Word 文档（.docx）")


def test_damaged_docx_is_refused(tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(AuditError) as e:
        notice.read_notice(path)
    assert e.value.message == f"{path}：文件已损坏，或并不是 Word 文档（.docx），无法打开。请用 Word 打开后重新“另存为” .docx 再导入。"


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(AuditError) as e:
        notice.read_notice(tmp_path / "nope.txt")
    assert e.value.message == f"{tmp_path / 'nope.txt'}：找不到这个通报文件。请检查路径和文件名。"


# ----------------------------------------------------------------------------- writing

SMALL = "2021年半年进展情况通报\n一、甲\n1.任务一。\n进展情况:进展一。\n"


def test_write_registry_creates_refuses_and_forces(tmp_path):
    out = tmp_path / "tasks.yaml"
    r = notice.parse_notice(SMALL, source="small.txt")
    text = notice.write_registry(r, out)
    assert out.read_text(encoding="utf-8") == text
    assert text.startswith("# 由 audit import-notice 从通报《2021年半年进展情况通报》（small.txt）导入。\n")
    res = load.load(out)
    assert res.ok and [t.id for t in res.registry.tasks] == ["1"]
    assert res.registry.tasks[0].progress[0].text == "进展一。"

    out.write_text("# 人工修改过\n", encoding="utf-8")
    with pytest.raises(WriteRefused) as e:
        notice.write_registry(r, out)
    assert e.value.message == f"{out} 已存在，未覆盖。如确要覆盖，请加 --force；或用 -o 指定另一个文件名。"
    assert out.read_text(encoding="utf-8") == "# 人工修改过\n"

    notice.write_registry(r, out, force=True)
    assert out.read_text(encoding="utf-8") == text
    assert sorted(os.listdir(tmp_path)) == ["tasks.yaml"]  # no temp file left behind


def test_write_registry_refuses_an_invalid_result(tmp_path):
    out = tmp_path / "tasks.yaml"
    r = notice.parse_notice("重点工作通报\n一、甲\n1.任务一。\n进展情况:进展一。\n")  # no year anywhere
    with pytest.raises(AuditError) as e:
        notice.write_registry(r, out)
    assert e.value.message.startswith("导入结果不是有效的任务台账，未写入。需要处理的问题：\n")
    assert e.value.problems == []
    assert "meta.year：缺少必填字段 “year”。" in e.value.message
    assert not out.exists()
    assert os.listdir(tmp_path) == []


def test_write_registry_is_atomic_when_the_folder_is_missing(tmp_path):
    r = notice.parse_notice(SMALL)
    with pytest.raises(WriteRefused):
        notice.write_registry(r, tmp_path / "no" / "tasks.yaml")
    assert os.listdir(tmp_path) == []


def test_bare_targets_without_progress_become_targets():
    text = ("2021年半年通报\n一、预期目标\n(一)地区生产总值增长11%。\n(二)固定资产投资增长12%。\n"
            "二、重点任务\n(一)工业\n1.新增企业20家。\n进展情况:新增15家。\n")
    r = notice.parse_notice(text)
    assert r.ids == ["1.1", "1.2", "1"]
    assert [t["goal"] for t in r.doc["tasks"][:2]] == ["地区生产总值增长11%。", "固定资产投资增长12%。"]
    assert r.no_progress == ["1.1", "1.2"]
    assert r.doc["sections"][0] == {"no": 1, "title": "预期目标"}
    assert r.doc["sections"][1]["subs"] == [{"no": 1, "title": "工业"}]
    assert r.targets == 2 and r.subsections == 1


def test_a_tab_inside_a_paragraph_is_text():
    r = notice.parse_notice("2021年半年通报\n一、甲\n1.任务一。\n进展情况:已完成\t3项。\n")
    assert r.doc["tasks"][0]["progress"][0]["text"] == "已完成\t3项。"
    assert r.unplaced == []


def test_headings_inside_a_progress_text_stay_text():
    # a numbered line ending in 。 inside a progress text is a heading only when a task or label follows it
    text = ("2021年半年通报\n一、甲\n(一)小节\n1.任务一。\n进展情况:\n(二)做了两件事。\n二、另一件事也做了。\n其余正常。\n"
            "2.任务二。\n进展情况:进展二。\n(二)下一小节\n3.任务三。\n进展情况:进展三。\n")
    r = notice.parse_notice(text)
    assert r.ids == ["1", "2", "3"]
    assert r.doc["tasks"][0]["progress"][0]["text"] == "(二)做了两件事。\n二、另一件事也做了。\n其余正常。"
    assert [t.get("sub") for t in r.doc["tasks"]] == [1, 1, 2]
    assert r.sections == 1


def test_a_task_without_progress_between_two_reported_tasks():
    text = "2021年半年通报\n一、甲\n1.任务一。\n进展情况:进展一。\n2.任务二。\n3.任务三。\n进展情况:进展三。\n"
    r = notice.parse_notice(text)
    assert r.ids == ["1", "2", "3"]
    assert [t["progress"][0]["text"] for t in r.doc["tasks"]] == ["进展一。", "", "进展三。"]
    assert r.no_progress == ["2"]


WEB_PAGE = """\
当前位置：首页 > 政务公开 > 督查
热词搜索：
2021年全年重点工作完成情况通报
字号：[ 大 中 小 ]
索引号：123/2022-1 文号：某政办〔2022〕3号
发布机构：某市政府办公室 发布日期：2022-01-10 有效性：有效
各乡镇人民政府，市政府各部门：
现将有关情况通报如下：
一、甲
1．任务一。
进展情况：进展一。
某市人民政府办公室
二〇二二年一月十日
【打印本页】【关闭窗口】
扫一扫在手机打开当前页
上一篇：关于召开会议的通知
./t20220110_1_app.shtml
http://www.example.gov.cn/x.html
"""


def test_web_furniture_and_signature_are_not_imported():
    r = notice.parse_notice(WEB_PAGE)
    assert r.doc["meta"] == {
        "title": "2021年全年重点工作完成情况通报",
        "issuer": "某市政府办公室",
        "year": 2021,
        "periods": [{"id": "2021", "as_of": date(2021, 12, 31)}],
        "published": date(2022, 1, 10),
        "opening": "各乡镇人民政府，市政府各部门：\n现将有关情况通报如下：",
    }
    assert r.doc["tasks"] == [{"id": "1", "section": 1, "goal": "任务一。",
                               "progress": [{"period": "2021", "label": "进展情况", "text": "进展一。"}]}]
    assert r.unplaced == [] and r.notes == []


def test_signature_gives_issuer_and_date_when_the_page_does_not():
    text = "2021年上半年重点工作通报\n一、甲\n1.任务一。\n进展情况:进展一。\n某县人民政府督查室\n二〇二一年七月五日\n"
    r = notice.parse_notice(text)
    assert (r.doc["meta"]["issuer"], r.doc["meta"]["published"]) == ("某县人民政府督查室", date(2021, 7, 5))
    assert r.doc["tasks"][0]["progress"][0]["text"] == "进展一。"
    assert r.meta_read["issuer"] == "某县人民政府督查室（读自“落款”）"


def test_missing_goal_and_sub_title_get_visible_placeholders():
    r = notice.parse_notice("2021年半年通报\n一、甲\n(一)\n1.\n进展情况:进展一。\n")
    assert r.doc["sections"][0]["subs"] == [{"no": 1, "title": "（请填写小节标题）"}]
    assert r.doc["tasks"][0]["goal"] == "（原文缺少任务内容，请补写）"
    assert "第 4 行：任务 1 没有任务内容，已写“（原文缺少任务内容，请补写）”，请对照原文补上。" in r.notes
    assert load.load_text(notice.registry_text(r), "x").ok


def test_units_written_after_the_goal_become_units():
    from audit.exchange.notice import parse_notice

    text = (
        "关于2023年重点工作一季度进展情况的通报\n"
        "一、项目建设\n"
        "1．改造农村公路80公里。（责任单位：县交通运输局）\n"
        "进展情况：已完成改造20公里。\n"
        "2．建设县第二人民医院。(牵头单位:县卫健局;配合单位:县发改局、县自然资源局)\n"
        "进展情况：正在开展可研。\n"
        "3．推进城乡供水一体化。\n"
        "责任单位：县水利局\n"
        "进展情况：暂无进展。\n"
        "4．新增市场主体（含个体工商户）300户。\n"
        "进展情况：新增120户。\n"
    )
    tasks = parse_notice(text).doc["tasks"]
    assert [(t["goal"], t.get("units")) for t in tasks] == [
        ("改造农村公路80公里。", {"lead": ["县交通运输局"]}),
        ("建设县第二人民医院。", {"lead": ["县卫健局"], "others": ["县发改局", "县自然资源局"]}),
        ("推进城乡供水一体化。", {"lead": ["县水利局"]}),
        ("新增市场主体（含个体工商户）300户。", None),
    ]


# ----------------------------------------------------------------------------- layouts of other issuers

PARAGRAPH_PER_TASK = """\
某镇人民政府
工作简报
第2期
关于2024年镇重点工作上半年推进情况的通报
各村（社区），镇直各单位：
　　现将上半年推进情况通报如下：
一、总体情况
　　全镇12项重点工作中，8项按序时推进。
二、具体推进情况
（一）产业发展
　　（1）新建蔬菜大棚200个。牵头单位：镇农业服务中心　进展：已建成120个。
　　（2）引进企业3家。责任单位：镇招商办；配合单位：镇财政所　进展：已签约2家。
（二）民生保障
　　(3)改造村级道路12公里。牵头单位：镇建设办　进展：完成6.5公里。
三、存在的问题
　　（1）部分项目用地未落实。
　　（2）资金缺口较大。
四、下一步工作安排
　　1.加快项目建设。
某镇人民政府
2024年7月10日
"""


def test_tasks_numbered_in_brackets_with_units_and_progress_on_one_line():
    r = notice.parse_notice(PARAGRAPH_PER_TASK)
    assert r.ids == ["1", "2", "3"]
    tasks = r.doc["tasks"]
    assert [t["goal"] for t in tasks] == ["新建蔬菜大棚200个。", "引进企业3家。", "改造村级道路12公里。"]
    assert [t["units"] for t in tasks] == [{"lead": ["镇农业服务中心"]},
                                            {"lead": ["镇招商办"], "others": ["镇财政所"]}, {"lead": ["镇建设办"]}]
    assert [t["progress"][0] for t in tasks] == [
        {"period": "2024-H1", "label": "进展", "text": t} for t in ("已建成120个。", "已签约2家。", "完成6.5公里。")]
    assert [(t["section"], t["sub"]) for t in tasks] == [(2, 1), (2, 1), (2, 2)]


def test_summary_problems_and_next_steps_are_not_tasks():
    r = notice.parse_notice(PARAGRAPH_PER_TASK)
    assert [s["title"] for s in r.doc["sections"]] == ["具体推进情况"]
    assert r.doc["tasks"][-1]["progress"][0]["text"] == "完成6.5公里。"
    aside = [u.text for u in r.unplaced if u.reason == notice.ASIDE_REASON]
    assert aside == ["一、总体情况", "全镇12项重点工作中，8项按序时推进。", "三、存在的问题", "（1）部分项目用地未落实。",
                     "（2）资金缺口较大。", "四、下一步工作安排", "1.加快项目建设。"]
    assert not any("部分-序号" in n for n in r.notes)
    assert (r.doc["meta"]["issuer"], r.doc["meta"]["published"]) == ("某镇人民政府", date(2024, 7, 10))


def test_the_title_is_the_line_that_reads_like_one_not_the_masthead():
    r = notice.parse_notice(PARAGRAPH_PER_TASK)
    assert r.doc["meta"]["title"] == "关于2024年镇重点工作上半年推进情况的通报"
    assert r.doc["meta"]["opening"] == "各村（社区），镇直各单位：\n现将上半年推进情况通报如下："
    assert [u.text for u in r.unplaced if u.reason.startswith("版头")] == ["某镇人民政府", "工作简报", "第2期"]
    assert r.meta_read["period"].endswith("读自标题）")


WORK_REPORT_NUMBERS = """\
某省交通运输厅关于2023年省政府工作报告重点任务前三季度落实情况的通报
一、综合交通
（一）公路
第4项　新改建普通国省道300公里。（牵头处室：公路处）
落实情况：已完成210公里。
第9项：新增充电桩1000个。（责任处室：规划处）
落实情况：已建成650个。
其中高速服务区建成120个。
请各处室对照目标加快推进，10月底前报送整改措施。
某省交通运输厅
2023年10月12日
"""


def test_tasks_labelled_with_their_work_report_number():
    r = notice.parse_notice(WORK_REPORT_NUMBERS)
    assert r.ids == ["4", "9"]
    tasks = r.doc["tasks"]
    assert [(t["goal"], t["units"]) for t in tasks] == [("新改建普通国省道300公里。", {"lead": ["公路处"]}),
                                                         ("新增充电桩1000个。", {"lead": ["规划处"]})]
    assert tasks[1]["progress"][0]["text"] == "已建成650个。\n其中高速服务区建成120个。"
    assert [u.reason for u in r.unplaced] == ["通报结尾对各单位的要求，不是任务的进展"]
    assert r.doc["meta"]["issuer"] == "某省交通运输厅"


def test_parts_numbered_again_inside_a_table_replace_the_frame_heading(tmp_path):
    path = tmp_path / "t.docx"
    path.write_bytes(docx_bytes(
        ["某市2022年重点任务前三季度完成情况通报", "一、总体情况", "共3项任务。", "二、完成情况（见下表）"],
        [["序号", "重点任务", "责任单位", "完成情况", "完成率"],
         ["一、项目建设", "一、项目建设", "一、项目建设", "一、项目建设", "一、项目建设"],
         ["1", "新建停车场4个。", "市城管局", "已建成3个。", "75%"],
         ["二、民生", "二、民生", "二、民生", "二、民生", "二、民生"],
         ["2", "新增就业3000人。", "市人社局", "新增2400人。", "—"]],
        after=["三、存在问题", "部分项目进展缓慢。"]))
    r = import_file(path)
    assert [(s["no"], s["title"]) for s in r.doc["sections"]] == [(1, "项目建设"), (2, "民生")]
    assert [(t["id"], t["section"]) for t in r.doc["tasks"]] == [("1", 1), ("2", 2)]
    # the rate column is kept with the progress; an empty cell ("—") is not
    assert [t["progress"][0]["text"] for t in r.doc["tasks"]] == ["已建成3个。\n完成率：75%", "新增2400人。"]
    assert any("重新从“一、”编号" in n for n in r.notes)


def test_indicator_table_goal_is_the_indicator_and_its_target(tmp_path):
    path = tmp_path / "t.docx"
    path.write_bytes(docx_bytes(
        ["2022年度主要指标完成情况通报", "一、主要指标"],
        [["序号", "指标名称", "年度目标", "完成情况", "备注"],
         ["1", "粮食产量", "稳定在50万吨以上", "全年粮食产量51.2万吨。", ""],
         ["2", "地方财政收入", "增长5%", "同比下降2.1%。", "受减税降费影响"]]))
    r = import_file(path)
    assert [t["goal"] for t in r.doc["tasks"]] == ["粮食产量稳定在50万吨以上", "地方财政收入增长5%"]
    assert [t["progress"][0]["text"] for t in r.doc["tasks"]] == ["全年粮食产量51.2万吨。", "同比下降2.1%。\n备注：受减税降费影响"]


def test_a_part_is_set_aside_only_when_its_whole_title_says_so():
    text = ("2024年上半年重点工作通报\n一、主要困难群众保障\n1.发放临时救助资金300万元。\n进展情况：已发放120万元。\n"
            "二、存在问题和下一步工作打算\n1.资金到位慢。\n")
    r = notice.parse_notice(text)
    assert [s["title"] for s in r.doc["sections"]] == ["主要困难群众保障"]
    assert r.ids == ["1"] and r.doc["tasks"][0]["progress"][0]["text"] == "已发放120万元。"


def test_marks_before_a_task_number_are_not_part_of_the_goal():
    text = ("某区2024年一季度重点工作督查通报\n一、城市建设\n■1.新建口袋公园8个。（责任单位：区园林局）\n进展情况：已建成2个。\n"
            "☆2.改造背街小巷20条。（责任单位：区住建局）\n进展情况：完工6条。\n3.新增公厕15座。\n进展情况：完成4座。\n")
    r = notice.parse_notice(text)
    assert r.ids == ["1", "2", "3"]
    assert [t["goal"] for t in r.doc["tasks"]] == ["新建口袋公园8个。", "改造背街小巷20条。", "新增公厕15座。"]
    assert [t["progress"][0]["text"] for t in r.doc["tasks"]] == ["已建成2个。", "完工6条。", "完成4座。"]
    assert not r.unplaced and not r.notes


PROSE_ITEMS = """\
某县2023年县政府工作报告重点工作全年完成情况的通报
一、产业发展
　　一是新增农业龙头企业6家。全年新增7家，超额完成；二是建设冷链仓储中心1个。主体已完工。
　　三是引进电商企业20家。全年引进电商企业14家。
二、社会事业
　　一是新增托位400个。全年新增托位420个。
　　各单位要对照目标抓好落实。一是加强调度；二是压实责任。
三、存在的问题
　　一是资金不足；二是人才短缺。
"""


def test_items_listed_as_yishi_ershi_in_a_paragraph_are_tasks():
    r = notice.parse_notice(PROSE_ITEMS)
    assert r.ids == ["1-1", "1-2", "1-3", "2-1"]
    tasks = r.doc["tasks"]
    assert [(t["section"], t["goal"]) for t in tasks] == [
        (1, "新增农业龙头企业6家。"), (1, "建设冷链仓储中心1个。"), (1, "引进电商企业20家。"), (2, "新增托位400个。")]
    # the ；before the next item is a separator; a full stop ending the paragraph is kept
    assert [t["progress"][0]["text"] for t in tasks] == ["全年新增7家，超额完成", "主体已完工。", "全年引进电商企业14家。",
                                                          "全年新增托位420个。"]
    # a paragraph turning to the recipients ends the part, even when it goes on 一是……二是……
    assert any(u.text.startswith("各单位要") for u in r.unplaced)


def test_yishi_inside_a_numbered_tasks_progress_stays_its_progress():
    text = ("2024年上半年重点工作通报\n一、营商环境\n1.压减审批时限30%。\n进展情况：\n一是推行告知承诺制；二是开展并联审批。"
            "\n2.新增市场主体500户。\n进展情况：新增260户。\n")
    r = notice.parse_notice(text)
    assert r.ids == ["1", "2"]
    assert r.doc["tasks"][0]["progress"][0]["text"] == "一是推行告知承诺制；二是开展并联审批。"


def test_key_project_table_plan_investment_is_the_target(tmp_path):
    path = tmp_path / "t.docx"
    path.write_bytes(docx_bytes(
        ["某县2023年1-8月重点项目推进情况通报"],
        [["序号", "项目名称", "建设内容", "总投资（亿元）", "年度计划投资（万元）", "1-8月完成投资（万元）", "完成率", "形象进度",
          "存在问题", "责任单位"],
         ["一、交通项目"] * 10,
         ["1", "环城东路", "新建道路3.1公里", "4.2", "9000", "6300", "70%", "路基成型", "无", "县交通局"],
         ["2", "县第三中学", "新建教学楼及宿舍", "1.6", "5000", "—", "—", "前期手续办理中", "用地未批", "县教育局"]]))
    r = import_file(path)
    tasks = r.doc["tasks"]
    assert [t["goal"] for t in tasks] == ["环城东路：新建道路3.1公里\n年度计划投资9000万元",
                                          "县第三中学：新建教学楼及宿舍\n年度计划投资5000万元"]
    assert [t["targets"] for t in tasks] == [
        [{"metric": "投资", "value": v, "unit": "万元", "cmp": ">=", "kind": "cumulative"}] for v in (9000, 5000)]
    assert [t["progress"][0]["text"] for t in tasks] == ["路基成型\n1-8月完成投资6300万元\n完成率：70%",
                                                          "前期手续办理中\n存在问题：用地未批"]
    assert [t["units"]["lead"] for t in tasks] == [["县交通局"], ["县教育局"]]


def test_a_closing_paragraph_on_the_whole_is_not_the_last_tasks_progress():
    from audit.exchange.notice import parse_notice

    text = ("关于2022年重点工作前三季度进展情况的通报\n一、稳增长\n（1）新建公园3个。\n责任单位：县住建局\n"
            "进展情况：已建成公园2个。\n"
            "总的来看，各牵头单位积极作为，大多数任务按序时推进，个别任务推进较慢。年底将近，望各有关单位加快进度。\n")
    result = parse_notice(text)
    (task,) = result.doc["tasks"]
    assert task["progress"][0]["text"] == "已建成公园2个。"
    assert any("不是任务的进展" in u.reason for u in result.unplaced)


@pytest.mark.parametrize("paragraph, closes", [
    ("从督查情况看，各责任单位认真抓落实，大部分任务按序时推进。", True),
    ("距年底仅剩两个月，请各责任单位倒排工期。", True),
    ("下一步工作要求：各镇（街道）、各责任单位要对照年度目标任务，进一步细化分解季度任务。", True),
    ("下阶段，区政府督查室将持续跟踪督办。", True),
    ("总体来看，项目推进顺利，已完成投资3亿元。", False),  # a department summing up its own task
    ("目前已完成部分任务，剩余工作正在推进。", False),
])
def test_what_closes_a_circular(paragraph, closes):
    from audit.exchange.notice import closes_circular

    assert closes_circular(paragraph) is closes


def test_units_in_brackets_before_the_full_stop_are_taken_out():
    from audit.exchange.notice import split_units

    assert split_units("改造提升农贸市场6个（责任单位：县商务局、县市场监管局）。") == (
        "改造提升农贸市场6个。", {"lead": ["县商务局", "县市场监管局"]})


def test_labelled_blocks_one_per_task_are_read():
    from audit.exchange.notice import parse_notice

    text = "\n".join([
        "关于2025年重点任务上半年落实情况的通报",
        "一、各项任务落实情况",
        "【任务1】实施老旧小区改造", "【目标】全年改造老旧小区40个。", "【牵头处室】城市更新处",
        "【完成情况】已开工改造22个。", "【存在问题】无", "",
        "【任务2】新建公园", "【目标】新建口袋公园10个。", "【牵头处室】园林处",
        "【完成情况】已建成4个。", "【存在问题】部分地块征收未完成。", "",
        "【任务3】治理黑臭水体", "【目标】完成3条黑臭水体治理。", "【责任单位】水务局",
        "【完成情况】【推进中】正在施工。", "",
        "二、下半年工作要求",
        "（一）对进度滞后的任务，各处室要制定赶超方案。",
    ])
    result = parse_notice(text)
    tasks = result.doc["tasks"]
    assert [(t["id"], t["goal"]) for t in tasks] == [
        ("1", "实施老旧小区改造：全年改造老旧小区40个。"), ("2", "新建公园：新建口袋公园10个。"),
        ("3", "治理黑臭水体：完成3条黑臭水体治理。")]
    assert tasks[0]["units"]["lead"] == ["城市更新处"] and tasks[2]["units"]["lead"] == ["水务局"]
    assert tasks[0]["progress"][0]["text"] == "已开工改造22个。"  # "无" problems dropped
    assert tasks[1]["progress"][0]["text"] == "已建成4个。\n存在问题：部分地块征收未完成。"
