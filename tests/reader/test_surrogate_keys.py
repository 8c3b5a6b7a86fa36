"""Every public page names what it shows (Surrogate-Key, Cache-Tag), whether it was rendered
now or served from cached fragments, so that a change can purge exactly its copies."""

import pytest

from tests.staff import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def front_cache(settings):
    settings.NEWSROOM_FRONT_CACHE_SECONDS = 60


def keys_of(response):
    assert response.status_code == 200
    tags = set(response["Cache-Tag"].split(","))
    assert set(response["Surrogate-Key"].split(" ")) == tags
    return tags


def test_the_story_names_itself_its_section_people_photo_and_promos(client, seed):
    article = seed["article"]
    shown = keys_of(client.get(article.get_absolute_url()))
    assert {
        f"article:{article.pk}",
        f"section:{article.section_id}",
        f"person:{seed['babak'].pk}",
        f"photo:{seed['lead'].pk}",
        f"gallery:{seed['gallery'].pk}",
        f"timeline:{seed['timeline'].pk}",
        f"page:article:{article.slug}",
    } <= shown
    # Served again from cached fragments (no rendering, fewer rows loaded): the same names.
    assert keys_of(client.get(article.get_absolute_url())) == shown


def test_listings_name_every_story_they_list(client, seed):
    article = seed["article"]
    front = keys_of(client.get("/"))
    assert {"page:front", f"article:{article.pk}", f"photo:{seed['lead'].pk}"} <= front
    section = keys_of(client.get(article.section.get_absolute_url()))
    section_page = f"page:section:{article.section.parent.slug}:{article.section.slug}"
    assert {section_page, f"article:{article.pk}"} <= section
    assert keys_of(client.get("/")) == front


def test_staff_pages_carry_no_keys(seed, editor):
    response = client_for(editor).get(seed["article"].get_absolute_url())
    assert "Surrogate-Key" not in response
    assert "private" in response["Cache-Control"]
