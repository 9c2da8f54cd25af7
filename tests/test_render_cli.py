"""`audit render-notice` through CliRunner: stdout is only the draft; -o writes atomically."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

import render_support as rs
from audit.cli import output
from audit.cli.app import app


@pytest.fixture
def reg_path(tmp_path, monkeypatch):
    """The synthetic registry on disk, judged by the hand-made assessments (not assess.py)."""
    path = tmp_path / "tasks.yaml"
    path.write_text(rs.REGISTRY, encoding="utf-8")
    monkeypatch.setattr("audit.report.batch.assess", lambda reg, period_id=None, lexicon=None: rs.assessments(reg))
    monkeypatch.chdir(tmp_path)
    output.reset()
    yield path
    output.reset()


def run(*args):
    result = CliRunner().invoke(app, ["--registry", "tasks.yaml", "render-notice", *args])
    output.reset()
    return result


def test_stdout_is_exactly_the_markdown_draft(reg_path):
    r = run("--date", "2023-07-10")
    assert r.exit_code == 0, r.stderr
    golden = Path(__file__).parent / "golden" / "notice_small.md"
    assert r.stdout == golden.read_text(encoding="utf-8")
    assert "未报送" in r.stderr  # the warning about task 5 goes to stderr


def test_output_format_follows_the_extension(reg_path, tmp_path):
    r = run("-o", "draft.docx")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    assert Document(io.BytesIO((tmp_path / "draft.docx").read_bytes())).paragraphs[0].text.startswith("关于2023年")
    r = run("-o", "draft.html")
    assert (tmp_path / "draft.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    r = run("-o", "draft.txt", "--format", "html")
    assert (tmp_path / "draft.txt").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_existing_file_is_kept_when_the_render_fails(reg_path, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bad.md.j2").write_text("# {{ meta.title }}\n{{ meta.nothing }}\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text("旧稿", encoding="utf-8")
    r = run("--template", "bad", "-o", "draft.md")
    assert r.exit_code == 2
    assert "bad.md.j2 第 2 行" in r.stderr and "nothing" in r.stderr
    assert r.stdout == ""
    assert (tmp_path / "draft.md").read_text(encoding="utf-8") == "旧稿"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md", "tasks.yaml", "templates"]


def test_existing_file_is_replaced_when_the_render_succeeds(reg_path, tmp_path):
    (tmp_path / "draft.md").write_text("旧稿", encoding="utf-8")
    assert run("-o", "draft.md").exit_code == 0
    assert (tmp_path / "draft.md").read_text(encoding="utf-8").startswith("# 关于2023年")


def test_templates_folder_next_to_the_registry_overrides_the_shipped_one(reg_path, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "notice.md.j2").write_text("{{ meta.issuer }}\n", encoding="utf-8")
    r = run()
    assert r.stdout == "某县人民政府办公室\n"


def test_user_errors_exit_2_without_traceback(reg_path):
    r = run("-o", "draft.pdf")
    assert r.exit_code == 2 and "无法从文件名" in r.stderr and "Traceback" not in r.stderr
    r = run("--period", "2099-H1")
    assert r.exit_code == 2 and "2099-H1" in r.stderr
    r = run("--format", "pdf")
    assert r.exit_code == 2 and "不支持的格式" in r.stderr
    r = run("-o", "no/such/folder/draft.md")
    assert r.exit_code == 2 and "不存在" in r.stderr


def test_help_is_chinese_first_with_an_example():
    r = CliRunner().invoke(app, ["render-notice", "--help"])
    assert r.exit_code == 0
    assert "生成通报草稿" in r.stdout and "例：audit render-notice" in r.stdout
