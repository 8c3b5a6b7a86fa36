"""Restoring with care: the history's Restore opens a confirmation showing what readers will
see change and the corrections the old text predates; only its POST restores."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from publishing import revisions
from tests.factories import make_article
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def admin_url(item, name, *args):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[item.pk, *args])


def edited(article, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    article.save()
    return article


def test_the_confirmation_shows_what_readers_will_see_change_and_changes_nothing(editor):
    article = make_article("Death toll rises to 12", body="<p>Twelve people died.</p>")
    first = revisions.latest(article)
    edited(article, headline="Death toll rises to 14", body="<p>Fourteen people died.</p>")
    client = client_for(editor)

    page = client.get(admin_url(article, "restore", first.pk)).text

    assert "readers see these changes as soon as you restore" in page
    assert "<del>14</del>" in page and "<ins>12</ins>" in page
    assert f'action="{admin_url(article, "restore", first.pk)}"' in page
    article.refresh_from_db()
    assert article.headline == "Death toll rises to 14"


def test_newer_corrections_are_listed_with_a_warning(editor):
    article = make_article("Bridge closed", published_at=timezone.now() - timedelta(days=1))
    first = revisions.latest(article)
    Correction.objects.create(
        article=article,
        text="An earlier version said the bridge was in Homs; it is in Hama.",
        published_at=timezone.now(),
    )
    older = Correction.objects.create(
        article=article, text="Before the version: not listed.", published_at=first.created_at
    )
    client = client_for(editor)

    page = client.get(admin_url(article, "restore", first.pk)).text

    assert "The restored text predates 1 correction" in page
    assert "it is in Hama" in page
    assert older.text not in page


def test_the_history_links_to_the_confirmation_instead_of_restoring(editor):
    article = make_article("Talks stall")
    first = revisions.latest(article)
    edited(article, headline="Talks stall again")
    page = client_for(editor).get(admin_url(article, "history")).text
    assert f'<a class="button" href="{admin_url(article, "restore", first.pk)}">' in page
    assert 'method="post" action="' + admin_url(article, "restore", first.pk) not in page


def test_confirming_restores(editor):
    article = make_article("Storm hits")
    first = revisions.latest(article)
    edited(article, headline="Storm misses")
    response = client_for(editor).post(admin_url(article, "restore", first.pk))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Storm hits"


def test_a_reporter_gets_no_confirmation_for_a_published_story(reporter):
    article = make_article("Live story")
    first = revisions.latest(article)
    assert client_for(reporter).get(admin_url(article, "restore", first.pk)).status_code == 403
