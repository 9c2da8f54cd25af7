"""分解方案 as offices lay them out, made by code: an Excel workbook with a merged title, parts as merged rows,
a leader and a unit merged over the rows of their tasks and cells of several lines; a Word table with
merged cells; a GBK CSV saved by Excel with the part as a column; a plain text with numbered lines."""
from __future__ import annotations

import io

TITLE = "2022年《政府工作报告》重点任务分解方案"
HEADER = ["序号", "重点任务", "牵头市领导", "牵头单位", "配合单位", "完成时限", "进度安排"]
# (id, goal, leader, lead, others, deadline, schedule); a leader of None is merged from the row above
PART_ONE = [
    ("1", "新开工亿元以上项目100个，完成固定资产投资增长10%。", "王建国", "市发改委", "市财政局\n市自然资源和规划局", "2022年12月底",
     "①3月底前完成项目清单；\n②6月底前开工50个；\n③12月底前全部开工"),
    ("2", "加快建设赤壁长江公路大桥东延段。", None, "市交通运输局", "市发改委、市财政局", "2022年10月底前", ""),
    ("3", "推进城区停车场建设，新增停车泊位2000个。", None, "市住建局", "市城管执法局 市公安局", "年底前", "6月底前完成选址"),
]
PART_TWO = [
    ("4", "新建高标准农田5万亩。", "李秀兰", "市农业农村局", "各乡镇人民政府", "2022年11月底", ""),
    ("5", "实施农村人居环境整治提升五年行动，\n改造农村户厕3000户。", None, "市农业农村局", "市卫健委；市乡村振兴局", "长期坚持",
     "1.6月底前改造1500户；2.11月底前全部完成"),
]
PART_THREE = [
    ("6", "城镇新增就业6400人以上。", "张伟", "市人社局", "", "12月31日前", ""),
    ("7", "建成城区公办幼儿园3所。", "张伟", "市教育局", "市住建局", "9月底前", ""),
]


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    ws.title = "重点任务分解"
    ws.append([TITLE])
    ws.merge_cells("A1:G1")
    ws.append(["（经市政府第12次常务会议研究同意）"])
    ws.merge_cells("A2:G2")
    ws.append(HEADER)
    _part(ws, "一、扩大有效投资", PART_ONE)
    _part(ws, "二、推进乡村振兴", PART_TWO)
    ws.append(["注：完成时限为最迟完成时间，能提前的尽量提前。"])
    ws.merge_cells(f"A{ws.max_row}:G{ws.max_row}")
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True)
    more = wb.create_sheet("续表")
    more.append(HEADER)
    more.append(["三、保障和改善民生"])
    more.merge_cells("A2:G2")
    for t in PART_THREE:
        more.append(list(t))
    wb.create_sheet("填报说明").append(["各牵头单位请于每季度末报送进展。"])
    hidden = wb.create_sheet("草稿")
    hidden.append(HEADER)
    hidden.append(["99", "不应导入的草稿任务。", "", "", "", "", ""])
    hidden.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _part(ws, title: str, tasks: list[tuple]) -> None:
    ws.append([title])
    ws.merge_cells(f"A{ws.max_row}:G{ws.max_row}")
    first = ws.max_row + 1
    for t in tasks:
        ws.append([int(t[0]), *t[1:2], t[2] or None, *t[3:]])
    leaders = [first + i for i, t in enumerate(tasks) if t[2]] + [first + len(tasks)]
    for a, b in zip(leaders, leaders[1:]):
        if b - 1 > a:  # the leader's cell merged over the rows of the tasks they lead
            ws.merge_cells(f"C{a}:C{b - 1}")


def docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph("各乡镇人民政府，市直各单位：现将分解方案印发给你们，请认真贯彻落实。")
    rows = [HEADER, ["一、扩大有效投资"], *PART_ONE, ["二、推进乡村振兴"], *PART_TWO]
    table = d.add_table(rows=len(rows), cols=len(HEADER))
    for r, values in enumerate(rows):
        if len(values) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, len(HEADER) - 1))
            merged.text = values[0]
            continue
        for c, value in enumerate(values):
            if value is None:
                continue
            cell = table.cell(r, c)
            parts = str(value).split("\n")
            cell.text = parts[0]
            for extra in parts[1:]:
                cell.add_paragraph(extra)
    # the leader of part one over its three tasks: Word keeps the first cell's text when merging
    table.cell(2, 2).merge(table.cell(4, 2)).text = "王建国"
    table.cell(6, 2).merge(table.cell(7, 2)).text = "李秀兰"
    d.add_paragraph("市政府办公室　2022年2月18日印发")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


CSV_HEADER = ["序号", "类别", "工作任务", "责任领导", "责任单位", "协办单位", "时间节点"]
CSV_ROWS = [
    ["1", "产业发展", "新增规上工业企业20家以上。", "王建国", "市经信局", "市统计局、市税务局", "2022年12月底前"],
    ["2", "产业发展", "新建5G基站320个。", "王建国", "市经信局", "", "①6月底前建成150个；②12月底前建成320个"],
    ["3", "民生保障", "改造老旧小区30个。", "李秀兰", "市住建局，市城投公司", "各街道办事处", "2022年10月底前"],
]


def csv_gbk_bytes() -> bytes:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["2022年重点任务分解表", "", "", "", "", "", ""])
    w.writerow(CSV_HEADER)
    w.writerows(CSV_ROWS)
    return buf.getvalue().encode("gbk")


TEXT = """\
2023年县政府工作报告重点任务分解方案
一、稳增长
1.地区生产总值增长6.5%左右。（牵头县领导：赵强；牵头单位：县发改局；配合单位：县统计局、县财政局；完成时限：2023年12月底）
2.新增市场主体3000户。
牵头单位：县市场监管局
完成时限：①6月底前新增1500户；②12月底前新增3000户
二、惠民生
1.新建农村公路50公里。（牵头单位：县交通运输局；完成时限：年内）
"""
