"""Keys, limits and CORS: a key opens the API, only its hash is stored, a revoked key stops
working at once, a section-restricted key sees only its sections, and over the limit the API
answers 429 with Retry-After."""

import hashlib

import pytest
import time_machine

from api.models import ApiKey


def test_without_a_key_the_api_is_closed_unless_public(client, newsroom, settings):
    settings.NEWSROOM_API_PUBLIC = False
    response = client.get("/api/v1/items/")
    assert response.status_code == 401
    assert "needs a key" in response.json()["detail"]
    settings.NEWSROOM_API_PUBLIC = True
    assert client.get("/api/v1/items/").status_code == 200


def test_only_the_hash_of_a_key_is_stored(partner):
    stored = ApiKey.objects.get(pk=partner["api_key"].pk)
    assert stored.key_hash == hashlib.sha256(partner["key"].encode()).hexdigest()
    row = ApiKey.objects.filter(pk=stored.pk).values().get()
    assert partner["key"] not in " ".join(str(value) for value in row.values())


def test_bearer_token_works_too(client, partner, newsroom):
    response = client.get("/api/v1/items/", HTTP_AUTHORIZATION=f"Bearer {partner['key']}")
    assert response.status_code == 200


def test_a_revoked_or_unknown_key_is_refused_even_when_public(client, partner, newsroom,
                                                              settings):  # fmt: skip
    settings.NEWSROOM_API_PUBLIC = True
    partner["api_key"].revoked_at = "2026-01-01T00:00:00Z"
    partner["api_key"].save()
    response = client.get("/api/v1/items/", **partner["headers"])
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert client.get("/api/v1/items/", HTTP_X_API_KEY="nr_guess").status_code == 401


# The limit counts by the minute: the clock stands still so a slow run never crosses one.
@time_machine.travel("2026-12-01 12:00:10Z", tick=False)
def test_over_the_limit_answers_429_with_retry_after(client, newsroom):
    api_key, key = ApiKey.issue("Tiny partner", rate_limit=3)
    codes = [client.get("/api/v1/items/", HTTP_X_API_KEY=key).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/items/", HTTP_X_API_KEY=key)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 51
    # Another partner is not held back by this one.
    other, other_key = ApiKey.issue("Other partner", rate_limit=3)
    assert client.get("/api/v1/items/", HTTP_X_API_KEY=other_key).status_code == 200


def test_a_key_restricted_to_a_section_sees_only_its_stories(client, newsroom):
    api_key, key = ApiKey.issue("World desk partner", sections=[newsroom["world"]])
    headers = {"HTTP_X_API_KEY": key}
    listed = client.get("/api/v1/items/?limit=100", **headers).json()["items"]
    guids = {item["altIds"][0]["value"] for item in listed}
    # Middle East is a subsection of World: its stories are in; Sports and galleries are not.
    assert f"article-{newsroom['story'].pk}" in guids
    assert f"article-{newsroom['sports_story'].pk}" not in guids
    assert not any(guid.startswith(("gallery-", "timeline-")) for guid in guids)
    sports = client.get(f"/api/v1/items/article-{newsroom['sports_story'].pk}", **headers)
    assert sports.status_code == 404
    lead = client.get(f"/api/v1/items/photo-{newsroom['lead'].pk}", **headers)
    assert lead.status_code == 200


@pytest.mark.parametrize("origin,allowed", [("https://app.example.com", True),
                                            ("https://evil.example", False)])  # fmt: skip
def test_cors_allows_only_the_configured_origins(get, newsroom, settings, origin, allowed):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    response = get("/api/v1/items/", HTTP_ORIGIN=origin)
    assert response.status_code == 200
    assert (response.get("Access-Control-Allow-Origin") == origin) is allowed
    page = get("/", HTTP_ORIGIN=origin)
    assert "Access-Control-Allow-Origin" not in page


@time_machine.travel("2026-12-01 12:00:10Z", tick=False)
def test_anonymous_readers_are_limited_per_address_when_public(client, newsroom, settings):
    settings.NEWSROOM_API_PUBLIC = True
    settings.NEWSROOM_API_PUBLIC_RATE_LIMIT = 2
    here = [client.get("/api/v1/items/", REMOTE_ADDR="203.0.113.7").status_code for _ in range(3)]
    assert here == [200, 200, 429]
    assert client.get("/api/v1/items/", REMOTE_ADDR="203.0.113.8").status_code == 200
