"""In a real browser: the editor types, the page autosaves, the page is closed without saving,
and reopening the story offers the text back, which goes into the form and is saved. The same
for a story never saved at all, on the "Add" page."""

import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from publishing.models import Autosave
from tests.factories import make_article, make_section
from tests.staff import choose_in_autocomplete, log_in, save_and_continue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def kept_deck():
    kept = Autosave.objects.first()
    return dict(kept.data).get("deck") if kept else None


def kept_new_body():
    kept = Autosave.objects.filter(object_id__isnull=True).first()
    return dict(kept.data).get("body", "") if kept else ""


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

    save_and_continue(reopened)
    reopened.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert (article.kicker, article.deck) == (
        "DIPLOMACY",
        "Foreign ministers arrive for a second day of talks",
    )
    assert not Autosave.objects.exists()


def test_text_on_an_add_page_is_recovered_after_the_page_is_closed(page, live_server, reporter):
    """A reporter starts a story that was never saved; the browser goes away; "Add article"
    offers the text back, and saving it makes the story and ends the kept text."""
    make_section("Local")
    add = f"{live_server.url}{reverse('admin:articles_article_add')}"
    log_in(page, live_server, "rita")
    page.goto(add)

    page.fill("#id_headline", "Council passes the budget")
    choose_in_autocomplete(page, "id_section", "Loc", "Local")
    page.locator("#autosave-status", has_text="Autosaved at").wait_for(timeout=25000)
    body = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.type("The council passed the budget 7 to 2.")
    context = page.context
    page.close()
    deadline = time.monotonic() + 10
    while "7 to 2" not in kept_new_body():
        assert time.monotonic() < deadline, "the closing page did not send its text"
        time.sleep(0.2)
    assert not Article.objects.exists()  # nothing was created

    reopened = context.new_page()
    reopened.goto(add)
    offer = reopened.locator(".publishing-autosave", has_text="unsaved text for a new article")
    expect(offer).to_contain_text("Council passes the budget")
    expect(offer).to_contain_text("7 to 2")
    offer.get_by_role("link", name="Bring it back into the form").click()
    expect(reopened.locator(".publishing-autosave")).to_contain_text(
        "is back in the form", timeout=15000
    )
    assert reopened.input_value("#id_headline") == "Council passes the budget"
    expect(reopened.locator(".prose-editor .ProseMirror[contenteditable=true]")).to_contain_text(
        "7 to 2"
    )

    save_and_continue(reopened)
    expect(reopened.locator(".messagelist .success")).to_be_visible(timeout=15000)
    story = Article.objects.get()
    assert story.headline == "Council passes the budget" and "7 to 2" in story.body
    assert story.created_by == reporter
    assert not Autosave.objects.exists()
