"""In real browsers: a reporter proposes an update to their own published story; the editor is
told, reviews it in the differences and the form, and publishes it; a second proposal goes back
with a note, which the reporter reads in their inbox. Readers see only what the editor saved."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from publishing.models import Autosave
from tests.factories import make_article
from tests.staff import log_in, save_and_continue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def propose(page, url, field, text):
    """The reporter opens their published story, proposes an update and sends it."""
    page.goto(url)
    page.get_by_role("link", name="Propose an update").click()
    expect(page.locator(".publishing-notice").first).to_contain_text(
        "You are proposing an update", timeout=15000
    )
    page.fill(field, text)
    save_and_continue(page)
    expect(page.locator(".messagelist .success")).to_contain_text(
        "Your proposed update is with the editors", timeout=15000
    )


def test_a_reporter_proposes_and_the_editor_publishes_one_and_returns_another(
    two_pages, live_server, editor, reporter
):
    story = make_article("Council passes the budget", authors=[reporter.person])
    url = f"{live_server.url}{reverse('admin:articles_article_change', args=[story.pk])}"
    rita, edna = two_pages
    log_in(rita, live_server, "rita")
    log_in(edna, live_server, "ed")

    propose(rita, url, "#id_deck", "The vote was 7 to 2")
    story.refresh_from_db()
    assert (story.deck, story.version) == ("", 1)  # readers see nothing yet

    # The editor is told, sees what it changes, reviews it in the form and publishes it.
    edna.goto(f"{live_server.url}/admin/")
    expect(edna.locator("a.desk-inbox")).to_contain_text("1 unread")
    edna.goto(url)
    proposal = edna.locator(".publishing-proposal")
    expect(proposal).to_contain_text("Rita Reporter proposed an update")
    expect(proposal.locator("ins")).to_contain_text(["The vote was 7 to 2"])
    proposal.get_by_role("link", name="Review it in the form").click()
    expect(edna.locator(".publishing-proposal")).to_contain_text("It is in the form below")
    assert edna.input_value("#id_deck") == "The vote was 7 to 2"
    save_and_continue(edna)
    expect(edna.locator(".messagelist .success")).to_be_visible(timeout=15000)
    story.refresh_from_db()
    assert story.deck == "The vote was 7 to 2"
    edna.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(edna.locator("body")).to_contain_text("The vote was 7 to 2")

    # A second proposal goes back with a note; the story stays as it is.
    propose(rita, url, "#id_kicker", "BREAKING")
    edna.goto(url)
    proposal = edna.locator(".publishing-proposal")
    expect(proposal.locator("ins")).to_contain_text(["BREAKING"])
    proposal.get_by_label("Note for Rita Reporter").fill("Not breaking: it passed yesterday")
    proposal.get_by_role("button", name="Return it with the note").click()
    expect(edna.locator(".messagelist .success")).to_contain_text(
        "Returned the update Rita Reporter proposed", timeout=15000
    )
    story.refresh_from_db()
    assert story.kicker == ""
    assert not Autosave.objects.exists()

    rita.goto(f"{live_server.url}/admin/")
    inbox = rita.locator("a.desk-inbox")
    expect(inbox).to_contain_text("unread")
    inbox.click()
    expect(rita.locator("#result_list tbody")).to_contain_text("Not breaking: it passed yesterday")
    expect(rita.locator("#result_list tbody")).to_contain_text("Edna Editor")
