"""Exactly what readers may see: drafts, items ready for edit, scheduled, embargoed and
unpublished items are a 404 in every endpoint and filter; removed items answer 410 Gone."""

import datetime

import pytest
from django.utils import timezone

from publishing.models import Status
from tests.factories import (
    make_article,
    make_gallery,
    make_person,
    make_timeline,
    photo_with_renditions,
)

HIDDEN = {
    "draft": {"status": Status.DRAFT},
    "ready": {"status": Status.READY},
    "scheduled": {"published_at": timezone.now() + datetime.timedelta(days=1)},
    "embargoed": {"embargo_until": timezone.now() + datetime.timedelta(hours=2)},
    "unpublished": {"status": Status.UNPUBLISHED},
}
FILTERS = ["", "&section=middle-east", "&section=world", "&person={person}", "&tag=syria",
           "&updated_since=2000-01-01T00:00:00Z", "&published_since=2000-01-01T00:00:00Z"]  # fmt: skip


def listed(get, query):
    response = get(f"/api/v1/items/?limit=100&type=article,gallery,timeline,photo,person{query}")
    assert response.status_code == 200, response.content
    return {item["altIds"][0]["value"] for item in response.json()["items"]}


@pytest.mark.parametrize("state", HIDDEN)
def test_hidden_items_are_404_and_in_no_list(get, newsroom, state):
    fields = dict(HIDDEN[state])
    if fields.get("status") in (Status.DRAFT, Status.READY):
        fields["published_at"] = None
    reporter = make_person("Hidden Reporter", slug="hidden-reporter")
    story = make_article("Hidden story", section=newsroom["middle_east"], authors=[reporter],
                         **fields)  # fmt: skip
    story.tags.add("Syria")
    gallery = make_gallery("Hidden gallery", **fields)
    gallery.tags.add("Syria")
    timeline = make_timeline("Hidden timeline", **fields)
    for guid in (f"article-{story.pk}", f"gallery-{gallery.pk}", f"timeline-{timeline.pk}"):
        response = get(f"/api/v1/items/{guid}")
        assert response.status_code == 404, (guid, response.content)
        assert "Hidden" not in response.content.decode()
    for query in FILTERS:
        found = listed(get, query.format(person="hidden-reporter"))
        assert not found & {f"article-{story.pk}", f"gallery-{gallery.pk}",
                            f"timeline-{timeline.pk}"}, query  # fmt: skip
    # Credited only on a hidden story: not a public person either.
    assert get(f"/api/v1/items/person-{reporter.pk}").status_code == 404


def test_a_visible_story_is_in_every_filter_that_matches_it(get, newsroom):
    guid = f"article-{newsroom['story'].pk}"
    for query in FILTERS:
        assert guid in listed(get, query.format(person="babak")), query
    assert guid not in listed(get, "&section=sports")
    assert guid not in listed(get, "&type=gallery")


def test_a_scheduled_story_appears_at_its_moment(get, newsroom):
    moment = timezone.now() + datetime.timedelta(hours=1)
    story = make_article("Scheduled", section=newsroom["world"], published_at=moment)
    assert get(f"/api/v1/items/article-{story.pk}").status_code == 404
    import time_machine

    with time_machine.travel(moment + datetime.timedelta(seconds=1)):
        assert get(f"/api/v1/items/article-{story.pk}").status_code == 200
        updated = listed(
            get,
            f"&updated_since={(moment - datetime.timedelta(seconds=5)).isoformat()}".replace(
                "+", "%2B"
            ),
        )
        assert f"article-{story.pk}" in updated


def test_photo_used_only_by_a_draft_is_not_served(get, newsroom):
    secret = photo_with_renditions(caption="Not yet")
    make_article("Draft with photo", status=Status.DRAFT, lead_photo=secret)
    assert get(f"/api/v1/items/photo-{secret.pk}").status_code == 404
    assert get(f"/api/v1/items/photo-{newsroom['lead'].pk}").status_code == 200


def test_a_removed_item_answers_410_with_its_time(get, newsroom):
    story = newsroom["earlier"]
    guid = f"article-{story.pk}"
    before = timezone.now()
    story.delete()
    response = get(f"/api/v1/items/{guid}")
    assert response.status_code == 410
    data = response.json()
    assert data["guid"] == guid
    assert datetime.datetime.fromisoformat(data["removed_at"]) >= before
    draft = make_article("Never seen", status=Status.DRAFT, published_at=None)
    draft_guid = f"article-{draft.pk}"
    draft.delete()
    assert get(f"/api/v1/items/{draft_guid}").status_code == 404


def test_unknown_and_malformed_guids_are_404(get, newsroom):
    for guid in ("article-999999", "story-1", "article-x", "article-1-2", "-1"):
        assert get(f"/api/v1/items/{guid}").status_code == 404
