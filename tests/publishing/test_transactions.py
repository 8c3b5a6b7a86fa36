"""Publishing, unpublishing and restoring are all or nothing."""

import pytest

from publishing import revisions, services
from publishing.models import Status, Transition
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def explode(*args, **kwargs):
    raise Boom("the log is unavailable")


def snapshot_row(article):
    article.refresh_from_db()
    return (article.status, article.published_at, article.version, article.headline)


def test_failed_publish_leaves_the_article_as_it_was(editor, monkeypatch):
    article = make_article("Ready story", status=Status.READY)
    before = snapshot_row(article)
    revision_count = revisions.revisions_of(article).count()
    monkeypatch.setattr(services, "record_transition", explode)

    with pytest.raises(Boom):
        services.publish(article, editor)

    assert snapshot_row(article) == before
    assert revisions.revisions_of(article).count() == revision_count
    assert not Transition.objects.filter(object_id=article.pk).exists()


def test_failed_unpublish_leaves_the_article_live(editor, monkeypatch):
    article = make_article("Live story")
    before = snapshot_row(article)
    monkeypatch.setattr(services, "record_transition", explode)

    with pytest.raises(Boom):
        services.unpublish(article, editor)

    assert snapshot_row(article) == before
    assert article.is_live


def test_failed_restore_leaves_content_and_credits_as_they_were(editor, monkeypatch):
    rita, sam = make_person("Rita Ramos"), make_person("Sam Stone")
    article = make_article("Old headline", authors=[rita])
    old = revisions.latest(article)
    article.headline = "New headline"
    article.save()
    article.credits.update(person=sam)
    article.save()
    before = snapshot_row(article)
    monkeypatch.setattr(services, "record", explode)

    with pytest.raises(Boom):
        services.restore(article, old, editor)

    assert snapshot_row(article) == before
    assert [c.person for c in article.credits.all()] == [sam]


def test_failed_admin_publish_through_the_form_changes_nothing(editor, monkeypatch):
    from django.test import Client
    from django.urls import reverse

    from tests.forms import form_data

    article = make_article("Ready story", status=Status.READY)
    before = snapshot_row(article)
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form")
    monkeypatch.setattr(services, "record_transition", explode)

    response = client.post(url, {**data, "status": Status.PUBLISHED, "headline": "Changed"})

    assert response.status_code == 500
    assert snapshot_row(article) == before
