"""Roles: the one definition. ``accounts.choices`` re-exports these for the User model."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("零工劳动者")
    EMPLOYER = "employer", _("用工主体")
    STATION_STAFF = "station_staff", _("零工服务站点工作人员")
    DEPARTMENT_OPERATOR = "department_operator", _("部门岗位征集员")
    AGENCY_OPERATOR = "agency_operator", _("第三方机构操作员")
    REGULATOR = "regulator", _("监管人员")
    MEDIATOR = "mediator", _("调解员")
    ARBITRATION_CLERK = "arbitration_clerk", _("仲裁院工作人员")
    TRAINING_PROVIDER = "training_provider", _("培训机构")
    INSURER = "insurer", _("保险机构")
    ADMIN = "admin", _("系统管理员")


STAFF_ROLES = frozenset(r for r in Role if r not in (Role.WORKER, Role.EMPLOYER))
# Staff who bring jobs into the platform on others' behalf (imports, station posting).
JOB_OPERATOR_ROLES = frozenset({Role.STATION_STAFF, Role.DEPARTMENT_OPERATOR, Role.AGENCY_OPERATOR, Role.ADMIN})
# Staff who review postings and act on the market (review queue, take-downs, sanctions).
OVERSIGHT_ROLES = frozenset({Role.STATION_STAFF, Role.REGULATOR, Role.ADMIN})
