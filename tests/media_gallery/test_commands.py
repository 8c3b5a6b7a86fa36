"""`manage.py regenerate_renditions` and `manage.py bench_images`."""

import io

import pytest
from django.core.management import CommandError, call_command

from media_gallery.renditions import generate_renditions
from tests.factories import make_gallery, make_photo

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_regenerate_all_shows_progress_and_makes_new_files():
    photos = [make_photo(700, 500, seed=n) for n in range(3)]
    generate_renditions(photos[0])
    before = set(photos[0].renditions.values_list("file", flat=True))
    out, _err = run("regenerate_renditions")
    assert "[1/3] photo" in out and "[3/3] photo" in out
    assert "3 of 3 photo(s) done" in out
    for photo in photos:
        assert photo.renditions.count() == 14
    assert not before & set(photos[0].renditions.values_list("file", flat=True))


def test_regenerate_some_by_id_or_by_gallery_or_only_the_missing():
    done, missing, other = (make_photo(700, 500, seed=n) for n in range(3))
    generate_renditions(done)
    out, _ = run("regenerate_renditions", "--missing")
    assert "[2/2]" in out and f"photo {done.pk}:" not in out
    assert missing.renditions.count() == 14

    out, _ = run("regenerate_renditions", str(other.pk))
    assert f"[1/1] photo {other.pk}: 14 files" in out

    gallery = make_gallery(photos=[missing])
    out, _ = run("regenerate_renditions", "--gallery", gallery.slug)
    assert f"[1/1] photo {missing.pk}" in out


def test_regenerate_refuses_an_unknown_id():
    with pytest.raises(CommandError, match="No photo with id 999999"):
        run("regenerate_renditions", "999999")


def test_bench_images_prints_both_times_and_the_ratio():
    out, _ = run("bench_images", "--width", "1500", "--height", "1000", "--repeat", "1")
    assert "pipeline  best" in out and "naive     best" in out
    assert "Ratio: the pipeline is" in out and "× faster than the naive way" in out
