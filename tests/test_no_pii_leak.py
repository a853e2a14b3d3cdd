"""No page or API response shows someone else's unmasked ID number or mobile.

The test discovers every URL pattern (so pages added later are covered too), fills path parameters
with ids of existing objects, and requests each one as a worker, an employer and an anonymous
visitor. A person may see their own full data (e.g. the PIPL export); never anyone else's.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import township_code, valid_id_number
from suzhaohuo.core.errors import AppError

SKIP_PREFIXES = ("admin/", "static/", "media/", "__debug__/")
MAX_TRIES_PER_PATTERN = 3
PARAM_RE = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
API_GETS = ["/api/v1/me", "/api/v1/me/export", "/api/v1/regions?parent=321322", "/api/v1/openapi.json"]


def _walk(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes: list[str] = []
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            routes.extend(_walk(p, route))
        elif isinstance(p, URLPattern):
            routes.append(route)
    return routes


def _int_candidates() -> list[int]:
    """pks of a few rows of every project model: ids that path parameters may point at."""
    ids: set[int] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("suzhaohuo.") or model.__name__.startswith("Historical"):
            continue
        if model._meta.pk.get_internal_type() not in ("AutoField", "BigAutoField", "IntegerField"):
            continue
        ids.update(model._default_manager.order_by("pk").values_list("pk", flat=True)[:4])
    return sorted(ids)[:40]


def _fill(route: str, ints: list[int], attempt: int) -> str | None:
    if route.startswith("^") or "(?P" in route:  # regex patterns (e.g. ninja's) without converters
        route = route.lstrip("^").rstrip("$")
        if "(?P" in route:
            return None

    def value(m: re.Match[str]) -> str:
        conv = m.group("conv") or "str"
        if conv == "int":
            return str(ints[(attempt * 7 + len(m.group("name"))) % len(ints)] if ints else 1)
        if conv == "uuid":
            return str(uuid.UUID(int=attempt + 1))
        if conv == "path":
            return "x"
        return ["321322102", "1", "demo"][attempt % 3]

    return "/" + PARAM_RE.sub(value, route)


@pytest.fixture
def people(make_worker, make_employer, make_staff) -> dict[str, Any]:
    from suzhaohuo.accounts.services import otp_request, pii_reveal, user_create_with_mobile
    from suzhaohuo.identity.services import person_identity_submit

    worker_a = make_worker(township="胡集镇", name="甲零工")
    worker_c = make_worker(township="胡集镇", name="丙零工", verified=False)
    worker_d = make_worker(township="颜集镇", name="丁零工")
    employer_b = make_employer(township="胡集镇", name="乙用工有限公司")
    employer_e = make_employer(township="胡集镇", kind="individual", name="戊个人雇主")
    staff = make_staff(scope="胡集镇")
    # A refused duplicate attempt and a logged reveal, so those lists have rows.
    intruder = user_create_with_mobile(mobile="13700009999")
    with contextlib.suppress(AppError):  # refused on purpose
        person_identity_submit(user=intruder, real_name="冒名", id_number=worker_c.identity.id_number,
                               township_code=township_code("胡集镇"))
    pii_reveal(actor=staff, subject=worker_a, field="mobile", value=worker_a.mobile, purpose="测试")
    otp_request(mobile=worker_d.mobile)
    return {"worker_a": worker_a, "worker_c": worker_c, "worker_d": worker_d, "employer_b": employer_b.owner,
            "employer_e": employer_e.owner, "staff": staff, "intruder": intruder,
            "extra_ids": {employer_b.owner: [employer_b.handler_id_number]}}


def _secrets_of(user: Any, extra: dict[Any, list[str]]) -> set[str]:
    from suzhaohuo.identity.models import Employer, PersonIdentity

    out: set[str] = set()
    if user.mobile:
        out.add(user.mobile)
    person = PersonIdentity.objects.filter(user=user).first()
    if person and person.id_number:
        out.update({person.id_number, person.id_number.lower()})
    employer = Employer.objects.filter(owner=user).first()
    if employer and employer.handler_id_number:
        out.add(employer.handler_id_number)
    out.update(extra.get(user, []))
    return out


def _leaks(body: str, forbidden: set[str]) -> list[str]:
    return [s for s in forbidden if s in body]


@pytest.mark.django_db
def test_no_page_or_api_shows_someone_elses_unmasked_id_or_mobile(people):
    from suzhaohuo.accounts.models import User

    everyone = list(User.objects.all())
    assert valid_id_number(1)  # the fixture's numbers are real GB 11643 numbers
    secrets = {u.pk: _secrets_of(u, people["extra_ids"]) for u in everyone}
    assert all(secrets[people[k].pk] for k in ("worker_a", "worker_c", "employer_b"))
    ints = _int_candidates()
    routes = [r for r in _walk(get_resolver()) if not r.startswith(SKIP_PREFIXES)]
    assert len(routes) > 20
    urls: list[str] = []
    for route in routes:
        tries = MAX_TRIES_PER_PATTERN if "<" in route else 1
        for attempt in range(tries):
            url = _fill(route, ints, attempt)
            if url and url not in urls:
                urls.append(url)
    urls += API_GETS

    # The detector itself: another person's number in a page is caught; a masked one is not.
    c_id = people["worker_c"].identity.id_number
    assert _leaks(f"<td>{c_id}</td>", secrets[people["worker_c"].pk])
    assert not _leaks(f"<td>{c_id[:4]}**********{c_id[-4:]}</td>", secrets[people["worker_c"].pk])
    viewers = {"worker": people["worker_a"], "employer": people["employer_b"], "anonymous": None}
    rendered: dict[str, int] = {}
    for label, viewer in viewers.items():
        client = Client(raise_request_exception=False)
        if viewer is not None:
            client.force_login(viewer)
        forbidden = set().union(*(s for pk, s in secrets.items() if viewer is None or pk != viewer.pk))
        ok = 0
        for url in urls:
            resp = client.get(url)
            if resp.status_code == 200:
                ok += 1
            if getattr(resp, "streaming", False):
                body = b"".join(resp.streaming_content).decode("utf-8", "replace")
            else:
                body = resp.content.decode("utf-8", "replace")
            leaked = _leaks(body, forbidden)
            assert not leaked, f"{label} sees {leaked} at {url}"
        rendered[label] = ok
    # The walk really rendered pages for each kind of visitor.
    assert rendered["worker"] >= 10 and rendered["employer"] >= 10 and rendered["anonymous"] >= 5, rendered
