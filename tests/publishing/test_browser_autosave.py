"""In a real browser: the editor types, the page autosaves, the page is closed without saving,
and reopening the story offers the text back, which goes into the form and is saved."""

import time

import pytest
from django.urls import reverse

from publishing.models import Autosave
from tests.factories import make_article
from tests.staff import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def kept_deck():
    kept = Autosave.objects.first()
    return dict(kept.data).get("deck") if kept else None


def test_typed_text_is_autosaved_and_recovered_after_the_page_is_closed(page, live_server, editor):
    article = make_article("Ministers meet in Cairo", body="<p>They met on Sunday.</p>")
    url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    log_in(page, live_server, "ed")
    page.goto(url)

    page.fill("#id_kicker", "DIPLOMACY")
    # The page autosaves by itself within about 15 seconds of typing.
    page.locator("#autosave-status", has_text="Autosaved at").wait_for(timeout=25000)
    assert dict(Autosave.objects.get().data)["kicker"] == "DIPLOMACY"

    # More typing, then the page is closed without saving: what was typed is sent as it goes.
    page.fill("#id_deck", "Foreign ministers arrive for a second day of talks")
    context = page.context
    page.close()
    deadline = time.monotonic() + 10
    while kept_deck() != "Foreign ministers arrive for a second day of talks":
        assert time.monotonic() < deadline, "the closing page did not send its text"
        time.sleep(0.2)
    article.refresh_from_db()
    assert (article.kicker, article.deck) == ("", "")  # nothing saved for readers

    reopened = context.new_page()
    reopened.goto(url)
    offer = reopened.locator(".publishing-autosave")
    assert "You have unsaved text from" in offer.inner_text()
    assert (
        "Foreign ministers arrive for a second day of talks"
        in offer.locator("ins").all_inner_texts()
    )
    reopened.click("text=Bring it back into the form")
    reopened.locator("text=is back in the form").wait_for()
    assert reopened.input_value("#id_deck") == "Foreign ministers arrive for a second day of talks"
    assert reopened.input_value("#id_kicker") == "DIPLOMACY"

    reopened.click("input[name=_continue]")
    reopened.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert (article.kicker, article.deck) == (
        "DIPLOMACY",
        "Foreign ministers arrive for a second day of talks",
    )
    assert not Autosave.objects.exists()
