"""Story elements in a body: what is stored, what is refused (with the limit named), what the
database tracks, and who may place what."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from articles.body import clean_body, diff_lines, read_body, references, search_text
from articles.body.elements import (
    Embed,
    Factbox,
    Gallery,
    Graphic,
    Photo,
    PullQuote,
    Related,
    Table,
)
from articles.models import BodyReference
from articles.services import check_body
from media_gallery.services import photo_usage
from publishing import diff, revisions, services
from tests.factories import make_article, make_gallery, make_photo, make_user
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def body(*parts):
    return "".join(part if isinstance(part, str) else part.to_html() for part in parts)


def refusal(html):
    with pytest.raises(ValidationError) as refused:
        clean_body(html)
    return " ".join(refused.value.messages)


# The stored form ------------------------------------------------------------------------


def test_every_element_survives_a_round_trip_through_the_sanitiser():
    placed = [
        "<p>First <strong>paragraph</strong>.</p>",
        Photo(12, "wide", "16x9", "A caption for this story"),
        Gallery(3, "strip"),
        Embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "A video"),
        PullQuote("We will not stop.", "A council member"),
        Factbox("What we know", "<p>One</p><ul><li>Two</li></ul>"),
        Table([["Ward", "Votes"], ["North", "12"]], "Votes by ward", "City clerk"),
        Related(7, "Earlier"),
        Graphic("<p>chart</p><script>draw()</script>", "A chart of votes", "320"),
    ]
    stored = clean_body(body(*placed))

    assert stored == body(*placed)
    assert [block.kind for block in read_body(stored)] == [
        "text", "photo", "gallery", "embed", "pullquote", "factbox", "table", "related", "graphic"
    ]  # fmt: skip
    named = references(read_body(stored))
    assert (named.photos, named.galleries, named.articles) == ({12}, {3}, {7})


def test_scripts_styles_and_unknown_attributes_are_dropped_from_text_and_elements():
    stored = clean_body(
        '<p onclick="x()">Hi<script>alert(1)</script></p>'
        '<figure data-element="photo" data-photo="4" data-size="huge" style="x" data-evil="1">'
        "</figure><iframe src='https://evil.example'></iframe>"
    )
    assert stored == (
        "<p>Hi</p>"
        '<figure data-element="photo" data-photo="4" data-size="inline" data-crop="focal">'
        "</figure>"
    )


def test_bodies_written_before_elements_keep_their_markup():
    old = '<p>One <em>two</em> <a href="https://example.org">three</a>.</p><h2>Four</h2>'
    assert clean_body(old) == old.replace('">three', '" rel="noopener">three')


# Refusals, each naming the limit, the typed text kept by the form ------------------------


def test_a_non_web_embed_address_is_refused_with_a_message():
    for address in ("javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x"):
        message = refusal(Embed(address).to_html())
        assert "is not a web address" in message and "http://" in message


def test_an_embed_address_of_ten_thousand_characters_is_refused_naming_the_limit():
    message = refusal(Embed("https://example.org/" + "a" * 10_000).to_html())
    assert "10,020 characters long; the limit is 2,000" in message


def test_a_table_of_two_hundred_rows_is_refused_naming_the_limit():
    rows = [["Name", "Votes"]] + [[f"Row {n}", str(n)] for n in range(200)]
    message = refusal(Table(rows, "Every precinct").to_html())
    assert "it has 200 rows; the limit is 50" in message


def test_a_table_of_thirteen_columns_is_refused():
    assert "13 columns; the limit is 12" in refusal(Table([["c"] * 13, ["v"] * 13]).to_html())


def test_a_body_of_three_megabytes_is_refused_naming_the_limit():
    message = refusal("<p>" + "word " * 600_000 + "</p>")
    assert "3.0 million characters long" in message and "limit is 1 million" in message


def test_five_hundred_elements_are_refused_naming_the_limit():
    message = refusal(body(*[PullQuote(f"Quote {n}") for n in range(500)]))
    assert "holds 500 photos, embeds and other elements; the limit is 200" in message


def test_a_crafted_element_that_names_no_photo_is_refused():
    assert "names no photo" in refusal('<figure data-element="photo" data-photo="x"></figure>')
    assert "not an element" in refusal('<figure data-element="slideshow"></figure>')


def test_a_graphic_needs_its_alternative_text():
    assert "no alternative text" in refusal(Graphic("<p>chart</p>", "").to_html())


# What the database tracks ---------------------------------------------------------------


def test_a_photo_in_a_body_is_tracked_listed_among_its_uses_and_cannot_be_deleted():
    photo = make_photo()
    story = make_article("Camp story", body=body("<p>Text</p>", Photo(photo.pk)))

    assert BodyReference.objects.get(article=story).photo == photo
    assert [use.label for use in photo_usage(photo)] == [
        "Article “Camp story” (published): placed in its body"
    ]
    with pytest.raises(ProtectedError):
        photo.delete()

    story.body = "<p>Text</p>"
    story.save()
    assert not BodyReference.objects.filter(article=story).exists()
    photo.delete()


def test_saving_a_body_that_names_a_deleted_photo_is_refused_naming_it():
    photo = make_photo()
    story = make_article()
    story.body = body(Photo(photo.pk + 1000))
    with pytest.raises(ValidationError) as refused:
        story.save()
    assert f"photo #{photo.pk + 1000} placed in this story no longer exists" in str(refused.value)
    story.refresh_from_db()
    assert "data-element" not in story.body


def test_crafted_posts_naming_what_does_not_exist_or_what_the_person_may_not_see(editor):
    photo, gallery, other = make_photo(), make_gallery(), make_article()
    assert (
        check_body(editor, "", body(Photo(photo.pk), Gallery(gallery.pk), Related(other.pk)))
        is None
    )
    with pytest.raises(ValidationError) as refused:
        check_body(editor, "", body(Photo(99999), Gallery(99998), Related(99997)))
    text = " ".join(refused.value.messages)
    assert "photo #99999" in text and "gallery #99998" in text and "story #99997" in text

    stranger = make_user()  # staff, with no permission at all
    with pytest.raises(ValidationError) as refused:
        check_body(stranger, "", body(Photo(photo.pk)))
    assert "You may not place a photo" in " ".join(refused.value.messages)


def test_only_editors_add_or_change_a_graphic_but_reporters_keep_one_as_it_is(editor, reporter):
    graphic = Graphic("<p>chart</p>", "A chart")
    stored = body("<p>Text</p>", graphic)
    check_body(editor, "<p>Text</p>", stored)

    with pytest.raises(ValidationError) as refused:
        check_body(reporter, "<p>Text</p>", stored)
    assert "Only editors add, change or remove HTML graphics" in refused.value.messages[0]
    changed = body("<p>Text</p>", Graphic("<p>other</p>", "A chart"))
    with pytest.raises(ValidationError):
        check_body(reporter, stored, changed)
    # The same graphic, with the text around it changed, is fine.
    check_body(reporter, stored, body("<p>Text, fixed.</p>", graphic))


def test_a_story_cannot_be_its_own_related_story(editor):
    story = make_article()
    with pytest.raises(ValidationError, match="its own related story"):
        check_body(editor, "", body(Related(story.pk)), story.pk)


# Words: search and the revision diff ----------------------------------------------------


def test_captions_quotes_and_factboxes_are_searchable_apart_from_the_body():
    blocks = read_body(
        body(
            "<p>The body's words.</p>",
            Photo(1, caption="Smoke over Homs"),
            PullQuote("We will not stop.", "A council member"),
            Factbox("What we know", "<p>Shelters open</p>"),
        )
    )
    own, extra = search_text(blocks)
    assert own == "The body's words."
    assert "Smoke over Homs" in extra and "We will not stop." in extra and "Shelters open" in extra


def _changed(story, before, after):
    changes = {c["label"]: c["lines"] for c in diff.compare(type(story), before, after)}
    return [
        (kind, segment)
        for line in changes["body"]
        for kind, segment in line["segments"]
        if kind != "equal"
    ]


def test_the_diff_reads_elements_a_line_each_swapped_edited_and_moved(editor):
    first, second = make_photo(), make_photo()
    story = make_article(
        "Diffed",
        body=body("<p>One.</p>", Photo(first.pk), PullQuote("Old words."), "<p>Two.</p>"),
    )
    opened = revisions.latest(story).content
    story.body = body("<p>One.</p>", Photo(second.pk), PullQuote("New words."), "<p>Two.</p>")
    story.save()
    edited = revisions.latest(story).content
    story.body = body("<p>Two.</p>", "<p>One.</p>", Photo(second.pk), PullQuote("New words."))
    story.save()
    moved = revisions.latest(story).content

    assert diff_lines(story.body)[2] == f"[Photo #{second.pk} · inline · its own shape]"
    swapped_and_edited = _changed(story, opened, edited)
    assert ("delete", str(first.pk)) in swapped_and_edited
    assert ("insert", str(second.pk)) in swapped_and_edited
    assert ("delete", "Old") in swapped_and_edited and ("insert", "New") in swapped_and_edited
    assert _changed(story, edited, moved) == [("insert", "Two."), ("delete", "Two.")]


def test_restoring_an_old_version_brings_its_elements_back(editor):
    photo = make_photo()
    story = make_article("Restored", body=body("<p>Text.</p>", Photo(photo.pk, "wide")))
    old = revisions.latest(story)
    story.body = "<p>Text.</p>"
    story.save()
    assert not BodyReference.objects.filter(article=story).exists()

    restored, notes = services.restore(story, old, editor)

    assert f'data-photo="{photo.pk}"' in restored.body and notes == []
    assert BodyReference.objects.get(article=story).photo == photo


# In the admin: a refused body is said at the field, and the typed text comes back -------


def _post_body(client, story, new_body):
    url = f"/admin/articles/article/{story.pk}/change/"
    return client.post(url, form_data(client.get(url), "article_form", body=new_body))


def test_an_over_long_table_is_refused_in_the_form_with_the_typed_text_kept(editor):
    from tests.staff import client_for

    story = make_article("Election night", body="<p>Counting.</p>")
    rows = [["Precinct", "Votes"]] + [[f"Precinct {n}", str(n)] for n in range(200)]
    typed = body("<p>Counting, with every precinct.</p>", Table(rows, "All precincts"))
    response = _post_body(client_for(editor), story, typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert "it has 200 rows; the limit is 50" in page
    assert "Counting, with every precinct." in page and "Precinct 199" in page
    story.refresh_from_db()
    assert story.body == "<p>Counting.</p>"


def test_a_photo_deleted_while_the_story_was_open_is_named_and_nothing_is_lost(editor):
    from tests.staff import client_for

    photo = make_photo()
    story = make_article("Camps", body="<p>Text.</p>")
    client = client_for(editor)
    url = f"/admin/articles/article/{story.pk}/change/"
    fields = form_data(client.get(url), "article_form")
    fields["body"] = body("<p>Text, with a picture.</p>", Photo(photo.pk, caption="Tents"))
    photo_pk = photo.pk
    photo.delete()  # in another tab, by the photo desk

    response = client.post(url, fields)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"photo #{photo_pk} placed in the story does not exist" in page
    assert "Text, with a picture." in page
    story.refresh_from_db()
    assert story.body == "<p>Text.</p>"


def test_a_reporter_cannot_slip_a_graphic_into_her_own_draft_by_a_crafted_post(reporter):
    from tests.staff import client_for

    story = make_article("Her draft", status="draft", created_by=reporter, body="<p>Mine.</p>")
    crafted = body("<p>Mine.</p>", Graphic("<script>steal()</script>", "A chart"))
    response = _post_body(client_for(reporter), story, crafted)

    assert response.status_code == 200
    assert "Only editors add, change or remove HTML graphics" in response.content.decode()
    story.refresh_from_db()
    assert "graphic" not in story.body
