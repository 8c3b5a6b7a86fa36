"""Two people, one item: the second save is refused, names the first, and keeps their text."""

import pytest
from django.urls import reverse

from media_gallery.models import Photo
from publishing.models import Revision, StaleEdit
from tests.factories import make_article, make_gallery, make_person, make_photo
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def test_second_editor_save_is_refused_naming_the_first_and_keeping_their_text(
    editor, other_editor
):
    article = make_article("Rebels take the airport", body="<p>First draft.</p>")
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(change_url(article)), "article_form")
    second_form = form_data(second.get(change_url(article)), "article_form")

    first_form.update(headline="Rebels take the airport, officials say", _save="Save")
    response = first.post(change_url(article), first_form)
    assert response.status_code == 302

    second_form.update(headline="Rebels seize the main airport", _continue="1")
    response = second.post(change_url(article), second_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: Edna Editor saved" in page
    # The second person's text is still in the form ...
    assert 'value="Rebels seize the main airport"' in page
    # ... and the differences show what the first editor changed.
    assert "<ins>, officials say</ins>" in page
    article.refresh_from_db()
    assert article.headline == "Rebels take the airport, officials say"


def test_refused_form_carries_the_stored_version_so_a_deliberate_second_save_goes_through(
    editor, other_editor
):
    article = make_article("Original headline")
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(change_url(article)), "article_form")
    second_form = form_data(second.get(change_url(article)), "article_form")
    first.post(change_url(article), {**first_form, "headline": "First editor's headline"})

    refused = second.post(change_url(article), {**second_form, "headline": "Second headline"})
    assert refused.status_code == 200 and "Not saved: Edna Editor saved" in refused.text
    again = form_data(refused, "article_form")
    assert again["headline"] == "Second headline"
    response = second.post(change_url(article), again)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Second headline"


def test_conflict_keeps_the_second_persons_inline_rows(editor, other_editor):
    rita, sam = make_person("Rita Ramos"), make_person("Sam Stone")
    article = make_article("Storm hits coast", authors=[rita])
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(change_url(article)), "article_form")
    second_form = form_data(second.get(change_url(article)), "article_form")
    first.post(change_url(article), {**first_form, "deck": "A deck from the first editor"})

    # The second editor adds a contributor credit in the inline.
    second_form.update(
        {
            "credits-TOTAL_FORMS": "2",
            "credits-1-person": str(sam.pk),
            "credits-1-role": "contributor",
            "credits-1-order": "1",
        }
    )
    response = second.post(change_url(article), second_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved" in page
    assert f'<option value="{sam.pk}" selected>Sam Stone</option>' in page
    assert "Sam Stone · Contributor" in page  # in "your version compared with the stored one"
    assert list(article.credits.values_list("person__name", flat=True)) == ["Rita Ramos"]


def test_gallery_conflict_is_refused_the_same_way(editor, other_editor):
    photo = make_photo()
    gallery = make_gallery("Floods in pictures", photos=[photo])
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(change_url(gallery)), "gallery_form")
    second_form = form_data(second.get(change_url(gallery)), "gallery_form")

    first.post(change_url(gallery), {**first_form, "items-0-caption_override": "Water rises"})
    response = second.post(
        change_url(gallery), {**second_form, "deck": "The second editor's words"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: Edna Editor saved this photo gallery" in page
    assert "The second editor&#x27;s words" in page
    gallery.refresh_from_db()
    assert gallery.deck == ""
    assert gallery.items.get().caption_override == "Water rises"


def photo_list_data(response):
    data = form_data(response, "changelist-form")
    data.pop("action", None)
    data.pop("select_across", None)
    data.pop("_selected_action", None)
    return {**data, "_save": "Save"}


def test_photo_caption_list_edit_does_not_overwrite_a_newer_save(photo_desk_member, editor):
    photo = make_photo(caption="Smoke over the city.")
    changelist = reverse("admin:media_gallery_photo_changelist")
    first, second = client_for(editor), client_for(photo_desk_member)
    first_data = photo_list_data(first.get(changelist))
    second_data = photo_list_data(second.get(changelist))
    index = next(k for k, v in first_data.items() if k.endswith("-id") and v == str(photo.pk))
    prefix = index[: -len("-id")]

    first.post(changelist, {**first_data, f"{prefix}-caption": "Smoke rises over Homs."})
    response = second.post(changelist, {**second_data, f"{prefix}-caption": "Smoke, Homs."})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: Edna Editor saved this photo" in page
    assert "Smoke, Homs." in page
    photo.refresh_from_db()
    assert photo.caption == "Smoke rises over Homs."


def test_a_stale_copy_cannot_be_saved_by_any_path():
    photo = make_photo(caption="One")
    stale = Photo.objects.get(pk=photo.pk)
    photo.caption = "Two"
    photo.save()

    stale.caption = "Three"
    with pytest.raises(StaleEdit):
        stale.save()
    photo.refresh_from_db()
    assert photo.caption == "Two"


def test_every_save_raises_the_version_and_keeps_one_revision_for_it():
    article = make_article("Counting")
    article.deck = "A deck"
    article.save()
    article.refresh_from_db()
    assert article.version == 2
    versions = Revision.objects.filter(object_id=article.pk, content_type__model="article")
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]
