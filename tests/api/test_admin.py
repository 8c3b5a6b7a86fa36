"""The desk's side: editors make a partner's key (shown once, stored as a hash), revoke it,
register webhooks, and send a delivery again from the log; reporters do none of it."""

import hashlib
import re

from api.models import ApiKey, Delivery, Webhook
from tests.staff import client_for


def test_an_editor_makes_a_key_that_is_shown_once_and_stored_as_a_hash(editor, newsroom):
    desk = client_for(editor)
    response = desk.post(
        "/admin/api/apikey/add/",
        {"name": "Morning newsletter", "rate_limit": "120", "sections": [newsroom["world"].pk]},
        follow=True,
    )
    assert response.status_code == 200
    shown = re.search(r"(nr_[A-Za-z0-9_-]{40,})", response.content.decode()).group(1)
    api_key = ApiKey.objects.get(name="Morning newsletter")
    assert api_key.key_hash == hashlib.sha256(shown.encode()).hexdigest()
    assert api_key.created_by == editor
    assert list(api_key.sections.all()) == [newsroom["world"]]
    # The key works at once, and is not shown again on its page.
    assert desk.get("/api/v1/items/", HTTP_X_API_KEY=shown).status_code == 200
    page = desk.get(f"/admin/api/apikey/{api_key.pk}/change/").content.decode()
    assert shown not in page and api_key.key_start in page
    desk.post(
        "/admin/api/apikey/",
        {"action": "revoke", "_selected_action": [api_key.pk]},
        follow=True,
    )
    assert desk.get("/api/v1/items/", HTTP_X_API_KEY=shown).status_code == 401


def test_an_editor_registers_a_webhook_and_sends_a_delivery_again(editor, monkeypatch):
    desk = client_for(editor)
    response = desk.post(
        "/admin/api/webhook/add/",
        {
            "name": "Radio",
            "url": "https://radio.example/hooks",
            "events": ["publish", "removal"],
            "is_active": "on",
            "secret": "shared-secret",
        },  # fmt: skip
    )
    assert response.status_code == 302, response.content
    hook = Webhook.objects.get(name="Radio")
    assert hook.events == ["publish", "removal"]
    delivery = Delivery.objects.create(
        webhook=hook, event="publish", guid="article-1", payload={"event": "publish"},
        status=Delivery.Status.FAILED, attempts=6, response_code=500,
    )  # fmt: skip
    sent = []
    monkeypatch.setattr("api.webhooks.enqueue", lambda d, at=None: sent.append(d.pk))
    log = desk.get("/admin/api/delivery/").content.decode()
    assert "article-1" in log and "500" in log
    desk.post("/admin/api/delivery/", {"action": "send_again", "_selected_action": [delivery.pk]})
    delivery.refresh_from_db()
    assert sent == [delivery.pk]
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 0


def test_reporters_cannot_make_keys_or_webhooks(reporter):
    desk = client_for(reporter)
    assert desk.get("/admin/api/apikey/add/").status_code == 403
    assert desk.post("/admin/api/apikey/add/", {"name": "x", "rate_limit": "1"}).status_code == 403
    assert desk.get("/admin/api/webhook/").status_code == 403
    assert not ApiKey.objects.exists()
