"""Notes, mentions and hand-offs: every note and notification is written here.

Ready for edit notifies the editors of that kind of item; a move back to draft by someone
other than the item's own people (an editor sending it back) notifies them, with the note
left with it; an @login in a note notifies that person. Each notification is also emailed
(Django's email backend, after the transaction commits) unless the person turned email off.
"""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from publishing import display
from publishing.models import Status
from publishing.services import publish_permission

from .models import DeskSettings, Note, Notification

MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")
NOTE_LIMIT = 5000


def notes_of(item):
    return Note.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).select_related("author")


def mentioned(text):
    """Active staff named by @login in `text`."""
    names = {name.rstrip(".").lower() for name in MENTION.findall(text)}
    if not names:
        return get_user_model().objects.none()
    condition = Q()
    for name in names:
        condition |= Q(username__iexact=name)
    return get_user_model().objects.filter(condition, is_active=True, is_staff=True)


@transaction.atomic
def add_note(item, author, text, transition=None):
    """Keep a note on `item` and notify the people it mentions."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("Write the note first.")
    if len(text) > NOTE_LIMIT:
        raise ValidationError(
            f"A note holds up to {NOTE_LIMIT} characters; this one has {len(text)}."
        )
    note = Note.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        author=author,
        text=text,
        transition=transition,
    )
    for person in mentioned(text):
        if person != author:
            notify(person, author, Notification.Kind.MENTION, item, text)
    return note


def change_url(item):
    opts = item._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    except NoReverseMatch:
        return ""


def wants_email(user):
    settings_row = DeskSettings.objects.filter(user=user).first()
    return settings_row is None or settings_row.email_notifications


def set_email(user, on):
    DeskSettings.objects.update_or_create(user=user, defaults={"email_notifications": on})


def notify(recipient, actor, kind, item, text=""):
    """Tell `recipient` about `item`: in their inbox, and by email unless they turned it off."""
    notification = Notification.objects.create(
        recipient=recipient,
        actor=actor,
        kind=kind,
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        headline=str(item)[:255],
        text=text,
    )
    if recipient.email and wants_email(recipient):
        subject = f"{notification.get_kind_display()}: {notification.headline}"
        lines = [
            f"{display.person(actor)} — {notification.get_kind_display().lower()}: "
            f"“{notification.headline}”.",
            "",
            *([text, ""] if text else []),
            f"Open it: {settings.NEWSROOM_SITE_URL}{change_url(item)}",
            "",
            "You can turn these emails off in your desk inbox.",
        ]
        transaction.on_commit(lambda: send_mail(subject, "\n".join(lines), None, [recipient.email]))
    return notification


def editors_of(model):
    """The people who may publish items of `model` (the Editors, and superusers)."""
    return get_user_model().objects.with_perm(
        publish_permission(model),
        is_active=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )


def owners_of(item):
    """The item's own people: who created it and (articles) the logins of those it credits."""
    model = type(item)
    ids = set()
    for lookup in model.ownership_lookups:
        ids |= set(model._base_manager.filter(pk=item.pk).values_list(lookup, flat=True))
    ids.discard(None)
    return get_user_model().objects.filter(pk__in=ids, is_active=True)


def on_status_changed(sender, item, transition, **kwargs):
    """A hand-off: keep its note with the item's notes and tell the people it concerns."""
    actor = transition.by
    if transition.note:
        add_note(item, actor, transition.note, transition=transition)
    if transition.to_status == Status.READY:
        for editor in editors_of(type(item)).exclude(pk=getattr(actor, "pk", None)):
            notify(editor, actor, Notification.Kind.READY, item, transition.note)
    elif transition.to_status == Status.DRAFT and transition.from_status:
        owners = owners_of(item)
        if actor is not None and owners.filter(pk=actor.pk).exists():
            return  # the reporter moved their own story back: nobody to tell
        for owner in owners:
            notify(owner, actor, Notification.Kind.SENT_BACK, item, transition.note)


# The header counts unread notifications up to here, then says "99+": every admin page shows
# the count, and it never walks a long-neglected inbox.
UNREAD_SHOWN = 99


def unread_count(user):
    """The header's count: a number up to UNREAD_SHOWN, else "99+"."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    count = unread[: UNREAD_SHOWN + 1].count()
    return f"{UNREAD_SHOWN}+" if count > UNREAD_SHOWN else count


def mark_read(user, notifications):
    return notifications.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def on_update_proposed(sender, item, proposal, **kwargs):
    """A reporter proposed an update to their published story: the editors review it."""
    for editor in editors_of(type(item)).exclude(pk=proposal.user_id):
        notify(editor, proposal.user, Notification.Kind.PROPOSED, item)


def on_proposal_decided(sender, item, proposal, by, published, note="", **kwargs):
    """An editor published or returned a proposed update: its reporter is told."""
    kind = Notification.Kind.UPDATE_PUBLISHED if published else Notification.Kind.SENT_BACK
    notify(proposal.user, by, kind, item, note)
    if note:
        add_note(item, by, note)
