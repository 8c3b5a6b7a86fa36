"""The background worker as production runs it: django-tasks' database worker, plus what
makes a restart lose nothing (publishing/tasks.py).

Each pass first queues again what a dead worker left running, then runs every ready task,
then waits `--interval` seconds. A database that goes away is waited for, not a crash.
Give each worker a stable `--worker-id` (the systemd unit does: host and instance), so a
restarted worker takes back at once what its previous life was running.
"""

import logging
import socket
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands.db_worker import Worker

from publishing.tasks import recover_abandoned

logger = logging.getLogger("publishing.worker")


class Command(BaseCommand):
    help = "Run background tasks (renditions, purges, deliveries); restarts lose nothing."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default=f"{socket.gethostname()}-worker")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--queue-name", default="*")

    def handle(self, *, worker_id, interval, queue_name, verbosity, **options):
        # The queue's own chatter (a line per pass) is left out; tasks and failures are logged.
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        logging.getLogger("django_tasks").setLevel(logging.INFO if verbosity else logging.ERROR)
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=0,
            batch=True,  # one pass: every ready task, then back here
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()  # SIGTERM: finish the running task, then stop
        logger.info("Worker %s started.", worker_id)
        while worker.running:
            try:
                recover_abandoned(worker_id)
                worker.run()
            except (OperationalError, InterfaceError) as error:
                logger.warning("Database unavailable (%s); waiting.", error)
                close_old_connections()
                time.sleep(max(interval, 1))
                continue
            close_old_connections()
            time.sleep(interval)
