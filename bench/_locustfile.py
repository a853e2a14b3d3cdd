"""The mixed day-time load of issue #18, for `python -m bench load` (locust, headless).

Users come from bench/load.py through SZH_LOAD_PLAN (a JSON file): published job ids, search words, and
session cookies made for demo accounts (so that thousands of logins from one test machine do not hit the
per-IP and per-number login limits, which are tested elsewhere; a small share still logs in by SMS code).
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["SZH_LOAD_PLAN"]) as _f:
    PLAN = json.load(_f)
HEADERS = {"X-Forwarded-Proto": "https"}  # as nginx sends; production settings redirect plain http


def _job() -> int:
    return int(random.choice(PLAN["jobs"]))


class Anonymous(HttpUser):
    """Browsing and searching without an account (the largest share)."""

    weight = 6
    wait_time = between(1, 3)

    @task(4)
    def search(self) -> None:
        self.client.get("/search/", params={"q": random.choice(PLAN["words"])}, headers=HEADERS, name="/search/")

    @task(3)
    def job_page(self) -> None:
        self.client.get(f"/jobs/{_job()}/", headers=HEADERS, name="/jobs/[id]/")

    @task(2)
    def home(self) -> None:
        self.client.get("/", headers=HEADERS)

    @task(2)
    def api_search(self) -> None:
        self.client.get("/api/v1/jobs/search", params={"q": random.choice(PLAN["words"])}, headers=HEADERS,
                        name="/api/v1/jobs/search")

    @task(1)
    def nearby_stations(self) -> None:
        self.client.get("/carriers/", headers=HEADERS)


class _Session(HttpUser):
    abstract = True
    role = ""

    def on_start(self) -> None:
        cookie = random.choice(PLAN["sessions"][self.role])
        self.client.cookies.set("sessionid", cookie)
        self.client.get("/", headers=HEADERS)  # the CSRF cookie
        self.csrf = self.client.cookies.get("csrftoken", "")

    def post_json(self, path: str, body: dict[str, object], name: str) -> None:
        with self.client.post(path, json=body, headers={**HEADERS, "X-CSRFToken": self.csrf, "Referer":
                              "https://127.0.0.1/"}, name=name, catch_response=True) as resp:
            if resp.status_code < 500:  # a refusal (already applied, job full) is an answer, not an error
                resp.success()


class Worker(_Session):
    weight = 3
    wait_time = between(2, 5)
    role = "worker"

    @task(3)
    def recommendations(self) -> None:
        self.client.get("/api/v1/workers/me/recommendations", headers=HEADERS,
                        name="/api/v1/workers/me/recommendations")

    @task(2)
    def home(self) -> None:
        self.client.get("/", headers=HEADERS, name="/ (worker)")

    @task(1)
    def apply(self) -> None:
        self.post_json(f"/api/v1/jobs/{_job()}/apply", {"consent": True, "message": ""}, "/api/v1/jobs/[id]/apply")

    @task(1)
    def my_engagements(self) -> None:
        self.client.get("/api/v1/me/engagements", headers=HEADERS, name="/api/v1/me/engagements")


class Employer(_Session):
    weight = 1
    wait_time = between(3, 8)
    role = "employer"

    @task(3)
    def my_jobs(self) -> None:
        self.client.get("/jobs/mine/", headers=HEADERS, name="/jobs/mine/")

    @task(1)
    def post_job(self) -> None:
        n = random.randint(1, 10**6)
        self.post_json("/api/v1/jobs", {
            "title": f"仓库装卸工（压测{n}）", "description": "负责仓库货物装卸、搬运和码放，包午饭，当天结算工钱。",
            "category_code": PLAN["category"], "township_code": PLAN["township"], "headcount": 2,
            "pay_min": "180", "pay_max": "200", "pay_unit": "day", "settlement": "daily",
        }, "/api/v1/jobs")


class Staff(_Session):
    weight = 1
    wait_time = between(3, 8)
    role = "station_staff"

    @task(2)
    def console(self) -> None:
        self.client.get("/carriers/console/", headers=HEADERS, name="/carriers/console/")

    @task(1)
    def people(self) -> None:
        self.client.get("/carriers/console/people/", headers=HEADERS, name="/carriers/console/people/")

    @task(1)
    def review_queue(self) -> None:
        self.client.get("/jobs/review/", headers=HEADERS, name="/jobs/review/")
