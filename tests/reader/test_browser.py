"""A reader's path through the site in headless Chromium: front page → article → gallery →
timeline, by keyboard and mouse, with axe-core checking accessibility and the browser
reporting any Content-Security-Policy violation."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")

# Records what the page's Content-Security-Policy blocks (injected by the browser driver,
# which CSP does not govern).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


@pytest.fixture
def reader(page):
    page.add_init_script(WATCH_CSP)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.console_messages = console
    return page


def serious_accessibility_problems(page):
    page.evaluate(AXE + "\n;undefined")
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def csp_violations(page):
    reported = page.evaluate("window.__cspViolations")
    logged = [m for m in page.console_messages if "Content Security Policy" in m]
    return reported + logged


def check_page(page, title_part):
    assert title_part in page.title()
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1
    assert page.locator("img:not([alt])").count() == 0
    assert serious_accessibility_problems(page) == []
    assert csp_violations(page) == []


def test_reader_goes_from_front_page_to_article_gallery_and_timeline(reader, live_server, seed):
    page = reader
    page.goto(live_server.url + "/")
    check_page(page, "The Newsroom")

    page.get_by_role("link", name=seed["article"].headline).first.click()
    page.wait_for_url("**/2012/12/26/syrian-general-defects/")
    check_page(page, "Syrian general defects")
    assert page.locator("h1").inner_text() == seed["article"].headline
    assert page.locator("a[rel=author]").first.inner_text() == "Babak Dehghanpisheh"
    assert page.locator("time.published").get_attribute("datetime") == "2012-12-26T12:39:00-05:00"
    assert "Al Arabiya TV via AP" in page.locator("figure.lead-photo figcaption").text_content()
    # The JSON-LD block is data: the browser does not run it and CSP has nothing to block.
    assert page.locator('script[type="application/ld+json"]').count() == 1

    page.get_by_role("link", name="View Photo Gallery").click()
    page.wait_for_url("**/photos/destruction-of-aleppo/")
    check_page(page, "The destruction of Aleppo")
    assert page.locator(".gallery-item").count() == 3
    assert page.locator("#photo-2 .photo-count").inner_text().startswith("2 of 3")

    page.go_back()
    page.get_by_role("link", name="Timeline: Syria’s uprising").click()
    page.wait_for_url("**/timelines/syria-uprising/")
    check_page(page, "Syria’s uprising")
    dates = page.locator(".event time").all_inner_texts()
    assert dates == ["March 2011", "April 21, 2011", "Dec. 25, 2012"]


def test_keyboard_reader_skips_to_content_and_sees_focus(reader, live_server, seed):
    page = reader
    page.goto(live_server.url + seed["article"].get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Gallery photos are reachable by keyboard: their permalinks are links.
    page.goto(live_server.url + "/photos/destruction-of-aleppo/")
    page.locator("#photo-1 .photo-count a").first.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#photo-1")


def test_search_from_the_masthead(reader, live_server, seed):
    page = reader
    page.goto(live_server.url + "/")
    page.get_by_label("Search stories").fill("defects")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=defects")
    check_page(page, "Search: defects")
    assert page.locator("mark").first.inner_text().lower() == "defects"


def test_the_accessibility_and_csp_checks_do_catch_problems(reader, live_server, seed):
    """The checks above could pass by checking nothing; here they must find a planted fault."""
    page = reader
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
        const img = document.createElement('img');
        img.src = '/static/img/logo.png';
        document.querySelector('main').appendChild(img);
        const script = document.createElement('script');
        script.textContent = 'window.__ran = true';
        document.body.appendChild(script);
    }"""
    )
    assert "image-alt" in [v["id"] for v in serious_accessibility_problems(page)]
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in csp_violations(page))


def test_a_story_with_every_element_is_accessible_and_runs_only_what_it_may(
    reader, live_server, story_with_elements
):
    """The graphic's script runs (its hash is in the policy), the embed's facade is a button
    named for its provider reached by keyboard, and nothing breaks the page's CSP."""
    page = reader
    page.goto(live_server.url + story_with_elements.get_absolute_url())
    check_page(page, story_with_elements.headline)
    graphic = page.frame_locator("iframe.graphic-frame")
    assert graphic.locator("#g").inner_text() == "drawn"
    frame = page.locator("iframe.graphic-frame")
    # (Polled from here: the page's CSP rightly forbids the driver's eval.)
    expect(frame).not_to_have_attribute("height", "400")
    assert 20 < int(frame.get_attribute("height")) < 400  # it reported its own height
    button = page.get_by_role("button", name="Load content from YouTube")
    button.focus()
    page.keyboard.press("Enter")
    assert (
        page.locator("iframe.embed-frame")
        .get_attribute("src")
        .startswith("https://www.youtube-nocookie.com/embed/")
    )
    assert csp_violations(page) == []
