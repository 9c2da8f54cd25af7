"""Templates from another office: no files, no modules, no code, no exhaustion; and every
inserted value escaped for its format (Markdown structure, HTML tags, Word's XML)."""
from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

import render_support as rs
from audit.core.errors import AuditError
from audit.drafts import render as rd
from audit.drafts import sandbox
from conftest import run_cli

HOSTILE = "# 标题 <script>alert(1)</script> & &amp; *粗* _斜_ [链接](http://x) | 表 | `代码` \x07\x0b\x1b 结尾"


def _draft(tmp_path: Path, source: str, fmt: str = "md", **extra) -> str:
    p = tmp_path / f"t.{fmt if fmt != 'docx' else 'md'}.j2"
    p.write_text(source, encoding="utf-8")
    out = rd.render({**rs.context(), **extra}, fmt, rd.template_search(None, str(p), fmt))
    return out if fmt == "docx" else out.decode("utf-8")


@pytest.mark.parametrize("source", [
    "{{ 'x' * 10**10 }}",
    "{{ [1] * 10**9 }}",
    "{{ 2**1000000000 }}",
    "{{ (2**20)**(2**20) }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "{{ range(10**9)|list|length }}",
])
def test_exhausting_templates_stop_with_a_clear_error(tmp_path: Path, source: str):
    start = time.perf_counter()
    with pytest.raises(AuditError) as e:
        _draft(tmp_path, source)
    assert time.perf_counter() - start < 30
    assert "t.md.j2" in e.value.message and "已停止" in e.value.message or "出错" in e.value.message


def test_a_template_that_loops_silently_is_timed_out(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 1)
    start = time.perf_counter()
    with pytest.raises(AuditError) as e:
        _draft(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    assert time.perf_counter() - start < 10
    assert "秒" in e.value.message


@pytest.mark.parametrize("source", [
    "{{ config }}",
    "{{ request }}",
    "{{ self.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__['os'] }}",
    "{{ joiner.__init__.__globals__['os'].system('id') }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ tasks.__class__.__mro__ }}",
    "{{ meta.title.format.__globals__ }}",
    "{{ '{0.__class__}'.format(meta) }}",
    "{% set x = tasks.pop() %}",
    "{{ meta.update({'title': 1}) }}",
])
def test_sandbox_blocks_internals_and_mutation(tmp_path: Path, source: str):
    try:
        out = _draft(tmp_path, source)
    except AuditError as e:
        assert "t.md.j2" in e.message
        return
    assert "class" not in out and "module" not in out and "uid=" not in out


def test_template_cannot_read_files_through_the_loader(tmp_path: Path):
    (tmp_path / "secret.txt").write_text("机密内容", encoding="utf-8")
    sub = tmp_path / "templates"
    sub.mkdir()
    for source in ("{% include '../secret.txt' %}", "{% include '/etc/hostname' %}",
                   "{% extends '../../../../etc/passwd' %}"):
        with pytest.raises(AuditError) as e:
            _draft(sub, source)
        assert "机密" not in e.value.message


def test_markdown_escaping_of_hostile_text(tmp_path: Path):
    out = _draft(tmp_path, "{{ x }}\n", x=HOSTILE)
    assert out.startswith("\\# 标题")
    assert "<script>" not in out and "\\<script\\>" in out
    assert "\\*粗\\*" in out and "\\[链接\\]" in out and "\\|" in out and "\\`代码\\`" in out
    assert "\x07" not in out and "\x1b" not in out


def test_html_escaping_of_hostile_text(tmp_path: Path):
    out = _draft(tmp_path, "<p>{{ x }}</p>\n", "html", x=HOSTILE)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&amp;amp;" in out
    assert "\x07" not in out


def test_docx_xml_escaping_of_hostile_text(tmp_path: Path):
    from docx import Document

    data = _draft(tmp_path, "# 通报\n\n{{ x }}\n", "docx", x=HOSTILE)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    assert "\x07" not in xml and "\x0b" not in xml and "\x1b" not in xml
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "<script>alert(1)</script>" in text and "& &amp;" in text


def test_render_notice_cli_with_a_hostile_template(tmp_path: Path, registry: Path):
    evil = tmp_path / "evil.md.j2"
    evil.write_text("{{ 'x' * 10**10 }}", encoding="utf-8")
    out = tmp_path / "draft.md"
    out.write_text("旧草稿", encoding="utf-8")
    r = run_cli("render-notice", "--registry", str(registry), "-t", str(evil), "-o", str(out))
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "evil.md.j2" in r.stderr
    assert out.read_text(encoding="utf-8") == "旧草稿"  # nothing written unless fully rendered
