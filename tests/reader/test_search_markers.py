"""Search highlighting cannot be forged: the characters the highlighter marks matches with,
typed into a story (as text or as HTML character references), stay text."""

import re

import pytest
from django.core.cache import cache

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_fragments():
    cache.clear()


def marked(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return re.findall(r"<mark>(.*?)</mark>", response.content.decode())


def test_typed_marker_characters_do_not_become_mark_tags(client):
    make_article(
        "Water board ⟦resigns⟧ over rates",
        deck="Rates ⟦rise⟧ again, the ⟦board⟧ says.",
        body="<p>The water board &#10214;quit&#10215; on Tuesday; rates ⟦doubled⟧.</p>",
    )
    found = marked(client, "water")
    assert found and {word.lower() for word in found} == {"water"}
    page = client.get("/search/", {"q": "water"}).content.decode()
    assert "⟦resigns⟧" in page or "&#10214;" in page  # shown as the text it is


def test_markers_in_the_text_around_a_real_match_stay_text(client):
    make_article("Council ⟦votes", body="<p>⟧ The council votes on water rates.</p>")
    found = marked(client, "council")
    assert found and {word.lower() for word in found} == {"council"}
    page = client.get("/search/", {"q": "council"}).content.decode()
    assert page.count("<mark>") == page.count("</mark>") == len(found)
