"""Pages other offices published (`fixtures/excerpts/`, copied as found: the opening ~2 KB of each, often
cut mid-sentence): each one either imports every task visible in it with its own text, or is refused
with the lines that could not be read.

Imported: each task's id, goal and the start of its progress as the page writes them.
Refused: the words of the refusal, and a line it lists.
"""
from __future__ import annotations

import pytest

from audit.core.errors import AuditError
from audit.exchange import notice
from conftest import FIXTURES

EXCERPTS = FIXTURES / "excerpts"


def imported(name: str) -> notice.ImportResult:
    path = EXCERPTS / f"{name}.txt"
    r = notice.parse_notice(notice.read_notice(path), source=str(path))
    assert notice.refusal(r) is None, notice.refusal(r)
    notice.registry_text(r)  # what is written passes the registry's checks
    return r


def progress(r: notice.ImportResult, tid: str) -> str:
    (task,) = [t for t in r.doc["tasks"] if t["id"] == tid]
    return task["progress"][0]["text"]


def goal(r: notice.ImportResult, tid: str) -> str:
    (task,) = [t for t in r.doc["tasks"] if t["id"] == tid]
    return task["goal"]


def test_status_sorted_with_names_in_brackets_bazhong():
    r = imported("bazhong_2017_jan_sep_minsheng")
    assert [t["goal"] for t in r.doc["tasks"]] == ["城区公办幼儿园建设", "乡镇污水处理站建设", "乡镇加油站建设", "城区停车泊位建设"]
    # the clause that names the task, with its group's words; and each clause of the paragraph naming it again
    assert progress(r, "1").startswith("推进缓慢的有3(城区公办幼儿园建设、乡镇污水处理站建设、乡镇加油站建设),占目标任务的30%。\n")
    assert "恩阳区有1(乡镇污水处理站建设)推进缓慢;" in progress(r, "2")
    assert progress(r, "4") == "南江县有2(城区停车泊位建设、乡镇污水处理站建设)推进缓慢;"
    assert r.doc["meta"]["periods"][0]["id"] == "2017-09"
    assert r.doc["meta"]["issuer"] == "巴中市人民政府民生工作办公室"


def test_status_lists_with_work_report_numbers_chengxiang():
    r = imported("chengxiang_2022_jan_aug_shishi")
    assert r.ids == ["5", "11", "26", "21", "32", "3", "6", "23", "28", "30"] + [f"2-{k}" for k in range(1, 8)]
    assert goal(r, "21") == "建设城区生活垃圾分类屋(亭)"
    assert "其中5项已完成,分别是:" in progress(r, "21")
    assert goal(r, "3") == "实施近视防控教室照明改造工程"
    assert progress(r, "3") == "滞后项目:\n正在开展编制招标文件"
    assert (goal(r, "2-1"), progress(r, "2-1")) == (
        "第一实验幼儿园建设工程", "全区兴办12件惠民实事项目(含19个子项目),其中,已完成子项目7个,分别是\n第一实验幼儿园建设工程已竣工")
    assert "其他项目正按序时推进" not in " ".join(t["goal"] for t in r.doc["tasks"])


def test_web_table_one_cell_per_line_chongchuan():
    r = imported("chongchuan_2023_jan_nov_minsheng_table")
    assert r.ids == ["24", "25", "26"]
    t = r.doc["tasks"][1]
    assert t["goal"] == "新增四分类“三定一督”达标小区210个。"
    assert t["leader"] == "徐国江"
    assert t["units"] == {"lead": ["城管局"], "others": ["市政局", "环卫处", "崇川经济开发区", "各街道"]}
    # the latest period's column is the progress; the earlier period's is not carried over
    assert t["progress"][0]["text"].startswith("在46个小区,建成38个厢房,70个分类亭。\n是否达序：否\n说明：前期配合")
    assert r.doc["meta"]["periods"][0]["id"] == "2023-11"


def test_goal_sentence_then_its_report_chongqing():
    r = imported("chongqing_2015_h1_minsheng")
    assert len(r.ids) == 8
    assert goal(r, "1") == "2606个撤并村通公路(2013—2017年)。"
    assert progress(r, "1").startswith("上半年已完成建设4022公里")
    assert progress(r, "8").endswith("计算机3")  # the page is cut there


def test_quoted_names_in_part_headings_city():
    r = imported("city_unnamed_2016_q3_mirror")
    assert r.ids == ["1-1", "1-2", "1-3", "1-4", "3-1", "3-2", "4-1", "4-2", "4-3"]
    assert goal(r, "1-4") == "完成公车改革任务"
    assert progress(r, "1-4").startswith("已经完成或基本完成的指标任务,共计19项。主要是")
    assert goal(r, "4-3") == "举办好第5届中朝博览会"


def test_pipe_table_with_schedule_kaihua():
    r = imported("kaihua_2023_q1_table")
    t = r.doc["tasks"][0]
    assert t["goal"] == "启动新安综合体建设。"
    assert t["milestones"].startswith("①2月上旬前,完成设计招标。②3月底前")
    assert t["progress"][0]["text"] == "①已完成。2月10日,完成设计招标。②截至3月31日,施工图正在图审。\n完成情况：达序推进"


def test_pipe_table_with_a_cell_on_a_row_of_its_own_keqiao():
    r = imported("keqiao_2023_q1_minsheng_table")
    assert r.ids == ["1", "2", "3"]
    t = r.doc["tasks"][0]
    assert t["goal"] == "新改扩建公办中小学校1所\n新增学位810个"
    assert t["units"] == {"lead": ["教体局"]}
    text = t["progress"][0]["text"]
    assert text.startswith("轻纺城第二小学(柯东小学)新建工程") and "\n目标完成情况：顺利推进" in text
    assert t["progress"][0]["label"] == "进展情况"


def test_progress_after_the_reference_and_a_colon_lianyungang_2019():
    r = imported("lianyungang_2019_q3_mirror")
    assert r.ids == ["1", "2", "3", "4", "6", "7", "8", "11", "12"]
    assert goal(r, "7") == "实际利用外资"
    assert progress(r, "7") == "26项未达到序时进度要求的具体目标如下:\n实际到资3.73亿美元,完成年度目标的53.3%,低于目标21.7个百分点。"


def test_the_groups_words_go_with_each_task_lianyungang_2021():
    r = imported("lianyungang_2021_q3")
    assert r.ids == ["6", "7", "22", "28", "5"]
    assert progress(r, "6") == "17项未达序时的目标任务分别为:\n1-8月完成208.9亿元,同比下降1.8%,滞后序时进度9.8个百分点。"
    assert r.doc["meta"]["published"].isoformat() == "2021-11-30"


def test_named_in_two_paragraphs_is_two_tasks_xiangtan():
    r = imported("xiangtan_2019_jan_oct_minsheng")
    assert [t["goal"] for t in r.doc["tasks"]].count("改(新)建农村户用厕所") == 2
    assert progress(r, "1") == "其中,进度偏慢的3项分别是:改(新)建农村户用厕所、4座台站开展省级节目数字化覆盖、新增直播卫星用户。"
    assert any(u.text.startswith("廖桂生强调") and not u.unread for u in r.unplaced)


def test_goal_then_report_on_one_line_and_a_subsection_reported_whole_xianning():
    r = imported("xianning_2021_h1")
    assert r.ids == ["1.1", "1", "2", "3"]
    assert goal(r, "1.1") == "全市经济社会发展主要预期目标完成情况"
    assert progress(r, "1.1").startswith("上半年,全市完成地区生产总值802.81亿元")
    assert goal(r, "1").endswith("新开工亿元以上产业项目100个。")
    assert progress(r, "1").startswith("上半年,引进世界500强企业投资项目3个")
    assert progress(r, "2") == ""  # its paragraph states goals only


def test_lists_after_a_count_xuancheng():
    r = imported("xuancheng_2020_jan_nov")
    assert [t["goal"] for t in r.doc["tasks"][:4]] == ["战略性新兴产业产值", "固定资产投资", "财政收入", "规上工业增加值"]
    assert "其中,固定资产投资、财政收入、规上工业增加值3项指标未达到序时进度" in progress(r, "1-2")
    assert "未达到序时进度" not in progress(r, "1-1")
    assert goal(r, "2-1") == "“交通建设提升年”活动完成投资80亿元"


def test_a_count_in_the_sentence_before_the_list_zhangjiajie():
    r = imported("zhangjiajie_2018_jan_nov_minsheng")
    assert len(r.ids) == 37
    assert goal(r, "25") == "开展县级饮用水水源地环境整治"
    assert "一是已完成或达到时序进度(91.67%)以上的项目25个,占比达62.5%。分别为:" in progress(r, "25")
    assert progress(r, "26").startswith("二是有一定进度的实事项目 11个")
    assert r.doc["meta"]["year"] == 2018


@pytest.mark.parametrize("name, says, lists", [
    ("fuling_2023_q1", "没有从", "近期,区政府督查室对2023年政府工作报告主要目标任务一季度完成情况进行了跟踪督办。"),
    ("guanyun_2019_q3", "没有从", "督查中发现,部分项目进展缓慢。"),
    ("kaifeng_2016_jan_apr_projects", "没有从", "根据《开封市重点项目建设及招商引资工作督查考核办法"),
    ("meishan_2019_minsheng_table", "没有从", "城镇新增就业(人)"),
    ("sichuan_2015_q3_minsheng_news", "未能读懂，为免漏掉任务，未写入", "三季度新增完成全年目标任务项目中"),
    ("jieshou-inferred_undated_march_projects_doccopy", "未能读懂，为免漏掉任务，未写入", "关于对部分重点项目督查情况的报告"),
])
def test_pages_it_cannot_read_are_refused_with_what_it_could_not_read(name, says, lists):
    path = EXCERPTS / f"{name}.txt"
    r = notice.parse_notice(notice.read_notice(path), source=str(path))
    why = notice.refusal(r)
    assert why is not None and says in why
    assert lists in why
    with pytest.raises(AuditError):
        notice.registry_text(r)


def test_every_excerpt_is_covered_here():
    names = {p.stem for p in EXCERPTS.glob("*.txt")}
    assert len(names) == 19
    tested = {n for n, _, _ in test_pages_it_cannot_read_are_refused_with_what_it_could_not_read.pytestmark[0].args[1]}
    imported_here = {"bazhong_2017_jan_sep_minsheng", "chengxiang_2022_jan_aug_shishi", "chongchuan_2023_jan_nov_minsheng_table",
                     "chongqing_2015_h1_minsheng", "city_unnamed_2016_q3_mirror", "kaihua_2023_q1_table",
                     "keqiao_2023_q1_minsheng_table", "lianyungang_2019_q3_mirror", "lianyungang_2021_q3",
                     "xiangtan_2019_jan_oct_minsheng", "xianning_2021_h1", "xuancheng_2020_jan_nov",
                     "zhangjiajie_2018_jan_nov_minsheng"}
    assert tested | imported_here == names and not tested & imported_here
