"""Two people, one item: a stale save is merged field by field and row by row; only what both
changed is refused, naming the first, showing theirs, yours and the base, keeping the text."""

import pytest
from django.urls import reverse
from django.utils import timezone

from media_gallery.models import Photo
from publishing import revisions
from publishing.models import Revision, StaleEdit, Status
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
    assert "Rebels seize the main airport</textarea>" in page
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


def test_a_byline_added_by_one_and_a_deck_changed_by_the_other_are_both_kept(editor, other_editor):
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
    response = second.post(change_url(article), second_form, follow=True)

    assert "Edna Editor saved version" in response.text
    assert "both saves are kept" in response.text
    article.refresh_from_db()
    assert article.deck == "A deck from the first editor"
    assert list(article.credits.order_by("order").values_list("person__name", flat=True)) == [
        "Rita Ramos",
        "Sam Stone",
    ]
    assert revisions.latest(article).summary.startswith("Merged with version 2")


def test_a_byline_added_by_one_and_a_correction_added_by_the_other_are_both_kept(
    editor, other_editor
):
    """The issue's own example: inline rows of two kinds, one added by each."""
    rita, sam = make_person("Rita Ramos"), make_person("Sam Stone")
    article = make_article("Bridge closed in Hama", authors=[rita])
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(change_url(article)), "article_form")
    second_form = form_data(second.get(change_url(article)), "article_form")
    first_form.update(
        {
            "credits-TOTAL_FORMS": "2",
            "credits-1-person": str(sam.pk),
            "credits-1-role": "byline",
            "credits-1-order": "1",
        }
    )
    assert first.post(change_url(article), first_form).status_code == 302

    # The second editor, on the copy from before, adds a correction.
    now = timezone.localtime()
    second_form.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "An earlier version said the bridge was in Homs.",
            "corrections-0-published_at_0": f"{now:%Y-%m-%d}",
            "corrections-0-published_at_1": f"{now:%H:%M:%S}",
        }
    )
    response = second.post(change_url(article), second_form, follow=True)

    assert "Edna Editor saved version" in response.text
    credited = article.credits.order_by("order").values_list("person__name", "role")
    assert list(credited) == [("Rita Ramos", "byline"), ("Sam Stone", "byline")]
    assert list(article.corrections.values_list("text", flat=True)) == [
        "An earlier version said the bridge was in Homs."
    ]


def test_fields_only_the_other_changed_keep_their_values_and_status_is_not_reverted(
    editor, other_editor
):
    article = make_article("Quake shakes the capital", status=Status.DRAFT, published_at=None)
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(change_url(article)), "article_form")
    second_form = form_data(second.get(change_url(article)), "article_form")
    first.post(
        change_url(article),
        {**first_form, "deck": "Buildings fell", "status": "published", "_save": "Save"},
    )

    response = second.post(change_url(article), {**second_form, "kicker": "DEVELOPING"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.kicker, article.deck, article.status) == (
        "DEVELOPING",
        "Buildings fell",
        Status.PUBLISHED,
    )


def test_both_changed_the_headline_shows_theirs_yours_and_the_base_once(editor, other_editor):
    article = make_article("Talks begin in Geneva")
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(change_url(article)), "article_form")
    second_form = form_data(second.get(change_url(article)), "article_form")
    first.post(change_url(article), {**first_form, "headline": "Talks open in Geneva"})

    response = second.post(
        change_url(article),
        {**second_form, "headline": "Geneva talks begin", "deck": "Envoys arrive"},
    )

    assert response.status_code == 200
    page = response.text
    assert page.count("Not saved: Edna Editor saved this article") == 1
    assert "You both changed Headline" in page
    choice = page[page.index('data-field="headline"') :]
    assert "Talks open in Geneva" in choice[: choice.index("merge-yours")]
    assert "Geneva talks begin" in choice[: choice.index("merge-base")]
    assert "Talks begin in Geneva" in choice[: choice.index("</table>")]
    assert "Geneva talks begin</textarea>" in page  # their own text stays in the form
    article.refresh_from_db()
    assert (article.headline, article.deck) == ("Talks open in Geneva", "")

    # Choosing theirs keeps the stored headline; the deck they typed is saved.
    again = form_data(response, "article_form", **{"_merge-headline": "theirs"})
    assert again["deck"] == "Envoys arrive"
    assert second.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.deck) == ("Talks open in Geneva", "Envoys arrive")


def test_a_byline_row_both_changed_is_a_conflict_and_a_removed_row_stays_removed(
    editor, other_editor
):
    rita, sam = make_person("Rita Ramos"), make_person("Sam Stone")
    article = make_article("Flood warning", authors=[rita, sam])
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(change_url(article)), "article_form")
    second_form = form_data(second.get(change_url(article)), "article_form")
    rows = {first_form[f"credits-{i}-person"]: i for i in range(2)}
    rita_row, sam_row = rows[str(rita.pk)], rows[str(sam.pk)]
    # The first editor moves Rita to third place and removes Sam.
    first.post(
        change_url(article),
        {
            **first_form,
            f"credits-{rita_row}-order": "3",
            f"credits-{sam_row}-DELETE": "on",
        },
    )

    # The second editor, unaware, moves Rita too (to fifth) and sets the kicker.
    response = second.post(
        change_url(article),
        {**second_form, f"credits-{rita_row}-order": "5", "kicker": "WEATHER"},
    )

    assert response.status_code == 200
    assert "both changed" in response.text and "Rita Ramos" in response.text
    assert list(article.credits.values_list("person__name", "order")) == [("Rita Ramos", 3)]
    again = form_data(response, "article_form")
    assert second.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.kicker == "WEATHER"
    assert list(article.credits.values_list("person__name", "order")) == [("Rita Ramos", 5)]


def test_gallery_rows_and_fields_merge_the_same_way(editor, other_editor):
    photo = make_photo()
    gallery = make_gallery("Floods in pictures", photos=[photo])
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(change_url(gallery)), "gallery_form")
    second_form = form_data(second.get(change_url(gallery)), "gallery_form")

    first.post(change_url(gallery), {**first_form, "items-0-caption_override": "Water rises"})
    response = second.post(
        change_url(gallery), {**second_form, "deck": "The second editor's words"}
    )

    assert response.status_code == 302
    gallery.refresh_from_db()
    assert gallery.deck == "The second editor's words"
    assert gallery.items.get().caption_override == "Water rises"


def photo_list_data(response):
    data = form_data(response, "changelist-form")
    data.pop("action", None)
    data.pop("select_across", None)
    data.pop("_selected_action", None)
    return {**data, "_save": "Save"}


def test_photo_caption_list_merges_a_credit_with_a_caption(photo_desk_member, editor):
    photo = make_photo(caption="Smoke over the city.", credit="AP")
    changelist = reverse("admin:media_gallery_photo_changelist")
    first, second = client_for(editor), client_for(photo_desk_member)
    first_data = photo_list_data(first.get(changelist))
    second_data = photo_list_data(second.get(changelist))
    index = next(k for k, v in first_data.items() if k.endswith("-id") and v == str(photo.pk))
    prefix = index[: -len("-id")]

    first.post(changelist, {**first_data, f"{prefix}-caption": "Smoke rises over Homs."})
    response = second.post(changelist, {**second_data, f"{prefix}-credit": "Reuters"})

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.credit) == ("Smoke rises over Homs.", "Reuters")


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
