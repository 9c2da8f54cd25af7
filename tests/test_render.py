"""The draft's filters, Markdown escaping, verdicts, the golden draft, template errors and the sandbox."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import render_support as rs
from audit.core.errors import AuditError
from audit.drafts.filters import f_cn, f_date, f_pct, f_points, f_short, md_escape
from audit.drafts.grounds import grounds, verdict
from audit.drafts.render import format_for, render
from audit.drafts.sandbox import render_template, template_search

GOLDEN = Path(__file__).parent / "golden"


def md_tokens(text: str):
    return MarkdownIt("commonmark").enable("table").parse(text)


def draft(ctx=None, fmt="md", template=None, registry_path=None) -> str:
    ctx = ctx or rs.context()
    return render(ctx, fmt, template_search(registry_path, template, fmt)).decode("utf-8")


# ----------------------------------------------------------------------------- filters


@pytest.mark.parametrize("n, cn", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"), (114, "一百一十四")])
def test_chinese_numeral_filter(n, cn):
    assert f_cn(n) == cn


def test_percentage_filters():
    assert f_pct(0.45) == "45%"
    assert f_pct(0.621) == "62.1%"
    assert f_pct(0.14285) == "14.3%"
    assert f_pct(1) == "100%"
    assert f_pct(None) == "—"
    assert f_points(-0.05) == "5"
    assert f_points(-0.2) == "20"


def test_date_filter_both_styles():
    assert f_date(date(2021, 6, 30)) == "二〇二一年六月三十日"
    assert f_date("2021-06-30", "arabic") == "2021年6月30日"
    assert f_date(None) == ""


def test_short_cuts_between_clauses_with_deng():
    assert f_short("短句。", 10) == "短句。"
    assert f_short("第一句话很长很长。第二句话也很长很长很长。", 12) == "第一句话很长很长等"
    assert f_short("一二三四五六七八九十一二三四五", 6) == "一二三四五六七八九十一二三四五"  # one clause: never cut
    assert f_short("全年争取各类资金30亿元以上,完成招商引资项目160个左右,协议引资300亿元左右。", 24) == "全年争取各类资金30亿元以上等"


def test_format_follows_extension_unless_told():
    assert format_for(None, None) == "md"
    assert format_for("通报.docx", None) == "docx"
    assert format_for("x.HTML", None) == "html"
    assert format_for("x.docx", "md") == "md"
    with pytest.raises(AuditError, match="无法从文件名"):
        format_for("x.pdf", None)
    with pytest.raises(AuditError, match="不支持的格式"):
        format_for(None, "pdf")


def row(status, ratio=None, gap=None, flags=(), evidence=(), targets=(), reasons=(), basis="ratio"):
    return {"status": status, "ratio": ratio, "gap": gap, "flags": list(flags), "basis": basis,
            "evidence_detail": [dict(zip(("kind", "phrase", "sentence"), e)) for e in evidence],
            "targets": list(targets), "reasons": list(reasons)}


def target(metric, value, unit, actual, ratio, sentence, kind="cumulative", met=None, cmp=">="):
    return {"metric": metric, "value": value, "high": None, "unit": unit, "cmp": cmp, "kind": kind, "actual": actual,
            "actual_unit": unit, "ratio": ratio, "met": met, "sentence": sentence, "projection": None}


def call(r) -> str:
    return verdict(r, grounds(r))


def test_verdict_names_the_target_and_the_sentence_behind_a_ratio():
    s = "截至目前,全市新增规上(限上)服务业企业9家"
    r = row("lagging", 0.45, -0.05, evidence=[("actual", "9家", s)],
            targets=[target("新增规上(限上)服务业企业", 20, "家", 9, 0.45, s)])
    assert call(r) == "【滞后：新增规上(限上)服务业企业完成45%，低于序时进度5个百分点】"
    assert [g.sentence for g in grounds(r)] == [s]


def test_a_figure_no_sentence_backs_is_not_stated():
    r = row("lagging", 0.45, -0.05, reasons=["按完成比例判断"])
    assert call(r) == "【滞后：按完成比例判断】"  # the judgement's own account, not a bare figure


def test_only_the_target_whose_ratio_the_task_has_is_stated():
    money = "上半年,全市争取到位资金4657万元,招商引资签约项目82个"
    built = "拟上报列入2021年咸宁市重点项目25个,已开工25个,其中投产1个,完工2个"
    r = row("lagging", 0.0155, -0.4845, targets=[
        target("各类资金", 30, "亿元", 0.4657, 0.0155, money),
        target("完成招商引资项目", 160, "个", 82, 0.5125, money, cmp="~"),
        target("咸宁市重点项目", 19, "个", 2, 0.1053, built)])
    assert call(r) == "【滞后：各类资金完成1.6%，低于序时进度48.4个百分点】"
    assert "咸宁" not in call(r) and "10.5%" not in call(r)


def test_a_level_not_reached_is_the_reason_when_the_ratio_is_on_pace():
    s = "预计一季度高新技术企业增加值占GDP比重12.73%"
    r = row("lagging", 0.5, 0.0, targets=[
        target("建成农业科技示范园(基地)", 20, "家", 10, 0.5, "培育示范基地10家"),
        target("高新技术企业增加值占GDP比重", 15, "%", 12.73, None, s, kind="level", met=False)])
    assert call(r) == "【滞后：高新技术企业增加值占GDP比重12.73%，目标15%以上，未达到】"
    assert "完成50%" not in call(r)


def test_words_are_quoted_as_whole_clauses():
    s = "退役军人服务中心已完成建设立项等准备工作,因前期土地选址与铁路用地政策相冲突,现正等待自然资源规划部门重新进行选址"
    r = row("lagging", basis="text", evidence=[("delay", "等待自然资源规划部门重新", s)])
    assert call(r) == "【滞后：“现正等待自然资源规划部门重新进行选址”】"
    stalled = row("stalled", basis="text", evidence=[("stall", "暂无进展", "项目暂无进展。"), ("actual", "3个", "建成3个")])
    assert call(stalled) == "【停滞：“项目暂无进展”】"
    assert [g.sentence for g in grounds(stalled)] == ["项目暂无进展。"]  # a figure that argues nothing is not quoted


def test_verdicts_of_the_other_calls():
    assert call(row("unassessed", flags=["unreported"])) == "【待评估：未报送】"
    assert call(row("unassessed", basis="none", flags=["no_concrete_progress"])) == "【待评估：进展情况未写明本期具体进展】"
    assert call(row("lagging", basis="manual", evidence=[("manual", "", "选址未定")])) == "【滞后：人工认定：选址未定】"
    assert call(row("on_track", 0.6, 0.1)) == ""
    mismatch = ("mismatch", "占目标值的60%", "已引进5个，占目标值的60%")
    assert call(row("lagging", 0.5, 0.0, flags=["data_mismatch"], evidence=[mismatch])) == "【滞后：数据不一致】"


# ----------------------------------------------------------------------------- Markdown escaping


@pytest.mark.parametrize("text", [
    "# 不是标题", "## 也不是", "> 不是引用", "- 不是列表", "+ 不是列表", "1. 不是列表", "2) 不是列表",
    "a|b", "*不加粗*", "**不加粗**", "_不斜体_", "`不是代码`", "[不是](链接)", "<b>不是标签</b>",
    "===", "---", "&amp; 不是实体", "行一\n# 行二",
])
def test_inserted_text_reads_as_itself_and_adds_no_structure(text):
    md = f"段落：{md_escape(text)}\n"
    tokens = md_tokens(md)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"] * (text.count("\n") + 1)
    shown = "".join(c.content for t in tokens if t.type == "inline" for c in t.children if c.type == "text")
    assert shown == "段落：" + text.replace("\n", "")


def test_escaping_at_a_line_start_and_inside_a_table_cell():
    tokens = md_tokens(md_escape("# 标题？") + "\n")
    assert tokens[0].type == "paragraph_open"
    table = "| a | b |\n|---|---|\n| " + md_escape("x|y") + " | z |\n"
    cells = [t.content for t in md_tokens(table) if t.type == "inline"]
    assert cells == ["a", "b", "x|y", "z"]


def test_escaping_leaves_ordinary_chinese_text_and_numbers_alone():
    assert md_escape("完成14.3%，同比增长6.5%。") == "完成14.3%，同比增长6.5%。"


def test_control_characters_are_dropped():
    assert md_escape("a\x07b\x00c") == "abc"


# ----------------------------------------------------------------------------- the draft


def test_golden_notice_markdown():
    text = draft()
    path = GOLDEN / "notice_small.md"
    if os.environ.get("AUDIT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run `make golden` and review the diff"
    assert path.read_text(encoding="utf-8") == text


def test_draft_has_every_task_in_order_and_problems_lists_exactly_laggards():
    text = draft()
    body, problems = text.split("## 存在的问题")
    positions = [body.index(goal) for goal in (
        "地区生产总值增长6%左右", "城镇登记失业率控制在4.5%以内", "新建5G基站200个以上",
        "启动建设县城污水处理厂二期", "引进亿元以上项目10个", "1000人", "改造老旧小区5个")]
    assert positions == sorted(positions)
    stalled, rest = problems.split("进度滞后的任务")
    assert "第二部分第2项" in stalled and "第二部分第1项" not in stalled
    lagging, unassessed = rest.split("待评估的任务")
    assert "第二部分第1项" in lagging and "第二部分第3项" in lagging and "第二部分第2项" not in lagging
    assert "未报送进展情况的1项：第三部分第5项。" in unassessed
    assert "第4项" not in problems.split("## 下一步工作要求")[0]


def test_draft_structure_parses_as_intended():
    tokens = md_tokens(draft())
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings == ["总体情况", "一、2023年经济社会发展预期目标", "二、扩大有效投资", "三、保障和改善民生",
                        "存在的问题", "下一步工作要求"]
    assert sum(1 for t in tokens if t.type == "table_open") == 1
    assert not any(t.type == "html_inline" for t in tokens)  # the hostile task text stayed text


def test_summary_numbers_are_the_status_report():
    ctx = rs.context()
    text = draft(ctx)
    c = ctx["report"]["counts"]
    assert f"纳入督查的{ctx['report']['total']}项重点任务中，已完成{c['completed']}项" in text
    assert f"| 合计 | 7 | {c['completed']} | {c['on_track']} | {c['lagging']} | {c['stalled']} | {c['unassessed']} |" in text


def test_the_draft_is_signed_with_its_own_date_not_the_sources():
    ctx = rs.context(today=date(2023, 7, 10))
    assert ctx["meta"]["published"] == date(2023, 7, 5)
    assert draft(ctx).rstrip().endswith("某县人民政府办公室\n\n二〇二三年七月十日")
    ctx["draft"]["date_text"] = f_date(date(2023, 7, 10), "arabic")
    assert draft(ctx).rstrip().endswith("2023年7月10日")


# ----------------------------------------------------------------------------- template search and errors


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_templates_folder_next_to_the_registry_comes_first(tmp_path):
    write(tmp_path / "templates", "notice.md.j2", "# 本地模板 {{ meta.title }}\n")
    out = draft(registry_path=str(tmp_path / "tasks.yaml"))
    assert out == "# 本地模板 关于2023年重点工作半年进展情况的通报\n"


def test_template_by_path_may_include_shipped_parts(tmp_path):
    p = write(tmp_path / "other", "mine.md.j2", "{{ period.label }}|{{ tasks|length }}\n")
    assert draft(template=str(p)) == "上半年|7\n"


def test_template_by_name(tmp_path):
    write(tmp_path / "templates", "brief.md.j2", "{% for t in problems.lagging %}{{ t.id }} {% endfor %}\n")
    assert draft(template="brief", registry_path=str(tmp_path / "tasks.yaml")) == "1 3 "  # trim_blocks eats the newline after a block tag


def test_missing_template_says_where_it_looked(tmp_path):
    with pytest.raises(AuditError, match="找不到模板 “nope.md.j2”"):
        draft(template="nope")
    with pytest.raises(AuditError, match="找不到模板文件"):
        draft(template=str(tmp_path / "missing.md.j2"))


def test_typo_in_a_template_names_the_file_and_line(tmp_path):
    p = write(tmp_path, "typo.md.j2", "# {{ meta.title }}\n\n第二行\n{{ meta.titel }}\n")
    with pytest.raises(AuditError) as e:
        draft(template=str(p))
    assert "typo.md.j2 第 4 行" in e.value.message
    assert "titel" in e.value.message


def test_syntax_error_names_the_file_and_line(tmp_path):
    p = write(tmp_path, "broken.md.j2", "# 标题\n{% for t in tasks %}\n{{ t.id }}\n")
    with pytest.raises(AuditError) as e:
        draft(template=str(p))
    assert "broken.md.j2 第 3 行" in e.value.message or "broken.md.j2 第 4 行" in e.value.message
    assert "语法错误" in e.value.message


def test_unknown_filter_is_named(tmp_path):
    p = write(tmp_path, "f.md.j2", "\n{{ meta.year|chinese }}\n")
    with pytest.raises(AuditError, match=r"f\.md\.j2 第 2 行.*“chinese”"):
        draft(template=str(p))


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ meta.__class__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ tasks.append(1) }}",
    "{{ self._TemplateReference__context.environment }}",
])
def test_sandbox_refuses_python_internals(tmp_path, source):
    p = write(tmp_path, "evil.md.j2", "# 标题\n" + source + "\n")
    with pytest.raises(AuditError) as e:
        draft(template=str(p))
    assert "evil.md.j2" in e.value.message


@pytest.mark.parametrize("source", [
    "{% include '/etc/passwd' %}",
    "{% include '../secret.txt' %}",
    "{% import 'os' as os %}",
    "{% from 'subprocess' import run %}",
])
def test_templates_cannot_reach_the_file_system_or_import_modules(tmp_path, source):
    write(tmp_path, "secret.txt", "机密")
    p = write(tmp_path / "t", "evil.md.j2", source + "\n")
    with pytest.raises(AuditError, match="找不到模板"):
        draft(template=str(p))


def test_template_comments_never_reach_a_draft_and_lines_keep_their_numbers(tmp_path):
    text = "# {{ meta.issuer }}\n\n<!-- 说明\n两行 -->\n\n正文<!-- 行内 -->。\n\n<!-- signature -->\n\n落款\n"
    p = write(tmp_path, "c.md.j2", text)
    assert draft(template=str(p)) == "# 某县人民政府办公室\n\n正文。\n\n落款\n"
    assert "<!--" not in draft(fmt="html")
    docx_markdown = render_template(template_search(None, str(p), "docx"), "docx", rs.context())
    assert "<!-- signature -->" in docx_markdown  # the Word draft's own marker of the signature block
    write(tmp_path, "c.md.j2", text + "{{ meta.nothing }}\n")
    with pytest.raises(AuditError, match=r"c\.md\.j2 第 11 行"):
        draft(template=str(p))


def test_html_autoescapes_inserted_text():
    out = draft(fmt="html")
    assert "<b>粗</b>" not in out
    assert "&lt;b&gt;粗&lt;/b&gt;" in out
    assert "\x07" not in out


def test_render_template_direct_call_with_a_user_macro(tmp_path):
    write(tmp_path, "m.md.j2", "{% macro item(t) %}{{ t.goal }}{% endmacro %}{{ item(tasks[5]) }}\n")
    choice = template_search(None, str(tmp_path / "m.md.j2"), "md")
    out = render_template(choice, "md", rs.context())
    assert out == md_escape(rs.context()["tasks"][5]["goal"]) + "\n"  # escaped once, not twice
