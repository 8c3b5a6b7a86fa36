"""An editor writes a story in the real admin, in headless Chromium: log in, headline (the slug
follows), section and byline chosen through the autocomplete widgets, body in the rich-text
editor, save; the admin's JavaScript runs under the site's Content-Security-Policy."""

import re

import pytest

from articles.models import Article
from publishing.models import Status
from tests.factories import make_person, make_section, make_user
from tests.staff import choose_in_autocomplete

# Live server: real transactions. The shipped roles survive the flush between such tests
# (tests/conftest.py runs the roles migration's function again); serialized_rollback would
# clash with the content types that flush remakes.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_creates_an_article_with_a_byline_in_the_admin(live_server, page):
    editor = make_user("editor", group="Editors", password="desk-password-2012")
    world = make_section("World", slug="world")
    make_section("Middle East", parent=world, slug="middle-east")
    make_person("Babak Dehghanpisheh", slug="babak-dehghanpisheh")
    make_person("Ahmed Ramadan", slug="ahmed-ramadan")

    # Script errors and CSP refusals show in the console; a missing favicon is no problem.
    problems = []
    page.on(
        "console",
        lambda msg: msg.type == "error" and "404" not in msg.text and problems.append(msg.text),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}")
        ),
    )

    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "desk-password-2012")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/articles/article/add/$"))

    page.fill("#id_headline", "Syrian general defects")
    page.locator("#id_deck").click()  # leaving the headline lets the slug follow it
    assert page.input_value("#id_slug") == "syrian-general-defects"
    page.fill("#id_dateline", "BEIRUT")
    choose_in_autocomplete(page, "id_section", "Middle", "Middle East")
    choose_in_autocomplete(page, "id_credits-0-person", "Babak", "Babak Dehghanpisheh")

    editor_box = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor_box.click()
    page.keyboard.type("In the video, Shallal is wearing his military uniform.")

    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    article = Article.objects.get(slug="syrian-general-defects")
    assert article.headline == "Syrian general defects"
    assert article.byline == "By Babak Dehghanpisheh"
    assert article.section.name == "Middle East" and article.dateline == "BEIRUT"
    assert "Shallal is wearing his military uniform" in article.body
    assert article.status == Status.DRAFT and article.created_by == editor
    assert problems == []
