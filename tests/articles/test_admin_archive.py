"""The desk's lists at archive size: search by the full-text index (words and their beginnings,
bylines by name) with no DISTINCT, counts exact up to a cap and "about" above it, and no count
of the whole table on any list (articles, photos, people, galleries)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from publishing.admin.listing import EstimatingPaginator
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"


def over_joins(sql):
    return "DISTINCT" in sql and " JOIN " in sql


def listed(client, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{ARTICLES}?{query}")
    assert response.status_code == 200
    return {article.headline for article in response.context["cl"].result_list}, queries


def test_desk_search_finds_words_their_beginnings_and_bylines_without_distinct(
    client_as, staff_and_content
):
    client = client_as("editor")
    story, draft = staff_and_content["story"].headline, staff_and_content["draft"].headline
    for query, expected in [
        ("q=syrian", {story}),
        ("q=syr", {story}),  # a word's beginning
        ("q=officials+leave", {story}),  # from the deck
        ("q=journey", {draft}),
        ("q=Dehghanpisheh", {story}),  # the byline
        ("q=nothing+like+this", set()),
        ("q=%E2%80%94", set()),  # no words at all
    ]:
        found, queries = listed(client, query)
        assert found == expected, query
        assert not any(over_joins(q["sql"]) for q in queries.captured_queries), query


def test_desk_author_filter_asks_per_story_without_distinct(client_as, staff_and_content):
    client = client_as("editor")
    found, queries = listed(client, f"author={staff_and_content['person'].pk}")
    assert found == {staff_and_content["story"].headline}
    assert not any("DISTINCT" in q["sql"] for q in queries.captured_queries)


def test_desk_list_says_about_above_the_cap_and_never_counts_the_whole_table(
    client_as, staff_and_content, monkeypatch
):
    for n in range(3):
        make_article(f"Filler {n}", section=staff_and_content["section"])
    client = client_as("editor")
    response = client.get(ARTICLES)
    assert re.search(r"\b5 articles\b", response.content.decode())
    monkeypatch.setattr("publishing.counting.COUNT_CAP", 2)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ARTICLES)
    assert re.search(r"about [\d,]+ articles", response.content.decode())
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"] and '"articles_article"' in q["sql"]
    ]  # (the header's unread-notes count is one person's, and small)
    assert counts and all("LIMIT" in sql for sql in counts)
    # Every story is still listed: the estimate changes what is said, not what is shown.
    assert len(response.context["cl"].result_list) == 5


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:articles_article_changelist",
        "admin:articles_person_changelist",
        "admin:media_gallery_photo_changelist",
        "admin:media_gallery_gallery_changelist",
        "admin:articles_timeline_changelist",
    ],
)
def test_every_desk_list_counts_with_a_cap(client_as, staff_and_content, changelist):
    response = client_as("admin").get(reverse(changelist))
    assert response.status_code == 200
    cl = response.context["cl"]
    assert isinstance(cl.paginator, EstimatingPaginator)
    assert cl.full_result_count is None  # no COUNT(*) of the whole table


def test_desk_date_hierarchy_steps_through_years_months_and_days_without_distinct(
    client_as, staff_and_content
):
    section = staff_and_content["section"]
    for when in ("2010-06-01T12:00", "2012-03-05T12:00", "2012-11-20T12:00", "2012-11-21T09:00"):
        make_article(
            f"Story of {when}",
            section=section,
            published_at=timezone.make_aware(datetime.datetime.fromisoformat(when)),
        )
    client = client_as("editor")
    this_year = timezone.localtime(staff_and_content["story"].published_at).year

    def steps(query, name):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"{ARTICLES}?{query}").content.decode()
        assert not any("DISTINCT" in q["sql"] for q in queries.captured_queries)
        return sorted({int(n) for n in re.findall(rf"published_at__{name}=(\d+)", html)})

    assert steps("", "year") == [2010, 2012, this_year]
    assert steps("published_at__year=2012", "month") == [3, 11]
    assert steps("published_at__year=2012&published_at__month=11", "day") == [20, 21]
