"""Tasks the worker tests enqueue: a slow one to kill a worker in the middle of, and one that
fails the first time. Each leaves a file behind as its proof of work."""

import time
from pathlib import Path

from publishing.tasks import retrying


@retrying(first_wait=1)
def slow_stamp(path, seconds):
    time.sleep(seconds)
    Path(path).write_text("done")


@retrying(first_wait=1)
def fail_once(path):
    flag = Path(path + ".tried")
    if not flag.exists():
        flag.write_text("tried")
        raise RuntimeError("the partner was down")
    Path(path).write_text("done")
