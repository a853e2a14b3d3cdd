"""Standing checks this app contributes to ``kernel.policy`` (discovered at start-up).

Every path that posts, imports, applies, logs in, reveals personal data or registers an identity asks the
policy; these checks answer "not now" with the sanction's reason, basis and how to appeal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from suzhaohuo.kernel import policy
from suzhaohuo.kernel.policy import Action, Decision, MaybeActor
from suzhaohuo.regulation import selectors
from suzhaohuo.regulation.choices import ListingKey, SubjectType
from suzhaohuo.regulation.errors import RegulationErrorCode as Code
from suzhaohuo.regulation.models import AbnormalListing, Sanction

APPEAL_HINT = "可在「我的 → 监管处理与申诉」提出申诉。"


def sanction_message(s: Sanction) -> str:
    until = (_("至%(d)s") % {"d": timezone.localtime(s.ends_at).strftime("%Y-%m-%d %H:%M")}) if s.ends_at else _("（未定期限）")
    return _("已被监管部门处以「%(k)s」%(u)s。原因：%(r)s。依据：%(b)s。%(h)s") % {
        "k": s.get_kind_display(), "u": until, "r": s.reason, "b": s.legal_basis, "h": _(APPEAL_HINT)}


def _deny(code: str, message: str) -> Decision:
    return Decision(False, str(code), message)


def _employer_of(target: Any) -> Any:
    """An Employer from the target: the employer itself, or a posting's employer."""
    if target is None:
        return None
    if getattr(target, "_meta", None) is not None and target._meta.label_lower == "identity.employer":
        return target
    if hasattr(target, "employer_id") and hasattr(target, "employer"):
        return target.employer
    return None


def _account(actor: MaybeActor) -> Decision | None:
    closure = selectors.account_closure(getattr(actor, "pk", None)) if getattr(actor, "is_authenticated", False) \
        else None
    if closure is not None:
        return _deny(Code.ACCOUNT_CLOSED, _("您的账户%(m)s") % {"m": sanction_message(closure)})
    return None


def employer_standing(employer: Any) -> Decision | None:
    """Sanctions and listings on the employer, its owner account, expired re-verification, agency licence."""
    if employer is None or getattr(employer, "pk", None) is None:
        return None
    s = selectors.posting_block(employer.pk, getattr(employer, "owner_id", None))
    if s is not None and s.subject_type == SubjectType.USER:
        return _deny(Code.ACCOUNT_CLOSED, _("用工主体“%(n)s”的账户%(m)s") % {"n": employer.name,
                                                                     "m": sanction_message(s)})
    if s is not None:
        return _deny(Code.SANCTIONED, _("用工主体“%(n)s”%(m)s") % {"n": employer.name, "m": sanction_message(s)})
    listing = selectors.employer_listing(employer)
    if listing is not None:
        return _deny(Code.LISTED, _("用工主体“%(n)s”已列入异常名录（%(r)s），不能发布岗位。%(h)s")
                     % {"n": employer.name, "r": listing.reason, "h": _(APPEAL_HINT)})
    verified_at, expires = getattr(employer, "verified_at", None), getattr(employer, "verification_expires_at", None)
    if verified_at is not None and expires is not None and expires <= timezone.now():
        return _deny(Code.REVERIFY_DUE, _("用工主体“%(n)s”的实名认证已超过6个月有效期，招聘服务已暂停。"
                                          "请到就近零工服务站重新认证后再发布。") % {"n": employer.name})
    if getattr(employer, "is_agency", False):
        register = selectors.licence_register()
        if register.is_loaded():
            answer = register.check(employer.hr_licence_number)
            if not answer.ok:
                why = {"unknown": _("在许可证登记册中查不到"), "expired": _("已过有效期"),
                       "revoked": _("已被注销"), "error": _("暂时无法核验（登记册服务不可用，请稍后再试）")
                       }.get(answer.status, answer.status)
                return _deny(Code.LICENCE_INVALID,
                             _("人力资源服务机构“%(n)s”的许可证（%(no)s）%(w)s，不能发布或代发岗位。请更新许可证后重新认证。")
                             % {"n": employer.name, "no": employer.hr_licence_number or "-", "w": why})
    return None


@policy.check(Action.JOB_POST, Action.JOB_POST_ON_BEHALF)
def posting_standing(actor: MaybeActor, action: Action, target: Any) -> Decision | None:
    return _account(actor) or employer_standing(_employer_of(target))


@policy.check(Action.JOB_IMPORT)
def import_standing(actor: MaybeActor, action: Action, target: Any) -> Decision | None:
    """A data source (target) suspended by a 暂停数据源 sanction, or an employer named by a row."""
    denied = _account(actor)
    if denied is not None:
        return denied
    if target is not None and getattr(target, "_meta", None) is not None \
            and target._meta.label_lower == "aggregation.source":
        s = selectors.source_suspension(target.pk)
        if s is not None:
            return _deny(Code.SOURCE_SUSPENDED, _("数据源“%(n)s”%(m)s") % {"n": target.name, "m": sanction_message(s)})
        # the source's own organisation record: sanctions, 6-month re-verification, agency licence
        org = getattr(target, "organization_employer", None) if getattr(target, "organization_employer_id", None) \
            else None
        return employer_standing(org)
    return employer_standing(_employer_of(target))


@policy.check(Action.JOB_APPLY, Action.LOGIN, Action.PII_REVEAL)
def account_standing(actor: MaybeActor, action: Action, target: Any) -> Decision | None:
    denied = _account(actor)
    if denied is None and action == Action.JOB_APPLY and show_standing(actor, Action.JOB_SHOW, target) is not None:
        return _deny(Code.SANCTIONED, _("该用工主体的招聘服务已被暂停，暂时不能报名这个岗位，请看看其他岗位。"))
    if denied is not None or action != Action.PII_REVEAL:
        return denied
    t = selectors.throttle_in_force(getattr(actor, "pk", None))
    if t is not None:
        return _deny(Code.THROTTLED, _("查看联系方式的操作异常频繁，已暂时限制至%(u)s（%(r)s）。如有疑问请联系当地零工服务站。")
                     % {"u": timezone.localtime(t.until).strftime("%Y-%m-%d %H:%M"), "r": t.reason})
    return None


@policy.check(Action.JOB_SHOW)
def show_standing(actor: MaybeActor, action: Action, target: Any) -> Decision | None:
    """A suspended / closed / listed employer's postings are not shown to the public."""
    employer = _employer_of(target)
    if employer is None and isinstance(target, int):
        from suzhaohuo.identity.models import Employer

        employer = Employer.objects.filter(pk=target).first()
    if employer is None:
        return None
    if selectors.posting_block(employer.pk, employer.owner_id) is not None:
        return _deny(Code.SANCTIONED, _("该用工主体的招聘服务已被暂停。"))
    return None


def _listing_keys(target: Any) -> list[tuple[str, str]]:
    """``target``: {"id_number": ...} and/or {"uscc": ...} (clear values, hashed later), or an identity/employer."""
    if isinstance(target, dict):
        return [(ListingKey.ID_NUMBER, str(target.get("id_number") or "")),
                (ListingKey.USCC, str(target.get("uscc") or ""))]
    if target is not None:
        return [(ListingKey.ID_NUMBER, str(getattr(target, "id_number", "") or "")),
                (ListingKey.USCC, str(getattr(target, "uscc", "") or ""))]
    return []


def _listed(key_type: str, listing: AbnormalListing) -> Decision:
    until = timezone.localtime(listing.ends_at).strftime("%Y-%m-%d") if listing.ends_at else _("另行通知")
    what = _("统一社会信用代码") if key_type == ListingKey.USCC else _("身份证号")
    return _deny(Code.LISTED, _("这个%(w)s已被列入异常名录（原因：%(r)s，期限至%(u)s），不能注册或认证。"
                                "如有异议请到当地人社部门或零工服务站申请核实。")
                 % {"w": what, "r": listing.reason, "u": until})


@policy.check(Action.IDENTITY_REGISTER, Action.IDENTITY_VERIFY)
def listing_standing(actor: MaybeActor, action: Action, target: Any) -> Decision | None:
    """``target``: {"id_number": ...} and/or {"uscc": ...} (clear values, hashed here), or an identity/employer."""
    for key_type, value in _listing_keys(target):
        listing = selectors.listing_in_force(key_type, value) if value else None
        if listing is not None:
            return _listed(key_type, listing)
    return None


@policy.check_many(listing_standing)
def listing_standing_many(actor: MaybeActor, action: Action, targets: Sequence[Any]) -> list[Decision | None]:
    """``listing_standing`` for a batch (bulk registration and verification): one 异常名录 query per 500 keys."""
    keys = [_listing_keys(t) for t in targets]
    found = selectors.listings_in_force(pair for pairs in keys for pair in pairs if pair[1])
    out: list[Decision | None] = []
    for pairs in keys:
        hit = next(((k, found[(k, v)]) for k, v in pairs if v and (k, v) in found), None)
        out.append(_listed(*hit) if hit is not None else None)
    return out
