"""Prometheus metrics.

Request latency and errors are counted in each process (multi-process mode when
``PROMETHEUS_MULTIPROC_DIR`` is set, as under gunicorn); queue depth and age, import throughput and SMS
sends/failures are read from the system of record at scrape time, so they agree across processes and
restarts."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import timedelta

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)
REQUEST_LATENCY = Histogram(
    "szh_request_seconds", "Request latency by route", ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0))
REQUEST_ERRORS = Counter("szh_request_errors_total", "Responses with status >= 500 by route", ["route"])


class RecordsCollector(Collector):
    """Figures read from the database at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for part in (self._queue, self._sms, self._imports):
            try:
                yield from part()
            except Exception:  # noqa: BLE001 - a figure that cannot be read is left out, never a failed scrape
                log.warning("metrics: %s could not be read", part.__name__, exc_info=True)

    def _queue(self) -> Iterator[GaugeMetricFamily]:

        from suzhaohuo.ops.health import queue_stats

        depth, age = queue_stats()
        yield GaugeMetricFamily("szh_task_queue_depth", "Tasks waiting in the queue", value=depth)
        yield GaugeMetricFamily("szh_task_queue_oldest_age_seconds", "Age of the oldest waiting task", value=age)

    def _sms(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count
        from django.utils import timezone

        from suzhaohuo.core.models import SmsMessage

        since = timezone.now() - timedelta(minutes=5)
        sms = GaugeMetricFamily("szh_sms_last_5m", "SMS messages created in the last 5 minutes by state",
                                labels=["state"])
        counts = dict(SmsMessage.objects.filter(created_at__gte=since).values("state")
                      .annotate(n=Count("id")).values_list("state", "n"))
        for state in SmsMessage.State.values:
            sms.add_metric([state], counts.get(state, 0))
        yield sms

    def _imports(self) -> Iterator[GaugeMetricFamily]:
        from django.apps import apps
        from django.utils import timezone

        since = timezone.now() - timedelta(minutes=5)

        if apps.is_installed("suzhaohuo.aggregation"):
            model = apps.get_model("aggregation", "RawRecord")
            imported = model.objects.filter(received_at__gte=since).count()
            yield GaugeMetricFamily("szh_import_records_per_second", "Imported records per second, 5-minute mean",
                                    value=imported / 300)


def render() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
        registry.register(REQUEST_ERRORS)
    registry.register(RecordsCollector())
    return generate_latest(registry)
