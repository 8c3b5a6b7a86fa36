import pytest
from django.template import Context, Template

from media_gallery.models import Photo
from media_gallery.renditions import generate_renditions
from media_gallery.templatetags.pictures import rendition
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


def test_picture_markup_offers_formats_in_order_with_a_jpeg_fallback(settings):
    settings.NEWSROOM_AVIF = True
    photo = make_photo(1400, 1000, alt_text='Smoke over "Homs" <at dawn>')
    generate_renditions(photo)
    html = render(photo, "lead")
    assert html.startswith('<picture><source type="image/avif"')
    assert html.index('type="image/avif"') < html.index('type="image/webp"') < html.index("<img ")
    w960 = rendition(photo, "w960")
    assert f'<img src="{w960.url}"' in html
    assert 'width="1280" height="914"' in html  # the largest JPEG width offered
    assert 'alt="Smoke over &quot;Homs&quot; &lt;at dawn&gt;"' in html
    assert 'fetchpriority="high"' in html and 'loading="eager"' in html


def test_promo_role_offers_only_small_widths_and_loads_lazily():
    photo = make_photo(2400, 1600)
    generate_renditions(photo)
    html = render(photo, "promo")
    assert " 320w" in html and " 640w" in html and " 960w" not in html
    assert 'loading="lazy"' in html and "fetchpriority" not in html


def test_the_social_card_is_the_stored_1200_by_630_crop_and_nothing_before_it_is_made():
    photo = make_photo(1600, 900)
    template = Template("{% load pictures %}{% social_image photo as card %}{{ card.url }}")
    assert template.render(Context({"photo": photo})) == ""
    generate_renditions(photo)
    photo = Photo.objects.get(pk=photo.pk)
    social = rendition(photo, "social")
    assert (social.width, social.height) == (1200, 630)
    assert template.render(Context({"photo": photo})) == social.url


def test_prefetched_pictures_render_without_a_query_each(django_assert_num_queries):
    for seed in range(4):
        generate_renditions(make_photo(700, 500, seed=seed))
    photos = list(Photo.objects.prefetch_related("renditions"))
    template = Template(
        "{% load pictures %}{% for photo in photos %}{% picture photo 'card' %}"
        "{% social_image photo as card %}{{ card.url }}{% endfor %}"
    )
    with django_assert_num_queries(0):
        html = template.render(Context({"photos": photos}))
    assert html.count("<picture>") == 4
