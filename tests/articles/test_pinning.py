"""Pinning a story to lead the front page is an editor's decision."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from publishing import services
from publishing.models import Status
from tests.factories import make_article
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_reporter_cannot_pin_her_own_draft_by_crafted_post(reporter, editor):
    draft = make_article(status=Status.DRAFT, created_by=reporter)
    client = client_for(reporter)
    page = client.get(change_url(draft))
    assert 'name="is_pinned"' not in page.content.decode()
    data = form_data(page, "article_form")

    response = client.post(change_url(draft), {**data, "deck": "Saved", "is_pinned": "on"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.deck, draft.is_pinned) == ("Saved", False)

    editor_client = client_for(editor)
    data = form_data(editor_client.get(change_url(draft)), "article_form")
    editor_client.post(change_url(draft), {**data, "is_pinned": "on"})
    draft.refresh_from_db()
    assert draft.is_pinned


def test_the_edit_service_refuses_a_pin_from_a_reporter(reporter, editor):
    draft = make_article(status=Status.DRAFT, created_by=reporter)
    draft.is_pinned = True
    with pytest.raises(PermissionDenied, match="Only an editor can change “pin to the front page”"):
        services.save_edit(draft, reporter)
    draft.refresh_from_db()
    assert not draft.is_pinned
    draft.is_pinned = True
    services.save_edit(draft, editor)
    draft.refresh_from_db()
    assert draft.is_pinned
