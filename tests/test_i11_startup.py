"""Issue #11 item 11: start-up fails fast with one clear line; production requires DATABASE_URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize(("env", "expected"), [
    ({"DATABASE_URL": ""}, "DATABASE_URL 为空"),
    ({"DATABASE_URL": "postgres://postgres@127.0.0.1:1/none"}, "无法连接数据库（127.0.0.1:1）"),
    ({"DJANGO_SETTINGS_MODULE": "config.settings_production", "DJANGO_SECRET_KEY": "x" * 50,
      "SZH_FIELD_ENCRYPTION_KEY": "x"}, "DATABASE_URL"),
])
def test_start_up_failure_is_one_clear_line(env, expected):
    result = _manage("migrate", "--check", **env)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr
