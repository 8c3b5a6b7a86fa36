"""The demo newsroom: the seed story as published, its gallery, timeline and desk; loading it
again changes nothing; what is published went through the publishing services; the logins'
passwords are kept and printed. And the benchmark corpus, published the same way."""

import datetime
import io
import itertools
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from PIL import Image, ImageChops, ImageFilter, ImageStat

from articles.demo import builder, content
from articles.demo.builder import DemoNewsroom
from articles.demo.corpus_photos import pool_photo_headline
from articles.demo.images import demo_jpeg
from articles.models import (
    Article,
    Credit,
    LiveCoverage,
    LivePost,
    LivePostCorrection,
    Person,
    RelatedItem,
    Section,
    Timeline,
    TimelineEvent,
)
from fronts.models import Front, Placement, Zone
from media_gallery.models import Gallery, GalleryPhoto, Photo, Rendition
from media_gallery.renditions import generate_renditions
from publishing.models import Revision, Status, Transition
from publishing.revisions import revisions_of
from publishing.services import transitions_of
from tests.factories import make_photo

pytestmark = pytest.mark.django_db

SEED_TIME_UTC = datetime.datetime(2012, 12, 26, 17, 39, tzinfo=datetime.UTC)
MODELS = [
    User,
    Section,
    Person,
    Article,
    Credit,
    RelatedItem,
    Photo,
    Rendition,
    Gallery,
    GalleryPhoto,
    Timeline,
    TimelineEvent,
    Transition,
    Revision,
    LiveCoverage,
    LivePost,
    LivePostCorrection,
    Front,
    Zone,
    Placement,
]


@pytest.fixture
def demo_settings(settings, tmp_path, monkeypatch):
    settings.NEWSROOM_DEMO_PASSWORDS_FILE = tmp_path / "demo-passwords"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("NEWSROOM_DEMO_PASSWORD", raising=False)
    return settings


def snapshot():
    """Every demo row's count, and each versioned row's version and save time."""
    state = {model.__name__: model.objects.count() for model in MODELS}
    for model in (Article, Gallery, Timeline, Photo, Front):
        state[f"{model.__name__} versions"] = sorted(
            model.objects.values_list("pk", "version", "updated_at")
        )
    state["passwords"] = sorted(User.objects.values_list("username", "password"))
    return state


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_builds_the_seed_story_and_a_second_run_changes_nothing(demo_settings, client):
    first_output = load_demo()
    first = snapshot()
    second_output = load_demo()
    assert snapshot() == first
    assert "Created this run: nothing" in second_output
    assert "articles 3" in first_output and "photos 1" in first_output

    story = Article.objects.for_detail().get(slug="syrian-general-defects")
    assert story.headline == (
        "Syrian general defects, saying others in the government want to follow"
    )
    assert story.deck == (
        "Maj. Gen. Abdul-Aziz Jassem al-Shallal says many senior officials want to leave but "
        "are too closely watched"
    )
    assert story.byline == "By Babak Dehghanpisheh"
    assert story.contributors_line == (
        "Ahmed Ramadan and Suzan Haidamous contributed to this report."
    )
    assert story.dateline == "BEIRUT" and story.article_type == "news"
    assert story.status == Status.PUBLISHED and story.published_at == SEED_TIME_UTC
    assert story.get_absolute_url() == "/2012/12/26/syrian-general-defects/"
    assert str(story.section) == "World › Middle East"

    paragraphs = re.findall(r"<p>(.*?)</p>", story.body)
    assert len(paragraphs) == 9
    assert paragraphs[0].startswith("The spokesman for the Syrian Foreign Ministry, Jihad Makdissi")
    assert paragraphs[3] == (
        "“Many figures of high rank in the government want to defect, but the situation is "
        "not allowing them to,” he said."
    )
    assert paragraphs[-1].endswith(
        "one of the Syrian government’s staunchest backers, on Saturday."
    )

    lead = story.lead_photo
    assert lead.caption == (
        "In this image made from video broadcast on Al Arabiya TV on Dec. 25, 2012, Syrian Maj. "
        "Gen. Abdul-Aziz Jassem al-Shallal makes remarks saying he is joining “the people’s "
        "revolution.”"
    )
    assert lead.credit == "Al Arabiya TV via AP" and lead.alt_text

    promos = list(story.related_items.all())
    assert [(p.kind, p.display_label) for p in promos] == [
        ("gallery", "Gallery"),
        ("timeline", "Graphic"),
        ("article", "Related"),
    ]
    gallery, timeline, related = (p.target for p in promos)
    assert related.headline == "Syrian airstrikes continue"
    assert related.deck == (
        "The Syrian military continues its aerial bombardment, inflicting deadly results on "
        "civilians."
    )
    assert related in Article.objects.published()

    assert (
        gallery.headline == "The destruction of Aleppo" and gallery.slug == "destruction-of-aleppo"
    )
    assert gallery in Gallery.objects.published()
    items = list(gallery.items.select_related("photo"))
    assert len(items) >= 8
    for item in items:
        assert item.caption and item.photo.alt_text
        assert "demo illustration" in item.photo.credit.lower()

    assert timeline in Timeline.objects.published()
    assert timeline.deck == (
        "Major events in the country’s tumultuous uprising that began in March 2011."
    )
    events = list(timeline.events.all())
    assert len(events) == 18
    assert events[0].display_date == "March 2011"
    assert events[-1].display_date == "Dec. 25, 2012" and events[-1].article == story
    months = [e.display_date for e in events if e.precision == TimelineEvent.Precision.MONTH]
    assert months == ["March 2011", "February 2012", "July 2012", "December 2012"]
    assert [e.date for e in events] == sorted(e.date for e in events)

    # The seed story leads the front page: every other story is older.
    assert Article.objects.published().first() == story
    fillers = Article.objects.exclude(pk__in=[story.pk, related.pk]).exclude(article_type="live")
    assert 28 <= fillers.count() <= 35
    assert fillers.filter(status=Status.DRAFT).exists()
    assert not fillers.filter(published_at__gte=SEED_TIME_UTC).exists()
    assert (
        fillers.filter(published_at__gte=SEED_TIME_UTC - datetime.timedelta(weeks=5)).count()
        == fillers.exclude(published_at=None).count()
    )
    assert Article.objects.values("section").distinct().count() >= 6
    assert story.tags.filter(name="Syria").exists()

    # The curated front page, published as of the seed story, leads with it and places the
    # gallery and the timeline; readers see it.
    front = Front.objects.current()
    assert front is not None and front.published_at == SEED_TIME_UTC
    assert "Demo front page: the defection" in first_output
    placed = {(p.zone_key, p.target) for p in front.placements.all()}
    assert {("lead", story), ("galleries", gallery), ("timelines", timeline)} <= placed
    page = client.get("/").content.decode()
    lead = re.search(r'<article class="lead-story".*?</article>', page, re.S).group(0)
    assert story.headline in lead
    assert gallery.headline in page and f"Timeline: {timeline.headline}" in page

    # Every photo is stored with its size (at least 2000 px wide) and has its renditions.
    for photo in Photo.objects.all():
        assert photo.width >= 2000 and photo.height >= 1000
        with photo.image.open("rb") as handle:
            assert Image.open(handle).size == (photo.width, photo.height)
        assert photo.renditions.filter(spec="w1280", format="webp").exists()


def history(item):
    """An item's status changes, oldest first: (from, to, by whom)."""
    return [(t.from_status, t.to_status, t.by) for t in reversed(transitions_of(item))]


def test_demo_content_reaches_its_status_through_the_publishing_services(
    demo_settings, monkeypatch
):
    # Small pictures: this test is about rows and their history, not 2000-pixel renditions.
    monkeypatch.setattr(builder, "demo_jpeg", lambda scene, seed: demo_jpeg(scene, seed, width=480))
    load_demo()
    editor = User.objects.get(username="editor")
    reporter = User.objects.get(username="reporter")

    published = [
        *Article.objects.filter(status=Status.PUBLISHED),
        *Gallery.objects.all(),
        *Timeline.objects.all(),
    ]
    assert len(published) == 32  # the 31 of wave 1, and the live story
    for item in published:
        assert history(item) == [(Status.DRAFT, Status.PUBLISHED, editor)], item
        kept = list(revisions_of(item).order_by("version"))
        assert [revision.version for revision in kept] == [1, 2] and item.version == 2, item
        assert kept[0].summary == "Created" and kept[1].summary.startswith("Published")
        assert kept[1].created_by == editor

    ready = Article.objects.get(status=Status.READY)
    assert history(ready) == [(Status.DRAFT, Status.READY, reporter)]
    drafts = Article.objects.filter(status=Status.DRAFT)
    assert drafts.count() == 2
    for draft in drafts:
        assert history(draft) == [] and revisions_of(draft).count() == 1

    # The first revision is kept once everything that belongs to the item is in.
    story = Article.objects.get(slug="syrian-general-defects")
    created = revisions_of(story).get(version=1).content
    assert len(created["children"]["credits"]) == 3
    assert len(created["children"]["related_items"]) == 3
    assert "Syria" in created["tags"]
    timeline = revisions_of(Timeline.objects.get()).get(version=1).content
    assert len(timeline["children"]["events"]) == 18

    changes, revisions = Transition.objects.count(), Revision.objects.count()
    assert "Created this run: nothing" in load_demo()
    assert (Transition.objects.count(), Revision.objects.count()) == (changes, revisions)


def test_demo_has_an_ended_live_story_of_the_demo_day(demo_settings, monkeypatch, client):
    monkeypatch.setattr(builder, "demo_jpeg", lambda scene, seed: demo_jpeg(scene, seed, width=480))
    load_demo()
    story = Article.objects.select_related("live").get(slug="syria-live-dec-26")
    assert story.article_type == "live" and story.live.has_ended
    assert not Article.objects.live_now().exists()
    posts = LivePost.objects.visible().filter(story=story)
    assert 14 <= posts.count() <= 16
    assert posts.filter(is_pinned=True).count() == 1
    assert posts.filter(is_key_event=True).count() == 3
    assert LivePostCorrection.objects.filter(post__story=story).count() == 1
    assert posts.filter(body__contains='data-element="photo"').count() == 1
    assert posts.filter(body__contains='data-element="embed"').count() == 1
    assert {p.user for p in Person.objects.filter(live_posts__story=story)} >= {None}
    # The seed story still leads the front page.
    assert Article.objects.published().first().slug == "syrian-general-defects"
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Live coverage ended" in html and "Read our full story" in html


def load_bench_corpus():
    call_command(
        "load_bench_corpus",
        *("--articles", "30", "--photos", "4", "--batch-size", "20"),
        stdout=io.StringIO(),
    )


def test_bench_corpus_is_published_through_the_service_and_a_second_run_adds_nothing():
    # The photo pool is ready, with renditions: the command would otherwise make them in
    # other processes, which cannot see this test's transaction.
    for number in range(1, 5):
        generate_renditions(make_photo(400, 300, headline=pool_photo_headline(number)))

    load_bench_corpus()
    corpus = Article.objects.filter(slug__regex=r"-b[0-9]+$")
    assert corpus.count() == 30
    for article in corpus:
        assert article.status == Status.PUBLISHED and article.published_at < SEED_TIME_UTC
        assert history(article) == [(Status.DRAFT, Status.PUBLISHED, None)]
        revision = revisions_of(article).get()
        assert revision.version == article.version == 1
        assert revision.content["children"]["credits"] and revision.content["tags"]

    # Without the demo, a stand-in seed story (in the demo's words) and its promos.
    story = Article.objects.get(slug="syrian-general-defects")
    assert story.body == builder.paragraphs_html(content.seed_story()["body"])
    assert story.published_at == SEED_TIME_UTC
    promoted = [promo.target for promo in story.related_items.all()]
    for item in [story, *promoted]:
        assert history(item) == [(Status.DRAFT, Status.PUBLISHED, None)], item
        assert item in type(item).objects.published()

    before = snapshot()
    load_bench_corpus()
    assert snapshot() == before


def demo_photo_specs():
    """(key, scene, seed) of every photo the demo draws."""
    photos = [
        content.seed_story()["lead_photo"],
        *(story["lead_photo"] for story in content.stories() if "lead_photo" in story),
        content.timeline()["cover_photo"],
        *content.gallery()["photos"],
    ]
    return [(photo["key"], photo["scene"], photo["picture_seed"]) for photo in photos]


def test_demo_pictures_are_large_distinct_and_not_blank():
    thumbnails = {}
    for key, scene, picture_seed in demo_photo_specs():
        image = Image.open(io.BytesIO(demo_jpeg(scene, picture_seed)))
        assert image.format == "JPEG" and image.width >= 2000, key
        small = image.convert("L").resize((240, 160))
        # Not blank: light and dark across the picture, and shapes (a bare gradient has
        # almost no edges: about 4 on this scale).
        assert ImageStat.Stat(small).stddev[0] > 10, key
        assert ImageStat.Stat(small.filter(ImageFilter.FIND_EDGES)).mean[0] > 5, key
        thumbnails[key] = small.resize((48, 32))
    for (key_a, a), (key_b, b) in itertools.combinations(thumbnails.items(), 2):
        difference = ImageStat.Stat(ImageChops.difference(a, b)).mean[0]
        assert difference > 8, f"{key_a} and {key_b} look alike"


def test_demo_logins_one_per_role_with_profiles_and_stored_passwords(demo_settings, client):
    DemoNewsroom().load_users()
    groups = {u.username: list(u.groups.values_list("name", flat=True)) for u in User.objects.all()}
    assert groups == {
        "admin": [],
        "editor": ["Editors"],
        "reporter": ["Reporters"],
        "photodesk": ["Photo desk"],
    }
    assert User.objects.get(username="admin").is_superuser
    assert all(User.objects.values_list("is_staff", flat=True))

    stored = demo_settings.NEWSROOM_DEMO_PASSWORDS_FILE
    assert oct(stored.stat().st_mode & 0o777) == "0o600"
    passwords = dict(
        line.split(" ", 1) for line in stored.read_text().splitlines() if not line.startswith("#")
    )
    assert set(passwords) == {"admin", "editor", "reporter", "photodesk"}
    assert client.login(username="reporter", password=passwords["reporter"])

    out = io.StringIO()
    call_command("demo_logins", "--base-url", "http://127.0.0.1:8201", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8201/admin/" in printed
    for username, password in passwords.items():
        assert re.search(rf"{username}\s+{re.escape(password)}", printed)

    # A fresh database reuses the kept passwords rather than inventing new ones.
    User.objects.all().delete()
    DemoNewsroom().load_users()
    assert client.login(username="editor", password=passwords["editor"])


def test_demo_people_are_linked_to_the_logins(demo_settings):
    demo = DemoNewsroom()
    demo.load_users()
    demo.load_sections()
    demo.load_people()
    assert Person.objects.get(user__username="editor").name == "Claire Moreau"
    assert Person.objects.get(user__username="reporter").name == "Sam Okafor"
    assert Person.objects.get(user__username="photodesk").name == "Lena Park"
    assert Person.objects.get(slug="associated-press").is_organisation
    assert Section.objects.get(slug="middle-east").parent.slug == "world"


def test_demo_password_from_the_environment_is_used_and_not_written(demo_settings, monkeypatch):
    monkeypatch.setenv("NEWSROOM_DEMO_PASSWORD", "a-shared-demo-password")
    DemoNewsroom().load_users()
    assert User.objects.get(username="photodesk").check_password("a-shared-demo-password")
    assert not demo_settings.NEWSROOM_DEMO_PASSWORDS_FILE.exists()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "a-shared-demo-password" in out.getvalue()
    assert "NEWSROOM_DEMO_PASSWORD" in out.getvalue()
