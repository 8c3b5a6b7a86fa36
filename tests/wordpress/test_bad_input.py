"""Exports that are not what they should be: each gets a clear message, and nothing is half
imported (the whole file is read before anything is written)."""

import tracemalloc

import pytest
from django.core.management import CommandError

from articles.models import Article, Person, Section
from media_gallery.models import Photo
from wordpress import wxr
from wordpress.generate import write_export
from wordpress.models import ImportedItem

from .conftest import run_import

pytestmark = pytest.mark.django_db


def nothing_written():
    return not any(m.objects.exists() for m in (Article, Person, Section, Photo, ImportedItem))


def refused(path, match):
    with pytest.raises(CommandError, match=match):
        run_import(path)
    assert nothing_written()


def test_a_truncated_export_is_refused_before_anything_is_written(export):
    data = export.read_bytes()
    export.write_bytes(data[: len(data) * 2 // 3])
    refused(export, r"ends before the export does \(line \d+, column \d+\): the file was cut")


def test_malformed_xml_names_the_line(export):
    export.write_text(
        export.read_text().replace("<wp:post_id>105</wp:post_id>", "<wp:post_id>105</wp:post_ide>")
    )
    refused(export, r"is not well-formed XML \(mismatched tag, line \d+")


def test_an_undeclared_plugin_prefix_is_explained(export):
    export.write_text(
        export.read_text().replace("<description>News</description>", "<seo:x>1</seo:x>")
    )
    refused(export, "uses a namespace prefix it never declares")


def test_unknown_declared_namespaces_are_ignored(export, uploads):
    text = (
        export.read_text()
        .replace(
            'xmlns:yoast="http://yoast.com/export/1.0/"',
            'xmlns:yoast="http://yoast.com/export/1.0/" xmlns:acf="https://acf.example/1"',
        )
        .replace(
            "<wp:post_id>101</wp:post_id>",
            "<acf:field><acf:v>x</acf:v></acf:field><wp:post_id>101</wp:post_id>",
        )
    )
    export.write_text(text)
    run_import(export, "--media-dir", str(uploads))
    assert Article.objects.filter(slug="council-weighs-market-plan").exists()


def test_windows_1252_bytes_in_a_utf8_export_are_read_and_reported(export, uploads):
    data = export.read_bytes().replace("Naïve façade".encode(), "Naïve façade".encode("cp1252"))
    export.write_bytes(data.replace(b"Half written.", b"Half written.\x0b"))
    result = run_import(export, "--media-dir", str(uploads))
    assert "Naïve façade" in Article.objects.get(slug="cafe-uber-alles").body
    assert "2 bytes were read as Windows-1252 and 1 control characters" in result.out


def test_an_export_in_another_declared_encoding_is_read(export, uploads):
    text = export.read_text().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    export.write_bytes(
        text.replace("“quoted”", "quoted").replace("—", "-").encode("latin-1", "replace")
    )
    run_import(export, "--media-dir", str(uploads))
    assert Article.objects.get(slug="cafe-uber-alles").headline == "Café über alles - quoted"


def test_a_utf16_export_is_read(export, uploads):
    text = export.read_text().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    export.write_bytes(text.encode("utf-16"))  # with its byte order mark
    run_import(export, "--media-dir", str(uploads))
    assert Article.objects.get(slug="cafe-uber-alles").headline == "Café über alles — “quoted”"


def test_an_unknown_encoding_is_refused(export):
    export.write_text(export.read_text().replace('encoding="UTF-8"', 'encoding="x-klingon"'))
    refused(export, "“x-klingon”, an encoding Python does not know")


def test_entities_and_doctypes_are_refused(export):
    bomb = '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<rss'
    export.write_text(export.read_text().replace("<rss", bomb, 1))
    refused(export, "declares a DTD or entities")


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "is empty"),
        ("<html><body>Not an export</body></html>", "not a WordPress export"),
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title><item>'
         "<title>x</title></item></channel></rss>", "an RSS feed, not a WordPress export"),
    ],
)  # fmt: skip
def test_what_is_not_an_export_is_refused(tmp_path, content, message):
    path = tmp_path / "not.xml"
    path.write_text(content)
    refused(path, message)


def test_a_missing_file_is_refused_clearly(tmp_path):
    refused(tmp_path / "nowhere.xml", "cannot be opened")


def peak_while_reading(path):
    tracemalloc.start()
    items = sum(1 for event, _ in wxr.read_export(path) if event == "item")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return items, peak


def test_the_export_is_streamed_never_held_whole(tmp_path):
    small = write_export(tmp_path / "small.xml", posts=200, cases=False)
    large = write_export(tmp_path / "large.xml", posts=4000, cases=False)
    assert large.stat().st_size > 15 * small.stat().st_size
    (small_items, small_peak), (large_items, large_peak) = map(peak_while_reading, (small, large))
    assert (small_items, large_items) == (200, 4000)
    # Twenty times the posts, about the same memory: one item at a time.
    assert large_peak < 2 * small_peak + 200_000
    assert large_peak < large.stat().st_size / 4
