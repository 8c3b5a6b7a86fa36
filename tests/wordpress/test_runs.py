"""How an import runs: a second run changes nothing, a changed post is updated (unless the
desk edited the story since), an interrupted run resumes, a dry run writes nothing, files
come from a folder or a web server, and each item is imported whole or not at all."""

import functools
import http.server
import threading

import pytest
from django.core.management import CommandError

from articles.models import Article, Credit, Person, Section
from media_gallery.models import Gallery, GalleryPhoto, Photo
from publishing.models import Revision, Transition
from wordpress import importer
from wordpress.generate import write_export
from wordpress.models import ImportedItem

from .conftest import run_import

pytestmark = pytest.mark.django_db

MODELS = (Article, Person, Section, Photo, Gallery, GalleryPhoto, Credit, Revision, Transition,
          ImportedItem)  # fmt: skip


def snapshot():
    counts = {model.__name__: model.objects.count() for model in MODELS}
    versions = dict(Article.objects.values_list("slug", "version"))
    return counts, versions


def test_a_second_run_changes_nothing(export, uploads):
    run_import(export, "--media-dir", str(uploads), "--pages", "news")
    before = snapshot()
    again = run_import(export, "--media-dir", str(uploads), "--pages", "news")
    assert snapshot() == before
    text = again.report_path.read_text()
    assert "Unchanged since the last run (skipped): 1 pages, 8 posts" in text
    assert "Imported: nothing" in text and "Updated: nothing" in text


def test_a_post_changed_in_wordpress_is_updated_unless_the_desk_edited_it(
    tmp_path, export, uploads
):
    run_import(export, "--media-dir", str(uploads))
    changed = tmp_path / "changed.xml"
    changed.write_text(
        export.read_text()
        .replace("Council weighs the market plan", "Council delays the market plan")
        .replace("Half written.", "Now fully written.")
    )
    draft = Article.objects.get(slug="a-draft-without-a-slug")
    draft.headline = "A desk's own headline"
    draft.save()
    result = run_import(changed, "--media-dir", str(uploads))
    assert Article.objects.get(pk=draft.pk).headline == "A desk's own headline"
    council = Article.objects.get(slug="council-weighs-market-plan")  # the address stays
    assert council.headline == "Council delays the market plan"
    text = result.report_path.read_text()
    assert "Updated: 1 posts" in text
    assert "changed in Newsroom since it was imported; not overwritten" in text


def test_an_interrupted_run_resumes_where_it_stopped(export, uploads, monkeypatch):
    real, calls = importer.Import.story, []

    def story_then_power_cut(self, item):
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(item.post_id)
        return real(self, item)

    monkeypatch.setattr(importer.Import, "story", story_then_power_cut)
    with pytest.raises(CommandError, match="interrupted; run it again"):
        run_import(export, "--media-dir", str(uploads))
    assert ImportedItem.objects.filter(kind="post").count() == 3
    stopped = (export.parent / "report.txt").read_text()
    assert "Imported: " in stopped and "3 posts" in stopped
    assert "Interrupted. Every item imported so far is complete" in stopped
    monkeypatch.setattr(importer.Import, "story", real)
    result = run_import(export, "--media-dir", str(uploads))
    text = result.report_path.read_text()
    assert "Unchanged since the last run (skipped): 3 posts" in text
    assert Article.objects.count() == 8
    assert ImportedItem.objects.filter(kind="post").count() == 8
    assert Article.objects.filter(slug__endswith="-2").count() == 0  # nothing twice


def test_a_dry_run_reports_and_writes_nothing(export, uploads, media_in_tmp):
    result = run_import(export, "--media-dir", str(uploads), "--dry-run")
    assert snapshot()[0] == {model.__name__: 0 for model in MODELS}
    assert not media_in_tmp.exists() or not any(media_in_tmp.rglob("*.*"))
    text = result.report_path.read_text()
    assert "DRY RUN, nothing was written" in text
    assert "Would import: " in text and "8 posts" in text and "6 photos" in text
    assert "no file 2020/03/missing.jpg in --media-dir" in text


@pytest.fixture
def media_server(uploads):
    """A real HTTP server serving the uploads folder, as the old site's web server would."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(uploads))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/wp-content/uploads"
    server.shutdown()
    server.server_close()


def test_files_are_fetched_from_media_url(export, uploads, media_server, monkeypatch):
    # The server answers /wp-content/uploads/<file> from the folder.
    monkeypatch.setattr(
        http.server.SimpleHTTPRequestHandler,
        "translate_path",
        lambda self, path: str(uploads / path.split("/wp-content/uploads/", 1)[-1].split("?")[0]),
    )
    result = run_import(export, "--media-url", media_server)
    assert Photo.objects.count() == 6
    lead = Article.objects.get(slug="council-weighs-market-plan").lead_photo
    assert lead.credit == "Agency Photo"
    text = result.report_path.read_text()
    assert "missing.jpg" in text and "404" in text  # the file the server does not have


def test_media_url_must_be_a_web_address(export):
    with pytest.raises(CommandError, match="must start with http:// or https://"):
        run_import(export, "--media-url", "file:///etc")


def test_a_story_whose_body_is_refused_is_skipped_whole(tmp_path):
    # 201 embeds: over the body's limit of 200 elements.
    content = "\n\n".join(f"https://www.youtube.com/watch?v=abcdefgh{n:03d}" for n in range(201))
    path = write_export(tmp_path / "big.xml", tmp_path / "uploads")
    path.write_text(path.read_text().replace("Second of its name.", content))
    result = run_import(path, "--media-dir", str(tmp_path / "uploads"))
    assert not Article.objects.filter(headline="A slug that is taken").exists()
    assert not ImportedItem.objects.filter(kind="post", key="108").exists()
    assert "Post #108 “A slug that is taken”: The story holds 201" in result.report_path.read_text()
    assert Article.objects.count() == 7  # the others are in
