"""The content model: what the database refuses, how dates and credits read, what is stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, RelatedItem, Section
from media_gallery.models import Gallery, Photo
from tests.factories import (
    make_article,
    make_gallery,
    make_person,
    make_photo,
    make_section,
    make_timeline,
    relate,
)

pytestmark = pytest.mark.django_db


def refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_article_slug_is_unique():
    make_article(slug="syrian-general-defects")
    refused_by_database(lambda: make_article(slug="syrian-general-defects"))


def test_section_person_gallery_and_timeline_slugs_are_unique():
    make_section("World", slug="world")
    refused_by_database(lambda: make_section("World again", slug="world"))
    make_person("Babak Dehghanpisheh", slug="babak")
    refused_by_database(lambda: make_person("Another Babak", slug="babak"))
    make_gallery(slug="destruction-of-aleppo")
    refused_by_database(lambda: make_gallery(slug="destruction-of-aleppo"))
    make_timeline(slug="syria-uprising")
    refused_by_database(lambda: make_timeline(slug="syria-uprising"))


def test_one_person_cannot_be_credited_twice_in_the_same_role():
    person = make_person()
    article = make_article(authors=[person])
    refused_by_database(lambda: article.credits.create(person=person, role="byline", order=1))
    # The same person may be a byline author and a contributor.
    article.credits.create(person=person, role="contributor")


def test_related_item_needs_exactly_one_target_in_the_database():
    article = make_article()
    other = make_article()
    gallery = make_gallery()
    refused_by_database(lambda: RelatedItem.objects.create(article=article))
    refused_by_database(
        lambda: RelatedItem.objects.create(
            article=article, target_article=other, target_gallery=gallery
        )
    )
    refused_by_database(lambda: RelatedItem.objects.create(article=article, target_article=article))
    item = RelatedItem.objects.create(article=article, target_gallery=gallery)
    assert item.display_label == "Gallery"


def test_related_item_without_target_gets_a_clear_form_message():
    item = RelatedItem(article=make_article())
    with pytest.raises(ValidationError, match="exactly one of an article, a gallery or a timeline"):
        item.full_clean()


def test_related_items_keep_their_order_and_labels():
    story = make_article()
    gallery, timeline, other = make_gallery(), make_timeline(), make_article()
    relate(story, other, order=2)
    relate(story, timeline, order=1, label="Graphic")
    relate(story, gallery, order=0, label="Gallery")
    items = list(story.related_items.all())
    assert [item.target for item in items] == [gallery, timeline, other]
    assert [item.display_label for item in items] == ["Gallery", "Graphic", "Related"]


@pytest.mark.parametrize("slug", ["admin", "search", "tags", "photos", "2012"])
def test_reserved_or_numeric_section_slug_is_refused(slug):
    section = Section(name="Anything", slug=slug)
    with pytest.raises(ValidationError) as refusal:
        section.full_clean()
    assert "slug" in refusal.value.message_dict


def test_sections_nest_one_level():
    world = make_section("World", slug="world")
    middle_east = make_section("Middle East", parent=world, slug="middle-east")
    assert str(middle_east) == "World › Middle East"
    assert middle_east.get_absolute_url() == "/world/middle-east/"
    deeper = Section(name="Levant", slug="levant", parent=middle_east)
    with pytest.raises(ValidationError, match="one level deep"):
        deeper.full_clean()


def test_timeline_month_event_sorts_before_the_days_of_that_month():
    timeline = make_timeline(
        events=[
            {"date": datetime.date(2012, 12, 25), "precision": 3, "headline": "Defection"},
            {"date": datetime.date(2012, 12, 11), "precision": 3, "headline": "Recognition"},
            {"date": datetime.date(2012, 12, 19), "precision": 2, "headline": "Spokesman leaves"},
            {"date": datetime.date(2011, 3, 15), "precision": 2, "headline": "Protests"},
        ]
    )
    events = list(timeline.events.all())
    assert [e.headline for e in events] == [
        "Protests",
        "Spokesman leaves",
        "Recognition",
        "Defection",
    ]
    assert [e.display_date for e in events] == [
        "March 2011",
        "December 2012",
        "Dec. 11, 2012",
        "Dec. 25, 2012",
    ]
    assert [e.machine_date for e in events] == ["2011-03", "2012-12", "2012-12-11", "2012-12-25"]
    # A month-precision date is stored as the first of the month, never an invented day.
    assert events[1].date == datetime.date(2012, 12, 1)


def test_year_precision_event_reads_as_the_year():
    timeline = make_timeline(
        events=[{"date": datetime.date(2011, 6, 6), "precision": 1, "headline": "A year"}]
    )
    event = timeline.events.get()
    assert event.display_date == "2011" and event.date == datetime.date(2011, 1, 1)
    assert str(event) == "2011: A year"


def test_photo_stores_its_width_and_height():
    photo = make_photo(2400, 1350)
    stored = Photo.objects.get(pk=photo.pk)
    assert (stored.width, stored.height) == (2400, 1350)


def test_three_bylines_and_three_contributors_read_as_printed():
    names = ["Anne Gearan", "Karen DeYoung", "Babak Dehghanpisheh"]
    article = make_article(
        authors=[make_person(n) for n in names],
        contributors=[make_person(n) for n in ["Ahmed Ramadan", "Suzan Haidamous", "Liz Sly"]],
    )
    article = Article.objects.get(pk=article.pk)
    assert article.byline == "By Anne Gearan, Karen DeYoung and Babak Dehghanpisheh"
    assert article.contributors_line == (
        "Ahmed Ramadan, Suzan Haidamous and Liz Sly contributed to this report."
    )


def test_article_without_credits_has_empty_byline_lines():
    article = make_article()
    assert article.byline == "" and article.contributors_line == ""


def test_listing_query_reads_bylines_without_a_query_per_article(django_assert_num_queries):
    section = make_section()
    for n in range(5):
        make_article(section=section, authors=[make_person(f"Writer {n}")])
    make_article(section=section, lead_photo=make_photo(), authors=[make_person("Writer 5")])
    with django_assert_num_queries(3):
        # The articles, their lead photos' renditions, their byline credits with people.
        bylines = [a.byline for a in Article.objects.published().for_listing()]
    assert sorted(bylines) == [f"By Writer {n}" for n in range(6)]


def test_article_url_uses_the_newsroom_date():
    # 00:30 UTC on Dec. 27 is still Dec. 26 in New York.
    moment = datetime.datetime(2012, 12, 27, 0, 30, tzinfo=datetime.UTC)
    article = make_article(slug="late-story", published_at=moment)
    assert article.get_absolute_url() == "/2012/12/26/late-story/"


def test_article_body_is_sanitised_on_save():
    article = make_article(
        body=(
            '<p>Shallal spoke.<script>alert("x")</script></p>'
            '<p><img src="x" onerror="alert(1)">Photo</p>'
            '<p><a href="javascript:alert(1)">bad link</a> '
            '<a href="https://example.org/report">good link</a></p>'
            '<h1 onclick="x()">Too big</h1>'
        )
    )
    body = Article.objects.get(pk=article.pk).body
    assert "<script" not in body and "alert(" not in body
    assert "onerror" not in body and "<img" not in body and "onclick" not in body
    assert "javascript:" not in body
    assert '<a href="https://example.org/report" rel="noopener">good link</a>' in body
    assert "<h1" not in body and "Too big" in body
    assert "Shallal spoke." in body


def test_gallery_photos_keep_their_order_and_caption_override():
    first, second = make_photo(seed=1, caption="Own caption"), make_photo(seed=2)
    gallery = make_gallery(photos=[second, first])
    items = list(Gallery.objects.get(pk=gallery.pk).items.all())
    assert [i.photo for i in items] == [second, first]
    items[1].caption_override = "Caption for this gallery"
    items[1].save()
    assert [i.caption for i in gallery.items.all()][1] == "Caption for this gallery"
    assert Photo.objects.get(pk=first.pk).caption == "Own caption"


def test_versions_rise_with_every_save():
    article = make_article()
    assert article.version == 1
    article.headline = "New headline"
    article.save()
    assert Article.objects.get(pk=article.pk).version == 2
