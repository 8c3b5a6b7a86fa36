"""The desk's worklist: my drafts, ready for edit, scheduled, published today, across every
kind of publishable content, in a fixed number of queries (four per kind of content)."""

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from . import display
from .models import Status
from .services import ownership_q

LISTS = [
    ("drafts", "My drafts"),
    ("ready", "Ready for edit"),
    ("scheduled", "Scheduled"),
    ("today", "Published today"),
]


def start_of_today(now=None):
    """Midnight in the newsroom's time zone."""
    local = timezone.localtime(now or timezone.now())
    return timezone.make_aware(datetime.combine(local.date(), time.min), local.tzinfo)


def _querysets(model, user, now):
    base = model._default_manager.select_related("created_by")
    midnight = start_of_today(now)
    return {
        "drafts": base.filter(status=Status.DRAFT)
        .filter(ownership_q(model, user))
        .order_by("-updated_at"),
        # Oldest first: the desk works the queue in the order stories were filed.
        "ready": base.filter(status=Status.READY).order_by("updated_at"),
        "scheduled": base.scheduled(now).order_by("published_at"),
        "today": base.published(now)
        .filter(Q(published_at__gte=midnight) | Q(embargo_until__gte=midnight))
        .order_by("-published_at"),
    }


def _when(key, item):
    if key in ("scheduled", "today"):
        return ("for" if key == "scheduled" else "at"), item.display_published_at
    return "saved", item.updated_at


def worklist(user, models, change_url, limit=10, now=None):
    """The four lists for `user` over `models`; `change_url(item)` gives each row's link.

    Each list holds at most `limit` rows of each kind of content, merged by time.
    """
    now = now or timezone.now()
    lists = {key: [] for key, _ in LISTS}
    for model in models:
        for key, queryset in _querysets(model, user, now).items():
            for item in queryset[:limit]:
                when_label, when = _when(key, item)
                lists[key].append(
                    {
                        "title": str(item),
                        "kind": model._meta.verbose_name,
                        "url": change_url(item),
                        "when": when,
                        "when_label": when_label,
                        "by": display.person(item.created_by) if item.created_by_id else "",
                    }
                )
    for key, rows in lists.items():
        oldest_first = key in ("ready", "scheduled")
        rows.sort(key=lambda row: row["when"] or now, reverse=not oldest_first)
    return [{"key": key, "title": title, "rows": lists[key]} for key, title in LISTS]
