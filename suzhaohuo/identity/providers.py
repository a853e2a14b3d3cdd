"""Identity-verification providers. In-person verification is a staff action (services);
remote verification calls an HTTP service configured by settings (SZH_IDENTITY_REMOTE_URL).

Remote contract (JSON over HTTPS): POST {url} with {"name", "id_number"} and a bearer token;
answer {"match": true|false, "reason": "..."}.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.conf import settings


@dataclass(frozen=True)
class ProviderResult:
    match: bool
    reason: str = ""
    error: bool = False


class HttpIdentityProvider:
    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None) -> None:
        self.url = url if url is not None else settings.IDENTITY_REMOTE_URL
        self.token = token if token is not None else settings.IDENTITY_REMOTE_TOKEN
        self.timeout = timeout if timeout is not None else settings.IDENTITY_REMOTE_TIMEOUT

    @property
    def configured(self) -> bool:
        return bool(self.url)

    def check_person(self, *, name: str, id_number: str) -> ProviderResult:
        try:
            resp = requests.post(self.url, json={"name": name, "id_number": id_number},
                                 headers={"Authorization": f"Bearer {self.token}"}, timeout=self.timeout)
            resp.raise_for_status()
            body = resp.json()
        except (requests.RequestException, ValueError) as exc:
            return ProviderResult(match=False, reason=f"{type(exc).__name__}: {exc}"[:200], error=True)
        if not isinstance(body, dict) or not isinstance(body.get("match"), bool):
            return ProviderResult(match=False, reason="malformed answer from verification service", error=True)
        return ProviderResult(match=body["match"], reason=str(body.get("reason") or "")[:200])
