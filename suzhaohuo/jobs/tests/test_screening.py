"""Screening engine: categories, look-alikes, spans, normalisation, minimum wage, missing fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from suzhaohuo.jobs.screening import (
    RULES_VERSION,
    SEVERITY_ORDER,
    ScreeningInput,
    min_wage_for,
    near_duplicate_score,
    normalize,
    screen,
)
from suzhaohuo.jobs.screening.normalize import parse_cn_number

HUJI = "321322102"  # 沭阳县胡集镇
ON = date(2025, 6, 1)


def cats(text: str, **kw) -> set[str]:
    return screen(ScreeningInput(description=text, township_code=HUJI, on_date=ON, **kw)).categories()


def severities(text: str) -> dict[str, str]:
    res = screen(ScreeningInput(description=text, township_code=HUJI, on_date=ON))
    out: dict[str, str] = {}
    for f in res.findings:
        if SEVERITY_ORDER[f.severity] > SEVERITY_ORDER.get(out.get(f.category, ""), 0):
            out[f.category] = f.severity
    return out


DETECTED = {
    "gender": ["限男性", "男士优先", "女士勿扰", "只招女工", "要 求 男 性", "不招女的", "僅限男性", "姑娘就别来了",
               "招女服务员，形象好", "仓管一名，男，能吃苦"],
    "marriage_pregnancy": ["已婚已育优先", "限未婚", "两年内不得生育", "入职需做孕检", "孕妇勿扰",
                           "入职后怀孕的视为自动离职", "请提供婚育证明"],
    "ethnicity": ["限汉族", "少数民族勿扰", "不招回族", "藏族朋友请勿投递"],
    "religion": ["信教者勿扰", "限无宗教信仰", "穆斯林免谈", "有宗教信仰的人员不予录用"],
    "hukou_region": ["仅限本地户口", "外地人勿扰", "限宿迁户籍", "河南籍人员谢绝", "非本地户口勿扰", "本地人优先"],
    "health": ["乙肝携带者勿扰", "需提供乙肝两对半", "入职查乙肝", "大三阳一律不要", "HIV携带者不录用"],
    "disability": ["肢体健全", "身体无残疾", "聋哑人士请勿报名"],
    "age": ["35岁以下", "限18-30岁", "年龄十八至四十五周岁", "50岁以上勿扰", "年龄不超过45岁"],
    "fee": ["需交押金200元", "押*金两百元", "服装费自理", "报名费50元", "入职押身份证", "保證金伍佰元",
            "体检费用由个人承担", "入职先交三百元"],
    "scam": ["刷单返利", "保录取", "学费可办理分期", "发展下线拉人头", "先交钱后上岗", "需先垫资购买商品",
             "手机在家轻松日赚500"],
    "contact_in_text": ["电话13812345678", "加微信abc123456", "ＶＸ：ｓｑ６６６８８８", "QQ 123456789", "138 1234 5678",
                        "幺三八一二三四五六七八", "详情加V咨询"],
}


@pytest.mark.parametrize(("category", "text"), [(c, t) for c, ts in DETECTED.items() for t in ts])
def test_category_detected(category, text):
    assert category in cats(text), text


CLEAN = ["男女不限", "不限男女", "性别不限", "不限户籍", "户籍不限，外地员工提供宿舍", "欢迎少数民族朋友", "无需押金",
         "不收取任何费用", "不收押金", "公司缴纳社保", "无任何费用", "包吃住", "免费培训", "体检费公司报销",
         "押金全免", "谨防收费骗子，凡是收押金的都是骗子", "工资可微信转账", "年满16周岁", "年满18周岁即可",
         "照顾一位85岁老人", "辅导8-12岁孩子写作业", "欢迎残疾人朋友报名", "持健康证上岗，办证费用公司报销",
         "本地外地均可", "女装店招导购", "不招童工", "车辆不收押金，不扣押证件", "本岗位非刷单", "宝妈可做",
         "民族、宗教信仰均不限", "请通过平台报名，不要私下转账", "男，女均可", "男、女不限"]


@pytest.mark.parametrize("text", CLEAN)
def test_lookalike_is_clean(text):
    assert cats(text) == set(), text


def test_severities_follow_the_reference():
    sev = severities("限男性，肢体健全，35岁以下，需交押金200元，加微信abc123456")
    assert sev == {"gender": "block", "disability": "review", "age": "warn", "fee": "block",
                   "contact_in_text": "review"}


def test_under_16_is_block_and_16_lower_bound_is_lawful():
    assert severities("暑假工，招15岁学生")["age"] == "block"
    assert severities("初中生可做")["age"] == "block"
    assert cats("年满16周岁即可") == set()
    assert cats("16周岁以上") == set()
    assert cats("不招16岁以下") == set()


def test_taboo_labour_gender_restriction_is_reviewable():
    res = screen(ScreeningInput(title="煤矿井下辅助工", description="限男性，包吃住"))
    [f] = [f for f in res.findings if f.category == "gender"]
    assert f.severity == "review"
    assert f.rule_id == "gender.taboo_labour_exception"
    heavy = screen(ScreeningInput(description="水泥厂装卸，每袋50公斤，只招男工"))
    assert heavy.findings[0].severity == "review"
    # without the taboo context the same restriction blocks
    assert screen(ScreeningInput(description="超市收银，只招男工")).max_severity == "block"


def test_spans_point_into_original_text():
    original = "招聘搬運工，限 男 性；需繳納押*金兩百元，ＶＸ：ａｂｃ１２３４５"
    res = screen(ScreeningInput(description=original))
    assert {f.category for f in res.findings} >= {"gender", "fee", "contact_in_text"}
    for f in res.findings:
        s, e = f.span
        assert original[s:e] == f.text
        assert f.text
    gender = next(f for f in res.findings if f.category == "gender")
    assert gender.text == "限 男 性"


def test_spans_per_field():
    res = screen(ScreeningInput(title="保洁员（限女性）", description="工作轻松", requirements="需交押金100元"))
    by = {f.field: f for f in res.findings}
    assert by["title"].text == "限女性"
    assert res.by_field("requirements")[0].category == "fee"
    assert "押金" in by["requirements"].text


def test_finding_as_dict_and_result():
    res = screen(ScreeningInput(description="限男性"))
    d = res.findings[0].as_dict()
    assert set(d) == {"category", "severity", "field", "span", "text", "message", "rule_id", "legal_source"}
    assert isinstance(d["span"], list)
    assert "请" in d["message"] and d["legal_source"]
    assert res.rules_version == RULES_VERSION
    assert res.max_severity == "block"
    assert screen(ScreeningInput(description="包吃住")).max_severity is None


def test_normalisation_number_words_and_traditional():
    n = normalize("兩百元押金，月薪三千，十八歲")
    assert n.text == "200元押金,月薪3000,18岁"
    assert parse_cn_number("贰佰") == 200
    assert parse_cn_number("三千五") == 3500
    assert parse_cn_number("一万二千") == 12000
    assert parse_cn_number("万一") is None
    assert normalize("统一管理").text == "统一管理"
    z = normalize("限\u200b男\u200b性")
    assert z.text == "限男性" and z.span(0, 3) == (0, 5)
    assert normalize("18-30岁").text == "18-30岁"


def test_min_wage_table_and_county_class():
    mw = min_wage_for(HUJI, date(2024, 6, 1))
    assert (mw.wage_class, mw.monthly, mw.hourly) == ("III", Decimal(2010), Decimal(20))
    old = min_wage_for("321302001", date(2023, 6, 1))
    assert (old.monthly, old.hourly) == (Decimal(1840), Decimal(18))
    assert min_wage_for("110101001", date(2024, 6, 1)).wage_class == "III"  # unknown county: lowest class
    assert min_wage_for(HUJI, date(2020, 1, 1)) is None


def _wage(**kw):
    res = screen(ScreeningInput(title="仓库工", description="仓库帮工", township_code=HUJI, on_date=ON, **kw))
    return [f for f in res.findings if f.category == "below_min_wage"]


def test_min_wage_per_unit():
    assert _wage(pay_min=Decimal(15), pay_unit="hour")[0].severity == "block"
    assert _wage(pay_min=Decimal(20), pay_unit="hour") == []
    assert _wage(pay_min=Decimal(1500), pay_unit="month")[0].severity == "block"
    assert _wage(pay_min=Decimal(2010), pay_unit="month") == []
    # day pay converted with the stated daily hours
    assert _wage(pay_min=Decimal(150), pay_unit="day", daily_hours=Decimal(10))[0].severity == "block"
    assert _wage(pay_min=Decimal(100), pay_unit="day", daily_hours=Decimal(4)) == []
    # day pay without hours: assumed 8 hours, a warning that asks for the hours
    [f] = _wage(pay_min=Decimal(120), pay_unit="day")
    assert f.severity == "warn" and "8" in f.message
    # piece, job and negotiable pay are never judged
    assert _wage(pay_min=Decimal("0.3"), pay_unit="piece") == []
    assert _wage(pay_min=Decimal(50), pay_unit="job") == []
    assert _wage(pay_negotiable=True) == []
    # a range whose lower end is below the minimum warns
    assert _wage(pay_min=Decimal(18), pay_max=Decimal(25), pay_unit="hour")[0].severity == "warn"


def test_min_wage_effective_dates():
    before = screen(ScreeningInput(pay_min=Decimal(19), pay_unit="hour", township_code=HUJI, on_date=date(2023, 6, 1)))
    after = screen(ScreeningInput(pay_min=Decimal(19), pay_unit="hour", township_code=HUJI, on_date=date(2024, 6, 1)))
    assert before.categories() == set()
    assert after.categories() == {"below_min_wage"}


def test_min_wage_in_text():
    assert "below_min_wage" in cats("小时工，每小时十五元")
    assert "below_min_wage" in cats("月薪1500元包吃住")
    assert cats("满勤奖200元每月") == set()
    assert cats("时薪25元") == set()


def test_missing_fields():
    res = screen(ScreeningInput(title="", description="", check_missing=True))
    fields = {f.field for f in res.findings if f.category == "missing_field"}
    assert fields == {"title", "description", "headcount", "township_code", "pay", "valid_until"}
    assert res.max_severity == "block"
    negotiable = screen(ScreeningInput(title="采摘工", description="采摘", headcount=3, township_code=HUJI,
                                       address="胡集镇花木基地", pay_negotiable=True, valid_until=date(2025, 7, 1),
                                       check_missing=True))
    assert [(f.field, f.severity) for f in negotiable.findings] == [("pay", "warn")]
    assert screen(ScreeningInput(title="", description="")).findings == []  # only with check_missing


def test_near_duplicate_score():
    a = "沭阳花木基地招采摘工，日结200元，包午饭"
    assert near_duplicate_score(a, a) == 1.0
    assert near_duplicate_score(a, "沭阳花木基地招采摘工，日结200元，包午饭！") > 0.9
    assert near_duplicate_score(a, "泗洪螃蟹养殖场招临时工，包吃住") < 0.2
