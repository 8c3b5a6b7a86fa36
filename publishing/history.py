"""The status history as the desk reads it: each change of status, and for a publication
saved before its time, when readers got it (or will)."""

from django.utils import timezone

from . import display
from .models import Status
from .services import transitions_of


def status_history(item, limit=200):
    """The item's status changes, newest first; a publication saved before its time says
    when readers got it, or will ("went live", "goes live"), not only when it was saved."""
    transitions = list(transitions_of(item)[:limit])
    live_at = getattr(item, "display_published_at", None)
    now = timezone.now()
    for transition in transitions:
        transition.live_note = ""
        if transition.to_status == Status.PUBLISHED and live_at and live_at > transition.at:
            verb = "Went live" if live_at <= now else "Goes live"
            transition.live_note = f"Scheduled: {verb.lower()} {display.moment(live_at)}"
    return transitions
