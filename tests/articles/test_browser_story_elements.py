"""An editor builds a story with every kind of element in the real admin, in headless
Chromium under the site's Content-Security-Policy: each inserted from the toolbar, one moved
with the keyboard, a URL pasted on an empty line becoming an embed, a paste from a word
processor keeping its structure; then the reader page shows them all."""

import re

import pytest

from articles.body import read_body
from articles.models import Article
from tests.factories import make_article, make_gallery, make_user, photo_with_renditions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A paste from a word processor: styles, spans, classes and Word's own tags to drop.
WORD_PASTE = (
    '<p class="MsoNormal" style="margin:0"><span style="font-family:Calibri">Pasted '
    "<b>bold</b> text</span><o:p></o:p></p>"
    '<ul style="margin-top:0"><li><span>First point</span></li><li>Second point</li></ul>'
)


def paste(page, text=None, html=None):
    """Paste into the editor as a browser does, with what the clipboard would hold."""
    page.evaluate(
        """([text, html]) => {
            const data = new DataTransfer()
            if (text) data.setData("text/plain", text)
            if (html) data.setData("text/html", html)
            const target = document.querySelector(".prose-editor .ProseMirror[contenteditable=true]")
            target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}))
        }""",
        [text, html],
    )


def to_the_end(editor):
    """The cursor on the editor's last line (an empty paragraph follows every element)."""
    box = editor.bounding_box()
    editor.click(position={"x": 12, "y": box["height"] - 12})
    editor.page.keyboard.press("Control+End")


def dialog_field(page, name):
    return page.locator(f"dialog.prose-editor-dialog [name={name}]")


def save_dialog(page):
    page.locator("dialog.prose-editor-dialog button[type=submit]").click()


def choose(page, button, search, pick_text):
    page.click(f"button[data-element={button}]")
    page.fill(".story-chooser__search", search)
    page.keyboard.press("Enter")
    page.locator(".story-chooser__pick", has_text=pick_text).first.click()


def test_an_editor_places_every_element_and_readers_see_them(live_server, page):
    make_user("editor", group="Editors", password="desk-password-2012")
    photo = photo_with_renditions(1600, 900, caption="Tents near the border", alt_text="Tents")
    gallery = make_gallery("Aleppo in ruins", photos=[photo])
    other = make_article("Earlier defection story")
    story = make_article("Camps brace for winter", body="<p>Aid agencies appealed for help.</p>")

    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}")
        ),
    )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/{story.pk}/change/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "desk-password-2012")
    page.click("input[type=submit]")
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")

    choose(page, "photo", "tents", "Tents near the border")
    dialog_field(page, "size").select_option("wide")
    dialog_field(page, "caption").fill("Families shelter in tents.")
    save_dialog(page)

    page.click("button[data-element=pullquote]")
    dialog_field(page, "quote").fill("They came with summer clothes.")
    dialog_field(page, "attribution").fill("A camp doctor")
    save_dialog(page)

    page.click("button[data-element=embed]")
    dialog_field(page, "url").fill("https://vimeo.com/76979871")
    save_dialog(page)

    page.click("button[data-element=factbox]")
    dialog_field(page, "title").fill("What we know")
    save_dialog(page)

    page.click("button[data-element=table]")
    dialog_field(page, "caption").fill("Arrivals by month")
    dialog_field(page, "source").fill("Camp managers")
    save_dialog(page)
    page.keyboard.type("Month")

    choose(page, "gallery", "Aleppo", "Aleppo in ruins")
    save_dialog(page)

    choose(page, "related", "Earlier", "Earlier defection story")
    save_dialog(page)

    page.click("button[data-element=graphic]")
    dialog_field(page, "html").fill(
        "<p id=g></p><script>g.textContent='drawn by the desk'</script>"
    )
    dialog_field(page, "alt").fill("A chart of arrivals")
    save_dialog(page)

    # After the graphic, an empty line: a pasted address becomes an embed, and a paste
    # from a word processor keeps its paragraphs, bold and list, not its styles.
    to_the_end(editor)
    paste(page, text="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    to_the_end(editor)
    paste(page, html=WORD_PASTE, text="Pasted bold text")

    # From the keyboard: the pull quote's ↑ button (Tab to it, Enter) puts it above the photo,
    # and Alt+↑ in the pasted paragraph puts that above the pasted embed.
    page.wait_for_load_state("networkidle")
    up = page.get_by_role("button", name="Move up: Pull quote")
    up.focus()
    page.keyboard.press("Enter")
    page.locator(".ProseMirror strong", has_text="bold").click()
    page.keyboard.press("Alt+ArrowUp")

    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()

    story.refresh_from_db()
    kinds = [block.kind for block in read_body(story.body)]
    assert [kind for kind in kinds if kind != "text"] == [
        "pullquote", "photo", "embed", "factbox", "table", "gallery", "related", "graphic",
        "embed",  # the pasted address
    ]  # fmt: skip
    assert "<strong>bold</strong>" in story.body and "<li><p>First point</p></li>" in story.body
    assert story.body.index("Pasted <strong>bold") < story.body.index(
        'data-url="https://www.youtube'
    )
    assert "style=" not in story.body and "Mso" not in story.body

    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    article = page.locator("article.story")
    assert (
        article.locator("figure.body-photo-wide figcaption")
        .inner_text()
        .startswith("Families shelter in tents.")
    )
    assert (
        article.locator(".pull-quote blockquote").inner_text() == "They came with summer clothes."
    )
    assert article.locator(".embed-load").all_inner_texts() == [
        "Load content from Vimeo",
        "Load content from YouTube",
    ]
    assert article.locator("aside.factbox h2").inner_text() == "What we know"
    assert article.locator(".data-table caption").inner_text() == "Arrivals by month"
    assert article.locator(".data-table th").first.inner_text() == "Month"
    assert article.locator(".body-gallery a", has_text="Aleppo in ruins").count() == 1
    assert article.locator(".body-related a").inner_text() == other.headline
    graphic = page.frame_locator("iframe.graphic-frame")
    assert graphic.locator("#g").inner_text() == "drawn by the desk"
    assert gallery.pk and photo.pk

    # A reader asks for the video: only then the player, sandboxed.
    page.locator(".embed-load", has_text="YouTube").click()
    frame = page.locator("iframe.embed-frame")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert frame.get_attribute("sandbox") == (
        "allow-scripts allow-same-origin allow-popups allow-presentation"
    )
    # (The machines have no internet: the player itself cannot load, which is fine here.)
    assert [p for p in problems if "youtube" not in p] == []
    assert Article.objects.get(pk=story.pk).version > 1


def test_a_reporter_sees_no_graphic_button_and_a_crafted_graphic_is_refused(live_server, page):
    make_user("rita", group="Reporters", password="desk-password-2012")
    story = make_article("Her draft", status="draft")
    story.created_by = make_user()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/add/")
    page.fill("#id_username", "rita")
    page.fill("#id_password", "desk-password-2012")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/articles/article/add/$"))
    page.wait_for_selector("button[data-element=photo]")
    assert page.locator("button[data-element=graphic]").count() == 0
