"""Soft locks: the second person to open an item is told who has it open and since when;
the lock goes stale two minutes after the last heartbeat; nothing is ever blocked."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from publishing.models import EditLock
from tests.factories import make_article, make_photo, make_timeline
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db

NOON = datetime(2012, 12, 26, 12, 0, tzinfo=ZoneInfo("America/New_York"))


def admin_url(item, name="change"):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[item.pk])


@time_machine.travel(NOON, tick=False)
def test_second_person_sees_who_has_the_article_open_and_since_when(editor, other_editor):
    article = make_article("Busy story")
    client_for(editor).get(admin_url(article))

    with time_machine.travel(NOON + timedelta(minutes=1), tick=False):
        page = client_for(other_editor).get(admin_url(article)).content.decode()

    assert "Edna Editor has had this open since Dec. 26, 2012, noon EST" in page
    # Never blocking: the second person still gets an editable form with a save button.
    assert 'name="headline"' in page and 'name="_save"' in page


@time_machine.travel(NOON, tick=False)
def test_lock_is_stale_two_minutes_after_the_last_heartbeat(editor, other_editor):
    timeline = make_timeline("Long read")
    first = client_for(editor)
    first.get(admin_url(timeline))

    with time_machine.travel(NOON + timedelta(seconds=90), tick=False):
        # A heartbeat from the open page keeps the lock fresh.
        answer = first.post(admin_url(timeline, "editing"))
        assert answer.status_code == 200 and answer.json() == {"others": []}

    with time_machine.travel(NOON + timedelta(seconds=90 + 119), tick=False):
        page = client_for(other_editor).get(admin_url(timeline)).content.decode()
        assert "Edna Editor has had this open" in page

    with time_machine.travel(NOON + timedelta(seconds=90 + 121), tick=False):
        page = client_for(other_editor).get(admin_url(timeline)).content.decode()
        assert "Edna Editor has had this open" not in page


@time_machine.travel(NOON, tick=False)
def test_heartbeat_answers_who_else_is_editing(editor, other_editor):
    photo = make_photo()
    client_for(editor).get(admin_url(photo))

    answer = client_for(other_editor).post(admin_url(photo, "editing")).json()

    assert [other["name"] for other in answer["others"]] == ["Edna Editor"]
    assert "since Dec. 26, 2012, noon EST" in answer["others"][0]["text"]


def test_heartbeat_is_post_only_and_needs_the_csrf_token(editor):
    from django.test import Client

    article = make_article("Story")
    assert client_for(editor).get(admin_url(article, "editing")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(admin_url(article, "editing")).status_code == 403


def test_leaving_the_page_releases_the_lock_and_saving_ends_it(editor, other_editor):
    article = make_article("Story")
    first = client_for(editor)
    data = form_data(first.get(admin_url(article)), "article_form")
    assert EditLock.objects.filter(user=editor).count() == 1

    assert first.post(admin_url(article), {**data, "_save": "Save"}).status_code == 302
    assert not EditLock.objects.filter(user=editor).exists()

    first.get(admin_url(article))
    assert EditLock.objects.filter(user=editor).exists()
    answer = first.post(admin_url(article, "editing"), {"release": "1"})
    assert answer.json() == {"released": True}
    assert not EditLock.objects.filter(user=editor).exists()


def test_reading_without_the_right_to_change_takes_no_lock(reporter, editor):
    article = make_article("Published story")
    assert client_for(reporter).get(admin_url(article)).status_code == 200  # she may read it
    page = client_for(editor).get(admin_url(article)).content.decode()
    assert "Rita Reporter has had this open" not in page
    assert not EditLock.objects.filter(user=reporter).exists()
    assert EditLock.objects.filter(user=editor).exists()  # the editor, who may change it, has one
