"""The app as production runs it, in processes of its own: gunicorn with production
settings against a given database, and a small cookie-keeping HTTP client to talk to it."""

import http.cookiejar
import importlib.util
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .servers import spare_port, stop_process, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def production_environment(database_url, site_url, static_root, media_root, **extra):
    """Production settings (DEBUG off) as `make serve` gives them on plain local HTTP."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "0",
        "SECRET_KEY": "operations-test-" + "x" * 40,
        "NEWSROOM_SITE_URL": site_url,
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "NEWSROOM_REQUIRE_2FA": "0",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    environment.pop("PYTEST_CURRENT_TEST", None)
    environment.pop("PYTEST_VERSION", None)
    return environment


def manage(environment, *args, timeout=300):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class AppServer:
    """One gunicorn app server on a spare port."""

    def __init__(self, environment, workers=2):
        self.environment = environment
        self.workers = workers
        self.port = spare_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "newsroom.wsgi",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers),
                "--timeout", "30",
            ],
            cwd=ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port, timeout=60)
        return self

    def stop(self):
        if self.process:
            stop_process(self.process)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, body, headers):
        self.status_code = status
        self.content = body
        self.headers = headers

    def text(self):
        return self.content.decode("utf-8", "replace")


class Browser:
    """Keeps cookies, sends the CSRF token's Referer, follows no redirects."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Response(answer.status, answer.read(), answer.headers)
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read(), error.headers)

    def get(self, path, headers=None):
        return self._open(urllib.request.Request(self.base_url + path, headers=headers or {}))

    def post(self, path, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=body,
            headers={
                "Referer": self.base_url + path,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        return self._open(request)

    def sign_in(self, username, password):
        from tests.forms import form_data

        page = self.get("/admin/login/")
        data = form_data(page.text(), "login-form", username=username, password=password)
        answer = self.post("/admin/login/?next=/admin/", data)
        assert answer.status_code == 302, answer.text()[:500]


def load_serve():
    """deploy/serve.py (a script, not a package module): what `make serve` runs."""
    spec = importlib.util.spec_from_file_location("serve", ROOT / "deploy" / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    return serve


def database_url():
    """The test database's address, for processes of their own."""
    from django.db import connection

    settings_dict = connection.settings_dict
    return (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )
