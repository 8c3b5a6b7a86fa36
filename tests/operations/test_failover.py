"""The shipped serving recipe under failure: nginx (deploy/nginx, as `make serve` runs it) in
front of two real gunicorn app servers with production settings. When one app server dies,
only its in-flight requests may fail; everything else goes to the other."""

import signal
import threading
import time

import pytest

from tests.factories import make_article, make_section

from .servers import need, spare_port, wait_for_port
from .stack import Browser, database_url, load_serve, manage, production_environment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stack(tmp_path):
    need("nginx")
    serve = load_serve()
    port = spare_port()
    environment = production_environment(
        database_url(),
        f"http://127.0.0.1:{port}",
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        NEWSROOM_FRONT_CACHE_SECONDS="60",
    )
    manage(environment, "collectstatic", "--noinput", "-v", "0")
    running = serve.Stack("127.0.0.1", port, environment, tmp_path / "serve", quiet=True)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def story(db):
    return make_article("Syrian general defects", section=make_section("World"))


def test_when_one_app_server_dies_readers_never_notice(stack, story):
    reader = Browser(f"http://127.0.0.1:{stack.port}")
    statuses = []
    stop = threading.Event()

    def read_continuously():
        number = 0
        while not stop.is_set():
            number += 1
            # A new address each time: a front-cache miss, so an app server must answer.
            statuses.append(reader.get(f"{story.get_absolute_url()}?n={number}").status_code)

    def wait_for(count, timeout=90):
        deadline = time.monotonic() + timeout
        while len(statuses) < count and time.monotonic() < deadline:
            time.sleep(0.05)

    readers = [threading.Thread(target=read_continuously) for _ in range(2)]
    for thread in readers:
        thread.start()
    wait_for(10)  # both app servers warm and answering
    first_app = next(iter(stack.apps.values()))
    first_app.send_signal(signal.SIGKILL)  # the master: its workers go with it
    killed_at = len(statuses)
    wait_for(killed_at + 40)
    stop.set()
    for thread in readers:
        thread.join()

    after = statuses[killed_at:]
    assert len(after) >= 40  # the other app server kept answering
    failures = [status for status in after if status != 200]
    # At most the requests in flight on the killed server at that moment (one per reader).
    assert len(failures) <= 2, failures
    assert statuses[:killed_at].count(200) == killed_at


def test_the_front_cache_serves_readers_and_never_staff(stack, story, editor):
    reader = Browser(f"http://127.0.0.1:{stack.port}")
    first = reader.get(story.get_absolute_url())
    again = reader.get(story.get_absolute_url())
    assert first.headers["X-Cache"] == "MISS"
    assert again.headers["X-Cache"] == "HIT"
    assert "public" in again.headers["Cache-Control"]

    desk = Browser(f"http://127.0.0.1:{stack.port}")
    desk.sign_in(editor.username, "correct-horse-battery")
    staff_view = desk.get(story.get_absolute_url())
    assert staff_view.headers["X-Cache"] == "BYPASS"
    assert "private" in staff_view.headers["Cache-Control"]
    # The sign-in page sets cookies: never stored.
    reader.get("/admin/login/")
    assert reader.get("/admin/login/").headers["X-Cache"] != "HIT"


def test_with_every_app_server_down_readers_get_the_last_good_page(stack, story):
    reader = Browser(f"http://127.0.0.1:{stack.port}")
    assert reader.get(story.get_absolute_url()).status_code == 200
    for process in stack.apps.values():
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    for app_port in stack.app_ports:
        wait_for_port(app_port, up=False)
    cached = reader.get(story.get_absolute_url())
    assert cached.status_code == 200
    assert "Syrian general defects" in cached.text()
