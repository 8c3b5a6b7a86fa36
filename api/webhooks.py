"""Webhooks: events become one Delivery per partner when the saving transaction commits, and
the background worker sends them, signed, retrying with backoff. An editor's save only
writes rows; a partner that is down never slows it.

Signature: header `Newsroom-Signature: t=<unix time>,v1=<hex>` where hex is HMAC-SHA256,
keyed with the webhook's secret, over "<t>.<body>". A receiver recomputes it, compares in
constant time, and refuses a timestamp more than five minutes old (replays).
"""

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import default_task_backend

from publishing.display import iso
from reader.display import absolute

from . import ninjs
from .models import Delivery, Webhook

log = logging.getLogger(__name__)
# Wait before each new attempt: 1 and 5 minutes, half an hour, 2 and 12 hours; then give up.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
_pending = threading.local()


def sign(secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def payload(event, item, kind, **extra):
    item_guid = ninjs.guid(kind, item.pk)
    data = {
        "event": event,
        "guid": item_guid,
        "uri": ninjs.item_uri(item_guid),
        "type": kind,
        "version": item.version,
        "headline": getattr(item, "headline", str(item)),
        "occurred_at": iso(timezone.now()),
    }
    if event != "removal" and hasattr(item, "get_absolute_url"):
        data["url"] = absolute(item.get_absolute_url())
    data.update(extra)
    return data


def announce(data):
    """Send `data` (an event's payload) to every partner that wants it, once the current
    transaction commits; the same event for the same item is sent once per transaction."""
    if not connection.in_atomic_block:
        _deliver_all([data])
        return
    outermost = id(connection.atomic_blocks[0])
    queue = getattr(_pending, "queue", None)
    if queue is None or queue[0] != outermost:
        queue = _pending.queue = (outermost, {})
        transaction.on_commit(_flush)
    queue[1].setdefault((data["event"], data["guid"]), data)


def _flush():
    queue = getattr(_pending, "queue", None)
    _pending.queue = None
    if queue:
        _deliver_all(list(queue[1].values()))


def _deliver_all(events):
    hooks = list(Webhook.objects.filter(is_active=True))
    if not hooks:
        return
    made = [
        Delivery(webhook=hook, event=data["event"], guid=data["guid"], payload=data)
        for data in events
        for hook in hooks
        if data["event"] in (hook.events or [])
    ]
    for delivery in Delivery.objects.bulk_create(made):
        enqueue(delivery)


def enqueue(delivery, at=None):
    from .tasks import deliver

    later(deliver, at, delivery.pk)


def later(task, at, *args):
    """Run `task` at `at` (now when None) in the background worker. A backend that cannot
    wait (the immediate one in tests) leaves a later run to `send_due` (the tests, or
    `manage.py send_webhooks` from cron)."""
    if at is None or at <= timezone.now():
        task.enqueue(*args)
    elif default_task_backend.supports_defer:
        task.using(run_after=at).enqueue(*args)


def send(delivery):
    """One attempt: POST the payload, signed; record how it went and when to try again."""
    hook = delivery.webhook
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": f"{settings.NEWSROOM_SITE_NAME} webhooks",
            "Newsroom-Event": delivery.event,
            "Newsroom-Delivery": str(delivery.pk),
            "Newsroom-Signature": sign(hook.secret, timestamp, body),
        },
    )
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=settings.NEWSROOM_WEBHOOK_TIMEOUT) as answer:
            code = answer.status
    except urllib.error.HTTPError as refused:
        code, error = refused.code, f"The partner answered {refused.code} {refused.reason}."
    except (urllib.error.URLError, OSError, ValueError) as failure:
        reason = getattr(failure, "reason", failure)
        error = f"Could not reach the partner: {reason}."
    delivery.response_code = code
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, now
        delivery.next_attempt_at, delivery.last_error = None, ""
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        delivery.last_error = f"{error} Gave up after {delivery.attempts} attempts."[:500]
    else:
        delivery.status = Delivery.Status.RETRYING
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
        delivery.last_error = error[:500]
    delivery.save()
    if delivery.status == Delivery.Status.RETRYING:
        enqueue(delivery, delivery.next_attempt_at)
    return delivery


def send_again(deliveries):
    """The desk's "send again": each delivery goes out once more, now, with fresh attempts."""
    count = 0
    for delivery in deliveries:
        delivery.status = Delivery.Status.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        enqueue(delivery)
        count += 1
    return count


def send_due(now=None):
    """Send every delivery whose next attempt is due (for backends that cannot wait)."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING]
    ).filter(next_attempt_at__lte=now) | Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__isnull=True
    )
    sent = 0
    for delivery in due.select_related("webhook").order_by("created_at", "id"):
        send(delivery)
        sent += 1
    return sent
