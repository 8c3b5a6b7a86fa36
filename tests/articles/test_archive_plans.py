"""Every query the reader pages and the desk's article list run reads the articles table by an
index, never by a sequential scan: checked with EXPLAIN on a corpus of a few thousand stories
after VACUUM ANALYZE, so a missing index fails here rather than on a newspaper's front page."""

import random
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Credit, Person, Section
from publishing.models import Status
from tests.factories import make_user
from tests.staff import client_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(settings.DATABASE_VENDOR != "postgresql", reason="PostgreSQL plans"),
]

STORIES = 4000
WORDS = "council budget harbour museum transit school river election court farm".split()


@pytest.fixture
def archive():
    """4,000 published stories (and a few drafts) over three years in busy and sparse sections,
    with bylines, tags, and words to search for; then VACUUM ANALYZE, as a live database has."""
    world = Section.objects.create(name="World", slug="world", order=0)
    children = [
        Section.objects.create(name=name, slug=name.lower(), parent=world, order=n)
        for n, name in enumerate(["Europe", "Asia"])
    ]
    business = Section.objects.create(name="Business", slug="business", order=1)
    opinion = Section.objects.create(name="Opinion", slug="opinion", order=2)
    busy = [world, *children, business]
    people = Person.objects.bulk_create(
        Person(name=f"Writer {n}", slug=f"writer-{n}") for n in range(40)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"Topic {n}", slug=f"topic-{n}") for n in range(20))
    rnd = random.Random(16)
    now = timezone.now()
    stories = []
    for n in range(STORIES):
        words = " ".join(rnd.choice(WORDS) for _ in range(60))
        headline = f"Story {n} about the {rnd.choice(WORDS)}"
        if n % 15 == 0:
            headline += " and water rates"
        if n in (7, 1500, 3999):
            headline += " zeppelin"
        stories.append(
            Article(
                headline=headline,
                slug=f"story-{n}",
                deck=f"Deck of story {n}.",
                body=f"<p>{words}</p>",
                body_text=words,
                section=opinion if n in (10, 2000, 3500) else busy[n % len(busy)],
                status=Status.DRAFT if n % 200 == 0 else Status.PUBLISHED,
                published_at=now - timedelta(minutes=rnd.randrange(60, 3 * 365 * 24 * 60)),
            )
        )
    stories = Article.objects.bulk_create(stories, batch_size=1000)
    Credit.objects.bulk_create(
        Credit(article=story, person=person, order=order)
        for story in stories
        for order, person in enumerate(rnd.sample(people, rnd.randint(1, 2)))
    )
    article_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=article_type, object_id=story.pk, tag=tag)
        for story in stories
        for tag in rnd.sample(tags, rnd.randint(1, 3))
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    cache.clear()
    return {"people": people, "tags": tags}


def article_scans(plan):
    """The plan nodes that read the articles table: (node type, index name or None)."""
    found = []
    if plan.get("Relation Name") == "articles_article":
        found.append((plan["Node Type"], plan.get("Index Name")))
    for child in plan.get("Plans", []):
        found += article_scans(child)
    return found


def plans_of(client, paths):
    """For each path, every query it ran that reads the articles table, with how it reads it."""
    results = {}
    for path in paths:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip(" (").upper().startswith("SELECT") or "articles_article" not in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
            scans = article_scans(plan[0]["Plan"])
            if scans:
                results.setdefault(path, []).append((scans, sql))
    return results


def explained(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def assert_no_sequential_scans(results):
    seq = [
        (path, sql)
        for path, found in results.items()
        for scans, sql in found
        if any(node == "Seq Scan" for node, _ in scans)
    ]
    assert not seq, "Sequential scans of the articles table:\n" + "\n\n".join(
        f"{path}: {sql[:300]}\n{explained(sql)}" for path, sql in seq
    )
    for path, found in results.items():
        for scans, _ in found:
            assert all(
                node in ("Index Scan", "Index Only Scan", "Bitmap Heap Scan") for node, _ in scans
            ), (path, scans)


def test_reader_pages_read_stories_by_index(client, archive):
    person, tag = archive["people"][0], archive["tags"][0]
    paths = [
        "/",
        "/world/",
        "/world/?page=50",
        "/world/?page=2",
        "/world/europe/",
        "/opinion/",
        f"/people/{person.slug}/",
        f"/tags/{tag.slug}/",
        "/search/?q=water+rates",
        "/search/?q=zeppelin",
        "/feeds/latest/",
        "/feeds/sections/world/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/corrections/",
    ]
    results = plans_of(client, paths)
    # Each listing and the front page did read stories (the check above is not vacuous).
    assert {"/", "/world/", "/opinion/", "/search/?q=water+rates", "/sitemap-articles.xml"} <= set(
        results
    )
    assert_no_sequential_scans(results)


def test_desk_article_list_filters_and_search_read_stories_by_index(archive):
    client = client_for(make_user("chief", superuser=True))
    section = Section.objects.get(slug="opinion")
    base = "/admin/articles/article/"
    paths = [
        base,
        f"{base}?p=3",
        f"{base}?section__id__exact={section.pk}",
        f"{base}?author={archive['people'][1].pk}",
        f"{base}?status__exact=draft",
        f"{base}?q=zeppelin",
        f"{base}?q=water",
        f"{base}?q=Writer+17",
    ]
    results = plans_of(client, paths)
    assert set(paths) <= set(results)
    assert_no_sequential_scans(results)
