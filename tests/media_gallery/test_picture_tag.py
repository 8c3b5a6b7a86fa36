import pytest
from django.template import Context, Template

from media_gallery.renditions import generate_renditions
from tests.factories import make_photo

pytestmark = pytest.mark.django_db


def render(photo, role="lead"):
    return Template("{% load pictures %}{% picture photo role %}").render(
        Context({"photo": photo, "role": role})
    )


def test_photo_without_renditions_is_shown_from_master_with_its_size():
    photo = make_photo(1000, 700, alt_text="A street in Aleppo")
    html = render(photo)
    assert photo.image.url in html and 'width="1000"' in html and 'height="700"' in html
    assert 'alt="A street in Aleppo"' in html


def test_picture_offers_webp_and_jpeg_srcset_never_upscaled():
    photo = make_photo(1000, 700)
    generate_renditions(photo)
    html = render(photo)
    assert 'type="image/webp"' in html
    assert " 320w" in html and " 640w" in html and " 960w" in html
    assert "1280w" not in html  # the master is 1000 wide: no upscaling
