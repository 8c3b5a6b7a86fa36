"""In a real browser: the second editor's save is refused with the first editor's name, and
what they typed is still in the form."""

import pytest
from django.test import Client
from django.urls import reverse

from publishing.models import EditLock
from tests.factories import make_article
from tests.forms import form_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_browser_shows_the_conflict_and_keeps_the_typed_text(
    page, live_server, editor, other_editor
):
    article = make_article("Ministers meet in Cairo", body="<p>They met on Sunday.</p>")
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, live_server, "ed")
    url = reverse("admin:articles_article_change", args=[article.pk])
    page.goto(f"{live_server.url}{url}")
    assert EditLock.objects.filter(user=editor, object_id=article.pk).exists()

    # Meanwhile Fred opens the same article (and is told Edna has it open), and saves first.
    fred = Client()
    fred.force_login(other_editor)
    fred_page = fred.get(url)
    assert "Edna Editor has had this open" in fred_page.content.decode()
    # Edna's page learns of Fred at its next heartbeat (from the static script, under the CSP).
    with page.expect_response(lambda response: "/editing/" in response.url):
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.locator("#edit-lock", has_text="Fred Fixer has had this open").wait_for()
    fred.post(
        url,
        {
            **form_data(fred_page, "article_form"),
            "headline": "Ministers meet in Cairo, agree on talks",
        },
    )

    page.fill("#id_headline", "Egypt hosts ministers for talks")
    page.click("input[name=_continue]")

    conflict = page.locator(".publishing-conflict")
    conflict.wait_for()
    assert "Not saved: Fred Fixer saved first" in conflict.inner_text()
    assert page.input_value("#id_headline") == "Egypt hosts ministers for talks"
    assert "agree on talks" in conflict.inner_text()
    article.refresh_from_db()
    assert article.headline == "Ministers meet in Cairo, agree on talks"

    # Saving again, having seen the differences, is a deliberate choice and goes through.
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.headline == "Egypt hosts ministers for talks"
    assert not [line for line in console if "editlock" in line]
