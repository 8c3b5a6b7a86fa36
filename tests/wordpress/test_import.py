"""What comes in from a WordPress export: posts as articles with their statuses, dates, slugs
and decks; categories as sections; tags; authors and guest authors as people in byline order;
attachments as photos; both editors' markup as the story body."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from articles.body import read_body
from articles.models import Article, Person, Section
from media_gallery.models import Gallery, Photo
from publishing.models import Status
from publishing.services import transitions_of
from wordpress.models import ImportedItem

from .conftest import run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(export, uploads):
    return run_import(export, "--media-dir", str(uploads), "--pages", "news")


def story(slug):
    return Article.objects.get(slug=slug)


def kinds(article):
    return [block.kind for block in read_body(article.body)]


def test_statuses_dates_slugs_and_decks_come_from_the_export(imported):
    council = story("council-weighs-market-plan")
    assert council.status == Status.PUBLISHED
    assert council.published_at == datetime(2020, 3, 4, 15, 0, tzinfo=UTC)  # post_date_gmt
    assert council.deck == "A divided council."
    assert council.headline == "Council weighs the market plan"
    scheduled = story("scheduled-for-later")
    assert scheduled.status == Status.PUBLISHED and scheduled.is_scheduled
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()
    assert story("a-draft-without-a-slug").status == Status.DRAFT
    assert story("waiting-for-an-editor").status == Status.READY
    assert story("cafe-uber-alles").headline == "Café über alles — “quoted”"
    assert not Article.objects.filter(slug__in=["private-notes", "thrown-away", "a-product"])
    # Imported stories have their status history, like any other.
    moves = transitions_of(council)
    assert [(m.from_status, m.to_status) for m in moves] == [("draft", "published")]


def test_the_report_says_what_was_not_imported_and_why(imported):
    text = imported.report_path.read_text()
    assert text == imported.out.split("This report is also in")[0]
    assert "Post #106 “Private notes”: private" in text
    for counted in ("2 comments", "1 menu items", "1 items of type “product”",
                    "1 posts in the trash state", "1 attachments that are not pictures",
                    "shortcode [contact-form-7] kept as text",
                    "block wp:jetpack/slideshow kept as text",
                    "script, style or event handler removed"):  # fmt: skip
        assert counted in text, counted
    assert "missing.jpg" in text and "no file 2020/03/missing.jpg in --media-dir" in text
    assert "“caf%c3%a9-%c3%bcber-alles” → “cafe-uber-alles”" in text
    assert "19/19 items" in imported.err  # the progress bar's last line


def test_categories_become_sections_with_their_hierarchy_and_tags_stay_tags(imported):
    world = Section.objects.get(slug="world")
    assert world.parent.slug == "news"
    # Sections nest one level: Middle East (News › World › Middle East) goes under News.
    assert Section.objects.get(slug="middle-east").parent == world.parent
    # "search" is a word the site's addresses use.
    assert story("taken-slug").section.slug == "search-section"
    council = story("council-weighs-market-plan")
    assert council.section == world
    assert set(council.tags.names()) == {"Elections", "Opinion"}  # a second category: a tag


def test_authors_and_guest_authors_become_people_in_byline_order_without_logins(export, uploads):
    users = User.objects.count()
    run_import(export, "--media-dir", str(uploads))
    assert story("council-weighs-market-plan").byline == "By Amira Haddad and Jane Doe"
    assert story("smoke-over-old-town").byline == "By Robert Smith"
    amira = Person.objects.get(name="Amira Haddad")
    assert (amira.email, amira.bio, amira.user) == (
        "amira@example.org",
        "Reports from Beirut.",
        None,
    )
    assert User.objects.count() == users


def test_an_author_already_on_staff_is_linked_not_duplicated(export, uploads):
    jane = Person.objects.create(name="Jane Doe", slug="jane-doe-staff")
    run_import(export, "--media-dir", str(uploads))
    assert Person.objects.filter(name="Jane Doe").count() == 1
    assert jane in story("a-draft-without-a-slug").byline_people


def test_attachments_become_photos_through_the_photo_desks_ingest(
    imported, django_capture_on_commit_callbacks
):
    lead = story("council-weighs-market-plan").lead_photo
    assert lead.caption == "The council chamber."  # the export's caption wins over the file's
    assert lead.alt_text == "Seats"
    assert lead.credit == "Agency Photo"  # filled from the file's XMP
    assert lead.metadata_sources["credit"].startswith("XMP")
    assert lead.original_filename == "photo-a.jpg"
    assert not lead.image.name.endswith("photo-a.jpg")  # stored under a random name
    # A title that is only the file's name is not a headline.
    assert Photo.objects.get(original_filename="photo-c.jpg").headline == ""
    assert Photo.objects.count() == 6  # 8 attachments: one missing, one a PDF


def test_classic_markup_becomes_the_story_body(imported):
    council = story("council-weighs-market-plan")
    blocks = read_body(council.body)
    assert kinds(council) == ["text", "photo", "embed", "text", "photo", "text", "text",
                              "gallery", "text", "text", "text", "text", "embed"]  # fmt: skip
    caption = blocks[1]
    assert caption.caption == "Traders at the market on Monday."
    assert Photo.objects.get(pk=caption.photo_id).original_filename == "photo-b.jpg"
    assert blocks[2].found.provider == "YouTube" and blocks[-1].found.provider == "Vimeo"
    # A resized copy (photo-c-300x200.jpg) is the attachment photo-c.jpg.
    assert Photo.objects.get(pk=blocks[4].photo_id).original_filename == "photo-c.jpg"
    gallery = Gallery.objects.get(pk=blocks[7].gallery_id)
    assert sorted(gallery.photos.values_list("original_filename", flat=True)) == [
        "photo-a.jpg", "photo-b.jpg", "photo-c.jpg"]  # fmt: skip
    assert gallery.status == Status.PUBLISHED  # shown with its story
    assert '[contact-form-7 id="4" title="Tips"]' in council.body
    assert "<script" not in council.body and "stolen" not in council.body
    assert "onclick" not in council.body
    assert "<h2>What comes next</h2>" in council.body
    assert 'href="https://elsewhere.example.net/chart.png"' in council.body


def test_block_editor_markup_becomes_the_story_body(imported):
    smoke = story("smoke-over-old-town")
    assert kinds(smoke) == ["text", "text", "photo", "gallery", "embed", "pullquote", "text",
                            "table", "text", "text"]  # fmt: skip
    blocks = read_body(smoke.body)
    assert (blocks[2].size, blocks[2].caption) == ("wide", "Smoke over the old town.")
    assert Gallery.objects.get(pk=blocks[3].gallery_id).photos.count() == 2
    assert blocks[4].found.provider == "X"
    assert (blocks[5].quote, blocks[5].attribution) == ("We were not told.", "A shopkeeper")
    assert blocks[7].rows == [["Year", "Votes"], ["2019", "1,204"]]
    assert "A slideshow of the day" in smoke.body  # an unknown block's words are kept
    assert "Hand-written HTML survives as text." in smoke.body
    assert "alert" not in smoke.body


def test_pages_come_in_only_when_asked_into_the_named_section(export, uploads):
    run_import(export, "--media-dir", str(uploads))
    assert not Article.objects.filter(slug="about").exists()
    run_import(export, "--media-dir", str(uploads), "--pages", "news")
    assert story("about").section.slug == "news"


def test_a_slug_already_taken_is_suffixed_and_reported(export, uploads, editor):
    news = Section.objects.create(name="Desk", slug="desk")
    Article.objects.create(headline="Ours", slug="taken-slug", section=news)
    result = run_import(export, "--media-dir", str(uploads))
    assert story("taken-slug-2").headline == "A slug that is taken"
    assert "“taken-slug” → “taken-slug-2”" in result.report_path.read_text()


def test_imported_items_are_matched_by_site_and_post_id(imported):
    row = ImportedItem.objects.get(kind="post", key="101")
    assert row.site == "old.example.com"
    assert row.article == story("council-weighs-market-plan")
    assert row.old_path == "/2020/03/04/council-weighs-market-plan/"


def test_an_imported_story_reads_on_the_site_and_opens_in_the_admin(client, imported, editor):
    from tests.factories import make_user

    council = story("council-weighs-market-plan")
    page = client.get(council.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert '<span class="caption">Traders at the market on Monday.</span>' in html
    assert '>Amira Haddad</a> and <a href="/people/jane-doe/" rel="author">Jane Doe</a>' in html
    assert "Photos: Council weighs the market plan" in html  # its gallery, published with it
    client.force_login(editor)
    assert client.get(f"/admin/articles/article/{council.pk}/change/").status_code == 200
    client.force_login(make_user(superuser=True))
    assert client.get("/admin/wordpress/importeditem/").status_code == 200
