"""Background work that is never lost: retried until done, and taken back from a worker
that died holding it.

Tasks run on django-tasks' database queue. A task that raises is enqueued again with a
growing wait (`retrying`); a task a worker was running when it was killed is put back in the
queue by the next worker to start, or by any worker once its lease has run out
(`recover_abandoned`, called by `manage.py run_worker` on every pass). Every task must
therefore be safe to run twice: renditions, purges and deliveries are.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

logger = logging.getLogger(__name__)


def retrying(*, attempts=10, first_wait=5, **task_options):
    """`@task()` whose failures are tried again, waiting first_wait × 2ⁿ seconds (capped at
    an hour), up to `attempts` runs in all."""

    def decorate(function):
        @task(**task_options)
        @functools.wraps(function)
        def run(*args, attempt=1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                if attempt >= attempts:
                    logger.exception("%s failed %d times; giving up.", function.__name__, attempt)
                    raise
                wait = min(first_wait * 2 ** (attempt - 1), 3600)
                logger.warning(
                    "%s failed (attempt %d); again in %d s.", function.__name__, attempt, wait
                )
                run.using(run_after=timezone.now() + timedelta(seconds=wait)).enqueue(
                    *args, attempt=attempt + 1, **kwargs
                )
                raise

        return run

    return decorate


def recover_abandoned(worker_id=None):
    """Put back in the queue what a dead worker was running: everything this worker id was
    running (it has just started, so its previous life is over), and anything running past
    NEWSROOM_TASK_LEASE_SECONDS. Returns how many tasks went back."""
    from django_tasks_db.models import DBTaskResult

    lease = timedelta(seconds=getattr(settings, "NEWSROOM_TASK_LEASE_SECONDS", 900))
    cutoff = timezone.now() - lease
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    abandoned = [
        result.pk
        for result in running.only("pk", "started_at", "worker_ids")
        if (result.started_at and result.started_at < cutoff)
        or (worker_id and result.worker_ids and result.worker_ids[-1] == worker_id)
    ]
    count = running.filter(pk__in=abandoned).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("%d task(s) left running by a dead worker are queued again.", count)
    return count
