"""Caching, pages and queries: ETag and Last-Modified with 304, a cursor that stays stable
while stories are published, clear 400s for bad filters, and a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from tests.factories import make_article, make_section


def test_etag_and_last_modified_answer_304_until_the_item_changes(get, newsroom):
    path = f"/api/v1/items/article-{newsroom['story'].pk}"
    first = get(path)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    story = newsroom["story"]
    story.refresh_from_db()
    story.headline = "Syrian general defects, saying others want to follow"
    story.save()
    changed = get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["headlines"][0]["value"].endswith("others want to follow")
    listing = get("/api/v1/items/")
    assert get("/api/v1/items/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_cursor_pages_stay_stable_while_stories_are_published(get, db):
    desk = make_section("Metro", slug="metro")
    start = timezone.now() - datetime.timedelta(days=1)
    stories = [
        make_article(f"Story {n}", section=desk, published_at=start + datetime.timedelta(minutes=n))
        for n in range(7)
    ]
    first = get("/api/v1/items/?limit=3").json()
    assert [i["headlines"][0]["value"] for i in first["items"]] == ["Story 6", "Story 5", "Story 4"]
    make_article("Breaking", section=desk)  # published meanwhile, newest of all
    second = get(f"/api/v1/items/?limit=3&cursor={first['next']}").json()
    assert [i["headlines"][0]["value"] for i in second["items"]] == [
        "Story 3",
        "Story 2",
        "Story 1",
    ]
    third = get(f"/api/v1/items/?limit=3&cursor={second['next']}").json()
    assert [i["headlines"][0]["value"] for i in third["items"]] == ["Story 0"]
    assert third["next"] is None
    assert len(stories) == 7


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "limit=x", "cursor=garbage", "type=story",
     "updated_since=yesterday", "updated_since=2026-01-01T00:00:00"],
)  # fmt: skip
def test_bad_parameters_answer_400_with_a_reason(get, newsroom, query):
    response = get(f"/api/v1/items/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_cold_list_runs_the_same_queries_whatever_its_size(get, newsroom, settings,
                                                             django_assert_num_queries):  # fmt: skip
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 0  # every item built: the cold case
    for n in range(60):
        make_article(f"Filler {n}", section=newsroom["world"], lead_photo=newsroom["lead"],
                     authors=[newsroom["babak"]])  # fmt: skip
    get("/api/v1/items/?limit=1")  # the key's "last used" is written once, not counted below
    # Key, its sections, the page, then each kind's batch (stories: the story rows, lead
    # renditions, tags, credits, related items, corrections, body photos and renditions,
    # galleries with their strips, related stories...).
    for size in (2, 50):
        with django_assert_num_queries(9):
            assert len(get(f"/api/v1/items/?limit={size}&type=article").json()["items"]) == size
    every = "type=article,gallery,timeline,photo,person,section"
    for size in (2, 60):
        with django_assert_num_queries(5 if size == 2 else 13):
            assert len(get(f"/api/v1/items/?limit={size}&{every}").json()["items"]) == size


def test_one_item_runs_a_fixed_number_of_queries(get, newsroom, django_assert_max_num_queries,
                                                 settings):  # fmt: skip
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 0
    get("/api/v1/items/?limit=1")  # the key's "last used" is written once, not counted
    with django_assert_max_num_queries(17):
        assert get(f"/api/v1/items/article-{newsroom['story'].pk}").status_code == 200


def test_last_modified_is_an_http_date(get, newsroom):
    response = get(f"/api/v1/items/section-{newsroom['world'].pk}")
    assert response["Last-Modified"] == http_date(newsroom["world"].updated_at.timestamp())


def test_no_answer_is_kept_by_a_shared_cache(get, client, newsroom, settings):
    """The front cache keys on the address alone: what one key may see must never be served
    from it to another, nor a 404 to a key that may see the item."""
    settings.NEWSROOM_FRONT_CACHE_SECONDS = 300
    answers = [
        get("/api/v1/items/"),
        get(f"/api/v1/items/article-{newsroom['story'].pk}"),
        get("/api/v1/items/article-999999"),
        get("/api/v1/items/?limit=0"),
        client.get("/api/v1/items/"),
    ]
    for response in answers:
        assert "private" in response["Cache-Control"], response.status_code
        assert "public" not in response["Cache-Control"]
