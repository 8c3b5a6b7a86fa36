"""Live coverage services: who may write, publish, pin, correct and remove posts, and which
live stories are live now."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import live
from articles.models import Article, BodyReference, LivePost
from publishing.models import Status
from tests.articles.live_helpers import make_live_story, post
from tests.factories import make_article, make_person, make_photo

pytestmark = pytest.mark.django_db


def test_live_now_lists_published_live_stories_until_coverage_ends(editor):
    running = make_live_story("Election night")
    ended = make_live_story("Yesterday's storm", ended=True)
    draft = make_live_story("Not yet", status=Status.DRAFT)
    scheduled = make_live_story("Later", published_at=timezone.now() + timedelta(hours=1))
    make_article("An ordinary story")
    assert list(Article.objects.live_now()) == [running]
    live.end_coverage(editor, running)
    assert list(Article.objects.live_now()) == []
    live.reopen_coverage(editor, running)
    assert list(Article.objects.live_now()) == [running]
    assert {ended, draft, scheduled}.isdisjoint(Article.objects.live_now())


def test_live_story_is_a_live_blog_posting():
    assert make_live_story().schema_type == "LiveBlogPosting"


def test_reporter_writes_drafts_but_cannot_publish(reporter, editor):
    story = make_live_story()
    with pytest.raises(PermissionDenied):
        post(reporter, story, publish=True)
    draft = post(reporter, story, publish=False)
    assert draft.status == LivePost.Status.DRAFT
    with pytest.raises(PermissionDenied):
        live.publish_post(reporter, draft)
    live.publish_post(editor, draft)
    draft.refresh_from_db()
    assert draft.status == LivePost.Status.PUBLISHED and draft.published_at is not None


def test_reporter_cannot_change_a_published_post_or_another_reporters_draft(
    reporter, other_reporter, editor
):
    story = make_live_story()
    published = post(editor, story)
    person = make_person()
    with pytest.raises(PermissionDenied):
        live.save_post(reporter, story, published, body="<p>Changed</p>", people=[person])
    theirs = post(other_reporter, story, publish=False)
    with pytest.raises(PermissionDenied):
        live.save_post(reporter, story, theirs, body="<p>Mine now</p>", people=[person])


def test_changing_a_published_post_shows_updated_and_a_stale_copy_is_refused(editor):
    story = make_live_story()
    first = post(editor, story, "Winds at 100 mph.")
    assert first.edited_at is None
    person = first.byline_people[0]
    changed = live.save_post(
        editor, story, first, body="<p>Winds at 120 mph.</p>", people=[person], version=1
    )
    assert changed.edited_at is not None and changed.version == 2
    with pytest.raises(ValidationError, match="Someone else changed this post"):
        live.save_post(editor, story, first, body="<p>Old copy</p>", people=[person], version=1)
    assert LivePost.objects.get(pk=first.pk).body == "<p>Winds at 120 mph.</p>"


def test_at_most_one_pinned_post(editor):
    story = make_live_story()
    first = post(editor, story, is_pinned=True)
    second = post(editor, story)
    live.set_pinned(editor, second)
    assert list(LivePost.objects.filter(is_pinned=True)) == [second]
    first.refresh_from_db()
    with pytest.raises(IntegrityError), transaction.atomic():
        LivePost.objects.filter(pk=first.pk).update(is_pinned=True)


def test_a_post_needs_words_and_a_byline(editor):
    story = make_live_story()
    with pytest.raises(ValidationError, match="Write the post"):
        live.save_post(editor, story, body="", people=[make_person()])
    with pytest.raises(ValidationError, match="byline"):
        live.save_post(editor, story, body="<p>Words</p>", people=[])


def test_posts_go_only_on_live_stories(editor):
    with pytest.raises(ValidationError, match="not live coverage"):
        post(editor, make_article())


def test_correction_and_removal_need_an_editor(reporter, editor):
    story = make_live_story()
    published = post(editor, story)
    with pytest.raises(PermissionDenied):
        live.correct_post(reporter, published, "correction", "It was 110 mph.")
    with pytest.raises(PermissionDenied):
        live.remove_post(reporter, published)
    correction = live.correct_post(editor, published, "correction", "It was 110 mph.")
    assert correction.get_kind_display() == "Correction"
    live.remove_post(editor, published)
    published.refresh_from_db()
    assert published.status == LivePost.Status.REMOVED and published.removed_by == editor
    assert not LivePost.objects.visible().exists()


def test_a_photo_in_a_post_is_protected_while_the_post_is_up(editor):
    story = make_live_story()
    photo = make_photo()
    body = f'<figure data-element="photo" data-photo="{photo.pk}"></figure><p>Flooding.</p>'
    placed = live.save_post(editor, story, body=body, people=[make_person()], publish=True)
    assert BodyReference.objects.get(live_post=placed).photo == photo
    # The story's own body keeps its own references.
    story.body = "<p>Intro</p>"
    story.save()
    assert BodyReference.objects.filter(live_post=placed).count() == 1
    live.remove_post(editor, placed)
    assert not BodyReference.objects.filter(live_post=placed).exists()


def test_each_visible_change_raises_the_stamp_and_a_draft_does_not(editor, reporter):
    story = make_live_story()

    def stamp():
        return type(story.live).objects.get(pk=story.pk).stamp

    post(reporter, story, publish=False)
    assert stamp() == 0
    published = post(editor, story)
    assert stamp() == 1
    live.correct_post(editor, published, "clarification", "Sustained winds.")
    live.remove_post(editor, published)
    live.set_key_points(editor, story, "One\nTwo")
    assert stamp() == 4


def test_visible_posts_need_a_visible_story(editor):
    story = make_live_story()
    post(editor, story)
    assert LivePost.objects.visible().count() == 1
    Article.objects.filter(pk=story.pk).update(status=Status.UNPUBLISHED)
    assert LivePost.objects.visible().count() == 0
