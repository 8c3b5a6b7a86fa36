"""A reporter proposes an update to their own published story: it is kept apart, the editors
are told, an editor reviews it in the differences and publishes it or returns it with a note.
Only editors change what readers see."""

import pytest
from django.urls import reverse

from articles.models import Credit
from desk.models import Notification
from publishing.models import Autosave, Status
from tests.factories import make_article, make_person
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def own_story(reporter, headline="Council passes the budget"):
    article = make_article(headline, authors=[reporter.person])
    return article


@pytest.fixture
def proposed(reporter, editor):
    article = own_story(reporter)
    client = client_for(reporter)
    page = client.get(change_url(article))
    assert "Propose an update" in page.text
    form_page = client.get(change_url(article) + "?propose=1")
    assert "You are proposing an update" in form_page.text
    data = form_data(form_page, "article_form", deck="The vote was 7 to 2", status="draft")
    response = client.post(change_url(article) + "?propose=1", data)
    assert response.status_code == 302
    return article


def test_a_proposal_is_kept_apart_and_the_editors_are_told(proposed, reporter, editor):
    proposed.refresh_from_db()
    assert proposed.deck == "" and proposed.version == 1
    kept = Autosave.objects.get(proposed_at__isnull=False)
    assert kept.user == reporter and dict(kept.data)["status"] == Status.PUBLISHED
    told = Notification.objects.get(recipient=editor)
    assert told.kind == Notification.Kind.PROPOSED


def test_an_editor_reviews_and_publishes_it(proposed, reporter, editor):
    client = client_for(editor)
    page = client.get(change_url(proposed)).text
    assert "Rita Reporter proposed an update" in page and "<ins>The vote was 7 to 2</ins>" in page
    kept = Autosave.objects.get(proposed_at__isnull=False)
    review = client.get(change_url(proposed) + f"?review={kept.pk}")
    data = form_data(review, "article_form")
    assert data["deck"] == "The vote was 7 to 2"

    assert client.post(change_url(proposed) + f"?review={kept.pk}", data).status_code == 302

    proposed.refresh_from_db()
    assert (proposed.deck, proposed.status) == ("The vote was 7 to 2", Status.PUBLISHED)
    assert not Autosave.objects.filter(proposed_at__isnull=False).exists()
    assert Notification.objects.filter(
        recipient=reporter, kind=Notification.Kind.UPDATE_PUBLISHED
    ).exists()


def test_an_editor_returns_it_with_a_note(proposed, reporter, editor):
    client = client_for(editor)
    kept = Autosave.objects.get(proposed_at__isnull=False)
    url = reverse("admin:articles_article_autosave", args=[proposed.pk]) + f"?return={kept.pk}"
    response = client.post(url, {f"return_note-{kept.pk}": "Needs the clerk's count"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.deck == ""
    told = Notification.objects.get(recipient=reporter)
    assert (told.kind, told.text) == (Notification.Kind.SENT_BACK, "Needs the clerk's count")


def test_with_two_proposals_on_the_page_each_note_goes_to_its_own_reporter(
    proposed, reporter, other_reporter, editor
):
    """Both proposals' note boxes are sent with the page's form: each return reads its own."""
    ron_person = make_person("Ron Rewrite", user=other_reporter)
    Credit.objects.create(article=proposed, person=ron_person, role=Credit.Role.BYLINE, order=1)
    ron = client_for(other_reporter)
    data = form_data(ron.get(change_url(proposed) + "?propose=1"), "article_form", kicker="VOTE")
    assert ron.post(change_url(proposed) + "?propose=1", data).status_code == 302
    rita_kept, ron_kept = (
        Autosave.objects.get(user=reporter), Autosave.objects.get(user=other_reporter)
    )  # fmt: skip
    client = client_for(editor)
    page = form_data(client.get(change_url(proposed)), "article_form")
    page[f"return_note-{rita_kept.pk}"] = "Rita: needs the clerk's count"
    page[f"return_note-{ron_kept.pk}"] = "Ron: the kicker is fine as it is"
    url = reverse("admin:articles_article_autosave", args=[proposed.pk])

    client.post(f"{url}?return={rita_kept.pk}", page)

    told = Notification.objects.get(recipient=reporter, kind=Notification.Kind.SENT_BACK)
    assert told.text == "Rita: needs the clerk's count"
    assert Autosave.objects.filter(pk=ron_kept.pk).exists()


def test_nobody_proposes_to_someone_elses_story_or_writes_it_by_proposing(reporter):
    article = make_article("Someone else's story")
    client = client_for(reporter)
    assert "Propose an update" not in client.get(change_url(article)).text
    response = client.post(change_url(article) + "?propose=1", {"deck": "Sneaky"})
    assert response.status_code == 403
    assert not Autosave.objects.exists()
    article.refresh_from_db()
    assert article.deck == ""


def test_a_reporter_uploads_a_photo_through_the_ingest_and_sets_it_as_lead(reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media_gallery.models import Photo
    from tests.factories import image_bytes

    client = client_for(reporter)
    add = reverse("admin:media_gallery_photo_add")
    data = form_data(client.get(add), "photo_form")
    data.update(caption="The council chamber.", credit="Rita Reporter", alt_text="A chamber")
    data["image"] = SimpleUploadedFile("chamber.jpg", image_bytes(900, 600), "image/jpeg")
    response = client.post(add, data)

    assert response.status_code == 302
    photo = Photo.objects.get(caption="The council chamber.")
    assert photo.uploaded_by == reporter and photo.width == 900
    # Changing it afterwards stays with the photo desk.
    change = reverse("admin:media_gallery_photo_change", args=[photo.pk])
    assert "View photo" in client.get(change).text
