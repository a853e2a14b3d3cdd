"""Demo staff accounts (see README's table). Passwords are public demo values; never use in production."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.hashers import make_password

from suzhaohuo.accounts.choices import Role
from suzhaohuo.accounts.models import User
from suzhaohuo.accounts.services import staff_create
from suzhaohuo.core.demo import DemoContext

STAFF_PASSWORD = "Staff-demo-2026"
ADMIN_PASSWORD = "Admin-demo-2026"
CITY = "321300"

# username, role, scope code, display name, organization
STAFF = [
    ("huji", Role.STATION_STAFF, "321322102", "胡集镇零工服务驿站 小胡", "沭阳县胡集镇党群服务中心"),
    ("shuyang", Role.STATION_STAFF, "321322", "沭阳县零工市场 老沈", "沭阳县人力资源和社会保障局"),
    ("yanji", Role.STATION_STAFF, "321322116", "颜集镇零工服务驿站 小颜", "沭阳县颜集镇党群服务中心"),
    ("shizhan", Role.STATION_STAFF, CITY, "市零工市场 小宿", "宿迁市零工市场"),
    ("jianguan", Role.REGULATOR, CITY, "劳动保障监察 老秦", "宿迁市劳动保障监察支队"),
    ("tiaojie", Role.MEDIATOR, CITY, "劳动争议调解员 老何", "宿迁市劳动人事争议仲裁院"),
    ("peixun", Role.TRAINING_PROVIDER, CITY, "技能培训 小陶", "宿迁市职业技能培训中心"),
    ("zhujian", Role.DEPARTMENT_OPERATOR, CITY, "住建岗位征集员", "宿迁市住房和城乡建设局"),
    ("nongye", Role.DEPARTMENT_OPERATOR, CITY, "农业农村岗位征集员", "宿迁市农业农村局"),
    ("shangwu", Role.DEPARTMENT_OPERATOR, CITY, "商务岗位征集员", "宿迁市商务局"),
    ("renshe", Role.DEPARTMENT_OPERATOR, CITY, "人社岗位征集员", "宿迁市人力资源和社会保障局"),
    ("shijian", Role.DEPARTMENT_OPERATOR, CITY, "市场监管岗位征集员", "宿迁市市场监督管理局"),
    ("youzheng", Role.DEPARTMENT_OPERATOR, CITY, "邮政管理岗位征集员", "宿迁市邮政管理局"),
    ("zhongjie", Role.AGENCY_OPERATOR, CITY, "第三方机构操作员", "宿迁众联人力资源服务有限公司"),
]


@cache
def password_hash(password: str) -> str:
    """One real PBKDF2 hash per demo password, made once per run: every demo account with that password
    stores it (hashing it again for each of ~25 staff accounts cost ~0.5 s of CPU each)."""
    return make_password(password)


def seed(ctx: DemoContext) -> None:
    staff: dict[str, Any] = ctx.shared.setdefault("staff", {})
    existing = {u.username: u for u in User.objects.filter(username__in=["admin", *(s[0] for s in STAFF)])}
    staff["admin"] = existing.get("admin") or staff_create(
        actor=None, username="admin", password=ADMIN_PASSWORD, password_hash=password_hash(ADMIN_PASSWORD),
        role=Role.ADMIN, scope_region_code=None,
        display_name="系统管理员", organization="宿迁市人力资源和社会保障局")
    for username, role, scope, name, org in STAFF:
        staff[username] = existing.get(username) or staff_create(
            actor=staff["admin"], username=username, password=STAFF_PASSWORD,
            password_hash=password_hash(STAFF_PASSWORD), role=role,
            scope_region_code=scope, display_name=name, organization=org)
    ctx.log(f"  工作人员 {len(staff)} 个（admin / {ADMIN_PASSWORD}；huji、shuyang 等 / {STAFF_PASSWORD}）")
