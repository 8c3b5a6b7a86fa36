"""A person's page and feed exist for people credited on published content, or marked as a
public profile; not for someone credited only on drafts."""

import pytest
from django.core.cache import cache

from publishing.models import Status
from tests.factories import make_article, make_person
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_fragments():
    cache.clear()


PAGES = ("/people/nadia-newcomer/", "/feeds/people/nadia-newcomer/")


def test_a_person_credited_only_on_drafts_has_no_page_or_feed(client):
    nadia = make_person(
        "Nadia Newcomer", slug="nadia-newcomer", job_title="Stringer", bio="Not public yet."
    )
    draft = make_article("Draft", status=Status.DRAFT, authors=[nadia])
    for address in PAGES:
        assert client.get(address).status_code == 404, address
    assert "nadia-newcomer" not in sitemap_text(client, "people")

    draft.status = Status.PUBLISHED
    draft.published_at = draft.created_at
    draft.save()
    cache.clear()
    for address in PAGES:
        assert client.get(address).status_code == 200, address


def test_a_public_profile_has_a_page_before_any_story(client):
    make_person("Nadia Newcomer", slug="nadia-newcomer", is_public_profile=True)
    for address in PAGES:
        assert client.get(address).status_code == 200, address
    assert "nadia-newcomer" in sitemap_text(client, "people")
