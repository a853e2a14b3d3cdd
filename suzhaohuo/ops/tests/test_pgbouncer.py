"""The app through pgbouncer in transaction mode (SZH_PGBOUNCER=1): a separate process does what the app
does — transactions, row locks, iteration over large querysets, bulk writes, migrations check."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

PGBOUNCER = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if os.path.exists("/usr/sbin/pgbouncer") else None)
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pgbouncer fronts PostgreSQL"),
    pytest.mark.skipif(PGBOUNCER is None, reason="pgbouncer is not installed (.ci/run installs it)"),
    pytest.mark.django_db(transaction=True),
]

SCRIPT = """
from django.db import transaction
from suzhaohuo.core.models import AuditEvent
with transaction.atomic():
    AuditEvent.objects.bulk_create([AuditEvent(action='pgb', target_type='t', target_id=str(i)) for i in range(3000)])
with transaction.atomic():
    first = AuditEvent.objects.select_for_update().filter(action='pgb').order_by('id').first()
    first.reason = 'locked and updated'
    first.save(update_fields=['reason'])
n = sum(1 for _ in AuditEvent.objects.filter(action='pgb').iterator(chunk_size=500))
try:
    with transaction.atomic():
        AuditEvent.objects.create(action='pgb-rollback', target_type='t', target_id='x')
        raise RuntimeError
except RuntimeError:
    pass
print('OK', n, AuditEvent.objects.filter(action='pgb-rollback').count())
"""


@pytest.fixture
def bouncer() -> Iterator[int]:
    db = connection.settings_dict
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    work = tempfile.mkdtemp(prefix="szh-pgbouncer-")
    shutil.chown(work, "postgres", "postgres")
    ini = os.path.join(work, "pgbouncer.ini")
    with open(ini, "w") as f:
        f.write(f"[databases]\n{db['NAME']} = host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432}\n"
                f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nauth_type = trust\n"
                f"auth_file = {work}/users.txt\npool_mode = transaction\nunix_socket_dir =\n"
                f"logfile = {work}/log\npidfile = {work}/pid\nmax_client_conn = 50\ndefault_pool_size = 5\n")
    with open(os.path.join(work, "users.txt"), "w") as f:
        f.write(f'"{db["USER"] or "postgres"}" ""\n')
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, PGBOUNCER or "", "-d", ini], check=True, capture_output=True)
    for _ in range(50):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield port
    with open(os.path.join(work, "pid")) as f:
        os.kill(int(f.read().strip()), 15)
    shutil.rmtree(work, ignore_errors=True)


def test_app_works_through_pgbouncer_transaction_mode(bouncer: int) -> None:
    from suzhaohuo.core.models import AuditEvent

    db: dict[str, Any] = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@127.0.0.1:{bouncer}/{db['NAME']}",
           "SZH_PGBOUNCER": "1"}
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", SCRIPT], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1].split() == ["OK", "3000", "0"]
    check = subprocess.run([sys.executable, "manage.py", "migrate", "--check"], env=env, capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert AuditEvent.objects.filter(action="pgb", reason="locked and updated").count() == 1
