"""Demo workers and employers across every township, created through the same services a person
and a station would use: SMS sign-up, real-name submission, in-person verification.

About 85% of workers are verified; a handful in 胡集镇 stay pending so the station console has
work to show. Demo mobiles are predictable: workers 138xxxxxxxx, employers 139xxxxxxxx
(sequence numbers), so a newcomer can log in as one and read the code from the SMS outbox.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction

from suzhaohuo.accounts.choices import Role
from suzhaohuo.accounts.models import User
from suzhaohuo.accounts.services import users_create_with_mobile
from suzhaohuo.core.demo import DemoContext
from suzhaohuo.core.validators import id_check_char, uscc_check_char
from suzhaohuo.identity.models import Employer
from suzhaohuo.identity.services import (
    EmployerRegistration,
    PersonSubmission,
    employers_register,
    employers_verify,
    person_identities_submit,
    persons_verify_in_person,
)
from suzhaohuo.regions.selectors import townships

HUJI = "321322102"
BATCH = 500
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰海燕春梅德龙"
FIRMS = ["建筑劳务", "物流", "农业科技", "家政服务", "电子商务", "食品", "木业", "花木", "纺织", "餐饮管理", "保洁服务",
         "装饰工程"]


def demo_worker_mobile(i: int) -> str:
    return f"138{i:08d}"


def demo_employer_mobile(i: int) -> str:
    return f"139{i:08d}"


def _name(ctx: DemoContext) -> str:
    return ctx.rng.choice(SURNAMES) + "".join(ctx.rng.choice(GIVEN) for _ in range(ctx.rng.choice((1, 2))))


def _id_number(i: int, county: str) -> str:
    """A valid, unique resident ID: county area code, birth date from the index, sequence digits."""
    year = 1960 + (i * 7919) % 45
    month, day = 1 + (i // 45) % 12, 1 + (i // 540) % 28
    seq = (i // 15120) % 1000
    first17 = f"{county}{year:04d}{month:02d}{day:02d}{seq:03d}"
    return first17 + id_check_char(first17)


def _uscc(i: int, county: str) -> str:
    first17 = f"9132{county[2:6]}MA{i:07d}"[:17]
    return first17 + uscc_check_char(first17)


def _verifier(staff: dict[str, Any], code: str) -> Any:
    if code == HUJI and "huji" in staff:
        return staff["huji"]
    if code.startswith("321322") and "shuyang" in staff:
        return staff["shuyang"]
    return staff.get("shizhan") or staff["admin"]


def seed(ctx: DemoContext) -> None:
    staff = ctx.shared.get("staff", {})
    towns = list(townships())
    started = time.monotonic()
    workers: list[Any] = ctx.shared.setdefault("workers", [])
    existing_workers = User.objects.filter(role=Role.WORKER, username__startswith="m").count()
    pending_huji = 0
    huji = next(t for t in towns if t.code == HUJI)
    for start in range(0, ctx.workers, BATCH):
        stop = min(start + BATCH, ctx.workers)
        with transaction.atomic():
            numbers = [existing_workers + i + 1 for i in range(start, stop)]
            # Spread over every township; every 9th person lives in 胡集镇 so its station has work.
            towns_of = [towns[i % len(towns)] if i % 9 else huji for i in range(start, stop)]
            names = [_name(ctx) for _n in numbers]
            users = users_create_with_mobile(mobiles=[demo_worker_mobile(n) for n in numbers], role=Role.WORKER,
                                             display_names=names)
            identities = person_identities_submit(submissions=[
                PersonSubmission(user=u, real_name=name, township_code=t.code,
                                 id_number=_id_number(n, t.parent_id or t.code[:6]))
                for u, t, n, name in zip(users, towns_of, numbers, names, strict=True)], update_worker_profile=True)
            to_verify: dict[int, tuple[Any, list[Any]]] = {}
            for identity, town in zip(identities, towns_of, strict=True):
                if town.code == HUJI and pending_huji < 4:
                    pending_huji += 1
                    continue
                if ctx.rng.random() < 0.15:
                    continue
                verifier = _verifier(staff, town.code)
                to_verify.setdefault(verifier.pk, (verifier, []))[1].append(identity)
            for verifier, group in to_verify.values():
                persons_verify_in_person(actor=verifier, identities=group)
            workers.extend(users)
        ctx.log(f"  零工 {stop}/{ctx.workers}（{time.monotonic() - started:.0f} 秒）")

    employers: list[Employer] = ctx.shared.setdefault("employers", [])
    base = Employer.objects.count()
    for start in range(0, ctx.employers, BATCH):
        stop = min(start + BATCH, ctx.employers)
        with transaction.atomic():
            numbers = [base + i + 1 for i in range(start, stop)]
            users = users_create_with_mobile(mobiles=[demo_employer_mobile(n) for n in numbers], role=Role.EMPLOYER)
            registrations, verify_at = [], []
            for i, n, user in zip(range(start, stop), numbers, users, strict=True):
                town = towns[(i * 5) % len(towns)] if i else huji
                county = town.parent_id or town.code[:6]
                is_agency = i == 1
                if i % 4 != 3:
                    firm = "众联人力资源服务" if is_agency else ctx.rng.choice(FIRMS)
                    registrations.append(EmployerRegistration(
                        user=user, kind="enterprise", name=f"宿迁{town.name[:2]}{firm}有限公司{n}",
                        township_code=town.code, address=f"{town.name}人民路{n % 300 + 1}号", uscc=_uscc(n, county),
                        legal_representative=_name(ctx), handler_name=_name(ctx),
                        handler_id_number=_id_number(900_000 + n, county), is_agency=is_agency,
                        hr_licence_number=f"(苏)人服证字[2025]第{n:04d}号" if is_agency else ""))
                else:
                    registrations.append(EmployerRegistration(
                        user=user, kind="individual", name=_name(ctx), township_code=town.code,
                        address=f"{town.name}{ctx.rng.randint(1, 30)}组", person_id_number=_id_number(500_000 + n, county)))
                verify_at.append(i == 0 or ctx.rng.random() < 0.9)
            registered = employers_register(registrations=registrations)
            employers.extend(registered)
            groups: dict[int, tuple[Any, list[Employer]]] = {}
            for employer, verify in zip(registered, verify_at, strict=True):
                if verify:
                    verifier = _verifier(staff, employer.township_id or "")
                    groups.setdefault(verifier.pk, (verifier, []))[1].append(employer)
            for verifier, egroup in groups.values():
                verified = {e.pk: e for e in employers_verify(actor=verifier, employers=egroup)}
                employers[:] = [verified.get(e.pk, e) for e in employers]
    ctx.log(f"  零工 {len(workers)} 人、用工主体 {len(employers)} 家（{time.monotonic() - started:.0f} 秒）；"
            f"示例登录手机号：零工 {demo_worker_mobile(existing_workers + 1)}，用工主体 {demo_employer_mobile(base + 1)}")
