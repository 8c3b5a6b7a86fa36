"""The services of live coverage: write, publish, update, correct, pin and remove a live post,
keep the key points current, end and reopen coverage.

Each runs in one transaction. Reporters write posts in draft (their own); only editors (the
right to publish articles) publish, change a published post, pin, correct or remove, on every
path: the desk screen, the admin, the demo and the bench loader all call these. A change
readers can see raises the story's `LiveCoverage.stamp` (what the update endpoint is keyed
on) and tells the fragment cache that this story changed; a draft saved changes nothing
readers see, so it invalidates nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from publishing.moments import moment_problem
from publishing.services import can_publish
from reader import changes

from .body import clean_body, read_body, references
from .models import (
    Article,
    BodyReference,
    Correction,
    LiveCoverage,
    LivePost,
    LivePostCorrection,
    LivePostCredit,
    Person,
)
from .signals import live_changed

Status = LivePost.Status


def coverage_of(story):
    """The story's LiveCoverage, made on first use (a story turned into live coverage)."""
    if story.article_type != Article.ArticleType.LIVE:
        raise ValidationError("This story is not live coverage: set its type to Live coverage.")
    coverage, _ = LiveCoverage.objects.get_or_create(article=story)
    return coverage


def _readers_see(story):
    """Something readers of this live story may see changed: new stamp, fresh fragments."""
    LiveCoverage.objects.filter(article=story).update(stamp=F("stamp") + 1)
    # The story's "last saved" time moves too, so sitemaps tell crawlers it changed (the
    # version does not: an editor's open change form of the story stays valid).
    Article.objects.filter(pk=story.pk).update(updated_at=timezone.now())
    changes.changed(story)
    live_changed.send(sender=Article, story=story)


def _check_editor(user, what):
    if not can_publish(user, Article):
        raise PermissionDenied(f"Only editors {what}. Save the post as a draft for an editor.")


def _clean_text(value, limit=None):
    value = (value or "").replace("\x00", "").strip()
    return value[:limit] if limit else value


@transaction.atomic
def save_post(
    user,
    story,
    post=None,
    *,
    title="",
    body="",
    people=(),
    is_key_event=False,
    is_pinned=False,
    publish=False,
    version=None,
    published_at=None,
):
    """Write a new post or change one; `publish=True` publishes it in the same step (editors).

    `version` is the post's version the writer started from: a post changed meanwhile by
    someone else is refused (ValidationError) and nothing is lost, the caller keeps the text.
    A published post that is changed shows "Updated" with the time of the change.
    """
    story = Article.objects.select_for_update().get(pk=story.pk)
    coverage_of(story)
    if post is None:
        post = LivePost(story=story, created_by=user)
    else:
        post = LivePost.objects.select_for_update().get(pk=post.pk, story=story)
        if version is not None and int(version) != post.version:
            raise ValidationError(
                "Someone else changed this post after you opened it (it is now version "
                f"{post.version}). Your text is kept below: copy what you need, reload the "
                "post and apply your change again."
            )
        if post.status == Status.REMOVED:
            raise ValidationError("This post was removed; it cannot be changed.")
        if post.status == Status.PUBLISHED:
            _check_editor(user, "change a published post")
        elif post.created_by_id != user.pk and not can_publish(user, Article):
            raise PermissionDenied("This draft is someone else's: ask its writer or an editor.")
    if publish or is_pinned:
        _check_editor(user, "publish or pin posts")
    was_published = post.status == Status.PUBLISHED
    body = clean_body(body)
    title = _clean_text(title, 255)
    if not body and not title:
        raise ValidationError("Write the post: a title, a text, or both.")
    people = list(people)
    if not people:
        raise ValidationError("Name at least one person in the post's byline.")
    changed_content = (
        post.pk is None
        or post.body != body
        or post.title != title
        or post.is_key_event != is_key_event
        or sorted(p.pk for p in post.byline_people) != sorted(p.pk for p in people)
    )
    now = timezone.now()
    post.title, post.body, post.is_key_event = title, body, is_key_event
    if published_at is not None:
        _check_editor(user, "set a post's time")
        _check_time(published_at, now)
        post.published_at = published_at
    if was_published and changed_content:
        post.edited_at = now
    if publish and not was_published:
        post.status = Status.PUBLISHED
        post.published_at = post.published_at or now
    if is_pinned and not post.is_pinned:
        LivePost.objects.filter(story=story, is_pinned=True).update(is_pinned=False, changed_at=now)
    elif not is_pinned and post.is_pinned:
        _check_editor(user, "unpin posts")
    post.is_pinned = is_pinned
    post.version += 1
    post.changed_at = now
    post.save()
    _sync_people(post, people)
    named = references(read_body(body))
    BodyReference.check_exists(named)
    BodyReference.sync(story, named, live_post=post)
    BodyReference.make_missing_renditions(named)
    if post.status == Status.PUBLISHED:
        _readers_see(story)
    return post


def _sync_people(post, people):
    LivePostCredit.objects.filter(post=post).delete()
    LivePostCredit.objects.bulk_create(
        LivePostCredit(post=post, person=person, order=number)
        for number, person in enumerate(dict.fromkeys(people))
    )


def _check_time(moment, now):
    problem = moment_problem(moment)
    if problem:
        raise ValidationError(problem)
    if moment > now:
        raise ValidationError("A post's time cannot be in the future: publish it when it happens.")


def _locked_post(post):
    return LivePost.objects.select_for_update().select_related("story").get(pk=post.pk)


@transaction.atomic
def publish_post(user, post):
    """Publish a draft post now (editors)."""
    _check_editor(user, "publish posts")
    post = _locked_post(post)
    if post.status == Status.REMOVED:
        raise ValidationError("This post was removed; it cannot be published again.")
    if post.status != Status.PUBLISHED:
        now = timezone.now()
        post.status, post.published_at = Status.PUBLISHED, post.published_at or now
        post.version, post.changed_at = post.version + 1, now
        post.save(update_fields=["status", "published_at", "version", "changed_at"])
        _readers_see(post.story)
    return post


@transaction.atomic
def remove_post(user, post):
    """Take a post off every page, feed and open reader page; the row is kept for the record."""
    _check_editor(user, "remove posts")
    post = _locked_post(post)
    if post.status == Status.REMOVED:
        return post
    was_published = post.status == Status.PUBLISHED
    now = timezone.now()
    post.status, post.is_pinned = Status.REMOVED, False
    post.removed_at, post.removed_by = now, user
    post.version, post.changed_at = post.version + 1, now
    post.save()
    BodyReference.objects.filter(live_post=post).delete()
    if was_published:
        _readers_see(post.story)
    return post


@transaction.atomic
def correct_post(user, post, kind, text, at=None):
    """Append a typed correction to a published post (editors), shown on the post; `at` is
    when readers were told (now, unless given: never in the future, never before the post)."""
    _check_editor(user, "add corrections")
    post = _locked_post(post)
    if post.status != Status.PUBLISHED:
        raise ValidationError("Corrections go on published posts; change a draft's text instead.")
    text = _clean_text(text)
    if not text:
        raise ValidationError("Write the text of the correction.")
    if kind not in Correction.Kind.values:
        raise ValidationError(f"“{kind}” is not a kind of correction.")
    now = timezone.now()
    at = at or now
    _check_time(at, now)
    if post.published_at and at < post.published_at:
        raise ValidationError("A correction cannot come before the post it corrects.")
    correction = LivePostCorrection.objects.create(
        post=post, kind=kind, text=text, published_at=at, created_by=user
    )
    post.version, post.changed_at = post.version + 1, now
    post.save(update_fields=["version", "changed_at"])
    _readers_see(post.story)
    return correction


@transaction.atomic
def set_pinned(user, post, pinned=True):
    """Pin a post above the others (unpinning the story's other pinned post), or unpin it."""
    _check_editor(user, "pin posts")
    post = _locked_post(post)
    if pinned and post.status == Status.REMOVED:
        raise ValidationError("A removed post cannot be pinned.")
    now = timezone.now()
    if pinned:
        LivePost.objects.filter(story=post.story, is_pinned=True).exclude(pk=post.pk).update(
            is_pinned=False, changed_at=now
        )
    post.is_pinned, post.version, post.changed_at = pinned, post.version + 1, now
    post.save(update_fields=["is_pinned", "version", "changed_at"])
    _readers_see(post.story)
    return post


@transaction.atomic
def set_key_points(user, story, key_points, order=None):
    """Keep the summary at the top current (editors; it shows at once), and the post order."""
    _check_editor(user, "change the key points")
    coverage = coverage_of(story)
    coverage.key_points = _clean_text(key_points)
    if order is not None:
        if order not in LiveCoverage.Order.values:
            raise ValidationError(f"“{order}” is not an order of posts.")
        coverage.order = order
    coverage.save(update_fields=["key_points", "order"])
    _readers_see(story)
    return coverage


@transaction.atomic
def end_coverage(user, story, at=None):
    """Coverage is over: the LIVE label goes, open pages stop asking for updates."""
    _check_editor(user, "end live coverage")
    coverage = coverage_of(story)
    coverage.ended_at = at or timezone.now()
    if coverage.started_at is None:
        coverage.started_at = story.display_published_at or coverage.ended_at
    coverage.save(update_fields=["ended_at", "started_at"])
    _readers_see(story)
    return coverage


@transaction.atomic
def reopen_coverage(user, story):
    """Coverage resumes (the story broke again): LIVE again, pages ask for updates again."""
    _check_editor(user, "reopen live coverage")
    coverage = coverage_of(story)
    coverage.ended_at = None
    coverage.save(update_fields=["ended_at"])
    _readers_see(story)
    return coverage


def people_for(user):
    """The byline a new post starts with: the writer's own Person, if they have one."""
    return list(Person.objects.filter(user=user)[:1]) if user and user.pk else []
