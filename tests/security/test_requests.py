"""Requests the site does not believe or does not serve: NUL bytes in addresses, stray HTTP
methods, forwarded headers from strangers; and static files with the pages' security headers."""

import pytest
from django.core.cache import cache

from tests.factories import make_article, make_person, make_section, make_timeline
from tests.staff import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_fragments():
    cache.clear()
    yield
    cache.clear()


# Item 2: a NUL byte in an address is a 400 or a 404, never a 500 -------------------------


def test_a_nul_byte_in_an_article_address_is_not_a_server_error(client):
    article = make_article(slug="water-rates")
    day = article.url_date
    for address in (
        f"/{day.year}/{day.month:02d}/{day.day:02d}/no-such-story/".replace("/no-", "\x00/no-"),
        f"/{day.year}/{day.month:02d}\x00/{day.day:02d}/no-such-story/",
        f"/{day.year}/1\x00/2\x00/no-such-story/",
    ):
        response = client.get(address)
        assert response.status_code in (400, 404), address


def test_a_nul_byte_in_a_search_is_a_bad_request(client):
    assert client.get("/search/", {"q": "water"}).status_code == 200
    assert client.get("/search/", {"q": "\x00\x00"}).status_code == 400


def test_a_nul_byte_in_an_api_query_is_a_bad_request_in_json(client):
    response = client.get("/api/v1/items/", {"person": "\u00aa\x00"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "NUL byte" in response.json()["detail"]


def test_a_nul_byte_in_an_admin_list_filter_is_not_a_server_error(editor):
    make_article()
    client = client_for(editor)
    assert client.get("/admin/articles/article/", {"status": "published"}).status_code == 200
    for params in ({"status": "\x00"}, {"q": "rates\x00"}, {"section__id__exact": "1\x00"}):
        response = client.get("/admin/articles/article/", params)
        assert response.status_code in (400, 404), params


def test_a_nul_byte_in_an_admin_autocomplete_term_is_not_a_server_error(editor):
    make_section("World", slug="world")
    client = client_for(editor)
    query = {"app_label": "articles", "model_name": "article", "field_name": "section"}
    assert client.get("/admin/autocomplete/", {**query, "term": "Wor"}).status_code == 200
    response = client.get("/admin/autocomplete/", {**query, "term": "Wor\x00"})
    assert response.status_code in (400, 404)


# Item 3: reader addresses answer GET and HEAD only ----------------------------------------


def reader_addresses():
    section = make_section("World", slug="world")
    person = make_person("Ann Author", slug="ann-author")
    article = make_article(section=section, authors=[person], slug="water-rates")
    article.tags.add("water")
    timeline = make_timeline(slug="the-war")
    return [
        "/",
        article.get_absolute_url(),
        "/world/",
        "/people/ann-author/",
        "/tags/water/",
        timeline.get_absolute_url(),
        "/search/?q=water",
        "/corrections/",
        "/feeds/latest/",
        "/feeds/latest/atom/",
        "/feeds/sections/world/",
        "/feeds/people/ann-author/",
        "/feeds/tags/water/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        "/healthz",
    ]


def test_reader_addresses_refuse_options_and_trace(client):
    for address in reader_addresses():
        assert client.get(address).status_code == 200, address
        for method in (client.options, client.trace, client.post, client.delete):
            response = method(address)
            assert response.status_code == 405, (method.__name__, address)
            assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


# Item 16: forwarded headers only from trusted proxies ------------------------------------


@pytest.fixture
def https_production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.NEWSROOM_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.1.2.0/24"]


def test_a_stranger_cannot_claim_https_with_a_header(client, https_production):
    response = client.get("/robots.txt", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_the_trusted_proxy_says_https(client, https_production):
    for proxy in ("127.0.0.1", "10.1.2.7"):
        response = client.get("/robots.txt", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_PROTO="https")
        assert response.status_code == 200, proxy


def seen_address(client, **headers):
    """The client address the site records, read from the login throttle's own record."""
    from django.test import RequestFactory

    from security.middleware import TrustedProxyMiddleware

    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        seen["forwarded"] = request.META.get("HTTP_X_FORWARDED_FOR")
        return None

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **headers))
    return seen


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(client, https_production):
    stranger = seen_address(client, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert stranger == {"address": "203.0.113.9", "forwarded": None}
    proxied = seen_address(
        client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 10.1.2.3"
    )
    assert proxied["address"] == "198.51.100.1"
    spoofed = seen_address(
        client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1"
    )
    assert spoofed["address"] == "198.51.100.1"  # the hop our proxy saw, not what was typed


# Item 18: static files carry the pages' security headers ---------------------------------


def test_static_files_carry_the_security_headers(client):
    page = client.get("/robots.txt")
    for address in ("/static/css/site.css", "/static/img/favicon.svg"):
        response = client.get(address)
        assert response.status_code == 200, address
        for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
            assert response.get(header) == page.get(header) != None, (address, header)  # noqa: E711
