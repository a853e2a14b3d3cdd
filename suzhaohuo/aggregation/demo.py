"""Demo: a source for each department channel, two agencies under service contracts, an association and
苏心聘, each with imported jobs (some of them duplicates of others), so the dashboard and KPI are populated."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from suzhaohuo.aggregation.models import Source, SourceAuthorization
from suzhaohuo.aggregation.services import (
    SourceInput,
    ingest_items,
    source_api_key_issue,
    source_create,
    source_operator_link,
)
from suzhaohuo.core.demo import DemoContext

CITY = "321300"

DEPARTMENTS = [  # (source name, organisation, sector, operator username, category leaves it collects)
    ("农业农村局·涉农岗位", "宿迁市农业农村局", "agriculture", "nongye", ["农忙采收", "种植养护"]),
    ("人社局·劳务品牌与家政", "宿迁市人力资源和社会保障局", "hrss", "renshe", ["家政服务", "养老护理"]),
    ("商务局·电子商务岗位", "宿迁市商务局", "commerce", "shangwu", ["电商打包分拣", "直播助播客服"]),
    ("住建局·建筑装修岗位", "宿迁市住房和城乡建设局", "housing", "zhujian", ["建筑小工", "装修"]),
    ("市场监管局·即时配送岗位", "宿迁市市场监督管理局", "market", "shijian", ["外卖骑手"]),
    ("邮政管理局·快递岗位", "宿迁市邮政管理局", "postal", "youzheng", ["快递分拣派送"]),
]
TEXTS = {  # title, what the work is (as a department would write it), pay as usually offered for it
    "农忙采收": ("采摘工", "果园和大棚采摘、分拣装箱，早上六点开工，中午管饭", ["150元/天", "180元/天", "计件0.5元/件"]),
    "种植养护": ("大棚管理工", "大棚除草、施肥、育苗，有师傅带，能学技术", ["150元/天", "月薪4000-5000"]),
    "家政服务": ("钟点保洁家政", "上门家庭保洁、做饭，每次3到4小时，时间可商量", ["25-30元/小时", "20-25元/小时"]),
    "养老护理": ("养老护理员", "在养老院或老人家中照护起居，协助进餐、翻身和清洁，陪同就医；有养老护理员证优先，"
                           "没有证书的可参加免费岗前培训", ["月薪4000-6000", "180元/天"]),
    "电商打包分拣": ("电商打包员", "仓库打包、贴单、发货，旺季加班另计", ["20-25元/小时", "计件0.5元/件", "150元/天"]),
    "直播助播客服": ("直播助播", "协助主播上架商品、回复客服消息", ["180元/天", "月薪4000-6000"]),
    "建筑小工": ("建筑小工", "工地搬砖、清理现场，包午饭", ["200元/天", "日结200"]),
    "装修": ("装修油漆工", "室内刷墙、贴砖、吊顶辅助", ["200元/天", "月薪5000-7000"]),
    "外卖骑手": ("外卖骑手", "城区送餐配送，自备电动车", ["月薪4000-6000", "20-25元/小时"]),
    "快递分拣派送": ("快递分拣员", "快递分拣、派件，夜班", ["20-25元/小时", "计件0.5元/件"]),
}
def _settlement_for(pay: str) -> str:
    """A monthly wage is paid monthly, piece work weekly, day and hourly pay daily — as real postings do."""
    if "月" in pay:
        return "月结"
    if "件" in pay:
        return "周结"
    return "日结"




def _org_employer(ctx: DemoContext, n: int, name: str, admin: Any, *, agency: bool = False) -> Any:
    from suzhaohuo.accounts.services import user_create_with_mobile
    from suzhaohuo.core.validators import id_check_char, uscc_check_char
    from suzhaohuo.identity.models import Employer
    from suzhaohuo.identity.services import employer_register, employer_verify

    existing = Employer.objects.filter(name=name).first()
    if existing is not None:
        return existing
    user = user_create_with_mobile(mobile=f"177{n:08d}", role="employer")
    first17 = f"11321300MB{n:07d}"[:17]
    id17 = f"32130219750101{n % 1000:03d}"
    employer = employer_register(
        user=user, kind="enterprise", name=name, township_code="321302001", address="宿城区发展大道1号",
        uscc=first17 + uscc_check_char(first17), legal_representative="王主任", handler_name="李经办",
        handler_id_number=id17 + id_check_char(id17), is_agency=agency,
        hr_licence_number=f"(苏)人服证字[2024]第{n:04d}号" if agency else "")
    return employer_verify(actor=admin, employer=employer)


def _items(ctx: DemoContext, prefix: str, categories: list[str], employers: list[Any], n: int,
           start: int = 0) -> list[dict[str, Any]]:
    out = []
    for i in range(start, start + n):
        cat = categories[i % len(categories)]
        title, desc, pays = TEXTS.get(cat, (cat, "临时零活", ["150元/天"]))
        pay = pays[(i // len(categories)) % len(pays)]
        emp = employers[(i * 7 + len(prefix)) % len(employers)]
        town = emp.township.name if emp.township_id else "胡集镇"
        out.append({
            "external_id": f"{prefix}-{i + 1:04d}", "title": f"{title}（{town}）",
            "description": f"{desc}。工作地点：{town}第{i % 9 + 1}片区。岗位编号{prefix}-{i + 1:04d}。",
            "employer_name": emp.name, "category": cat, "pay": pay, "settlement": _settlement_for(pay),
            "headcount": 2 + i % 6, "township": town, "address": f"{town}第{i % 9 + 1}片区"})
    return out


def _authorizations(ctx: DemoContext, staff: dict[str, Any], employers: list[Any],
                    sources: dict[str, Source]) -> None:
    """Who may publish under whose name (issue #11): the demo employers have authorised the sources they work
    with, most on their own pages, one recorded at the 胡集 station from a written authorisation; the last
    employer never authorised the agency 众联人力, so what 众联 pushes under its name waits for its answer."""
    from suzhaohuo.aggregation.services import authorization_grant, authorization_record

    station = staff.get("huji")
    last = employers[-1]
    for emp in employers:
        for key, src in sources.items():
            if emp.pk == last.pk and key == "众联人力·政府购买服务":
                continue
            if station is not None and emp.township_id == "321322102" and key == "家政协会":
                authorization_record(actor=station, source=src, employer=emp,
                                     evidence="授权委托书（2026年1月5日签署），原件存胡集镇零工服务驿站")
            else:
                authorization_grant(actor=emp.owner, source=src)


def seed(ctx: DemoContext) -> None:
    staff = ctx.shared.get("staff", {})
    admin = staff.get("admin")
    if Source.objects.exists():
        ctx.log("  数据源已存在，跳过")
        return
    employers = [e for e in (ctx.shared.get("employers") or []) if e.is_verified and e.township_id][:12]
    if not employers:
        ctx.log("  没有已认证的用工主体，跳过岗位归集示例")
        return
    sources: dict[str, Source] = {}
    with transaction.atomic():
        for n, (name, org, sector, username, _cats) in enumerate(DEPARTMENTS, start=1):
            src = source_create(actor=admin, data=SourceInput(
                name=name, kind="department", organization=org, sector=sector, region_code=CITY,
                organization_employer=_org_employer(ctx, n, org, admin)))
            if username in staff:
                source_operator_link(actor=admin, source=src, user=staff[username])
            sources[name] = src
        agencies = [("众联人力·政府购买服务", "宿迁众联人力资源服务有限公司", "SQRS-GM-2026-001", 20000, "zhongjie"),
                    ("新程劳务·政府购买服务", "宿迁新程劳务派遣有限公司", "SQRS-GM-2026-002", 8000, "")]
        for n, (name, org, contract, target, username) in enumerate(agencies, start=20):
            src = source_create(actor=admin, data=SourceInput(
                name=name, kind="agency", organization=org, region_code=CITY, contract_number=contract,
                contract_start=date(2026, 1, 1), contract_end=date(2026, 12, 31), contract_target_jobs=target,
                contract_contact_name="张经理", contract_contact_mobile=f"1380000{n:04d}",
                organization_employer=_org_employer(ctx, n, org, admin, agency=True)))
            if username in staff:
                source_operator_link(actor=admin, source=src, user=staff[username])
            source_api_key_issue(actor=admin, source=src)
            sources[name] = src
        sources["家政协会"] = source_create(actor=admin, data=SourceInput(
            name="宿迁市家政服务行业协会", kind="association", organization="宿迁市家政服务行业协会", region_code=CITY,
            organization_employer=_org_employer(ctx, 30, "宿迁市家政服务行业协会", admin)))
        sources["苏心聘"] = source_create(actor=admin, data=SourceInput(
            name="苏心聘-宿迁专区", kind="suxinpin", organization="江苏省人力资源和社会保障厅", pull_format="suxinpin",
            pull_url="https://example.invalid/suxinpin/jobs",
            organization_employer=_org_employer(ctx, 31, "江苏省人力资源和社会保障厅（苏心聘）", admin)))
    _authorizations(ctx, staff, employers, sources)
    all_cats = [c for d in DEPARTMENTS for c in d[4]]
    per = max(4, min(ctx.jobs // 8, 40))
    zhonglian = _items(ctx, "ZL", all_cats, employers, per * 2)
    ingest_items(source=sources["众联人力·政府购买服务"], items=zhonglian)
    ingest_items(source=sources["新程劳务·政府购买服务"], items=_items(ctx, "XC", all_cats, employers, per, start=301))
    ingest_items(source=sources["家政协会"],
                 items=_items(ctx, "JZ", ["家政服务", "养老护理"], employers, per // 2, start=605))
    for k, (name, _org, _sector, _user, cats) in enumerate(DEPARTMENTS):
        items = _items(ctx, name[:2], cats, employers, per // 2, start=703 + 37 * k)
        # departments also collect some jobs the agency already pushed: they become 「同时发布于」 links
        dupes = [dict(z, external_id=f"{name[:2]}-D{i}") for i, z in enumerate(zhonglian) if z["category"] in cats][:2]
        items += dupes
        if name.startswith("住建"):
            items.append({"external_id": "ZJ-BAD-1", "title": "工地小工", "description": "搬砖，需交押金300元",
                          "employer_name": employers[0].name, "pay": "200元/天", "headcount": 3, "township": "胡集镇"})
            items.append({"external_id": "ZJ-UNKNOWN-1", "title": "钢筋工（临时）", "description": "钢筋绑扎，日结",
                          "employer_name": "沭阳某钢筋班组", "pay": "260元/天", "headcount": 4, "township": "胡集镇",
                          "category": "建筑小工"})
        ingest_items(source=sources[name], items=items)
    ingest_items(source=sources["苏心聘"], items=[
        dict(z, external_id=f"SXP{i:05d}", original_source="苏心聘-宿迁专区") for i, z in
        enumerate(_items(ctx, "SX", all_cats, employers, per // 2, start=1000))])
    from suzhaohuo.aggregation.models import EmployerConfirmation, ProxyEmployer
    from suzhaohuo.aggregation.selectors import kpi_aggregation

    ctx.log(f"  代发授权 {SourceAuthorization.objects.count()} 项；待用工单位确认的岗位 "
            f"{EmployerConfirmation.objects.filter(status='pending').count()} 个；来源单位代录的用工单位 "
            f"{ProxyEmployer.objects.count()} 个")

    kpi = kpi_aggregation()
    ctx.log(f"  数据源 {len(sources)} 个；去重后岗位 {kpi['distinct_jobs']} 个，第三方占比 "
            f"{kpi['third_party_rate']:.0%}")
