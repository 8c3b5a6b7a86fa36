"""Production settings: safe by default, refusing to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "-long-random-production-secret-abcdefghijk",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_https_settings_can_be_turned_off_for_plain_http():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    on = manage("shell", "-c", code, SECRET_KEY="k" * 50)
    off = manage(
        "shell",
        "-c",
        code,
        SECRET_KEY="k" * 50,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
    )
    assert on.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "31536000"]
    assert off.stdout.strip().splitlines()[-1].split() == ["False", "False", "False", "0"]


@pytest.mark.django_db
def test_health_check_answers_when_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
