"""The request id: taken from ``X-Request-ID`` (nginx sets it) or made here, carried in a context variable,
written on every log line, returned in the response, and logged with the id of every task the request
enqueues so that a task's log lines can be traced back to the request."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from typing import Any

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = logging.getLogger("suzhaohuo.tasks")


def new_request_id(incoming: str | None) -> str:
    return incoming if incoming and _VALID.match(incoming) else uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()


def on_task_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
    log.info("task enqueued", extra={"task_id": str(task_result.id), "task": task_result.task.module_path})
