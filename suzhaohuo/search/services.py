"""Search index and dispatch writes. INTERFACE SKELETON: the search issue (#5) fills these in.

    job_index_refresh(job_id)   — (re)index one posting after create/update/status change; jobs.services
                                  calls it via transaction.on_commit. Must be cheap and idempotent.
    dispatch_on_publish(job_id) — choose and notify matching workers in tiers (daily cap, quiet hours).
"""

from __future__ import annotations


def job_index_refresh(job_id: int) -> None:
    return None


def dispatch_on_publish(job_id: int) -> None:
    return None
