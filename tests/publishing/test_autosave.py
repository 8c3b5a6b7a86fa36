"""Autosave: what someone types is kept apart from the item (one row per person and session),
changes nothing readers see, never conflicts, and comes back after a crash with what differs."""

import pytest
from django.urls import reverse

from publishing.models import Autosave, Revision
from reader import changes as reader_changes
from tests.factories import make_article
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def test_an_autosave_changes_nothing_readers_see_and_collapses_into_one(editor, monkeypatch):
    article = make_article("Rebels hold the airport", body="<p>Fighting went on.</p>")
    reader_page = article.get_absolute_url()
    client = client_for(editor)
    assert "Rebels hold the airport" in client.get(reader_page).text
    changes = []
    monkeypatch.setattr(reader_changes, "changed", lambda *what, **kw: changes.append(what))
    typed = form_data(client.get(change_url(article)), "article_form")
    revisions_before = Revision.objects.count()

    for text in ("Rebels hold the air", "Rebels hold the airport, then lose it"):
        answer = client.post(autosave_url(article), {**typed, "headline": text})
        assert answer.status_code == 200
        assert "Autosaved at" in answer.json()["text"]

    article.refresh_from_db()
    assert article.headline == "Rebels hold the airport" and article.version == 1
    assert Revision.objects.count() == revisions_before
    assert changes == []  # no reader cache touched
    kept = Autosave.objects.get()
    assert dict(kept.data)["headline"] == "Rebels hold the airport, then lose it"
    assert "then lose it" not in client.get(reader_page).text
    article.save()  # a real save of a live story does tell the reader cache
    assert changes


def test_reopening_offers_the_text_back_with_the_differences_and_saving_keeps_it(editor):
    article = make_article("Ceasefire holds", body="<p>Quiet night.</p>")
    client = client_for(editor)
    typed = form_data(client.get(change_url(article)), "article_form")
    client.post(autosave_url(article), {**typed, "deck": "Both sides report no shelling"})

    # The browser crashed; the editor opens the article again.
    page = client.get(change_url(article)).text
    assert "You have unsaved text from" in page
    assert "<ins>Both sides report no shelling</ins>" in page
    kept = Autosave.objects.get()
    recovered = client.get(f"{change_url(article)}?recover={kept.pk}")
    assert "is back in the form" in recovered.text
    data = form_data(recovered, "article_form")
    assert data["deck"] == "Both sides report no shelling"

    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.deck == "Both sides report no shelling"
    assert not Autosave.objects.exists()
    assert "You have unsaved text" not in client.get(change_url(article)).text


def test_an_autosave_never_conflicts_with_the_same_persons_next_save(editor):
    article = make_article("Storm nears the coast")
    client = client_for(editor)
    typed = form_data(client.get(change_url(article)), "article_form")
    client.post(autosave_url(article), {**typed, "kicker": "WEATHER"})

    response = client.post(change_url(article), {**typed, "kicker": "WEATHER", "deck": "Winds"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.kicker, article.deck) == ("WEATHER", "Winds")


def test_recovered_text_merges_with_a_save_made_meanwhile(editor, other_editor):
    article = make_article("Talks resume")
    mine, theirs = client_for(editor), client_for(other_editor)
    typed = form_data(mine.get(change_url(article)), "article_form")
    mine.post(autosave_url(article), {**typed, "kicker": "DIPLOMACY"})
    other = form_data(theirs.get(change_url(article)), "article_form")
    theirs.post(change_url(article), {**other, "deck": "Envoys return to Geneva"})

    answer = mine.post(autosave_url(article), {**typed, "kicker": "DIPLOMACY"})
    assert "saving merges yours with theirs" in answer.json()["text"]
    kept = Autosave.objects.get(user=editor)
    data = form_data(mine.get(f"{change_url(article)}?recover={kept.pk}"), "article_form")
    assert mine.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert (article.kicker, article.deck) == ("DIPLOMACY", "Envoys return to Geneva")


def test_discarding_forgets_the_text(editor):
    article = make_article("Quake in the north")
    client = client_for(editor)
    typed = form_data(client.get(change_url(article)), "article_form")
    client.post(autosave_url(article), {**typed, "deck": "Dozens hurt"})

    response = client.post(autosave_url(article), {**typed, "discard": "1"})

    assert response.status_code == 302
    assert not Autosave.objects.exists()
    article.refresh_from_db()
    assert article.deck == ""


def test_a_reporter_cannot_autosave_a_published_story(reporter):
    article = make_article("Published already")
    client = client_for(reporter)
    response = client.post(autosave_url(article), {"headline": "Sneaky change"})
    assert response.status_code in (403, 404)
    assert not Autosave.objects.exists()


def test_autosave_answers_only_post(editor):
    article = make_article("Only POST")
    assert client_for(editor).get(autosave_url(article)).status_code == 405
