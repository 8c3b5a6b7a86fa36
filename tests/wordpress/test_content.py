"""The content conversion on its own: markup the generated export does not hold."""

import pytest

from articles.body import clean_body, read_body
from wordpress.content import Converter
from wordpress.media import url_key


class Library:
    """Attachment 12 is photo 7; every gallery is gallery 3."""

    def photo(self, attachment_id, url):
        return 7 if attachment_id == 12 or url_key(url) == "2020/01/photo.jpg" else None

    def gallery(self, attachment_ids):
        return 3

    def attached_to(self, post_id):
        return [12]


def body(content):
    converter = Converter(Library(), 1)
    return read_body(clean_body(converter.convert(content))), converter.notes


@pytest.mark.parametrize(
    "url",
    [
        "https://old.example.com/wp-content/uploads/2020/01/photo-1024x683.jpg",
        "https://old.example.com/wp-content/uploads/2020/01/photo-scaled.jpg",
        "https://example.files.wordpress.com/2020/01/photo.jpg?w=640",
        "/wp-content/uploads/2020/01/Photo.jpg",
    ],
)
def test_any_copy_of_an_upload_names_the_attachment(url):
    assert url_key(url) == "2020/01/photo.jpg"


def test_a_caption_given_as_an_attribute_and_an_old_style_caption():
    blocks, _ = body(
        '[caption id="attachment_12" caption="Said in the attribute"]<img src="x.jpg">[/caption]'
    )
    assert (blocks[0].kind, blocks[0].photo_id, blocks[0].caption) == (
        "photo", 7, "Said in the attribute")  # fmt: skip


def test_a_players_iframe_becomes_an_embed_and_other_frames_a_link_card():
    blocks, notes = body(
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>\n\n'
        '<iframe src="https://maps.example.org/x"></iframe>'
    )
    assert [b.kind for b in blocks] == ["embed", "embed"]
    assert blocks[0].found.provider == "YouTube"
    assert notes["embed of an unknown provider, a link card"] == 1


def test_a_table_over_the_limits_is_kept_as_text():
    rows = "".join(f"<tr><td>row {n}</td><td>{n}</td></tr>" for n in range(60))
    blocks, notes = body(f"<table>{rows}</table>")
    assert all(b.kind == "text" for b in blocks) and "row 59 · 59" in blocks[-1].html
    assert notes["table over the body's limits, kept as text"] == 1


def test_javascript_addresses_never_become_links_or_embeds():
    blocks, notes = body(
        '<p><a href="javascript:alert(1)">click</a></p>\n\n[embed]javascript:alert(2)[/embed]'
    )
    html = "".join(b.to_html() for b in blocks)
    assert "javascript:alert(1)" not in html and "href" not in html
    assert notes["embed without a web address, kept as text"] == 1


def test_brackets_that_are_not_shortcodes_stay_as_written():
    blocks, notes = body("He said [sic] it was [1] the best.")
    assert blocks[0].html == "<p>He said [sic] it was [1] the best.</p>"
    assert not notes


def test_group_and_column_blocks_are_read_for_what_they_hold():
    blocks, notes = body(
        '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column --><div>'
        "<!-- wp:paragraph --><p>Left</p><!-- /wp:paragraph --></div><!-- /wp:column -->"
        '<!-- wp:column --><div><!-- wp:image {"id":12} --><figure><img src="y.jpg"/></figure>'
        "<!-- /wp:image --></div><!-- /wp:column --></div><!-- /wp:columns -->"
    )
    assert [b.kind for b in blocks] == ["text", "photo"]
    assert not notes
