"""The worklist on the admin index: my drafts, ready for edit, scheduled, published today,
across articles, galleries and timelines, in the same number of queries however long."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publishing.models import Status
from tests.factories import make_article, make_gallery, make_timeline
from tests.staff import client_for

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
# 1 a.m. in New York is 6 a.m. UTC: "today" must be the newsroom's day, not UTC's.
EARLY = datetime(2012, 12, 26, 1, 0, tzinfo=NEW_YORK)


def section_of(page, title):
    start = page.index(f"<h3>{title}</h3>")
    end = page.find("<h3>", start + 1)
    return page[start : end if end != -1 else None]


def fill(reporter, other, count):
    section = None
    for n in range(count):
        mine = make_article(f"My draft {n}", status=Status.DRAFT, created_by=reporter)
        section = section or mine.section
        make_article(
            f"Credited draft {n}",
            status=Status.DRAFT,
            created_by=other,
            authors=[reporter.person],
            section=section,
        )
        make_article(
            f"Someone else's draft {n}", status=Status.DRAFT, created_by=other, section=section
        )
        make_gallery(f"Ready gallery {n}", status=Status.READY)
        make_timeline(f"Scheduled timeline {n}", published_at=EARLY + timedelta(hours=5))
        make_article(
            f"Published today {n}", published_at=EARLY - timedelta(minutes=30), section=section
        )
        make_article(
            f"Published yesterday {n}", published_at=EARLY - timedelta(hours=2), section=section
        )


@time_machine.travel(EARLY, tick=False)
def test_worklist_shows_each_list_across_kinds_of_content(reporter, other_reporter, editor):
    fill(reporter, other_reporter, 1)
    make_article(
        "Editor's embargoed",
        published_at=EARLY - timedelta(hours=1),
        embargo_until=EARLY + timedelta(hours=1),
    )

    page = client_for(reporter).get(reverse("admin:index")).content.decode()

    drafts = section_of(page, "My drafts")
    assert "My draft 0" in drafts and "Credited draft 0" in drafts
    assert "Someone else" not in drafts
    assert "Ready gallery 0" in section_of(page, "Ready for edit")
    scheduled = section_of(page, "Scheduled")
    assert "Scheduled timeline 0" in scheduled and "Editor&#x27;s embargoed" in scheduled
    assert "Dec. 26, 6 a.m. EST" in scheduled
    today = section_of(page, "Published today")
    assert "Published today 0" in today
    assert "Published yesterday" not in today


def count_index_queries(user):
    client = client_for(user)
    client.get(reverse("admin:index"))  # warm the session and content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return len(queries)


@time_machine.travel(EARLY, tick=False)
def test_worklist_runs_a_fixed_number_of_queries_whatever_the_content(reporter, other_reporter):
    fill(reporter, other_reporter, 1)
    small = count_index_queries(reporter)
    fill(reporter, other_reporter, 12)
    large = count_index_queries(User.objects.get(pk=reporter.pk))
    assert small == large
    assert large <= 20
