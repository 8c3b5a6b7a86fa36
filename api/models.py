"""The content API's own records: partners' keys, their webhooks, the deliveries made to
them, and the items removed from the site (answered 410 Gone).

The content apps never import this app: it reads them, and hears of their changes through
`publishing.signals` and `articles.signals`.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

KEY_PREFIX = "nr_"


def hash_key(key):
    """The stored form of an API key. Keys are 32 random bytes, so one round of SHA-256 is
    enough: there is nothing to guess, and a stolen table gives nothing to use."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_key():
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiKey(models.Model):
    """A partner's key to the content API. Only its hash is stored; the key itself is shown
    once, when it is made."""

    name = models.CharField(max_length=200, help_text="The partner, e.g. “City Radio app”.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, to tell keys apart in the list (not enough to use one).
    key_start = models.CharField("key starts with", max_length=12, editable=False)
    rate_limit = models.PositiveIntegerField(
        "requests a minute",
        default=600,
        help_text="Over this, the API answers 429 with Retry-After.",
    )
    sections = models.ManyToManyField(
        "articles.Section",
        blank=True,
        related_name="+",
        help_text="Only stories in these sections (and their subsections). "
        "Empty: everything readers may see.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.key_start}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @classmethod
    def issue(cls, name, *, rate_limit=600, sections=(), created_by=None):
        """Make a key; returns (the ApiKey, the key itself, which is never stored)."""
        key = new_key()
        api_key = cls.objects.create(
            name=name,
            key_hash=hash_key(key),
            key_start=key[:8],
            rate_limit=rate_limit,
            created_by=created_by,
        )
        if sections:
            api_key.sections.set(sections)
        return api_key, key


class Event(models.TextChoices):
    """What a webhook tells a partner."""

    PUBLISH = "publish", "Published (or went live at its scheduled time)"
    UPDATE = "update", "Published item updated"
    CORRECTION = "correction", "Correction or update added or removed"
    UNPUBLISH = "unpublish", "Unpublished"
    REMOVAL = "removal", "Removed (deleted)"


def all_events():
    return [event.value for event in Event]


class Webhook(models.Model):
    """A partner's address that receives signed events."""

    name = models.CharField(max_length=200)
    url = models.URLField("address", max_length=500, help_text="Where events are POSTed.")
    secret = models.CharField(
        max_length=100,
        default=secrets.token_hex,
        help_text="Shared with the partner: every delivery is signed with HMAC-SHA256 over "
        "the timestamp and the body (header Newsroom-Signature).",
    )
    events = models.JSONField(
        default=all_events, help_text="Which events to send: " + ", ".join(all_events())
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "webhook"

    def __str__(self):
        return self.name

    def clean(self):
        unknown = set(self.events or []) - set(all_events())
        if unknown:
            raise ValidationError(
                {
                    "events": f"Unknown events: {', '.join(sorted(unknown))}. "
                    f"Choose from {', '.join(all_events())}."
                }
            )


class Delivery(models.Model):
    """One event for one webhook: what was sent, how it went, and when it is tried again."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        RETRYING = "retrying", "Failed; will try again"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed; gave up"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=12, choices=Event.choices)
    guid = models.CharField("item", max_length=40)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} {self.guid} → {self.webhook}"


class Removal(models.Model):
    """An item readers could once see that has been deleted: the API answers 410 Gone for it,
    with this time, so partners take it down."""

    guid = models.CharField(max_length=40, unique=True)
    headline = models.CharField(max_length=255, blank=True)
    removed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-removed_at"]
        verbose_name = "removed item"

    def __str__(self):
        return f"{self.guid} removed {self.removed_at:%Y-%m-%d %H:%M}"
