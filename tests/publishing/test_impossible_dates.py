"""A date Python cannot read back (its UTC time outside years 1 to 9999) is refused on every
form and service path; and a row stored with one anyway never takes down other pages."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from articles import services as article_services
from publishing import services
from publishing.models import Status
from tests.factories import make_article, make_photo, make_section, make_timeline
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
LAST_SECOND = datetime(9999, 12, 31, 23, 59, 59, tzinfo=NEW_YORK)  # year 10000 in UTC


@pytest.fixture(autouse=True)
def fresh_fragments():
    cache.clear()


@pytest.mark.parametrize("field", ["published_at", "embargo_until", "material_update_at"])
def test_the_article_form_refuses_a_time_past_year_9999_in_utc(editor, field):
    article = make_article("Water rates rise")
    client = client_for(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form")
    data.update({f"{field}_0": "9999-12-31", f"{field}_1": "23:59:59"})

    response = client.post(url, data)

    assert response.status_code == 200
    assert "outside the dates the site can keep" in response.content.decode()
    article.refresh_from_db()
    assert getattr(article, field) is None or getattr(article, field).year < 9999


def test_services_refuse_it_too(editor):
    article = make_article("Water rates rise", status=Status.DRAFT)
    with pytest.raises(ValidationError, match="outside the dates the site can keep"):
        services.publish(article, editor, at=LAST_SECOND)
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.published_at is None

    article.embargo_until = LAST_SECOND
    with pytest.raises(ValidationError):
        article.save()
    with pytest.raises(ValidationError):
        services.publish_many([make_article(status=Status.DRAFT, published_at=LAST_SECOND)])

    live = make_article("Live")
    with pytest.raises(ValidationError, match="outside the dates"):
        article_services.add_correction(
            live, editor, "correction", "Far off", datetime(1, 1, 1, 0, 30, tzinfo=UTC)
        )
    timeline = make_timeline(status=Status.DRAFT)
    with pytest.raises(ValidationError):
        services.publish(timeline, editor, at=LAST_SECOND)
    photo = make_photo()
    photo.date_taken = LAST_SECOND
    with pytest.raises(ValidationError):
        photo.save()


def test_a_row_stored_with_such_a_time_never_takes_down_other_pages(client, editor):
    section = make_section("World", slug="world")
    other = make_article("Readers still see this", section=section)
    broken = make_article("Far future", section=section, status=Status.PUBLISHED)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET published_at = '10000-01-01 04:59:59+00' WHERE id = %s",
            [broken.pk],
        )
    for address in ("/", "/world/", other.get_absolute_url(), "/feeds/latest/", "/sitemap.xml"):
        response = client.get(address)
        assert response.status_code == 200, address
    desk = client_for(editor)
    assert desk.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert desk.get(reverse("admin:articles_article_change", args=[broken.pk])).status_code == 200


def test_the_photo_and_timeline_forms_refuse_it_at_the_field(admin_client):
    photo = make_photo()
    url = reverse("admin:media_gallery_photo_change", args=[photo.pk])
    data = form_data(admin_client.get(url), "photo_form")
    data.update({"date_taken_0": "9999-12-31", "date_taken_1": "23:59:59"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "outside the dates the site can keep" in response.content.decode()

    timeline = make_timeline(status=Status.DRAFT)
    url = reverse("admin:articles_timeline_change", args=[timeline.pk])
    data = form_data(admin_client.get(url), "timeline_form")
    data.update(
        {
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "0",
            "events-0-date": "10000-01-01",
            "events-0-precision": "3",
            "events-0-headline": "Far off",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
