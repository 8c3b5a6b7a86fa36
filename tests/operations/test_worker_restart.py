"""A worker restart loses no task: a real `manage.py run_worker` process killed in the middle
of a task, and a task that fails, both end done."""

import os
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from . import worker_tasks
from .stack import PYTHON, ROOT

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def start_worker(worker_id="test-host-worker"):
    from django.db import connection

    settings_dict = connection.settings_dict
    environment = {
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": "worker-test-" + "x" * 40,
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
            f"{settings_dict['PORT']}/{settings_dict['NAME']}"
        ),
        "NEWSROOM_TASK_LEASE_SECONDS": "900",
    }
    for name in ("PYTEST_CURRENT_TEST", "PYTEST_VERSION", "DJANGO_SETTINGS_MODULE"):
        environment.pop(name, None)
    return subprocess.Popen(
        [PYTHON, "manage.py", "run_worker", "--worker-id", worker_id, "--interval", "0.2"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def stop(worker):
    if worker.poll() is None:
        worker.kill()
        worker.wait(10)


def test_a_task_whose_worker_was_killed_is_done_after_the_restart(database_queue, tmp_path):
    proof = tmp_path / "rendition"
    result = worker_tasks.slow_stamp.enqueue(str(proof), 3)
    worker = start_worker()
    try:
        assert wait_until(lambda: DBTaskResult.objects.get(pk=result.id).status == "RUNNING")
        worker.send_signal(signal.SIGKILL)  # the machine lost power, OOM killer, kill -9
        worker.wait(10)
        assert not proof.exists()
        assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"  # held by the dead

        worker = start_worker()  # systemd starts it again, with the same id
        assert wait_until(proof.exists, timeout=30)
        assert wait_until(
            lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL", timeout=10
        )
    finally:
        stop(worker)


def test_a_task_left_by_a_worker_that_never_came_back_is_taken_after_its_lease(
    database_queue, tmp_path, settings
):
    proof = tmp_path / "purge"
    result = worker_tasks.slow_stamp.enqueue(str(proof), 0)
    # Another host's worker claimed it twenty minutes ago and was never heard of again.
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING",
        worker_ids=["gone-host-worker"],
        started_at=DBTaskResult.objects.get(pk=result.id).enqueued_at - timedelta(minutes=20),
    )
    worker = start_worker()
    try:
        assert wait_until(proof.exists, timeout=30)
    finally:
        stop(worker)


def test_a_failing_task_is_tried_again_until_done(database_queue, tmp_path):
    proof = tmp_path / "delivery"
    worker_tasks.fail_once.enqueue(str(proof))
    worker = start_worker()
    try:
        assert wait_until(proof.exists, timeout=30)
    finally:
        stop(worker)
    results = DBTaskResult.objects.filter(task_path__endswith="fail_once").order_by("enqueued_at")
    assert [result.status for result in results] == ["FAILED", "SUCCESSFUL"]
