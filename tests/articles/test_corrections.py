"""Corrections and updates: appended by editors, dated, never silently removed; the
"Updated" time moves only on a material update."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles import services
from articles.models import Article, Correction
from publishing import revisions
from publishing.models import Status
from tests.factories import make_article
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


NEW_YORK = ZoneInfo("America/New_York")
NOON = datetime(2012, 12, 26, 12, 0, tzinfo=NEW_YORK)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def detail(article):
    return Article.objects.for_detail().get(pk=article.pk)


@time_machine.travel(NOON, tick=False)
def test_correction_raises_version_and_date_modified_and_shows_on_the_article(editor):
    article = make_article("Defector speaks", published_at=NOON - timedelta(hours=3))
    version = article.version
    assert detail(article).date_modified is None

    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        services.add_correction(
            article, editor, Correction.Kind.CORRECTION, "An earlier version misspelled his name."
        )

    article = detail(article)
    assert article.version == version + 1
    assert article.date_modified == NOON + timedelta(hours=1)
    assert [c.text for c in article.visible_corrections] == [
        "An earlier version misspelled his name."
    ]
    assert revisions.latest(article).summary.startswith("Correction added")


def test_removal_is_recorded_and_the_correction_kept(editor):
    article = make_article("Story")
    correction = services.add_correction(article, editor, "clarification", "Clarified the date.")

    services.remove_correction(correction, editor, "Posted on the wrong story")

    correction.refresh_from_db()
    assert correction.removed_by == editor and correction.removed_at is not None
    assert correction.removal_reason == "Posted on the wrong story"  # still there, and why
    article = detail(article)
    assert article.visible_corrections == []
    assert article.date_modified is None
    with pytest.raises(ValidationError):
        services.remove_correction(correction, editor, "Again")


def test_removal_needs_a_reason_and_an_editor(editor, reporter):
    article = make_article("Story")
    correction = services.add_correction(article, editor, "correction", "Fixed a figure.")
    with pytest.raises(ValidationError):
        services.remove_correction(correction, editor, "  ")
    with pytest.raises(PermissionDenied):
        services.remove_correction(correction, reporter, "I don't like it")
    with pytest.raises(PermissionDenied):
        services.add_correction(article, reporter, "correction", "Reporter's note")
    assert Correction.objects.get(pk=correction.pk).removed_at is None


def test_no_corrections_on_an_unpublished_draft(editor):
    draft = make_article("Draft", status=Status.DRAFT)
    with pytest.raises(ValidationError):
        services.add_correction(draft, editor, "correction", "Not yet")


@time_machine.travel(NOON, tick=False)
def test_editor_appends_a_correction_through_the_admin_inline(editor):
    article = make_article("Story", published_at=NOON - timedelta(hours=2))
    client = client_for(editor)
    data = form_data(client.get(change_url(article)), "article_form")
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "update",
            "corrections-0-text": "Adds the minister's comment.",
        }
    )

    response = client.post(change_url(article), data)

    assert response.status_code == 302
    correction = Correction.objects.get(article=article)
    assert (correction.kind, correction.created_by, correction.published_at) == (
        "update",
        editor,
        NOON,
    )
    assert detail(article).date_modified == NOON
    assert (
        "Adds the minister"
        in revisions.latest(article).content["records"]["corrections"][0]["label"]
    )


def test_the_inline_offers_no_delete_and_ignores_crafted_deletes_and_edits(editor):
    article = make_article("Story")
    correction = services.add_correction(article, editor, "correction", "Original text.")
    client = client_for(editor)
    page = client.get(change_url(article))
    assert "Original text." in page.content.decode()
    assert "corrections-0-DELETE" not in page.content.decode()
    data = form_data(page, "article_form")
    data.update(
        {
            "corrections-0-DELETE": "on",
            "corrections-0-text": "Quietly rewritten.",
        }
    )

    # The article saves; the correction's crafted fields are not taken.
    assert client.post(change_url(article), data).status_code == 302

    correction.refresh_from_db()
    assert correction.text == "Original text."
    assert correction.removed_at is None


def test_removing_through_the_inline_is_recorded_and_shown_struck_through(editor):
    article = make_article("Story")
    services.add_correction(article, editor, "correction", "Wrong note.")
    client = client_for(editor)
    data = form_data(client.get(change_url(article)), "article_form")

    without_reason = client.post(change_url(article), {**data, "corrections-0-remove": "on"})
    assert "Say why it is removed" in without_reason.content.decode()

    data = form_data(client.get(change_url(article)), "article_form")
    client.post(
        change_url(article),
        {**data, "corrections-0-remove": "on", "corrections-0-reason_for_removal": "Duplicate"},
    )

    correction = Correction.objects.get(article=article)
    assert correction.removed_by == editor
    page = client.get(change_url(article)).content.decode()
    assert '<del class="correction-removed">Wrong note.</del>' in page
    assert "Removed by Edna Editor" in page and "Duplicate" in page


def test_reporter_cannot_add_a_correction_by_crafted_post(reporter):
    article = make_article("Rita's draft", status=Status.DRAFT, created_by=reporter)
    client = client_for(reporter)
    data = form_data(client.get(change_url(article)), "article_form")
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-INITIAL_FORMS": "0",
            "corrections-0-kind": "correction",
            "corrections-0-text": "Sneaky",
        }
    )

    # Her draft saves; the crafted correction is not taken.
    assert client.post(change_url(article), data).status_code == 302
    assert not Correction.objects.exists()


@time_machine.travel(NOON, tick=False)
def test_updated_time_moves_only_when_an_editor_ticks_material_update(editor):
    article = make_article("Story", published_at=NOON - timedelta(hours=5))
    client = client_for(editor)

    data = form_data(client.get(change_url(article)), "article_form")
    assert client.post(change_url(article), {**data, "deck": "Typo fixed"}).status_code == 302
    article.refresh_from_db()
    assert article.deck == "Typo fixed" and article.material_update_at is None

    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        data = form_data(client.get(change_url(article)), "article_form")
        client.post(
            change_url(article),
            {**data, "body": "<p>New facts.</p>", "material_update": "on"},
        )
    article.refresh_from_db()
    assert article.material_update_at == NOON + timedelta(hours=1)
    assert detail(article).date_modified == NOON + timedelta(hours=1)


def test_reporter_has_no_material_update_box_and_a_crafted_one_is_ignored(reporter):
    article = make_article("Rita's draft", status=Status.DRAFT, created_by=reporter)
    client = client_for(reporter)
    page = client.get(change_url(article))
    assert 'name="material_update"' not in page.content.decode()

    data = form_data(page, "article_form")
    assert client.post(change_url(article), {**data, "material_update": "on"}).status_code == 302

    article.refresh_from_db()
    assert article.material_update_at is None
