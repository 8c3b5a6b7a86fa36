"""Cached fragments never show stale content: any save of what a page prints starts a new
generation. And every response carries the security headers."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from reader import fragments
from tests.factories import make_article
from tests.reader.conftest import add_correction

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_editing_a_story_shows_at_once_on_every_page(client, seed):
    article = seed["article"]
    for url in ("/", article.get_absolute_url(), "/world/", "/people/babak-dehghanpisheh/"):
        assert "Syrian general defects" in html(client, url)
    article.headline = "Syrian general flees to Turkey"
    article.save()
    for url in ("/", article.get_absolute_url(), "/world/", "/people/babak-dehghanpisheh/"):
        assert "Syrian general flees to Turkey" in html(client, url), url


def test_renaming_a_person_or_recaptioning_a_photo_updates_the_story(client, seed):
    url = seed["article"].get_absolute_url()
    html(client, url)
    babak = seed["babak"]
    babak.name = "Babak D."
    babak.save()
    lead = seed["lead"]
    lead.caption = "A new caption from the photo desk."
    lead.save()
    page = html(client, url)
    assert ">Babak D.</a>" in page and "A new caption from the photo desk." in page


def test_a_correction_shows_at_once(client, seed):
    url = seed["article"].get_absolute_url()
    html(client, url)
    add_correction(seed["article"], "The general's name was misspelled.")
    assert "misspelled" in html(client, url)


def test_unpublishing_a_promoted_gallery_removes_its_promo(client, seed):
    url = seed["article"].get_absolute_url()
    assert "View Photo Gallery" in html(client, url)
    gallery = seed["gallery"]
    gallery.status = "unpublished"
    gallery.save()
    assert "View Photo Gallery" not in html(client, url)


def test_generation_expires_when_the_next_scheduled_item_goes_live(db, world):
    soon = timezone.now() + datetime.timedelta(minutes=10)
    make_article(section=world["world"], published_at=soon)
    first = fragments.current_generation()
    record = cache.get(fragments._generation_key())
    assert abs(record["until"] - soon.timestamp()) < 1
    assert fragments.current_generation() == first
    import time_machine

    with time_machine.travel(soon + datetime.timedelta(seconds=1), tick=False):
        assert fragments.current_generation() != first


def test_writes_that_skip_signals_show_after_a_new_generation(client, seed):
    url = seed["article"].get_absolute_url()
    html(client, url)
    Article.objects.filter(pk=seed["article"].pk).update(headline="Changed in bulk")
    assert "Changed in bulk" not in html(client, url)  # cached until told
    fragments.new_generation()
    assert "Changed in bulk" in html(client, url)


def test_with_the_fragment_cache_off_pages_read_the_database_each_time(client, seed, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 0
    url = seed["article"].get_absolute_url()
    html(client, url)
    Article.objects.filter(pk=seed["article"].pk).update(headline="Changed in bulk")
    assert "Changed in bulk" in html(client, url)


# Security headers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/2012/12/26/syrian-general-defects/",
        "/photos/destruction-of-aleppo/",
        "/search/?q=x",
        "/no-such-page/",
        "/feeds/latest/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_every_response_has_security_headers(client, seed, url):
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


def test_reader_pages_set_no_cookies(client, seed):
    for url in ("/", seed["article"].get_absolute_url(), "/search/?q=defects"):
        response = client.get(url)
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/2012/12/26/syrian-general-defects/",
        "/photos/destruction-of-aleppo/",
        "/timelines/syria-uprising/",
        "/world/",
        "/people/babak-dehghanpisheh/",
    ],
)
def test_a_warm_page_reads_the_cache_in_two_round_trips(client, seed, url, monkeypatch):
    """The generation, the change clock and every fragment of the page (and its list count)
    at once; then the stamps of what those fragments show, at once."""
    client.get(url)
    reads = []
    inside = []  # the test cache's get_many calls its own get: count only the outer call

    def counted(original):
        def read(*args, **kwargs):
            if not inside:
                reads.append(args[0])
            inside.append(True)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return read

    for method in ("get", "get_many"):
        monkeypatch.setattr(cache, method, counted(getattr(cache, method)))
    assert client.get(url).status_code == 200
    assert len(reads) == 2, reads
    assert any(key.endswith(":clock") for key in reads[0])
    assert reads[1] and all(":key:" in key for key in reads[1])


def test_unpublishing_a_story_takes_it_off_every_warm_page_at_once(client, seed):
    from publishing.services import unpublish
    from tests.factories import make_user

    article = seed["article"]
    urls = ["/", "/world/", "/people/babak-dehghanpisheh/", "/tags/syria/"]
    for url in [article.get_absolute_url(), *urls]:
        client.get(url)  # warm every page's fragments and lookups
    unpublish(article, make_user(superuser=True))
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in urls:
        response = client.get(url)
        assert article.headline not in response.content.decode(), url


def test_a_background_upload_into_a_live_gallery_shows_its_renditions_at_once(client, seed):
    """Renditions stored with bulk_create (no signals) still end the fragments that show the
    photo's master: the warm page must not keep serving the full-size file."""
    from media_gallery.renditions import generate_renditions
    from media_gallery.services import add_to_gallery
    from tests.factories import make_photo

    gallery = seed["gallery"]
    photo = make_photo(1200, 800, caption="Uploaded in bulk, renditions on their way.")
    add_to_gallery(gallery, photo)
    url = gallery.get_absolute_url()
    warm = html(client, url)
    assert photo.image.url in warm and f"renditions/{photo.pk}/" not in warm  # the master, for now

    generate_renditions(photo)  # what the background worker does

    page = html(client, url)
    srcsets = [
        rendition.file.url
        for rendition in photo.renditions.filter(format="webp", spec__startswith="w")
    ]
    assert srcsets and all(address in page for address in srcsets)
    assert f'src="{photo.image.url}"' not in page
