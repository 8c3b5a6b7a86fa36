"""Live coverage in headless Chromium: an editor publishes a post on the live desk and a
reader's open page offers "1 new update" within 10 seconds, without a reload; clicking it
shows the post. A second editor's post reaches the desk without a reload too, and a new post's
embed plays in the open page whatever provider it comes from."""

import re
import time

import pytest
from playwright.sync_api import expect

from articles import live
from tests.articles.live_helpers import make_live_story, post
from tests.factories import make_person, make_user
from tests.reader.test_browser import serious_accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username, password, then):
    page.goto(f"{base}/admin/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(re.escape(then) + "$"))


def test_editor_publishes_and_an_open_reader_page_offers_it_within_ten_seconds(
    live_server, chromium
):
    editor = make_user("editor", group="Editors", password="desk-password-2012")
    make_person("Edna Editor", user=editor)
    story = make_live_story("Storm makes landfall")
    post(editor, story, "The first bands of rain arrive.")

    problems = []
    reader_context = chromium.new_context()
    reader = reader_context.new_page()
    reader.on("pageerror", lambda error: problems.append(str(error)))
    reader.goto(live_server.url + story.get_absolute_url())
    expect(reader.locator(".live-post")).to_have_count(1)
    assert reader.locator(".live-new-button").is_hidden()
    assert serious_accessibility_problems(reader) == []

    desk_context = chromium.new_context()
    desk = desk_context.new_page()
    desk.on("pageerror", lambda error: problems.append(str(error)))
    desk_url = f"/admin/articles/livepost/desk/{story.pk}/"
    sign_in(desk, live_server.url, "editor", "desk-password-2012", desk_url)
    desk.fill("#id_title", "Power out across the coast")
    desk.locator(".prose-editor .ProseMirror[contenteditable=true]").click()
    desk.keyboard.type("About 200,000 homes have lost power.")
    desk.click("input[name=publish]")  # one click after typing
    desk.wait_for_url(re.compile(re.escape(desk_url) + "$"))
    published_at = time.monotonic()
    expect(desk.locator(".messagelist")).to_contain_text("Post published")

    button = reader.locator(".live-new-button")
    expect(button).to_have_text("1 new update", timeout=10_000)
    assert time.monotonic() - published_at <= 10
    # The page did not move under the reader: the new post waits behind the button.
    expect(reader.locator(".live-post")).to_have_count(1)
    button.click()
    expect(reader.locator(".live-post")).to_have_count(2)
    expect(reader.locator(".live-post").first).to_contain_text("Power out across the coast")
    expect(button).to_be_hidden()
    assert serious_accessibility_problems(reader) == []

    # Another editor's post reaches the open desk without a reload.
    other = make_user("fred", group="Editors")
    live.save_post(
        other, story, body="<p>Fred's post from the field.</p>", people=[make_person("Fred")]
    )
    expect(desk.locator("[data-desk-posts]")).to_contain_text("from the field", timeout=10_000)
    assert problems == []
    reader_context.close()
    desk_context.close()


def test_removal_reaches_an_open_page(live_server, chromium):
    editor = make_user("editor", group="Editors")
    story = make_live_story()
    kept = post(editor, story, "Kept on the page.")
    removed = post(editor, story, "A claim we cannot stand by.")
    context = chromium.new_context()
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator(f"#post-{removed.pk}")).to_have_count(1)
    live.remove_post(editor, removed)
    expect(page.locator(f"#post-{removed.pk}")).to_have_count(0, timeout=10_000)
    expect(page.locator(f"#post-{kept.pk}")).to_have_count(1)
    context.close()


def test_a_new_post_embedding_a_provider_not_yet_on_the_page_plays_without_a_reload(
    live_server, chromium
):
    editor = make_user("editor", group="Editors")
    story = make_live_story("Storm makes landfall")
    post(editor, story, "The first bands of rain arrive.")  # no embed: no provider on the page
    context = chromium.new_context()
    # The machines have no internet: the provider's player is answered here, so the frame
    # shows it exactly when the page's policy lets it load.
    context.route(
        "https://player.vimeo.com/**",
        lambda route: route.fulfill(
            body="<!doctype html><title>Player</title><p>Vimeo player</p>",
            content_type="text/html",
        ),
    )
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator(".live-post")).to_have_count(1)

    live.save_post(
        editor,
        story,
        body='<p>Drone footage of the coast.</p><figure data-element="embed" '
        'data-url="https://vimeo.com/76979871"></figure>',
        people=[make_person("Fred")],
        publish=True,
    )
    button = page.locator(".live-new-button")
    expect(button).to_have_text("1 new update", timeout=10_000)
    button.click()
    newest = page.locator(".live-post").first
    expect(newest).to_contain_text("Drone footage of the coast")
    newest.locator(".embed-load").click()
    player = page.frame_locator(".live-post iframe.embed-frame").first
    expect(player.locator("p")).to_have_text("Vimeo player", timeout=15_000)
    assert problems == []
    context.close()
