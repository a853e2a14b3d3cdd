"""Three county 用工需求表 as departments really send them, and what importing each row must give.

Shaped on the tables county 人社 offices and township 劳动保障所 circulate: a merged title row
(「XX县2026年12月用工需求表」), a 填报单位/填报日期 line, the header on row 2 or 3 with the names people
actually use (用人单位, 招聘岗位, 需求人数, 岗位要求, 薪酬待遇, 工作地点（具体到乡镇）, 截止日期 …), the
employer merged down over its several jobs, contact columns the platform does not import, a 合计 row
and a 备注 line at the foot. One is .xlsx, one a GBK CSV (Excel's 「CSV（逗号分隔）」 on a Chinese
Windows), one a legacy .xls.

    python tests/data/county_sheets/generate.py [YYYY-MM-DD]   # writes the three files next to this script

Tests call ``build(out_dir, today)`` so deadlines are always in the future; the committed files were
generated with today = 2026-12-01. ``EXPECTED`` lists, per file, each data row's outcome and the values
the job must get (pay, unit, headcount, township, deadline) or the column and words of the reason.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EMPLOYERS = [  # all registered and verified in the test, so their rows are created, not held
    "沭阳县恒达花木专业合作社", "江苏沭阳新盛木业有限公司", "沭阳县城东物业管理有限公司", "沭阳县实验小学",
    "泗阳县众兴家政服务有限公司", "泗阳县裴圩镇果蔬种植家庭农场", "宿迁鑫源食品有限公司",
    "泗洪县双沟酒业配套包装有限公司", "泗洪县青阳物流有限公司", "泗洪县金锁镇螃蟹养殖合作社",
]


@dataclass
class Row:
    outcome: str  # created | held | rejected | blocked | skipped
    township: str = ""  # the township code the job must get
    pay: tuple[str, str, str] | None = None  # (min, max, unit)
    headcount: int | None = None
    deadline: date | None = None  # None: the default validity
    column: str = ""  # for a problem row: the column the reason names
    words: str = ""  # …and words the reason must contain
    extra: dict[str, Any] = field(default_factory=dict)


def _d(today: date, days: int) -> date:
    return today + timedelta(days=days)


def shuyang(today: date) -> tuple[list[list[Any]], list[str], dict[int, Row]]:
    """沭阳县: .xlsx, merged title on row 1, 填报单位 on row 2, header on row 3, employer merged down, 合计 + 备注."""
    end = _d(today, 30)
    deadline_dot = f"{end.year}.{end.month}.{end.day}"
    rows: list[list[Any]] = [
        ["沭阳县2026年12月用工需求表"] + [None] * 10,
        ["填报单位：沭阳县人力资源和社会保障局（盖章）", None, None, None, None, None, None, "填报日期：" + today.isoformat(),
         None, None, None],
        ["序号", "用人单位", "招聘岗位", "需求人数", "岗位要求", "薪酬待遇", "工作地点（具体到乡镇）", "工作时间", "截止日期", "联系人",
         "联系电话"],
        [1, EMPLOYERS[0], "花木采摘工", 20, "身体健康，能吃苦，男女不限", "180元/天，日结", "沭阳县胡集镇", "8:00-17:00",
         deadline_dot, "王经理", "13951234567"],
        [2, None, "苗木打包工", "若干", "手脚麻利，有打包经验优先", "180-220元/天", "沭阳县胡集镇", "8:00-17:00", "长期",
         "王经理", "13951234567"],
        [3, EMPLOYERS[1], "木板加工普工", 8, "能适应车间环境，服从安排", "月薪3500-4500元", "沭阳经济开发区", "8:00-12:00,13:30-17:30",
         _d(today, 45), "李主任", "0527-83212345"],
        [4, EMPLOYERS[2], "小区保洁员", 3, "65周岁以下，身体健康", "2300元/月", "沭阳县城", "每天8小时", "招满为止", "周女士",
         "15861234567"],
        [5, EMPLOYERS[3], "食堂午餐帮厨", 2, "有健康证，做事干净利落", "1500元/月", "沭阳县城", "中午11点至下午2点", deadline_dot,
         "陈老师", "0527-83654321"],
        [6, EMPLOYERS[0], "花木修剪工", 5, "会使用修枝剪", "160元/天", "沭阳县", "7:00-17:00", f"{end.year}.2.30",
         "王经理", "13951234567"],
        ["合计", None, None, 38, None, None, None, None, None, None, None],
        ["备注：1.工作地点请写到乡镇（街道）；2.薪酬请写明计薪单位；3.此表每月25日前报县人社局就业科。"] + [None] * 10,
    ]
    merges = ["A1:K1", "B4:B5"]
    expected = {
        1: Row("skipped"), 2: Row("skipped"),
        4: Row("created", "321322102", ("180", "180", "day"), 20, end),
        5: Row("held", "321322102", ("180", "220", "day"), 1, None, "招聘人数", "若干",
               extra={"employer": EMPLOYERS[0]}),
        6: Row("created", "321322401", ("3500", "4500", "month"), 8, _d(today, 45)),
        7: Row("created", "321322001", ("2300", "2300", "month"), 3, None),
        8: Row("created", "321322001", ("1500", "1500", "month"), 2, end),  # 3 hours a day: above the hourly minimum
        9: Row("rejected", column="有效期至", words=f"{end.year}.2.30"),
        10: Row("skipped"), 11: Row("skipped"),
    }
    return rows, merges, expected  # type: ignore[return-value]


def siyang(today: date) -> tuple[list[list[Any]], dict[int, Row]]:
    """泗阳县: GBK CSV, title in the first cell of row 1, a blank row, header on row 3, 小计 row."""
    rows: list[list[Any]] = [
        ["泗阳县2026年12月零工岗位需求汇总表", "", "", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "", ""],
        ["序号", "用工单位", "岗位名称", "招聘人数", "月薪", "所在乡镇", "报名截止", "招聘条件", "联系方式"],
        ["1", EMPLOYERS[4], "钟点工（家政）", "4", "3000-3600", "众兴街道", f"{_d(today, 20):%Y/%m/%d}", "会做家常菜，有家政经验",
         "0527-85212345"],
        ["2", EMPLOYERS[5], "葡萄采摘工", "10", "2800", "裴圩镇", f"{_d(today, 10):%Y年%m月%d日}", "能吃苦耐劳，不限户籍",
         "13805271234"],
        ["3", EMPLOYERS[6], "食品包装工", "6", "3200-4000", "泗阳开发区", "", "能上夜班，18至50周岁", "0527-85654321"],
        ["4", EMPLOYERS[6], "仓库搬运工", "5", "4000", "众兴街道", "", "能吃苦，入职交押金500元", "0527-85654321"],
        ["5", EMPLOYERS[5], "大棚管护", "2", "看情况", "裴圩镇", "", "会种菜", "13805271234"],
        ["小计", "", "", "27", "", "", "", "", ""],
    ]
    expected = {
        1: Row("skipped"),
        4: Row("created", "321323001", ("3000", "3600", "month"), 4, _d(today, 20)),
        5: Row("created", "321323103", ("2800", "2800", "month"), 10, _d(today, 10)),
        6: Row("created", "321323402", ("3200", "4000", "month"), 6, None),
        7: Row("blocked", column="检测", words="押金"),
        8: Row("rejected", column="薪酬", words="150元/天"),
        9: Row("skipped"),
    }
    return rows, expected


def sihong(today: date) -> tuple[list[list[Any]], list[tuple[int, int, int, int]], dict[int, Row]]:
    """泗洪县: legacy .xls, merged title on row 1, header on row 2, employer merged down, 合计 row."""
    rows: list[list[Any]] = [
        ["泗洪县用工需求信息表（2026年12月）", None, None, None, None, None, None, None],
        ["用工企业", "需求岗位", "用工人数", "工资待遇", "工作地点", "有效期", "岗位职责", "备注"],
        [EMPLOYERS[7], "包装流水线工", 12, "4200元/月", "泗洪县双沟镇", ("serial", _d(today, 60)), "酒盒装箱、贴标，两班倒，每天10小时",
         "包住"],
        [None, "叉车司机", 2, "5000-6000元/月", "泗洪县双沟镇", ("serial", _d(today, 60)), "持叉车证，装卸成品", ""],
        [EMPLOYERS[8], "装卸工", 6, "120元/天", "泗洪县城", "常年", "货车装卸，每天10小时", "日结"],
        [EMPLOYERS[9], "螃蟹捆扎工", 15, "22元/小时", "金锁镇", ("serial", _d(today, 25)), "螃蟹分拣捆扎，8:00-17:00，工资日结", ""],
        ["合计", None, 35, None, None, None, None, None],
    ]
    merges = [(0, 0, 0, 7), (2, 3, 0, 0)]  # (row0, row1, col0, col1), 0-based as xlwt takes them
    expected = {
        1: Row("skipped"),
        3: Row("created", "321324101", ("4200", "4200", "month"), 12, _d(today, 60)),
        4: Row("created", "321324101", ("5000", "6000", "month"), 2, _d(today, 60), extra={"employer": EMPLOYERS[7]}),
        5: Row("blocked", column="检测", words="最低工资"),  # 120 a day for 10 hours: 12 an hour
        6: Row("created", "321324109", ("22", "22", "hour"), 15, _d(today, 25)),
        7: Row("skipped"),
    }
    return rows, merges, expected


FILES = ("沭阳县2026年12月用工需求表.xlsx", "泗阳县零工岗位需求汇总表.csv", "泗洪县用工需求信息表.xls")


def build(out_dir: Path, today: date) -> dict[str, dict[int, Row]]:
    """Write the three files into out_dir; return {file name: {row number: expected Row}}."""
    from openpyxl import Workbook

    out_dir.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict[int, Row]] = {}

    rows, merges, exp = shuyang(today)
    wb = Workbook()
    ws = wb.active
    ws.title = "用工需求"
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(out_dir / FILES[0])
    expected[FILES[0]] = exp

    rows2, exp2 = siyang(today)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows2)
    (out_dir / FILES[1]).write_bytes(buf.getvalue().encode("gbk"))
    expected[FILES[1]] = exp2

    import xlwt  # dev dependency: only to write the legacy format this fixture needs

    rows3, merges3, exp3 = sihong(today)
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("需求表")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    merged_cells = {(r, c) for r0, r1, c0, c1 in merges3 for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r0, r1, c0, c1 in merges3:
        sheet.write_merge(r0, r1, c0, c1, rows3[r0][c0])
    for r, values in enumerate(rows3):
        for c, value in enumerate(values):
            if (r, c) in merged_cells or value is None:
                continue
            if isinstance(value, tuple):  # a real Excel date cell
                sheet.write(r, c, value[1], date_style)
            else:
                sheet.write(r, c, value)
    book.save(str(out_dir / FILES[2]))
    expected[FILES[2]] = exp3
    return expected


if __name__ == "__main__":
    when = date.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else date(2026, 12, 1)
    build(HERE, when)
    print("\n".join(str(HERE / f) for f in FILES))
