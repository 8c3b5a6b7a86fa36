"""Gunicorn for Newsroom's app servers (deploy/systemd/newsroom-app@.service; `make serve`).

Sync workers: pages are short database reads; a slow client is nginx's business, which
buffers requests and responses. NEWSROOM_BIND and NEWSROOM_WORKERS override the defaults.
"""

import multiprocessing
import os

bind = os.environ.get("NEWSROOM_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("NEWSROOM_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
keepalive = 5
# A worker is replaced now and then, so a slow leak can never take a server down.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
# Forwarded headers are judged by the app (NEWSROOM_TRUSTED_PROXIES), not here.
forwarded_allow_ips = "127.0.0.1"
# No control socket: several app servers on one machine would share its one default path.
control_socket_disable = True
