"""Every status change goes through publishing.services: one rule for the first publication
time, one transitions log, whichever way the change is made."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import Article
from publishing import revisions, services
from publishing.models import Status
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


def statuses(item):
    return [(t.from_status, t.to_status) for t in services.transitions_of(item)]


def test_publishing_many_drafts_keeps_each_time_logs_each_and_keeps_a_revision(editor):
    earlier = timezone.now() - timedelta(days=3)
    later = timezone.now() + timedelta(hours=2)
    person = make_person("Jane Doe")
    first = make_article("First", status=Status.DRAFT, authors=[person])
    second = make_article("Second", status=Status.READY)
    first.published_at, second.published_at = earlier, later
    versions = {first.pk: first.version, second.pk: second.version}

    services.publish_many([first, second], editor, note="Loaded")

    stored = {a.pk: a for a in Article.objects.filter(pk__in=versions)}
    assert stored[first.pk].status == stored[second.pk].status == Status.PUBLISHED
    assert stored[first.pk].published_at == earlier
    assert stored[second.pk] in Article.objects.scheduled()
    assert statuses(first) == [("draft", "published")]
    assert statuses(second) == [("ready", "published")]
    assert services.transitions_of(first).get().by == editor
    for pk, version in versions.items():
        assert stored[pk].version == version + 1
        revision = revisions.at_version(stored[pk], version + 1)
        assert revision.summary == "Published"
    credits = revisions.at_version(first, versions[first.pk] + 1).content["children"]["credits"]
    assert [row["label"].split(" · ")[0] for row in credits] == ["Jane Doe"]


def test_publishing_many_is_for_editors(reporter):
    draft = make_article(status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.publish_many([draft], reporter)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and statuses(draft) == []


def test_an_edit_that_publishes_sets_the_time_once_and_logs_the_change(editor):
    draft = make_article(status=Status.DRAFT)
    draft.status = Status.PUBLISHED
    transition = services.save_edit(draft, editor)
    first_time = draft.published_at

    draft.headline = "Changed after publication"
    assert services.save_edit(draft, editor) is None

    assert transition.to_status == Status.PUBLISHED and first_time is not None
    draft.refresh_from_db()
    assert draft.published_at == first_time
    assert statuses(draft) == [("draft", "published")]


def test_an_edit_that_publishes_is_refused_for_a_reporter_even_on_their_own_draft(reporter):
    draft = make_article(status=Status.DRAFT, created_by=reporter)
    draft.status = Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        services.save_edit(draft, reporter)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.published_at is None


def test_an_edit_is_judged_by_the_stored_status_not_the_typed_one(reporter):
    """A reporter cannot change a published story by also typing "draft" into its status."""
    story = make_article(status=Status.PUBLISHED, created_by=reporter)
    story.status, story.headline = Status.DRAFT, "Quietly rewritten"
    with pytest.raises(PermissionDenied):
        services.save_edit(story, reporter)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.headline != "Quietly rewritten"
