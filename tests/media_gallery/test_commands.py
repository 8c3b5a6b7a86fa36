"""`manage.py regenerate_renditions` and `manage.py bench_images`."""

import io
import re
import time

import pytest
from django.core.management import CommandError, call_command

from media_gallery.management.commands import bench_images
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


def bench(monkeypatch=None, slow_down=None):
    """Run bench_images on a small picture; `slow_down` ("pipeline" or "naive") makes that
    way really slower, by a pause around each of its runs."""
    if slow_down:
        name = {"pipeline": "render_set", "naive": "naive_render_set"}[slow_down]
        function = getattr(bench_images, name)

        def slowed(*args):
            time.sleep(0.3)
            return function(*args)

        monkeypatch.setattr(bench_images, name, slowed)
    out, _ = run("bench_images", "--width", "600", "--height", "400", "--repeat", "1")
    return out


RATIO = re.compile(
    r"the pipeline is (?:(?P<factor>\d+\.\d)× (?P<direction>faster|slower) than|as fast as) "
    r"the naive way"
)


def test_bench_images_prints_both_times_and_a_ratio_that_matches_them():
    out = bench()
    assert "pipeline  best" in out and "naive     best" in out
    pipeline, naive = (float(s) for s in re.findall(r"best (\d+\.\d+) s", out)[:2])
    ratio = RATIO.search(out.split("Ratio: ", 1)[1])
    assert ratio, out
    if ratio["direction"] == "faster":
        assert pipeline <= naive
    elif ratio["direction"] == "slower":
        assert pipeline >= naive


@pytest.mark.parametrize(("slow_down", "word"), [("pipeline", "slower"), ("naive", "faster")])
def test_bench_images_says_slower_when_slower_and_faster_when_faster(monkeypatch, slow_down, word):
    out = bench(monkeypatch, slow_down)
    ratios = [line for line in out.splitlines() if "ratio: " in line.lower()]
    assert len(ratios) == 2  # with encoding, and without
    for line in ratios:
        assert f"× {word} than the naive way" in line, out
        assert {"slower": "faster", "faster": "slower"}[word] not in line


@pytest.mark.parametrize(
    ("pipeline", "naive", "sentence"),
    [
        (1.22, 4.64, "the pipeline is 3.8× faster than the naive way"),
        (2.6, 2.0, "the pipeline is 1.3× slower than the naive way"),
        (4.64, 1.22, "the pipeline is 3.8× slower than the naive way"),
        (2.0, 2.06, "the pipeline is as fast as the naive way (less than 5% apart)"),
        (2.06, 2.0, "the pipeline is as fast as the naive way (less than 5% apart)"),
        (1.0, 1.0, "the pipeline is as fast as the naive way (less than 5% apart)"),
        (1.0, 1.06, "the pipeline is 1.1× faster than the naive way"),
    ],
)
def test_bench_ratio_says_which_way_won(pipeline, naive, sentence):
    assert bench_images.comparison(pipeline, naive) == sentence
