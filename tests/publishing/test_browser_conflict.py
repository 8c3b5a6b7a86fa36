"""In real browsers, two editors on one article: changes to different fields are both kept;
when both change the headline, the second sees theirs, yours and the base side by side and
chooses, and nothing is saved before they do."""

import pytest
from django.urls import reverse

from publishing.models import EditLock
from tests.factories import make_article
from tests.staff import log_in, save_and_continue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_editors_different_fields_are_both_kept_and_the_same_field_is_a_choice(
    two_pages, live_server, editor, other_editor
):
    article = make_article("Ministers meet in Cairo", body="<p>They met on Sunday.</p>")
    url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    edna, fred = two_pages
    console = []
    fred.on("console", lambda message: console.append(message.text))
    log_in(edna, live_server, "ed")
    log_in(fred, live_server, "fred")
    edna.goto(url)
    fred.goto(url)
    assert EditLock.objects.filter(object_id=article.pk).count() == 2

    # Edna changes the deck and saves; Fred, still on his copy, changes the kicker.
    edna.fill("#id_deck", "Foreign ministers arrive for a second day")
    save_and_continue(edna)
    edna.locator(".messagelist .success").wait_for()
    fred.fill("#id_kicker", "DIPLOMACY")
    save_and_continue(fred)
    fred.locator(".messagelist .info", has_text="Edna Editor saved version").wait_for()
    article.refresh_from_db()
    assert (article.deck, article.kicker) == (
        "Foreign ministers arrive for a second day",
        "DIPLOMACY",
    )
    assert fred.input_value("#id_deck") == "Foreign ministers arrive for a second day"

    # Now both change the headline: Edna first.
    edna.goto(url)
    edna.fill("#id_headline", "Ministers agree on talks in Cairo")
    save_and_continue(edna)
    edna.locator(".messagelist .success").wait_for()
    fred.fill("#id_headline", "Cairo hosts ministers")
    save_and_continue(fred)

    choice = fred.locator(".merge-choice", has_text="Headline")
    choice.wait_for()
    assert "Ministers agree on talks in Cairo" in choice.locator(".merge-theirs").inner_text()
    assert "Cairo hosts ministers" in choice.locator(".merge-yours").inner_text()
    assert "Ministers meet in Cairo" in choice.locator(".merge-base").inner_text()
    assert fred.locator("text=Not saved: Edna Editor saved").count() == 1
    assert fred.input_value("#id_headline") == "Cairo hosts ministers"  # his text is kept
    article.refresh_from_db()
    assert article.headline == "Ministers agree on talks in Cairo"

    # Fred takes Edna's headline.
    choice.get_by_label("Use theirs").check()
    save_and_continue(fred)
    fred.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.headline == "Ministers agree on talks in Cairo"
    assert article.kicker == "DIPLOMACY"
    assert not [line for line in console if "rror" in line]
