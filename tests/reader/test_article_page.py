"""The article page prints the story as the paper does: kicker, headline, deck, linked byline,
AP-style times, the lead photo with caption and credit, body, contributors, promos,
corrections and tags."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from publishing.models import Status
from tests.factories import make_article, make_user
from tests.reader.conftest import LEAD_CAPTION, add_correction

pytestmark = pytest.mark.django_db


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_seed_story_reads_like_the_paper(client, seed):
    html = page(client, seed["article"])
    assert html.count("<h1") == 1
    assert (
        '<h1 id="headline">Syrian general defects, saying others in the government want to '
        "follow</h1>" in html
    )
    assert "Maj. Gen. Abdul-Aziz Jassem al-Shallal says many senior officials want to leave" in html
    assert 'By <a href="/people/babak-dehghanpisheh/" rel="author">Babak Dehghanpisheh</a>' in html
    assert '<time class="published" datetime="2012-12-26T12:39:00-05:00">' in html
    assert "Dec. 26, 2012, 12:39 p.m. EST" in html
    assert '<span class="dateline">BEIRUT —</span> A Syrian general' in html
    contributors = re.search(r'<p class="contributors">(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>", "", contributors) == (
        "Ahmed Ramadan and Suzan Haidamous contributed to this report."
    )


def test_lead_photo_is_a_figure_with_caption_credit_and_responsive_image(client, seed):
    html = page(client, seed["article"])
    figure = re.search(r'<figure class="lead-photo">(.*?)</figure>', html, re.S).group(1)
    assert "<figcaption>" in figure
    assert LEAD_CAPTION.replace("“", "“") in figure
    assert '<span class="credit">Al Arabiya TV via AP</span>' in figure
    assert 'alt="A man in military uniform speaks in front of a flag"' in figure
    assert 'srcset="' in figure and 'sizes="' in figure
    assert 'width="' in figure and 'height="' in figure


def test_gallery_and_timeline_promos(client, seed):
    html = page(client, seed["article"])
    gallery = re.search(r'<section class="promo promo-gallery">(.*?)</section>', html, re.S)
    assert gallery, "gallery promo missing"
    assert '<a href="/photos/destruction-of-aleppo/">View Photo Gallery</a>' in gallery.group(1)
    assert '<span class="count">3</span> photos' in gallery.group(1)
    assert "The destruction of Aleppo:" in gallery.group(1)
    timeline = re.search(r'<section class="promo promo-timeline">(.*?)</section>', html, re.S)
    assert "Graphic" in timeline.group(1)
    assert "Timeline: Syria’s uprising" in timeline.group(1)
    assert "began in March 2011" in timeline.group(1)


def test_tags_and_related_stories_link_to_their_pages(client, seed):
    html = page(client, seed["article"])
    assert '<a href="/tags/syria/" rel="tag">Syria</a>' in html
    assert f'<a href="{seed["related"].get_absolute_url()}">Aleppo under fire</a>' in html


def test_several_bylines_read_without_serial_comma(client, seed, world):
    from tests.factories import make_person

    people = [make_person(name) for name in ("Ann Lee", "Bo Chen", "Cy Diaz")]
    article = make_article(section=world["world"], authors=people)
    html = page(client, article)
    byline = re.search(r'<p class="byline">(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>", "", byline) == "By Ann Lee, Bo Chen and Cy Diaz"
    assert byline.count('rel="author"') == 3


def test_updated_time_from_material_update(client, seed):
    article = seed["article"]
    Article.objects.filter(pk=article.pk).update(
        material_update_at=datetime.datetime(2012, 12, 26, 18, 5, tzinfo=datetime.UTC)
    )
    article.refresh_from_db()
    article.save()  # a save starts a new fragment generation, as an editor's save does
    html = page(client, article)
    assert 'Updated <time datetime="2012-12-26T13:05:00-05:00">Dec. 26, 2012, 1:05 p.m. EST' in html


def test_corrections_at_the_head_and_updates_at_the_foot(client, seed):
    article = seed["article"]
    add_correction(
        article,
        "An earlier version misspelled the general's name.",
        published_at=datetime.datetime(2012, 12, 27, 9, 0, tzinfo=datetime.UTC),
    )
    add_correction(article, "Rebels confirmed the route.", kind=Correction.Kind.UPDATE)
    add_correction(
        article, "Withdrawn note.", removed_at=timezone.now(), kind=Correction.Kind.CLARIFICATION
    )
    html = page(client, article)
    head = html.index('<section class="corrections"')
    body = html.index('<div class="story-body">')
    foot = html.index('<section class="updates"')
    assert head < body < foot
    assert "<strong>Correction</strong>" in html
    assert "(Dec. 27, 2012, 4 a.m. EST)" in html
    assert "An earlier version misspelled the general&#x27;s name." in html
    assert "Rebels confirmed the route." in html[foot:]
    assert "Withdrawn note." not in html


def test_article_type_label_for_analysis(client, world):
    article = make_article(section=world["world"], article_type="analysis")
    html = page(client, article)
    assert '<p class="type-label">Analysis</p>' in html


def test_headline_and_deck_are_escaped(client, world):
    article = make_article(
        "<script>alert(1)</script> wins", section=world["world"], deck="<b>bold</b> claim"
    )
    html = page(client, article)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; wins" in html
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in html


def test_staff_preview_of_a_draft_is_bannered_and_never_cached(client, world):
    draft = make_article("Draft story", section=world["world"], status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_user(superuser=True))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview — not published" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_staff_without_view_permission_cannot_preview(client, world):
    draft = make_article("Secret draft", section=world["world"], status=Status.DRAFT)
    client.force_login(make_user())  # staff, no permissions
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_preview_shows_the_latest_draft_text_not_a_cached_page(client, world):
    draft = make_article("First draft", section=world["world"], status=Status.DRAFT)
    client.force_login(make_user(superuser=True))
    assert "First draft" in client.get(draft.get_absolute_url()).content.decode()
    Article.objects.filter(pk=draft.pk).update(headline="Second draft")  # no signals
    assert "Second draft" in client.get(draft.get_absolute_url()).content.decode()
