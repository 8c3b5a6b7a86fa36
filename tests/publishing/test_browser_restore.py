"""In a real browser: an editor restores an old version of a live story that has a newer
correction. The confirmation shows what readers will see change and lists the correction with
its warning; going back changes nothing; confirming restores, and readers get the old text."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Correction
from publishing import revisions
from tests.factories import make_article
from tests.staff import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_restoring_a_live_story_asks_first_and_warns_of_newer_corrections(
    page, live_server, editor
):
    article = make_article(
        "Bridge in Homs closed after the shelling",
        body="<p>The bridge in Homs was closed on Sunday.</p>",
        published_at=timezone.now() - timedelta(days=1),
    )
    first = revisions.latest(article)
    article.headline = "Bridge in Hama closed after the shelling"
    article.body = "<p>The bridge in Hama was closed on Sunday.</p>"
    article.save()
    Correction.objects.create(
        article=article,
        text="An earlier version said the bridge was in Homs; it is in Hama.",
        published_at=timezone.now(),
    )
    history = f"{live_server.url}{reverse('admin:articles_article_history', args=[article.pk])}"
    log_in(page, live_server, "ed")

    # The history's Restore opens the confirmation; nothing is restored yet.
    page.goto(history)
    page.locator(f"a[href$='/history/{first.pk}/restore/']").click()
    expect(page.locator("h1")).to_have_text("Restore version 1?", timeout=15000)
    assert "readers see these changes as soon as you restore" in page.inner_text(
        ".publishing-notice"
    )
    changes = page.locator(".publishing-diff")
    assert "Hama" in changes.locator("del").all_inner_texts()
    assert "Homs" in changes.locator("ins").all_inner_texts()
    warning = page.locator("section.publishing-conflict")
    assert "The restored text predates 1 correction" in warning.inner_text()
    assert "An earlier version said the bridge was in Homs; it is in Hama." in warning.inner_text()
    article.refresh_from_db()
    assert (article.version, article.headline) == (2, "Bridge in Hama closed after the shelling")

    # "No, go back" changes nothing.
    page.get_by_role("link", name="No, go back").click()
    page.wait_for_url(history)
    article.refresh_from_db()
    assert (article.version, article.headline) == (2, "Bridge in Hama closed after the shelling")

    # Confirming restores the old text as a new version; readers get it at once.
    page.locator(f"a[href$='/history/{first.pk}/restore/']").click()
    page.get_by_role("button", name="Yes, restore version 1").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        "Restored the content of version 1 as version 3", timeout=15000
    )
    article.refresh_from_db()
    assert (article.version, article.headline) == (3, "Bridge in Homs closed after the shelling")
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Bridge in Homs closed after the shelling")
