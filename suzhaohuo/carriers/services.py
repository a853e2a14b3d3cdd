"""Writes of the service network: the carrier registry, station-console actions (each one writes
the service ledger), job pushes to residents, and jobs posted on an employer's behalf.

Every console action goes through ``_ledger(...)`` inside its own transaction, so the 服务台账 is
complete by construction. Ledger and push records are never deleted here (kept ≥ 2 years).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.accounts.choices import STAFF_ROLES, Role
from suzhaohuo.accounts.models import User
from suzhaohuo.carriers.choices import (
    AuthorizationMethod,
    CarrierKind,
    CarrierService,
    Outcome,
    Partner,
    ServiceKind,
)
from suzhaohuo.carriers.errors import CarrierErrorCode
from suzhaohuo.carriers.models import Carrier, JobAuthorization, PushRecord, ServiceRecord
from suzhaohuo.core.errors import AppError
from suzhaohuo.core.masking import mask_id_number, mask_mobile, mask_name
from suzhaohuo.core.services import audit_record
from suzhaohuo.kernel import policy
from suzhaohuo.kernel.pay import pay_text
from suzhaohuo.kernel.policy import Action, in_scope, scoped_by_prefix
from suzhaohuo.regions.choices import RegionLevel
from suzhaohuo.regions.models import Region
from suzhaohuo.regions.selectors import region_get, region_path

# --- carrier registry ----------------------------------------------------------------------------


@dataclass
class CarrierInput:
    kind: str
    name: str
    region_code: str
    address: str
    lat: float | None
    lng: float | None
    partner: str = ""
    host_organization: str = ""
    opening_hours: str = ""
    phone: str = ""
    services: list[str] = field(default_factory=list)
    is_active: bool = True


# Which region levels each kind of carrier may be registered at.
_LEVELS: dict[str, tuple[str, ...]] = {
    CarrierKind.CITY_MARKET: (RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP),
    CarrierKind.COUNTY_MARKET: (RegionLevel.COUNTY, RegionLevel.TOWNSHIP),
    CarrierKind.COMPREHENSIVE_MARKET: (RegionLevel.COUNTY, RegionLevel.TOWNSHIP),
    CarrierKind.STATION: (RegionLevel.TOWNSHIP,),
    CarrierKind.WINDOW: (RegionLevel.VILLAGE,),
    CarrierKind.CO_BUILT: (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE),
}
_LEVEL_HINT: dict[str, str] = {
    CarrierKind.STATION: _("零工服务驿站请选择所在的乡镇（街道）。"),
    CarrierKind.WINDOW: _("零工服务专窗请选择所在的村（社区）。"),
    CarrierKind.CO_BUILT: _("共建站点请选择所在的乡镇（街道）或村（社区）。"),
}
_PHONE_RE = re.compile(r"^[0-9+\-() ]{7,20}$")


def _upload_name(upload: UploadedFile[bytes]) -> str:
    """The file name to store an upload under. Form file fields reject nameless uploads, so the fallback
    only covers an UploadedFile built by hand without a name."""
    return upload.name or "upload"


def address_normalize(address: str, region: Region | None = None) -> str:
    """Comparable form of an address: NFKC, no spaces or punctuation, without leading region names."""
    text = unicodedata.normalize("NFKC", address or "").lower()
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZ")
    if region is not None:
        for r in region_path(region.code):  # strip "宿迁市沭阳县胡集镇" style prefixes (not village names)
            if r.level != RegionLevel.VILLAGE and text.startswith(r.name):
                text = text[len(r.name):]
    return text


def _address_key(address: str, region: Region) -> str:
    return f"{region.code[:9]}|{address_normalize(address, region)}"[:200]


def bounds_check(*, lat: float | None, lng: float | None) -> tuple[float, float]:
    """Coordinates must be numbers inside settings.SZH_BOUNDS (lng_min, lat_min, lng_max, lat_max)."""
    if lat is None or lng is None:
        raise AppError(CarrierErrorCode.COORDINATES_REQUIRED, _("请填写经纬度（可在地图上取点后填入）。"), "lat")
    lng_min, lat_min, lng_max, lat_max = settings.SZH_BOUNDS
    if not (lat_min <= float(lat) <= lat_max and lng_min <= float(lng) <= lng_max):
        city = Region.objects.filter(code=settings.SZH_CITY_CODE).values_list("name", flat=True).first() or ""
        raise AppError(CarrierErrorCode.OUT_OF_BOUNDS,
                       _("坐标不在%(city)s范围内，请核对经纬度：经度应在%(a)s到%(b)s之间，纬度应在%(c)s到%(d)s之间。")
                       % {"city": city or _("本市"), "a": lng_min, "b": lng_max, "c": lat_min, "d": lat_max}, "lat")
    return float(lat), float(lng)


def _staff_fits(user: Any, region_code: str) -> None:
    if getattr(user, "role", None) not in STAFF_ROLES and not getattr(user, "is_superuser", False):
        raise AppError(CarrierErrorCode.NOT_STAFF, _("“%(u)s”不是工作人员账号，请选择零工服务站点工作人员。") % {"u": user},
                       "staff")
    if not in_scope(user, region_code):
        raise AppError(CarrierErrorCode.OUT_OF_SCOPE,
                       _("工作人员“%(u)s”的管辖范围不包含这个载体所在地区，请选择本地区的工作人员，或先调整其管辖范围。")
                       % {"u": user}, "staff")


def _validate(data: CarrierInput, *, actor: User | None, instance: Carrier | None = None) -> dict[str, Any]:
    if data.kind not in CarrierKind.values:
        raise AppError(CarrierErrorCode.KIND_REQUIRED, _("请选择载体类型。"), "kind")
    partner = data.partner if data.kind == CarrierKind.CO_BUILT else ""
    if data.kind == CarrierKind.CO_BUILT and partner not in Partner.values:
        raise AppError(CarrierErrorCode.PARTNER_REQUIRED, _("请选择共建单位（组织部门、工会或城管）。"), "partner")
    name = (data.name or "").strip()
    if not name:
        raise AppError(CarrierErrorCode.NAME_REQUIRED, _("请输入载体名称，例如“胡集镇零工服务驿站”。"), "name")
    region = region_get(data.region_code, field="region_code")
    if region.level not in _LEVELS[data.kind]:
        raise AppError(CarrierErrorCode.BAD_REGION_LEVEL,
                       _LEVEL_HINT.get(data.kind, _("请选择载体所在的县（区）或乡镇（街道）。")), "region_code")
    if getattr(actor, "pk", None) and not in_scope(actor, region.code):
        raise AppError(CarrierErrorCode.OUT_OF_SCOPE, _("这个地区不在您的管辖范围内，请选择您管辖范围内的地区。"),
                       "region_code", status=403)
    address = (data.address or "").strip()
    if not address:
        raise AppError(CarrierErrorCode.ADDRESS_REQUIRED, _("请输入详细地址。"), "address")
    lat, lng = bounds_check(lat=data.lat, lng=data.lng)
    phone = unicodedata.normalize("NFKC", data.phone or "").strip()
    if phone and not _PHONE_RE.match(phone):
        raise AppError(CarrierErrorCode.BAD_PHONE, _("请输入正确的联系电话，例如 0527-88888888。"), "phone")
    unknown = [s for s in data.services if s not in CarrierService.values]
    if unknown:
        raise AppError(CarrierErrorCode.UNKNOWN_SERVICE, _("请从列表中选择服务项目。"), "services")
    key = _address_key(address, region)
    clash = Carrier.objects.filter(kind=data.kind, partner=partner, address_key=key)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    other = clash.first()
    if other is not None:
        raise AppError(CarrierErrorCode.DUPLICATE_ADDRESS,
                       _("这个地址已登记了同类载体“%(n)s”，请勿重复登记；如需修改，请编辑原记录。") % {"n": other.name},
                       "address", status=409)
    return {"kind": data.kind, "partner": partner, "name": name[:100],
            "host_organization": (data.host_organization or "").strip()[:100], "region": region,
            "address": address[:200], "address_key": key, "lat": lat, "lng": lng,
            "opening_hours": (data.opening_hours or "").strip()[:100], "phone": phone,
            "services": list(dict.fromkeys(data.services)), "is_active": data.is_active}


@transaction.atomic
def carrier_create(*, actor: User | None, data: CarrierInput, staff: list[Any] | None = None,
                   photo: UploadedFile[bytes] | None = None) -> Carrier:
    """Register a carrier. Refuses a region outside the actor's scope, staff from another region,
    coordinates outside the deployment's bounds and a second carrier of the same kind at one address."""
    values = _validate(data, actor=actor)
    for user in staff or []:
        _staff_fits(user, values["region"].code)
    carrier = Carrier.objects.create(**values)
    if photo is not None:
        carrier.photo.save(_upload_name(photo), photo, save=True)
    if staff:
        carrier.staff.add(*staff)
    audit_record(actor=actor, action="carriers.carrier_create", target=carrier, region_code=carrier.region_id,
                 data={"kind": carrier.kind, "staff": [u.pk for u in staff or []]})
    return carrier


@transaction.atomic
def carrier_update(*, actor: User, carrier: Carrier, data: CarrierInput,
                   photo: UploadedFile[bytes] | None = None) -> Carrier:
    if getattr(actor, "pk", None) and not in_scope(actor, carrier.region_id):
        raise AppError(CarrierErrorCode.OUT_OF_SCOPE, _("这个载体不在您的管辖范围内。"), status=403)
    values = _validate(data, actor=actor, instance=carrier)
    for name, value in values.items():
        setattr(carrier, name, value)
    carrier.save()
    if photo is not None:
        carrier.photo.save(_upload_name(photo), photo, save=True)
    for user in carrier.staff.all():
        _staff_fits(user, carrier.region_id)
    audit_record(actor=actor, action="carriers.carrier_update", target=carrier, region_code=carrier.region_id)
    return carrier


@transaction.atomic
def carrier_staff_add(*, actor: User, carrier: Carrier, user: Any) -> Carrier:
    """Link a staff account to a carrier; the carrier must lie inside that person's region."""
    _staff_fits(user, carrier.region_id)
    carrier.staff.add(user)
    audit_record(actor=actor, action="carriers.staff_add", target=carrier, region_code=carrier.region_id,
                 data={"user": user.pk})
    return carrier


@transaction.atomic
def carrier_staff_remove(*, actor: User, carrier: Carrier, user: Any) -> Carrier:
    carrier.staff.remove(user)
    audit_record(actor=actor, action="carriers.staff_remove", target=carrier, region_code=carrier.region_id,
                 data={"user": user.pk})
    return carrier


# --- the service ledger ----------------------------------------------------------------------------


def subject_label(user: Any) -> str:
    """Masked '张* 139****0001' label of a served person, kept in the ledger."""
    if user is None:
        return ""
    identity = getattr(user, "identity", None) if hasattr(user, "identity") else None
    name = mask_name(identity.real_name) if identity is not None else ""
    return " ".join(p for p in (name, mask_mobile(getattr(user, "mobile", ""))) if p)[:100]


def _ledger(*, carrier: Carrier, actor: User, kind: str, description: str, subject: Any = None, job: Any = None,
            outcome: str = Outcome.DONE) -> ServiceRecord:
    region = ""
    if job is not None:
        region = job.township_id or ""
    elif subject is not None:
        profile = getattr(subject, "worker_profile", None) if hasattr(subject, "worker_profile") else None
        region = getattr(profile, "home_township_id", "") or ""
    return ServiceRecord.objects.create(
        carrier=carrier, staff=actor if getattr(actor, "pk", None) else None, kind=kind, subject=subject,
        subject_label=subject_label(subject), job=job, description=description[:300], outcome=outcome,
        region_code=region or carrier.region_id)


def console_check(*, actor: User, carrier: Carrier) -> str:
    """The acting staff member must work at ``carrier``; returns the area prefix the console serves."""
    from suzhaohuo.carriers.selectors import console_area_prefix

    if not getattr(actor, "is_authenticated", False) or not (
            actor.is_superuser or carrier.staff.filter(pk=actor.pk).exists()):
        raise AppError(CarrierErrorCode.NO_CARRIER, _("您不是这个站点的工作人员，请从自己站点的工作台办理。"), status=403)
    return console_area_prefix(actor, carrier)


def _require_in_area(code: str | None, prefix: str, err: str, message: str, fld: str | None = None) -> None:
    if not (code or "").startswith(prefix):
        raise AppError(err, message, fld, status=403)


# --- assisted registration ---------------------------------------------------------------------------


@dataclass
class WalkInInput:
    mobile: str
    real_name: str
    id_number: str
    township_code: str
    id_card_seen: bool = False
    privacy_accepted: bool = False
    category_codes: list[str] = field(default_factory=list)
    skills: str = ""
    days_available: str = ""
    max_distance_km: int | None = None
    desired_pay: Decimal | None = None
    settlement_preference: str = ""
    receive_pushes: bool = True


def walkin_register(*, actor: User, carrier: Carrier, data: WalkInInput) -> Any:
    """Register a walk-in worker: account, real name, skills and wishes, and (when staff checked the ID
    card) in-person verification, all in one transaction. Writes one ledger entry per service."""
    from suzhaohuo.accounts.services import privacy_notice_accept, user_create_with_mobile, user_get_by_mobile
    from suzhaohuo.identity.services import person_identity_submit, person_verify_in_person
    from suzhaohuo.workers.services import worker_profile_update

    area = console_check(actor=actor, carrier=carrier)
    if not data.township_code:
        raise AppError(CarrierErrorCode.PERSON_OUT_OF_AREA, _("请选择本人常住的乡镇（街道）。"), "township_code")
    _require_in_area(data.township_code, area, CarrierErrorCode.PERSON_OUT_OF_AREA,
                     _("请选择本站服务范围内的乡镇（街道）；外地人员请到其常住地的站点办理。"), "township_code")
    if not data.privacy_accepted:
        raise AppError(CarrierErrorCode.AUTHORIZATION_REQUIRED,
                       _("请向本人说明《隐私政策》，本人同意后再勾选“本人已同意”。"), "privacy_accepted")
    with transaction.atomic():
        user = user_get_by_mobile(data.mobile)
        if user is not None and user.role != Role.WORKER:
            raise AppError(CarrierErrorCode.PERSON_OUT_OF_AREA,
                           _("这个手机号已注册为用工主体或工作人员账号，请换一个手机号登记。"), "mobile")
        created = user is None
        if user is None:
            user = user_create_with_mobile(mobile=data.mobile, role=Role.WORKER, actor=actor)
            privacy_notice_accept(user=user)
        identity = person_identity_submit(user=user, real_name=data.real_name, id_number=data.id_number,
                                          township_code=data.township_code, actor=actor)
        worker_profile_update(user=user, actor=actor, home_township_code=data.township_code,
                              category_codes=data.category_codes, skills=data.skills.strip(),
                              days_available=data.days_available, max_distance_km=data.max_distance_km,
                              desired_pay=data.desired_pay, settlement_preference=data.settlement_preference,
                              receive_pushes=data.receive_pushes)
        user.refresh_from_db()
        _ledger(carrier=carrier, actor=actor, kind=ServiceKind.REGISTRATION, subject=user,
                description=_("代为注册账号并登记实名信息") if created else _("已有账号，更新实名信息"),
                outcome=Outcome.DONE if data.id_card_seen else Outcome.PENDING)
        if data.id_card_seen:
            person_verify_in_person(actor=actor, identity=identity, approve=True, id_card_seen=True)
            _ledger(carrier=carrier, actor=actor, kind=ServiceKind.VERIFICATION, subject=user,
                    description=_("核对身份证原件，实名认证通过"))
        _ledger(carrier=carrier, actor=actor, kind=ServiceKind.PROFILE, subject=user,
                description=_("登记技能和意愿：%(s)s") % {"s": _profile_summary(data.skills, data.category_codes)})
    return user


def _profile_summary(skills: str, category_codes: list[str]) -> str:
    from suzhaohuo.jobs.models import JobCategory

    names = list(JobCategory.objects.filter(code__in=category_codes).values_list("name", flat=True))
    return "、".join([*names, skills.strip()] if skills.strip() else names) or _("未填写")


def person_verify_at_station(*, actor: User, carrier: Carrier, user: Any, id_card_seen: bool,
                             approve: bool = True, reason: str = "") -> Any:
    from suzhaohuo.identity.services import person_verify_in_person

    area = console_check(actor=actor, carrier=carrier)
    _person_in_area(user, area)
    identity = getattr(user, "identity", None)
    if identity is None:
        raise AppError(CarrierErrorCode.PERSON_OUT_OF_AREA, _("请先为本人登记姓名和身份证号。"))
    with transaction.atomic():
        identity = person_verify_in_person(actor=actor, identity=identity, approve=approve, reason=reason,
                                           id_card_seen=id_card_seen)
        _ledger(carrier=carrier, actor=actor, kind=ServiceKind.VERIFICATION, subject=user,
                description=_("核对身份证原件，实名认证通过") if approve else _("实名核验未通过：%(r)s") % {"r": reason},
                outcome=Outcome.DONE if approve else Outcome.PENDING)
    return identity


def worker_profile_record(*, actor: User, carrier: Carrier, user: Any, category_codes: list[str], skills: str,
                          days_available: str = "", max_distance_km: int | None = None,
                          desired_pay: Decimal | None = None, settlement_preference: str = "",
                          receive_pushes: bool | None = None) -> Any:
    from suzhaohuo.workers.services import worker_profile_update

    area = console_check(actor=actor, carrier=carrier)
    _person_in_area(user, area)
    with transaction.atomic():
        profile = worker_profile_update(user=user, actor=actor, category_codes=category_codes, skills=skills.strip(),
                                        days_available=days_available, max_distance_km=max_distance_km,
                                        desired_pay=desired_pay, settlement_preference=settlement_preference,
                                        receive_pushes=receive_pushes)
        _ledger(carrier=carrier, actor=actor, kind=ServiceKind.PROFILE, subject=user,
                description=_("登记技能和意愿：%(s)s") % {"s": _profile_summary(skills, category_codes)})
    return profile


def _person_in_area(user: Any, area: str) -> None:
    profile = getattr(user, "worker_profile", None) if hasattr(user, "worker_profile") else None
    code = getattr(profile, "home_township_id", None) or ""
    _require_in_area(code, area, CarrierErrorCode.PERSON_OUT_OF_AREA,
                     _("此人不在本站服务范围内，请由其常住地的站点办理。"))


# --- matching, shortlist -------------------------------------------------------------------------------


@transaction.atomic
def match_jobs_for_person(*, actor: User, carrier: Carrier, user: Any, limit: int = 10) -> list[Any]:
    """为人找岗位: matching's recommendations for this person, logged in the ledger."""
    from suzhaohuo.matching.selectors import recommend_for_worker

    area = console_check(actor=actor, carrier=carrier)
    _person_in_area(user, area)
    hits = list(recommend_for_worker(user, limit=limit))
    _ledger(carrier=carrier, actor=actor, kind=ServiceKind.MATCH_FOR_WORKER, subject=user,
            description=_("为本人查找岗位，找到%(n)d个") % {"n": len(hits)},
            outcome=Outcome.REFERRED if hits else Outcome.NO_MATCH)
    return hits


@transaction.atomic
def match_workers_for_job_at(*, actor: User, carrier: Carrier, job: Any, limit: int = 20) -> list[Any]:
    """为岗位找人: registered residents of the carrier's area who fit ``job``, logged in the ledger."""
    from suzhaohuo.matching.selectors import match_workers_for_job

    area = console_check(actor=actor, carrier=carrier)
    hits = list(match_workers_for_job(job, limit=limit, region_prefix=area))
    _ledger(carrier=carrier, actor=actor, kind=ServiceKind.MATCH_FOR_JOB, job=job,
            description=_("为岗位“%(t)s”查找本地人员，找到%(n)d人") % {"t": job.title, "n": len(hits)},
            outcome=Outcome.REFERRED if hits else Outcome.NO_MATCH)
    return hits


@transaction.atomic
def shortlist_print(*, actor: User, carrier: Carrier, user: Any, job_ids: list[int]) -> list[Any]:
    """Record that a person's job shortlist was printed; returns the jobs in the chosen order."""
    from suzhaohuo.jobs.selectors import jobs_public

    area = console_check(actor=actor, carrier=carrier)
    _person_in_area(user, area)
    by_id = {j.pk: j for j in jobs_public().filter(pk__in=job_ids)
             if policy.standing(actor, Action.JOB_SHOW, target=j)}  # not a suspended employer's postings
    jobs = [by_id[i] for i in dict.fromkeys(job_ids) if i in by_id]
    if not jobs:
        raise AppError(CarrierErrorCode.NOTHING_SELECTED, _("请至少勾选一个岗位再打印。"), "jobs")
    _ledger(carrier=carrier, actor=actor, kind=ServiceKind.SHORTLIST_PRINT, subject=user,
            description=_("打印岗位清单：%(t)s") % {"t": "、".join(j.title for j in jobs)}, outcome=Outcome.REFERRED)
    return jobs


# --- posting on an employer's behalf ----------------------------------------------------------------------


@dataclass
class AuthorizationInput:
    authorized_by: str
    method: str
    id_number: str = ""
    letter_photo: UploadedFile[bytes] | None = None


def _validate_authorization(auth: AuthorizationInput) -> tuple[str, str]:
    from suzhaohuo.core.validators import id_number_is_valid, normalize_id_number

    who = (auth.authorized_by or "").strip()
    if not who:
        raise AppError(CarrierErrorCode.AUTHORIZATION_REQUIRED, _("请填写授权人姓名（用工主体负责人或经办人）。"),
                       "authorized_by")
    if auth.method not in AuthorizationMethod.values:
        raise AppError(CarrierErrorCode.AUTHORIZATION_REQUIRED, _("请选择授权方式。"), "method")
    masked = ""
    if auth.method == AuthorizationMethod.SIGNED_LETTER and auth.letter_photo is None:
        raise AppError(CarrierErrorCode.AUTHORIZATION_REQUIRED, _("请拍照上传签字盖章的授权书。"), "letter_photo")
    if auth.method == AuthorizationMethod.IN_PERSON:
        number = normalize_id_number(auth.id_number or "")
        if not id_number_is_valid(number):
            raise AppError(CarrierErrorCode.AUTHORIZATION_REQUIRED, _("请输入授权人的18位身份证号码（核对原件）。"),
                           "id_number")
        masked = mask_id_number(number)
    return who[:64], masked


def job_post_on_behalf(*, actor: User, carrier: Carrier, employer: Any, data: Any,
                       authorization: AuthorizationInput) -> Any:
    """Post a job for a local employer; the employer's authorisation is recorded beside the job."""
    from suzhaohuo.jobs.choices import JobOrigin
    from suzhaohuo.jobs.services import job_create

    area = console_check(actor=actor, carrier=carrier)
    _require_in_area(employer.township_id, area, CarrierErrorCode.EMPLOYER_OUT_OF_AREA,
                     _("这个用工主体不在本站服务范围内，请由其所在地的站点代为发布。"), "employer")
    who, masked = _validate_authorization(authorization)
    label = dict(AuthorizationMethod.choices)[authorization.method]
    note = _("%(m)s；授权人：%(w)s%(id)s；经办：%(c)s") % {
        "m": label, "w": who, "id": f"（{masked}）" if masked else "", "c": carrier.name}
    with transaction.atomic():
        job = job_create(actor=actor, employer=employer, data=data, origin=JobOrigin.STATION,
                         authorization_note=str(note)[:300])
        auth = JobAuthorization.objects.create(job=job, carrier=carrier, staff=actor, authorized_by=who,
                                               method=authorization.method, id_number_masked=masked)
        if authorization.letter_photo is not None:
            auth.letter_photo.save(_upload_name(authorization.letter_photo), authorization.letter_photo,
                                   save=True)
        _ledger(carrier=carrier, actor=actor, kind=ServiceKind.JOB_POST, subject=employer.owner, job=job,
                description=_("为“%(e)s”代发岗位“%(t)s”（%(m)s）") % {"e": employer.name, "t": job.title, "m": label})
        audit_record(actor=actor, action="carriers.job_post_on_behalf", target=job, region_code=job.township_id,
                     data={"carrier": carrier.pk, "authorized_by": who, "method": authorization.method})
    return job


# --- pushing jobs to residents ---------------------------------------------------------------------------


@dataclass
class PushResult:
    sent: int = 0
    sms: int = 0
    skipped_opted_out: int = 0
    skipped_daily_cap: int = 0
    skipped_already_sent: int = 0
    jobs: int = 0


def push_daily_cap() -> int:
    """How many pushes one resident gets per day at most: all carriers and automatic dispatch together."""
    from suzhaohuo.matching.services import push_daily_cap as cap

    return cap()


def jobs_push(*, actor: User, carrier: Carrier, job_ids: list[int], per_job_limit: int = 50) -> PushResult:
    """Send each chosen job of the carrier's area to matching registered residents (in-app + SMS).

    Never pushes to someone who opted out (WorkerProfile.receive_pushes False), never the same job twice
    to one person, and at most ``push_daily_cap()`` pushes per person per day, counting automatic dispatch
    too: each send goes through matching's one push record (``matching.services.station_push``); the
    station's own PushRecord notes who pushed it and whether an SMS went out.
    """
    from suzhaohuo.jobs.selectors import jobs_public
    from suzhaohuo.matching.selectors import match_workers_for_job
    from suzhaohuo.matching.services import PushRefused, station_push
    from suzhaohuo.notifications.services import notify
    from suzhaohuo.workers.models import WorkerProfile

    area = console_check(actor=actor, carrier=carrier)
    jobs = [j for j in scoped_by_prefix(jobs_public().filter(pk__in=job_ids), area, "township_id")
            if policy.standing(actor, Action.JOB_SHOW, target=j)]  # not a suspended employer's postings
    if not jobs:
        raise AppError(CarrierErrorCode.NOTHING_SELECTED, _("请至少勾选一个本站服务范围内的在招岗位。"), "jobs")
    result = PushResult(jobs=len(jobs))
    now = timezone.now()
    today = timezone.localdate(now)
    for job in jobs:
        sent_for_job = 0
        with transaction.atomic():
            hits = match_workers_for_job(job, limit=per_job_limit, region_prefix=area)
            wants = dict(WorkerProfile.objects.filter(user__in=[h.user for h in hits])
                         .values_list("user_id", "receive_pushes"))
            for hit in hits:
                user = hit.user
                if not wants.get(user.pk, False):
                    result.skipped_opted_out += 1
                    continue
                try:
                    station_push(job=job, worker=user, reasons=[carrier.name, *hit.reasons][:4], now=now)
                except PushRefused as refused:
                    if refused.reason == "already_sent":
                        result.skipped_already_sent += 1
                    else:
                        result.skipped_daily_cap += 1
                    continue
                note = notify(user=user, event="job_push", title=_("%(c)s为您推荐岗位：%(t)s") % {
                    "c": carrier.name, "t": job.title}, body=_job_line(job), url=f"/jobs/{job.pk}/")
                PushRecord.objects.create(carrier=carrier, staff=actor, job=job, recipient=user,
                                          sent_sms=note.sent_sms, pushed_on=today)
                result.sent += 1
                result.sms += int(note.sent_sms)
                sent_for_job += 1
            _ledger(carrier=carrier, actor=actor, kind=ServiceKind.PUSH, job=job,
                    description=_("向%(n)d位本地居民推送岗位“%(t)s”") % {"n": sent_for_job, "t": job.title},
                    outcome=Outcome.REFERRED if sent_for_job else Outcome.NO_MATCH)
    audit_record(actor=actor, action="carriers.jobs_push", target=carrier, region_code=carrier.region_id,
                 data={"jobs": [j.pk for j in jobs], "sent": result.sent})
    return result


def _job_line(job: Any) -> str:
    """One plain line about a job: pay, place, settlement."""
    return "，".join(p for p in (pay_text(job), job.township.name if job.township_id else "",
                                 job.get_settlement_display()) if p)
