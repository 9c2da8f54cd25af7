"""Word draft: read the .docx back and check the GB/T 9704 layout, fonts, headings, table, folio."""
from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

import render_support as rs
from audit.drafts.docx_writer import blocks
from audit.drafts.render import render, template_search


@pytest.fixture(scope="module")
def data() -> bytes:
    return render(rs.context(), "docx", template_search(None, None, "docx"))


@pytest.fixture(scope="module")
def doc(data):
    return Document(io.BytesIO(data))


def east_asia(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_page_is_a4_with_gb_margins(doc):
    s = doc.sections[0]
    mm = [round(x.mm, 1) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]  # Word stores twips: compare to a tenth of a millimetre
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in 225 mm


def test_east_asian_fonts_and_sizes(doc):
    st = doc.styles
    assert east_asia(st["Normal"]) == "仿宋_GB2312" and st["Normal"].font.size == Pt(16)
    assert east_asia(st["Notice Title"]) == "方正小标宋简体" and st["Notice Title"].font.size == Pt(22)
    assert east_asia(st["Heading 1"]) == "黑体" and not st["Heading 1"].font.bold
    assert east_asia(st["Heading 2"]) == "楷体_GB2312"
    fonts = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override 仿宋
    normal = st["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28.95) and normal.first_line_indent == Pt(32)


def test_title_headings_and_paragraphs(doc):
    paras = [(p.style.name, p.text) for p in doc.paragraphs if p.text]
    assert paras[0] == ("Notice Title", "关于2023年重点工作半年进展情况的通报")
    h1 = [t for s, t in paras if s == "Heading 1"]
    assert h1 == ["总体情况", "一、2023年经济社会发展预期目标", "二、扩大有效投资", "三、保障和改善民生", "存在的问题", "下一步工作要求"]
    h2 = [t for s, t in paras if s == "Heading 2"]
    assert h2[:4] == ["（一）地区生产总值增长6%左右。", "（二）城镇登记失业率控制在4.5%以内。", "（一）重大项目", "（二）招商引资"]
    texts = [t for _, t in paras]
    assert "4.# 新增就业 | 1000人，*重点*群体_优先_。" in texts  # escapes undone: the words as written
    assert any(t.startswith("# 不是标题 <b>粗</b> a|b") for t in texts)
    assert paras[-2:] == [("Notice Signature", "某县人民政府办公室"), ("Notice Signature", "二〇二三年七月十日")]
    goal = next(p for p in doc.paragraphs if p.text.startswith("1.新建5G基站"))
    assert all(r.bold for r in goal.runs)


def test_summary_is_a_real_table(doc):
    assert len(doc.tables) == 1
    t = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in t.rows]
    assert rows[0] == ["部分", "任务数", "已完成", "序时推进", "滞后", "停滞", "待评估", "计入项数", "平均完成度"]
    assert rows[2] == ["二、扩大有效投资", "3", "0", "0", "2", "1", "0", "2", "40%"]
    assert rows[-1][:2] == ["合计", "7"]
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_folio_is_a_page_field_in_song_4(doc):
    s = doc.sections[0]
    for footer in (s.footer, s.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml
        assert 'w:eastAsia="宋体"' in xml and 'w:sz w:val="28"' in xml
    assert doc.settings.odd_and_even_pages_header_footer


def test_control_characters_never_reach_word():
    assert blocks("段落\x07内容\n") [0].runs[0].text == "段落内容"
