"""The one access policy: who may do what, where, now.

Three questions, answered here and nowhere else:

* **Role** — ``ACTION_ROLES`` maps each action to the roles that may perform it (administrators may do all).
* **Region scope** — staff act only inside their region (a code prefix, ADR 0002); ``scoped()`` is the one
  queryset helper every selector uses, ``in_scope()`` the one check for a single record.
* **Standing** — other apps contribute checks for an action with ``@check(Action.X)`` in their
  ``policy_checks`` module (discovered at start-up), e.g. a sanction that suspends posting. A check returns a
  ``Decision`` that denies, or ``None``.

``decide()`` returns a typed ``Decision``; ``require()`` raises ``PermissionDenied`` with its message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from suzhaohuo.core.errors import CoreErrorCode, PermissionDenied, StaffOnly
from suzhaohuo.kernel.roles import STAFF_ROLES, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

M = TypeVar("M", bound=Model)


class ScopeRegion(Protocol):
    @property
    def scope_prefix(self) -> str: ...


class Actor(Protocol):
    """A signed-in user as the policy reads one (``accounts.User`` is one; the kernel sits below accounts)."""

    @property
    def pk(self) -> Any: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def is_superuser(self) -> bool: ...
    @property
    def role(self) -> str: ...
    @property
    def scope_region(self) -> ScopeRegion | None: ...


# Whoever the policy is asked about: a user, an anonymous visitor, or nobody (system work: tasks, pull imports).
type MaybeActor = Actor | AnonymousUser | None

# A prefix no region code starts with: staff without a scope (and non-staff) see nothing scoped.
NO_SCOPE = "∅"


class Action(StrEnum):
    """Everything the policy is asked about. Apps add members here, not role sets of their own."""

    JOB_POST = "job.post"  # an employer posts or edits its own posting
    JOB_POST_ON_BEHALF = "job.post_on_behalf"  # station staff post for an employer (recorded authorisation)
    JOB_IMPORT = "job.import"  # a department or agency brings jobs in (upload, push, pull)
    JOB_REVIEW = "job.review"  # the screening review queue, take-down
    JOB_APPLY = "job.apply"  # a worker applies for a posting
    IDENTITY_VERIFY = "identity.verify"  # in-person / document verification
    SOURCE_VIEW = "source.view"  # the aggregation sources dashboard
    WAGE_ALERT_HANDLE = "wage_alert.handle"  # 欠薪 alerts in the township queue
    STATION_CONSOLE = "station.console"  # walk-in registration, shortlists, ledger
    COMPLAINT_HANDLE = "complaint.handle"
    CASE_MEDIATE = "case.mediate"
    CASE_ARBITRATE = "case.arbitrate"
    SANCTION_DECIDE = "sanction.decide"
    REFERRAL_HANDLE = "referral.handle"
    TRAINING_MANAGE = "training.manage"
    INSURANCE_HANDLE = "insurance.handle"
    ASSISTANCE_MANAGE = "assistance.manage"  # 就业困难人员, 公益性岗位
    KPI_VIEW = "kpi.view"
    LOGIN = "account.login"
    JOB_SHOW = "job.show"  # a posting may be shown publicly (standing only: sanctions hide an employer's postings)
    PII_REVEAL = "pii.reveal"  # reveal an unmasked contact number / ID (standing: scraping throttle)
    IDENTITY_REGISTER = "identity.register"  # register an ID number / USCC (standing: 异常名录)
    # an employer lets an aggregation source publish on its behalf (standing authorisation) or confirms one
    # posting a source brought under its name
    SOURCE_AUTHORIZE = "source.authorize"
    SOURCE_AUTHORIZE_RECORD = "source.authorize_record"  # station staff record an employer's written authorisation


ACTION_ROLES: dict[Action, frozenset[Role]] = {
    Action.JOB_POST: frozenset({Role.EMPLOYER}),
    Action.JOB_POST_ON_BEHALF: frozenset({Role.STATION_STAFF}),
    Action.JOB_IMPORT: frozenset({Role.DEPARTMENT_OPERATOR, Role.AGENCY_OPERATOR}),
    Action.JOB_REVIEW: frozenset({Role.STATION_STAFF, Role.REGULATOR}),
    Action.JOB_APPLY: frozenset({Role.WORKER}),
    Action.IDENTITY_VERIFY: frozenset({Role.STATION_STAFF}),
    Action.SOURCE_VIEW: frozenset({Role.REGULATOR, Role.STATION_STAFF, Role.DEPARTMENT_OPERATOR,
                                   Role.AGENCY_OPERATOR}),
    Action.WAGE_ALERT_HANDLE: frozenset({Role.STATION_STAFF, Role.REGULATOR, Role.MEDIATOR}),
    Action.STATION_CONSOLE: frozenset({Role.STATION_STAFF}),
    Action.COMPLAINT_HANDLE: frozenset({Role.MEDIATOR, Role.REGULATOR, Role.STATION_STAFF}),
    Action.CASE_MEDIATE: frozenset({Role.MEDIATOR}),
    Action.CASE_ARBITRATE: frozenset({Role.ARBITRATION_CLERK}),
    Action.SANCTION_DECIDE: frozenset({Role.REGULATOR}),
    Action.REFERRAL_HANDLE: frozenset({Role.REGULATOR}),
    Action.TRAINING_MANAGE: frozenset({Role.TRAINING_PROVIDER, Role.STATION_STAFF}),
    Action.INSURANCE_HANDLE: frozenset({Role.INSURER, Role.STATION_STAFF}),
    Action.ASSISTANCE_MANAGE: frozenset({Role.STATION_STAFF}),
    Action.KPI_VIEW: frozenset({Role.REGULATOR, Role.STATION_STAFF, Role.DEPARTMENT_OPERATOR, Role.MEDIATOR,
                                Role.ARBITRATION_CLERK}),
    Action.LOGIN: frozenset(Role),
    Action.JOB_SHOW: frozenset(Role),
    Action.PII_REVEAL: frozenset(Role),
    Action.IDENTITY_REGISTER: frozenset(Role),
    Action.SOURCE_AUTHORIZE: frozenset({Role.EMPLOYER}),
    Action.SOURCE_AUTHORIZE_RECORD: frozenset({Role.STATION_STAFF}),
}


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    code: str = ""
    message: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)
Check = Callable[[MaybeActor, Action, Any], Decision | None]
# The batch form of a check: one answer per target, in order (e.g. one 异常名录 query for 500 ID numbers).
ManyCheck = Callable[[MaybeActor, Action, Sequence[Any]], list[Decision | None]]
_CHECKS: dict[Action, list[Check]] = defaultdict(list)
_MANY: dict[Check, ManyCheck] = {}


def check(*actions: Action) -> Callable[[Check], Check]:
    """Register a standing check for ``actions`` (used in apps' ``policy_checks`` modules)."""

    def register(fn: Check) -> Check:
        for action in actions:
            if fn not in _CHECKS[action]:
                _CHECKS[action].append(fn)
        return fn

    return register


def check_many(single: Check) -> Callable[[ManyCheck], ManyCheck]:
    """Register the batch form of the standing check ``single`` (same answers, fewer queries), used by
    ``standing_many``; ``single`` stays what ``decide`` and ``standing`` run."""

    def register(fn: ManyCheck) -> ManyCheck:
        _MANY[single] = fn
        return fn

    return register


def is_admin(actor: MaybeActor) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and (
        bool(getattr(actor, "is_superuser", False)) or getattr(actor, "role", None) == Role.ADMIN)


def role_allows(actor: MaybeActor, action: Action) -> bool:
    """The role part of ``decide()`` alone: an administrator, or a role ``ACTION_ROLES`` lists for ``action``.
    For menus and page guards; writes call ``require()``."""
    return bool(getattr(actor, "is_authenticated", False)) and (
        is_admin(actor) or getattr(actor, "role", None) in ACTION_ROLES.get(action, frozenset()))


def scope_prefix(actor: MaybeActor) -> str | None:
    """The region-code prefix a user may see as staff: None = everything (administrators); NO_SCOPE for
    anonymous users, non-staff and staff without a scope."""
    if not getattr(actor, "is_authenticated", False):
        return NO_SCOPE
    if is_admin(actor):
        return None
    if getattr(actor, "role", None) not in STAFF_ROLES:
        return NO_SCOPE
    region = getattr(actor, "scope_region", None)
    return NO_SCOPE if region is None else str(region.scope_prefix)


def in_scope(actor: MaybeActor, region_code: str | None) -> bool:
    prefix = scope_prefix(actor)
    return prefix is None or bool(region_code) and str(region_code).startswith(prefix)


def sees_personal_data(actor: Any, *, subject_ids: Iterable[int | None] = (),
                       handler_ids: Iterable[int | None] = ()) -> bool:
    """The one masking rule for a record about people (a dispute case, an application): shown unmasked to the
    people it is about, to the staff assigned to handle it, and to administrators. Every other viewer — station
    staff, a mediator or clerk who is not assigned, whoever registered it at the counter — sees masked data, the
    same for all roles, and reveals a value only through a logged reveal (``accounts.services.pii_reveal``)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if is_admin(actor):
        return True
    uid = getattr(actor, "pk", None)
    return uid is not None and (uid in {i for i in subject_ids if i} or uid in {i for i in handler_ids if i})


def _lookup(model: type[Model], field: str) -> str:
    """``<fk>_id`` cannot take ``__startswith``; a foreign key to a region is filtered on ``<fk>__pk``
    (the same column: region codes are primary keys)."""
    if "__" in field or not field.endswith("_id"):
        return field
    try:
        f = model._meta.get_field(field[:-3])
    except Exception:  # noqa: BLE001 - not a relation: use the name as given
        return field
    return f"{f.name}__pk" if getattr(f, "is_relation", False) and f.many_to_one else field


def prefix_q(prefix: str | None, field: str, model: type[Model] | None = None) -> Q:
    if prefix is None:
        return Q()
    return Q(**{f"{_lookup(model, field) if model else field}__startswith": prefix})


def scoped_by_prefix(qs: QuerySet[M], prefix: str | None, *fields: str) -> QuerySet[M]:
    """Restrict ``qs`` to rows whose region column(s) lie under ``prefix``; several fields are OR-ed."""
    if prefix is None:
        return qs
    q = Q()
    for field in fields:
        q |= prefix_q(prefix, field, qs.model)
    return qs.filter(q)


def scoped(qs: QuerySet[M], actor: MaybeActor, *fields: str) -> QuerySet[M]:
    """The one scoped-queryset helper: ``qs`` restricted to the actor's region scope on ``fields``
    (region-code columns or foreign keys to Region, OR-ed)."""
    return scoped_by_prefix(qs, scope_prefix(actor), *fields)


def _staff_only_for(actor: MaybeActor, action: Action) -> bool:
    """A worker or employer asking for an action only staff roles have: pages say 「此页面仅供工作人员使用」."""
    roles = ACTION_ROLES.get(action, frozenset())
    return bool(roles) and roles <= STAFF_ROLES and getattr(actor, "role", None) not in STAFF_ROLES


def decide(actor: MaybeActor, action: Action, *, target: Any = None, region_code: str | None = None) -> Decision:
    """May ``actor`` do ``action`` (on ``target``, in ``region_code``) now?"""
    if not getattr(actor, "is_authenticated", False):
        return Decision(False, CoreErrorCode.NOT_AUTHENTICATED, _("请先登录。"))
    if getattr(actor, "is_active", True) is False:
        return Decision(False, CoreErrorCode.PERMISSION_DENIED, _("该账户已停用，如有疑问请联系当地零工服务站。"))
    if not is_admin(actor) and getattr(actor, "role", None) not in ACTION_ROLES.get(action, frozenset()):
        if _staff_only_for(actor, action):
            return Decision(False, CoreErrorCode.PERMISSION_DENIED, StaffOnly().message)
        return Decision(False, CoreErrorCode.PERMISSION_DENIED, _("您的账户没有这项操作的权限。"))
    if region_code is not None and getattr(actor, "role", None) in STAFF_ROLES and not in_scope(actor, region_code):
        return Decision(False, CoreErrorCode.PERMISSION_DENIED, _("这条记录不在您负责的地区范围内。"))
    for fn in _CHECKS.get(action, ()):
        decision = fn(actor, action, target)
        if decision is not None and not decision.allowed:
            return decision
    return ALLOW


def standing(actor: MaybeActor, action: Action, *, target: Any = None) -> Decision:
    """Only the registered standing checks (sanctions, listings) for ``action``, without the role test:
    for paths where the role was settled elsewhere, e.g. an import row naming an employer."""
    for fn in _CHECKS.get(action, ()):
        decision = fn(actor, action, target)
        if decision is not None and not decision.allowed:
            return decision
    return ALLOW


def standing_many(actor: MaybeActor, action: Action, targets: Sequence[Any]) -> list[Decision]:
    """``standing`` for each of ``targets`` (bulk services): the same decisions, in order, each check asked
    once for the whole batch where it offers a batch form (``check_many``), else once per target."""
    out = [ALLOW] * len(targets)
    for fn in _CHECKS.get(action, ()):
        open_ = [i for i, d in enumerate(out) if d.allowed]  # a target keeps the first denial, as in ``standing``
        if not open_:
            break
        batch = [targets[i] for i in open_]
        many = _MANY.get(fn)
        answers = many(actor, action, batch) if many is not None else [fn(actor, action, t) for t in batch]
        for i, decision in zip(open_, answers, strict=True):
            if decision is not None and not decision.allowed:
                out[i] = decision
    return out


def require(actor: MaybeActor, action: Action, *, target: Any = None, region_code: str | None = None,
            field: str | None = None) -> None:
    decision = decide(actor, action, target=target, region_code=region_code)
    if not decision.allowed:
        if getattr(actor, "is_authenticated", False) and _staff_only_for(actor, action):
            raise StaffOnly(field=field)  # a worker or employer on a staff-only action
        err = PermissionDenied(decision.message, field)
        err.code = decision.code or CoreErrorCode.PERMISSION_DENIED
        raise err
