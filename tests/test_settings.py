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
        NEWSROOM_SITE_URL="https://news.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_https_settings_can_be_turned_off_for_plain_http():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    site = {"NEWSROOM_SITE_URL": "http://127.0.0.1:8300"}
    on = manage("shell", "-c", code, SECRET_KEY="k" * 50, **site)
    off = manage(
        "shell",
        "-c",
        code,
        SECRET_KEY="k" * 50,
        **site,
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
    # Tests cache in this process's memory: always there, never shared.
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}


PRODUCTION = {
    "SECRET_KEY": "production-secret-" + "abcdefghijklmnopqrstuvwxyz0123456789",
    "NEWSROOM_SITE_URL": "https://news.example.org",
}


def setting_values(*names, **env):
    code = f"from django.conf import settings as s;print(repr([getattr(s, n) for n in {list(names)!r}]))"
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])  # noqa: S307 - our own repr()


def test_hsts_is_read_as_seconds_with_subdomains_and_preload_opt_in():
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    assert setting_values(*names, **PRODUCTION) == [31536000, False, False]
    assert setting_values(*names, **PRODUCTION, SECURE_HSTS_SECONDS="31536000") == [
        31536000,
        False,
        False,
    ]
    assert setting_values(*names, **PRODUCTION, SECURE_HSTS_SECONDS="600") == [600, False, False]
    assert setting_values(
        *names,
        **PRODUCTION,
        SECURE_HSTS_SECONDS="63072000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="true",
    ) == [63072000, True, True]
    assert setting_values(*names, **PRODUCTION, SECURE_HSTS_SECONDS="false")[0] == 0


def test_an_unreadable_hsts_value_stops_the_start():
    result = manage("check", **PRODUCTION, SECURE_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr and "Traceback" not in result.stderr


def test_production_refuses_to_start_without_the_site_address():
    result = manage("check", SECRET_KEY="k" * 50)
    assert result.returncode != 0
    assert "NEWSROOM_SITE_URL is not set" in result.stderr
    assert "Traceback" not in result.stderr
    assert setting_values("NEWSROOM_SITE_URL", **PRODUCTION) == ["https://news.example.org"]


def test_production_check_deploy_passes_with_the_site_address():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def test_development_derives_the_site_address_from_the_port_it_serves():
    from newsroom.settings import development_site_url

    assert development_site_url(["manage.py", "runserver", "127.0.0.1:8001"]) == (
        "http://127.0.0.1:8001"
    )
    assert development_site_url(["manage.py", "runserver", "8017"]) == "http://127.0.0.1:8017"
    assert development_site_url(["manage.py", "runserver"]) == "http://127.0.0.1:8000"
    assert development_site_url(["manage.py", "runserver", "0.0.0.0:8002", "--noreload"]) == (
        "http://127.0.0.1:8002"
    )
    assert development_site_url(["manage.py", "migrate"]) == "http://127.0.0.1:8000"


def test_make_run_serves_feeds_with_the_port_it_serves(tmp_path):
    """`make run PORT=8017` runs `runserver 127.0.0.1:8017`: its pages name that address."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "NEWSROOM_SITE_URL"}
    }
    environment.update(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path}/run.sqlite3")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt") as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the development server did not answer"
        assert f"Sitemap: http://127.0.0.1:{port}/sitemap.xml" in body
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_two_factor_is_required_in_production_and_optional_in_development():
    assert setting_values("NEWSROOM_REQUIRE_2FA", "AXES_ENABLED", **PRODUCTION) == [True, True]
    assert setting_values("NEWSROOM_REQUIRE_2FA", "AXES_ENABLED", DEBUG="1") == [False, True]
    assert setting_values("NEWSROOM_REQUIRE_2FA", **PRODUCTION, NEWSROOM_REQUIRE_2FA="0") == [False]


def test_make_run_starts_the_worker_with_its_warnings_and_errors_on_the_console():
    """`make run` starts the background worker beside the server, its output on the same
    console (it once went to /dev/null, so a failing rendition went unseen)."""
    plan = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    worker = next(line for line in plan.splitlines() if "db_worker" in line)
    started = worker.split("db_worker", 1)[1].split("&", 1)[0]
    assert ">" not in started, worker  # nothing redirected away from the console
    assert "LOG_LEVEL=WARNING" in worker


def test_at_the_worker_s_log_level_an_error_is_printed_on_the_console():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django_tasks').info('quiet'); "
        "logging.getLogger('django_tasks').error('A rendition failed')"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "1",
            "SECRET_KEY": "test-only",
            "LOG_LEVEL": "WARNING",
        },
        check=True,
    )
    console = printed.stdout + printed.stderr
    assert "ERROR django_tasks A rendition failed" in console
    assert "quiet" not in console
