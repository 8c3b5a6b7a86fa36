"""A correction's time is when readers were told: never in the future (it would show on the
story and in feeds before the log), never before the story was published. Refused, with a
message, on the admin's form and in the service alike."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import services
from articles.models import Correction
from tests.factories import make_article
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
NOON = datetime(2012, 12, 26, 12, 0, tzinfo=NEW_YORK)


def post_correction(client, article, when):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form")
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-INITIAL_FORMS": "0",
            "corrections-0-kind": "correction",
            "corrections-0-text": "An earlier version misspelled his name.",
            "corrections-0-published_at_0": when.strftime("%Y-%m-%d"),
            "corrections-0-published_at_1": when.strftime("%H:%M:%S"),
        }
    )
    return client.post(url, data)


@time_machine.travel(NOON, tick=False)
def test_a_correction_dated_in_the_future_is_refused(editor):
    article = make_article("Defector speaks", published_at=NOON - timedelta(hours=3))
    response = post_correction(client_for(editor), article, NOON + timedelta(days=1))
    assert response.status_code == 200
    assert "in the future" in response.content.decode()
    assert not Correction.objects.exists()
    with pytest.raises(ValidationError, match="in the future"):
        services.add_correction(article, editor, "correction", "Later", NOON + timedelta(hours=2))
    assert not Correction.objects.exists()


@time_machine.travel(NOON, tick=False)
def test_a_correction_dated_before_publication_is_refused(editor):
    article = make_article("Defector speaks", published_at=NOON - timedelta(hours=3))
    response = post_correction(client_for(editor), article, NOON - timedelta(days=1))
    assert response.status_code == 200
    assert "before the story was published" in response.content.decode()
    assert not Correction.objects.exists()
    with pytest.raises(ValidationError, match="before the story was published"):
        services.add_correction(article, editor, "correction", "Early", NOON - timedelta(hours=4))


@time_machine.travel(NOON, tick=False)
def test_a_correction_dated_between_publication_and_now_is_taken(editor):
    article = make_article("Defector speaks", published_at=NOON - timedelta(hours=3))
    response = post_correction(client_for(editor), article, NOON - timedelta(hours=1))
    assert response.status_code == 302
    assert Correction.objects.get().published_at == NOON - timedelta(hours=1)
