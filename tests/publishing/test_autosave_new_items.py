"""Autosave on an "Add" page, before the item exists: what a reporter types is kept per
person, kind of item and page, offered on the next "Add" page with what it holds, brought back
into the form, and gone once the item is first saved. Nobody else sees it; nothing is created."""

import pytest
from django.urls import reverse

from articles.models import Article
from media_gallery.models import Gallery
from publishing.models import Autosave
from tests.factories import make_section
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
AUTOSAVE_NEW = reverse("admin:articles_article_autosave_new")


def typed_on_add_page(client, **typed):
    """Open "Add article", type, and let the page autosave; returns what the page sent."""
    data = form_data(client.get(ADD), "article_form", **typed)
    assert data["autosave_page"]
    answer = client.post(AUTOSAVE_NEW, data)
    assert answer.status_code == 200, answer.content
    assert "Autosaved at" in answer.json()["text"]
    return data


def test_text_on_an_add_page_is_kept_apart_and_creates_nothing(reporter):
    client = client_for(reporter)
    data = typed_on_add_page(client, headline="Council votes on the budget")
    client.post(AUTOSAVE_NEW, {**data, "headline": "Council passes the budget"})

    assert not Article.objects.exists()
    kept = Autosave.objects.get()
    assert (kept.object_id, kept.user) == (None, reporter)
    assert dict(kept.data)["headline"] == "Council passes the budget"  # one row per page


def test_the_next_add_page_offers_it_back_and_saving_it_ends_it(reporter):
    section = make_section("Local")
    client = client_for(reporter)
    typed_on_add_page(
        client,
        section=str(section.pk),
        headline="Council passes the budget",
        slug="council-passes-the-budget",
        body="<p>The council passed the budget 7 to 2.</p>",
    )

    # The browser crashed; "Add article" again.
    page = client.get(ADD).text
    assert "You have unsaved text for a new article from" in page
    assert "<ins>Council passes the budget</ins>" in page
    kept = Autosave.objects.get()
    recovered = client.get(f"{ADD}?recover={kept.pk}")
    assert "is back in the form" in recovered.text
    data = form_data(recovered, "article_form")
    assert data["headline"] == "Council passes the budget"
    assert "7 to 2" in data["body"]
    assert data["autosave_page"] == kept.session_key  # later autosaves go on the same row

    response = client.post(ADD, {**data, "_save": "Save"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.headline == "Council passes the budget"
    assert article.created_by == reporter
    assert not Autosave.objects.exists()
    assert "unsaved text" not in client.get(ADD).text


def test_two_add_pages_keep_two_texts_and_saving_one_leaves_the_other(reporter):
    section = make_section("Local")
    client = client_for(reporter)
    first = typed_on_add_page(
        client, headline="Fire on Main Street", slug="fire", section=str(section.pk)
    )
    typed_on_add_page(client, headline="Schools close early", slug="schools")
    assert Autosave.objects.count() == 2

    assert client.post(ADD, {**first, "_save": "Save"}).status_code == 302

    assert [dict(kept.data)["headline"] for kept in Autosave.objects.all()] == [
        "Schools close early"
    ]


def test_it_is_offered_only_to_its_author_and_only_for_its_kind(reporter, other_reporter, editor):
    typed_on_add_page(client_for(reporter), headline="Rita's unsaved story")
    kept = Autosave.objects.get()

    for someone in (other_reporter, editor):
        client = client_for(someone)
        assert "Rita&#x27;s unsaved story" not in client.get(ADD).text
        page = client.get(f"{ADD}?recover={kept.pk}").text
        assert "That unsaved text is no longer kept." in page
        assert "Rita&#x27;s unsaved story" not in page
        client.post(f"{AUTOSAVE_NEW}?discard={kept.pk}", {})
        assert Autosave.objects.filter(pk=kept.pk).exists()
    gallery_add = reverse("admin:media_gallery_gallery_add")
    assert "unsaved text" not in client_for(editor).get(gallery_add).text
    assert Gallery.objects.count() == 0


def test_discarding_forgets_it(reporter):
    client = client_for(reporter)
    typed_on_add_page(client, headline="Never mind")
    kept = Autosave.objects.get()

    response = client.post(f"{AUTOSAVE_NEW}?discard={kept.pk}", {"discard": "1"})

    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_only_people_who_may_add_can_autosave_and_a_page_needs_its_key(photo_desk_member, editor):
    data = form_data(client_for(editor).get(ADD), "article_form", headline="Photo desk story")
    refused = client_for(photo_desk_member).post(AUTOSAVE_NEW, data)
    assert refused.status_code == 403
    keyless = client_for(editor).post(AUTOSAVE_NEW, {**data, "autosave_page": ""})
    assert keyless.status_code == 400
    assert client_for(editor).get(AUTOSAVE_NEW).status_code == 405
    assert not Autosave.objects.exists()


def test_a_photo_add_page_keeps_its_words_and_never_the_picture(editor):
    """The picture is not text: an autosave neither reads nor keeps an uploaded file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import image_bytes

    client = client_for(editor)
    add = reverse("admin:media_gallery_photo_add")
    data = form_data(client.get(add), "photo_form", caption="The council chamber.")
    data["image"] = SimpleUploadedFile("chamber.jpg", image_bytes(900, 600), "image/jpeg")

    answer = client.post(reverse("admin:media_gallery_photo_autosave_new"), data)

    assert answer.status_code == 200
    kept = dict(Autosave.objects.get().data)
    assert kept["caption"] == "The council chamber." and "image" not in kept
