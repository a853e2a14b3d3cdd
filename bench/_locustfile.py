"""The mixed day-time load of issue #18, for `python -m bench load` (locust, headless).

Users come from bench/load.py through SZH_LOAD_PLAN (a JSON file): published job ids, search words, and
session cookies made for demo accounts (so that thousands of logins from one test machine do not hit the
per-IP and per-number login limits, which are tested elsewhere; a small share still logs in by SMS code).

FastHttpUser (geventhttpclient) rather than HttpUser (python-requests): the load generator shares the two cores
with the server, and the requests-based client costs several times more CPU per request. Production settings
mark the session and CSRF cookies Secure, which a client on plain http (nginx's TLS is left out here) would not
send back; each signed-in user therefore sends its cookies in its own Cookie header, as a browser behind TLS does.
"""

from __future__ import annotations

import json
import os
import random
from http.cookiejar import CookieJar
from urllib.parse import quote

from locust import FastHttpUser, between, task

with open(os.environ["SZH_LOAD_PLAN"]) as _f:
    PLAN = json.load(_f)
HEADERS = {"X-Forwarded-Proto": "https"}  # as nginx sends; production settings redirect plain http


def _job() -> int:
    return int(random.choice(PLAN["jobs"]))


def _word() -> str:
    return quote(random.choice(PLAN["words"]))


def _error_code(body: str | None) -> str:
    try:
        return str(json.loads(body or "")["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return ""


APPLY_REFUSALS = frozenset({"already_applied", "not_verified", "job_not_open", "headcount_full",
                            "overlapping_engagement"})


def _cookie(jar: CookieJar, name: str) -> str:
    return next((c.value or "" for c in jar if c.name == name), "")


class Anonymous(FastHttpUser):
    """Browsing and searching without an account (the largest share)."""

    weight = 6
    wait_time = between(1, 3)

    @task(4)
    def search(self) -> None:
        self.client.get(f"/search/?q={_word()}", headers=HEADERS, name="/search/")

    @task(3)
    def job_page(self) -> None:
        self.client.get(f"/jobs/{_job()}/", headers=HEADERS, name="/jobs/[id]/")

    @task(2)
    def home(self) -> None:
        self.client.get("/", headers=HEADERS)

    @task(2)
    def api_search(self) -> None:
        self.client.get(f"/api/v1/jobs/search?q={_word()}", headers=HEADERS, name="/api/v1/jobs/search")

    @task(1)
    def nearby_stations(self) -> None:
        self.client.get("/carriers/", headers=HEADERS)


class _Session(FastHttpUser):
    abstract = True
    role = ""

    def on_start(self) -> None:
        session = random.choice(PLAN["sessions"][self.role])
        self.headers = {**HEADERS, "Cookie": f"sessionid={session}"}
        self.client.get("/", headers=self.headers)  # the CSRF cookie
        self.csrf = _cookie(self.client.cookiejar, "csrftoken")
        self.headers["Cookie"] += f"; csrftoken={self.csrf}"

    def get(self, path: str, name: str) -> None:
        self.client.get(path, headers=self.headers, name=name)

    def post_json(self, path: str, body: dict[str, object], name: str, refusals: frozenset[str] = frozenset()
                  ) -> None:
        """A POST that succeeds (2xx) or is refused for a business reason the scenario runs into (the error
        codes in `refusals`: already applied, not yet verified, job full); anything else — a CSRF or sign-in
        refusal, an invalid body, a 5xx, a dropped connection — is a failure."""
        headers = {**self.headers, "X-CSRFToken": self.csrf, "Referer": "https://127.0.0.1/"}
        with self.client.post(path, json=body, headers=headers, name=name, catch_response=True) as resp:
            if 400 <= (resp.status_code or 0) < 500 and _error_code(resp.text) in refusals:
                resp.success()


class Worker(_Session):
    weight = 3
    wait_time = between(2, 5)
    role = "worker"

    @task(3)
    def recommendations(self) -> None:
        self.get("/api/v1/workers/me/recommendations", "/api/v1/workers/me/recommendations")

    @task(2)
    def home(self) -> None:
        self.get("/", "/ (worker)")

    @task(1)
    def apply(self) -> None:
        self.post_json(f"/api/v1/jobs/{_job()}/apply", {"consent": True, "message": ""}, "/api/v1/jobs/[id]/apply",
                       APPLY_REFUSALS)

    @task(1)
    def my_engagements(self) -> None:
        self.get("/api/v1/me/engagements", "/api/v1/me/engagements")


class Employer(_Session):
    weight = 1
    wait_time = between(3, 8)
    role = "employer"

    @task(3)
    def my_jobs(self) -> None:
        self.get("/jobs/mine/", "/jobs/mine/")

    @task(1)
    def post_job(self) -> None:
        n = random.randint(1, 10**6)
        self.post_json("/api/v1/jobs", {
            "title": f"仓库装卸工（压测{n}）", "description": "负责仓库货物装卸、搬运和码放，包午饭，当天结算工钱。",
            "category_code": PLAN["category"], "township_code": PLAN["township"], "address": "物流园3号仓库",
            "headcount": 2,
            "pay_min": "180", "pay_max": "200", "pay_unit": "day", "settlement": "daily",
        }, "/api/v1/jobs")


class Staff(_Session):
    weight = 1
    wait_time = between(3, 8)
    role = "station_staff"

    @task(2)
    def console(self) -> None:
        self.get("/carriers/console/", "/carriers/console/")

    @task(1)
    def people(self) -> None:
        self.get("/carriers/console/people/", "/carriers/console/people/")

    @task(1)
    def review_queue(self) -> None:
        self.get("/jobs/review/", "/jobs/review/")
