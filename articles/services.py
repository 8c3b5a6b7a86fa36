"""Corrections, clarifications, updates and editor's notes on published articles, and the
"material update" stamp readers see as "Updated".

A correction is never silently removed: removal records who, when and why, and keeps the
text. The standalone operations lock the article, raise its version (so an open change form
learns of it) and keep a revision, all in one transaction. The admin's correction inline
uses `new_correction` and `record_removal` inside its own save of the article.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from publishing import display
from publishing.models import Status
from publishing.moments import moment_problem
from publishing.services import can_publish

from .models import Article, Correction
from .signals import correction_changed

# Statuses of an article that readers have seen (or will see again): corrections go on these.
CORRECTABLE = {Status.PUBLISHED, Status.UNPUBLISHED}


def check_may_correct(user, article):
    if not can_publish(user, Article):
        raise PermissionDenied("Only editors add or remove corrections and updates.")
    if article.status not in CORRECTABLE:
        raise ValidationError(
            "Corrections and updates go on published articles; this one has not been "
            "published, so change its text instead."
        )


def check_correction_time(article, moment, now=None):
    """Refuse a correction time readers could not have been told at: in the future (it would
    show on the story and in feeds before the corrections log), or before the story was
    first published. Corrections are appended when they happen; none is scheduled."""
    now = now or timezone.now()
    problem = moment_problem(moment)
    if problem:
        raise ValidationError(problem, code="out_of_range")
    if moment > now:
        raise ValidationError(
            f"The time {display.moment(moment)} is in the future: a correction is added when "
            "readers are told. Leave the time empty for now, or give a time that has passed.",
            code="future",
        )
    if article.published_at is not None and moment < article.published_at:
        raise ValidationError(
            f"The time {display.moment(moment)} is before the story was published "
            f"({display.moment(article.published_at)}). Give a time after that.",
            code="before_publication",
        )


def new_correction(article, user, kind, text, published_at=None):
    """The correction row itself; the caller saves the article (raising its version)."""
    check_may_correct(user, article)
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError("Write the text of the correction or update.")
    published_at = published_at or timezone.now()
    check_correction_time(article, published_at)
    correction = Correction.objects.create(
        article=article,
        kind=kind or Correction.Kind.CORRECTION,
        text=text,
        published_at=published_at,
        created_by=user,
    )
    correction_changed.send(
        sender=Correction, article=article, correction=correction, user=user, removed=False
    )
    return correction


def record_removal(correction, user, reason):
    """Mark `correction` removed, with who, when and why; the caller saves the article."""
    check_may_correct(user, correction.article)
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationError("Say why the correction is removed: the reason is kept with it.")
    if correction.removed_at is not None:
        raise ValidationError("This correction was already removed.")
    correction.removed_at = timezone.now()
    correction.removed_by = user
    correction.removal_reason = reason[:255]
    correction.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    correction_changed.send(
        sender=Correction,
        article=correction.article,
        correction=correction,
        user=user,
        removed=True,
    )
    return correction


def _locked(article):
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def add_correction(article, user, kind, text, published_at=None):
    """Append a correction or update to a published article; its dateModified moves with it."""
    article = _locked(article)
    correction = new_correction(article, user, kind, text, published_at)
    article.save(saved_by=user, revision_summary=f"{correction.get_kind_display()} added")
    return correction


@transaction.atomic
def remove_correction(correction, user, reason):
    """Take a correction off the page, keeping the record of it and of its removal."""
    article = _locked(correction.article)
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    record_removal(correction, user, reason)
    article.save(saved_by=user, revision_summary=f"{correction.get_kind_display()} removed")
    return correction


def stamp_material_update(article, user, at=None):
    """Set the "Updated" time readers see; only an editor decides a change is material."""
    if not can_publish(user, Article):
        raise PermissionDenied("Only editors mark a change as a material update.")
    article.material_update_at = at or timezone.now()


def check_body(user, stored_html, new_html, article_pk=None):
    """Refuse (ValidationError, in words for the desk) a body this person may not save: one
    that names a photo, gallery or story that does not exist or that they may not see, or
    that adds or changes an HTML graphic when they are not an editor (graphics run code in
    readers' browsers, sandboxed, but still the desk's responsibility)."""
    from media_gallery.models import Gallery, Photo

    from .body import graphics, read_body, references

    new_blocks = read_body(new_html)
    named, problems = references(new_blocks), []
    for model, ids, what in (
        (Photo, named.photos, "photo"),
        (Gallery, named.galleries, "gallery"),
        (Article, named.articles, "story"),
    ):
        if not ids:
            continue
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            problems.append(f"You may not place a {what}: you cannot see {what}s in the desk.")
            continue
        found = set(model._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
        problems += [
            f"The {what} #{pk} placed in the story does not exist: it was deleted, or never "
            f"was. Remove it from the story, or choose another {what}."
            for pk in sorted(ids - found)
        ]
    if article_pk is not None and article_pk in named.articles:
        problems.append("A story cannot be its own related story: choose another.")
    if graphics(new_blocks) != graphics(read_body(stored_html)) and not can_publish(user, Article):
        problems.append(
            "Only editors add, change or remove HTML graphics. Your other changes are kept "
            "below; put the graphic back as it was, or ask an editor."
        )
    if problems:
        raise ValidationError(problems)
