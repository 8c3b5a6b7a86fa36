"""At 1280×800 the desk's pages fit: no element reaches past the window's right edge, and no
box scrolls sideways (a table or list wider than its container counts, even when the page
itself does not scroll). The same pages have the desk's favicon and draw every character they
show, none as a missing-glyph box."""

import pytest
from django.urls import reverse

from publishing.models import Status
from tests.factories import make_article, make_gallery, make_person, make_photo, make_timeline
from tests.staff import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const shown = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // Visually hidden (clipped to a pixel, as select2 and skip links do) counts as not shown.
    const clipped = style.clip !== "auto" || (box.width <= 1 && box.height <= 1);
    return style.display !== "none" && style.visibility !== "hidden" && box.width > 0 && box.height > 0 && !clipped;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const problems = [];
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " > " + width);
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.right > width + 1) problems.push(name(el) + " reaches " + Math.round(box.right) + "px");
    const style = getComputedStyle(el);
    if (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(name(el) + " scrolls sideways (" + el.scrollWidth + " > " + el.clientWidth + ")");
    }
    if (["TABLE", "UL", "OL"].includes(el.tagName) && el.parentElement) {
      const parent = el.parentElement.getBoundingClientRect();
      if (box.right > parent.right + 1) problems.push(name(el) + " is wider than its container");
    }
  }
  return problems.slice(0, 20);
}"""


# Every character a page shows (its text, its form values and the text its style sheets add
# before and after elements), drawn in the font the page asks for, compared pixel for pixel
# with a character no font has (U+10FFFD, private use): the same picture is the missing-glyph
# box (or nothing) the browser draws when none of the machine's fonts has the character.
MISSING_GLYPHS = """async () => {
  await document.fonts.ready;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const picture = (family, ch) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = "32px " + family;
    ctx.textBaseline = "top";
    ctx.fillText(ch, 8, 8);
    return ctx.getImageData(0, 0, 64, 64).data;
  };
  const same = (a, b) => a.every((value, i) => value === b[i]);
  const invisible = /[\\s\\p{Cc}\\p{Cf}\\p{Z}\\p{M}]/u;
  const shown = new Map();  // font family -> characters
  const note = (el, text) => {
    if (!text) return;
    const family = getComputedStyle(el).fontFamily;
    if (!shown.has(family)) shown.set(family, new Set());
    for (const ch of text) if (!invisible.test(ch)) shown.get(family).add(ch);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (el && !["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"].includes(el.tagName)) {
      note(el, walker.currentNode.textContent);
    }
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (["INPUT", "TEXTAREA"].includes(el.tagName) && el.type !== "hidden") {
      note(el, el.value);
      note(el, el.placeholder);
    }
    for (const pseudo of ["::before", "::after"]) {
      const content = getComputedStyle(el, pseudo).content;
      for (const quoted of content.matchAll(/"((?:[^"\\\\]|\\\\.)*)"/g)) {
        note(el, quoted[1].replace(/\\\\(.)/g, "$1"));
      }
    }
  }
  const missing = [];
  for (const [family, characters] of shown) {
    const box = picture(family, "\\u{10FFFD}");
    for (const ch of characters) {
      if (same(picture(family, ch), box)) {
        missing.push("U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0") + " " + ch + " in " + family);
      }
    }
  }
  return missing;
}"""


@pytest.fixture
def desk_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def newsroom(db):
    """A story with a long headline, bylines, a promo and a lead photo; a gallery of photos
    still missing text; a timeline with events."""
    photos = [make_photo(caption="", alt_text="", credit="") for _ in range(3)]
    gallery = make_gallery("Floods across the valley in pictures", photos=photos)
    long_headline = (
        "Syrian general defects, saying others in the government want to follow, as the "
        "fighting around Aleppo and Damascus enters its third week with no sign of a ceasefire"
    )
    article = make_article(
        long_headline,
        authors=[make_person("Rita Ramos"), make_person("Sam Stone")],
        lead_photo=photos[0],
        body="<p>" + "Fighting went on through the night. " * 40 + "</p>",
    )
    for n in range(12):
        make_article(f"{long_headline} ({n})", status=Status.DRAFT if n % 3 else Status.PUBLISHED)
    timeline = make_timeline(
        "The war in Syria",
        events=[
            {"date": "2011-03-15", "headline": "Protests begin in Daraa", "description": "x" * 300}
        ],
    )
    return {"article": article, "gallery": gallery, "timeline": timeline, "photo": photos[0]}


def desk_url(newsroom, where):
    return {
        "article": reverse("admin:articles_article_change", args=[newsroom["article"].pk]),
        "gallery": reverse("admin:media_gallery_gallery_change", args=[newsroom["gallery"].pk]),
        "timeline": reverse("admin:articles_timeline_change", args=[newsroom["timeline"].pk]),
        "photo": reverse("admin:media_gallery_photo_change", args=[newsroom["photo"].pk]),
        "captioning list": reverse("admin:media_gallery_photo_changelist"),
        "captioning list of a gallery": reverse("admin:media_gallery_photo_changelist")
        + f"?gallery={newsroom['gallery'].pk}",
        "article list": reverse("admin:articles_article_changelist"),
        "new article": reverse("admin:articles_article_add"),
        "history": reverse("admin:articles_article_history", args=[newsroom["article"].pk]),
        "inbox": reverse("admin:desk_notification_changelist"),
        "home": reverse("admin:index"),
    }[where]


LAYOUT_MEASURE = [
    "article",
    "gallery",
    "timeline",
    "photo",
    "captioning list",
    "captioning list of a gallery",
    "article list",
]


@pytest.mark.parametrize("where", LAYOUT_MEASURE)
def test_desk_pages_fit_1280_by_800(desk_page, live_server, editor, newsroom, where):
    log_in(desk_page, live_server, "ed")
    desk_page.goto(f"{live_server.url}{desk_url(newsroom, where)}")
    desk_page.wait_for_load_state("networkidle")
    assert desk_page.evaluate(MEASURE) == []


@pytest.mark.parametrize("where", [*LAYOUT_MEASURE, "new article", "history", "inbox", "home"])
def test_desk_pages_have_the_favicon_and_no_missing_glyphs(
    desk_page, live_server, editor, newsroom, where
):
    log_in(desk_page, live_server, "ed")
    desk_page.goto(f"{live_server.url}{desk_url(newsroom, where)}")
    desk_page.wait_for_load_state("networkidle")
    icon = desk_page.locator("link[rel=icon]")
    assert icon.count() == 1
    answer = desk_page.request.get(icon.evaluate("link => link.href"))
    assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")
    assert desk_page.evaluate(MISSING_GLYPHS) == []


def test_the_article_form_shows_a_whole_headline_and_a_tall_spell_checked_body(
    desk_page, live_server, editor, newsroom
):
    log_in(desk_page, live_server, "ed")
    url = reverse("admin:articles_article_change", args=[newsroom["article"].pk])
    desk_page.goto(f"{live_server.url}{url}")
    headline = desk_page.locator("#id_headline")
    # The whole headline shows: the box is as tall as its text.
    assert headline.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    body = desk_page.locator(".prose-editor > .ProseMirror").first
    body.wait_for()
    box = body.bounding_box()
    assert box["width"] >= 600 and box["height"] >= 300
    assert body.get_attribute("spellcheck") != "false"
    assert headline.get_attribute("spellcheck") == "true"
    assert "Eastern Time" in desk_page.locator("aside.desk-side .field-published_at").inner_text()
    # Status, schedule, section and lead photo sit together beside the text.
    side = desk_page.locator("aside.desk-side")
    for field in ("status", "published_at", "section", "tags", "lead_photo"):
        assert side.locator(f".field-{field}").count() == 1, field
    assert side.bounding_box()["x"] > box["x"] + box["width"] - 1


def test_the_article_list_shows_headlines_on_at_most_two_lines(
    desk_page, live_server, editor, newsroom
):
    log_in(desk_page, live_server, "ed")
    desk_page.goto(f"{live_server.url}{reverse('admin:articles_article_changelist')}")
    cell = desk_page.locator(
        "#result_list tbody tr th.field-headline, #result_list tbody tr td.field-headline"
    ).first
    lines = cell.evaluate(
        "el => Math.round(el.querySelector('a, span, div')?.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(el).lineHeight))"
    )
    assert lines <= 2
    header = desk_page.locator("#result_list thead").inner_text().lower()
    for column in ("status", "section", "byline"):
        assert column in header
