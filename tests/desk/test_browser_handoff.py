"""In real browsers: a reporter marks a story ready with a note, the editor sees the unread
count, opens the notification, reads the note and sends the story back with one of their own,
and the reporter sees it."""

import pytest
from django.urls import reverse

from publishing.models import Status
from tests.factories import make_article
from tests.staff import log_in, save_and_continue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hand_off_from_reporter_to_editor_and_back(two_pages, live_server, editor, reporter):
    article = make_article("Council passes the budget", status=Status.DRAFT, published_at=None)
    article.created_by = reporter
    article.save()
    url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"
    rita, edna = two_pages
    log_in(rita, live_server, "rita")
    log_in(edna, live_server, "ed")

    rita.goto(url)
    rita.select_option("#id_status", "ready")
    rita.fill("#id_status_note", "Ready: the vote count is from the clerk")
    save_and_continue(rita)
    rita.locator(".messagelist .success").wait_for()

    edna.goto(f"{live_server.url}/admin/")
    inbox = edna.locator("a.desk-inbox")
    assert "1 unread" in inbox.text_content()
    inbox.click()
    edna.get_by_role("link", name="Council passes the budget").click()
    notes = edna.locator("#desk-notes")
    assert "Ready: the vote count is from the clerk" in notes.inner_text()
    assert "Rita Reporter" in notes.inner_text()
    edna.select_option("#id_status", "draft")
    edna.fill("#id_status_note", "Needs a second source on the vote count")
    save_and_continue(edna)
    edna.locator(".messagelist .success").wait_for()
    assert "unread" not in edna.locator("a.desk-inbox").text_content()

    rita.goto(f"{live_server.url}/admin/")
    assert "1 unread" in rita.locator("a.desk-inbox").text_content()
    rita.locator("a.desk-inbox").click()
    row = rita.locator("#result_list tbody tr").first
    assert "Sent back to you" in row.inner_text()
    assert "Edna Editor" in row.inner_text()
    assert "Needs a second source on the vote count" in row.inner_text()
    # A note added on the page shows at once, without losing what is typed in the form.
    rita.get_by_role("link", name="Council passes the budget").click()
    rita.fill("#id_deck", "A deck typed but not saved")
    rita.fill("#desk-note-text", "@ed second source added: the mayor's office")
    rita.click("#desk-note-form button[type=submit]")
    rita.locator(".desk-note", has_text="second source added").wait_for()
    assert rita.input_value("#id_deck") == "A deck typed but not saved"
