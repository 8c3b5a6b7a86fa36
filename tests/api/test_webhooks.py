"""Webhooks against a real HTTP server on 127.0.0.1: signed events on publish, update,
correction, unpublish and removal, retries with backoff, "send again", scheduled items at
their moment, and a partner that is down never slowing an editor's save."""

import datetime
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from api.models import Delivery, Webhook
from api.webhooks import BACKOFF, send_again, send_due
from articles.services import add_correction
from publishing.models import Status
from publishing.services import publish, save_edit, unpublish
from tests.factories import make_article, make_section

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Receiver:
    """A partner's endpoint: records what it gets; answers the codes in `answers` in turn
    (then 200), or holds each request for `hold` seconds."""

    def __init__(self):
        self.received, self.answers, self.hold = [], [], 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                time.sleep(receiver.hold)
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/newsroom"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self):
        return [json.loads(body) for _, body in self.received]


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture
def hook(db, receiver):
    return Webhook.objects.create(name="City Radio", url=receiver.url, secret="s3cret")


def verify(headers, body, secret):
    """What a partner does: recompute the signature over the timestamp and the body."""
    fields = dict(part.split("=", 1) for part in headers["Newsroom-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256)
    assert abs(time.time() - int(fields["t"])) < 300
    return hmac.compare_digest(expected.hexdigest(), fields["v1"])


def test_publish_update_correction_unpublish_and_removal_are_sent_signed(
    hook, receiver, editor, django_capture_on_commit_callbacks
):
    desk = make_section()
    story = make_article("Council votes", section=desk, status=Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        story = publish(story, editor)
    with django_capture_on_commit_callbacks(execute=True):
        story.deck = "The vote was close."
        save_edit(story, editor)
    with django_capture_on_commit_callbacks(execute=True):
        add_correction(story, editor, "correction", "The vote was 5-4, not 6-3.")
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish(story, editor)
    with django_capture_on_commit_callbacks(execute=True):
        story.delete()
    events = receiver.events()
    assert [e["event"] for e in events] == [
        "publish", "update", "correction", "unpublish", "removal"
    ]  # fmt: skip
    assert {e["guid"] for e in events} == {f"article-{story_pk(events)}"}
    assert events[2]["correction"]["text"] == "The vote was 5-4, not 6-3."
    for headers, body in receiver.received:
        assert verify(headers, body, "s3cret")
        assert not verify(headers, body + b" ", "s3cret")
        assert not verify(headers, body, "wrong secret")
    assert Delivery.objects.filter(status=Delivery.Status.DELIVERED).count() == 5


def story_pk(events):
    return events[0]["guid"].split("-")[1]


def test_a_webhook_gets_only_the_events_it_asked_for(hook, receiver, editor,
                                                     django_capture_on_commit_callbacks):  # fmt: skip
    hook.events = ["unpublish", "removal"]
    hook.save()
    story = make_article("Quiet", status=Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        story = publish(story, editor)
    with django_capture_on_commit_callbacks(execute=True):
        unpublish(story, editor)
    assert [e["event"] for e in receiver.events()] == ["unpublish"]


def test_failed_deliveries_are_retried_with_backoff_then_given_up(hook, receiver, editor,
                                                                  django_capture_on_commit_callbacks):  # fmt: skip
    receiver.answers = [500, 503]
    story = make_article("Retry me", status=Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        publish(story, editor)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.RETRYING
    assert delivery.attempts == 1 and delivery.response_code == 500
    first_wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert first_wait == BACKOFF[0]
    assert send_due() == 0  # not due yet
    with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
        assert send_due() == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.response_code == 503
    assert delivery.next_attempt_at - delivery.last_attempt_at == BACKOFF[1] > first_wait
    with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
        send_due()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED and delivery.attempts == 3
    assert len(receiver.received) == 3
    # A partner that never answers well: given up after the last attempt, with the reason.
    receiver.answers = [500] * 10
    assert send_again([delivery]) == 1
    for _ in range(10):
        delivery.refresh_from_db()
        if delivery.next_attempt_at is None:
            break
        with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
            send_due()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == len(BACKOFF) + 1
    assert "Gave up" in delivery.last_error


def test_a_partner_that_is_down_never_slows_a_save(hook, receiver, editor, settings,
                                                   django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = DB_TASKS  # as in production: the worker sends, not the save
    receiver.hold = 5
    story = make_article("Fast save", status=Status.DRAFT, published_at=None)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        publish(story, editor)
    assert time.monotonic() - started < 2
    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    queued = DBTaskResult.objects.get(task_path="api.tasks.deliver")
    assert queued.args_kwargs["args"] == [delivery.pk]


def test_a_scheduled_story_is_announced_at_its_moment(hook, receiver, editor, settings,
                                                      django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = DB_TASKS
    moment = (timezone.now() + datetime.timedelta(hours=3)).replace(microsecond=0)
    story = make_article("Embargoed report", status=Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        publish(story, editor, at=moment)
    assert Delivery.objects.count() == 0  # nothing goes out before its time
    task = DBTaskResult.objects.get(task_path="api.tasks.announce_go_live")
    assert task.run_after == moment
    from api.tasks import announce_go_live

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with time_machine.travel(moment + datetime.timedelta(seconds=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert announce_go_live.call(*task.args_kwargs["args"]) is True
    assert [e["event"] for e in receiver.events()] == ["publish"]
    # Run twice (a worker retried it): announced once.
    with time_machine.travel(moment + datetime.timedelta(seconds=2)):
        assert announce_go_live.call(*task.args_kwargs["args"]) is False


def test_a_rescheduled_story_is_not_announced_at_its_old_moment(hook, receiver, editor):
    from api.tasks import announce_go_live

    old = timezone.now() + datetime.timedelta(hours=1)
    story = make_article("Moved", published_at=old + datetime.timedelta(hours=5))
    with time_machine.travel(old + datetime.timedelta(seconds=1)):
        assert announce_go_live.call("articles.Article", story.pk, old.isoformat()) is False
    assert receiver.received == []


def test_send_webhooks_command_sends_what_is_due(hook, receiver):
    from django.core.management import call_command

    delivery = Delivery.objects.create(
        webhook=hook, event="update", guid="article-1", payload={"event": "update"}
    )
    call_command("send_webhooks")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert [e["event"] for e in receiver.events()] == ["update"]
