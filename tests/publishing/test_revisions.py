"""Every save keeps a revision with everything that belongs to the item; any two can be
compared; any can be restored as a new version without touching status or times."""

from datetime import date

import pytest
from django.urls import reverse

from articles.models import Credit
from publishing import revisions, services
from publishing.models import Status
from tests.factories import (
    make_article,
    make_gallery,
    make_person,
    make_photo,
    make_timeline,
)
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def admin_url(item, name, *args):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[item.pk, *args])


def test_admin_save_keeps_a_revision_with_credits_related_items_and_tags(editor):
    rita, sam = make_person("Rita Ramos"), make_person("Sam Stone")
    article = make_article("Ceasefire holds", authors=[rita])
    gallery = make_gallery("Ceasefire in pictures")
    client = client_for(editor)
    data = form_data(client.get(admin_url(article, "change")), "article_form")
    data.update(
        {
            "headline": "Ceasefire holds for a second day",
            "tags": "syria, ceasefire",
            "credits-TOTAL_FORMS": "2",
            "credits-1-person": str(sam.pk),
            "credits-1-role": "contributor",
            "credits-1-order": "1",
            "related_items-TOTAL_FORMS": "1",
            "related_items-0-order": "0",
            "related_items-0-target_gallery": str(gallery.pk),
            "related_items-0-label": "Photos",
        }
    )

    assert client.post(admin_url(article, "change"), data).status_code == 302

    article.refresh_from_db()
    latest = revisions.latest(article)
    assert latest.version == article.version
    assert latest.created_by == editor
    content = latest.content
    assert content["fields"]["headline"] == "Ceasefire holds for a second day"
    assert [row["label"] for row in content["children"]["credits"]] == [
        "Rita Ramos · Byline author · 0",
        "Sam Stone · Contributor · 1",
    ]
    assert content["children"]["related_items"][0]["label"] == "0 · Photos · Ceasefire in pictures"
    assert content["tags"] == ["ceasefire", "syria"]
    assert "Byline and contributors" not in latest.summary
    assert "credits" in latest.summary and "headline" in latest.summary.lower()


def test_gallery_timeline_and_photo_revisions_hold_their_rows_and_words():
    photo = make_photo(caption="Crowds gather.")
    gallery = make_gallery("Protests", photos=[photo])
    gallery.items.update(caption_override="Crowds gather in Homs.")
    gallery.save()
    timeline = make_timeline(
        "Uprising",
        events=[{"date": date(2011, 3, 15), "precision": 2, "headline": "Protests begin"}],
    )
    timeline.save()
    photo.caption = "Crowds gather in the square."
    photo.save()

    gallery_rows = revisions.latest(gallery).content["children"]["items"]
    assert gallery_rows[0]["values"] == {
        "order": 0,
        "photo": photo.pk,
        "caption_override": "Crowds gather in Homs.",
    }
    event = revisions.latest(timeline).content["children"]["events"][0]
    assert event["values"]["date"] == "2011-03-01" and event["values"]["precision"] == 2
    photo_revision = revisions.latest(photo)
    assert photo_revision.content["fields"]["caption"] == "Crowds gather in the square."
    # The picture by its stored name (its file is kept while a revision names it).
    assert photo_revision.content["fields"]["image"] == photo.image.name
    assert photo_revision.summary == "Changed caption"


def test_publishing_through_the_service_keeps_a_revision_of_the_new_status(editor):
    article = make_article("Draft", status=Status.DRAFT)
    services.publish(article, editor)
    article.refresh_from_db()
    latest = revisions.latest(article)
    assert latest.version == article.version
    assert latest.summary.startswith("Published")
    assert latest.content["state"]["status"] == "published"


def test_history_page_lists_versions_with_who_and_when(editor, other_editor):
    article = make_article("Version one", created_by=editor)
    article.headline = "Version two"
    article.save(saved_by=other_editor)

    page = client_for(editor).get(admin_url(article, "history")).content.decode()

    assert "Saved versions" in page
    assert "Fred Fixer" in page and "Edna Editor" in page
    assert "Changed headline" in page
    assert page.count("Restore this version") == 1


def test_compare_page_shows_the_changed_words_escaped(editor):
    article = make_article(
        "Talks resume",
        body="<p>Delegates met in Geneva.</p><p>No deal was reached.</p>",
    )
    older = revisions.latest(article)
    article.body = "<p>Delegates met in Geneva on Monday.</p><p>No deal was reached.</p>"
    article.headline = "Talks resume <script>alert(1)</script>"
    article.save()
    newer = revisions.latest(article)

    response = client_for(editor).get(admin_url(article, "compare"), {"a": older.pk, "b": newer.pk})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Delegates met in Geneva<ins> on Monday</ins>." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "No deal was reached." in page  # unchanged paragraph shown as context


def test_restore_brings_back_headline_body_and_credits_as_a_new_revision(editor):
    rita, sam = make_person("Rita Ramos"), make_person("Sam Stone")
    article = make_article("Original headline", body="<p>Original body.</p>", authors=[rita])
    article.tags.add("original")
    article.save()
    good = revisions.latest(article)
    published_at = article.published_at

    article.headline = "Vandalised headline"
    article.body = "<p>Wrong body.</p>"
    article.save()
    article.credits.all().delete()
    Credit.objects.create(article=article, person=sam)
    article.tags.set(["wrong"])
    article.save()
    count_before = revisions.revisions_of(article).count()

    client = client_for(editor)
    response = client.post(admin_url(article, "restore", good.pk), follow=True)

    assert "Restored the content of version" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Original headline"
    assert article.body == "<p>Original body.</p>"
    assert [c.person for c in article.credits.all()] == [rita]
    assert list(article.tags.names()) == ["original"]
    assert article.status == Status.PUBLISHED
    assert article.published_at == published_at
    assert revisions.revisions_of(article).count() == count_before + 1
    newest = revisions.latest(article)
    assert newest.version == article.version
    assert newest.summary.startswith(f"Restored version {good.version}")
    assert newest.created_by == editor


def test_restore_restores_only_on_a_post(editor):
    article = make_article("Original")
    revision = revisions.latest(article)
    article.headline = "Changed"
    article.save()
    response = client_for(editor).get(admin_url(article, "restore", revision.pk))
    assert response.status_code == 200 and "Yes, restore version 1" in response.text
    article.refresh_from_db()
    assert article.headline == "Changed"


def test_reporter_cannot_restore_a_published_article(reporter, editor):
    article = make_article("Live", authors=[reporter.person])
    revision = revisions.latest(article)
    article.headline = "Edited by an editor"
    article.save()

    response = client_for(reporter).post(admin_url(article, "restore", revision.pk))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Edited by an editor"
    # The same restore by an editor goes through.
    client_for(editor).post(admin_url(article, "restore", revision.pk))
    article.refresh_from_db()
    assert article.headline == "Live"


def test_restore_refuses_a_slug_taken_since_and_changes_nothing(editor):
    # A draft: its first slug leaves no old address behind, so another story may take it.
    article = make_article("First", slug="first-slug", status=Status.DRAFT)
    revision = revisions.latest(article)
    article.slug = "second-slug"
    article.headline = "Second"
    article.save()
    make_article("Another", slug="first-slug")

    response = client_for(editor).post(admin_url(article, "restore", revision.pk), follow=True)

    assert "cannot be restored as it is" in response.content.decode()
    article.refresh_from_db()
    assert (article.slug, article.headline) == ("second-slug", "Second")


def test_restore_of_a_gallery_brings_back_photo_order_and_captions(editor):
    one, two = make_photo(seed=1), make_photo(seed=2)
    gallery = make_gallery("Order matters", photos=[one, two])
    gallery.items.filter(photo=two).update(caption_override="Second picture")
    gallery.save()
    good = revisions.latest(gallery)
    gallery.items.filter(photo=one).delete()
    gallery.items.filter(photo=two).update(order=5, caption_override="")
    gallery.save()

    services.restore(gallery, good, editor)

    assert list(gallery.items.values_list("photo", "order", "caption_override")) == [
        (one.pk, 0, ""),
        (two.pk, 1, "Second picture"),
    ]


def test_photo_desk_sees_caption_history_and_restores_a_caption(photo_desk_member):
    photo = make_photo(caption="Smoke over Homs.", credit="AP")
    good = revisions.latest(photo)
    photo.caption = "Wrong caption."
    photo.credit = "Wrong credit"
    photo.save(saved_by=photo_desk_member)
    client = client_for(photo_desk_member)

    history = client.get(admin_url(photo, "history")).content.decode()
    assert "Changed caption, credit line" in history and "Pat Pictures" in history

    client.post(admin_url(photo, "restore", good.pk))

    photo.refresh_from_db()
    assert (photo.caption, photo.credit) == ("Smoke over Homs.", "AP")
    assert revisions.latest(photo).summary.startswith(f"Restored version {good.version}")


def test_recording_a_version_again_replaces_its_revision_with_the_rows_saved_since(editor):
    article = make_article("One revision per version")
    article.save(saved_by=editor)
    count = revisions.revisions_of(article).count()
    Credit.objects.create(article=article, person=make_person("Late Credit"))

    revisions.record(article, editor)

    assert revisions.revisions_of(article).count() == count
    latest = revisions.latest(article)
    assert latest.version == article.version
    assert [row["label"] for row in latest.content["children"]["credits"]] == [
        "Late Credit · Byline author · 0"
    ]


def test_revisions_taken_before_galleries_said_headline_still_restore(db, editor):
    """Migration media_gallery 0003 renames the fields inside stored snapshots too."""
    import importlib

    from django.apps import apps

    from publishing.models import Revision

    renaming = importlib.import_module("media_gallery.migrations.0003_gallery_headline_deck")
    gallery = make_gallery("Aleppo now")
    old = Revision.objects.filter(object_id=gallery.pk).order_by("-version").first()
    fields = old.content["fields"]
    fields["title"], fields["description"] = "Aleppo then", "Before the war."
    del fields["headline"], fields["deck"]
    old.save()

    renaming.rename_in_revisions(apps, None)
    restored, notes = services.restore(gallery, Revision.objects.get(pk=old.pk), editor)

    assert (restored.headline, restored.deck) == ("Aleppo then", "Before the war.")
    assert notes == []


def test_a_time_reads_the_same_in_history_rows_and_in_the_comparison(db):
    """One way to print a kept value (publishing.snapshots.value_text): a correction's time in
    the history of its rows and the material-update time in the comparison alike."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from articles.models import Article, Correction
    from publishing import diff, display, snapshots

    moment = datetime(2012, 12, 26, 12, 39, tzinfo=ZoneInfo("America/New_York"))
    article = make_article("Timed")
    before = snapshots.snapshot(article)
    Correction.objects.create(article=article, text="A name was misspelled.", published_at=moment)
    article.material_update_at = moment
    article.save()
    after = snapshots.snapshot(Article.objects.get(pk=article.pk))

    shown = "Dec. 26, 2012, 12:39 p.m. EST"
    assert display.moment(moment) == shown
    assert shown in after["records"]["corrections"][0]["label"]
    changes = {c["label"]: c["lines"] for c in diff.compare(Article, before, after)}
    update_lines = changes["updated (material change) (not restored)"]
    assert [segment for line in update_lines for segment in line["segments"]] == [("insert", shown)]
