"""Search: PostgreSQL full-text search ranked headline over deck over body, highlighted
snippets, only published stories, friendly empty pages."""

import pytest
from django.conf import settings
from django.db import connection

from publishing.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def results(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def order_of(html, *headlines):
    html = html.replace("<mark>", "").replace("</mark>", "")
    return sorted(headlines, key=lambda h: html.index(h) if h in html else 10**9)


requires_postgres = pytest.mark.skipif(
    settings.DATABASE_VENDOR != "postgresql", reason="full-text search is PostgreSQL's"
)


@requires_postgres
def test_search_vector_is_stored_with_a_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'articles_article' "
            "AND indexname = 'article_search_vector'"
        )
        [(definition,)] = cursor.fetchall()
    assert "USING gin (search_vector)" in definition


@requires_postgres
def test_headline_match_ranks_above_deck_above_body(client, world):
    make_article("Harvest report", section=world["world"], body="<p>The olive crop failed.</p>")
    make_article("Market news", section=world["world"], deck="Olive prices rise")
    make_article("Olive growers protest", section=world["world"])
    html = results(client, "olive")
    assert order_of(html, "Market news", "Harvest report", "Olive growers protest") == [
        "Olive growers protest",
        "Market news",
        "Harvest report",
    ]
    assert "3 stories matched" in html


@requires_postgres
def test_stemming_finds_other_forms_of_a_word(client, world):
    make_article("General defects to rebels", section=world["world"])
    assert "General <mark>defects</mark> to rebels" in results(client, "defected")


@requires_postgres
def test_snippets_highlight_matches_and_escape_the_text(client, world):
    make_article(
        "Budget talks",
        section=world["world"],
        body="<p>Ministers said the <em>harbour</em> plan costs &lt;script&gt; nothing &amp; more.</p>",
    )
    html = results(client, "harbour")
    assert "<mark>harbour</mark>" in html
    assert "<em>" not in html.split('class="card-deck search-snippet"')[1].split("</p>")[0]
    assert "&lt;script&gt;" in html
    assert "<script>" not in html.split("<main")[1]


@requires_postgres
def test_search_vector_follows_edits(client, world):
    article = make_article("Quiet day", section=world["world"])
    assert "No stories matched" in results(client, "earthquake")
    article.headline = "Earthquake shakes the capital"
    article.save()
    assert "<mark>Earthquake</mark> shakes the capital" in results(client, "earthquake")


@pytest.mark.parametrize("status", [Status.DRAFT, Status.READY, Status.UNPUBLISHED])
def test_search_finds_only_published_stories(client, world, status):
    make_article("Secret volcano plan", section=world["world"], status=status)
    make_article("Public volcano report", section=world["world"])
    html = results(client, "volcano")
    assert "Public volcano report" in html.replace("<mark>", "").replace("</mark>", "")
    assert "Secret" not in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "the and of",
        "!!!",
        "'\"\\;--",
        "a" * 5000,
        "<script>alert(1)</script>",
        "or -",
    ],
)
def test_empty_and_nonsense_queries_get_a_friendly_page(client, world, query):
    make_article("Something", section=world["world"])
    html = results(client, query)
    assert "Type a few words above" in html or "No stories matched" in html
    assert "<script>alert(1)</script>" not in html


def test_search_results_are_paginated(client, world):
    for n in range(25):
        make_article(f"Tunnel story {n}", section=world["world"])
    first = results(client, "tunnel")
    assert first.count('<article class="card') == 20
    assert "25 stories matched" in first
    assert 'rel="next" href="/search/?q=tunnel&amp;page=2"' in first
    second = results(client, "tunnel", page=2)
    assert second.count('<article class="card') == 5


def test_without_postgresql_search_falls_back_to_a_plain_match(client, world, settings):
    settings.DATABASE_VENDOR = "sqlite"  # the fallback's code path, run on this database
    make_article("Harbour strike ends", section=world["world"])
    make_article("Other news", section=world["world"], body="<p>The harbour reopened.</p>")
    make_article("Hidden harbour plan", section=world["world"], status=Status.DRAFT)
    html = results(client, "harbour")
    assert "Harbour strike ends" in html and "Other news" in html
    assert "Hidden harbour plan" not in html
    assert "2 stories matched" in html
