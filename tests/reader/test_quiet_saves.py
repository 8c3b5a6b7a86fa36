"""A save readers cannot see invalidates nothing: a busy desk saving drafts leaves every
cached page warm. A change readers can see still shows at once."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Credit
from publishing import services
from publishing.models import Status
from reader import fragments
from tests.factories import make_article, make_person, make_photo
from tests.reader.conftest import add_correction

pytestmark = pytest.mark.django_db


@pytest.fixture
def warm(client, seed):
    """The front page and the seed story, rendered once so their fragments are cached."""
    addresses = ["/", seed["article"].get_absolute_url(), "/world/"]
    for address in addresses:
        assert client.get(address).status_code == 200
    return addresses


def still_warm(client, addresses, django_assert_max_num_queries):
    """Each page serves from its cached fragments: no more queries than a warm page runs."""
    for address in addresses:
        with django_assert_max_num_queries(2):
            assert client.get(address).status_code == 200


def test_saving_a_draft_keeps_every_page_warm(client, seed, warm, django_assert_max_num_queries):
    generation = fragments.current_generation()
    draft = make_article("A draft nobody may see", section=seed["article"].section, status="draft")
    draft.deck = "Typed, saved, typed again."
    draft.save()
    Credit.objects.create(article=draft, person=seed["babak"], role="byline", order=0)
    draft.tags.add("water rates")
    add_correction(draft, "Not yet published.")
    draft.delete()
    assert fragments.current_generation() == generation
    still_warm(client, warm, django_assert_max_num_queries)


def test_a_story_handed_to_the_desk_changes_nothing_readers_see(client, seed, warm, editor):
    generation = fragments.current_generation()
    draft = make_article("Ready for the desk", section=seed["article"].section, status="draft")
    services.set_status(draft, Status.READY, user=editor)
    assert fragments.current_generation() == generation


def test_a_photo_only_drafts_use_is_captioned_quietly(client, seed, warm):
    photo = make_photo()
    make_article("Draft with a photo", status="draft", lead_photo=photo)
    generation = fragments.current_generation()
    photo.caption = "The photo desk's caption for a draft."
    photo.save()
    assert fragments.current_generation() == generation
    # The seed story's own lead photo is seen: its caption change shows at once.
    lead = seed["lead"]
    lead.caption = "A new caption readers see."
    lead.save()
    assert (
        "A new caption readers see."
        in client.get(seed["article"].get_absolute_url()).content.decode()
    )


def test_publishing_unpublishing_and_scheduling_are_seen(client, seed, warm, editor):
    story = make_article(
        "Breaking: the story goes out", section=seed["article"].section, status="draft"
    )
    story.status = Status.PUBLISHED
    story.published_at = timezone.now() - datetime.timedelta(minutes=1)
    story.save()
    assert "Breaking: the story goes out" in client.get("/world/").content.decode()

    story.status = Status.UNPUBLISHED
    story.save()
    assert "Breaking: the story goes out" not in client.get("/world/").content.decode()

    # Scheduled for later: nothing readers see changes yet (the section stays warm), the
    # cache learns the new go-live moment, and the story shows when its time comes.
    generation = fragments.current_generation()
    later = make_article("Scheduled for noon", section=seed["article"].section, status="draft")
    later.status = Status.PUBLISHED
    later.published_at = timezone.now() + datetime.timedelta(hours=2)
    later.save()
    assert fragments.current_generation() == generation
    assert 7100 < fragments.seconds_to_next_go_live() <= 7200
    assert "Scheduled for noon" not in client.get("/world/").content.decode()
    with time_machine.travel(later.published_at + datetime.timedelta(seconds=1)):
        assert "Scheduled for noon" in client.get("/world/").content.decode()
        assert "Scheduled for noon" in client.get("/").content.decode()


def test_a_credit_on_a_published_story_is_seen(client, seed, warm):
    person = make_person("Hwaida Saad")
    Credit.objects.create(article=seed["article"], person=person, role="contributor", order=5)
    assert "Hwaida Saad" in client.get(seed["article"].get_absolute_url()).content.decode()
