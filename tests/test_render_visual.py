"""The Word and web drafts looked at as people see them: converted by LibreOffice and Chromium, the
pages rendered to images and read back as set. Runs in CI (`.ci/run` installs the viewers); skips
elsewhere, naming the packages it needs."""
from __future__ import annotations

import re
import shutil
from itertools import accumulate

import pytest

import render_support as rs
import viewers
from audit.core import resources
from audit.core.typeset import title_phrases
from audit.drafts.render import render, template_search
from conftest import run_cli

WORD = viewers.missing("soffice", "poppler", "fonts")
WEB = viewers.missing("chromium", "poppler", "fonts")


def small_context():
    """The small draft with averages whose figures are wide for their column (68.7%（12项）)."""
    ctx = rs.context()
    for row, (mean, rated) in zip(ctx["summary"]["sections"], ((1.0, 2), (0.6873, 12), (0.0634, 100))):
        row.update(mean_ratio=mean, rated=rated, tasks=max(row["tasks"], rated))
    return ctx


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory):
    if WORD:
        pytest.skip(WORD)
    data = render(small_context(), "docx", template_search(None, None, "docx"))
    return viewers.docx_to_pdf(data, tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="module")
def shipped_pdf(tmp_path_factory):
    if WORD:
        pytest.skip(WORD)
    folder = tmp_path_factory.mktemp("shipped")
    path = folder / "tasks.yaml"
    shutil.copyfile(resources.shipped_registry(), path)
    r = run_cli("render-notice", "-r", str(path), "--date", "2021-07-05", "-o", str(folder / "h1.docx"))
    assert r.exit_code == 0, r.stderr
    return viewers.docx_to_pdf((folder / "h1.docx").read_bytes(), folder, "h1")


def test_word_pages_are_a4_and_every_page_has_text(small_pdf):
    info = viewers.pdf_info(small_pdf)
    assert info["Page size"].endswith("(A4)")
    pages = viewers.pdf_pages(small_pdf)
    assert len(pages) == int(info["Pages"]) >= 2
    for png in pages:
        assert 0.002 < viewers.ink(png) < 0.3  # neither blank nor a block of black


def test_figures_never_break_inside_a_table_cell(small_pdf):
    text = viewers.pdf_text(small_pdf)[0]
    for figure in ("68.7%", "100%", "6.3%", "12", "100"):
        assert figure in text, f"{figure} is broken across lines:\n{text}"
    assert not re.search(r"\d\n%", text)


def test_title_heading_body_and_folio_are_set_as_a_circular(small_pdf):
    first = viewers.pdf_text(small_pdf)[0].split("\n")
    assert first[0] == "关于2023年重点工作半年进展情况的通报"  # 18 characters of 2号: one line
    fonts = viewers.pdf_fonts(small_pdf)
    assert "SerifCJK" in fonts and "SansCJK" in fonts  # 仿宋/方正小标宋 for text, 黑体 for headings
    pages = viewers.pdf_text(small_pdf)
    assert "—1—" in pages[0] and "—2—" in pages[1]
    last = [line for line in pages[-1].split("\n") if line]
    assert last[-3:-1] == ["某县人民政府办公室", "二〇二三年七月十日"]


def test_the_shipped_title_breaks_between_words(shipped_pdf):
    first = viewers.pdf_text(shipped_pdf, 1, 1)[0].split("\n")
    assert first[:2] == ["关于《政府工作报告》确定的", "2021年重点工作半年进展情况通报"]


def test_no_line_of_the_shipped_draft_starts_with_closing_punctuation(shipped_pdf):
    lines = [line for page in viewers.pdf_text(shipped_pdf) for line in page.split("\n") if line]
    assert len(lines) > 1000
    starts = [line for line in lines if line[0] in "，。、；：？！）》”’"]
    assert starts == []
    assert not any(re.search(r"[\u4e00-\u9fff][,;:]", line) for line in lines)  # full-width in Chinese text


def test_shipped_pages_look_like_pages(shipped_pdf):
    pages = viewers.pdf_pages(shipped_pdf, dpi=30, first=1, last=3)
    assert len(pages) == 3 and all(viewers.ink(p) > 0.01 for p in pages)


# ----------------------------------------------------------------------------- the web page


@pytest.fixture(scope="module")
def page() -> str:
    return render(small_context(), "html", template_search(None, None, "html")).decode("utf-8")


def test_chart_draws_on_a_phone(tmp_path, page):
    if WEB:
        pytest.skip(WEB)
    shot = viewers.html_screenshot(page, tmp_path, 412, 1400)
    width, height, _, _ = viewers.png_pixels(shot.read_bytes())
    assert (width, height) == (412, 1400)
    assert viewers.count_colour(shot, (0x15, 0x65, 0xC0)) > 50  # the time-progress line
    assert viewers.count_colour(shot, (0xE5, 0x39, 0x35), 6) > 30  # a section far behind the pace: red bar
    assert viewers.count_colour(shot, (0x43, 0xA0, 0x47), 6) > 200  # sections at or ahead of it: green bars
    assert viewers.count_colour(shot, (0xFF, 0xB3, 0x00), 6) == 0  # none within the yellow band


def test_web_title_lines_end_between_words(tmp_path):
    if WEB:
        pytest.skip(WEB)
    ctx = rs.context()
    ctx["draft"]["title"] = "关于《政府工作报告》确定的2021年重点工作前三季度进展情况的补充通报"
    html = render(ctx, "html", template_search(None, None, "html")).decode("utf-8")
    pdf = viewers.html_to_pdf(html, tmp_path)
    lines = viewers.pdf_text(pdf, 1, 1)[0].split("\n")
    title = [line for line in lines[:4] if line]
    assert len(title) >= 2 and "".join(title[:len(title)]).startswith(ctx["draft"]["title"])
    ends = list(accumulate(len(p) for p in title_phrases(ctx["draft"]["title"])))
    assert len(title[0]) in ends[:-1]  # the first line ends where a phrase does
