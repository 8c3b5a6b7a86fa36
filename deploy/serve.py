"""`make serve`: the production stack on this machine, on plain HTTP at 127.0.0.1:PORT.

nginx (deploy/nginx: static files and photos from disk, compression, the front cache) in
front of two gunicorn app servers with production settings (DEBUG off), and the background
worker. Prepares what a fresh clone needs first (database, migrations, static files, the demo
newsroom), prints the address and the logins, and stops everything on Ctrl-C. An app server
that dies is started again, as systemd would; nginx sends its requests to the other meanwhile.

Settings it gives the stack: see `environment()`. DATABASE_URL, NEWSROOM_DEMO_PASSWORD and
REDIS_URL are honoured as `make run` honours them.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Debian's libnginx-mod-http-cache-purge (production's nginx.conf loads it from
# /etc/nginx/modules-enabled).
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
PYTHON = sys.executable


def spare_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, host="127.0.0.1", timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex((host, port)) == 0:
                return True
        time.sleep(0.1)
    return False


def environment(host, port, secret_key):
    """Production settings, on local plain HTTP: no HTTPS redirect, cookies not marked
    Secure, no HSTS, and two-factor sign-in optional so the demo logins work."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "0",
        "SECRET_KEY": secret_key,
        "NEWSROOM_SITE_URL": os.environ.get("NEWSROOM_SITE_URL") or f"http://{host}:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "NEWSROOM_REQUIRE_2FA": os.environ.get("NEWSROOM_REQUIRE_2FA", "0"),
        # The app purges this nginx's front cache by key (reader/purge.py).
        "NEWSROOM_FRONT_CACHES": os.environ.get("NEWSROOM_FRONT_CACHES", "nginx"),
        "NEWSROOM_NGINX_PURGE_URLS": f"http://{host}:{port}",
        "STATIC_ROOT": os.environ.get("STATIC_ROOT", str(ROOT / "staticfiles")),
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", str(ROOT / "media")),
        "PYTHONPATH": str(ROOT),
    }


def nginx_conf(prefix, host, port, app_ports, static_root, media_root):
    """nginx.conf for the local stack: deploy/nginx/http.conf and site.conf, as production
    includes them, around an upstream of `app_ports` and a cache under `prefix`."""
    prefix = Path(prefix)
    servers = "\n".join(
        f"        server 127.0.0.1:{app_port} max_fails=1 fail_timeout=10s;"
        for app_port in app_ports
    )
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/tmp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""# Written by deploy/serve.py; production uses deploy/nginx/newsroom.conf.
{user}load_module {PURGE_MODULE};
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 30;
{temp}
    include {ROOT}/deploy/nginx/http.conf;
    access_log {prefix}/access.log newsroom;
    proxy_cache_path {prefix}/cache levels=1:2 keys_zone=newsroom:16m max_size=1g
                     inactive=1h use_temp_path=off;
    upstream newsroom_app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen {host}:{port};
        server_name _;
        set $newsroom_static {str(static_root).rstrip("/")}/;
        set $newsroom_media {str(media_root).rstrip("/")}/;
        include {ROOT}/deploy/nginx/site.conf;
    }}
}}
"""


class Stack:
    """nginx, app servers and a worker as child processes."""

    def __init__(self, host, port, env, prefix, app_servers=2, quiet=False):
        self.host, self.port, self.env = host, port, env
        self.prefix = Path(prefix)
        self.app_ports = [spare_port() for _ in range(app_servers)]
        self.apps = {}
        self.worker = None
        self.nginx = None
        self.output = subprocess.DEVNULL if quiet else None

    def start_app(self, app_port):
        self.apps[app_port] = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "newsroom.wsgi"],
            cwd=ROOT,
            env={**self.env, "NEWSROOM_BIND": f"127.0.0.1:{app_port}", "NEWSROOM_WORKERS": "2"},
            stdout=self.output,
            stderr=self.output,
        )
        return self.apps[app_port]

    def start(self):
        for folder in ("cache", "tmp"):
            (self.prefix / folder).mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            nginx_conf(
                self.prefix,
                self.host,
                self.port,
                self.app_ports,
                self.env["STATIC_ROOT"],
                self.env["MEDIA_ROOT"],
            )
        )
        for app_port in self.app_ports:
            self.start_app(app_port)
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", "run_worker", "--worker-id", f"{socket.gethostname()}-serve"],
            cwd=ROOT,
            env=self.env,
            stdout=self.output,
            stderr=self.output,
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx = subprocess.Popen(
            [nginx, "-p", str(self.prefix), "-c", str(conf), "-g", "daemon off;"],
            stdout=self.output,
            stderr=self.output,
        )
        ready = all(wait_for_port(app_port) for app_port in self.app_ports)
        ready = ready and wait_for_port(self.port, self.host)
        if not ready or self.nginx.poll() is not None:
            self.stop()
            log = self.prefix / "error.log"
            raise SystemExit(
                "The stack did not start. nginx said:\n"
                + (log.read_text()[-2000:] if log.exists() else "(no log)")
            )
        return self

    def keep_apps_running(self):
        for app_port, process in list(self.apps.items()):
            if process.poll() is not None:
                print(f"App server on port {app_port} stopped; starting it again.", flush=True)
                self.start_app(app_port)

    def stop(self):
        processes = [self.nginx, self.worker, *self.apps.values()]
        for process in processes:
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            if process:
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main():
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    secret_file = ROOT / ".dev-secret-key"
    env = environment(host, port, secret_file.read_text().strip())
    manage(env, "ensure_database")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "load_demo")
    stack = Stack(host, port, env, ROOT / ".serve").start()
    print("")
    manage(env, "demo_logins", "--base-url", f"http://{host}:{port}")
    print(
        f"\nServing the production stack at http://{host}:{port}/ "
        f"(nginx with the front cache; app servers on ports "
        f"{', '.join(map(str, stack.app_ports))}; a worker). Ctrl-C stops it.",
        flush=True,
    )
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping:
            time.sleep(1)
            stack.keep_apps_running()
            if stack.nginx.poll() is not None:
                print("nginx stopped; see .serve/error.log", flush=True)
                break
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
