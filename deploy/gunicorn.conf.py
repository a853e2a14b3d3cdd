"""gunicorn settings for 速找活 (read from the environment; see deploy/README.md)."""

import multiprocessing
import os

bind = os.environ.get("SZH_BIND", "127.0.0.1:8300")
if os.environ.get("SZH_CONTROL_SOCKET"):  # one per instance when two gunicorns run on one machine
    control_socket = os.environ["SZH_CONTROL_SOCKET"]
# Sync workers: the app is CPU-bound Python plus short database calls; 2 × cores + 1 keeps both cores busy
# while one worker waits on the database.
workers = int(os.environ.get("SZH_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("SZH_WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 5000  # recycle workers now and then: bounded memory over weeks
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("SZH_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
access_log_format = '{"remote":"%(h)s","request":"%(r)s","status":%(s)s,"bytes":%(b)s,"ms":%(M)s,"rid":"%({x-request-id}o)s"}'
errorlog = "-"
preload_app = True


def child_exit(server, worker):  # noqa: ANN001, ANN201 - gunicorn hook signature
    """Prometheus multi-process mode: drop the dead worker's live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
